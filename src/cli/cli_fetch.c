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
    long v;
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
            if (!cli_number_option("fetch", "max-body", optarg, 1024, 1L << 30, &v))
                return EXIT_USAGE;
            cfg.fetch.max_body = (size_t)v;
            break;
        case 't':
            if (!cli_number_option("fetch", "timeout", optarg, 1, 3600, &v))
                return EXIT_USAGE;
            cfg.fetch.timeout_s = (int)v;
            break;
        case 'n':
            if (!cli_number_option("fetch", "parallel", optarg, 1, 1024, &v))
                return EXIT_USAGE;
            cfg.fetch.max_parallel = (int)v;
            break;
        case 'h':
            if (!cli_number_option("fetch", "per-host", optarg, 1, 64, &v))
                return EXIT_USAGE;
            cfg.fetch.max_per_host = (int)v;
            break;
        case 'i':
            if (!cli_number_option("fetch", "host-interval", optarg, 0, 600000, &v))
                return EXIT_USAGE;
            cfg.fetch.min_host_interval_ms = (int)v;
            break;
        case 'j':
            json = true;
            break;
        case 'N':
            process = false;
            break;
        default:
            if (cli_wants_help(argc, argv)) {
                usage(stdout);
                return EXIT_OK;
            }
            cli_usage_error("fetch", usage);
            return EXIT_USAGE;
        }
    }
    if (cli_unexpected_argument("fetch", argc, argv, optind)) {
        cli_usage_error("fetch", usage);
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
        if (!err)
            err = pipeline_worker_finish(&w, &eb);
        pipeline_worker_clear(&w);
    }
    store_close(st);
    if (err) {
        cli_error("fetch", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    /* Why sources failed, grouped, so an offline machine or a dead outlet
     * reads as such. */
    for (size_t i = 0; i < FETCH_FAILURE_KINDS && stats.failures[i].kind; i++) {
        const struct fetch_failure_group *g = &stats.failures[i];
        fprintf(stderr, "failed (%s): %zu source%s: %s%s\n  e.g. %s\n", g->kind, g->count,
                g->count == 1 ? "" : "s", g->sources,
                g->count > 1 && !strchr(g->sources, ',') ? " ..." : "", g->example);
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
    if (stats.sources && stats.failed == stats.sources) {
        cli_error("fetch", "every due source failed (see the reasons above; `omnibus sources "
                           "list` shows each source's last error)");
        return EXIT_FAIL;
    }
    return EXIT_OK;
}
