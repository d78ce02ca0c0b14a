#include "sources/sources.h"

#include <ctype.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/url.h"
#include "base/xalloc.h"

#define OMNIBUS_NS "https://omnibus.invalid/ns/sources/1"

const char *const source_kinds[] = {"news", "analysis", "opinion", "wire", "public-service", NULL};

static bool is_code(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalpha((unsigned char)s[i]))
            return false;
    return true;
}

/* An absolute http(s) URL with a host, within the lengths above; NULL, or
 * what is wrong with it. */
static const char *bad_url(const char *url)
{
    if (!url_is_http(url))
        return "is not an http(s) URL";
    if (strlen(url) > SOURCE_MAX_URL)
        return "is longer than " SOURCE_MAX_URL_TEXT " bytes";
    char *host = url_host(url);
    const char *why = !host                            ? "has no host"
                      : strlen(host) > SOURCE_MAX_HOST ? "has a host name longer than 253 bytes"
                                                       : NULL;
    free(host);
    return why;
}

enum err source_validate(const struct source *s, struct errbuf *eb)
{
    const char *name = s->name ? s->name : "?";
    if (strlen(name) > SOURCE_MAX_TEXT)
        return errf(eb, ERR_INVALID, "source \"%.60s...\": the name is longer than %d bytes", name,
                    SOURCE_MAX_TEXT);
    const char *why = bad_url(s->feed_url);
    if (why)
        return errf(eb, ERR_INVALID, "source \"%s\": the feed URL %s: %.200s", name, why,
                    s->feed_url ? s->feed_url : "(none)");
    if (s->site_url && *s->site_url && (why = bad_url(s->site_url)))
        return errf(eb, ERR_INVALID, "source \"%s\": the site URL %s: %.200s", name, why,
                    s->site_url);
    if (!s->name || !*s->name)
        return errf(eb, ERR_INVALID, "source %s has no name", s->feed_url);
    if ((s->owner && strlen(s->owner) > SOURCE_MAX_TEXT) ||
        (s->stance && strlen(s->stance) > SOURCE_MAX_TEXT))
        return errf(eb, ERR_INVALID, "source \"%s\": owner and stance are at most %d bytes", name,
                    SOURCE_MAX_TEXT);
    if (s->kind) {
        size_t i;
        for (i = 0; source_kinds[i]; i++)
            if (!strcmp(s->kind, source_kinds[i]))
                break;
        if (!source_kinds[i])
            return errf(eb, ERR_INVALID,
                        "source \"%s\": unknown kind \"%s\" (news, analysis, opinion, wire, "
                        "public-service)",
                        s->name, s->kind);
    }
    if (s->lang && *s->lang && !is_code(s->lang, 2))
        return errf(eb, ERR_INVALID, "source \"%s\": language \"%s\" is not a two-letter code",
                    s->name, s->lang);
    if (s->country && *s->country && !is_code(s->country, 2))
        return errf(eb, ERR_INVALID, "source \"%s\": country \"%s\" is not a two-letter code",
                    s->name, s->country);
    return ERR_OK;
}

static void push(struct source_list *l, size_t *cap, struct source *s)
{
    if (l->len == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        l->items = xrealloc(l->items, *cap * sizeof *l->items);
    }
    l->items[l->len++] = *s;
}

