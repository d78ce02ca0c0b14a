/* Linking on a small hand-made KB (the entities below are written for this
 * test): longest match, prior, context, coherence, NIL, disambiguation pages,
 * Swedish keys, caller-given spans, JSON out, stored mentions; and salience. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "kb/kb.h"
#include "kb/norm.h"
#include "testlib.h"
#include "text/stage.h"

struct fixture {
    struct store *st;
    struct kb_linker *lk;
    char *dsn;
};

/* Puts an entity: qid, language, title, description, and a ;-separated alias list. */
static int64_t put(struct store *st, const char *qid, const char *lang, const char *title,
                   const char *desc, const char *aliases, int kind)
{
    struct kb_entity e = {0};
    e.qid = (char *)qid;
    e.kind = kind;
    struct kb_text t = {.lang = (char *)lang,
                        .title = (char *)title,
                        .page = (char *)title,
                        .description = (char *)desc};
    e.texts = &t;
    e.n_texts = 1;
    struct kb_alias a[8];
    char *names[8];
    size_t n = 0;
    char *list = xasprintf("%s;%s", title, aliases);
    for (char *tok = strtok(list, ";"); tok && n < 8; tok = strtok(NULL, ";")) {
        names[n] = kb_norm_key_dup(lang, tok, strlen(tok));
        a[n] = (struct kb_alias){.lang = (char *)lang,
                                 .name = tok,
                                 .norm = names[n],
                                 .origin = n == 0 ? KB_ORIGIN_TITLE : KB_ORIGIN_REDIRECT};
        n++;
    }
    e.aliases = a;
    e.n_aliases = n;
    int64_t id;
    struct errbuf eb = {{0}};
    enum err err = store_kb_entity_put(st, &e, &id, &eb);
    if (err)
        fail_msg("put %s: %s", title, err_msg(&eb, err));
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(list);
    return id;
}

/* The KB below in the store at dsn (taken), for the tests of one engine. */
static int setup_on(void **state, char *dsn)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    f->st = test_store_open(dsn);
    f->dsn = dsn;
    struct store *st = f->st;
    put(st, "Q1", "en", "Abraham Lincoln", "16th president of the United States", "Lincoln", 0);
    put(st, "Q2", "en", "Lincoln, Nebraska", "capital city of the state of Nebraska", "", 0);
    put(st, "Q3", "en", "Paris", "capital and largest city of France", "", 0);
    put(st, "Q4", "en", "Paris Hilton", "American media personality, socialite and heiress",
        "Paris", 0);
    put(st, "Q5", "en", "Arizona Cardinals", "American football team in the NFL", "Cardinals", 0);
    put(st, "Q6", "en", "St. Louis Cardinals", "American professional baseball team in MLB",
        "Cardinals", 0);
    put(st, "Q7", "en", "Larry Fitzgerald",
        "American football wide receiver who played for the Arizona Cardinals in the NFL", "", 0);
    put(st, "Q8", "en", "Mercury (disambiguation)", "Wikimedia disambiguation page", "Mercury",
        KB_KIND_DISAMBIGUATION);
    put(st, "Q9", "sv", "Malmö", "stad i Skåne", "", 0);
    put(st, "Q10", "en", "Islamic State – Khorasan Province",
        "regional branch of the Islamic State active in South and Central Asia",
        "IS-K;ISIS-K;IS-Khorasan", 0);
    assert_int_equal(kb_linker_new(st, &f->lk, NULL), ERR_OK);
    *state = f;
    return 0;
}

static int setup_sqlite(void **state)
{
    return setup_on(state, test_sqlite_dsn("kb_link"));
}

static int setup_pg(void **state)
{
    return setup_on(state, test_pg_dsn("kb_link"));
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    kb_linker_free(f->lk);
    store_close(f->st);
    free(f->dsn);
    free(f);
    return 0;
}

