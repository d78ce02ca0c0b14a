/* RSS 0.90/0.9x/1.0/2.0 and Atom 0.3/1.0 in one pass over the document with
 * libxml2's SAX2 interface (RECOVER|NONET, never NOENT or DTDLOAD: entities
 * come only from our getEntity, which knows the HTML names and nothing else).
 *
 * Each open element gets a frame whose role says what it is (the channel, an
 * item, a field being collected, markup inside a field, something ignored).
 * Fields are recognised only as children of their container, so an <id> inside
 * an unknown <image> of an entry never passes for the entry's id. When libxml2
 * recovers from a mismatched end tag it closes whatever element is open; the
 * frames are closed up to the element the end tag named instead, so one
 * unclosed <br> inside a description does not swallow the rest of the feed. */
#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/url.h"
#include "base/xalloc.h"
#include "lang/utf8.h"
#include "feed/decode.h"
#include "feed/xml_internal.h"

/* libxml2 drops every entity reference (&amp; included) once it has seen an
 * error, even in recover mode. The errors are kept through on_error; marking
 * the document well-formed again before each event keeps the text intact. */
static void revive(struct xp *p)
{
    p->ctxt->wellFormed = 1;
}

static const char *keep_string(struct xp *p, char *s)
{
    if (p->n_strings == p->cap_strings) {
        p->cap_strings = p->cap_strings ? p->cap_strings * 2 : 8;
        p->strings = xrealloc(p->strings, p->cap_strings * sizeof *p->strings);
    }
    p->strings[p->n_strings++] = s;
    return s;
}

static enum ns ns_of(struct xp *p, const xmlChar *uri, const xmlChar *prefix)
{
    if (!uri || !*uri)
        return prefix ? xp_ns_by_prefix((const char *)prefix) : NS_CORE;
    if (p->core_uri && !strcmp((const char *)uri, p->core_uri))
        return NS_CORE;
    /* The parser interns namespace names: a pointer seen before is the same name. */
    for (size_t i = 0; i < 8; i++)
        if (p->ns_uri_cache[i] == (const char *)uri)
            return p->ns_cache[i];
    enum ns ns = xp_ns_by_uri((const char *)uri);
    p->ns_uri_cache[p->ns_cache_next] = (const char *)uri;
    p->ns_cache[p->ns_cache_next] = ns;
    p->ns_cache_next = (p->ns_cache_next + 1) % 8;
    return ns;
}

/* xp_tag_of for a name the parser interned: most feeds use a dozen names over
 * and over, so the lookup is remembered by the name's address. */
static enum tag cached_tag(struct xp *p, enum ns ns, const char *local)
{
    size_t h = ((uintptr_t)local >> 4 ^ (size_t)ns) & 63;
    if (p->tag_cache[h].local == local && p->tag_cache[h].ns == ns)
        return p->tag_cache[h].tag;
    enum tag t = xp_tag_of(ns, local);
    p->tag_cache[h].local = local;
    p->tag_cache[h].ns = ns;
    p->tag_cache[h].tag = t;
    return t;
}

static char *attr_xml(const struct attrs *at, const char *name)
{
    for (int i = 0; i < at->n; i++) {
        const xmlChar **a = at->a + 5 * i;
        if (a[2] && !strcmp((const char *)a[2], (const char *)XML_XML_NAMESPACE) &&
            !strcmp((const char *)a[0], name))
            return xstrndup((const char *)a[3], (size_t)(a[4] - a[3]));
    }
    return NULL;
}

/* The innermost frame that is still open, or NULL. */
static struct frame *logical_top(struct xp *p)
{
    for (size_t i = p->depth; i > 0; i--)
        if (!p->stack[i - 1].closed)
            return &p->stack[i - 1];
    return NULL;
}

