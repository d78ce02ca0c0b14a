/* The article's title: JSON-LD and meta tags, else the <title> element
 * without the site's name, judged against the page's headings. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "extract/extract_internal.h"
#include "extract/meta_fields.h"

static bool title_separator(const char *p)
{
    return *p == '|' || *p == '-' || *p == '\\' || *p == '/' || *p == '>' ||
           !strncmp(p, "\xC2\xBB", 2) /* » */ || !strncmp(p, "\xE2\x80\x93", 3) /* – */ ||
           !strncmp(p, "\xE2\x80\x94", 3) /* — */;
}

static size_t separator_len(const char *p)
{
    return (unsigned char)*p < 0x80 ? 1 : (unsigned char)*p == 0xC2 ? 2 : 3;
}

static bool hierarchical_separator(const char *p)
{
    return *p == '\\' || *p == '/' || *p == '>' || !strncmp(p, "\xC2\xBB", 2);
}

/* The title of the <title> element without the site's name: a page titles
 * itself "Headline | Site" or "Site » Section » Headline". The part kept is
 * the one that reads as a headline; when none does, the whole. */
static char *clean_doc_title(const char *orig, const struct heading *hs, size_t nh)
{
    size_t len = strlen(orig);
    /* " | " separated parts: the last separator that has spaces around it. */
    const char *last = NULL, *first_any = NULL;
    bool hier = false;
    for (const char *p = orig; *p; p++) {
        if (!title_separator(p))
            continue;
        if (!first_any)
            first_any = p;
        size_t sl = separator_len(p);
        if (p > orig && p[-1] == ' ' && p[sl] == ' ') {
            last = p;
            hier = hier || hierarchical_separator(p);
        }
    }
    char *cur = NULL;
    if (last) {
        cur = xstrndup(orig, (size_t)(last - orig));
        char *t = ext_text_clean(cur);
        free(cur);
        cur = t;
        if (ext_text_words(cur) < 3) {
            /* "Site | Headline": everything after the first separator. */
            free(cur);
            cur = ext_text_clean(first_any + separator_len(first_any));
        }
    } else if (strstr(orig, ": ")) {
        /* "Section: Headline", unless a heading on the page is the whole title. */
        bool heading = false;
        for (size_t i = 0; i < nh && !heading; i++)
            heading = hs[i].text && !strcmp(hs[i].text, orig);
        if (!heading) {
            const char *colon = strrchr(orig, ':');
            cur = ext_text_clean(colon + 1);
            if (ext_text_words(cur) < 3) {
                free(cur);
                cur = ext_text_clean(strchr(orig, ':') + 1);
            } else {
                char *before = xstrndup(orig, (size_t)(strchr(orig, ':') - orig));
                if (ext_text_words(before) > 5) {
                    free(cur);
                    cur = NULL;
                }
                free(before);
            }
        }
    } else if (len > 150 || len < 15) {
        /* A title too long or too short to be the headline: the page's one h1. */
        const struct heading *h1 = NULL;
        size_t n1 = 0;
        for (size_t i = 0; i < nh; i++)
            if (hs[i].level == 1) {
                n1++;
                h1 = &hs[i];
            }
        if (n1 == 1 && h1->text)
            cur = xstrdup(h1->text);
    }
    if (!cur)
        return xstrdup(orig);
    /* A short result is kept only when it is all but the site's name. */
    size_t words = ext_text_words(cur);
    if (words <= 4) {
        size_t orig_words = 0;
        bool in = false;
        for (const char *p = orig; *p;) {
            bool sep = isspace((unsigned char)*p) || title_separator(p);
            orig_words += !sep && !in;
            in = !sep;
            p += title_separator(p) ? separator_len(p) : 1;
        }
        if (!hier || words != orig_words - 1) {
            free(cur);
            return xstrdup(orig);
        }
    }
    return cur;
}

/* Whether a part of a title names the site: its name, or a domain. */
static bool site_part(const char *part, const char *site)
{
    if (site &&
        (ext_text_similarity(site, part) >= 0.75 || ext_text_similarity(part, site) >= 0.75))
        return true;
    const char *dot = strrchr(part, '.');
    return dot && !strchr(part, ' ') && strlen(dot + 1) >= 2 && strlen(dot + 1) <= 4;
}

