#include "feed/decode.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "feed/feed.h"

/* windows-1252 code points for bytes 0x80-0x9f; 0 where the code page has none. */
static const uint16_t cp1252_high[32] = {
    0x20ac, 0,      0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017d, 0,      0,      0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,      0x017e, 0x0178,
};

size_t feed_utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* A byte that is not valid where it stands, read as windows-1252 (the usual
 * truth behind a mislabelled feed); U+FFFD for the five bytes it leaves out. */
static uint32_t cp1252_byte(unsigned char c)
{
    if (c < 0x80)
        return c;
    if (c < 0xa0)
        return cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xfffd;
    return c;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
            return 0;
        if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0))
            return 0; /* overlong, or a UTF-16 surrogate */
        return 3;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
            return 0;
        if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90))
            return 0;
        return 4;
    }
    return 0;
}

bool feed_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        /* Eight ASCII bytes at a time: most feeds are mostly ASCII. */
        if (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (!(w & 0x8080808080808080ull)) {
                p += 8;
                continue;
            }
        }
        size_t k = utf8_seq(p, (size_t)(end - p));
        if (!k)
            return false;
        p += k;
    }
    return true;
}

/* Copies s into out as valid UTF-8, invalid bytes read as windows-1252. */
static enum err utf8_repair(const char *s, size_t n, struct buf *out)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    enum err err = ERR_OK;
    while (p < end && !err) {
        size_t k = utf8_seq(p, (size_t)(end - p));
        if (k) {
            err = buf_append(out, p, k);
            p += k;
        } else {
            char tmp[4];
            err = buf_append(out, tmp, feed_utf8_put(tmp, cp1252_byte(*p)));
            p++;
        }
    }
    return err;
}

/* SWAR tests on eight bytes at once: any byte below 0x20, any byte equal to b. */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
static inline uint64_t any_below(uint64_t w, unsigned n)
{
    return (w - ONES * n) & ~w & HIGHS;
}
static inline uint64_t any_equal(uint64_t w, unsigned char b)
{
    return any_below(w ^ (ONES * b), 1);
}

/* Length of the start of s that feed_utf8_clean leaves as it is. */
static size_t clean_prefix(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (n - i >= 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (!(w & HIGHS) && !any_below(w, 0x20) && !any_equal(w, 0x7f)) {
                i += 8;
                continue;
            }
        }
        unsigned char c = p[i];
        if ((c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r') {
            i++;
            continue;
        }
        if (c < 0x80)
            return i;
        size_t k = utf8_seq(p + i, n - i);
        if (!k || (k == 2 && c == 0xc2 && p[i + 1] < 0xa0) ||
            (k == 3 && c == 0xef && p[i + 1] == 0xbf && p[i + 2] >= 0xbe))
            return i;
        i += k;
    }
    return n;
}

char *feed_utf8_clean(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    size_t clean = clean_prefix(p, n);
    if (clean == n)
        return xstrndup(s, n);
    char *out = xmalloc(n * 3 + 1); /* a byte grows to at most three */
    memcpy(out, s, clean);
    size_t o = clean;
    p += clean;
    while (p < end) {
        size_t k = utf8_seq(p, (size_t)(end - p));
        uint32_t cp;
        if (!k) {
            cp = cp1252_byte(*p);
            k = 1;
        } else if (k == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
            cp = cp1252_high[p[1] - 0x80]; /* U+0080-U+009F: a windows-1252 byte in disguise */
        } else if (k == 3 && p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe) {
            cp = 0; /* U+FFFE/U+FFFF are not characters */
        } else {
            if (k > 1 || (*p >= 0x20 && *p != 0x7f) || *p == '\t' || *p == '\n' || *p == '\r') {
                memcpy(out + o, p, k);
                o += k;
            }
            p += k;
            continue;
        }
        if (cp)
            o += feed_utf8_put(out + o, cp);
        p += k;
    }
    out[o] = '\0';
    return out;
}

/* What the HTTP Content-Type says: the media type and its charset parameter. */
struct media_type {
    char type[96];
    char charset[48];
};

static void copy_trimmed(char *dst, size_t cap, const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
        s++, n -= 2;
    if (n >= cap)
        n = 0; /* a value this long is no media type or charset we know */
    for (size_t i = 0; i < n; i++)
        dst[i] = (char)tolower((unsigned char)s[i]);
    dst[n] = '\0';
}

