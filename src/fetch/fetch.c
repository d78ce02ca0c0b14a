#include "fetch/fetch.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/buf.h"
#include "base/timeutil.h"
#include "base/url.h"
#include "base/xalloc.h"
#include "fetch/guard.h"

#define KIB ((size_t)1024)
#define MIB (KIB * KIB)
/* The longest curl_multi_poll sleep: scheduling is rechecked at least this often. */
#define POLL_MAX_MS 1000

void fetch_config_default(struct fetch_config *cfg)
{
    *cfg = (struct fetch_config){
        .max_body = 8 * MIB,
        .max_parallel = 16,
        .max_per_host = 2,
        .min_host_interval_ms = 1000,
        .connect_timeout_s = 10,
        .timeout_s = 30,
        .low_speed_time_s = 10,
        .max_redirects = 5,
        .allow_private = false,
        .user_agent = NULL,
    };
}

void fetch_result_clear(struct fetch_result *r)
{
    free(r->body);
    free(r->content_type);
    free(r->etag);
    free(r->last_modified);
    free(r->final_url);
    memset(r, 0, sizeof *r);
}

bool fetch_parse_retry_after(const char *value, int64_t now, int64_t *out)
{
    while (*value == ' ' || *value == '\t')
        value++;
    size_t digits = strspn(value, "0123456789");
    if (digits > 0) {
        const char *rest = value + digits;
        while (*rest == ' ' || *rest == '\t')
            rest++;
        /* More than 9 digits is no honest delay (31 years); not a date either. */
        if (*rest || digits > 9)
            return false;
        *out = strtoll(value, NULL, 10);
        return true;
    }
    int64_t when;
    if (!date_parse(value, &when))
        return false;
    *out = when > now ? when - now : 0;
    return true;
}

/* One request on its way through: queued, running, or finished. */
struct transfer {
    const struct fetch_request *req;
    CURL *easy;
    struct curl_slist *headers;
    size_t host;           /* index into run.hosts */
    struct transfer *next; /* the next queued for the same host */
    bool allow_private;
    bool too_big;
    bool delivered;
    char refused[128]; /* why the guard refused an address, if it did */
    char curl_err[CURL_ERROR_SIZE];
    struct buf body;
    struct fetch_result res;
};

/* Politeness state for one host name, with its queued transfers in request
 * order. */
struct host {
    char *name;
    int active;
    bool started;
    int64_t last_start_ms;
    struct transfer *head, *tail;
};

struct run {
    const struct fetch_config *cfg;
    const char *user_agent;
    CURLM *multi;
    struct transfer **t; /* every transfer taken, each allocated alone: libcurl keeps its address */
    size_t n, cap;
    struct host *hosts;
    size_t nhosts, hosts_cap;
    size_t cursor; /* the host scheduling starts from, rotated for fairness */
    int active;
    size_t queued; /* taken, not started yet */
    size_t finished;
    fetch_more_fn more;
    fetch_done_fn done;
    void *ctx;
};

static void size_text(size_t n, char out[32])
{
    if (n >= MIB && n % MIB == 0)
        snprintf(out, 32, "%zu MiB", n / MIB);
    else if (n >= KIB && n % KIB == 0)
        snprintf(out, 32, "%zu KiB", n / KIB);
    else
        snprintf(out, 32, "%zu bytes", n);
}

/* "URL: reason", shortening the URL (never the reason) to fit. A reason
 * takes at most three quarters of the message, so some URL always shows. */
