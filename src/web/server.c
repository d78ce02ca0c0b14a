/* The HTTP side: libmicrohttpd with a pool of internal threads. Per request:
 * the raw target is kept from the URI callback (so routing sees the bytes the
 * client sent, percent-encoding and all), the first handler call only records
 * the request and the answer is queued on a later call (libmicrohttpd 0.9.75
 * closes keep-alive connections answered on the first one) unless it is a
 * write to an admin route without a valid token (refused there, its body never
 * read), the body is gathered under a cap, and the completion callback counts
 * it. Every response carries the security headers; pages carry an ETag and
 * are kept in the page cache as prebuilt responses, valid while the site
 * generation (read from the store at most every GENERATION_TTL_US) holds. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "base/log.h"
#include "base/url.h"
#include "base/xalloc.h"
#include "web/auth.h"
#include "web/cache.h"
#include "web/handler.h"
#include "web/metrics.h"
#include "web/policy.h"

#define MAX_BODY (1u << 20)  /* request bodies (the admin API) */
#define MAX_PAGE (16u << 20) /* one rendered response */
#define STOP_GRACE_MS 3000   /* how long a stop waits for requests in flight */
/* libmicrohttpd's memory for one connection: the request line and headers
 * (ROUTE_MAX_URI and a browser's headers fit with room to spare) and the
 * response headers. It is zeroed between the requests of a keep-alive
 * connection, so it is kept small: at 64 KiB that memset was a sixth of the
 * server's time on a cached page. */
#define CONNECTION_MEMORY (32u << 10)
/* How long page requests trust the site generation last read. Reading it on
 * every request costs a store transaction, whose locks every server thread
 * shares (SQLite's file and mutexes, a round trip to PostgreSQL); read once per
 * interval, a change made by another process reaches the pages within it, and
 * a write through this server's API at once (it makes the next request read). */
#define GENERATION_TTL_US 10000

/* The Content-Security-Policy; %s is where an extra image origin goes. */
#define CSP_FORMAT                                                                                 \
    "default-src 'none'; style-src 'self'; img-src https: data:%s; form-action 'self'; "           \
    "frame-ancestors 'none'; base-uri 'none'"

struct web_server {
    struct web_config cfg; /* its strings point at the copies below */
    char *dsn, *listen, *base_url;
    char *csp;
    struct MHD_Daemon *daemon;
    pthread_key_t worker_key;
    struct page_cache *cache;
    struct metrics metrics;
    atomic_int_fast64_t generation;         /* the newest site generation read */
    atomic_int_fast64_t generation_read_us; /* when (mono_us); 0: read it next time */
    const char **labels;                    /* route patterns, then "unrouted" */
    struct policy *policy;
    uint16_t port;
};

/* One per server thread, made on its first request. */
struct worker {
    struct store *st;
};

/* One request, from the URI callback to the completion callback. */
struct exchange {
    int64_t start_us;
    char *target; /* the raw request target; NULL when over ROUTE_MAX_URI */
    bool started;
    bool body_too_large;
    bool no_host;
    int refuse; /* a write to an admin route refused from its headers: 401, 403 (or 500, 503) */
    struct policy_conn *conn; /* the connection's, under the policy */
    int over;                 /* the connection is past a cap: 503 */
    int retry_after;          /* seconds, for a 429 or 503 of the policy */
    struct buf body;
    size_t route; /* index for the metrics; web_routes_count when unrouted */
    int status;
    const char *csp; /* the server's */
};

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void web_config_default(struct web_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->listen = "127.0.0.1:8080";
    cfg->default_lang = SITE_SV;
    cfg->cache_bytes = 64u << 20;
    policy_config_default(&cfg->policy);
}

/* ---- per-thread store connections ---- */

static void worker_free(void *p)
{
    struct worker *w = p;
    store_close(w->st);
    free(w);
}

/* This thread's store connection, opened on first use; NULL (and the reason
 * logged) when it cannot be opened, to be tried again on the next request. */
static struct store *thread_store(struct web_server *srv)
{
    struct worker *w = pthread_getspecific(srv->worker_key);
    if (!w) {
        w = xcalloc(1, sizeof *w);
        pthread_setspecific(srv->worker_key, w);
    }
    if (!w->st) {
        struct errbuf eb = {{0}};
        enum err err = store_open(srv->dsn, &w->st, &eb);
        if (err)
            log_error("web: cannot open the store: %s", err_msg(&eb, err));
    }
    return w->st;
}

