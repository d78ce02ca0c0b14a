/* Stored text analysis and stemmed search, on real articles: ECB+ news stories
 * (English) and the documents of the Swedish Talbanken test set, read from
 * ../shared/corpora at test time. Every test runs on each engine the run
 * offers (test_store_dsns: SQLite, and PostgreSQL when OMNIBUS_TEST_PG is set). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/timeutil.h"
#include "base/xalloc.h"
#include "store/store.h"
#include "testlib.h"
#include "text/stage.h"

struct fixture {
    struct store *stores[2]; /* one loaded store per engine */
    int n_stores;
    struct text_ctx *ctx;
};

static int64_t add_article(struct store *st, int64_t src, const char *url, const char *title,
                           const char *content)
{
    struct article a = {.source_id = src,
                        .url = (char *)url,
                        .title = (char *)title,
                        .content = (char *)content,
                        .body = (char *)content,
                        .fetched_at = 1711184400,
                        .content_hash = (char *)url,
                        .body_hash = (char *)url};
    int64_t id;
    bool inserted;
    struct errbuf eb = {{0}};
    enum err err = store_article_put(st, &a, &id, &inserted, &eb);
    if (err)
        fail_msg("store_article_put: %s", err_msg(&eb, err));
    return id;
}

static int64_t add_source(struct store *st, const char *lang, const char *url)
{
    struct source s = {.name = (char *)lang,
                       .feed_url = (char *)url,
                       .lang = (char *)lang,
                       .kind = "news",
                       .enabled = true};
    int64_t id;
    assert_int_equal(store_source_add(st, &s, &id, NULL), ERR_OK);
    return id;
}

/* ECB+ documents: the first sentence is the title, the rest the text. */
static void load_ecb(struct store *st, int64_t src, size_t max_docs)
{
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    size_t len;
    char *data = read_file(path, &len);
    assert_non_null(data);
    size_t docs = 0;
    for (char *line = strtok(data, "\n"); line && docs < max_docs; line = strtok(NULL, "\n")) {
        json_t *doc = json_loads(line, 0, NULL);
        assert_non_null(doc);
        json_t *sents = json_object_get(doc, "sentences");
        struct buf body;
        buf_init(&body, BUF_UNLIMITED);
        for (size_t i = 1; i < json_array_size(sents); i++)
            assert_int_equal(buf_printf(&body, "%s%s", i > 1 ? " " : "",
                                        json_string_value(json_array_get(sents, i))),
                             ERR_OK);
        char url[128];
        snprintf(url, sizeof url, "https://ecb.example/%s",
                 json_string_value(json_object_get(doc, "id")));
        add_article(st, src, url, json_string_value(json_array_get(sents, 0)), buf_cstr(&body));
        buf_clear(&body);
        json_decref(doc);
        docs++;
    }
    free(data);
    free(path);
}

/* Talbanken's documents: the first sentence of each is its title. */
static void load_talbanken(struct store *st, int64_t src)
{
    char *path = corpus_path("ud-test-sets/sv_talbanken/sv_talbanken-ud-test.conllu");
    size_t len;
    char *data = read_file(path, &len);
    assert_non_null(data);
    struct buf title, body;
    buf_init(&title, BUF_UNLIMITED);
    buf_init(&body, BUF_UNLIMITED);
    int doc = 0;
    for (char *line = strtok(data, "\n");; line = strtok(NULL, "\n")) {
        if (!line || !strncmp(line, "# newdoc", 8)) {
            if (title.len) {
                char url[64];
                snprintf(url, sizeof url, "https://talbanken.example/%d", doc++);
                add_article(st, src, url, buf_cstr(&title), buf_cstr(&body));
            }
            buf_reset(&title);
            buf_reset(&body);
            if (!line)
                break;
        } else if (!strncmp(line, "# text = ", 9)) {
            struct buf *to = title.len ? &body : &title;
            if (to->len)
                assert_int_equal(buf_putc(to, ' '), ERR_OK);
            assert_int_equal(buf_puts(to, line + 9), ERR_OK);
        }
    }
    buf_clear(&title);
    buf_clear(&body);
    free(data);
    free(path);
}

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    assert_int_equal(text_ctx_new(&f->ctx, NULL), ERR_OK);
    char *dsns[2];
    f->n_stores = test_store_dsns("search", dsns);
    for (int i = 0; i < f->n_stores; i++) {
        struct store *st = f->stores[i] = test_store_open(dsns[i]);
        free(dsns[i]);
        load_ecb(st, add_source(st, "en", "https://ecb.example/feed"), 120);
        load_talbanken(st, add_source(st, "sv", "https://talbanken.example/feed"));
        size_t done;
        struct errbuf eb = {{0}};
        enum err err = text_stage_pending(f->ctx, st, 1000, "test", &done, &eb);
        if (err)
            fail_msg("%s: text_stage_pending: %s", store_engine_name(st), err_msg(&eb, err));
        assert_true(done > 120);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    text_ctx_free(f->ctx);
    for (int i = 0; i < f->n_stores; i++)
        store_close(f->stores[i]);
    free(f);
    return 0;
}