/* Links text and returns the mentions as "surface=QID|..." (NIL for NIL). */
static char *link(struct fixture *f, const char *text, const char *lang,
                  const struct kb_span *spans, size_t n_spans, bool only)
{
    struct kb_link_opts o = {.lang = lang, .spans = spans, .n_spans = n_spans, .spans_only = only};
    struct kb_links l;
    struct errbuf eb = {{0}};
    enum err err = kb_link(f->lk, text, strlen(text), &o, &l, &eb);
    if (err)
        fail_msg("kb_link: %s", err_msg(&eb, err));
    struct buf b;
    buf_init(&b, 1 << 16);
    for (size_t i = 0; i < l.len; i++) {
        const struct kb_mention *m = &l.items[i];
        /* Offsets are bytes into the text. */
        assert_memory_equal(text + m->start, m->surface, m->end - m->start);
        assert_int_equal(buf_printf(&b, "%s=%s|", m->surface, m->qid ? m->qid : "NIL"), ERR_OK);
    }
    kb_links_clear(&l);
    char *s = buf_steal(&b);
    buf_clear(&b);
    return s;
}

static void expect(struct fixture *f, const char *text, const char *lang, const char *want)
{
    char *got = link(f, text, lang, NULL, 0, false);
    if (strcmp(got, want))
        fail_msg("linking \"%s\" gave %s, not %s", text, got, want);
    free(got);
}

static void longest_match_and_context(void **state)
{
    struct fixture *f = *state;
    /* The longest name wins; the one-word name then has its own candidates. */
    expect(f, "Abraham Lincoln was born in 1809.", "en", "Abraham Lincoln=Q1|");
    /* One name, two entities, equal priors: the text decides. */
    expect(f, "Paris is the capital of France and its largest city.", "en", "Paris=Q3|");
    expect(f, "Paris, the heiress and socialite, posed for the media.", "en", "Paris=Q4|");
    /* The other entities of the text decide: the receiver plays American football. */
    expect(f, "Cardinals receiver Larry Fitzgerald scored twice in the NFL game.", "en",
           "Cardinals=Q5|Larry Fitzgerald=Q7|");
    /* Hyphenated names after multi-byte text keep their byte offsets; names the
     * KB does not know are no mentions when the linker finds names itself. */
    expect(f, "Analysts in Köln say IS-K is behind the attack.", "en", "IS-K=Q10|");
}

static void nil_and_disambiguation(void **state)
{
    struct fixture *f = *state;
    /* A disambiguation page is no answer; a sentence-initial function word is no name. */
    expect(f, "The Mercury rose.", "en", "");
    /* Two entities, equal priors, and nothing in the text for either: NIL. */
    expect(f, "We met Cardinals yesterday.", "en", "Cardinals=NIL|");
    /* A name the caller gives that the KB lacks is NIL. */
    const char *text = "ACLU attorney Sarah Rogers said so.";
    struct kb_span spans[] = {{14, 26}};
    char *got = link(f, text, "en", spans, 1, true);
    assert_string_equal(got, "Sarah Rogers=NIL|");
    free(got);
}

static void given_spans(void **state)
{
    struct fixture *f = *state;
    /* A given span is linked by the name that ends it. */
    const char *text = "Former President Abraham Lincoln spoke; Lincoln Memorial Trust agreed.";
    struct kb_span spans[] = {{7, 32}, {40, 62}};
    char *got = link(f, text, "en", spans, 2, true);
    assert_string_equal(got, "President Abraham Lincoln=Q1|Lincoln Memorial Trust=NIL|");
    free(got);
    /* Without spans_only, the text is scanned around the given spans too. */
    struct kb_span one[] = {{7, 32}};
    got = link(f, text, "en", one, 1, false);
    assert_string_equal(got, "President Abraham Lincoln=Q1|Lincoln=Q1|");
    free(got);
    /* A span outside the text is refused. */
    struct kb_link_opts o = {.lang = "en", .spans = (struct kb_span[]){{5, 500}}, .n_spans = 1};
    struct kb_links l;
    assert_int_equal(kb_link(f->lk, text, strlen(text), &o, &l, NULL), ERR_INVALID);
}

