/* What the quote finder (quote.c) and the speaker resolver (speaker.c) share:
 * the token scan of one text, where each quote found sits in it, and the
 * predicates over its tokens. Internal to the text module. */
#ifndef OMNIBUS_TEXT_QUOTE_SCAN_H
#define OMNIBUS_TEXT_QUOTE_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lang/lang.h"
#include "lang/token.h"
#include "lang/utf8.h"

struct toks {
    struct lang_token *t;
    size_t len, cap;
};

/* Where a found quote sits in the token stream, for resolving its speaker. */
struct qinfo {
    size_t o, c;     /* its opening and closing tokens (a dialogue line: dash, last token) */
    bool standalone; /* it opens a sentence, a line or follows a colon */
    bool open_end;   /* left open at its paragraph's end: the next paragraph goes on */
};

struct scan {
    const char *s;
    size_t len;
    enum lang lang;
    struct toks tk;
    struct qinfo *qi; /* one per quote appended to the output by this call */
    size_t nqi, qicap;
};

enum cue_kind {
    CUE_NONE,
    CUE_VERB,    /* speaker after it ("säger X") or before it ("X said") */
    CUE_PREP,    /* speaker after it: "enligt X", "according to X" */
    CUE_POSTPOS, /* speaker before it: Finnish "X:n mukaan", German "X zufolge" */
};

static inline char lower_ascii(char c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

static inline bool word_is(const struct scan *sc, size_t i, const char *w)
{
    const struct lang_token *t = &sc->tk.t[i];
    if (lower_ascii(sc->s[t->begin]) != w[0]) /* most words differ at once */
        return false;
    size_t n = t->end - t->begin, k = strlen(w);
    if (n != k)
        return false;
    for (size_t j = 0; j < n; j++) {
        char c = sc->s[t->begin + j];
        if (lower_ascii(c) != w[j])
            return false;
    }
    return true;
}

static inline bool word_in(const struct scan *sc, size_t i, const char *const *list)
{
    if (!list || sc->tk.t[i].kind != LANG_TOKEN_WORD)
        return false;
    for (; *list; list++)
        if (word_is(sc, i, *list))
            return true;
    return false;
}

static inline int32_t first_cp(const struct scan *sc, size_t i)
{
    size_t n;
    return utf8_decode(sc->s, sc->len, sc->tk.t[i].begin, &n);
}

static inline bool is_cap(const struct scan *sc, size_t i)
{
    return sc->tk.t[i].kind == LANG_TOKEN_WORD && utf8_is_upper(first_cp(sc, i));
}

static inline bool is_punct(const struct scan *sc, size_t i)
{
    return sc->tk.t[i].kind == LANG_TOKEN_PUNCT;
}

/* Prepositions that join a role to an organisation inside a speaker's phrase
 * when a name follows: "spokesman for Waitrose", "Council on Education". */
static inline bool connector(const struct scan *sc, size_t i)
{
    static const char *const words[] = {"of",  "for", "on",  "in",  "at", "för", "på",
                                        "vid", "i",   "hos", "for", "på", "der", "des",
                                        "für", "de",  "du",  "del", NULL};
    return word_in(sc, i, words);
}

/* Words that may open a speaker's phrase: "the navy", "his brother". */
static inline bool determiner(const struct scan *sc, size_t i)
{
    static const char *const words[] = {"the",   "a",   "an",  "his", "her",
                                        "their", "its", "our", "one", NULL};
    return word_in(sc, i, words);
}

static inline bool is_comma(const struct scan *sc, size_t i)
{
    return is_punct(sc, i) && sc->s[sc->tk.t[i].begin] == ',';
}

/* Sentence-ending marks stop the search for a cue. */
static inline bool stops(const struct scan *sc, size_t i)
{
    if (!is_punct(sc, i))
        return false;
    char c = sc->s[sc->tk.t[i].begin];
    return c == '.' || c == '!' || c == '?' || c == ';';
}

static inline bool line_start(const struct scan *sc, size_t i)
{
    size_t b = sc->tk.t[i].begin;
    while (b > 0 && (sc->s[b - 1] == ' ' || sc->s[b - 1] == '\t'))
        b--;
    return b == 0 || sc->s[b - 1] == '\n';
}

static inline bool attached_before(const struct scan *sc, size_t i)
{
    return i > 0 && sc->tk.t[i - 1].end == sc->tk.t[i].begin;
}

/* The cue at token i, and how many tokens it takes (*n). */
enum cue_kind quote_cue_at(const struct scan *sc, size_t i, size_t *n);
/* Whether token i is a quote mark of any kind. */
bool quote_mark_at(const struct scan *sc, size_t i);

#endif