/* ---- responses ---- */

static bool add_header(struct MHD_Response *r, const char *name, const char *value)
{
    return MHD_add_response_header(r, name, value) == MHD_YES;
}

static bool security_headers(struct MHD_Response *r, const char *csp)
{
    return add_header(r, "Content-Security-Policy", csp) &&
           add_header(r, "X-Content-Type-Options", "nosniff") &&
           add_header(r, "Referrer-Policy", "strict-origin-when-cross-origin") &&
           add_header(r, "X-Frame-Options", "DENY") &&
           add_header(r, "Cross-Origin-Opener-Policy", "same-origin") &&
           add_header(r, "Cross-Origin-Resource-Policy", "same-origin") &&
           add_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

/* A response with the security headers and, for pages, the validators and the
 * language; NULL when libmicrohttpd refuses (out of memory). */
static struct MHD_Response *build(const struct exchange *ex, const struct web_response *res,
                                  const char *etag, const struct web_request *req, bool page,
                                  bool with_body)
{
    struct MHD_Response *r =
        with_body
            ? MHD_create_response_from_buffer(res->body.len, res->body.data, MHD_RESPMEM_MUST_COPY)
            : MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return NULL;
    bool ok = security_headers(r, ex->csp) &&
              (!with_body || add_header(r, "Content-Type", res->content_type)) &&
              add_header(r, "Cache-Control", res->cache_control) &&
              (!etag || add_header(r, "ETag", etag)) &&
              (!res->location || add_header(r, "Location", res->location)) &&
              (!res->set_cookie[0] || add_header(r, "Set-Cookie", res->set_cookie[0])) &&
              (!res->set_cookie[1] || add_header(r, "Set-Cookie", res->set_cookie[1])) &&
              (!page || (add_header(r, "Content-Language", site_lang_code(req->lang)) &&
                         add_header(r, "Vary", "Accept-Language")));
    if (!ok) {
        MHD_destroy_response(r);
        return NULL;
    }
    return r;
}

static void response_free(void *native)
{
    MHD_destroy_response(native);
}

/* A strong validator for body: a hash of the bytes and the language. */
static void make_etag(const struct web_response *res, enum site_lang lang, char out[24])
{
    uint64_t h =
        XXH3_64bits_withSeed(res->body.data ? res->body.data : "", res->body.len, (uint64_t)lang);
    snprintf(out, 24, "\"%016llx\"", (unsigned long long)h);
}

/* Does an If-None-Match value name etag? Weak and strong forms both count
 * (RFC 9110 uses weak comparison here), and so does "*". */
static bool etag_matches(const char *inm, const char *etag)
{
    if (!inm)
        return false;
    size_t elen = strlen(etag);
    const char *p = inm;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return true;
        if (!strncmp(p, "W/", 2))
            p += 2;
        const char *end = p;
        while (*end && *end != ',')
            end++;
        const char *last = end;
        while (last > p && (last[-1] == ' ' || last[-1] == '\t'))
            last--;
        if ((size_t)(last - p) == elen && !memcmp(p, etag, elen))
            return true;
        p = end;
    }
    return false;
}

static enum MHD_Result queue(struct MHD_Connection *conn, struct exchange *ex, int status,
                             struct MHD_Response *r)
{
    if (!r)
        return MHD_NO;
    ex->status = status;
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)status, r);
    MHD_destroy_response(r);
    return ok;
}

/* ---- errors ---- */

static bool is_api(const char *path)
{
    return !strncmp(path, "/api/", 5) || !strcmp(path, "/api");
}

/* The error page (HTML) or error object (API) for status; extra headers for
 * 401/405. */