static void parse_content_type(const char *ct, struct media_type *mt)
{
    mt->type[0] = mt->charset[0] = '\0';
    if (!ct)
        return;
    const char *semi = strchr(ct, ';');
    copy_trimmed(mt->type, sizeof mt->type, ct, semi ? (size_t)(semi - ct) : strlen(ct));
    while (semi) {
        const char *p = semi + 1;
        semi = strchr(p, ';');
        size_t n = semi ? (size_t)(semi - p) : strlen(p);
        const char *eq = memchr(p, '=', n);
        if (!eq)
            continue;
        char name[16];
        copy_trimmed(name, sizeof name, p, (size_t)(eq - p));
        if (!strcmp(name, "charset"))
            copy_trimmed(mt->charset, sizeof mt->charset, eq + 1, n - (size_t)(eq + 1 - p));
    }
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

static bool xml_media_type(const char *t)
{
    return !strcmp(t, "application/xml") || !strcmp(t, "text/xml") ||
           !strcmp(t, "application/xml-dtd") || ends_with(t, "/xml-external-parsed-entity") ||
           ends_with(t, "+xml");
}

static bool json_media_type(const char *t)
{
    return !strcmp(t, "application/json") || ends_with(t, "+json");
}

/* The encoding named in an XML declaration at the start of s, into out. */
static void xml_decl_encoding(const char *s, size_t n, char *out, size_t cap)
{
    out[0] = '\0';
    if (n < 6 || memcmp(s, "<?xml", 5))
        return;
    size_t limit = n < 256 ? n : 256;
    const char *end = memmem(s, limit, "?>", 2);
    if (!end)
        end = s + limit;
    const char *p = memmem(s, (size_t)(end - s), "encoding", 8);
    if (!p)
        return;
    p += 8;
    while (p < end && isspace((unsigned char)*p))
        p++;
    if (p >= end || *p++ != '=')
        return;
    while (p < end && isspace((unsigned char)*p))
        p++;
    if (p >= end || (*p != '"' && *p != '\''))
        return;
    char q = *p++;
    const char *v = p;
    while (p < end && *p != q)
        p++;
    if (p >= end)
        return;
    copy_trimmed(out, cap, v, (size_t)(p - v));
}

/* How to read a label: the iconv name and the label we report. WHATWG reads
 * latin-1 and ASCII labels as windows-1252 and gb2312 as gb18030 (supersets:
 * what the publishers' tools wrote). */
static void decoder_for(const char *label, const char **iconv_name, const char **report)
{
    static const struct {
        const char *label, *iconv_name, *report;
    } aliases[] = {
        {"utf-8", "UTF-8", "utf-8"},
        {"utf8", "UTF-8", "utf-8"},
        {"unicode-1-1-utf-8", "UTF-8", "utf-8"},
        {"us-ascii", "WINDOWS-1252", "us-ascii"},
        {"ascii", "WINDOWS-1252", "us-ascii"},
        {"iso-8859-1", "WINDOWS-1252", "iso-8859-1"},
        {"iso8859-1", "WINDOWS-1252", "iso-8859-1"},
        {"iso_8859-1", "WINDOWS-1252", "iso-8859-1"},
        {"latin1", "WINDOWS-1252", "iso-8859-1"},
        {"latin-1", "WINDOWS-1252", "iso-8859-1"},
        {"l1", "WINDOWS-1252", "iso-8859-1"},
        {"windows-1252", "WINDOWS-1252", "windows-1252"},
        {"cp1252", "WINDOWS-1252", "windows-1252"},
        {"gb2312", "GB18030", "gb18030"},
        {"gbk", "GB18030", "gb18030"},
        {"x-gbk", "GB18030", "gb18030"},
        {"gb18030", "GB18030", "gb18030"},
        {"ks_c_5601-1987", "CP949", "euc-kr"},
        {"euc-kr", "CP949", "euc-kr"},
        {"shift_jis", "CP932", "shift_jis"},
        {"sjis", "CP932", "shift_jis"},
        {"x-sjis", "CP932", "shift_jis"},
        {"tis-620", "CP874", "tis-620"},
        {"iso-8859-11", "CP874", "tis-620"},
    };
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (!strcmp(label, aliases[i].label)) {
            *iconv_name = aliases[i].iconv_name;
            *report = aliases[i].report;
            return;
        }
    *iconv_name = label;
    *report = label;
}

/* Converts with iconv; a byte the encoding does not allow is read as
 * windows-1252 and noted. */
static enum err convert(iconv_t cd, const char *s, size_t n, struct buf *out, bool *bad)
{
    char chunk[16384];
    char *in = (char *)s;
    size_t left = n;
    enum err err = ERR_OK;
    while (left && !err) {
        char *o = chunk;
        size_t room = sizeof chunk;
        size_t r = iconv(cd, &in, &left, &o, &room);
        err = buf_append(out, chunk, (size_t)(o - chunk));
        if (r == (size_t)-1 && errno != E2BIG && !err) {
            /* EILSEQ or EINVAL (a truncated sequence at the end). */
            char tmp[4];
            err = buf_append(out, tmp, feed_utf8_put(tmp, cp1252_byte((unsigned char)*in)));
            in++;
            left--;
            *bad = true;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    return err;
}

/* The unicode form the first bytes show: by BOM (skip is its length) or by
 * how "<?" looks in UTF-16/32 without one. */
static const char *sniff_unicode(const unsigned char *s, size_t n, size_t *skip)
{
    *skip = 0;
    if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
        *skip = 3;
        return "utf-8";
    }
    if (n >= 4 && !memcmp(s, "\xff\xfe\0\0", 4)) {
        *skip = 4;
        return "utf-32le";
    }
    if (n >= 4 && !memcmp(s, "\0\0\xfe\xff", 4)) {
        *skip = 4;
        return "utf-32be";
    }
    if (n >= 2 && s[0] == 0xfe && s[1] == 0xff) {
        *skip = 2;
        return "utf-16be";
    }
    if (n >= 2 && s[0] == 0xff && s[1] == 0xfe) {
        *skip = 2;
        return "utf-16le";
    }
    if (n >= 4 && !memcmp(s, "\0\0\0<", 4))
        return "utf-32be";
    if (n >= 4 && !memcmp(s, "<\0\0\0", 4))
        return "utf-32le";
    if (n >= 4 && s[0] == 0 && s[1] == '<' && s[2] == 0)
        return "utf-16be";
    if (n >= 4 && s[0] == '<' && s[1] == 0 && s[3] == 0)
        return "utf-16le";
    return NULL;
}

static const char *first_char(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i]))
            return s + i;
    return NULL;
}

