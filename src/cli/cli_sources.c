/* omnibus sources add|list|remove|import|export: the source registry. */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/url.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "sources/sources.h"

static const size_t max_sources_file = 32u * 1024 * 1024;

static void usage(FILE *out)
{
    fprintf(out, "usage: omnibus sources add FEED_URL [--name N] [--site URL] [--lang xx]\n"
                 "                           [--country XX] [--kind K] [--owner O] [--stance S]\n"
                 "                           [--full-text] [--allow-private]\n"
                 "       omnibus sources list [--json]\n"
                 "       omnibus sources remove ID|FEED_URL\n"
                 "       omnibus sources import FILE   (OPML 2.0 or a JSON sources file)\n"
                 "       omnibus sources export [--json] (OPML by default)\n\n"
                 "kinds: news, analysis, opinion, wire, public-service. --stance is the\n"
                 "editorial stance the outlet declares, e.g. \"oberoende liberal\".\n");
}

static char *lower_in_place(char *s)
{
    for (char *p = s; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return s;
}

static char *upper_in_place(char *s)
{
    for (char *p = s; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return s;
}

static int add(struct store *st, int argc, char **argv)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},    {"site", required_argument, NULL, 's'},
        {"lang", required_argument, NULL, 'l'},    {"country", required_argument, NULL, 'c'},
        {"kind", required_argument, NULL, 'k'},    {"owner", required_argument, NULL, 'o'},
        {"stance", required_argument, NULL, 't'},  {"full-text", no_argument, NULL, 'f'},
        {"allow-private", no_argument, NULL, 'p'}, {NULL, 0, NULL, 0},
    };
    struct source s = {.enabled = true, .kind = "news"};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            s.name = optarg;
            break;
        case 's':
            s.site_url = optarg;
            break;
        case 'l':
            s.lang = lower_in_place(optarg);
            break;
        case 'c':
            s.country = upper_in_place(optarg);
            break;
        case 'k':
            s.kind = optarg;
            break;
        case 'o':
            s.owner = optarg;
            break;
        case 't':
            s.stance = optarg;
            break;
        case 'f':
            s.full_text = true;
            break;
        case 'p':
            s.allow_private = true;
            break;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind == argc || cli_unexpected_argument("sources add", argc, argv, optind + 1)) {
        usage(stderr);
        return EXIT_USAGE;
    }
    s.feed_url = argv[optind];
    char *host = NULL;
    if (!s.name)
        s.name = host = url_is_http(s.feed_url) ? url_host(s.feed_url) : NULL;
    struct errbuf eb = {{0}};
    int64_t id;
    enum err err = source_validate(&s, &eb);
    if (!err)
        err = store_source_add(st, &s, &id, &eb);
    if (err)
        cli_error("sources add", "%s", err_msg(&eb, err));
    else
        printf("added source %lld: %s\n", (long long)id, s.name);
    free(host);
    return err ? EXIT_FAIL : EXIT_OK;
}

