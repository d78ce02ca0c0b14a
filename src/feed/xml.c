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
#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/url.h"
#include "base/xalloc.h"
#include "feed/decode.h"
#include "feed/html.h"
#include "feed/internal.h"

#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"

enum ns {
    NS_OTHER,
    NS_CORE, /* no namespace, RSS 0.90, RSS 1.0, Userland RSS 2.0 */
    NS_ATOM, /* Atom 1.0 and 0.3 */
    NS_RDF,
    NS_DC,
    NS_DCTERMS,
    NS_CONTENT,
    NS_MEDIA,
    NS_ITUNES,
    NS_XHTML,
};

enum tag {
    T_OTHER,
    T_AUTHOR,
    T_BODY,
    T_CATEGORY,
    T_CHANNEL,
    T_CONTENT,
    T_CONTENT_ENCODED,
    T_COPYRIGHT,
    T_DC_CREATOR,
    T_DC_DATE,
    T_DC_DESCRIPTION,
    T_DC_IDENTIFIER,
    T_DC_LANGUAGE,
    T_DC_RIGHTS,
    T_DC_SUBJECT,
    T_DC_TITLE,
    T_DCT_ISSUED,
    T_DCT_MODIFIED,
    T_DESCRIPTION,
    T_EMAIL,
    T_ENCLOSURE,
    T_ENTRY,
    T_FEED,
    T_FULLITEM,
    T_GUID,
    T_ICON,
    T_ID,
    T_IMAGE,
    T_IT_AUTHOR,
    T_IT_CATEGORY,
    T_IT_IMAGE,
    T_IT_LINK,
    T_IT_SUBTITLE,
    T_IT_SUMMARY,
    T_ITEM,
    T_LANGUAGE,
    T_LASTBUILDDATE,
    T_LINK,
    T_LOGO,
    T_MANAGINGEDITOR,
    T_MEDIA_CATEGORY,
    T_MEDIA_CONTENT,
    T_MEDIA_CREDIT,
    T_MEDIA_DESCRIPTION,
    T_MEDIA_GROUP,
    T_MEDIA_THUMBNAIL,
    T_MEDIA_TITLE,
    T_MODIFIED,
    T_NAME,
    T_PUBDATE,
    T_PUBLISHED,
    T_RDF,
    T_RIGHTS,
    T_RSS,
    T_SUBTITLE,
    T_SUMMARY,
    T_TAGLINE,
    T_TITLE,
    T_UPDATED,
    T_URL,
};

struct tag_entry {
    const char *name;
    enum ns ns;
    enum tag tag;
};

/* Sorted by name ignoring case, then namespace. Names match ignoring case
 * (<pubdate>, <TiTlE> are out there). Atom elements are looked up as NS_CORE:
 * the names RSS and Atom share mean the same thing, and Atom 0.3 feeds without
 * a namespace exist. */
static const struct tag_entry tags[] = {
    {"author", NS_CORE, T_AUTHOR},
    {"author", NS_DC, T_DC_CREATOR},
    {"author", NS_ITUNES, T_IT_AUTHOR},
    {"body", NS_CORE, T_BODY},
    {"body", NS_XHTML, T_BODY},
    {"category", NS_CORE, T_CATEGORY},
    {"category", NS_MEDIA, T_MEDIA_CATEGORY},
    {"category", NS_ITUNES, T_IT_CATEGORY},
    {"channel", NS_CORE, T_CHANNEL},
    {"content", NS_CORE, T_CONTENT},
    {"content", NS_MEDIA, T_MEDIA_CONTENT},
    {"copyright", NS_CORE, T_COPYRIGHT},
    {"creator", NS_DC, T_DC_CREATOR},
    {"credit", NS_MEDIA, T_MEDIA_CREDIT},
    {"date", NS_DC, T_DC_DATE},
    {"description", NS_CORE, T_DESCRIPTION},
    {"description", NS_DC, T_DC_DESCRIPTION},
    {"description", NS_MEDIA, T_MEDIA_DESCRIPTION},
    {"email", NS_CORE, T_EMAIL},
    {"enclosure", NS_CORE, T_ENCLOSURE},
    {"encoded", NS_CONTENT, T_CONTENT_ENCODED},
    {"entry", NS_CORE, T_ENTRY},
    {"feed", NS_CORE, T_FEED},
    {"fullitem", NS_CORE, T_FULLITEM},
    {"group", NS_MEDIA, T_MEDIA_GROUP},
    {"guid", NS_CORE, T_GUID},
    {"icon", NS_CORE, T_ICON},
    {"id", NS_CORE, T_ID},
    {"identifier", NS_DC, T_DC_IDENTIFIER},
    {"image", NS_CORE, T_IMAGE},
    {"image", NS_ITUNES, T_IT_IMAGE},
    {"issued", NS_CORE, T_PUBLISHED},
    {"issued", NS_DCTERMS, T_DCT_ISSUED},
    {"item", NS_CORE, T_ITEM},
    {"language", NS_CORE, T_LANGUAGE},
    {"language", NS_DC, T_DC_LANGUAGE},
    {"lastBuildDate", NS_CORE, T_LASTBUILDDATE},
    {"link", NS_CORE, T_LINK},
    {"link", NS_ITUNES, T_IT_LINK},
    {"logo", NS_CORE, T_LOGO},
    {"managingEditor", NS_CORE, T_MANAGINGEDITOR},
    {"modified", NS_CORE, T_MODIFIED},
    {"modified", NS_DCTERMS, T_DCT_MODIFIED},
    {"name", NS_CORE, T_NAME},
    {"pubDate", NS_CORE, T_PUBDATE},
    {"published", NS_CORE, T_PUBLISHED},
    {"RDF", NS_RDF, T_RDF},
    {"rights", NS_CORE, T_RIGHTS},
    {"rights", NS_DC, T_DC_RIGHTS},
    {"rss", NS_CORE, T_RSS},
    {"subject", NS_DC, T_DC_SUBJECT},
    {"subtitle", NS_CORE, T_SUBTITLE},
    {"subtitle", NS_ITUNES, T_IT_SUBTITLE},
    {"summary", NS_CORE, T_SUMMARY},
    {"summary", NS_ITUNES, T_IT_SUMMARY},
    {"tagline", NS_CORE, T_TAGLINE},
    {"thumbnail", NS_MEDIA, T_MEDIA_THUMBNAIL},
    {"title", NS_CORE, T_TITLE},
    {"title", NS_DC, T_DC_TITLE},
    {"title", NS_MEDIA, T_MEDIA_TITLE},
    {"updated", NS_CORE, T_UPDATED},
    {"url", NS_CORE, T_URL},
};

