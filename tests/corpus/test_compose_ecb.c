/* Roundups over the ECB+ gold story clusters: every document becomes an
 * article (body = its sentences joined with spaces; the outlet is the source
 * URL's host, else the document is its own unnamed outlet), is analysed by the
 * text stage, and every gold event cluster is composed as a story. Asserts
 * 100% provenance (compose_story verifies against the store), no two shown
 * sentences above the redundancy threshold, at most one paragraph per
 * newsroom, an attribution on every paragraph and a member's title as the
 * headline; prints the share of stories with a lead, quote, image and
 * background. OMNIBUS_COMPOSE_DUMP=N prints the first N roundups as text. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#include "base/buf.h"
#include "compose/compose.h"
#include "compose/phrase.h"
#include "store/store.h"
#include "text/stage.h"

struct cluster {
    char name[16];
    int64_t ids[64];
    size_t n;
};

static char *host_of(const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strcspn(p, "/:?#");
    if (n > 4 && !strncmp(p, "www.", 4))
        p += 4, n -= 4;
    return strndup(p, n);
}

static int64_t outlet(struct store *st, const char *url, const char *doc)
{
    char *host = url ? host_of(url) : NULL;
    char feed[512];
    snprintf(feed, sizeof feed, "https://%s/feed", host ? host : doc);
    struct source s = {
        .name = host ? host : "", .feed_url = feed, .lang = "en", .kind = "news", .enabled = true};
    int64_t id = 0;
    struct errbuf eb = {{0}};
    enum err err = store_source_add(st, &s, &id, &eb);
    if (err && err != ERR_EXISTS)
        fail_msg("source %s: %s", feed, err_msg(&eb, err));
    free(host);
    return id;
}

static bool ends_sentence(const char *s)
{
    size_t n = strlen(s);
    return n && strchr(".!?\"'", s[n - 1]);
}

/* Loads the documents; returns the clusters. */
static struct cluster *load(struct store *st, struct text_ctx *ctx, size_t *n_clusters)
{
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    struct cluster *cl = calloc(128, sizeof *cl);
    *n_clusters = 0;
    char *line = NULL;
    size_t cap = 0;
    int64_t day = 1356998400; /* 2013-01-01: documents a second apart, file order */
    while (getline(&line, &cap, f) > 0) {
        json_t *d = json_loads(line, 0, NULL);
        assert_non_null(d);
        const char *id = json_string_value(json_object_get(d, "id"));
        const char *ev = json_string_value(json_object_get(d, "event_cluster"));
        const char *url = json_string_value(json_object_get(d, "source_url"));
        json_t *sents = json_object_get(d, "sentences");
        size_t first = 0;
        const char *s0 = json_string_value(json_array_get(sents, 0));
        /* A first line without a final stop is the headline; otherwise the
         * lede doubles as the title. */
        const char *title = s0;
        if (s0 && !ends_sentence(s0))
            first = 1;
        struct buf body;
        buf_init(&body, BUF_UNLIMITED);
        for (size_t i = first; i < json_array_size(sents); i++) {
            if (body.len)
                assert_int_equal(buf_putc(&body, ' '), ERR_OK);
            assert_int_equal(buf_puts(&body, json_string_value(json_array_get(sents, i))), ERR_OK);
        }
        char link[600];
        snprintf(link, sizeof link, "%s#%s", url ? url : "https://ecbplus.invalid/doc", id);
        struct article a = {.source_id = outlet(st, url, id),
                            .url = link,
                            .link = link,
                            .title = (char *)title,
                            .body = body.data ? body.data : "",
                            .body_hash = (char *)id,
                            .lang = "en",
                            .published_at = day++};
        int64_t aid;
        bool inserted;
        struct errbuf eb = {{0}};
        enum err err = store_article_put(st, &a, &aid, &inserted, &eb);
        if (!err)
            err = text_stage_article(ctx, st, aid, &eb);
        if (err)
            fail_msg("%s: %s", id, err_msg(&eb, err));
        size_t c = 0;
        while (c < *n_clusters && strcmp(cl[c].name, ev))
            c++;
        if (c == *n_clusters)
            snprintf(cl[(*n_clusters)++].name, sizeof cl->name, "%s", ev);
        assert_true(cl[c].n < 64);
        cl[c].ids[cl[c].n++] = aid;
        buf_clear(&body);
        json_decref(d);
    }
    free(line);
    fclose(f);
    free(path);
    return cl;
}

