/* store_copy_all (omnibus migrate) on real data: the feed-rs fixtures' feeds
 * (as feed-rs normalised them) and the ECB+ news documents become sources,
 * fetch states and articles in SQLite, which are copied to each engine the run
 * offers (PostgreSQL when OMNIBUS_TEST_PG is set) and, from there, back into a
 * fresh SQLite file; every row must arrive unchanged. */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/timeutil.h"
#include "base/xalloc.h"
#include "store/store.h"
#include "text/stage.h"
#include "testlib.h"

static struct store *open_store(const char *dsn)
{
    struct store *st;
    struct errbuf eb = {{0}};
    enum err err = store_open(dsn, &st, &eb);
    if (err)
        fail_msg("store_open(%s): %s", dsn, err_msg(&eb, err));
    return st;
}

/* The string at key of o, or of its "content" member when it is an object
 * (feed-rs writes text as {"content_type", "content"}); NULL when absent. */
static const char *text_of(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (json_is_object(v))
        v = json_object_get(v, "content");
    return json_string_value(v);
}

static int64_t date_of(const json_t *o, const char *key)
{
    int64_t t = 0;
    const char *s = json_string_value(json_object_get(o, key));
    return s && date_parse(s, &t) ? t : 0;
}

/* A JSON array of the member field of every object in list, or NULL when empty. */
static char *json_names(const json_t *list, const char *field)
{
    if (!json_array_size(list))
        return NULL;
    json_t *a = json_array();
    size_t i;
    const json_t *x;
    json_array_foreach(list, i, x)
    {
        const char *name = json_string_value(json_object_get(x, field));
        if (name)
            json_array_append_new(a, json_string(name));
    }
    char *s = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    return s;
}

static int64_t add_source(struct store *st, const char *name, const char *feed_url,
                          const char *site_url, const char *lang, bool full_text)
{
    struct source src = {.name = (char *)name,
                         .feed_url = (char *)feed_url,
                         .site_url = (char *)site_url,
                         .lang = (char *)lang,
                         .kind = "news",
                         .enabled = true,
                         .full_text = full_text};
    return test_add_source(st, &src);
}

static void put_article(struct store *st, const struct article *a)
{
    int64_t id;
    bool inserted;
    struct errbuf eb = {{0}};
    enum err err = store_article_put(st, a, &id, &inserted, &eb);
    if (err)
        fail_msg("article %s: %s", a->url, err_msg(&eb, err));
}

/* One feed-rs model (a real feed, normalised): a source, its fetch state, its entries. */
static void store_feed(struct store *st, const char *name, const json_t *feed, int64_t now)
{
    char *url = xasprintf("https://fixtures.example/%s", name);
    const json_t *links = json_object_get(feed, "links");
    const char *title = text_of(feed, "title");
    int64_t sid = add_source(st, title ? title : name, url,
                             json_string_value(json_object_get(json_array_get(links, 0), "href")),
                             json_string_value(json_object_get(feed, "language")),
                             json_array_size(links) > 1);
    struct fetch_state fs = {.source_id = sid,
                             .etag = "\"v1\"",
                             .last_fetch_at = now,
                             .last_success_at = now,
                             .last_status = 200,
                             .next_fetch_at = now + 900,
                             .feed_title = (char *)title,
                             .items_seen =
                                 (int64_t)json_array_size(json_object_get(feed, "entries"))};
    assert_int_equal(store_fetch_state_put(st, &fs, NULL), ERR_OK);
    size_t i;
    const json_t *e;
    json_array_foreach(json_object_get(feed, "entries"), i, e)
    {
        const char *link = json_string_value(
            json_object_get(json_array_get(json_object_get(e, "links"), 0), "href"));
        char *own = link ? NULL : xasprintf("%s#%zu", url, i);
        const json_t *media = json_array_get(json_object_get(e, "media"), 0);
        const json_t *image = json_array_get(json_object_get(media, "content"), 0);
        char *hash = xasprintf("%s/%zu", name, i);
        struct article a = {.source_id = sid,
                            .url = (char *)(link ? link : own),
                            .link = (char *)link,
                            .guid = (char *)text_of(e, "id"),
                            .title = (char *)text_of(e, "title"),
                            .authors = json_names(json_object_get(e, "authors"), "name"),
                            .published_at = date_of(e, "published"),
                            .updated_at = date_of(e, "updated"),
                            .fetched_at = now,
                            .summary = (char *)text_of(e, "summary"),
                            .content = (char *)text_of(json_object_get(e, "content"), "body"),
                            .categories = json_names(json_object_get(e, "categories"), "term"),
                            .image_url = (char *)json_string_value(json_object_get(image, "url")),
                            .image_caption = (char *)text_of(media, "description"),
                            .lang = (char *)json_string_value(json_object_get(e, "language")),
                            .content_hash = hash};
        put_article(st, &a);
        free(a.authors);
        free(a.categories);
        free(hash);
        free(own);
    }
    free(url);
}