static int tag_cmp(const void *key, const void *elem)
{
    const struct tag_entry *k = key, *e = elem;
    int c = strcasecmp(k->name, e->name);
    return c ? c : (int)k->ns - (int)e->ns;
}

static enum tag tag_of(enum ns ns, const char *local)
{
    if (ns == NS_OTHER)
        return T_OTHER;
    struct tag_entry key = {local, ns == NS_ATOM ? NS_CORE : ns, T_OTHER};
    const struct tag_entry *hit =
        bsearch(&key, tags, sizeof tags / sizeof tags[0], sizeof tags[0], tag_cmp);
    return hit ? hit->tag : T_OTHER;
}

static enum ns ns_by_uri(const char *uri)
{
    static const struct {
        const char *uri;
        enum ns ns;
    } known[] = {
        {"http://www.w3.org/2005/Atom", NS_ATOM},
        {"http://purl.org/atom/ns#", NS_ATOM},
        {"http://purl.org/rss/1.0/", NS_CORE},
        {NS_RSS090, NS_CORE},
        {"http://backend.userland.com/rss2", NS_CORE},
        {"http://backend.userland.com/rss", NS_CORE},
        {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF},
        {"http://purl.org/dc/elements/1.1/", NS_DC},
        {"http://purl.org/dc/elements/1.0/", NS_DC},
        {"http://purl.org/dc/terms/", NS_DCTERMS},
        {"http://purl.org/rss/1.0/modules/content/", NS_CONTENT},
        {"http://search.yahoo.com/mrss/", NS_MEDIA},
        {"http://search.yahoo.com/mrss", NS_MEDIA},
        {"http://video.search.yahoo.com/mrss", NS_MEDIA},
        {"http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES},
        {"https://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES},
        {"http://www.w3.org/1999/xhtml", NS_XHTML},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcasecmp(uri, known[i].uri))
            return known[i].ns;
    return NS_OTHER;
}

/* An undeclared prefix (a common slip) read by its usual meaning. */
static enum ns ns_by_prefix(const char *prefix)
{
    static const struct {
        const char *prefix;
        enum ns ns;
    } known[] = {
        {"atom", NS_ATOM},       {"dc", NS_DC},       {"dcterms", NS_DCTERMS},
        {"content", NS_CONTENT}, {"media", NS_MEDIA}, {"itunes", NS_ITUNES},
        {"xhtml", NS_XHTML},     {"rdf", NS_RDF},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(prefix, known[i].prefix))
            return known[i].ns;
    return NS_OTHER;
}

enum role {
    R_IGNORE,        /* nothing inside matters */
    R_ROOT,          /* <rss>, <rdf:RDF> */
    R_CHANNEL,       /* <channel>, Atom <feed> */
    R_ITEM,          /* <item>, <entry> */
    R_FIELD,         /* a value being collected */
    R_MARKUP,        /* an element inside a value, kept as markup */
    R_MARKUP_HIDDEN, /* the wrapper <div> of Atom XHTML content: its content only */
    R_PERSON,        /* Atom person construct, or an RSS <author> */
    R_IMAGE,         /* RSS channel <image> */
    R_MEDIA_GROUP,
    R_MEDIA_CONTENT,
    R_IT_CATEGORY,
};

/* What a collected value becomes. The first group holds one value each and
 * compete by priority (slot index = the field). */
enum field {
    F_TITLE,
    F_LINK,
    F_ID,
    F_SUMMARY,
    F_CONTENT,
    F_PUBLISHED,
    F_UPDATED,
    F_LANG,
    F_SUBTITLE,
    F_RIGHTS,
    F_IMAGE_URL,
    N_SLOTS,
    F_GUID = N_SLOTS, /* competes in the F_ID slot */
    F_IMAGE_TITLE,
    F_AUTHOR,
    F_ITUNES_AUTHOR,
    F_CATEGORY,
    F_PERSON_NAME,
    F_PERSON_EMAIL,
    F_MEDIA_CAPTION,
    F_MEDIA_TITLE,
    F_MEDIA_CREDIT,
};

struct frame {
    const char *local, *prefix; /* interned by the parser: valid all parse long */
    const char *base, *lang;    /* in effect here; owned by xp.strings or the caller */
    enum role role;
    bool closed; /* ended by a recovered end tag while libxml2 still has it open */
};

/* A value being collected. */
struct capture {
    bool active;
    size_t frame;
    enum field field;
    bool item; /* belongs to the current item, else to the feed */
    unsigned char prio;
    enum text_kind kind;
    bool markup;      /* child elements are serialized and text is escaped */
    bool strip_div;   /* Atom XHTML: the first <div> is a wrapper */
    bool base64;      /* Atom 0.3 mode="base64" */
    bool permalink;   /* guid isPermaLink */
    bool atom_id;     /* atom:id: resolved against xml:base like feedparser does */
    bool overflow;    /* longer than FEED_MAX_FIELD */
    const char *base; /* for the value's relative URLs */
    struct buf buf;
};

/* An image candidate for an item (or the feed). Better = higher priority, then wider. */
struct image_pick {
    char *url, *caption, *credit;
    int prio;
    long width;
};

struct xp {
    xmlParserCtxtPtr ctxt;
    struct feed *feed;
    const char *doc_base;
    bool root_seen, is_feed;
    char root_name[64];

    struct frame *stack;
    size_t depth, cap_frames;
    char **strings;
    size_t n_strings, cap_strings;
    xmlHashTablePtr entities;
    char pending[128];    /* end tag named by a mismatch libxml2 recovered from */
    const char *core_uri; /* the unknown namespace of a feed's root: read as RSS/Atom */
    struct {
        const char *local; /* interned by the parser: the pointer names the string */
        enum ns ns;
        enum tag tag;
    } tag_cache[64];
    const char *ns_uri_cache[8];
    enum ns ns_cache[8];
    size_t ns_cache_next;

    struct capture cap;
    unsigned char feed_prio[N_SLOTS], item_prio[N_SLOTS];
    struct feed_item *item; /* the open item, NULL outside one */
    struct {
        bool active;
        size_t frame;
        bool item;
        struct buf text;
        char *name, *email;
    } person;
    struct {
        bool active, image;
        char *url;
        long width;
        char *caption, *credit;
    } media;
    struct image_pick pick;                           /* the item's best image so far */
    char *loose_caption, *loose_title, *loose_credit; /* media:* outside media:content */
    char *itunes_author, *guid_link;
    char *feed_itunes_author;
};

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
        return prefix ? ns_by_prefix((const char *)prefix) : NS_CORE;
    if (p->core_uri && !strcmp((const char *)uri, p->core_uri))
        return NS_CORE;
    /* The parser interns namespace names: a pointer seen before is the same name. */
    for (size_t i = 0; i < 8; i++)
        if (p->ns_uri_cache[i] == (const char *)uri)
            return p->ns_cache[i];
    enum ns ns = ns_by_uri((const char *)uri);
    p->ns_uri_cache[p->ns_cache_next] = (const char *)uri;
    p->ns_cache[p->ns_cache_next] = ns;
    p->ns_cache_next = (p->ns_cache_next + 1) % 8;
    return ns;
}

/* tag_of for a name the parser interned: most feeds use a dozen names over
 * and over, so the lookup is remembered by the name's address. */
static enum tag cached_tag(struct xp *p, enum ns ns, const char *local)
{
    size_t h = ((uintptr_t)local >> 4 ^ (size_t)ns) & 63;
    if (p->tag_cache[h].local == local && p->tag_cache[h].ns == ns)
        return p->tag_cache[h].tag;
    enum tag t = tag_of(ns, local);
    p->tag_cache[h].local = local;
    p->tag_cache[h].ns = ns;
    p->tag_cache[h].tag = t;
    return t;
}

/* SAX2 attributes: five pointers each (local, prefix, URI, value, end). */
struct attrs {
    const xmlChar **a;
    int n;
};

/* A new copy of attribute name's value (any namespace but xml:), NULL if absent.
 * libxml2 hands attribute values with "&" written as "&#38;" when it does not
 * substitute entities; that is undone here. */
static char *attr_dup(const struct attrs *at, const char *name)
{
    for (int i = 0; i < at->n; i++) {
        const xmlChar **a = at->a + 5 * i;
        if (strcmp((const char *)a[0], name) ||
            (a[2] && !strcmp((const char *)a[2], (const char *)XML_XML_NAMESPACE)))
            continue;
        size_t n = (size_t)(a[4] - a[3]);
        char *v = xmalloc(n + 1);
        size_t o = 0;
        for (size_t j = 0; j < n; j++) {
            v[o++] = (char)a[3][j];
            if (a[3][j] == '&' && j + 4 < n && !memcmp(a[3] + j, "&#38;", 5))
                j += 4;
        }
        v[o] = '\0';
        return v;
    }
    return NULL;
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

static bool attr_is(const struct attrs *at, const char *name, const char *value)
{
    char *v = attr_dup(at, name);
    bool yes = false;
    if (v) {
        size_t n = strlen(v);
        const char *s = v;
        while (n && isspace((unsigned char)*s))
            s++, n--;
        while (n && isspace((unsigned char)s[n - 1]))
            n--;
        yes = strlen(value) == n && !strncasecmp(s, value, n);
    }
    free(v);
    return yes;
}

/* The innermost frame that is still open, or NULL. */
static struct frame *logical_top(struct xp *p)
{
    for (size_t i = p->depth; i > 0; i--)
        if (!p->stack[i - 1].closed)
            return &p->stack[i - 1];
    return NULL;
}

static unsigned char *prio_of(struct xp *p, bool item, enum field field)
{
    return item ? &p->item_prio[field] : &p->feed_prio[field];
}

/* Starts collecting the value of frame f. Returns false (f ignored) when a
 * value of the slot with a higher priority is already there; of equal ones the
 * last wins, as in feedparser (a feed that repeats <updated> corrects itself). */
static bool capture_begin(struct xp *p, struct frame *f, enum field field, bool item,
                          unsigned char prio, enum text_kind kind)
{
    enum field slot = field == F_GUID ? F_ID : field;
    if (slot<N_SLOTS && * prio_of(p, item, slot)> prio) {
        f->role = R_IGNORE;
        return false;
    }
    struct capture *c = &p->cap;
    c->active = true;
    c->frame = (size_t)(f - p->stack);
    c->field = field;
    c->item = item;
    c->prio = prio;
    c->kind = kind;
    c->markup = c->strip_div = c->base64 = c->permalink = c->atom_id = c->overflow = false;
    c->base = f->base;
    buf_reset(&c->buf);
    f->role = R_FIELD;
    return true;
}

static void capture_append(struct xp *p, const char *s, size_t n)
{
    struct capture *c = &p->cap;
    if (c->overflow)
        return;
    enum err err = c->markup ? feed_html_escape(s, n, false, &c->buf) : buf_append(&c->buf, s, n);
    if (err)
        c->overflow = true;
}

static bool html_void(const char *name)
{
    static const char *names[] = {"area",  "base", "br",   "col",   "embed",  "hr",    "img",
                                  "input", "link", "meta", "param", "source", "track", "wbr"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(name, names[i]))
            return true;
    return false;
}

static bool url_attribute(const char *name)
{
    return !strcmp(name, "href") || !strcmp(name, "src") || !strcmp(name, "cite") ||
           !strcmp(name, "poster");
}

/* An element inside a value: serialized so the HTML sanitizer sees it. */
static void markup_start(struct xp *p, struct frame *f, const xmlChar *uri, const struct attrs *at)
{
    struct capture *c = &p->cap;
    if (c->strip_div) {
        c->strip_div = false;
        if (!strcmp(f->local, "div") && uri &&
            !strcmp((const char *)uri, "http://www.w3.org/1999/xhtml")) {
            f->role = R_MARKUP_HIDDEN;
            return;
        }
    }
    f->role = R_MARKUP;
    if (!c->markup) {
        /* Plain text so far becomes HTML: escape what was collected. */
        if (c->kind != TEXT_HTML && c->buf.len) {
            struct buf esc;
            buf_init(&esc, c->buf.max);
            if (feed_html_escape(c->buf.data, c->buf.len, false, &esc))
                c->overflow = true;
            buf_free(&c->buf);
            c->buf = esc;
        }
        c->markup = true;
        c->kind = TEXT_HTML;
    }
    if (c->overflow)
        return;
    enum err err = feed_puts3(&c->buf, "<", f->local, "");
    for (int i = 0; i < at->n && !err; i++) {
        const xmlChar **a = at->a + 5 * i;
        if (a[1]) /* prefixed attributes (xml:lang, xlink:...) mean nothing to HTML */
            continue;
        char *v = attr_dup(at, (const char *)a[0]);
        /* An xml:base inside the value counts for the links under it: they
         * are made absolute here, before the sanitizer sees only one base. */
        if (f->base != c->base && f->base && url_attribute((const char *)a[0])) {
            char *abs = url_resolve(f->base, v);
            if (abs) {
                free(v);
                v = abs;
            }
        }
        err = feed_puts3(&c->buf, " ", (const char *)a[0], "=\"");
        if (!err)
            err = feed_html_escape(v, strlen(v), true, &c->buf);
        if (!err)
            err = buf_putc(&c->buf, '"');
        free(v);
    }
    if (!err)
        err = buf_puts(&c->buf, html_void(f->local) ? " />" : ">");
    if (err)
        c->overflow = true;
}

static void markup_end(struct xp *p, struct frame *f)
{
    if (f->role != R_MARKUP || p->cap.overflow || html_void(f->local))
        return;
    if (feed_puts3(&p->cap.buf, "</", f->local, ">"))
        p->cap.overflow = true;
}

/* The bytes base64 text s[0..n) stands for, in a new NUL-terminated string
 * (*out_len bytes), decoded by libcrypto. Feeds write base64 loosely (line
 * breaks, URL-safe letters, stray characters, missing padding) and libcrypto
 * takes only the strict form, so the text is made strict first: "-" and "_"
 * read as "+" and "/", other characters outside the alphabet skipped, the
 * text ends at the first "=", a last lone letter (no whole byte) is dropped
 * and the padding is put back. */
static char *base64_decode(const char *s, size_t n, size_t *out_len)
{
    unsigned char *strict = xmalloc(n + 3);
    size_t k = 0;
    for (size_t i = 0; i < n && s[i] != '='; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '-')
            c = '+';
        else if (c == '_')
            c = '/';
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '+' || c == '/')
            strict[k++] = c;
    }
    if (k % 4 == 1)
        k--;
    size_t pad = (4 - k % 4) % 4;
    memset(strict + k, '=', pad);
    char *out = xmalloc((k + pad) / 4 * 3 + 1);
    int got = EVP_DecodeBlock((unsigned char *)out, strict, (int)(k + pad));
    free(strict);
    /* The strict text always decodes; libcrypto counts the padding as bytes. */
    *out_len = got > 0 ? (size_t)got - pad : 0;
    out[*out_len] = '\0';
    return out;
}

