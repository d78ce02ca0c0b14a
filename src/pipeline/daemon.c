#include "pipeline/daemon.h"

#include <time.h>

#include "base/heap.h"
#include "base/log.h"

/* Sleeps up to seconds, waking early when stop is set. */
static void nap(atomic_bool *stop, int seconds)
{
    for (int i = 0; i < seconds * 10 && !atomic_load(stop); i++)
        nanosleep(&(struct timespec){0, 100000000L}, NULL);
}

static void loop_end(struct pipeline_loop *l)
{
    atomic_store(&l->done, true);
    if (l->ended)
        l->ended(l->ended_arg);
}

void *pipeline_fetch_loop(void *arg)
{
    struct pipeline_loop *l = arg;
    struct store *st = NULL;
    l->err = store_open(l->dsn, &st, &l->eb);
    while (!l->err && !atomic_load(l->stop)) {
        struct fetch_pass_stats s;
        struct errbuf eb = {{0}};
        enum err err = pipeline_fetch_pass(st, l->cfg, &s, NULL, &eb);
        if (err)
            log_error("fetch: %s", err_msg(&eb, err));
        else if (s.sources)
            log_info("fetch: %zu sources, %zu fetched, %zu not modified, %zu failed; "
                     "%zu new articles",
                     s.sources, s.fetched, s.not_modified, s.failed, s.new_articles);
        /* A pass frees the bodies it read, in its transfer threads' arenas;
         * given back, the daemon's RSS follows what it holds, not its peaks. */
        if (s.sources)
            heap_release();
        if (l->poll_seconds < 0)
            break;
        nap(l->stop, l->poll_seconds);
    }
    store_close(st);
    loop_end(l);
    return NULL;
}

void *pipeline_process_loop(void *arg)
{
    struct pipeline_loop *l = arg;
    struct store *st = NULL;
    struct pipeline_worker w = {0};
    l->err = store_open(l->dsn, &st, &l->eb);
    if (!l->err)
        l->err = pipeline_worker_init(&w, st, l->cfg->worker, &l->eb);
    while (!l->err && !atomic_load(l->stop)) {
        struct process_stats s;
        struct errbuf eb = {{0}};
        enum err err = pipeline_process_pass(&w, l->cfg, &s, NULL, &eb);
        if (err)
            log_error("process: %s", err_msg(&eb, err));
        else if (s.extracted || s.analysed || s.clustered || s.roundups || s.notified)
            log_info("process: %zu pages extracted, %zu articles analysed, %zu clustered; "
                     "%zu roundups published, %zu stories flagged, %zu webhooks delivered",
                     s.extracted, s.analysed, s.clustered, s.roundups, s.flagged, s.notified);
        if (s.extracted || s.analysed || s.clustered || s.roundups)
            heap_release(); /* the pages parsed and roundups written, as in the fetch loop */
        if (l->poll_seconds < 0)
            break;
        nap(l->stop, l->poll_seconds > 5 ? 5 : l->poll_seconds);
    }
    if (w.st) {
        struct errbuf eb = {{0}};
        enum err err = pipeline_worker_finish(&w, &eb);
        if (err)
            log_error("process: %s", err_msg(&eb, err));
    }
    pipeline_worker_clear(&w);
    store_close(st);
    loop_end(l);
    return NULL;
}
