/* What the page says about itself in <meta> tags, <title>, <html lang>,
 * <base> and <link rel=canonical>, and the fields read straight from them.
 * JSON-LD is read in jsonld.c; the title, byline and dates, which weigh
 * several sources, in title.c, byline.c and date.c. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "base/buf.h"
#include "base/url.h"
#include "base/xalloc.h"
#include "extract/extract_internal.h"
#include "extract/meta_fields.h"

/* Meta names and properties, normalised (lower case, no spaces, '.' as
 * ':'), in strcmp order for bsearch. */
static const struct meta_name {
    const char *name;
    enum key key;
} names[] = {
    {"application-name", K_APPLICATION_NAME},
    {"article:author", K_ARTICLE_AUTHOR},
    {"article:modified_time", K_ARTICLE_MODIFIED},
    {"article:published_time", K_ARTICLE_PUBLISHED},
    {"author", K_AUTHOR},
    {"content-language", K_CONTENT_LANGUAGE},
    {"date", K_DATE},
    {"datemodified", K_DATE_MODIFIED},
    {"datepublished", K_DATE_PUBLISHED},
    {"dc:creator", K_DC_CREATOR},
    {"dc:date", K_DC_DATE},
    {"dc:date:issued", K_DC_DATE},
    {"dc:description", K_DC_DESCRIPTION},
    {"dc:language", K_DC_LANGUAGE},
    {"dc:title", K_DC_TITLE},
    {"dcterm:creator", K_DCTERM_CREATOR},
    {"dcterm:description", K_DCTERM_DESCRIPTION},
    {"dcterm:title", K_DCTERM_TITLE},
    {"dcterms:created", K_DCTERM_CREATED},
    {"dcterms:creator", K_DCTERM_CREATOR},
    {"dcterms:date", K_DCTERM_CREATED},
    {"dcterms:description", K_DCTERM_DESCRIPTION},
    {"dcterms:title", K_DCTERM_TITLE},
    {"description", K_DESCRIPTION},
    {"og:description", K_OG_DESCRIPTION},
    {"og:image", K_OG_IMAGE},
    {"og:image:secure_url", K_OG_IMAGE_SECURE_URL},
    {"og:image:url", K_OG_IMAGE_URL},
    {"og:locale", K_OG_LOCALE},
    {"og:published_time", K_OG_PUBLISHED},
    {"og:site_name", K_OG_SITE_NAME},
    {"og:title", K_OG_TITLE},
    {"og:updated_time", K_OG_UPDATED},
    {"og:url", K_OG_URL},
    {"parsely-author", K_PARSELY_AUTHOR},
    {"parsely-pub-date", K_PARSELY_PUB_DATE},
    {"parsely-title", K_PARSELY_TITLE},
    {"pubdate", K_PUBDATE},
    {"publish-date", K_PUBLISH_DATE},
    {"publishdate", K_PUBLISH_DATE},
    {"sailthru:author", K_SAILTHRU_AUTHOR},
    {"sailthru:date", K_SAILTHRU_DATE},
    {"title", K_TITLE},
    {"twitter:description", K_TWITTER_DESCRIPTION},
    {"twitter:image", K_TWITTER_IMAGE},
    {"twitter:image:src", K_TWITTER_IMAGE_SRC},
    {"twitter:title", K_TWITTER_TITLE},
    {"weibo:article:description", K_WEIBO_ARTICLE_DESCRIPTION},
    {"weibo:article:title", K_WEIBO_ARTICLE_TITLE},
    {"weibo:webpage:description", K_WEIBO_WEBPAGE_DESCRIPTION},
    {"weibo:webpage:title", K_WEIBO_WEBPAGE_TITLE},
};

struct meta *ext_meta_new(void)
{
    return xcalloc(1, sizeof(struct meta));
}