static void set_string(char **dst, char *v)
{
    free(*dst);
    *dst = v;
}

static bool better_image(const struct image_pick *a, int prio, long width)
{
    return !a->url || prio > a->prio || (prio == a->prio && width > a->width);
}

static void offer_image(struct image_pick *pick, char *url, int prio, long width, char *caption,
                        char *credit)
{
    if (!url || !better_image(pick, prio, width)) {
        free(url);
        free(caption);
        free(credit);
        return;
    }
    free(pick->url);
    free(pick->caption);
    free(pick->credit);
    pick->url = url;
    pick->caption = caption;
    pick->credit = credit;
    pick->prio = prio;
    pick->width = width;
}

static void add_author(struct xp *p, bool item, char *name)
{
    bool ok = item ? feed_list_add(&p->item->authors, &p->item->n_authors, name)
                   : feed_list_add(&p->feed->authors, &p->feed->n_authors, name);
    if (!ok)
        feed_flag(p->feed, "more than %d authors in one item", FEED_MAX_LIST);
}

static void add_category(struct xp *p, char *term)
{
    if (!p->item) {
        free(term); /* the model keeps categories per item */
        return;
    }
    if (!feed_list_add(&p->item->categories, &p->item->n_categories, term))
        feed_flag(p->feed, "more than %d categories in one item", FEED_MAX_LIST);
}

