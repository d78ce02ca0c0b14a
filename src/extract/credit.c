/* Photo credits embedded in captions. Newsrooms write them in a few ways:
 * after a label ("Foto: Name/TT", "Photo: Name/Reuters", "Bild: ...", "Image:
 * ...", "Photograph by ..."), in closing parentheses ("(Name / AP)"), or as a
 * trailing "Name/Agency" after the caption's text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "extract/extract_internal.h"

/* Labels that introduce a credit, lower case, longer ones first so that
 * "photo by" is not read as "photo". A label of several words needs a space
 * after it; a single word needs a colon (in a caption "Photo" may be a word
 * of the text; in a credit element it may stand alone). */
static const char *const labels[] = {"photo credit should read",
                                     "credit should read",
                                     "photo illustration by",
                                     "photograph by",
                                     "photographs by",
                                     "photo courtesy of",
                                     "image courtesy of",
                                     "photos by",
                                     "photo by",
                                     "pictures by",
                                     "picture by",
                                     "image by",
                                     "image copyright",
                                     "foto von",
                                     "bildquelle",
                                     "bildnachweis",
                                     "fotoquelle",
                                     "quelle",
                                     "copyright",
                                     "photographer",
                                     "photographs",
                                     "photograph",
                                     "photos",
                                     "photo",
                                     "pictures",
                                     "picture",
                                     "images",
                                     "image",
                                     "credits",
                                     "credit",
                                     "fotograf",
                                     "fotos",
                                     "foto",
                                     "bilder",
                                     "bild",
                                     "kuva",
                                     "billede",
                                     "illustration",
                                     "grafik",
                                     "source",
                                     "by",
                                     "\xC2\xA9" /* © */};

/* Agencies and picture desks that stand alone as a credit. */
static const char *const agencies[] = {"getty images",
                                       "ap photo",
                                       "ap",
                                       "afp",
                                       "reuters",
                                       "tt",
                                       "ntb",
                                       "epa",
                                       "scanpix",
                                       "shutterstock",
                                       "alamy",
                                       "pa",
                                       "pa wire",
                                       "bloomberg",
                                       "dpa",
                                       "xinhua",
                                       "ritzau scanpix",
                                       "lehtikuva",
                                       "imago",
                                       "istock",
                                       "istockphoto",
                                       "anadolu",
                                       "sipa",
                                       "zuma press",
                                       "ap images",
                                       "afp via getty images",
                                       "reuters/tt",
                                       "ap/tt",
                                       "epa/tt",
                                       "afp/tt"};

static bool is_agency(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof agencies / sizeof agencies[0]; i++)
        if (strlen(agencies[i]) == n && !strncasecmp(s, agencies[i], n))
            return true;
    return false;
}

/* How many more of open than of close [s, s+n) holds. */
static long unbalanced(const char *s, size_t n, char open, char close)
{
    long d = 0;
    for (size_t i = 0; i < n; i++)
        d += (s[i] == open) - (s[i] == close);
    return d;
}

/* Whether the bracket at an end of [s, s+n) may go: only one that closes or
 * opens nothing inside ("Jure Makovec (OC Ljubno)" keeps its parenthesis;
 * "Foto: Name)" of "(Foto: Name)" loses it). */
static bool loose_bracket(const char *s, size_t n, char c)
{
    if (c == '(' || c == '[')
        return unbalanced(s, n, c, c == '(' ? ')' : ']') > 0;
    if (c == ')' || c == ']')
        return unbalanced(s, n, c == ')' ? '(' : '[', c) < 0;
    return true;
}

/* A new string of [s, s+n) without spaces and the characters of strip at
 * either end (brackets only when they pair with none inside); NULL when
 * nothing is left. */
static char *trimmed(const char *s, size_t n, const char *strip)
{
    while (n && (isspace((unsigned char)*s) || (strchr(strip, *s) && loose_bracket(s, n, *s)))) {
        s++;
        n--;
    }
    while (n && (isspace((unsigned char)s[n - 1]) ||
                 (strchr(strip, s[n - 1]) && loose_bracket(s, n, s[n - 1]))))
        n--;
    return n ? xstrndup(s, n) : NULL;
}

/* The length of the label at p (and the colon after it), 0 when none. In a
 * credit (loose), a single-word label may also be followed by a space or be
 * glued to a capitalised name ("CreditKevin Frayer"). */
static size_t label_at(const char *p, bool loose)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t n = strlen(labels[i]);
        if (strncasecmp(p, labels[i], n))
            continue;
        bool words = strchr(labels[i], ' ') || (unsigned char)labels[i][0] >= 0x80;
        if (p[n] == ':')
            return n + 1;
        if ((words || loose) && (p[n] == ' ' || p[n] == '\0'))
            return n;
        /* Glued: a label in small letters, then a capital ("CreditKevin"),
         * not a name in capitals ("BYRON"). */
        if (loose && isupper((unsigned char)p[n]) &&
            (islower((unsigned char)p[n - 1]) || (unsigned char)labels[i][0] >= 0x80))
            return n;
    }
    return 0;
}

