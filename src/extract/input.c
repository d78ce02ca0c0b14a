/* What libxml2 is given: the page decoded to clean UTF-8, so that the parser
 * never guesses a charset and a wrong declaration cannot garble the rest, and
 * only documents whose shape the parser handles in linear time. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "extract/extract_internal.h"

/* How far into the document a <meta charset> is looked for. The HTML standard
 * says 1024 bytes; pages put it later, after long comments and scripts. */
#define META_SCAN 16384

/* Copies the charset=VALUE found in [p, end) into out; false when none. */
static bool charset_param(const char *p, const char *end, char out[48])
{
    for (; p + 7 <= end; p++) {
        if (strncasecmp(p, "charset", 7))
            continue;
        const char *q = p + 7;
        while (q < end && isspace((unsigned char)*q))
            q++;
        if (q >= end || *q != '=')
            continue;
        q++;
        while (q < end && (isspace((unsigned char)*q) || *q == '"' || *q == '\''))
            q++;
        size_t n = 0;
        while (q < end && n < 47 && (isalnum((unsigned char)*q) || strchr("-_.:()", *q)))
            out[n++] = (char)tolower((unsigned char)*q++);
        out[n] = '\0';
        if (n)
            return true;
    }
    return false;
}

/* The charset a <meta charset> or <meta http-equiv content="...charset=...">
 * near the start of the document declares. */
static bool meta_charset(const char *s, size_t len, char out[48])
{
    const char *end = s + (len < META_SCAN ? len : META_SCAN);
    for (const char *p = s; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++) {
        if (end - p < 6 || strncasecmp(p + 1, "meta", 4) || !isspace((unsigned char)p[5]))
            continue;
        const char *close = memchr(p, '>', (size_t)(end - p));
        if (!close)
            break;
        if (charset_param(p + 5, close, out))
            return true;
    }
    return false;
}

/* The name iconv knows a web charset label by. Labels are mapped the way the
 * WHATWG Encoding standard (and so every browser) maps them: Latin-1 is read
 * as windows-1252, GB2312 as GB18030, and so on. Others go to iconv as given. */
static const char *charset_name(const char *label)
{
    static const struct {
        const char *label, *name;
    } map[] = {
        {"utf-8", "UTF-8"},
        {"utf8", "UTF-8"},
        {"unicode-1-1-utf-8", "UTF-8"},
        {"iso-8859-1", "WINDOWS-1252"},
        {"iso8859-1", "WINDOWS-1252"},
        {"latin1", "WINDOWS-1252"},
        {"l1", "WINDOWS-1252"},
        {"us-ascii", "WINDOWS-1252"},
        {"ascii", "WINDOWS-1252"},
        {"cp1252", "WINDOWS-1252"},
        {"windows-1252", "WINDOWS-1252"},
        {"x-cp1252", "WINDOWS-1252"},
        {"iso-8859-9", "WINDOWS-1254"},
        {"latin5", "WINDOWS-1254"},
        {"tis-620", "WINDOWS-874"},
        {"iso-8859-11", "WINDOWS-874"},
        {"gb2312", "GB18030"},
        {"gbk", "GB18030"},
        {"x-gbk", "GB18030"},
        {"csgb2312", "GB18030"},
        {"chinese", "GB18030"},
        {"gb18030", "GB18030"},
        {"shift_jis", "CP932"},
        {"shift-jis", "CP932"},
        {"sjis", "CP932"},
        {"x-sjis", "CP932"},
        {"ms932", "CP932"},
        {"windows-31j", "CP932"},
        {"euc-kr", "CP949"},
        {"ks_c_5601-1987", "CP949"},
        {"big5", "BIG5-HKSCS"},
        {"big5-hkscs", "BIG5-HKSCS"},
        {"x-x-big5", "BIG5-HKSCS"},
        {"utf-16", "UTF-16LE"},
        {"utf-16le", "UTF-16LE"},
        {"utf-16be", "UTF-16BE"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(label, map[i].label))
            return map[i].name;
    return label;
}

/* Charsets in which plain ASCII bytes do not mean ASCII text. */
static bool ascii_incompatible(const char *name)
{
    return !strncasecmp(name, "UTF-16", 6) || !strncasecmp(name, "UTF-32", 6) ||
           !strncasecmp(name, "UTF-7", 5) || !strncasecmp(name, "ISO-2022", 8) ||
           !strncasecmp(name, "HZ", 2) || !strncasecmp(name, "CP037", 5) ||
           !strncasecmp(name, "EBCDIC", 6);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when invalid:
 * no overlong forms, no surrogates, nothing past U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2 || c > 0xF4)
        return 0;
    size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (c == 0xE0 && s[1] < 0xA0)
        return 0;
    if (c == 0xED && s[1] >= 0xA0)
        return 0;
    if (c == 0xF0 && s[1] < 0x90)
        return 0;
    if (c == 0xF4 && s[1] >= 0x90)
        return 0;
    return len;
}

