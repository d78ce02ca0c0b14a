/* Bylines: the author names of metadata, and byline strings as pages write
 * them ("By A and B", "Av A, TT") split into names. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "extract/extract_internal.h"
#include "extract/meta_fields.h"

static bool is_url(const char *s)
{
    return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8) || !strncmp(s, "//", 2);
}

/* Names as new strings in a new array, *n of them; NULL when none. */
static char **name_array(char **names, size_t k, size_t *n)
{
    *n = k;
    if (!k)
        return NULL;
    char **out = xcalloc(k, sizeof *out);
    memcpy(out, names, k * sizeof *out);
    return out;
}

bool ext_meta_byline_accounts(struct meta *m)
{
    return m->ld.n_authors && m->ld.authors_accounts;
}

char **ext_meta_byline(struct meta *m, bool jsonld, size_t *n)
{
    const char *site = ext_meta_site_name(m);
    char *names[MAX_NAMES];
    size_t k = 0;
    for (size_t i = 0; jsonld && i < m->ld.n_authors; i++)
        k += ext_byline_split(m->ld.authors[i], site, names + k, MAX_NAMES - k);
    static const enum key order[] = {K_DC_CREATOR,     K_DCTERM_CREATOR,  K_AUTHOR,
                                     K_PARSELY_AUTHOR, K_SAILTHRU_AUTHOR, K_ARTICLE_AUTHOR};
    if (k) {
        /* A meta tag that names JSON-LD's authors and more: JSON-LD kept the
         * first author of several ("April Roach" of "April Roach, Daniel
         * O'Mahony"). */
        for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
            const char *v = m->values[order[i]];
            char *more[MAX_NAMES];
            size_t km = v && !is_url(v) ? ext_byline_split(v, site, more, MAX_NAMES) : 0;
            size_t found = 0;
            for (size_t a = 0; a < k; a++)
                for (size_t b = 0; b < km; b++)
                    if (!strcmp(names[a], more[b])) {
                        found++;
                        break;
                    }
            bool wider = km > k && found == k;
            for (size_t j = 0; j < (wider ? k : km); j++)
                free(wider ? names[j] : more[j]);
            if (wider) {
                memcpy(names, more, km * sizeof *more);
                k = km;
            }
        }
        return name_array(names, k, n);
    }
    for (size_t i = 0; i < sizeof order / sizeof order[0] && !k; i++) {
        const char *v = m->values[order[i]];
        if (v && !is_url(v))
            k = ext_byline_split(v, site, names, MAX_NAMES);
    }
    return name_array(names, k, n);
}

/* Labels that introduce a byline, lower case; each is followed by the end,
 * a space or a colon. */
static const char *const labels[] = {"written by",
                                     "reporting by",
                                     "text and photo",
                                     "text och foto",
                                     "text und foto",
                                     "posted by",
                                     "article by",
                                     "story by",
                                     "words by",
                                     "published by",
                                     "geschrieben von",
                                     "veröffentlicht von",
                                     "author",
                                     "authors",
                                     "autor",
                                     "autoren",
                                     "autorin",
                                     "auteur",
                                     "autore",
                                     "text",
                                     "texto",
                                     "by",
                                     "av",
                                     "af",
                                     "par",
                                     "von",
                                     "por",
                                     "door",
                                     "di",
                                     "de",
                                     "från"};

/* The length of the label at the start of s with the spaces and colon after
 * it; 0 when there is none. */
/* Labels that templates write glued to the name after them ("ByJ.R. Stone",
 * "PorLaura Jordán": the label and the name are two elements with no space
 * between); "De" and "Di" are left out, as they begin names ("DiCaprio"). */
static const char *const glued_labels[] = {"by", "av", "par", "von", "por", "door"};

/* Whether s starts with a capitalised label of n bytes glued to a
 * capitalised name (a capital, then a small letter or a full stop). */
static bool glued_label(const char *s, size_t n)
{
    if (!isupper((unsigned char)s[0]) || !isupper((unsigned char)s[n]) ||
        !(islower((unsigned char)s[n + 1]) || s[n + 1] == '.' || (unsigned char)s[n + 1] >= 0x80))
        return false;
    for (size_t i = 0; i < sizeof glued_labels / sizeof glued_labels[0]; i++)
        if (strlen(glued_labels[i]) == n && !strncasecmp(s, glued_labels[i], n))
            return true;
    return false;
}