static void start_root(struct xp *p, struct frame *f, enum tag t, const xmlChar *uri,
                       const struct attrs *at, int nb_namespaces, const xmlChar **namespaces)
{
    struct feed *feed = p->feed;
    snprintf(p->root_name, sizeof p->root_name, "%s", f->local);
    p->is_feed = true;
    switch (t) {
    case T_RSS: {
        f->role = R_ROOT;
        char *v = xp_attr_dup(at, "version");
        feed->format = !v                       ? FEED_RSS
                       : !strncmp(v, "0.90", 4) ? FEED_RSS090
                       : !strncmp(v, "0.91", 4) ? FEED_RSS091
                       : !strncmp(v, "0.92", 4) ? FEED_RSS092
                       : !strncmp(v, "0.93", 4) ? FEED_RSS093
                       : !strncmp(v, "0.94", 4) ? FEED_RSS094
                                                : FEED_RSS20;
        free(v);
        break;
    }
    case T_RDF:
        f->role = R_ROOT;
        feed->format = FEED_RSS10;
        for (int i = 0; i < nb_namespaces; i++)
            if (namespaces[2 * i + 1] && !strcmp((const char *)namespaces[2 * i + 1], NS_RSS090))
                feed->format = FEED_RSS090;
        break;
    case T_FEED: {
        f->role = R_CHANNEL;
        char *v = xp_attr_dup(at, "version");
        bool v03 = (v && !strcmp(v, "0.3")) ||
                   (uri && !strcmp((const char *)uri, "http://purl.org/atom/ns#"));
        free(v);
        feed->format = v03 ? FEED_ATOM03 : FEED_ATOM10;
        break;
    }
    case T_CHANNEL:
        f->role = R_CHANNEL;
        feed->format = FEED_RSS;
        break;
    case T_ENTRY:
        feed->format = FEED_ATOM10;
        xp_item_begin(p, f, at);
        break;
    default:
        f->role = R_IGNORE;
        p->is_feed = false;
        xmlStopParser(p->ctxt);
        return;
    }
    if (f->lang && f->role != R_ITEM) {
        feed->lang = feed_value_lang(f->lang, strlen(f->lang));
        p->feed_prio[F_LANG] = 1;
    }
}

