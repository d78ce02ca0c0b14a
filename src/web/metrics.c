#include "web/metrics.h"

#include <inttypes.h>
#include <stdlib.h>

#include "base/heap.h"
#include "base/xalloc.h"

/* Bucket upper bounds in microseconds: 0.5 ms .. 1 s, then +Inf. */
static const int64_t bounds_us[METRICS_BUCKETS - 1] = {
    500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000,
};

void metrics_init(struct metrics *m, const char *const *labels, size_t n)
{
    m->n = n;
    m->labels = labels;
    m->routes = xcalloc(n, sizeof *m->routes);
    for (size_t r = 0; r < n; r++) {
        for (int c = 0; c < 5; c++)
            atomic_init(&m->routes[r].by_class[c], 0);
        for (int b = 0; b < METRICS_BUCKETS; b++)
            atomic_init(&m->routes[r].buckets[b], 0);
        atomic_init(&m->routes[r].micros_sum, 0);
    }
}

void metrics_clear(struct metrics *m)
{
    free(m->routes);
    m->routes = NULL;
}

void metrics_observe(struct metrics *m, size_t route, int status, int64_t micros)
{
    if (route >= m->n)
        route = m->n - 1;
    struct route_metrics *r = &m->routes[route];
    int cls = status / 100 - 1;
    if (cls >= 0 && cls < 5)
        atomic_fetch_add_explicit(&r->by_class[cls], 1, memory_order_relaxed);
    if (micros < 0)
        micros = 0;
    int b = 0;
    while (b < METRICS_BUCKETS - 1 && micros > bounds_us[b])
        b++;
    atomic_fetch_add_explicit(&r->buckets[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&r->micros_sum, (uint_fast64_t)micros, memory_order_relaxed);
}

static uint64_t load(atomic_uint_fast64_t *v)
{
    return (uint64_t)atomic_load_explicit(v, memory_order_relaxed);
}

static enum err gauge(struct buf *out, const char *name, const char *help, int64_t v)
{
    return buf_printf(out, "# HELP %s %s\n# TYPE %s gauge\n%s %" PRId64 "\n", name, help, name,
                      name, v);
}

static enum err counter(struct buf *out, const char *name, const char *help, uint64_t v)
{
    return buf_printf(out, "# HELP %s %s\n# TYPE %s counter\n%s %" PRIu64 "\n", name, help, name,
                      name, v);
}

/* Route labels are our own patterns ("/source/{id}"): no quote or backslash
 * to escape. */
enum err metrics_write(struct metrics *m, const struct site_stats *site,
                       const struct page_cache_stats *cache, struct buf *out)
{
    enum err err = buf_puts(out, "# HELP omnibus_http_requests_total HTTP responses by route "
                                 "and status class.\n# TYPE omnibus_http_requests_total counter\n");
    static const char *const classes[5] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    for (size_t r = 0; r < m->n && !err; r++)
        for (int c = 0; c < 5 && !err; c++) {
            uint64_t v = load(&m->routes[r].by_class[c]);
            if (v)
                err = buf_printf(
                    out, "omnibus_http_requests_total{route=\"%s\",code=\"%s\"} %" PRIu64 "\n",
                    m->labels[r], classes[c], v);
        }
    if (!err)
        err = buf_puts(out, "# HELP omnibus_http_request_duration_seconds Time from request to "
                            "response sent.\n# TYPE omnibus_http_request_duration_seconds "
                            "histogram\n");
    for (size_t r = 0; r < m->n && !err; r++) {
        uint64_t cum = 0;
        for (int b = 0; b < METRICS_BUCKETS && !err; b++) {
            cum += load(&m->routes[r].buckets[b]);
            if (b < METRICS_BUCKETS - 1)
                err = buf_printf(out,
                                 "omnibus_http_request_duration_seconds_bucket{route=\"%s\","
                                 "le=\"%g\"} %" PRIu64 "\n",
                                 m->labels[r], (double)bounds_us[b] / 1e6, cum);
            else
                err = buf_printf(out,
                                 "omnibus_http_request_duration_seconds_bucket{route=\"%s\","
                                 "le=\"+Inf\"} %" PRIu64 "\n",
                                 m->labels[r], cum);
        }
        if (!err)
            err = buf_printf(
                out,
                "omnibus_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                "omnibus_http_request_duration_seconds_count{route=\"%s\"} %" PRIu64 "\n",
                m->labels[r], (double)load(&m->routes[r].micros_sum) / 1e6, m->labels[r], cum);
    }
    if (!err)
        err = counter(out, "omnibus_page_cache_hits_total", "Pages served from the cache.",
                      cache->hits);
    if (!err)
        err = counter(out, "omnibus_page_cache_misses_total", "Pages rendered.", cache->misses);
    if (!err)
        err =
            gauge(out, "omnibus_page_cache_bytes", "Bytes of cached pages.", (int64_t)cache->bytes);
    if (!err)
        err = gauge(out, "omnibus_sources", "Sources registered.", site->sources);
    if (!err)
        err =
            gauge(out, "omnibus_sources_enabled", "Sources being fetched.", site->sources_enabled);
    if (!err)
        err = gauge(out, "omnibus_sources_failing", "Sources whose last fetch failed.",
                    site->sources_failing);
    if (!err)
        err = gauge(out, "omnibus_sources_ill_formed", "Sources whose feed is ill-formed.",
                    site->sources_ill_formed);
    if (!err)
        err = gauge(out, "omnibus_articles", "Articles stored.", site->articles);
    if (!err)
        err = gauge(out, "omnibus_feed_items_seen", "Items in the sources' feeds, summed.",
                    site->feed_items_seen);
    if (!err)
        err = gauge(out, "omnibus_fetch_last_success_timestamp_seconds",
                    "When a feed was last fetched successfully.", site->last_success_at);
    if (!err && site->db_heap_bytes >= 0)
        err = gauge(out, "omnibus_db_heap_bytes",
                    "Memory the database library holds in this process (SQLite's page caches).",
                    site->db_heap_bytes);
    /* RSS alone cannot tell a leak from memory freed and kept: these can. */
    struct heap_usage heap;
    if (!err && heap_usage(&heap)) {
        err = gauge(out, "omnibus_heap_in_use_bytes",
                    "Memory this process has allocated and not freed.", heap.in_use);
        if (!err)
            err = gauge(out, "omnibus_heap_free_held_bytes",
                        "Memory this process freed that the allocator still holds.",
                        heap.held_free);
    }
    return err;
}
