/* URLs: resolving links against a base, and the canonical form used as the
 * dedup key for articles (one article, one URL, however a feed spelled it). */
#ifndef OMNIBUS_BASE_URL_H
#define OMNIBUS_BASE_URL_H

#include <stdbool.h>

#include "base/err.h"

/* The absolute URL of ref resolved against base (RFC 3986). base may be NULL.
 * Returns a new string (free() it), or NULL when ref is NULL or cannot be resolved. */
char *url_resolve(const char *base, const char *ref);

/* The canonical form of an http(s) URL: scheme and host lower-cased, default
 * port and fragment dropped, dot segments removed, empty path made "/", and
 * tracking parameters (utm_*, fbclid, gclid, mc_cid, mc_eid) removed.
 * Stores a new string in *out (free() it). ERR_INVALID for anything that is not
 * an absolute http or https URL, with the reason in eb. */
MUST_CHECK enum err url_canonical(const char *url, char **out, struct errbuf *eb);

/* True when url is an absolute http:// or https:// URL. */
bool url_is_http(const char *url);

/* The host part of an absolute URL, lower-cased, in a new string; NULL if none. */
char *url_host(const char *url);

#endif
