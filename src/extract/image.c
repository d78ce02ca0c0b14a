/* URLs worth keeping, and the lead image: which picture leads the article,
 * its caption, and the photo credit split from it. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/url.h"
#include "base/buf.h"
#include "base/xalloc.h"
#include "extract/extract_internal.h"

/* An absolute URL for ref that is safe to link (http, https, mailto when
 * mailto is set); a new string or NULL. */
char *ext_safe_url(const char *base, const char *ref, bool mailto)
{
    if (!ref || !*ref)
        return NULL;
    char *u = url_resolve(base, ref);
    if (u && (url_is_http(u) || (mailto && !strncasecmp(u, "mailto:", 7))))
        return u;
    free(u);
    return NULL;
}

/* The address at the start of an attribute's value resolved against base
 * (in a srcset, the first candidate: up to a space or comma); a new string or
 * NULL. */
static char *first_url(const char *v, bool srcset, const char *base)
{
    while (isspace((unsigned char)*v))
        v++;
    /* In a srcset a candidate's address runs to white space (it may hold
     * commas: "upload/c_fill,w_80/x.jpg"); a comma right after it ends it. */
    size_t n = 0;
    while (v[n] && !isspace((unsigned char)v[n]))
        n++;
    while (srcset && n && v[n - 1] == ',')
        n--;
    char *ref = xstrndup(v, n);
    char *u = ext_safe_url(base, ref, false);
    free(ref);
    return u;
}

/* The <picture> an <img> sits in, NULL when none. The HTML parser does not
 * know <source> is empty, so the <img> may sit inside the sources: the
 * <picture> is looked for among a few ancestors. */
static xmlNode *picture_of(xmlNode *img)
{
    xmlNode *pic = img->parent;
    for (int up = 0;
         up < 8 && pic && pic->type == XML_ELEMENT_NODE && ext_tag_of(pic->name) != T_PICTURE; up++)
        pic = ext_tag_of(pic->name) == T_SOURCE ? pic->parent : NULL;
    return pic && pic->type == XML_ELEMENT_NODE && ext_tag_of(pic->name) == T_PICTURE ? pic : NULL;
}

/* The srcset of a <source>, or the one a lazy loader keeps for it
 * (data-srcset); NULL when it has none. */
static const char *source_set(xmlNode *x)
{
    if (ext_tag_of(x->name) != T_SOURCE)
        return NULL;
    const char *set = ext_attr_value(x, "srcset");
    if (!set || !*set)
        set = ext_attr_value(x, "data-srcset");
    return set && *set ? set : NULL;
}

/* The URL a <picture>'s first <source> offers, for an <img> that names no
 * address of its own. A new string or NULL. */
static char *picture_source(xmlNode *img, const char *base)
{
    xmlNode *pic = picture_of(img);
    if (!pic)
        return NULL;
    struct tree_iter it;
    ext_tree_iter_init(&it, pic);
    for (xmlNode *x; (x = ext_tree_next_element(&it)) != NULL;) {
        const char *set = source_set(x);
        char *u = set ? first_url(set, true, base) : NULL;
        if (u)
            return u;
    }
    return NULL;
}

/* The address of a CSS background picture in an element's style
 * ("background-image: url('...')"); a new string or NULL. */
static char *background_src(xmlNode *x, const char *base)
{
    const char *style = ext_attr_value(x, "style");
    const char *bg = style ? strcasestr(style, "background") : NULL;
    const char *u = bg ? strcasestr(bg, "url(") : NULL;
    if (!u)
        return NULL;
    u += 4;
    while (isspace((unsigned char)*u))
        u++;
    char quote = *u == '\'' || *u == '"' ? *u++ : ')';
    size_t n = strcspn(u, quote == ')' ? ") \t\n" : (quote == '"' ? "\"" : "'"));
    char *ref = xstrndup(u, n);
    char *r = strncasecmp(ref, "data:", 5) ? ext_safe_url(base, ref, false) : NULL;
    free(ref);
    return r;
}

/* The URL an <img> shows: src, or the attributes lazy loaders keep it in,
 * or its <picture>'s first source. */
