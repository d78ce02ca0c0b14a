#include "base/url.h"

#include <ctype.h>
#include <libxml/uri.h>
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
        /* Characters libxml2 rejects (spaces, non-ASCII): escape and retry. */
        xmlChar *esc = xmlURIEscapeStr((const xmlChar *)trimmed, (const xmlChar *)":/?#[]@!$&'()*+,;=%");
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

enum err url_canonical(const char *url, char **out, struct errbuf *eb)
{
    *out = NULL;
    if (!url_is_http(url))
        return errf(eb, ERR_INVALID, "not an http(s) URL: %.200s", url ? url : "(none)");
    /* Resolving against itself removes dot segments and escapes what must be. */
    char *resolved = url_resolve(NULL, url);
    if (!resolved)
        return errf(eb, ERR_INVALID, "malformed URL: %.200s", url);
    xmlURIPtr u = xmlParseURI(resolved);
    free(resolved);
    if (!u || !u->scheme || !u->server || !u->server[0]) {
        xmlFreeURI(u);
        return errf(eb, ERR_INVALID, "malformed URL: %.200s", url);
    }
    lower(u->scheme);
    lower(u->server);
    size_t hl = strlen(u->server);
    if (hl && u->server[hl - 1] == '.')
        u->server[hl - 1] = '\0';
    bool https = !strcmp(u->scheme, "https");
    struct buf b;
    buf_init(&b, 64 * 1024);
    enum err err = buf_printf(&b, "%s://%s", u->scheme, u->server);
    if (!err && u->port > 0 && u->port != (https ? 443 : 80))
        err = buf_printf(&b, ":%d", u->port);
    if (!err)
        err = buf_puts(&b, u->path && u->path[0] ? u->path : "/");
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
                    err = buf_append(&b, q, len);
                first = false;
            }
            q += len + (amp ? 1 : 0);
        }
    }
    xmlFreeURI(u);
    if (err) {
        buf_free(&b);
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
