/* MediaWiki pages-articles XML, read with libxml2's SAX2 push parser: one
 * page at a time, whatever the dump's size, in UTF-8 or UTF-16 (told by the
 * BOM). SAX hands over every page before a well-formedness error, where a
 * pull reader would drop the nodes it had parsed ahead. */
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/timeutil.h"
#include "base/xalloc.h"
#include "kb/parse.h"
#include "kb/wikitext.h"

/* What is being read inside a page. */
enum field { F_NONE, F_TITLE, F_NS, F_PAGE_ID, F_REV_ID, F_TIMESTAMP, F_TEXT, F_DBNAME, F_BASE };

struct page {
    bool open;
    uint64_t line, offset; /* where <page> began */
    struct buf title, ns, rev_id, timestamp, text;
    char *redirect; /* <redirect title="..."/> */
    bool have_rev_id;
};

struct xreader {
    xmlParserCtxtPtr ctxt;
    enum err err; /* the sink's error, which stops the parser */
    struct errbuf *eb;
    const struct kb_parse_opts *o;
    const struct kb_sink *sink;
    struct kb_stream *in;
    bool data_error;     /* the compressed data was cut or corrupt: reported already */
    bool text_too_long;  /* the current page's text passed its cap: reported already */
    char xml_error[256]; /* libxml2's last complaint */
    int xml_error_line;
    char lang[32];
    struct buf dbname, base;
    struct page page;
    enum field field;
    bool in_revision, in_contributor;
    struct buf lead; /* scratch for the opening paragraph */
};

static void error_cb(void *ctx, xmlErrorPtr e)
{
    struct xreader *x = ctx;
    if (e->level < XML_ERR_ERROR)
        return;
    snprintf(x->xml_error, sizeof x->xml_error, "%s", e->message ? e->message : "XML error");
    size_t n = strlen(x->xml_error);
    while (n && (x->xml_error[n - 1] == '\n' || x->xml_error[n - 1] == ' '))
        x->xml_error[--n] = '\0';
    x->xml_error_line = e->line;
}

static void page_reset(struct page *p)
{
    buf_reset(&p->title);
    buf_reset(&p->ns);
    buf_reset(&p->rev_id);
    buf_reset(&p->timestamp);
    buf_reset(&p->text);
    free(p->redirect);
    p->redirect = NULL;
    p->have_rev_id = false;
    p->open = false;
}

static void page_clear(struct page *p)
{
    page_reset(p);
    buf_clear(&p->title);
    buf_clear(&p->ns);
    buf_clear(&p->rev_id);
    buf_clear(&p->timestamp);
    buf_clear(&p->text);
}

static struct buf *field_buf(struct xreader *x)
{
    switch (x->field) {
    case F_TITLE:
        return &x->page.title;
    case F_NS:
        return &x->page.ns;
    case F_REV_ID:
        return &x->page.rev_id;
    case F_TIMESTAMP:
        return &x->page.timestamp;
    case F_TEXT:
        return &x->page.text;
    case F_DBNAME:
        return &x->dbname;
    case F_BASE:
        return &x->base;
    default:
        return NULL;
    }
}

/* The language of the dump, from <dbname> (enwiki), else <mediawiki xml:lang>. */
static void site_lang(struct xreader *x)
{
    char lang[32];
    if (x->dbname.len && kb_wiki_lang(buf_cstr(&x->dbname), lang, sizeof lang))
        snprintf(x->lang, sizeof x->lang, "%s", lang);
}

/* "https://en.wikipedia.org/wiki/" from <base>, else from the language. */
static char *page_url(struct xreader *x, const char *title)
{
    const char *base = buf_cstr(&x->base);
    const char *wiki = strstr(base, "/wiki/");
    char *url = wiki ? xasprintf("%.*s%s", (int)(wiki + 6 - base), base, title)
                     : xasprintf("https://%s.wikipedia.org/wiki/%s", x->lang, title);
    for (char *p = url + strlen(url) - strlen(title); *p; p++)
        if (*p == ' ')
            *p = '_';
    return url;
}

static enum err on_link(void *ctx, const char *target, size_t tlen, const char *label, size_t llen)
{
    struct xreader *x = ctx;
    char *t = wikitext_title(target, tlen);
    if (!t)
        return ERR_OK;
    enum err err = x->sink->link(x->sink->ctx, x->lang, t, label, llen);
    free(t);
    return err;
}

static void skip_page(struct xreader *x, const char *why)
{
    char msg[640];
    snprintf(msg, sizeof msg, "page \"%.120s\": %s", buf_cstr(&x->page.title), why);
    x->sink->skip(x->sink->ctx, x->page.line, x->page.offset, msg);
}

