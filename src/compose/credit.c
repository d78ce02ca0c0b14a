/* Credits: what a byline may put in a roundup. Feeds and pages credit
 * dates, placeholders and job titles as often as people ("By TOM KRISHER, AP
 * Auto Writer", "Staff Reporter", "admin", a dateline's "March 06, 2024"), so
 * compose keeps only people's names and agencies, whatever extraction gave. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "compose/compose_internal.h"
#include "compose/phrase.h"

enum { MAX_CREDITS = 8, MAX_NAME_WORDS = 4 };

/* Words no person's name holds: placeholders, job titles, organisations,
 * dates and the words around a byline. */
static const char *const NOT_A_NAME[] = {
    "staff", "reporter", "reporters", "correspondent", "correspondents", "desk", "webdesk",
    "admin", "administrator", "editor", "editors", "editorial", "redaktionen", "redaktion",
    "redaktör", "reporter", "newsroom", "team", "writer", "writers", "columnist", "journalist",
    "contributor", "contributors", "producer", "chief", "senior", "political", "auto", "science",
    "entertainment", "sports", "business", "health", "news", "nyheter", "press", "media", "agency",
    "agencies", "bureau", "service", "services", "online", "web", "digital", "guest", "by", "av",
    "unknown", "anonymous", "user", "author", "updated", "published", "posted", "uppdaterad",
    "publicerad", "utc", "gmt", "cet", "cest", "edt", "est", "pst", "am", "pm", "times", "post",
    "daily", "herald", "gazette", "tribune", "journal", "courier", "wire", "the", "and", "och",
    /* Months that are also names (May, June, April, August) are left out:
     * a date is refused by its digits. */
    "january", "february", "september", "october", "november", "december", "januari",
    "februari", "augusti", "oktober", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag", "ledare",
    "ledarskribent", "krönikör", "writes", "skriver", "photo", "foto", "video", "tt", NULL};

/* Lower-case words inside a name ("Ludwig van Beethoven", "Ana de Armas"). */
static const char *const PARTICLES[] = {"van", "von", "de", "der", "den", "da", "di", "du", "la",
                                        "le", "af", "al", "bin", "ibn", "dos", "das", "del", NULL};

/* Openings of a byline that are not part of a name. */
static const char *const OPENINGS[] = {"written by ", "reporting by ", "story by ", "words by ",
                                       "posted by ",  "text by ",      "by ",       "av ",
                                       "text: ",      "text ",         "från ",     NULL};

static bool is_word(const char *w, size_t n, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && !strncasecmp(w, list[i], n))
            return true;
    return false;
}

/* A letter of a name: ASCII letters, and any byte of a UTF-8 sequence
 * (names are "Åsa", "Sørensen", "Nuñez"). */
static bool name_char(unsigned char c)
{
    return isalpha(c) || c >= 0x80 || c == '\'' || c == '-' || c == '.';
}

/* The words of s[0..len): *n words as offsets; false when a word holds
 * anything but name characters or there are more than max. */
static bool words_of(const char *s, size_t len, size_t *starts, size_t *lens, size_t *n,
                     size_t max)
{
    *n = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && s[i] == ' ')
            i++;
        if (i == len)
            break;
        size_t b = i;
        while (i < len && s[i] != ' ') {
            if (!name_char((unsigned char)s[i]))
                return false;
            i++;
        }
        if (*n == max)
            return false;
        starts[*n] = b;
        lens[(*n)++] = i - b;
    }
    return true;
}

/* Whether w is a word of a person's name: capitalised (ASCII upper case or
 * a non-ASCII letter), or a particle, and no placeholder or title word. */
static bool name_word(const char *w, size_t n)
{
    if (is_word(w, n, PARTICLES))
        return true;
    unsigned char c = (unsigned char)w[0];
    if (!(isupper(c) || c >= 0xc3) || is_word(w, n, NOT_A_NAME))
        return false;
    size_t letters = 0;
    for (size_t i = 0; i < n; i++)
        letters += isalpha((unsigned char)w[i]) || (unsigned char)w[i] >= 0x80;
    return letters > 0;
}

/* Appends w in title case when it is written all in capitals ("KRISHER"
 * -> "Krisher"; "McALLISTER" and initials such as "J." are left alone). */
