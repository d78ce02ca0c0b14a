/* Near-duplicates on real news texts (ECB+): every document, lightly edited the
 * way outlets edit wire copy (another headline, a paragraph added, the byline
 * swapped for a dateline, the end cut), is found as a copy of itself; no two
 * different articles about the same event are called copies; and through the
 * clusterer a copy joins its original's story and adds no newsroom, while a
 * flood of identical articles stays one story in bounded memory. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecbplus_docs.h"
#include "story/cluster.h"
#include "story/neardup.h"
#include "story/terms.h"

struct sigger {
    struct story_termer *t;
    struct story_terms_out out;
};

/* What every test here reads: the documents, and a term extractor. */
struct fixture {
    struct ecb_docs docs;
    struct sigger s;
};

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    ecb_docs_load(&f->docs);
    story_termer_new(&f->s.t);
    story_terms_init(&f->s.out);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    story_terms_clear(&f->s.out);
    story_termer_free(f->s.t);
    ecb_docs_free(&f->docs);
    free(f);
    return 0;
}

static void sig_of(struct sigger *s, const char *text, struct story_sig *sig)
{
    story_terms_reset(&s->out);
    const struct story_terms_opts body = {1, 40, 3, true};
    assert_int_equal(story_terms(s->t, text, strlen(text), "en", &body, &s->out, NULL), ERR_OK);
    story_sig_compute(s->out.word_hashes, s->out.nwords, sig);
}

static bool word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static size_t word_count(const char *text)
{
    size_t n = 0;
    bool in = false;
    for (const char *p = text; *p; p++) {
        n += word_byte(*p) && !in;
        in = word_byte(*p);
    }
    return n;
}

/* The text up to the end of the word that passes share (0..1) of its words. */
static char *head_words(const char *text, double share)
{
    size_t keep = (size_t)(word_count(text) * share + 0.5), n = 0;
    bool in = false;
    const char *p = text;
    for (; *p; p++) {
        if (word_byte(*p) && !in && n++ == keep)
            break;
        in = word_byte(*p);
    }
    return xstrndup(text, (size_t)(p - text));
}

/* Every document, edited four ways, is a copy of itself. */
static void test_edited_copies_found(void **state)
{
    struct fixture *f = *state;
    struct ecb_docs docs = f->docs;
    struct sigger *s = &f->s;
    size_t tried = 0, found[4] = {0};
    for (size_t i = 0; i < docs.len; i++) {
        const struct ecb_doc *d = &docs.items[i];
        /* Cutting 30% of a text needs enough text left to compare. */
        if (word_count(d->text) < 60)
            continue;
        tried++;
        struct story_sig orig, edited;
        sig_of(s, d->text, &orig);
        const struct ecb_doc *other = &docs.items[(i + 7) % docs.len];
        char *variants[4] = {
            /* the wire's first line replaced by the outlet's own headline */
            xasprintf("Outlet headline: what happened today\n%s", d->rest),
            /* a paragraph of the outlet's own added at the end */
            xasprintf("%s\n%s", d->text, other->first),
            /* the byline swapped for a wire dateline and sign-off */
            xasprintf("STOCKHOLM (TT) %s /TT", d->text),
            /* the end cut (the outlet ran 70%) */
            head_words(d->text, 0.7),
        };
        for (int v = 0; v < 4; v++) {
            sig_of(s, variants[v], &edited);
            double score;
            if (story_sig_is_copy(&orig, &edited, &score))
                found[v]++;
            else
                print_message("not found (%d) %s: containment %.2f\n", v, d->id, score);
            free(variants[v]);
        }
    }
    print_message("edited copies found: headline %zu, paragraph %zu, byline %zu, cut %zu of %zu\n",
                  found[0], found[1], found[2], found[3], tried);
    assert_true(tried > 300);
    for (int v = 0; v < 4; v++)
        assert_int_equal(found[v], tried);
}

/* The exact set of a text's 4-word shingles (sorted hashes). */
struct shingles {
    uint64_t *h;
    size_t n;
};

