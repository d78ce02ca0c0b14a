/* What every HTML fragment the extractor writes must be, checked by parsing it
 * back: only allowlisted tags, only allowlisted attributes, and every href and
 * src an absolute http(s) URL (or mailto: in a link). Shared by the extractor's
 * unit and corpus tests. */
#ifndef OMNIBUS_TESTS_SANITIZED_H
#define OMNIBUS_TESTS_SANITIZED_H

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>

#include "base/url.h"
#include "base/xalloc.h"
#include "extract/extract_internal.h"
#include "testlib.h"

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s, list[i]))
            return true;
    return false;
}

/* Fails the test, naming where, unless fragment is sanitized. */
static void check_sanitized(const char *where, const char *fragment)
{
    static const char *const tags[] = {
        "a",      "abbr", "b",   "blockquote", "br",    "caption", "cite",       "code",   "dd",
        "del",    "dfn",  "div", "dl",         "dt",    "em",      "figcaption", "figure", "h2",
        "h3",     "h4",   "h5",  "h6",         "hr",    "i",       "img",        "ins",    "kbd",
        "li",     "mark", "ol",  "p",          "pre",   "q",       "s",          "samp",   "small",
        "strong", "sub",  "sup", "table",      "tbody", "td",      "tfoot",      "th",     "thead",
        "time",   "tr",   "u",   "ul",         "var",   "html",    "body"};
    static const char *const attrs[] = {"href",   "title",   "src",     "alt",   "width",
                                        "height", "colspan", "rowspan", "start", "datetime"};
    char *doc_text = xasprintf("<html><body>%s</body></html>", fragment ? fragment : "");
    htmlDocPtr doc = htmlReadMemory(doc_text, (int)strlen(doc_text), NULL, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | XML_PARSE_HUGE);
    assert_non_null(doc);
    struct tree_iter it;
    ext_tree_iter_init(&it, xmlDocGetRootElement(doc));
    for (xmlNode *x; (x = ext_tree_next_element(&it)) != NULL;) {
        if (!in_list((const char *)x->name, tags, sizeof tags / sizeof tags[0]))
            fail_msg("%s: <%s> in the sanitized HTML", where, x->name);
        for (xmlAttr *a = x->properties; a; a = a->next) {
            const char *name = (const char *)a->name, *v = ext_attr_value(x, name);
            if (!in_list(name, attrs, sizeof attrs / sizeof attrs[0]))
                fail_msg("%s: attribute %s on <%s>", where, name, x->name);
            if ((!strcmp(name, "href") || !strcmp(name, "src")) && !url_is_http(v) &&
                (strcmp(name, "href") || strncmp(v, "mailto:", 7)))
                fail_msg("%s: %s=\"%s\" on <%s>", where, name, v, x->name);
        }
    }
    xmlFreeDoc(doc);
    free(doc_text);
}

#endif
