/* Time: the clock, and dates from feeds and pages normalised to UTC seconds. */
#ifndef OMNIBUS_BASE_TIMEUTIL_H
#define OMNIBUS_BASE_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>

/* Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian; m 1-12),
 * without timegm's dependence on the process's time zone. */
int64_t time_days_from_civil(int64_t y, int m, int d);
int64_t time_now(void);     /* seconds since the epoch, UTC */
int64_t time_now_ms(void);  /* wall clock, milliseconds */
int64_t time_mono_ms(void); /* monotonic clock, milliseconds */

/* Formats t as RFC 3339 in UTC ("2024-03-23T10:00:00Z") into out (at least 21 bytes). */
void time_format_rfc3339(int64_t t, char out[static 21]);
/* Formats t as an HTTP date ("Sat, 23 Mar 2024 10:00:00 GMT") into out (at least 30 bytes). */
void time_format_http(int64_t t, char out[static 30]);

/* Parses a date as found in feeds, HTTP headers and page metadata: RFC 822/1123
 * and its common broken forms, RFC 3339/ISO 8601/W3CDTF (partial dates too).
 * Stores UTC seconds in *out and returns true, or returns false when the text
 * is not a date it understands. */
bool date_parse(const char *s, int64_t *out);

/* True when s is a date or an update stamp and nothing else ("May 03, 2013",
 * "18 September 2013 Last updated at 13: 59 GMT", "Uppdaterad 14.05"): a
 * page's dateline taken for a title, never a headline. */
bool date_is_stamp(const char *s);

#endif
