/* Entity linking measured on RSS-500 (news sentences with Wikidata IDs, N3
 * collection, Wikidata mapping by OpenTapioca) with a KB our importer builds
 * from the corpora's dumps plus tests/data/kb/rss500-entities.jsonl (hand-
 * written test entries for the gold entities the corpora lack, and made-up
 * distractors; see tests/data/kb/README.md). Two measures:
 *   given spans  the gold mention spans are the name candidates (as the text
 *                module will give them): precision and recall of the IDs,
 *                and how often a mention outside Wikidata is answered NIL;
 *   own spans    the linker finds the names itself: a link counts when its
 *                span and ID are both the gold's.
 * The floors asserted are just under what the linker reached (docs/kb.md).
 * OMNIBUS_EVAL_MISSES=1 prints every mention linked wrongly with given spans. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "kb/kb.h"
#include "testlib.h"

/* Floors: a change that makes linking worse fails here. */
#define FLOOR_GIVEN_PRECISION 0.87
#define FLOOR_GIVEN_RECALL 0.75
#define FLOOR_NIL_ACCURACY 0.97
#define FLOOR_OWN_PRECISION 0.57
#define FLOOR_OWN_OVERLAP_PRECISION 0.77
#define FLOOR_OWN_RECALL 0.70

struct gold {
    size_t start, end; /* bytes */
    char qid[24];      /* "" for a mention outside Wikidata (NIL) */
};

/* The byte offset of code point cp in s (the gold offsets count code points). */
static size_t byte_offset(const char *s, size_t cp)
{
    size_t b = 0;
    for (size_t k = 0; k < cp && s[b]; k++) {
        b++;
        while ((s[b] & 0xC0) == 0x80)
            b++;
    }
    return b;
}

static struct store *build_kb(void)
{
    char *dsn = test_sqlite_dsn("kb_eval");
    struct store *st = NULL;
    struct errbuf eb = {{0}};
    assert_int_equal(store_open(dsn, &st, &eb), ERR_OK);
    free(dsn);
    const char *rel[] = {
        "wikimedia-enterprise-sample/articles.ndjson", "wikimedia-enterprise-sample/compact.jsonl",
        "wikipedia-xml-sample/enwiki-latest-pages-articles1.xml-p000000010p000030302-"
        "shortened.bz2",
        "wikipedia-xml-sample/enwiki-table-markup.xml.bz2",
        "wikidata-entity-sample/sample_wikidata_items.json.bz2"};
    const size_t n_rel = sizeof rel / sizeof rel[0];
    char *paths[8];
    for (size_t i = 0; i < n_rel; i++)
        paths[i] = corpus_path(rel[i]);
    const char *src = getenv("OMNIBUS_SOURCE_DIR");
    paths[n_rel] = xasprintf("%s/tests/data/kb/rss500-entities.jsonl", src ? src : ".");
    const char *const langs[] = {"en"};
    struct kb_import_opts o = {.langs = langs, .n_langs = 1};
    struct kb_import_report r;
    enum err err = kb_import(st, (const char *const *)paths, n_rel + 1, &o, &r, &eb);
    if (err)
        fail_msg("building the KB: %s", err_msg(&eb, err));
    assert_int_equal(r.skipped, 0);
    kb_import_report_clear(&r);
    for (size_t i = 0; i <= n_rel; i++)
        free(paths[i]);
    return st;
}

struct tally {
    size_t gold_ids, gold_nil;
    size_t given_linked, given_correct, given_nil_right;
    size_t own_linked, own_correct;
    size_t own_overlapping; /* own links whose span overlaps a gold mention */
};

static void score_sentence(struct kb_linker *lk, const char *text, const struct gold *g, size_t n,
                           struct tally *t)
{
    struct kb_span *spans = xcalloc(n ? n : 1, sizeof *spans);
    for (size_t i = 0; i < n; i++) {
        spans[i].start = g[i].start;
        spans[i].end = g[i].end;
        if (g[i].qid[0])
            t->gold_ids++;
        else
            t->gold_nil++;
    }
    struct kb_link_opts o = {.lang = "en", .spans = spans, .n_spans = n, .spans_only = true};
    struct kb_links l;
    struct errbuf eb = {{0}};
    enum err err = kb_link(lk, text, strlen(text), &o, &l, &eb);
    if (err)
        fail_msg("kb_link: %s", err_msg(&eb, err));
    for (size_t i = 0; i < l.len; i++) {
        const struct kb_mention *m = &l.items[i];
        const struct gold *gm = NULL;
        for (size_t k = 0; k < n && !gm; k++)
            if (g[k].start == m->start && g[k].end == m->end)
                gm = &g[k];
        assert_non_null(gm); /* every given span comes back */
        if (m->entity_id)
            t->given_linked++;
        bool right =
            (m->qid && gm->qid[0] && !strcmp(m->qid, gm->qid)) || (!m->entity_id && !gm->qid[0]);
        if (!right && getenv("OMNIBUS_EVAL_MISSES"))
            print_message("miss: \"%s\" gold %s got %s (%s) prior %.2f context %.2f "
                          "coherence %.2f of %zu\n",
                          m->surface, gm->qid[0] ? gm->qid : "NIL", m->qid ? m->qid : "NIL",
                          m->title ? m->title : "-", m->prior, m->context, m->coherence,
                          m->candidates);
        if (m->qid && gm->qid[0] && !strcmp(m->qid, gm->qid))
            t->given_correct++;
        if (!m->entity_id && !gm->qid[0])
            t->given_nil_right++;
    }
    kb_links_clear(&l);

