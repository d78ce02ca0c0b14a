/* What the page says about itself: JSON-LD, <meta> tags, <title>, <html lang>,
 * <base>, <link rel=canonical>. Each field is taken from the most trusted
 * source that has it; the order for each is written where it is chosen. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/timeutil.h"
#include "base/url.h"
#include "base/xalloc.h"
#include "extract/extract_internal.h"

/* A JSON-LD script larger than this is not read. */
#define MAX_JSONLD (1024 * 1024)
/* Names of a byline kept at most. */
#define MAX_NAMES 16

enum key {
    K_DC_TITLE,
    K_DCTERM_TITLE,
    K_OG_TITLE,
    K_WEIBO_ARTICLE_TITLE,
    K_WEIBO_WEBPAGE_TITLE,
    K_TITLE,
    K_TWITTER_TITLE,
    K_PARSELY_TITLE,
    K_DC_CREATOR,
    K_DCTERM_CREATOR,
    K_AUTHOR,
    K_PARSELY_AUTHOR,
    K_ARTICLE_AUTHOR,
    K_SAILTHRU_AUTHOR,
    K_ARTICLE_PUBLISHED,
    K_PARSELY_PUB_DATE,
    K_OG_PUBLISHED,
    K_DATE_PUBLISHED,
    K_DC_DATE,
    K_DCTERM_CREATED,
    K_PUBDATE,
    K_PUBLISH_DATE,
    K_SAILTHRU_DATE,
    K_DATE,
    K_ARTICLE_MODIFIED,
    K_OG_UPDATED,
    K_DATE_MODIFIED,
    K_OG_SITE_NAME,
    K_APPLICATION_NAME,
    K_DC_DESCRIPTION,
    K_DCTERM_DESCRIPTION,
    K_OG_DESCRIPTION,
    K_WEIBO_ARTICLE_DESCRIPTION,
    K_WEIBO_WEBPAGE_DESCRIPTION,
    K_DESCRIPTION,
    K_TWITTER_DESCRIPTION,
    K_OG_IMAGE,
    K_OG_IMAGE_URL,
    K_OG_IMAGE_SECURE_URL,
    K_TWITTER_IMAGE,
    K_TWITTER_IMAGE_SRC,
    K_OG_LOCALE,
    K_CONTENT_LANGUAGE,
    K_DC_LANGUAGE,
    K_COUNT
};

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

struct jsonld {
    bool found;
    char *name, *headline;
    char *authors[MAX_NAMES];
    size_t n_authors;
    char *published, *modified;
    char *site_name, *description, *lang;
    char *image, *image_caption, *image_credit;
};

struct meta {
    char *values[K_COUNT];
    char *doc_title;
    char *html_lang;
    char *base_href;
    char *canonical;
    struct jsonld ld;
};

struct meta *meta_new(void)
{
    return xcalloc(1, sizeof(struct meta));
}

static void jsonld_clear(struct jsonld *ld)
{
    free(ld->name);
    free(ld->headline);
    for (size_t i = 0; i < ld->n_authors; i++)
        free(ld->authors[i]);
    free(ld->published);
    free(ld->modified);
    free(ld->site_name);
    free(ld->description);
    free(ld->lang);
    free(ld->image);
    free(ld->image_caption);
    free(ld->image_credit);
    memset(ld, 0, sizeof *ld);
}

void meta_free(struct meta *m)
{
    if (!m)
        return;
    for (int i = 0; i < K_COUNT; i++)
        free(m->values[i]);
    free(m->doc_title);
    free(m->html_lang);
    free(m->base_href);
    free(m->canonical);
    jsonld_clear(&m->ld);
    free(m);
}

/* ---- entities ---- */

