/* date_parse: the date forms feeds, HTTP and pages write, right and broken,
 * normalised to UTC; and what is not a date. */
#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"
#include "testlib.h"

static const struct {
    const char *in;
    const char *utc; /* NULL: not a date */
} cases[] = {
    /* RFC 3339 / W3CDTF / ISO 8601 */
    {"2024-03-23T10:00:00Z", "2024-03-23T10:00:00Z"},
    {"2024-03-23T10:00:00+01:00", "2024-03-23T09:00:00Z"},
    {"2024-03-23T10:00:00.123456-05:00", "2024-03-23T15:00:00Z"},
    {"2024-03-23T10:00Z", "2024-03-23T10:00:00Z"},
    {"2024-03-23 10:00:00 +0100", "2024-03-23T09:00:00Z"},
    {"2024-03-23t10:00:00z", "2024-03-23T10:00:00Z"},
    {"2024-03-23", "2024-03-23T00:00:00Z"},
    {"2024-03", "2024-03-01T00:00:00Z"},
    {"2024", "2024-01-01T00:00:00Z"},
    {"20240323T100000Z", "2024-03-23T10:00:00Z"},
    {"  2003-12-31T10:14:55Z\n", "2003-12-31T10:14:55Z"},
    {"1997-07-16T19:20+01:00", "1997-07-16T18:20:00Z"},
    {"2024-03-23T24:00:00Z", "2024-03-24T00:00:00Z"},
    {"2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z"},
    {"2024-03-23T10:00:00+01:00 (CET)", "2024-03-23T09:00:00Z"},
    {"2024-02-29", "2024-02-29T00:00:00Z"},
    /* RFC 822 / 1123 and the forms feeds really write */
    {"Sat, 23 Mar 2024 10:00:00 +0100", "2024-03-23T09:00:00Z"},
    {"Sat, 23 Mar 2024 10:00:00 GMT", "2024-03-23T10:00:00Z"},
    {"Sat, 23 Mar 2024 10:00:00 EST", "2024-03-23T15:00:00Z"},
    {"Sat, 23 Mar 2024 10:00:00 PDT", "2024-03-23T17:00:00Z"},
    {"Sat, 23 Mar 2024 10:00:00 CEST", "2024-03-23T08:00:00Z"},
    {"Sat,23 Mar 2024 10:00:00 +0100", "2024-03-23T09:00:00Z"},
    {"Sat, 23 Mar 2024 10:00 +0100", "2024-03-23T09:00:00Z"},
    {"Sat, 23 Mar 2024 10:00:00", "2024-03-23T10:00:00Z"},
    {"23 Mar 2024 10:00:00 +0100", "2024-03-23T09:00:00Z"},
    {"23 Mar 24 10:00 GMT", "2024-03-23T10:00:00Z"},
    {"Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"},
    {"Thu, 01 Jan 99 19:48:21 GMT", "1999-01-01T19:48:21Z"},
    {"Saturday, 23-Mar-2024 10:00:00 GMT", "2024-03-23T10:00:00Z"},
    {"Sat, 23 March 2024 10:00:00 +0100", "2024-03-23T09:00:00Z"},
    {"Sat, 23 Sept 2023 10:00:00 +0000", "2023-09-23T10:00:00Z"},
    {"Sat, 3 Mar 2024 1:02:03 +0000", "2024-03-03T01:02:03Z"},
    {"Sat, 23 Mar 2024 10:00:00.000 GMT", "2024-03-23T10:00:00Z"},
    {"Sat, 23 Mar 2024 10:00:00 +01:00", "2024-03-23T09:00:00Z"},
    {"Sat, 23 Mar 2024 10:00:00 -0530", "2024-03-23T15:30:00Z"},
    {"Sat, 23 Mar 2024 10:00:00 GMT+2", "2024-03-23T08:00:00Z"},
    {"Sat, 23 Mar 2024 10:00:00 +0100 (CET)", "2024-03-23T09:00:00Z"},
    {"Sat Mar 23 10:00:00 2024", "2024-03-23T10:00:00Z"},
    {"Sat Mar 23 10:00:00 UTC 2024", "2024-03-23T10:00:00Z"},
    {"March 23, 2024 10:00 PM EST", "2024-03-24T03:00:00Z"},
    {"March 23, 2024 12:30 am", "2024-03-23T00:30:00Z"},
    {"Mar 23, 2024", "2024-03-23T00:00:00Z"},
    {"23 March 2024", "2024-03-23T00:00:00Z"},
    {"2024 Mar 23 10:00", "2024-03-23T10:00:00Z"},
    {"23.03.2024 10:00", "2024-03-23T10:00:00Z"},
    {"03/23/2024 10:00:00", "2024-03-23T10:00:00Z"},
    {"23/03/2024", "2024-03-23T00:00:00Z"},
    {"2024/03/23 10:00:00", "2024-03-23T10:00:00Z"},
    /* Swedish, German, French, Spanish month and day names */
    {"tis, 23 maj 2024 10:00:00 +0200", "2024-05-23T08:00:00Z"},
    {"23 oktober 2024 08:15", "2024-10-23T08:15:00Z"},
    {"Mi, 23 Okt 2024 10:00:00 +0200", "2024-10-23T08:00:00Z"},
    {"23. März 2024", "2024-03-23T00:00:00Z"},
    {"mar, 23 avr 2024 10:00:00 +0200", "2024-04-23T08:00:00Z"},
    {"23 déc 2024", "2024-12-23T00:00:00Z"},
    {"mié, 23 dic 2024 10:00:00 +0100", "2024-12-23T09:00:00Z"},
    /* not dates */
    {"", NULL},
    {"not a date", NULL},
    {"2024-13-01", NULL},
    {"2024-02-30", NULL},
    {"2023-02-29", NULL},
    {"Sat, 32 Mar 2024 10:00:00 GMT", NULL},
    {"Sat, 23 Foo 2024 10:00:00 GMT", NULL},
    {"Sat, 23 Mar 2024 25:00:00 GMT", NULL},
    {"Sat, 23 Mar 2024 10:61:00 GMT", NULL},
    {"2024-03-23T10:00:00+25:00", NULL},
    {"12345678901234567890", NULL},
    {"10:00", NULL},
    {"1 2 3 4", NULL},
    {"yesterday at noon", NULL},
};

static void dates(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t = 0;
        bool ok = date_parse(cases[i].in, &t);
        char got[21] = "(not a date)";
        if (ok)
            time_format_rfc3339(t, got);
        const char *want = cases[i].utc ? cases[i].utc : "(not a date)";
        if (strcmp(got, want)) {
            print_message("date_parse(\"%s\") = %s, want %s\n", cases[i].in, got, want);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

static void null_and_long_inputs(void **state)
{
    (void)state;
    int64_t t = 42;
    assert_false(date_parse(NULL, &t));
    char long_input[512];
    memset(long_input, '1', sizeof long_input - 1);
    long_input[sizeof long_input - 1] = '\0';
    assert_false(date_parse(long_input, &t));
    assert_int_equal(t, 42);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates),
        cmocka_unit_test(null_and_long_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
