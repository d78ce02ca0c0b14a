#include "feed/html.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/url.h"
#include "base/xalloc.h"
#include "feed/decode.h"

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
    {"a", KEEP, false},         {"abbr", KEEP, false},     {"acronym", KEEP, false},
    {"address", KEEP, true},    {"applet", DROP, true},    {"area", DROP, false},
    {"article", KEEP, true},    {"aside", KEEP, true},     {"audio", KEEP, true},
    {"b", KEEP, false},         {"base", DROP, false},     {"basefont", DROP, false},
    {"bdi", KEEP, false},       {"bdo", KEEP, false},      {"big", KEEP, false},
    {"blockquote", KEEP, true}, {"br", VOID, true},        {"button", UNWRAP, true},
    {"caption", KEEP, true},    {"center", KEEP, true},    {"cite", KEEP, false},
    {"code", KEEP, false},      {"col", VOID, false},      {"colgroup", KEEP, false},
    {"dd", KEEP, true},         {"del", KEEP, false},      {"details", KEEP, true},
    {"dfn", KEEP, false},       {"div", KEEP, true},       {"dl", KEEP, true},
    {"dt", KEEP, true},         {"em", KEEP, false},       {"embed", UNWRAP, true},
    {"figcaption", KEEP, true}, {"figure", KEEP, true},    {"font", KEEP, false},
    {"footer", KEEP, true},     {"frame", DROP, true},     {"h1", KEEP, true},
    {"h2", KEEP, true},         {"h3", KEEP, true},        {"h4", KEEP, true},
    {"h5", KEEP, true},         {"h6", KEEP, true},        {"header", KEEP, true},
    {"hr", VOID, true},         {"i", KEEP, false},        {"img", VOID, false},
    {"input", DROP, false},     {"ins", KEEP, false},      {"isindex", DROP, false},
    {"kbd", KEEP, false},       {"keygen", UNWRAP, false}, {"li", KEEP, true},
    {"link", DROP, false},      {"main", KEEP, true},      {"mark", KEEP, false},
    {"meta", DROP, false},      {"nav", KEEP, true},       {"noembed", DROP, true},
    {"noframes", DROP, true},   {"ol", KEEP, true},        {"p", KEEP, true},
    {"param", DROP, false},     {"picture", KEEP, false},  {"pre", KEEP, true},
    {"q", KEEP, false},         {"rp", KEEP, false},       {"rt", KEEP, false},
    {"ruby", KEEP, false},      {"s", KEEP, false},        {"samp", KEEP, false},
    {"script", DROP, true},     {"section", KEEP, true},   {"select", DROP, true},
    {"small", KEEP, false},     {"source", VOID, false},   {"span", KEEP, false},
    {"strike", KEEP, false},    {"strong", KEEP, false},   {"style", DROP, true},
    {"sub", KEEP, false},       {"summary", KEEP, true},   {"sup", KEEP, false},
    {"table", KEEP, true},      {"tbody", KEEP, true},     {"td", KEEP, true},
    {"template", DROP, true},   {"textarea", DROP, true},  {"tfoot", KEEP, true},
    {"th", KEEP, true},         {"thead", KEEP, true},     {"time", KEEP, false},
    {"tr", KEEP, true},         {"track", UNWRAP, false},  {"tt", KEEP, false},
    {"u", KEEP, false},         {"ul", KEEP, true},        {"var", KEEP, false},
    {"video", KEEP, true},      {"wbr", VOID, false},      {"xml", DROP, true},
};

struct attr_rule {
    const char *name;
    bool url;
};

/* Attributes that survive, sorted; those holding a URL are checked as one. */
static const struct attr_rule attrs[] = {
    {"abbr", false},    {"align", false},       {"alt", false},         {"axis", false},
    {"border", false},  {"cellpadding", false}, {"cellspacing", false}, {"char", false},
    {"charoff", false}, {"cite", true},         {"clear", false},       {"color", false},
    {"cols", false},    {"colspan", false},     {"compact", false},     {"controls", false},
    {"coords", false},  {"datetime", false},    {"dir", false},         {"face", false},
    {"headers", false}, {"height", false},      {"href", true},         {"hreflang", false},
    {"hspace", false},  {"label", false},       {"lang", false},        {"loop", false},
    {"muted", false},   {"noshade", false},     {"nowrap", false},      {"poster", true},
    {"rev", false},     {"reversed", false},    {"rows", false},        {"rowspan", false},
    {"rules", false},   {"scope", false},       {"shape", false},       {"size", false},
    {"span", false},    {"src", true},          {"start", false},       {"summary", false},
    {"title", false},   {"type", false},        {"valign", false},      {"value", false},
    {"vspace", false},  {"width", false},
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
    const void *hit =
        bsearch(name, attrs, sizeof attrs / sizeof attrs[0], sizeof attrs[0], attr_cmp);
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
    /* Copied run by run between the characters removed: most URLs have none. */
    char *clean = xmalloc(n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        size_t run = strcspn(v + i, "\t\n\r");
        run = run < n - i ? run : n - i;
        memcpy(clean + o, v + i, run);
        o += run;
        i += run;
    }
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

enum err feed_puts3(struct buf *out, const char *a, const char *b, const char *c)
{
    enum err err = buf_puts(out, a);
    if (!err)
        err = buf_puts(out, b);
    return err ? err : buf_puts(out, c);
}

/* Eight bytes at a time: does w hold any of &, <, > (and " when attr)? */
static inline bool has_special(uint64_t w, bool attr)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t amp = w ^ (ones * '&'), lt = w ^ (ones * '<'), gt = w ^ (ones * '>'),
             quot = w ^ (ones * '"');
    uint64_t zero = ((amp - ones) & ~amp) | ((lt - ones) & ~lt) | ((gt - ones) & ~gt);
    if (attr)
        zero |= (quot - ones) & ~quot;
    return zero & highs;
}

