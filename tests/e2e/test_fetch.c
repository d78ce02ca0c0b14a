/* The fetcher against a real HTTP server on 127.0.0.1 (tests/fixtures/feedserver.py)
 * serving the feed-rs corpus feeds: concurrency and politeness, conditional GET,
 * gzip, size caps and a gzip bomb, redirects, timeouts, error statuses with
 * Retry-After, the address guard and refused schemes. Every wait is bounded by
 * the fetch timeouts the tests configure. */
#include <arpa/inet.h>
#include <dirent.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "fetch/fetch.h"
#include "testlib.h"

#define FEEDS "feed-rs-fixtures/fixture"

struct env {
    struct feedserver fs;
    char *root;
};

static int setup(void **state)
{
    struct env *e = xcalloc(1, sizeof *e);
    e->root = corpus_path(FEEDS);
    feedserver_start(&e->fs, e->root);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    if (!e)
        return 0; /* setup failed */
    feedserver_stop(&e->fs);
    free(e->root);
    free(e);
    return 0;
}

/* Defaults, but allowed to reach the loopback server and with no interval. */
static struct fetch_config test_config(void)
{
    struct fetch_config cfg;
    fetch_config_default(&cfg);
    cfg.allow_private = true;
    cfg.min_host_interval_ms = 0;
    cfg.timeout_s = 20;
    return cfg;
}

static char *url_of(const struct env *e, const char *path)
{
    return xasprintf("%s%s", e->fs.base, path);
}

static void get(const struct fetch_config *cfg, const char *url, struct fetch_result *res)
{
    struct fetch_request req = {.url = url};
    fetch_one(cfg, &req, res);
}

static void get_path(const struct env *e, const struct fetch_config *cfg, const char *path,
                     struct fetch_result *res)
{
    char *url = url_of(e, path);
    get(cfg, url, res);
    free(url);
}

static json_t *server_stats(const struct env *e, bool reset)
{
    struct fetch_config cfg = test_config();
    struct fetch_result res;
    get_path(e, &cfg, reset ? "/stats/reset" : "/stats", &res);
    if (res.err || res.status != 200)
        fail_msg("stats: %s", res.errmsg);
    json_error_t jerr;
    json_t *j = json_loads(res.body, 0, &jerr);
    fetch_result_clear(&res);
    assert_non_null(j);
    return j;
}

static json_int_t stat_in(json_t *stats, const char *object, const char *key)
{
    return json_integer_value(json_object_get(json_object_get(stats, object), key));
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!haystack || !strstr(haystack, needle))
        fail_msg("expected \"%s\" in \"%s\"", needle, haystack ? haystack : "(null)");
}

/* Fetches path and checks how it went: err, status (-1: any) and a part of
 * the message (NULL: any). The result is left in res for further checks. */
static void expect(const struct env *e, const struct fetch_config *cfg, const char *path,
                   enum err err, int status, const char *says, struct fetch_result *res)
{
    get_path(e, cfg, path, res);
    if (res->err != err || (status >= 0 && res->status != status))
        fail_msg("%s: err %s status %d (%s), expected err %s status %d", path, err_name(res->err),
                 res->status, res->errmsg, err_name(err), status);
    if (says)
        assert_contains(res->errmsg, says);
    if (err)
        assert_null(res->body);
}

/* --- many feeds at once ------------------------------------------------- */

struct item {
    char *rel; /* path under the corpus folder */
    char *url;
    int calls;
    enum err err;
    int status;
    bool same_body;
    bool has_validators;
};

struct batch {
    const struct env *e;
    struct item *items;
    size_t n;
};