/* The ECB+ news documents, one source per topic: many articles with long text. */
static int store_ecbplus(struct store *st, int64_t now)
{
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot read %s (OMNIBUS_CORPORA)", path);
    int64_t topic_source[64] = {0};
    int docs = 0;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *doc = json_loads(line, 0, NULL);
        assert_non_null(doc);
        int topic = (int)json_integer_value(json_object_get(doc, "topic"));
        assert_true(topic > 0 && topic < 64);
        if (!topic_source[topic]) {
            char *name = xasprintf("ECB+ topic %d", topic);
            char *feed = xasprintf("https://ecbplus.example/topic/%d.xml", topic);
            topic_source[topic] = add_source(st, name, feed, NULL, "en", true);
            free(feed);
            free(name);
        }
        const char *id = json_string_value(json_object_get(doc, "id"));
        const char *src = json_string_value(json_object_get(doc, "source_url"));
        char *url = src ? xasprintf("%s#%s", src, id) : xasprintf("https://ecbplus.example/%s", id);
        const json_t *sentences = json_object_get(doc, "sentences");
        struct buf text;
        buf_init(&text, 1 << 20);
        size_t i;
        const json_t *x;
        json_array_foreach(sentences, i, x)
        {
            assert_int_equal(buf_printf(&text, "%s%s", i ? " " : "", json_string_value(x)), ERR_OK);
        }
        struct article a = {.source_id = topic_source[topic],
                            .url = url,
                            .link = (char *)src,
                            .guid = (char *)id,
                            .title = (char *)json_string_value(json_array_get(sentences, 0)),
                            .fetched_at = now + docs,
                            .content = (char *)buf_cstr(&text),
                            .categories =
                                (char *)json_string_value(json_object_get(doc, "event_cluster")),
                            .lang = "en",
                            .content_hash = (char *)id};
        put_article(st, &a);
        buf_clear(&text);
        free(url);
        json_decref(doc);
        docs++;
    }
    free(line);
    fclose(f);
    free(path);
    return docs;
}

/* Fills st from the corpora; returns how many sources were made. */
static int fill_from_corpus(struct store *st)
{
    static const char *const dirs[] = {"rss0", "rss1", "rss2", "atom", "jsonfeed"};
    int feeds = 0;
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        char *rel = xasprintf("feed-rs-fixtures/fixture/%s", dirs[d]);
        char *dir = corpus_path(rel);
        free(rel);
        DIR *dh = opendir(dir);
        if (!dh)
            fail_msg("cannot read %s (OMNIBUS_CORPORA)", dir);
        struct dirent *e;
        while ((e = readdir(dh))) {
            if (!strstr(e->d_name, ".serde.json"))
                continue;
            char *path = xasprintf("%s/%s", dir, e->d_name);
            json_error_t jerr;
            json_t *feed = json_load_file(path, 0, &jerr);
            if (!feed)
                fail_msg("%s: %s", path, jerr.text);
            store_feed(st, e->d_name, feed, 1711180800 + feeds);
            json_decref(feed);
            free(path);
            feeds++;
        }
        closedir(dh);
        free(dir);
    }
    assert_true(store_ecbplus(st, 1711180800) >= 500);
    struct source_list all;
    assert_int_equal(store_source_list(st, &all, NULL), ERR_OK);
    int n = (int)all.len;
    source_list_clear(&all);
    assert_true(n > feeds);
    return n;
}