/* Control characters the parser would choke on; tab, newlines and form feed stay. */
static bool bad_control(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F;
}

struct utf8_census {
    size_t invalid;   /* bytes that start no valid sequence */
    size_t multibyte; /* bytes in valid sequences of two bytes or more */
    size_t controls;
};

/* A mask with the high bit set in each byte of w equal to c (exact: no
 * carries cross bytes). */
static uint64_t bytes_equal(uint64_t w, unsigned c)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;
    uint64_t y = w ^ (0x0101010101010101ULL * c);
    return ~(((y & low7) + low7) | y) & ~low7;
}

/* Counts the eight bytes of w as the census does when all are ASCII, and
 * returns false when one is not (the caller then goes byte by byte). The
 * sums below carry into no other byte, since each byte is under 0x80. */
static bool ascii_word(uint64_t w, struct utf8_census *c)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL, high = ~low7;
    if (w & high)
        return false;
    /* High bit set in bytes under 0x20 and in 0x7F. */
    uint64_t odd = (~(w + 0x6060606060606060ULL) | (w + 0x0101010101010101ULL)) & high;
    if (odd) {
        /* Tab, line feeds and form feed are what a page is full of. */
        odd &= ~(bytes_equal(w, '\t') | bytes_equal(w, '\n') | bytes_equal(w, '\f') |
                 bytes_equal(w, '\r'));
        for (; odd; odd &= odd - 1)
            c->controls++;
    }
    return true;
}

static void utf8_census(const unsigned char *s, size_t n, struct utf8_census *c)
{
    memset(c, 0, sizeof *c);
    size_t i = 0;
    while (i < n) {
        /* Most of a page is ASCII: eight bytes at a time. */
        if (n - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (ascii_word(w, c)) {
                i += 8;
                continue;
            }
        }
        if (s[i] < 0x80) {
            c->controls += bad_control(s[i]);
            i++;
            continue;
        }
        size_t k = utf8_seq(s + i, n - i);
        if (k) {
            c->multibyte += k;
            i += k;
        } else {
            c->invalid++;
            i++;
        }
    }
}

/* Copies UTF-8 text, replacing invalid bytes by U+FFFD and controls by spaces. */
static enum err utf8_repair(const unsigned char *s, size_t n, struct buf *out)
{
    enum err err = ERR_OK;
    size_t i = 0, start = 0;
    while (i < n && !err) {
        size_t k = s[i] < 0x80 ? (bad_control(s[i]) ? 0 : 1) : utf8_seq(s + i, n - i);
        if (k) {
            i += k;
            continue;
        }
        err = buf_append(out, s + start, i - start);
        if (!err)
            err = s[i] < 0x80 ? buf_putc(out, ' ') : buf_append(out, "\xEF\xBF\xBD", 3);
        start = ++i;
    }
    if (!err)
        err = buf_append(out, s + start, n - start);
    return err;
}

/* Converts from charset name with iconv, invalid input becoming U+FFFD.
 * ERR_UNSUPPORTED when iconv does not know the charset. */
static enum err convert(const char *name, const char *s, size_t n, struct buf *out)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return ERR_UNSUPPORTED;
    char chunk[16384];
    char *in = (char *)s;
    size_t left = n;
    enum err err = ERR_OK;
    while (!err) {
        char *o = chunk;
        size_t room = sizeof chunk;
        size_t r = iconv(cd, left ? &in : NULL, &left, &o, &room);
        int e = errno;
        err = buf_append(out, chunk, (size_t)(o - chunk));
        if (err || r != (size_t)-1) {
            if (!left)
                break;
            continue;
        }
        if (e == E2BIG)
            continue;
        /* EILSEQ or a truncated sequence at the end (EINVAL): one byte is lost. */
        err = buf_append(out, "\xEF\xBF\xBD", 3);
        in++;
        left--;
    }
    iconv_close(cd);
    return err;
}

