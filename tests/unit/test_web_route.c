/* The router and the query parser, on the shapes the site has; the real route
 * table (topics, their feeds, the search and topics API); language negotiation
 * and the phrase table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "web/handler.h"
#include "web/lang.h"
#include "web/route.h"

static const struct route table[] = {
    {"/", HTTP_GET, ROUTE_PAGE, NULL, NULL, NULL},
    {"/story/{id-slug}", HTTP_GET, ROUTE_PAGE, NULL, NULL, NULL},
    {"/story/{id}/feed.atom", HTTP_GET, ROUTE_PAGE, NULL, NULL, NULL},
    {"/topic/{id}", HTTP_GET, ROUTE_PAGE, NULL, NULL, NULL},
    {"/search", HTTP_GET, ROUTE_PAGE, NULL, NULL, NULL},
    {"/api/sources", HTTP_GET | HTTP_POST, ROUTE_ADMIN, NULL, NULL, NULL},
    {"/api/sources/{id}", HTTP_DELETE, ROUTE_ADMIN, NULL, NULL, NULL},
};
#define N (sizeof table / sizeof table[0])

static enum route_status route(const char *method, const char *target, struct route_result *r)
{
    return route_request(table, N, method, target, r);
}

static void expect(const char *method, const char *target, enum route_status want, size_t index,
                   int64_t id)
{
    struct route_result r;
    enum route_status got = route(method, target, &r);
    if (got != want)
        fail_msg("%s %s: status %d, expected %d", method, target, got, want);
    if (want == ROUTE_FOUND) {
        assert_int_equal(r.index, index);
        if (id)
            assert_int_equal(r.ids[0], id);
    }
    route_result_clear(&r);
}

static void paths(void **state)
{
    (void)state;
    expect("GET", "/", ROUTE_FOUND, 0, 0);
    expect("HEAD", "/", ROUTE_FOUND, 0, 0);
    expect("GET", "/story/42", ROUTE_FOUND, 1, 42);
    expect("GET", "/story/42-regeringen-avgar", ROUTE_FOUND, 1, 42);
    expect("GET", "/story/42-%C3%A5r", ROUTE_FOUND, 1, 42);
    expect("GET", "/story/42/feed.atom", ROUTE_FOUND, 2, 42);
    expect("GET", "/topic/7", ROUTE_FOUND, 3, 7);
    expect("GET", "/search?q=x", ROUTE_FOUND, 4, 0);
    /* One URL per page: no leading zeros, no dangling dash, no trailing slash. */
    expect("GET", "/story/042", ROUTE_NOT_FOUND, 0, 0);
    expect("GET", "/story/0", ROUTE_NOT_FOUND, 0, 0);
    expect("GET", "/story/42-", ROUTE_NOT_FOUND, 0, 0);
    expect("GET", "/topic/7-slug", ROUTE_NOT_FOUND, 0, 0);
    expect("GET", "/story/x", ROUTE_NOT_FOUND, 0, 0);
    expect("GET", "/story/99999999999999999999", ROUTE_NOT_FOUND, 0, 0);
    expect("GET", "/search/", ROUTE_NOT_FOUND, 0, 0);
    expect("GET", "//", ROUTE_NOT_FOUND, 0, 0);
    expect("GET", "/story", ROUTE_NOT_FOUND, 0, 0);
    /* An encoded slash stays inside its segment. */
    expect("GET", "/story%2F42", ROUTE_NOT_FOUND, 0, 0);
    /* Encoded letters match their literal. */
    expect("GET", "/%73earch", ROUTE_FOUND, 4, 0);
}

static void bad_requests(void **state)
{
    (void)state;
    expect("GET", "/a%zz", ROUTE_BAD_REQUEST, 0, 0);
    expect("GET", "/a%4", ROUTE_BAD_REQUEST, 0, 0);
    expect("GET", "/a%", ROUTE_BAD_REQUEST, 0, 0);
    expect("GET", "/a%00b", ROUTE_BAD_REQUEST, 0, 0);
    expect("GET", "/search?q=%", ROUTE_BAD_REQUEST, 0, 0);
    expect("GET", "/search?q=%00", ROUTE_BAD_REQUEST, 0, 0);
    expect("GET", "http://example.org/", ROUTE_BAD_REQUEST, 0, 0);
    expect("OPTIONS", "*", ROUTE_BAD_REQUEST, 0, 0);
    expect("GET", "/#frag", ROUTE_BAD_REQUEST, 0, 0);
    char *long_target = malloc(ROUTE_MAX_URI + 2);
    long_target[0] = '/';
    memset(long_target + 1, 'a', ROUTE_MAX_URI);
    long_target[ROUTE_MAX_URI + 1] = '\0';
    expect("GET", long_target, ROUTE_URI_TOO_LONG, 0, 0);
    long_target[ROUTE_MAX_URI] = '\0';
    expect("GET", long_target, ROUTE_NOT_FOUND, 0, 0);
    /* Too many segments is an explicit error, not a silent cut. */
    char deep[256] = "";
    for (int i = 0; i < 40; i++)
        strcat(deep, "/a");
    expect("GET", deep, ROUTE_BAD_REQUEST, 0, 0);
    free(long_target);
}