static void set_msg(struct fetch_result *res, const char *url, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_msg(struct fetch_result *res, const char *url, const char *fmt, ...)
{
    static const char ellipsis[] = "\xe2\x80\xa6", sep[] = ": ";
    char reason[sizeof res->errmsg * 3 / 4];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    size_t rlen = strlen(reason), ulen = strlen(url);
    size_t room = sizeof res->errmsg - 1 - rlen - (sizeof sep - 1);
    bool shorten = ulen > room;
    if (shorten) {
        ulen = room - (sizeof ellipsis - 1);
        while (ulen > 0 && ((unsigned char)url[ulen] & 0xC0) == 0x80)
            ulen--; /* not inside a UTF-8 sequence */
    }
    char *o = res->errmsg;
    memcpy(o, url, ulen);
    o += ulen;
    if (shorten) {
        memcpy(o, ellipsis, sizeof ellipsis - 1);
        o += sizeof ellipsis - 1;
    }
    memcpy(o, sep, sizeof sep - 1);
    o += sizeof sep - 1;
    memcpy(o, reason, rlen + 1);
}

static size_t write_cb(char *data, size_t size, size_t nmemb, void *userp)
{
    struct transfer *t = userp;
    size_t n = size * nmemb;
    /* The cap applies to decoded bytes, so a small compressed body that
     * inflates without end (a decompression bomb) stops here. */
    if (buf_append(&t->body, data, n) != ERR_OK) {
        t->too_big = true;
        return 0;
    }
    return n;
}

/* libcurl calls this with each resolved address it is about to connect to,
 * for the first URL and for every redirect, so a name that resolves to a
 * private address (or changes to one between requests) is caught here. */
static curl_socket_t opensocket_cb(void *clientp, curlsocktype purpose, struct curl_sockaddr *a)
{
    struct transfer *t = clientp;
    (void)purpose;
    enum guard_class cls = guard_classify(&a->addr, a->addrlen);
    if (!guard_allows(cls, t->allow_private)) {
        char text[GUARD_ADDRSTRLEN];
        guard_format(&a->addr, a->addrlen, text);
        snprintf(t->refused, sizeof t->refused, "refused: %s is %s", text, guard_class_phrase(cls));
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* A header value we send (a validator, a webhook's header line) must not
 * smuggle another header in (CR, LF). */
static bool header_value_ok(const char *v)
{
    if (!v || !*v)
        return false;
    for (; *v; v++)
        if ((unsigned char)*v < 0x20 && *v != '\t')
            return false;
    return true;
}

static char *response_header(CURL *easy, const char *name)
{
    struct curl_header *h = NULL;
    if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || !h->value)
        return NULL;
    return xstrdup(h->value);
}

static CURLcode setup_easy(struct run *r, struct transfer *t)
{
    const struct fetch_config *cfg = r->cfg;
    CURL *e = t->easy;
    CURLcode rc = CURLE_OK;
    /* Fails on the first option libcurl refuses; none may be skipped silently. */
#define SET(opt, val)                                                                              \
    do {                                                                                           \
        if (rc == CURLE_OK)                                                                        \
            rc = curl_easy_setopt(e, opt, val);                                                    \
    } while (0)
    SET(CURLOPT_URL, t->req->url);
    SET(CURLOPT_PRIVATE, t);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_FOLLOWLOCATION, 1L);
    SET(CURLOPT_MAXREDIRS, (long)cfg->max_redirects);
    SET(CURLOPT_PROXY, ""); /* no proxy from the environment: the guard checks the server */
    SET(CURLOPT_ACCEPT_ENCODING, "");
    SET(CURLOPT_USERAGENT, r->user_agent);
    SET(CURLOPT_CONNECTTIMEOUT, (long)cfg->connect_timeout_s);
    SET(CURLOPT_TIMEOUT, (long)cfg->timeout_s);
    SET(CURLOPT_LOW_SPEED_LIMIT, 1L);
    SET(CURLOPT_LOW_SPEED_TIME, (long)cfg->low_speed_time_s);
    /* A declared length over the cap fails before any byte is read. The margin
     * covers compression that grows incompressible data by a few bytes. */
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)(cfg->max_body + cfg->max_body / 64 + 4 * KIB));
    SET(CURLOPT_WRITEFUNCTION, write_cb);
    SET(CURLOPT_WRITEDATA, t);
    SET(CURLOPT_OPENSOCKETFUNCTION, opensocket_cb);
    SET(CURLOPT_OPENSOCKETDATA, t);
    /* The guard runs when a socket opens, so a connection must never pass from
     * a transfer allowed private addresses to one that is not: such transfers
     * neither take a pooled connection nor leave theirs in the pool. */
    if (t->allow_private) {
        SET(CURLOPT_FRESH_CONNECT, 1L);
        SET(CURLOPT_FORBID_REUSE, 1L);
    }
    SET(CURLOPT_ERRORBUFFER, t->curl_err);
    if (header_value_ok(t->req->etag)) {
        char *h = xasprintf("If-None-Match: %s", t->req->etag);
        t->headers = curl_slist_append(t->headers, h);
        free(h);
    }
    if (header_value_ok(t->req->last_modified)) {
        char *h = xasprintf("If-Modified-Since: %s", t->req->last_modified);
        t->headers = curl_slist_append(t->headers, h);
        free(h);
    }
    for (const char *const *h = t->req->headers; h && *h; h++)
        if (header_value_ok(*h))
            t->headers = curl_slist_append(t->headers, *h);
    if (t->req->post_body) {
        SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)t->req->post_len);
        SET(CURLOPT_POSTFIELDS, t->req->post_body);
    }
    if (t->headers)
        SET(CURLOPT_HTTPHEADER, t->headers);
