/* Name candidates over the token stream of each sentence. */
#include "text/names.h"

#include <stdlib.h>
#include <string.h>

#include "text/text_internal.h"
#include "lang/token.h"
#include "lang/utf8.h"
#include "lang/words.h"

void text_name_list_clear(struct text_name_list *l)
{
    if (!l)
        return;
    free(l->items);
    l->items = NULL;
    l->len = l->cap = 0;
}

static void push(struct text_name_list *l, size_t b, size_t e, enum text_name_kind kind)
{
    if (e <= b)
        return;
    /* A quoted title is often also a capitalised run: keep one, as quoted. */
    if (l->len && l->items[l->len - 1].span.begin == b && l->items[l->len - 1].span.end == e) {
        if (kind == TEXT_NAME_QUOTED)
            l->items[l->len - 1].kind = kind;
        return;
    }
    l->items = list_grow(l->items, l->len, &l->cap, sizeof *l->items);
    l->items[l->len++] = (struct text_name){{b, e}, kind};
}

static bool is_acronym(const char *s, const struct lang_token *t)
{
    size_t upper = 0, n;
    for (size_t i = t->begin; i < t->end; i += n) {
        int32_t c = utf8_decode(s, t->end, i, &n);
        if (utf8_is_upper(c))
            upper++;
        else if (c == ':')
            break; /* "SVT:s" */
        else if (!utf8_is_digit(c) && c != '-' && c != '.' && c != '&')
            return false;
    }
    return upper >= 2;
}

static bool is_cap(const char *s, const struct lang_token *t)
{
    size_t n;
    return t->kind == LANG_TOKEN_WORD && utf8_is_upper(utf8_decode(s, t->end, t->begin, &n));
}

/* Lower-case words that stay inside a name: "Ludwig van Beethoven". */
static bool particle(const char *s, const struct lang_token *t)
{
    static const char *const words[] = {"van", "von", "der", "den", "de",  "af", "la", "le",
                                        "du",  "del", "di",  "da",  "bin", "al", "of", "för"};
    size_t n = t->end - t->begin;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && !memcmp(words[i], s + t->begin, n))
            return true;
    return false;
}

/* Ends a name before an English possessive or a Swedish or Finnish ending
 * after a colon: "Obama's" -> "Obama", "IS-K:s" -> "IS-K". */
static size_t trim_possessive(const char *s, size_t b, size_t e)
{
    const char *colon = memchr(s + b, ':', e - b);
    if (colon && colon > s + b)
        return (size_t)(colon - s);
    if (e - b > 2 && s[e - 1] == 's' && s[e - 2] == '\'')
        return e - 2;
    if (e - b > 4 && s[e - 1] == 's' && !memcmp(s + e - 4, "\xE2\x80\x99", 3))
        return e - 4;
    return e;
}

/* Opening marks after which a word starts like a sentence. */
static bool starts_clause(const char *s, const struct lang_token *t)
{
    size_t n;
    int32_t c = utf8_decode(s, t->end, t->begin, &n);
    return t->kind == LANG_TOKEN_PUNCT &&
           (c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0xAB || c == 0xBB ||
            c == ':' || c == '-' || c == 0x2013 || c == 0x2014 || c == '(' || c == '`');
}

static void sentence_names(const char *s, size_t b, size_t e, enum lang lang,
                           struct text_name_list *out)
{
    struct lang_token t, run_first = {0, 0, LANG_TOKEN_WORD}, run_last = run_first;
    size_t pos = b, run_len = 0, quote_open = 0;
    bool at_start = true, run_at_start = false, in_quote = false;
    size_t quote_words = 0;
    bool quote_caps = true;
    for (;;) {
        bool more = lang_token_next(s, e, lang, &pos, &t);
        bool cap = more && is_cap(s, &t);
        bool joins = more && run_len && !cap && particle(s, &t);
        if (run_len && !cap && !joins) {
            /* The run ends: a lone capitalised first word of a sentence is no
             * evidence of a name, and a capitalised function word first is not
             * part of one ("Sedan Stefan Löfven"). */
            size_t rb = run_first.begin;
            if (run_at_start &&
                lang_capitalised_stopword(lang, s, run_first.begin, run_first.end)) {
                size_t p2 = run_first.end;
                struct lang_token nx;
                rb = lang_token_next(s, e, lang, &p2, &nx) && nx.begin <= run_last.begin
                         ? nx.begin
                         : run_last.end;
                run_at_start = false;
            }
            bool single = rb == run_last.begin;
            if (!(run_at_start && single && !is_acronym(s, &run_last)) && rb < run_last.end &&
                !(single && run_last.end - run_last.begin == 1 && s[rb] == 'I'))
                push(out, rb, trim_possessive(s, rb, run_last.end),
                     single && is_acronym(s, &run_last) ? TEXT_NAME_ACRONYM : TEXT_NAME_PHRASE);
            run_len = 0;
        }
        if (!more)
            break;
        if (cap || joins) {
            if (!run_len) {
                run_first = t;
                run_at_start = at_start;
            }
            if (cap)
                run_last = t;
            run_len++;
        }
        if (t.kind == LANG_TOKEN_PUNCT) {
            size_t n;
            int32_t c = utf8_decode(s, e, t.begin, &n);
            bool mark =
                c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0xAB || c == 0xBB;
            if (mark && in_quote) {
                /* A short capitalised title in quotes: “American Pie”. */
                if (quote_words && quote_words <= 5 && quote_caps)
                    push(out, quote_open, t.begin, TEXT_NAME_QUOTED);
                in_quote = false;
            } else if (mark) {
                in_quote = true;
                quote_open = t.end;
                quote_words = 0;
                quote_caps = true;
            }
        } else if (in_quote) {
            quote_caps = quote_caps && (cap || (quote_words && particle(s, &t)));
            quote_words++;
        }
        at_start = starts_clause(s, &t);
    }
}

void text_names(const char *s, size_t len, enum lang lang, const struct text_span_list *sentences,
                struct text_name_list *out)
{
    for (size_t i = 0; i < sentences->len; i++) {
        size_t b = sentences->items[i].begin, e = sentences->items[i].end;
        if (b < e && e <= len)
            sentence_names(s, b, e, lang, out);
    }
}