char *ext_image_src(xmlNode *img, const char *base)
{
    if (ext_tag_of(img->name) != T_IMG)
        return background_src(img, base);
    static const char *const names[] = {"data-src",    "data-lazy-src",   "data-original",
                                        "data-url",    "data-hi-res-src", "data-lazy",
                                        "data-srcset", "srcset",          "data-full-src"};
    const char *src = ext_attr_value(img, "src");
    /* A lazy loader's stand-in ("placeholder_1000x750.jpg", "blank.gif")
     * until a script swaps in the picture its data-src names. */
    bool stand_in = src && (strcasestr(src, "placeholder") || strcasestr(src, "blank.") ||
                            strcasestr(src, "spacer.") || strcasestr(src, "lazy"));
    if (stand_in && ext_attr_value(img, "data-src"))
        src = NULL;
    if (src && *src && strncasecmp(src, "data:", 5)) {
        char *u = ext_safe_url(base, src, false);
        if (u)
            return u;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = ext_attr_value(img, names[i]);
        if (!v || !*v)
            continue;
        char *u = first_url(v, strstr(names[i], "srcset") != NULL, base);
        if (u)
            return u;
    }
    return picture_source(img, base);
}

/* The picture an image resizer serves ("/resize/840x560/?url=https%3A%2F%2F
 * cdn%2Fphoto.jpg", "/wie?image=https%3A%2F%2F..."): the value of the
 * query's url parameter, or of one whose value is an address, [*from, end);
 * false when there is none. */
static bool resized_original(const char *url, const char **from, const char **end)
{
    const char *q = strchr(url, '?');
    for (const char *p = q; p && *p && *p != '#'; p += strcspn(p + 1, "&#") + 1) {
        size_t name = strcspn(p + 1, "=&#");
        if (p[1 + name] != '=')
            continue;
        const char *v = p + 2 + name;
        if ((name == 3 && !strncasecmp(p + 1, "url", 3)) || !strncasecmp(v, "http%3A", 7) ||
            !strncasecmp(v, "https%3A", 8)) {
            *from = v;
            *end = *from + strcspn(*from, "&#");
            return *end > *from;
        }
    }
    return false;
}

/* The file name of a URL without extension and size suffix, for telling two
 * renditions of one picture ("lead-1024x576.jpg", "lead.jpg?w=600"); of a
 * resizer's address, the file name of the picture it resizes. */
static size_t image_stem(const char *url, const char **stem)
{
    const char *from = url, *end = url + strcspn(url, "?#");
    bool resized = resized_original(url, &from, &end);
    /* A resizer that writes its options after the file's name
     * ("/VW+Chef+Diess.jpg/1600x900Crop/497.533.399"): the last segment
     * that names a picture file. */
    for (const char *seg = end + 1; !resized && seg > from; seg--) {
        if (seg <= end && seg[-1] != '/')
            continue;
        const char *e = seg - 1, *d = e;
        while (d > from && d[-1] != '/' && d[-1] != '.')
            d--;
        if (d > from && d[-1] == '.' && e - d >= 3 && e - d <= 4 &&
            (!strncasecmp(d, "jpg", 3) || !strncasecmp(d, "jpeg", 4) || !strncasecmp(d, "png", 3) ||
             !strncasecmp(d, "webp", 4))) {
            end = e;
            break;
        }
    }
    const char *s = end;
    while (s > from && s[-1] != '/' && !(resized && s - from >= 3 && !strncasecmp(s - 3, "%2F", 3)))
        s--;
    const char *dot = s;
    while (dot < end && *dot != '.')
        dot++;
    size_t n = (size_t)(dot - s);
    /* TYPO3 names each rendition "csm_NAME_0123456789.jpg", the suffix a hash
     * of the rendition's size. */
    if (n > 15 && !strncmp(s, "csm_", 4) && s[n - 11] == '_') {
        bool hash = true;
        for (size_t i = n - 10; i < n && hash; i++)
            hash = isxdigit((unsigned char)s[i]);
        if (hash)
            n -= 11;
    }
    /* A trailing -WIDTHxHEIGHT or _WIDTH (of two to four digits: a longer
     * number is the picture's own, "foto_0000000920220504074527", and one
     * digit numbers a gallery's pictures, "esmeralda-1"). */
    size_t k = n, run = 0;
    while (k > 0 && (isdigit((unsigned char)s[k - 1]) || s[k - 1] == 'x') && run <= 4) {
        run = s[k - 1] == 'x' ? 0 : run + 1;
        k--;
    }
    if (k > 0 && k < n && run >= 2 && run <= 4 && (s[k - 1] == '-' || s[k - 1] == '_'))
        n = k - 1;
    *stem = s;
    return n;
}

