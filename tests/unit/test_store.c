/* The store on every engine the run offers (SQLite always; PostgreSQL when
 * OMNIBUS_TEST_PG is set): sources, fetch state, claims, articles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/db.h"
#include "store/store.h"
#include "testlib.h"

static int64_t add_source(struct store *st, const char *name, const char *url)
{
    struct source s = {.name = (char *)name,
                       .feed_url = (char *)url,
                       .lang = "sv",
                       .country = "SE",
                       .kind = "news",
                       .stance = "obunden liberal",
                       .enabled = true};
    return test_add_source(st, &s);
}

static void sources_roundtrip(const char *dsn)
{
    struct store *st = test_store_open(dsn);
    int64_t a = add_source(st, "Dagens Nyheter", "https://www.dn.se/rss/");
    int64_t b = add_source(st, "SVT Nyheter", "https://www.svt.se/nyheter/rss.xml");
    assert_true(a > 0 && b > a);

    /* The same feed twice is refused and names the existing source. */
    struct source dup = {.name = "DN again", .feed_url = "https://www.dn.se/rss/", .enabled = true};
    int64_t id;
    struct errbuf eb = {{0}};
    assert_int_equal(store_source_add(st, &dup, &id, &eb), ERR_EXISTS);
    assert_int_equal(id, a);
    assert_non_null(strstr(eb.msg, "exists"));

    struct source got;
    assert_int_equal(store_source_get(st, a, &got, NULL), ERR_OK);
    assert_string_equal(got.name, "Dagens Nyheter");
    assert_string_equal(got.stance, "obunden liberal");
    assert_string_equal(got.country, "SE");
    assert_true(got.enabled);
    assert_false(got.full_text);
    free(got.name);
    got.name = xstrdup("DN");
    got.full_text = true;
    assert_int_equal(store_source_update(st, &got, NULL), ERR_OK);
    source_clear(&got);
    assert_int_equal(store_source_find(st, "https://www.dn.se/rss/", &got, NULL), ERR_OK);
    assert_string_equal(got.name, "DN");
    assert_true(got.full_text);
    source_clear(&got);

    struct source_list list;
    assert_int_equal(store_source_list(st, &list, NULL), ERR_OK);
    assert_int_equal(list.len, 2);
    assert_string_equal(list.items[1].name, "SVT Nyheter");
    source_list_clear(&list);

    assert_int_equal(store_source_remove(st, b, NULL), ERR_OK);
    assert_int_equal(store_source_remove(st, b, NULL), ERR_NOT_FOUND);
    assert_int_equal(store_source_get(st, b, &got, NULL), ERR_NOT_FOUND);
    store_close(st);
}