static void on_start(void *ud, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **attributes)
{
    struct xp *p = ud;
    revive(p);
    struct frame *parent = logical_top(p);
    if (p->depth == p->cap_frames) {
        p->cap_frames = p->cap_frames ? p->cap_frames * 2 : 32;
        p->stack = xrealloc(p->stack, p->cap_frames * sizeof *p->stack);
        parent = logical_top(p);
    }
    struct frame *f = &p->stack[p->depth++];
    struct attrs at = {attributes, nb_attributes};
    f->local = (const char *)localname;
    f->prefix = (const char *)prefix;
    f->closed = false;
    f->role = R_IGNORE;
    f->base = parent ? parent->base : p->doc_base;
    f->lang = parent ? parent->lang : NULL;
    char *xb = attr_xml(&at, "base");
    if (xb) {
        char *abs = url_resolve(f->base, xb);
        free(xb);
        if (abs)
            f->base = keep_string(p, abs);
    }
    char *xl = attr_xml(&at, "lang");
    if (xl)
        f->lang = keep_string(p, xl);

    if (p->cap.active) {
        xp_markup_start(p, f, uri, &at);
        return;
    }
    enum ns ns = ns_of(p, uri, prefix);
    enum tag t = cached_tag(p, ns, f->local);
    if (!parent) {
        if (p->root_seen)
            return;
        p->root_seen = true;
        if (ns == NS_OTHER) {
            /* <rss xmlns="http://backend.userland.com/rss2.1">, <feed
             * xmlns="http://example.com/newformat#">: a feed's root in a namespace
             * we do not know still names the format; its namespace is read as ours. */
            enum tag as_core = xp_tag_of(NS_CORE, f->local);
            if (as_core == T_RSS || as_core == T_FEED || as_core == T_CHANNEL) {
                p->core_uri = keep_string(p, xstrdup((const char *)uri));
                t = as_core;
            }
        }
        start_root(p, f, t, uri, &at, nb_namespaces, namespaces);
        return;
    }
    switch (parent->role) {
    case R_ROOT:
        if (t == T_CHANNEL) {
            f->role = R_CHANNEL;
            if (p->feed->format == FEED_RSS10 && uri && !strcmp((const char *)uri, NS_RSS090))
                p->feed->format = FEED_RSS090;
            if (f->lang && !p->feed->lang) {
                p->feed->lang = feed_value_lang(f->lang, strlen(f->lang));
                p->feed_prio[F_LANG] = 1;
            }
        } else if (t == T_ITEM && !p->item) {
            xp_item_begin(p, f, &at);
        } else if (t == T_IMAGE) {
            f->role = R_IMAGE;
        }
        break;
    case R_CHANNEL:
        if ((t == T_ITEM || t == T_ENTRY) && !p->item)
            xp_item_begin(p, f, &at);
        else if (t == T_IMAGE && ns == NS_CORE)
            f->role = R_IMAGE;
        else
            xp_container_child(p, f, t, ns, &at, false);
        break;
    case R_ITEM:
        xp_container_child(p, f, t, ns, &at, true);
        break;
    case R_PERSON:
        if (t == T_NAME)
            xp_capture_begin(p, f, F_PERSON_NAME, p->person.item, 0, TEXT_PLAIN);
        else if (t == T_EMAIL)
            xp_capture_begin(p, f, F_PERSON_EMAIL, p->person.item, 0, TEXT_PLAIN);
        break;
    case R_IMAGE:
        if (t == T_URL) {
            xp_capture_begin(p, f, F_IMAGE_URL, false, 5, TEXT_PLAIN);
        } else if (t == T_TITLE) {
            xp_capture_begin(p, f, F_IMAGE_TITLE, false, 0, TEXT_PLAIN);
        }
        break;
    case R_MEDIA_GROUP:
    case R_MEDIA_CONTENT:
        if (p->item)
            xp_media_child(p, f, t, &at, false);
        break;
    case R_IT_CATEGORY:
        if (t == T_IT_CATEGORY)
            xp_itunes_category(p, f, &at);
        break;
    default:
        break;
    }
}

/* Closes frame idx in the model's eyes. */
static void logical_end(struct xp *p, size_t idx)
{
    struct frame *f = &p->stack[idx];
    if (f->closed)
        return;
    f->closed = true;
    switch (f->role) {
    case R_MARKUP:
        xp_markup_end(p, f);
        break;
    case R_FIELD:
        if (p->cap.active && p->cap.frame == idx)
            xp_capture_end(p);
        break;
    case R_PERSON:
        if (p->person.active && p->person.frame == idx)
            xp_person_end(p);
        break;
    case R_ITEM:
        if (p->item)
            xp_item_end(p);
        break;
    case R_MEDIA_CONTENT:
        if (p->media.active)
            xp_media_end(p);
        break;
    default:
        break;
    }
}

static bool frame_named(const struct frame *f, const char *qname)
{
    if (!f->prefix)
        return !strcmp(f->local, qname);
    size_t pl = strlen(f->prefix);
    return !strncmp(qname, f->prefix, pl) && qname[pl] == ':' && !strcmp(qname + pl + 1, f->local);
}

static void on_end(void *ud, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    struct xp *p = ud;
    revive(p);
    if (!p->depth)
        return;
    size_t top = p->depth - 1;
    if (p->pending[0]) {
        /* libxml2 closes its current element for an end tag that named another:
         * close up to the element that was named, if it is open. */
        size_t k = p->depth;
        while (k > 0 && (p->stack[k - 1].closed || !frame_named(&p->stack[k - 1], p->pending)))
            k--;
        p->pending[0] = '\0';
        if (k > 0)
            for (size_t i = p->depth; i >= k; i--)
                logical_end(p, i - 1);
    }
    logical_end(p, top);
    p->depth--;
}