static int by_hash(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void shingles_of(struct sigger *s, const char *text, struct shingles *out)
{
    story_terms_reset(&s->out);
    const struct story_terms_opts body = {1, 0, 1, true};
    assert_int_equal(story_terms(s->t, text, strlen(text), "en", &body, &s->out, NULL), ERR_OK);
    size_t n = s->out.nwords >= 4 ? s->out.nwords - 3 : 0;
    out->h = xmalloc((n ? n : 1) * sizeof *out->h);
    for (size_t i = 0; i < n; i++)
        out->h[i] = s->out.word_hashes[i] * 31 + s->out.word_hashes[i + 1] * 17 +
                    s->out.word_hashes[i + 2] * 7 + s->out.word_hashes[i + 3];
    qsort(out->h, n, sizeof *out->h, by_hash);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || out->h[i] != out->h[k - 1])
            out->h[k++] = out->h[i];
    out->n = k;
}

/* The exact Jaccard similarity and containment (in the smaller) of two sets. */
static void overlap(const struct shingles *a, const struct shingles *b, double *jaccard,
                    double *contained)
{
    size_t i = 0, j = 0, both = 0;
    while (i < a->n && j < b->n) {
        if (a->h[i] < b->h[j])
            i++;
        else if (a->h[i] > b->h[j])
            j++;
        else
            both++, i++, j++;
    }
    size_t small = a->n < b->n ? a->n : b->n;
    *jaccard = a->n + b->n - both ? (double)both / (double)(a->n + b->n - both) : 0;
    *contained = small ? (double)both / (double)small : 0;
}

/* Different articles about one event share names, numbers and phrases, but
 * are no copies; the pairs that ECB+ holds twice (one wire text run by two
 * outlets) are. The decision from the signatures agrees with the exact shingle
 * sets: no pair sharing less than half its text is called a copy, and every
 * pair sharing nearly all of it is. */
static void test_same_event_not_copies(void **state)
{
    struct fixture *f = *state;
    struct ecb_docs docs = f->docs;
    struct sigger *s = &f->s;
    struct story_sig *sigs = xcalloc(docs.len, sizeof *sigs);
    struct shingles *sets = xcalloc(docs.len, sizeof *sets);
    for (size_t i = 0; i < docs.len; i++) {
        sig_of(s, docs.items[i].text, &sigs[i]);
        shingles_of(s, docs.items[i].text, &sets[i]);
    }
    size_t pairs = 0, different = 0, syndicated = 0, false_copies = 0, missed = 0, between = 0;
    size_t between_called = 0;
    for (size_t i = 0; i < docs.len; i++) {
        for (size_t j = i + 1; j < docs.len; j++) {
            if (strcmp(docs.items[i].event, docs.items[j].event))
                continue;
            pairs++;
            double jac, cont;
            overlap(&sets[i], &sets[j], &jac, &cont);
            bool called = story_sig_is_copy(&sigs[i], &sigs[j], NULL);
            if (cont < 0.5) {
                different++;
                false_copies += called;
                if (called)
                    print_message("called copies: %s and %s (exact containment %.2f)\n",
                                  docs.items[i].id, docs.items[j].id, cont);
            } else if (cont >= 0.9 && jac >= 0.6) {
                syndicated++;
                missed += !called;
                if (!called)
                    print_message("missed copies: %s and %s (exact Jaccard %.2f)\n",
                                  docs.items[i].id, docs.items[j].id, jac);
            } else {
                between++;
                between_called += called;
            }
        }
    }
    print_message("same-event pairs: %zu: %zu different articles, %zu syndicated copies, %zu "
                  "sharing half to most of their text (%zu called copies); %zu called copies "
                  "wrongly, %zu copies missed\n",
                  pairs, different, syndicated, between, between_called, false_copies, missed);
    assert_true(different > 3000);
    assert_true(syndicated >= 5);
    assert_int_equal(false_copies, 0);
    assert_int_equal(missed, 0);
    for (size_t i = 0; i < docs.len; i++)
        free(sets[i].h);
    free(sets);
    free(sigs);
}