/* The value collected for the capture, into the model. */
static void capture_end(struct xp *p)
{
    struct capture *c = &p->cap;
    c->active = false;
    if (c->overflow) {
        feed_flag(p->feed, "a value longer than %u bytes was left out", FEED_MAX_FIELD);
        return;
    }
    if (c->base64 && !c->markup) {
        /* Decoded bytes are anything: made UTF-8 without controls first. */
        size_t len;
        char *bytes = base64_decode(c->buf.data ? c->buf.data : "", c->buf.len, &len);
        char *clean = feed_utf8_clean(bytes, len);
        free(bytes);
        buf_reset(&c->buf);
        if (buf_puts(&c->buf, clean))
            c->overflow = true;
        free(clean);
    }
    const char *s = c->buf.data ? c->buf.data : "";
    size_t n = c->buf.len;
    struct feed_item *it = c->item ? p->item : NULL;
    if (c->item && !it)
        return;
    char *v = NULL;
    switch (c->field) {
    case F_TITLE:
    case F_SUBTITLE:
    case F_RIGHTS:
    case F_IMAGE_TITLE:
    case F_MEDIA_CAPTION:
    case F_MEDIA_TITLE:
    case F_MEDIA_CREDIT:
    case F_CATEGORY:
        v = feed_value_text(s, n, c->kind);
        break;
    case F_SUMMARY:
    case F_CONTENT:
        v = feed_value_html(s, n, c->kind, c->base);
        break;
    case F_LINK:
    case F_IMAGE_URL:
        v = feed_value_url(c->base, s, n);
        break;
    case F_ID:
        v = feed_value_trim(s, n);
        /* An id written as a path ("/2024/03/story") names a page of the feed's
         * site; anything else (tag:, urn:, a bare number) is opaque. */
        if (v && c->atom_id && c->base && v[0] == '/' && v[1] != '/') {
            char *abs = url_resolve(c->base, v);
            if (abs)
                set_string(&v, abs);
        }
        break;
    case F_GUID:
        v = feed_value_trim(s, n);
        if (v && c->permalink && url_is_http(v))
            set_string(&p->guid_link, feed_safe_url(NULL, v));
        break;
    case F_LANG:
        v = feed_value_lang(s, n);
        break;
    case F_PERSON_EMAIL:
        v = feed_value_trim(s, n);
        break;
    case F_AUTHOR:
    case F_ITUNES_AUTHOR:
    case F_PERSON_NAME:
        v = feed_value_person(s, n);
        break;
    case F_PUBLISHED:
    case F_UPDATED: {
        int64_t t = feed_value_date(s, n);
        if (!t)
            return;
        int64_t *dst = c->field == F_PUBLISHED ? (it ? &it->published : &p->feed->published)
                                               : (it ? &it->updated : &p->feed->updated);
        *dst = t;
        *prio_of(p, c->item, c->field) = c->prio;
        return;
    }
    default:
        return;
    }
    if (!v)
        return;
    enum field slot = c->field == F_GUID ? F_ID : c->field;
    if (slot < N_SLOTS)
        *prio_of(p, c->item, slot) = c->prio;
    struct feed *f = p->feed;
    switch (c->field) {
    case F_TITLE:
        set_string(it ? &it->title : &f->title, v);
        break;
    case F_LINK:
        set_string(it ? &it->link : &f->link, v);
        break;
    case F_ID:
    case F_GUID:
        set_string(it ? &it->id : &f->id, v);
        break;
    case F_SUMMARY:
        set_string(&it->summary, v);
        break;
    case F_CONTENT:
        set_string(&it->content, v);
        break;
    case F_LANG:
        set_string(it ? &it->lang : &f->lang, v);
        break;
    case F_SUBTITLE:
        set_string(&f->subtitle, v);
        break;
    case F_RIGHTS:
        set_string(&f->rights, v);
        break;
    case F_IMAGE_URL:
        set_string(&f->image.url, v);
        break;
    case F_IMAGE_TITLE:
        set_string(&f->image.caption, v);
        break;
    case F_AUTHOR:
        add_author(p, c->item, v);
        break;
    case F_ITUNES_AUTHOR:
        set_string(c->item ? &p->itunes_author : &p->feed_itunes_author, v);
        break;
    case F_CATEGORY:
        add_category(p, v);
        break;
    case F_PERSON_NAME:
        set_string(&p->person.name, v);
        break;
    case F_PERSON_EMAIL:
        set_string(&p->person.email, v);
        break;
    case F_MEDIA_CAPTION:
        set_string(p->media.active ? &p->media.caption : &p->loose_caption, v);
        break;
    case F_MEDIA_TITLE:
        if (p->media.active && !p->media.caption)
            set_string(&p->media.caption, v);
        else if (!p->media.active)
            set_string(&p->loose_title, v);
        else
            free(v);
        break;
    case F_MEDIA_CREDIT:
        set_string(p->media.active ? &p->media.credit : &p->loose_credit, v);
        break;
    default:
        free(v);
    }
}