void ext_meta_free(struct meta *m)
{
    if (!m)
        return;
    for (int i = 0; i < K_COUNT; i++)
        free(m->values[i]);
    for (size_t i = 0; i < m->n_og_images; i++)
        free(m->og_images[i]);
    free(m->doc_title);
    free(m->html_lang);
    free(m->base_href);
    free(m->canonical);
    ext_jsonld_clear(&m->ld);
    free(m);
}

/* ---- entities ---- */

/* A numeric character reference's code point as UTF-8; what no character
 * may be (NUL, surrogates, past U+10FFFF) becomes U+FFFD. */
static enum err put_codepoint(struct buf *b, unsigned long c)
{
    utf8proc_int32_t cp = c > 0x10FFFF ? 0 : (utf8proc_int32_t)c;
    if (cp == 0 || !utf8proc_codepoint_valid(cp))
        cp = 0xFFFD;
    utf8proc_uint8_t u[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, u);
    return buf_append(b, (const char *)u, (size_t)n);
}

/* Metadata is often escaped twice ("&amp;#39;" in an attribute): libxml2 undid
 * the first level; this undoes a second one for the entities that occur. */
static char *unescape_again(const char *s)
{
    if (!strchr(s, '&'))
        return xstrdup(s);
    static const struct {
        const char *name;
        char c;
    } named[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''}};
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    enum err err = ERR_OK;
    for (const char *p = s; *p && !err;) {
        if (*p != '&') {
            err = buf_putc(&b, *p++);
            continue;
        }
        const char *q = p + 1;
        if (*q == '#') {
            bool hex = q[1] == 'x' || q[1] == 'X';
            const char *d = q + 1 + hex;
            unsigned long v = 0;
            const char *e = d;
            while (*e && (hex ? isxdigit((unsigned char)*e) : isdigit((unsigned char)*e))) {
                if (v <= 0x10FFFF)
                    v = v * (hex ? 16 : 10) +
                        (unsigned long)(isdigit((unsigned char)*e)
                                            ? *e - '0'
                                            : tolower((unsigned char)*e) - 'a' + 10);
                e++;
            }
            if (e > d && *e == ';') {
                err = put_codepoint(&b, v);
                p = e + 1;
                continue;
            }
        } else if (!strncmp(q, "nbsp;", 5)) {
            err = buf_puts(&b, "\xC2\xA0");
            p = q + 5;
            continue;
        } else {
            size_t i = 0;
            for (; i < sizeof named / sizeof named[0]; i++)
                if (!strncmp(q, named[i].name, strlen(named[i].name)))
                    break;
            if (i < sizeof named / sizeof named[0]) {
                err = buf_putc(&b, named[i].c);
                p = q + strlen(named[i].name);
                continue;
            }
        }
        err = buf_putc(&b, *p++);
    }
    return buf_steal(&b);
}

char *ext_meta_value_clean(const char *s)
{
    if (!s)
        return NULL;
    char *u = unescape_again(s);
    char *c = ext_text_clean(u);
    free(u);
    return c;
}

/* ---- element hooks ---- */

static int cmp_name(const void *key, const void *elem)
{
    return strcmp(key, ((const struct meta_name *)elem)->name);
}

/* Whether a meta name no table lists names a publication date by its
 * wording ("vr:published-time", "cXenseParse:publishtime",
 * "citation_publication_date"); not the publisher, nor a modification. */
static bool published_name(const char *norm)
{
    return (strstr(norm, "publish") || strstr(norm, "publication_date") ||
            strstr(norm, "publication-date") || strstr(norm, "pubdate")) &&
           !strstr(norm, "publisher") && !strstr(norm, "modif") && !strstr(norm, "updat") &&
           !strstr(norm, "expir");
}

/* Sets the value of a meta name. Later tags win, so a page's property=
 * tags (written after its name= ones by every template we know) override
 * them; with first set the first value stays: microdata in the body repeats
 * itemprop=datePublished for every teaser after the article's own. Every
 * og:image is kept too, in order. */
