/* Request routing: a request line's method and target (as the client sent it,
 * still percent-encoded) against a table of path patterns, and the query
 * string parsed into name/value pairs. Patterns are '/'-separated segments: a
 * literal, "{id}" (a positive decimal integer) or "{id-slug}" (an integer that
 * a "-slug" may follow, as in /story/42-the-headline). Pure functions of their
 * input, with every limit an explicit status, so the router is fuzzed alone. */
#ifndef OMNIBUS_WEB_ROUTE_H
#define OMNIBUS_WEB_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Methods as flags, so a route's methods are a mask. */
enum http_method {
    HTTP_GET = 1 << 0,
    HTTP_HEAD = 1 << 1,
    HTTP_POST = 1 << 2,
    HTTP_PUT = 1 << 3,
    HTTP_DELETE = 1 << 4,
    HTTP_OPTIONS = 1 << 5,
    HTTP_PATCH = 1 << 6,
};

/* The flag for a method name (case-sensitive, as HTTP says), or 0 for any
 * other token. */
unsigned http_method_from_name(const char *name);
/* Writes the methods of mask as an Allow header value ("GET, HEAD, POST") into
 * out (at least 64 bytes). HEAD is listed wherever GET is. */
void http_methods_allow(unsigned mask, char *out, size_t size);

struct web_ctx;
struct web_request;
struct web_response;
typedef enum err (*route_handler)(struct web_ctx *ctx, const struct web_request *req,
                                  struct web_response *res);

enum route_flags {
    ROUTE_PAGE = 1 << 0,  /* a rendered page or feed: ETag, 304, the page cache */
    ROUTE_ADMIN = 1 << 1, /* methods other than GET/HEAD need the admin token */
};

struct route {
    const char *pattern;
    unsigned methods; /* HEAD is implied by GET */
    unsigned flags;
    route_handler handler;
    /* The query parameters the handler reads, NULL-terminated (NULL: none);
     * lang, which the server reads, is not listed. The others are dropped
     * before the handler runs, so they change no page and make no page-cache
     * entry of their own. */
    const char *const *params;
};

#define ROUTE_MAX_URI 4096  /* longer request targets are refused (414) */
#define ROUTE_MAX_IDS 2     /* "{id}" segments in one pattern */
#define QUERY_MAX_PARAMS 32 /* more parameters are refused (400) */

struct query_param {
    const char *name;  /* decoded, NUL-terminated */
    const char *value; /* decoded; "" for "name" without '=' */
};

/* A parsed query string. The strings live in storage, owned by the query. */
struct query {
    struct query_param items[QUERY_MAX_PARAMS];
    size_t len;
    char *storage;
};

enum route_status {
    ROUTE_FOUND,
    ROUTE_NOT_FOUND,          /* no pattern matches the path: 404 */
    ROUTE_METHOD_NOT_ALLOWED, /* a pattern matches, not with this method (or an unknown one): 405 */
    ROUTE_BAD_REQUEST,        /* bad percent-encoding, NUL, not origin-form, too many params: 400 */
    ROUTE_URI_TOO_LONG,       /* over ROUTE_MAX_URI: 414 */
};

struct route_result {
    size_t index;   /* into the table, when ROUTE_FOUND */
    unsigned allow; /* methods the matched path accepts (ROUTE_METHOD_NOT_ALLOWED, FOUND) */
    int64_t ids[ROUTE_MAX_IDS];
    size_t n_ids;
    struct query query; /* parsed for ROUTE_FOUND; empty otherwise */
    const char *why;    /* a static reason when ROUTE_BAD_REQUEST */
};

/* Routes method and target (origin-form "/path?query", percent-encoded) against
 * table. Fills *out; its query must be released with route_result_clear (also
 * after a status other than ROUTE_FOUND). */
enum route_status route_request(const struct route *table, size_t n, const char *method,
                                const char *target, struct route_result *out);
void route_result_clear(struct route_result *r);

/* Parses an application/x-www-form-urlencoded string of len bytes ('+' is a
 * space) into *out (query_clear releases it). ERR_INVALID for bad
 * percent-encoding or an encoded NUL, ERR_LIMIT past QUERY_MAX_PARAMS; *out
 * is empty then. */
MUST_CHECK enum err query_parse(const char *qs, size_t len, struct query *out, struct errbuf *eb);
void query_clear(struct query *q);
/* The value of the first parameter called name, or NULL. */
const char *query_get(const struct query *q, const char *name);
/* Keeps in q only the first parameter called each of names (NULL-terminated;
 * NULL keeps none), in the order of names: after it, two queries that differ
 * only in other parameters, their order or repeats are the same. */
void query_keep(struct query *q, const char *const *names);

/* Decodes len bytes of percent-encoding into out (room for len + 1 bytes),
 * NUL-terminated; *out_len is the decoded length. plus_space turns '+' into a
 * space (query strings). false for a bad escape or an encoded NUL. */
bool percent_decode(const char *s, size_t len, bool plus_space, char *out, size_t *out_len);

#endif
