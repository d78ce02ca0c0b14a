/* The layout every page shares: its language switch links to the same page on
 * this site, whatever path the request named (the 404 page repeats it). */
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
    struct web_request req = {.method = HTTP_GET, .path = path, .route = &rr, .lang = LANG_SV};
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
    buf_free(&res.body);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(switch_stays_on_site),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