static void swedish(void **state)
{
    struct fixture *f = *state;
    /* Swedish keys keep diacritics: Malmo is not Malmö; case does not matter. */
    expect(f, "Hon bor i Malmö sedan i år.", "sv", "Malmö=Q9|");
    expect(f, "Hon bor i MALMÖ.", "sv", "MALMÖ=Q9|");
    expect(f, "Hon bor i Malmo.", "sv", "");
    /* A name the Swedish aliases lack is looked up in English. */
    expect(f, "Nu pekar allt på IS-K.", "sv", "IS-K=Q10|");
}

static void json_out(void **state)
{
    struct fixture *f = *state;
    const char *text = "Larry Fitzgerald met Sarah Rogers.";
    struct kb_span spans[] = {{0, 16}, {21, 33}};
    struct kb_link_opts o = {.lang = "en", .spans = spans, .n_spans = 2, .spans_only = true};
    struct kb_links l;
    assert_int_equal(kb_link(f->lk, text, strlen(text), &o, &l, NULL), ERR_OK);
    struct buf b;
    buf_init(&b, 1 << 16);
    assert_int_equal(kb_links_json(&l, &b), ERR_OK);
    kb_links_clear(&l);
    json_t *arr = json_loads(buf_cstr(&b), 0, NULL);
    buf_clear(&b);
    assert_int_equal(json_array_size(arr), 2);
    json_t *m0 = json_array_get(arr, 0), *m1 = json_array_get(arr, 1);
    assert_string_equal(json_string_value(json_object_get(m0, "qid")), "Q7");
    assert_string_equal(json_string_value(json_object_get(m0, "title")), "Larry Fitzgerald");
    assert_int_equal(json_integer_value(json_object_get(m0, "start")), 0);
    assert_int_equal(json_integer_value(json_object_get(m0, "end")), 16);
    assert_true(json_real_value(json_object_get(m0, "score")) > 0);
    assert_true(json_is_null(json_object_get(m1, "qid")));
    assert_string_equal(json_string_value(json_object_get(m1, "surface")), "Sarah Rogers");
    json_decref(arr);
}

static void stored_mentions(void **state)
{
    struct fixture *f = *state;
    struct source src = {.name = "Test", .feed_url = "https://example.org/feed", .enabled = true};
    int64_t sid, aid, q1;
    assert_int_equal(store_source_add(f->st, &src, &sid, NULL), ERR_OK);
    struct article a = {.source_id = sid, .url = "https://example.org/a", .fetched_at = 1};
    bool inserted;
    assert_int_equal(store_article_put(f->st, &a, &aid, &inserted, NULL), ERR_OK);
    assert_int_equal(store_kb_entity_find(f->st, "Q1", &q1, NULL), ERR_OK);
    struct kb_mention_row rows[] = {
        {.field = KB_FIELD_CONTENT,
         .start = 30,
         .end = 37,
         .entity_id = q1,
         .surface = "Lincoln",
         .score = 0.8},
        {.field = KB_FIELD_TITLE, .start = 0, .end = 12, .surface = "Sarah Rogers", .score = 0},
    };
    assert_int_equal(store_kb_mentions_put(f->st, aid, rows, 2, NULL), ERR_OK);
    struct kb_mention_list got;
    assert_int_equal(store_kb_mentions_get(f->st, aid, &got, NULL), ERR_OK);
    assert_int_equal(got.len, 2);
    assert_int_equal(got.items[0].field, KB_FIELD_CONTENT); /* by field, then offset */
    assert_string_equal(got.items[0].qid, "Q1");
    assert_true(got.items[0].score > 0.79 && got.items[0].score < 0.81);
    assert_int_equal(got.items[1].entity_id, 0);
    assert_null(got.items[1].qid);
    kb_mention_list_clear(&got);
    /* Putting again replaces. */
    assert_int_equal(store_kb_mentions_put(f->st, aid, rows, 1, NULL), ERR_OK);
    assert_int_equal(store_kb_mentions_get(f->st, aid, &got, NULL), ERR_OK);
    assert_int_equal(got.len, 1);
    kb_mention_list_clear(&got);
    struct kb_mention_row bad = {.start = 5, .end = 5, .surface = "x"};
    assert_int_equal(store_kb_mentions_put(f->st, aid, &bad, 1, NULL), ERR_INVALID);
}

