/* What each element of a channel or an item means: which field it fills and
 * with what priority, links and enclosures, Media RSS, people, items. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "feed/html.h"
#include "feed/xml_internal.h"

/* How an Atom text construct (or an RSS element carrying type/mode) is written. */
static enum text_kind construct_kind(struct capture *c, enum ns ns, const struct attrs *at,
                                     enum text_kind dflt, bool *skip)
{
    char *type = xp_attr_dup(at, "type");
    char *mode = xp_attr_dup(at, "mode");
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
    if (!xp_capture_begin(p, f, field, item, prio, dflt))
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
    char *href = xp_attr_dup(at, "href");
    char *rel = xp_attr_dup(at, "rel");
    char *type = xp_attr_dup(at, "type");
    f->role = R_IGNORE;
    if (!href)
        goto out;
    if (!rel || !strcasecmp(rel, "alternate")) {
        bool html =
            !type || !strcasecmp(type, "text/html") || !strcasecmp(type, "application/xhtml+xml");
        unsigned char prio = html ? 3 : 2;
        unsigned char *cur = xp_prio_of(p, item, F_LINK);
        char *url = *cur < prio ? feed_safe_url(f->base, href) : NULL;
        if (url) {
            xp_set_string(item ? &p->item->link : &p->feed->link, url);
            *cur = prio;
        }
    } else if (!strcasecmp(rel, "enclosure") && item) {
        char *len = xp_attr_dup(at, "length");
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
                    xp_offer_image(&p->pick, xstrdup(e->url), 2, 0, NULL, NULL);
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
    char *url = xp_attr_dup(at, "url");
    char *type = xp_attr_dup(at, "type");
    char *len = xp_attr_dup(at, "length");
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
            xp_offer_image(&p->pick, xstrdup(safe), 2, 0, NULL, NULL);
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

static void media_begin(struct xp *p, struct frame *f, const struct attrs *at)
{
    f->role = R_MEDIA_CONTENT;
    char *url = xp_attr_dup(at, "url");
    char *type = xp_attr_dup(at, "type");
    char *medium = xp_attr_dup(at, "medium");
    p->media.active = true;
    p->media.url = feed_safe_url(f->base, url);
    p->media.image = medium ? !strcasecmp(medium, "image")
                     : type ? !strncasecmp(type, "image/", 6)
                            : p->media.url && image_url_by_extension(p->media.url);
    p->media.width = xp_attr_long(at, "width");
    free(url);
    free(type);
    free(medium);
}

void xp_media_end(struct xp *p)
{
    if (p->media.image && p->media.url)
        xp_offer_image(&p->pick, p->media.url, 3, p->media.width, p->media.caption,
                       p->media.credit);
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
        xp_set_string(&p->feed->image.url, url);
        p->feed_prio[F_IMAGE_URL] = prio;
    } else {
        free(url);
    }
}

static void thumbnail(struct xp *p, struct frame *f, const struct attrs *at, bool item)
{
    char *url = xp_attr_dup(at, "url");
    f->role = R_IGNORE;
    char *safe = feed_safe_url(f->base, url);
    free(url);
    if (item) {
        xp_offer_image(&p->pick, safe, 2, xp_attr_long(at, "width"), NULL, NULL);
    } else {
        offer_feed_image(p, safe, 1);
    }
}

bool xp_media_child(struct xp *p, struct frame *f, enum tag t, const struct attrs *at, bool in_item)
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
        enum text_kind kind = xp_attr_is(at, "type", "html") ? TEXT_HTML : TEXT_PLAIN;
        /* A media:title right in an item titles an item that has no other. */
        if (t == T_MEDIA_TITLE && in_item && !p->item_prio[F_TITLE])
            xp_capture_begin(p, f, F_TITLE, true, 1, kind);
        else
            xp_capture_begin(p, f, t == T_MEDIA_TITLE ? F_MEDIA_TITLE : F_MEDIA_CAPTION, true, 0,
                             kind);
        return true;
    }
    case T_MEDIA_CREDIT:
        xp_capture_begin(p, f, F_MEDIA_CREDIT, true, 0, TEXT_PLAIN);
        return true;
    case T_MEDIA_CATEGORY:
        xp_capture_begin(p, f, F_CATEGORY, true, 0, TEXT_PLAIN);
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

