/* Several connections at once on each engine the run offers: processes that
 * start together all migrate one fresh database without colliding, workers
 * that claim due sources side by side never get the same source, and workers
 * that store the same URLs at once store each article once. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/store.h"
#include "testlib.h"

#define WORKERS 4
#define SOURCES 120
#define URLS 60

struct worker {
    const char *dsn;
    enum err (*work)(struct worker *w, struct store *st, struct errbuf *eb); /* with_store's */
    pthread_barrier_t *start;
    int index;
    enum err err;
    char msg[512];
    int64_t claimed[SOURCES];
    size_t n_claimed;
    int64_t source_id;     /* for put_same_urls: the worker's own outlet */
    int64_t url_ids[URLS]; /* the article id each URL got */
    int n_inserted;        /* how many of them this worker inserted */
};

static void *open_at_once(void *arg)
{
    struct worker *w = arg;
    struct store *st = NULL;
    struct errbuf eb = {{0}};
    pthread_barrier_wait(w->start);
    w->err = store_open(w->dsn, &st, &eb);
    if (w->err)
        snprintf(w->msg, sizeof w->msg, "%s", eb.msg);
    store_close(st);
    return NULL;
}

/* The thread of a worker with a store of its own: opens it, waits for the
 * others, and runs w->work on it. */
static void *with_store(void *arg)
{
    struct worker *w = arg;
    struct store *st = NULL;
    struct errbuf eb = {{0}};
    w->err = store_open(w->dsn, &st, &eb);
    pthread_barrier_wait(w->start);
    if (!w->err)
        w->err = w->work(w, st, &eb);
    if (w->err)
        snprintf(w->msg, sizeof w->msg, "%s", eb.msg);
    store_close(st);
    return NULL;
}

static enum err claim_until_done(struct worker *w, struct store *st, struct errbuf *eb)
{
    char name[16];
    snprintf(name, sizeof name, "w%d", w->index);
    for (;;) {
        struct source_list got;
        enum err err = store_sources_claim_due(st, 5000, 3, name, 600, &got, eb);
        if (err)
            return err;
        for (size_t i = 0; i < got.len && w->n_claimed < SOURCES; i++)
            w->claimed[w->n_claimed++] = got.items[i].id;
        size_t n = got.len;
        source_list_clear(&got);
        if (!n)
            return ERR_OK;
    }
}

/* Every worker stores the same URLs in the same order (as several feeds
 * carrying one wire story would), so that they race for each URL, under its
 * own source and without GUIDs, so that only the URL makes them one article. */
static enum err put_same_urls(struct worker *w, struct store *st, struct errbuf *eb)
{
    for (int u = 0; u < URLS; u++) {
        char url[64], title[32];
        snprintf(url, sizeof url, "https://wire.example/story/%d", u);
        snprintf(title, sizeof title, "Story %d", u);
        struct article a = {.source_id = w->source_id,
                            .url = url,
                            .title = title,
                            .fetched_at = 1700000000,
                            .content_hash = title};
        bool inserted;
        enum err err = store_article_put(st, &a, &w->url_ids[u], &inserted, eb);
        if (err)
            return err;
        w->n_inserted += inserted;
    }
    return ERR_OK;
}

/* Runs fn on WORKERS threads over w (zeroed by the caller, who may set
 * per-worker inputs), started together; work is with_store's. */
static void run_workers(const char *dsn, void *(*fn)(void *),
                        enum err (*work)(struct worker *, struct store *, struct errbuf *),
                        struct worker *w)
{
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, WORKERS);
    pthread_t threads[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        w[i].dsn = dsn;
        w[i].work = work;
        w[i].start = &start;
        w[i].index = i;
        assert_int_equal(pthread_create(&threads[i], NULL, fn, &w[i]), 0);
    }
    for (int i = 0; i < WORKERS; i++)
        pthread_join(threads[i], NULL);
    pthread_barrier_destroy(&start);
    for (int i = 0; i < WORKERS; i++)
        if (w[i].err)
            fail_msg("worker %d on %s: %s", i, dsn, w[i].msg);
}

