#include "kb/wikitext.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "base/xalloc.h"
#include "kb/tokens.h"

/* ---- small text helpers ---- */

static bool starts(const char *s, size_t n, size_t i, const char *lit)
{
    size_t k = strlen(lit);
    return i + k <= n && !memcmp(s + i, lit, k);
}

static bool starts_nocase(const char *s, size_t n, size_t i, const char *lit)
{
    size_t k = strlen(lit);
    return i + k <= n && !strncasecmp(s + i, lit, k);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trims spaces and underscores (titles use both) off both ends of s[*a..*b). */
static void trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && (is_space(s[*a]) || s[*a] == '_'))
        (*a)++;
    while (*b > *a && (is_space(s[*b - 1]) || s[*b - 1] == '_'))
        (*b)--;
}

/* Finds lit (case-insensitively) at or after from. Each caller keeps a cache so
 * that repeated searches for a closing tag that is missing stay linear: once a
 * search found nothing after p, nothing is found after any later point. */
struct find_cache {
    size_t from, at; /* last search started at from and found at (n: not found) */
    bool valid;
};

static size_t find_nocase(const char *s, size_t n, size_t from, const char *lit,
                          struct find_cache *c)
{
    if (c->valid && from >= c->from && (c->at == n || from <= c->at))
        return c->at;
    size_t k = strlen(lit), at = n;
    for (size_t i = from; i + k <= n; i++) {
        if (tolower((unsigned char)s[i]) == tolower((unsigned char)lit[0]) &&
            !strncasecmp(s + i, lit, k)) {
            at = i;
            break;
        }
    }
    c->from = from;
    c->at = at;
    c->valid = true;
    return at;
}

/* ---- namespaces and templates that matter ---- */

/* Link prefixes naming files and categories (dropped from text) in the
 * languages omnibus meets first; compared without case. */
static const char *const media_ns[] = {
    "file",     "image",     "media",     "category",  "fil",         "bild",
    "kategori", "datei",     "kategorie", "fichier",   "catégorie",   "archivo",
    "imagen",   "categoría", "файл",      "категория", "изображение", "categoria",
    "plik",     "kategoria", "tiedosto",  "luokka",
};

