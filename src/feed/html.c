#include "feed/html.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/url.h"
#include "base/xalloc.h"

/* What the sanitizer does with an element. Only elements libxml2 closes
 * properly may be DROP: it nests the text after a void element it does not
 * know (<embed>, <keygen>) inside it. */
enum verdict {
    KEEP,   /* emitted with its allowed attributes */
    VOID,   /* emitted, never has content */
    UNWRAP, /* dropped, its content kept (unknown and presentational wrappers) */
    DROP,   /* dropped with everything inside (active content, metadata) */
};

struct rule {
    const char *name;
    enum verdict verdict;
    bool block; /* separates words when reduced to text */
};

/* Sorted by name for bsearch. Anything not listed is UNWRAP. */
static const struct rule rules[] = {
    {"a", KEEP, false},          {"abbr", KEEP, false},      {"acronym", KEEP, false},
    {"address", KEEP, true},     {"applet", DROP, true},     {"area", DROP, false},
    {"article", KEEP, true},     {"aside", KEEP, true},      {"audio", KEEP, true},
    {"b", KEEP, false},          {"base", DROP, false},      {"basefont", DROP, false},
    {"bdi", KEEP, false},        {"bdo", KEEP, false},       {"big", KEEP, false},
    {"blockquote", KEEP, true},  {"br", VOID, true},         {"button", UNWRAP, true},
    {"caption", KEEP, true},     {"center", KEEP, true},     {"cite", KEEP, false},
    {"code", KEEP, false},       {"col", VOID, false},       {"colgroup", KEEP, false},
    {"dd", KEEP, true},          {"del", KEEP, false},       {"details", KEEP, true},
    {"dfn", KEEP, false},        {"div", KEEP, true},        {"dl", KEEP, true},
    {"dt", KEEP, true},          {"em", KEEP, false},        {"embed", UNWRAP, true},
    {"figcaption", KEEP, true},  {"figure", KEEP, true},     {"font", KEEP, false},
    {"footer", KEEP, true},      {"frame", DROP, true},      {"h1", KEEP, true},
    {"h2", KEEP, true},          {"h3", KEEP, true},         {"h4", KEEP, true},
    {"h5", KEEP, true},          {"h6", KEEP, true},         {"header", KEEP, true},
    {"hr", VOID, true},          {"i", KEEP, false},         {"img", VOID, false},
    {"input", DROP, false},      {"ins", KEEP, false},       {"isindex", DROP, false},
    {"kbd", KEEP, false},        {"keygen", UNWRAP, false},    {"li", KEEP, true},
    {"link", DROP, false},       {"main", KEEP, true},       {"mark", KEEP, false},
    {"meta", DROP, false},       {"nav", KEEP, true},        {"noembed", DROP, true},
    {"noframes", DROP, true},    {"ol", KEEP, true},         {"p", KEEP, true},
    {"param", DROP, false},      {"picture", KEEP, false},   {"pre", KEEP, true},
    {"q", KEEP, false},          {"rp", KEEP, false},        {"rt", KEEP, false},
    {"ruby", KEEP, false},       {"s", KEEP, false},         {"samp", KEEP, false},
    {"script", DROP, true},      {"section", KEEP, true},    {"select", DROP, true},
    {"small", KEEP, false},      {"source", VOID, false},    {"span", KEEP, false},
    {"strike", KEEP, false},     {"strong", KEEP, false},    {"style", DROP, true},
    {"sub", KEEP, false},        {"summary", KEEP, true},    {"sup", KEEP, false},
    {"table", KEEP, true},       {"tbody", KEEP, true},      {"td", KEEP, true},
    {"template", DROP, true},    {"textarea", DROP, true},   {"tfoot", KEEP, true},
    {"th", KEEP, true},          {"thead", KEEP, true},      {"time", KEEP, false},
    {"tr", KEEP, true},          {"track", UNWRAP, false},     {"tt", KEEP, false},
    {"u", KEEP, false},          {"ul", KEEP, true},         {"var", KEEP, false},
    {"video", KEEP, true},       {"wbr", VOID, false},       {"xml", DROP, true},
};