static enum MHD_Result respond_error(struct MHD_Connection *conn, struct exchange *ex,
                                     const struct web_request *req, int status, const char *allow)
{
    struct web_response res = {.status = status, .cache_control = "no-store"};
    buf_init(&res.body, MAX_PAGE);
    enum err err =
        is_api(req->path) ? api_error_status(&res, status) : page_error(req, status, &res);
    struct MHD_Response *r = err ? NULL : build(ex, &res, NULL, req, false, true);
    buf_clear(&res.body);
    if (r && allow && !add_header(r, "Allow", allow)) {
        MHD_destroy_response(r);
        r = NULL;
    }
    if (r && status == 401 && !add_header(r, "WWW-Authenticate", "Bearer realm=\"omnibus\"")) {
        MHD_destroy_response(r);
        r = NULL;
    }
    if (r && ex->retry_after) {
        char secs[16];
        snprintf(secs, sizeof secs, "%d", ex->retry_after);
        /* A connection past a cap is let go: the client's next one may fit. */
        if (!add_header(r, "Retry-After", secs) ||
            (ex->over && !add_header(r, "Connection", "close"))) {
            MHD_destroy_response(r);
            r = NULL;
        }
    }
    return queue(conn, ex, status, r);
}

/* ---- routes ---- */

/* The site generation for a page request: the one last read while it is
 * younger than GENERATION_TTL_US, else read from st. One thread reads at a
 * time (it claims the read by moving generation_read_us); the others keep the
 * last value meanwhile. Generations only grow, so the newest read wins. */
static enum err site_generation(struct web_server *srv, struct store *st, int64_t *gen,
                                struct errbuf *eb)
{
    int64_t now = mono_us();
    int_fast64_t read_us = atomic_load(&srv->generation_read_us);
    if ((read_us && now - read_us < GENERATION_TTL_US) ||
        !atomic_compare_exchange_strong(&srv->generation_read_us, &read_us, now)) {
        *gen = atomic_load(&srv->generation);
        return ERR_OK;
    }
    enum err err = store_site_generation(st, gen, eb);
    if (err) {
        atomic_store(&srv->generation_read_us, 0); /* the next request tries again */
        return err;
    }
    int_fast64_t seen = atomic_load(&srv->generation);
    while (*gen > seen && !atomic_compare_exchange_weak(&srv->generation, &seen, *gen))
        ;
    if (seen > *gen)
        *gen = seen;
    return ERR_OK;
}

/* The page cache's key for req: its language, its path as received and the
 * query parameters its route reads (query_keep has dropped the others and
 * ordered these), each value length-prefixed, so requests share a key exactly
 * when they render alike: "/?a=1", "/?a=2" and "/" are one entry. */
static char *page_key(const struct web_request *req)
{
    char *key = xasprintf("%s %s", site_lang_code(req->lang), req->path);
    const struct query *q = &req->route->query;
    for (size_t i = 0; i < q->len; i++) {
        char *longer = xasprintf("%s %s=%zu:%s", key, q->items[i].name, strlen(q->items[i].value),
                                 q->items[i].value);
        free(key);
        key = longer;
    }
    return key;
}

/* The status a handler's error answers with: a missing thing is 404, work
 * that ran out of its time (a costly search) is 503, to be tried again. */
static int error_status(enum err err)
{
    return err == ERR_NOT_FOUND ? 404 : err == ERR_TIMEOUT ? 503 : 500;
}

/* A page, feed or stylesheet: from the cache while the site generation holds,
 * else rendered and cached; 304 when the client has it. */
static enum MHD_Result respond_page(struct web_server *srv, struct MHD_Connection *conn,
                                    struct exchange *ex, struct web_ctx *ctx,
                                    const struct web_request *req, const struct route *route)
{
    int64_t gen;
    enum err err = site_generation(srv, ctx->st, &gen, &ctx->eb);
    if (err) {
        log_error("web: %s: %s", ex->target, err_msg(&ctx->eb, err));
        return respond_error(conn, ex, req, 500, NULL);
    }
    char *key = page_key(req);
    struct cached_page *page = page_cache_get(srv->cache, key, gen);
    if (!page) {
        struct web_response res = {
            .status = 200, .content_type = "text/html; charset=utf-8", .cache_control = "no-cache"};
        buf_init(&res.body, MAX_PAGE);
        err = route->handler(ctx, req, &res);
        if (!err && res.status == 200) {
            char etag[24];
            make_etag(&res, req->lang, etag);
            struct MHD_Response *r = build(ex, &res, etag, req, true, true);
            if (r) {
                page = cached_page_new(etag, res.body.len + sizeof *page, r, response_free);
                page_cache_put(srv->cache, key, gen, page);
            }
        }
        if (!page) {
            free(key);
            enum MHD_Result ok;
            if (err && err != ERR_NOT_FOUND)
                log_error("web: %s: %s", ex->target, err_msg(&ctx->eb, err));
            if (err)
                ok = respond_error(conn, ex, req, error_status(err), NULL);
            else /* a status of the handler's own (or no memory for the response) */
                ok = queue(conn, ex, res.status, build(ex, &res, NULL, req, true, true));
            buf_clear(&res.body);
            free(res.location);
            return ok;
        }
        buf_clear(&res.body);
    }
    free(key);
    enum MHD_Result ok;
    const char *inm =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    if (etag_matches(inm, page->etag)) {
        struct web_response res = {.cache_control = "no-cache"};
        ok = queue(conn, ex, 304, build(ex, &res, page->etag, req, true, false));
    } else {
        ex->status = 200;
        ok = MHD_queue_response(conn, 200, page->native);
    }
    cached_page_release(page);
    return ok;
}

