/* omnibus fetch: one pass over the due sources. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "pipeline/pipeline.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: omnibus fetch [--all] [--allow-private] [--max-body BYTES] [--timeout S]\n"
                 "                     [--parallel N] [--per-host N] [--host-interval MS]\n"
                 "                     [--no-process] [--json]\n\n"
                 "Fetches every source that is due (--all: every source now), stores new\n"
                 "articles, analyses them (--no-process: later, by `omnibus run`) and prints\n"
                 "a summary. Failing sources are retried later with\n"
                 "exponential backoff; `omnibus sources list` shows their last error.\n"
                 "--allow-private lets every source reach loopback and private addresses\n"
                 "(a source can be allowed alone with `sources add --allow-private`).\n"
                 "Defaults: 8 MiB bodies, 30 s timeout, 16 transfers at once, 2 per host,\n"
                 "1000 ms between requests to one host.\n");
}

int cmd_fetch(int argc, char **argv)
{
    static const struct option opts[] = {
        {"all", no_argument, NULL, 'a'},
        {"allow-private", no_argument, NULL, 'p'},
        {"max-body", required_argument, NULL, 'm'},
        {"timeout", required_argument, NULL, 't'},
        {"parallel", required_argument, NULL, 'n'},
        {"per-host", required_argument, NULL, 'h'},
        {"host-interval", required_argument, NULL, 'i'},
        {"json", no_argument, NULL, 'j'},
        {"no-process", no_argument, NULL, 'N'},
        {"help", no_argument, NULL, '?'},
        {NULL, 0, NULL, 0},
    };
    struct pipeline_config cfg;
    pipeline_config_default(&cfg);
    bool all = false, json = false, process = true;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'a':
            all = true;
            break;
        case 'p':
            cfg.fetch.allow_private = true;
            break;
        case 'm':
            cfg.fetch.max_body = strtoull(optarg, NULL, 10);
            break;
        case 't':
            cfg.fetch.timeout_s = atoi(optarg);
            break;
        case 'n':
            cfg.fetch.max_parallel = atoi(optarg);
            break;
        case 'h':
            cfg.fetch.max_per_host = atoi(optarg);
            break;
        case 'i':
            cfg.fetch.min_host_interval_ms = atoi(optarg);
            break;
        case 'j':
            json = true;
            break;
        case 'N':
            process = false;
            break;
        default:
            usage(cli_wants_help(argc, argv) ? stdout : stderr);
            return cli_wants_help(argc, argv) ? EXIT_OK : EXIT_USAGE;
        }
    }
    if (cli_unexpected_argument("fetch", argc, argv, optind) || !cfg.fetch.max_body ||
        cfg.fetch.timeout_s < 1 || cfg.fetch.max_parallel < 1 || cfg.fetch.max_per_host < 1 ||
        cfg.fetch.min_host_interval_ms < 0) {
        usage(stderr);
        return EXIT_USAGE;
    }
    struct store *st = cli_open_store(cli_default_dsn());
    if (!st)
        return EXIT_FAIL;
    struct errbuf eb = {{0}};
    enum err err = all ? store_sources_make_due(st, time_now(), &eb) : ERR_OK;
    struct fetch_pass_stats stats;
    struct progress progress;
    progress_start(&progress, "fetching", 0);
    if (!err)
        err = pipeline_fetch_pass(st, &cfg, &stats, &progress, &eb);
    progress_end(&progress);
    struct process_stats processed = {0};
    if (!err && process) {
        struct pipeline_worker w;
        err = pipeline_worker_init(&w, st, NULL, &eb);
        progress_start(&progress, "analysing", 0);
        if (!err)
            err = pipeline_process_pass(&w, &cfg, &processed, &progress, &eb);
        progress_end(&progress);
        pipeline_worker_clear(&w);
    }
    store_close(st);
    if (err) {
        cli_error("fetch", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    if (json)
        printf("{\"sources\": %zu, \"fetched\": %zu, \"not_modified\": %zu, \"failed\": %zu, "
               "\"new_articles\": %zu, \"updated_articles\": %zu, \"items_skipped\": %zu, "
               "\"extracted\": %zu, \"analysed\": %zu, \"linked\": %zu, \"clustered\": %zu, "
               "\"roundups\": %zu}\n",
               stats.sources, stats.fetched, stats.not_modified, stats.failed, stats.new_articles,
               stats.updated_articles, stats.items_skipped, processed.extracted, processed.analysed,
               processed.linked, processed.clustered, processed.roundups);
    else
        printf("%zu sources: %zu fetched, %zu not modified, %zu failed; %zu new articles, "
               "%zu updated; %zu pages extracted, %zu analysed\n",
               stats.sources, stats.fetched, stats.not_modified, stats.failed, stats.new_articles,
               stats.updated_articles, processed.extracted, processed.analysed);
    return EXIT_OK;
}