static size_t label_len(const char *s)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t n = strlen(labels[i]);
        if (strncasecmp(s, labels[i], n))
            continue;
        if (glued_label(s, n))
            return n;
        if (s[n] && s[n] != ' ' && s[n] != ':')
            continue;
        while (s[n] == ' ' || s[n] == ':')
            n++;
        return n;
    }
    return 0;
}

/* News agencies and wire services, lower case: credited beside a reporter,
 * never a person themselves. */
static const char *const agencies[] = {"agence france-presse",
                                       "agence france presse",
                                       "agencias",
                                       "agencia",
                                       "agencies",
                                       "agency",
                                       "afp",
                                       "ani",
                                       "ansa",
                                       "ap",
                                       "apa",
                                       "associated press",
                                       "bbc",
                                       "bbc news",
                                       "belga",
                                       "bloomberg",
                                       "bloomberg news",
                                       "cnn",
                                       "ctk",
                                       "deutsche welle",
                                       "dpa",
                                       "dw",
                                       "efe",
                                       "epd",
                                       "europa press",
                                       "fnb",
                                       "ians",
                                       "interfax",
                                       "kna",
                                       "kyodo",
                                       "kyodo news",
                                       "news agencies",
                                       "news agency",
                                       "news desk",
                                       "notimex",
                                       "ntb",
                                       "pa",
                                       "pa media",
                                       "pap",
                                       "press association",
                                       "pti",
                                       "ria novosti",
                                       "reuters",
                                       "ritzau",
                                       "sda",
                                       "sputnik",
                                       "sputnik international",
                                       "stt",
                                       "tass",
                                       "the associated press",
                                       "thomson reuters",
                                       "tt",
                                       "upi",
                                       "wire services",
                                       "wires",
                                       "xinhua",
                                       "yonhap"};

static bool agency_name(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof agencies / sizeof agencies[0]; i++)
        if (strlen(agencies[i]) == len && !strncasecmp(s, agencies[i], len))
            return true;
    return false;
}

/* Words of job titles and of the placeholders sites write for no one in
 * particular ("Staff Reporter", "Web Desk", "Admin"), lower case. */
static const char *const role_words[] = {
    "admin",        "administrator", "chief",         "columnist",       "contributing",
    "contributor",  "correspondent", "cortesía",      "courtesy",        "desk",
    "editor",       "editorial",     "editors",       "freelance",       "guest",
    "intern",       "journalist",    "korrespondent", "korrespondentin", "newsroom",
    "photographer", "posted",        "producer",      "published",       "redacción",
    "redaccion",    "redactie",      "rédaction",     "redakteur",       "redakteurin",
    "redaktion",    "redazione",     "reporter",      "reporterin",      "reporters",
    "senior",       "staff",         "team",          "updated",         "veröffentlicht",
    "webmaster",    "writer",        "writers"};

/* Words that make a name an organisation's. */
static const char *const org_words[] = {
    "ag",          "bund",   "corp",        "e.v.",     "gmbh",    "group",    "inc",
    "inc.",        "ltd",    "ltd.",        "llc",      "magazin", "magazine", "media",
    "ministerium", "online", "press",       "stiftung", "verband", "verlag",   "zeitung",
    "news",        "presse", "nachrichten", "noticias"};

/* Endings that make a compound word an organisation's name
 * ("Wirtschaftsnachrichten", "Landeszeitung"), lower case. */
static const char *const org_endings[] = {"nachrichten", "zeitung", "presse", "verlag", "magazin"};

/* Honorifics and professional titles before a name, lower case. */
static const char *const honorifics[] = {
    "dr.", "dr",  "prof.",        "prof",           "mr.",  "mrs.",      "ms.",
    "mx.", "sir", "rechtsanwalt", "rechtsanwältin", "mag.", "dipl.-ing."};

/* Articles, lower case. */
static const char *const articles[] = {"the", "die", "der", "das", "les", "los", "las"};

