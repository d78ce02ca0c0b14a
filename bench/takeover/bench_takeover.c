/* Times the takeover of the clustering role on a store of N + R articles
 * (bench_load, from a bench/cluster stream), in one process, for
 * bench/takeover/run:
 *   1. the first holder clusters the first N articles (the real story stage,
 *      no snapshot) and dies;
 *   2. the old takeover, measured as its peer: a new clusterer that
 *      clusters every article ever taken again, in the order taken
 *      (store_story_history from the start, as story_stage_open did before
 *      snapshots);
 *   3. a takeover without a snapshot: story_stage_open puts back the stories
 *      of the window;
 *   4. that holder writes a snapshot, clusters the last R articles and dies;
 *   5. a takeover from the snapshot: story_stage_open loads it and clusters
 *      again the R articles after it;
 *   6. that holder stops cleanly (a snapshot with nothing after it) and a
 *      takeover loads it with nothing to cluster again.
 * Prints one line of figures (wall seconds; CPU seconds of this process in
 * brackets, which leaves out a PostgreSQL server's).
 * usage: bench_takeover DSN N R */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "base/timeutil.h"
#include "story/stage.h"

#define PAGE 1000

struct clock {
    int64_t wall_ms;
    double cpu;
};

static struct clock now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (struct clock){time_mono_ms(),
                          (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                              (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6};
}

static struct clock since(struct clock t0)
{
    struct clock t = now();
    return (struct clock){t.wall_ms - t0.wall_ms, t.cpu - t0.cpu};
}

static void check(enum err err, const char *what, const struct errbuf *eb)
{
    if (err) {
        fprintf(stderr, "bench_takeover: %s: %s\n", what, err_msg(eb, err));
        exit(1);
    }
}

static struct story_stage *open_stage(struct store *st, struct story_stage_takeover *how)
{
    struct story_stage *s;
    struct errbuf eb = {{0}};
    check(story_stage_open(st, NULL, &s, &eb), "story_stage_open", &eb);
    story_stage_takeover(s, how);
    story_stage_snapshot_every(s, 0, 0); /* snapshots only where this program takes them */
    return s;
}

static void run(struct story_stage *s, struct store *st, size_t max)
{
    struct story_stage_stats stats = {0};
    struct errbuf eb = {{0}};
    check(story_stage_run(s, st, max, 0, &stats, &eb), "story_stage_run", &eb);
    if (stats.articles != max) {
        fprintf(stderr, "bench_takeover: clustered %zu articles, not %zu\n", stats.articles, max);
        exit(1);
    }
}

/* The takeover before snapshots (story/stage.c as of issue 9): every article
 * the clusterer took, clustered again in the order taken, read as it was
 * then, with its batch's clock. Returns how many. */
static size_t full_rebuild(struct store *st)
{
    struct story_clusterer *c;
    story_clusterer_new(NULL, 1, &c);
    int64_t after_assigned = INT64_MIN, after_time = INT64_MIN, after_id = 0;
    size_t n = 0;
    for (;;) {
        struct story_input_list page;
        struct errbuf eb = {{0}};
        check(store_story_history(st, after_assigned, after_time, after_id, PAGE, &page, &eb),
              "store_story_history", &eb);
        for (size_t i = 0; i < page.len; i++) {
            const struct story_input *in = &page.items[i];
            struct story_doc d = {.key = in->article_id,
                                  .title = in->title,
                                  .text = in->text,
                                  .lang = in->lang,
                                  .time = in->time,
                                  .outlet = in->source_id,
                                  .owner = in->owner,
                                  .country = in->country,
                                  .byline = in->authors,
                                  .entities = (const char *const *)in->entities,
                                  .nentities = in->n_entities};
            struct story_result r;
            n += story_add(c, &d, &r, NULL) == ERR_OK;
            after_assigned = in->assigned_at;
            after_time = in->time;
            after_id = in->article_id;
        }
        story_changes_clear(c);
        size_t got = page.len;
        story_input_list_clear(&page);
        if (got < PAGE)
            break;
    }
    story_clusterer_free(c);
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_takeover DSN N R\n");
        return 2;
    }
    size_t n = strtoul(argv[2], NULL, 10), r = strtoul(argv[3], NULL, 10);
    struct store *st;
    struct errbuf eb = {{0}};
    check(store_open(argv[1], &st, &eb), argv[1], &eb);
    struct story_stage_takeover how;

    struct clock t0 = now();
    struct story_stage *s = open_stage(st, &how);
    run(s, st, n);
    story_stage_free(s);
    struct clock first = since(t0);

    t0 = now();
    size_t rebuilt = full_rebuild(st);
    struct clock old = since(t0);

    t0 = now();
    s = open_stage(st, &how);
    struct clock window = since(t0);
    size_t restored = how.restored;
    const char *window_from = how.from;

    t0 = now();
    check(story_stage_snapshot(s, st, &eb), "story_stage_snapshot", &eb);
    struct clock write = since(t0);
    run(s, st, r);
    story_stage_free(s);

    t0 = now();
    s = open_stage(st, &how);
    struct clock snap = since(t0);
    struct story_stage_takeover after = how;

    check(story_stage_close(s, st, &eb), "story_stage_close", &eb);
    t0 = now();
    s = open_stage(st, &how);
    struct clock snap0 = since(t0);
    story_stage_free(s);
    store_close(st);

    if (strcmp(window_from, "window") || strcmp(after.from, "snapshot") || after.replayed != r ||
        strcmp(how.from, "snapshot") || how.replayed) {
        fprintf(stderr,
                "bench_takeover: unexpected takeovers: %s; %s with %zu clustered again; %s with "
                "%zu\n",
                window_from, after.from, after.replayed, how.from, how.replayed);
        return 1;
    }
    printf("%9zu %8.1f %8zu %9.2f (%6.2f) %8zu %8.2f (%5.2f) %8.2f %8.1f %6zu %8.2f (%5.2f) %8.2f "
           "(%5.2f) %8.1f %8.1f\n",
           n, (double)first.wall_ms / 1000, rebuilt, (double)old.wall_ms / 1000, old.cpu, restored,
           (double)window.wall_ms / 1000, window.cpu, (double)write.wall_ms / 1000,
           (double)after.snapshot_bytes / 1e6, r, (double)snap.wall_ms / 1000, snap.cpu,
           (double)snap0.wall_ms / 1000, snap0.cpu,
           (double)old.wall_ms / (double)(window.wall_ms ? window.wall_ms : 1),
           (double)old.wall_ms / (double)(snap.wall_ms ? snap.wall_ms : 1));
    return 0;
}