static char *lower_dup(const char *s)
{
    char *d = xstrdup(s);
    for (char *p = d; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return d;
}

static char *upper_dup(const char *s)
{
    char *d = xstrdup(s);
    for (char *p = d; p && *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return d;
}

/* ---- OPML ---- */

/* An attribute of the outline, plain or in our namespace; a new string or NULL. */
static char *attr(xmlNode *n, const char *name, bool ours)
{
    xmlChar *v = ours ? xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)OMNIBUS_NS)
                      : xmlGetNoNsProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

static bool truthy(const char *s)
{
    return s && (!strcmp(s, "true") || !strcmp(s, "1") || !strcmp(s, "yes"));
}

/* Adds category (one slash path) to the comma-separated list *cats unless it
 * is there already. */
static void add_category(char **cats, const char *category, size_t len)
{
    while (len && (*category == ' ' || *category == ','))
        category++, len--;
    while (len && (category[len - 1] == ' ' || category[len - 1] == ','))
        len--;
    if (!len)
        return;
    for (const char *p = *cats; p && *p;) {
        size_t n = strcspn(p, ",");
        if (n == len && !strncmp(p, category, len))
            return;
        p += n + (p[n] == ',');
    }
    char *joined = xasprintf("%s%s%.*s", *cats ? *cats : "", *cats ? "," : "", (int)len, category);
    free(*cats);
    *cats = joined;
}

/* The categories of an outline: its category attribute, then the path of the
 * folders (outlines without a feed) it sits in, "/News/Sweden". */
static char *outline_categories(xmlNode *n)
{
    char *cats = NULL;
    char *attr_value = attr(n, "category", false);
    for (const char *p = attr_value; p && *p;) {
        size_t len = strcspn(p, ",");
        add_category(&cats, p, len);
        p += len + (p[len] == ',');
    }
    free(attr_value);
    char path[1024] = "";
    for (xmlNode *up = n->parent; up && up->type == XML_ELEMENT_NODE &&
                                  !xmlStrcmp(up->name, (const xmlChar *)"outline");
         up = up->parent) {
        char *folder = attr(up, "title", false);
        if (!folder)
            folder = attr(up, "text", false);
        if (folder && *folder && !strchr(folder, ',')) {
            char longer[sizeof path];
            if (snprintf(longer, sizeof longer, "/%s%s", folder, path) < (int)sizeof longer)
                memcpy(path, longer, sizeof path);
        }
        free(folder);
    }
    if (*path)
        add_category(&cats, path, strlen(path));
    return cats;
}

static void outline_to_source(xmlNode *n, struct source *s)
{
    memset(s, 0, sizeof *s);
    s->feed_url = attr(n, "xmlUrl", false);
    s->name = attr(n, "title", false);
    if (!s->name)
        s->name = attr(n, "text", false);
    s->site_url = attr(n, "htmlUrl", false);
    char *lang = attr(n, "language", false);
    if (lang) {
        lang[strcspn(lang, "-_")] = '\0'; /* "sv-SE" -> "sv" */
        s->lang = lower_dup(lang);
        free(lang);
    }
    char *country = attr(n, "country", true);
    s->country = country ? upper_dup(country) : NULL;
    free(country);
    s->kind = attr(n, "kind", true);
    s->owner = attr(n, "owner", true);
    s->stance = attr(n, "stance", true);
    char *flag = attr(n, "fullText", true);
    s->full_text = truthy(flag);
    free(flag);
    flag = attr(n, "allowPrivate", true);
    s->allow_private = truthy(flag);
    free(flag);
    flag = attr(n, "enabled", true);
    s->enabled = !flag || truthy(flag);
    free(flag);
    s->categories = outline_categories(n);
}

static enum err parse_opml(const char *data, size_t len, const char *name, struct source_list *out,
                           size_t *skipped, struct errbuf *eb)
{
    if (len > INT_MAX)
        return errf(eb, ERR_LIMIT, "%s: too large for an OPML file", name);
    /* Not recovered: a truncated or broken file is refused whole, at the
     * line where it broke, rather than imported in part. */
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt)
        abort(); /* out of memory */
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char msg[200] = "not well-formed";
        if (e && e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            msg[strcspn(msg, "\n")] = '\0';
        }
        enum err err = errf(eb, ERR_PARSE, "%s line %d: %s", name, e ? e->line : 0, msg);
        xmlFreeParserCtxt(ctxt);
        return err;
    }
    xmlFreeParserCtxt(ctxt);
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root || xmlStrcmp(root->name, (const xmlChar *)"opml")) {
        xmlFreeDoc(doc);
        return errf(eb, ERR_PARSE, "%s: not an OPML document (no <opml> root)", name);
    }
    size_t cap = 0;
    /* Outlines nest (folders); walk the tree iteratively, depth-first in order. */
    xmlNode *n = root->children;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, (const xmlChar *)"outline")) {
            xmlChar *xml_url = xmlGetNoNsProp(n, (const xmlChar *)"xmlUrl");
            if (xml_url) {
                xmlFree(xml_url);
                struct source s;
                outline_to_source(n, &s);
                struct errbuf why = {{0}};
                if (!s.name)
                    s.name = xstrdup(s.feed_url);
                if (source_validate(&s, &why)) {
                    if (!(*skipped)++)
                        errf(eb, ERR_INVALID, "%s line %ld: %s", name, (long)xmlGetLineNo(n),
                             why.msg);
                    source_clear(&s);
                } else {
                    push(out, &cap, &s);
                }
            }
        }
        if (n->children && (n->type == XML_ELEMENT_NODE)) {
            n = n->children;
            continue;
        }
        while (n && !n->next && n->parent != root)
            n = n->parent;
        n = n ? n->next : NULL;
    }
    xmlFreeDoc(doc);
    return ERR_OK;
}

