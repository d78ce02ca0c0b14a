/* The terms behind story/terms.h, on src/lang/: words by lang_term_end (runs
 * of letters, marks and digits, with inner apostrophes, hyphens, and dots or
 * commas between digits or letters: "O'Brien", "IS-K", "U.S", "6.1",
 * "1,000"), case-folded (marks kept: "för" is not "for"), clustering's
 * stopwords (LANG_LIST_TOPIC) dropped, Snowball-stemmed. A word
 * counts as a name when it is capitalised and does not start a sentence, or is
 * an acronym; names are stemmed by the English stemmer whatever the language,
 * so that a name is one term in every language (by their own stemmers English
 * made "Älvby" "älvbi" and Swedish kept "älvby"). Runs of two to four
 * capitalised words also give a phrase term ("toni thompson"). Integers with
 * thousands separators lose them ("14,000" and "14 000" are "14000"). */
#include "story/terms.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/xalloc.h"
#include "lang/norm.h"
#include "lang/token.h"
#include "lang/utf8.h"
#include "lang/words.h"

#define MAX_TERMS (1u << 20)
#define MAX_WORD_BYTES 96 /* longer "words" (URLs, hashes, junk) are no terms */
#define MAX_RUN 4
#define ARENA_MAX (64u << 20)
#define FOLDED_MAX (MAX_WORD_BYTES * 4)

/* Capitalisation marks names, except in German, where every noun has it. */
static bool capital_names(enum lang l)
{
    return l != LANG_UNKNOWN && l != LANG_DE;
}

struct story_termer {
    struct lang_ctx *lang; /* folding and stems, this thread's own */
};

void story_termer_new(struct story_termer **out)
{
    struct story_termer *t = xcalloc(1, sizeof *t);
    t->lang = lang_ctx_new();
    *out = t;
}

void story_termer_free(struct story_termer *t)
{
    if (!t)
        return;
    lang_ctx_free(t->lang);
    free(t);
}

void story_terms_init(struct story_terms_out *out)
{
    memset(out, 0, sizeof *out);
    buf_init(&out->arena, ARENA_MAX);
}

void story_terms_reset(struct story_terms_out *out)
{
    out->len = 0;
    out->nwords = 0;
    buf_reset(&out->arena);
}

void story_terms_clear(struct story_terms_out *out)
{
    if (!out)
        return;
    free(out->terms);
    free(out->word_hashes);
    buf_clear(&out->arena);
    memset(out, 0, sizeof *out);
}

/* A thousands separator between digit groups: a space, a no-break space or
 * a thin one ("14 000" in Swedish, French, Finnish). */
static bool group_space(int32_t cp)
{
    return cp == ' ' || cp == 0xA0 || cp == 0x2009 || cp == 0x202F;
}

/* Whether s[i..) holds exactly three ASCII digits that end a word. */
static bool three_digits(const char *s, size_t len, size_t i)
{
    for (size_t k = 0; k < 3; k++)
        if (i + k >= len || s[i + k] < '0' || s[i + k] > '9')
            return false;
    if (i + 3 >= len)
        return true;
    size_t n;
    return !utf8_is_alnum(utf8_decode(s, len, i + 3, &n));
}

/* An integer written with thousands separators is one number in every
 * language: "14,000" (English) and "14 000" (Swedish) are both "14000", so
 * that articles in two languages share it. s[i..*end) is a word starting with
 * a digit; when it is such an integer (commas before groups of three digits,
 * or a group of one to three digits followed by space-separated groups of
 * three), writes its digits to dst (MAX_WORD_BYTES at least), moves *end past
 * the last group and returns the digits' length; else returns 0 ("6.1",
 * "1990-talet", "2019 100" stay as they are). */
static size_t grouped_number(const char *s, size_t len, size_t i, size_t *end, char *dst)
{
    size_t n = 0, group = 0, groups = 1;
    for (size_t k = i; k < *end; k++) {
        if (s[k] >= '0' && s[k] <= '9') {
            if (n == MAX_WORD_BYTES)
                return 0;
            dst[n++] = s[k];
            group++;
        } else if (s[k] == ',' && (groups > 1 ? group == 3 : group <= 3) &&
                   three_digits(s, *end, k + 1)) {
            group = 0;
            groups++;
        } else {
            return 0;
        }
    }
    if (groups > 1)
        return n;
    if (group > 3)
        return 0;
    size_t e = *end;
    for (;;) {
        size_t w = 0;
        int32_t cp = e < len ? utf8_decode(s, len, e, &w) : 0;
        if (!w || !group_space(cp) || !three_digits(s, len, e + w) || n + 3 > MAX_WORD_BYTES)
            break;
        memcpy(dst + n, s + e + w, 3);
        n += 3;
        e += w + 3;
        groups++;
    }
    if (groups == 1)
        return 0;
    *end = e;
    return n;
}

/* Case-folds s[0..n) into dst (FOLDED_MAX bytes); returns the folded length,
 * or 0 when the word is too long to be a term. */
static size_t casefold(struct story_termer *t, const char *s, size_t n, char *dst)
{
    const char *f;
    size_t fl;
    if (n > MAX_WORD_BYTES || lang_fold(t->lang, s, n, &f, &fl) || fl > FOLDED_MAX)
        return 0;
    memcpy(dst, f, fl);
    return fl;
}