static void check_roundup(struct store *st, const struct roundup *r, const struct cluster *c)
{
    assert_true(r->max_similarity <= COMPOSE_REDUNDANCY);
    int64_t rooms[COMPOSE_MAX_PARAGRAPHS];
    for (size_t i = 0; i < r->n_paragraphs; i++) {
        const struct roundup_paragraph *p = &r->paragraphs[i];
        assert_true(p->n >= 1 && p->n <= 2);
        assert_non_null(p->attribution);
        assert_true(strlen(p->attribution) > 5);
        /* Shown as is, or as "according to ..." after a sentence that names
         * its own speaker: either way the same credit. */
        char *reported = phrase_attribution_reported(phrase_table_for(r->reader),
                                                     (const char *const *)p->credit.authors,
                                                     p->credit.n_authors, p->credit.outlet);
        assert_true(strstr(p->display, p->attribution) || strstr(p->display, reported));
        free(reported);
        struct article a = {0};
        struct errbuf eb = {{0}};
        assert_int_equal(store_article_get(st, p->credit.article_id, &a, &eb), ERR_OK);
        /* Every outlet here is its own owner: the newsroom is the source. */
        for (size_t k = 0; k < i; k++)
            assert_true(rooms[k] != a.source_id);
        rooms[i] = a.source_id;
        article_clear(&a);
        for (size_t k = 0; k < i; k++)
            for (size_t s = 0; s < p->n; s++)
                for (size_t t = 0; t < r->paragraphs[k].n; t++)
                    assert_string_not_equal(p->sentences[s].text,
                                            r->paragraphs[k].sentences[t].text);
    }
    bool from_member = false;
    for (size_t i = 0; i < c->n && r->headline; i++) {
        struct article a = {0};
        struct errbuf eb = {{0}};
        assert_int_equal(store_article_get(st, c->ids[i], &a, &eb), ERR_OK);
        from_member |= a.id == r->headline_article && !strcmp(a.title, r->headline);
        article_clear(&a);
    }
    assert_true(from_member);
}

static void test_ecbplus_roundups(void **state)
{
    (void)state;
    char *dsn = test_sqlite_dsn("compose_ecb");
    struct store *st = test_store_open(dsn);
    struct text_ctx *ctx = NULL;
    struct errbuf eb = {{0}};
    assert_int_equal(text_ctx_new(&ctx, &eb), ERR_OK);
    size_t n_clusters;
    struct cluster *cl = load(st, ctx, &n_clusters);
    assert_int_equal(n_clusters, 46);
    const char *dump = getenv("OMNIBUS_COMPOSE_DUMP");
    size_t lead = 0, quote = 0, image = 0, background = 0, paragraphs = 0, two = 0;
    for (size_t i = 0; i < n_clusters; i++) {
        struct compose_input in = {
            .article_ids = cl[i].ids, .n = cl[i].n, .reader = i % 2 ? LANG_SV : LANG_EN};
        struct roundup r;
        enum err err = compose_story(text_ctx_lang(ctx), st, &in, &r, &eb);
        if (err)
            fail_msg("story %s: %s", cl[i].name, err_msg(&eb, err));
        check_roundup(st, &r, &cl[i]);
        lead += r.n_paragraphs > 0;
        quote += r.has_quote;
        image += r.has_image;
        background += r.has_background;
        paragraphs += r.n_paragraphs;
        for (size_t k = 0; k < r.n_paragraphs; k++)
            two += r.paragraphs[k].n == 2;
        if (dump && i < (size_t)atoi(dump)) {
            char *text = compose_to_text(&r);
            printf("==== story %s (%zu articles)\n%s\n", cl[i].name, cl[i].n, text);
            free(text);
        }
        roundup_clear(&r);
    }
    printf("ecb+ roundups: %zu stories, provenance 100%%; lead %.2f, quote %.2f, image %.2f, "
           "background %.2f; %.1f paragraphs per story, %.2f of them two sentences\n",
           n_clusters, (double)lead / n_clusters, (double)quote / n_clusters,
           (double)image / n_clusters, (double)background / n_clusters,
           (double)paragraphs / n_clusters, paragraphs ? (double)two / paragraphs : 0);
    assert_true(lead * 10 >= n_clusters * 9); /* nearly every story gets a lead */
    free(cl);
    text_ctx_free(ctx);
    store_close(st);
    free(dsn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_ecbplus_roundups)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