/* Lower-case words that belong inside names ("Michiel de Jong"). */
static const char *const particles[] = {
    "al", "bin", "da", "das", "de",  "del", "della", "den", "der", "di", "do",  "dos", "du",
    "el", "ibn", "la", "le",  "ten", "ter", "van",   "von", "y",   "zu", "zur", "'t"};

/* Month names and their abbreviations that lead a date written after a name
 * ("Poppy Reid Feb 21, 2020"), lower case, in the languages of the corpora. */
static const char *const months[] = {
    "jan",       "january", "januar",   "janvier",   "enero",     "feb",        "february",
    "februar",   "février", "febrero",  "mar",       "march",     "märz",       "mars",
    "marzo",     "apr",     "april",    "avril",     "abril",     "may",        "mai",
    "mayo",      "jun",     "june",     "juni",      "juin",      "junio",      "jul",
    "july",      "juli",    "juillet",  "julio",     "aug",       "august",     "août",
    "agosto",    "sep",     "sept",     "september", "septembre", "septiembre", "oct",
    "october",   "oktober", "octobre",  "octubre",   "nov",       "november",   "novembre",
    "noviembre", "dec",     "december", "dezember",  "décembre",  "diciembre"};

/* Day names that lead a date ("J.R. Stone Thursday, November 9, 2023"),
 * lower case; not "domingo", a surname as often. */
static const char *const weekdays[] = {
    "monday", "tuesday",  "wednesday", "thursday",   "friday",   "saturday", "sunday",
    "montag", "dienstag", "mittwoch",  "donnerstag", "freitag",  "samstag",  "sonntag",
    "lundi",  "mardi",    "mercredi",  "jeudi",      "vendredi", "samedi",   "dimanche",
    "lunes",  "martes",   "miércoles", "jueves",     "viernes",  "sábado"};

static bool in_list(const char *w, size_t len, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && !strncasecmp(w, list[i], len))
            return true;
    return false;
}

#define IN(w, len, list) in_list(w, len, list, sizeof list / sizeof list[0])

static bool org_word(const char *w, size_t len)
{
    if (IN(w, len, org_words))
        return true;
    for (size_t i = 0; i < sizeof org_endings / sizeof org_endings[0]; i++) {
        size_t n = strlen(org_endings[i]);
        if (len > n + 2 && !strncasecmp(w + len - n, org_endings[i], n))
            return true;
    }
    return false;
}

/* The words of a candidate name, as offsets into its string. */
struct words {
    const char *s;
    size_t start[24], len[24];
    size_t n;
};

static void split_words(const char *s, struct words *w)
{
    w->s = s;
    w->n = 0;
    for (const char *p = s; *p;) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if (e > p && w->n < sizeof w->start / sizeof w->start[0]) {
            w->start[w->n] = (size_t)(p - s);
            w->len[w->n++] = (size_t)(e - p);
        }
        p = e;
    }
}

/* Words [from, to) of w as a new string, NULL when empty. */
static char *join_words(const struct words *w, size_t from, size_t to)
{
    if (from >= to)
        return NULL;
    const char *a = w->s + w->start[from];
    const char *b = w->s + w->start[to - 1] + w->len[to - 1];
    return xstrndup(a, (size_t)(b - a));
}

/* A word's length without the punctuation after it ("Updated:"). */
static size_t word_len(const char *w, size_t len)
{
    while (len > 1 && ispunct((unsigned char)w[len - 1]))
        len--;
    return len;
}

/* The first code point of s and its letter case: 1 upper, -1 lower, 0 for a
 * letter without case (CJK, Arabic...) or no letter. */
static int letter_case(const char *s, size_t len, bool *letter)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &c);
    *letter = false;
    if (k <= 0)
        return 0;
    utf8proc_category_t cat = utf8proc_category(c);
    *letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT ? 1
           : cat == UTF8PROC_CATEGORY_LL                              ? -1
                                                                      : 0;
}

/* Whether a name is written in capitals only ("TOM KRISHER"). */
static bool all_caps(const char *s)
{
    size_t upper = 0;
    for (const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s; *p;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
        if (k <= 0)
            return false;
        utf8proc_category_t cat = utf8proc_category(c);
        if (cat == UTF8PROC_CATEGORY_LL)
            return false;
        upper += cat == UTF8PROC_CATEGORY_LU;
        p += k;
    }
    return upper >= 4;
}