static void collect_feeds(const struct env *e, struct batch *b)
{
    const char *dirs[] = {"atom", "rss0", "rss1", "rss2", "jsonfeed"};
    b->items = xcalloc(256, sizeof *b->items);
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        char *dir = xasprintf("%s/%s", e->root, dirs[d]);
        DIR *h = opendir(dir);
        assert_non_null(h);
        struct dirent *de;
        while ((de = readdir(h)) && b->n < 256) {
            size_t len = strlen(de->d_name);
            bool feed = (len > 4 && !strcmp(de->d_name + len - 4, ".xml")) ||
                        (len > 5 && !strcmp(de->d_name + len - 5, ".json") &&
                         !strstr(de->d_name, ".serde."));
            if (feed)
                b->items[b->n++].rel = xasprintf("%s/%s", dirs[d], de->d_name);
        }
        closedir(h);
        free(dir);
    }
}

static void batch_done(const struct fetch_request *req, struct fetch_result *res, void *ctx)
{
    struct batch *b = ctx;
    struct item *it = req->user;
    it->calls++;
    it->err = res->err;
    it->status = res->status;
    it->has_validators = res->etag && res->last_modified && res->content_type;
    char *path = xasprintf("%s/%s", b->e->root, it->rel);
    size_t len = 0;
    char *want = read_file(path, &len);
    it->same_body = want && res->body && res->body_len == len && !memcmp(want, res->body, len);
    free(want);
    free(path);
}

static void many_feeds_concurrently(void **state)
{
    struct env *e = *state;
    struct batch b = {.e = e};
    collect_feeds(e, &b);
    assert_true(b.n >= 40);
    /* Two host names for the one server: the per-host limit applies to each. */
    struct fetch_request *reqs = xcalloc(b.n, sizeof *reqs);
    for (size_t i = 0; i < b.n; i++) {
        b.items[i].url = xasprintf("http://%s:%d/%s?delay_ms=200",
                                   i % 2 ? "localhost" : "127.0.0.1", e->fs.port, b.items[i].rel);
        reqs[i] = (struct fetch_request){.url = b.items[i].url, .user = &b.items[i]};
    }
    json_decref(server_stats(e, true));
    struct fetch_config cfg = test_config();
    cfg.max_per_host = 3;
    struct errbuf eb = {{0}};
    assert_int_equal(fetch_all(&cfg, reqs, b.n, batch_done, &b, &eb), ERR_OK);
    for (size_t i = 0; i < b.n; i++) {
        struct item *it = &b.items[i];
        if (it->calls != 1 || it->err || it->status != 200 || !it->same_body || !it->has_validators)
            fail_msg("%s: calls %d err %d status %d same body %d validators %d", it->url, it->calls,
                     it->err, it->status, it->same_body, it->has_validators);
    }
    json_t *stats = server_stats(e, false);
    char *h1 = xasprintf("127.0.0.1:%d", e->fs.port), *h2 = xasprintf("localhost:%d", e->fs.port);
    json_int_t m1 = stat_in(stats, "max_in_flight_by_host", h1);
    json_int_t m2 = stat_in(stats, "max_in_flight_by_host", h2);
    json_int_t all = json_integer_value(json_object_get(stats, "max_in_flight"));
    print_message("feeds %zu, max in flight: %s %lld, %s %lld, all %lld\n", b.n, h1, (long long)m1,
                  h2, (long long)m2, (long long)all);
    /* Never more than three to one host; transfers did overlap, across hosts too. */
    assert_true(m1 >= 2 && m1 <= 3);
    assert_true(m2 >= 2 && m2 <= 3);
    assert_true(all > 3);
    assert_int_equal(json_integer_value(json_object_get(stats, "requests")), (json_int_t)b.n);
    json_decref(stats);
    free(h1);
    free(h2);
    for (size_t i = 0; i < b.n; i++) {
        free(b.items[i].rel);
        free(b.items[i].url);
    }
    free(b.items);
    free(reqs);
}

/* --- politeness: the interval between starts to one host ----------------- */

struct order {
    int seq;
    int done_at[8];
};

static void order_done(const struct fetch_request *req, struct fetch_result *res, void *ctx)
{
    struct order *o = ctx;
    int slot = (int)(intptr_t)req->user;
    o->done_at[slot] = o->seq++;
    if (res->err || res->status != 200)
        fail_msg("%s: %s", req->url, res->errmsg);
}