/* The index finds the original among many texts, and forgets the oldest. */
static void test_index(void **state)
{
    struct fixture *f = *state;
    struct ecb_docs docs = f->docs;
    struct sigger *s = &f->s;
    struct story_dupindex *ix;
    story_dupindex_new(400, &ix);
    struct story_sig sig, *sigs = xcalloc(docs.len, sizeof *sigs);
    for (size_t i = 0; i < docs.len; i++) {
        sig_of(s, docs.items[i].text, &sigs[i]);
        story_dupindex_add(ix, (int64_t)i + 1, &sigs[i]);
    }
    assert_int_equal(story_dupindex_size(ix), 400);
    size_t hit = 0, tried = 0;
    for (size_t i = docs.len - 400; i < docs.len; i++) {
        if (word_count(docs.items[i].text) < 60)
            continue;
        tried++;
        char *edited = xasprintf("%s\nThe outlet's own closing line.", docs.items[i].text);
        sig_of(s, edited, &sig);
        free(edited);
        /* The text itself, or another outlet's run of the same wire text. */
        int64_t found = story_dupindex_find(ix, &sig, NULL);
        hit += found == (int64_t)i + 1 ||
               (found > 0 && story_sig_is_copy(&sigs[i], &sigs[found - 1], NULL));
    }
    assert_int_equal(hit, tried);
    free(sigs);
    /* The oldest are forgotten. */
    sig_of(s, docs.items[0].text, &sig);
    assert_int_equal(story_dupindex_find(ix, &sig, NULL), 0);
    story_dupindex_free(ix);
}

/* Through the clusterer: copies of a wire text printed by other outlets join
 * the original's story as copies and count with its newsroom; a flood of the
 * same text stays one story whose memory does not grow with it. */
static void test_copies_in_stories(void **state)
{
    struct fixture *f = *state;
    struct ecb_docs docs = f->docs;
    const struct ecb_doc *wire = &docs.items[ecb_find(&docs, "12_10ecb")];
    struct story_clusterer *c;
    story_clusterer_new(NULL, 1, &c);
    struct story_doc orig = {.key = 1,
                             .title = "Indian navy foils pirate attack",
                             .text = wire->text,
                             .lang = "en",
                             .time = 1700000000,
                             .outlet = 1,
                             .byline = "[\"AP\"]"};
    struct story_result r;
    assert_int_equal(story_add(c, &orig, &r, NULL), ERR_OK);
    int64_t story = r.story;
    assert_true(r.started);
    assert_string_equal(r.newsroom, "wire:AP");
    char *edited = xasprintf("%s\nThe ministry gave no further details.", wire->text);
    for (int64_t k = 2; k <= 5000; k++) {
        struct story_doc copy = {.key = k,
                                 .title = "Pirates repelled in the Gulf of Aden",
                                 .text = k % 2 ? edited : wire->text,
                                 .lang = "en",
                                 .time = 1700000000 + k,
                                 .outlet = k,
                                 .owner = k % 3 ? NULL : "Group"};
        assert_int_equal(story_add(c, &copy, &r, NULL), ERR_OK);
        assert_int_equal(r.story, story);
        assert_int_equal(r.copy_of, 1);
        assert_string_equal(r.newsroom, "wire:AP");
        story_changes_clear(c);
    }
    free(edited);
    struct story_summary sum;
    assert_int_equal(story_describe(c, story, &sum, NULL), ERR_OK);
    assert_int_equal(sum.articles, 5000);
    assert_int_equal(sum.newsrooms, 1);
    assert_true(sum.outlets >= 500); /* of the articles it keeps in memory */
    size_t stories, articles, terms;
    story_clusterer_size(c, &stories, &articles, &terms);
    assert_int_equal(stories, 1);
    /* A different article on the same event is no copy, and is an independent newsroom. */
    const struct ecb_doc *other = &docs.items[ecb_find(&docs, "12_11ecb")];
    struct story_doc own = {.key = 9001,
                            .title = other->first,
                            .text = other->rest,
                            .lang = "en",
                            .time = 1700009000,
                            .outlet = 77};
    assert_int_equal(story_add(c, &own, &r, NULL), ERR_OK);
    assert_int_equal(r.copy_of, 0);
    assert_string_equal(r.newsroom, "outlet:77");
    story_clusterer_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_edited_copies_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_event_not_copies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copies_in_stories, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