/* How an Atom text construct (or an RSS element carrying type/mode) is written. */
static enum text_kind construct_kind(struct capture *c, enum ns ns, const struct attrs *at,
                                     enum text_kind dflt, bool *skip)
{
    char *type = attr_dup(at, "type");
    char *mode = attr_dup(at, "mode");
    enum text_kind kind = ns == NS_ATOM ? TEXT_PLAIN : dflt;
    *skip = false;
    if (type) {
        for (char *q = type; *q; q++)
            *q = (char)tolower((unsigned char)*q);
        if (!strcmp(type, "text") || !strcmp(type, "text/plain")) {
            kind = TEXT_PLAIN;
        } else if (!strcmp(type, "html") || !strcmp(type, "text/html")) {
            kind = TEXT_HTML;
        } else if (!strcmp(type, "xhtml")) {
            kind = TEXT_HTML;
            c->markup = c->strip_div = true;
        } else if (strstr(type, "xml")) {
            kind = TEXT_HTML;
            c->markup = true;
        } else if (!strncmp(type, "text/", 5) || !*type) {
            kind = TEXT_PLAIN;
        } else if (ns == NS_ATOM && !mode) {
            /* Atom 1.0 carries other media types in base64: shown as text. */
            kind = TEXT_PLAIN;
            c->base64 = true;
        } else {
            *skip = !mode || strcmp(mode, "xml");
        }
    }
    /* mode="xml" (inline markup) needs nothing: child elements switch the
     * capture to markup by themselves. */
    if (mode && !strcasecmp(mode, "base64"))
        c->base64 = true;
    free(type);
    free(mode);
    return kind;
}

/* Collects a text construct (title, summary, content...) with its type. */
static void text_field(struct xp *p, struct frame *f, enum ns ns, const struct attrs *at,
                       enum field field, bool item, unsigned char prio, enum text_kind dflt)
{
    if (!capture_begin(p, f, field, item, prio, dflt))
        return;
    bool skip;
    p->cap.kind = construct_kind(&p->cap, ns, at, dflt, &skip);
    if (skip) {
        p->cap.active = false;
        f->role = R_IGNORE;
    }
}

static void atom_link(struct xp *p, struct frame *f, const struct attrs *at, bool item)
{
    char *href = attr_dup(at, "href");
    char *rel = attr_dup(at, "rel");
    char *type = attr_dup(at, "type");
    f->role = R_IGNORE;
    if (!href)
        goto out;
    if (!rel || !strcasecmp(rel, "alternate")) {
        bool html =
            !type || !strcasecmp(type, "text/html") || !strcasecmp(type, "application/xhtml+xml");
        unsigned char prio = html ? 3 : 2;
        unsigned char *cur = prio_of(p, item, F_LINK);
        char *url = *cur < prio ? feed_safe_url(f->base, href) : NULL;
        if (url) {
            set_string(item ? &p->item->link : &p->feed->link, url);
            *cur = prio;
        }
    } else if (!strcasecmp(rel, "enclosure") && item) {
        char *len = attr_dup(at, "length");
        struct feed_item *it = p->item;
        if (it->n_enclosures < FEED_MAX_LIST) {
            it->enclosures =
                xrealloc(it->enclosures, (it->n_enclosures + 1) * sizeof *it->enclosures);
            struct feed_enclosure *e = &it->enclosures[it->n_enclosures];
            e->url = feed_safe_url(f->base, href);
            e->type = type ? feed_value_trim(type, strlen(type)) : NULL;
            e->length = len ? strtoll(len, NULL, 10) : 0;
            if (e->length < 0)
                e->length = 0;
            if (e->url) {
                it->n_enclosures++;
                if (e->type && !strncasecmp(e->type, "image/", 6))
                    offer_image(&p->pick, xstrdup(e->url), 2, 0, NULL, NULL);
            } else {
                free(e->type);
            }
        } else {
            feed_flag(p->feed, "more than %d enclosures in one item", FEED_MAX_LIST);
        }
        free(len);
    }
out:
    free(href);
    free(rel);
    free(type);
}

