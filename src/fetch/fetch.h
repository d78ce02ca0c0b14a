/* Fetching over HTTP(S) with libcurl multi: many transfers at once, politeness
 * per host, conditional GET, caps on size, time and redirects, and an address
 * guard that refuses private networks unless a request is allowed them. */
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
    const char *user_agent;
};

/* The defaults above. */
void fetch_config_default(struct fetch_config *cfg);

struct fetch_request {
    const char *url;
    const char *etag;          /* for If-None-Match, may be NULL */
    const char *last_modified; /* for If-Modified-Since, may be NULL */
    bool allow_private;        /* this request may reach private addresses */
    void *user;                /* the caller's, untouched */
};

struct fetch_result {
    enum err err;      /* ERR_OK when an HTTP answer came (any status) */
    char errmsg[256];  /* for a person, when err is set or status >= 400 */
    int status;        /* HTTP status, 0 when none */
    bool not_modified; /* 304 */
    char *body;        /* decoded, NUL-terminated; NULL when none */
    size_t body_len;
    char *content_type;
    char *etag;
    char *last_modified;
    char *final_url;     /* after redirects */
    int64_t retry_after; /* seconds asked by Retry-After, 0 if none */
    double seconds;      /* duration */
};

void fetch_result_clear(struct fetch_result *r);

/* Called once per request as it completes; res is borrowed for the call (take
 * res->body by setting it to NULL to keep it). */
typedef void (*fetch_done_fn)(const struct fetch_request *req, struct fetch_result *res,
                              void *ctx);

/* Fetches every request, concurrently within the config's limits, and returns
 * when all are done. Per-request failures arrive in done(); the return value
 * is an error only when nothing could run at all. */
MUST_CHECK enum err fetch_all(const struct fetch_config *cfg, const struct fetch_request *reqs,
                              size_t n, fetch_done_fn done, void *ctx, struct errbuf *eb);

/* One request, synchronously. res is filled whatever happens; free with fetch_result_clear. */
void fetch_one(const struct fetch_config *cfg, const struct fetch_request *req,
               struct fetch_result *res);

#endif