/* The API and operational routes: rendered every time, never cached. */
static enum MHD_Result respond_plain(struct MHD_Connection *conn, struct exchange *ex,
                                     struct web_ctx *ctx, const struct web_request *req,
                                     const struct route *route)
{
    struct web_response res = {
        .status = 200, .content_type = "text/html; charset=utf-8", .cache_control = "no-store"};
    buf_init(&res.body, MAX_PAGE);
    enum err err = route->handler(ctx, req, &res);
    enum MHD_Result ok;
    if (err) {
        if (err != ERR_NOT_FOUND)
            log_error("web: %s: %s", ex->target, err_msg(&ctx->eb, err));
        ok = respond_error(conn, ex, req, error_status(err), NULL);
    } else {
        ok = queue(conn, ex, res.status, build(ex, &res, NULL, req, false, true));
    }
    buf_clear(&res.body);
    free(res.location);
    free(res.set_cookie[0]);
    free(res.set_cookie[1]);
    return ok;
}

/* The path part of the target, as received. */
static char *target_path(const char *target)
{
    if (!target || target[0] != '/')
        return xstrdup("/");
    const char *q = strchr(target, '?');
    return q ? xstrndup(target, (size_t)(q - target)) : xstrdup(target);
}

static enum MHD_Result respond(struct web_server *srv, struct MHD_Connection *conn,
                               struct exchange *ex, const char *method)
{
    struct route_result rr;
    enum route_status rs =
        ex->target ? route_request(web_routes, web_routes_count, method, ex->target, &rr)
                   : ROUTE_URI_TOO_LONG;
    if (rs == ROUTE_URI_TOO_LONG)
        memset(&rr, 0, sizeof rr);
    char *path = target_path(
        rs == ROUTE_FOUND || rs == ROUTE_NOT_FOUND || rs == ROUTE_METHOD_NOT_ALLOWED ? ex->target
                                                                                     : NULL);
    const char *qlang = query_get(&rr.query, "lang");
    enum site_lang asked;
    struct web_request req = {
        .method = http_method_from_name(method),
        .path = path,
        .route = &rr,
        .lang = site_lang_negotiate(
            qlang,
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE),
            srv->cfg.default_lang),
        .lang_in_query = qlang && site_lang_from_code(qlang, &asked),
        .body = buf_cstr(&ex->body),
        .body_len = ex->body.len,
        .cookie = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE),
    };
    enum MHD_Result ok;
    char allow[64];
    struct web_ctx ctx = {.cfg = &srv->cfg, .cache = srv->cache, .metrics = &srv->metrics};
    if (rs == ROUTE_FOUND) {
        ex->route = rr.index;
        /* lang is read; what the route does not read is dropped, so it can
         * neither change the page nor make a cache entry of its own. */
        query_keep(&rr.query, web_routes[rr.index].params);
        if (web_routes[rr.index].normalise)
            web_routes[rr.index].normalise(&rr.query);
    }
    if (ex->conn)
        policy_request_read(srv->policy, ex->conn);
    bool throttled = !ex->over && rs == ROUTE_FOUND &&
                     (web_routes[rr.index].flags & ROUTE_METERED) && ex->conn &&
                     !policy_take(srv->policy, ex->conn, &ex->retry_after);
    if (ex->over) {
        ex->retry_after = 5;
        ok = respond_error(conn, ex, &req, 503, NULL);
    } else if (throttled) {
        ok = respond_error(conn, ex, &req, 429, NULL);
    } else if (rs == ROUTE_URI_TOO_LONG) {
        ok = respond_error(conn, ex, &req, 414, NULL);
    } else if (rs == ROUTE_BAD_REQUEST || ex->no_host) {
        log_debug("web: 400 for %s: %s", ex->target, ex->no_host ? "no Host header" : rr.why);
        ok = respond_error(conn, ex, &req, 400, NULL);
    } else if (rs == ROUTE_NOT_FOUND) {
        ok = respond_error(conn, ex, &req, 404, NULL);
    } else if (rs == ROUTE_METHOD_NOT_ALLOWED) {
        http_methods_allow(rr.allow, allow, sizeof allow);
        ok = respond_error(conn, ex, &req, 405, allow);
    } else if (ex->refuse) {
        ok = respond_error(conn, ex, &req, ex->refuse, NULL);
    } else if (ex->body_too_large) {
        ok = respond_error(conn, ex, &req, 413, NULL);
    } else if (!(ctx.st = thread_store(srv))) {
        ok = respond_error(conn, ex, &req, 503, NULL);
    } else {
        const struct route *route = &web_routes[rr.index];
        bool write = !(req.method & (HTTP_GET | HTTP_HEAD));
        if ((route->flags & ROUTE_PAGE) && !write) {
            ok = respond_page(srv, conn, ex, &ctx, &req, route);
        } else {
            ok = respond_plain(conn, ex, &ctx, &req, route);
            if (write) /* what it changed shows on the next page served */
                atomic_store(&srv->generation_read_us, 0);
        }
    }
    route_result_clear(&rr);
    free(path);
    return ok;
}