static void methods(void **state)
{
    (void)state;
    struct route_result r;
    char allow[64];
    assert_int_equal(route("PUT", "/api/sources", &r), ROUTE_METHOD_NOT_ALLOWED);
    http_methods_allow(r.allow, allow, sizeof allow);
    assert_string_equal(allow, "GET, HEAD, POST");
    route_result_clear(&r);
    assert_int_equal(route("GET", "/api/sources/3", &r), ROUTE_METHOD_NOT_ALLOWED);
    http_methods_allow(r.allow, allow, sizeof allow);
    assert_string_equal(allow, "DELETE");
    route_result_clear(&r);
    expect("DELETE", "/api/sources/3", ROUTE_FOUND, 6, 3);
    expect("POST", "/api/sources", ROUTE_FOUND, 5, 0);
    /* Unknown and lower-case methods are refused on a path that exists. */
    expect("BREW", "/", ROUTE_METHOD_NOT_ALLOWED, 0, 0);
    expect("get", "/", ROUTE_METHOD_NOT_ALLOWED, 0, 0);
    expect("BREW", "/nowhere", ROUTE_NOT_FOUND, 0, 0);
}

static void queries(void **state)
{
    (void)state;
    struct route_result r;
    assert_int_equal(route("GET", "/search?q=regeringen+%C3%A5r&lang=en&empty&=v&&x=a%3Db", &r),
                     ROUTE_FOUND);
    assert_string_equal(query_get(&r.query, "q"), "regeringen år");
    assert_string_equal(query_get(&r.query, "lang"), "en");
    assert_string_equal(query_get(&r.query, "empty"), "");
    assert_string_equal(query_get(&r.query, ""), "v");
    assert_string_equal(query_get(&r.query, "x"), "a=b");
    assert_null(query_get(&r.query, "missing"));
    assert_int_equal(r.query.len, 5);
    route_result_clear(&r);

    char qs[512] = "/search?";
    for (int i = 0; i < QUERY_MAX_PARAMS; i++)
        strcat(qs, "a=1&");
    assert_int_equal(route("GET", qs, &r), ROUTE_FOUND);
    route_result_clear(&r);
    strcat(qs, "b=2");
    assert_int_equal(route("GET", qs, &r), ROUTE_BAD_REQUEST);
    route_result_clear(&r);

    struct query q;
    struct errbuf eb = {{0}};
    assert_int_equal(query_parse("a=%ZZ", 5, &q, &eb), ERR_INVALID);
    assert_int_equal(q.len, 0);
    assert_null(q.storage);
}

/* query_keep leaves the named parameters, first of each, in the names' order. */
static void query_kept(void **state)
{
    (void)state;
    static const char *const names[] = {"q", "limit", "offset", NULL};
    struct query q;
    struct errbuf eb = {{0}};
    const char *qs = "utm=x&limit=5&q=bron&lang=en&q=other&a=1";
    assert_int_equal(query_parse(qs, strlen(qs), &q, &eb), ERR_OK);
    query_keep(&q, names);
    assert_int_equal(q.len, 2);
    assert_string_equal(q.items[0].name, "q");
    assert_string_equal(q.items[0].value, "bron");
    assert_string_equal(q.items[1].name, "limit");
    assert_string_equal(q.items[1].value, "5");
    query_keep(&q, NULL);
    assert_int_equal(q.len, 0);
    query_clear(&q);
}

/* The real table: every pattern is well formed and the fixed paths route to
 * themselves. */
