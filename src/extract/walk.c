/* The one walk over the whole page. For every element it records what the
 * rest of the extractor needs — text length, link text, commas, paragraphs and
 * images, the same again over what cleaning would keep — so that choosing the
 * article and cleaning it need no second look at the tree; and it feeds the
 * metadata hooks on the way. docs/extract.md explains the rules. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <strings.h>

#include "base/xalloc.h"
#include "extract/extract_internal.h"

/* Nodes examined in all to tell data tables from layout tables. */
#define TABLE_SCAN_BUDGET 200000

bool ext_is_space_text(const xmlNode *x)
{
    if (x->type != XML_TEXT_NODE)
        return false;
    for (const unsigned char *p = x->content; p && *p; p++)
        if (!isspace(*p))
            return false;
    return true;
}

/* Length in bytes of the white space character at s, 0 when none: ASCII
 * space, U+00A0, U+2000..U+200A, U+202F, U+205F, U+3000, U+FEFF. */
static size_t space_len(const unsigned char *s)
{
    if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8A || s[2] == 0xAF))
        return 3;
    if ((s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) ||
        (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) ||
        (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF))
        return 3;
    return 0;
}

static bool comma_at(const unsigned char *p)
{
    /* Commas of other scripts: U+060C, U+FE10, U+FE11, U+FE50, U+FF0C,
     * U+2E32, U+2E34, U+2E41, U+3001. */
    return p[0] == ',' || (p[0] == 0xD8 && p[1] == 0x8C) ||
           (p[0] == 0xEF && p[1] == 0xB8 && (p[2] == 0x90 || p[2] == 0x91)) ||
           (p[0] == 0xEF && p[1] == 0xB9 && p[2] == 0x90) ||
           (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) ||
           (p[0] == 0xE2 && p[1] == 0xB8 && (p[2] == 0xB2 || p[2] == 0xB4)) ||
           (p[0] == 0xE2 && p[1] == 0xB9 && p[2] == 0x81) ||
           (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81);
}

/* The span, commas and non-space characters of a text node. */
static void count_text(const unsigned char *s, struct span *sp, uint32_t *commas, uint32_t *solid)
{
    uint32_t n = 0, c = 0, k = 0;
    bool space = false;
    sp->lead = false;
    for (const unsigned char *start = s; *s;) {
        /* Printable ASCII is most of any page: no look-up for it. */
        if (*s > ' ' && *s < 0x80) {
            n++;
            k++;
            c += *s == ',';
            space = false;
            s++;
            continue;
        }
        size_t w = space_len(s);
        if (w) {
            n += !space;
            sp->lead = sp->lead || s == start;
            space = true;
            s += w;
            continue;
        }
        n++;
        k++;
        c += comma_at(s);
        space = false;
        s++;
        while ((*s & 0xC0) == 0x80)
            s++;
    }
    sp->len = n;
    sp->trail = space;
    *commas = c;
    *solid = k;
}

/* a followed by b. */
static void span_add(struct span *a, const struct span *b)
{
    if (!b->len)
        return;
    if (!a->len) {
        *a = *b;
        return;
    }
    a->len += b->len - (a->trail && b->lead);
    a->trail = b->trail;
}

/* Length without leading and trailing white space. */
static uint32_t span_trimmed(const struct span *s)
{
    uint32_t cut = (uint32_t)s->lead + (uint32_t)s->trail;
    return s->len > cut ? s->len - cut : 0;
}

/* ---- the first walk ---- */

static uint32_t push_node(struct walk *w, xmlNode *x, uint32_t parent, enum tag t)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 4096;
        w->nodes = xrealloc(w->nodes, w->cap * sizeof *w->nodes);
    }
    uint32_t i = (uint32_t)w->n++;
    struct node *n = &w->nodes[i];
    memset(n, 0, sizeof *n);
    n->xml = x;
    n->parent = parent;
    n->tag = (uint8_t)t;
    n->pos = w->chars;
    x->_private = (void *)(uintptr_t)(i + 1);
    return i;
}