/* The title without the site's name before or after a spaced separator
 * ("Headline - Sportsnet", "Site | Headline"). A new string. */
static char *strip_site(const char *title, const char *site)
{
    const char *first = NULL, *last = NULL;
    size_t first_len = 0, last_len = 0;
    for (const char *p = title; *p; p++) {
        if (p == title || p[-1] != ' ' || !title_separator(p) || p[separator_len(p)] != ' ')
            continue;
        if (!first) {
            first = p;
            first_len = separator_len(p);
        }
        last = p;
        last_len = separator_len(p);
    }
    if (!last)
        return xstrdup(title);
    char *tail = ext_text_clean(last + last_len);
    char *head = xstrndup(title, (size_t)(first - title));
    char *head_clean = ext_text_clean(head);
    char *out = NULL;
    if (tail && site_part(tail, site)) {
        char *rest = xstrndup(title, (size_t)(last - title));
        out = ext_text_clean(rest);
        free(rest);
    } else if (head_clean && site_part(head_clean, site)) {
        out = ext_text_clean(first + first_len);
    }
    free(tail);
    free(head);
    free(head_clean);
    return out ? out : xstrdup(title);
}

/* The character at *p with typographic quotes read as straight ones, lower
 * case for ASCII; advances *p. */
static int plain_char(const char **p)
{
    const unsigned char *u = (const unsigned char *)*p;
    if (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x98 && u[2] <= 0x9F) {
        *p += 3;
        return u[2] <= 0x9B ? '\'' : '"';
    }
    *p += 1;
    return tolower(u[0]);
}

/* Whether two titles are the same words, whatever their case and quotes
 * ("todo 'tranqui'" in og:title, "todo ‘tranqui’" in the h1). */
static bool same_title(const char *a, const char *b)
{
    while (*a && *b)
        if (plain_char(&a) != plain_char(&b))
            return false;
    return !*a && !*b;
}

/* Whether title is the heading h with more after or before a spaced
 * separator ("Headline - Sportsnet", "Section | Headline"). */
static bool heading_plus(const char *title, const char *h)
{
    size_t tl = strlen(title), hl = strlen(h);
    /* The heading is the larger part: a logo's h1 is the smaller. */
    if (hl < 2 || hl + 3 > tl || 2 * hl < tl)
        return false;
    const char *after = title + hl;
    if (!strncasecmp(title, h, hl) && after[0] == ' ' && title_separator(after + 1) &&
        after[1 + separator_len(after + 1)] == ' ')
        return true;
    const char *start = title + tl - hl;
    if (strcasecmp(start, h) || start[-1] != ' ')
        return false;
    for (const char *p = start - 2; p > title; p--)
        if (title_separator(p))
            return p[-1] == ' ' && p + separator_len(p) == start - 1;
    return false;
}

/* Whether title is h after a one- or two-word prefix and a colon
 * ("SONNENENERGIE: Der WindRebell"). */
static bool colon_prefixed(const char *title, const char *h)
{
    size_t tl = strlen(title), hl = strlen(h);
    if (hl + 3 > tl || ext_text_words(h) < 2 || strcasecmp(title + tl - hl, h) ||
        strncmp(title + tl - hl - 2, ": ", 2))
        return false;
    char *prefix = xstrndup(title, tl - hl - 2);
    size_t words = ext_text_words(prefix);
    free(prefix);
    return words >= 1 && words <= 2;
}

/* The headline a reader sees: the page's h1 when the chosen title is that
 * and the site's name or a section, else the title without the site's name.
 * Takes title; returns a new string. */
