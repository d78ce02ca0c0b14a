/* The stages' work queues over the store, on every engine the run offers, with
 * real ECB+ texts as articles of a full-text outlet and a feed-only one: the
 * queue rows a new article makes (in its own transaction), the pending lists
 * read from the queues, a claim that two workers on two connections cannot
 * both win, and the rows deleted as each stage stores its result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "ecbplus_docs.h"
#include "store/store.h"
#include "story/stage.h"
#include "text/stage.h"

#define T0 1700000000
#define N_DOCS 24

static int64_t queued(struct store *st, const char *stage)
{
    struct store_stats s;
    struct errbuf eb = {{0}};
    enum err err = store_stats_get(st, time_now(), &s, &eb);
    if (err)
        fail_msg("store_stats_get: %s", err_msg(&eb, err));
    int64_t n = -1;
    for (size_t i = 0; i < STORE_N_STAGES; i++)
        if (!strcmp(s.queues[i].stage, stage))
            n = s.queues[i].queued;
    store_stats_clear(&s);
    return n;
}

static int64_t add_source(struct store *st, const char *name, bool full_text)
{
    char url[128];
    snprintf(url, sizeof url, "https://%s.example/feed", name);
    struct source s = {.name = (char *)name,
                       .feed_url = url,
                       .lang = "en",
                       .kind = "news",
                       .full_text = full_text,
                       .enabled = true};
    return test_add_source(st, &s);
}

static int64_t add_article(struct store *st, int64_t source, const struct ecb_doc *d, int64_t t,
                           bool with_body)
{
    char url[256];
    snprintf(url, sizeof url, "https://news.example/%lld/%s", (long long)source, d->id);
    struct article a = {.source_id = source,
                        .url = url,
                        .title = d->first,
                        .summary = d->first,
                        .body = with_body ? d->rest : NULL,
                        .published_at = t,
                        .fetched_at = t + 60,
                        .content_hash = url};
    int64_t id;
    bool inserted;
    struct errbuf eb = {{0}};
    enum err err = store_article_put(st, &a, &id, &inserted, &eb);
    if (err)
        fail_msg("store_article_put: %s", err_msg(&eb, err));
    assert_true(inserted);
    return id;
}

static void queues(const char *dsn)
{
    struct ecb_docs docs;
    ecb_docs_load(&docs);
    assert_true(docs.len >= N_DOCS);
    struct store *a = test_store_open(dsn), *b = test_store_open(dsn);
    int64_t full = add_source(a, "fulltext", true), teaser = add_source(a, "teaser", false);

    /* Each new article is queued with its insert: for clustering, for
     * analysis when it has a body, for its page when its source is full-text.
     * A failed insert queues nothing. */
    int64_t ids[N_DOCS];
    for (int i = 0; i < N_DOCS; i++)
        ids[i] = add_article(a, i % 3 ? teaser : full, &docs.items[i], T0 + i * 600, i != 5);
    assert_int_equal(queued(a, "story"), N_DOCS);
    assert_int_equal(queued(a, "text"), N_DOCS - 1);
    assert_int_equal(queued(a, "extract"), N_DOCS / 3);
    assert_int_equal(queued(a, "link"), 0);
    struct extract_todo_list pages;
    assert_int_equal(store_extract_pending(a, time_now(), 100, &pages, NULL), ERR_OK);
    assert_int_equal(pages.len, N_DOCS / 3);
    extract_todo_list_clear(&pages);

    /* Two workers read the same pending list; only one wins each claim. */
    int64_t *seen_a, *seen_b;
    size_t na, nb;
    int64_t now = time_now();
    assert_int_equal(store_text_pending(a, 8, now, &seen_a, &na, NULL), ERR_OK);
    assert_int_equal(store_text_pending(b, 8, now, &seen_b, &nb, NULL), ERR_OK);
    assert_int_equal(na, 8);
    assert_int_equal(nb, 8);
    assert_memory_equal(seen_a, seen_b, 8 * sizeof *seen_a);
    assert_int_equal(store_work_claim(a, "text", "w1", now, 600, seen_a, &na, NULL), ERR_OK);
    assert_int_equal(store_work_claim(b, "text", "w2", now, 600, seen_b, &nb, NULL), ERR_OK);
    assert_int_equal(na, 8);
    assert_int_equal(nb, 0);
    free(seen_b);
    /* The second worker's next list leaves out what the first holds. */
    assert_int_equal(store_text_pending(b, 100, now, &seen_b, &nb, NULL), ERR_OK);
    assert_int_equal(nb, N_DOCS - 1 - 8);
    for (size_t i = 0; i < nb; i++)
        for (size_t k = 0; k < na; k++)
            assert_true(seen_b[i] != seen_a[k]);
    free(seen_b);

    /* A stored analysis takes its article off the text queue and queues its
     * linking; the claim goes with it. */
    struct text_ctx *tx;
    struct errbuf teb = {{0}};
    if (text_ctx_new(&tx, &teb))
        fail_msg("text_ctx_new: %s", teb.msg);
    for (size_t i = 0; i < na; i++)
        if (text_stage_article(tx, a, seen_a[i], &teb))
            fail_msg("analysing %lld: %s", (long long)seen_a[i], teb.msg);
    free(seen_a);
    assert_int_equal(queued(a, "text"), N_DOCS - 1 - 8);
    assert_int_equal(queued(a, "link"), 8);
    size_t done;
    assert_int_equal(text_stage_pending(tx, b, 100, "w2", &done, NULL), ERR_OK);
    assert_int_equal(done, N_DOCS - 1 - 8);
    assert_int_equal(queued(a, "text"), 0);
    text_ctx_free(tx);

    /* A new body (the page's text, or an updated feed item) is analysed again. */
    assert_int_equal(store_article_set_body(a, ids[1], docs.items[1].text, "newhash", NULL),
                     ERR_OK);
    assert_int_equal(queued(a, "text"), 1);

    /* Clustered articles leave the story queue; a failed page that may pass
     * stays queued, one that will not leaves. */
    struct story_stage *ss;
    struct errbuf seb = {{0}};
    if (story_stage_open(a, NULL, &ss, &seb))
        fail_msg("story_stage_open: %s", seb.msg);
    struct story_stage_stats stats = {0};
    if (story_stage_run(ss, a, 0, time_now(), &stats, &seb))
        fail_msg("story_stage_run: %s", seb.msg);
    story_stage_free(ss);
    assert_int_equal(stats.articles, N_DOCS);
    assert_int_equal(queued(a, "story"), 0);
    assert_int_equal(store_extract_fail(a, ids[0], "HTTP 503", now, now + 3600, NULL), ERR_OK);
    assert_int_equal(store_work_release(a, "extract", ids[0], NULL), ERR_OK);
    assert_int_equal(store_extract_fail(a, ids[3], "HTTP 404", now, 0, NULL), ERR_OK);
    assert_int_equal(store_work_done(a, "extract", ids[3], NULL), ERR_OK);
    assert_int_equal(queued(a, "extract"), N_DOCS / 3 - 1);
    assert_int_equal(store_extract_pending(a, now, 100, &pages, NULL), ERR_OK);
    assert_int_equal(pages.len, N_DOCS / 3 - 2); /* the 503 is due in an hour */
    extract_todo_list_clear(&pages);
    assert_int_equal(store_extract_pending(a, now + 3600, 100, &pages, NULL), ERR_OK);
    assert_int_equal(pages.len, N_DOCS / 3 - 1);
    extract_todo_list_clear(&pages);

    store_close(b);
    store_close(a);
    ecb_docs_free(&docs);
}

static void test_queues(void **state)
{
    (void)state;
    test_for_each_store(queues, "work_queue");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
