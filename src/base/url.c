#include "base/url.h"

#include <ctype.h>
#include <curl/curl.h>
#include <libxml/uri.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/xalloc.h"

/* Hosts, ports, paths and queries are read with libcurl's URL API, the parser
 * the fetcher's own requests go through (libxml2's is stricter than the URLs
 * feeds carry: "?tags[]=a" is not a URL to it). libxml2 resolves references
 * (its results are what the feed corpora were measured with), libcurl where
 * libxml2 refuses; this file adds what a dedup key needs on top. */

/* Lenient about spaces (escaped later) and schemes libcurl does not fetch (a
 * feed's xml:base may be any URI). */
#define CURLU_FLAGS (CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE)

/* A handle holding url parsed, with control characters escaped first (libcurl
 * refuses them; a feed's link may hold a tab). NULL when it is not a URL. */
static CURLU *parse(const char *url)
{
    /* libcurl reads "http:///x" as the host "x"; it has no host. */
    const char *auth = strstr(url, "://");
    if (auth && strchr("/?#", auth[3]))
        return NULL;
    struct buf b;
    buf_init(&b, 64 * 1024);
    enum err err = ERR_OK;
    for (const char *s = url; *s && !err; s++) {
        unsigned char c = (unsigned char)*s;
        err = c < 0x20 || c == 0x7f ? buf_printf(&b, "%%%02X", c) : buf_putc(&b, (char)c);
    }
    CURLU *h = curl_url();
    if (!h)
        abort(); /* out of memory */
    if (err || curl_url_set(h, CURLUPART_URL, buf_cstr(&b), CURLU_FLAGS)) {
        curl_url_cleanup(h);
        h = NULL;
    }
    buf_clear(&b);
    return h;
}

/* A part of h in a new string (free() it), NULL when h has none. */
static char *part(CURLU *h, CURLUPart what)
{
    char *v = NULL;
    if (curl_url_get(h, what, &v, 0))
        return NULL;
    char *out = xstrdup(v);
    curl_free(v);
    return out;
}

/* ref resolved against base (which may be NULL: then ref must be absolute)
 * by libcurl. */
static char *curl_resolve(const char *base, const char *ref)
{
    CURLU *h = parse(base ? base : ref);
    if (!h)
        return NULL;
    char *out = NULL;
    if (!base || !curl_url_set(h, CURLUPART_URL, ref, CURLU_FLAGS))
        out = part(h, CURLUPART_URL);
    curl_url_cleanup(h);
    return out;
}

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
    if (!r) {
        char *out = curl_resolve(base, trimmed);
        free(trimmed);
        return out;
    }
    free(trimmed);
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
    while (url && isspace((unsigned char)*url))
        url++;
    if (!url_is_http(url))
        return errf(eb, ERR_INVALID, "not an http(s) URL: %.200s", url ? url : "(none)");
    size_t n = strlen(url);
    while (n && isspace((unsigned char)url[n - 1]))
        n--;
    char *trimmed = xstrndup(url, n);
    CURLU *u = parse(trimmed);
    free(trimmed);
    char *scheme = u ? part(u, CURLUPART_SCHEME) : NULL;
    char *host = u ? part(u, CURLUPART_HOST) : NULL;
    char *port = u ? part(u, CURLUPART_PORT) : NULL;
    char *upath = u ? part(u, CURLUPART_PATH) : NULL;
    char *query = u ? part(u, CURLUPART_QUERY) : NULL;
    curl_url_cleanup(u);
    size_t hl = host ? strlen(host) : 0;
    bool had_dot = hl && host[hl - 1] == '.';
    while (hl && host[hl - 1] == '.')
        host[--hl] = '\0';
    if (had_dot && hl) {
        /* Without its dot a host may read as a number ("8." -> "8"), which
         * libcurl writes as an address (0.0.0.8): read it again, so that the
         * canonical form is a fixed point. */
        char *again = xasprintf("http://%s/", host);
        CURLU *h = parse(again);
        char *read = h ? part(h, CURLUPART_HOST) : NULL;
        curl_url_cleanup(h);
        free(again);
        if (read) {
            free(host);
            host = read;
            hl = strlen(host);
        }
    }
    enum err err = ERR_OK;
    /* A host that still holds a '%' once decoded names no machine, and its
     * canonical form would decode again ("%%44" -> "%D" -> one byte). */
    if (!scheme || !hl || strchr(host, '%')) {
        err = errf(eb, ERR_INVALID, "malformed URL: %.200s", url);
        goto out;
    }
    lower(scheme);
    lower(host);
    bool https = !strcmp(scheme, "https");
    struct buf b;
    buf_init(&b, 64 * 1024);
    err = buf_printf(&b, "%s://%s", scheme, host);
    if (!err && port && strcmp(port, https ? "443" : "80"))
        err = buf_printf(&b, ":%s", port);
    const char *path = upath && upath[0] ? upath : "/";
    struct buf p;
    buf_init(&p, b.max);
    if (!err)
        err = append_normalized(&p, path, strlen(path));
    if (!err)
        err = append_without_dots(&b, buf_cstr(&p));
    buf_clear(&p);
    const char *q = query;
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
    if (err) {
        buf_clear(&b);
        err = errf(eb, err, "URL too long: %.200s", url);
    } else {
        *out = buf_steal(&b);
    }
out:
    free(scheme);
    free(host);
    free(port);
    free(upath);
    free(query);
    return err;
}

char *url_host(const char *url)
{
    CURLU *u = url ? parse(url) : NULL;
    char *host = u ? part(u, CURLUPART_HOST) : NULL;
    curl_url_cleanup(u);
    if (host && !host[0]) {
        free(host);
        host = NULL;
    }
    lower(host);
    return host;
}