static enum err put_codepoint(struct buf *b, unsigned long c)
{
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    char u[4];
    size_t n;
    if (c < 0x80) {
        u[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[3] = (char)(0x80 | (c & 0x3F));
        n = 4;
    }
    return buf_append(b, u, n);
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

/* A metadata value as it is kept: second-level entities undone, white space
 * collapsed; NULL when nothing is left. */
static char *clean_value(const char *s)
{
    if (!s)
        return NULL;
    char *u = unescape_again(s);
    char *c = text_clean(u);
    free(u);
    return c;
}

/* ---- element hooks ---- */

static int cmp_name(const void *key, const void *elem)
{
    return strcmp(key, ((const struct meta_name *)elem)->name);
}

static void set_value(struct meta *m, const char *name, size_t len, const char *content)
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
    char *v = found ? clean_value(content) : NULL;
    if (!v)
        return;
    /* Later tags win, so a page's property= tags (written after its name=
     * ones by every template we know) override them. */
    free(m->values[found->key]);
    m->values[found->key] = v;
}

void meta_on_meta(struct meta *m, xmlNode *n)
{
    const char *content = attr_value(n, "content");
    if (!content || !*content)
        return;
    const char *prop = attr_value(n, "property");
    const char *name = attr_value(n, "name");
    const char *itemprop = attr_value(n, "itemprop");
    const char *equiv = attr_value(n, "http-equiv");
    /* property may list several names separated by spaces. */
    for (const char *p = prop; p && *p;) {
        while (isspace((unsigned char)*p))
            p++;
        const char *e = p;
        while (*e && !isspace((unsigned char)*e))
            e++;
        if (e > p)
            set_value(m, p, (size_t)(e - p), content);
        p = e;
    }
    if (name)
        set_value(m, name, strlen(name), content);
    if (itemprop)
        set_value(m, itemprop, strlen(itemprop), content);
    if (equiv && !strcasecmp(equiv, "content-language"))
        set_value(m, "content-language", 16, content);
}

void meta_on_title(struct meta *m, xmlNode *n)
{
    if (!m->doc_title)
        m->doc_title = node_text(n, 4096);
}

void meta_on_link(struct meta *m, xmlNode *n)
{
    const char *rel = attr_value(n, "rel");
    const char *href = attr_value(n, "href");
    if (!m->canonical && rel && href && *href && !strcasecmp(rel, "canonical"))
        m->canonical = xstrdup(href);
}

void meta_on_html(struct meta *m, xmlNode *n)
{
    const char *lang = attr_value(n, "lang");
    if (!lang)
        lang = attr_value(n, "xml:lang");
    if (!m->html_lang && lang)
        m->html_lang = text_clean(lang);
}

void meta_on_base(struct meta *m, xmlNode *n)
{
    const char *href = attr_value(n, "href");
    if (!m->base_href && href && *href)
        m->base_href = xstrdup(href);
}

/* ---- JSON-LD ---- */

static bool article_type(const char *t)
{
    static const char *types[] = {"Article",
                                  "AdvertiserContentArticle",
                                  "NewsArticle",
                                  "AnalysisNewsArticle",
                                  "AskPublicNewsArticle",
                                  "BackgroundNewsArticle",
                                  "OpinionNewsArticle",
                                  "ReportageNewsArticle",
                                  "ReviewNewsArticle",
                                  "Report",
                                  "SatiricalArticle",
                                  "ScholarlyArticle",
                                  "MedicalScholarlyArticle",
                                  "SocialMediaPosting",
                                  "BlogPosting",
                                  "LiveBlogPosting",
                                  "DiscussionForumPosting",
                                  "TechArticle",
                                  "APIReference"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(t, types[i]))
            return true;
    return false;
}

static bool has_article_type(json_t *o)
{
    json_t *t = json_object_get(o, "@type");
    if (json_is_string(t))
        return article_type(json_string_value(t));
    size_t i;
    json_t *v;
    json_array_foreach(t, i,
                       v) if (json_is_string(v) && article_type(json_string_value(v))) return true;
    return false;
}

static bool schema_org(const char *s)
{
    if (!s)
        return false;
    if (!strncasecmp(s, "http://", 7))
        s += 7;
    else if (!strncasecmp(s, "https://", 8))
        s += 8;
    else
        return false;
    return !strcasecmp(s, "schema.org") || !strcasecmp(s, "schema.org/");
}

static bool schema_context(json_t *ctx)
{
    if (json_is_string(ctx))
        return schema_org(json_string_value(ctx));
    if (json_is_object(ctx))
        return schema_org(json_string_value(json_object_get(ctx, "@vocab")));
    return false;
}

/* A string member, or the "name" of an object member. */
static const char *str_or_name(json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_object(v)) {
        json_t *name = json_object_get(v, "name");
        if (json_is_string(name))
            return json_string_value(name);
    }
    return NULL;
}

static void jsonld_image(struct jsonld *ld, json_t *img)
{
    if (json_is_array(img))
        img = json_array_get(img, 0);
    if (json_is_string(img)) {
        ld->image = clean_value(json_string_value(img));
        return;
    }
    if (!json_is_object(img))
        return;
    json_t *url = json_object_get(img, "url");
    if (!json_is_string(url))
        url = json_object_get(img, "contentUrl");
    ld->image = clean_value(json_string_value(url));
    ld->image_caption = clean_value(str_or_name(json_object_get(img, "caption")));
    const char *credit = str_or_name(json_object_get(img, "creditText"));
    if (!credit)
        credit = str_or_name(json_object_get(img, "copyrightHolder"));
    if (!credit)
        credit = str_or_name(json_object_get(img, "author"));
    ld->image_credit = clean_value(credit);
}