static bool same_picture(const char *a, const char *b)
{
    const char *sa, *sb;
    size_t na = image_stem(a, &sa), nb = image_stem(b, &sb);
    return na >= 4 && na == nb && !strncmp(sa, sb, na);
}

/* Whether an image shows the picture at url: its own address (src) does, or
 * a <source> of its <picture> does (a crop for small screens may be the one
 * the metadata names while the <img> shows another). */
static bool shows_picture(xmlNode *img, const char *src, const char *base, const char *url)
{
    if (src && same_picture(url, src))
        return true;
    xmlNode *pic = ext_tag_of(img->name) == T_IMG ? picture_of(img) : NULL;
    if (!pic)
        return false;
    struct tree_iter it;
    ext_tree_iter_init(&it, pic);
    bool same = false;
    for (xmlNode *x; !same && (x = ext_tree_next_element(&it)) != NULL;) {
        const char *set = source_set(x);
        char *u = set ? first_url(set, true, base) : NULL;
        same = u && same_picture(url, u);
        free(u);
    }
    return same;
}

/* Whether a class names a photo credit and nothing else a box may hold
 * ("credit", not "author" or "byline"). */
static bool photo_credit_name(const char *s)
{
    static const char *const words[] = {"credit", "copyright", "photographer", "fotograf"};
    for (size_t i = 0; s && i < sizeof words / sizeof words[0]; i++)
        if (strcasestr(s, words[i]))
            return true;
    return false;
}

/* Class or itemprop names of the element that holds a photo credit in a
 * figure or caption, where a byline or an author names the photographer. */
static bool credit_name(const char *s)
{
    static const char *const words[] = {"byline", "author", "source", "attribution", "autor"};
    for (size_t i = 0; s && i < sizeof words / sizeof words[0]; i++)
        if (strcasestr(s, words[i]))
            return true;
    return photo_credit_name(s);
}

/* Whether a class or itemprop names a caption ("caption", "wp-caption-text",
 * "bildtext", "legend"), or a picture's text ("main-image__title",
 * "ImageArticle-Description", "photo-label"). */
static bool caption_name(const char *s)
{
    static const char *const words[] = {"caption", "bildtext", "legend", "unterschrift"};
    for (size_t i = 0; s && i < sizeof words / sizeof words[0]; i++)
        if (strcasestr(s, words[i]))
            return true;
    static const char *const pictures[] = {"image", "img", "photo", "foto", "picture"};
    static const char *const texts[] = {"desc", "text", "title", "label"};
    bool picture = false, text = false;
    for (size_t i = 0; s && i < sizeof pictures / sizeof pictures[0]; i++)
        picture = picture || strcasestr(s, pictures[i]);
    for (size_t i = 0; picture && i < sizeof texts / sizeof texts[0]; i++)
        text = text || strcasestr(s, texts[i]);
    return text;
}

bool ext_picture_text_named(const xmlNode *x)
{
    const char *cls = ext_attr_value(x, "class");
    return caption_name(cls) || photo_credit_name(cls);
}

/* An element named as a photo credit and short as one (a box named
 * "credits" that also holds the caption is no credit alone). */
static bool credit_alone(xmlNode *x)
{
    if (!photo_credit_name(ext_attr_value(x, "class")))
        return false;
    char *t = ext_node_text(x, 400);
    bool alone = t && ext_text_chars(t) <= 100;
    free(t);
    return alone;
}

/* Elements examined around an image outside a figure for its caption. */
#define CAPTION_SCAN 64

/* The element that holds an image and its caption when no <figure> does: the
 * nearest of three ancestors with an element named as a caption or a photo
 * credit in it (a <div class="caption"> beside the picture), unless it holds
 * much text (the article itself). NULL when none. */
