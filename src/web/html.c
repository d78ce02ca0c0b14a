#include "web/html.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "base/timeutil.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

void html_init(struct html *h, struct buf *out)
{
    h->out = out;
    h->err = ERR_OK;
}

enum err html_finish(const struct html *h)
{
    return h->err;
}

static void put(struct html *h, const char *p, size_t n)
{
    if (!h->err)
        h->err = buf_append(h->out, p, n);
}

void h_raw_(struct html *h, const char *markup, size_t len)
{
    put(h, markup, len);
}

/* A code point text may carry: not a control (tab and newline aside), not a
 * noncharacter XML forbids. */
static bool allowed(utf8proc_int32_t c)
{
    if (c == '\t' || c == '\n')
        return true;
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        return false;
    return c != 0xFFFE && c != 0xFFFF;
}

/* Walks s code point by code point, appending each allowed one (escaped for
 * HTML when html is set) and U+FFFD for everything else. */
static enum err clean(struct buf *out, const char *s, size_t left, bool html)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    enum err err = ERR_OK;
    while (left && !err) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate(p, (utf8proc_ssize_t)left, &c);
        if (n < 1) {
            err = buf_puts(out, REPLACEMENT);
            n = 1;
        } else if (!allowed(c)) {
            err = buf_puts(out, REPLACEMENT);
        } else if (html && c == '&') {
            err = buf_puts(out, "&amp;");
        } else if (html && c == '<') {
            err = buf_puts(out, "&lt;");
        } else if (html && c == '>') {
            err = buf_puts(out, "&gt;");
        } else if (html && c == '"') {
            err = buf_puts(out, "&quot;");
        } else if (html && c == '\'') {
            err = buf_puts(out, "&#39;");
        } else {
            err = buf_append(out, p, (size_t)n);
        }
        p += n;
        left -= (size_t)n;
    }
    return err;
}

enum err html_clean_text(struct buf *out, const char *s)
{
    return s ? clean(out, s, strlen(s), false) : ERR_OK;
}

void h_text(struct html *h, const char *s)
{
    if (s && !h->err)
        h->err = clean(h->out, s, strlen(s), true);
}

void h_text_n(struct html *h, const char *s, size_t len)
{
    if (s && !h->err)
        h->err = clean(h->out, s, len, true);
}

void h_attr(struct html *h, const char *s)
{
    h_text(h, s);
}

void h_int(struct html *h, int64_t v)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%" PRId64, v);
    put(h, tmp, (size_t)n);
}

void h_time(struct html *h, int64_t t)
{
    if (!t) {
        h_lit(h, "–");
        return;
    }
    char iso[21];
    time_format_rfc3339(t, iso);
    /* "2024-03-23T10:00:00Z" -> "2024-03-23 10:00 UTC" */
    char shown[32];
    snprintf(shown, sizeof shown, "%.10s %.5s UTC", iso, iso + 11);
    h_lit(h, "<time datetime=\"");
    h_attr(h, iso);
    h_lit(h, "\">");
    h_text(h, shown);
    h_lit(h, "</time>");
}

bool html_url_safe(const char *url)
{
    if (!url)
        return false;
    if (url[0] == '/')
        return url[1] != '/' && url[1] != '\\';
    return !strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8);
}

void h_link(struct html *h, const char *url, const char *text)
{
    if (!html_url_safe(url)) {
        h_text(h, text);
        return;
    }
    h_lit(h, "<a href=\"");
    h_attr(h, url);
    h_lit(h, "\">");
    h_text(h, text);
    h_lit(h, "</a>");
}

enum err url_component(struct buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    enum err err = ERR_OK;
    for (const unsigned char *p = (const unsigned char *)s; *p && !err; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            err = buf_putc(out, (char)*p);
        } else {
            char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            err = buf_append(out, enc, 3);
        }
    }
    return err;
}

void h_url_component(struct html *h, const char *s)
{
    if (s && !h->err)
        h->err = url_component(h->out, s);
}