/* ---- JSON ---- */

static char *json_str(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? xstrdup(v) : NULL;
}

static enum err parse_json(const char *data, size_t len, const char *name, struct source_list *out,
                           size_t *skipped, struct errbuf *eb)
{
    json_error_t jerr;
    json_t *root = json_loadb(data, len, 0, &jerr);
    if (!root)
        return errf(eb, ERR_PARSE, "%s line %d: %s", name, jerr.line, jerr.text);
    json_t *arr = json_is_array(root) ? root : json_object_get(root, "sources");
    if (!json_is_array(arr)) {
        json_decref(root);
        return errf(eb, ERR_PARSE, "%s: expected {\"sources\": [...]} or an array", name);
    }
    size_t cap = 0, i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        struct source s = {0};
        struct errbuf why = {{0}};
        if (!json_is_object(o)) {
            if (!(*skipped)++)
                errf(eb, ERR_INVALID, "%s: entry %zu is not an object", name, i + 1);
            continue;
        }
        s.name = json_str(o, "name");
        s.feed_url = json_str(o, "feed_url");
        s.site_url = json_str(o, "site_url");
        s.lang = json_str(o, "lang");
        s.country = json_str(o, "country");
        s.kind = json_str(o, "kind");
        s.owner = json_str(o, "owner");
        s.stance = json_str(o, "stance");
        s.full_text = json_is_true(json_object_get(o, "full_text"));
        s.allow_private = json_is_true(json_object_get(o, "allow_private"));
        json_t *enabled = json_object_get(o, "enabled");
        s.enabled = !enabled || json_is_true(enabled);
        s.categories = json_str(o, "categories");
        if (s.country) {
            char *up = upper_dup(s.country);
            free(s.country);
            s.country = up;
        }
        if (source_validate(&s, &why)) {
            if (!(*skipped)++)
                errf(eb, ERR_INVALID, "%s: entry %zu: %s", name, i + 1, why.msg);
            source_clear(&s);
            continue;
        }
        push(out, &cap, &s);
    }
    json_decref(root);
    return ERR_OK;
}

enum err sources_parse(const char *data, size_t len, const char *name, struct source_list *out,
                       size_t *skipped, struct errbuf *eb)
{
    out->items = NULL;
    out->len = 0;
    *skipped = 0;
    size_t i = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && isspace((unsigned char)data[i]))
        i++;
    if (i < len && (data[i] == '{' || data[i] == '['))
        return parse_json(data + i, len - i, name, out, skipped, eb);
    if (i < len && data[i] == '<')
        return parse_opml(data, len, name, out, skipped, eb);
    return errf(eb, ERR_PARSE, "%s: neither OPML nor a JSON sources file", name);
}

static void set_attr(xmlNode *n, xmlNs *ns, const char *name, const char *value)
{
    if (value && *value)
        xmlNewNsProp(n, ns, (const xmlChar *)name, (const xmlChar *)value);
}

/* The folder outline under body for the last path in categories (the one an
 * import took from the folders: "/News/Sweden" -> <outline text="News">
 * <outline text="Sweden">), made when missing, so that readers that show
 * folders show ours; body itself when there is no path. */