static xmlNode *caption_box(xmlNode *img)
{
    xmlNode *a = img->parent, *credit_box = NULL;
    /* A <picture> and the <source>s libxml2 nests the <img> in are the
     * image itself, not containers around it (though a template may write
     * the credit inside the <picture>). A box with only the credit may sit
     * inside the one that holds the caption too. */
    for (int level = 0; level < 3 && a && a->type == XML_ELEMENT_NODE; a = a->parent) {
        enum tag at = ext_tag_of(a->name);
        if (at != T_SOURCE && at != T_PICTURE && at != T_NOSCRIPT)
            level++;
        struct tree_iter it;
        ext_tree_iter_init(&it, a);
        size_t seen = 0;
        bool caption = false, credit = false;
        for (xmlNode *x; !caption && seen++ < CAPTION_SCAN && (x = ext_tree_next_element(&it));) {
            caption = ext_tag_of(x->name) == T_FIGCAPTION ||
                      caption_name(ext_attr_value(x, "class")) ||
                      caption_name(ext_attr_value(x, "itemprop"));
            credit = credit || photo_credit_name(ext_attr_value(x, "class"));
        }
        if (!caption && !credit)
            continue;
        char *t = ext_node_text(a, 1200);
        bool small = !t || ext_text_chars(t) < 1000;
        free(t);
        if (!small)
            return credit_box;
        if (caption)
            return a;
        if (!credit_box)
            credit_box = a;
    }
    return credit_box;
}

/* A caption written on the image or its container as data-caption. */
static const char *data_caption(xmlNode *img, xmlNode *fig)
{
    const char *v = ext_attr_value(img, "data-caption");
    if (!v && fig != img)
        v = ext_attr_value(fig, "data-caption");
    return v && *v ? v : NULL;
}

/* A caption as a reader sees it: markup left in metadata ("<p>...</p>")
 * taken out, white space collapsed, separators left at the end by the credit
 * split removed. A new string or NULL. */
static char *caption_text(const char *s)
{
    if (!s)
        return NULL;
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    bool tag = false;
    for (const char *p = s; *p; p++) {
        if (*p == '<' && (isalpha((unsigned char)p[1]) || p[1] == '/'))
            tag = true;
        else if (tag && *p == '>')
            tag = false;
        else if (!tag && buf_putc(&b, *p))
            break;
    }
    char *flat = buf_steal(&b);
    char *c = flat ? ext_text_clean(flat) : NULL;
    free(flat);
    size_t n = c ? strlen(c) : 0;
    while (n && (c[n - 1] == '/' || c[n - 1] == '|' || c[n - 1] == '-' || c[n - 1] == ' ' ||
                 c[n - 1] == ','))
        c[--n] = '\0';
    if (c && !n) {
        free(c);
        c = NULL;
    }
    return c;
}

bool ext_caption_named(const xmlNode *x)
{
    return ext_tag_of(x->name) == T_FIGCAPTION || caption_name(ext_attr_value(x, "class")) ||
           caption_name(ext_attr_value(x, "itemprop"));
}

/* Whether x holds text (a caption's magnifier icon, named like the
 * caption's box, holds none). */
static bool has_text(xmlNode *x)
{
    char *t = ext_node_text(x, 8);
    bool text = t != NULL;
    free(t);
    return text;
}

/* The first caption and the first credit element under root (a credit only
 * where *credit_el is still NULL). */
static void find_caption_parts(xmlNode *root, xmlNode **figcaption, xmlNode **credit_el)
{
    struct tree_iter it;
    ext_tree_iter_init(&it, root);
    for (xmlNode *x; (x = ext_tree_next_element(&it)) != NULL;) {
        if (!*figcaption && ext_caption_named(x) && has_text(x))
            *figcaption = x;
        else if (!*credit_el &&
                 (credit_name(ext_attr_value(x, "class")) ||
                  credit_name(ext_attr_value(x, "itemprop")) || ext_tag_of(x->name) == T_CITE ||
                  (ext_tag_of(x->name) == T_SMALL && *figcaption && x->parent == *figcaption)))
            *credit_el = x;
    }
}

/* The element right after x, past white space and comments; NULL when
 * text or nothing follows (or x is NULL). *last is set when nothing does. */
static xmlNode *next_element(xmlNode *x, bool *last)
{
    *last = false;
    if (!x)
        return NULL;
    for (x = x->next; x && x->type != XML_ELEMENT_NODE; x = x->next)
        if (x->type == XML_TEXT_NODE && !ext_is_space_text(x))
            return NULL;
    *last = !x;
    return x;
}