#undef SET
    return rc;
}

static const char *status_phrase(int status)
{
    switch (status) {
    case 400:
        return " Bad Request";
    case 401:
        return " Unauthorized";
    case 403:
        return " Forbidden";
    case 404:
        return " Not Found";
    case 410:
        return " Gone";
    case 429:
        return " Too Many Requests";
    case 500:
        return " Internal Server Error";
    case 502:
        return " Bad Gateway";
    case 503:
        return " Service Unavailable";
    case 504:
        return " Gateway Timeout";
    default:
        return "";
    }
}

/* Fills t->res from a transfer that returned an HTTP answer. */
static void take_answer(struct transfer *t)
{
    struct fetch_result *res = &t->res;
    CURL *e = t->easy;
    char *ct = NULL;
    if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
        res->content_type = xstrdup(ct);
    res->etag = response_header(e, "ETag");
    res->last_modified = response_header(e, "Last-Modified");
    char *ra = response_header(e, "Retry-After");
    if (ra && !fetch_parse_retry_after(ra, time_now(), &res->retry_after))
        res->retry_after = 0;
    free(ra);
    if (res->status == 304) {
        res->not_modified = true;
        if (!res->etag)
            res->etag = xstrdup(t->req->etag);
        if (!res->last_modified)
            res->last_modified = xstrdup(t->req->last_modified);
    } else {
        res->body_len = t->body.len;
        res->body = buf_steal(&t->body);
    }
    if (res->status >= 400) {
        res->failure = "HTTP error";
        if (res->retry_after > 0)
            set_msg(res, t->req->url, "HTTP %d%s (retry after %lld s)", res->status,
                    status_phrase(res->status), (long long)res->retry_after);
        else
            set_msg(res, t->req->url, "HTTP %d%s", res->status, status_phrase(res->status));
    }
}

static const struct {
    CURLcode rc;
    enum err err;
    const char *reason;
    const char *kind; /* fetch_result.failure */
} curl_failures[] = {
    {CURLE_URL_MALFORMAT, ERR_INVALID, "malformed URL", "malformed URL"},
    {CURLE_COULDNT_RESOLVE_HOST, ERR_NETWORK, "could not resolve the host name", "DNS"},
    {CURLE_COULDNT_RESOLVE_PROXY, ERR_NETWORK, "could not resolve the proxy", "DNS"},
    {CURLE_COULDNT_CONNECT, ERR_NETWORK, "could not connect", "connection refused"},
    {CURLE_BAD_CONTENT_ENCODING, ERR_PARSE, "could not decode the compressed body", "network"},
    {CURLE_GOT_NOTHING, ERR_NETWORK, "the server closed the connection without answering",
     "network"},
    {CURLE_SSL_CONNECT_ERROR, ERR_NETWORK, "TLS failed", "TLS"},
    {CURLE_PEER_FAILED_VERIFICATION, ERR_NETWORK, "TLS failed", "TLS"},
    {CURLE_SSL_CERTPROBLEM, ERR_NETWORK, "TLS failed", "TLS"},
    {CURLE_SSL_CIPHER, ERR_NETWORK, "TLS failed", "TLS"},
    {CURLE_SSL_CACERT_BADFILE, ERR_NETWORK, "TLS failed", "TLS"},
};

