/* When a failing source is tried again (pipeline_backoff_seconds): a feed down
 * for a few minutes is read again at the interval, a longer outage backs off
 * by doubling to the cap, and a server's Retry-After is honoured within it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "pipeline/pipeline.h"

/* The defaults with a feed read every minute and backoff capped at an hour. */
static struct pipeline_config every_minute_capped_at_an_hour(void)
{
    struct pipeline_config cfg;
    pipeline_config_default(&cfg);
    cfg.interval_seconds = 60;
    cfg.max_backoff_seconds = 3600;
    return cfg;
}

static void grace_then_doubling(void **state)
{
    (void)state;
    struct pipeline_config cfg = every_minute_capped_at_an_hour();
    for (int failures = 1; failures <= PIPELINE_BACKOFF_GRACE; failures++)
        assert_int_equal(pipeline_backoff_seconds(&cfg, failures, 0), 60);
    assert_int_equal(pipeline_backoff_seconds(&cfg, PIPELINE_BACKOFF_GRACE + 1, 0), 120);
    assert_int_equal(pipeline_backoff_seconds(&cfg, PIPELINE_BACKOFF_GRACE + 2, 0), 240);
    assert_int_equal(pipeline_backoff_seconds(&cfg, 1000, 0), 3600);
}

static void retry_after_within_the_cap(void **state)
{
    (void)state;
    struct pipeline_config cfg = every_minute_capped_at_an_hour();
    assert_int_equal(pipeline_backoff_seconds(&cfg, 1, 120), 120);
    assert_int_equal(pipeline_backoff_seconds(&cfg, 1, 30), 60);
    assert_int_equal(pipeline_backoff_seconds(&cfg, 1, INT64_C(1) << 40), 3600);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grace_then_doubling),
        cmocka_unit_test(retry_after_within_the_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
