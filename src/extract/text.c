/* Strings as a reader sees them: white space collapsed, visible text of a
 * subtree, word overlap between two strings. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "extract/extract_internal.h"

/* Length of the white space at s (ASCII space or U+00A0), 0 when none.
 * Control characters count as space: a reader sees none, and a word ends
 * at any byte up to ' ', so one that was neither would never be passed. */
static size_t space_at(const unsigned char *s)
{
    if (*s && *s <= ' ')
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    return 0;
}

enum err ext_text_append_collapsed(struct buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    enum err err = ERR_OK;
    while (*p && !err) {
        size_t k = space_at(p);
        if (k) {
            while ((k = space_at(p)) > 0)
                p += k;
            err = buf_putc(b, ' ');
            continue;
        }
        const unsigned char *start = p;
        /* Only ASCII white space and U+00A0 (0xC2 0xA0) end a word. */
        while (*p > ' ' && (*p != 0xC2 || p[1] != 0xA0))
            p++;
        err = buf_append(b, start, (size_t)(p - start));
    }
    return err;
}

/* Trims b in place; returns a new string or NULL when empty. */
static char *take_trimmed(struct buf *b)
{
    const char *s = buf_cstr(b);
    size_t start = 0, end = b->len;
    while (start < end && s[start] == ' ')
        start++;
    while (end > start && s[end - 1] == ' ')
        end--;
    char *out = end > start ? xstrndup(s + start, end - start) : NULL;
    buf_clear(b);
    return out;
}

char *ext_text_clean(const char *s)
{
    if (!s)
        return NULL;
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    if (ext_text_append_collapsed(&b, s)) {
        buf_clear(&b);
        return NULL;
    }
    return take_trimmed(&b);
}

/* Cuts b back to at most max bytes, at a character boundary. */
static void cut_utf8(struct buf *b, size_t max)
{
    if (b->len <= max)
        return;
    size_t n = max;
    while (n > 0 && ((unsigned char)b->data[n] & 0xC0) == 0x80)
        n--;
    b->len = n;
    b->data[n] = '\0';
}

/* The visible text of root without skip (and, when stop is set, without
 * what follows skip); brk is written where a line break or a block element
 * begins. */
static char *subtree_text(xmlNode *root, xmlNode *skip, bool stop, const char *brk, size_t max)
{
    struct buf b;
    buf_init(&b, max + 8);
    struct tree_iter it;
    ext_tree_iter_init(&it, root);
    xmlNode *n;
    bool full = false, descend = true;
    enum tree_event ev;
    while (!full && (ev = ext_tree_next(&it, descend, &n)) != TREE_END) {
        descend = true;
        if (ev == TREE_LEAF) {
            if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
                full = ext_text_append_collapsed(&b, (const char *)n->content) != ERR_OK;
        } else if (ev == TREE_OPEN && n != root) {
            enum tag t = ext_tag_of(n->name);
            if (n == skip && stop)
                break;
            descend = n != skip && !(ext_tag_info(t)->flags & TF_SKIP);
            if (t == T_BR || (ext_tag_info(t)->flags & TF_BLOCK))
                full = buf_puts(&b, brk) != ERR_OK;
        }
    }
    if (full)
        cut_utf8(&b, max);
    return take_trimmed(&b);
}

char *ext_node_text(xmlNode *root, size_t max)
{
    return subtree_text(root, NULL, false, " ", max);
}

char *ext_node_text_without(xmlNode *root, xmlNode *skip, size_t max)
{
    return subtree_text(root, skip, false, " ", max);
}

char *ext_node_text_before(xmlNode *root, xmlNode *stop, size_t max)
{
    return subtree_text(root, stop, true, " ", max);
}

char *ext_node_lines(xmlNode *root, size_t max)
{
    return subtree_text(root, NULL, false, " | ", max);
}

size_t ext_text_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

size_t ext_text_words(const char *s)
{
    size_t n = 0;
    bool in = false;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        bool sp = isspace(*p);
        n += !sp && !in;
        in = !sp;
    }
    return n;
}

/* The next word of s (letters and digits, and any non-ASCII byte) after *p,
 * lower-cased into w; false at the end. */
static bool next_word(const char **p, char *w, size_t size)
{
    const unsigned char *s = (const unsigned char *)*p;
    while (*s && !(isalnum(*s) || *s >= 0x80))
        s++;
    if (!*s)
        return false;
    size_t n = 0;
    while (*s && (isalnum(*s) || *s >= 0x80)) {
        if (n < size - 1)
            w[n++] = (char)tolower(*s);
        s++;
    }
    w[n] = '\0';
    *p = (const char *)s;
    return true;
}

static bool has_word(const char *s, const char *word)
{
    char w[128];
    while (next_word(&s, w, sizeof w))
        if (!strcmp(w, word))
            return true;
    return false;
}

double ext_text_similarity(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    char w[128];
    size_t total = 0, missing = 0;
    const char *p = b;
    while (next_word(&p, w, sizeof w)) {
        size_t n = strlen(w) + 1;
        total += n;
        if (!has_word(a, w))
            missing += n;
    }
    return total ? 1.0 - (double)missing / (double)total : 0;
}

const char *ext_attr_value(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (strcasecmp((const char *)a->name, name))
            continue;
        /* The HTML parser stores a value as one text node; a bare attribute
         * (hidden) has none. */
        if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
            return (const char *)a->children->content;
        return "";
    }
    return NULL;
}