struct attr_rule {
    const char *name;
    bool url;
};

/* Attributes that survive, sorted; those holding a URL are checked as one. */
static const struct attr_rule attrs[] = {
    {"abbr", false},     {"align", false},   {"alt", false},       {"axis", false},
    {"border", false},   {"cellpadding", false}, {"cellspacing", false}, {"char", false},
    {"charoff", false},  {"cite", true},     {"clear", false},     {"color", false},
    {"cols", false},     {"colspan", false}, {"compact", false},   {"controls", false},
    {"coords", false},   {"datetime", false}, {"dir", false},      {"face", false},
    {"headers", false},  {"height", false},  {"href", true},       {"hreflang", false},
    {"hspace", false},   {"label", false},   {"lang", false},      {"loop", false},
    {"muted", false},    {"noshade", false}, {"nowrap", false},    {"poster", true},
    {"rev", false},      {"reversed", false}, {"rows", false},     {"rowspan", false},
    {"rules", false},    {"scope", false},   {"shape", false},     {"size", false},
    {"span", false},     {"src", true},      {"start", false},     {"summary", false},
    {"title", false},    {"type", false},    {"valign", false},    {"value", false},
    {"vspace", false},   {"width", false},
};

static int rule_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct rule *)elem)->name);
}

static const struct rule *rule_for(const char *name)
{
    return bsearch(name, rules, sizeof rules / sizeof rules[0], sizeof rules[0], rule_cmp);
}

static int attr_cmp(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

/* -1 when the attribute is not allowed, else 1 for a URL and 0 for plain. */
static int attr_kind(const char *name)
{
    const void *hit = bsearch(name, attrs, sizeof attrs / sizeof attrs[0], sizeof attrs[0],
                              attr_cmp);
    if (!hit)
        return -1;
    return ((const struct attr_rule *)hit)->url ? 1 : 0;
}

static bool allowed_scheme(const char *s, size_t n)
{
    static const char *schemes[] = {"http", "https", "ftp", "mailto", "tel"};
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (strlen(schemes[i]) == n && !strncasecmp(s, schemes[i], n))
            return true;
    return false;
}

/* Length of the scheme of u ("http" of "http://..."), 0 when u is relative. */
static size_t scheme_len(const char *u)
{
    if (!isalpha((unsigned char)u[0]))
        return 0;
    size_t i = 1;
    while (isalnum((unsigned char)u[i]) || u[i] == '+' || u[i] == '-' || u[i] == '.')
        i++;
    return u[i] == ':' ? i : 0;
}

char *feed_safe_url(const char *base, const char *v)
{
    if (!v)
        return NULL;
    /* What a browser does first: ends stripped of spaces and controls, tabs
     * and newlines removed everywhere ("java\tscript:" is javascript:). */
    while (*v && (unsigned char)*v <= 0x20)
        v++;
    size_t n = strlen(v);
    while (n && (unsigned char)v[n - 1] <= 0x20)
        n--;
    if (!n)
        return NULL;
    char *clean = xmalloc(n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] != '\t' && v[i] != '\n' && v[i] != '\r')
            clean[o++] = v[i];
    clean[o] = '\0';
    size_t sl = scheme_len(clean);
    if (sl) {
        if (allowed_scheme(clean, sl))
            return clean;
        free(clean);
        return NULL;
    }
    if (!base)
        return clean;
    char *abs = url_resolve(base, clean);
    free(clean);
    if (abs && (sl = scheme_len(abs)) && allowed_scheme(abs, sl))
        return abs;
    free(abs);
    return NULL;
}

