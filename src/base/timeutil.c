#include "base/timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

int64_t time_now(void)
{
    return (int64_t)time(NULL);
}

int64_t time_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void time_format_rfc3339(int64_t t, char out[static 21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_format_http(int64_t t, char out[static 30])
{
    static const char *days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    snprintf(out, 30, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday % 7], tm.tm_mday,
             months[tm.tm_mon % 12], (tm.tm_year + 1900) % 10000, tm.tm_hour, tm.tm_min,
             tm.tm_sec);
}

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian), without
 * timegm's dependence on the process's time zone. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool valid_fields(int y, int mo, int d, int h, int mi, int s)
{
    return y >= 1 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 &&
           h <= 24 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

static int64_t to_epoch(int y, int mo, int d, int h, int mi, int s, int offset_min)
{
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset_min * 60;
}

static int read_int(const char **p, int maxdigits)
{
    int v = 0, n = 0;
    while (n < maxdigits && isdigit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n ? v : -1;
}

static void skip_space(const char **p)
{
    while (**p && isspace((unsigned char)**p))
        (*p)++;
}

/* "Z", "UTC", "GMT", "+0100", "+01:00", "-05", or a US zone name; minutes east of UTC. */
static bool parse_zone(const char *p, int *offset_min)
{
    static const struct {
        const char *name;
        int offset;
    } zones[] = {{"Z", 0},         {"UT", 0},          {"UTC", 0},        {"GMT", 0},
                 {"EST", -5 * 60}, {"EDT", -4 * 60},   {"CST", -6 * 60},  {"CDT", -5 * 60},
                 {"MST", -7 * 60}, {"MDT", -6 * 60},   {"PST", -8 * 60},  {"PDT", -7 * 60},
                 {"CET", 60},      {"CEST", 120},      {"BST", 60},       {"EET", 120},
                 {"EEST", 180}};
    skip_space(&p);
    *offset_min = 0;
    if (!*p)
        return true;
    if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1;
        p++;
        int hh = read_int(&p, 2);
        if (hh < 0)
            return false;
        if (*p == ':')
            p++;
        int mm = read_int(&p, 2);
        if (mm < 0)
            mm = 0;
        if (hh > 23 || mm > 59)
            return false;
        *offset_min = sign * (hh * 60 + mm);
        return true;
    }
    char name[8] = {0};
    size_t n = 0;
    while (n < sizeof name - 1 && isalpha((unsigned char)p[n])) {
        name[n] = p[n];
        n++;
    }
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (!strcasecmp(name, zones[i].name)) {
            *offset_min = zones[i].offset;
            return true;
        }
    /* An unknown zone name: treat as UTC rather than dropping the date. */
    return n > 0;
}

/* RFC 3339 / ISO 8601 / W3CDTF: 2024-03-23, 2024-03, 2024, 2024-03-23T10:00Z,
 * 2024-03-23 10:00:00.123+01:00, 20240323T100000Z. */
static bool parse_iso(const char *s, int64_t *out)
{
    const char *p = s;
    skip_space(&p);
    int y = read_int(&p, 4), mo = 1, d = 1, h = 0, mi = 0, sec = 0, off = 0;
    if (y < 0 || p - s < 4)
        return false;
    bool compact = isdigit((unsigned char)*p);
    if (*p == '-' || compact) {
        if (!compact)
            p++;
        mo = read_int(&p, 2);
        if (mo < 0)
            return false;
        if (*p == '-' || (compact && isdigit((unsigned char)*p))) {
            if (*p == '-')
                p++;
            d = read_int(&p, 2);
            if (d < 0)
                return false;
        }
    }
    if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
        p++;
        h = read_int(&p, 2);
        if (h < 0)
            return false;
        if (*p == ':')
            p++;
        mi = read_int(&p, 2);
        if (mi < 0)
            mi = 0;
        if (*p == ':')
            p++;
        int ss = read_int(&p, 2);
        if (ss >= 0)
            sec = ss;
        if (*p == '.' || *p == ',') {
            p++;
            while (isdigit((unsigned char)*p))
                p++;
        }
        if (!parse_zone(p, &off))
            return false;
    } else {
        skip_space(&p);
        if (*p)
            return false;
    }
    if (!valid_fields(y, mo, d, h, mi, sec))
        return false;
    *out = to_epoch(y, mo, d, h, mi, sec, off);
    return true;
}

static int month_index(const char *p)
{
    static const char *months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                   "jul", "aug", "sep", "oct", "nov", "dec"};
    for (int i = 0; i < 12; i++)
        if (!strncasecmp(p, months[i], 3))
            return i + 1;
    return -1;
}

/* RFC 822 and friends: "Sat, 23 Mar 2024 10:00:00 +0100", "23 Mar 24 10:00 GMT",
 * "Saturday, 23-Mar-2024 10:00:00 GMT", without seconds or zone. */
static bool parse_rfc822(const char *s, int64_t *out)
{
    const char *p = s;
    skip_space(&p);
    if (isalpha((unsigned char)*p)) { /* day name, ignored */
        while (isalpha((unsigned char)*p))
            p++;
        if (*p == ',' || *p == '.')
            p++;
        skip_space(&p);
    }
    int d = read_int(&p, 2);
    if (d < 0)
        return false;
    while (*p == ' ' || *p == '-')
        p++;
    int mo = month_index(p);
    if (mo < 0)
        return false;
    while (isalpha((unsigned char)*p) || *p == '.')
        p++;
    while (*p == ' ' || *p == '-' || *p == ',')
        p++;
    const char *ystart = p;
    int y = read_int(&p, 4);
    if (y < 0)
        return false;
    if (p - ystart <= 2)
        y += y < 50 ? 2000 : 1900;
    int h = 0, mi = 0, sec = 0, off = 0;
    skip_space(&p);
    if (isdigit((unsigned char)*p)) {
        h = read_int(&p, 2);
        if (*p != ':')
            return false;
        p++;
        mi = read_int(&p, 2);
        if (mi < 0)
            return false;
        if (*p == ':') {
            p++;
            sec = read_int(&p, 2);
            if (sec < 0)
                return false;
        }
        if (!parse_zone(p, &off))
            return false;
    }
    if (!valid_fields(y, mo, d, h, mi, sec))
        return false;
    *out = to_epoch(y, mo, d, h, mi, sec, off);
    return true;
}

bool date_parse(const char *s, int64_t *out)
{
    if (!s || !*s)
        return false;
    return parse_iso(s, out) || parse_rfc822(s, out);
}
