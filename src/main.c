/* omnibus: a self-hosted news roundup engine. This file only dispatches to the
 * subcommands in src/cli/. */
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const struct command commands[] = {
    {"init", "create or upgrade the database, optionally importing sources", cmd_init},
    {"sources", "add, list, remove, import and export news sources", cmd_sources},
    {"fetch", "fetch due feeds once and store new articles", cmd_fetch},
    {"run", "the daemon: fetch, process and serve until stopped (--role ...)", cmd_run},
    {"feed", "parse a feed file and print it as JSON (feed parse FILE)", cmd_feed},
    {"migrate", "copy everything into a new database (migrate --from DSN --to DSN)", cmd_migrate},
    {"serve", "serve the site, its feeds and the JSON API over HTTP", cmd_serve},
    {"token", "create an admin token for the JSON API (token create)", cmd_token},
    {"text", "analyse a text file: language, sentences, quotes, names (text FILE)", cmd_text},
    {"search", "full-text search of the stored articles (search QUERY)", cmd_search},
    {"extract", "extract the article of an HTML page (FILE or URL) as JSON", cmd_extract},
    {"roundup", "compose the roundup of a set of articles (roundup --articles ID,...)",
     cmd_roundup},
    {"kb", "import Wikipedia/Wikidata dumps, look up names, link entities", cmd_kb},
    {"demo", "the offline demo: sample outlets ingested and served (demo [--listen ADDR])",
     cmd_demo},
    {"cluster", "group stored articles into stories (or --eval FILE: score it)", cmd_cluster},
    {"stories", "list the stories (--since DATE, --json)", cmd_stories},
    {"story", "show a story and its articles (story ID)", cmd_story},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: omnibus [--db DSN] [--home-country CC] COMMAND [ARGS]\n\n"
                 "omnibus reads many outlets' feeds, finds the stories they share and\n"
                 "publishes one attributed roundup page per story.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\nThe database is --db sqlite:PATH | PATH | postgres://... (default: $OMNIBUS_DB,\n"
            "else sqlite:omnibus.db). --home-country (default: $OMNIBUS_HOME_COUNTRY, else SE)\n"
            "is the site's home: its readers are told when no outlet from there covers a\n"
            "story. `omnibus COMMAND --help` tells more.\n");
}

int main(int argc, char **argv)
{
    xmlInitParser();
    /* `omnibus --db DSN COMMAND` is the same as OMNIBUS_DB=DSN for that run,
     * and --home-country CC (the site's home, for roundups' coverage line) as
     * OMNIBUS_HOME_COUNTRY=CC. */
    for (bool more = true; more;) {
        more = false;
        if (argc >= 3 && !strcmp(argv[1], "--db")) {
            setenv("OMNIBUS_DB", argv[2], 1);
            argc -= 2;
            argv += 2;
            more = true;
        } else if (argc >= 3 && !strcmp(argv[1], "--home-country")) {
            setenv("OMNIBUS_HOME_COUNTRY", argv[2], 1);
            argc -= 2;
            argv += 2;
            more = true;
        } else if (argc >= 2 && !strncmp(argv[1], "--db=", 5)) {
            setenv("OMNIBUS_DB", argv[1] + 5, 1);
            argc--;
            argv++;
            more = true;
        }
    }
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("omnibus %s\n", OMNIBUS_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "omnibus: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