static char *visible_headline(char *title, const struct heading *hs, size_t n, const char *site)
{
    const char *h1 = NULL;
    for (size_t i = 0; i < n && !h1; i++)
        if (hs[i].level == 1 && hs[i].text && heading_plus(title, hs[i].text))
            h1 = hs[i].text;
    /* A page with one h1 that says what the title says in other words: the
     * title was written for social networks, the h1 for readers. */
    size_t n1 = 0;
    const struct heading *only = NULL;
    for (size_t i = 0; i < n; i++)
        if (hs[i].level == 1) {
            n1++;
            only = &hs[i];
        }
    /* An h1 that is the title with a subtitle after it ("Headline <small>
     * Subtitle</small>") is not taken for it. */
    if (!h1 && n1 == 1 && only->text && ext_text_words(only->text) >= 3 &&
        ext_text_similarity(only->text, title) >= 0.6 && !site_part(only->text, site) &&
        strncasecmp(only->text, title, strlen(title)))
        h1 = only->text;
    /* "Magazine: Headline" where the page's one h1 is the headline. */
    if (!h1 && n1 == 1 && only->text && colon_prefixed(title, only->text))
        h1 = only->text;
    char *out = h1 ? xstrdup(h1) : strip_site(title, site);
    free(title);
    return out;
}

char *ext_meta_title(struct meta *m, const struct heading *hs, size_t n)
{
    char *doc = m->doc_title ? clean_doc_title(m->doc_title, hs, n) : NULL;
    /* JSON-LD first: its name and headline should agree; when they differ,
     * the one the <title> supports. */
    const char *ld = NULL;
    if (m->ld.name && m->ld.headline && strcmp(m->ld.name, m->ld.headline)) {
        bool name_ok = ext_text_similarity(m->ld.name, doc) > 0.75;
        bool head_ok = ext_text_similarity(m->ld.headline, doc) > 0.75;
        /* The one a heading of the page shows wins: the other is written
         * for search engines, or is the site's name. */
        bool name_h = false, head_h = false;
        for (size_t i = 0; i < n; i++) {
            if (hs[i].level > 1 || !hs[i].text)
                continue;
            name_h = name_h || !strcasecmp(hs[i].text, m->ld.name);
            head_h = head_h || !strcasecmp(hs[i].text, m->ld.headline);
        }
        const char *site = ext_meta_site_name(m);
        if (name_h != head_h)
            ld = head_h ? m->ld.headline : m->ld.name;
        else if (site && !strcasecmp(site, m->ld.name))
            ld = m->ld.headline;
        else
            ld = head_ok && !name_ok ? m->ld.headline : m->ld.name;
    } else {
        ld = m->ld.name ? m->ld.name : m->ld.headline;
    }
    /* Then meta tags, Dublin Core before the social networks' own. */
    static const enum key order[] = {
        K_DC_TITLE, K_DCTERM_TITLE,  K_OG_TITLE,     K_WEIBO_ARTICLE_TITLE, K_WEIBO_WEBPAGE_TITLE,
        K_TITLE,    K_TWITTER_TITLE, K_PARSELY_TITLE};
    for (size_t i = 0; !ld && i < sizeof order / sizeof order[0]; i++)
        ld = m->values[order[i]];
    /* The page's h1 when it is word for word one of the titles metadata
     * gives (og:title written for readers, JSON-LD's for search engines),
     * or the <title> with the site's name (og:title written for social
     * networks, the <title> and the h1 for readers). */
    for (size_t i = 0; ld && i < n; i++) {
        if (hs[i].level > 1 || !hs[i].text || !strcasecmp(hs[i].text, ld) ||
            ext_text_words(hs[i].text) < 3 || site_part(hs[i].text, ext_meta_site_name(m)))
            continue;
        const char *const others[] = {
            m->ld.headline, m->ld.name, m->values[K_OG_TITLE], m->values[K_TWITTER_TITLE], doc,
            m->doc_title};
        for (size_t k = 0; k < sizeof others / sizeof others[0]; k++)
            if (others[k] && (same_title(hs[i].text, others[k]) ||
                              (k == 5 && heading_plus(others[k], hs[i].text)))) {
                free(doc);
                return xstrdup(hs[i].text);
            }
    }
    if (ld) {
        free(doc);
        doc = xstrdup(ld);
    }
    return doc ? visible_headline(doc, hs, n, ext_meta_site_name(m)) : NULL;
}
