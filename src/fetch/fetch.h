/* Fetching over HTTP(S) with libcurl multi: many transfers at once, politeness
 * per host, conditional GET, caps on size, time and redirects, and an address
 * guard (fetch/guard.h) that refuses private networks unless a request is
 * allowed them. Proxies from the environment are not used: the guard must see
 * the address of the server itself. */
#ifndef OMNIBUS_FETCH_FETCH_H
#define OMNIBUS_FETCH_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct fetch_config {
    size_t max_body;          /* decoded bytes; default 8 MiB */
    int max_parallel;         /* transfers at once; default 16 */
    int max_per_host;         /* transfers at once to one host; default 2 */
    int min_host_interval_ms; /* between starts to one host; default 1000 */
    int connect_timeout_s;    /* default 10 */
    int timeout_s;            /* whole transfer; default 30 */
    int low_speed_time_s;     /* abort when under 1 byte/s this long; default 10 */
    int max_redirects;        /* default 5 */
    bool allow_private;       /* allow every request private addresses */
    const char *user_agent;   /* NULL: "omnibus/VERSION" */
};

/* The defaults above. Sizes, counts and times must stay positive (intervals
 * and redirects may be 0); fetch_all refuses a config that breaks this. */
void fetch_config_default(struct fetch_config *cfg);

struct fetch_request {
    const char *url;
    const char *etag;          /* for If-None-Match, may be NULL */
    const char *last_modified; /* for If-Modified-Since, may be NULL */
    bool allow_private;        /* this request may reach private addresses */
    void *user;                /* the caller's, untouched */
    /* A POST of post_len bytes of post_body when post_body is not NULL (a
     * webhook), with extra header lines ("Name: value"), NULL-terminated; a
     * line holding CR or LF is not sent. */
    const char *post_body;
    size_t post_len;
    const char *const *headers;
};

/* Every string is owned by the result. errmsg is "URL: what happened" with the
 * URL shortened when needed so that what happened always fits: "timed out
 * after 30 s", "body larger than 8 MiB", "too many redirects (5)", "refused:
 * 127.0.0.1 is a loopback address", "HTTP 503 Service Unavailable (retry after
 * 120 s)". err is ERR_LIMIT (size, redirects), ERR_TIMEOUT, ERR_DENIED (guard),
 * ERR_UNSUPPORTED (not http/https, also after a redirect), ERR_INVALID (URL),
 * ERR_PARSE (undecodable body), ERR_NETWORK (DNS, connection, TLS). */
struct fetch_result {
    enum err err;      /* ERR_OK when an HTTP answer came (any status) */
    char errmsg[256];  /* for a person, when err is set or status >= 400 */
    int status;        /* HTTP status, 0 when none */
    bool not_modified; /* 304 */
    char *body;        /* decoded, NUL-terminated; NULL when err is set and on 304 */
    size_t body_len;
    char *content_type;
    char *etag;          /* on a 304 without one: the request's */
    char *last_modified; /* on a 304 without one: the request's */
    char *final_url;     /* after redirects */
    int64_t retry_after; /* seconds asked by Retry-After, 0 if none */
    double seconds;      /* duration */
    /* What kind of failure this was, in a few words a person can group by
     * ("DNS", "connection refused", "TLS", "timeout", "HTTP error",
     * "address guard", "too large", "redirects", "network"); a static
     * string, NULL when an answer under 400 came. */
    const char *failure;
};

/* Frees what r owns and zeroes it. */
void fetch_result_clear(struct fetch_result *r);

/* Called once per request as it completes, in completion order, on the thread
 * that called fetch_all; res is borrowed for the call (keep any of its strings
 * by setting the field to NULL). */
typedef void (*fetch_done_fn)(const struct fetch_request *req, struct fetch_result *res, void *ctx);

/* Fetches every request, concurrently within the config's limits, and returns
 * when all are done: at most max_parallel transfers at once, at most
 * max_per_host to one host name, starts to one host at least
 * min_host_interval_ms apart (waiting hosts never hold up the others). reqs
 * are borrowed until the call returns. Per-request failures arrive in done();
 * the return value is an error only when nothing could run at all (ERR_INVALID
 * for a bad config, ERR_NETWORK when libcurl cannot start). */
MUST_CHECK enum err fetch_all(const struct fetch_config *cfg, const struct fetch_request *reqs,
                              size_t n, fetch_done_fn done, void *ctx, struct errbuf *eb);

/* Hands fetch_stream up to room more requests: stores pointers to them in
 * reqs (each borrowed until its done call) and returns how many, 0 when there
 * are none now. */
typedef size_t (*fetch_more_fn)(void *ctx, const struct fetch_request **reqs, size_t room);

/* fetch_all for work found while earlier work runs (sources falling due): at
 * the start and whenever a transfer ends, asks more() for requests while
 * fewer than twice max_parallel are running or waiting, so that one slow
 * server holds up only its own slot, never a batch of others; returns when
 * nothing runs or waits and more() has none. done() and more() get ctx. */
MUST_CHECK enum err fetch_stream(const struct fetch_config *cfg, fetch_more_fn more,
                                 fetch_done_fn done, void *ctx, struct errbuf *eb);

/* One request, synchronously. res is filled whatever happens; free with fetch_result_clear. */
void fetch_one(const struct fetch_config *cfg, const struct fetch_request *req,
               struct fetch_result *res);

/* The wait a Retry-After value asks for: delay-seconds ("120") or an HTTP date
 * (taken relative to now, seconds since the epoch). Stores seconds (0 for a
 * date in the past) in *out and returns true; false when value is neither. */
bool fetch_parse_retry_after(const char *value, int64_t now, int64_t *out);

#endif
