/* Field decoding: a value is collected as its element's text (or serialized
 * markup), then decoded by its field (plain text, sanitized HTML, URL, date,
 * person, base64) and put into the model where its priority allows. */
#include <ctype.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/url.h"
#include "base/xalloc.h"
#include "feed/decode.h"
#include "feed/html.h"
#include "feed/xml_internal.h"

/* libxml2 hands attribute values with "&" written as "&#38;" when it does not
 * substitute entities; that is undone here. */
char *xp_attr_dup(const struct attrs *at, const char *name)
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

bool xp_attr_is(const struct attrs *at, const char *name, const char *value)
{
    char *v = xp_attr_dup(at, name);
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

long xp_attr_long(const struct attrs *at, const char *name)
{
    char *v = xp_attr_dup(at, name);
    long n = v ? strtol(v, NULL, 10) : 0;
    free(v);
    return n > 0 ? n : 0;
}

unsigned char *xp_prio_of(struct xp *p, bool item, enum field field)
{
    return item ? &p->item_prio[field] : &p->feed_prio[field];
}

bool xp_capture_begin(struct xp *p, struct frame *f, enum field field, bool item,
                      unsigned char prio, enum text_kind kind)
{
    enum field slot = field == F_GUID ? F_ID : field;
    if (slot<N_SLOTS && * xp_prio_of(p, item, slot)> prio) {
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

void xp_capture_append(struct xp *p, const char *s, size_t n)
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

void xp_markup_start(struct xp *p, struct frame *f, const xmlChar *uri, const struct attrs *at)
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
            buf_clear(&c->buf);
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
        char *v = xp_attr_dup(at, (const char *)a[0]);
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

void xp_markup_end(struct xp *p, struct frame *f)
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

void xp_set_string(char **dst, char *v)
{
    free(*dst);
    *dst = v;
}

static bool better_image(const struct image_pick *a, int prio, long width)
{
    return !a->url || prio > a->prio || (prio == a->prio && width > a->width);
}

void xp_offer_image(struct image_pick *pick, char *url, int prio, long width, char *caption,
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

void xp_add_author(struct xp *p, bool item, char *name)
{
    bool ok = item ? feed_list_add(&p->item->authors, &p->item->n_authors, name)
                   : feed_list_add(&p->feed->authors, &p->feed->n_authors, name);
    if (!ok)
        feed_flag(p->feed, "more than %d authors in one item", FEED_MAX_LIST);
}

void xp_add_category(struct xp *p, char *term)
{
    if (!p->item) {
        free(term); /* the model keeps categories per item */
        return;
    }
    if (!feed_list_add(&p->item->categories, &p->item->n_categories, term))
        feed_flag(p->feed, "more than %d categories in one item", FEED_MAX_LIST);
}

void xp_capture_end(struct xp *p)
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
                xp_set_string(&v, abs);
        }
        break;
    case F_GUID:
        v = feed_value_trim(s, n);
        if (v && c->permalink && url_is_http(v))
            xp_set_string(&p->guid_link, feed_safe_url(NULL, v));
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
        *xp_prio_of(p, c->item, c->field) = c->prio;
        return;
    }
    default:
        return;
    }
    if (!v)
        return;
    enum field slot = c->field == F_GUID ? F_ID : c->field;
    if (slot < N_SLOTS)
        *xp_prio_of(p, c->item, slot) = c->prio;
    struct feed *f = p->feed;
    switch (c->field) {
    case F_TITLE:
        xp_set_string(it ? &it->title : &f->title, v);
        break;
    case F_LINK:
        xp_set_string(it ? &it->link : &f->link, v);
        break;
    case F_ID:
    case F_GUID:
        xp_set_string(it ? &it->id : &f->id, v);
        break;
    case F_SUMMARY:
        xp_set_string(&it->summary, v);
        break;
    case F_CONTENT:
        xp_set_string(&it->content, v);
        break;
    case F_LANG:
        xp_set_string(it ? &it->lang : &f->lang, v);
        break;
    case F_SUBTITLE:
        xp_set_string(&f->subtitle, v);
        break;
    case F_RIGHTS:
        xp_set_string(&f->rights, v);
        break;
    case F_IMAGE_URL:
        xp_set_string(&f->image.url, v);
        break;
    case F_IMAGE_TITLE:
        xp_set_string(&f->image.caption, v);
        break;
    case F_AUTHOR:
        xp_add_author(p, c->item, v);
        break;
    case F_ITUNES_AUTHOR:
        xp_set_string(c->item ? &p->itunes_author : &p->feed_itunes_author, v);
        break;
    case F_CATEGORY:
        xp_add_category(p, v);
        break;
    case F_PERSON_NAME:
        xp_set_string(&p->person.name, v);
        break;
    case F_PERSON_EMAIL:
        xp_set_string(&p->person.email, v);
        break;
    case F_MEDIA_CAPTION:
        xp_set_string(p->media.active ? &p->media.caption : &p->loose_caption, v);
        break;
    case F_MEDIA_TITLE:
        if (p->media.active && !p->media.caption)
            xp_set_string(&p->media.caption, v);
        else if (!p->media.active)
            xp_set_string(&p->loose_title, v);
        else
            free(v);
        break;
    case F_MEDIA_CREDIT:
        xp_set_string(p->media.active ? &p->media.credit : &p->loose_credit, v);
        break;
    default:
        free(v);
    }
}
