/* Request counters and latency histograms for Prometheus, per route, updated
 * lock-free from every server thread. The store's counters (sources, articles,
 * feed health) and the page cache's are read when /metrics is asked for. */
#ifndef OMNIBUS_WEB_METRICS_H
#define OMNIBUS_WEB_METRICS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "store/store.h"
#include "web/cache.h"

#define METRICS_BUCKETS 12 /* upper bounds in metrics.c, the last is +Inf */

struct route_metrics {
    atomic_uint_fast64_t by_class[5]; /* responses 1xx..5xx */
    atomic_uint_fast64_t buckets[METRICS_BUCKETS];
    atomic_uint_fast64_t micros_sum;
};

struct metrics {
    size_t n;                  /* routes + 1: the last counts unrouted requests */
    const char *const *labels; /* n route labels (patterns), borrowed */
    struct route_metrics *routes;
};

/* Counters for n labelled routes; labels must outlive m. */
void metrics_init(struct metrics *m, const char *const *labels, size_t n);
void metrics_clear(struct metrics *m);
/* Counts one response of status on route (an index below n) that took micros. */
void metrics_observe(struct metrics *m, size_t route, int status, int64_t micros);
/* Appends the Prometheus text exposition: the request metrics, the cache's and
 * the store's counters. */
MUST_CHECK enum err metrics_write(struct metrics *m, const struct site_stats *site,
                                  const struct page_cache_stats *cache, struct buf *out);

#endif