static void push_unit(struct walk *w, uint32_t first, uint32_t chars, uint32_t commas)
{
    /* Short text is a label, a date, a button: not a paragraph. */
    if (chars < 25 || first == NONE)
        return;
    if (w->n_units == w->cap_units) {
        w->cap_units = w->cap_units ? w->cap_units * 2 : 256;
        w->units = xrealloc(w->units, w->cap_units * sizeof *w->units);
    }
    float s = 1.0f + (float)(commas + 1) + fminf((float)(chars / 100), 3.0f);
    w->units[w->n_units++] = (struct unit){first, s};
}

/* Ends the run of inline text in element i. Loose text is a paragraph in a
 * div (or in a paragraph that line breaks split), and anywhere after two
 * line breaks in a row. */
static void flush_run(struct walk *w, uint32_t i)
{
    struct node *n = &w->nodes[i];
    if (n->tag == T_DIV || n->tag == T_P || (n->flags & N_RUN_BR))
        push_unit(w, i, span_trimmed(&n->run), n->run_commas);
    n->run = (struct span){0};
    n->run_commas = 0;
    n->flags &= (uint16_t)~N_RUN_BR;
}

static bool hidden_style(const char *style)
{
    if (!style)
        return false;
    char low[512];
    size_t n = 0;
    for (const char *p = style; *p && n < sizeof low - 1; p++)
        if (!isspace((unsigned char)*p))
            low[n++] = (char)tolower((unsigned char)*p);
    low[n] = '\0';
    return strstr(low, "display:none") || strstr(low, "visibility:hidden");
}

/* Hosts of video players worth keeping an embed for. */
static bool video_url(const char *s)
{
    static const char *const hosts[] = {
        "youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com",   "dailymotion.com",
        "twitch.tv",   "player.bilibili.com",  "v.qq.com", "archive.org", "upload.wikimedia.org"};
    for (size_t i = 0; s && i < sizeof hosts / sizeof hosts[0]; i++)
        if (strstr(s, hosts[i]))
            return true;
    return false;
}

/* Whether a table holds data (kept whole) rather than laying out a page. */
static bool data_table(struct walk *w, xmlNode *table)
{
    const char *role = ext_attr_value(table, "role");
    if (role && !strcasecmp(role, "presentation"))
        return false;
    const char *dt = ext_attr_value(table, "datatable");
    if (dt && !strcmp(dt, "0"))
        return false;
    const char *summary = ext_attr_value(table, "summary");
    if (summary && *summary)
        return true;
    bool nested = false, structure = false;
    uint32_t rows = 0, cols = 0, row_cols = 0;
    struct tree_iter it;
    ext_tree_iter_init(&it, table);
    xmlNode *n;
    while (w->table_budget > 0 && (n = ext_tree_next_element(&it)) != NULL) {
        w->table_budget--;
        enum tag t = ext_tag_of(n->name);
        if (t == T_CAPTION && n->children)
            return true;
        if (t == T_COL || t == T_COLGROUP || t == T_TFOOT || t == T_THEAD || t == T_TH)
            structure = true;
        else if (t == T_TABLE)
            nested = true;
        if (t == T_TR) {
            const char *rs = ext_attr_value(n, "rowspan");
            rows += rs && atoi(rs) > 0 ? (uint32_t)atoi(rs) : 1;
            row_cols = 0;
        } else if (t == T_TD || t == T_TH) {
            const char *cs = ext_attr_value(n, "colspan");
            row_cols += cs && atoi(cs) > 0 ? (uint32_t)atoi(cs) : 1;
            if (row_cols > cols)
                cols = row_cols;
        }
    }
    if (structure)
        return true;
    if (nested || rows == 1 || cols == 1)
        return false;
    if (rows >= 10 || cols > 4)
        return true;
    return rows * cols > 10;
}

static bool is_ld_json(const char *type)
{
    return type && strcasestr(type, "ld+json");
}

/* Roles of landmarks that are never the article. */
static bool boilerplate_role(const char *role)
{
    static const char *const roles[] = {"menu",  "menubar",     "complementary", "navigation",
                                        "alert", "alertdialog", "dialog"};
    for (size_t i = 0; role && i < sizeof roles / sizeof roles[0]; i++)
        if (!strcasecmp(role, roles[i]))
            return true;
    return false;
}

/* The element's attributes that the walk looks at, found in one pass. */
struct attrs {
    const char *cls, *id, *style, *role, *rel, *itemprop, *aria_hidden, *type, *src;
    bool hidden, aria_modal;
};