/* Other namespaces and interwiki prefixes: links there are not to articles. */
static const char *const other_ns[] = {
    "template",
    "wikipedia",
    "wp",
    "help",
    "portal",
    "user",
    "talk",
    "special",
    "wikt",
    "wiktionary",
    "draft",
    "module",
    "mediawiki",
    "s",
    "q",
    "n",
    "b",
    "v",
    "d",
    "c",
    "commons",
    "meta",
    "species",
    "mall",
    "vorlage",
    "modèle",
    "plantilla",
    "шаблон",
    "project",
    "wikisource",
    "wikiquote",
    "wikinews",
    "wikibooks",
    "wikidata",
    "user talk",
    "file talk",
    "template talk",
    "category talk",
    "wikipedia talk",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A language code as interlanguage links use it: "fr", "sv", "zh-yue", "simple". */
static bool is_lang_prefix(const char *s, size_t n)
{
    if (n == 6 && !strncmp(s, "simple", 6))
        return true;
    if (n < 2 || n > 12 || !islower((unsigned char)s[0]))
        return false;
    size_t letters = 0;
    for (size_t i = 0; i < n; i++) {
        if (islower((unsigned char)s[i]))
            letters++;
        else if (s[i] != '-' || i == 0 || i + 1 == n)
            return false;
    }
    return letters >= 2 && (n <= 3 || memchr(s, '-', n));
}

enum link_kind { LINK_ARTICLE, LINK_INLINE_OTHER, LINK_DROP };

/* What a link target is: an article, a visible link elsewhere ([[:fr:Paris|..]],
 * [[wikt:word|..]]), or something that shows no text here (files, categories,
 * interlanguage links). */
static enum link_kind classify_link(const char *t, size_t n)
{
    bool colon = n > 0 && t[0] == ':';
    if (colon) {
        t++;
        n--;
    }
    while (n > 0 && is_space(*t)) {
        t++;
        n--;
    }
    const char *c = memchr(t, ':', n);
    if (!c)
        return colon ? LINK_INLINE_OTHER : LINK_ARTICLE;
    size_t a = 0, b = (size_t)(c - t);
    trim(t, &a, &b);
    const char *p = t + a;
    size_t pn = b - a;
    if (kb_in_list(media_ns, COUNT(media_ns), p, pn))
        return colon ? LINK_INLINE_OTHER : LINK_DROP;
    if (is_lang_prefix(p, pn))
        return colon ? LINK_INLINE_OTHER : LINK_DROP;
    if (kb_in_list(other_ns, COUNT(other_ns), p, pn))
        return LINK_INLINE_OTHER;
    return colon ? LINK_INLINE_OTHER : LINK_ARTICLE;
}

/* Templates that mark a disambiguation page, in the languages above. */
static const char *const disambig_templates[] = {
    "disambiguation",
    "disambig",
    "dab",
    "disamb",
    "geodis",
    "hndis",
    "numberdis",
    "letter-numbercombdisambig",
    "begriffsklärung",
    "förgrening",
    "grensida",
    "homonymie",
    "desambiguación",
    "disambigua",
    "неоднозначность",
    "многозначность",
    "пояснение",
    "ujednoznacznienie",
    "täsmennyssivu",
};

bool wikitext_is_disambiguation(const char *name, size_t len)
{
    const char *colon = memchr(name, ':', len);
    size_t a = colon ? (size_t)(colon - name) + 1 : 0, b = len;
    trim(name, &a, &b);
    if (kb_in_list(disambig_templates, COUNT(disambig_templates), name + a, b - a))
        return true;
    /* English categories: "Disambiguation pages", "All article disambiguation pages". */
    return memmem(name + a, b - a, "isambiguation pages", 19) != NULL;
}

/* Inline templates whose arguments are running text: which positional
 * arguments to show (bit k for argument k). */
static unsigned shown_args(const char *name, size_t n)
{
    static const struct {
        const char *name;
        unsigned args;
    } kept[] = {
        {"lang", 1u << 2},
        {"langx", 1u << 2},
        {"nowrap", 1u << 1},
        {"nobr", 1u << 1},
        {"small", 1u << 1},
        {"smaller", 1u << 1},
        {"big", 1u << 1},
        {"nobold", 1u << 1},
        {"noitalic", 1u << 1},
        {"sc", 1u << 1},
        {"smallcaps", 1u << 1},
        {"nihongo", 1u << 1},
        {"ill", 1u << 1},
        {"visible anchor", 1u << 1},
        {"convert", (1u << 1) | (1u << 2)},
        {"cvt", (1u << 1) | (1u << 2)},
        {"oldstyledate", (1u << 1) | (1u << 2)},
    };
    for (size_t i = 0; i < COUNT(kept); i++)
        if (strlen(kept[i].name) == n && !strncasecmp(kept[i].name, name, n))
            return kept[i].args;
    if (n > 5 && !strncasecmp(name, "lang-", 5))
        return 1u << 1;
    return 0;
}

/* Tags whose content is not running text; their content is skipped whole. */
static const char *const dropped_tags[] = {
    "ref",
    "gallery",
    "math",
    "chem",
    "ce",
    "timeline",
    "imagemap",
    "score",
    "syntaxhighlight",
    "source",
    "graph",
    "mapframe",
    "maplink",
    "templatestyles",
    "references",
    "indicator",
    "templatedata",
    "hiero",
    "inputbox",
    "categorytree",
    "div class=\"references",
    "noinclude",
};

/* ---- the opening paragraph ---- */

enum frame_kind { F_TEMPLATE, F_LINK, F_EXTLINK, F_TABLE };

struct frame {
    enum frame_kind kind;
    size_t start;        /* offset of the opening */
    bool parent_visible; /* whether the frame's surroundings show */
    bool visible;        /* whether what is read now shows */
    int part;            /* template: argument number (0: name); link: 0 target, 1 label */
    unsigned shown;      /* template: arguments shown */
    bool shown_any;      /* template: an argument was shown (separate the next by a space) */
    enum link_kind link; /* link: what the target is */
    size_t label_mark;   /* link: output length when the label began */
};

struct lead {
    const char *s;
    size_t n;
    struct buf *out;
    struct frame stack[WIKITEXT_MAX_DEPTH];
    int depth;
    bool skip_line; /* a list, indent or heading line at top level */
    struct find_cache tag_cache[COUNT(dropped_tags)];
    struct find_cache nowiki_cache, pre_cache, comment_cache;
};

static bool visible(const struct lead *L)
{
    return L->depth ? L->stack[L->depth - 1].visible : !L->skip_line;
}

static struct frame *top(struct lead *L)
{
    return L->depth ? &L->stack[L->depth - 1] : NULL;
}

static enum err push(struct lead *L, enum frame_kind kind, size_t start)
{
    if (L->depth == WIKITEXT_MAX_DEPTH)
        return ERR_LIMIT;
    bool v = visible(L);
    struct frame *f = &L->stack[L->depth++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->start = start;
    f->parent_visible = v;
    f->visible = false;
    return ERR_OK;
}

static enum err emit(struct lead *L, const char *p, size_t k)
{
    return visible(L) ? buf_append(L->out, p, k) : ERR_OK;
}

/* Decides a template's name at its first '|' or its end. */
static void template_named(struct frame *f, const char *s, size_t at)
{
    size_t a = f->start + 2, b = at;
    trim(s, &a, &b);
    f->shown = shown_args(s + a, b - a);
}

/* Moves a template to its next argument. */
static enum err template_next_arg(struct lead *L, struct frame *f)
{
    f->part++;
    f->visible = f->parent_visible && f->part < 32 && (f->shown & (1u << f->part));
    if (f->visible && f->shown_any)
        return buf_putc(L->out, ' ');
    if (f->visible)
        f->shown_any = true;
    return ERR_OK;
}

/* The text a link shows when it has no label: its target ([[Paris]]), or the
 * target without its qualifier for the pipe trick ([[Paris (band)|]]). */
static enum err link_target_text(struct lead *L, const struct frame *f, size_t end, bool pipe)
{
    size_t a = f->start + 2, b = end;
    trim(L->s, &a, &b);
    if (a < b && L->s[a] == ':')
        a++;
    if (pipe) {
        const char *paren = memchr(L->s + a, '(', b - a);
        if (paren && paren > L->s + a)
            b = (size_t)(paren - L->s);
        trim(L->s, &a, &b);
    }
    return buf_append(L->out, L->s + a, b - a);
}

/* The offset after a tag starting at i ('<'), or 0 when it is not a tag. Sets
 * the name span, whether it closes (</x>) and whether it is empty (<x/>). */
static size_t parse_tag(const char *s, size_t n, size_t i, size_t *name, size_t *name_len,
                        bool *closing, bool *empty)
{
    size_t j = i + 1;
    *closing = j < n && s[j] == '/';
    if (*closing)
        j++;
    *name = j;
    while (j < n && (isalnum((unsigned char)s[j])))
        j++;
    *name_len = j - *name;
    if (!*name_len || *name_len > 24)
        return 0;
    /* Attributes: up to the '>' on a bounded stretch, no nested '<'. */
    for (size_t k = j; k < n && k < i + 1024; k++) {
        if (s[k] == '<')
            return 0;
        if (s[k] == '>') {
            *empty = k > j && s[k - 1] == '/';
            return k + 1;
        }
    }
    return 0;
}

/* Handles a '<' at i: comments, dropped tags, nowiki/pre, line breaks and
 * other tags (markup removed, content kept). Returns the next offset. */
static enum err at_angle(struct lead *L, size_t i, size_t *next)
{
    const char *s = L->s;
    size_t n = L->n;
    if (starts(s, n, i, "<!--")) {
        size_t e = find_nocase(s, n, i + 4, "-->", &L->comment_cache);
        *next = e == n ? n : e + 3;
        return ERR_OK;
    }
    size_t name, name_len;
    bool closing, empty = false;
    size_t after = parse_tag(s, n, i, &name, &name_len, &closing, &empty);
    if (!after) {
        *next = i + 1;
        return emit(L, s + i, 1);
    }
    *next = after;
    if (closing)
        return ERR_OK;
    for (size_t t = 0; t < COUNT(dropped_tags); t++) {
        if (strlen(dropped_tags[t]) != name_len || strncasecmp(dropped_tags[t], s + name, name_len))
            continue;
        if (empty)
            return ERR_OK;
        char close[40];
        snprintf(close, sizeof close, "</%s", dropped_tags[t]);
        size_t e = find_nocase(s, n, after, close, &L->tag_cache[t]);
        if (e < n) {
            const char *gt = memchr(s + e, '>', n - e);
            *next = gt ? (size_t)(gt - s) + 1 : n;
        }
        return ERR_OK;
    }
    bool nowiki = name_len == 6 && !strncasecmp(s + name, "nowiki", 6);
    bool pre = name_len == 3 && !strncasecmp(s + name, "pre", 3);
    if ((nowiki || pre) && !empty) {
        size_t e = find_nocase(s, n, after, nowiki ? "</nowiki" : "</pre",
                               nowiki ? &L->nowiki_cache : &L->pre_cache);
        enum err err = emit(L, s + after, e - after);
        if (e < n) {
            const char *gt = memchr(s + e, '>', n - e);
            *next = gt ? (size_t)(gt - s) + 1 : n;
        } else {
            *next = n;
        }
        return err;
    }
    if (name_len == 2 && !strncasecmp(s + name, "br", 2))
        return emit(L, " ", 1);
    return ERR_OK;
}

/* True when the line starting at i holds only white space; *end is its '\n' (or n). */
static bool blank_line(const char *s, size_t n, size_t i, size_t *end)
{
    size_t j = i;
    while (j < n && s[j] != '\n' && is_space(s[j]))
        j++;
    *end = j;
    return j == n || s[j] == '\n';
}

static bool is_heading(const char *s, size_t n, size_t i)
{
    if (s[i] != '=')
        return false;
    size_t j = i;
    while (j < n && s[j] != '\n')
        j++;
    while (j > i && is_space(s[j - 1]))
        j--;
    return j > i + 1 && s[j - 1] == '=';
}

static bool has_letter(const char *s, size_t n)
{
    utf8proc_ssize_t i = 0;
    while ((size_t)i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)n - i, &c);
        if (k <= 0) {
            i++;
            continue;
        }
        utf8proc_category_t cat = utf8proc_category(c);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
            return true;
        i += k;
    }
    return false;
}