static void rss_enclosure(struct xp *p, struct frame *f, const struct attrs *at)
{
    char *url = attr_dup(at, "url");
    char *type = attr_dup(at, "type");
    char *len = attr_dup(at, "length");
    struct feed_item *it = p->item;
    f->role = R_IGNORE;
    char *safe = feed_safe_url(f->base, url);
    if (safe && it->n_enclosures >= FEED_MAX_LIST) {
        feed_flag(p->feed, "more than %d enclosures in one item", FEED_MAX_LIST);
    } else if (safe) {
        it->enclosures = xrealloc(it->enclosures, (it->n_enclosures + 1) * sizeof *it->enclosures);
        struct feed_enclosure *e = &it->enclosures[it->n_enclosures++];
        e->url = safe;
        e->type = type ? feed_value_trim(type, strlen(type)) : NULL;
        e->length = len ? strtoll(len, NULL, 10) : 0;
        if (e->length < 0)
            e->length = 0;
        if (e->type && !strncasecmp(e->type, "image/", 6))
            offer_image(&p->pick, xstrdup(safe), 2, 0, NULL, NULL);
        safe = NULL;
    }
    free(safe);
    free(url);
    free(type);
    free(len);
}

static bool image_url_by_extension(const char *url)
{
    const char *q = strpbrk(url, "?#");
    size_t n = q ? (size_t)(q - url) : strlen(url);
    static const char *exts[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t e = strlen(exts[i]);
        if (n >= e && !strncasecmp(url + n - e, exts[i], e))
            return true;
    }
    return false;
}

static long attr_long(const struct attrs *at, const char *name)
{
    char *v = attr_dup(at, name);
    long n = v ? strtol(v, NULL, 10) : 0;
    free(v);
    return n > 0 ? n : 0;
}

static void media_begin(struct xp *p, struct frame *f, const struct attrs *at)
{
    f->role = R_MEDIA_CONTENT;
    char *url = attr_dup(at, "url");
    char *type = attr_dup(at, "type");
    char *medium = attr_dup(at, "medium");
    p->media.active = true;
    p->media.url = feed_safe_url(f->base, url);
    p->media.image = medium ? !strcasecmp(medium, "image")
                     : type ? !strncasecmp(type, "image/", 6)
                            : p->media.url && image_url_by_extension(p->media.url);
    p->media.width = attr_long(at, "width");
    free(url);
    free(type);
    free(medium);
}

static void media_end(struct xp *p)
{
    if (p->media.image && p->media.url)
        offer_image(&p->pick, p->media.url, 3, p->media.width, p->media.caption, p->media.credit);
    else {
        free(p->media.url);
        free(p->media.caption);
        free(p->media.credit);
    }
    memset(&p->media, 0, sizeof p->media);
}

/* Feed images compete like single-valued fields (the F_IMAGE_URL slot):
 * RSS <image><url> 5, atom:logo 4, atom:icon 3, itunes:image 2, media:thumbnail 1. */
static void offer_feed_image(struct xp *p, char *url, unsigned char prio)
{
    if (url && p->feed_prio[F_IMAGE_URL] < prio) {
        set_string(&p->feed->image.url, url);
        p->feed_prio[F_IMAGE_URL] = prio;
    } else {
        free(url);
    }
}

static void thumbnail(struct xp *p, struct frame *f, const struct attrs *at, bool item)
{
    char *url = attr_dup(at, "url");
    f->role = R_IGNORE;
    char *safe = feed_safe_url(f->base, url);
    free(url);
    if (item) {
        offer_image(&p->pick, safe, 2, attr_long(at, "width"), NULL, NULL);
    } else {
        offer_feed_image(p, safe, 1);
    }
}

/* media:* children of an item, a media:group or a media:content. */
static bool media_child(struct xp *p, struct frame *f, enum tag t, const struct attrs *at,
                        bool in_item)
{
    switch (t) {
    case T_MEDIA_CONTENT:
        if (p->media.active) /* media:content does not nest */
            f->role = R_IGNORE;
        else
            media_begin(p, f, at);
        return true;
    case T_MEDIA_GROUP:
        f->role = R_MEDIA_GROUP;
        return true;
    case T_MEDIA_THUMBNAIL:
        thumbnail(p, f, at, true);
        return true;
    case T_MEDIA_DESCRIPTION:
    case T_MEDIA_TITLE: {
        enum text_kind kind = attr_is(at, "type", "html") ? TEXT_HTML : TEXT_PLAIN;
        /* A media:title right in an item titles an item that has no other. */
        if (t == T_MEDIA_TITLE && in_item && !p->item_prio[F_TITLE])
            capture_begin(p, f, F_TITLE, true, 1, kind);
        else
            capture_begin(p, f, t == T_MEDIA_TITLE ? F_MEDIA_TITLE : F_MEDIA_CAPTION, true, 0,
                          kind);
        return true;
    }
    case T_MEDIA_CREDIT:
        capture_begin(p, f, F_MEDIA_CREDIT, true, 0, TEXT_PLAIN);
        return true;
    case T_MEDIA_CATEGORY:
        capture_begin(p, f, F_CATEGORY, true, 0, TEXT_PLAIN);
        return true;
    default:
        return false;
    }
}

static void person_begin(struct xp *p, struct frame *f, bool item)
{
    f->role = R_PERSON;
    p->person.active = true;
    p->person.frame = (size_t)(f - p->stack);
    p->person.item = item;
    buf_reset(&p->person.text);
}

