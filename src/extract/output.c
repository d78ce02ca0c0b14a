/* The article as plain text and as a sanitized HTML fragment, written in one
 * walk over the article's subtrees. The HTML keeps an allowlist of tags (the
 * tag table's output names) and attributes, with URLs made absolute and only
 * http(s) (and mailto: for links) kept; text is escaped as it is written. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "extract/extract_internal.h"

enum sep { SEP_NONE, SEP_SPACE, SEP_LINE, SEP_PARA };

struct open_el {
    const char *name; /* the tag written, NULL when none */
    size_t html_at;   /* where its start tag begins in html */
    size_t content;   /* o->content when it opened */
    bool skipped;
    bool pre;
};

struct out {
    struct walk *w;
    const char *base;
    struct buf text, html;
    enum sep pending; /* separator owed before the next text */
    bool html_space;  /* a space owed in the HTML */
    int pre;          /* inside <pre>: white space is kept */
    size_t content;   /* characters and images written so far */
    struct open_el *stack;
    size_t depth, cap;
    struct buf scratch; /* a text node with its white space collapsed */
    enum err err;
};

static void owe(struct out *o, enum sep s)
{
    if (s > o->pending)
        o->pending = s;
}

static void put_text(struct out *o, const char *s, size_t n)
{
    if (o->err || !n)
        return;
    if (o->text.len && o->pending) {
        static const char *const seps[] = {"", " ", "\n", "\n\n"};
        o->err = buf_puts(&o->text, seps[o->pending]);
    }
    o->pending = SEP_NONE;
    if (!o->err)
        o->err = buf_append(&o->text, s, n);
    o->content += n;
}

/* Appends s escaped for HTML text or a quoted attribute value. */
static enum err html_escape(struct buf *b, const char *s)
{
    enum err err = ERR_OK;
    while (*s && !err) {
        size_t k = strcspn(s, "&<>\"");
        err = buf_append(b, s, k);
        s += k;
        if (!*s || err)
            break;
        err = buf_puts(b, *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : "&quot;");
        s++;
    }
    return err;
}

static void put_html_text(struct out *o, const char *s)
{
    if (o->err || !*s)
        return;
    if (o->html_space) {
        o->err = buf_putc(&o->html, ' ');
        o->html_space = false;
    }
    if (!o->err)
        o->err = html_escape(&o->html, s);
}

/* A text node: white space collapsed (kept inside <pre>), the separator owed
 * before it written first, and a space owed after it when it ends in one. */
static void on_out_text(struct out *o, const char *s)
{
    if (o->pre) {
        put_text(o, s, strlen(s));
        put_html_text(o, s);
        return;
    }
    buf_reset(&o->scratch);
    if (!o->err)
        o->err = ext_text_append_collapsed(&o->scratch, s);
    const char *t = buf_cstr(&o->scratch);
    size_t n = o->scratch.len;
    bool lead = n && t[0] == ' ', trail = n && t[n - 1] == ' ';
    if (lead) {
        owe(o, SEP_SPACE);
        o->html_space = o->html.len > 0;
        t++;
        n--;
    }
    if (trail && n) {
        o->scratch.data[o->scratch.len - 1] = '\0';
        n--;
    }
    if (n) {
        put_text(o, t, n);
        put_html_text(o, t);
    }
    if (trail) {
        owe(o, SEP_SPACE);
        o->html_space = true;
    }
}

static void put_attr(struct out *o, const char *name, const char *value)
{
    if (o->err || !value)
        return;
    /* Pieces appended as they are: a printf per tag cost as much as the
     * rest of the writing. */
    o->err = buf_putc(&o->html, ' ');
    if (!o->err)
        o->err = buf_puts(&o->html, name);
    if (!o->err)
        o->err = buf_puts(&o->html, "=\"");
    if (!o->err)
        o->err = html_escape(&o->html, value);
    if (!o->err)
        o->err = buf_putc(&o->html, '"');
}

