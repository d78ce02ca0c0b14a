/* The typed writers: what reaches a page from outside is escaped for where it
 * lands, repaired when it is not valid UTF-8, and never becomes markup. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "web/html.h"

/* Runs one writer on s and returns the output (static buffer for brevity). */
static const char *text_of(const char *s)
{
    static char out[1024];
    struct buf b;
    buf_init(&b, sizeof out - 1);
    struct html h;
    html_init(&h, &b);
    h_text(&h, s);
    assert_int_equal(html_finish(&h), ERR_OK);
    strcpy(out, buf_cstr(&b));
    buf_clear(&b);
    return out;
}

static void escapes_markup(void **state)
{
    (void)state;
    assert_string_equal(text_of("</title><script>alert(1)</script>"),
                        "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    assert_string_equal(text_of("x\" onmouseover='alert(1)'"),
                        "x&quot; onmouseover=&#39;alert(1)&#39;");
    assert_string_equal(text_of("Tom & Jerry &amp;"), "Tom &amp; Jerry &amp;amp;");
    /* Swedish and other text passes through untouched. */
    assert_string_equal(text_of("Därför är det troligt – ”citat”"),
                        "Därför är det troligt – ”citat”");
    assert_string_equal(text_of(""), "");
}

static void repairs_bad_bytes(void **state)
{
    (void)state;
    /* Invalid UTF-8 (a lone continuation byte, a truncated sequence, an overlong
     * '<') becomes U+FFFD, never a byte a browser could read as markup. */
    assert_string_equal(text_of("a\x80z"), "a\xEF\xBF\xBDz");
    assert_string_equal(text_of("a\xC3"), "a\xEF\xBF\xBD");
    const char *overlong = text_of("\xC0\xBCscript");
    assert_null(strchr(overlong, '<'));
    /* Controls other than tab and newline go; XML could not carry them. */
    assert_string_equal(text_of("a\x01\tb\nc\x7F"), "a\xEF\xBF\xBD\tb\nc\xEF\xBF\xBD");
    /* C1 controls (U+0085) too. */
    assert_string_equal(text_of("a\xC2\x85z"), "a\xEF\xBF\xBDz");
}

static void links_only_when_safe(void **state)
{
    (void)state;
    assert_true(html_url_safe("https://www.dn.se/a?b=1&c=2"));
    assert_true(html_url_safe("HTTP://EXAMPLE.ORG/"));
    assert_true(html_url_safe("/source/3"));
    assert_false(html_url_safe("javascript:alert(1)"));
    assert_false(html_url_safe("JaVaScRiPt:alert(1)"));
    assert_false(html_url_safe(" javascript:alert(1)"));
    assert_false(html_url_safe("\thttps://x"));
    assert_false(html_url_safe("data:text/html,<script>alert(1)</script>"));
    assert_false(html_url_safe("vbscript:msgbox"));
    assert_false(html_url_safe("//evil.example/"));
    assert_false(html_url_safe("/\\evil.example/"));
    assert_false(html_url_safe(NULL));

    struct buf b;
    buf_init(&b, 4096);
    struct html h;
    html_init(&h, &b);
    h_link(&h, "javascript:alert(1)", "click <me>");
    h_lit(&h, "|");
    h_link(&h, "https://x.example/?a=1&b=\"2\"", "ok");
    assert_int_equal(html_finish(&h), ERR_OK);
    assert_string_equal(buf_cstr(&b), "click &lt;me&gt;|<a href=\"https://x.example/?a=1&amp;"
                                      "b=&quot;2&quot;\">ok</a>");
    buf_clear(&b);
}

static void url_components(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 256);
    assert_int_equal(url_component(&b, "Åre & co/?#=\"<>"), ERR_OK);
    assert_string_equal(buf_cstr(&b), "%C3%85re%20%26%20co%2F%3F%23%3D%22%3C%3E");
    buf_reset(&b);
    assert_int_equal(url_component(&b, "a-b.c_d~e"), ERR_OK);
    assert_string_equal(buf_cstr(&b), "a-b.c_d~e");
    buf_clear(&b);
}

static void limit_is_an_error(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 16);
    struct html h;
    html_init(&h, &b);
    h_lit(&h, "<p>");
    h_text(&h, "a rather long text that does not fit");
    h_lit(&h, "</p>");
    assert_int_equal(html_finish(&h), ERR_LIMIT);
    buf_clear(&b);
}

static void times(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 256);
    struct html h;
    html_init(&h, &b);
    h_time(&h, 1711188000); /* 2024-03-23T10:00:00Z */
    assert_int_equal(html_finish(&h), ERR_OK);
    assert_string_equal(buf_cstr(&b),
                        "<time datetime=\"2024-03-23T10:00:00Z\">2024-03-23 10:00 UTC</time>");
    buf_clear(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes_markup),       cmocka_unit_test(repairs_bad_bytes),
        cmocka_unit_test(links_only_when_safe), cmocka_unit_test(url_components),
        cmocka_unit_test(limit_is_an_error),    cmocka_unit_test(times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
