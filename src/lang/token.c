/* The tokenizer. One pass, no allocation: a word runs over letters, digits and
 * marks, and over a connector (hyphen, apostrophe, dot, comma, colon, @) only
 * when a word character follows, so "IS-K", "don't", "3,5", "10:30", "U.S" and
 * "www.dn.se" stay whole while a sentence's final period does not. */
#include "lang/token.h"

#include "lang/utf8.h"
#include "lang/words.h"

static bool is_word_char(int32_t c)
{
    return utf8_is_letter(c) || utf8_is_digit(c) || c == '_';
}

static bool is_hyphen(int32_t c)
{
    return c == '-' || c == 0x2010 || c == 0x2011;
}

static bool is_apostrophe(int32_t c)
{
    return c == '\'' || c == 0x2019;
}

/* French elided articles and pronouns: "l'", "d'", "qu'"... */
static bool french_elision(const char *s, size_t b, size_t e)
{
    static const char *const words[] = {"l", "d",  "j",     "m",      "n",      "s",     "t",
                                        "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"};
    size_t n = e - b;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t k = 0;
        while (words[i][k] && k < n && (s[b + k] | 0x20) == words[i][k])
            k++;
        if (k == n && !words[i][k])
            return true;
    }
    return false;
}

/* Swedish and Finnish inflect abbreviations and numbers after a colon:
 * "IS-K:s", "SVT:s", "EU:n". True when s[i..] holds such an
 * ending: one to four lower-case letters and then no further letter. */
static bool colon_ending(const char *s, size_t len, enum lang lang, size_t i)
{
    if (lang != LANG_SV && lang != LANG_FI)
        return false;
    size_t k = 0, n;
    while (i < len && k <= 4) {
        int32_t c = utf8_decode(s, len, i, &n);
        if (!utf8_is_lower(c))
            break;
        i += n;
        k++;
    }
    return k >= 1 && k <= 4 && (i >= len || !utf8_is_letter(utf8_decode(s, len, i, &n)));
}

/* The next non-space character at or after i, with its position. */
static int32_t next_visible(const char *s, size_t len, size_t i, size_t *at)
{
    size_t n;
    while (i < len) {
        int32_t c = utf8_decode(s, len, i, &n);
        if (!utf8_is_space(c)) {
            *at = i;
            return c;
        }
        i += n;
    }
    *at = len;
    return 0;
}

/* The end of the word starting at i (for looking ahead one word). */
static size_t word_end(const char *s, size_t len, size_t i)
{
    size_t n;
    while (i < len && is_word_char(utf8_decode(s, len, i, &n)))
        i += n;
    return i;
}

/* Whether the period at s[dot] belongs to the word s[b..dot): an abbreviation, an
 * initial, dotted letters ("U.S", "t.ex") or an ordinal number ("3. Oktober"). */
static bool keeps_period(const char *s, size_t len, enum lang lang, size_t b, size_t dot,
                         enum lang_token_kind kind, bool dotted)
{
    size_t at;
    int32_t next = next_visible(s, len, dot + 1, &at);
    if (at == dot + 1 && is_word_char(next))
        return false; /* no space after it: not an abbreviation's period */
    if (kind == LANG_TOKEN_NUMBER) {
        if (lang != LANG_DE && lang != LANG_DA && lang != LANG_NB && lang != LANG_FI)
            return false;
        if (utf8_is_lower(next))
            return true;
        return lang == LANG_DE && utf8_is_upper(next) &&
               !lang_capitalised_stopword(lang, s, at, word_end(s, len, at));
    }
    enum lang_abbrev k = lang_abbrev_find(lang, s + b, dot - b);
    if (k == LANG_ABBREV_NUMBER)
        return utf8_is_digit(next);
    if (k != LANG_ABBREV_NONE)
        return true;
    size_t n;
    int32_t first = utf8_decode(s, len, b, &n);
    if (b + n == dot && utf8_is_upper(first))
        return true; /* an initial: "J. Smith" */
    if (!dotted)
        return false;
    /* Dotted letters keep the period when every part is at most two letters
     * ("U.S.", "e.g.", "p.g.a."); "www.dn.se" ends before a final period. */
    size_t part = 0;
    for (size_t i = b; i < dot; i += n) {
        int32_t c = utf8_decode(s, len, i, &n);
        if (c == '.')
            part = 0;
        else if (++part > 2 || !utf8_is_letter(c))
            return false;
    }
    return true;
}

bool lang_token_next(const char *s, size_t len, enum lang lang, size_t *pos, struct lang_token *tok)
{
    size_t i = *pos, n;
    int32_t c = 0;
    while (i < len) {
        c = utf8_decode(s, len, i, &n);
        if (!utf8_is_space(c))
            break;
        i += n;
    }
    if (i >= len) {
        *pos = len;
        return false;
    }
    tok->begin = i;
    if (!is_word_char(c)) {
        /* A run of the same mark is one token ("...", "--", "!!"). */
        size_t j = i + n, m;
        while (j + n <= len && utf8_decode(s, len, j, &m) == c && c != UTF8_BAD)
            j += m;
        tok->end = j;
        tok->kind = LANG_TOKEN_PUNCT;
        *pos = j;
        return true;
    }
    tok->kind = utf8_is_digit(c) ? LANG_TOKEN_NUMBER : LANG_TOKEN_WORD;
    bool dotted = false;
    size_t j = i + n;
    int32_t prev = c;
    while (j < len) {
        c = utf8_decode(s, len, j, &n);
        if (is_word_char(c)) {
            prev = c;
            j += n;
            continue;
        }
        size_t m;
        int32_t next = j + n < len ? utf8_decode(s, len, j + n, &m) : 0;
        bool join = false;
        if (is_hyphen(c) || c == '@')
            join = is_word_char(next);
        else if (c == '.')
            join = is_word_char(next) && (dotted = true);
        else if (c == ',' || c == ':')
            join = (utf8_is_digit(prev) && utf8_is_digit(next)) ||
                   (c == ':' && colon_ending(s, len, lang, j + n));
        else if (is_apostrophe(c) && utf8_is_letter(prev) && utf8_is_letter(next)) {
            if (lang == LANG_FR && french_elision(s, i, j)) {
                j += n; /* "l'" is a token of its own */
                break;
            }
            join = true;
        }
        if (!join)
            break;
        prev = next;
        j += n + m;
    }
    if (j < len && s[j] == '.' && keeps_period(s, len, lang, i, j, tok->kind, dotted))
        j++;
    tok->end = j;
    *pos = j;
    return true;
}