static void host_interval_does_not_hold_up_other_hosts(void **state)
{
    struct env *e = *state;
    /* Three to 127.0.0.1 (700 ms apart at least), one to localhost. */
    char *a = url_of(e, "/echo-headers");
    char *b = xasprintf("http://localhost:%d/echo-headers", e->fs.port);
    struct fetch_request reqs[] = {
        {.url = a, .user = (void *)0},
        {.url = a, .user = (void *)1},
        {.url = a, .user = (void *)2},
        {.url = b, .user = (void *)3},
    };
    struct fetch_config cfg = test_config();
    cfg.min_host_interval_ms = 700;
    cfg.max_per_host = 4;
    struct order o;
    memset(&o, 0, sizeof o);
    struct errbuf eb = {{0}};
    int64_t t0 = time_mono_ms();
    assert_int_equal(fetch_all(&cfg, reqs, 4, order_done, &o, &eb), ERR_OK);
    int64_t elapsed = time_mono_ms() - t0;
    /* Starts to 127.0.0.1 at 0, 700 and 1400 ms: the batch cannot end sooner. */
    assert_true(elapsed >= 1400);
    /* localhost started at once, not behind 127.0.0.1's wait. */
    assert_true(o.done_at[3] < o.done_at[1]);
    assert_true(o.done_at[0] < o.done_at[1] && o.done_at[1] < o.done_at[2]);
    free(a);
    free(b);
}

/* --- streaming: work found while other work runs ------------------------ */

struct stream {
    char *urls[32];
    size_t n, next;
    size_t asks, most_asked, fast_done;
    bool slow_done, fast_after_slow;
};

static size_t stream_more(void *ctx, const struct fetch_request **reqs, size_t room)
{
    static struct fetch_request pool[32];
    struct stream *st = ctx;
    st->asks++;
    if (room > st->most_asked)
        st->most_asked = room;
    size_t k = 0;
    /* One at a time, as sources fall due one by one. */
    if (k < room && st->next < st->n) {
        pool[st->next] = (struct fetch_request){.url = st->urls[st->next],
                                                .user = (void *)(intptr_t)st->next};
        reqs[k++] = &pool[st->next++];
    }
    return k;
}

static void stream_done(const struct fetch_request *req, struct fetch_result *res, void *ctx)
{
    struct stream *st = ctx;
    if (res->err || res->status != 200)
        fail_msg("%s: %s", req->url, res->errmsg);
    if ((intptr_t)req->user == 0)
        st->slow_done = true;
    else {
        st->fast_done++;
        st->fast_after_slow |= st->slow_done;
    }
}

/* A slow server holds up its own transfer only: the work handed over after
 * it (31 quick answers, given one per ask) runs while it waits, and the run
 * never asks for more than twice the transfers that may run at once. */
static void stream_slow_holds_only_its_slot(void **state)
{
    struct env *e = *state;
    struct stream st = {.n = 32};
    st.urls[0] = url_of(e, "/echo-headers?delay_ms=3000");
    for (size_t i = 1; i < st.n; i++)
        st.urls[i] = url_of(e, "/echo-headers?delay_ms=20");
    struct fetch_config cfg = test_config();
    cfg.max_parallel = 4;
    cfg.max_per_host = 4;
    struct errbuf eb = {{0}};
    assert_int_equal(fetch_stream(&cfg, stream_more, stream_done, &st, &eb), ERR_OK);
    assert_true(st.slow_done);
    assert_int_equal(st.fast_done, 31);
    assert_false(st.fast_after_slow);
    assert_true(st.asks > st.n); /* asked again as transfers ended, and once more at the end */
    assert_true(st.most_asked <= 8);
    for (size_t i = 0; i < st.n; i++)
        free(st.urls[i]);
}

/* --- conditional GET ----------------------------------------------------- */

