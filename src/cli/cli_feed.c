/* omnibus feed parse FILE [--url BASE]: the feed parser on a file, as JSON. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "feed/feed.h"

static const size_t max_feed_file = 64u * 1024 * 1024;

static void usage(FILE *out)
{
    fprintf(out, "usage: omnibus feed parse FILE [--url BASE] [--content-type TYPE]\n\n"
                 "Parses an RSS, Atom or JSON Feed file and prints the normalised feed and\n"
                 "its items as JSON. --url resolves relative links; --content-type is the\n"
                 "HTTP header whose charset counts.\n");
}

int cmd_feed(int argc, char **argv)
{
    if (argc < 2 || cli_wants_help(argc, argv) || strcmp(argv[1], "parse")) {
        usage(argc < 2 || !cli_wants_help(argc, argv) ? stderr : stdout);
        return cli_wants_help(argc, argv) ? EXIT_OK : EXIT_USAGE;
    }
    static const struct option opts[] = {
        {"url", required_argument, NULL, 'u'},
        {"content-type", required_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    const char *base = NULL, *ctype = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "u:t:", opts, NULL)) != -1) {
        if (c == 'u')
            base = optarg;
        else if (c == 't')
            ctype = optarg;
        else {
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind + 1 >= argc || cli_unexpected_argument("feed parse", argc, argv, optind + 2)) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *path = argv[optind + 1];
    struct errbuf eb = {{0}};
    size_t len;
    char *data;
    enum err err = cli_read_file(path, max_feed_file, &data, &len, &eb);
    if (err) {
        cli_error("feed parse", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    struct feed feed;
    err = feed_parse(data, len, base, ctype, &feed, &eb);
    free(data);
    if (err) {
        cli_error("feed parse", "%s: %s", path, err_msg(&eb, err));
        feed_clear(&feed);
        return EXIT_FAIL;
    }
    struct buf out;
    buf_init(&out, BUF_UNLIMITED);
    err = feed_to_json(&feed, &out);
    feed_clear(&feed);
    if (!err) {
        fwrite(out.data, 1, out.len, stdout);
        fputc('\n', stdout);
    }
    buf_clear(&out);
    return err ? EXIT_FAIL : EXIT_OK;
}