static void claims_and_state(const char *dsn)
{
    struct store *st = test_store_open(dsn);
    for (int i = 0; i < 5; i++) {
        char name[16], url[64];
        snprintf(name, sizeof name, "S%d", i);
        snprintf(url, sizeof url, "https://example.org/feed%d.xml", i);
        add_source(st, name, url);
    }
    struct source_list w1, w2;
    assert_int_equal(store_sources_claim_due(st, 1000, 3, "w1", 60, &w1, NULL), ERR_OK);
    assert_int_equal(store_sources_claim_due(st, 1000, 3, "w2", 60, &w2, NULL), ERR_OK);
    assert_int_equal(w1.len, 3);
    assert_int_equal(w2.len, 2); /* only two were left unleased */
    for (size_t i = 0; i < w1.len; i++)
        for (size_t j = 0; j < w2.len; j++)
            assert_true(w1.items[i].id != w2.items[j].id);

    /* Finishing a fetch releases the lease and schedules the next. */
    struct fetch_state fs;
    assert_int_equal(store_fetch_state_get(st, w1.items[0].id, &fs, NULL), ERR_OK);
    free(fs.etag);
    fs.etag = xstrdup("\"abc\"");
    fs.last_status = 200;
    fs.next_fetch_at = 5000;
    fs.consecutive_failures = 0;
    assert_int_equal(store_fetch_state_put(st, &fs, NULL), ERR_OK);
    fetch_state_clear(&fs);
    assert_int_equal(store_fetch_state_get(st, w1.items[0].id, &fs, NULL), ERR_OK);
    assert_string_equal(fs.etag, "\"abc\"");
    assert_int_equal(fs.next_fetch_at, 5000);
    fetch_state_clear(&fs);

    /* An expired lease can be claimed again; a rescheduled source cannot until due. */
    struct source_list w3;
    assert_int_equal(store_sources_claim_due(st, 1100, 10, "w3", 60, &w3, NULL), ERR_OK);
    assert_int_equal(w3.len, 4);
    for (size_t i = 0; i < w3.len; i++)
        assert_true(w3.items[i].id != w1.items[0].id);
    source_list_clear(&w3);
    /* Made due again, only the released source is free: w3 holds the rest until 1160. */
    assert_int_equal(store_sources_make_due(st, 1150, NULL), ERR_OK);
    assert_int_equal(store_sources_claim_due(st, 1150, 10, "w4", 60, &w3, NULL), ERR_OK);
    assert_int_equal(w3.len, 1);
    assert_int_equal(w3.items[0].id, w1.items[0].id);
    source_list_clear(&w3);
    /* After the leases expire everything is claimable again. */
    assert_int_equal(store_sources_claim_due(st, 1300, 10, "w5", 60, &w3, NULL), ERR_OK);
    assert_int_equal(w3.len, 5);
    source_list_clear(&w3);
    source_list_clear(&w1);
    source_list_clear(&w2);
    store_close(st);
}

static void articles_dedup(const char *dsn)
{
    struct store *st = test_store_open(dsn);
    int64_t src = add_source(st, "Sky News", "https://feeds.skynews.com/feeds/rss/world.xml");
    struct article a = {.source_id = src,
                        .url = "https://news.sky.com/story/is-k-1",
                        .guid = "sky-1",
                        .title = "Why IS-K is likely behind the attack",
                        .authors = "[\"Alex Rossi\"]",
                        .published_at = 1711180800,
                        .fetched_at = 1711184400,
                        .summary = "The countries where IS-K operates...",
                        .content_hash = "h1"};
    int64_t id1, id2;
    bool inserted;
    struct errbuf eb = {{0}};
    assert_int_equal(store_article_put(st, &a, &id1, &inserted, &eb), ERR_OK);
    assert_true(inserted);
    assert_int_equal(store_article_put(st, &a, &id2, &inserted, &eb), ERR_OK);
    assert_false(inserted);
    assert_int_equal(id1, id2);

    /* Same GUID, other URL (a feed changed its links): still one article, updated. */
    a.url = "https://news.sky.com/story/is-k-1?ref=rss2";
    a.title = "Why IS-K is behind the Moscow attack";
    a.content_hash = "h2";
    assert_int_equal(store_article_put(st, &a, &id2, &inserted, &eb), ERR_OK);
    assert_false(inserted);
    assert_int_equal(id1, id2);
    /* Both URLs now name it, whatever the GUID (another feed of the outlet). */
    a.guid = "https://news.sky.com/story/is-k-1";
    assert_int_equal(store_article_put(st, &a, &id2, &inserted, &eb), ERR_OK);
    assert_int_equal(id1, id2);
    a.url = "https://news.sky.com/story/is-k-1";
    assert_int_equal(store_article_put(st, &a, &id2, &inserted, &eb), ERR_OK);
    assert_false(inserted);
    assert_int_equal(id1, id2);
    struct article got;
    assert_int_equal(store_article_get(st, id1, &got, NULL), ERR_OK);
    assert_string_equal(got.title, "Why IS-K is behind the Moscow attack");
    assert_string_equal(got.authors, "[\"Alex Rossi\"]");
    assert_int_equal(got.published_at, 1711180800);
    assert_null(got.image_url);
    article_clear(&got);

    int64_t n;
    assert_int_equal(store_article_count(st, 0, &n, NULL), ERR_OK);
    assert_int_equal(n, 1);
    struct article_list list;
    assert_int_equal(store_article_list(st, src, 10, &list, NULL), ERR_OK);
    assert_int_equal(list.len, 1);
    article_list_clear(&list);

    /* Removing the source removes its articles. */
    assert_int_equal(store_source_remove(st, src, NULL), ERR_OK);
    assert_int_equal(store_article_count(st, 0, &n, NULL), ERR_OK);
    assert_int_equal(n, 0);
    store_close(st);
}

