/* omnibus extract FILE|URL... [--url BASE] [--content-type TYPE]: the article
 * of a page as JSON. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "base/url.h"
#include "cli/cli.h"
#include "extract/extract.h"
#include "fetch/fetch.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: omnibus extract FILE|URL... [--url BASE] [--content-type TYPE]\n\n"
                 "Extracts the article from an HTML page and prints it as JSON: title, byline,\n"
                 "date, lang, site_name, excerpt, text, html and image {url, caption, credit}.\n"
                 "A URL is fetched (public addresses only). --url is the page's address for a\n"
                 "file (relative links resolve against it); --content-type is the HTTP header\n"
                 "whose charset counts. Given several pages, prints one JSON object per line,\n"
                 "each with its \"file\".\n");
}

/* Extracts one page (a file or a URL) into *json. */
static enum err extract_one(const char *arg, const char *base, const char *ctype,
                            const struct extract_options *opts, json_t **json, struct errbuf *eb)
{
    struct extract_result r;
    enum err err;
    if (url_is_http(arg)) {
        struct fetch_config cfg;
        fetch_config_default(&cfg);
        cfg.max_body = opts->max_input;
        struct fetch_request req = {.url = arg};
        struct fetch_result res;
        fetch_one(&cfg, &req, &res);
        if (res.err)
            err = errf(eb, res.err, "%s", res.errmsg[0] ? res.errmsg : err_name(res.err));
        else if (res.status >= 400 || !res.body)
            err = errf(eb, ERR_HTTP, "HTTP status %d", res.status);
        else
            err = extract_article(res.body, res.body_len,
                                  base            ? base
                                  : res.final_url ? res.final_url
                                                  : arg,
                                  ctype ? ctype : res.content_type, opts, &r, eb);
        fetch_result_clear(&res);
    } else {
        size_t len;
        char *data;
        err = cli_read_file(arg, opts->max_input, &data, &len, eb);
        if (err)
            return err;
        err = extract_article(data, len, base, ctype, opts, &r, eb);
        free(data);
    }
    if (err)
        return err;
    *json = extract_result_to_json(&r);
    extract_result_clear(&r);
    return *json ? ERR_OK : errf(eb, ERR_INVALID, "the result is not valid UTF-8");
}

int cmd_extract(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return EXIT_OK;
    }
    static const struct option opts[] = {
        {"url", required_argument, NULL, 'u'},
        {"content-type", required_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    const char *base = NULL, *ctype = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "u:t:", opts, NULL)) != -1) {
        if (c == 'u')
            base = optarg;
        else if (c == 't')
            ctype = optarg;
        else {
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    struct extract_options eo;
    extract_options_default(&eo);
    bool several = argc - optind > 1;
    int status = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        struct errbuf eb = {{0}};
        json_t *json = NULL;
        enum err err = extract_one(argv[i], base, ctype, &eo, &json, &eb);
        if (err) {
            cli_error("extract", "%s: %s", argv[i], err_msg(&eb, err));
            status = EXIT_FAIL;
            continue;
        }
        if (several)
            json_object_set_new(json, "file", json_string(argv[i]));
        char *s = json_dumps(json, several ? JSON_COMPACT : JSON_INDENT(2));
        json_decref(json);
        if (s) {
            puts(s);
            free(s);
        }
    }
    return status;
}
