/* omnibus sources add|list|remove|import|export: the source registry. */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/url.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "feed/feed.h"
#include "fetch/fetch.h"
#include "sources/discover.h"
#include "sources/sources.h"

static const size_t max_sources_file = 32u * 1024 * 1024;

static void usage(FILE *out)
{
    fprintf(out, "usage: omnibus sources add FEED_URL [--name N] [--site URL] [--lang xx]\n"
                 "                           [--country XX] [--kind K] [--owner O] [--stance S]\n"
                 "                           [--full-text] [--allow-private] [--no-check]\n"
                 "       omnibus sources edit ID|FEED_URL [--name N] [--feed URL] [--site URL]\n"
                 "                           [--lang xx] [--country XX] [--kind K] [--owner O]\n"
                 "                           [--stance S] [--full-text 0|1] [--enabled 0|1]\n"
                 "       omnibus sources enable|disable ID|FEED_URL\n"
                 "       omnibus sources list [--json]\n"
                 "       omnibus sources remove ID|FEED_URL\n"
                 "       omnibus sources import FILE   (OPML 2.0 or a JSON sources file)\n"
                 "       omnibus sources export [--json] (OPML by default)\n\n"
                 "add looks at the URL first: a site's page (https://example.com/) becomes\n"
                 "the feed it links (<link rel=\"alternate\">) or one at a common path, and\n"
                 "the feed's title names the source; several feeds are listed to choose\n"
                 "from. --no-check adds the URL as given without fetching it. disable keeps\n"
                 "a source and its articles but stops fetching it.\n"
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

/* What looking at a URL given as a feed found. */
enum looked { LOOKED_FEED, LOOKED_PAGE, LOOKED_UNREACHABLE };

/* Fetches url once: a feed (its title into *title when wanted), a page (its
 * body kept in *res), or neither (why in res->errmsg). */
static enum looked look_at(const char *url, bool allow_private, struct fetch_result *res,
                           char **title)
{
    struct fetch_config cfg;
    fetch_config_default(&cfg);
    cfg.timeout_s = 15;
    fetch_one(&cfg, &(struct fetch_request){.url = url, .allow_private = allow_private}, res);
    if (res->err || res->status < 200 || res->status >= 300 || !res->body)
        return LOOKED_UNREACHABLE;
    struct feed feed;
    struct errbuf why = {{0}};
    enum err err = feed_parse(res->body, res->body_len, res->final_url ? res->final_url : url,
                              res->content_type, &feed, &why);
    if (!err && title && feed.title && *feed.title)
        *title = xstrdup(feed.title);
    feed_clear(&feed);
    return err ? LOOKED_PAGE : LOOKED_FEED;
}

/* Turns the URL a person gave into a feed's: a feed stays as it is; a site's
 * page becomes the feed it links (<link rel="alternate">), or the feed at a
 * common path. Several linked feeds are listed and refused (the person picks
 * one). A URL that cannot be reached now is kept as given, with a warning:
 * sources may be added offline. Returns EXIT_OK with *feed_url, *site_url and
 * *title (new strings or NULL) filled, or an exit status after a message. */
static int find_feed(const char *given, bool allow_private, char **feed_url, char **site_url,
                     char **title)
{
    struct fetch_result res = {0};
    enum looked looked = look_at(given, allow_private, &res, title);
    int rc = EXIT_OK;
    if (looked == LOOKED_UNREACHABLE) {
        fprintf(stderr, "omnibus sources add: could not check %s now (%s); added as given\n",
                given, res.errmsg[0] ? res.errmsg : "no answer");
        *feed_url = xstrdup(given);
    } else if (looked == LOOKED_FEED) {
        *feed_url = xstrdup(given);
    } else {
        const char *page = res.final_url ? res.final_url : given;
        struct feed_link_list links;
        sources_discover_links(res.body, res.body_len, page, &links);
        if (links.len == 1) {
            *feed_url = xstrdup(links.items[0].url);
        } else if (links.len > 1) {
            fprintf(stderr, "omnibus sources add: %s links %zu feeds; add the one you want:\n",
                    given, links.len);
            for (size_t i = 0; i < links.len; i++)
                fprintf(stderr, "  omnibus sources add %s%s%s%s\n", links.items[i].url,
                        links.items[i].title ? "   # " : "",
                        links.items[i].title ? links.items[i].title : "", "");
            rc = EXIT_FAIL;
        } else {
            char **paths = sources_common_feed_urls(page);
            for (size_t i = 0; paths[i]; i++) {
                struct fetch_result probe = {0};
                if (!*feed_url &&
                    look_at(paths[i], allow_private, &probe, NULL) == LOOKED_FEED)
                    *feed_url = xstrdup(paths[i]);
                fetch_result_clear(&probe);
                free(paths[i]);
            }
            free(paths);
            if (!*feed_url) {
                fprintf(stderr,
                        "omnibus sources add: %s is a web page that links no feed, and none "
                        "of its common feed paths (/feed, /rss.xml, /atom.xml ...) is one\n",
                        given);
                rc = EXIT_FAIL;
            }
        }
        if (*feed_url) {
            *site_url = xstrdup(page);
            fprintf(stderr, "omnibus sources add: %s is a web page; its feed is %s\n", given,
                    *feed_url);
            /* The name comes from the feed itself, not from the page. */
            free(*title);
            *title = NULL;
            struct fetch_result again = {0};
            look_at(*feed_url, allow_private, &again, title);
            fetch_result_clear(&again);
        }
        feed_link_list_clear(&links);
    }
    fetch_result_clear(&res);
    return rc;
}

static int add(struct store *st, int argc, char **argv)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},    {"site", required_argument, NULL, 's'},
        {"lang", required_argument, NULL, 'l'},    {"country", required_argument, NULL, 'c'},
        {"kind", required_argument, NULL, 'k'},    {"owner", required_argument, NULL, 'o'},
        {"stance", required_argument, NULL, 't'},  {"full-text", no_argument, NULL, 'f'},
        {"allow-private", no_argument, NULL, 'p'}, {"no-check", no_argument, NULL, 'N'},
        {NULL, 0, NULL, 0},
    };
    struct source s = {.enabled = true, .kind = "news"};
    bool check = true;
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
        case 'N':
            check = false;
            break;
        default:
            cli_usage_error("sources", usage);
            return EXIT_USAGE;
        }
    }
    if (optind == argc || cli_unexpected_argument("sources add", argc, argv, optind + 1)) {
        cli_usage_error("sources", usage);
        return EXIT_USAGE;
    }
    s.feed_url = argv[optind];
    char *host = NULL, *found = NULL, *site = NULL, *title = NULL;
    struct errbuf eb = {{0}};
    /* What can be refused without the network is refused first. */
    struct source given = s;
    if (!given.name)
        given.name = "(unnamed)";
    enum err err = source_validate(&given, &eb);
    if (err) {
        cli_error("sources add", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    if (check) {
        int rc = find_feed(s.feed_url, s.allow_private, &found, &site, &title);
        if (rc)
            return rc;
        s.feed_url = found;
        if (!s.site_url)
            s.site_url = site;
        if (!s.name)
            s.name = title;
    }
    if (!s.name)
        s.name = host = url_is_http(s.feed_url) ? url_host(s.feed_url) : NULL;
    int64_t id;
    err = source_validate(&s, &eb);
    if (!err)
        err = store_source_add(st, &s, &id, &eb);
    if (err)
        cli_error("sources add", "%s", err_msg(&eb, err));
    else
        printf("added source %lld: %s (%s)\n", (long long)id, s.name, s.feed_url);
    free(host);
    free(found);
    free(site);
    free(title);
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

/* The source named by its id or its feed URL, into *out. */
static enum err find_source(struct store *st, const char *what, struct source *out,
                            struct errbuf *eb)
{
    char *end;
    long long id = strtoll(what, &end, 10);
    if (*end || end == what)
        return store_source_find(st, what, out, eb);
    return store_source_get(st, id, out, eb);
}

/* "0"/"1" (also "no"/"yes", "false"/"true") into *out. */
static bool flag_value(const char *name, const char *v, bool *out)
{
    if (!strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "true")) {
        *out = true;
        return true;
    }
    if (!strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, "false")) {
        *out = false;
        return true;
    }
    cli_error("sources edit", "--%s takes 0 or 1, not \"%s\"", name, v);
    return false;
}