enum err feed_html_escape(const char *s, size_t n, bool attr, struct buf *out)
{
    enum err err = ERR_OK;
    size_t start = 0, i = 0;
    while (i < n && !err) {
        if (n - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!has_special(w, attr)) {
                i += 8;
                continue;
            }
        }
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
        if (rep) {
            err = buf_append(out, s + start, i - start);
            if (!err)
                err = buf_puts(out, rep);
            start = i + 1;
        }
        i++;
    }
    return err ? err : buf_append(out, s + start, n - start);
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

enum err feed_text_squash(const char *s, size_t n, struct buf *out)
{
    enum err err = ERR_OK;
    size_t before = out->len, i = 0;
    while (i < n && !err) {
        while (i < n && is_space((unsigned char)s[i]))
            i++;
        size_t word = i;
        while (i < n && !is_space((unsigned char)s[i]))
            i++;
        if (i == word)
            break;
        if (out->len > before)
            err = buf_putc(out, ' ');
        if (!err)
            err = buf_append(out, s + word, i - word);
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

/* One pass of libxml2's HTML parser in SAX mode (no tree): its events are
 * judged and written out as they come. libxml2 balances them (it reports the
 * end of every element it opened, implied or not), so the output is balanced. */
struct sax_state {
    struct buf *out;
    const char *base;
    bool text_only; /* feed_html_text: characters and word breaks only */
    int dropped;    /* depth inside a DROP element */
    enum err err;
    struct {
        const xmlChar *name; /* interned by the parser: the pointer names the string */
        const struct rule *rule;
    } cache[32];
};

/* rule_for, remembered by the address of the parser's interned name. */
static const struct rule *cached_rule(struct sax_state *st, const xmlChar *name)
{
    size_t h = ((uintptr_t)name >> 4) & 31;
    if (st->cache[h].name != name) {
        st->cache[h].name = name;
        st->cache[h].rule = rule_for((const char *)name);
    }
    return st->cache[h].rule;
}

static void sax_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
    struct sax_state *st = ud;
    if (st->dropped || st->err) {
        st->dropped += st->dropped > 0;
        return;
    }
    const struct rule *r = cached_rule(st, name);
    enum verdict v = r ? r->verdict : UNWRAP;
    if (v == DROP) {
        st->dropped = 1;
        return;
    }
    if (st->text_only) {
        if (r && r->block)
            st->err = buf_putc(st->out, ' ');
        return;
    }
    if (v == UNWRAP)
        return;
    struct buf *out = st->out;
    enum err err = feed_puts3(out, "<", (const char *)name, "");
    for (const xmlChar **a = atts; a && a[0] && !err; a += 2) {
        int kind = attr_kind((const char *)a[0]);
        if (kind < 0)
            continue;
        const char *value = a[1] ? (const char *)a[1] : "";
        char *url = kind == 1 ? feed_safe_url(st->base, value) : NULL;
        if (kind == 1 && !url)
            continue;
        err = feed_puts3(out, " ", (const char *)a[0], "=\"");
        if (!err)
            err = feed_html_escape(url ? url : value, strlen(url ? url : value), true, out);
        if (!err)
            err = buf_putc(out, '"');
        free(url);
    }
    if (!err)
        err = buf_puts(out, v == VOID ? " />" : ">");
    st->err = err;
}

static void sax_end(void *ud, const xmlChar *name)
{
    struct sax_state *st = ud;
    if (st->dropped) {
        st->dropped--;
        return;
    }
    if (st->err)
        return;
    const struct rule *r = cached_rule(st, name);
    if (st->text_only) {
        if (r && r->block)
            st->err = buf_putc(st->out, ' ');
    } else if (r && r->verdict == KEEP) {
        st->err = feed_puts3(st->out, "</", (const char *)name, ">");
    }
}

static void sax_text(void *ud, const xmlChar *s, int n)
{
    struct sax_state *st = ud;
    if (st->dropped || st->err)
        return;
    st->err = st->text_only ? buf_append(st->out, s, (size_t)n)
                            : feed_html_escape((const char *)s, (size_t)n, false, st->out);
}

/* Runs the fragment through the parser. It goes inside <body>: text that opens
 * a document gets an implied <p> from libxml2, text inside a body does not.
 * HUGE: without it libxml2 silently drops content nested deeper than 256.
 * NOIMPLIED: html and body are open from the prefix on, so the check libxml2
 * makes at every start tag for elements to imply has nothing to add. */
static enum err run_sax(const char *html, size_t n, struct sax_state *st)
{
    static const char prefix[] = "<html><body>";
    if (n > INT_MAX / 2)
        return ERR_LIMIT;
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = sax_start;
    sax.endElement = sax_end;
    sax.characters = sax_text;
    sax.ignorableWhitespace = sax_text;
    sax.cdataBlock = sax_text;
    /* The push parser takes the prefix and the fragment as two chunks: no copy. */
    htmlParserCtxtPtr ctxt = htmlCreatePushParserCtxt(&sax, st, prefix, (int)sizeof prefix - 1,
                                                      NULL, XML_CHAR_ENCODING_UTF8);
    if (!ctxt)
        return feed_html_escape(html, n, false, st->out);
    htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                 HTML_PARSE_NOWARNING | HTML_PARSE_NOIMPLIED | XML_PARSE_HUGE);
    htmlParseChunk(ctxt, html, (int)n, 1);
    htmlFreeParserCtxt(ctxt);
    return st->err;
}