void xp_person_end(struct xp *p)
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
        xp_add_author(p, p->person.item, name);
    else
        free(name);
}

void xp_item_begin(struct xp *p, struct frame *f, const struct attrs *at)
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
    char *about = xp_attr_dup(at, "about");
    if (about) {
        p->item->id = feed_value_trim(about, strlen(about));
        p->item_prio[F_ID] = 1;
        free(about);
    }
}

void xp_item_end(struct xp *p)
{
    struct feed_item *it = p->item;
    if (!it->link && p->guid_link) {
        it->link = p->guid_link;
        p->guid_link = NULL;
    }
    if (!it->n_authors && p->itunes_author) {
        xp_add_author(p, true, p->itunes_author);
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
    xp_set_string(&p->loose_caption, NULL);
    xp_set_string(&p->loose_title, NULL);
    xp_set_string(&p->loose_credit, NULL);
    xp_set_string(&p->itunes_author, NULL);
    xp_set_string(&p->guid_link, NULL);
    p->item = NULL;
}

void xp_itunes_category(struct xp *p, struct frame *f, const struct attrs *at)
{
    char *text = xp_attr_dup(at, "text");
    if (text)
        xp_add_category(p, feed_value_text(text, strlen(text), TEXT_PLAIN));
    free(text);
    f->role = R_IT_CATEGORY;
}

void xp_container_child(struct xp *p, struct frame *f, enum tag t, enum ns ns,
                        const struct attrs *at, bool item)
{
    f->role = R_IGNORE;
    if (item && xp_media_child(p, f, t, at, true))
        return;
    switch (t) {
    case T_TITLE:
        text_field(p, f, ns, at, F_TITLE, item, 3, TEXT_GUESS);
        break;
    case T_DC_TITLE:
        xp_capture_begin(p, f, F_TITLE, item, 2, TEXT_GUESS);
        break;
    case T_LINK: {
        char *href = xp_attr_dup(at, "href");
        if (href || ns == NS_ATOM)
            atom_link(p, f, at, item);
        else
            xp_capture_begin(p, f, F_LINK, item, 3, TEXT_PLAIN);
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
        char *src = xp_attr_dup(at, "src");
        if (item && !src)
            text_field(p, f, ns, at, F_CONTENT, true, 3, TEXT_HTML);
        free(src);
        break;
    }
    case T_CONTENT_ENCODED:
        if (item)
            xp_capture_begin(p, f, F_CONTENT, true, 3, TEXT_HTML);
        break;
    case T_FULLITEM:
        if (item)
            xp_capture_begin(p, f, F_CONTENT, true, 2, TEXT_HTML);
        break;
    case T_BODY:
        if (item && xp_capture_begin(p, f, F_CONTENT, true, 2, TEXT_HTML))
            p->cap.markup = true;
        break;
    case T_DC_DESCRIPTION:
        xp_capture_begin(p, f, item ? F_SUMMARY : F_SUBTITLE, item, 2, TEXT_GUESS);
        break;
    case T_IT_SUMMARY:
        xp_capture_begin(p, f, item ? F_SUMMARY : F_SUBTITLE, item, 1, TEXT_GUESS);
        break;
    case T_IT_SUBTITLE:
        if (!item)
            xp_capture_begin(p, f, F_SUBTITLE, false, 1, TEXT_GUESS);
        break;
    case T_ID:
        if (xp_capture_begin(p, f, F_ID, item, 3, TEXT_PLAIN))
            p->cap.atom_id = true;
        break;
    case T_GUID:
        if (item && xp_capture_begin(p, f, F_GUID, true, 3, TEXT_PLAIN))
            p->cap.permalink = !xp_attr_is(at, "isPermaLink", "false");
        break;
    case T_DC_IDENTIFIER:
        xp_capture_begin(p, f, F_ID, item, 1, TEXT_PLAIN);
        break;
    case T_PUBDATE:
    case T_PUBLISHED:
        xp_capture_begin(p, f, F_PUBLISHED, item, 3, TEXT_PLAIN);
        break;
    case T_DCT_ISSUED:
        xp_capture_begin(p, f, F_PUBLISHED, item, 2, TEXT_PLAIN);
        break;
    case T_DC_DATE:
        xp_capture_begin(p, f, F_PUBLISHED, item, 1, TEXT_PLAIN);
        break;
    case T_UPDATED:
    case T_MODIFIED:
    case T_LASTBUILDDATE:
        xp_capture_begin(p, f, F_UPDATED, item, 3, TEXT_PLAIN);
        break;
    case T_DCT_MODIFIED:
        xp_capture_begin(p, f, F_UPDATED, item, 2, TEXT_PLAIN);
        break;
    case T_LANGUAGE:
        xp_capture_begin(p, f, F_LANG, item, 3, TEXT_PLAIN);
        break;
    case T_DC_LANGUAGE:
        xp_capture_begin(p, f, F_LANG, item, 2, TEXT_PLAIN);
        break;
    case T_COPYRIGHT:
    case T_RIGHTS:
        if (!item)
            text_field(p, f, ns, at, F_RIGHTS, false, 3, TEXT_GUESS);
        break;
    case T_DC_RIGHTS:
        if (!item)
            xp_capture_begin(p, f, F_RIGHTS, false, 2, TEXT_GUESS);
        break;
    case T_AUTHOR:
        person_begin(p, f, item);
        break;
    case T_DC_CREATOR:
        xp_capture_begin(p, f, F_AUTHOR, item, 0, TEXT_GUESS);
        break;
    case T_MANAGINGEDITOR:
        if (!item)
            xp_capture_begin(p, f, F_AUTHOR, false, 0, TEXT_GUESS);
        break;
    case T_IT_AUTHOR:
        xp_capture_begin(p, f, F_ITUNES_AUTHOR, item, 0, TEXT_GUESS);
        break;
    case T_CATEGORY: {
        char *term = xp_attr_dup(at, "term");
        if (term)
            xp_add_category(p, feed_value_text(term, strlen(term), TEXT_PLAIN));
        else
            xp_capture_begin(p, f, F_CATEGORY, item, 0, TEXT_PLAIN);
        free(term);
        break;
    }
    case T_DC_SUBJECT:
        xp_capture_begin(p, f, F_CATEGORY, item, 0, TEXT_PLAIN);
        break;
    case T_IT_CATEGORY:
        xp_itunes_category(p, f, at);
        break;
    case T_ENCLOSURE:
        if (item)
            rss_enclosure(p, f, at);
        break;
    case T_LOGO:
    case T_ICON:
        if (!item)
            xp_capture_begin(p, f, F_IMAGE_URL, false, t == T_LOGO ? 4 : 3, TEXT_PLAIN);
        break;
    case T_IT_LINK:
        if (xp_attr_is(at, "rel", "image")) {
            char *href = xp_attr_dup(at, "href");
            char *safe = feed_safe_url(f->base, href);
            free(href);
            if (item)
                xp_offer_image(&p->pick, safe, 1, 0, NULL, NULL);
            else
                offer_feed_image(p, safe, 2);
        }
        break;
    case T_IT_IMAGE: {
        char *href = xp_attr_dup(at, "href");
        if (!href)
            href = xp_attr_dup(at, "url");
        char *safe = feed_safe_url(f->base, href);
        free(href);
        if (item)
            xp_offer_image(&p->pick, safe, 1, 0, NULL, NULL);
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