/* The character an HTML entity at s[i] ('&') stands for, in *cp; returns
 * the length consumed, or 0 when it is not an entity. */
static size_t decode_entity(const char *s, size_t n, size_t i, int32_t *cp)
{
    size_t j = i + 1;
    *cp = -1;
    if (j < n && s[j] == '#') {
        j++;
        bool hex = j < n && (s[j] == 'x' || s[j] == 'X');
        if (hex)
            j++;
        long v = 0;
        size_t digits = 0;
        while (j < n && digits < 8 &&
               (hex ? isxdigit((unsigned char)s[j]) : isdigit((unsigned char)s[j]))) {
            int d =
                isdigit((unsigned char)s[j]) ? s[j] - '0' : tolower((unsigned char)s[j]) - 'a' + 10;
            v = v * (hex ? 16 : 10) + d;
            j++;
            digits++;
        }
        if (!digits)
            return 0;
        *cp = (int32_t)v;
    } else {
        char name[33];
        size_t k = 0;
        while (j < n && k < 32 && isalnum((unsigned char)s[j]))
            name[k++] = s[j++];
        name[k] = '\0';
        const htmlEntityDesc *d = k ? htmlEntityLookup((const xmlChar *)name) : NULL;
        if (!d)
            return 0;
        *cp = (int32_t)d->value;
    }
    if (j >= n || s[j] != ';' || !utf8proc_codepoint_valid(*cp) || *cp == 0)
        return 0;
    return j + 1 - i;
}

