/* The layout every page shares: its language switch links to the same page on
 * this site, whatever path the request named (the 404 page repeats it). The
 * error pages and API error objects say what their status means (503 is not
 * worded as 500). */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "testlib.h"
#include "web/handler.h"

/* The href of the language switch on the 404 page for path (a new string). */
static char *switch_href(const char *path)
{
    struct route_result rr;
    memset(&rr, 0, sizeof rr);
    struct web_request req = {.method = HTTP_GET, .path = path, .route = &rr, .lang = SITE_SV};
    struct web_response res = {0};
    buf_init(&res.body, 1 << 20);
    assert_int_equal(page_error(&req, 404, &res), ERR_OK);
    assert_int_equal(res.status, 404);
    const char *a = strstr(buf_cstr(&res.body), "class=\"lang\"");
    assert_non_null(a);
    const char *href = strstr(a, "href=\"");
    assert_non_null(href);
    href += 6;
    char *out = xstrndup(href, strcspn(href, "\""));
    buf_clear(&res.body);
    return out;
}

static void switch_stays_on_site(void **state)
{
    (void)state;
    const char *hostile[] = {"//evil.example/x", "/\\evil.example", "//", "/\\"};
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        char *href = switch_href(hostile[i]);
        assert_string_equal(href, "/?lang=en");
        free(href);
    }
    char *href = switch_href("/nope%22%3E");
    assert_string_equal(href, "/nope%22%3E?lang=en");
    free(href);
}

/* The error page (api false) or API error object for status in lang. */
static char *error_body(int status, enum site_lang lang, bool api)
{
    struct route_result rr;
    memset(&rr, 0, sizeof rr);
    struct web_request req = {.method = HTTP_GET, .path = "/", .route = &rr, .lang = lang};
    struct web_response res = {0};
    buf_init(&res.body, 1 << 20);
    assert_int_equal(api ? api_error_status(&res, status) : page_error(&req, status, &res), ERR_OK);
    assert_int_equal(res.status, status);
    char *out = xstrdup(buf_cstr(&res.body));
    buf_clear(&res.body);
    return out;
}

static void unavailable_is_not_an_internal_error(void **state)
{
    (void)state;
    char *en = error_body(503, SITE_EN, false), *sv = error_body(503, SITE_SV, false);
    assert_non_null(strstr(en, "Service unavailable"));
    assert_null(strstr(en, "Something went wrong"));
    assert_non_null(strstr(sv, "Tjänsten är inte tillgänglig"));
    assert_null(strstr(sv, "Något gick fel"));
    char *api = error_body(503, SITE_EN, true), *internal = error_body(500, SITE_EN, true);
    assert_non_null(strstr(api, "the database cannot be reached"));
    assert_non_null(strstr(internal, "internal error"));
    free(en);
    free(sv);
    free(api);
    free(internal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(switch_stays_on_site),
        cmocka_unit_test(unavailable_is_not_an_internal_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