static xmlNode *folder_for(xmlNode *body, const char *all)
{
    const char *categories = NULL;
    for (const char *p = all; p && *p;) {
        if (*p == '/')
            categories = p;
        p += strcspn(p, ",");
        p += *p == ',';
    }
    if (!categories)
        return body;
    size_t end = strcspn(categories, ",");
    xmlNode *parent = body;
    for (size_t at = 1; at < end;) {
        size_t len = strcspn(categories + at, "/,");
        if (at + len > end)
            len = end - at;
        char *name = xasprintf("%.*s", (int)len, categories + at);
        xmlNode *found = NULL;
        for (xmlNode *c = parent->children; c && !found; c = c->next) {
            xmlChar *text = xmlGetNoNsProp(c, (const xmlChar *)"text");
            xmlChar *feed = xmlGetNoNsProp(c, (const xmlChar *)"xmlUrl");
            if (text && !feed && !xmlStrcmp(text, (const xmlChar *)name))
                found = c;
            xmlFree(text);
            xmlFree(feed);
        }
        if (!found && len) {
            found = xmlNewChild(parent, NULL, (const xmlChar *)"outline", NULL);
            set_attr(found, NULL, "text", name);
            set_attr(found, NULL, "title", name);
        }
        free(name);
        if (found)
            parent = found;
        at += len + 1;
    }
    return parent;
}

enum err sources_to_opml(const struct source_list *list, struct buf *out)
{
    xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"opml");
    xmlDocSetRootElement(doc, root);
    xmlNewProp(root, (const xmlChar *)"version", (const xmlChar *)"2.0");
    xmlNs *ns = xmlNewNs(root, (const xmlChar *)OMNIBUS_NS, (const xmlChar *)"omnibus");
    xmlNode *head = xmlNewChild(root, NULL, (const xmlChar *)"head", NULL);
    xmlNewTextChild(head, NULL, (const xmlChar *)"title", (const xmlChar *)"omnibus sources");
    xmlNode *body = xmlNewChild(root, NULL, (const xmlChar *)"body", NULL);
    for (size_t i = 0; i < list->len; i++) {
        const struct source *s = &list->items[i];
        xmlNode *o = xmlNewChild(folder_for(body, s->categories), NULL,
                                 (const xmlChar *)"outline", NULL);
        set_attr(o, NULL, "type", "rss");
        set_attr(o, NULL, "text", s->name);
        set_attr(o, NULL, "title", s->name);
        set_attr(o, NULL, "xmlUrl", s->feed_url);
        set_attr(o, NULL, "htmlUrl", s->site_url);
        set_attr(o, NULL, "language", s->lang);
        set_attr(o, ns, "country", s->country);
        set_attr(o, ns, "kind", s->kind);
        set_attr(o, ns, "owner", s->owner);
        set_attr(o, ns, "stance", s->stance);
        if (s->full_text)
            set_attr(o, ns, "fullText", "true");
        if (s->allow_private)
            set_attr(o, ns, "allowPrivate", "true");
        if (!s->enabled)
            set_attr(o, ns, "enabled", "false");
        set_attr(o, NULL, "category", s->categories);
    }
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
    xmlFreeDoc(doc);
    enum err err = mem ? buf_append(out, mem, (size_t)size) : ERR_INVALID;
    xmlFree(mem);
    return err;
}

static void put_str(json_t *o, const char *key, const char *v)
{
    if (v && *v)
        json_object_set_new(o, key, json_string(v));
}

enum err sources_to_json(const struct source_list *list, struct buf *out)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < list->len; i++) {
        const struct source *s = &list->items[i];
        json_t *o = json_object();
        if (s->id)
            json_object_set_new(o, "id", json_integer(s->id));
        put_str(o, "name", s->name);
        put_str(o, "feed_url", s->feed_url);
        put_str(o, "site_url", s->site_url);
        put_str(o, "lang", s->lang);
        put_str(o, "country", s->country);
        put_str(o, "kind", s->kind);
        put_str(o, "owner", s->owner);
        put_str(o, "stance", s->stance);
        json_object_set_new(o, "full_text", json_boolean(s->full_text));
        if (s->allow_private)
            json_object_set_new(o, "allow_private", json_true());
        if (!s->enabled)
            json_object_set_new(o, "enabled", json_false());
        put_str(o, "categories", s->categories);
        json_array_append_new(arr, o);
    }
    json_t *root = json_pack("{s:o}", "sources", arr);
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    enum err err = text ? buf_puts(out, text) : ERR_INVALID;
    free(text);
    return err;
}