static void jsonld_take(struct jsonld *ld, json_t *o)
{
    ld->found = true;
    ld->name = clean_value(json_string_value(json_object_get(o, "name")));
    ld->headline = clean_value(json_string_value(json_object_get(o, "headline")));
    json_t *author = json_object_get(o, "author");
    if (!json_is_array(author)) {
        const char *a = str_or_name(author);
        if (a && (ld->authors[0] = clean_value(a)) != NULL)
            ld->n_authors = 1;
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(author, i, v)
        {
            const char *a = str_or_name(v);
            char *c = a ? clean_value(a) : NULL;
            if (c && ld->n_authors < MAX_NAMES)
                ld->authors[ld->n_authors++] = c;
            else
                free(c);
        }
    }
    ld->published = clean_value(json_string_value(json_object_get(o, "datePublished")));
    ld->modified = clean_value(json_string_value(json_object_get(o, "dateModified")));
    ld->site_name = clean_value(str_or_name(json_object_get(o, "publisher")));
    ld->description = clean_value(json_string_value(json_object_get(o, "description")));
    ld->lang = clean_value(str_or_name(json_object_get(o, "inLanguage")));
    jsonld_image(ld, json_object_get(o, "image"));
}

/* The article object of a JSON-LD document: the root, an element of a root
 * array, or a member of @graph, with an Article type and schema.org context. */
static json_t *jsonld_article(json_t *root)
{
    if (json_is_array(root)) {
        size_t i;
        json_t *v;
        json_array_foreach(root, i, v) if (json_is_object(v) && has_article_type(v))
        {
            root = v;
            break;
        }
        if (json_is_array(root))
            return NULL;
    }
    if (!json_is_object(root) || !schema_context(json_object_get(root, "@context")))
        return NULL;
    json_t *graph = json_object_get(root, "@graph");
    if (!json_object_get(root, "@type") && json_is_array(graph)) {
        size_t i;
        json_t *v;
        json_array_foreach(graph, i, v) if (json_is_object(v) && has_article_type(v)) return v;
        return NULL;
    }
    return has_article_type(root) ? root : NULL;
}

void meta_on_jsonld(struct meta *m, xmlNode *script)
{
    if (m->ld.found)
        return;
    struct buf b;
    buf_init(&b, MAX_JSONLD);
    enum err err = ERR_OK;
    for (xmlNode *c = script->children; c && !err; c = c->next)
        if (c->content)
            err = buf_puts(&b, (const char *)c->content);
    if (err) {
        buf_clear(&b);
        return;
    }
    /* Some templates wrap the JSON in a CDATA section. */
    const char *s = buf_cstr(&b);
    size_t len = b.len;
    while (len && isspace((unsigned char)*s))
        s++, len--;
    if (len >= 9 && !strncmp(s, "<![CDATA[", 9))
        s += 9, len -= 9;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (len >= 3 && !strncmp(s + len - 3, "]]>", 3))
        len -= 3;
    json_error_t jerr;
    json_t *root = json_loadb(s, len, JSON_DECODE_ANY, &jerr);
    json_t *article = root ? jsonld_article(root) : NULL;
    if (article)
        jsonld_take(&m->ld, article);
    json_decref(root);
    buf_clear(&b);
}

