/* Publication and modification dates from metadata, in UTC milliseconds. */
#include <ctype.h>
#include <string.h>

#include "base/timeutil.h"
#include "extract/extract_internal.h"
#include "extract/meta_fields.h"

static int digits(const char *s, int n);

/* A day written day first, "27.04.2020" or "27.04.2020 18:50" (read as
 * UTC: the zone is not given), in UTC seconds; false when s is not one. */
static bool day_first(const char *s, int64_t *sec)
{
    if (strlen(s) < 10 || s[2] != '.' || s[5] != '.')
        return false;
    int d = digits(s, 2), m = digits(s + 3, 2), y = digits(s + 6, 4);
    if (d < 1 || d > 31 || m < 1 || m > 12 || y < 1995 || y > 2099)
        return false;
    int hh = 0, mm = 0;
    const char *t = s + 10;
    if (*t == ' ' && strlen(t) >= 6 && t[3] == ':') {
        hh = digits(t + 1, 2);
        mm = digits(t + 4, 2);
        if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
            return false;
        t += 6;
    }
    if (*t && !isspace((unsigned char)*t))
        return false;
    *sec = time_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60;
    return true;
}

bool ext_date_parse_ms(const char *s, int64_t *ms)
{
    int64_t sec;
    if (!s || (!date_parse(s, &sec) && !day_first(s, &sec)))
        return false;
    /* date_parse keeps whole seconds; the fraction after "hh:mm:ss" counts. */
    int frac = 0;
    const char *p = s;
    while ((p = strchr(p, ':')) != NULL) {
        if (isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
            (p[3] == '.' || p[3] == ',') && isdigit((unsigned char)p[4]) && p > s + 2 &&
            p[-3] == ':') {
            int scale = 100;
            for (const char *d = p + 4; isdigit((unsigned char)*d) && scale; d++, scale /= 10)
                frac += (*d - '0') * scale;
            break;
        }
        p++;
    }
    *ms = sec * 1000 + frac;
    return true;
}

static int64_t first_date(const char *const *candidates, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t ms;
        if (candidates[i] && ext_date_parse_ms(candidates[i], &ms))
            return ms;
    }
    return 0;
}

int64_t ext_meta_published(struct meta *m)
{
    /* JSON-LD, then Open Graph's article:published_time, then the others. */
    const char *const c[] = {m->ld.published,
                             m->values[K_ARTICLE_PUBLISHED],
                             m->values[K_PARSELY_PUB_DATE],
                             m->values[K_OG_PUBLISHED],
                             m->values[K_DATE_PUBLISHED],
                             m->values[K_DC_DATE],
                             m->values[K_DCTERM_CREATED],
                             m->values[K_SAILTHRU_DATE],
                             m->values[K_PUBDATE],
                             m->values[K_PUBLISH_DATE],
                             m->values[K_DATE],
                             m->values[K_OTHER_PUBLISHED],
                             m->ld.page_published};
    return first_date(c, sizeof c / sizeof c[0]);
}

int64_t ext_meta_modified(struct meta *m)
{
    const char *const c[] = {m->ld.modified, m->values[K_ARTICLE_MODIFIED], m->values[K_OG_UPDATED],
                             m->values[K_DATE_MODIFIED]};
    return first_date(c, sizeof c / sizeof c[0]);
}

/* n digits at s as a number, -1 when they are not all digits. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (!isdigit((unsigned char)s[k]))
            return -1;
        v = v * 10 + (s[k] - '0');
    }
    return v;
}

int64_t ext_url_date(const char *url)
{
    const char *end = url ? url + strcspn(url, "?#") : NULL;
    for (const char *p = url ? strchr(url, '/') : NULL; p && p + 11 <= end;
         p = strchr(p + 1, '/')) {
        int y = digits(p + 1, 4), m = p[5] == '/' ? digits(p + 6, 2) : -1,
            d = p[8] == '/' ? digits(p + 9, 2) : -1;
        if (y < 1995 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31 ||
            (p + 11 < end && isdigit((unsigned char)p[11])))
            continue;
        return time_days_from_civil(y, m, d) * 86400 * 1000;
    }
    return 0;
}