static enum err page_done(struct xreader *x)
{
    struct page *p = &x->page;
    p->open = false;
    if (!p->title.len) {
        skip_page(x, "no title");
        return ERR_OK;
    }
    if (strcmp(buf_cstr(&p->ns), "0")) {
        x->sink->ignore(x->sink->ctx);
        return ERR_OK;
    }
    if (!x->lang[0]) {
        skip_page(x, "the dump names no language (no <dbname> or xml:lang)");
        return ERR_OK;
    }
    if (!kb_want_lang(x->o, x->lang)) {
        x->sink->ignore(x->sink->ctx);
        return ERR_OK;
    }
    char *title = wikitext_title(p->title.data, p->title.len);
    if (!title) {
        skip_page(x, "empty title");
        return ERR_OK;
    }
    enum err err = ERR_OK;
    char *target = p->redirect ? wikitext_title(p->redirect, strlen(p->redirect)) : NULL;
    if (target || wikitext_redirect(buf_cstr(&p->text), p->text.len, &target)) {
        err = x->sink->redirect(x->sink->ctx, x->lang, title, target);
        free(target);
        free(title);
        return err;
    }
    unsigned flags;
    enum err lead_err = wikitext_lead(buf_cstr(&p->text), p->text.len, &x->lead, &flags);
    if (lead_err)
        skip_page(x, lead_err == ERR_LIMIT ? "opening paragraph too deeply nested or too long; "
                                             "imported without it"
                                           : "opening paragraph unreadable; imported without it");
    struct kb_entity e = {0};
    e.kind = (flags & WIKITEXT_DISAMBIGUATION) ? KB_KIND_DISAMBIGUATION : KB_KIND_ARTICLE;
    struct kb_text *t = kb_add_text(&e, x->lang);
    t->title = xstrdup(title);
    t->page = xstrdup(title);
    t->extract = x->lead.len ? xstrdup(buf_cstr(&x->lead)) : NULL;
    t->url = page_url(x, title);
    t->revision = strtoll(buf_cstr(&p->rev_id), NULL, 10);
    int64_t ts;
    t->modified_at = date_parse(buf_cstr(&p->timestamp), &ts) ? ts : 0;
    const char *lic, *lic_url;
    kb_wikipedia_licence(t->modified_at, &lic, &lic_url);
    t->licence = xstrdup(lic);
    t->licence_url = xstrdup(lic_url);
    t->dump = xstrdup(x->o->dump);
    t->dump_date = x->o->dump_date;
    kb_add_title_aliases(&e, x->lang, title);
    err = x->sink->entity(x->sink->ctx, &e);
    kb_entity_clear(&e);
    if (!err && x->sink->link)
        err = wikitext_links(buf_cstr(&p->text), p->text.len, on_link, x);
    free(title);
    return err;
}

/* The value of attribute name (prefix may be NULL) in SAX2's attribute list:
 * five pointers each, localname, prefix, URI, value start, value end. */
static char *attribute(const xmlChar **attrs, int n, const char *name, const char *prefix)
{
    for (int i = 0; i < n; i++) {
        const xmlChar **a = attrs + 5 * i;
        if (strcmp((const char *)a[0], name))
            continue;
        if (prefix ? !a[1] || strcmp((const char *)a[1], prefix) : a[1] != NULL)
            continue;
        return xstrndup((const char *)a[3], (size_t)(a[4] - a[3]));
    }
    return NULL;
}

static void start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                          const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                          int nb_attributes, int nb_defaulted, const xmlChar **attrs)
{
    struct xreader *x = ctx;
    const char *name = (const char *)localname;
    struct page *p = &x->page;
    x->field = F_NONE;
    if (!strcmp(name, "mediawiki")) {
        char *l = attribute(attrs, nb_attributes, "lang", "xml");
        if (l && !x->lang[0])
            snprintf(x->lang, sizeof x->lang, "%s", l);
        free(l);
    } else if (!strcmp(name, "page")) {
        if (p->open && !x->text_too_long)
            skip_page(x, "not closed before the next <page>");
        page_reset(p);
        p->open = true;
        x->text_too_long = false;
        p->line = (uint64_t)xmlSAX2GetLineNumber(x->ctxt);
        p->offset = (uint64_t)xmlByteConsumed(x->ctxt);
        x->in_revision = x->in_contributor = false;
    } else if (!p->open) {
        if (!strcmp(name, "dbname"))
            x->field = F_DBNAME;
        else if (!strcmp(name, "base"))
            x->field = F_BASE;
    } else if (!strcmp(name, "revision")) {
        x->in_revision = true;
    } else if (!strcmp(name, "contributor")) {
        x->in_contributor = true;
    } else if (!strcmp(name, "title") && !x->in_revision) {
        x->field = F_TITLE;
    } else if (!strcmp(name, "ns") && !x->in_revision) {
        x->field = F_NS;
    } else if (!strcmp(name, "redirect") && !x->in_revision) {
        free(p->redirect);
        p->redirect = attribute(attrs, nb_attributes, "title", NULL);
    } else if (!strcmp(name, "id") && x->in_revision && !x->in_contributor && !p->have_rev_id) {
        x->field = F_REV_ID;
        p->have_rev_id = true;
    } else if (!strcmp(name, "timestamp") && x->in_revision) {
        x->field = F_TIMESTAMP;
    } else if (!strcmp(name, "text") && x->in_revision) {
        x->field = F_TEXT;
    }
}