/* ---- title ---- */

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
        char *t = text_clean(cur);
        free(cur);
        cur = t;
        if (text_words(cur) < 3) {
            /* "Site | Headline": everything after the first separator. */
            free(cur);
            cur = text_clean(first_any + separator_len(first_any));
        }
    } else if (strstr(orig, ": ")) {
        /* "Section: Headline", unless a heading on the page is the whole title. */
        bool heading = false;
        for (size_t i = 0; i < nh && !heading; i++)
            heading = hs[i].text && !strcmp(hs[i].text, orig);
        if (!heading) {
            const char *colon = strrchr(orig, ':');
            cur = text_clean(colon + 1);
            if (text_words(cur) < 3) {
                free(cur);
                cur = text_clean(strchr(orig, ':') + 1);
            } else {
                char *before = xstrndup(orig, (size_t)(strchr(orig, ':') - orig));
                if (text_words(before) > 5) {
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
    size_t words = text_words(cur);
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

char *meta_title(struct meta *m, const struct heading *hs, size_t n)
{
    char *doc = m->doc_title ? clean_doc_title(m->doc_title, hs, n) : NULL;
    /* JSON-LD first: its name and headline should agree; when they differ,
     * the one the <title> supports. */
    const char *ld = NULL;
    if (m->ld.name && m->ld.headline && strcmp(m->ld.name, m->ld.headline)) {
        bool name_ok = text_similarity(m->ld.name, doc) > 0.75;
        bool head_ok = text_similarity(m->ld.headline, doc) > 0.75;
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
    if (ld) {
        free(doc);
        return xstrdup(ld);
    }
    return doc;
}

/* ---- byline ---- */

static bool is_url(const char *s)
{
    return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8) || !strncmp(s, "//", 2);
}

char **meta_byline(struct meta *m, size_t *n)
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
        size_t k = byline_split(v, names_, MAX_NAMES);
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
        char *clean = text_clean(part);
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

size_t byline_split(const char *s, char **names_, size_t max)
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
            names_only = text_words(parts[k]) >= 2;
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

bool byline_text_like(const char *s)
{
    if (!s)
        return false;
    size_t len = strlen(s), words = text_words(s);
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

/* ---- dates ---- */

bool date_parse_ms(const char *s, int64_t *ms)
{
    int64_t sec;
    if (!s || !date_parse(s, &sec))
        return false;
    /* date_parse keeps whole seconds; the fraction after "hh:mm:ss" counts. */
    int frac = 0;
    const char *p = s;
    while ((p = strchr(p, ':')) != NULL) {
        if (isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
            (p[3] == '.' || p[3] == ',') && isdigit((unsigned char)p[4]) && p > s + 2 &&
            p[-3] == ':') {
            int scale = 100;
            for (const char *d = p + 4; isdigit((unsigned char)*d) && scale; d++, scale /= 10)
                frac += (*d - '0') * scale;
            break;
        }
        p++;
    }
    *ms = sec * 1000 + frac;
    return true;
}

static int64_t first_date(const char *const *candidates, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t ms;
        if (candidates[i] && date_parse_ms(candidates[i], &ms))
            return ms;
    }
    return 0;
}

int64_t meta_published(struct meta *m)
{
    /* JSON-LD, then Open Graph's article:published_time, then the others. */
    const char *const c[] = {m->ld.published,
                             m->values[K_ARTICLE_PUBLISHED],
                             m->values[K_PARSELY_PUB_DATE],
                             m->values[K_OG_PUBLISHED],
                             m->values[K_DATE_PUBLISHED],
                             m->values[K_DC_DATE],
                             m->values[K_DCTERM_CREATED],
                             m->values[K_SAILTHRU_DATE],
                             m->values[K_PUBDATE],
                             m->values[K_PUBLISH_DATE],
                             m->values[K_DATE]};
    return first_date(c, sizeof c / sizeof c[0]);
}

int64_t meta_modified(struct meta *m)
{
    const char *const c[] = {m->ld.modified, m->values[K_ARTICLE_MODIFIED], m->values[K_OG_UPDATED],
                             m->values[K_DATE_MODIFIED]};
    return first_date(c, sizeof c / sizeof c[0]);
}

/* ---- the rest ---- */

const char *meta_site_name(struct meta *m)
{
    if (m->ld.site_name)
        return m->ld.site_name;
    if (m->values[K_OG_SITE_NAME])
        return m->values[K_OG_SITE_NAME];
    return m->values[K_APPLICATION_NAME];
}

const char *meta_description(struct meta *m)
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

const char *meta_lang(struct meta *m)
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

const char *meta_canonical(struct meta *m)
{
    return m->canonical;
}

char *meta_base_url(struct meta *m, const char *url)
{
    if (m->base_href) {
        char *b = url_resolve(url, m->base_href);
        if (b)
            return b;
    }
    return xstrdup(url);
}

void meta_image(struct meta *m, const char **url, const char **caption, const char **credit)
{
    *caption = NULL;
    *credit = NULL;
    if (m->ld.image) {
        *url = m->ld.image;
        *caption = m->ld.image_caption;
        *credit = m->ld.image_credit;
        return;
    }
    static const enum key order[] = {K_OG_IMAGE_SECURE_URL, K_OG_IMAGE, K_OG_IMAGE_URL,
                                     K_TWITTER_IMAGE, K_TWITTER_IMAGE_SRC};
    *url = NULL;
    for (size_t i = 0; !*url && i < sizeof order / sizeof order[0]; i++)
        *url = m->values[order[i]];
}
