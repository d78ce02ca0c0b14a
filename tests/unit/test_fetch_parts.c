/* The parts of the fetcher that need no server: Retry-After values, config
 * checks, and messages that keep their reason however long the URL. */
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "fetch/fetch.h"
#include "testlib.h"

static void retry_after_values(void **state)
{
    (void)state;
    int64_t now = 0;
    assert_true(date_parse("Sat, 23 Mar 2024 10:00:00 GMT", &now));
    struct {
        const char *value;
        bool ok;
        int64_t seconds;
    } rows[] = {
        {"120", true, 120},
        {" 120 ", true, 120},
        {"0", true, 0},
        {"999999999", true, 999999999},
        {"Sat, 23 Mar 2024 10:02:00 GMT", true, 120},
        {"Sat, 23 Mar 2024 11:00:00 GMT", true, 3600},
        {"Saturday, 23-Mar-24 10:00:30 GMT", true, 30}, /* RFC 850, still seen */
        {"Sat, 23 Mar 2024 09:00:00 GMT", true, 0},     /* in the past: now */
        {"1234567890", false, 0},                       /* no honest delay */
        {"12a", false, 0},
        {"-5", false, 0},
        {"", false, 0},
        {"soon", false, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t got = -1;
        bool ok = fetch_parse_retry_after(rows[i].value, now, &got);
        if (ok != rows[i].ok || (ok && got != rows[i].seconds))
            fail_msg("Retry-After \"%s\": ok %d seconds %lld", rows[i].value, ok, (long long)got);
    }
}

static void ignore(const struct fetch_request *req, struct fetch_result *res, void *ctx)
{
    (void)req, (void)res;
    (*(int *)ctx)++;
}

static void config_checks(void **state)
{
    (void)state;
    struct fetch_config def;
    fetch_config_default(&def);
    assert_int_equal(def.max_body, 8 * 1024 * 1024);
    assert_int_equal(def.max_redirects, 5);
    assert_int_equal(def.max_per_host, 2);
    assert_false(def.allow_private);

    struct fetch_request req = {.url = "http://example.org/feed"};
    struct errbuf eb = {{0}};
    int calls = 0;
    assert_int_equal(fetch_all(&def, &req, 0, ignore, &calls, &eb), ERR_OK);
    assert_int_equal(fetch_all(&def, &req, 1, NULL, NULL, &eb), ERR_INVALID);

    struct fetch_config bad[5];
    for (int i = 0; i < 5; i++)
        bad[i] = def;
    bad[0].max_body = 0;
    bad[1].max_parallel = 0;
    bad[2].max_per_host = -1;
    bad[3].low_speed_time_s = 0;
    bad[4].min_host_interval_ms = -1;
    for (int i = 0; i < 5; i++)
        assert_int_equal(fetch_all(&bad[i], &req, 1, ignore, &calls, &eb), ERR_INVALID);
    assert_int_equal(calls, 0);
}

static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int extra = *p < 0x80         ? 0
                    : (*p >> 5) == 6  ? 1
                    : (*p >> 4) == 14 ? 2
                    : (*p >> 3) == 30 ? 3
                                      : -1;
        if (extra < 0)
            return false;
        p++;
        for (int k = 0; k < extra; k++, p++)
            if ((*p & 0xC0) != 0x80)
                return false;
    }
    return true;
}

static void long_urls_keep_the_reason(void **state)
{
    (void)state;
    struct fetch_config cfg;
    fetch_config_default(&cfg);
    /* Short: the whole URL. */
    struct fetch_result res;
    struct fetch_request req = {.url = "ftp://example.org/feed.xml"};
    fetch_one(&cfg, &req, &res);
    assert_string_equal(res.errmsg, "ftp://example.org/feed.xml: not an http or https URL");
    fetch_result_clear(&res);

    /* Long, with multi-byte characters where the cut falls. */
    for (int pad = 0; pad < 4; pad++) {
        char *url = xmalloc(1200);
        strcpy(url, "ftp://example.org/");
        for (int i = 0; i < pad; i++)
            strcat(url, "x");
        for (int i = 0; i < 150; i++)
            strcat(url, "\xc3\xa5\xe2\x82\xac"); /* å€ */
        req.url = url;
        fetch_one(&cfg, &req, &res);
        assert_int_equal(res.err, ERR_UNSUPPORTED);
        size_t len = strlen(res.errmsg);
        assert_true(len < sizeof res.errmsg);
        assert_true(len > 150); /* room used, not thrown away */
        assert_string_equal(res.errmsg + len - strlen("\xe2\x80\xa6: not an http or https URL"),
                            "\xe2\x80\xa6: not an http or https URL");
        assert_true(valid_utf8(res.errmsg));
        assert_memory_equal(res.errmsg, "ftp://example.org/", 18);
        fetch_result_clear(&res);
        free(url);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(retry_after_values),
        cmocka_unit_test(config_checks),
        cmocka_unit_test(long_urls_keep_the_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