static void read_attrs(xmlNode *x, struct attrs *a)
{
    memset(a, 0, sizeof *a);
    for (xmlAttr *p = x->properties; p; p = p->next) {
        const char *name = (const char *)p->name;
        const char *v =
            p->children && p->children->content ? (const char *)p->children->content : "";
        switch (name[0]) {
        case 'a':
            if (!strcmp(name, "aria-hidden"))
                a->aria_hidden = v;
            else if (!strcmp(name, "aria-modal"))
                a->aria_modal = !strcmp(v, "true");
            break;
        case 'c':
            if (!strcmp(name, "class"))
                a->cls = v;
            break;
        case 'd':
            if (!strcmp(name, "data") && !a->src)
                a->src = v;
            break;
        case 'h':
            if (!strcmp(name, "hidden"))
                a->hidden = true;
            break;
        case 'i':
            if (!strcmp(name, "id"))
                a->id = v;
            else if (!strcmp(name, "itemprop"))
                a->itemprop = v;
            break;
        case 'r':
            if (!strcmp(name, "role"))
                a->role = v;
            else if (!strcmp(name, "rel"))
                a->rel = v;
            break;
        case 's':
            if (!strcmp(name, "style"))
                a->style = v;
            else if (!strcmp(name, "src"))
                a->src = v;
            break;
        case 't':
            if (!strcmp(name, "type"))
                a->type = v;
            break;
        default:
            break;
        }
    }
}

static void add_heading(struct walk *w, xmlNode *x, int level)
{
    if (w->n_heads < MAX_HEADINGS)
        w->heads[w->n_heads++] = (struct heading){x, level, ext_node_text(x, 1024)};
}

/* Characters of the subtree's text as written, white space and all, trimmed
 * at both ends; counting stops at limit. */
static uint32_t written_length(xmlNode *root, uint32_t limit)
{
    struct tree_iter it;
    ext_tree_iter_init(&it, root);
    xmlNode *x;
    enum tree_event ev;
    bool descend = true;
    uint32_t total = 0, lead = 0, trail = 0;
    bool seen = false;
    while ((ev = ext_tree_next(&it, descend, &x)) != TREE_END) {
        descend = true;
        if (ev == TREE_OPEN) {
            descend = x == root || !(ext_tag_info(ext_tag_of(x->name))->flags & TF_SKIP);
            continue;
        }
        if (ev != TREE_LEAF || x->type != XML_TEXT_NODE || !x->content)
            continue;
        for (const unsigned char *p = x->content; *p;) {
            size_t k = space_len(p);
            if (k) {
                p += k;
                lead += !seen;
                trail++;
            } else {
                seen = true;
                trail = 0;
                p++;
                while ((*p & 0xC0) == 0x80)
                    p++;
            }
            total++;
        }
        if (seen && total - lead - trail >= limit)
            return limit;
    }
    return seen ? total - lead - trail : 0;
}

/* Levels above an author box searched for the list item of a teaser. */
#define TEASER_REACH 4
/* Elements of a list item looked at for a teaser's heading. */
#define TEASER_SCAN 64

bool ext_in_teaser(xmlNode *box)
{
    xmlNode *li = box->parent;
    for (int up = 0; up < TEASER_REACH && li && li->type == XML_ELEMENT_NODE &&
                     ext_tag_of(li->name) != T_LI;
         up++)
        li = li->parent;
    if (!li || li->type != XML_ELEMENT_NODE || ext_tag_of(li->name) != T_LI)
        return false;
    struct tree_iter it;
    ext_tree_iter_init(&it, li);
    size_t seen = 0;
    for (xmlNode *x; seen++ < TEASER_SCAN && (x = ext_tree_next_element(&it)) != NULL;) {
        if (!(ext_tag_info(ext_tag_of(x->name))->flags & TF_HEADING))
            continue;
        bool linked = x->parent && x->parent->type == XML_ELEMENT_NODE &&
                      ext_tag_of(x->parent->name) == T_A;
        for (xmlNode *c = x->children; c && !linked; c = c->next)
            linked = c->type == XML_ELEMENT_NODE && ext_tag_of(c->name) == T_A;
        if (linked)
            return true;
    }
    return false;
}

