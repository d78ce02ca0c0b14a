/* omnibus stats: what the database holds and what work waits, per stage;
 * omnibus prune: retention, once. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>

#include "base/timeutil.h"
#include "cli/cli.h"
#include "pipeline/pipeline.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: omnibus [--db DSN] stats [--json]\n\n"
            "Prints every table's rows and size on disk (bytes, table and indexes;\n"
            "\"-\" where the engine does not tell), then each stage's work queue:\n"
            "articles waiting (extract: full-text pages to fetch, text: bodies to\n"
            "analyse, link: analyses to link to the knowledge base, story: articles to\n"
            "cluster), how many of them a worker holds now, and the age of the oldest\n"
            "(how long the stage has been behind), and the stories whose roundups wait\n"
            "to be composed. Work that waits on purpose stays queued: an extraction\n"
            "failure until its retry time, links while there is no knowledge base.\n"
            "Counting reads every table once: on a large database it takes a while.\n\n"
            "  --json   one object: {\"engine\", \"tables\": [{\"name\", \"rows\", \"bytes\"}],\n"
            "           \"queues\": [{\"stage\", \"queued\", \"claimed\", \"oldest_age_s\"}],\n"
            "           \"to_compose\"}; bytes and oldest_age_s are null when unknown/empty\n");
}

static json_t *stats_json(const char *engine, const struct store_stats *s, int64_t now)
{
    json_t *tables = json_array(), *queues = json_array();
    for (size_t i = 0; i < s->n_tables; i++) {
        const struct store_table_stat *t = &s->tables[i];
        json_array_append_new(
            tables, json_pack("{s:s, s:I, s:o}", "name", t->name, "rows", (json_int_t)t->rows,
                              "bytes", t->bytes < 0 ? json_null() : json_integer(t->bytes)));
    }
    for (size_t i = 0; i < STORE_N_STAGES; i++) {
        const struct store_queue_stat *q = &s->queues[i];
        json_array_append_new(
            queues,
            json_pack("{s:s, s:I, s:I, s:o}", "stage", q->stage, "queued", (json_int_t)q->queued,
                      "claimed", (json_int_t)q->claimed, "oldest_age_s",
                      q->queued ? json_integer(now - q->oldest_at) : json_null()));
    }
    return json_pack("{s:s, s:o, s:o, s:I}", "engine", engine, "tables", tables, "queues", queues,
                     "to_compose", (json_int_t)s->to_compose);
}

/* An age in seconds as the largest two units ("3d 4h", "12m 5s"). */
static void print_age(int64_t s)
{
    if (s >= 86400)
        printf("%lldd %lldh", (long long)(s / 86400), (long long)(s % 86400 / 3600));
    else if (s >= 3600)
        printf("%lldh %lldm", (long long)(s / 3600), (long long)(s % 3600 / 60));
    else if (s >= 60)
        printf("%lldm %llds", (long long)(s / 60), (long long)(s % 60));
    else
        printf("%llds", (long long)(s < 0 ? 0 : s));
}

static void print_text(const char *engine, const struct store_stats *s, int64_t now)
{
    printf("%s database\n\n%-24s %12s %14s\n", engine, "table", "rows", "bytes");
    for (size_t i = 0; i < s->n_tables; i++) {
        const struct store_table_stat *t = &s->tables[i];
        printf("%-24s %12lld ", t->name, (long long)t->rows);
        if (t->bytes < 0)
            printf("%14s\n", "-");
        else
            printf("%14lld\n", (long long)t->bytes);
    }
    printf("\n%-10s %10s %10s  %s\n", "queue", "waiting", "claimed", "oldest");
    for (size_t i = 0; i < STORE_N_STAGES; i++) {
        const struct store_queue_stat *q = &s->queues[i];
        printf("%-10s %10lld %10lld  ", q->stage, (long long)q->queued, (long long)q->claimed);
        if (q->queued)
            print_age(now - q->oldest_at);
        else
            printf("-");
        printf("\n");
    }
    printf("%-10s %10lld stories\n", "compose", (long long)s->to_compose);
}

int cmd_stats(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return EXIT_OK;
    }
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    bool json = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'j') {
            cli_usage_error("stats", usage);
            return EXIT_USAGE;
        }
        json = true;
    }
    if (cli_unexpected_argument("stats", argc, argv, optind)) {
        cli_usage_error("stats", usage);
        return EXIT_USAGE;
    }
    struct store *st = cli_open_store(cli_default_dsn());
    if (!st)
        return EXIT_FAIL;
    struct store_stats s;
    struct errbuf eb = {{0}};
    int64_t now = time_now();
    enum err err = store_stats_get(st, now, &s, &eb);
    const char *engine = store_engine_name(st);
    int rc = EXIT_OK;
    if (err) {
        cli_error("stats", "%s", err_msg(&eb, err));
        rc = EXIT_FAIL;
    } else if (json) {
        json_t *v = stats_json(engine, &s, now);
        char *text = json_dumps(v, JSON_INDENT(2));
        json_decref(v);
        if (!text || printf("%s\n", text) < 0)
            rc = EXIT_FAIL;
        free(text);
    } else {
        print_text(engine, &s, now);
    }
    store_stats_clear(&s);
    store_close(st);
    return rc;
}

static void prune_usage(FILE *out)
{
    fprintf(out, "usage: omnibus [--db DSN] prune --keep-bodies DAYS\n\n"
                 "Retention, once: drops the body, feed content and extracted page text of\n"
                 "every article fetched more than DAYS days ago whose story has had no new\n"
                 "article for DAYS days (a frozen story: its roundups are not composed\n"
                 "again). The exact sentences, quotes and speakers that stored roundups (every\n"
                 "version) show of those articles are kept, so published roundups still\n"
                 "verify against their sources; titles, summaries, analyses and the search\n"
                 "index stay. `omnibus run --keep-bodies DAYS` does the same every hour.\n");
}

int cmd_prune(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        prune_usage(stdout);
        return EXIT_OK;
    }
    static const struct option opts[] = {{"keep-bodies", required_argument, NULL, 'k'},
                                         {NULL, 0, NULL, 0}};
    long days = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'k') {
            cli_usage_error("prune", prune_usage);
            return EXIT_USAGE;
        }
        if (!cli_number_option("prune", "keep-bodies", optarg, 1, 100000, &days))
            return EXIT_USAGE;
    }
    if (!days) {
        cli_error("prune", "say how many days of bodies to keep (--keep-bodies DAYS)");
        cli_usage_error("prune", prune_usage);
        return EXIT_USAGE;
    }
    if (cli_unexpected_argument("prune", argc, argv, optind)) {
        cli_usage_error("prune", prune_usage);
        return EXIT_USAGE;
    }
    struct store *st = cli_open_store(cli_default_dsn());
    if (!st)
        return EXIT_FAIL;
    struct prune_stats ps;
    struct errbuf eb = {{0}};
    enum err err = pipeline_prune(st, time_now() - days * 86400, &ps, &eb);
    store_close(st);
    if (err) {
        cli_error("prune", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    printf("bodies of %zu articles dropped; %zu shown excerpts kept\n", ps.dropped, ps.excerpts);
    return EXIT_OK;
}