/* Whether s holds word as a whole word, ignoring ASCII case. */
static bool has_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = s; p && *p; p++) {
        if (strncasecmp(p, word, n))
            continue;
        bool left = p == s || !((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z');
        char r = p[n];
        bool right = !((r | 0x20) >= 'a' && (r | 0x20) <= 'z');
        if (left && right)
            return true;
    }
    return false;
}

static bool in_hits(const struct search_hits *h, int64_t id)
{
    for (size_t i = 0; i < h->len; i++)
        if (h->items[i].article_id == id)
            return true;
    return false;
}

/* Every article holding `form` (and not `query` itself) is found by `query`. */
static void finds_inflected(struct store *st, const char *query, const char *lang, const char *form)
{
    struct search_hits hits;
    struct errbuf eb = {{0}};
    enum err err = store_search(st, query, lang, 500, &hits, &eb);
    if (err)
        fail_msg("%s: store_search(%s): %s", store_engine_name(st), query, err_msg(&eb, err));
    struct article_list all;
    assert_int_equal(store_article_list(st, 0, 1000, &all, NULL), ERR_OK);
    size_t checked = 0;
    for (size_t i = 0; i < all.len; i++) {
        const struct article *a = &all.items[i];
        char both[65536];
        snprintf(both, sizeof both, "%s %s", a->title ? a->title : "", a->body ? a->body : "");
        if (has_word(both, form) && !has_word(both, query)) {
            checked++;
            if (!in_hits(&hits, a->id))
                fail_msg("%s: '%s' (%s) misses article %lld holding '%s'", store_engine_name(st),
                         query, lang ? lang : "any", (long long)a->id, form);
        }
    }
    assert_true(checked > 0); /* the corpus holds the inflected form alone somewhere */
    article_list_clear(&all);
    search_hits_clear(&hits);
}

static void stemmed_swedish_on(struct store *st)
{
    finds_inflected(st, "regeringen", NULL, "regeringens");
    finds_inflected(st, "regeringen", "sv", "regeringens");
}

static void stemmed_english_on(struct store *st)
{
    finds_inflected(st, "attacks", NULL, "attack");
    finds_inflected(st, "attacks", "en", "attack");
    finds_inflected(st, "attack", "en", "attacked");
}

static void title_matches_first_on(struct store *st)
{
    struct search_hits hits;
    assert_int_equal(store_search(st, "rehab", NULL, 100, &hits, NULL), ERR_OK);
    size_t titled = 0, untitled = 0;
    for (size_t i = 0; i < hits.len; i++) {
        if (hits.items[i].title_match) {
            assert_int_equal(untitled, 0); /* no title match after a text-only one */
            assert_true(has_word(hits.items[i].title, "rehab"));
            titled++;
        } else {
            untitled++;
        }
    }
    assert_true(titled > 0 && untitled > 0);
    /* The snippet shows the body around a match. */
    assert_non_null(strchr(hits.items[hits.len - 1].snippet, '['));
    search_hits_clear(&hits);
    /* Operators and punctuation are words to find, not syntax. */
    assert_int_equal(store_search(st, "rehab OR \"NEAR(", NULL, 10, &hits, NULL), ERR_OK);
    search_hits_clear(&hits);
    assert_int_equal(store_search(st, "rehab & !(x | y):*", NULL, 10, &hits, NULL), ERR_OK);
    search_hits_clear(&hits);
    struct errbuf eb = {{0}};
    assert_int_equal(store_search(st, " ... !", NULL, 10, &hits, &eb), ERR_INVALID);
}

/* Rows past a chunk of one statement (the store writes an article's
 * sentences, quotes and names 32, 8 and 1 rows a statement): t's lists
 * repeated to 45 (32 + 8 + 5) come back whole and in order. */
static void many_rows_round_trip(struct store *st, const struct article_text *t)
{
    enum { MANY = 45 };
    assert_true(t->n_sentences > 0 && t->n_quotes > 0 && t->n_names > 0);
    struct article_text big = *t; /* borrows t's strings */
    big.sentences = xcalloc(MANY, sizeof *big.sentences);
    big.quotes = xcalloc(MANY, sizeof *big.quotes);
    big.names = xcalloc(MANY, sizeof *big.names);
    big.n_sentences = big.n_quotes = big.n_names = MANY;
    for (size_t i = 0; i < MANY; i++) {
        big.sentences[i] = t->sentences[i % t->n_sentences];
        big.quotes[i] = t->quotes[i % t->n_quotes];
        big.names[i] = t->names[i % t->n_names];
    }
    assert_int_equal(store_text_put(st, &big, NULL), ERR_OK);
    struct article_text back;
    assert_int_equal(store_text_get(st, t->article_id, &back, NULL), ERR_OK);
    assert_int_equal(back.n_sentences, MANY);
    assert_int_equal(back.n_quotes, MANY);
    assert_int_equal(back.n_names, MANY);
    for (size_t i = 0; i < MANY; i++) {
        assert_int_equal(back.sentences[i].start, big.sentences[i].start);
        assert_int_equal(back.sentences[i].end, big.sentences[i].end);
        assert_int_equal(back.quotes[i].quote.start, big.quotes[i].quote.start);
        assert_int_equal(back.quotes[i].speaker.end, big.quotes[i].speaker.end);
        assert_string_equal(back.quotes[i].speaker_text, big.quotes[i].speaker_text);
        assert_int_equal(back.names[i].range.start, big.names[i].range.start);
        assert_string_equal(back.names[i].name, big.names[i].name);
        assert_string_equal(back.names[i].kind, big.names[i].kind);
    }
    article_text_clear(&back);
    free(big.sentences);
    free(big.quotes);
    free(big.names);
    assert_int_equal(store_text_put(st, t, NULL), ERR_OK); /* as it was */
}

static void stored_analysis_on(struct store *st)
{
    /* The first ECB+ article: "Perennial party girl Tara Reid checked herself
     * into Promises Treatment Center, her rep told People." and its quote. */
    struct article_list all;
    assert_int_equal(store_article_list(st, 0, 1000, &all, NULL), ERR_OK);
    const struct article *a = NULL;
    for (size_t i = 0; i < all.len && !a; i++)
        if (!strcmp(all.items[i].url, "https://ecb.example/1_10ecb"))
            a = &all.items[i];
    assert_non_null(a);
    struct article_text t;
    assert_int_equal(store_text_get(st, a->id, &t, NULL), ERR_OK);
    assert_string_equal(t.lang, "en");
    assert_true(t.n_sentences >= 3);
    for (size_t i = 0; i < t.n_sentences; i++)
        assert_true(t.sentences[i].start < t.sentences[i].end &&
                    t.sentences[i].end <= (int64_t)strlen(a->body));
    assert_true(t.n_quotes >= 1);
    assert_string_equal(t.quotes[0].speaker_text, "Jack Ketsoyan");
    assert_string_equal(t.quotes[0].cue_text, "told");
    assert_true(!strncmp(a->body + t.quotes[0].quote.start, "We appreciate", 13));
    bool person = false, title = false;
    for (size_t i = 0; i < t.n_names; i++) {
        person = person || !strcmp(t.names[i].name, "Jack Ketsoyan");
        title = title ||
                (!strcmp(t.names[i].name, "American Pie") && !strcmp(t.names[i].kind, "quoted"));
    }
    assert_true(person && title);
    many_rows_round_trip(st, &t);
    article_text_clear(&t);
    /* Nothing is pending once analysed; a changed article is again. */
    int64_t *ids;
    size_t n;
    assert_int_equal(store_text_pending(st, 10, time_now(), &ids, &n, NULL), ERR_OK);
    assert_int_equal(n, 0);
    free(ids);
    struct article changed = *a;
    changed.content_hash = "changed";
    changed.body_hash = "changed";
    int64_t id;
    bool inserted;
    assert_int_equal(store_article_put(st, &changed, &id, &inserted, NULL), ERR_OK);
    assert_int_equal(store_text_pending(st, 10, time_now(), &ids, &n, NULL), ERR_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], a->id);
    free(ids);
    article_list_clear(&all);
}