/* An author box is the first in the page whose text, as written, is short:
 * a box that also holds dates and bios is the next one's container. A
 * teaser's byline credits another article. */
static void consider_byline(struct walk *w, uint32_t i)
{
    if ((w->byline == NONE || i < w->byline) && written_length(w->nodes[i].xml, 100) < 100 &&
        !ext_in_teaser(w->nodes[i].xml))
        w->byline = i;
}

/* Metadata inside a subtree that is not content (a hidden block, a footer):
 * JSON-LD and <meta> count wherever they are. A box dropped for its name
 * (named set) still tells more, in the same walk: its <time datetime>s,
 * remembered at the box (at), its figures and images, and on the first
 * reading its h1s, as headings of level 0. The article's header is often
 * named like boilerplate ("header", a wrapper named "Page-ad-margins"), and
 * its date, headline and lead picture are the only ones the page shows. */
static void meta_walk(struct walk *w, xmlNode *root, bool named, uint32_t at)
{
    if (!w->meta && !named)
        return;
    struct tree_iter it;
    ext_tree_iter_init(&it, root);
    for (xmlNode *x; (x = ext_tree_next_element(&it)) != NULL;) {
        enum tag t = ext_tag_of(x->name);
        if (t == T_META && w->meta)
            ext_meta_on_meta(w->meta, x);
        else if (t == T_LINK && w->meta)
            ext_meta_on_link(w->meta, x);
        else if (t == T_SCRIPT && w->meta && is_ld_json(ext_attr_value(x, "type")))
            ext_meta_on_jsonld(w->meta, x);
        else if (t == T_TIME && named && w->n_times < MAX_TIMES && ext_attr_value(x, "datetime"))
            w->times[w->n_times++] = (struct time_ref){x, at, true};
        else if (t == T_H1 && named && w->meta)
            add_heading(w, x, 0);
        else if ((t == T_FIGURE || t == T_IMG) && named && w->n_dropped_figures < MAX_FIGURES)
            w->dropped_figures[w->n_dropped_figures++] = x;
    }
}

/* Levels above a picture searched for a link around it. */
#define LINK_REACH 8

/* Whether the element at i (or one of its nearest ancestors) is a link: a
 * picture inside one is a teaser for the page it leads to. */
static bool in_link(const struct walk *w, uint32_t i)
{
    for (int up = 0; up < LINK_REACH && i != NONE; up++, i = w->nodes[i].parent)
        if (w->nodes[i].tag == T_A)
            return true;
    return false;
}

/* Visits element x; returns whether to walk its children. */
/* Paragraphs of prose that make a <noscript> the article itself. */
#define NOSCRIPT_ARTICLE_PARAGRAPHS 3

/* Whether a <noscript> holds the article itself: a page that writes its
 * text with a script for browsers keeps a copy there for readers without one
 * (paragraphs of prose; a notice asking for JavaScript or consent, or a
 * tracking pixel, is one paragraph or none). */
static bool noscript_article(xmlNode *x)
{
    struct tree_iter it;
    ext_tree_iter_init(&it, x);
    size_t seen = 0, prose = 0;
    for (xmlNode *e; prose < NOSCRIPT_ARTICLE_PARAGRAPHS && seen++ < 256 &&
                     (e = ext_tree_next_element(&it)) != NULL;) {
        if (ext_tag_of(e->name) != T_P)
            continue;
        char *t = ext_node_text(e, 200);
        prose += t && ext_text_chars(t) >= 150;
        free(t);
    }
    return prose >= NOSCRIPT_ARTICLE_PARAGRAPHS;
}

