/* The language library's behaviour: tokens, normal forms and stems (one
 * stemmer set per context), the word lists of each use, clustering's word rule
 * and language codes, and UTF-8 encoding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/xalloc.h"
#include "lang/lang.h"
#include "lang/norm.h"
#include "lang/token.h"
#include "lang/utf8.h"
#include "lang/words.h"
#include "testlib.h"

static struct lang_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = lang_ctx_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    lang_ctx_free(ctx);
    return 0;
}

static void tokens(void **state)
{
    (void)state;
    const char *s = "IS-K:s attack, don't 3,5 10:30 t.ex. www.dn.se Obama's";
    const char *want[] = {"IS-K:s", "attack", ",",         "don't",  "3,5",
                          "10:30",  "t.ex.",  "www.dn.se", "Obama's"};
    struct lang_token t;
    size_t pos = 0, i = 0;
    while (lang_token_next(s, strlen(s), LANG_SV, &pos, &t)) {
        assert_true(i < sizeof want / sizeof want[0]);
        if (t.end - t.begin != strlen(want[i]) || memcmp(s + t.begin, want[i], t.end - t.begin))
            fail_msg("token %zu is '%.*s', expected '%s'", i, (int)(t.end - t.begin), s + t.begin,
                     want[i]);
        i++;
    }
    assert_int_equal(i, sizeof want / sizeof want[0]);
    /* French elision: "l'homme" is "l'" and "homme". */
    s = "l'homme";
    pos = 0;
    assert_true(lang_token_next(s, strlen(s), LANG_FR, &pos, &t));
    assert_int_equal(t.end, 2);
    assert_true(lang_token_next(s, strlen(s), LANG_FR, &pos, &t));
    assert_int_equal(t.begin, 2);
}

static void folds_and_stems(void **state)
{
    (void)state;
    const char *w;
    size_t n;
    assert_int_equal(lang_fold(ctx, "FÖR", 4, &w, &n), ERR_OK);
    assert_string_equal(w, "för"); /* never "for" */
    assert_int_equal(lang_fold(ctx, "Straße", 7, &w, &n), ERR_OK);
    assert_string_equal(w, "strasse");
    assert_int_equal(lang_fold(ctx, "Cafe\xCC\x81", 6, &w, &n), ERR_OK);
    assert_string_equal(w, "caf\xC3\xA9"); /* NFC: e + combining acute -> é */
    char a[64], b[64];
    assert_int_equal(lang_stem(ctx, LANG_SV, "Regeringens", 11, &w, &n), ERR_OK);
    snprintf(a, sizeof a, "%s", w);
    assert_int_equal(lang_stem(ctx, LANG_SV, "regeringen", 10, &w, &n), ERR_OK);
    snprintf(b, sizeof b, "%s", w);
    assert_string_equal(a, b);
    assert_int_equal(lang_stem(ctx, LANG_EN, "attacks", 7, &w, &n), ERR_OK);
    assert_string_equal(w, "attack");
    assert_true(lang_is_stopword(LANG_SV, "och", 3));
    assert_false(lang_is_stopword(LANG_SV, "regering", 8));
    assert_true(lang_is_stopword(LANG_EN, "the", 3));
    char *big = xcalloc(70000, 1);
    memset(big, 'a', 69999);
    assert_int_equal(lang_fold(ctx, big, 69999, &w, &n), ERR_LIMIT);
    free(big);
}

static void word_lists(void **state)
{
    (void)state;
    /* Clustering drops reporting verbs; the grammatical list keeps them. */
    assert_true(lang_in_list(LANG_LIST_TOPIC, LANG_EN, "told", 4));
    assert_false(lang_is_stopword(LANG_EN, "told", 4));
    assert_true(lang_in_list(LANG_LIST_TOPIC, LANG_SV, "enligt", 6));
    /* Linking's list: never a name alone. */
    assert_true(lang_in_list(LANG_LIST_NAME, LANG_EN, "mr", 2));
    assert_true(lang_in_list(LANG_LIST_NAME, LANG_SV, "för", 4));
    assert_false(lang_in_list(LANG_LIST_NAME, LANG_FR, "le", 2)); /* none for French */
    assert_true(lang_in_list(LANG_LIST_CALENDAR, LANG_EN, "monday", 6));
    assert_false(lang_in_list(LANG_LIST_CALENDAR, LANG_SV, "måndag", 7));
    assert_false(lang_in_list(LANG_LIST_STOP, LANG_UNKNOWN, "the", 3));
    assert_int_equal(lang_abbrev_find(LANG_SV, "bl.a", 4), LANG_ABBREV_INNER);
    assert_int_equal(lang_abbrev_find(LANG_EN, "No", 2), LANG_ABBREV_NUMBER);
    const char *s = "etc. The";
    assert_true(lang_capitalised_stopword(LANG_EN, s, 5, 8));
}