static void put_word(struct buf *b, const char *w, size_t n)
{
    bool caps = n > 1;
    for (size_t i = 0; i < n && caps; i++)
        caps = !islower((unsigned char)w[i]);
    size_t letters = 0;
    for (size_t i = 0; i < n; i++)
        letters += isalpha((unsigned char)w[i]) != 0;
    if (!caps || letters < 2) {
        cat_n(b, w, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        bool first = i == 0 || w[i - 1] == '-' || w[i - 1] == '\'';
        if (!first && isupper(c)) {
            char low = (char)tolower(c);
            cat_n(b, &low, 1);
        } else if (!first && c == 0xc3 && i + 1 < n && (unsigned char)w[i + 1] >= 0x80 &&
                   (unsigned char)w[i + 1] <= 0x9e && (unsigned char)w[i + 1] != 0x97) {
            /* Latin-1 capitals (Å, Ä, Ö, Ø, É ...) are 0xc3 0x80-0x9e. */
            char low[2] = {(char)0xc3, (char)(w[i + 1] + 0x20)};
            cat_n(b, low, 2);
            i++;
        } else {
            cat_n(b, w + i, 1);
        }
    }
}

/* The person's name a part of a byline gives, or NULL: 2-4 name words,
 * cut before a job title or an agency glued after them ("Tom Krisher AP
 * Auto Writer"). */
static char *person_of(const char *s, size_t len)
{
    size_t starts[16], lens[16], n;
    if (!words_of(s, len, starts, lens, &n, sizeof starts / sizeof *starts) || n < 2)
        return NULL;
    size_t keep = 0;
    while (keep < n && name_word(s + starts[keep], lens[keep]))
        keep++;
    /* A name then something else: the rest must be a title or an agency,
     * not more of a sentence. */
    if (keep < n) {
        char *rest = xstrndup(s + starts[keep], len - starts[keep]);
        bool titled = phrase_is_agency(rest) || is_word(s + starts[keep], lens[keep], NOT_A_NAME);
        free(rest);
        if (!titled)
            return NULL;
    }
    while (keep > 0 && is_word(s + starts[keep - 1], lens[keep - 1], PARTICLES))
        keep--;
    if (keep < 2 || keep > MAX_NAME_WORDS || is_word(s + starts[0], lens[0], PARTICLES))
        return NULL;
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    for (size_t i = 0; i < keep; i++) {
        if (i)
            cat(&b, " ");
        put_word(&b, s + starts[i], lens[i]);
    }
    return buf_steal(&b);
}

static bool trim_char(char c)
{
    return isspace((unsigned char)c) || c == ',' || c == ';' || c == ':' || c == '|' ||
           c == '-' || c == '(' || c == ')' || c == '/' || c == '*';
}

/* Adds the credit of one part of a byline (no separators left in it). */
static void add_part(const char *s, size_t len, const char *outlet, char **out, size_t *n)
{
    while (len && trim_char(s[0]))
        s++, len--;
    while (len && (trim_char(s[len - 1]) || s[len - 1] == '.'))
        len--;
    for (size_t i = 0; OPENINGS[i]; i++) {
        size_t k = strlen(OPENINGS[i]);
        if (len > k && !strncasecmp(s, OPENINGS[i], k)) {
            s += k;
            len -= k;
            break;
        }
    }
    if (!len || *n == MAX_CREDITS)
        return;
    char *part = xstrndup(s, len);
    char *name = NULL;
    if (phrase_is_agency(part))
        name = part, part = NULL; /* an agency's copy: the agency is the credit */
    else if (!(outlet && !strcasecmp(part, outlet)))
        name = person_of(s, len);
    free(part);
    for (size_t i = 0; name && i < *n; i++)
        if (!strcasecmp(out[i], name)) {
            free(name);
            name = NULL;
        }
    if (name)
        out[(*n)++] = name;
}

/* One byline string: its parts split at commas, "and", "och", "&", ";", "|"
 * and " - ". After a comma stands either another name or a title ("TOM
 * KRISHER, AP Auto Writer"), which add_part drops. */
static void add_byline(const char *s, const char *outlet, char **out, size_t *n)
{
    static const char *const seps[] = {",", ";", "|", " & ", " and ", " och ", " - ",
                                       " \xe2\x80\x93 ", " \xe2\x80\x94 ", "\n", NULL};
    size_t len = strlen(s), from = 0;
    for (size_t i = 0; i <= len;) {
        size_t sep = 0;
        for (size_t k = 0; i < len && seps[k] && !sep; k++) {
            size_t m = strlen(seps[k]);
            if (i + m <= len && !strncasecmp(s + i, seps[k], m))
                sep = m;
        }
        if (i == len || sep) {
            add_part(s + from, i - from, outlet, out, n);
            i += sep ? sep : 1;
            from = i;
        } else {
            i++;
        }
    }
}

char **compose_credits(const char *const *raw, size_t n_raw, const char *outlet, size_t *n)
{
    char **out = xcalloc(MAX_CREDITS + 1, sizeof *out);
    *n = 0;
    for (size_t i = 0; i < n_raw; i++)
        if (raw[i])
            add_byline(raw[i], outlet, out, n);
    return out;
}

bool compose_credit_again(const struct roundup_paragraph *ps, size_t i)
{
    const struct roundup_credit *c = &ps[i].credit;
    if (!c->n_authors)
        return false;
    for (size_t k = 0; k < i; k++) {
        const struct roundup_credit *e = &ps[k].credit;
        bool same = e->n_authors == c->n_authors && !strcmp(e->outlet, c->outlet);
        for (size_t a = 0; same && a < c->n_authors; a++)
            same = !strcmp(e->authors[a], c->authors[a]);
        if (same)
            return true;
    }
    return false;
}
