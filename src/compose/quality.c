/* Which sentences may be shown: the quality filters, datelines cut off the
 * front, and openings that need the sentence before them. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "compose/state.h"

bool compose_word_is(const char *w, size_t n, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && !strncasecmp(w, list[i], n))
            return true;
    return false;
}

/* The first word of s[0..len): letters, apostrophes and hyphens. */
static size_t first_word(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80 ||
                       s[i] == '\'' || s[i] == '-'))
        i++;
    return i;
}

bool compose_opens_with_pronoun(const char *s, size_t len)
{
    static const char *const pronouns[] = {
        "he",    "she", "they", "it",   "this",  "that",  "these", "those", "his",     "her",
        "their", "its", "him",  "them", "there", "i",     "we",    "my",    "our",     "you",
        "jag",   "vi",  "min",  "vår",  "then",  "but",   "and",   "also",  "however", "meanwhile",
        "han",   "hon", "de",   "den",  "det",   "detta", "denna", "dessa", "hans",    "hennes",
        "deras", "dem", "där",  "då",   "men",   "och",   "även",  "också", "sedan",   NULL};
    size_t n = first_word(s, len);
    return n && compose_word_is(s, n, pronouns);
}

static const char *const MONTHS[] = {
    "january", "february",  "march",   "april",    "may",      "june", "july",
    "august",  "september", "october", "november", "december", "jan",  "feb",
    "mar",     "apr",       "jun",     "jul",      "aug",      "sep",  "sept",
    "oct",     "nov",       "dec",     "januari",  "februari", "mars", "maj",
    "juni",    "juli",      "augusti", "oktober",  NULL};

/* The length of a dateline opening s ("May 03, 2013 ", "3 maj 2024 ",
 * "WASHINGTON (AP) — ", "STOCKHOLM (TT) "), 0 if none. */
size_t compose_dateline(const char *s, size_t len)
{
    size_t i = first_word(s, len);
    if (i && compose_word_is(s, i, MONTHS)) {
        size_t j = i, digits = 0;
        while (j < len &&
               (isdigit((unsigned char)s[j]) || s[j] == ',' || s[j] == ' ' || s[j] == '.'))
            digits += isdigit((unsigned char)s[j++]) != 0;
        if (digits >= 5) /* a day and a year */
            return j;
    }
    size_t j = 0;
    while (j < len && (isupper((unsigned char)s[j]) || s[j] == ' ' || s[j] == ',' || s[j] == '.'))
        j++;
    if (j >= 3 && j + 1 < len && s[j] == '(') {
        const char *close = memchr(s + j, ')', len - j);
        if (close && close - (s + j) <= 24) {
            size_t k = (size_t)(close - s) + 1;
            while (k < len && (s[k] == ' ' || s[k] == '-' || s[k] == ':' ||
                               (unsigned char)s[k] == 0xe2 || (unsigned char)s[k] == 0x80 ||
                               (unsigned char)s[k] == 0x93 || (unsigned char)s[k] == 0x94))
                k++;
            return k < len ? k : 0;
        }
    }
    return 0;
}


/* A clock time ("7: 35 am", "4:59 PM EDT") or an ISO-like date ("2013 - 09 - 26"):
 * the marks of a dateline or update stamp run into the text. */
static bool has_stamp(const char *s, size_t len)
{
    static const char *const zones[] = {"am",  "pm",  "a.",  "p.",  "edt", "est",
                                        "gmt", "cet", "ist", "utc", NULL};
    for (size_t i = 1; i + 3 < len; i++) {
        if (!isdigit((unsigned char)s[i - 1]))
            continue;
        size_t j = i;
        if (s[j] == ':') {
            j += s[j + 1] == ' ' ? 2 : 1;
            if (j + 2 > len || !isdigit((unsigned char)s[j]) || !isdigit((unsigned char)s[j + 1]))
                continue;
            j += 2;
            while (j < len && s[j] == ' ')
                j++;
            size_t w = 0;
            while (j + w < len && (isalpha((unsigned char)s[j + w]) || s[j + w] == '.'))
                w++;
            for (size_t z = 0; zones[z] && w; z++)
                if (!strncasecmp(s + j, zones[z], strlen(zones[z])))
                    return true;
        } else if (i >= 4 && !strncmp(s + i, " - ", 3) && isdigit((unsigned char)s[i - 4]) &&
                   i + 4 < len && isdigit((unsigned char)s[i + 3]) &&
                   isdigit((unsigned char)s[i + 4])) {
            return true;
        }
    }
    return false;
}