/* Text without markup: its character references decoded (as the HTML parser
 * would) and, for HTML, escaped again. The common case of titles and short
 * descriptions ("AT&amp;T", "&#8217;"), and no parser to start. */
/* The code point of the character reference at s[0] == '&' ("&amp;",
 * "&#8217;", "&#x2019;"), 0 when there is none; *len is its length. */
static uint32_t reference_at(const char *s, size_t n, size_t *len)
{
    size_t j = 1;
    uint32_t cp = 0;
    if (j < n && s[j] == '#') {
        bool hex = j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X');
        j += hex ? 2 : 1;
        size_t digits = j;
        for (; j < n && j - digits < 7; j++) {
            unsigned char c = (unsigned char)s[j];
            if (isdigit(c))
                cp = cp * (hex ? 16 : 10) + (uint32_t)(c - '0');
            else if (hex && isxdigit(c))
                cp = cp * 16 + (uint32_t)((c | 0x20) - 'a' + 10);
            else
                break;
        }
        if (j == digits || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
            cp = 0;
    } else {
        char name[32];
        size_t k = 0;
        while (j < n && k < sizeof name - 1 && isalnum((unsigned char)s[j]))
            name[k++] = s[j++];
        name[k] = '\0';
        const htmlEntityDesc *e = k ? htmlEntityLookup((const xmlChar *)name) : NULL;
        cp = e ? e->value : 0;
    }
    if (j >= n || s[j] != ';')
        return 0;
    *len = j + 1;
    return cp;
}

/* Text without markup: its character references decoded (as the HTML parser
 * would) and, for HTML, escaped again. The common case of titles and short
 * descriptions ("AT&amp;T", "&#8217;"), and no parser to start. */
static enum err decode_references(const char *s, size_t n, bool escape, struct buf *out)
{
    enum err err = ERR_OK;
    size_t start = 0, i = 0;
    while (i < n && !err) {
        size_t len;
        uint32_t cp = s[i] == '&' ? reference_at(s + i, n - i, &len) : 0;
        if (!cp) {
            i++; /* not a reference: an '&' stays as text */
            continue;
        }
        char u[4];
        size_t un = feed_utf8_put(u, cp);
        err = escape ? feed_html_escape(s + start, i - start, false, out)
                     : buf_append(out, s + start, i - start);
        if (!err)
            err = escape ? feed_html_escape(u, un, false, out) : buf_append(out, u, un);
        i += len;
        start = i;
    }
    if (!err)
        err = escape ? feed_html_escape(s + start, n - start, false, out)
                     : buf_append(out, s + start, n - start);
    return err;
}

enum err feed_html_sanitize(const char *html, size_t n, const char *base, struct buf *out)
{
    /* Text without markup needs no parser. */
    if (!memchr(html, '<', n))
        return decode_references(html, n, true, out);
    struct sax_state st = {.out = out, .base = base};
    return run_sax(html, n, &st);
}

enum err feed_html_text(const char *html, size_t n, struct buf *out)
{
    /* Text first into a scratch buffer with block breaks as spaces, then squashed. */
    struct buf raw;
    buf_init(&raw, out->max);
    struct sax_state st = {.out = &raw, .text_only = true};
    enum err err =
        memchr(html, '<', n) ? run_sax(html, n, &st) : decode_references(html, n, false, &raw);
    if (!err)
        err = feed_text_squash(raw.data ? raw.data : "", raw.len, out);
    buf_clear(&raw);
    return err;
}