enum err feed_html_escape(const char *s, size_t n, bool attr, struct buf *out)
{
    enum err err = ERR_OK;
    size_t start = 0;
    for (size_t i = 0; i < n && !err; i++) {
        const char *rep;
        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = attr ? "&quot;" : NULL;
            break;
        default:
            rep = NULL;
        }
        if (!rep)
            continue;
        err = buf_append(out, s + start, i - start);
        if (!err)
            err = buf_puts(out, rep);
        start = i + 1;
    }
    return err ? err : buf_append(out, s + start, n - start);
}

enum err feed_text_squash(const char *s, size_t n, struct buf *out)
{
    enum err err = ERR_OK;
    bool space = false;
    size_t before = out->len;
    for (size_t i = 0; i < n && !err; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            space = true;
            continue;
        }
        if (space && out->len > before)
            err = buf_putc(out, ' ');
        space = false;
        if (!err)
            err = buf_putc(out, (char)c);
    }
    return err;
}

static bool known_tag(const char *s, size_t n)
{
    char name[16];
    if (n == 0 || n >= sizeof name)
        return false;
    for (size_t i = 0; i < n; i++)
        name[i] = (char)tolower((unsigned char)s[i]);
    name[n] = '\0';
    return rule_for(name) != NULL;
}

bool feed_looks_like_html(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '&') {
            size_t j = i + 1;
            if (j < n && s[j] == '#') {
                j++;
                if (j < n && (s[j] == 'x' || s[j] == 'X'))
                    j++;
                size_t d = j;
                while (j < n && isxdigit((unsigned char)s[j]))
                    j++;
                if (j > d && j < n && s[j] == ';')
                    return true;
            } else {
                size_t d = j;
                while (j < n && isalnum((unsigned char)s[j]))
                    j++;
                if (j > d && j < n && s[j] == ';')
                    return true;
            }
        } else if (s[i] == '<') {
            size_t j = i + 1;
            if (j < n && s[j] == '/')
                j++;
            size_t d = j;
            while (j < n && isalnum((unsigned char)s[j]))
                j++;
            if (j < n && (s[j] == '>' || s[j] == '/' || isspace((unsigned char)s[j])) &&
                known_tag(s + d, j - d))
                return true;
        }
    }
    return false;
}

static htmlDocPtr parse_fragment(const char *html, size_t n)
{
    /* HUGE: without it libxml2 silently drops content nested deeper than 256.
     * The fragment goes inside <body>: text that opens a document gets an
     * implied <p> from libxml2, text inside a body does not. */
    static const char prefix[] = "<html><body>";
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
               HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT | XML_PARSE_HUGE;
    char *doc = xmalloc(sizeof prefix - 1 + n);
    memcpy(doc, prefix, sizeof prefix - 1);
    memcpy(doc + sizeof prefix - 1, html, n);
    htmlDocPtr d = htmlReadMemory(doc, (int)(sizeof prefix - 1 + n), NULL, "UTF-8", opts);
    free(doc);
    return d;
}

static enum verdict verdict_of(xmlNodePtr node)
{
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        return KEEP;
    if (node->type != XML_ELEMENT_NODE)
        return DROP; /* comments, processing instructions, DTD nodes */
    const struct rule *r = rule_for((const char *)node->name);
    return r ? r->verdict : UNWRAP;
}

/* Called for each element a walk climbs out of. */
typedef enum err (*leave_fn)(xmlNodePtr node, struct buf *out);

/* The next node of a depth-first walk that does not enter node's children,
 * calling leave for each element it climbs out of; NULL at the end. */
static xmlNodePtr walk_next(xmlNodePtr node, leave_fn leave, struct buf *out, enum err *err)
{
    while (node && !node->next) {
        node = node->parent;
        if (!node || node->type == XML_HTML_DOCUMENT_NODE || node->type == XML_DOCUMENT_NODE)
            return NULL;
        if (!*err)
            *err = leave(node, out);
    }
    return node ? node->next : NULL;
}