static void conditional_get(void **state)
{
    struct env *e = *state;
    struct fetch_config cfg = test_config();
    char *url = url_of(e, "/rss2/rss_2.0_bbc.xml");
    json_decref(server_stats(e, true));
    struct fetch_result first, again, by_date, changed;
    get(&cfg, url, &first);
    assert_int_equal(first.err, ERR_OK);
    assert_int_equal(first.status, 200);
    assert_false(first.not_modified);
    assert_non_null(first.etag);
    assert_non_null(first.last_modified);
    assert_string_equal(first.content_type, "application/xml");
    assert_string_equal(first.final_url, url);
    assert_contains(first.body, "<rss");

    struct fetch_request req = {.url = url, .etag = first.etag};
    fetch_one(&cfg, &req, &again);
    assert_int_equal(again.err, ERR_OK);
    assert_int_equal(again.status, 304);
    assert_true(again.not_modified);
    assert_null(again.body);
    assert_string_equal(again.etag, first.etag);

    req = (struct fetch_request){.url = url, .last_modified = first.last_modified};
    fetch_one(&cfg, &req, &by_date);
    assert_int_equal(by_date.status, 304);
    assert_true(by_date.not_modified);
    assert_string_equal(by_date.last_modified, first.last_modified);

    req = (struct fetch_request){.url = url, .etag = "W/\"not-the-current-one\""};
    fetch_one(&cfg, &req, &changed);
    assert_int_equal(changed.status, 200);
    assert_false(changed.not_modified);
    assert_int_equal(changed.body_len, first.body_len);

    json_t *stats = server_stats(e, false);
    assert_int_equal(stat_in(stats, "responses_by_status", "304"), 2);
    assert_int_equal(stat_in(stats, "responses_by_status", "200"), 2);
    json_decref(stats);
    fetch_result_clear(&first);
    fetch_result_clear(&again);
    fetch_result_clear(&by_date);
    fetch_result_clear(&changed);
    free(url);
}

/* What the server saw: compression offered, our User-Agent, validators only when clean. */
static void request_headers(void **state)
{
    struct env *e = *state;
    struct fetch_config cfg = test_config();
    char *url = url_of(e, "/echo-headers");
    struct fetch_request req = {
        .url = url, .etag = "\"abc\"", .last_modified = "Sat, 23 Mar 2024 10:00:00 GMT"};
    struct fetch_result res;
    fetch_one(&cfg, &req, &res);
    assert_int_equal(res.status, 200);
    json_t *j = json_loads(res.body, 0, NULL);
    json_t *h = json_object_get(j, "headers");
    assert_contains(json_string_value(json_object_get(h, "Accept-Encoding")), "gzip");
    assert_contains(json_string_value(json_object_get(h, "User-Agent")), "omnibus/");
    assert_string_equal(json_string_value(json_object_get(h, "If-None-Match")), "\"abc\"");
    assert_string_equal(json_string_value(json_object_get(h, "If-Modified-Since")),
                        "Sat, 23 Mar 2024 10:00:00 GMT");
    json_decref(j);
    fetch_result_clear(&res);

    /* A stored validator with a line break must not inject a header. */
    req = (struct fetch_request){.url = url, .etag = "\"x\"\r\nX-Injected: 1"};
    fetch_one(&cfg, &req, &res);
    j = json_loads(res.body, 0, NULL);
    h = json_object_get(j, "headers");
    assert_null(json_object_get(h, "X-Injected"));
    assert_null(json_object_get(h, "If-None-Match"));
    json_decref(j);
    fetch_result_clear(&res);
    free(url);
}

/* --- caps ---------------------------------------------------------------- */

