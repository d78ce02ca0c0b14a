/* What the store holds and what work waits (src/store/stats.c): each table's
 * rows and bytes, and each stage's queue with the age of its oldest work, for
 * `omnibus stats`. */
#ifndef OMNIBUS_STORE_STATS_H
#define OMNIBUS_STORE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

struct store_table_stat {
    char name[64];
    int64_t rows;
    int64_t bytes; /* table and its indexes on disk; -1 when the engine does not tell */
};

/* The stages with a work queue (work_queue.stage), in pipeline order. */
enum { STORE_N_STAGES = 4 };
extern const char *const store_stages[STORE_N_STAGES];

struct store_queue_stat {
    const char *stage;   /* one of store_stages */
    int64_t queued;      /* articles waiting for the stage */
    int64_t claimed;     /* of those, under a live claim of a worker */
    int64_t oldest_at;   /* when the oldest of them was queued; 0 when none */
};

struct store_stats {
    struct store_table_stat *tables; /* every table of the schema, by name */
    size_t n_tables;
    struct store_queue_stat queues[STORE_N_STAGES];
    int64_t to_compose; /* stories whose roundups wait to be composed */
};

void store_stats_clear(struct store_stats *s); /* NULL-safe */
/* Fills *out as of now (exact row counts: it reads every table once). Caller
 * owns out (store_stats_clear). */
MUST_CHECK enum err store_stats_get(struct store *st, int64_t now, struct store_stats *out,
                                    struct errbuf *eb);

#endif