static void on_chars(void *ud, const xmlChar *s, int n)
{
    struct xp *p = ud;
    revive(p);
    if (p->cap.active) {
        xp_capture_append(p, (const char *)s, (size_t)n);
        return;
    }
    struct frame *top = logical_top(p);
    if (p->person.active && top == &p->stack[p->person.frame] &&
        buf_append(&p->person.text, s, (size_t)n))
        feed_flag(p->feed, "an author longer than %u bytes was cut", FEED_MAX_FIELD);
}

static void free_entity(void *payload, const xmlChar *name);

/* An entity libxml2 inlines as text: "predefined" is the kind it never parses. */
static xmlEntityPtr new_entity(const char *name, const char *content)
{
    xmlEntityPtr e = xcalloc(1, sizeof *e);
    e->type = XML_ENTITY_DECL;
    e->etype = XML_INTERNAL_PREDEFINED_ENTITY;
    e->name = (const xmlChar *)xstrdup(name);
    e->content = (xmlChar *)xstrdup(content);
    e->length = (int)strlen(content);
    return e;
}

/* The internal subset's simple text entities (<!ENTITY id "tag:example.com,">)
 * become known names; anything with markup or references in it, external
 * entities and parameter entities stay unknown, so nothing can expand. */
static void on_entity_decl(void *ud, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
    struct xp *p = ud;
    if (type != XML_INTERNAL_GENERAL_ENTITY || !content || xmlHashSize(p->entities) >= 256)
        return;
    size_t n = strlen((const char *)content);
    if (n > 256 || strpbrk((const char *)content, "&<%") || xmlHashLookup(p->entities, name))
        return;
    xmlEntityPtr e = new_entity((const char *)name, (const char *)content);
    if (xmlHashAddEntry(p->entities, name, e))
        free_entity(e, name);
}

static void free_entity(void *payload, const xmlChar *name)
{
    xmlEntityPtr e = payload;
    xmlFree(e->orig); /* the declaration's raw text, which libxml2 hands over */
    free((char *)e->name);
    free((char *)e->content);
    free(e);
}

/* Every entity reference the document makes lands here (the predefined five
 * excepted). HTML's names become their characters, which feeds rely on; an
 * unknown name stays as written. In an attribute value libxml2 copies only
 * the first byte of a predefined entity, so only ASCII is offered there. */
static xmlEntityPtr on_entity(void *ud, const xmlChar *name)
{
    struct xp *p = ud;
    revive(p);
    xmlEntityPtr e = xmlHashLookup(p->entities, name);
    /* Asked from inside the DTD (libxml2 files a declaration's raw text with
     * it): only what on_entity_decl accepted exists. */
    if (p->ctxt->inSubset)
        return e;
    if (!e) {
        const htmlEntityDesc *d = htmlEntityLookup(name);
        char content[160];
        if (d) {
            content[utf8_encode((int32_t)d->value, content)] = '\0';
        } else {
            snprintf(content, sizeof content, "&%.120s;", (const char *)name);
            feed_flag(p->feed, "line %d: unknown or unexpanded entity &%.60s;",
                      xmlSAX2GetLineNumber(p->ctxt), (const char *)name);
        }
        e = new_entity((const char *)name, content);
        if (xmlHashAddEntry(p->entities, name, e)) {
            free_entity(e, name);
            return NULL;
        }
    }
    if (p->ctxt->instate == XML_PARSER_ATTRIBUTE_VALUE && (e->length != 1 || e->content[0] == '&'))
        return NULL;
    return e;
}

/* A bare ampersand in text ("AT&T", "?a=1&b=2"): libxml2 drops it and the
 * name after it. The parser stands just past them: put them back. */
static void keep_bare_ampersand(struct xp *p)
{
    xmlParserInputPtr in = p->ctxt->input;
    if (!p->cap.active || p->ctxt->instate != XML_PARSER_CONTENT || !in || !in->cur)
        return;
    const xmlChar *amp = in->cur;
    while (amp > in->base && in->cur - amp < 64 && amp[-1] != '&')
        amp--;
    if (amp > in->base && amp[-1] == '&')
        xp_capture_append(p, (const char *)amp - 1, (size_t)(in->cur - amp) + 1);
}