/* Two workers on two connections: the first reads the pending list, the
 * second claims and links one of its articles; the first then claims its
 * stale list and is left with the one still to link, not the linked one. */
static void linked_once(void **state)
{
    struct fixture *f = *state;
    struct store *a = f->st, *b = test_store_open(f->dsn);
    struct source src = {.name = "Race", .feed_url = "https://example.org/race", .enabled = true};
    int64_t sid, ids[2];
    assert_int_equal(store_source_add(a, &src, &sid, NULL), ERR_OK);
    struct text_ctx *tx;
    assert_int_equal(text_ctx_new(&tx, NULL), ERR_OK);
    for (int i = 0; i < 2; i++) {
        char url[64];
        snprintf(url, sizeof url, "https://example.org/race/%d", i);
        struct article art = {.source_id = sid,
                              .url = url,
                              .title = "Lincoln in Paris",
                              .body = "Abraham Lincoln arrived in Paris on Monday.",
                              .body_hash = url,
                              .fetched_at = 1};
        bool inserted;
        assert_int_equal(store_article_put(a, &art, &ids[i], &inserted, NULL), ERR_OK);
        assert_int_equal(text_stage_article(tx, a, ids[i], NULL), ERR_OK);
    }
    text_ctx_free(tx);
    const int64_t now = 1000;
    int64_t *seen;
    size_t n;
    assert_int_equal(store_link_pending(a, now, 10, &seen, &n, NULL), ERR_OK);
    assert_true(n >= 2);

    int64_t theirs[1] = {ids[0]};
    size_t nb = 1;
    assert_int_equal(store_link_claim(b, "w2", now, 600, theirs, &nb, NULL), ERR_OK);
    assert_int_equal(nb, 1);
    size_t mentions, linked;
    assert_int_equal(kb_link_article(f->lk, b, ids[0], &mentions, &linked, NULL), ERR_OK);
    assert_true(linked > 0);

    assert_int_equal(store_link_claim(a, "w1", now, 600, seen, &n, NULL), ERR_OK);
    bool first = false, second = false;
    for (size_t i = 0; i < n; i++) {
        first |= seen[i] == ids[0];
        second |= seen[i] == ids[1];
    }
    assert_false(first);
    assert_true(second);
    free(seen);
    store_close(b);
}

/* ---- salience ---- */

enum { ISK = 1, RUSSIA, PUTIN, DISAMBIG, NOEXTRACT, SVONLY };

static const struct kb_entity_facts facts[] = {
    {ISK, KB_KIND_ARTICLE, 45, false, true},    /* specific, English extract only */
    {RUSSIA, KB_KIND_ARTICLE, 330, true, true}, /* generic: a Wikipedia in every language */
    {PUTIN, KB_KIND_ARTICLE, 250, true, true},
    {DISAMBIG, KB_KIND_DISAMBIGUATION, 0, true, true},
    {NOEXTRACT, KB_KIND_ARTICLE, 10, false, false},
    {SVONLY, KB_KIND_ARTICLE, 45, true, false},
};

