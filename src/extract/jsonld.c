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
    free(ld->page_published);
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

/* The object a reference names ({"@id": ".../#/schema/person/..."} for a
 * Person or an Organization elsewhere in the @graph), else v itself. */
static json_t *resolve(json_t *graph, json_t *v)
{
    json_t *id = json_object_get(v, "@id");
    if (!json_is_string(id) || json_object_get(v, "name") || json_object_get(v, "url") ||
        !json_is_array(graph))
        return v;
    size_t i;
    json_t *o;
    json_array_foreach(graph, i, o)
    {
        json_t *oid = json_object_get(o, "@id");
        if (o != v && json_is_string(oid) && json_equal(oid, id))
            return o;
    }
    return v;
}

/* An image given by reference is not followed: Yoast's graph points at the
 * media library's entry, whose caption is the library's note, not what the
 * page shows under the picture. */
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

/* Whether an author is given as a reference to a site's user account
 * ({"@id": "https://site/#/schema/person/0123abcd"}). */
static bool account_ref(json_t *v)
{
    json_t *id = json_object_get(v, "@id");
    return json_is_string(id) && !json_object_get(v, "name") &&
           strstr(json_string_value(id), "/schema/person/");
}

static void jsonld_take(struct jsonld *ld, json_t *graph, json_t *o)
{
    ld->found = true;
    ld->name = ext_meta_value_clean(json_string_value(json_object_get(o, "name")));
    ld->headline = ext_meta_value_clean(json_string_value(json_object_get(o, "headline")));
    json_t *author = json_object_get(o, "author");
    if (!json_is_array(author)) {
        const char *a = author_name(resolve(graph, author));
        if (a && (ld->authors[0] = ext_meta_value_clean(a)) != NULL)
            ld->n_authors = 1;
        ld->authors_accounts = account_ref(author);
    } else {
        ld->authors_accounts = json_array_size(author) > 0;
        size_t i;
        json_t *v;
        json_array_foreach(author, i, v)
        {
            ld->authors_accounts = ld->authors_accounts && account_ref(v);
            const char *a = author_name(resolve(graph, v));
            char *c = a ? ext_meta_value_clean(a) : NULL;
            if (c && ld->n_authors < MAX_NAMES)
                ld->authors[ld->n_authors++] = c;
            else
                free(c);
        }
    }
    ld->published = ext_meta_value_clean(json_string_value(json_object_get(o, "datePublished")));
    ld->modified = ext_meta_value_clean(json_string_value(json_object_get(o, "dateModified")));
    ld->site_name =
        ext_meta_value_clean(str_or_name(resolve(graph, json_object_get(o, "publisher"))));
    ld->description = ext_meta_value_clean(json_string_value(json_object_get(o, "description")));
    ld->lang = ext_meta_value_clean(str_or_name(json_object_get(o, "inLanguage")));
    jsonld_image(ld, json_object_get(o, "image"));
}

static bool has_type(json_t *o, const char *type)
{
    json_t *t = json_object_get(o, "@type");
    if (json_is_string(t))
        return !strcmp(json_string_value(t), type);
    size_t i;
    json_t *v;
    json_array_foreach(t, i,
                       v) if (json_is_string(v) && !strcmp(json_string_value(v), type)) return true;
    return false;
}

/* The objects of a JSON-LD document: a root array, the members of a root's
 * @graph (with a schema.org context), else the root alone; *one is set for
 * the last. */
static json_t *jsonld_objects(json_t *root, json_t **one)
{
    *one = NULL;
    if (json_is_array(root))
        return root;
    if (!json_is_object(root) || !schema_context(json_object_get(root, "@context")))
        return NULL;
    json_t *graph = json_object_get(root, "@graph");
    if (!json_object_get(root, "@type") && json_is_array(graph))
        return graph;
    *one = root;
    return NULL;
}

/* The first object of the document with an Article type (of a root array,
 * one with a schema.org context), or of type, when type is not NULL. */
static json_t *jsonld_find(json_t *root, const char *type)
{
    json_t *one, *all = jsonld_objects(root, &one);
    if (one)
        return (type ? has_type(one, type) : has_article_type(one)) ? one : NULL;
    size_t i;
    json_t *v;
    json_array_foreach(all, i, v)
    {
        if (!json_is_object(v) || !(type ? has_type(v, type) : has_article_type(v)))
            continue;
        if (all == root && !schema_context(json_object_get(v, "@context")))
            return NULL;
        return v;
    }
    return NULL;
}

/* JSON-LD as templates write it by hand, made JSON: strings in single
 * quotes ('2021-05-12') put in double quotes, commas before a closing
 * bracket dropped, control characters (line breaks inside strings) made
 * spaces. A new buffer in out (bounded as the script was); false when
 * nothing needed repair. */
static bool repair_json(const char *s, size_t len, struct buf *out)
{
    bool changed = false;
    enum err err = ERR_OK;
    for (size_t i = 0; i < len && !err; i++) {
        char c = s[i];
        if ((unsigned char)c < 0x20) {
            err = buf_putc(out, ' ');
            changed = true;
        } else if (c == '"') {
            /* A double-quoted string, copied as it is but for control
             * characters. */
            size_t j = i + 1;
            while (j < len && s[j] != '"')
                j += s[j] == '\\' ? 2 : 1;
            size_t end = j < len ? j + 1 : len;
            for (size_t k = i; k < end && !err; k++) {
                bool control = (unsigned char)s[k] < 0x20;
                changed = changed || control;
                err = buf_putc(out, control ? ' ' : s[k]);
            }
            i = j;
        } else if (c == '\'') {
            err = buf_putc(out, '"');
            size_t j = i + 1;
            for (; j < len && s[j] != '\'' && !err; j++) {
                if (s[j] == '\\' && j + 1 < len && s[j + 1] == '\'')
                    err = buf_putc(out, s[++j]);
                else if (s[j] == '"')
                    err = buf_puts(out, "\\\"");
                else
                    err = buf_putc(out, (unsigned char)s[j] < 0x20 ? ' ' : s[j]);
            }
            if (!err)
                err = buf_putc(out, '"');
            i = j;
            changed = true;
        } else if (c == ',') {
            size_t j = i + 1;
            while (j < len && isspace((unsigned char)s[j]))
                j++;
            if (j < len && (s[j] == ']' || s[j] == '}'))
                changed = true;
            else
                err = buf_putc(out, c);
        } else {
            err = buf_putc(out, c);
        }
    }
    return changed && !err;
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
    if (!root) {
        struct buf fixed;
        buf_init(&fixed, MAX_JSONLD);
        if (repair_json(s, len, &fixed))
            root = json_loadb(fixed.data, fixed.len, JSON_DECODE_ANY, &jerr);
        buf_clear(&fixed);
    }
    json_t *article = root ? jsonld_find(root, NULL) : NULL;
    json_t *one, *graph = root ? jsonld_objects(root, &one) : NULL;
    if (article)
        jsonld_take(&m->ld, graph, article);
    /* A page described as a WebPage (Yoast's graph) dates it there. */
    json_t *page = root && !m->ld.page_published ? jsonld_find(root, "WebPage") : NULL;
    if (page)
        m->ld.page_published =
            ext_meta_value_clean(json_string_value(json_object_get(page, "datePublished")));
    json_decref(root);
    buf_clear(&b);
}
