/* JSON-LD: the schema.org Article object of a page's
 * <script type="application/ld+json">, the most trusted source of its
 * metadata. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "extract/extract_internal.h"
#include "extract/meta_fields.h"

/* A JSON-LD script larger than this is not read. */
#define MAX_JSONLD (1024 * 1024)

void ext_jsonld_clear(struct jsonld *ld)
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
        ld->image = ext_meta_value_clean(json_string_value(img));
        return;
    }
    if (!json_is_object(img))
        return;
    json_t *url = json_object_get(img, "url");
    if (!json_is_string(url))
        url = json_object_get(img, "contentUrl");
    ld->image = ext_meta_value_clean(json_string_value(url));
    ld->image_caption = ext_meta_value_clean(str_or_name(json_object_get(img, "caption")));
    const char *credit = str_or_name(json_object_get(img, "creditText"));
    if (!credit)
        credit = str_or_name(json_object_get(img, "copyrightHolder"));
    if (!credit)
        credit = str_or_name(json_object_get(img, "author"));
    ld->image_credit = ext_meta_value_clean(credit);
}

/* An author's name: a string, or the name of an object that is not an
 * organisation (a publisher credited as the author is no byline). */
static const char *author_name(json_t *v)
{
    json_t *t = json_object_get(v, "@type");
    if (json_is_string(t) && strstr(json_string_value(t), "Organization"))
        return NULL;
    return str_or_name(v);
}

static void jsonld_take(struct jsonld *ld, json_t *o)
{
    ld->found = true;
    ld->name = ext_meta_value_clean(json_string_value(json_object_get(o, "name")));
    ld->headline = ext_meta_value_clean(json_string_value(json_object_get(o, "headline")));
    json_t *author = json_object_get(o, "author");
    if (!json_is_array(author)) {
        const char *a = author_name(author);
        if (a && (ld->authors[0] = ext_meta_value_clean(a)) != NULL)
            ld->n_authors = 1;
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(author, i, v)
        {
            const char *a = author_name(v);
            char *c = a ? ext_meta_value_clean(a) : NULL;
            if (c && ld->n_authors < MAX_NAMES)
                ld->authors[ld->n_authors++] = c;
            else
                free(c);
        }
    }
    ld->published = ext_meta_value_clean(json_string_value(json_object_get(o, "datePublished")));
    ld->modified = ext_meta_value_clean(json_string_value(json_object_get(o, "dateModified")));
    ld->site_name = ext_meta_value_clean(str_or_name(json_object_get(o, "publisher")));
    ld->description = ext_meta_value_clean(json_string_value(json_object_get(o, "description")));
    ld->lang = ext_meta_value_clean(str_or_name(json_object_get(o, "inLanguage")));
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

void ext_meta_on_jsonld(struct meta *m, xmlNode *script)
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