static void site_routes(void **state)
{
    (void)state;
    for (size_t i = 0; i < web_routes_count; i++) {
        const char *p = web_routes[i].pattern;
        assert_true(p[0] == '/');
        assert_non_null(web_routes[i].handler);
        if (strchr(p, '{'))
            continue;
        struct route_result r;
        unsigned ms = web_routes[i].methods;
        const char *m = (ms & HTTP_GET) ? "GET" : (ms & HTTP_POST) ? "POST" : "DELETE";
        assert_int_equal(route_request(web_routes, web_routes_count, m, p, &r), ROUTE_FOUND);
        assert_int_equal(r.index, i);
        route_result_clear(&r);
    }
    struct route_result r;
    assert_int_equal(route_request(web_routes, web_routes_count, "GET", "/source/12", &r),
                     ROUTE_FOUND);
    assert_string_equal(web_routes[r.index].pattern, "/source/{id}");
    assert_int_equal(r.ids[0], 12);
    route_result_clear(&r);
    /* Topics and the JSON API: each target reaches its handler as a cached
     * page, its id parsed, its query kept. */
    static const struct {
        const char *target;
        route_handler handler;
        int64_t id;
        const char *q;
    } want[] = {
        {"/topic/7", page_topic, 7, NULL},
        {"/topic/7/feed.atom", topic_feed_atom, 7, NULL},
        {"/topic/7/feed.json", topic_feed_json, 7, NULL},
        {"/api/topics/3", api_topic, 3, NULL},
        {"/api/stories/4", api_story, 4, NULL},
        {"/api/search?q=%C3%96landsbron+pelare&limit=5", api_search, 0, "Ölandsbron pelare"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (route_request(web_routes, web_routes_count, "GET", want[i].target, &r) != ROUTE_FOUND)
            fail_msg("%s is not routed", want[i].target);
        if (web_routes[r.index].handler != want[i].handler)
            fail_msg("%s reaches %s", want[i].target, web_routes[r.index].pattern);
        assert_true(web_routes[r.index].flags & ROUTE_PAGE);
        if (want[i].id)
            assert_int_equal(r.ids[0], want[i].id);
        if (want[i].q)
            assert_string_equal(query_get(&r.query, "q"), want[i].q);
        route_result_clear(&r);
    }
    /* Only GET (and HEAD); no slug on a topic; no write to the API. */
    const char *refused[][2] = {{"GET", "/topic/7-olandsbron"}, {"GET", "/topic/0"},
                                {"GET", "/topic/7/feed.rss"},   {"GET", "/api/topics"},
                                {"GET", "/api/search/x"},       {"POST", "/api/search?q=x"},
                                {"DELETE", "/topic/7"}};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        enum route_status got =
            route_request(web_routes, web_routes_count, refused[i][0], refused[i][1], &r);
        assert_int_equal(got,
                         strcmp(refused[i][0], "GET") ? ROUTE_METHOD_NOT_ALLOWED : ROUTE_NOT_FOUND);
        route_result_clear(&r);
    }
}

static void languages(void **state)
{
    (void)state;
    assert_int_equal(site_lang_negotiate("en", "sv", SITE_SV), SITE_EN);
    assert_int_equal(site_lang_negotiate("xx", "en-GB,en;q=0.9", SITE_SV), SITE_EN);
    assert_int_equal(site_lang_negotiate(NULL, NULL, SITE_EN), SITE_EN);
    assert_int_equal(site_lang_negotiate(NULL, "de-DE, sv;q=0.8, en;q=0.7", SITE_EN), SITE_SV);
    assert_int_equal(site_lang_negotiate(NULL, "sv;q=0.2, EN;q=0.9", SITE_SV), SITE_EN);
    assert_int_equal(site_lang_negotiate(NULL, "en;q=0, fr", SITE_SV), SITE_SV);
    assert_int_equal(site_lang_negotiate(NULL, "sv-FI", SITE_EN), SITE_SV);
    assert_int_equal(site_lang_negotiate(NULL, "*", SITE_EN), SITE_EN);
    assert_int_equal(site_lang_negotiate(NULL, ",,;q=,en;q=1.0", SITE_SV), SITE_EN);
    enum site_lang l;
    assert_false(site_lang_from_code("english", &l));
    assert_true(site_lang_from_code("SV", &l));
    assert_int_equal(l, SITE_SV);
}

/* Every phrase exists in every language, and the two differ where they must. */
static void phrases_complete(void **state)
{
    (void)state;
    for (int p = 0; p < PH_COUNT; p++)
        for (int l = 0; l < SITE_LANG_COUNT; l++)
            if (!*phrase((enum site_lang)l, (enum phrase)p))
                fail_msg("phrase %d has no %s text", p, site_lang_code((enum site_lang)l));
    assert_string_equal(phrase(SITE_SV, PH_NAV_HOME), "Hem");
    assert_string_equal(phrase(SITE_EN, PH_NAV_HOME), "Home");
    assert_string_equal(site_lang_kind(SITE_SV, "wire"), "Nyhetsbyrå");
    assert_string_equal(site_lang_kind(SITE_EN, "blog"), "blog");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paths),      cmocka_unit_test(bad_requests),
        cmocka_unit_test(methods),    cmocka_unit_test(queries),
        cmocka_unit_test(query_kept), cmocka_unit_test(site_routes),
        cmocka_unit_test(languages),  cmocka_unit_test(phrases_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
