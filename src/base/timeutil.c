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
             months[tm.tm_mon % 12], (tm.tm_year + 1900) % 10000, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int64_t time_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool valid_fields(int y, int mo, int d, int h, int mi, int s)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 24 || mi < 0 || mi > 59 ||
        s < 0 || s > 60)
        return false;
    if (h == 24 && (mi || s))
        return false;
    return d <= days[mo - 1] + (mo == 2 && leap_year(y));
}

static int64_t to_epoch(int y, int mo, int d, int h, int mi, int s, int offset_min)
{
    return time_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - (int64_t)offset_min * 60;
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

/* Zone names feeds use, minutes east of UTC. Ambiguous ones (IST, CST in
 * China) take the reading feeds most often mean. */
static bool zone_name(const char *name, int *offset_min)
{
    if (!strcmp(name, "gmt") || !strcmp(name, "utc") || !strcmp(name, "z")) {
        *offset_min = 0; /* nearly every feed says one of these */
        return true;
    }
    static const struct {
        const char *name;
        int offset;
    } zones[] = {
        {"z", 0},         {"ut", 0},        {"utc", 0},        {"gmt", 0},        {"wet", 0},
        {"west", 60},     {"bst", 60},      {"cet", 60},       {"met", 60},       {"mez", 60},
        {"cest", 120},    {"mest", 120},    {"mesz", 120},     {"eet", 120},      {"eest", 180},
        {"msk", 180},     {"ist", 330},     {"sgt", 480},      {"hkt", 480},      {"awst", 480},
        {"jst", 540},     {"kst", 540},     {"acst", 570},     {"aest", 600},     {"aedt", 660},
        {"nzst", 720},    {"nzdt", 780},    {"ast", -4 * 60},  {"adt", -3 * 60},  {"est", -5 * 60},
        {"edt", -4 * 60}, {"cst", -6 * 60}, {"cdt", -5 * 60},  {"mst", -7 * 60},  {"mdt", -6 * 60},
        {"pst", -8 * 60}, {"pdt", -7 * 60}, {"akst", -9 * 60}, {"akdt", -8 * 60}, {"hst", -10 * 60},
    };
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (!strcmp(name, zones[i].name)) {
            *offset_min = zones[i].offset;
            return true;
        }
    return false;
}

/* "+0100", "+01:00", "-05", "+1": minutes east of UTC; p at the sign. */
static bool numeric_zone(const char **p, int *offset_min)
{
    int sign = **p == '-' ? -1 : 1;
    const char *q = *p + 1;
    const char *start = q;
    int hh = read_int(&q, 2), mm = 0;
    if (hh < 0)
        return false;
    if (*q == ':') {
        q++;
        mm = read_int(&q, 2);
        if (mm < 0)
            return false;
    } else if (q - start == 2 && isdigit((unsigned char)*q)) {
        mm = read_int(&q, 2);
    }
    if (hh > 23 || mm > 59 || isdigit((unsigned char)*q))
        return false;
    *offset_min = sign * (hh * 60 + mm);
    *p = q;
    return true;
}

/* After the time of an ISO date: "Z", "+01:00", "+0100", " UTC", nothing. */
static bool parse_zone(const char *p, int *offset_min)
{
    skip_space(&p);
    *offset_min = 0;
    if (!*p)
        return true;
    if (*p == '+' || *p == '-') {
        if (!numeric_zone(&p, offset_min))
            return false;
    } else {
        char name[8];
        size_t n = 0;
        while (n < sizeof name - 1 && isalpha((unsigned char)p[n])) {
            name[n] = (char)tolower((unsigned char)p[n]);
            n++;
        }
        name[n] = '\0';
        if (!n || isalpha((unsigned char)p[n]) || !zone_name(name, offset_min))
            return false;
        p += n;
    }
    skip_space(&p);
    return !*p;
}

/* RFC 3339 / ISO 8601 / W3CDTF: 2024-03-23, 2024-03, 2024, 2024-03-23T10:00Z,
 * 2024-03-23 10:00:00.123+01:00, 20240323T100000Z. */
static bool parse_iso(const char *s, int64_t *out)
{
    const char *p = s;
    skip_space(&p);
    const char *ys = p;
    int y = read_int(&p, 4), mo = 1, d = 1, h = 0, mi = 0, sec = 0, off = 0;
    if (y < 0 || p - ys < 4)
        return false;
    bool compact = isdigit((unsigned char)*p);
    if (*p == '-' || compact) {
        if (!compact)
            p++;
        const char *ms = p;
        mo = read_int(&p, 2);
        if (mo < 0 || p - ms < 2)
            return false;
        if (*p == '-' || (compact && isdigit((unsigned char)*p))) {
            if (*p == '-')
                p++;
            const char *ds = p;
            d = read_int(&p, 2);
            if (d < 0 || p - ds < 2)
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
            return false;
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

/* Month names in the languages our sources write (English, Swedish, German,
 * French, Spanish, Italian, Dutch): a word matches a month when it is a name or
 * a prefix of at least three letters of one, and of one month only. */
static int month_of(const char *w)
{
    /* RFC 822's own abbreviations first: most dates in feeds use them. */
    static const char rfc822[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    static const char days[] = "montuewedthufrisatsun";
    if (strlen(w) == 3) {
        for (int m = 0; m < 12; m++)
            if (!memcmp(w, rfc822 + 3 * m, 3))
                return m + 1;
        for (int d = 0; d < 7; d++)
            if (!memcmp(w, days + 3 * d, 3))
                return -1;
    }
    static const char *names[12][8] = {
        {"january", "januari", "januar", "janvier", "enero", "gennaio", "jänner"},
        {"february", "februari", "februar", "février", "fevrier", "febrero", "febbraio"},
        {"march", "mars", "märz", "maerz", "mrz", "marzo", "maart"},
        {"april", "avril", "abril", "aprile"},
        {"may", "maj", "mai", "mayo", "maggio", "mei"},
        {"june", "juni", "juin", "junio", "giugno"},
        {"july", "juli", "juillet", "julio", "luglio"},
        {"august", "augusti", "août", "aout", "agosto", "augustus"},
        {"september", "septembre", "septiembre", "settembre", "sept"},
        {"october", "oktober", "octobre", "octubre", "ottobre"},
        {"november", "novembre", "noviembre"},
        {"december", "dezember", "décembre", "decembre", "diciembre", "dicembre"},
    };
    size_t n = strlen(w);
    int found = -1;
    for (int m = 0; m < 12; m++)
        for (int i = 0; i < 8 && names[m][i]; i++)
            if (!strcmp(w, names[m][i]) || (n >= 3 && !strncmp(w, names[m][i], n))) {
                if (found >= 0 && found != m)
                    return -1;
                found = m;
            }
    return found < 0 ? -1 : found + 1;
}

/* Everything else: RFC 822/1123 and their broken forms ("Sat, 23 Mar 2024
 * 10:00:00 +0100", "23 Mar 24 10:00 GMT", "Saturday, 23-Mar-2024 10:00:00 GMT",
 * "Sat Mar 23 10:00:00 UTC 2024", "March 23, 2024 10:00 PM EST", "23.03.2024
 * 10:00", "2024/03/23 10:00:00", "tis, 23 maj 2024 10:00:00 +0200"). Words that
 * are not months, zones or AM/PM are skipped before the date (day names) and
 * refused elsewhere. */
static bool parse_loose(const char *s, int64_t *out)
{
    int nums[3], ndig[3];
    char seps[3];
    int nn = 0, mo = -1, mo_nn = 0, h = -1, mi = 0, sec = 0, off = 0;
    bool pm = false, am = false, zone = false;
    const char *p = s;
    while (*p) {
        unsigned char c = (unsigned char)*p;
        if (isspace(c) || c == ',') {
            p++;
        } else if (c == '(') { /* "+0100 (CET)" */
            while (*p && *p != ')')
                p++;
            if (*p)
                p++;
        } else if (isdigit(c)) {
            const char *start = p;
            long v = 0;
            while (isdigit((unsigned char)*p) && p - start < 5)
                v = v * 10 + (*p++ - '0');
            if (isdigit((unsigned char)*p))
                return false;
            if (*p == ':' && h < 0 && nn > 0) { /* the time */
                h = (int)v;
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
                if (*p == '.' || *p == ',')
                    while (isdigit((unsigned char)*++p))
                        ;
                continue;
            }
            if (nn == 3)
                return false;
            ndig[nn] = (int)(p - start);
            seps[nn] = *p;
            nums[nn++] = (int)v;
            if (*p == '/' || *p == '.' || *p == '-')
                p++;
        } else if ((c == '+' || c == '-') && h >= 0) {
            if (!numeric_zone(&p, &off))
                return false;
            zone = true;
        } else if (c == '-') {
            p++; /* "23-Mar-2024" */
        } else if (isalpha(c) || c >= 0x80) {
            char w[16];
            size_t n = 0;
            while ((isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80) && n < sizeof w - 1)
                w[n++] = (char)tolower((unsigned char)*p++);
            w[n] = '\0';
            if (isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80)
                return false;
            if (*p == '.')
                p++;
            int m = month_of(w);
            int zo;
            if (m > 0 && (mo < 0 || mo_nn == 0) && h < 0) {
                /* A month word seen before any number may have been a day name
                 * ("mar" is mardi and March): a later month word wins. */
                mo = m;
                mo_nn = nn;
            } else if (!strcmp(w, "t") && nn == 3 && h < 0) {
                /* 2024-03-23T10:00 that ISO refused for what follows */
            } else if (!strcmp(w, "am") || !strcmp(w, "a")) {
                am = true;
            } else if (!strcmp(w, "pm") || !strcmp(w, "p")) {
                pm = true;
            } else if (h >= 0 && !zone && zone_name(w, &zo)) {
                off = zo;
                zone = true;
                if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1])) { /* GMT+2 */
                    if (!numeric_zone(&p, &off))
                        return false;
                }
            } else if (nn > 0 || h >= 0 || m > 0) {
                return false;
            }
            if (!strcmp(w, "a") || !strcmp(w, "p")) { /* "a.m." */
                if (*p == 'm' || *p == 'M')
                    p++;
                if (*p == '.')
                    p++;
            }
        } else {
            return false;
        }
    }
    int y, d, ydig;
    if (mo > 0) {
        if (nn != 2)
            return false;
        int yi = ndig[0] >= 3 || nums[0] > 31 ? 0 : 1; /* "2024 Mar 23" or "23 Mar 2024" */
        y = nums[yi];
        ydig = ndig[yi];
        d = nums[1 - yi];
    } else {
        if (nn != 3)
            return false;
        if (ndig[0] >= 3) { /* 2024/03/23 */
            y = nums[0], ydig = ndig[0], mo = nums[1], d = nums[2];
        } else if (seps[0] == '.' || nums[0] > 12) { /* 23.03.2024, 23/03/2024 */
            d = nums[0], mo = nums[1], y = nums[2], ydig = ndig[2];
        } else { /* 03/23/2024: the US order, as feeds in English write it */
            mo = nums[0], d = nums[1], y = nums[2], ydig = ndig[2];
        }
    }
    if (ydig <= 2)
        y += y < 50 ? 2000 : 1900;
    else if (ydig == 3)
        y += 1900; /* RFC 2822's obsolete three-digit years */
    if (h < 0)
        h = 0;
    if (pm && h < 12)
        h += 12;
    else if (am && h == 12)
        h = 0;
    if ((pm || am) && h > 23)
        return false;
    if (!valid_fields(y, mo, d, h, mi, sec))
        return false;
    *out = to_epoch(y, mo, d, h, mi, sec, off);
    return true;
}

bool date_parse(const char *s, int64_t *out)
{
    if (!s || !*s || strlen(s) > 200)
        return false;
    return parse_iso(s, out) || parse_loose(s, out);
}

bool date_is_stamp(const char *s)
{
    static const char *const words[] = {
        "jan",     "january",   "feb",        "february", "mar",     "march",    "apr",
        "april",   "may",       "jun",        "june",     "jul",     "july",     "aug",
        "august",  "sep",       "sept",       "september", "oct",    "october",  "nov",
        "november", "dec",      "december",   "januari",  "februari", "mars",    "maj",
        "juni",    "juli",      "augusti",    "oktober",  "mon",     "monday",   "tue",
        "tuesday", "wed",       "wednesday",  "thu",      "thursday", "fri",     "friday",
        "sat",     "saturday",  "sun",        "sunday",   "måndag",  "tisdag",   "onsdag",
        "torsdag", "fredag",    "lördag",     "söndag",   "last",    "updated",  "update",
        "published", "posted",  "modified",   "at",       "on",      "uppdaterad", "publicerad",
        "kl",      "den",       "gmt",        "utc",      "bst",     "edt",      "est",
        "cet",     "cest",      "pst",        "pdt",      "am",      "pm",       "a.m",
        "p.m",     "st",        "nd",         "rd",       "th",      NULL};
    if (!s)
        return false;
    int64_t t;
    if (date_parse(s, &t))
        return true;
    size_t digits = 0, n_words = 0;
    for (const char *p = s; *p;) {
        while (*p && !isalnum((unsigned char)*p) && (unsigned char)*p < 0x80)
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80 || *p == '.'))
            p++;
        size_t n = (size_t)(p - w);
        while (n && w[n - 1] == '.')
            n--;
        n_words++;
        if (isdigit((unsigned char)w[0])) {
            /* "18", "2013", "13:59", "6th" */
            digits++;
            continue;
        }
        bool known = false;
        for (size_t i = 0; words[i] && !known; i++)
            known = strlen(words[i]) == n && !strncasecmp(w, words[i], n);
        if (!known)
            return false;
    }
    return digits > 0 && n_words > 0;
}
