/* The store and the real stages at scale, for bench/scale/run: reads a
 * bench/cluster stream (gen_stream.py's JSON Lines) and ingests it day by day
 * over DAYS simulated days, as the fetcher would store it (store_article_put,
 * one transaction per article) from SOURCES outlets, then runs the processing
 * worker's pass over it (pipeline_process_pass: text analysis, linking,
 * clustering, roundups), as `omnibus run --role process` does.
 *
 * Per day it prints one line: articles stored, the day's new articles, the
 * wall ms per 1,000 new (ingest + process) and the CPU ms of the same (the
 * steadier figure on a shared machine), an idle pass's ms (a processing
 * pass with no new work: every stage's pending query and the compose queue),
 * and the process's peak RSS. At each point of the curve (POINTS, ascending
 * article counts) it also measures the takeover of the clustering role: the
 * wall time of a new holder's story_stage_open (what pipeline_story_pass
 * calls on a worker that takes the role over), and prints a "point" line
 * that also says how the memory was built (takeover_from: "snapshot", with
 * the articles clustered again after it and those in its memory, or
 * "window", with the articles of the window put back).
 *
 * usage: bench_scale DSN STREAM.jsonl N DAYS SOURCES POINT,POINT,... [FIRST_DAY [LAST_DAY]]
 * DSN must name an empty database (created as `omnibus init` would), or with
 * FIRST_DAY > 1 one that a run of the same arguments stopped after day
 * FIRST_DAY - 1 left: its last printed day (a run stopped inside day
 * FIRST_DAY leaves part of it stored, which the resumed run skips). The resumed run takes the clustering role over first, as a
 * restarted worker does, and prints the takeover on a "resumed" line; it
 * stops after LAST_DAY. That lets a long run go in pieces, and a profiler
 * look at a few days on a store of any size. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "base/log.h"
#include "base/timeutil.h"
#include "pipeline/pipeline.h"
#include "story/stage.h"

#define T0 1700000000
#define DAY 86400
/* Days whose per-1,000 time makes a point's figure (their median): one day's
 * time is noisy on a shared machine. */
#define POINT_DAYS 5

static void die(const char *what, const struct errbuf *eb, enum err err)
{
    fprintf(stderr, "bench_scale: %s: %s\n", what, err_msg(eb, err));
    exit(1);
}

static double now_ms(void)
{
    return (double)time_now_ms();
}

/* This process's CPU time (user + system), ms: the steadier figure on a
 * shared machine, printed beside the wall time. */
static double cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

/* The system part of it: the store's reads and writes of its files. */
static double sys_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_stime.tv_sec * 1000.0 + (double)ru.ru_stime.tv_usec / 1000.0;
}

static double peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n ? (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) : 0;
}

/* Stores stream line i as a feed item published at `at`; an article stored
 * already is an error unless again is set. */
static void put(struct store *st, const json_t *doc, size_t i, int64_t at, const int64_t *sources,
                size_t n_sources, bool again)
{
    char url[96], guid[32];
    size_t src = (i * 7919) % n_sources; /* every outlet, in no run of one */
    snprintf(url, sizeof url, "https://scale%zu.example/article-%zu", src, i);
    snprintf(guid, sizeof guid, "urn:scale:%zu", i);
    const char *text = json_string_value(json_object_get(doc, "text"));
    struct article a = {.source_id = sources[src],
                        .url = url,
                        .link = url,
                        .guid = guid,
                        .content = (char *)text,
                        .body = (char *)text,
                        .published_at = at,
                        .fetched_at = at + 300,
                        .lang = (char *)json_string_value(json_object_get(doc, "lang")),
                        .content_hash = guid,
                        .body_hash = guid};
    int64_t id;
    bool inserted;
    struct errbuf eb = {{0}};
    enum err err = text ? store_article_put(st, &a, &id, &inserted, &eb)
                        : errf(&eb, ERR_PARSE, "line %zu has no text", i + 1);
    if (err || (!inserted && !again))
        die("article", &eb, err ? err : errf(&eb, ERR_EXISTS, "stored already"));
}

static void process(struct pipeline_worker *w, const struct pipeline_config *cfg)
{
    struct process_stats ps;
    struct errbuf eb = {{0}};
    enum err err = pipeline_process_pass(w, cfg, &ps, NULL, &eb);
    if (err)
        die("process pass", &eb, err);
}

/* The articles stored by the end of day d (0-based): as many as the day's
 * share of the days. */
static size_t stored_by(size_t n, size_t days, size_t d)
{
    return (size_t)((double)n * (double)(d + 1) / (double)days);
}