static bool enter(struct walk *w, xmlNode *x, uint32_t parent)
{
    enum tag t = ext_tag_of(x->name);
    if (t == T_NOSCRIPT && w->read_noscript && noscript_article(x)) {
        /* Read as the block it is for every later reading of the page. */
        xmlNodeSetName(x, BAD_CAST "div");
        t = T_DIV;
    }
    if (t == T_NOSCRIPT && w->n_noscripts <= MAX_NOSCRIPTS) {
        if (w->n_noscripts < MAX_NOSCRIPTS)
            w->noscripts[w->n_noscripts] = x;
        w->n_noscripts++;
    }
    const struct ext_tag_info *ti = ext_tag_info(t);
    uint32_t i = push_node(w, x, parent, t);
    struct node *n = &w->nodes[i];
    if (parent != NONE) {
        struct node *p = &w->nodes[parent];
        n->flags = p->flags & (N_IN_CODE | N_IN_DATA | N_IN_FIGURE | N_IN_TABLE);
    }
    struct attrs a;
    read_attrs(x, &a);
    switch (w->meta ? t : T_OTHER) {
    case T_META:
        ext_meta_on_meta(w->meta, x);
        break;
    case T_TITLE:
        ext_meta_on_title(w->meta, x);
        break;
    case T_LINK:
        ext_meta_on_link(w->meta, x);
        break;
    case T_BASE:
        ext_meta_on_base(w->meta, x);
        break;
    case T_HTML:
        ext_meta_on_html(w->meta, x);
        break;
    case T_SCRIPT:
        if (is_ld_json(a.type))
            ext_meta_on_jsonld(w->meta, x);
        break;
    default:
        break;
    }
    if ((t == T_IFRAME || t == T_EMBED || t == T_OBJECT || t == T_VIDEO) && video_url(a.src))
        n->flags |= N_HAS_VIDEO;
    if (t == T_NOSCRIPT && !(n->flags & N_IN_FIGURE) && ext_noscript_img(x) &&
        w->n_figures < MAX_FIGURES)
        w->figures[w->n_figures++] = i;
    if (ti->flags & TF_SKIP) {
        n->flags |= N_DROP;
        return false;
    }
    if (ti->flags & TF_NOOUT)
        n->flags |= N_CLEAN;
    /* The document's frame is never dropped, whatever its names say. */
    bool frame = t == T_HTML || t == T_HEAD || t == T_BODY;
    bool aria_hidden = a.aria_hidden && !strcmp(a.aria_hidden, "true") &&
                       !(a.cls && strstr(a.cls, "fallback-image"));
    if (!frame && (a.hidden || aria_hidden || hidden_style(a.style) || boilerplate_role(a.role) ||
                   (a.aria_modal && a.role && !strcasecmp(a.role, "dialog")))) {
        n->flags |= N_DROP;
        meta_walk(w, x, false, i);
        return false;
    }
    unsigned hints;
    int weight = ext_class_hints(&w->hints, a.cls, a.id, &hints);
    n->weight = (int16_t)(w->weight_classes ? weight : 0);
    w->n_weighted += weight != 0;
    if ((hints & HINT_BYLINE) || (a.rel && !strcasecmp(a.rel, "author")) ||
        (a.itemprop && strstr(a.itemprop, "author")))
        n->flags |= N_BYLINE_HINT;
    if (w->strip_unlikely && (hints & HINT_UNLIKELY) && !frame && t != T_A &&
        !(n->flags & (N_IN_TABLE | N_IN_CODE))) {
        /* An author box named like a header is still the author box. */
        if (n->flags & N_BYLINE_HINT)
            consider_byline(w, i);
        n->flags |= N_DROP | N_STRIPPED;
        w->n_stripped++;
        meta_walk(w, x, true, i);
        return false;
    }
    if (hints & HINT_SHARE)
        n->flags |= N_SHARE;
    if (parent != NONE && (ti->flags & TF_BLOCK))
        flush_run(w, parent);
    if (parent != NONE && (ti->flags & TF_DIVP))
        w->nodes[parent].flags |= N_BLOCK_DESC;
    /* A picture painted as a CSS background (a lead picture behind a
     * link): a candidate that counts only where it shows the metadata's. */
    if (a.style && t != T_FIGURE && t != T_IMG && !(n->flags & N_IN_FIGURE) &&
        w->n_figures < MAX_FIGURES && strstr(a.style, "url(") &&
        strcasestr(a.style, "background") && !in_link(w, parent))
        w->figures[w->n_figures++] = i;
    switch (t) {
    case T_BR: {
        /* Two line breaks in a row end a paragraph. */
        xmlNode *prev = x->prev;
        while (prev && ext_is_space_text(prev))
            prev = prev->prev;
        if (parent != NONE && prev && prev->type == XML_ELEMENT_NODE &&
            ext_tag_of(prev->name) == T_BR) {
            flush_run(w, parent);
            w->nodes[parent].flags |= N_RUN_BR | N_BLOCK_DESC;
        }
        return false;
    }
    case T_PRE:
    case T_CODE:
        n->flags |= N_IN_CODE;
        break;
    case T_TABLE:
        n->flags |= N_IN_TABLE;
        if (!(n->flags & N_IN_DATA) && data_table(w, x))
            n->flags |= N_IN_DATA | N_HAS_DATA;
        break;
    case T_FIGURE:
        n->flags |= N_IN_FIGURE;
        if (w->n_figures < MAX_FIGURES)
            w->figures[w->n_figures++] = i;
        break;
    case T_IMG:
        if (!(n->flags & N_IN_FIGURE) && w->n_figures < MAX_FIGURES)
            w->figures[w->n_figures++] = i;
        return false;
    case T_TIME:
        if (w->n_times < MAX_TIMES && ext_attr_value(x, "datetime"))
            w->times[w->n_times++] = (struct time_ref){x, i, false};
        break;
    case T_H1:
        add_heading(w, x, 1);
        break;
    case T_H2:
        add_heading(w, x, 2);
        break;
    default:
        break;
    }
    return true;
}

