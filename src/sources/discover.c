#include "sources/discover.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/url.h"
#include "base/xalloc.h"

static const char *const feed_types[] = {"application/rss+xml", "application/atom+xml",
                                         "application/feed+json", "application/json", NULL};

/* Whether rel (space-separated tokens) holds "alternate". */
static bool rel_alternate(const char *rel)
{
    const char *p = rel;
    while (*p) {
        p += strspn(p, " \t\r\n");
        size_t n = strcspn(p, " \t\r\n");
        if (n == 9 && !strncasecmp(p, "alternate", 9))
            return true;
        p += n;
    }
    return false;
}

static const char *known_type(const char *type)
{
    for (size_t i = 0; feed_types[i]; i++)
        if (!strncasecmp(type, feed_types[i], strlen(feed_types[i])))
            return feed_types[i];
    return NULL;
}

static char *prop(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

static void consider(xmlNode *n, const char *page_url, struct feed_link_list *out, size_t *cap)
{
    char *rel = prop(n, "rel"), *type = prop(n, "type"), *href = prop(n, "href");
    const char *kind = type ? known_type(type) : NULL;
    char *abs = rel && kind && href && *href && rel_alternate(rel) ? url_resolve(page_url, href)
                                                                   : NULL;
    bool seen = false;
    for (size_t i = 0; abs && i < out->len && !seen; i++)
        seen = !strcmp(out->items[i].url, abs);
    if (abs && url_is_http(abs) && !seen) {
        if (out->len == *cap) {
            *cap = *cap ? *cap * 2 : 4;
            out->items = xrealloc(out->items, *cap * sizeof *out->items);
        }
        out->items[out->len++] =
            (struct feed_link){.url = abs, .title = prop(n, "title"), .type = xstrdup(kind)};
        abs = NULL;
    }
    free(abs);
    free(rel);
    free(type);
    free(href);
}

void sources_discover_links(const char *html, size_t len, const char *page_url,
                            struct feed_link_list *out)
{
    memset(out, 0, sizeof *out);
    if (len > (size_t)INT32_MAX)
        return;
    htmlDocPtr doc = htmlReadMemory(html, (int)len, page_url, NULL,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | XML_PARSE_HUGE);
    if (!doc)
        return;
    size_t cap = 0;
    /* Iterative, depth-first in document order: no recursion on hostile depth. */
    xmlNode *n = xmlDocGetRootElement(doc);
    while (n) {
        if (n->type == XML_ELEMENT_NODE && !xmlStrcasecmp(n->name, (const xmlChar *)"link"))
            consider(n, page_url, out, &cap);
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next)
            n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
        n = n ? n->next : NULL;
    }
    xmlFreeDoc(doc);
}

void feed_link_list_clear(struct feed_link_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++) {
        free(l->items[i].url);
        free(l->items[i].title);
        free(l->items[i].type);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

char **sources_common_feed_urls(const char *page_url)
{
    static const char *const paths[] = {"/feed",    "/rss",      "/rss.xml", "/feed.xml",
                                        "/atom.xml", "/index.xml", "/feed/",  NULL};
    size_t n = sizeof paths / sizeof paths[0];
    char **out = xcalloc(n, sizeof *out);
    size_t k = 0;
    for (size_t i = 0; paths[i]; i++) {
        char *u = url_resolve(page_url, paths[i]);
        if (u)
            out[k++] = u;
    }
    return out;
}