/* "TOM KRISHER" as "Tom Krisher": each word of three letters or more keeps
 * its first letter (and the first after a hyphen or apostrophe) and lowers
 * the rest; shorter words ("JR", "AJ") stay as written. A new string. */
static char *title_case(const char *s)
{
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    struct words w;
    split_words(s, &w);
    for (size_t i = 0; i < w.n; i++) {
        const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s + w.start[i];
        const utf8proc_uint8_t *end = p + w.len[i];
        size_t letters = 0;
        for (const utf8proc_uint8_t *q = p; q < end; q++)
            letters += (*q & 0xC0) != 0x80;
        bool keep = letters < 3, first = true;
        if (i && buf_putc(&b, ' '))
            break;
        while (p < end) {
            utf8proc_int32_t c;
            utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &c);
            if (k <= 0)
                break;
            utf8proc_int32_t out = keep || first ? c : utf8proc_tolower(c);
            first = c == '-' || c == '.' || c == '\'' || c == 0x2019;
            utf8proc_uint8_t u[4];
            utf8proc_ssize_t n = utf8proc_encode_char(out, u);
            if (buf_append(&b, (const char *)u, (size_t)n))
                break;
            p += k;
        }
    }
    return buf_steal(&b);
}
/* A word that reads as a web address or a domain ("oe24.at", "www.dw.com"). */
static bool web_word(const char *w, size_t len)
{
    if (memchr(w, '@', len) || (len > 4 && !strncasecmp(w, "www.", 4)) ||
        (len > 3 && memmem(w, len, "://", 3)))
        return true;
    const char *dot = NULL;
    for (const char *p = w; p < w + len; p++)
        if (*p == '.')
            dot = p;
    /* A dot between letters with two or more letters after it ("kath.net");
     * an initial ("M.") or "Jr." has none after it. */
    size_t after = dot ? (size_t)(w + len - dot - 1) : 0;
    return dot && dot > w && after >= 2 && isalpha((unsigned char)dot[1]) &&
           isalpha((unsigned char)dot[-1]);
}

/* The person a part of a byline names, cleaned ("By TOM KRISHER" -> "Tom
 * Krisher"), or NULL when it names none: an agency, a job title or
 * placeholder, a date, an organisation, a user name in lower case. tail marks
 * a part after a comma, where a short code in capitals is an agency's or a
 * desk's ("Anna Berg, TT"). A new string. */