static void on_text(struct walk *w, xmlNode *x, uint32_t parent)
{
    if (parent == NONE || !x->content)
        return;
    struct span sp;
    uint32_t commas, solid;
    count_text(x->content, &sp, &commas, &solid);
    struct node *p = &w->nodes[parent];
    span_add(&p->span, &sp);
    span_add(&p->kspan, &sp);
    span_add(&p->run, &sp);
    p->own += solid;
    p->commas += commas;
    p->kcommas += commas;
    p->run_commas += commas;
    w->chars += sp.len;
}

/* Text that is only an ad label or a loading notice ("Annons", "Loading..."). */
static bool ad_text(const char *s)
{
    static const char *const words[] = {
        "ad",      "ads",     "advert",     "advertising", "advertisement", "annons",
        "annonse", "anzeige", "pub",        "publicité",   "publicidad",    "werbung",
        "werb",    "reklam",  "reklame",    "anuncio",     "広告",          "广告",
        "Реклама", "loading", "chargement", "cargando",    "Загрузка",      "正在加载"};
    if (!s)
        return false;
    size_t n = strlen(s);
    if (n > 3 && !strcmp(s + n - 3, "..."))
        n -= 3;
    else if (n > 3 && !strcmp(s + n - 3, "\xE2\x80\xA6"))
        n -= 3;
    else if (n > 1 && s[n - 1] == ':') /* "Anzeige:", "Advertisement:" */
        n--;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && !strncasecmp(s, words[i], n))
            return true;
    return false;
}

/* How pages introduce the links to their other articles, case-folded: a
 * heading or a short paragraph that says only this is not the article's
 * text, in the languages we read. */
static const char *const more_articles[] = {"you might also like",
                                            "you may also like",
                                            "related articles",
                                            "related stories",
                                            "related posts",
                                            "read more",
                                            "read also",
                                            "more on this topic",
                                            "recommended for you",
                                            "lesen sie auch",
                                            "lesen sie mehr",
                                            "das könnte sie auch",
                                            "weitere artikel",
                                            "weitere beiträge",
                                            "mehr zum thema",
                                            "ähnliche artikel",
                                            "le puede interesar",
                                            "te puede interesar",
                                            "también te puede",
                                            "noticias relacionadas",
                                            "artículos relacionados",
                                            "lire aussi",
                                            "à lire aussi",
                                            "sur le même sujet",
                                            "leggi anche",
                                            "läs också",
                                            "läs mer",
                                            "relaterat",
                                            "se også",
                                            "les også",
                                            "lue myös",
                                            "aiheesta lisää"};

/* Characters a lead-in may have past its phrase ("Lesen Sie auch die
 * folgenden Beiträge:"). */
#define LEAD_IN_TAIL 24

/* Whether the short block x says only that links to other articles follow. */
static bool more_articles_lead_in(xmlNode *x)
{
    char *t = ext_node_text(x, 96);
    utf8proc_uint8_t *f = NULL;
    bool found = false;
    if (t && utf8proc_map((const utf8proc_uint8_t *)t, 0, &f,
                          UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                              UTF8PROC_CASEFOLD) >= 0) {
        size_t n = strlen((const char *)f);
        for (size_t k = 0; !found && k < sizeof more_articles / sizeof more_articles[0]; k++) {
            size_t m = strlen(more_articles[k]);
            found = n >= m && n <= m + LEAD_IN_TAIL && !memcmp(f, more_articles[k], m) &&
                    (n == m || !isalnum(f[m]));
        }
    }
    free(f);
    free(t);
    return found;
}

