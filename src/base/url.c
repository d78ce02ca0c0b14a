#include "base/url.h"

#include <ctype.h>
#include <libxml/uri.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/xalloc.h"

/* libxml2's URI module does RFC 3986 parsing and resolution; this file adds
 * what a dedup key needs on top of it. */

char *url_resolve(const char *base, const char *ref)
{
    if (!ref)
        return NULL;
    while (isspace((unsigned char)*ref))
        ref++;
    size_t n = strlen(ref);
    while (n && isspace((unsigned char)ref[n - 1]))
        n--;
    char *trimmed = xstrndup(ref, n);
    xmlChar *r = xmlBuildURI((const xmlChar *)trimmed, (const xmlChar *)(base ? base : ""));
    if (!r) {
        /* Characters libxml2 rejects (spaces, non-ASCII, a '%' that starts no
         * escape): escape and retry. */
        char *fixed = xmalloc(3 * n + 1);
        size_t o = 0;
        for (size_t i = 0; i < n; i++) {
            bool escape =
                trimmed[i] == '%' && !(i + 2 < n && isxdigit((unsigned char)trimmed[i + 1]) &&
                                       isxdigit((unsigned char)trimmed[i + 2]));
            if (escape) {
                memcpy(fixed + o, "%25", 3);
                o += 3;
            } else {
                fixed[o++] = trimmed[i];
            }
        }
        fixed[o] = '\0';
        free(trimmed);
        trimmed = fixed;
        xmlChar *esc =
            xmlURIEscapeStr((const xmlChar *)trimmed, (const xmlChar *)":/?#[]@!$&'()*+,;=%");
        if (esc) {
            r = xmlBuildURI(esc, (const xmlChar *)(base ? base : ""));
            xmlFree(esc);
        }
    }
    free(trimmed);
    if (!r)
        return NULL;
    char *out = xstrdup((const char *)r);
    xmlFree(r);
    return out;
}

bool url_is_http(const char *url)
{
    return url && (!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8));
}

static bool tracking_param(const char *p, size_t n)
{
    static const char *names[] = {"fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid"};
    if (n >= 4 && !strncasecmp(p, "utm_", 4))
        return true;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == n && !strncasecmp(p, names[i], n))
            return true;
    return false;
}

static void lower(char *s)
{
    for (; s && *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

static bool unreserved(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* A path or query in the one spelling RFC 3986 section 6.2.2 gives it: escapes
 * of unreserved characters decoded, other escapes in upper case, characters a
 * URL cannot hold (spaces, controls, non-ASCII bytes, stray '%') escaped. */
static enum err append_normalized(struct buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    enum err err = ERR_OK;
    for (size_t i = 0; i < n && !err; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
            isxdigit((unsigned char)s[i + 2])) {
            char pair[3] = {s[i + 1], s[i + 2], '\0'};
            unsigned char v = (unsigned char)strtoul(pair, NULL, 16);
            i += 2;
            if (unreserved(v)) {
                err = buf_putc(b, (char)v);
                continue;
            }
            c = v;
        } else if (unreserved(c) || strchr("!$&'()*+,;=:@/?", c)) {
            err = buf_putc(b, (char)c);
            continue;
        }
        char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
        err = buf_append(b, esc, 3);
    }
    return err;
}

/* RFC 3986 section 5.2.4 on an absolute path: "/a/./b/../c" is "/a/c". */
static enum err append_without_dots(struct buf *b, const char *in)
{
    size_t start = b->len;
    enum err err = ERR_OK;
    while (*in && !err) {
        if (!strncmp(in, "/./", 3) || !strcmp(in, "/.")) {
            in += 2; /* leaves "/" or "/rest" */
            if (!*in)
                err = buf_putc(b, '/');
        } else if (!strncmp(in, "/../", 4) || !strcmp(in, "/..")) {
            in += 3;
            while (b->len > start && b->data[b->len - 1] != '/')
                b->len--;
            if (b->len > start)
                b->len--; /* the '/' before the removed segment */
            b->data[b->len] = '\0';
            if (!*in)
                err = buf_putc(b, '/');
        } else if (!strncmp(in, "../", 3) || !strncmp(in, "./", 2)) {
            in += in[0] == '.' && in[1] == '.' ? 3 : 2;
        } else if (!strcmp(in, ".") || !strcmp(in, "..")) {
            in += strlen(in);
        } else {
            size_t seg = 1 + strcspn(in + 1, "/");
            err = buf_append(b, in, seg);
            in += seg;
        }
    }
    return err;
}

enum err url_canonical(const char *url, char **out, struct errbuf *eb)
{
    *out = NULL;
    if (!url_is_http(url))
        return errf(eb, ERR_INVALID, "not an http(s) URL: %.200s", url ? url : "(none)");
    /* Resolving escapes what libxml2 cannot parse; dot segments go below. */
    char *resolved = url_resolve(NULL, url);
    if (!resolved)
        return errf(eb, ERR_INVALID, "malformed URL: %.200s", url);
    /* Raw: the path and query keep their escapes ("%3F" is not "?"). */
    xmlURIPtr u = xmlParseURIRaw(resolved, 1);
    free(resolved);
    if (u && u->server) {
        lower(u->server);
        size_t hl = strlen(u->server);
        while (hl && u->server[hl - 1] == '.')
            u->server[--hl] = '\0';
    }
    if (!u || !u->scheme || !u->server || !u->server[0]) {
        xmlFreeURI(u);
        return errf(eb, ERR_INVALID, "malformed URL: %.200s", url);
    }
    lower(u->scheme);
    bool https = !strcmp(u->scheme, "https");
    struct buf b;
    buf_init(&b, 64 * 1024);
    enum err err = buf_printf(&b, "%s://%s", u->scheme, u->server);
    if (!err && u->port > 0 && u->port != (https ? 443 : 80))
        err = buf_printf(&b, ":%d", u->port);
    const char *path = u->path && u->path[0] ? u->path : "/";
    struct buf p;
    buf_init(&p, b.max);
    if (!err)
        err = append_normalized(&p, path, strlen(path));
    if (!err)
        err = append_without_dots(&b, buf_cstr(&p));
    buf_clear(&p);
    const char *q = u->query_raw ? u->query_raw : u->query;
    if (!err && q && *q) {
        bool first = true;
        while (*q && !err) {
            const char *amp = strchr(q, '&');
            size_t len = amp ? (size_t)(amp - q) : strlen(q);
            const char *eq = memchr(q, '=', len);
            size_t keylen = eq ? (size_t)(eq - q) : len;
            if (len && !tracking_param(q, keylen)) {
                err = buf_putc(&b, first ? '?' : '&');
                if (!err)
                    err = append_normalized(&b, q, len);
                first = false;
            }
            q += len + (amp ? 1 : 0);
        }
    }
    xmlFreeURI(u);
    if (err) {
        buf_clear(&b);
        return errf(eb, err, "URL too long: %.200s", url);
    }
    *out = buf_steal(&b);
    return ERR_OK;
}

char *url_host(const char *url)
{
    if (!url)
        return NULL;
    xmlURIPtr u = xmlParseURI(url);
    char *host = NULL;
    if (u && u->server && u->server[0]) {
        host = xstrdup(u->server);
        lower(host);
    }
    xmlFreeURI(u);
    return host;
}