static void replace_field(char **field, const char *value)
{
    free(*field);
    *field = *value ? xstrdup(value) : NULL; /* "" clears an optional field */
}

/* sources edit ID [--field value ...]: only the fields named change. */
static int edit(struct store *st, int argc, char **argv)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},   {"site", required_argument, NULL, 's'},
        {"feed", required_argument, NULL, 'F'},   {"lang", required_argument, NULL, 'l'},
        {"country", required_argument, NULL, 'c'}, {"kind", required_argument, NULL, 'k'},
        {"owner", required_argument, NULL, 'o'},  {"stance", required_argument, NULL, 't'},
        {"full-text", required_argument, NULL, 'f'}, {"enabled", required_argument, NULL, 'e'},
        {NULL, 0, NULL, 0},
    };
    /* The source first: options apply to it as they are read. */
    int at = 1;
    while (at < argc && argv[at][0] == '-')
        at += argv[at][1] == '-' && !strchr(argv[at], '=') ? 2 : 1;
    if (at >= argc) {
        cli_error("sources edit", "name the source: its id or feed URL");
        cli_usage_error("sources", usage);
        return EXIT_USAGE;
    }
    struct source s;
    struct errbuf eb = {{0}};
    enum err err = find_source(st, argv[at], &s, &eb);
    if (err) {
        cli_error("sources edit", "%s", err_msg(&eb, err));
        source_clear(&s);
        return EXIT_FAIL;
    }
    int c, changed = 0, rc = EXIT_OK;
    optind = 1;
    while (rc == EXIT_OK && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        changed++;
        switch (c) {
        case 'n':
            replace_field(&s.name, optarg);
            break;
        case 's':
            replace_field(&s.site_url, optarg);
            break;
        case 'F':
            replace_field(&s.feed_url, optarg);
            break;
        case 'l':
            replace_field(&s.lang, lower_in_place(optarg));
            break;
        case 'c':
            replace_field(&s.country, upper_in_place(optarg));
            break;
        case 'k':
            replace_field(&s.kind, optarg);
            break;
        case 'o':
            replace_field(&s.owner, optarg);
            break;
        case 't':
            replace_field(&s.stance, optarg);
            break;
        case 'f':
            rc = flag_value("full-text", optarg, &s.full_text) ? EXIT_OK : EXIT_USAGE;
            break;
        case 'e':
            rc = flag_value("enabled", optarg, &s.enabled) ? EXIT_OK : EXIT_USAGE;
            break;
        default:
            cli_usage_error("sources", usage);
            rc = EXIT_USAGE;
        }
    }
    if (rc == EXIT_OK && cli_unexpected_argument("sources edit", argc, argv, optind + 1))
        rc = EXIT_USAGE;
    if (rc == EXIT_OK && !changed) {
        cli_error("sources edit", "say what to change (--name, --lang, --enabled 0 ...)");
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK) {
        err = source_validate(&s, &eb);
        if (!err)
            err = store_source_update(st, &s, &eb);
        if (err) {
            cli_error("sources edit", "%s", err_msg(&eb, err));
            rc = EXIT_FAIL;
        } else {
            printf("source %lld: %s (%s)%s\n", (long long)s.id, s.name, s.feed_url,
                   s.enabled ? "" : ", disabled");
        }
    }
    source_clear(&s);
    return rc;
}

