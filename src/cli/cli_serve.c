/* omnibus serve: the site, its feeds and the JSON API over HTTP, until SIGINT
 * or SIGTERM. */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "base/heap.h"
#include "cli/cli.h"
#include "web/web.h"

#define MAX_THREADS 256
#define MAX_CACHE_MB 65536L /* 64 GiB of rendered pages */

static void usage(FILE *out)
{
    fprintf(out,
            "usage: omnibus [--db DSN] serve [--listen HOST:PORT] [--threads N] [--lang sv|en]\n"
            "                                [--base-url URL] [--cache-mb N] [--db-cache-mb N]\n"
            "                                [--limits K=N,...] [--publish auto|desk]\n\n"
            "Serves the site (pages, /feed.atom, /feed.json, /api/..., /healthz, /metrics).\n"
            "--listen defaults to 127.0.0.1:8080 (loopback only); port 0 picks a free port.\n"
            "--lang is the language when neither ?lang= nor Accept-Language decides\n"
            "(default $OMNIBUS_LANG, else sv). --base-url is the public address used in\n"
            "feeds (default http://LISTEN). --limits sets the connection policy:\n"
            "connections=512,per-client=64,request-seconds=10,rate=10,burst=40 by default\n"
            "(rate: search and API requests a second per client, 0 for none;\n"
            "docs/web.md). SIGINT or SIGTERM stop it gracefully.\n" CLI_PUBLISH_HELP CLI_DB_CACHE_HELP);
}

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {"lang", required_argument, NULL, 'L'},
        {"base-url", required_argument, NULL, 'b'},
        {"cache-mb", required_argument, NULL, 'c'},
        {"db-cache-mb", required_argument, NULL, 'd'},
        {"limits", required_argument, NULL, 'm'},
        {"publish", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct web_config cfg;
    web_config_default(&cfg);
    cfg.dsn = cli_default_dsn();
    const char *lang = getenv("OMNIBUS_LANG");
    enum publish_mode publish;
    bool publish_given = false;
    long db_cache_mb = CLI_DB_CACHE_MB_DEFAULT;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        long n;
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
            if (!cli_number_option("serve", "threads", optarg, 1, MAX_THREADS, &n))
                return EXIT_USAGE;
            cfg.threads = (unsigned)n;
            break;
        case 'c':
            if (!cli_number_option("serve", "cache-mb", optarg, 1, MAX_CACHE_MB, &n))
                return EXIT_USAGE;
            cfg.cache_bytes = (size_t)n << 20;
            break;
        case 'd':
            if (!cli_number_option("serve", "db-cache-mb", optarg, 0, CLI_DB_CACHE_MB_MAX, &n))
                return EXIT_USAGE;
            db_cache_mb = n;
            break;
        case 'm':
            if (!cli_limits_option("serve", optarg, &cfg.policy))
                return EXIT_USAGE;
            break;
        case 'P':
            if (!cli_publish_option("serve", optarg, &publish))
                return EXIT_USAGE;
            publish_given = true;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            cli_usage_error("serve", usage);
            return EXIT_USAGE;
        }
    }
    if (cli_unexpected_argument("serve", argc, argv, optind)) {
        cli_usage_error("serve", usage);
        return EXIT_USAGE;
    }
    if (lang && *lang && !site_lang_from_code(lang, &cfg.default_lang)) {
        cli_error("serve", "unknown language \"%s\" (sv or en)", lang);
        return EXIT_USAGE;
    }
    if (publish_given) {
        struct store *st = cli_open_store(cfg.dsn);
        bool ok = st && cli_set_publish("serve", st, publish);
        store_close(st);
        if (!ok)
            return EXIT_FAIL;
    }
    heap_tune_for_daemon();
    store_bound_sqlite_memory((int64_t)db_cache_mb << 20);
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