static void end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                        const xmlChar *uri)
{
    struct xreader *x = ctx;
    const char *name = (const char *)localname;
    x->field = F_NONE;
    if (!strcmp(name, "revision")) {
        x->in_revision = false;
    } else if (!strcmp(name, "contributor")) {
        x->in_contributor = false;
    } else if (!strcmp(name, "dbname")) {
        site_lang(x);
    } else if (!strcmp(name, "page") && x->page.open) {
        if (x->text_too_long)
            x->page.open = false;
        else if (!x->err && (x->err = page_done(x)))
            xmlStopParser(x->ctxt);
    }
}

static void characters(void *ctx, const xmlChar *ch, int len)
{
    struct xreader *x = ctx;
    struct buf *b = field_buf(x);
    if (!b || x->text_too_long)
        return;
    if (buf_append(b, ch, (size_t)len)) {
        char why[96];
        snprintf(why, sizeof why, "text longer than %zu bytes", b->max);
        skip_page(x, why);
        x->text_too_long = true;
    }
}

enum err kb_read_xml(struct kb_stream *in, const struct kb_parse_opts *o,
                     const struct kb_sink *sink, struct errbuf *eb)
{
    struct xreader *x = xcalloc(1, sizeof *x);
    x->o = o;
    x->sink = sink;
    x->in = in;
    x->eb = eb;
    buf_init(&x->dbname, 256);
    buf_init(&x->base, 4096);
    buf_init(&x->page.title, 4096);
    buf_init(&x->page.ns, 64);
    buf_init(&x->page.rev_id, 64);
    buf_init(&x->page.timestamp, 64);
    buf_init(&x->page.text, KB_MAX_RECORD);
    buf_init(&x->lead, 256 * 1024);
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = start_element;
    sax.endElementNs = end_element;
    sax.characters = characters;
    sax.cdataBlock = characters;
    sax.serror = error_cb;
    enum err err = ERR_OK;
    char chunk[1 << 16];
    size_t got;
    struct errbuf se = {{0}};
    enum err rerr = kb_stream_read(in, chunk, 4, &got, &se);
    /* The first bytes tell the encoding (a UTF-16 BOM, or "<?xm"). */
    x->ctxt = rerr ? NULL : xmlCreatePushParserCtxt(&sax, x, chunk, (int)got, NULL);
    if (!x->ctxt) {
        err = rerr ? errf(eb, rerr, "%s", se.msg)
                   : errf(eb, ERR_PARSE, "cannot start the XML parser");
        goto out;
    }
    /* No network, no entities from DTDs; HUGE lifts libxml2's 10 MB text-node
     * limit (ours is KB_MAX_RECORD). */
    xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET | XML_PARSE_HUGE);
    bool end = got == 0;
    while (!end && !x->err) {
        rerr = kb_stream_read(in, chunk, sizeof chunk, &got, &se);
        if (rerr == ERR_PARSE) {
            sink->skip(sink->ctx, 0, kb_stream_in_pos(in), se.msg);
            x->data_error = true;
            got = 0;
        } else if (rerr) {
            err = errf(eb, rerr, "%s", se.msg);
            break;
        }
        end = got == 0;
        if (xmlParseChunk(x->ctxt, chunk, (int)got, end) != XML_ERR_OK && !x->err)
            break; /* a well-formedness error ends the document */
    }
    if (!err && x->err)
        err = x->err;
    else if (!err && x->xml_error[0]) {
        char why[400];
        if (x->data_error)
            snprintf(why, sizeof why, "cut off where the data ended (%s)", x->xml_error);
        else
            snprintf(why, sizeof why, "XML error: %s", x->xml_error);
        if (x->page.open && !x->text_too_long)
            skip_page(x, why);
        else
            sink->skip(sink->ctx, (uint64_t)x->xml_error_line, (uint64_t)xmlByteConsumed(x->ctxt),
                       why);
    }
    xmlFreeParserCtxt(x->ctxt);
out:
    page_clear(&x->page);
    buf_clear(&x->dbname);
    buf_clear(&x->base);
    buf_clear(&x->lead);
    free(x);
    return err;
}