/* A bounded statement stops with ERR_TIMEOUT and leaves the connection
 * usable; lifting the bound lets the next one run to its end. A recursive
 * count both engines run, far longer than the bound. */
static void statement_time_limit(const char *dsn)
{
    static const char *const slow =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) "
        "SELECT count(*) FROM c";
    struct db *db;
    struct errbuf eb = {{0}};
    assert_int_equal(db_open(dsn, &db, &eb), ERR_OK);
    assert_int_equal(db_set_time_limit(db, 50, &eb), ERR_OK);
    struct db_stmt *q;
    bool row;
    assert_int_equal(db_prepare(db, slow, &q), ERR_OK);
    db_bind_int(q, 1, 2000000000);
    assert_int_equal(db_step(q, &row, &eb), ERR_TIMEOUT);
    db_reset(q);
    assert_int_equal(db_set_time_limit(db, 0, &eb), ERR_OK);
    assert_int_equal(db_prepare(db, slow, &q), ERR_OK);
    db_bind_int(q, 1, 10000);
    assert_int_equal(db_step(q, &row, &eb), ERR_OK);
    assert_true(row);
    assert_int_equal(db_col_int(q, 0), 10000);
    db_reset(q);
    db_close(db);
}

/* The newest articles of all sources are read through an index in their
 * order (migration 0022), never by sorting the whole table: the front page
 * must cost what it shows. The ORDER BY is store_article_list's. */
static void test_newest_first_by_index(void **state)
{
    (void)state;
    char *dsn = test_sqlite_dsn("newest");
    store_close(test_store_open(dsn));
    struct db *db;
    struct errbuf eb = {{0}};
    assert_int_equal(db_open(dsn, &db, &eb), ERR_OK);
    struct db_stmt *q;
    assert_int_equal(db_prepare(db,
                                "EXPLAIN QUERY PLAN SELECT id, body FROM article ORDER BY "
                                "COALESCE(published_at, fetched_at) DESC, id DESC LIMIT ?",
                                &q),
                     ERR_OK);
    db_bind_int(q, 1, 300);
    bool row, by_index = false, sorted = false;
    while (db_step(q, &row, &eb) == ERR_OK && row) {
        const char *detail = db_col_text(q, 3);
        by_index |= detail && strstr(detail, "article_recent") != NULL;
        sorted |= detail && strstr(detail, "TEMP B-TREE") != NULL;
    }
    db_reset(q);
    db_close(db);
    assert_true(by_index);
    assert_false(sorted);
    free(dsn);
}

static void test_sources(void **state)
{
    (void)state;
    test_for_each_store(sources_roundtrip, "sources");
}

static void test_claims(void **state)
{
    (void)state;
    test_for_each_store(claims_and_state, "claims");
}

static void test_articles(void **state)
{
    (void)state;
    test_for_each_store(articles_dedup, "articles");
}

static void test_time_limit(void **state)
{
    (void)state;
    test_for_each_store(statement_time_limit, "time limit");
}

static void test_bad_dsn(void **state)
{
    (void)state;
    struct store *st;
    struct errbuf eb = {{0}};
    assert_int_equal(store_open("sqlite:/nonexistent-dir/x/y.db", &st, &eb), ERR_STORE);
    assert_non_null(strstr(eb.msg, "/nonexistent-dir/x/y.db"));
    assert_int_equal(store_open("", &st, &eb), ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sources),  cmocka_unit_test(test_claims),
        cmocka_unit_test(test_articles), cmocka_unit_test(test_time_limit),
        cmocka_unit_test(test_bad_dsn),  cmocka_unit_test(test_newest_first_by_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