    struct kb_link_opts own = {.lang = "en"};
    if ((err = kb_link(lk, text, strlen(text), &own, &l, &eb)))
        fail_msg("kb_link: %s", err_msg(&eb, err));
    for (size_t i = 0; i < l.len; i++) {
        const struct kb_mention *m = &l.items[i];
        if (!m->entity_id)
            continue;
        t->own_linked++;
        bool overlaps = false;
        for (size_t k = 0; k < n; k++) {
            overlaps |= g[k].start < m->end && m->start < g[k].end;
            if (g[k].start == m->start && g[k].end == m->end && m->qid && !strcmp(m->qid, g[k].qid))
                t->own_correct++;
        }
        t->own_overlapping += overlaps;
    }
    kb_links_clear(&l);
    free(spans);
}

static void rss500(void **state)
{
    (void)state;
    struct store *st = build_kb();
    struct kb_linker *lk;
    assert_int_equal(kb_linker_new(st, &lk, NULL), ERR_OK);
    char *path = corpus_path("n3-entity-linking/RSS-500_wd.jsonl");
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    free(path);
    struct tally t = {0};
    size_t sentences = 0;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_error_t je;
        json_t *doc = json_loads(line, 0, &je);
        assert_non_null(doc);
        const char *text = json_string_value(json_object_get(doc, "text"));
        json_t *ms = json_object_get(doc, "mentions"), *m;
        size_t n = json_array_size(ms), i;
        struct gold *g = xcalloc(n ? n : 1, sizeof *g);
        json_array_foreach(ms, i, m)
        {
            g[i].start = byte_offset(text, (size_t)json_integer_value(json_object_get(m, "begin")));
            g[i].end = byte_offset(text, (size_t)json_integer_value(json_object_get(m, "end")));
            const char *uri = json_string_value(json_array_get(json_object_get(m, "uris"), 0));
            const char *q = uri ? strstr(uri, "wikidata.org/entity/") : NULL;
            if (q)
                snprintf(g[i].qid, sizeof g[i].qid, "%s", q + 20);
        }
        score_sentence(lk, text, g, n, &t);
        free(g);
        json_decref(doc);
        sentences++;
    }
    free(line);
    fclose(f);
    kb_linker_free(lk);
    store_close(st);

    double gp = t.given_linked ? (double)t.given_correct / (double)t.given_linked : 0;
    double gr = (double)t.given_correct / (double)t.gold_ids;
    double nil = (double)t.given_nil_right / (double)t.gold_nil;
    double op = t.own_linked ? (double)t.own_correct / (double)t.own_linked : 0;
    double orc = (double)t.own_correct / (double)t.gold_ids;
    print_message("RSS-500: %zu sentences, %zu mentions with a Wikidata ID, %zu outside it\n",
                  sentences, t.gold_ids, t.gold_nil);
    print_message("given spans: precision %.3f (%zu/%zu) recall %.3f F1 %.3f; NIL accuracy "
                  "%.3f (%zu/%zu)\n",
                  gp, t.given_correct, t.given_linked, gr,
                  gp + gr > 0 ? 2 * gp * gr / (gp + gr) : 0, nil, t.given_nil_right, t.gold_nil);
    double opo = t.own_overlapping ? (double)t.own_correct / (double)t.own_overlapping : 0;
    print_message("own spans:   precision %.3f (%zu/%zu) recall %.3f F1 %.3f; precision %.3f "
                  "(%zu/%zu) on links that overlap a gold mention (RSS-500 leaves many names "
                  "unannotated)\n",
                  op, t.own_correct, t.own_linked, orc,
                  op + orc > 0 ? 2 * op * orc / (op + orc) : 0, opo, t.own_correct,
                  t.own_overlapping);
    assert_true(gp >= FLOOR_GIVEN_PRECISION);
    assert_true(gr >= FLOOR_GIVEN_RECALL);
    assert_true(nil >= FLOOR_NIL_ACCURACY);
    assert_true(op >= FLOOR_OWN_PRECISION);
    assert_true(opo >= FLOOR_OWN_OVERLAP_PRECISION);
    assert_true(orc >= FLOOR_OWN_RECALL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(rss500)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