static void person_end(struct xp *p)
{
    char *name = p->person.name       ? p->person.name
                 : p->person.text.len ? feed_value_person(p->person.text.data, p->person.text.len)
                                      : p->person.email;
    if (name != p->person.email)
        free(p->person.email);
    if (name != p->person.name)
        free(p->person.name);
    p->person.name = p->person.email = NULL;
    p->person.active = false;
    if (!p->person.item || p->item)
        add_author(p, p->person.item, name);
    else
        free(name);
}

static void item_begin(struct xp *p, struct frame *f, const struct attrs *at)
{
    f->role = R_ITEM;
    p->item = feed_item_new(p->feed);
    if (!p->item) {
        f->role = R_IGNORE;
        return;
    }
    memset(p->item_prio, 0, sizeof p->item_prio);
    if (f->lang) {
        p->item->lang = feed_value_lang(f->lang, strlen(f->lang));
        p->item_prio[F_LANG] = 1;
    }
    /* RSS 1.0 names each item by its URI. */
    char *about = attr_dup(at, "about");
    if (about) {
        p->item->id = feed_value_trim(about, strlen(about));
        p->item_prio[F_ID] = 1;
        free(about);
    }
}

static void item_end(struct xp *p)
{
    struct feed_item *it = p->item;
    if (!it->link && p->guid_link) {
        it->link = p->guid_link;
        p->guid_link = NULL;
    }
    if (!it->n_authors && p->itunes_author) {
        add_author(p, true, p->itunes_author);
        p->itunes_author = NULL;
    }
    if (p->pick.url) {
        it->image.url = p->pick.url;
        it->image.caption = p->pick.caption;
        it->image.credit = p->pick.credit;
        if (!it->image.caption) {
            it->image.caption = p->loose_caption ? p->loose_caption : p->loose_title;
            if (it->image.caption == p->loose_caption)
                p->loose_caption = NULL;
            else
                p->loose_title = NULL;
        }
        if (!it->image.credit) {
            it->image.credit = p->loose_credit;
            p->loose_credit = NULL;
        }
    }
    memset(&p->pick, 0, sizeof p->pick);
    set_string(&p->loose_caption, NULL);
    set_string(&p->loose_title, NULL);
    set_string(&p->loose_credit, NULL);
    set_string(&p->itunes_author, NULL);
    set_string(&p->guid_link, NULL);
    p->item = NULL;
}

/* itunes:category text="..." (they nest: Technology > Gadgets). */
static void itunes_category(struct xp *p, struct frame *f, const struct attrs *at)
{
    char *text = attr_dup(at, "text");
    if (text)
        add_category(p, feed_value_text(text, strlen(text), TEXT_PLAIN));
    free(text);
    f->role = R_IT_CATEGORY;
}

