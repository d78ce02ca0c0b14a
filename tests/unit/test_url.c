/* url_resolve and url_canonical: resolution against a base (RFC 3986), and the
 * one canonical spelling per URL that dedup relies on, a fixed point. */
#include <stdlib.h>
#include <string.h>

#include "base/url.h"
#include "testlib.h"

static void resolve(void **state)
{
    (void)state;
    static const char *cases[][3] = {
        {"http://a/b/c/d;p?q", "g", "http://a/b/c/g"},
        {"http://a/b/c/d;p?q", "../g", "http://a/b/g"},
        {"http://a/b/c/d;p?q", "//g", "http://g"},
        {"http://a/b/c/d;p?q", "?y", "http://a/b/c/d;p?y"},
        {"http://a/b/c/d;p?q", "  /x y  ", "http://a/x%20y"},
        {"http://a/b/", "50%", "http://a/b/50%25"},
        {NULL, "http://x/y", "http://x/y"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *r = url_resolve(cases[i][0], cases[i][1]);
        assert_non_null(r);
        assert_string_equal(r, cases[i][2]);
        free(r);
    }
    assert_null(url_resolve("http://a/", NULL));
}

static void canonical(void **state)
{
    (void)state;
    static const char *cases[][2] = {
        {"HTTP://Example.COM:80/a/./b/../c", "http://example.com/a/c"},
        {"https://example.com:443", "https://example.com/"},
        {"https://example.com:8443/x#frag", "https://example.com:8443/x"},
        {"http://example.com./x", "http://example.com/x"},
        {"http://example.com/?utm_source=a&id=7&fbclid=x&utm_medium=b", "http://example.com/?id=7"},
        {"http://example.com/%7euser/%3f?q=%2f%41", "http://example.com/~user/%3F?q=%2FA"},
        {"http://example.com/a b/\xc3\xa4", "http://example.com/a%20b/%C3%A4"},
        {"http://example.com/100%", "http://example.com/100%25"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *c = NULL, *again = NULL;
        struct errbuf eb = {{0}};
        assert_int_equal(url_canonical(cases[i][0], &c, &eb), ERR_OK);
        assert_string_equal(c, cases[i][1]);
        assert_int_equal(url_canonical(c, &again, &eb), ERR_OK);
        assert_string_equal(again, c);
        free(c);
        free(again);
    }
    char *c = NULL;
    struct errbuf eb = {{0}};
    assert_int_equal(url_canonical("ftp://example.com/", &c, &eb), ERR_INVALID);
    assert_int_equal(url_canonical("javascript:alert(1)", &c, &eb), ERR_INVALID);
    assert_int_equal(url_canonical("http://", &c, &eb), ERR_INVALID);
    assert_null(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(resolve), cmocka_unit_test(canonical)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