static void removed_articles_leave_the_index_on(struct store *st)
{
    struct search_hits hits;
    assert_int_equal(store_search(st, "regeringen", "sv", 10, &hits, NULL), ERR_OK);
    assert_true(hits.len > 0);
    search_hits_clear(&hits);
    struct source_list sources;
    assert_int_equal(store_source_list(st, &sources, NULL), ERR_OK);
    for (size_t i = 0; i < sources.len; i++)
        if (!strcmp(sources.items[i].lang, "sv"))
            assert_int_equal(store_source_remove(st, sources.items[i].id, NULL), ERR_OK);
    source_list_clear(&sources);
    assert_int_equal(store_search(st, "regeringen", "sv", 10, &hits, NULL), ERR_OK);
    assert_int_equal(hits.len, 0);
    search_hits_clear(&hits);
}

/* Storing, reading and finding an analysis on a fresh store of each engine. */
static void every_engine(void **state)
{
    struct fixture *f = *state;
    char *dsns[2];
    int n = test_store_dsns("text-engines", dsns);
    for (int i = 0; i < n; i++) {
        struct store *st;
        struct errbuf eb = {{0}};
        if (store_open(dsns[i], &st, &eb))
            fail_msg("store_open(%s): %s", dsns[i], eb.msg);
        char url[128];
        snprintf(url, sizeof url, "https://engines.example/%ld/feed", (long)getpid());
        int64_t src = add_source(st, "sv", url);
        snprintf(url, sizeof url, "https://engines.example/%ld/a", (long)getpid());
        int64_t id = add_article(st, src, url, "Regeringens besked",
                                 "”Vi sänker skatten”, säger Magdalena Andersson. Beskedet kom "
                                 "bl.a. efter kritik från SVT:s granskning.");
        enum err err = text_stage_article(f->ctx, st, id, &eb);
        if (err)
            fail_msg("%s: text_stage_article: %s", store_engine_name(st), err_msg(&eb, err));
        struct article_text t;
        assert_int_equal(store_text_get(st, id, &t, NULL), ERR_OK);
        assert_string_equal(t.lang, "sv");
        assert_int_equal(t.n_sentences, 2);
        assert_int_equal(t.n_quotes, 1);
        assert_string_equal(t.quotes[0].speaker_text, "Magdalena Andersson");
        assert_true(t.n_names >= 2);
        article_text_clear(&t);
        /* Analysing again replaces, never duplicates. */
        assert_int_equal(text_stage_article(f->ctx, st, id, NULL), ERR_OK);
        assert_int_equal(store_text_get(st, id, &t, NULL), ERR_OK);
        assert_int_equal(t.n_quotes, 1);
        article_text_clear(&t);
        struct search_hits hits;
        assert_int_equal(store_search(st, "regeringen", NULL, 10, &hits, NULL), ERR_OK);
        assert_int_equal(hits.len, 1);
        assert_true(in_hits(&hits, id) && hits.items[0].title_match);
        search_hits_clear(&hits);
        assert_int_equal(store_source_remove(st, src, NULL), ERR_OK);
        assert_int_equal(store_text_get(st, id, &t, NULL), ERR_NOT_FOUND);
        store_close(st);
        free(dsns[i]);
    }
}

/* Runs check on the fixture's store of every engine. */
static void on_every_store(void **state, void (*check)(struct store *st))
{
    struct fixture *f = *state;
    for (int i = 0; i < f->n_stores; i++)
        check(f->stores[i]);
}

static void stemmed_swedish(void **state)
{
    on_every_store(state, stemmed_swedish_on);
}

static void stemmed_english(void **state)
{
    on_every_store(state, stemmed_english_on);
}

static void title_matches_first(void **state)
{
    on_every_store(state, title_matches_first_on);
}

static void stored_analysis(void **state)
{
    on_every_store(state, stored_analysis_on);
}

static void removed_articles_leave_the_index(void **state)
{
    on_every_store(state, removed_articles_leave_the_index_on);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_engine),    cmocka_unit_test(stemmed_swedish),
        cmocka_unit_test(stemmed_english), cmocka_unit_test(title_matches_first),
        cmocka_unit_test(stored_analysis), cmocka_unit_test(removed_articles_leave_the_index),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