/* Whether cleaning removes element i from the article: a table, list, div or
 * form whose kept content is mostly links, images without text, form fields,
 * or nothing. */
static bool should_clean(struct walk *w, uint32_t i)
{
    struct node *n = &w->nodes[i];
    enum tag t = (enum tag)n->tag;
    if (t != T_DIV && t != T_TABLE && t != T_UL && t != T_FORM && t != T_FIELDSET)
        return false;
    /* A div of text alone, or around one paragraph, is a paragraph. */
    if (!w->clean_conditionally ||
        (n->flags & (N_IN_DATA | N_IN_CODE | N_HAS_DATA | N_HAS_VIDEO | N_PARA | N_PASS)))
        return false;
    if (n->weight < 0)
        return true;
    if (n->kcommas >= 10)
        return false;
    /* Only short text can be an ad label; empty elements are the commonest. */
    if (n->ktext >= 2 && n->ktext < 20) {
        char *s = ext_node_text(n->xml, 64);
        bool ad = ad_text(s);
        free(s);
        if (ad)
            return true;
    }
    bool list = t == T_UL;
    bool in_figure = n->flags & N_IN_FIGURE;
    double p = n->kp, img = n->kimg, li = (double)n->kli - 100, input = n->kinput;
    double len = n->ktext;
    double ld = len > 0 ? n->klink / len : 0;
    double heading_density = len > 0 ? n->kheading / len : 0;
    double textish = len > 0 ? n->ktextish / len : 0;
    bool form = t == T_FORM || t == T_FIELDSET;
    bool bad = (!in_figure && img > 1 && p / img < 0.5) || (!list && li > p) ||
               (form && input > floor(p / 3)) ||
               (!list && !in_figure && heading_density < 0.9 && len < 25 && (img == 0 || img > 2) &&
                ld > 0) ||
               (!list && n->weight < 25 && ld > 0.2) || (n->weight >= 25 && ld > 0.5) ||
               (img == 0 && textish == 0);
    if (list && bad) {
        /* A list of images, one to an item, stays. */
        for (xmlNode *c = n->xml->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE)
                continue;
            uint32_t ci = ext_node_index(c);
            if (ci != NONE && w->nodes[ci].kids > 1)
                return true;
        }
        if (n->kimg == n->kli)
            return false;
    }
    return bad;
}

/* Tags whose text counts as text (not as a widget) for the cleaning rules. */
static bool textish(enum tag t)
{
    return t == T_SPAN || t == T_LI || t == T_TD || (ext_tag_info(t)->flags & TF_DIVP);
}

/* Leaves element i: it becomes a paragraph or a container, may be cleaned,
 * and hands its figures to its parent. */
