#include "text/sentence.h"

#include <stdlib.h>

#include "text/text_internal.h"
#include "lang/token.h"
#include "lang/utf8.h"
#include "lang/words.h"

void text_span_list_clear(struct text_span_list *l)
{
    if (!l)
        return;
    free(l->items);
    l->items = NULL;
    l->len = l->cap = 0;
}

static void push(struct text_span_list *l, size_t b, size_t e)
{
    l->items = list_grow(l->items, l->len, &l->cap, sizeof *l->items);
    l->items[l->len++] = (struct text_span){b, e};
}

static bool is_terminator(int32_t c)
{
    return c == '.' || c == '!' || c == '?' || c == 0x2026 /* … */ || c == 0x203C || c == 0x2047 ||
           c == 0x2048 || c == 0x2049 || c == 0xFF01 || c == 0xFF1F || c == 0x3002;
}

/* Marks that close a quote or a bracket and belong to the sentence before them. */
static bool is_closer(int32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D /* ” */ ||
           c == 0x2019 /* ’ */ || c == 0x00BB /* » */ || c == 0x203A || c == 0x201C /* “ */;
}

/* Marks that may come before a sentence's first word: opening quotes, brackets,
 * dashes of dialogue, inverted marks of Spanish. */
static bool is_opener(int32_t c)
{
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0x201C || c == 0x201D ||
           c == 0x201E || c == 0x2018 || c == 0x00AB || c == 0x00BB || c == 0x2039 || c == '-' ||
           c == 0x2013 || c == 0x2014 || c == 0x2015 || c == 0x00BF || c == 0x00A1 || c == '`' ||
           c == '*' || c == 0x2022;
}

static int32_t first_char(const char *s, size_t len, const struct lang_token *t)
{
    size_t n;
    return utf8_decode(s, len, t->begin, &n);
}

/* Counts the line breaks in s[a..b). */
static int newlines(const char *s, size_t a, size_t b)
{
    int k = 0;
    for (size_t i = a; i < b; i++)
        k += s[i] == '\n';
    return k;
}

/* How the word after a sentence-final mark begins: the first word character
 * after any openers, so that `. "Yes` and `. – Ja` look at "Yes" and "Ja". */
struct lookahead {
    bool any;      /* a token follows at all */
    bool spaced;   /* space between the mark and it */
    int breaks;    /* line breaks before it */
    int32_t first; /* the first character of the first word, 0 if none */
    size_t wb, we; /* that word */
};

static void look_ahead(const char *s, size_t len, enum lang lang, size_t from, struct lookahead *la)
{
    struct lang_token t;
    size_t pos = from;
    *la = (struct lookahead){0};
    if (!lang_token_next(s, len, lang, &pos, &t))
        return;
    la->any = true;
    la->spaced = t.begin > from;
    la->breaks = newlines(s, from, t.begin);
    for (int k = 0; k < 4; k++) {
        int32_t c = first_char(s, len, &t);
        if (t.kind != LANG_TOKEN_PUNCT) {
            la->first = c;
            la->wb = t.begin;
            la->we = t.end;
            return;
        }
        if (!is_opener(c) || !lang_token_next(s, len, lang, &pos, &t))
            return;
    }
}

/* Languages that write common nouns in lower case, where a capitalised function
 * word inside a paragraph's first line shows that a heading ended before it
 * ("Pensionsförmåner Såväl folkpensioneringen ..."). */
static bool lowercase_nouns(enum lang lang)
{
    return lang == LANG_SV || lang == LANG_DA || lang == LANG_NB || lang == LANG_FI;
}

static size_t char_count(const char *s, size_t b, size_t e)
{
    size_t n = 0;
    for (size_t i = b; i < e; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

void text_sentences(const char *s, size_t len, enum lang lang, struct text_span_list *out)
{
    struct lang_token t, prev = {0, 0, LANG_TOKEN_PUNCT};
    size_t pos = 0, start = 0, last_end = 0;
    bool open = false, heading = true; /* heading: still in a paragraph's first stretch */
    size_t words = 0;
    while (lang_token_next(s, len, lang, &pos, &t)) {
        int32_t c = first_char(s, len, &t);
        int nl = newlines(s, last_end, t.begin);
        /* A line break ends the sentence unless the next line goes on in lower
         * case; a blank line always does. */
        if (open && (nl > 1 || (nl == 1 && !utf8_is_lower(c)))) {
            push(out, start, last_end);
            open = false;
        }
        if (nl > 1)
            heading = true;
        if (open && heading && lowercase_nouns(lang) && t.kind == LANG_TOKEN_WORD &&
            prev.kind == LANG_TOKEN_WORD && words <= 12 &&
            lang_capitalised_stopword(lang, s, t.begin, t.end)) {
            push(out, start, last_end);
            open = false;
        }
        if (!open) {
            start = t.begin;
            open = true;
            words = 0;
        }
        last_end = t.end;
        words += t.kind != LANG_TOKEN_PUNCT;
        if (t.kind == LANG_TOKEN_PUNCT && c != '-' && c != 0x2013)
            heading = false;
        struct lang_token before = prev;
        prev = t;
        bool final_mark = t.kind == LANG_TOKEN_PUNCT && (is_terminator(c) || c == ';');
        enum lang_abbrev abbr = LANG_ABBREV_NONE;
        if (!final_mark && t.kind == LANG_TOKEN_WORD && s[t.end - 1] == '.') {
            /* The token kept its period: an abbreviation, an initial or dotted
             * letters. Only those that may end a sentence are candidates. */
            abbr = lang_abbrev_find(lang, s + t.begin, t.end - 1 - t.begin);
            if (abbr == LANG_ABBREV_INNER || abbr == LANG_ABBREV_NUMBER)
                continue;
            final_mark = true;
            abbr = LANG_ABBREV_ANY;
        }
        if (!final_mark)
            continue;
        /* Take further marks and closers that touch it: `?!`, `."`, `.)`. */
        size_t p = t.end, n;
        while (p < len) {
            int32_t d = utf8_decode(s, len, p, &n);
            if (!is_terminator(d) && !is_closer(d))
                break;
            p += n;
        }
        struct lookahead la;
        look_ahead(s, len, lang, p, &la);
        bool end;
        bool wide = c == 0x3002 || c == 0xFF01 || c == 0xFF1F; /* CJK: no space after */
        if (!la.any)
            end = true;
        else if (!la.spaced)
            end = wide;
        else if (la.breaks)
            end = c != ';';
        else if (la.first && utf8_is_lower(la.first))
            /* Lower case goes on after an abbreviation we do not know ("pop.
             * 256"), but not after a full word: "nice sarcasm. that's fine". */
            end = c == '.' && t.end - t.begin == 1 && before.kind == LANG_TOKEN_WORD &&
                  t.begin == before.end && char_count(s, before.begin, before.end) >= 4;
        else if (abbr == LANG_ABBREV_ANY || c == 0x2026 || c == ';' ||
                 (c == '.' && t.end - t.begin > 1))
            /* After "etc.", an initial, an ellipsis or a semicolon only a
             * capitalised function word shows that a new sentence began. */
            end = la.first && lang_capitalised_stopword(lang, s, la.wb, la.we);
        else
            end = true;
        if (end) {
            push(out, start, p);
            open = false;
            pos = p;
        }
    }
    if (open)
        push(out, start, last_end);
}