/* Whether x holds a paragraph (<p>) among its first elements. */
static bool holds_paragraph(xmlNode *x)
{
    struct tree_iter it;
    ext_tree_iter_init(&it, x);
    size_t seen = 0;
    for (xmlNode *e; seen++ < CAPTION_SCAN && (e = ext_tree_next_element(&it)) != NULL;)
        if (ext_tag_of(e->name) == T_P)
            return true;
    return false;
}

/* Wrappers climbed from a picture to what follows it. */
#define WRAPPER_REACH 3

/* Whether x is the only element of its parent, with no text beside it. */
static bool only_child(xmlNode *x)
{
    for (xmlNode *c = x->parent->children; c; c = c->next)
        if (c != x && (c->type == XML_ELEMENT_NODE ||
                       (c->type == XML_TEXT_NODE && !ext_is_space_text(c))))
            return false;
    return true;
}

/* The element a reader sees right after a picture: past the <noscript>
 * copy a lazy loader keeps beside it, and out of wrappers that hold the
 * picture alone (a page builder's <div> around the <figure>, with the
 * caption after the <div>). NULL when text or nothing follows. */
static xmlNode *element_after(xmlNode *x)
{
    for (int up = 0; x && up <= WRAPPER_REACH; up++) {
        bool last;
        xmlNode *n = next_element(x, &last);
        while (n && ext_tag_of(n->name) == T_NOSCRIPT)
            n = next_element(n, &last);
        if (n || !last || !x->parent || x->parent->type != XML_ELEMENT_NODE || !only_child(x))
            return n;
        x = x->parent;
    }
    return NULL;
}

/* A caption the split took whole for a credit, "Trybunał Konstytucyjny /
 * Shutterstock": when what comes before its slash is what the image's
 * alternative text says, that part describes the picture (a photographer's
 * name is not an image's description) and the rest credits it. */
static void alt_caption(const char *alt, char **cap, char **split)
{
    char *a = ext_text_clean(alt);
    size_t n = a ? strlen(a) : 0;
    const char *rest = n && n < strlen(*split) && !strncasecmp(*split, a, n) ? *split + n : "";
    while (*rest == ' ')
        rest++;
    if (*rest == '/') {
        char *credit = ext_text_clean(rest + 1);
        if (credit) {
            *cap = a;
            a = NULL;
            free(*split);
            *split = credit;
        }
    }
    free(a);
}

/* The credit an image's tooltip gives after a label that names a picture
 * ("Photo: ČTK/Name" as the title of the <img> or its <picture>, where the
 * template writes the credit a reader sees far from the picture, or only
 * there); a new string or NULL. */
static char *title_credit(xmlNode *img)
{
    const char *title = ext_attr_value(img, "title");
    xmlNode *pic = ext_tag_of(img->name) == T_IMG ? picture_of(img) : NULL;
    if ((!title || !*title) && pic)
        title = ext_attr_value(pic, "title");
    return title && *title ? ext_foot_credit(title) : NULL;
}

/* The caption and credit of a figure or image: the credit from an element
 * named for it (or a <small> in the caption) or the image's data-credit,
 * else split from the caption (figcaption or an element named as a caption,
 * also one that follows a <figure> it was meant to be in; else
 * data-caption). Alternative text is not a caption: readers do not see it. */