static void size_caps(void **state)
{
    struct env *e = *state;
    struct fetch_config cfg = test_config();
    struct fetch_result res;
    /* A declared length over the cap is refused before the body is read... */
    expect(e, &cfg, "/big", ERR_LIMIT, 200, "/big: body larger than 8 MiB (declared 50 MiB)", &res);
    fetch_result_clear(&res);
    /* ...and an undeclared one once the cap is reached. */
    expect(e, &cfg, "/big?chunked=1", ERR_LIMIT, 200, NULL, &res);
    assert_string_equal(strstr(res.errmsg, "/big"), "/big?chunked=1: body larger than 8 MiB");
    fetch_result_clear(&res);
    expect(e, &cfg, "/bomb", ERR_LIMIT, 200, "/bomb: body larger than 8 MiB once decoded (gzip)",
           &res);
    fetch_result_clear(&res);

    /* The cap counts decoded bytes: this feed is 3575 bytes plain, far less gzipped. */
    cfg.max_body = 2000;
    expect(e, &cfg, "/rss2/rss_2.0_bbc.xml", ERR_LIMIT, 200,
           "body larger than 2000 bytes once decoded (gzip)", &res);
    fetch_result_clear(&res);
    cfg.max_body = 4 * 1024;
    expect(e, &cfg, "/rss2/rss_2.0_bbc.xml", ERR_OK, 200, NULL, &res);
    assert_int_equal(res.body_len, 3575);
    fetch_result_clear(&res);
}

/* --- redirects and schemes ------------------------------------------------ */

static void redirects(void **state)
{
    struct env *e = *state;
    struct fetch_config cfg = test_config();
    struct fetch_result res;
    expect(e, &cfg, "/redirect/4?to=/atom/atom_spec_1.xml", ERR_OK, 200, NULL, &res);
    char *want = url_of(e, "/atom/atom_spec_1.xml");
    assert_string_equal(res.final_url, want);
    free(want);
    assert_contains(res.body, "<feed");
    fetch_result_clear(&res);

    expect(e, &cfg, "/redirect/5", ERR_OK, 200, NULL, &res); /* five are allowed */
    fetch_result_clear(&res);
    expect(e, &cfg, "/redirect/6", ERR_LIMIT, 302, "/redirect/6: too many redirects (5)", &res);
    fetch_result_clear(&res);
    expect(e, &cfg, "/loop", ERR_LIMIT, 302, "/loop: too many redirects (5)", &res);
    fetch_result_clear(&res);
    cfg.max_redirects = 0;
    expect(e, &cfg, "/redirect/1", ERR_LIMIT, 302, "too many redirects (0)", &res);
    fetch_result_clear(&res);
}

static void schemes_refused(void **state)
{
    struct env *e = *state;
    struct fetch_config cfg = test_config();
    struct fetch_result res;
    const char *urls[] = {"file:///etc/passwd",
                          "ftp://127.0.0.1/",
                          "gopher://127.0.0.1/",
                          "javascript:alert(1)",
                          "dict://127.0.0.1:11211/stat",
                          "/relative/path",
                          ""};
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        get(&cfg, urls[i], &res);
        assert_int_equal(res.err, ERR_UNSUPPORTED);
        assert_contains(res.errmsg, "not an http or https URL");
        assert_int_equal(res.status, 0);
        fetch_result_clear(&res);
    }
    const char *targets[] = {"file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"};
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        char *path = xasprintf("/redirect-to?url=%s", targets[i]);
        get_path(e, &cfg, path, &res);
        assert_int_equal(res.err, ERR_UNSUPPORTED);
        assert_contains(res.errmsg, "which is not http or https");
        assert_null(res.body);
        fetch_result_clear(&res);
        free(path);
    }
}

/* --- time limits ---------------------------------------------------------- */

static void timeouts(void **state)
{
    struct env *e = *state;
    struct fetch_config cfg = test_config();
    struct fetch_result res;
    cfg.timeout_s = 1; /* the whole transfer */
    expect(e, &cfg, "/stall", ERR_TIMEOUT, 200, "/stall: timed out after 1 s", &res);
    fetch_result_clear(&res);

    cfg.timeout_s = 20; /* silence */
    cfg.low_speed_time_s = 1;
    expect(e, &cfg, "/stall", ERR_TIMEOUT, 200, "/stall: stalled: less than 1 byte/s for 1 s",
           &res);
    fetch_result_clear(&res);

    /* A drip is never silent, so only the total limit ends it. */
    cfg.timeout_s = 2;
    expect(e, &cfg, "/slow-drip?bytes=100&interval_ms=100", ERR_TIMEOUT, 200, "timed out after 2 s",
           &res);
    fetch_result_clear(&res);
}

