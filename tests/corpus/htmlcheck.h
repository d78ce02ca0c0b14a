/* Test-only checks on HTML the feed parser emits, written apart from the
 * parser's own sanitizer so that a bug there cannot hide itself: the readable
 * text of a fragment, a canonical form for comparing markup, and a search for
 * active content. Header-only: included by the feed corpus tests. */
#ifndef OMNIBUS_TESTS_HTMLCHECK_H
#define OMNIBUS_TESTS_HTMLCHECK_H

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/xalloc.h"

/* s with whitespace runs (ASCII) collapsed to one space, trimmed. A new string. */
static inline char *hc_squash(const char *s)
{
    size_t n = strlen(s), o = 0;
    char *out = xmalloc(n + 1);
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        if (strchr(" \t\r\n\f", s[i])) {
            space = true;
            continue;
        }
        if (space && o)
            out[o++] = ' ';
        space = false;
        out[o++] = s[i];
    }
    out[o] = '\0';
    return out;
}

static inline htmlDocPtr hc_parse(const char *html)
{
    return htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
                          HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                              HTML_PARSE_NOWARNING | XML_PARSE_HUGE);
}

static inline bool hc_hidden(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE &&
           (!strcmp((const char *)n->name, "script") || !strcmp((const char *)n->name, "style"));
}

static inline bool hc_block(xmlNodePtr n)
{
    static const char *names[] = {"p",   "div",   "br", "li", "ul", "ol", "tr", "td",
                                  "th",  "h1",    "h2", "h3", "h4", "h5", "h6", "blockquote",
                                  "pre", "table", "hr", "dd", "dt", "dl"};
    if (n->type != XML_ELEMENT_NODE)
        return false;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp((const char *)n->name, names[i]))
            return true;
    return false;
}

/* Depth-first successor of n that skips n's children. */
static inline xmlNodePtr hc_next(xmlNodePtr n, struct buf *b, bool text_mode)
{
    while (n && !n->next) {
        n = n->parent;
        if (!n || n->type == XML_HTML_DOCUMENT_NODE)
            return NULL;
        if (b && !text_mode && n->type == XML_ELEMENT_NODE &&
            strcmp((const char *)n->name, "html") && strcmp((const char *)n->name, "body") &&
            strcmp((const char *)n->name, "head"))
            (void)!buf_printf(b, "</%s>", (const char *)n->name);
        if (b && text_mode && hc_block(n))
            (void)!buf_putc(b, ' ');
    }
    return n ? n->next : NULL;
}

/* The readable text of an HTML fragment (no script or style), squashed. */
static inline char *hc_text(const char *html)
{
    htmlDocPtr doc = hc_parse(html);
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    xmlNodePtr n = doc ? doc->children : NULL;
    while (n) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
            (void)!buf_puts(&b, (const char *)n->content);
        if (hc_block(n))
            (void)!buf_putc(&b, ' ');
        if (n->type == XML_ELEMENT_NODE && !hc_hidden(n) && n->children) {
            n = n->children;
            continue;
        }
        n = hc_next(n, &b, true);
    }
    xmlFreeDoc(doc);
    char *out = hc_squash(buf_cstr(&b));
    buf_clear(&b);
    return out;
}

static int hc_attr_cmp(const void *a, const void *b)
{
    return strcmp(
        (*(xmlAttrPtr const *)a)->name ? (const char *)(*(xmlAttrPtr const *)a)->name : "",
        (*(xmlAttrPtr const *)b)->name ? (const char *)(*(xmlAttrPtr const *)b)->name : "");
}

/* A canonical form of an HTML fragment: implied html/body dropped, attributes
 * sorted, text squashed, comments dropped, entities decoded. */
static inline char *hc_canon(const char *html)
{
    htmlDocPtr doc = hc_parse(html);
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    xmlNodePtr n = doc ? doc->children : NULL;
    while (n) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            (void)!buf_puts(&b, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)n->name;
            bool wrapper = !strcmp(name, "html") || !strcmp(name, "body") || !strcmp(name, "head");
            if (!wrapper) {
                xmlAttrPtr list[64];
                size_t k = 0;
                for (xmlAttrPtr a = n->properties; a && k < 64; a = a->next)
                    list[k++] = a;
                qsort(list, k, sizeof list[0], hc_attr_cmp);
                (void)!buf_printf(&b, "<%s", name);
                for (size_t i = 0; i < k; i++) {
                    xmlChar *v = xmlNodeListGetString(doc, list[i]->children, 1);
                    (void)!buf_printf(&b, " %s=\"%s\"", (const char *)list[i]->name,
                                      v ? (const char *)v : "");
                    xmlFree(v);
                }
                (void)!buf_putc(&b, '>');
            }
            if (n->children) {
                n = n->children;
                continue;
            }
            if (!wrapper)
                (void)!buf_printf(&b, "</%s>", name);
        }
        n = hc_next(n, &b, false);
    }
    xmlFreeDoc(doc);
    char *out = hc_squash(buf_cstr(&b));
    buf_clear(&b);
    return out;
}

/* The first piece of active content in an HTML fragment, described in a static
 * buffer, or NULL when there is none: script-capable elements, event handler
 * and style attributes, javascript:, vbscript: and data: URLs. */
static inline const char *hc_danger(const char *html)
{
    static const char *elements[] = {"script", "style", "iframe", "frame",    "frameset",
                                     "object", "embed", "applet", "meta",     "link",
                                     "base",   "form",  "input",  "button",   "textarea",
                                     "select", "svg",   "math",   "template", "noscript"};
    static __thread char why[160];
    htmlDocPtr doc = hc_parse(html);
    const char *found = NULL;
    xmlNodePtr n = doc ? doc->children : NULL;
    while (n && !found) {
        if (n->type == XML_ELEMENT_NODE) {
            for (size_t i = 0; i < sizeof elements / sizeof elements[0] && !found; i++) {
                if (!strcasecmp((const char *)n->name, elements[i])) {
                    snprintf(why, sizeof why, "<%s> element", elements[i]);
                    found = why;
                }
            }
            for (xmlAttrPtr a = n->properties; a && !found; a = a->next) {
                const char *an = (const char *)a->name;
                if (!strncasecmp(an, "on", 2) || !strcasecmp(an, "style") ||
                    !strcasecmp(an, "srcdoc") || !strcasecmp(an, "formaction")) {
                    snprintf(why, sizeof why, "%s= attribute", an);
                    found = why;
                    break;
                }
                xmlChar *v = xmlNodeListGetString(doc, a->children, 1);
                char clean[64];
                size_t k = 0;
                for (const char *c = v ? (const char *)v : ""; *c && k < sizeof clean - 1; c++)
                    if ((unsigned char)*c > 0x20)
                        clean[k++] = (char)tolower((unsigned char)*c);
                clean[k] = '\0';
                if (!strncmp(clean, "javascript:", 11) || !strncmp(clean, "vbscript:", 9) ||
                    !strncmp(clean, "data:", 5) || !strncmp(clean, "livescript:", 11)) {
                    snprintf(why, sizeof why, "%s=\"%.40s\"", an, clean);
                    found = why;
                }
                xmlFree(v);
            }
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        n = hc_next(n, NULL, false);
    }
    xmlFreeDoc(doc);
    return found;
}

#endif
