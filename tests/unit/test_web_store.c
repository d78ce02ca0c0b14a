/* The web layer's part of the store (migration 0006) and the admin tokens on
 * it: tokens are kept hashed and checked in constant time; the site generation
 * moves with every write that pages show (by trigger, or from the store for
 * analyses, mentions and KB imports) and not with reads; the counters
 * behind /metrics; the stories of a topic (store_roundup_topic). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "kb/kb.h"
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
    admin_token_list_clear(&l);
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
    source_list_clear(&l);
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

    /* Tables without triggers move it from the store: an analysis (search
     * pages find the article), mentions (topic pages list its story) and a
     * KB import (topic pages show the new texts). */
    struct text_range sentence = {0, 16};
    struct article_text t = {
        .article_id = aid, .lang = "sv", .sentences = &sentence, .n_sentences = 1};
    assert_int_equal(store_text_put(st, &t, &eb), ERR_OK);
    int64_t g4 = generation(st);
    assert_true(g4 > g3);
    struct kb_mention_row m = {
        .field = KB_FIELD_TITLE, .start = 0, .end = 10, .surface = "Regeringen"};
    assert_int_equal(store_kb_mentions_put(st, aid, &m, 1, &eb), ERR_OK);
    int64_t g5 = generation(st);
    assert_true(g5 > g4);
    char *kb = xasprintf("%s/data/demo/kb.ndjson", getenv("OMNIBUS_SOURCE_DIR"));
    const char *paths[] = {kb};
    struct kb_import_opts o = {0};
    struct kb_import_report r;
    assert_int_equal(kb_import(st, paths, 1, &o, &r, &eb), ERR_OK);
    assert_true(r.entities > 0);
    kb_import_report_clear(&r);
    free(kb);
    int64_t g6 = generation(st);
    assert_true(g6 > g5);
    g3 = g6;

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

/* A roundup version of key in lang, composed and published at t. */
static void put_roundup(struct store *st, const char *key, const char *lang, int64_t t)
{
    struct roundup_version v = {.story_key = (char *)key,
                                .lang = (char *)lang,
                                .composed_at = t,
                                .headline = (char *)key,
                                .members = "[]",
                                .change = "first version",
                                .body = "{}",
                                .published_at = t};
    int version;
    struct errbuf eb = {{0}};
    assert_int_equal(store_roundup_put(st, &v, &version, &eb), ERR_OK);
}

/* A topic's stories are those with a member article mentioning the entity:
 * the latest version per language, newest first; the others are left out. */
static void topic_stories(const char *dsn)
{
    struct store *st = test_store_open(dsn);
    struct errbuf eb = {{0}};
    struct source s = {.name = "TT", .feed_url = "https://tt.example/rss", .enabled = true};
    int64_t sid, art[3];
    assert_int_equal(store_source_add(st, &s, &sid, &eb), ERR_OK);
    for (int i = 0; i < 3; i++) {
        char url[64], hash[8];
        snprintf(url, sizeof url, "https://tt.example/%d", i);
        snprintf(hash, sizeof hash, "h%d", i);
        struct article a = {.source_id = sid,
                            .url = url,
                            .title = "Ölandsbron",
                            .fetched_at = 1711188000 + i,
                            .content_hash = hash};
        bool inserted;
        assert_int_equal(store_article_put(st, &a, &art[i], &inserted, &eb), ERR_OK);
    }
    struct kb_text text = {.lang = "sv", .title = "Ölandsbron", .page = "Ölandsbron"};
    struct kb_entity bridge = {.qid = "Q1", .texts = &text, .n_texts = 1};
    struct kb_text text2 = {.lang = "sv", .title = "Kalmar", .page = "Kalmar"};
    struct kb_entity town = {.qid = "Q2", .texts = &text2, .n_texts = 1};
    int64_t bridge_id, town_id;
    assert_int_equal(store_kb_entity_put(st, &bridge, &bridge_id, &eb), ERR_OK);
    assert_int_equal(store_kb_entity_put(st, &town, &town_id, &eb), ERR_OK);
    /* Article 0 (story 7) and article 1 (story 8) mention the bridge, article
     * 2 (story 9) only the town; article 1 mentions it twice. */
    struct kb_mention_row m[] = {
        {.field = KB_FIELD_TITLE, .start = 0, .end = 11, .entity_id = bridge_id, .surface = "Ö"},
        {.field = KB_FIELD_CONTENT, .start = 5, .end = 16, .entity_id = bridge_id, .surface = "Ö"},
        {.field = KB_FIELD_CONTENT, .start = 0, .end = 6, .entity_id = town_id, .surface = "K"},
    };
    assert_int_equal(store_kb_mentions_put(st, art[0], m, 1, &eb), ERR_OK);
    assert_int_equal(store_kb_mentions_put(st, art[1], m, 2, &eb), ERR_OK);
    assert_int_equal(store_kb_mentions_put(st, art[2], m + 2, 1, &eb), ERR_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(store_story_assign(st, art[i], 7 + i, 1.0, 0, NULL, NULL, 1711190000, &eb),
                         ERR_OK);
    put_roundup(st, "story:7", "sv", 100);
    put_roundup(st, "story:7", "sv", 300); /* version 2 */
    put_roundup(st, "story:7", "en", 150);
    put_roundup(st, "story:8", "sv", 200);
    put_roundup(st, "story:9", "sv", 400);
    put_roundup(st, "story:70", "sv", 500); /* a key that only starts alike */

    struct roundup_version_list l;
    assert_int_equal(store_roundup_topic(st, bridge_id, 10, &l, &eb), ERR_OK);
    assert_int_equal(l.len, 3);
    assert_string_equal(l.items[0].story_key, "story:7");
    assert_int_equal(l.items[0].version, 2);
    assert_string_equal(l.items[0].lang, "sv");
    assert_string_equal(l.items[0].body, "{}");
    assert_string_equal(l.items[1].story_key, "story:8");
    assert_string_equal(l.items[2].story_key, "story:7");
    assert_string_equal(l.items[2].lang, "en");
    roundup_version_list_clear(&l);
    assert_int_equal(store_roundup_topic(st, bridge_id, 1, &l, &eb), ERR_OK);
    assert_int_equal(l.len, 1);
    roundup_version_list_clear(&l);
    assert_int_equal(store_roundup_topic(st, town_id, 10, &l, &eb), ERR_OK);
    assert_int_equal(l.len, 1);
    assert_string_equal(l.items[0].story_key, "story:9");
    roundup_version_list_clear(&l);
    assert_int_equal(store_roundup_topic(st, town_id + bridge_id + 100, 10, &l, &eb), ERR_OK);
    assert_int_equal(l.len, 0);
    roundup_version_list_clear(&l);

    /* A merge moves the members, and the topic follows them. */
    assert_int_equal(store_story_merge(st, 8, 9, 1711200000, &eb), ERR_OK);
    assert_int_equal(store_roundup_topic(st, bridge_id, 10, &l, &eb), ERR_OK);
    assert_int_equal(l.len, 3);
    assert_string_equal(l.items[0].story_key, "story:9");
    roundup_version_list_clear(&l);
    store_close(st);
}

static void test_topic_stories(void **state)
{
    (void)state;
    test_for_each_store(topic_stories, "web-topic");
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
        cmocka_unit_test(test_topic_stories),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