/* Makes out the result: control characters replaced, invalid sequences too when
 * repair is set, anything else converted from name. */
static enum err decode(const char *name, const char *data, size_t len, struct buf *out)
{
    if (!strcmp(name, "UTF-8"))
        return utf8_repair((const unsigned char *)data, len, out);
    enum err err = convert(name, data, len, out);
    if (err == ERR_UNSUPPORTED) {
        /* A label iconv does not know: the web's default single-byte charset. */
        buf_reset(out);
        err = convert("WINDOWS-1252", data, len, out);
    }
    if (err)
        return err;
    /* The converted text may still hold control characters. */
    struct utf8_census c;
    utf8_census((const unsigned char *)out->data, out->len, &c);
    if (!c.controls)
        return ERR_OK;
    struct buf fixed;
    buf_init(&fixed, out->max);
    err = utf8_repair((const unsigned char *)out->data, out->len, &fixed);
    buf_clear(out);
    *out = fixed;
    return err;
}

enum err ext_input_to_utf8(const char *data, size_t len, const char *content_type, size_t max_out,
                           char **out, size_t *out_len, char enc[48], struct errbuf *eb)
{
    *out = NULL;
    *out_len = len;
    const unsigned char *u = (const unsigned char *)data;
    char label[48] = "";
    const char *name = NULL;
    bool bom = false;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        name = "UTF-8";
        data += 3;
        len -= 3;
        bom = true;
    } else if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        name = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        data += 2;
        len -= 2;
        bom = true;
    } else if (content_type &&
               charset_param(content_type, content_type + strlen(content_type), label)) {
        name = charset_name(label);
    } else if (meta_charset(data, len, label)) {
        name = charset_name(label);
        /* A page that says it is UTF-16 in its own ASCII bytes is not. */
        if (!strncmp(name, "UTF-16", 6))
            name = "UTF-8";
    }
    if (!bom && !(name && ascii_incompatible(name))) {
        struct utf8_census c;
        utf8_census((const unsigned char *)data, len, &c);
        /* Valid UTF-8 is read as UTF-8 whatever the label says: a legacy
         * charset's text with non-ASCII letters is almost never valid UTF-8. */
        if (!c.invalid) {
            snprintf(enc, 48, "UTF-8");
            if (!c.controls)
                return ERR_OK;
            name = "UTF-8";
        } else if (!name || !strcmp(name, "UTF-8")) {
            /* Declared (or taken for) UTF-8 but not: text whose non-ASCII bytes
             * are mostly valid sequences is repaired; text with mostly stray
             * bytes is in a single-byte charset. */
            name = c.invalid > c.multibyte ? "WINDOWS-1252" : "UTF-8";
        }
    }
    snprintf(enc, 48, "%s", name);
    struct buf b;
    buf_init(&b, max_out);
    enum err err = decode(name, data, len, &b);
    if (err) {
        buf_clear(&b);
        if (err == ERR_LIMIT)
            return errf(eb, err, "the page decoded from %s exceeds %zu bytes", enc, max_out);
        return errf(eb, err, "cannot decode the page from %s", enc);
    }
    *out_len = b.len;
    *out = buf_steal(&b);
    return ERR_OK;
}

/* ---- shape ---- */

/* A start tag with more attributes than this is refused (libxml2 checks each
 * attribute against every earlier one of the tag). */
#define MAX_ATTRIBUTES 2000
/* Open elements searched by end tags, summed over the document: the real
 * pages of readability-pages need at most 10^4; 10^7 is some milliseconds of
 * parsing, and a linear amount of checking here. */
#define MAX_CLOSE_STEPS 10000000ULL

static bool void_element(const char *name, size_t n)
{
    /* By length, so that a tag is compared with two or three names at most. */
    static const char *const names[7][4] = {{NULL},
                                            {NULL},
                                            {"br", "hr", NULL},
                                            {"col", "img", "wbr", NULL},
                                            {"area", "base", "link", "meta"},
                                            {"embed", "input", "param", "track"},
                                            {"source", NULL}};
    for (size_t i = 0; n < 7 && i < 4 && names[n][i]; i++)
        if (!strncasecmp(name, names[n][i], n))
            return true;
    return false;
}

static uint32_t name_hash(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint32_t)tolower((unsigned char)p[i])) * 16777619u;
    return h;
}