/* A child of the channel (item false) or of an item. */
static void container_child(struct xp *p, struct frame *f, enum tag t, enum ns ns,
                            const struct attrs *at, bool item)
{
    f->role = R_IGNORE;
    if (item && media_child(p, f, t, at, true))
        return;
    switch (t) {
    case T_TITLE:
        text_field(p, f, ns, at, F_TITLE, item, 3, TEXT_GUESS);
        break;
    case T_DC_TITLE:
        capture_begin(p, f, F_TITLE, item, 2, TEXT_GUESS);
        break;
    case T_LINK: {
        char *href = attr_dup(at, "href");
        if (href || ns == NS_ATOM)
            atom_link(p, f, at, item);
        else
            capture_begin(p, f, F_LINK, item, 3, TEXT_PLAIN);
        free(href);
        break;
    }
    case T_DESCRIPTION:
        if (item)
            text_field(p, f, ns, at, F_SUMMARY, true, 3, TEXT_HTML);
        else
            text_field(p, f, ns, at, F_SUBTITLE, false, 3, TEXT_GUESS);
        break;
    case T_SUMMARY:
        if (item)
            text_field(p, f, ns, at, F_SUMMARY, true, 3, TEXT_HTML);
        break;
    case T_SUBTITLE:
    case T_TAGLINE:
        if (!item)
            text_field(p, f, ns, at, F_SUBTITLE, false, 3, TEXT_GUESS);
        break;
    case T_CONTENT: {
        char *src = attr_dup(at, "src");
        if (item && !src)
            text_field(p, f, ns, at, F_CONTENT, true, 3, TEXT_HTML);
        free(src);
        break;
    }
    case T_CONTENT_ENCODED:
        if (item)
            capture_begin(p, f, F_CONTENT, true, 3, TEXT_HTML);
        break;
    case T_FULLITEM:
        if (item)
            capture_begin(p, f, F_CONTENT, true, 2, TEXT_HTML);
        break;
    case T_BODY:
        if (item && capture_begin(p, f, F_CONTENT, true, 2, TEXT_HTML))
            p->cap.markup = true;
        break;
    case T_DC_DESCRIPTION:
        capture_begin(p, f, item ? F_SUMMARY : F_SUBTITLE, item, 2, TEXT_GUESS);
        break;
    case T_IT_SUMMARY:
        capture_begin(p, f, item ? F_SUMMARY : F_SUBTITLE, item, 1, TEXT_GUESS);
        break;
    case T_IT_SUBTITLE:
        if (!item)
            capture_begin(p, f, F_SUBTITLE, false, 1, TEXT_GUESS);
        break;
    case T_ID:
        if (capture_begin(p, f, F_ID, item, 3, TEXT_PLAIN))
            p->cap.atom_id = true;
        break;
    case T_GUID:
        if (item && capture_begin(p, f, F_GUID, true, 3, TEXT_PLAIN))
            p->cap.permalink = !attr_is(at, "isPermaLink", "false");
        break;
    case T_DC_IDENTIFIER:
        capture_begin(p, f, F_ID, item, 1, TEXT_PLAIN);
        break;
    case T_PUBDATE:
    case T_PUBLISHED:
        capture_begin(p, f, F_PUBLISHED, item, 3, TEXT_PLAIN);
        break;
    case T_DCT_ISSUED:
        capture_begin(p, f, F_PUBLISHED, item, 2, TEXT_PLAIN);
        break;
    case T_DC_DATE:
        capture_begin(p, f, F_PUBLISHED, item, 1, TEXT_PLAIN);
        break;
    case T_UPDATED:
    case T_MODIFIED:
    case T_LASTBUILDDATE:
        capture_begin(p, f, F_UPDATED, item, 3, TEXT_PLAIN);
        break;
    case T_DCT_MODIFIED:
        capture_begin(p, f, F_UPDATED, item, 2, TEXT_PLAIN);
        break;
    case T_LANGUAGE:
        capture_begin(p, f, F_LANG, item, 3, TEXT_PLAIN);
        break;
    case T_DC_LANGUAGE:
        capture_begin(p, f, F_LANG, item, 2, TEXT_PLAIN);
        break;
    case T_COPYRIGHT:
    case T_RIGHTS:
        if (!item)
            text_field(p, f, ns, at, F_RIGHTS, false, 3, TEXT_GUESS);
        break;
    case T_DC_RIGHTS:
        if (!item)
            capture_begin(p, f, F_RIGHTS, false, 2, TEXT_GUESS);
        break;
    case T_AUTHOR:
        person_begin(p, f, item);
        break;
    case T_DC_CREATOR:
        capture_begin(p, f, F_AUTHOR, item, 0, TEXT_GUESS);
        break;
    case T_MANAGINGEDITOR:
        if (!item)
            capture_begin(p, f, F_AUTHOR, false, 0, TEXT_GUESS);
        break;
    case T_IT_AUTHOR:
        capture_begin(p, f, F_ITUNES_AUTHOR, item, 0, TEXT_GUESS);
        break;
    case T_CATEGORY: {
        char *term = attr_dup(at, "term");
        if (term)
            add_category(p, feed_value_text(term, strlen(term), TEXT_PLAIN));
        else
            capture_begin(p, f, F_CATEGORY, item, 0, TEXT_PLAIN);
        free(term);
        break;
    }
    case T_DC_SUBJECT:
        capture_begin(p, f, F_CATEGORY, item, 0, TEXT_PLAIN);
        break;
    case T_IT_CATEGORY:
        itunes_category(p, f, at);
        break;
    case T_ENCLOSURE:
        if (item)
            rss_enclosure(p, f, at);
        break;
    case T_LOGO:
    case T_ICON:
        if (!item)
            capture_begin(p, f, F_IMAGE_URL, false, t == T_LOGO ? 4 : 3, TEXT_PLAIN);
        break;
    case T_IT_LINK:
        if (attr_is(at, "rel", "image")) {
            char *href = attr_dup(at, "href");
            char *safe = feed_safe_url(f->base, href);
            free(href);
            if (item)
                offer_image(&p->pick, safe, 1, 0, NULL, NULL);
            else
                offer_feed_image(p, safe, 2);
        }
        break;
    case T_IT_IMAGE: {
        char *href = attr_dup(at, "href");
        if (!href)
            href = attr_dup(at, "url");
        char *safe = feed_safe_url(f->base, href);
        free(href);
        if (item)
            offer_image(&p->pick, safe, 1, 0, NULL, NULL);
        else
            offer_feed_image(p, safe, 2);
        break;
    }
    case T_MEDIA_THUMBNAIL:
        if (!item)
            thumbnail(p, f, at, false);
        break;
    default:
        break;
    }
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
        char *v = attr_dup(at, "version");
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
        char *v = attr_dup(at, "version");
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
        item_begin(p, f, at);
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
        markup_start(p, f, uri, &at);
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
            enum tag as_core = tag_of(NS_CORE, f->local);
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
            item_begin(p, f, &at);
        } else if (t == T_IMAGE) {
            f->role = R_IMAGE;
        }
        break;
    case R_CHANNEL:
        if ((t == T_ITEM || t == T_ENTRY) && !p->item)
            item_begin(p, f, &at);
        else if (t == T_IMAGE && ns == NS_CORE)
            f->role = R_IMAGE;
        else
            container_child(p, f, t, ns, &at, false);
        break;
    case R_ITEM:
        container_child(p, f, t, ns, &at, true);
        break;
    case R_PERSON:
        if (t == T_NAME)
            capture_begin(p, f, F_PERSON_NAME, p->person.item, 0, TEXT_PLAIN);
        else if (t == T_EMAIL)
            capture_begin(p, f, F_PERSON_EMAIL, p->person.item, 0, TEXT_PLAIN);
        break;
    case R_IMAGE:
        if (t == T_URL) {
            capture_begin(p, f, F_IMAGE_URL, false, 5, TEXT_PLAIN);
        } else if (t == T_TITLE) {
            capture_begin(p, f, F_IMAGE_TITLE, false, 0, TEXT_PLAIN);
        }
        break;
    case R_MEDIA_GROUP:
    case R_MEDIA_CONTENT:
        if (p->item)
            media_child(p, f, t, &at, false);
        break;
    case R_IT_CATEGORY:
        if (t == T_IT_CATEGORY)
            itunes_category(p, f, &at);
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
        markup_end(p, f);
        break;
    case R_FIELD:
        if (p->cap.active && p->cap.frame == idx)
            capture_end(p);
        break;
    case R_PERSON:
        if (p->person.active && p->person.frame == idx)
            person_end(p);
        break;
    case R_ITEM:
        if (p->item)
            item_end(p);
        break;
    case R_MEDIA_CONTENT:
        if (p->media.active)
            media_end(p);
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
        capture_append(p, (const char *)s, (size_t)n);
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
            content[feed_utf8_put(content, d->value)] = '\0';
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
        capture_append(p, (const char *)amp - 1, (size_t)(in->cur - amp) + 1);
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

static void xp_free(struct xp *p)
{
    for (size_t i = 0; i < p->n_strings; i++)
        free(p->strings[i]);
    free(p->strings);
    free(p->stack);
    buf_free(&p->cap.buf);
    buf_free(&p->person.text);
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
        add_author(&p, false, p.feed_itunes_author);
        p.feed_itunes_author = NULL;
    }
    /* libxml2 records entity declarations in a document of its own when a SAX
     * user builds none ("expat compatibility"); it is ours to free. */
    if (ctxt->myDoc)
        xmlFreeDoc(ctxt->myDoc);
    xmlFreeParserCtxt(ctxt);
out:
    xp_free(&p);
    return err;
}