/* For a write to an admin route (or a read of an admin-only one), checks the
 * token in the headers before any of the body is read, so no one without a
 * valid token has a body accepted: sets ex->refuse to the status to answer
 * with, 0 when the token is valid. Only reads under /api/ are routed here:
 * the page path stays as it was. */
static void check_token(struct web_server *srv, struct MHD_Connection *conn, struct exchange *ex,
                        const char *method)
{
    bool read = http_method_from_name(method) & (HTTP_GET | HTTP_HEAD);
    if (!ex->target || (read && strncmp(ex->target, "/api/", 5)))
        return;
    struct route_result rr;
    bool admin =
        route_request(web_routes, web_routes_count, method, ex->target, &rr) == ROUTE_FOUND &&
        (web_routes[rr.index].flags & ROUTE_ADMIN) &&
        (!read || (web_routes[rr.index].flags & ROUTE_ADMIN_READ));
    route_result_clear(&rr);
    if (!admin)
        return;
    struct store *st = thread_store(srv);
    if (!st) {
        ex->refuse = 503;
        return;
    }
    struct errbuf eb = {{0}};
    enum auth_result auth;
    enum err err = auth_check(
        st, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION),
        &auth, &eb);
    if (err) {
        log_error("web: checking a token: %s", err_msg(&eb, err));
        ex->refuse = 500;
    } else if (auth != AUTH_OK) {
        ex->refuse = auth == AUTH_MISSING ? 401 : 403;
    }
}