static void test_migrate_together(void **state)
{
    (void)state;
    char *dsns[2];
    int n = test_store_dsns("together", dsns);
    for (int d = 0; d < n; d++) {
        struct worker w[WORKERS] = {0};
        run_workers(dsns[d], open_at_once, NULL, w);
        struct store *st;
        assert_int_equal(store_open(dsns[d], &st, NULL), ERR_OK);
        int version;
        assert_int_equal(store_schema_version(st, &version, NULL), ERR_OK);
        assert_true(version >= 1);
        store_close(st);
        free(dsns[d]);
    }
}

static void test_claims_side_by_side(void **state)
{
    (void)state;
    char *dsns[2];
    int n = test_store_dsns("side_by_side", dsns);
    for (int d = 0; d < n; d++) {
        struct store *st;
        assert_int_equal(store_open(dsns[d], &st, NULL), ERR_OK);
        for (int i = 0; i < SOURCES; i++) {
            char name[32], url[64];
            snprintf(name, sizeof name, "Outlet %d", i);
            snprintf(url, sizeof url, "https://outlet%d.example/feed.xml", i);
            struct source s = {.name = name, .feed_url = url, .enabled = true};
            test_add_source(st, &s);
        }
        store_close(st);

        struct worker w[WORKERS] = {0};
        run_workers(dsns[d], with_store, claim_until_done, w);
        /* Every source claimed once, by exactly one worker. */
        int seen[SOURCES + 1] = {0};
        size_t total = 0;
        for (int i = 0; i < WORKERS; i++) {
            total += w[i].n_claimed;
            for (size_t j = 0; j < w[i].n_claimed; j++) {
                assert_true(w[i].claimed[j] >= 1 && w[i].claimed[j] <= SOURCES);
                seen[w[i].claimed[j]]++;
            }
        }
        assert_int_equal(total, SOURCES);
        for (int id = 1; id <= SOURCES; id++)
            assert_int_equal(seen[id], 1);
        free(dsns[d]);
    }
}

static void test_same_urls_side_by_side(void **state)
{
    (void)state;
    char *dsns[2];
    int n = test_store_dsns("same_urls", dsns);
    for (int d = 0; d < n; d++) {
        struct worker w[WORKERS] = {0};
        struct store *st;
        assert_int_equal(store_open(dsns[d], &st, NULL), ERR_OK);
        for (int i = 0; i < WORKERS; i++) {
            char name[32], url[64];
            snprintf(name, sizeof name, "Feed %d", i);
            snprintf(url, sizeof url, "https://outlet.example/feed%d.xml", i);
            struct source s = {.name = name, .feed_url = url, .enabled = true};
            w[i].source_id = test_add_source(st, &s);
        }
        run_workers(dsns[d], with_store, put_same_urls, w);
        /* Each URL inserted by exactly one worker, and every worker got that article. */
        int inserted = 0;
        for (int i = 0; i < WORKERS; i++)
            inserted += w[i].n_inserted;
        assert_int_equal(inserted, URLS);
        for (int u = 0; u < URLS; u++) {
            assert_true(w[0].url_ids[u] > 0);
            for (int i = 1; i < WORKERS; i++)
                assert_int_equal(w[i].url_ids[u], w[0].url_ids[u]);
        }
        int64_t count;
        assert_int_equal(store_article_count(st, 0, &count, NULL), ERR_OK);
        assert_int_equal(count, URLS);
        struct article a;
        assert_int_equal(store_article_get(st, w[0].url_ids[7], &a, NULL), ERR_OK);
        assert_string_equal(a.url, "https://wire.example/story/7");
        article_clear(&a);
        store_close(st);
        free(dsns[d]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrate_together),
        cmocka_unit_test(test_claims_side_by_side),
        cmocka_unit_test(test_same_urls_side_by_side),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