static void set_value(struct meta *m, const char *name, size_t len, const char *content, bool first)
{
    char norm[64];
    size_t n = 0;
    for (size_t i = 0; i < len && n < sizeof norm - 1; i++) {
        char c = name[i];
        if (isspace((unsigned char)c))
            continue;
        norm[n++] = c == '.' ? ':' : (char)tolower((unsigned char)c);
    }
    norm[n] = '\0';
    /* "og:article:author" is article:author under another prefix. */
    const struct meta_name *found =
        bsearch(norm, names, sizeof names / sizeof names[0], sizeof names[0], cmp_name);
    const char *colon = strchr(norm, ':');
    if (!found && colon && strchr(colon + 1, ':'))
        found =
            bsearch(colon + 1, names, sizeof names / sizeof names[0], sizeof names[0], cmp_name);
    if (!found && published_name(norm)) {
        static const struct meta_name other = {"", K_OTHER_PUBLISHED};
        found = &other;
        first = true;
    }
    if (found && first && m->values[found->key])
        return;
    char *v = found ? ext_meta_value_clean(content) : NULL;
    if (!v)
        return;
    if (found->key == K_OG_IMAGE && m->n_og_images < MAX_OG_IMAGES)
        m->og_images[m->n_og_images++] = xstrdup(v);
    free(m->values[found->key]);
    m->values[found->key] = v;
}

/* Whether microdata at n describes something else than the page's
 * article: an item nested in another (a citation's, a video's
 * datePublished) or a media object or a comment. */
static bool other_item(xmlNode *n)
{
    static const char *const kinds[] = {"video", "audio", "image", "media", "clip", "comment"};
    for (xmlNode *a = n->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
        if (!xmlHasProp(a, (const xmlChar *)"itemscope"))
            continue;
        if (xmlHasProp(a, (const xmlChar *)"itemprop"))
            return true;
        const char *type = ext_attr_value(a, "itemtype");
        for (size_t i = 0; type && i < sizeof kinds / sizeof kinds[0]; i++)
            if (strcasestr(type, kinds[i]))
                return true;
        return false;
    }
    return false;
}

void ext_meta_on_meta(struct meta *m, xmlNode *n)
{
    const char *content = ext_attr_value(n, "content");
    if (!content || !*content)
        return;
    const char *prop = ext_attr_value(n, "property");
    const char *name = ext_attr_value(n, "name");
    const char *itemprop = ext_attr_value(n, "itemprop");
    const char *equiv = ext_attr_value(n, "http-equiv");
    /* property may list several names separated by spaces. */
    for (const char *p = prop; p && *p;) {
        while (isspace((unsigned char)*p))
            p++;
        const char *e = p;
        while (*e && !isspace((unsigned char)*e))
            e++;
        if (e > p)
            set_value(m, p, (size_t)(e - p), content, false);
        p = e;
    }
    if (name)
        set_value(m, name, strlen(name), content, false);
    if (itemprop && !other_item(n))
        set_value(m, itemprop, strlen(itemprop), content, true);
    if (equiv && !strcasecmp(equiv, "content-language"))
        set_value(m, "content-language", 16, content, false);
}

void ext_meta_on_title(struct meta *m, xmlNode *n)
{
    if (!m->doc_title)
        m->doc_title = ext_node_text(n, 4096);
}

void ext_meta_on_link(struct meta *m, xmlNode *n)
{
    const char *rel = ext_attr_value(n, "rel");
    const char *href = ext_attr_value(n, "href");
    if (!m->canonical && rel && href && *href && !strcasecmp(rel, "canonical"))
        m->canonical = xstrdup(href);
}

void ext_meta_on_html(struct meta *m, xmlNode *n)
{
    const char *lang = ext_attr_value(n, "lang");
    if (!lang)
        lang = ext_attr_value(n, "xml:lang");
    if (!m->html_lang && lang)
        m->html_lang = ext_text_clean(lang);
}

void ext_meta_on_base(struct meta *m, xmlNode *n)
{
    const char *href = ext_attr_value(n, "href");
    if (!m->base_href && href && *href)
        m->base_href = xstrdup(href);
}
/* ---- the rest ---- */

