#include "kb/norm.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

bool kb_norm_strips_marks(const char *lang)
{
    /* English text drops the accents of foreign names so often ("Sao Paulo",
     * "Zurich") that a key keeping them would miss most mentions; languages
     * where a mark makes another letter (sv å ä ö, de ü, fi, ...) keep them. */
    return lang && !strcmp(lang, "en");
}

/* The key of ASCII text without utf8proc: what its mapping does to ASCII
 * (checked for all 128 characters) is to lower-case letters, make white space
 * ' ' and drop other control characters. Most names are ASCII. */
static bool ascii_key(const char *text, size_t len, struct buf *out, enum err *err)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] >= 0x80)
            return false;
    bool space = false;
    *err = ERR_OK;
    for (size_t i = 0; i < len && !*err; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            space = out->len > 0;
            continue;
        }
        if (c < 0x20 || c == 0x7f)
            continue;
        if (space)
            *err = buf_putc(out, ' ');
        space = false;
        if (!*err)
            *err = buf_putc(out, (char)tolower(c));
    }
    if (!*err && out->len == 0)
        *err = ERR_INVALID;
    return true;
}

enum err kb_norm_key(const char *lang, const char *text, size_t len, struct buf *out)
{
    buf_reset(out);
    enum err err;
    if (ascii_key(text, len, out, &err))
        return err;
    utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                             UTF8PROC_IGNORE | UTF8PROC_LUMP | UTF8PROC_STRIPCC;
    if (kb_norm_strips_marks(lang))
        opts |= UTF8PROC_STRIPMARK;
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n =
        utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len, &mapped, opts);
    if (n < 0)
        return ERR_INVALID;
    /* STRIPCC made line breaks and tabs spaces, LUMP made every space ' ': runs
     * of them become one, none at the ends. */
    err = ERR_OK;
    bool space = false;
    for (utf8proc_ssize_t i = 0; i < n && !err; i++) {
        char c = (char)mapped[i];
        if (c == ' ') {
            space = out->len > 0;
            continue;
        }
        if (space)
            err = buf_putc(out, ' ');
        space = false;
        if (!err)
            err = buf_putc(out, c);
    }
    free(mapped);
    if (!err && out->len == 0)
        err = ERR_INVALID;
    return err;
}

char *kb_norm_key_dup(const char *lang, const char *text, size_t len)
{
    struct buf b;
    buf_init(&b, len * 4 + 64);
    char *key = kb_norm_key(lang, text, len, &b) ? NULL : buf_steal(&b);
    buf_clear(&b);
    return key;
}