static void figure_caption(xmlNode *fig, xmlNode *img, char **caption, char **credit)
{
    *caption = *credit = NULL;
    xmlNode *figcaption = NULL, *credit_el = NULL;
    bool figure = ext_tag_of(fig->name) == T_FIGURE;
    /* A box named for the credit with the credit inside: its caption comes
     * first, and what follows the credit is the box's other business (a
     * visit counter beside the credit). */
    bool credit_box = false;
    xmlNode *box = figure ? fig : caption_box(img);
    /* A box named as a caption around the image (WordPress's "wp-caption")
     * is the figure: its text is the caption. */
    if (box && !figure && ext_caption_named(box))
        figcaption = box;
    find_caption_parts(box ? box : fig, &figcaption, &credit_el);
    /* A caption right after the figure it was meant to be in, or right
     * after an image (its <picture>) that no box holds with one. */
    xmlNode *shown = img;
    while (!figure && !box && shown->parent && shown->parent->type == XML_ELEMENT_NODE &&
           (ext_tag_of(shown->parent->name) == T_PICTURE ||
            ext_tag_of(shown->parent->name) == T_SOURCE))
        shown = shown->parent;
    xmlNode *after = figcaption ? NULL : element_after(figure ? fig : box ? NULL : shown);
    /* A credit box after the image: the credit, or with an element named
     * for the credit inside it, the caption and its credit. */
    if (after && !figure && !ext_caption_named(after) && !credit_el &&
        photo_credit_name(ext_attr_value(after, "class"))) {
        xmlNode *inner_caption = NULL, *inner_credit = NULL;
        find_caption_parts(after, &inner_caption, &inner_credit);
        if (inner_credit) {
            figcaption = after;
            credit_el = inner_credit;
            credit_box = true;
            after = NULL;
        } else if (credit_alone(after)) {
            credit_el = after;
            after = NULL;
        }
    }
    /* A box named for the credit after an image may hold its caption too. */
    if (after && (ext_caption_named(after) ||
                  (!figure && photo_credit_name(ext_attr_value(after, "class"))))) {
        figcaption = after;
        find_caption_parts(after, &figcaption, &credit_el);
    }
    /* A box named for the credit that holds the caption's paragraphs is
     * the caption's wrapper ("<div class=figure-caption><div
     * class=credit-media><p>Caption</p><span class=copy></span>"): the
     * credit, if any, is split from the text. */
    if (figcaption && credit_el && credit_el != figcaption && holds_paragraph(credit_el))
        credit_el = NULL;
    /* A short line right after the picture that is only its labelled
     * credit ("<img><span class=small>© DVFG/AdobeStock</span>"). */
    if (after && !figcaption && !credit_el) {
        char *t = ext_node_text(after, 400);
        char *line = t && ext_text_chars(t) <= 100 ? ext_credit_line(t) : NULL;
        if (line)
            credit_el = after;
        free(line);
        free(t);
    }
    /* A box named for the credit with another inside ("<div
     * class=summary-credit>Caption <span class=credit>By Name</span>") is
     * the caption, the inner one its credit. */
    if (!figcaption && credit_el) {
        xmlNode *inner_caption = NULL, *inner_credit = NULL;
        find_caption_parts(credit_el, &inner_caption, &inner_credit);
        if (inner_credit) {
            figcaption = credit_el;
            credit_el = inner_credit;
            credit_box = true;
        }
    }
    /* A box named for the credit that holds the caption too ("<span
     * class=visuel-credits><p>Caption</p><span>Name / AFP</span>") is the
     * caption, its credit split from it. */
    char *whole = !figcaption && credit_el ? ext_node_text(credit_el, 2000) : NULL;
    char *whole_cap = NULL, *whole_credit = NULL;
    ext_caption_split(whole, &whole_cap, &whole_credit);
    if (whole_cap && whole_credit) {
        figcaption = credit_el;
        credit_el = NULL;
    }
    free(whole);
    free(whole_cap);
    free(whole_credit);
    char *text = !figcaption ? NULL
                 : credit_box ? ext_node_text_before(figcaption, credit_el, 2000)
                              : ext_node_text_without(figcaption, credit_el, 2000);
    if (!text && data_caption(img, fig))
        text = caption_text(data_caption(img, fig));
    char *cr = credit_el ? ext_node_text(credit_el, 400) : NULL;
    if (!cr)
        cr = xstrdup(ext_attr_value(img, "data-credit"));
    if (!cr)
        cr = xstrdup(ext_attr_value(img, "data-photo-credit"));
    char *split = NULL, *cap = NULL;
    ext_caption_split(text, &cap, &split);
    free(text);
    if (!cap && split)
        alt_caption(ext_attr_value(img, "alt"), &cap, &split);
    *caption = caption_text(cap);
    free(cap);
    *credit = ext_credit_clean(cr ? cr : split);
    free(cr);
    free(split);
    if (!*credit)
        *credit = title_credit(img);
}

/* Whether a node is a block element, a script or style, white space or a
 * comment: no text that runs on beside an image. */
