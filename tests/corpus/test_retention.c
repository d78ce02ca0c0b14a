/* Retention on every engine the run offers, over real ECB+ texts as articles
 * of three outlets: a hundred days old, analysed and clustered, and a few
 * from this hour. Old stories are frozen (not composed again); pruning drops
 * the old articles' bodies but keeps the bytes a published roundup shows, so
 * the provenance verifier still passes on it, and still fails a changed
 * sentence; recent articles keep their bodies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "compose/compose.h"
#include "ecbplus_docs.h"
#include "pipeline/pipeline.h"
#include "store/store.h"
#include "story/stage.h"
#include "text/stage.h"

#define N_OLD 60
#define N_NEW 6
#define DAY 86400

static int64_t add_source(struct store *st, const char *name)
{
    char url[128];
    snprintf(url, sizeof url, "https://%s.example/feed", name);
    struct source s = {.name = (char *)name,
                       .feed_url = url,
                       .lang = "en",
                       .country = "GB",
                       .kind = "news",
                       .owner = (char *)name,
                       .enabled = true};
    return test_add_source(st, &s);
}

static int64_t add_article(struct store *st, int64_t source, const struct ecb_doc *d, int64_t t)
{
    char url[256];
    snprintf(url, sizeof url, "https://news.example/%lld/%s", (long long)source, d->id);
    struct article a = {.source_id = source,
                        .url = url,
                        .title = d->first,
                        .content = d->rest,
                        .body = d->rest,
                        .published_at = t,
                        .fetched_at = t + 60,
                        .content_hash = url};
    int64_t id;
    bool inserted;
    struct errbuf eb = {{0}};
    enum err err = store_article_put(st, &a, &id, &inserted, &eb);
    if (err)
        fail_msg("store_article_put: %s", err_msg(&eb, err));
    return id;
}

static bool has(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

/* The first story of at least two articles among stories, newest first,
 * last seen before `before` (or from it on when !old). */
static const struct story_row *pick(const struct story_row_list *l, int64_t before, bool old)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i].articles >= 2 && (l->items[i].last_seen < before) == old)
            return &l->items[i];
    fail_msg("no %s story of two articles or more", old ? "old" : "recent");
    return NULL;
}

static void compose_it(struct text_ctx *tx, struct store *st, int64_t story, struct roundup *r)
{
    struct story_member_list m;
    assert_int_equal(store_story_members(st, story, &m, NULL), ERR_OK);
    int64_t *ids = calloc(m.len, sizeof *ids);
    for (size_t i = 0; i < m.len; i++)
        ids[i] = m.items[i].article_id;
    struct compose_input in = {.article_ids = ids, .n = m.len, .reader = LANG_EN};
    struct errbuf eb = {{0}};
    enum err err = compose_story(text_ctx_lang(tx), st, &in, r, &eb);
    if (err)
        fail_msg("compose_story %lld: %s", (long long)story, err_msg(&eb, err));
    char key[32];
    snprintf(key, sizeof key, "story:%lld", (long long)story);
    int version;
    if ((err = compose_publish(st, key, r, &version, &eb)))
        fail_msg("compose_publish: %s", err_msg(&eb, err));
    free(ids);
    story_member_list_clear(&m);
}

