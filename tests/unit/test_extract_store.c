/* The store's extraction records on every engine the run offers: results and
 * failures per article, and the articles of full-text sources still to read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "testlib.h"

static struct store *open_fresh(const char *dsn)
{
    struct store *st = NULL;
    struct errbuf eb = {{0}};
    enum err err = store_open(dsn, &st, &eb);
    if (err)
        fail_msg("store_open(%s): %s", dsn, err_msg(&eb, err));
    return st;
}

static int64_t add_source(struct store *st, const char *feed, bool full_text, bool allow_private)
{
    struct source s = {.name = (char *)feed,
                       .feed_url = (char *)feed,
                       .kind = "news",
                       .full_text = full_text,
                       .allow_private = allow_private,
                       .enabled = true};
    int64_t id;
    struct errbuf eb = {{0}};
    enum err err = store_source_add(st, &s, &id, &eb);
    if (err)
        fail_msg("store_source_add: %s", err_msg(&eb, err));
    return id;
}

static int64_t add_article(struct store *st, int64_t source, const char *url, const char *link,
                           int64_t fetched)
{
    struct article a = {.source_id = source,
                        .url = (char *)url,
                        .link = (char *)link,
                        .title = "A title",
                        .summary = "The feed's teaser.",
                        .fetched_at = fetched};
    int64_t id;
    bool inserted;
    struct errbuf eb = {{0}};
    enum err err = store_article_put(st, &a, &id, &inserted, &eb);
    if (err)
        fail_msg("store_article_put: %s", err_msg(&eb, err));
    return id;
}

/* Whether the pending list holds article id, and where. */
static int position(const struct extract_todo_list *l, int64_t id)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i].article_id == id)
            return (int)i;
    return -1;
}

static void pending(struct store *st, int64_t now, struct extract_todo_list *l)
{
    struct errbuf eb = {{0}};
    enum err err = store_extract_pending(st, now, 100, l, &eb);
    if (err)
        fail_msg("store_extract_pending: %s", err_msg(&eb, err));
}

static void results_and_failures(const char *dsn)
{
    struct store *st = open_fresh(dsn);
    const int64_t now = 1711180800; /* 2024-03-23 */
    int64_t full = add_source(st, "https://www.svt.se/nyheter/rss.xml", true, true);
    int64_t teaser = add_source(st, "https://www.dn.se/rss/", false, false);
    int64_t a1 = add_article(st, full, "https://www.svt.se/nyheter/a1", NULL, now - 60);
    int64_t a2 = add_article(st, full, "https://www.svt.se/nyheter/a2",
                             "https://www.svt.se/nyheter/a2?utm_source=rss", now - 30);
    int64_t b1 = add_article(st, teaser, "https://www.dn.se/b1", NULL, now);

    /* Only the full-text source's articles are to do, newest first. */
    struct extract_todo_list l;
    pending(st, now, &l);
    assert_int_equal(position(&l, b1), -1);
    int p1 = position(&l, a1), p2 = position(&l, a2);
    assert_true(p1 >= 0 && p2 >= 0 && p2 < p1);
    assert_string_equal(l.items[p2].url, "https://www.svt.se/nyheter/a2?utm_source=rss");
    assert_string_equal(l.items[p1].url, "https://www.svt.se/nyheter/a1");
    assert_true(l.items[p1].allow_private);
    assert_int_equal(l.items[p1].source_id, full);
    extract_todo_list_clear(&l);

    /* A result is stored whole and takes the article off the list. */
    struct article_extract e = {
        .article_id = a1,
        .extracted_at = now,
        .page_url = "https://www.svt.se/nyheter/a1",
        .title = "Analyser: Därför är det troligt att IS-K är bakom",
        .byline = "[\"Alex Rossi\"]",
        .published_at = now - 3600,
        .lang = "sv",
        .site_name = "SVT Nyheter",
        .excerpt = "IS-Khorasan har tidigare tagit på sig andras terrorattacker.",
        .text = "IS-Khorasan har tidigare tagit på sig andras terrorattacker.\n\nDe länder där "
                "IS-K verkar är bördig mark för rekrytering.",
        .html = "<p>IS-Khorasan har tidigare tagit på sig andras terrorattacker.</p>",
        .image_url = "https://www.svt.se/image/a1.jpg",
        .image_caption = "Minnestavlor på lördagen.",
        .image_credit = "Alexander Zemlianichenko / AP",
    };
    struct errbuf eb = {{0}};
    assert_int_equal(store_extract_put(st, &e, &eb), ERR_OK);
    struct article_extract got;
    assert_int_equal(store_extract_get(st, a1, &got, &eb), ERR_OK);
    assert_true(got.ok);
    assert_null(got.error);
    assert_int_equal(got.attempts, 1);
    assert_int_equal(got.extracted_at, now);
    assert_int_equal(got.published_at, now - 3600);
    assert_int_equal(got.modified_at, 0);
    assert_string_equal(got.byline, "[\"Alex Rossi\"]");
    assert_string_equal(got.text, e.text);
    assert_string_equal(got.image_credit, "Alexander Zemlianichenko / AP");
    article_extract_clear(&got);
    pending(st, now, &l);
    assert_int_equal(position(&l, a1), -1);
    assert_true(position(&l, a2) >= 0);
    extract_todo_list_clear(&l);

    /* A failure says why, and comes back when its retry is due. */
    assert_int_equal(store_extract_fail(st, a2, "HTTP status 503", now, now + 3600, &eb), ERR_OK);
    assert_int_equal(store_extract_get(st, a2, &got, &eb), ERR_OK);
    assert_false(got.ok);
    assert_string_equal(got.error, "HTTP status 503");
    assert_int_equal(got.retry_at, now + 3600);
    assert_null(got.text);
    article_extract_clear(&got);
    pending(st, now, &l);
    assert_int_equal(position(&l, a2), -1);
    extract_todo_list_clear(&l);
    pending(st, now + 3600, &l);
    assert_true(position(&l, a2) >= 0);
    extract_todo_list_clear(&l);

    /* Attempts add up; a later success clears the failure. */
    assert_int_equal(store_extract_fail(st, a2, "timed out", now + 3600, now + 7200, &eb), ERR_OK);
    e.article_id = a2;
    e.image_credit = NULL;
    assert_int_equal(store_extract_put(st, &e, &eb), ERR_OK);
    assert_int_equal(store_extract_get(st, a2, &got, &eb), ERR_OK);
    assert_true(got.ok);
    assert_null(got.error);
    assert_int_equal(got.attempts, 3);
    assert_int_equal(got.retry_at, 0);
    assert_null(got.image_credit);
    article_extract_clear(&got);

    /* A failure that is not to be retried keeps the article off the list for
     * good, and drops what an earlier attempt found. */
    assert_int_equal(store_extract_fail(st, a1, "no article text found", now, 0, &eb), ERR_OK);
    assert_int_equal(store_extract_get(st, a1, &got, &eb), ERR_OK);
    assert_false(got.ok);
    assert_int_equal(got.attempts, 2);
    assert_null(got.title);
    article_extract_clear(&got);
    pending(st, now + 100000, &l);
    assert_int_equal(position(&l, a1), -1);
    extract_todo_list_clear(&l);

    /* No such article; an article never tried. */
    e.article_id = 987654321;
    assert_int_equal(store_extract_put(st, &e, &eb), ERR_NOT_FOUND);
    assert_int_equal(store_extract_fail(st, 987654321, "x", now, 0, &eb), ERR_NOT_FOUND);
    assert_int_equal(store_extract_get(st, b1, &got, &eb), ERR_NOT_FOUND);

    /* Removing a source removes what extraction stored for its articles. */
    assert_int_equal(store_source_remove(st, full, &eb), ERR_OK);
    assert_int_equal(store_extract_get(st, a2, &got, &eb), ERR_NOT_FOUND);
    store_close(st);
}

