/* omnibus: a self-hosted news roundup engine. This file only takes the global
 * options and dispatches to the subcommands in src/cli/. */
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/xalloc.h"
#include "cli/cli.h"

static const struct command commands[] = {
    {"init", "create or upgrade the database, optionally importing sources", cmd_init},
    {"sources", "add, edit, list, remove, import and export news sources", cmd_sources},
    {"fetch", "fetch due feeds once and store new articles", cmd_fetch},
    {"run", "the daemon: fetch, process and serve until stopped (--role ...)", cmd_run},
    {"feed", "parse a feed file and print it as JSON (feed parse FILE)", cmd_feed},
    {"migrate", "copy everything into a new database (migrate --from DSN --to DSN)", cmd_migrate},
    {"backup", "copy a SQLite database while it is in use (backup FILE)", cmd_backup},
    {"serve", "serve the site, its feeds and the JSON API over HTTP", cmd_serve},
    {"token", "create an admin token for the JSON API (token create)", cmd_token},
    {"text", "analyse a text file: language, sentences, quotes, names (text FILE)", cmd_text},
    {"search", "full-text search of the stored articles (search QUERY)", cmd_search},
    {"extract", "extract the article of an HTML page (FILE or URL) as JSON", cmd_extract},
    {"roundup", "show a story's roundup (roundup ID, or --articles ID,...)", cmd_roundup},
    {"kb", "import Wikipedia/Wikidata dumps, look up names, link entities", cmd_kb},
    {"demo", "the offline demo: sample outlets ingested and served (demo [--listen ADDR])",
     cmd_demo},
    {"cluster", "group stored articles into stories (or --eval FILE: score it)", cmd_cluster},
    {"stories", "list the stories (--since DATE, --json)", cmd_stories},
    {"story", "show a story and its articles (story ID)", cmd_story},
    {"stats", "table sizes, work queues and the oldest unfinished work (--json)", cmd_stats},
    {"prune", "drop old articles' bodies, keeping what roundups show (--keep-bodies DAYS)",
     cmd_prune},
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

static void usage(FILE *out)
{
    fprintf(out, "usage: omnibus [GLOBAL OPTIONS] COMMAND [ARGS]\n\n"
                 "omnibus reads many outlets' feeds, finds the stories they share and\n"
                 "publishes one attributed roundup page per story.\n\ncommands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\nglobal options (before or after the command):\n"
            "  --db DSN            the database: sqlite:PATH, PATH or postgres://...\n"
            "                      (default: $OMNIBUS_DB, else sqlite:omnibus.db)\n"
            "  --home-country CC   the site's home (default: $OMNIBUS_HOME_COUNTRY, else SE):\n"
            "                      its readers are told when no outlet from there covers\n"
            "                      a story\n"
            "  --log-format F      text (default) or json, one object a line\n"
            "  --quiet, -q         only warnings and errors\n"
            "  --verbose, -v       debug messages too ($OMNIBUS_LOG=debug|info|warn|error)\n"
            "  --version           print the version and exit\n"
            "  --help, -h          this text; `omnibus help COMMAND` or\n"
            "                      `omnibus COMMAND --help` tells more about a command\n");
}

/* Edit distance between a and b (both short), for "did you mean". */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 32 || lb > 32)
        return 99;
    size_t row[33];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (!strcmp(name, commands[i].name))
            return &commands[i];
    return NULL;
}

static int unknown_command(const char *name)
{
    const char *best = NULL;
    size_t best_d = 3; /* farther than two edits is no longer a typo */
    for (size_t i = 0; i < N_COMMANDS; i++) {
        size_t d = edit_distance(name, commands[i].name);
        if (d < best_d) {
            best_d = d;
            best = commands[i].name;
        }
    }
    if (best)
        fprintf(stderr, "omnibus: unknown command '%s'; did you mean '%s'?\n", name, best);
    else
        fprintf(stderr, "omnibus: unknown command '%s'; `omnibus --help` lists the commands\n",
                name);
    return EXIT_USAGE;
}

/* Takes the global options out of argv wherever they stand (before or after
 * the command, up to a "--"), so each command sees only its own. Returns
 * EXIT_OK, or EXIT_USAGE after saying what was wrong. */
static int take_global_options(int *argc, char **argv)
{
    int kept = 1;
    bool past_terminator = false;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        const char *value = NULL;
        bool has_value = false;
        if (past_terminator) {
            argv[kept++] = argv[i];
            continue;
        }
        if (!strcmp(a, "--")) {
            past_terminator = true;
            argv[kept++] = argv[i];
            continue;
        }
        const char *name = NULL;
        if (!strncmp(a, "--db", 4) && (a[4] == '=' || !a[4]))
            name = "db";
        else if (!strncmp(a, "--log-format", 12) && (a[12] == '=' || !a[12]))
            name = "log-format";
        else if (!strncmp(a, "--home-country", 14) && (a[14] == '=' || !a[14]))
            name = "home-country";
        if (name) {
            const char *eq = strchr(a, '=');
            if (eq) {
                value = eq + 1;
                has_value = true;
            } else if (i + 1 < *argc) {
                value = argv[++i];
                has_value = true;
            }
            if (!has_value || !*value) {
                fprintf(stderr, "omnibus: --%s needs a value%s\n", name,
                        !strcmp(name, "db")             ? " (sqlite:PATH, PATH or postgres://...)"
                        : !strcmp(name, "home-country") ? " (a country code: SE, GB ...)"
                                                        : " (text or json)");
                return EXIT_USAGE;
            }
            if (!strcmp(name, "db")) {
                setenv("OMNIBUS_DB", value, 1);
            } else if (!strcmp(name, "home-country")) {
                setenv("OMNIBUS_HOME_COUNTRY", value, 1);
            } else if (!strcmp(value, "json") || !strcmp(value, "text")) {
                log_set_format(!strcmp(value, "json") ? LOG_FORMAT_JSON : LOG_FORMAT_TEXT);
            } else {
                fprintf(stderr, "omnibus: --log-format is text or json, not '%s'\n", value);
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            log_set_level(LOG_WARN);
        } else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
            log_set_level(LOG_DEBUG);
        } else {
            argv[kept++] = argv[i];
        }
    }
    argv[kept] = NULL;
    *argc = kept;
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    xmlInitParser();
    int rc = take_global_options(&argc, argv);
    if (rc)
        return rc;
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *first = argv[1];
    if (!strcmp(first, "-h") || !strcmp(first, "--help") || !strcmp(first, "help")) {
        if (!strcmp(first, "help") && argc >= 3) {
            /* `omnibus help COMMAND` is `omnibus COMMAND --help`. */
            const struct command *cmd = find_command(argv[2]);
            if (!cmd)
                return unknown_command(argv[2]);
            char *help_argv[] = {(char *)cmd->name, "--help", NULL};
            return cmd->run(2, help_argv);
        }
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(first, "--version")) {
        printf("omnibus %s\n", OMNIBUS_VERSION);
        return EXIT_OK;
    }
    if (first[0] == '-') {
        fprintf(stderr, "omnibus: unknown option '%s' before the command\n", first);
        fprintf(stderr, "usage: omnibus [GLOBAL OPTIONS] COMMAND [ARGS] (omnibus --help)\n");
        return EXIT_USAGE;
    }
    const struct command *cmd = find_command(first);
    if (!cmd)
        return unknown_command(first);
    /* getopt names the program in its messages: "omnibus fetch: unrecognized option". */
    char *name = xasprintf("omnibus %s", cmd->name);
    argv[1] = name;
    rc = cmd->run(argc - 1, argv + 1);
    free(name);
    return rc;
}