static bool block_or_space(const xmlNode *x)
{
    if (x->type == XML_ELEMENT_NODE)
        return ext_tag_info(ext_tag_of(x->name))->flags & (TF_BLOCK | TF_SKIP);
    return x->type == XML_COMMENT_NODE || ext_is_space_text(x);
}

/* Whether an image (with the <picture>, <source>s and link around it that
 * hold nothing else) sits between blocks of its container, as a paragraph
 * of its own would: "<p>...</p><picture><img></picture><p>...</p>". */
static bool between_blocks(xmlNode *img)
{
    xmlNode *x = img;
    while (x->parent && x->parent->type == XML_ELEMENT_NODE) {
        enum tag t = ext_tag_of(x->parent->name);
        if (t != T_PICTURE && t != T_SOURCE && t != T_A)
            break;
        x = x->parent;
    }
    bool before = false, after = false;
    for (xmlNode *p = x->prev; p && !before; p = p->prev) {
        if (!block_or_space(p))
            return false;
        before = p->type == XML_ELEMENT_NODE;
    }
    for (xmlNode *n = x->next; n && !after; n = n->next) {
        if (!block_or_space(n))
            return false;
        after = n->type == XML_ELEMENT_NODE;
    }
    return before || after;
}

/* The image a candidate shows, when it is large enough to lead an article: a
 * declared size is not an icon's, an image outside a figure stands alone in
 * its block, and a GIF or SVG outside a figure is decoration. */
static xmlNode *leading_img(xmlNode *cand, const char *src)
{
    xmlNode *img = cand;
    bool figure = ext_tag_of(cand->name) == T_FIGURE;
    if (figure) {
        struct tree_iter it;
        ext_tree_iter_init(&it, cand);
        img = NULL;
        for (xmlNode *x; !img && (x = ext_tree_next_element(&it)) != NULL;)
            if (ext_tag_of(x->name) == T_IMG)
                img = x;
        if (!img)
            return NULL;
    }
    /* An image hidden from screen readers is decoration (a formula's
     * fallback picture beside its MathML). */
    const char *hidden = ext_attr_value(img, "aria-hidden");
    if (hidden && !strcmp(hidden, "true"))
        return NULL;
    /* A box that paints its picture as a CSS background: it counts only
     * where it shows the metadata's picture, so no size rule applies. */
    if (!figure && ext_tag_of(img->name) != T_IMG)
        return img;
    const char *wd = ext_attr_value(img, "width"), *ht = ext_attr_value(img, "height");
    /* A size in percent is the layout's ("100%"), not the picture's. */
    if (wd && strchr(wd, '%'))
        wd = NULL;
    if (ht && strchr(ht, '%'))
        ht = NULL;
    if ((wd && atoi(wd) > 0 && atoi(wd) < 200) || (ht && atoi(ht) > 0 && atoi(ht) < 100))
        return NULL;
    if (figure)
        return img;
    const char *ext = src ? strrchr(src, '.') : NULL;
    if (ext && (!strncasecmp(ext, ".gif", 4) || !strncasecmp(ext, ".svg", 4)))
        return NULL;
    if (between_blocks(img))
        return img;
    xmlNode *block = img->parent;
    while (block && block->type == XML_ELEMENT_NODE &&
           !(ext_tag_info(ext_tag_of(block->name))->flags & TF_BLOCK))
        block = block->parent;
    /* The picture's own caption beside it in the block is no text around it. */
    xmlNode *caption = NULL;
    if (block && block->type == XML_ELEMENT_NODE) {
        struct tree_iter it;
        ext_tree_iter_init(&it, block);
        size_t seen = 0;
        for (xmlNode *x; !caption && seen++ < CAPTION_SCAN && (x = ext_tree_next_element(&it));)
            if (ext_caption_named(x) || photo_credit_name(ext_attr_value(x, "class")))
                caption = x;
    }
    /* A block named as a caption (WordPress's "wp-caption") holds the
     * picture and its caption only. */
    bool captioned = block && block->type == XML_ELEMENT_NODE && ext_caption_named(block);
    char *around = block && block->type == XML_ELEMENT_NODE && !captioned
                       ? ext_node_text_without(block, caption, 64)
                       : NULL;
    bool alone = !around || ext_text_chars(around) < 20;
    free(around);
    return alone ? img : NULL;
}