static bool digits(const char *s)
{
    if (!s || !*s || strlen(s) > 6)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static void push_open(struct out *o, struct open_el e)
{
    if (o->depth == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 64;
        o->stack = xrealloc(o->stack, o->cap * sizeof *o->stack);
    }
    o->stack[o->depth++] = e;
}

static enum sep block_sep(enum tag t)
{
    switch (t) {
    case T_LI:
    case T_DT:
    case T_DD:
    case T_TR:
    case T_CAPTION:
        return SEP_LINE;
    case T_TD:
    case T_TH:
        return SEP_SPACE;
    default:
        return SEP_PARA;
    }
}

/* Opens element x in the output; returns whether to write its children. */
static bool out_open(struct out *o, xmlNode *x, bool root)
{
    uint32_t i = ext_node_index(x);
    struct node *n = i == NONE ? NULL : &o->w->nodes[i];
    enum tag t = ext_tag_of(x->name);
    const struct ext_tag_info *ti = ext_tag_info(t);
    struct open_el e = {.html_at = o->html.len, .content = o->content};
    if (!n || (n->flags & N_DROP) || ((n->flags & N_CLEAN) && !root) || !ti->out) {
        e.skipped = true;
        push_open(o, e);
        return false;
    }
    if (ti->flags & TF_BLOCK) {
        owe(o, block_sep(t));
        o->html_space = false;
    }
    if (t == T_BR) {
        owe(o, o->pending == SEP_LINE ? SEP_PARA : SEP_LINE);
        o->html_space = false;
    }
    const char *name = t == T_DIV && (n->flags & N_PARA) ? "p" : ti->out;
    if (*name) {
        char *url = NULL;
        if (t == T_IMG && !(url = ext_image_src(x, o->base))) {
            e.skipped = true;
            push_open(o, e);
            return false;
        }
        if (t == T_A)
            url = ext_safe_url(o->base, ext_attr_value(x, "href"), true);
        if (t == T_A && !url) {
            /* A link to nowhere safe keeps its text only. */
            push_open(o, e);
            return true;
        }
        if (o->html_space && !(ti->flags & TF_BLOCK)) {
            o->err = o->err ? o->err : buf_putc(&o->html, ' ');
            o->html_space = false;
        }
        e.html_at = o->html.len;
        e.name = name;
        if (!o->err)
            o->err = buf_putc(&o->html, '<');
        if (!o->err)
            o->err = buf_puts(&o->html, name);
        switch (t) {
        case T_A:
            put_attr(o, "href", url);
            put_attr(o, "title", ext_attr_value(x, "title"));
            break;
        case T_IMG: {
            put_attr(o, "src", url);
            put_attr(o, "alt", ext_attr_value(x, "alt"));
            const char *wd = ext_attr_value(x, "width"), *ht = ext_attr_value(x, "height");
            if (digits(wd))
                put_attr(o, "width", wd);
            if (digits(ht))
                put_attr(o, "height", ht);
            o->content++;
            break;
        }
        case T_TD:
        case T_TH: {
            const char *cs = ext_attr_value(x, "colspan"), *rs = ext_attr_value(x, "rowspan");
            if (digits(cs))
                put_attr(o, "colspan", cs);
            if (digits(rs))
                put_attr(o, "rowspan", rs);
            break;
        }
        case T_OL: {
            const char *start = ext_attr_value(x, "start");
            if (digits(start))
                put_attr(o, "start", start);
            break;
        }
        case T_TIME: {
            char *dt = ext_text_clean(ext_attr_value(x, "datetime"));
            put_attr(o, "datetime", dt);
            free(dt);
            break;
        }
        case T_ABBR:
            put_attr(o, "title", ext_attr_value(x, "title"));
            break;
        default:
            break;
        }
        free(url);
        if (!o->err)
            o->err = buf_putc(&o->html, '>');
    }
    if (t == T_PRE) {
        o->pre++;
        e.pre = true;
    }
    push_open(o, e);
    return !(ti->flags & TF_VOID);
}

/* Tags that stay even when nothing was written inside them. */
static bool keep_empty(const char *name)
{
    return !strcmp(name, "td") || !strcmp(name, "th") || !strcmp(name, "tr") ||
           !strcmp(name, "br") || !strcmp(name, "hr") || !strcmp(name, "img");
}

static void out_close(struct out *o, xmlNode *x)
{
    struct open_el e = o->stack[--o->depth];
    if (e.skipped)
        return;
    if (e.pre)
        o->pre--;
    enum tag t = ext_tag_of(x->name);
    const struct ext_tag_info *ti = ext_tag_info(t);
    if (e.name && !(ti->flags & TF_VOID)) {
        if (o->content == e.content && !keep_empty(e.name)) {
            /* Nothing inside: the element goes (empty paragraphs, emptied
             * containers). */
            o->html.len = e.html_at;
            if (o->html.data)
                o->html.data[o->html.len] = '\0';
        } else if (!o->err) {
            o->err = buf_puts(&o->html, "</");
            if (!o->err)
                o->err = buf_puts(&o->html, e.name);
            if (!o->err)
                o->err = buf_putc(&o->html, '>');
        }
    }
    if (ti->flags & TF_BLOCK) {
        owe(o, block_sep(t));
        o->html_space = false;
    }
}

static void write_root(struct out *o, xmlNode *root)
{
    struct tree_iter it;
    ext_tree_iter_init(&it, root);
    xmlNode *x;
    bool descend = true;
    enum tree_event ev;
    while (!o->err && (ev = ext_tree_next(&it, descend, &x)) != TREE_END) {
        descend = true;
        if (ev == TREE_OPEN)
            descend = out_open(o, x, x == root);
        else if (ev == TREE_CLOSE)
            out_close(o, x);
        else if ((x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) && x->content)
            on_out_text(o, (const char *)x->content);
    }
    owe(o, SEP_PARA);
}

enum err ext_write_article(struct walk *w, const uint32_t *roots, size_t n, const char *base,
                           size_t max, char **text, char **html)
{
    struct out o = {.w = w, .base = base};
    buf_init(&o.text, max);
    buf_init(&o.html, max);
    buf_init(&o.scratch, max);
    for (size_t k = 0; k < n && !o.err; k++)
        write_root(&o, w->nodes[roots[k]].xml);
    free(o.stack);
    buf_clear(&o.scratch);
    enum err err = o.err;
    *text = err ? NULL : buf_steal(&o.text);
    *html = err ? NULL : buf_steal(&o.html);
    buf_clear(&o.text);
    buf_clear(&o.html);
    return err;
}