static void salience_story(void **state)
{
    (void)state;
    /* Three outlets on the Moscow attack: Russia everywhere in the text, IS-K in
     * titles and leads, Putin in one article. */
    const struct kb_salience_mention a1[] = {
        {ISK, KB_FIELD_TITLE, 0},        {ISK, KB_FIELD_CONTENT, 10},
        {RUSSIA, KB_FIELD_CONTENT, 40},  {RUSSIA, KB_FIELD_CONTENT, 900},
        {PUTIN, KB_FIELD_CONTENT, 1200}, {DISAMBIG, KB_FIELD_TITLE, 5},
        {0, KB_FIELD_CONTENT, 50}};
    const struct kb_salience_mention a2[] = {
        {ISK, KB_FIELD_SUMMARY, 0}, {RUSSIA, KB_FIELD_TITLE, 0}, {RUSSIA, KB_FIELD_CONTENT, 700}};
    const struct kb_salience_mention a3[] = {{ISK, KB_FIELD_CONTENT, 100},
                                             {RUSSIA, KB_FIELD_CONTENT, 20},
                                             {NOEXTRACT, KB_FIELD_TITLE, 0}};
    const struct kb_salience_article arts[] = {
        {101, 500, a1, 7}, {102, 500, a2, 3}, {103, 500, a3, 3}};
    struct kb_salient *out;
    size_t n;
    kb_salience(arts, 3, facts, sizeof facts / sizeof facts[0], &out, &n);
    /* IS-K over Russia: as present, more prominent, far more specific. The
     * disambiguation page, the entity without an extract and NIL are out. */
    assert_int_equal(n, 3);
    assert_int_equal(out[0].entity_id, ISK);
    assert_int_equal(out[0].sources, 3);
    assert_int_equal(out[0].in_title, 1);
    assert_int_equal(out[0].in_lead, 3);
    assert_string_equal(out[0].show, "en"); /* no extract in the reader's language */
    assert_int_equal(out[1].entity_id, RUSSIA);
    assert_string_equal(out[1].show, "reader");
    assert_int_equal(out[2].entity_id, PUTIN);
    assert_true(out[0].score > out[1].score && out[1].score > out[2].score);
    free(out);

    /* Among equals, the one the reader can read in their language goes first;
     * one source repeating a name does not beat three sources naming one. */
    const struct kb_salience_mention b1[] = {{SVONLY, KB_FIELD_CONTENT, 10},
                                             {ISK, KB_FIELD_CONTENT, 10}};
    const struct kb_salience_mention b2[] = {
        {SVONLY, KB_FIELD_CONTENT, 10}, {ISK, KB_FIELD_CONTENT, 10},
        {PUTIN, KB_FIELD_CONTENT, 10},  {PUTIN, KB_FIELD_CONTENT, 20},
        {PUTIN, KB_FIELD_CONTENT, 30},  {PUTIN, KB_FIELD_CONTENT, 40}};
    const struct kb_salience_article brt[] = {{201, 100, b1, 2}, {201, 100, b2, 6}};
    kb_salience(brt, 2, facts, sizeof facts / sizeof facts[0], &out, &n);
    assert_int_equal(n, 3);
    assert_int_equal(out[0].entity_id, SVONLY);
    assert_int_equal(out[1].entity_id, ISK);
    assert_int_equal(out[0].sources, 1);
    free(out);

    /* Nothing linked: nothing to show. */
    kb_salience(NULL, 0, facts, 0, &out, &n);
    assert_int_equal(n, 0);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(longest_match_and_context),
        cmocka_unit_test(nil_and_disambiguation),
        cmocka_unit_test(given_spans),
        cmocka_unit_test(swedish),
        cmocka_unit_test(json_out),
        cmocka_unit_test(stored_mentions),
        cmocka_unit_test(linked_once),
    };
    const struct CMUnitTest pure[] = {cmocka_unit_test(salience_story)};
    /* The linker reads the KB through the store: on each engine the run offers. */
    int failed = cmocka_run_group_tests_name("sqlite", tests, setup_sqlite, teardown);
    if (test_pg_offered())
        failed |= cmocka_run_group_tests_name("postgresql", tests, setup_pg, teardown);
    return failed | cmocka_run_group_tests(pure, NULL, NULL);
}
