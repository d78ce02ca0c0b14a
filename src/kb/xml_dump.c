/* MediaWiki pages-articles XML, read with libxml2's streaming reader: one page
 * at a time, whatever the dump's size, in UTF-8 or UTF-16 (told by the BOM). */
#include <libxml/xmlreader.h>
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
    const struct kb_parse_opts *o;
    const struct kb_sink *sink;
    struct kb_stream *in;
    enum err stream_err; /* a read error that is not about the data: fatal */
    struct errbuf stream_eb;
    bool data_error; /* the compressed data was cut or corrupt: reported already */
    char xml_error[256]; /* libxml2's last complaint */
    int xml_error_line;
    char lang[32];
    struct buf dbname, base;
    struct page page;
    enum field field;
    bool in_revision, in_contributor;
    struct buf lead; /* scratch for the opening paragraph */
};

static int read_cb(void *ctx, char *dst, int len)
{
    struct xreader *x = ctx;
    size_t got;
    struct errbuf eb = {{0}};
    enum err err = kb_stream_read(x->in, dst, (size_t)len, &got, &eb);
    if (err == ERR_PARSE) {
        x->sink->skip(x->sink->ctx, 0, kb_stream_in_pos(x->in), eb.msg);
        x->data_error = true;
        return 0; /* the end, as far as XML goes: the page being read is cut */
    }
    if (err) {
        x->stream_err = err;
        x->stream_eb = eb;
        return -1;
    }
    return (int)got;
}

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

static void page_free(struct page *p)
{
    page_reset(p);
    buf_free(&p->title);
    buf_free(&p->ns);
    buf_free(&p->rev_id);
    buf_free(&p->timestamp);
    buf_free(&p->text);
}

static struct buf *field_buf(struct xreader *x)
{
    switch (x->field) {
    case F_TITLE: return &x->page.title;
    case F_NS: return &x->page.ns;
    case F_REV_ID: return &x->page.rev_id;
    case F_TIMESTAMP: return &x->page.timestamp;
    case F_TEXT: return &x->page.text;
    case F_DBNAME: return &x->dbname;
    case F_BASE: return &x->base;
    default: return NULL;
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

static enum err on_link(void *ctx, const char *target, size_t tlen, const char *label,
                        size_t llen)
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
    char msg[400];
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

static void start_element(struct xreader *x, xmlTextReaderPtr r, const char *name)
{
    struct page *p = &x->page;
    x->field = F_NONE;
    if (!strcmp(name, "mediawiki")) {
        xmlChar *l = xmlTextReaderGetAttribute(r, (const xmlChar *)"xml:lang");
        if (l && !x->lang[0])
            snprintf(x->lang, sizeof x->lang, "%s", (const char *)l);
        xmlFree(l);
    } else if (!strcmp(name, "page")) {
        if (p->open)
            skip_page(x, "not closed before the next <page>");
        page_reset(p);
        p->open = true;
        p->line = (uint64_t)xmlTextReaderGetParserLineNumber(r);
        p->offset = (uint64_t)xmlTextReaderByteConsumed(r);
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
        xmlChar *t = xmlTextReaderGetAttribute(r, (const xmlChar *)"title");
        free(p->redirect);
        p->redirect = t ? xstrdup((const char *)t) : NULL;
        xmlFree(t);
    } else if (!strcmp(name, "id") && x->in_revision && !x->in_contributor && !p->have_rev_id) {
        x->field = F_REV_ID;
        p->have_rev_id = true;
    } else if (!strcmp(name, "timestamp") && x->in_revision) {
        x->field = F_TIMESTAMP;
    } else if (!strcmp(name, "text") && x->in_revision) {
        x->field = F_TEXT;
    }
}

static enum err end_element(struct xreader *x, const char *name)
{
    x->field = F_NONE;
    if (!strcmp(name, "revision"))
        x->in_revision = false;
    else if (!strcmp(name, "contributor"))
        x->in_contributor = false;
    else if (!strcmp(name, "dbname"))
        site_lang(x);
    else if (!strcmp(name, "page") && x->page.open)
        return page_done(x);
    return ERR_OK;
}

enum err kb_read_xml(struct kb_stream *in, const struct kb_parse_opts *o,
                     const struct kb_sink *sink, struct errbuf *eb)
{
    struct xreader *x = xcalloc(1, sizeof *x);
    x->o = o;
    x->sink = sink;
    x->in = in;
    buf_init(&x->dbname, 256);
    buf_init(&x->base, 4096);
    buf_init(&x->page.title, 4096);
    buf_init(&x->page.ns, 64);
    buf_init(&x->page.rev_id, 64);
    buf_init(&x->page.timestamp, 64);
    buf_init(&x->page.text, KB_MAX_RECORD);
    buf_init(&x->lead, 256 * 1024);
    enum err err = ERR_OK;
    /* No network, no entity expansion from DTDs; HUGE lifts libxml2's 10 MB
     * text-node limit (our own limit is KB_MAX_RECORD). */
    xmlTextReaderPtr r = xmlReaderForIO(read_cb, NULL, x, NULL, NULL,
                                        XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_COMPACT);
    if (!r) {
        err = errf(eb, ERR_PARSE, "cannot start the XML reader");
        goto out;
    }
    xmlTextReaderSetStructuredErrorHandler(r, error_cb, x);
    bool text_too_long = false;
    int rc;
    while (!err && (rc = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        const char *name = (const char *)xmlTextReaderConstLocalName(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            start_element(x, r, name);
            if (!strcmp(name, "page"))
                text_too_long = false;
            if (xmlTextReaderIsEmptyElement(r))
                err = end_element(x, name);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (!strcmp(name, "page") && text_too_long) {
                x->page.open = false;
                x->field = F_NONE;
                continue;
            }
            err = end_element(x, name);
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            struct buf *b = field_buf(x);
            const char *v = (const char *)xmlTextReaderConstValue(r);
            if (b && v && !text_too_long && buf_puts(b, v)) {
                char why[96];
                snprintf(why, sizeof why, "text longer than %zu bytes", b->max);
                skip_page(x, why);
                text_too_long = true;
            }
        }
    }
    if (!err && x->stream_err)
        err = errf(eb, x->stream_err, "%s", x->stream_eb.msg);
    else if (!err && rc != 0) {
        /* Malformed XML ends the reading: report it, and the page it cut. */
        char why[400];
        snprintf(why, sizeof why, "XML error%s: %s", x->data_error ? " after the cut" : "",
                 x->xml_error[0] ? x->xml_error : "unreadable");
        if (x->page.open)
            skip_page(x, why);
        else
            sink->skip(sink->ctx, (uint64_t)x->xml_error_line, kb_stream_in_pos(in), why);
    }
    xmlFreeTextReader(r);
out:
    page_free(&x->page);
    buf_free(&x->dbname);
    buf_free(&x->base);
    buf_free(&x->lead);
    free(x);
    return err;
}