static void retention(const char *dsn)
{
    struct ecb_docs docs;
    ecb_docs_load(&docs);
    struct store *st = test_store_open(dsn);
    int64_t src[3] = {add_source(st, "bbc"), add_source(st, "guardian"), add_source(st, "sky")};
    const int64_t now = time_now(), old = now - 100 * DAY, before = now - 30 * DAY;
    int64_t ids[N_OLD + N_NEW];
    for (int i = 0; i < N_OLD; i++)
        ids[i] = add_article(st, src[i % 3], &docs.items[i], old + i * 600);
    for (int i = 0; i < N_NEW; i++)
        ids[N_OLD + i] = add_article(st, src[i % 3], &docs.items[N_OLD + i], now - 3600 + i);

    struct text_ctx *tx;
    struct errbuf eb = {{0}};
    size_t done;
    if (text_ctx_new(&tx, &eb) || text_stage_pending(tx, st, 1000, "w", &done, &eb))
        fail_msg("analysis: %s", eb.msg);
    struct story_stage *ss;
    struct story_stage_stats stats = {0};
    if (story_stage_open(st, NULL, &ss, &eb) || story_stage_run(ss, st, 0, now, &stats, &eb))
        fail_msg("clustering: %s", eb.msg);
    story_stage_free(ss);

    /* Frozen: an old story is no longer composed once retention covers it. */
    struct story_row_list stories;
    assert_int_equal(store_story_list(st, 0, 1000, &stories, NULL), ERR_OK);
    const struct story_row *o = pick(&stories, before, true), *r = pick(&stories, before, false);
    int64_t *all, *active;
    size_t n_all, n_active;
    assert_int_equal(store_stories_to_compose(st, 2, 0, 0, 1000, &all, &n_all, NULL), ERR_OK);
    assert_int_equal(store_stories_to_compose(st, 2, before, 0, 1000, &active, &n_active, NULL),
                     ERR_OK);
    assert_true(has(all, n_all, o->id) && has(all, n_all, r->id));
    assert_false(has(active, n_active, o->id));
    assert_true(has(active, n_active, r->id));
    free(all);
    free(active);
    /* Without retention, stories a month older than the newest are not read
     * for composing either: the clusterer let them go long before. */
    assert_int_equal(store_stories_to_compose(st, 2, 0, 30 * DAY, 1000, &active, &n_active, NULL),
                     ERR_OK);
    assert_false(has(active, n_active, o->id));
    assert_true(has(active, n_active, r->id));
    free(active);

    /* A published roundup of the old story, verified while the bodies are there. */
    struct roundup ro = {0};
    compose_it(tx, st, o->id, &ro);
    assert_true(ro.n_paragraphs > 0);
    assert_int_equal(compose_verify(st, &ro, NULL), ERR_OK);

    struct prune_stats ps;
    if (pipeline_prune(st, before, &ps, &eb))
        fail_msg("pipeline_prune: %s", eb.msg);
    assert_true(ps.dropped >= 2);
    assert_true(ps.excerpts >= ro.paragraphs[0].n);

    /* The shown article's body is gone, the roundup still verifies from the
     * kept bytes, and a sentence changed by one byte does not. */
    const struct roundup_excerpt *e = &ro.paragraphs[0].sentences[0];
    struct article a;
    assert_int_equal(store_article_get(st, e->article_id, &a, NULL), ERR_OK);
    assert_null(a.body);
    assert_null(a.content);
    assert_non_null(a.title);
    article_clear(&a);
    assert_int_equal(compose_verify(st, &ro, NULL), ERR_OK);
    ro.paragraphs[0].sentences[0].text[0] ^= 0x20;
    assert_int_equal(compose_verify(st, &ro, NULL), ERR_INVALID);
    ro.paragraphs[0].sentences[0].text[0] ^= 0x20;
    /* A range no roundup shows is not kept. */
    char *text = NULL;
    assert_int_equal(store_excerpt_get(st, e->article_id, e->begin, e->end + 1, &text, NULL),
                     ERR_NOT_FOUND);

    /* Recent articles, and the old story's once recent ones, keep theirs. */
    for (int i = N_OLD; i < N_OLD + N_NEW; i++) {
        assert_int_equal(store_article_get(st, ids[i], &a, NULL), ERR_OK);
        assert_non_null(a.body);
        article_clear(&a);
    }
    /* A second pass finds nothing more to drop and keeps the excerpts. */
    if (pipeline_prune(st, before, &ps, &eb))
        fail_msg("pipeline_prune again: %s", eb.msg);
    assert_int_equal(ps.dropped, 0);
    assert_int_equal(compose_verify(st, &ro, NULL), ERR_OK);

    roundup_clear(&ro);
    story_row_list_clear(&stories);
    text_ctx_free(tx);
    store_close(st);
    ecb_docs_free(&docs);
}

static void test_retention(void **state)
{
    (void)state;
    test_for_each_store(retention, "retention");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retention),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