static void on_error(void *ud, xmlErrorPtr e)
{
    struct xp *p = ud;
    if (e->level == XML_ERR_WARNING)
        return;
    if (e->code == XML_ERR_ENTITYREF_SEMICOL_MISSING || e->code == XML_ERR_NAME_REQUIRED)
        keep_bare_ampersand(p);
    /* A DTD that names an external parameter entity: never loaded (no
     * DTDLOAD), which is our choice, not the document's fault. */
    if (p->ctxt->inSubset &&
        (e->code == XML_ERR_UNDECLARED_ENTITY || e->code == XML_WAR_UNDECLARED_ENTITY))
        return;
    if (e->code == XML_ERR_TAG_NAME_MISMATCH && e->str2 && strlen(e->str2) < sizeof p->pending)
        strcpy(p->pending, e->str2);
    if (p->feed->ill_formed)
        return;
    char msg[200];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "XML error");
    size_t n = strlen(msg);
    while (n && isspace((unsigned char)msg[n - 1]))
        msg[--n] = '\0';
    feed_flag(p->feed, "line %d: %s", e->line, msg);
}

static void xp_clear(struct xp *p)
{
    for (size_t i = 0; i < p->n_strings; i++)
        free(p->strings[i]);
    free(p->strings);
    free(p->stack);
    buf_clear(&p->cap.buf);
    buf_clear(&p->person.text);
    free(p->person.name);
    free(p->person.email);
    free(p->media.url);
    free(p->media.caption);
    free(p->media.credit);
    free(p->pick.url);
    free(p->pick.caption);
    free(p->pick.credit);
    free(p->loose_caption);
    free(p->loose_title);
    free(p->loose_credit);
    free(p->itunes_author);
    free(p->guid_link);
    free(p->feed_itunes_author);
    if (p->entities)
        xmlHashFree(p->entities, free_entity);
}

enum err feed_read_xml(const char *data, size_t len, const char *base_url, struct feed *f,
                       struct errbuf *eb)
{
    if (len > INT_MAX)
        return errf(eb, ERR_LIMIT, "document of %zu bytes is too large", len);
    struct xp p;
    memset(&p, 0, sizeof p);
    p.feed = f;
    p.doc_base = base_url;
    buf_init(&p.cap.buf, FEED_MAX_FIELD);
    buf_init(&p.person.text, FEED_MAX_FIELD);
    p.entities = xmlHashCreate(16);

    enum err err = ERR_OK;
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_chars;
    sax.cdataBlock = on_chars;
    sax.getEntity = on_entity;
    sax.entityDecl = on_entity_decl;
    sax.serror = on_error;
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&sax, &p, NULL, 0, NULL);
    if (!ctxt) {
        err = errf(eb, ERR_PARSE, "cannot start the XML parser");
        goto out;
    }
    p.ctxt = ctxt;
    xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_IGNORE_ENC |
                                XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
    ctxt->encoding = xmlStrdup((const xmlChar *)"UTF-8");
    xmlParseChunk(ctxt, data, (int)len, 1);
    /* Elements left open at the end (a truncated feed) still count. */
    for (size_t i = p.depth; i > 0; i--)
        logical_end(&p, i - 1);
    if (!p.root_seen)
        err = errf(eb, ERR_PARSE, "no XML element found: not a feed");
    else if (!p.is_feed)
        err = errf(eb, ERR_PARSE, "not a feed: the document is <%s>", p.root_name);
    if (!f->n_authors && p.feed_itunes_author) {
        xp_add_author(&p, false, p.feed_itunes_author);
        p.feed_itunes_author = NULL;
    }
    /* libxml2 records entity declarations in a document of its own when a SAX
     * user builds none ("expat compatibility"); it is ours to free. */
    if (ctxt->myDoc)
        xmlFreeDoc(ctxt->myDoc);
    xmlFreeParserCtxt(ctxt);
out:
    xp_clear(&p);
    return err;
}