static void assert_same_text(const char *a, const char *b)
{
    if (!a || !b)
        assert_true(a == b);
    else
        assert_string_equal(a, b);
}

/* Every source, fetch state and article of a equals b's, ids included. */
static void assert_same_store(struct store *a, struct store *b)
{
    struct source_list la, lb;
    assert_int_equal(store_source_list(a, &la, NULL), ERR_OK);
    assert_int_equal(store_source_list(b, &lb, NULL), ERR_OK);
    assert_int_equal(la.len, lb.len);
    for (size_t i = 0; i < la.len; i++) {
        struct source *x = &la.items[i], *y = &lb.items[i];
        assert_int_equal(x->id, y->id);
        assert_same_text(x->name, y->name);
        assert_same_text(x->site_url, y->site_url);
        assert_same_text(x->feed_url, y->feed_url);
        assert_same_text(x->lang, y->lang);
        assert_same_text(x->kind, y->kind);
        assert_int_equal(x->full_text, y->full_text);
        assert_int_equal(x->enabled, y->enabled);
        assert_int_equal(x->created_at, y->created_at);
        struct fetch_state fx, fy;
        assert_int_equal(store_fetch_state_get(a, x->id, &fx, NULL), ERR_OK);
        assert_int_equal(store_fetch_state_get(b, y->id, &fy, NULL), ERR_OK);
        assert_same_text(fx.etag, fy.etag);
        assert_same_text(fx.feed_title, fy.feed_title);
        assert_same_text(fx.ill_formed_reason, fy.ill_formed_reason);
        assert_int_equal(fx.ill_formed, fy.ill_formed);
        assert_int_equal(fx.last_status, fy.last_status);
        assert_int_equal(fx.next_fetch_at, fy.next_fetch_at);
        assert_int_equal(fx.items_seen, fy.items_seen);
        fetch_state_clear(&fx);
        fetch_state_clear(&fy);
    }
    source_list_clear(&la);
    source_list_clear(&lb);

    int64_t na, nb;
    assert_int_equal(store_article_count(a, 0, &na, NULL), ERR_OK);
    assert_int_equal(store_article_count(b, 0, &nb, NULL), ERR_OK);
    assert_int_equal(na, nb);
    struct article_list aa, ab;
    assert_int_equal(store_article_list(a, 0, (size_t)na, &aa, NULL), ERR_OK);
    assert_int_equal(store_article_list(b, 0, (size_t)nb, &ab, NULL), ERR_OK);
    assert_int_equal(aa.len, (size_t)na);
    assert_int_equal(ab.len, (size_t)na);
    for (size_t i = 0; i < aa.len; i++) {
        struct article *x = &aa.items[i], *y = &ab.items[i];
        assert_int_equal(x->id, y->id);
        assert_int_equal(x->source_id, y->source_id);
        assert_same_text(x->url, y->url);
        assert_same_text(x->link, y->link);
        assert_same_text(x->guid, y->guid);
        assert_same_text(x->title, y->title);
        assert_same_text(x->authors, y->authors);
        assert_int_equal(x->published_at, y->published_at);
        assert_int_equal(x->updated_at, y->updated_at);
        assert_int_equal(x->fetched_at, y->fetched_at);
        assert_same_text(x->summary, y->summary);
        assert_same_text(x->content, y->content);
        assert_same_text(x->categories, y->categories);
        assert_same_text(x->image_url, y->image_url);
        assert_same_text(x->image_caption, y->image_caption);
        assert_same_text(x->image_credit, y->image_credit);
        assert_same_text(x->lang, y->lang);
        assert_same_text(x->content_hash, y->content_hash);
    }
    article_list_clear(&aa);
    article_list_clear(&ab);
}

struct counts {
    int64_t source, feed_state, article, article_url;
    int tables;
};

static void count_table(const char *table, int64_t rows, void *ctx)
{
    struct counts *c = ctx;
    c->tables++;
    if (!strcmp(table, "source"))
        c->source = rows;
    else if (!strcmp(table, "feed_state"))
        c->feed_state = rows;
    else if (!strcmp(table, "article"))
        c->article = rows;
    else if (!strcmp(table, "article_url"))
        c->article_url = rows;
}

/* The copied URL lookup still deduplicates: storing a copied article again
 * finds it instead of inserting it. */