const char *ext_meta_site_name(struct meta *m)
{
    if (m->ld.site_name)
        return m->ld.site_name;
    if (m->values[K_OG_SITE_NAME])
        return m->values[K_OG_SITE_NAME];
    return m->values[K_APPLICATION_NAME];
}

const char *ext_meta_description(struct meta *m)
{
    if (m->ld.description)
        return m->ld.description;
    static const enum key order[] = {K_DC_DESCRIPTION,
                                     K_DCTERM_DESCRIPTION,
                                     K_OG_DESCRIPTION,
                                     K_WEIBO_ARTICLE_DESCRIPTION,
                                     K_WEIBO_WEBPAGE_DESCRIPTION,
                                     K_DESCRIPTION,
                                     K_TWITTER_DESCRIPTION};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (m->values[order[i]])
            return m->values[order[i]];
    return NULL;
}

const char *ext_meta_lang(struct meta *m)
{
    if (m->html_lang)
        return m->html_lang;
    if (m->ld.lang)
        return m->ld.lang;
    if (m->values[K_CONTENT_LANGUAGE])
        return m->values[K_CONTENT_LANGUAGE];
    if (m->values[K_DC_LANGUAGE])
        return m->values[K_DC_LANGUAGE];
    return m->values[K_OG_LOCALE];
}

const char *ext_meta_canonical(struct meta *m)
{
    return m->canonical;
}

char *ext_meta_base_url(struct meta *m, const char *url)
{
    /* A page read without its address (a saved file) names its own in its
     * canonical link, or in og:url; its images and links are relative to
     * that. */
    if (!url && m->canonical && url_is_http(m->canonical))
        url = m->canonical;
    if (!url && m->values[K_OG_URL] && url_is_http(m->values[K_OG_URL]))
        url = m->values[K_OG_URL];
    if (m->base_href) {
        char *b = url_resolve(url, m->base_href);
        if (b)
            return b;
    }
    return xstrdup(url);
}

/* The picture the meta tags name (Open Graph, then Twitter's). */
static const char *tag_image(struct meta *m)
{
    static const enum key order[] = {K_OG_IMAGE_SECURE_URL, K_OG_IMAGE, K_OG_IMAGE_URL,
                                     K_TWITTER_IMAGE, K_TWITTER_IMAGE_SRC};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (m->values[order[i]])
            return m->values[order[i]];
    return NULL;
}

/* Whether a picture's caption only repeats the headline (JSON-LD writes the
 * headline into the ImageObject's caption when the editor wrote none). */
static bool headline_caption(struct meta *m, const char *caption)
{
    const char *const titles[] = {m->ld.headline, m->ld.name, m->values[K_OG_TITLE], m->doc_title};
    for (size_t i = 0; caption && i < sizeof titles / sizeof titles[0]; i++)
        if (titles[i] && !strcasecmp(titles[i], caption))
            return true;
    return false;
}

void ext_meta_image(struct meta *m, const char **url, const char **caption, const char **credit)
{
    *caption = NULL;
    *credit = NULL;
    if (m->ld.image) {
        *url = m->ld.image;
        *caption = headline_caption(m, m->ld.image_caption) ? NULL : m->ld.image_caption;
        *credit = m->ld.image_credit;
        return;
    }
    *url = tag_image(m);
}

size_t ext_meta_image_others(struct meta *m, const char **out, size_t max)
{
    const char *url, *caption, *credit;
    ext_meta_image(m, &url, &caption, &credit);
    const char *all[MAX_OG_IMAGES + 1];
    size_t n = 0, k = 0;
    for (size_t i = 0; i < m->n_og_images; i++)
        all[n++] = m->og_images[i];
    all[n++] = tag_image(m);
    for (size_t i = 0; i < n && k < max; i++) {
        bool seen = !all[i] || (url && !strcmp(all[i], url));
        for (size_t j = 0; j < k && !seen; j++)
            seen = !strcmp(all[i], out[j]);
        if (!seen)
            out[k++] = all[i];
    }
    return k;
}