/* Pairs of text that removed markup leaves behind, and what they become. */
static const struct {
    const char *from, *to;
} tidy_pairs[] = {
    {"( ", "("}, {" )", ")"}, {"()", ""},  {"(;", "("}, {"(,", "("}, {" ,", ","}, {" .", "."},
    {" ;", ";"}, {",,", ","}, {";;", ";"}, {":,", ":"}, {",)", ")"}, {";)", ")"}, {"  ", " "},
};

/* One pass of tidy_pairs over in into out; true when something changed. */
static bool tidy_pass(const struct buf *in, struct buf *out, enum err *err)
{
    bool changed = false;
    buf_reset(out);
    const char *s = buf_cstr(in);
    for (size_t i = 0; i < in->len && !*err;) {
        size_t t;
        for (t = 0; t < COUNT(tidy_pairs); t++)
            if (starts(s, in->len, i, tidy_pairs[t].from))
                break;
        if (t < COUNT(tidy_pairs)) {
            *err = buf_puts(out, tidy_pairs[t].to);
            i += strlen(tidy_pairs[t].from);
            changed = true;
        } else {
            *err = buf_putc(out, s[i++]);
        }
    }
    return changed;
}

/* Turns the raw paragraph into plain text: bold and italic quotes, magic words
 * and entities go, white space collapses, and punctuation that removed
 * templates left stranded is tidied. */
