#include "web/route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

#define MAX_SEGMENTS 32

static const struct {
    const char *name;
    unsigned flag;
} methods[] = {
    {"GET", HTTP_GET},       {"HEAD", HTTP_HEAD},       {"POST", HTTP_POST},   {"PUT", HTTP_PUT},
    {"DELETE", HTTP_DELETE}, {"OPTIONS", HTTP_OPTIONS}, {"PATCH", HTTP_PATCH},
};

unsigned http_method_from_name(const char *name)
{
    for (size_t i = 0; name && i < sizeof methods / sizeof methods[0]; i++)
        if (!strcmp(name, methods[i].name))
            return methods[i].flag;
    return 0;
}

void http_methods_allow(unsigned mask, char *out, size_t size)
{
    if (mask & HTTP_GET)
        mask |= HTTP_HEAD;
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        if (!(mask & methods[i].flag))
            continue;
        int n = snprintf(out + used, size - used, "%s%s", used ? ", " : "", methods[i].name);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool percent_decode(const char *s, size_t len, bool plus_space, char *out, size_t *out_len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            if (len - i < 3)
                return false;
            int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
                return false;
            c = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '\0') {
            return false;
        } else if (plus_space && c == '+') {
            c = ' ';
        }
        out[o++] = c;
    }
    out[o] = '\0';
    *out_len = o;
    return true;
}

enum err query_parse(const char *qs, size_t len, struct query *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    if (!len)
        return ERR_OK;
    /* Each raw byte decodes to at most one byte, and each pair (at least one raw
     * byte and a separator) adds two NULs: 2 * len + 2 always suffices. */
    out->storage = xmalloc(2 * len + 2);
    char *w = out->storage;
    size_t i = 0;
    enum err err = ERR_OK;
    while (i <= len && !err) {
        size_t end = i;
        while (end < len && qs[end] != '&')
            end++;
        if (end > i) {
            if (out->len == QUERY_MAX_PARAMS) {
                err = errf(eb, ERR_LIMIT, "more than %d query parameters", QUERY_MAX_PARAMS);
                break;
            }
            size_t eq = i;
            while (eq < end && qs[eq] != '=')
                eq++;
            size_t n;
            struct query_param *p = &out->items[out->len];
            p->name = w;
            if (!percent_decode(qs + i, eq - i, true, w, &n)) {
                err = errf(eb, ERR_INVALID, "bad percent-encoding in the query");
                break;
            }
            w += n + 1;
            p->value = w;
            if (!percent_decode(qs + (eq < end ? eq + 1 : end), eq < end ? end - eq - 1 : 0, true,
                                w, &n)) {
                err = errf(eb, ERR_INVALID, "bad percent-encoding in the query");
                break;
            }
            w += n + 1;
            out->len++;
        }
        i = end + 1;
    }
    if (err)
        query_clear(out);
    return err;
}

void query_clear(struct query *q)
{
    if (!q)
        return;
    free(q->storage);
    memset(q, 0, sizeof *q);
}

const char *query_get(const struct query *q, const char *name)
{
    for (size_t i = 0; i < q->len; i++)
        if (!strcmp(q->items[i].name, name))
            return q->items[i].value;
    return NULL;
}

void query_keep(struct query *q, const char *const *names)
{
    struct query_param kept[QUERY_MAX_PARAMS];
    size_t n = 0;
    for (size_t k = 0; names && names[k] && n < q->len; k++)
        for (size_t i = 0; i < q->len; i++)
            if (!strcmp(q->items[i].name, names[k])) {
                kept[n++] = q->items[i];
                break;
            }
    memcpy(q->items, kept, n * sizeof kept[0]);
    q->len = n;
}

/* A positive decimal id without leading zeros, of at most 18 digits, in the
 * first n bytes of s; *used is how many bytes it took. */
static bool parse_id(const char *s, size_t n, int64_t *id, size_t *used)
{
    size_t i = 0;
    int64_t v = 0;
    while (i < n && i < 18 && s[i] >= '0' && s[i] <= '9')
        v = v * 10 + (s[i++] - '0');
    if (i == 0 || s[0] == '0' || (i < n && s[i] >= '0' && s[i] <= '9'))
        return false;
    *id = v;
    *used = i;
    return true;
}

