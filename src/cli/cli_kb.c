/* omnibus kb import|lookup|link: the knowledge base from the command line. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "kb/kb.h"

/* The largest text `kb link` reads. */
static const size_t max_link_file = 16u * 1024 * 1024;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: omnibus kb import [--lang L,L...] [--no-links] [--json] FILE...\n"
            "       omnibus kb lookup NAME|- [--lang L] [--limit N] [--json]\n"
            "       omnibus kb link FILE [--lang L]\n"
            "       omnibus kb link --article ID\n\n"
            "import  reads Wikimedia Enterprise NDJSON, MediaWiki pages-articles XML and\n"
            "        Wikidata JSON dumps (plain, .bz2 or .gz) into the knowledge base, in\n"
            "        one transaction; bad records are skipped and reported with their line.\n"
            "        --lang keeps only those languages; --no-links skips counting wiki\n"
            "        link texts (the prior) in XML dumps.\n"
            "lookup  lists the entities a name may stand for, best first. With -, looks up\n"
            "        each line of standard input and prints NAME, tab, the best QID (or -),\n"
            "        tab, its title.\n"
            "link    prints the entity mentions of a text file as JSON (byte offsets,\n"
            "        Wikidata IDs; NIL mentions have \"qid\": null). --article links a stored\n"
            "        article's title, summary and text and stores its mentions.\n"
            "Languages are ISO 639-1 codes; the default for lookup and link is en.\n");
}

/* Splits "en,sv" into a NULL-terminated array of strings in one allocation. */
static char **split_langs(const char *s, size_t *n)
{
    size_t count = 1;
    for (const char *p = s; *p; p++)
        count += *p == ',';
    char **out = xcalloc(count + 1, sizeof *out);
    char *copy = xstrdup(s);
    *n = 0;
    for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ","))
        out[(*n)++] = xstrdup(tok);
    free(copy);
    return out;
}

static void free_langs(char **langs)
{
    for (size_t i = 0; langs && langs[i]; i++)
        free(langs[i]);
    free(langs);
}

static void print_report(const struct kb_import_report *r, bool json)
{
    if (json) {
        json_t *skips = json_array();
        for (size_t i = 0; i < r->n_skips; i++)
            json_array_append_new(skips, json_string(r->skips[i]));
        json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:{s:I, s:I, s:I, s:I}}", "entities",
                              (json_int_t)r->entities, "redirects", (json_int_t)r->redirects,
                              "links", (json_int_t)r->links, "ignored", (json_int_t)r->ignored,
                              "skipped", (json_int_t)r->skipped, "skips", skips, "resolved",
                              "redirects", (json_int_t)r->resolved.redirects, "redirects_pending",
                              (json_int_t)r->resolved.redirects_pending, "link_aliases",
                              (json_int_t)r->resolved.anchors, "links_pending",
                              (json_int_t)r->resolved.anchors_pending);
        char *s = json_dumps(o, JSON_INDENT(2));
        puts(s);
        free(s);
        json_decref(o);
        return;
    }
    printf("imported %llu entities, %llu redirect pages, %llu wiki links; %llu records not "
           "articles; %llu skipped\n",
           (unsigned long long)r->entities, (unsigned long long)r->redirects,
           (unsigned long long)r->links, (unsigned long long)r->ignored,
           (unsigned long long)r->skipped);
    printf("redirects: %lld became aliases, %lld await their target; link texts: %lld "
           "aliases counted, %lld to pages not in the KB\n",
           (long long)r->resolved.redirects, (long long)r->resolved.redirects_pending,
           (long long)r->resolved.anchors, (long long)r->resolved.anchors_pending);
    for (size_t i = 0; i < r->n_skips; i++)
        printf("skipped: %s\n", r->skips[i]);
    if (r->skipped > r->n_skips)
        printf("skipped: %llu more not listed\n", (unsigned long long)(r->skipped - r->n_skips));
}