/* Other pictures of the metadata looked for on the page. */
#define MAX_OTHER_IMAGES 6

/* The first candidate of the page that shows the picture at url, n when
 * none does. */
static size_t shown_at(const struct image_candidate *c, size_t n, const char *base, const char *url)
{
    for (size_t k = 0; k < n; k++) {
        xmlNode *img =
            ext_tag_of(c[k].node->name) == T_IMG ? c[k].node : leading_img(c[k].node, NULL);
        char *src = img ? ext_image_src(img, base) : NULL;
        bool same = img && shows_picture(img, src, base, url);
        free(src);
        if (same)
            return k;
    }
    return n;
}

void ext_lead_image(struct meta *m, const char *base, const struct image_candidate *c, size_t n,
                    struct extract_image *out)
{
    const char *meta_url, *meta_caption, *meta_credit;
    ext_meta_image(m, &meta_url, &meta_caption, &meta_credit);
    char *url = meta_url ? ext_safe_url(base, meta_url, false) : NULL;
    /* A page without an address of its own still shows the metadata's
     * picture under a relative one: resolved against the picture's address,
     * it keeps the file name that tells the two apart. */
    if (!base)
        base = url;
    /* Metadata may name several pictures (JSON-LD and the meta tags, a
     * gallery's og:images, a logo first): of those the page shows, the one
     * it shows first leads (JSON-LD's caption describes its own). */
    const char *others[MAX_OTHER_IMAGES];
    size_t n_others = url ? ext_meta_image_others(m, others, MAX_OTHER_IMAGES) : 0;
    size_t first = n_others ? shown_at(c, n, base, url) : n;
    for (size_t i = 0; i < n_others; i++) {
        char *other_url = ext_safe_url(base, others[i], false);
        size_t at = other_url ? shown_at(c, n, base, other_url) : n;
        if (at < first) {
            free(url);
            url = other_url;
            other_url = NULL;
            meta_caption = meta_credit = NULL;
            first = at;
        }
        free(other_url);
    }
    xmlNode *lead = NULL;
    char *lead_src = NULL;
    /* The figure that shows the metadata's picture; failing that (it shows
     * another rendition, under another name), the first ahead of the text
     * with a caption or a credit; without a metadata picture, the first. */
    for (int pass = 0; pass < 2 && !lead; pass++)
        for (size_t k = 0; k < n && !lead; k++) {
            /* A CSS background is decoration unless it shows the metadata's
             * picture in the article or its header (lists of other articles
             * show their pictures so, the article's own among them). */
            bool background = ext_tag_of(c[k].node->name) != T_IMG &&
                              ext_tag_of(c[k].node->name) != T_FIGURE;
            if (pass == 0 ? !url || (background && c[k].outside)
                          : c[k].outside || (url && !c[k].early) || background)
                continue;
            xmlNode *img = ext_tag_of(c[k].node->name) == T_IMG ? c[k].node : NULL;
            char *src = NULL;
            if (img)
                src = ext_image_src(img, base);
            else if ((img = leading_img(c[k].node, NULL)) != NULL)
                src = ext_image_src(img, base);
            if (!src || !leading_img(c[k].node, src) ||
                (pass == 0 && !shows_picture(img, src, base, url))) {
                free(src);
                continue;
            }
            char *cap, *cred;
            figure_caption(c[k].node, img, &cap, &cred);
            if (pass == 0 || !url || cap || cred) {
                lead = c[k].node;
                lead_src = src;
                out->caption = cap;
                out->credit = cred;
            } else {
                free(src);
                free(cap);
                free(cred);
            }
        }
    if (!url) {
        url = lead_src;
        lead_src = NULL;
    }
    free(lead_src);
    if (!url) {
        free(out->caption);
        free(out->credit);
        out->caption = out->credit = NULL;
        return;
    }
    out->url = url;
    if (!out->caption && meta_caption) {
        char *credit = NULL, *cap = NULL, *flat = caption_text(meta_caption);
        ext_caption_split(flat, &cap, &credit);
        out->caption = caption_text(cap);
        free(cap);
        free(flat);
        if (!out->credit)
            out->credit = credit;
        else
            free(credit);
    }
    if (!out->credit && meta_credit)
        out->credit = ext_credit_clean(meta_credit);
    out->credited = out->credit != NULL;
}