/* Words that read as a name or an agency: each starts with a capital letter,
 * a digit or a non-ASCII letter, or is a joining word. */
static bool credit_like(const char *s, size_t n)
{
    static const char *const joiners[] = {"de", "van", "von", "for", "via", "och", "and", "der"};
    if (!n || n > 80)
        return false;
    size_t words = 0;
    const char *p = s, *end = s + n;
    while (p < end) {
        while (p < end && (isspace((unsigned char)*p) || *p == '/' || *p == ',' || *p == '|'))
            p++;
        if (p >= end)
            break;
        const char *w = p;
        while (p < end && !isspace((unsigned char)*p) && *p != '/' && *p != ',')
            p++;
        words++;
        bool joiner = false;
        for (size_t i = 0; i < sizeof joiners / sizeof joiners[0] && !joiner; i++)
            joiner =
                strlen(joiners[i]) == (size_t)(p - w) && !strncmp(w, joiners[i], (size_t)(p - w));
        unsigned char c = (unsigned char)*w;
        if (!(isupper(c) || isdigit(c) || c >= 0x80 || joiner))
            return false;
    }
    return words > 0 && words <= 8;
}

static bool has_slash_or_agency(const char *s, size_t n)
{
    if (memchr(s, '/', n))
        return true;
    /* The last word or two alone: "... Getty Images", "... AP". */
    for (size_t i = n; i > 0; i--)
        if (s[i - 1] == ' ' && is_agency(s + i, n - i))
            return true;
    return is_agency(s, n);
}

/* Where a trailing "Name Surname/Agency" without a separating sentence
 * starts in t (len bytes), or len when there is none: the words around the
 * last slash, at most two capitalised words (and initials) before it. */
static size_t trailing_slash_credit(const char *t, size_t len)
{
    const char *slash = NULL;
    for (const char *p = t; (p = memchr(p, '/', len - (size_t)(p - t))) != NULL; p++)
        slash = p;
    if (!slash || !credit_like(slash, len - (size_t)(slash - t)))
        return len;
    size_t start = (size_t)(slash - t), words = 0;
    while (start > 0 && t[start - 1] == ' ')
        start--;
    while (start > 0 && words < 2) {
        size_t w = start;
        while (w > 0 && t[w - 1] != ' ')
            w--;
        unsigned char c = (unsigned char)t[w];
        if (!(isupper(c) || c >= 0x80))
            break;
        /* An initial ("M.") is part of the name but no word of it. */
        words += !(start - w == 2 && t[start - 1] == '.');
        start = w;
        while (start > 0 && t[start - 1] == ' ')
            start--;
    }
    return words ? start : len;
}

/* Notes on what kind of picture it is, not who made it: "(Symbolbild)". */
static const char *const picture_notes[] = {"(symbolbild)", "(symbolfoto)", "(archivbild)",
                                            "(archivfoto)", "(archiv)",     "(archive)",
                                            "(file photo)", "(file)",       "(illustration)",
                                            "(archivo)",    "(archives)",   "(foto de archivo)"};

/* Whether [s, s+n) is one of the picture notes. */
static bool picture_note(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof picture_notes / sizeof picture_notes[0]; i++)
        if (strlen(picture_notes[i]) == n && !strncasecmp(s, picture_notes[i], n))
            return true;
    return false;
}

char *ext_credit_clean(const char *s)
{
    char *t = ext_text_clean(s);
    if (!t)
        return NULL;
    const char *p = t;
    size_t n = strlen(t);
    if (n > 2 && (*p == '(' || *p == '[') && (p[n - 1] == ')' || p[n - 1] == ']')) {
        p++;
        n -= 2;
    }
    size_t ll;
    while (n && (ll = label_at(p, true)) > 0 && ll < n) {
        p += ll;
        n -= ll;
        while (n && (isspace((unsigned char)*p) || *p == ':')) {
            p++;
            n--;
        }
    }
    char *c = trimmed(p, n, "|-:;,");
    free(t);
    return c;
}

/* The length of a "By " that starts a caption's last sentence and is
 * followed by nothing but a name or agency ("... in Las Croabas. By U.S.
 * Customs and Border Protection") at t+i, 0 otherwise. "By" alone needs a
 * colon elsewhere: in a caption it is a word of the text ("By then..."). */
static size_t sentence_by(const char *t, size_t len, size_t i)
{
    if (i < 2 || t[i - 2] != '.' || t[i - 1] != ' ' || strncmp(t + i, "By ", 3) ||
        !credit_like(t + i + 3, len - i - 3))
        return 0;
    return 3;
}

/* The first label at a word start in t (or right after a copyright sign:
 * "©Foto:") with a credit after it: the credit (a new string), *at where
 * the text before it ends, *label the label; NULL when there is none. */