int main(int argc, char **argv)
{
    if (argc < 7 || argc > 9) {
        fprintf(stderr, "usage: bench_scale DSN STREAM.jsonl N DAYS SOURCES POINT,... "
                        "[FIRST_DAY [LAST_DAY]]\n");
        return 2;
    }
    size_t n = strtoul(argv[3], NULL, 10), days = strtoul(argv[4], NULL, 10),
           n_sources = strtoul(argv[5], NULL, 10);
    size_t first = argc > 7 ? strtoul(argv[7], NULL, 10) : 1;
    size_t last = argc > 8 ? strtoul(argv[8], NULL, 10) : days;
    size_t points[16], n_points = 0;
    for (char *p = argv[6]; *p && n_points < 16; p += *p == ',') {
        char *end;
        points[n_points++] = strtoul(p, &end, 10);
        p = end;
    }
    FILE *f = fopen(argv[2], "r");
    if (!n || !days || !n_sources || !n_points || !first || first > last || last > days || !f) {
        fprintf(stderr, "bench_scale: bad arguments or no %s\n", argv[2]);
        return 2;
    }
    log_set_level(LOG_ERROR);
    struct store *st;
    struct errbuf eb = {{0}};
    enum err err = store_open(argv[1], &st, &eb);
    if (err)
        die(argv[1], &eb, err);
    int64_t *sources = calloc(n_sources, sizeof *sources);
    for (size_t i = 0; i < n_sources; i++) {
        char name[48], feed[64];
        snprintf(name, sizeof name, "Scale outlet %zu", i);
        snprintf(feed, sizeof feed, "https://scale%zu.example/feed.xml", i);
        struct source s = {.name = name,
                           .feed_url = feed,
                           .lang = "en",
                           .kind = "news",
                           .owner = name,
                           .enabled = true};
        /* A resumed run finds them (with their ids) from the run before. */
        err = store_source_add(st, &s, &sources[i], &eb);
        if (err && !(err == ERR_EXISTS && first > 1))
            die("source", &eb, err);
    }
    struct pipeline_config cfg;
    pipeline_config_default(&cfg);
    struct pipeline_worker w;
    if ((err = pipeline_worker_init(&w, st, "scale-worker", &eb)))
        die("worker", &eb, err);

    double *per_day = calloc(days, sizeof *per_day), *cpu_day = calloc(days, sizeof *cpu_day);
    char *line = NULL;
    size_t cap = 0, stored = first > 1 ? stored_by(n, days, first - 2) : 0, next_point = 0;
    for (size_t k = 0; k < stored; k++)
        if (getline(&line, &cap, f) <= 0) {
            fprintf(stderr, "bench_scale: the stream ends at %zu articles\n", k);
            return 1;
        }
    while (next_point < n_points && points[next_point] <= stored)
        next_point++;
    printf("day stored new ms_per_1000_new cpu_ms_per_1000_new idle_pass_ms peak_rss_mb "
           "sys_ms_per_1000_new\n");
    if (first > 1) {
        /* A restarted worker: the clustering role taken over (from the
         * snapshot the run before left) before the first day. */
        double k0 = now_ms();
        if ((err = story_stage_open(st, NULL, &w.story, &eb)))
            die("takeover", &eb, err);
        struct story_stage_takeover tk;
        story_stage_takeover(w.story, &tk);
        printf("resumed %zu takeover_s %.2f takeover_from %s replayed %zu restored %zu\n", stored,
               (now_ms() - k0) / 1000.0, tk.from, tk.replayed, tk.restored);
    }
    for (size_t d = first - 1; d < last && stored < n; d++) {
        size_t until = stored_by(n, days, d);
        size_t fresh = until - stored;
        double t0 = now_ms(), c0 = cpu_ms(), y0 = sys_ms();
        for (size_t k = 0; k < fresh; k++) {
            if (getline(&line, &cap, f) <= 0) {
                fprintf(stderr, "bench_scale: the stream ends at %zu articles\n", stored + k);
                return 1;
            }
            json_t *doc = json_loads(line, 0, NULL);
            if (!json_is_object(doc))
                die("stream", &eb, errf(&eb, ERR_PARSE, "line %zu is not JSON", stored + k + 1));
            int64_t at = T0 + (int64_t)d * DAY + (int64_t)(k * (DAY - 600) / (fresh ? fresh : 1));
            /* The run before may have stopped inside the day it resumes. */
            put(st, doc, stored + k, at, sources, n_sources, d == first - 1 && first > 1);
            json_decref(doc);
        }
        process(&w, &cfg);
        double busy = now_ms() - t0, cpu = cpu_ms() - c0, sys = sys_ms() - y0;
        stored = until;
        per_day[d] = fresh ? busy * 1000.0 / (double)fresh : 0;
        cpu_day[d] = fresh ? cpu * 1000.0 / (double)fresh : 0;
        double i0 = now_ms();
        process(&w, &cfg);
        double idle = now_ms() - i0;
        printf("%zu %zu %zu %.1f %.1f %.1f %.1f %.1f\n", d + 1, stored, fresh, per_day[d],
               cpu_day[d], idle, peak_rss_mb(), fresh ? sys * 1000.0 / (double)fresh : 0);
        fflush(stdout);
        while (next_point < n_points && stored >= points[next_point]) {
            double window[POINT_DAYS], cpu_window[POINT_DAYS];
            size_t m = 0;
            for (size_t k = d + 1; k-- > first - 1 && m < POINT_DAYS; m++) {
                window[m] = per_day[k];
                cpu_window[m] = cpu_day[k];
            }
            double idles[3];
            for (int r = 0; r < 3; r++) {
                double s0 = now_ms();
                process(&w, &cfg);
                idles[r] = now_ms() - s0;
            }
            /* A new holder of the clustering role: its clusterer's memory is
             * built from the store, as pipeline_story_pass does on takeover. */
            story_stage_free(w.story);
            w.story = NULL;
            double k0 = now_ms();
            if ((err = story_stage_open(st, NULL, &w.story, &eb)))
                die("takeover", &eb, err);
            double takeover = now_ms() - k0;
            struct story_stage_takeover tk;
            story_stage_takeover(w.story, &tk);
            printf("point %zu ms_per_1000_new %.1f cpu_ms_per_1000_new %.1f idle_pass_ms %.1f "
                   "takeover_s %.2f peak_rss_mb %.1f takeover_from %s replayed %zu "
                   "restored %zu memory_articles %zu\n",
                   stored, median(window, m), median(cpu_window, m), median(idles, 3),
                   takeover / 1000.0, peak_rss_mb(), tk.from, tk.replayed, tk.restored,
                   tk.snapshot_articles);
            fflush(stdout);
            next_point++;
        }
    }
    free(line);
    fclose(f);
    free(per_day);
    free(cpu_day);
    free(sources);
    pipeline_worker_clear(&w);
    store_close(st);
    return 0;
}