static int kb_import_cmd(int argc, char **argv)
{
    static const struct option opts[] = {{"lang", required_argument, NULL, 'l'},
                                         {"no-links", no_argument, NULL, 'n'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    struct kb_import_opts o = {.progress = true};
    char **langs = NULL;
    bool json = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "l:nj", opts, NULL)) != -1) {
        if (c == 'l') {
            free_langs(langs);
            langs = split_langs(optarg, &o.n_langs);
            o.langs = (const char *const *)langs;
        } else if (c == 'n') {
            o.no_links = true;
        } else if (c == 'j') {
            json = true;
        } else {
            free_langs(langs);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        free_langs(langs);
        usage(stderr);
        return EXIT_USAGE;
    }
    struct store *st = cli_open_store(cli_default_dsn());
    if (!st) {
        free_langs(langs);
        return EXIT_FAIL;
    }
    struct kb_import_report r;
    struct errbuf eb = {{0}};
    enum err err =
        kb_import(st, (const char *const *)argv + optind, (size_t)(argc - optind), &o, &r, &eb);
    if (err)
        cli_error("kb import", "%s (nothing was imported)", err_msg(&eb, err));
    else
        print_report(&r, json);
    kb_import_report_clear(&r);
    store_close(st);
    free_langs(langs);
    return err ? EXIT_FAIL : EXIT_OK;
}

/* Parses --lang, --limit and --json for lookup and link; returns the first
 * positional argument's index, or -1 after printing usage. */
struct common_opts {
    const char *lang;
    long limit;
    bool json;
    long long article;
};

static int parse_common(int argc, char **argv, struct common_opts *co)
{
    static const struct option opts[] = {{"lang", required_argument, NULL, 'l'},
                                         {"limit", required_argument, NULL, 'n'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"article", required_argument, NULL, 'a'},
                                         {NULL, 0, NULL, 0}};
    co->lang = "en";
    co->limit = 10;
    co->json = false;
    co->article = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "l:n:ja:", opts, NULL)) != -1) {
        char *end;
        if (c == 'l') {
            co->lang = optarg;
        } else if (c == 'n') {
            co->limit = strtol(optarg, &end, 10);
            if (*end || co->limit <= 0)
                c = '?';
        } else if (c == 'j') {
            co->json = true;
        } else if (c == 'a') {
            co->article = strtoll(optarg, &end, 10);
            if (*end || co->article <= 0)
                c = '?';
        }
        if (c == '?') {
            usage(stderr);
            return -1;
        }
    }
    return optind;
}

static json_t *match_json(const struct kb_match *m)
{
    json_t *o = json_object();
    json_object_set_new(o, "qid", m->qid ? json_string(m->qid) : json_null());
    json_object_set_new(o, "entity", json_integer(m->entity_id));
    json_object_set_new(o, "title", m->title ? json_string(m->title) : json_null());
    json_object_set_new(o, "lang", m->lang ? json_string(m->lang) : json_null());
    json_object_set_new(o, "description",
                        m->description ? json_string(m->description) : json_null());
    json_object_set_new(o, "extract", m->extract ? json_string(m->extract) : json_null());
    json_object_set_new(o, "url", m->url ? json_string(m->url) : json_null());
    json_object_set_new(o, "prior", json_real(m->prior));
    json_object_set_new(o, "disambiguation", json_boolean(m->kind == KB_KIND_DISAMBIGUATION));
    json_object_set_new(o, "links", json_integer(m->links));
    json_object_set_new(o, "popularity", json_integer(m->popularity));
    return o;
}

/* Looks up every line of standard input: the batch form of lookup. */
static int lookup_lines(struct store *st, const char *lang)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    enum err err = ERR_OK;
    while (!err && (n = getline(&line, &cap, stdin)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        struct kb_match_list l;
        struct errbuf eb = {{0}};
        err = kb_lookup(st, line, lang, 1, &l, &eb);
        if (err == ERR_INVALID) { /* a line with no letters names nothing */
            err = ERR_OK;
            l.len = 0;
            l.items = NULL;
        }
        if (err) {
            cli_error("kb lookup", "%s", err_msg(&eb, err));
            break;
        }
        const struct kb_match *m = l.len && l.items[0].prior > 0 ? &l.items[0] : NULL;
        printf("%s\t%s\t%s\n", line, m && m->qid ? m->qid : "-", m && m->title ? m->title : "");
        kb_match_list_clear(&l);
    }
    free(line);
    return err ? EXIT_FAIL : EXIT_OK;
}