static enum err clean(struct buf *para)
{
    struct buf a, b;
    buf_init(&a, para->max);
    buf_init(&b, para->max);
    enum err err = ERR_OK;
    const char *s = buf_cstr(para);
    size_t n = para->len;
    bool space = false;
    for (size_t i = 0; i < n && !err;) {
        if (s[i] == '\'' && i + 1 < n && s[i + 1] == '\'') {
            size_t j = i;
            while (j < n && s[j] == '\'')
                j++;
            size_t run = j - i;
            /* 2 italic, 3 bold, 5 both; 4 is an apostrophe then bold. */
            size_t keep = run == 4 ? 1 : run > 5 ? run - 5 : 0;
            for (size_t k = 0; k < keep && !err; k++)
                err = buf_putc(&a, '\'');
            i = j;
            continue;
        }
        if (s[i] == '_' && starts(s, n, i, "__")) {
            size_t j = i + 2;
            while (j < n && isupper((unsigned char)s[j]))
                j++;
            if (j > i + 2 && starts(s, n, j, "__")) {
                i = j + 2;
                continue;
            }
        }
        int32_t cp;
        size_t used = s[i] == '&' ? decode_entity(s, n, i, &cp) : 0;
        if (used) {
            i += used;
            /* No-break spaces are spaces in a paragraph of plain text. */
            if (cp == 0xA0 || cp == ' ') {
                space = true;
                continue;
            }
            if (space && a.len)
                err = buf_putc(&a, ' ');
            space = false;
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t k = utf8proc_encode_char(cp, enc);
            if (!err)
                err = buf_append(&a, enc, (size_t)k);
            continue;
        }
        if (is_space(s[i])) {
            space = true;
            i++;
            continue;
        }
        if (space && a.len)
            err = buf_putc(&a, ' ');
        space = false;
        if (!err)
            err = buf_putc(&a, s[i++]);
    }
    /* Each pass only shortens the text, so this ends. */
    while (!err && tidy_pass(&a, &b, &err)) {
        struct buf t = a;
        a = b;
        b = t;
    }
    if (!err) {
        size_t lo = 0, hi = a.len;
        const char *t = buf_cstr(&a);
        trim(t, &lo, &hi);
        buf_reset(para);
        err = buf_append(para, t + lo, hi - lo);
    }
    buf_clear(&a);
    buf_clear(&b);
    return err;
}