/* The hashed form of the lists (lang_ctx_in_list, what term extraction uses)
 * answers as the searched one on every word of a UD test set of each language,
 * list by list. */
static void hashed_lists(void **state)
{
    (void)state;
    static const struct {
        enum lang lang;
        const char *file;
    } sets[] = {
        {LANG_SV, "ud-test-sets/sv_talbanken/sv_talbanken-ud-test.conllu"},
        {LANG_EN, "ud-test-sets/en_ewt/en_ewt-ud-test.conllu"},
        {LANG_DE, "ud-test-sets/de_gsd/de_gsd-ud-test.conllu"},
        {LANG_FR, "ud-test-sets/fr_gsd/fr_gsd-ud-test.conllu"},
    };
    struct lang_ctx *own = lang_ctx_new();
    for (size_t k = 0; k < sizeof sets / sizeof *sets; k++) {
        char *path = corpus_path(sets[k].file);
        size_t len, words = 0, hits = 0;
        char *text = read_file(path, &len), *save = NULL;
        assert_non_null(text);
        for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            char *form = strchr(line, '\t'), *end = form ? strchr(form + 1, '\t') : NULL;
            if (line[0] == '#' || !end)
                continue;
            const char *w;
            size_t n;
            assert_int_equal(lang_fold(ctx, form + 1, (size_t)(end - form - 1), &w, &n), ERR_OK);
            for (int l = 0; l < LANG_LIST_COUNT; l++) {
                bool in = lang_in_list((enum lang_list)l, sets[k].lang, w, n);
                assert_int_equal(
                    lang_ctx_in_list(own, (enum lang_list)l, sets[k].lang, w, n, hash_bytes(w, n)),
                    in);
                hits += in;
            }
            words++;
        }
        assert_true(words > 10000 && hits > words / 4);
        free(text);
        free(path);
    }
    lang_ctx_free(own);
}

static void codes(void **state)
{
    (void)state;
    assert_int_equal(lang_parse("sv-SE"), LANG_SV);
    assert_int_equal(lang_parse("no"), LANG_NB);
    assert_int_equal(lang_parse("english"), LANG_UNKNOWN);
    assert_int_equal(lang_parse(NULL), LANG_UNKNOWN);
    assert_string_equal(lang_code(LANG_NB), "nb");
    assert_string_equal(lang_code(LANG_COUNT), "unknown");
    /* Clustering's looser reading: the first two letters. */
    assert_int_equal(lang_parse_prefix("english"), LANG_EN);
    assert_int_equal(lang_parse_prefix("nn"), LANG_NB);
    assert_int_equal(lang_parse_prefix("swe"), LANG_UNKNOWN);
    assert_int_equal(lang_parse_prefix("e"), LANG_UNKNOWN);
}

/* Clustering's word rule, beside the tokenizer's. */
static void term_words(void **state)
{
    (void)state;
    const char *s = "O'Brien's IS-K 1,000 U.S. 10:30 a_b x\xE2\x85\xAB";
    const char *want[] = {"O'Brien's", "IS-K", "1,000", "U.S",          "10",
                          "30",        "a",    "b",     "x\xE2\x85\xAB"};
    size_t len = strlen(s), i = 0, k = 0, n;
    while (i < len) {
        if (!utf8_is_alnum(utf8_decode(s, len, i, &n))) {
            i += n;
            continue;
        }
        size_t e = lang_term_end(s, len, i);
        assert_true(k < sizeof want / sizeof want[0]);
        if (e - i != strlen(want[k]) || memcmp(s + i, want[k], e - i))
            fail_msg("word %zu is '%.*s', expected '%s'", k, (int)(e - i), s + i, want[k]);
        k++;
        i = e;
    }
    assert_int_equal(k, sizeof want / sizeof want[0]);
}

static void encode(void **state)
{
    (void)state;
    char u[4];
    assert_int_equal(utf8_encode(0xE9, u), 2);
    assert_memory_equal(u, "\xC3\xA9", 2);
    assert_int_equal(utf8_encode(0x1F600, u), 4);
    assert_memory_equal(u, "\xF0\x9F\x98\x80", 4);
    assert_int_equal(utf8_encode(0x110000, u), 0);
    size_t n;
    assert_int_equal(utf8_decode("\xF0\x9F\x98\x80", 4, 0, &n), 0x1F600);
    assert_int_equal(n, 4);
    assert_int_equal(utf8_decode("\xC0\x80", 2, 0, &n), UTF8_BAD); /* overlong */
    assert_int_equal(n, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokens),     cmocka_unit_test(folds_and_stems),
        cmocka_unit_test(word_lists), cmocka_unit_test(hashed_lists),
        cmocka_unit_test(codes),      cmocka_unit_test(term_words),
        cmocka_unit_test(encode),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