/* ---- libmicrohttpd callbacks ---- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct web_server *srv = cls;
    struct exchange *ex = xcalloc(1, sizeof *ex);
    ex->csp = srv->csp;
    ex->start_us = mono_us();
    if (strlen(uri) <= ROUTE_MAX_URI)
        ex->target = xstrdup(uri);
    /* The router reads the target kept above; libmicrohttpd's own parse of
     * the query into its connection memory is never read, and 1,000
     * parameters exhaust that memory so that the client gets no answer at
     * all. uri is that connection's writable buffer (libmicrohttpd 0.9.75
     * hands it over before splitting the query off): an empty query leaves
     * it nothing to parse. */
    char *query = strchr(uri, '?');
    if (query)
        query[1] = '\0';
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    ex->conn = info ? info->socket_context : NULL;
    if (ex->conn)
        ex->over = policy_request_begin(srv->policy, ex->conn);
    ex->route = web_routes_count;
    buf_init(&ex->body, MAX_BODY);
    return ex;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    struct web_server *srv = cls;
    struct exchange *ex = *con_cls;
    if (!ex)
        return MHD_NO;
    if (!ex->started) {
        ex->started = true;
        /* RFC 9112 3.2: an HTTP/1.1 request without Host is answered 400. */
        if (!strcmp(version, MHD_HTTP_VERSION_1_1) &&
            !MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))
            ex->no_host = true;
        const char *cl =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > MAX_BODY)
            ex->body_too_large = true;
        if (!ex->over)
            check_token(srv, conn, ex, method);
        /* Answered now, the body unread (libmicrohttpd closes the connection). */
        if (ex->refuse || ex->over)
            return respond(srv, conn, ex, method);
        return MHD_YES;
    }
    if (*upload_size) {
        if (!ex->body_too_large && buf_append(&ex->body, upload_data, *upload_size))
            ex->body_too_large = true;
        *upload_size = 0;
        return MHD_YES;
    }
    return respond(srv, conn, ex, method);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct web_server *srv = cls;
    struct exchange *ex = *con_cls;
    if (!ex)
        return;
    if (ex->status) {
        int64_t took = mono_us() - ex->start_us;
        metrics_observe(&srv->metrics, ex->route, ex->status, took);
        log_debug("web: %s %d %lld us", ex->target ? ex->target : "(too long)", ex->status,
                  (long long)took);
    }
    if (ex->conn)
        policy_request_done(srv->policy, ex->conn);
    free(ex->target);
    buf_clear(&ex->body);
    free(ex);
    *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct web_server *srv = cls;
    if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        policy_close(srv->policy, *socket_context);
        *socket_context = NULL;
        return;
    }
    const union MHD_ConnectionInfo *fd =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *addr =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    *socket_context =
        fd ? policy_open(srv->policy, fd->connect_fd, addr ? addr->client_addr : NULL) : NULL;
}

static void on_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    log_warn("web: %s", msg);
}

/* ---- start and stop ---- */

/* "127.0.0.1:8080", "localhost:8080" or "[::1]:8080". */
static enum err parse_listen(const char *listen, struct sockaddr_storage *ss, bool *v6,
                             struct errbuf *eb)
{
    memset(ss, 0, sizeof *ss);
    const char *colon = strrchr(listen, ':');
    if (!colon || !colon[1])
        return errf(eb, ERR_INVALID, "listen address %s: expected HOST:PORT", listen);
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535)
        return errf(eb, ERR_INVALID, "listen address %s: bad port", listen);
    char host[64];
    size_t hlen = (size_t)(colon - listen);
    if (hlen >= 2 && listen[0] == '[' && listen[hlen - 1] == ']') {
        listen++;
        hlen -= 2;
    }
    if (hlen == 0 || hlen >= sizeof host)
        return errf(eb, ERR_INVALID, "listen address %s: bad host", listen);
    memcpy(host, listen, hlen);
    host[hlen] = '\0';
    if (!strcmp(host, "localhost"))
        strcpy(host, "127.0.0.1");
    struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)port);
        *v6 = false;
    } else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        *v6 = true;
    } else {
        return errf(eb, ERR_INVALID, "listen address %s: %s is not an IP address", listen, host);
    }
    return ERR_OK;
}

/* Binds a socket to ss as the server will, then lets it go: an address that
 * is not this host's or a port in use is an error naming the address and the
 * OS's reason, where libmicrohttpd would only log "Failed to bind to port 0". */
static enum err probe_bind(const struct sockaddr_storage *ss, bool v6, const char *listen,
                           struct errbuf *eb)
{
    int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return errf(eb, ERR_IO, "cannot listen on %s: %s", listen, strerror(errno));
    int on = 1;
    /* As libmicrohttpd does, so a port in TIME_WAIT is not taken for one in use. */
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    enum err err = ERR_OK;
    if (bind(fd, (const struct sockaddr *)ss,
             v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in)))
        err = errf(eb, ERR_IO, "cannot listen on %s: %s", listen, strerror(errno));
    close(fd);
    return err;
}

enum err web_server_start(const struct web_config *cfg, struct web_server **out, struct errbuf *eb)
{
    *out = NULL;
    struct sockaddr_storage ss;
    bool v6 = false;
    enum err err = parse_listen(cfg->listen, &ss, &v6, eb);
    if (!err)
        err = probe_bind(&ss, v6, cfg->listen, eb);
    if (err)
        return err;
    /* The origin goes into a header: a scheme, a host and a port, nothing else. */
    if (cfg->image_origin &&
        (!url_is_http(cfg->image_origin) ||
         strspn(cfg->image_origin, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                   "0123456789.:/-[]") != strlen(cfg->image_origin)))
        return errf(eb, ERR_INVALID, "image origin is not an http(s) origin: %.100s",
                    cfg->image_origin);
    struct store *probe;
    int64_t gen;
    if ((err = store_open(cfg->dsn, &probe, eb)))
        return err;
    err = store_site_generation(probe, &gen, eb);
    store_close(probe);
    if (err)
        return err;