/* Quotation marks that do not pair: a piece of a quotation. */
static bool quotes_balanced(const char *s, size_t len)
{
    size_t ascii = 0, open = 0, close = 0;
    for (size_t i = 0; i < len; i++) {
        ascii += s[i] == '"';
        if (i + 2 < len && (unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80) {
            open += (unsigned char)s[i + 2] == 0x9c;
            close += (unsigned char)s[i + 2] == 0x9d;
        }
    }
    return ascii % 2 == 0 && (open == close || (open == 0 && close % 2 == 0));
}

/* A headline run into the text: most of the first six words capitalised. */
static bool headline_like(const char *s, size_t len)
{
    size_t words = 0, caps = 0;
    for (size_t i = 0; i < len && words < 6; i++) {
        if (i == 0 || s[i - 1] == ' ') {
            if (s[i] == ' ')
                continue;
            words++;
            caps += isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i]);
        }
    }
    return words == 6 && caps >= 5;
}

/* Fragments, headings, bylines, captions and boilerplate never show. */
bool compose_good_sentence(const char *s, size_t len)
{
    static const char *const junk[] = {"http",
                                       "www.",
                                       "@",
                                       "click here",
                                       "read more",
                                       "subscribe",
                                       "photo:",
                                       "foto:",
                                       "image:",
                                       "bild:",
                                       "getty images",
                                       "(ap photo",
                                       "/ ap)",
                                       "/ tt)",
                                       "photograph:",
                                       "copyright",
                                       "all rights reserved",
                                       "läs mer",
                                       "related:",
                                       "advertisement",
                                       "``",
                                       "''",
                                       "published",
                                       "updated",
                                       NULL};
    if (len < COMPOSE_SENTENCE_MIN || len > COMPOSE_SENTENCE_MAX)
        return false;
    unsigned char c0 = (unsigned char)s[0];
    if (!(isupper(c0) || isdigit(c0) || c0 >= 0x80 || c0 == '"'))
        return false;
    /* It ends as a sentence: . ! ? maybe inside closing quotes or brackets. */
    size_t e = len;
    while (e > 0 && (s[e - 1] == '"' || s[e - 1] == ')' || s[e - 1] == '\'' ||
                     (unsigned char)s[e - 1] >= 0x80))
        e--;
    if (e == 0 || !strchr(".!?", s[e - 1]))
        return false;
    size_t words = 0, upper = 0, letters = 0;
    for (size_t i = 0; i < len; i++) {
        if (isalpha((unsigned char)s[i])) {
            letters++;
            upper += isupper((unsigned char)s[i]) != 0;
        }
        if (s[i] == ' ' && i + 1 < len && s[i + 1] != ' ')
            words++;
    }
    if (words + 1 < 6 || upper * 2 > letters) /* short, or a shouted heading */
        return false;
    if (has_stamp(s, len) || !quotes_balanced(s, len) || headline_like(s, len))
        return false;
    /* A bare quotation would read as the outlet's own words. */
    if ((c0 == '"' || (c0 == 0xe2 && len > 3 && (unsigned char)s[1] == 0x80)) && e < len)
        return false;
    size_t w = first_word(s, len);
    static const char *const by[] = {"by", "av", "text", "written", NULL};
    if (w && compose_word_is(s, w, by) && len < 80)
        return false;
    /* Folded once, then searched for each (lower-case) phrase: what
     * strncasecmp at every offset found, without its cost (composing reads
     * every sentence of every member of a story each time it changes). */
    char folded[COMPOSE_SENTENCE_MAX];
    for (size_t i = 0; i < len; i++)
        folded[i] = (char)tolower((unsigned char)s[i]);
    for (size_t i = 0; junk[i]; i++)
        if (memmem(folded, len, junk[i], strlen(junk[i])))
            return false;
    return true;
}