struct segment {
    const char *s; /* decoded, NUL-terminated */
    size_t len;
};

/* Does the decoded path (its segments) match pattern? Ids go to ids/n_ids. */
static bool match(const char *pattern, const struct segment *seg, size_t nseg, int64_t *ids,
                  size_t *n_ids)
{
    *n_ids = 0;
    const char *p = pattern + 1; /* patterns start with '/' */
    for (size_t k = 0; k < nseg; k++) {
        const char *end = strchr(p, '/');
        size_t plen = end ? (size_t)(end - p) : strlen(p);
        bool is_id = plen == 4 && !memcmp(p, "{id}", 4);
        bool is_slug = plen == 9 && !memcmp(p, "{id-slug}", 9);
        if (is_id || is_slug) {
            size_t used;
            if (*n_ids == ROUTE_MAX_IDS || !parse_id(seg[k].s, seg[k].len, &ids[*n_ids], &used))
                return false;
            if (used < seg[k].len && !(is_slug && seg[k].s[used] == '-' && used + 1 < seg[k].len))
                return false;
            (*n_ids)++;
        } else if (plen != seg[k].len || memcmp(p, seg[k].s, plen)) {
            return false;
        }
        if (!end)
            return k + 1 == nseg;
        p = end + 1;
    }
    return false;
}

enum route_status route_request(const struct route *table, size_t n, const char *method,
                                const char *target, struct route_result *out)
{
    memset(out, 0, sizeof *out);
    size_t tlen = strlen(target);
    if (tlen > ROUTE_MAX_URI)
        return ROUTE_URI_TOO_LONG;
    if (target[0] != '/') {
        out->why = "the request target is not a path";
        return ROUTE_BAD_REQUEST;
    }
    const char *q = strchr(target, '?');
    size_t plen = q ? (size_t)(q - target) : tlen;
    if (memchr(target, '#', plen)) {
        out->why = "a fragment in the request target";
        return ROUTE_BAD_REQUEST;
    }
    /* Decode segment by segment, so "%2F" stays inside its segment. */
    char decoded[ROUTE_MAX_URI + MAX_SEGMENTS + 1];
    struct segment seg[MAX_SEGMENTS];
    size_t nseg = 0, w = 0;
    for (size_t i = 1;; nseg++) {
        size_t end = i;
        while (end < plen && target[end] != '/')
            end++;
        if (nseg == MAX_SEGMENTS) {
            out->why = "too many path segments";
            return ROUTE_BAD_REQUEST;
        }
        size_t dlen;
        if (!percent_decode(target + i, end - i, false, decoded + w, &dlen)) {
            out->why = "bad percent-encoding in the path";
            return ROUTE_BAD_REQUEST;
        }
        seg[nseg] = (struct segment){decoded + w, dlen};
        w += dlen + 1;
        if (end >= plen) {
            nseg++;
            break;
        }
        i = end + 1;
    }
    unsigned m = http_method_from_name(method);
    bool path_matched = false, found = false;
    for (size_t r = 0; r < n; r++) {
        int64_t ids[ROUTE_MAX_IDS];
        size_t n_ids;
        if (!match(table[r].pattern, seg, nseg, ids, &n_ids))
            continue;
        path_matched = true;
        unsigned allowed = table[r].methods | ((table[r].methods & HTTP_GET) ? HTTP_HEAD : 0);
        out->allow |= allowed; /* keep scanning: Allow lists every route of the path */
        if (found || !(m & allowed))
            continue;
        found = true;
        out->index = r;
        memcpy(out->ids, ids, sizeof ids);
        out->n_ids = n_ids;
    }
    if (!path_matched)
        return ROUTE_NOT_FOUND;
    if (!found)
        return ROUTE_METHOD_NOT_ALLOWED;
    if (q && query_parse(q + 1, tlen - plen - 1, &out->query, NULL)) {
        out->why = "a bad query string";
        return ROUTE_BAD_REQUEST;
    }
    return ROUTE_FOUND;
}

void route_result_clear(struct route_result *r)
{
    if (r)
        query_clear(&r->query);
}