/* Sets the flag when a template anywhere in the page marks a disambiguation page. */
static unsigned page_flags(const char *s, size_t n)
{
    for (const char *p = s; (p = memmem(p, (size_t)(s + n - p), "{{", 2));) {
        p += 2;
        size_t a = (size_t)(p - s), b = a;
        while (b < n && b < a + 64 && s[b] != '|' && s[b] != '}' && s[b] != '{')
            b++;
        if (wikitext_is_disambiguation(s + a, b - a))
            return WIKITEXT_DISAMBIGUATION;
    }
    return 0;
}

/* At the start of a top-level line: blank lines end paragraphs, headings end
 * the lead, lists and indents are skipped, tables begin. Returns true when the
 * paragraph read so far is the lead. */
static enum err line_start(struct lead *L, size_t *i, bool *done)
{
    const char *s = L->s;
    size_t n = L->n, end;
    *done = false;
    L->skip_line = false;
    /* A comment at the start of a line leaves the line starting after it. */
    while (starts(s, n, *i, "<!--")) {
        size_t e = find_nocase(s, n, *i + 4, "-->", &L->comment_cache);
        *i = e == n ? n : e + 3;
    }
    if (*i >= n)
        return ERR_OK;
    if (blank_line(s, n, *i, &end) || is_heading(s, n, *i)) {
        enum err err = clean(L->out);
        if (err)
            return err;
        if (has_letter(L->out->data ? L->out->data : "", L->out->len)) {
            *done = true;
            return ERR_OK;
        }
        buf_reset(L->out);
        L->skip_line = !blank_line(s, n, *i, &end);
        *i = end;
        return ERR_OK;
    }
    size_t j = *i;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    if (starts(s, n, j, "{|")) {
        *i = j + 2;
        return push(L, F_TABLE, j);
    }
    if (strchr(":*#;|!", s[j]) || starts(s, n, j, "----"))
        L->skip_line = true;
    return ERR_OK;
}

/* Inside a table, at the start of a line: nested tables open, "|}" closes. */
static enum err table_line(struct lead *L, size_t *i)
{
    size_t j = *i;
    while (j < L->n && (L->s[j] == ' ' || L->s[j] == '\t'))
        j++;
    if (starts(L->s, L->n, j, "{|")) {
        *i = j + 2;
        return push(L, F_TABLE, j);
    }
    if (starts(L->s, L->n, j, "|}")) {
        *i = j + 2;
        L->depth--;
    }
    return ERR_OK;
}

static bool ext_link_start(const char *s, size_t n, size_t i)
{
    static const char *const schemes[] = {"http://", "https://", "//",
                                          "ftp://",  "mailto:",  "news:"};
    for (size_t k = 0; k < COUNT(schemes); k++)
        if (starts_nocase(s, n, i + 1, schemes[k]))
            return true;
    return false;
}

/* Closes the innermost frame of kind, and the frames opened inside it. */
static bool close_frame(struct lead *L, enum frame_kind kind)
{
    for (int d = L->depth - 1; d >= 0; d--) {
        if (L->stack[d].kind == kind) {
            L->depth = d;
            return true;
        }
        if (L->stack[d].kind == F_TABLE)
            return false;
    }
    return false;
}