static void disabled_sources(const char *dsn)
{
    struct store *st = open_fresh(dsn);
    int64_t src = add_source(st, "https://www.hbl.fi/rss", true, false);
    int64_t a = add_article(st, src, "https://www.hbl.fi/artikel/1", NULL, 1711180800);
    struct source s;
    struct errbuf eb = {{0}};
    assert_int_equal(store_source_get(st, src, &s, &eb), ERR_OK);
    s.enabled = false;
    assert_int_equal(store_source_update(st, &s, &eb), ERR_OK);
    source_clear(&s);
    struct extract_todo_list l;
    pending(st, 1711180800, &l);
    assert_int_equal(position(&l, a), -1);
    extract_todo_list_clear(&l);
    store_close(st);
}

static void for_each_engine(void (*fn)(const char *), const char *name)
{
    char *dsns[2];
    int n = test_store_dsns(name, dsns);
    for (int i = 0; i < n; i++) {
        fn(dsns[i]);
        free(dsns[i]);
    }
}

/* Two workers on two connections: the first reads the pending list, the
 * second claims and extracts one of its articles (and still holds another);
 * the first then claims its stale list and is left with only the article
 * no one has done, and the one the second finished is not claimed by it. */
static void claimed_once(const char *dsn)
{
    struct store *a = open_fresh(dsn), *b = open_fresh(dsn);
    const int64_t now = 1711180800;
    int64_t full = add_source(a, "https://www.svt.se/nyheter/rss.xml", true, false);
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        char url[64];
        snprintf(url, sizeof url, "https://www.svt.se/nyheter/c%d", i);
        ids[i] = add_article(a, full, url, NULL, now - 60 + i);
    }
    struct extract_todo_list seen;
    pending(a, now, &seen);
    assert_int_equal(seen.len, 3);

    int64_t theirs[2] = {ids[0], ids[1]};
    size_t n = 2;
    assert_int_equal(store_extract_claim(b, "w2", now, 600, theirs, &n, NULL), ERR_OK);
    assert_int_equal(n, 2);
    struct article_extract e = {.article_id = ids[0],
                                .extracted_at = now,
                                .page_url = "https://www.svt.se/nyheter/c0",
                                .text = "Texten på sidan."};
    assert_int_equal(store_extract_put(b, &e, NULL), ERR_OK);
    assert_int_equal(store_work_done(b, "extract", ids[0], NULL), ERR_OK);

    int64_t mine[3];
    n = 0;
    for (size_t i = 0; i < seen.len; i++)
        mine[n++] = seen.items[i].article_id;
    assert_int_equal(store_extract_claim(a, "w1", now, 600, mine, &n, NULL), ERR_OK);
    assert_int_equal(n, 1);
    assert_int_equal(mine[0], ids[2]);
    /* Its claim on the finished one was released with the re-check. */
    int64_t again[1] = {ids[0]};
    n = 1;
    assert_int_equal(store_work_claim(b, "extract", "w3", now, 600, again, &n, NULL), ERR_OK);
    assert_int_equal(n, 1);
    extract_todo_list_clear(&seen);
    store_close(b);
    store_close(a);
}

static void test_claimed_once(void **state)
{
    (void)state;
    for_each_engine(claimed_once, "extract_claimed_once");
}

static void test_results_and_failures(void **state)
{
    (void)state;
    for_each_engine(results_and_failures, "extract_results");
}

static void test_disabled_sources(void **state)
{
    (void)state;
    for_each_engine(disabled_sources, "extract_disabled");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_results_and_failures),
        cmocka_unit_test(test_disabled_sources),
        cmocka_unit_test(test_claimed_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