/* --- statuses ------------------------------------------------------------- */

static void error_statuses(void **state)
{
    struct env *e = *state;
    struct fetch_config cfg = test_config();
    struct fetch_result res;
    /* An answer came, so no error, but the message says what it was. */
    expect(e, &cfg, "/status/500", ERR_OK, 500, "/status/500: HTTP 500 Internal Server Error",
           &res);
    assert_int_equal(res.retry_after, 0);
    assert_contains(res.body, "status 500");
    fetch_result_clear(&res);

    expect(e, &cfg, "/status/429", ERR_OK, 429, "HTTP 429 Too Many Requests (retry after 120 s)",
           &res);
    assert_int_equal(res.retry_after, 120);
    fetch_result_clear(&res);

    /* 503 with an HTTP date 120 s ahead (whole seconds, so a little less). */
    expect(e, &cfg, "/status/503", ERR_OK, 503, "HTTP 503 Service Unavailable (retry after", &res);
    assert_in_range(res.retry_after, 100, 121);
    fetch_result_clear(&res);

    expect(e, &cfg, "/status/429?retry-after=", ERR_OK, 429, NULL, &res);
    assert_int_equal(res.retry_after, 0);
    fetch_result_clear(&res);

    expect(e, &cfg, "/no/such/feed.xml", ERR_OK, 404, "HTTP 404 Not Found", &res);
    fetch_result_clear(&res);
}

static void connection_refused(void **state)
{
    (void)state;
    /* A port that was free a moment ago: nothing listens there. */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&a, &len), 0);
    close(s);
    char *url = xasprintf("http://127.0.0.1:%d/feed.xml", ntohs(a.sin_port));
    struct fetch_config cfg = test_config();
    struct fetch_result res;
    get(&cfg, url, &res);
    assert_int_equal(res.err, ERR_NETWORK);
    assert_int_equal(res.status, 0);
    assert_contains(res.errmsg, url);
    fetch_result_clear(&res);
    free(url);
}

/* --- the address guard ----------------------------------------------------- */

static void guard_refuses_loopback(void **state)
{
    struct env *e = *state;
    struct fetch_config cfg = test_config();
    cfg.allow_private = false;
    json_decref(server_stats(e, true));
    struct {
        const char *host;
        const char *says;
    } cases[] = {
        {"127.0.0.1", "refused: 127.0.0.1 is a loopback address"},
        /* A name: what it resolves to is what is checked. */
        {"localhost", "is a loopback address"},
        {"[::1]", "refused: ::1 is a loopback address"},
        {"[::ffff:127.0.0.1]", "refused: ::ffff:127.0.0.1 is a loopback address"},
        {"0.0.0.0", "refused: 0.0.0.0 is an unspecified (this-host) address"},
    };
    struct fetch_result res;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *url = xasprintf("http://%s:%d/status/204", cases[i].host, e->fs.port);
        get(&cfg, url, &res);
        assert_int_equal(res.err, ERR_DENIED);
        assert_contains(res.errmsg, cases[i].says);
        assert_int_equal(res.status, 0);
        fetch_result_clear(&res);
        free(url);
    }
    json_t *stats = server_stats(e, false);
    assert_int_equal(stat_in(stats, "requests_by_path", "/status/204"),
                     0); /* nothing got through */
    json_decref(stats);

    /* Allowed by the request, then by the config. */
    char *url = url_of(e, "/status/204");
    struct fetch_request req = {.url = url, .allow_private = true};
    fetch_one(&cfg, &req, &res);
    assert_int_equal(res.err, ERR_OK);
    assert_int_equal(res.status, 204);
    fetch_result_clear(&res);
    cfg.allow_private = true;
    get(&cfg, url, &res);
    assert_int_equal(res.status, 204);
    fetch_result_clear(&res);
    stats = server_stats(e, false);
    assert_int_equal(stat_in(stats, "requests_by_path", "/status/204"), 2);
    json_decref(stats);
    free(url);
}

