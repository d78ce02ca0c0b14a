#include "kb/tokens.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "base/xalloc.h"

static utf8proc_int32_t cp_at(const char *s, size_t len, size_t i, size_t *next)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
    if (k <= 0) {
        *next = i + 1;
        return -1;
    }
    *next = i + (size_t)k;
    return c;
}

static bool is_word_cp(utf8proc_int32_t c)
{
    if (c < 0)
        return false;
    utf8proc_category_t cat = utf8proc_category(c);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

static bool is_letter(utf8proc_int32_t c)
{
    if (c < 0)
        return false;
    utf8proc_category_t cat = utf8proc_category(c);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

static bool is_upper(utf8proc_int32_t c)
{
    if (c < 0)
        return false;
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static bool is_break(utf8proc_int32_t c)
{
    switch (c) {
    case '.':
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case '"':
    case '`':
    case '|':
    case 0x2018:
    case 0x2019:
    case 0x201C:
    case 0x201D:
    case 0x00AB:
    case 0x00BB:
    case 0x2013:
    case 0x2014:
    case 0x2026:
    case '\'':
        return true;
    default:
        return c < 0;
    }
}

static void push(struct kb_tokens *t, size_t start, size_t end, unsigned flags)
{
    if (t->len == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->items = xrealloc(t->items, t->cap * sizeof *t->items);
    }
    t->items[t->len++] = (struct kb_token){start, end, flags};
}

/* Reads a word starting at i; returns its end and sets its flags. */
static size_t word(const char *s, size_t len, size_t i, unsigned *flags)
{
    size_t seg_letters = 0; /* letters in the current dot-separated segment */
    size_t dots = 0;        /* dots joined so far, each after a one-letter segment */
    bool abbrev = true;     /* every segment so far is one letter: U.S. */
    size_t end = i;
    *flags = TOK_WORD;
    size_t next;
    utf8proc_int32_t c = cp_at(s, len, i, &next);
    if (c >= '0' && c <= '9')
        *flags |= TOK_DIGIT;
    while (i < len) {
        c = cp_at(s, len, i, &next);
        if (is_word_cp(c)) {
            if (is_upper(c))
                *flags |= TOK_CAP;
            if (is_letter(c))
                seg_letters++;
            i = end = next;
            continue;
        }
        size_t after;
        utf8proc_int32_t n = next < len ? cp_at(s, len, next, &after) : -1;
        if ((c == '-' || c == 0x2010) && is_word_cp(n)) {
            abbrev = false;
            i = next;
            continue;
        }
        if ((c == '\'' || c == 0x2019) && is_letter(n)) {
            /* A possessive or contraction ('s, 't, 're, 'll) ends the word. */
            size_t after2;
            utf8proc_int32_t n2 = after < len ? cp_at(s, len, after, &after2) : -1;
            if (!is_letter(n2))
                break;
            i = next;
            continue;
        }
        if (c == '&' && is_upper(n) && (*flags & TOK_CAP)) {
            i = next;
            continue;
        }
        if (c == '.' && seg_letters == 1 && abbrev) {
            if (is_letter(n)) {
                seg_letters = 0;
                dots++;
                i = next;
                continue;
            }
            /* The closing dot of U.S. belongs to it; that of an initial does not. */
            if (dots)
                end = next;
        }
        break;
    }
    return end;
}

void kb_tokenize(const char *text, size_t len, struct kb_tokens *t)
{
    t->len = 0;
    size_t i = 0;
    while (i < len) {
        size_t next;
        utf8proc_int32_t c = cp_at(text, len, i, &next);
        if (is_word_cp(c)) {
            unsigned flags;
            size_t end = word(text, len, i, &flags);
            push(t, i, end, flags);
            i = end;
        } else if (is_break(c)) {
            push(t, i, next, TOK_BREAK);
            i = next;
        } else {
            if (c == '&' || c == '-' || c == '/')
                push(t, i, next, 0);
            i = next;
        }
    }
}

void kb_tokens_clear(struct kb_tokens *t)
{
    if (!t)
        return;
    free(t->items);
    t->items = NULL;
    t->len = t->cap = 0;
}

/* Function words: they carry no topic, and alone they are never a name. */
static const char *const stop_en[] = {
    "a",     "about", "after", "against", "all",    "also",   "an",      "and",  "any",   "are",
    "as",    "at",    "be",    "been",    "before", "being",  "between", "both", "but",   "by",
    "can",   "could", "did",   "do",      "does",   "during", "each",    "for",  "from",  "had",
    "has",   "have",  "he",    "her",     "here",   "hers",   "him",     "his",  "how",   "i",
    "if",    "in",    "into",  "is",      "it",     "its",    "just",    "last", "may",   "me",
    "more",  "most",  "mr",    "mrs",     "ms",     "much",   "my",      "new",  "no",    "not",
    "now",   "of",    "on",    "one",     "only",   "or",     "other",   "our",  "out",   "over",
    "said",  "says",  "she",   "should",  "since",  "so",     "some",    "such", "than",  "that",
    "the",   "their", "them",  "then",    "there",  "these",  "they",    "this", "those", "through",
    "to",    "too",   "two",   "under",   "up",     "us",     "very",    "was",  "we",    "were",
    "what",  "when",  "where", "which",   "while",  "who",    "whom",    "why",  "will",  "with",
    "would", "year",  "years", "yes",     "yet",    "you",    "your",
};

static const char *const stop_sv[] = {
    "alla",  "allt",  "att",     "av",  "bara",  "blev",  "bli",  "blir", "de",   "dem",   "den",
    "denna", "deras", "dess",    "det", "detta", "dig",   "din",  "du",   "där",  "efter", "eller",
    "en",    "er",    "ett",     "för", "från",  "ha",    "hade", "han",  "hans", "har",   "hon",
    "honom", "hur",   "här",     "i",   "inte",  "jag",   "kan",  "man",  "med",  "men",   "mot",
    "ni",    "nu",    "när",     "och", "om",    "oss",   "på",   "sade", "sa",   "sig",   "sin",
    "sina",  "sitt",  "skriver", "som", "till",  "under", "upp",  "ut",   "vad",  "var",   "vi",
    "vid",   "vill",  "år",      "än",  "är",    "över",
};

static const char *const stop_de[] = {
    "aber",  "als",   "am",   "an",  "auch", "auf",  "aus",  "bei",  "bis",   "das",
    "dass",  "dem",   "den",  "der", "des",  "die",  "ein",  "eine", "einem", "einen",
    "einer", "er",    "es",   "für", "hat",  "ich",  "im",   "in",   "ist",   "mit",
    "nach",  "nicht", "noch", "nur", "oder", "sich", "sie",  "sind", "so",    "um",
    "und",   "vom",   "von",  "vor", "war",  "wie",  "wird", "zu",   "zum",   "zur",
};

bool kb_in_list(const char *const *list, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && !strncasecmp(list[i], s, len))
            return true;
    return false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

bool kb_stopword(const char *lang, const char *word, size_t len)
{
    /* strncasecmp folds ASCII only; the lists' non-ASCII words (för, på) are
     * matched as written in lower case, which is how they mostly appear. */
    if (lang && !strcmp(lang, "sv"))
        return kb_in_list(stop_sv, COUNT(stop_sv), word, len);
    if (lang && !strcmp(lang, "de"))
        return kb_in_list(stop_de, COUNT(stop_de), word, len);
    return kb_in_list(stop_en, COUNT(stop_en), word, len);
}
