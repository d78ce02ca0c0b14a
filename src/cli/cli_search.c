/* omnibus search QUERY: the stored articles that best match, title matches first. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: omnibus search QUERY... [--lang L] [--limit N] [--json]\n\n"
                 "Searches the titles and text of the stored articles. Every word must match,\n"
                 "in any inflection (\"regeringen\" finds \"Regeringens\"); articles whose title\n"
                 "matches come first. --lang L stems the query in L only (default: every\n"
                 "language); --limit N (default 20); --json prints JSON.\n");
}

int cmd_search(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return EXIT_OK;
    }
    static const struct option opts[] = {
        {"lang", required_argument, NULL, 'l'},
        {"limit", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    const char *lang = NULL;
    long limit = 20;
    bool json = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "l:n:j", opts, NULL)) != -1) {
        char *end;
        if (c == 'l') {
            lang = optarg;
        } else if (c == 'n') {
            limit = strtol(optarg, &end, 10);
            if (*end || limit < 1 || limit > 10000) {
                cli_error("search", "--limit wants a number from 1 to 10000");
                return EXIT_USAGE;
            }
        } else if (c == 'j') {
            json = true;
        } else {
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    struct buf query;
    buf_init(&query, 64 * 1024);
    enum err err = ERR_OK;
    for (int i = optind; i < argc && !err; i++)
        if (!(err = buf_puts(&query, argv[i])) && i + 1 < argc)
            err = buf_putc(&query, ' ');
    if (err) {
        cli_error("search", "the query is longer than 64 KiB");
        buf_clear(&query);
        return EXIT_USAGE;
    }
    struct store *st = cli_open_store(cli_default_dsn());
    if (!st) {
        buf_clear(&query);
        return EXIT_FAIL;
    }
    struct search_hits hits;
    struct errbuf eb = {{0}};
    err = store_search(st, buf_cstr(&query), lang, (size_t)limit, &hits, &eb);
    buf_clear(&query);
    int status = EXIT_OK;
    if (err) {
        cli_error("search", "%s", err_msg(&eb, err));
        status = err == ERR_INVALID ? EXIT_USAGE : EXIT_FAIL;
    } else if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < hits.len; i++) {
            const struct search_hit *h = &hits.items[i];
            json_array_append_new(arr, json_pack("{sI ss* ss* ss* sb sf sI}", "id",
                                                 (json_int_t)h->article_id, "title", h->title,
                                                 "url", h->url, "snippet", h->snippet,
                                                 "title_match", h->title_match, "score", h->score,
                                                 "published_at", (json_int_t)h->published_at));
        }
        if (json_dumpf(arr, stdout, JSON_COMPACT) || fputc('\n', stdout) == EOF)
            status = EXIT_FAIL;
        json_decref(arr);
    } else {
        for (size_t i = 0; i < hits.len; i++) {
            const struct search_hit *h = &hits.items[i];
            printf("%lld\t%s\n\t%s\n\t%s\n", (long long)h->article_id, h->title ? h->title : "",
                   h->url ? h->url : "", h->snippet ? h->snippet : "");
        }
        if (!hits.len)
            fprintf(stderr, "omnibus search: no matches\n");
    }
    search_hits_clear(&hits);
    store_close(st);
    return status;
}
