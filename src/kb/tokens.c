#include "kb/tokens.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "lang/token.h"
#include "lang/utf8.h"
#include "lang/words.h"

/* Punctuation a name does not cross; of the rest, "&",
 * "-" and "/" are kept as tokens without flags, the others skipped. */
static bool is_break(int32_t c)
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
        return false;
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

/* The flags of the word s[b..e): TOK_CAP for an upper- or title-case letter. */
static unsigned word_flags(const char *s, size_t b, size_t e)
{
    unsigned flags = TOK_WORD;
    size_t n;
    if (s[b] >= '0' && s[b] <= '9')
        flags |= TOK_DIGIT;
    for (size_t i = b; i < e; i += n)
        if (utf8_is_upper(utf8_decode(s, e, i, &n))) {
            flags |= TOK_CAP;
            break;
        }
    return flags;
}

/* Whether s[i..e) is one letter: what follows a possessive's or a
 * contraction's apostrophe ("Rossi's", "don't"). */
static bool one_letter(const char *s, size_t i, size_t e)
{
    size_t n, m;
    return i < e && utf8_is_letter(utf8_decode(s, e, i, &n)) &&
           (i + n == e || !utf8_is_letter(utf8_decode(s, e, i + n, &m)));
}

/* Pushes the piece s[b..e) of a word, split at its periods as linking reads
 * them: a period joins only parts of one letter each ("U.S.", "L.L.Bean"), and
 * closes them when there are two or more ("U.S." keeps it, "J." does not). A
 * hyphen ends such a run. A last hyphen (before a "_") is a token of its own. */
static void push_piece(struct kb_tokens *t, const char *s, size_t b, size_t e)
{
    size_t n, start = b, letters = 0, dots = 0;
    bool abbrev = true;
    for (size_t i = b; i < e; i += n) {
        int32_t c = utf8_decode(s, e, i, &n);
        if (c == '-' || c == 0x2010 || c == 0x2011) {
            if (i + n == e) {
                if (i > start)
                    push(t, start, i, word_flags(s, start, i));
                push(t, i, e, 0);
                return;
            }
            abbrev = false;
        } else if (c == '.') {
            size_t m;
            bool one = letters == 1 && abbrev;
            if (one && i + n < e && utf8_is_letter(utf8_decode(s, e, i + n, &m))) {
                letters = 0;
                dots++;
                continue;
            }
            size_t end = one && dots ? i + n : i;
            if (end > start)
                push(t, start, end, word_flags(s, start, end));
            if (end == i)
                push(t, i, i + n, TOK_BREAK);
            start = i + n;
            letters = dots = 0;
            abbrev = true;
        } else {
            letters += utf8_is_letter(c);
        }
    }
    if (start < e)
        push(t, start, e, word_flags(s, start, e));
}

/* Pushes the word s[b..e) of lang_token_next as linking reads it: commas and
 * colons inside it ("1,000", "10:30") are breaks, and periods but in dotted
 * letters (push_piece); an apostrophe before a single letter ends the word and
 * is a break ("Rossi", "'", "s"); "_" and "@" split it. */
static void push_word(struct kb_tokens *t, const char *s, size_t b, size_t e)
{
    size_t n, start = b;
    for (size_t i = b; i < e; i += n) {
        int32_t c = utf8_decode(s, e, i, &n);
        bool brk = c == ',' || c == ':' || ((c == '\'' || c == 0x2019) && one_letter(s, i + n, e));
        if (!brk && c != '_' && c != '@')
            continue;
        push_piece(t, s, start, i);
        if (brk)
            push(t, i, i + n, TOK_BREAK);
        start = i + n;
    }
    push_piece(t, s, start, e);
}

void kb_tokenize(const char *text, size_t len, struct kb_tokens *t)
{
    t->len = 0;
    struct lang_token tok;
    size_t pos = 0;
    while (lang_token_next(text, len, LANG_UNKNOWN, &pos, &tok)) {
        if (tok.kind != LANG_TOKEN_PUNCT) {
            push_word(t, text, tok.begin, tok.end);
            continue;
        }
        size_t n;
        for (size_t i = tok.begin; i < tok.end; i += n) {
            int32_t c = utf8_decode(text, tok.end, i, &n);
            if (is_break(c) || (c == UTF8_BAD && n == 1)) /* invalid UTF-8 */
                push(t, i, i + n, TOK_BREAK);
            else if (c == '&' || c == '-' || c == '/')
                push(t, i, i + n, 0);
        }
    }
    /* "AT&T": capitalised words joined by an ampersand are one word. */
    size_t w = 0;
    for (size_t i = 0; i < t->len; i++) {
        struct kb_token *k = &t->items[i];
        if (w >= 2 && k->flags & TOK_CAP && t->items[w - 1].flags == 0 &&
            t->items[w - 1].end - t->items[w - 1].start == 1 &&
            text[t->items[w - 1].start] == '&' && t->items[w - 1].start == t->items[w - 2].end &&
            k->start == t->items[w - 1].end && (t->items[w - 2].flags & TOK_CAP)) {
            t->items[w - 2].end = k->end;
            w--;
            continue;
        }
        t->items[w++] = *k;
    }
    t->len = w;
}

void kb_tokens_clear(struct kb_tokens *t)
{
    if (!t)
        return;
    free(t->items);
    t->items = NULL;
    t->len = t->cap = 0;
}

bool kb_in_list(const char *const *list, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && !strncasecmp(list[i], s, len))
            return true;
    return false;
}

bool kb_stopword(const char *lang, const char *word, size_t len)
{
    enum lang l = lang_parse(lang);
    if (l != LANG_SV && l != LANG_DE)
        l = LANG_EN;
    char low[32];
    if (len >= sizeof low)
        return false; /* longer than any listed word */
    for (size_t i = 0; i < len; i++)
        low[i] = (char)(word[i] >= 'A' && word[i] <= 'Z' ? word[i] + 32 : word[i]);
    return lang_in_list(LANG_LIST_NAME, l, low, len);
}