/* In one batch, requests that cannot run at all are answered too, once each. */
struct mixed {
    int calls[5];
    enum err err[5];
    int status[5];
};

static void mixed_done(const struct fetch_request *req, struct fetch_result *res, void *ctx)
{
    struct mixed *m = ctx;
    int slot = (int)(intptr_t)req->user;
    m->calls[slot]++;
    m->err[slot] = res->err;
    m->status[slot] = res->status;
}

static void mixed_batch(void **state)
{
    struct env *e = *state;
    char *ok = url_of(e, "/rss1/rss_1.0_debian.xml");
    char *missing = url_of(e, "/status/404");
    struct fetch_request reqs[] = {
        {.url = "mailto:someone@example.org", .user = (void *)0},
        {.url = ok, .user = (void *)1},
        {.url = NULL, .user = (void *)2},
        {.url = missing, .user = (void *)3},
        {.url = "http://", .user = (void *)4},
    };
    struct mixed m;
    memset(&m, 0, sizeof m);
    struct fetch_config cfg = test_config();
    struct errbuf eb = {{0}};
    assert_int_equal(fetch_all(&cfg, reqs, 5, mixed_done, &m, &eb), ERR_OK);
    for (int i = 0; i < 5; i++)
        assert_int_equal(m.calls[i], 1);
    assert_int_equal(m.err[0], ERR_UNSUPPORTED);
    assert_int_equal(m.err[1], ERR_OK);
    assert_int_equal(m.status[1], 200);
    assert_int_equal(m.err[2], ERR_UNSUPPORTED);
    assert_int_equal(m.err[3], ERR_OK);
    assert_int_equal(m.status[3], 404);
    assert_int_equal(m.err[4], ERR_INVALID);

    /* A config that cannot work is refused before anything runs. */
    cfg.timeout_s = 0;
    memset(&m, 0, sizeof m);
    assert_int_equal(fetch_all(&cfg, reqs, 5, mixed_done, &m, &eb), ERR_INVALID);
    assert_contains(eb.msg, "timeouts must be at least 1 s");
    assert_int_equal(m.calls[1], 0);
    free(ok);
    free(missing);
}

/* A connection opened for a request allowed private addresses must not carry a
 * request that is not: in one batch, on one host, allowed first. */
static void guard_holds_across_pooled_connections(void **state)
{
    struct env *e = *state;
    struct fetch_config cfg = test_config();
    cfg.allow_private = false;
    cfg.max_per_host = 1; /* one after the other, so the second could reuse the first's */
    char *url = url_of(e, "/status/204");
    struct fetch_request reqs[3] = {
        {.url = url, .allow_private = true, .user = (void *)(intptr_t)0},
        {.url = url, .allow_private = false, .user = (void *)(intptr_t)1},
        {.url = url, .allow_private = true, .user = (void *)(intptr_t)2},
    };
    struct mixed m = {0};
    json_decref(server_stats(e, true));
    assert_int_equal(fetch_all(&cfg, reqs, 3, mixed_done, &m, NULL), ERR_OK);
    assert_int_equal(m.status[0], 204);
    assert_int_equal(m.err[1], ERR_DENIED);
    assert_int_equal(m.status[2], 204);
    json_t *stats = server_stats(e, false);
    assert_int_equal(stat_in(stats, "requests_by_path", "/status/204"), 2);
    json_decref(stats);
    free(url);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(many_feeds_concurrently),
        cmocka_unit_test(host_interval_does_not_hold_up_other_hosts),
        cmocka_unit_test(stream_slow_holds_only_its_slot),
        cmocka_unit_test(conditional_get),
        cmocka_unit_test(request_headers),
        cmocka_unit_test(size_caps),
        cmocka_unit_test(redirects),
        cmocka_unit_test(schemes_refused),
        cmocka_unit_test(timeouts),
        cmocka_unit_test(error_statuses),
        cmocka_unit_test(connection_refused),
        cmocka_unit_test(guard_refuses_loopback),
        cmocka_unit_test(mixed_batch),
        cmocka_unit_test(guard_holds_across_pooled_connections),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