/* Fills t->res from a transfer that failed, with a reason a person understands. */
static void take_failure(struct run *r, struct transfer *t, CURLcode rc)
{
    struct fetch_result *res = &t->res;
    const struct fetch_config *cfg = r->cfg;
    const char *url = t->req->url;
    const char *detail = t->curl_err[0] ? t->curl_err : curl_easy_strerror(rc);
    res->failure = "network";
    if (t->refused[0]) {
        res->err = ERR_DENIED;
        res->failure = "address guard";
        set_msg(res, url, "%s", t->refused);
        return;
    }
    if (t->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
        char size[32], declared[32];
        size_text(cfg->max_body, size);
        char *enc = response_header(t->easy, "Content-Encoding");
        char *length = t->too_big ? NULL : response_header(t->easy, "Content-Length");
        unsigned long long declared_len = length ? strtoull(length, NULL, 10) : 0;
        res->err = ERR_LIMIT;
        res->failure = "too large";
        if (t->too_big && enc) {
            set_msg(res, url, "body larger than %s once decoded (%s)", size, enc);
        } else if (declared_len > 0) {
            /* Refused on the declared length, before reading the body. */
            size_text((size_t)declared_len, declared);
            set_msg(res, url, "body larger than %s (declared %s)", size, declared);
        } else {
            set_msg(res, url, "body larger than %s", size);
        }
        free(length);
        free(enc);
        return;
    }
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT: {
        curl_off_t connected = 0;
        long status = 0;
        res->err = ERR_TIMEOUT;
        res->failure = "timeout";
        if (strstr(t->curl_err, "too slow"))
            set_msg(res, url, "stalled: less than 1 byte/s for %d s", cfg->low_speed_time_s);
        else if (curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK &&
                 status == 0 &&
                 curl_easy_getinfo(t->easy, CURLINFO_CONNECT_TIME_T, &connected) == CURLE_OK &&
                 connected == 0)
            set_msg(res, url, "could not connect within %d s",
                    cfg->connect_timeout_s < cfg->timeout_s ? cfg->connect_timeout_s
                                                            : cfg->timeout_s);
        else
            set_msg(res, url, "timed out after %d s", cfg->timeout_s);
        return;
    }
    case CURLE_TOO_MANY_REDIRECTS:
        res->err = ERR_LIMIT;
        res->failure = "redirects";
        set_msg(res, url, "too many redirects (%d)", cfg->max_redirects);
        return;
    case CURLE_UNSUPPORTED_PROTOCOL:
        res->err = ERR_UNSUPPORTED;
        set_msg(res, url, "redirected to %.120s, which is not http or https",
                res->final_url ? res->final_url : "?");
        return;
    default:
        break;
    }
    /* The rest: what went wrong in words, then libcurl's own detail. */
    res->err = ERR_NETWORK;
    for (size_t i = 0; i < sizeof curl_failures / sizeof curl_failures[0]; i++) {
        if (curl_failures[i].rc == rc) {
            res->err = curl_failures[i].err;
            res->failure = curl_failures[i].kind;
            set_msg(res, url, "%s (%s)", curl_failures[i].reason, detail);
            return;
        }
    }
    set_msg(res, url, "%s", detail);
}

/* Hands a result to the caller and frees what the transfer held. */
static void deliver(struct run *r, struct transfer *t)
{
    r->done(t->req, &t->res, r->ctx);
    fetch_result_clear(&t->res);
    buf_clear(&t->body);
    if (t->easy) {
        curl_multi_remove_handle(r->multi, t->easy);
        curl_easy_cleanup(t->easy);
        t->easy = NULL;
    }
    curl_slist_free_all(t->headers);
    t->headers = NULL;
    t->delivered = true;
    r->finished++;
}

static void finish(struct run *r, struct transfer *t, CURLcode rc)
{
    struct fetch_result *res = &t->res;
    long status = 0;
    curl_off_t micros = 0;
    char *final = NULL;
    if (curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK)
        res->status = (int)status;
    if (curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME_T, &micros) == CURLE_OK)
        res->seconds = (double)micros / 1e6;
    if (curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &final) == CURLE_OK && final)
        res->final_url = xstrdup(final);
    if (rc == CURLE_OK)
        take_answer(t);
    else
        take_failure(r, t, rc);
    r->hosts[t->host].active--;
    r->active--;
    deliver(r, t);
}

/* Starts t now, or delivers why it could not start. Returns true when it runs. */
static bool start(struct run *r, struct transfer *t)
{
    CURLcode rc = CURLE_FAILED_INIT;
    t->easy = curl_easy_init();
    if (t->easy)
        rc = setup_easy(r, t);
    if (rc == CURLE_OK && curl_multi_add_handle(r->multi, t->easy) != CURLM_OK)
        rc = CURLE_FAILED_INIT;
    if (rc != CURLE_OK) {
        t->res.err = ERR_NETWORK;
        set_msg(&t->res, t->req->url, "could not set up the transfer (%s)", curl_easy_strerror(rc));
        deliver(r, t);
        return false;
    }
    r->hosts[t->host].active++;
    r->active++;
    return true;
}