static char *labelled_credit(const char *t, size_t len, size_t *at, const char **label)
{
    for (size_t i = 0; i < len; i++) {
        bool after_sign = i >= 2 && !strncmp(t + i - 2, "\xC2\xA9", 2);
        if (i > 0 && !after_sign &&
            !(isspace((unsigned char)t[i - 1]) || strchr(".(|-,;[", t[i - 1])))
            continue;
        size_t ll = label_at(t + i, false);
        if (!ll)
            ll = sentence_by(t, len, i);
        char *c = ll ? trimmed(t + i + ll, len - i - ll, ":)]") : NULL;
        if (c) {
            *at = after_sign ? i - 2 : i;
            *label = t + i;
            return c;
        }
    }
    return NULL;
}

/* Labels that say a credit is a picture's, lower-case prefixes. */
static const char *const picture_words[] = {"foto", "photo", "bild", "image", "picture"};

static bool picture_label(const char *label)
{
    for (size_t i = 0; i < sizeof picture_words / sizeof picture_words[0]; i++)
        if (!strncasecmp(label, picture_words[i], strlen(picture_words[i])))
            return true;
    return false;
}

/* The credit after the first label of text, when the label names a
 * picture (or, with rights set, the picture's rights: "©", "Copyright")
 * and, with opening set, opens the text; a new string or NULL. */
static char *picture_labelled(const char *text, bool rights, bool opening)
{
    char *t = ext_text_clean(text);
    size_t at, len = t ? strlen(t) : 0;
    const char *label = NULL;
    char *c = t ? labelled_credit(t, len, &at, &label) : NULL;
    bool ok = c && (!opening || at == 0) &&
              (picture_label(label) ||
               (rights && (!strncmp(label, "\xC2\xA9", 2) || !strncasecmp(label, "copyright", 9))));
    if (!ok) {
        free(c);
        c = NULL;
    }
    free(t);
    return c;
}

char *ext_credit_line(const char *text)
{
    return picture_labelled(text, true, true);
}

char *ext_foot_credit(const char *text)
{
    /* At an article's foot "Source:" names the text's source: only labels
     * that name a picture credit one. */
    char *c = picture_labelled(text, false, false);
    size_t n = c ? strlen(c) : 0;
    for (size_t i = 0; n && i < sizeof picture_notes / sizeof picture_notes[0]; i++) {
        size_t k = strlen(picture_notes[i]);
        if (n > k && !strcasecmp(c + n - k, picture_notes[i])) {
            n -= k;
            while (n && c[n - 1] == ' ')
                n--;
            c[n] = '\0';
        }
    }
    return c;
}

void ext_caption_split(const char *text, char **caption, char **credit)
{
    *caption = NULL;
    *credit = NULL;
    char *t = ext_text_clean(text);
    if (!t)
        return;
    size_t len = strlen(t), at;
    const char *label;
    /* A label: the credit runs to the end. */
    char *labelled = labelled_credit(t, len, &at, &label);
    if (labelled) {
        *credit = labelled;
        *caption = trimmed(t, at, "([|-:;,");
        free(t);
        return;
    }
    /* Closing parentheses that hold a name or an agency. */
    if (t[len - 1] == ')') {
        int depth = 0;
        size_t i = len;
        while (i > 0) {
            i--;
            if (t[i] == ')')
                depth++;
            else if (t[i] == '(' && --depth == 0)
                break;
        }
        if (depth == 0 && t[i] == '(' && credit_like(t + i + 1, len - i - 2) &&
            !picture_note(t + i, len - i)) {
            *credit = trimmed(t + i + 1, len - i - 2, "");
            *caption = trimmed(t, i, "|-:;,");
            free(t);
            return;
        }
    }
    /* "Name/Agency" or an agency after the caption's last sentence, or a
     * "Name Surname/Agency" right after its last word. */
    const char *last = NULL;
    for (const char *p = t; (p = strstr(p, ". ")) != NULL; p += 2)
        last = p + 2;
    at = len;
    if (last && credit_like(last, len - (size_t)(last - t)) &&
        has_slash_or_agency(last, len - (size_t)(last - t)))
        at = (size_t)(last - t);
    else
        at = trailing_slash_credit(t, len);
    /* "Caption | Credit": a short name after the last spaced bar. */
    const char *bar = NULL;
    for (const char *p = t; (p = strstr(p, " | ")) != NULL; p += 3)
        bar = p;
    if (at == len && bar && ext_text_words(bar + 3) <= 4 &&
        credit_like(bar + 3, len - (size_t)(bar + 3 - t))) {
        char *before = xstrndup(t, (size_t)(bar - t));
        if (ext_text_words(before) >= 3)
            at = (size_t)(bar + 3 - t);
        free(before);
    }
    if (at < len) {
        *credit = trimmed(t + at, len - at, "");
        *caption = trimmed(t, at, " |-");
        free(t);
        return;
    }
    *caption = t;
}