static char *person_name(const char *part, bool tail)
{
    /* Parenthesised asides ("(avec ...)", "(www.dw.com)") are not the name. */
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    int depth = 0;
    for (const char *p = part; *p; p++) {
        if (*p == '(' || *p == '[')
            depth++;
        else if ((*p == ')' || *p == ']') && depth > 0)
            depth--;
        else if (!depth && buf_putc(&b, *p))
            break;
    }
    char *flat = buf_steal(&b);
    char *s = flat ? ext_text_clean(flat) : NULL;
    free(flat);
    if (!s)
        return NULL;
    char *out = NULL;
    const char *t = s;
    for (size_t k; (k = label_len(t)) != 0;)
        t += k;
    struct words w;
    split_words(t, &w);
    size_t from = 0, to = w.n;
    /* A date after the name ends it, with the words that lead into it
     * ("Jörn Mecher am 08.12.2022", "Poppy Reid Feb 21"). */
    for (size_t i = 0; i < to; i++) {
        const char *x = t + w.start[i];
        bool digit = false;
        for (size_t k = 0; k < w.len[i] && !digit; k++)
            digit = isdigit((unsigned char)x[k]);
        if (!digit)
            continue;
        /* "Nolan22 Dec 2016": the letters before the digits are the name's. */
        size_t letters = 0;
        while (letters < w.len[i] && !isdigit((unsigned char)x[letters]))
            letters++;
        if (letters >= 2 && isalpha((unsigned char)x[letters - 1])) {
            w.len[i] = letters;
            i++;
        }
        to = i;
        while (to > from) {
            bool letter;
            const char *y = t + w.start[to - 1];
            size_t yl = w.len[to - 1];
            if (!IN(y, yl, months) && letter_case(y, yl, &letter) >= 0 && letter)
                break;
            to--;
        }
    }
    /* A day name ends it when the date after it was split off at its comma
     * ("J.R. Stone Thursday, November 9, 2023"). */
    while (to > from + 1 &&
           IN(t + w.start[to - 1], word_len(t + w.start[to - 1], w.len[to - 1]), weekdays))
        to--;
    /* A job title ends the name ("Jane Doe, Staff Writer"); an agency before
     * one ("AP Auto Writer") or alone is no person. */
    for (size_t i = from; i < to; i++)
        if (IN(t + w.start[i], word_len(t + w.start[i], w.len[i]), role_words)) {
            /* One word before a title is part of it ("Web Desk", "Casa
             * Editorial"). */
            to = i - from >= 2 ? i : from;
            break;
        }
    for (size_t i = to; i > from; i--) {
        const char *a = t + w.start[from];
        if (agency_name(a, (size_t)(t + w.start[i - 1] + w.len[i - 1] - a)))
            goto out;
    }
    while (from < to && IN(t + w.start[from], w.len[from], honorifics))
        from++;
    /* An article leads the name of a publication, never a person's. */
    if (from < to && IN(t + w.start[from], w.len[from], articles))
        goto out;
    if (from >= to || to - from > 5)
        goto out;
    bool upper = false;
    for (size_t i = from; i < to; i++) {
        const char *x = t + w.start[i];
        size_t xl = w.len[i];
        if (web_word(x, xl) || memchr(x, '*', xl) || org_word(x, xl))
            goto out;
        bool letter;
        int c = letter_case(x, xl, &letter);
        upper = upper || c > 0 || (letter && c == 0);
        /* Every word of a name is capitalised but its particles; "Veröffentlicht
         * am" and "Jobs & Hire" are no names. */
        if ((c < 0 || !letter) && !IN(x, xl, particles))
            goto out;
    }
    if (!upper)
        goto out;
    char *name = join_words(&w, from, to);
    if (tail && to - from == 1 && strlen(name) <= 5) {
        bool caps = true;
        for (const char *p = name; *p && caps; p++)
            caps = !islower((unsigned char)*p);
        if (caps) {
            free(name);
            goto out;
        }
    }
    /* One word in capitals is an acronym (an outlet's, a desk's). */
    if (all_caps(name) && to - from == 1) {
        free(name);
        goto out;
    }
    out = all_caps(name) ? title_case(name) : xstrdup(name);
    free(name);
out:
    free(s);
    return out;
}

/* The separator at p between two credits (its length), 0 when none: ';',
 * '|', '/', '·', '•', a spaced dash, "edited by", and a full stop after a
 * word of three letters or more ("Finian Cunningham. Sputnik International");
 * a comma or a joining word when soft is set. */