    struct web_server *srv = xcalloc(1, sizeof *srv);
    srv->cfg = *cfg;
    srv->cfg.dsn = srv->dsn = xstrdup(cfg->dsn);
    srv->cfg.listen = srv->listen = xstrdup(cfg->listen);
    srv->cfg.image_origin = NULL; /* only its CSP form is kept */
    char *origin = cfg->image_origin ? xasprintf(" %s", cfg->image_origin) : xstrdup("");
    srv->csp = xasprintf(CSP_FORMAT, origin);
    free(origin);
    pthread_key_create(&srv->worker_key, worker_free);
    srv->cache = page_cache_new(cfg->cache_bytes ? cfg->cache_bytes : 64u << 20);
    atomic_init(&srv->generation, gen);
    atomic_init(&srv->generation_read_us, mono_us());
    srv->labels = xcalloc(web_routes_count + 1, sizeof *srv->labels);
    for (size_t i = 0; i < web_routes_count; i++)
        srv->labels[i] = web_routes[i].pattern;
    srv->labels[web_routes_count] = "unrouted";
    metrics_init(&srv->metrics, srv->labels, web_routes_count + 1);

    srv->policy = policy_new(&cfg->policy);
    const struct policy_config *pc = &cfg->policy;
    /* libmicrohttpd's caps close a connection unanswered: they sit above the
     * policy's, which answer, and stop only a client that keeps opening
     * connections after it has been told. Its idle timeout stays behind the
     * policy's deadline; it still ends a reader that takes no answer. */
    unsigned mhd_total = pc->max_connections + pc->max_connections / 4 + 16;
    unsigned mhd_per_client = pc->max_per_client * 2;
    unsigned idle = pc->request_seconds + 20 > 30 ? pc->request_seconds + 20 : 30;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = cfg->threads ? cfg->threads : cpus > 0 ? (unsigned)cpus : 1;
    unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
                     MHD_USE_ITC | (v6 ? MHD_USE_IPv6 : 0);
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, on_log, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv, MHD_OPTION_CONNECTION_TIMEOUT, idle,
        MHD_OPTION_CONNECTION_LIMIT, mhd_total, MHD_OPTION_PER_IP_CONNECTION_LIMIT, mhd_per_client,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY, MHD_OPTION_END);
    if (!srv->daemon) {
        err = errf(eb, ERR_IO, "cannot listen on %s (in use, or not an address of this host)",
                   cfg->listen);
        web_server_stop(srv);
        return err;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : 0;
    if (cfg->base_url) {
        srv->base_url = xstrdup(cfg->base_url);
    } else {
        /* The address as given, with the port actually bound. */
        size_t hlen = (size_t)(strrchr(cfg->listen, ':') - cfg->listen);
        srv->base_url = xasprintf("http://%.*s:%u", (int)hlen, cfg->listen, srv->port);
    }
    size_t blen = strlen(srv->base_url);
    while (blen && srv->base_url[blen - 1] == '/')
        srv->base_url[--blen] = '\0';
    srv->cfg.base_url = srv->base_url;
    *out = srv;
    return ERR_OK;
}

uint16_t web_server_port(const struct web_server *srv)
{
    return srv->port;
}

void web_server_stop(struct web_server *srv)
{
    if (!srv)
        return;
    if (srv->daemon) {
        MHD_socket s = MHD_quiesce_daemon(srv->daemon);
        if (s != MHD_INVALID_SOCKET)
            close(s);
        for (int waited = 0; waited < STOP_GRACE_MS; waited += 50) {
            const union MHD_DaemonInfo *info =
                MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
            if (!info || info->num_connections == 0)
                break;
            usleep(50 * 1000);
        }
        MHD_stop_daemon(srv->daemon); /* joins the threads: their workers are freed */
    }
    policy_free(srv->policy);
    pthread_key_delete(srv->worker_key);
    page_cache_free(srv->cache);
    metrics_clear(&srv->metrics);
    free(srv->labels);
    free(srv->dsn);
    free(srv->listen);
    free(srv->base_url);
    free(srv->csp);
    free(srv);
}