static enum err step(struct lead *L, size_t *pi)
{
    const char *s = L->s;
    size_t n = L->n, i = *pi;
    struct frame *f = top(L);
    enum err err = ERR_OK;
    char c = s[i];
    if (c == '<')
        return at_angle(L, i, pi);
    if (starts(s, n, i, "{{")) {
        *pi = i + 2;
        return push(L, F_TEMPLATE, i);
    }
    if (starts(s, n, i, "}}") && f && close_frame(L, F_TEMPLATE)) {
        *pi = i + 2;
        return ERR_OK;
    }
    if (starts(s, n, i, "[[")) {
        *pi = i + 2;
        return push(L, F_LINK, i);
    }
    if (starts(s, n, i, "]]") && f && f->kind == F_LINK) {
        struct frame link = *f;
        L->depth--;
        *pi = i + 2;
        if (!link.parent_visible)
            return ERR_OK;
        if (link.part == 0) {
            enum link_kind k = classify_link(s + link.start + 2, i - link.start - 2);
            return k == LINK_DROP ? ERR_OK : link_target_text(L, &link, i, false);
        }
        if (link.link != LINK_DROP && L->out->len == link.label_mark)
            return link_target_text(L, &link, i, true);
        return ERR_OK;
    }
    if (c == '|' && f && f->kind == F_TEMPLATE) {
        if (f->part == 0)
            template_named(f, s, i);
        *pi = i + 1;
        return template_next_arg(L, f);
    }
    if (c == '|' && f && f->kind == F_LINK && f->part == 0) {
        f->part = 1;
        f->link = classify_link(s + f->start + 2, i - f->start - 2);
        f->visible = f->parent_visible && f->link != LINK_DROP;
        f->label_mark = L->out->len;
        *pi = i + 1;
        return ERR_OK;
    }
    if (c == '[' && ext_link_start(s, n, i)) {
        *pi = i + 1;
        return push(L, F_EXTLINK, i);
    }
    if (f && f->kind == F_EXTLINK && (c == ']' || (c == ' ' && f->part == 0) || c == '\n')) {
        *pi = i + 1;
        if (c == ' ') {
            f->part = 1;
            f->visible = f->parent_visible;
        } else {
            L->depth--;
        }
        return ERR_OK;
    }
    *pi = i + 1;
    if (c == '\n' || c == '\t' || c == '\r')
        err = emit(L, " ", 1);
    else
        err = emit(L, &s[i], 1);
    return err;
}

enum err wikitext_lead(const char *text, size_t len, struct buf *out, unsigned *flags)
{
    buf_reset(out);
    *flags = page_flags(text, len);
    struct lead *L = xcalloc(1, sizeof *L);
    L->s = text;
    L->n = len;
    L->out = out;
    enum err err = ERR_OK;
    bool done = false;
    for (size_t i = 0; i < len && !err && !done;) {
        bool line = i == 0 || text[i - 1] == '\n';
        if (line && L->depth == 0) {
            size_t before = i;
            err = line_start(L, &i, &done);
            if (err || done || i != before)
                continue;
        } else if (line && top(L)->kind == F_TABLE) {
            size_t before = i;
            err = table_line(L, &i);
            if (err || i != before)
                continue;
        }
        err = step(L, &i);
    }
    if (!err && !done) {
        err = clean(out);
        if (!err && !has_letter(buf_cstr(out), out->len))
            buf_reset(out);
    }
    free(L);
    if (err)
        buf_reset(out);
    return err;
}

/* ---- links ---- */

/* True when s[0..n) holds one of the bytes of set. */
static bool strpbrk_n(const char *s, size_t n, const char *set)
{
    for (size_t i = 0; i < n; i++)
        if (strchr(set, s[i]))
            return true;
    return false;
}

/* Longest link target and label taken as a link text; longer ones are not
 * names (MediaWiki titles are at most 255 bytes). */
#define MAX_TARGET 255
#define MAX_LABEL 255

