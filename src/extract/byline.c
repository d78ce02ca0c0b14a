/* Bylines: the author names of metadata, and byline strings as pages write
 * them ("By A and B", "Av A, TT") split into names. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "extract/extract_internal.h"
#include "extract/meta_fields.h"

static bool is_url(const char *s)
{
    return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8) || !strncmp(s, "//", 2);
}

char **ext_meta_byline(struct meta *m, size_t *n)
{
    *n = 0;
    char **out = NULL;
    if (m->ld.n_authors) {
        out = xcalloc(m->ld.n_authors, sizeof *out);
        for (size_t i = 0; i < m->ld.n_authors; i++)
            out[(*n)++] = xstrdup(m->ld.authors[i]);
        return out;
    }
    static const enum key order[] = {K_DC_CREATOR,     K_DCTERM_CREATOR,  K_AUTHOR,
                                     K_PARSELY_AUTHOR, K_SAILTHRU_AUTHOR, K_ARTICLE_AUTHOR};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *v = m->values[order[i]];
        if (!v || is_url(v))
            continue;
        char *names_[MAX_NAMES];
        size_t k = ext_byline_split(v, names_, MAX_NAMES);
        if (!k)
            continue;
        out = xcalloc(k, sizeof *out);
        memcpy(out, names_, k * sizeof *out);
        *n = k;
        return out;
    }
    return NULL;
}

/* Words that introduce a byline, lower case, each followed by a space. */
static const char *const byline_prefixes[] = {"written by ",
                                              "text and photo: ",
                                              "text och foto: ",
                                              "text: ",
                                              "by: ",
                                              "by ",
                                              "av ",
                                              "af ",
                                              "par ",
                                              "von ",
                                              "por ",
                                              "door ",
                                              "di ",
                                              "de ",
                                              "från ",
                                              "reporting by "};

static size_t byline_prefix(const char *s)
{
    for (size_t i = 0; i < sizeof byline_prefixes / sizeof byline_prefixes[0]; i++) {
        size_t n = strlen(byline_prefixes[i]);
        if (!strncasecmp(s, byline_prefixes[i], n))
            return n;
    }
    return 0;
}

/* The separator at p between two names (its length), 0 when none: ';' and
 * '|' always; a comma or a joining word when soft is set. */
static size_t separator_at(const char *p, bool soft)
{
    static const char *const words[] = {" and ", " & ", " och ", " og ", " und ",
                                        " et ",  " y ", " e ",   " ja "};
    if (*p == ';' || *p == '|')
        return 1;
    /* "Written by A Edited by B": the second credit is a name too. */
    if (!strncasecmp(p, " edited by ", 11))
        return 11;
    if (!soft)
        return 0;
    if (*p == ',')
        return 1;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i]);
        if (!strncasecmp(p, words[i], n))
            return n;
    }
    return 0;
}

/* Splits [s, end) at separators outside parentheses into new strings. */
static size_t split_parts(const char *s, const char *end, bool soft, char **parts, size_t max)
{
    size_t np = 0;
    int depth = 0;
    const char *start = s;
    for (const char *p = s;; p++) {
        size_t k = 0;
        if (p < end && *p == '(')
            depth++;
        else if (p < end && *p == ')' && depth > 0)
            depth--;
        else if (p < end && depth == 0)
            k = separator_at(p, soft);
        if (p < end && !k)
            continue;
        char *part = xstrndup(start, (size_t)(p - start));
        char *clean = ext_text_clean(part);
        free(part);
        if (clean && np < max)
            parts[np++] = clean;
        else
            free(clean);
        if (p >= end)
            break;
        p += k - 1;
        start = p + 1;
    }
    return np;
}

size_t ext_byline_split(const char *s, char **names_, size_t max)
{
    if (!s)
        return 0;
    while (isspace((unsigned char)*s))
        s++;
    s += byline_prefix(s);
    char *segs[MAX_NAMES];
    size_t nseg = split_parts(s, s + strlen(s), false, segs, MAX_NAMES), n = 0;
    for (size_t i = 0; i < nseg; i++) {
        /* Commas and "and" split only between names of two words or more:
         * "Kim, Jennifer Jett" and "Mac & i" are one name each. */
        char *parts[MAX_NAMES];
        size_t np = split_parts(segs[i], segs[i] + strlen(segs[i]), true, parts, MAX_NAMES);
        bool names_only = np > 1;
        for (size_t k = 0; k < np && names_only; k++)
            names_only = ext_text_words(parts[k]) >= 2;
        for (size_t k = 0; k < np; k++) {
            if (names_only && n < max)
                names_[n++] = parts[k];
            else
                free(parts[k]);
        }
        if (!names_only && n < max)
            names_[n++] = segs[i];
        else
            free(segs[i]);
    }
    return n;
}

/* Agencies that follow a reporter's name in Nordic bylines ("Anna Berg, TT"). */
static bool agency_suffix(const char *s)
{
    static const char *const agencies[] = {", tt",  "/tt",   ", ntb", "/ntb",  ", ritzau",
                                           ", fnb", ", stt", ", ap",  ", afp", ", reuters"};
    size_t len = strlen(s);
    for (size_t i = 0; i < sizeof agencies / sizeof agencies[0]; i++) {
        size_t n = strlen(agencies[i]);
        if (len > n && !strcasecmp(s + len - n, agencies[i]))
            return true;
    }
    return false;
}

bool ext_byline_text_like(const char *s)
{
    if (!s)
        return false;
    size_t len = strlen(s), words = ext_text_words(s);
    if (len < 4 || len > 100 || words > 12)
        return false;
    size_t p = byline_prefix(s);
    const char *rest = s + p;
    if (!p && !agency_suffix(s))
        return false;
    /* A name starts with a capital letter (or any non-ASCII letter). */
    unsigned char c = (unsigned char)*rest;
    if (!(isupper(c) || c >= 0x80))
        return false;
    /* No sentence: a byline has no full stop followed by more words. */
    const char *dot = strstr(rest, ". ");
    return !dot || dot - rest < 4;
}