static size_t separator_at(const char *start, const char *p, bool soft)
{
    static const char *const hard[] = {";",
                                       "|",
                                       "/",
                                       "\xC2\xB7",
                                       "\xE2\x80\xA2",
                                       " - ",
                                       " \xE2\x80\x93 ",
                                       " \xE2\x80\x94 ",
                                       " edited by ",
                                       " Edited by "};
    static const char *const words[] = {" and ", " & ", " och ", " og ", " und ",
                                        " et ",  " y ", " e ",   " ja "};
    for (size_t i = 0; i < sizeof hard / sizeof hard[0]; i++)
        if (!strncmp(p, hard[i], strlen(hard[i])))
            return strlen(hard[i]);
    if (*p == '.' && p[1] == ' ' && p - start >= 3 && isalpha((unsigned char)p[-1]) &&
        isalpha((unsigned char)p[-2]) && isalpha((unsigned char)p[-3]))
        return 2;
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
            k = separator_at(start, p, soft);
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

/* Whether a credit is the site's own name written as no person's ("Noticias
 * de El Salvador - La Prensa Gráfica | ..."); a blog named for its author
 * ("Haki Benita") keeps the credit. */
static bool site_credit(const char *s, const char *site)
{
    if (!site || ext_text_similarity(site, s) < 0.75 || ext_text_similarity(s, site) < 0.5)
        return false;
    char *as_name = person_name(site, false);
    bool named = as_name && !strcmp(as_name, site);
    free(as_name);
    return !named;
}

/* The persons one hard-separated segment names. Commas and "and" split only
 * between names of two words or more ("Kim, Jennifer Jett" and "Jong, Michiel
 * de" are one name each); among several such names, one-word parts are
 * places or desks ("Markus Haefliger, London, Beat Bumbacher"). */
static size_t segment_names(const char *seg, char **names, size_t max)
{
    char *parts[MAX_NAMES], *clean[MAX_NAMES] = {0};
    size_t np = split_parts(seg, seg + strlen(seg), true, parts, MAX_NAMES);
    size_t multi = 0, single = 0, n = 0;
    for (size_t k = 0; k < np; k++) {
        clean[k] = person_name(parts[k], k > 0);
        if (clean[k])
            ext_text_words(clean[k]) >= 2 ? multi++ : single++;
        free(parts[k]);
    }
    /* A one-word part after the only name is a place or a desk ("Markus
     * Balser, Berlin"); before it, part of the name ("Jong, Michiel de"). */
    bool single_first = false;
    for (size_t k = 0; k < np && clean[k] && ext_text_words(clean[k]) < 2; k++)
        single_first = true;
    if (multi == 1 && !single_first) {
        for (size_t k = 0; k < np; k++)
            if (clean[k] && ext_text_words(clean[k]) < 2) {
                free(clean[k]);
                clean[k] = NULL;
            }
        single = 0;
    }
    if (np > 1 && single && multi < 2) {
        /* One name written with a comma or "and" inside. */
        for (size_t k = 0; k < np; k++)
            free(clean[k]);
        clean[0] = person_name(seg, false);
        np = 1;
        multi = 0;
    }
    for (size_t k = 0; k < np; k++) {
        if (clean[k] && n < max && (multi < 2 || ext_text_words(clean[k]) >= 2))
            names[n++] = clean[k];
        else
            free(clean[k]);
    }
    return n;
}

/* Whether s credits a picture ("Foto: Name", "Photo by Name", "© Name"):
 * a photo credit in a box named for the author, or beside the byline. */
static bool picture_credit(const char *s)
{
    static const char *const picture_labels[] = {
        "foto:", "fotos:", "photo:",  "photos:", "photo by",
        "bild:", "image:", "credit:", "\xC2\xA9"};
    while (*s == ' ')
        s++;
    for (size_t i = 0; i < sizeof picture_labels / sizeof picture_labels[0]; i++)
        if (!strncasecmp(s, picture_labels[i], strlen(picture_labels[i])))
            return true;
    return false;
}

size_t ext_byline_split(const char *s, const char *site, char **names, size_t max)
{
    if (!s || picture_credit(s))
        return 0;
    char *segs[MAX_NAMES];
    size_t nseg = split_parts(s, s + strlen(s), false, segs, MAX_NAMES), n = 0;
    bool site_label = site_credit(s, site);
    for (size_t i = 0; i < nseg; i++)
        site_label = site_label || site_credit(segs[i], site);
    size_t multi = 0;
    for (size_t i = 0; i < nseg; i++) {
        size_t k = site_label ? 0 : segment_names(segs[i], names + n, max - n);
        for (size_t j = n; j < n + k; j++)
            multi += ext_text_words(names[j]) >= 2;
        n += k;
        free(segs[i]);
    }
    /* Beside a full name, a lone word on its own line is a label of the
     * box ("Birgit Posselt | Über | Schließen"). */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (multi && ext_text_words(names[i]) < 2)
            free(names[i]);
        else
            names[kept++] = names[i];
    }
    return kept;
}

/* Whether s ends with an agency after a comma or slash ("Anna Berg, TT",
 * "Olle Ek/TT"). */
static bool agency_suffix(const char *s)
{
    const char *p = s + strlen(s);
    while (p > s && p[-1] != ',' && p[-1] != '/')
        p--;
    if (p == s)
        return false;
    while (*p == ' ')
        p++;
    return agency_name(p, strlen(p));
}

bool ext_byline_label_only(const char *s)
{
    size_t n = s ? label_len(s) : 0;
    return n && !s[n];
}

bool ext_byline_text_like(const char *s)
{
    if (!s || picture_credit(s))
        return false;
    size_t len = strlen(s), words = ext_text_words(s);
    if (len < 4 || len > 100 || words > 12)
        return false;
    size_t p = label_len(s);
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