static MUST_CHECK enum err push_term(struct story_terms_out *out, const char *s, size_t n,
                                     float weight, bool is_name, bool is_number, size_t word,
                                     struct errbuf *eb)
{
    if (out->len >= MAX_TERMS)
        return errf(eb, ERR_LIMIT, "a document of more than %u terms", MAX_TERMS);
    if (out->len == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 256;
        out->terms = xrealloc(out->terms, out->cap * sizeof *out->terms);
    }
    uint32_t off = (uint32_t)out->arena.len;
    if (buf_append(&out->arena, s, n))
        return errf(eb, ERR_LIMIT, "a document of more than %u bytes of terms", ARENA_MAX);
    out->terms[out->len++] = (struct story_term){.off = off,
                                                 .len = (uint32_t)n,
                                                 .weight = weight,
                                                 .is_name = is_name,
                                                 .is_number = is_number,
                                                 .word = (uint32_t)word};
    return ERR_OK;
}

static void push_word(struct story_terms_out *out, uint64_t h)
{
    if (out->nwords == out->words_cap) {
        out->words_cap = out->words_cap ? out->words_cap * 2 : 512;
        out->word_hashes = xrealloc(out->word_hashes, out->words_cap * sizeof *out->word_hashes);
    }
    out->word_hashes[out->nwords++] = h;
}

/* A run of capitalised words: indices into out->terms. */
struct run {
    size_t term[MAX_RUN];
    size_t n;
    bool has_name;
};

/* Emits the run as a phrase term when it is two or more words with a name among them. */
static MUST_CHECK enum err flush_run(struct story_terms_out *out, struct run *r, struct errbuf *eb)
{
    enum err err = ERR_OK;
    if (r->n >= 2 && r->has_name) {
        char phrase[(FOLDED_MAX + 1) * MAX_RUN];
        size_t n = 0;
        float w = 0;
        for (size_t i = 0; i < r->n; i++) {
            const struct story_term *tm = &out->terms[r->term[i]];
            if (i)
                phrase[n++] = ' ';
            memcpy(phrase + n, out->arena.data + tm->off, tm->len);
            n += tm->len;
            w += tm->weight;
        }
        err = push_term(out, phrase, n, w / (float)r->n, true, false,
                        out->terms[r->term[0]].word, eb);
    }
    r->n = 0;
    r->has_name = false;
    return err;
}

enum err story_terms(struct story_termer *t, const char *text, size_t len, const char *lang,
                     const struct story_terms_opts *opts, struct story_terms_out *out,
                     struct errbuf *eb)
{
    enum lang l = lang_parse_prefix(lang);
    char folded[FOLDED_MAX];
    struct run run = {{0}, 0, false};
    bool sentence_start = true;
    size_t words = 0;
    enum err err = ERR_OK;
    size_t i = 0;
    while (i < len && !err) {
        size_t n;
        int32_t cp = utf8_decode(text, len, i, &n);
        if (!utf8_is_alnum(cp)) {
            if (cp == '.' || cp == '!' || cp == '?' || cp == '\n' || cp == 0x2026)
                sentence_start = true;
            /* Spaces and quote marks keep a run of names going; anything else ends it. */
            if (cp != ' ' && cp != 0xA0 && cp != '"' && cp != 0x201C && cp != 0x201D)
                err = flush_run(out, &run, eb);
            i += n;
            continue;
        }
        size_t end = lang_term_end(text, len, i);
        bool starts = sentence_start;
        sentence_start = false;
        float weight = opts->weight * (words < opts->lead_words ? opts->lead_weight : 1.0f);
        words++;
        bool number = utf8_is_digit(cp);
        size_t fl = number ? grouped_number(text, len, i, &end, folded) : 0;
        if (!fl)
            fl = casefold(t, text + i, end - i, folded);
        /* A possessive 's is the same name: "Obama's" is "obama". */
        if (fl > 2 && folded[fl - 1] == 's' && folded[fl - 2] == '\'')
            fl -= 2;
        else if (fl > 4 && folded[fl - 1] == 's' && !memcmp(folded + fl - 4, "\xe2\x80\x99", 3))
            fl -= 4;
        uint64_t hash = fl ? hash_bytes(folded, fl) : 0;
        if (fl && opts->in_shingles)
            push_word(out, hash);
        bool cap = utf8_is_upper(cp);
        size_t letters = 0, uppers = 0;
        for (size_t k = i; k < end;) {
            int32_t c = utf8_decode(text, len, k, &n);
            k += n;
            letters += !utf8_is_digit(c) && utf8_is_alnum(c);
            uppers += utf8_is_upper(c);
        }
        bool acronym = letters >= 2 && uppers == letters;
        size_t ncp = 0;
        for (size_t k = 0; k < fl; k++)
            ncp += ((unsigned char)folded[k] & 0xC0) != 0x80;
        i = end;
        if (!fl || ncp < 2 ||
            (!acronym && lang_ctx_in_list(t->lang, LANG_LIST_TOPIC, l, folded, fl, hash))) {
            err = flush_run(out, &run, eb);
            continue;
        }
        bool name =
            acronym || (cap && !starts && capital_names(l) &&
                        !lang_ctx_in_list(t->lang, LANG_LIST_CALENDAR, l, folded, fl, hash));
        const char *term = folded;
        size_t tl = fl;
        /* A name is stemmed the English way in every language that stems:
         * one term across languages, with English plurals and possessives
         * still folded ("Democrats", and the Swedish genitive "Älvbys"). By
         * their own stemmers English made "Älvby" "älvbi" and Swedish kept
         * "älvby". */
        if (l != LANG_UNKNOWN && !number &&
            lang_stem(t->lang, name ? LANG_EN : l, folded, fl, &term, &tl)) {
            term = folded;
            tl = fl;
        }
        if (!cap || number || run.n == MAX_RUN)
            err = flush_run(out, &run, eb);
        if (!err)
            err = push_term(out, term, tl, weight, name, number, words - 1, eb);
        if (!err && cap && !number) {
            run.term[run.n++] = out->len - 1;
            run.has_name |= name;
        }
    }
    if (!err)
        err = flush_run(out, &run, eb);
    return err;
}
