/* The web layer's part of the store (migration 0006) and the admin tokens on
 * it: tokens are kept hashed and checked in constant time; the site generation
 * moves with every write that pages show and not with reads; the counters
 * behind /metrics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "testlib.h"
#include "web/auth.h"

static int64_t generation(struct store *st)
{
    int64_t g = 0;
    assert_int_equal(store_site_generation(st, &g, NULL), ERR_OK);
    return g;
}

static void tokens(const char *dsn)
{
    struct store *st = test_store_open(dsn);
    char hash[AUTH_HASH_LEN + 1];
    auth_token_hash("abc", hash); /* the FIPS 180-2 example */
    assert_string_equal(hash, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    char token[AUTH_TOKEN_LEN + 1], second[AUTH_TOKEN_LEN + 1];
    struct errbuf eb = {{0}};
    assert_int_equal(auth_token_create(st, "init", token, &eb), ERR_OK);
    assert_int_equal(auth_token_create(st, "ci", second, &eb), ERR_OK);
    assert_int_equal(strlen(token), AUTH_TOKEN_LEN);
    assert_memory_equal(token, "omnibus_", 8);
    assert_string_not_equal(token, second);

    /* Only hashes are stored. */
    struct admin_token_list l;
    assert_int_equal(store_admin_token_list(st, &l, &eb), ERR_OK);
    assert_int_equal(l.len, 2);
    auth_token_hash(token, hash);
    assert_string_equal(l.items[0].hash, hash);
    assert_string_equal(l.items[0].name, "init");
    for (size_t i = 0; i < l.len; i++)
        assert_null(strstr(l.items[i].hash, token + 8));
    admin_token_list_free(&l);
    int64_t id;
    assert_int_equal(store_admin_token_add(st, "again", hash, &id, &eb), ERR_EXISTS);

    char header[128];
    enum auth_result r;
    assert_int_equal(auth_check(st, NULL, &r, &eb), ERR_OK);
    assert_int_equal(r, AUTH_MISSING);
    assert_int_equal(auth_check(st, "Basic dXNlcjpwYXNz", &r, &eb), ERR_OK);
    assert_int_equal(r, AUTH_MISSING);
    assert_int_equal(auth_check(st, "Bearer ", &r, &eb), ERR_OK);
    assert_int_equal(r, AUTH_MISSING);
    assert_int_equal(auth_check(st, "Bearer omnibus_wrong", &r, &eb), ERR_OK);
    assert_int_equal(r, AUTH_WRONG);
    /* The hash itself is not a token. */
    snprintf(header, sizeof header, "Bearer %s", hash);
    assert_int_equal(auth_check(st, header, &r, &eb), ERR_OK);
    assert_int_equal(r, AUTH_WRONG);
    snprintf(header, sizeof header, "Bearer %.*s", AUTH_TOKEN_LEN - 1, token);
    assert_int_equal(auth_check(st, header, &r, &eb), ERR_OK);
    assert_int_equal(r, AUTH_WRONG);
    snprintf(header, sizeof header, "bearer %s", token);
    assert_int_equal(auth_check(st, header, &r, &eb), ERR_OK);
    assert_int_equal(r, AUTH_OK);
    snprintf(header, sizeof header, "Bearer %s", second);
    assert_int_equal(auth_check(st, header, &r, &eb), ERR_OK);
    assert_int_equal(r, AUTH_OK);
    store_close(st);
}

static void generation_and_stats(const char *dsn)
{
    struct store *st = test_store_open(dsn);
    struct errbuf eb = {{0}};
    int64_t g0 = generation(st);
    assert_true(g0 >= 1);

    struct source s = {.name = "SVT Nyheter",
                       .feed_url = "https://www.svt.se/rss.xml",
                       .kind = "public-service",
                       .enabled = true};
    int64_t sid;
    assert_int_equal(store_source_add(st, &s, &sid, &eb), ERR_OK);
    int64_t g1 = generation(st);
    assert_true(g1 > g0);

    /* Reads do not move it. */
    struct source_list l;
    assert_int_equal(store_source_list(st, &l, &eb), ERR_OK);
    source_list_free(&l);
    assert_int_equal(generation(st), g1);

    struct article a = {.source_id = sid,
                        .url = "https://www.svt.se/nyheter/a1",
                        .title = "Regeringen avgår",
                        .fetched_at = 1711188000,
                        .content_hash = "h1"};
    int64_t aid;
    bool inserted;
    assert_int_equal(store_article_put(st, &a, &aid, &inserted, &eb), ERR_OK);
    int64_t g2 = generation(st);
    assert_true(g2 > g1);
    /* The same article again, unchanged: nothing written, nothing moves. */
    assert_int_equal(store_article_put(st, &a, &aid, &inserted, &eb), ERR_OK);
    assert_false(inserted);
    assert_int_equal(generation(st), g2);

    struct fetch_state fs;
    assert_int_equal(store_fetch_state_get(st, sid, &fs, &eb), ERR_OK);
    fs.consecutive_failures = 2;
    fs.last_error = strdup("HTTP 503");
    fs.items_seen = 17;
    fs.last_success_at = 1711180000;
    assert_int_equal(store_fetch_state_put(st, &fs, &eb), ERR_OK);
    fetch_state_clear(&fs);
    int64_t g3 = generation(st);
    assert_true(g3 > g2);

    struct site_stats stats;
    assert_int_equal(store_site_stats(st, &stats, &eb), ERR_OK);
    assert_int_equal(stats.sources, 1);
    assert_int_equal(stats.sources_enabled, 1);
    assert_int_equal(stats.sources_failing, 1);
    assert_int_equal(stats.articles, 1);
    assert_int_equal(stats.feed_items_seen, 17);
    assert_int_equal(stats.last_success_at, 1711180000);

    assert_int_equal(store_source_remove(st, sid, &eb), ERR_OK);
    assert_true(generation(st) > g3);
    assert_int_equal(store_site_stats(st, &stats, &eb), ERR_OK);
    assert_int_equal(stats.sources, 0);
    assert_int_equal(stats.articles, 0);
    store_close(st);
}

static void test_tokens(void **state)
{
    (void)state;
    test_for_each_store(tokens, "web-tokens");
}

static void test_generation(void **state)
{
    (void)state;
    test_for_each_store(generation_and_stats, "web-generation");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_generation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