static int kb_lookup_cmd(int argc, char **argv)
{
    struct common_opts co;
    int first = parse_common(argc, argv, &co);
    if (first < 0 || first == argc || cli_unexpected_argument("kb lookup", argc, argv, first + 1)) {
        if (first >= 0)
            usage(stderr);
        return EXIT_USAGE;
    }
    struct store *st = cli_open_store(cli_default_dsn());
    if (!st)
        return EXIT_FAIL;
    if (!strcmp(argv[first], "-")) {
        /* Many lookups: keep more of the alias index in memory. */
        struct errbuf eb = {{0}};
        enum err err = store_kb_cache_mb(st, 64, &eb);
        int status = err ? EXIT_FAIL : lookup_lines(st, co.lang);
        if (err)
            cli_error("kb lookup", "%s", err_msg(&eb, err));
        store_close(st);
        return status;
    }
    struct kb_match_list l;
    struct errbuf eb = {{0}};
    enum err err = kb_lookup(st, argv[first], co.lang, (size_t)co.limit, &l, &eb);
    if (err) {
        cli_error("kb lookup", "%s", err_msg(&eb, err));
    } else if (co.json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < l.len; i++)
            json_array_append_new(arr, match_json(&l.items[i]));
        char *s = json_dumps(arr, JSON_INDENT(2) | JSON_REAL_PRECISION(4));
        puts(s);
        free(s);
        json_decref(arr);
    } else {
        if (!l.len)
            printf("no entity is called \"%s\" in %s\n", argv[first], co.lang);
        for (size_t i = 0; i < l.len; i++) {
            const struct kb_match *m = &l.items[i];
            printf("%-10s %.3f  %s (%s)%s%s%s\n", m->qid ? m->qid : "-", m->prior,
                   m->title ? m->title : "?", m->lang ? m->lang : "?",
                   m->kind == KB_KIND_DISAMBIGUATION ? " [disambiguation]" : "",
                   m->description ? " - " : "", m->description ? m->description : "");
            if (m->extract)
                printf("           %.200s%s\n", m->extract, strlen(m->extract) > 200 ? "..." : "");
        }
    }
    kb_match_list_clear(&l);
    store_close(st);
    return err ? EXIT_FAIL : EXIT_OK;
}

static int link_article(struct store *st, struct kb_linker *lk, int64_t id)
{
    struct errbuf eb = {{0}};
    size_t n, linked;
    enum err err = kb_link_article(lk, st, id, &n, &linked, &eb);
    if (err)
        cli_error("kb link", "article %lld: %s", (long long)id, err_msg(&eb, err));
    else
        printf("article %lld: %zu mentions stored, %zu linked\n", (long long)id, n, linked);
    return err ? EXIT_FAIL : EXIT_OK;
}

static int kb_link_cmd(int argc, char **argv)
{
    struct common_opts co;
    int first = parse_common(argc, argv, &co);
    if (first < 0 || (!co.article && first == argc) ||
        cli_unexpected_argument("kb link", argc, argv, co.article ? first : first + 1)) {
        if (first >= 0)
            usage(stderr);
        return EXIT_USAGE;
    }
    struct errbuf eb = {{0}};
    enum err err = ERR_OK;
    size_t len = 0;
    char *text = NULL;
    if (!co.article && (err = cli_read_file(argv[first], max_link_file, &text, &len, &eb))) {
        cli_error("kb link", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    struct store *st = cli_open_store(cli_default_dsn());
    if (!st) {
        free(text);
        return EXIT_FAIL;
    }
    struct kb_linker *lk = NULL;
    int status = EXIT_OK;
    if ((err = kb_linker_new(st, &lk, &eb))) {
        cli_error("kb link", "%s", err_msg(&eb, err));
        status = EXIT_FAIL;
    } else if (co.article) {
        status = link_article(st, lk, co.article);
    } else {
        struct kb_link_opts o = {.lang = co.lang};
        struct kb_links l;
        if ((err = kb_link(lk, text, len, &o, &l, &eb))) {
            cli_error("kb link", "%s: %s", argv[first], err_msg(&eb, err));
            status = EXIT_FAIL;
        } else {
            struct buf out;
            buf_init(&out, BUF_UNLIMITED);
            if (!kb_links_json(&l, &out))
                puts(buf_cstr(&out));
            buf_clear(&out);
            kb_links_clear(&l);
        }
    }
    kb_linker_free(lk);
    store_close(st);
    free(text);
    return status;
}

int cmd_kb(int argc, char **argv)
{
    if (argc < 2 || (argc == 2 && cli_wants_help(argc, argv))) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "import"))
        return kb_import_cmd(argc - 1, argv + 1);
    if (!strcmp(argv[1], "lookup"))
        return kb_lookup_cmd(argc - 1, argv + 1);
    if (!strcmp(argv[1], "link"))
        return kb_link_cmd(argc - 1, argv + 1);
    cli_error("kb", "unknown subcommand '%s'", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
