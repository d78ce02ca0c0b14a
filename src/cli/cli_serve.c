/* omnibus serve: the site, its feeds and the JSON API over HTTP, until SIGINT
 * or SIGTERM. */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "web/web.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: omnibus [--db DSN] serve [--listen HOST:PORT] [--threads N] [--lang sv|en]\n"
            "                                [--base-url URL] [--cache-mb N]\n\n"
            "Serves the site (pages, /feed.atom, /feed.json, /api/..., /healthz, /metrics).\n"
            "--listen defaults to 127.0.0.1:8080 (loopback only); port 0 picks a free port.\n"
            "--lang is the language when neither ?lang= nor Accept-Language decides\n"
            "(default $OMNIBUS_LANG, else sv). --base-url is the public address used in\n"
            "feeds (default http://LISTEN). SIGINT or SIGTERM stop it gracefully.\n");
}

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {"lang", required_argument, NULL, 'L'},
        {"base-url", required_argument, NULL, 'b'},
        {"cache-mb", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct web_config cfg;
    web_config_default(&cfg);
    cfg.dsn = cli_default_dsn();
    const char *lang = getenv("OMNIBUS_LANG");
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'l':
            cfg.listen = optarg;
            break;
        case 'L':
            lang = optarg;
            break;
        case 'b':
            cfg.base_url = optarg;
            break;
        case 't':
            cfg.threads = (unsigned)strtoul(optarg, &end, 10);
            if (*end || cfg.threads > 256) {
                cli_error("serve", "--threads takes a number from 1 to 256");
                return EXIT_USAGE;
            }
            break;
        case 'c':
            cfg.cache_bytes = (size_t)strtoul(optarg, &end, 10) << 20;
            if (*end || !cfg.cache_bytes) {
                cli_error("serve", "--cache-mb takes a positive number");
                return EXIT_USAGE;
            }
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (lang && *lang && !lang_from_code(lang, &cfg.default_lang)) {
        cli_error("serve", "unknown language \"%s\" (sv or en)", lang);
        return EXIT_USAGE;
    }
    sigset_t stop;
    cli_block_stop_signals(&stop);

    struct web_server *srv;
    struct errbuf eb = {{0}};
    enum err err = web_server_start(&cfg, &srv, &eb);
    if (err) {
        cli_error("serve", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    cli_print_serving(cfg.listen, web_server_port(srv), cfg.dsn);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "omnibus: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    web_server_stop(srv);
    return EXIT_OK;
}