/* Keeps the first problem: the one that explains the rest. */
static void note(struct feed_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct feed_text *t, const char *fmt, ...)
{
    if (t->problem[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->problem, sizeof t->problem, fmt, ap);
    va_end(ap);
}

enum err feed_decode(const char *data, size_t len, const char *content_type, struct feed_text *out,
                     struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct media_type mt;
    parse_content_type(content_type, &mt);
    size_t skip;
    const char *unicode = sniff_unicode((const unsigned char *)data, len, &skip);
    const char *body = data + skip;
    size_t blen = len - skip;

    char label[48] = "";
    if (unicode) {
        snprintf(label, sizeof label, "%s", unicode);
    } else if (mt.charset[0]) {
        snprintf(label, sizeof label, "%s", mt.charset);
    } else {
        xml_decl_encoding(body, blen, label, sizeof label);
        if (!label[0])
            snprintf(label, sizeof label, "utf-8");
    }
    if (mt.type[0] && !xml_media_type(mt.type) && !json_media_type(mt.type))
        note(out, "served as %s, which is not an XML or JSON media type", mt.type);

    const char *fc = unicode && strcmp(unicode, "utf-8") ? NULL : first_char(body, blen);
    out->json = json_media_type(mt.type) || (fc && *fc == '{');
    if (out->json && strcmp(label, "utf-8"))
        snprintf(label, sizeof label, "utf-8"); /* RFC 8259: JSON is UTF-8 */

    /* A declared 16/32-bit encoding without the bytes to match is a false label. */
    if (!unicode && (!strncmp(label, "utf-16", 6) || !strncmp(label, "utf-32", 6) ||
                     !strcmp(label, "ucs-2") || !strcmp(label, "ucs-4"))) {
        note(out, "declared %s, but the bytes are not; read as UTF-8", label);
        snprintf(label, sizeof label, "utf-8");
    }

    /* Labels are ASCII names; anything else is nothing iconv should guess at. */
    if (strspn(label, "abcdefghijklmnopqrstuvwxyz0123456789-_.:") != strlen(label)) {
        note(out, "unknown encoding; read as UTF-8");
        snprintf(label, sizeof label, "utf-8");
    }
    const char *iconv_name, *report;
    decoder_for(label, &iconv_name, &report);
    snprintf(out->encoding, sizeof out->encoding, "%s", report);

    struct buf b;
    buf_init(&b, (size_t)FEED_MAX_BYTES * 4);
    enum err err = ERR_OK;
    if (!strcmp(iconv_name, "WINDOWS-1252")) {
        /* The most common single-byte encoding, converted by table: iconv
         * would refuse its five unassigned bytes, and opening it costs. */
        char *w = xmalloc(3 * blen + 1);
        size_t o = 0;
        for (size_t i = 0; i < blen; i++)
            o += feed_utf8_put(w + o, cp1252_byte((unsigned char)body[i]));
        err = buf_append(&b, w, o);
        free(w);
    } else if (strcmp(iconv_name, "UTF-8")) {
        iconv_t cd = iconv_open("UTF-8", iconv_name);
        if (cd == (iconv_t)-1) {
            note(out, "unknown encoding %s; read as UTF-8", label);
            snprintf(out->encoding, sizeof out->encoding, "utf-8");
            iconv_name = "UTF-8";
        } else {
            bool bad = false;
            err = convert(cd, body, blen, &b, &bad);
            iconv_close(cd);
            if (bad)
                note(out, "bytes that are not valid %s (read as windows-1252)", report);
        }
    }
    if (!err && !strcmp(iconv_name, "UTF-8")) {
        if (feed_utf8_valid(body, blen)) {
            err = buf_append(&b, body, blen);
        } else {
            note(out, "bytes that are not valid UTF-8 (read as windows-1252)");
            err = utf8_repair(body, blen, &b);
        }
    }
    if (err) {
        buf_clear(&b);
        return errf(eb, err, "feed too large once decoded to UTF-8");
    }
    out->len = b.len;
    out->owned = buf_steal(&b);
    out->data = out->owned;
    return ERR_OK;
}

void feed_text_clear(struct feed_text *t)
{
    if (!t)
        return;
    free(t->owned);
    t->owned = NULL;
    t->data = NULL;
}