static void assert_dedup_kept(struct store *st, const struct article *copied)
{
    int64_t id;
    bool inserted;
    struct errbuf eb = {{0}};
    assert_int_equal(store_article_put(st, copied, &id, &inserted, &eb), ERR_OK);
    assert_false(inserted);
    assert_int_equal(id, copied->id);
}

static void copy_ok(struct store *from, struct store *to, struct counts *c)
{
    memset(c, 0, sizeof *c);
    struct errbuf eb = {{0}};
    enum err err = store_copy_all(from, to, count_table, c, &eb);
    if (err)
        fail_msg("store_copy_all: %s", err_msg(&eb, err));
}

static void test_round_trip(void **state)
{
    (void)state;
    char *origin_dsn = test_sqlite_dsn("origin");
    struct store *origin = open_store(origin_dsn);
    int sources = fill_from_corpus(origin);
    /* One analysed article, so that the target's search index must be rebuilt. */
    struct article_list one;
    assert_int_equal(store_article_list(origin, 0, 1, &one, NULL), ERR_OK);
    const char *body = "Regeringens förslag möttes av kritik i riksdagen.";
    assert_int_equal(store_article_set_body(origin, one.items[0].id, body, "b1", NULL), ERR_OK);
    struct text_ctx *ctx;
    size_t analysed;
    assert_int_equal(text_ctx_new(&ctx, NULL), ERR_OK);
    assert_int_equal(text_stage_pending(ctx, origin, 10, "test", &analysed, NULL), ERR_OK);
    assert_int_equal(analysed, 1);
    text_ctx_free(ctx);
    /* A hole in the ids, which the copy must keep. */
    struct source_list all;
    assert_int_equal(store_source_list(origin, &all, NULL), ERR_OK);
    assert_int_equal(store_source_remove(origin, all.items[3].id, NULL), ERR_OK);
    int64_t max_source = all.items[all.len - 1].id;
    source_list_clear(&all);
    int64_t articles;
    assert_int_equal(store_article_count(origin, 0, &articles, NULL), ERR_OK);
    assert_true(articles > 512); /* several batches */

    char *dsns[2];
    int n = test_store_dsns("migrate_to", dsns);
    for (int i = 0; i < n; i++) {
        struct store *to = open_store(dsns[i]);
        struct counts c;
        copy_ok(origin, to, &c);
        assert_true(c.tables >= 3); /* later migrations add tables */
        assert_int_equal(c.source, sources - 1);
        assert_int_equal(c.feed_state, sources - 1);
        assert_int_equal(c.article, articles);
        assert_int_equal(c.article_url, articles);
        assert_same_store(origin, to);
        struct search_hits hits;
        assert_int_equal(store_search(to, "regeringen", "sv", 10, &hits, NULL), ERR_OK);
        assert_int_equal(hits.len, 1);
        assert_int_equal(hits.items[0].article_id, one.items[0].id);
        search_hits_clear(&hits);

        /* A second copy into it is refused and changes nothing. */
        struct errbuf eb = {{0}};
        assert_int_equal(store_copy_all(origin, to, NULL, NULL, &eb), ERR_EXISTS);
        assert_non_null(strstr(eb.msg, "not empty"));
        assert_same_store(origin, to);

        /* And back into a fresh SQLite file: what the target holds reads back whole. */
        char *back_dsn = test_sqlite_dsn("back");
        struct store *back = open_store(back_dsn);
        copy_ok(to, back, &c);
        assert_int_equal(c.article, articles);
        assert_int_equal(c.article_url, articles);
        assert_same_store(origin, back);
        assert_dedup_kept(back, &one.items[0]);
        assert_dedup_kept(to, &one.items[0]);
        store_close(back);
        free(back_dsn);

        /* New rows get new ids: the identity sequences moved past the copied ones. */
        struct source s = {
            .name = "Sveriges Radio", .feed_url = "https://api.sr.se/rss", .enabled = true};
        int64_t id;
        assert_int_equal(store_source_add(to, &s, &id, &eb), ERR_OK);
        assert_int_equal(id, max_source + 1);
        store_close(to);
        free(dsns[i]);
    }
    store_close(origin);
    free(origin_dsn);
    article_list_clear(&one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
