/* Raw values from a feed document into the model's forms. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "feed/decode.h"
#include "feed/html.h"
#include "feed/internal.h"

static void trim(const char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s))
        (*s)++, (*n)--;
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* The buffer's contents, trimmed and cleaned, as a new string; NULL when empty
 * or when building it hit a limit. Frees the buffer. */
static char *finish(struct buf *b, enum err err)
{
    char *out = NULL;
    const char *s = b->data;
    size_t n = b->len;
    if (!err && s) {
        trim(&s, &n);
        if (n)
            out = feed_utf8_clean(s, n);
    }
    buf_clear(b);
    return out;
}

char *feed_value_text(const char *s, size_t n, enum text_kind kind)
{
    if (kind == TEXT_GUESS)
        kind = feed_looks_like_html(s, n) ? TEXT_HTML : TEXT_PLAIN;
    struct buf b;
    buf_init(&b, FEED_MAX_FIELD);
    enum err err = kind == TEXT_HTML ? feed_html_text(s, n, &b) : feed_text_squash(s, n, &b);
    return finish(&b, err);
}

char *feed_value_html(const char *s, size_t n, enum text_kind kind, const char *base)
{
    if (kind == TEXT_GUESS)
        kind = feed_looks_like_html(s, n) ? TEXT_HTML : TEXT_PLAIN;
    trim(&s, &n);
    struct buf b;
    /* Escaping may grow plain text fivefold ("<" is "&lt;"); sanitizing resolves URLs. */
    buf_init(&b, (size_t)FEED_MAX_FIELD * 6);
    enum err err =
        kind == TEXT_HTML ? feed_html_sanitize(s, n, base, &b) : feed_html_escape(s, n, false, &b);
    return finish(&b, err);
}

char *feed_value_trim(const char *s, size_t n)
{
    trim(&s, &n);
    return n ? feed_utf8_clean(s, n) : NULL;
}

char *feed_value_lang(const char *s, size_t n)
{
    char *v = feed_value_trim(s, n);
    for (char *q = v; q && *q; q++)
        if (*q == '_')
            *q = '-';
    return v;
}

char *feed_value_url(const char *base, const char *s, size_t n)
{
    char *t = feed_value_trim(s, n);
    char *url = feed_safe_url(base, t);
    free(t);
    return url;
}

static bool is_email(const char *s, size_t n)
{
    const char *at = memchr(s, '@', n);
    if (!at || at == s || at == s + n - 1)
        return false;
    for (size_t i = 0; i < n; i++)
        if (isspace((unsigned char)s[i]))
            return false;
    return true;
}

char *feed_value_person(const char *s, size_t n)
{
    trim(&s, &n);
    if (!n)
        return NULL;
    /* "email (Name)" and "Name (email)" as RSS 2.0 writes authors. */
    const char *open = n > 2 && s[n - 1] == ')' ? memchr(s, '(', n) : NULL;
    if (open) {
        const char *out = s, *in = open + 1;
        size_t outn = (size_t)(open - s), inn = (size_t)(s + n - 1 - in);
        trim(&out, &outn);
        trim(&in, &inn);
        if (outn && is_email(out, outn) && inn)
            return feed_value_text(in, inn, TEXT_PLAIN);
        if (inn && is_email(in, inn) && outn)
            return feed_value_text(out, outn, TEXT_PLAIN);
    }
    /* "Name <email>". */
    const char *lt = n > 2 && s[n - 1] == '>' ? memchr(s, '<', n) : NULL;
    if (lt && lt > s && is_email(lt + 1, (size_t)(s + n - 2 - lt)))
        return feed_value_text(s, (size_t)(lt - s), TEXT_PLAIN);
    return feed_value_text(s, n, TEXT_GUESS);
}

int64_t feed_value_date(const char *s, size_t n)
{
    trim(&s, &n);
    char tmp[128];
    if (!n || n >= sizeof tmp)
        return 0;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    int64_t t;
    return date_parse(tmp, &t) ? t : 0;
}

bool feed_list_add(char ***list, size_t *n, char *s)
{
    if (!s)
        return true;
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*list)[i], s)) {
            free(s);
            return true;
        }
    if (*n >= FEED_MAX_LIST) {
        free(s);
        return false;
    }
    *list = xrealloc(*list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = s;
    return true;
}

struct feed_item *feed_item_new(struct feed *f)
{
    if (f->n_items >= FEED_MAX_ITEMS) {
        feed_flag(f, "more than %d items; the rest are left out", FEED_MAX_ITEMS);
        return NULL;
    }
    /* Capacity doubles: grows at powers of two, so a count tells whether it is full. */
    if ((f->n_items & (f->n_items - 1)) == 0)
        f->items = xrealloc(f->items, (f->n_items ? f->n_items * 2 : 1) * sizeof *f->items);
    struct feed_item *it = &f->items[f->n_items++];
    memset(it, 0, sizeof *it);
    return it;
}

void feed_flag(struct feed *f, const char *fmt, ...)
{
    f->ill_formed = true;
    if (f->ill_formed_reason)
        return;
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    f->ill_formed_reason = feed_utf8_clean(msg, strlen(msg));
}

char *feed_html_to_text(const char *html)
{
    return html ? feed_value_text(html, strlen(html), TEXT_HTML) : NULL;
}