static enum err emit_attrs(xmlNodePtr node, const char *base, struct buf *out)
{
    enum err err = ERR_OK;
    for (xmlAttrPtr a = node->properties; a && !err; a = a->next) {
        int kind = attr_kind((const char *)a->name);
        if (kind < 0)
            continue;
        xmlChar *value = xmlNodeListGetString(node->doc, a->children, 1);
        char *url = NULL;
        const char *v = value ? (const char *)value : "";
        if (kind == 1) {
            url = feed_safe_url(base, v);
            v = url;
        }
        if (v) {
            err = buf_printf(out, " %s=\"", (const char *)a->name);
            if (!err)
                err = feed_html_escape(v, strlen(v), true, out);
            if (!err)
                err = buf_putc(out, '"');
        }
        free(url);
        xmlFree(value);
    }
    return err;
}

static enum err end_tag(xmlNodePtr node, struct buf *out)
{
    if (node->type != XML_ELEMENT_NODE || verdict_of(node) != KEEP)
        return ERR_OK;
    return buf_printf(out, "</%s>", (const char *)node->name);
}

enum err feed_html_sanitize(const char *html, size_t n, const char *base, struct buf *out)
{
    /* Plain text needs no parser. */
    if (!memchr(html, '<', n) && !memchr(html, '&', n) && !memchr(html, '>', n))
        return buf_append(out, html, n);
    if (n > INT_MAX / 2)
        return ERR_LIMIT;
    htmlDocPtr doc = parse_fragment(html, n);
    if (!doc)
        return feed_html_escape(html, n, false, out);
    enum err err = ERR_OK;
    xmlNodePtr node = doc->children;
    while (node && !err) {
        enum verdict v = verdict_of(node);
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            const char *t = (const char *)node->content;
            err = feed_html_escape(t, strlen(t), false, out);
        } else if (v == KEEP || v == VOID) {
            err = buf_printf(out, "<%s", (const char *)node->name);
            if (!err)
                err = emit_attrs(node, base, out);
            if (!err)
                err = buf_puts(out, v == VOID ? " />" : ">");
            if (!err && v == KEEP && node->children) {
                node = node->children;
                continue;
            }
            if (!err && v == KEEP)
                err = end_tag(node, out);
        } else if (v == UNWRAP && node->children) {
            node = node->children;
            continue;
        }
        node = walk_next(node, end_tag, out, &err);
    }
    xmlFreeDoc(doc);
    return err;
}

/* Block elements separate words: "<p>a</p><p>b</p>" reads "a b". */
static enum err block_break(xmlNodePtr node, struct buf *out)
{
    const struct rule *r = rule_for((const char *)node->name);
    return r && r->block ? buf_putc(out, ' ') : ERR_OK;
}

enum err feed_html_text(const char *html, size_t n, struct buf *out)
{
    if (!memchr(html, '<', n) && !memchr(html, '&', n))
        return feed_text_squash(html, n, out);
    if (n > INT_MAX / 2)
        return ERR_LIMIT;
    htmlDocPtr doc = parse_fragment(html, n);
    if (!doc)
        return feed_text_squash(html, n, out);
    /* Text first into a scratch buffer with block breaks as spaces, then squashed. */
    struct buf raw;
    buf_init(&raw, out->max);
    enum err err = ERR_OK;
    xmlNodePtr node = doc->children;
    while (node && !err) {
        enum verdict v = verdict_of(node);
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            err = buf_puts(&raw, (const char *)node->content);
        } else if (v != DROP && node->type == XML_ELEMENT_NODE) {
            err = block_break(node, &raw);
            if (!err && node->children) {
                node = node->children;
                continue;
            }
        }
        node = walk_next(node, block_break, &raw, &err);
    }
    xmlFreeDoc(doc);
    if (!err)
        err = feed_text_squash(raw.data ? raw.data : "", raw.len, out);
    buf_free(&raw);
    return err;
}