static void leave(struct walk *w, uint32_t i)
{
    struct node *n = &w->nodes[i];
    n->end = (uint32_t)w->n;
    enum tag t = (enum tag)n->tag;
    if (n->flags & N_DROP) {
        if (n->parent != NONE)
            w->nodes[n->parent].flags |= n->flags & N_HAS_VIDEO;
        return;
    }
    n->text = span_trimmed(&n->span);
    n->ktext = span_trimmed(&n->kspan);
    if (t == T_A) {
        /* A link to an anchor of the page counts less: tables of contents. */
        const char *href = ext_attr_value(n->xml, "href");
        float weight = href && href[0] == '#' && href[1] ? 0.3f : 1.0f;
        n->link = (float)n->text * weight;
        n->klink = (float)n->ktext * weight;
    }
    /* A paragraph that line breaks split is a div of paragraphs. */
    bool para = (t == T_P || t == T_DIV) && !(n->flags & N_BLOCK_DESC);
    if (para)
        n->flags |= N_PARA;
    if (para || t == T_SECTION || t == T_PRE || t == T_TD || (t >= T_H2 && t <= T_H6))
        push_unit(w, n->parent, n->text, n->commas);
    else if (n->flags & N_BLOCK_DESC)
        flush_run(w, i);
    /* A div around one paragraph and nothing else lets scores pass through. */
    if (t == T_DIV && n->kids == 1 && n->own == 0 && n->text > 0 && n->link / n->text < 0.25f) {
        for (xmlNode *c = n->xml->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE && ext_tag_of(c->name) == T_P)
                n->flags |= N_PASS;
    }
    if ((n->flags & N_BYLINE_HINT) && n->text > 0 && n->text < 100)
        consider_byline(w, i);
    if ((n->flags & N_SHARE) && n->text < MIN_ARTICLE)
        n->flags |= N_CLEAN;
    /* Headings named like boilerplate are never the article's text; nor
     * are footers and asides inside it, but for the reading that cleans
     * nothing (a page may keep its article in an <aside> of its layout). */
    if ((t == T_H1 || t == T_H2) && n->weight < 0)
        n->flags |= N_CLEAN;
    if ((t == T_FOOTER || t == T_ASIDE) && w->clean_conditionally) {
        n->flags |= N_CLEAN;
        w->n_cleaned++;
    }
    if ((para || (t >= T_H2 && t <= T_H6)) && n->text > 0 && n->text < 60 &&
        !(n->flags & N_CLEAN) && more_articles_lead_in(n->xml))
        n->flags |= N_CLEAN;
    if (!(n->flags & N_CLEAN) && should_clean(w, i)) {
        n->flags |= N_CLEAN;
        w->n_cleaned++;
    }
    if (n->parent == NONE)
        return;
    struct node *p = &w->nodes[n->parent];
    p->kids++;
    span_add(&p->span, &n->span);
    p->link += n->link;
    p->commas += n->commas;
    p->flags |= n->flags & (N_HAS_DATA | N_HAS_VIDEO);
    if ((n->flags & N_BLOCK_DESC) || (ext_tag_info(t)->flags & TF_DIVP)) {
        p->flags |= N_BLOCK_DESC;
    } else if (!(ext_tag_info(t)->flags & TF_BLOCK)) {
        span_add(&p->run, &n->span);
        p->run_commas += n->commas;
    }
    /* Form fields count for the form they are in, though never kept. */
    p->kinput += n->kinput + (t == T_INPUT);
    if (n->flags & N_CLEAN)
        return;
    span_add(&p->kspan, &n->kspan);
    p->klink += n->klink;
    p->kcommas += n->kcommas;
    p->kheading += (ext_tag_info(t)->flags & TF_HEADING) ? n->ktext : n->kheading;
    p->ktextish += textish(t) ? n->ktext : n->ktextish;
    p->kp += n->kp + (para ? 1 : 0);
    p->kimg += n->kimg + (t == T_IMG);
    p->kli += n->kli + (t == T_LI);
}

void ext_walk_document(struct walk *w, xmlDoc *doc)
{
    w->table_budget = TABLE_SCAN_BUDGET;
    struct tree_iter it;
    ext_tree_iter_init(&it, xmlDocGetRootElement(doc));
    xmlNode *x;
    bool descend = true;
    enum tree_event ev;
    while ((ev = ext_tree_next(&it, descend, &x)) != TREE_END) {
        descend = true;
        uint32_t parent = x == it.root ? NONE : ext_node_index(x->parent);
        if (ev == TREE_OPEN)
            descend = enter(w, x, parent);
        else if (ev == TREE_CLOSE)
            leave(w, ext_node_index(x));
        else if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE)
            on_text(w, x, parent);
    }
}

xmlNode *ext_noscript_img(xmlNode *noscript)
{
    for (xmlNode *c = noscript->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return ext_tag_of(c->name) == T_IMG ? c : NULL;
    return NULL;
}

bool ext_walk_noscript_article(const struct walk *w)
{
    if (w->n_noscripts > MAX_NOSCRIPTS)
        return true;
    for (size_t k = 0; k < w->n_noscripts; k++)
        if (noscript_article(w->noscripts[k]))
            return true;
    return false;
}

void ext_walk_clear(struct walk *w)
{
    free(w->nodes);
    free(w->units);
    for (size_t i = 0; i < w->n_heads; i++)
        free(w->heads[i].text);
    memset(w, 0, sizeof *w);
}