/* sources enable|disable ID */
static int set_enabled(struct store *st, const char *what, bool enabled)
{
    struct source s;
    struct errbuf eb = {{0}};
    enum err err = find_source(st, what, &s, &eb);
    if (!err && s.enabled != enabled) {
        s.enabled = enabled;
        err = store_source_update(st, &s, &eb);
    }
    if (err)
        cli_error(enabled ? "sources enable" : "sources disable", "%s", err_msg(&eb, err));
    else
        printf("source %lld: %s %s\n", (long long)s.id, s.name,
               enabled ? "enabled" : "disabled: kept, not fetched");
    source_clear(&s);
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
        strcmp(sub, "import") && strcmp(sub, "export") && strcmp(sub, "edit") &&
        strcmp(sub, "enable") && strcmp(sub, "disable")) {
        cli_error("sources", "unknown subcommand '%s'", sub);
        cli_usage_error("sources", usage);
        return EXIT_USAGE;
    }
    /* list and export take only --json; remove and import one argument. */
    bool takes_one = !strcmp(sub, "remove") || !strcmp(sub, "import") ||
                     !strcmp(sub, "enable") || !strcmp(sub, "disable");
    if (strcmp(sub, "add") && strcmp(sub, "edit") &&
        cli_unexpected_argument("sources", argc, argv, takes_one || json ? 3 : 2)) {
        cli_usage_error("sources", usage);
        return EXIT_USAGE;
    }
    st = cli_open_store(cli_default_dsn());
    if (!st)
        return EXIT_FAIL;
    if (!strcmp(sub, "add"))
        rc = add(st, argc - 1, argv + 1);
    else if (!strcmp(sub, "list"))
        rc = list(st, json);
    else if (!strcmp(sub, "edit"))
        rc = edit(st, argc - 1, argv + 1);
    else if ((!strcmp(sub, "enable") || !strcmp(sub, "disable")) && argc == 3)
        rc = set_enabled(st, argv[2], !strcmp(sub, "enable"));
    else if (!strcmp(sub, "remove") && argc == 3)
        rc = remove_source(st, argv[2]);
    else if (!strcmp(sub, "import") && argc == 3)
        rc = import(st, argv[2]);
    else if (!strcmp(sub, "export"))
        rc = export(st, json);
    else
        cli_usage_error("sources", usage);
    store_close(st);
    return rc;
}