enum err wikitext_links(const char *text, size_t len, wikitext_link_fn fn, void *ctx)
{
    const char *s = text, *end = text + len;
    struct find_cache nowiki = {0}, comment = {0};
    while (s < end) {
        const char *open = memmem(s, (size_t)(end - s), "[[", 2);
        if (!open)
            break;
        /* Comments and nowiki hide links: skip those that start before it. */
        const char *cm = memmem(s, (size_t)(open - s), "<!--", 4);
        if (cm) {
            size_t e = find_nocase(text, len, (size_t)(cm - text) + 4, "-->", &comment);
            s = text + (e == len ? len : e + 3);
            continue;
        }
        const char *nw = memmem(s, (size_t)(open - s), "<nowiki>", 8);
        if (nw) {
            size_t e = find_nocase(text, len, (size_t)(nw - text) + 8, "</nowiki>", &nowiki);
            s = text + (e == len ? len : e + 9);
            continue;
        }
        const char *t = open + 2, *close = t;
        while (close + 1 < end && close - t <= MAX_TARGET + MAX_LABEL + 1 &&
               !(close[0] == ']' && close[1] == ']') && !(close[0] == '[' && close[1] == '[') &&
               close[0] != '\n')
            close++;
        if (close + 1 >= end || close[0] != ']') {
            s = open + 2; /* not a simple link: a file caption holds others, or none */
            continue;
        }
        s = close + 2;
        const char *bar = memchr(t, '|', (size_t)(close - t));
        const char *tend = bar ? bar : close;
        const char *hash = memchr(t, '#', (size_t)(tend - t));
        if (hash)
            tend = hash;
        if (tend == t || tend - t > MAX_TARGET ||
            classify_link(t, (size_t)(tend - t)) != LINK_ARTICLE)
            continue;
        const char *label = bar ? bar + 1 : t, *lend = bar ? close : tend;
        /* The link trail: [[bank]]s shows "banks". */
        const char *trail = s;
        while (trail < end && islower((unsigned char)*trail))
            trail++;
        size_t label_len = (size_t)(lend - label), trail_len = (size_t)(trail - s);
        s = trail;
        if (label_len == 0 || label_len + trail_len > MAX_LABEL ||
            strpbrk_n(label, label_len, "|'{}<>[]"))
            continue;
        char joined[MAX_LABEL + 1];
        memcpy(joined, label, label_len);
        memcpy(joined + label_len, trail - trail_len, trail_len);
        enum err err = fn(ctx, t, (size_t)(tend - t), joined, label_len + trail_len);
        if (err)
            return err;
    }
    return ERR_OK;
}

/* ---- redirects and titles ---- */

bool wikitext_redirect(const char *text, size_t len, char **target)
{
    *target = NULL;
    size_t i = 0;
    while (i < len && is_space(text[i]))
        i++;
    if (i >= len || text[i] != '#')
        return false;
    /* "#REDIRECT", "#OMDIRIGERING", "#WEITERLEITUNG", "#ПЕРЕНАПРАВЛЕНИЕ": a
     * keyword of letters, then the link. */
    size_t j = i + 1;
    while (j < len && j < i + 64 && text[j] != '[' && text[j] != '\n')
        j++;
    if (!starts(text, len, j, "[["))
        return false;
    size_t a = j + 2, b = a;
    while (b < len && b < a + MAX_TARGET + 1 && text[b] != ']' && text[b] != '|' &&
           text[b] != '#' && text[b] != '\n')
        b++;
    if (b >= len || (text[b] != ']' && text[b] != '|' && text[b] != '#'))
        return false;
    *target = wikitext_title(text + a, b - a);
    return *target != NULL;
}

char *wikitext_title(const char *title, size_t len)
{
    struct buf b;
    buf_init(&b, len * 2 + 8);
    enum err err = ERR_OK;
    size_t a = 0, e = len;
    trim(title, &a, &e);
    if (a < e && title[a] == ':')
        a++;
    trim(title, &a, &e);
    bool space = false;
    for (size_t i = a; i < e && !err; i++) {
        char c = title[i] == '_' ? ' ' : title[i];
        if (is_space(c)) {
            space = true;
            continue;
        }
        if (space)
            err = buf_putc(&b, ' ');
        space = false;
        if (!err && b.len == 0) {
            /* First-letter case: "computer accessibility" is "Computer accessibility". */
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)title + i,
                                                  (utf8proc_ssize_t)(e - i), &cp);
            if (k > 0) {
                utf8proc_uint8_t enc[4];
                utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
                err = buf_append(&b, enc, (size_t)m);
                i += (size_t)k - 1;
                continue;
            }
        }
        if (!err)
            err = buf_putc(&b, c);
    }
    char *out = (!err && b.len) ? buf_steal(&b) : NULL;
    buf_clear(&b);
    return out;
}