static int list(struct store *st, bool json)
{
    struct source_list l;
    struct errbuf eb = {{0}};
    enum err err = store_source_list(st, &l, &eb);
    if (err) {
        cli_error("sources list", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    if (json) {
        struct buf b;
        buf_init(&b, BUF_UNLIMITED);
        err = sources_to_json(&l, &b);
        if (!err)
            puts(buf_cstr(&b));
        buf_clear(&b);
    } else {
        for (size_t i = 0; i < l.len; i++) {
            const struct source *s = &l.items[i];
            struct fetch_state fs;
            bool have = store_fetch_state_get(st, s->id, &fs, NULL) == ERR_OK;
            printf("%4lld  %-28s %-2s %-2s %-14s %s%s\n", (long long)s->id, s->name,
                   s->lang ? s->lang : "-", s->country ? s->country : "-", s->kind ? s->kind : "-",
                   s->feed_url, s->enabled ? "" : " (disabled)");
            if (have && fs.last_error)
                printf("      last error: %s (%d failures in a row)\n", fs.last_error,
                       fs.consecutive_failures);
            if (have)
                fetch_state_clear(&fs);
        }
    }
    source_list_clear(&l);
    return err ? EXIT_FAIL : EXIT_OK;
}

static int remove_source(struct store *st, const char *what)
{
    struct errbuf eb = {{0}};
    char *end;
    long long id = strtoll(what, &end, 10);
    enum err err = ERR_OK;
    if (*end || end == what) {
        struct source s;
        err = store_source_find(st, what, &s, &eb);
        id = s.id;
        source_clear(&s);
    }
    if (!err)
        err = store_source_remove(st, id, &eb);
    if (err) {
        cli_error("sources remove", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    printf("removed source %lld\n", id);
    return EXIT_OK;
}

static char *read_all(const char *path, size_t *len, struct errbuf *eb, enum err *err)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        *err = errf(eb, ERR_IO, "cannot open %s", path);
        return NULL;
    }
    struct buf b;
    buf_init(&b, max_sources_file);
    char chunk[65536];
    size_t n;
    *err = ERR_OK;
    while (!*err && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        *err = buf_append(&b, chunk, n);
    if (f != stdin)
        fclose(f);
    if (*err) {
        errf(eb, *err, "%s is larger than %zu bytes", path, max_sources_file);
        buf_clear(&b);
        return NULL;
    }
    *len = b.len;
    return buf_steal(&b);
}

static int import(struct store *st, const char *path)
{
    struct errbuf eb = {{0}};
    enum err err;
    size_t len, skipped;
    char *data = read_all(path, &len, &eb, &err);
    if (!data) {
        cli_error("sources import", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    struct source_list l;
    err = sources_parse(data, len, path, &l, &skipped, &eb);
    free(data);
    if (err) {
        cli_error("sources import", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    if (skipped)
        cli_error("sources import", "skipped %zu invalid entries; first: %s", skipped, eb.msg);
    size_t added = 0, existing = 0, failed = 0;
    for (size_t i = 0; i < l.len; i++) {
        int64_t id;
        struct errbuf one = {{0}};
        err = store_source_add(st, &l.items[i], &id, &one);
        if (err == ERR_EXISTS)
            existing++;
        else if (err) {
            failed++;
            cli_error("sources import", "%s", err_msg(&one, err));
        } else
            added++;
    }
    source_list_clear(&l);
    printf("imported %zu sources from %s (%zu already present, %zu skipped, %zu failed)\n", added,
           path, existing, skipped, failed);
    return failed ? EXIT_FAIL : EXIT_OK;
}

static int export(struct store *st, bool json)
{
    struct source_list l;
    struct errbuf eb = {{0}};
    enum err err = store_source_list(st, &l, &eb);
    if (err) {
        cli_error("sources export", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    err = json ? sources_to_json(&l, &b) : sources_to_opml(&l, &b);
    if (!err)
        fwrite(b.data, 1, b.len, stdout);
    buf_clear(&b);
    source_list_clear(&l);
    return err ? EXIT_FAIL : EXIT_OK;
}

int cmd_sources(int argc, char **argv)
{
    if (argc < 2 || cli_wants_help(argc, argv)) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    const char *sub = argv[1];
    bool json = argc >= 3 && !strcmp(argv[2], "--json");
    struct store *st = NULL;
    int rc = EXIT_USAGE;
    if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "remove") &&
        strcmp(sub, "import") && strcmp(sub, "export")) {
        cli_error("sources", "unknown subcommand '%s'", sub);
        usage(stderr);
        return EXIT_USAGE;
    }
    /* list and export take only --json; remove and import one argument. */
    bool takes_one = !strcmp(sub, "remove") || !strcmp(sub, "import");
    if (strcmp(sub, "add") &&
        cli_unexpected_argument("sources", argc, argv, takes_one || json ? 3 : 2)) {
        usage(stderr);
        return EXIT_USAGE;
    }
    st = cli_open_store(cli_default_dsn());
    if (!st)
        return EXIT_FAIL;
    if (!strcmp(sub, "add"))
        rc = add(st, argc - 1, argv + 1);
    else if (!strcmp(sub, "list"))
        rc = list(st, json);
    else if (!strcmp(sub, "remove") && argc == 3)
        rc = remove_source(st, argv[2]);
    else if (!strcmp(sub, "import") && argc == 3)
        rc = import(st, argv[2]);
    else if (!strcmp(sub, "export"))
        rc = export(st, json);
    else
        usage(stderr);
    store_close(st);
    return rc;
}