/* Starts whatever the limits allow now. Returns how many milliseconds until a
 * host's interval lets the next transfer start, or -1 when only a finishing
 * transfer can unblock more (or nothing is queued). */
static int64_t schedule(struct run *r, int64_t now)
{
    const struct fetch_config *cfg = r->cfg;
    int64_t wait = -1;
    for (size_t k = 0; k < r->nhosts && r->active < cfg->max_parallel; k++) {
        struct host *h = &r->hosts[(r->cursor + k) % r->nhosts];
        while (h->head && h->active < cfg->max_per_host && r->active < cfg->max_parallel) {
            int64_t due = h->started ? h->last_start_ms + cfg->min_host_interval_ms : now;
            if (due > now) {
                if (wait < 0 || due - now < wait)
                    wait = due - now;
                break;
            }
            h->started = true;
            h->last_start_ms = now;
            struct transfer *t = h->head;
            if (!(h->head = t->next))
                h->tail = NULL;
            r->queued--;
            start(r, t);
        }
    }
    if (r->nhosts)
        r->cursor = (r->cursor + 1) % r->nhosts;
    return wait;
}

/* Delivers every transfer libcurl reports done. Returns how many. */
static size_t drain(struct run *r)
{
    size_t count = 0;
    int left;
    CURLMsg *m;
    while ((m = curl_multi_info_read(r->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        char *priv = NULL;
        CURLcode rc = m->data.result;
        /* Every handle in the multi is ours and carries its transfer. */
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
        finish(r, (struct transfer *)priv, rc);
        count++;
    }
    return count;
}

/* libcurl's multi handle broke: everything not delivered fails with why. */
static void abandon(struct run *r, const char *why)
{
    for (size_t i = 0; i < r->n; i++) {
        struct transfer *t = r->t[i];
        if (t->delivered)
            continue;
        t->res.err = ERR_NETWORK;
        set_msg(&t->res, t->req->url, "transfer abandoned (%s)", why);
        deliver(r, t);
    }
    for (size_t h = 0; h < r->nhosts; h++)
        r->hosts[h].head = r->hosts[h].tail = NULL;
    r->queued = 0;
    r->more = NULL; /* nothing more is taken on a broken handle */
}

/* Takes req into the run: delivers at once what cannot be fetched at all,
 * queues the rest behind the earlier requests to the same host. */
static void take(struct run *r, const struct fetch_request *req)
{
    struct transfer *t = xcalloc(1, sizeof *t);
    t->req = req;
    t->allow_private = r->cfg->allow_private || req->allow_private;
    buf_init(&t->body, r->cfg->max_body);
    r->t = xgrow(r->t, r->n, &r->cap, sizeof *r->t, 16);
    r->t[r->n++] = t;
    const char *url = req->url ? req->url : "(no URL)";
    if (!url_is_http(req->url)) {
        t->res.err = ERR_UNSUPPORTED;
        set_msg(&t->res, url, "not an http or https URL");
        deliver(r, t);
        return;
    }
    char *name = url_host(url);
    if (!name) {
        t->res.err = ERR_INVALID;
        set_msg(&t->res, url, "malformed URL (no host)");
        deliver(r, t);
        return;
    }
    size_t h = 0;
    while (h < r->nhosts && strcmp(r->hosts[h].name, name))
        h++;
    if (h == r->nhosts) {
        r->hosts = xgrow(r->hosts, r->nhosts, &r->hosts_cap, sizeof *r->hosts, 8);
        r->hosts[r->nhosts++] = (struct host){.name = name};
    } else {
        free(name);
    }
    t->host = h;
    struct host *host = &r->hosts[h];
    if (host->tail)
        host->tail->next = t;
    else
        host->head = t;
    host->tail = t;
    r->queued++;
}

/* Asks the caller for more work while the queue is shorter than the
 * transfers that may run at once: enough waits to fill every free slot, and
 * no more is taken (and leased by the caller) than can start soon. */
static void refill(struct run *r)
{
    size_t want = 2 * (size_t)r->cfg->max_parallel;
    while (r->more && r->queued + (size_t)r->active < want) {
        const struct fetch_request *reqs[256];
        size_t room = want - (r->queued + (size_t)r->active);
        if (room > 256)
            room = 256;
        size_t got = r->more(r->ctx, reqs, room);
        if (got == 0)
            return;
        if (got > room)
            got = room;
        for (size_t i = 0; i < got; i++)
            take(r, reqs[i]);
    }
}

static enum err check_config(const struct fetch_config *cfg, struct errbuf *eb)
{
    if (cfg->max_body == 0 || cfg->max_body > BUF_UNLIMITED / 2)
        return errf(eb, ERR_INVALID, "fetch: max_body must be between 1 byte and %zu bytes",
                    BUF_UNLIMITED / 2);
    if (cfg->max_parallel < 1 || cfg->max_per_host < 1)
        return errf(eb, ERR_INVALID, "fetch: max_parallel and max_per_host must be at least 1");
    if (cfg->connect_timeout_s < 1 || cfg->timeout_s < 1 || cfg->low_speed_time_s < 1)
        return errf(eb, ERR_INVALID, "fetch: timeouts must be at least 1 s");
    if (cfg->max_redirects < 0 || cfg->min_host_interval_ms < 0)
        return errf(eb, ERR_INVALID,
                    "fetch: max_redirects and min_host_interval_ms must not be negative");
    return ERR_OK;
}

/* Fetches reqs and what more() hands over while they run (either may be
 * empty), then returns. */
static enum err run_all(const struct fetch_config *cfg, const struct fetch_request *reqs,
                        size_t n, fetch_more_fn more, fetch_done_fn done, void *ctx,
                        struct errbuf *eb)
{
    enum err err = check_config(cfg, eb);
    if (!err && !done)
        err = errf(eb, ERR_INVALID, "fetch: no done callback");
    if (err || (n == 0 && !more))
        return err;
    /* Reference-counted, and thread-safe in the libcurl we build against. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return errf(eb, ERR_NETWORK, "fetch: libcurl could not initialise");
    struct run r = {
        .cfg = cfg,
        .user_agent = cfg->user_agent ? cfg->user_agent : "omnibus/" OMNIBUS_VERSION,
        .multi = curl_multi_init(),
        .more = more,
        .done = done,
        .ctx = ctx,
    };
    if (!r.multi) {
        err = errf(eb, ERR_NETWORK, "fetch: libcurl could not create a multi handle");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        take(&r, &reqs[i]);
    refill(&r);
    while (r.finished < r.n) {
        int64_t wait = schedule(&r, time_mono_ms());
        int running = 0;
        CURLMcode mc = curl_multi_perform(r.multi, &running);
        if (drain(&r) > 0) {
            refill(&r);
            continue; /* freed slots: schedule again before sleeping */
        }
        if (mc == CURLM_OK && r.finished < r.n)
            mc = curl_multi_poll(r.multi, NULL, 0,
                                 wait < 0 || wait > POLL_MAX_MS ? POLL_MAX_MS : (int)wait, NULL);
        if (mc != CURLM_OK)
            abandon(&r, curl_multi_strerror(mc));
        if (r.finished == r.n)
            refill(&r); /* requests refused before they started: ask again */
    }
out:
    for (size_t h = 0; h < r.nhosts; h++)
        free(r.hosts[h].name);
    free(r.hosts);
    for (size_t i = 0; i < r.n; i++)
        free(r.t[i]);
    free(r.t);
    if (r.multi)
        curl_multi_cleanup(r.multi);
    curl_global_cleanup();
    return err;
}

enum err fetch_all(const struct fetch_config *cfg, const struct fetch_request *reqs, size_t n,
                   fetch_done_fn done, void *ctx, struct errbuf *eb)
{
    return run_all(cfg, reqs, n, NULL, done, ctx, eb);
}

enum err fetch_stream(const struct fetch_config *cfg, fetch_more_fn more, fetch_done_fn done,
                      void *ctx, struct errbuf *eb)
{
    if (!more)
        return errf(eb, ERR_INVALID, "fetch: no more callback");
    return run_all(cfg, NULL, 0, more, done, ctx, eb);
}

static void keep_one(const struct fetch_request *req, struct fetch_result *res, void *ctx)
{
    (void)req;
    struct fetch_result *out = ctx;
    *out = *res;
    memset(res, 0, sizeof *res);
}

void fetch_one(const struct fetch_config *cfg, const struct fetch_request *req,
               struct fetch_result *res)
{
    memset(res, 0, sizeof *res);
    struct errbuf eb = {{0}};
    enum err err = fetch_all(cfg, req, 1, keep_one, res, &eb);
    if (err) {
        res->err = err;
        set_msg(res, req->url ? req->url : "(no URL)", "%s", err_msg(&eb, err));
    }
}