/* Where the raw text of a <script> or <style> that starts at p ends: after its
 * end tag, or at end. */
static const char *skip_raw_text(const char *p, const char *end, const char *name, size_t n)
{
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        if ((size_t)(end - p) > n + 2 && p[1] == '/' && !strncasecmp(p + 2, name, n))
            return p + 2 + n;
        p++;
    }
    return end;
}

/* Attributes in the start tag whose name ends at *p: each name outside quotes
 * counts, unquoted values do not. Sets *p to the tag's end. */
static size_t count_attributes(const char **p, const char *end)
{
    size_t attrs = 0;
    char quote = 0;
    bool in_word = false, value_next = false;
    const char *q = *p;
    for (; q < end; q++) {
        char c = *q;
        if (quote) {
            if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '>')
            break;
        if (c == '"' || c == '\'') {
            quote = c;
            value_next = false;
            continue;
        }
        if (c == '=') {
            in_word = false;
            value_next = true;
            continue;
        }
        bool space = isspace((unsigned char)c) || c == '/';
        if (!space && !in_word) {
            attrs += !value_next;
            value_next = false;
        }
        in_word = !space;
    }
    *p = q;
    return attrs;
}

/* Whether gt, the first '>' after p, falls inside a quoted value of the tag,
 * found by hopping from quote to quote with memchr. */
static bool in_quotes(const char *p, const char *gt)
{
    while (p < gt) {
        const char *dq = memchr(p, '"', (size_t)(gt - p));
        const char *sq = memchr(p, '\'', (size_t)((dq ? dq : gt) - p));
        const char *quote = sq ? sq : dq;
        if (!quote)
            return false;
        const char *close = memchr(quote + 1, *quote, (size_t)(gt - quote - 1));
        if (!close)
            return true;
        p = close + 1;
    }
    return false;
}

enum err ext_input_check_shape(const char *data, size_t len, struct errbuf *eb)
{
    const char *p = data, *end = data + len;
    /* A model of the parser's stack of open elements, by name hash. */
    uint32_t *stack = NULL;
    size_t depth = 0, cap = 0;
    unsigned long long steps = 0;
    enum err err = ERR_OK;
    while (!err && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        p++;
        if (end - p >= 3 && p[0] == '!' && p[1] == '-' && p[2] == '-') {
            const char *close = memmem(p, (size_t)(end - p), "-->", 3);
            p = close ? close + 3 : end;
            continue;
        }
        bool closing = p < end && *p == '/';
        const char *name = p + closing;
        if (name >= end || !isalpha((unsigned char)*name))
            continue;
        const char *q = name;
        while (q < end && !isspace((unsigned char)*q) && *q != '>' && *q != '/')
            q++;
        size_t nlen = (size_t)(q - name);
        uint32_t h = name_hash(name, nlen);
        if (closing) {
            size_t i = depth;
            while (i > 0 && stack[i - 1] != h)
                i--;
            steps += depth - i + 1;
            if (i > 0)
                depth = i - 1;
            if (steps > MAX_CLOSE_STEPS)
                err = errf(eb, ERR_LIMIT,
                           "pathological document: its end tags search over %llu open elements",
                           MAX_CLOSE_STEPS);
            p = q;
            continue;
        }
        /* Every attribute takes two bytes at least: a tag whose first '>'
         * comes early and outside quotes ends there and cannot hold too many;
         * any other is counted. */
        const char *gt = memchr(q, '>', (size_t)(end - q));
        if (!gt)
            gt = end;
        if ((size_t)(gt - q) <= 2 * MAX_ATTRIBUTES && !in_quotes(q, gt)) {
            p = gt;
        } else if (count_attributes(&q, end) > MAX_ATTRIBUTES) {
            err = errf(eb, ERR_LIMIT, "pathological document: a <%.*s> tag with over %d attributes",
                       (int)(nlen < 32 ? nlen : 32), name, MAX_ATTRIBUTES);
            break;
        } else {
            p = q;
        }
        if ((nlen == 6 && !strncasecmp(name, "script", 6)) ||
            (nlen == 5 && !strncasecmp(name, "style", 5))) {
            p = skip_raw_text(p, end, name, nlen);
            continue;
        }
        if (!void_element(name, nlen)) {
            stack = xgrow(stack, depth, &cap, sizeof *stack, 256);
            stack[depth++] = h;
        }
    }
    free(stack);
    return err;
}
