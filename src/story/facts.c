/* The date and figure reader behind story/facts.h. It reads a short text (a
 * title, a lead) as words, numbers and a few signs, then finds dates around
 * month names, numeric dates ("14/09/2013", "2013-09-26"), lone years, days
 * of the week against the publication time, and figures with the word after
 * them (or before, when none follows). Calendar words are the only lists:
 * nothing here knows what kind of event a text is about. */
#include "base/timeutil.h"
#include "story/facts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TOKENS 256
#define WORD_MAX 24
#define DAY_SLACK 7       /* days apart that still name the same event */
#define WEEKDAY_REACH 31  /* days from a weekday's date within which a named date compares */
#define FIGURE_SLACK 0.05 /* relative difference that still names the same figure */

enum tok_kind { TOK_WORD, TOK_NUM, TOK_SIGN };

struct tok {
    uint8_t kind;
    bool grouped;        /* a number with a decimal or thousands separator */
    bool used;           /* already read as part of a date */
    char sign;           /* TOK_SIGN: '$', 'E' (euro), 'L' (pound), '/', '-', '.', ':', ',', '%' */
    char word[WORD_MAX]; /* TOK_WORD: lowercased ASCII (other bytes kept) */
    uint8_t len;
    double num;
};

/* Month names and their common abbreviations, English and Swedish. */
static const char *const months[12][4] = {
    {"january", "jan", "januari", NULL}, {"february", "feb", "februari", NULL},
    {"march", "mar", "mars", NULL},      {"april", "apr", NULL, NULL},
    {"may", "maj", NULL, NULL},          {"june", "jun", "juni", NULL},
    {"july", "jul", "juli", NULL},       {"august", "aug", "augusti", NULL},
    {"september", "sep", "sept", NULL},  {"october", "oct", "oktober", "okt"},
    {"november", "nov", NULL, NULL},     {"december", "dec", NULL, NULL},
};

/* Days of the week from Monday, English and Swedish. */
static const char *const weekdays[7][2] = {
    {"monday", "måndag"}, {"tuesday", "tisdag"},  {"wednesday", "onsdag"}, {"thursday", "torsdag"},
    {"friday", "fredag"}, {"saturday", "lördag"}, {"sunday", "söndag"},
};

static const struct scale {
    const char *word;
    double factor;
} scales[] = {
    {"thousand", 1e3}, {"million", 1e6}, {"millions", 1e6},  {"mn", 1e6},
    {"m", 1e6},        {"billion", 1e9}, {"bn", 1e9},        {"miljon", 1e6},
    {"miljoner", 1e6}, {"miljard", 1e9}, {"miljarder", 1e9}, {"tusen", 1e3},
};

/* The first byte first: most words are no calendar word, and this runs for
 * every word of every lead against some fifty. */
static bool word_is(const struct tok *t, const char *w)
{
    return t->kind == TOK_WORD && t->word[0] == w[0] && t->len == strlen(w) &&
           !memcmp(t->word, w, t->len);
}

static int month_of(const struct tok *t)
{
    for (int m = 0; m < 12; m++)
        for (int k = 0; k < 4 && months[m][k]; k++)
            if (word_is(t, months[m][k]))
                return m + 1;
    return 0;
}

static int weekday_of(const struct tok *t)
{
    for (int d = 0; d < 7; d++)
        if (word_is(t, weekdays[d][0]) || word_is(t, weekdays[d][1]))
            return d;
    return -1;
}

static double scale_of(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++)
        if (strlen(scales[i].word) == n && !memcmp(scales[i].word, w, n))
            return scales[i].factor;
    return 0;
}

static bool is_alpha_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Splits text[0..len) into at most MAX_TOKENS tokens; returns how many. */
static size_t tokenize(const char *s, size_t len, struct tok *out)
{
    size_t n = 0, i = 0;
    while (i < len && n < MAX_TOKENS) {
        unsigned char c = (unsigned char)s[i];
        struct tok *t = &out[n];
        memset(t, 0, sizeof *t);
        if (c >= '0' && c <= '9') {
            double v = 0, frac = 0, div = 1;
            bool after_point = false;
            size_t j = i;
            for (; j < len; j++) {
                unsigned char d = (unsigned char)s[j];
                if (d >= '0' && d <= '9') {
                    if (after_point)
                        frac = frac * 10 + (d - '0'), div *= 10;
                    else
                        v = v * 10 + (d - '0');
                } else if ((d == '.' || d == ',') && j + 1 < len && s[j + 1] >= '0' &&
                           s[j + 1] <= '9' && !after_point) {
                    /* "1,000" groups thousands; "5.6" and "2,5" are decimals. */
                    size_t k = j + 1;
                    while (k < len && s[k] >= '0' && s[k] <= '9')
                        k++;
                    t->grouped = true;
                    if (d == ',' && k - j - 1 == 3)
                        continue;
                    after_point = true;
                } else {
                    break;
                }
            }
            t->kind = TOK_NUM;
            t->num = v + frac / div;
            n++;
            /* A scale or unit glued to the number ("74million", "2m", "5km"). */
            i = j;
            continue;
        }
        if (is_alpha_byte(c)) {
            size_t j = i;
            while (j < len && (is_alpha_byte((unsigned char)s[j]) || s[j] == '\''))
                j++;
            t->kind = TOK_WORD;
            size_t w = j - i < WORD_MAX ? j - i : WORD_MAX - 1;
            for (size_t k = 0; k < w; k++) {
                char ch = s[i + k];
                t->word[k] = (ch >= 'A' && ch <= 'Z') ? (char)(ch | 0x20) : ch;
            }
            t->len = (uint8_t)w;
            n++;
            i = j;
            continue;
        }
        char sign = 0;
        size_t w = 1;
        if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x82 &&
            (unsigned char)s[i + 2] == 0xAC)
            sign = 'E', w = 3;
        else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA3)
            sign = 'L', w = 2;
        else if (strchr("$/-.:,%", c) && c)
            sign = (char)c;
        if (sign) {
            t->kind = TOK_SIGN;
            t->sign = sign;
            n++;
        }
        i += w;
    }
    return n;
}

static void add(struct story_facts *out, uint8_t kind, uint32_t unit, double value)
{
    for (uint8_t i = 0; i < out->n; i++)
        if (out->f[i].kind == kind && out->f[i].unit == unit && out->f[i].value == (float)value)
            return;
    if (out->n < STORY_FACTS_MAX)
        out->f[out->n++] = (struct story_fact){unit, kind, (float)value};
}

static bool is_sign(const struct tok *t, size_t n, size_t i, const char *signs)
{
    return i < n && t[i].kind == TOK_SIGN && strchr(signs, t[i].sign);
}

static bool plain_int(const struct tok *t, size_t n, size_t i, double lo, double hi)
{
    return i < n && t[i].kind == TOK_NUM && !t[i].grouped && t[i].num >= lo && t[i].num <= hi &&
           !t[i].used;
}

/* A date around the month name at t[i]: "15 December 2008", "December 15,
 * 2008", "Dec. 11", "September 2010". */
static void read_month(struct tok *t, size_t n, size_t i, int month, struct story_facts *out)
{
    int day = 0;
    size_t j = i + 1;
    while (is_sign(t, n, j, "."))
        j++;
    if (i > 0 && plain_int(t, n, i - 1, 1, 31)) {
        day = (int)t[i - 1].num;
        t[i - 1].used = true;
    } else if (plain_int(t, n, j, 1, 31) && !is_sign(t, n, j + 1, ":")) {
        day = (int)t[j].num;
        t[j].used = true;
        j++;
    }
    int year = 0;
    for (size_t k = j; k < n && k < j + 3 && !year; k++) {
        if (plain_int(t, n, k, 1900, 2099)) {
            year = (int)t[k].num;
            t[k].used = true;
        } else if (t[k].kind != TOK_SIGN) {
            break;
        }
    }
    if (year && day)
        add(out, FACT_DAY, 0, (double)time_days_from_civil(year, month, day));
    else if (year)
        add(out, FACT_MONTH, 0, year * 12.0 + month - 1);
    else if (day)
        add(out, FACT_MONTHDAY, 0, (month - 1) * 31.0 + day - 1);
}

/* A numeric date at t[i]: "2013 - 09 - 26", "14 / 09 / 2013", "11/28/05". */
static bool read_numeric_date(struct tok *t, size_t n, size_t i, struct story_facts *out)
{
    if (!(is_sign(t, n, i + 1, "/-.") && is_sign(t, n, i + 3, "/-.") &&
          t[i + 1].sign == t[i + 3].sign && plain_int(t, n, i, 1, 2099) &&
          plain_int(t, n, i + 2, 1, 31) && plain_int(t, n, i + 4, 1, 2099)))
        return false;
    int a = (int)t[i].num, b = (int)t[i + 2].num, c = (int)t[i + 4].num;
    int y = 0, m = 0, d = 0;
    if (a >= 1900 && b <= 12 && c <= 31)
        y = a, m = b, d = c;
    else if (a <= 31 && (c >= 1900 || c < 100)) {
        y = c < 100 ? 2000 + c : c;
        if (a > 12 && b <= 12)
            d = a, m = b;
        else if (b > 12 && a <= 12)
            m = a, d = b;
    }
    if (!y || y > 2099)
        return false;
    for (size_t k = i; k <= i + 4; k++)
        t[k].used = true;
    if (m && d)
        add(out, FACT_DAY, 0, (double)time_days_from_civil(y, m, d));
    else
        add(out, FACT_YEAR, 0, y);
    return true;
}

static uint32_t unit_hash(const char *w, size_t n)
{
    if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's')
        n--; /* "people" and "euros": the plural is the same unit */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h ? h : 1;
}

/* A figure at the number t[i]: its scale, and the unit it counts. */
static void read_figure(const struct tok *t, size_t n, size_t i, struct story_facts *out)
{
    double v = t[i].num;
    size_t j = i + 1;
    if (j < n && t[j].kind == TOK_WORD) {
        double f = scale_of(t[j].word, t[j].len);
        if (f)
            v *= f, j++;
    }
    const char *unit = NULL;
    size_t ulen = 0;
    char money[2] = {0};
    if (i > 0 && is_sign(t, n, i - 1, "$EL")) {
        money[0] = t[i - 1].sign;
        unit = money, ulen = 1;
    } else if (is_sign(t, n, j, "%")) {
        unit = "%", ulen = 1;
    } else {
        while (is_sign(t, n, j, "-"))
            j++;
        if (j < n && t[j].kind == TOK_WORD && t[j].len >= 2) {
            unit = t[j].word, ulen = t[j].len;
        } else if (i > 0 && t[i - 1].kind == TOK_WORD && t[i - 1].len >= 2) {
            unit = t[i - 1].word, ulen = t[i - 1].len;
        } else if (i > 1 && is_sign(t, n, i - 1, "-") && t[i - 2].kind == TOK_WORD) {
            unit = t[i - 2].word, ulen = t[i - 2].len;
        }
    }
    /* Plain counts ("10 people", "23 crew") change as a story unfolds; a
     * measure ("magnitude 5.6"), an amount ("2 million", "$2.6") does not. */
    if (unit && (t[i].grouped || v != t[i].num || money[0]))
        add(out, FACT_FIGURE, unit_hash(unit, ulen), v);
}

void story_facts_read(const char *text, size_t len, int64_t published, struct story_facts *out)
{
    struct tok t[MAX_TOKENS];
    size_t n = tokenize(text, len, t);
    int64_t today = published > 0 ? published / 86400 : 0;
    /* Days named by weekday count only when the text names no date itself:
     * the publication time they are read against may be a fetch time. */
    struct story_facts rel = {0};
    uint8_t before = out->n;
    for (size_t i = 0; i < n; i++) {
        int m = month_of(&t[i]);
        if (m && ((i > 0 && plain_int(t, n, i - 1, 1, 31)) ||
                  (i + 1 < n && (t[i + 1].kind == TOK_NUM || is_sign(t, n, i + 1, "."))))) {
            read_month(t, n, i, m, out);
            continue;
        }
        if (today) {
            int wd = weekday_of(&t[i]);
            /* 1970-01-01 was a Thursday (3 from Monday); the day named is the
             * last one on or before the publication day. */
            if (wd >= 0) {
                int64_t pub_wd = (today + 3) % 7;
                add(&rel, FACT_WEEKDAY, 0, (double)(today - (pub_wd - wd + 7) % 7));
            } else if (word_is(&t[i], "yesterday") || word_is(&t[i], "igår")) {
                add(&rel, FACT_WEEKDAY, 0, (double)(today - 1));
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (t[i].kind != TOK_NUM || t[i].used)
            continue;
        if (read_numeric_date(t, n, i, out))
            continue;
        if (is_sign(t, n, i + 1, ":") || (i > 0 && is_sign(t, n, i - 1, ":")))
            continue; /* a time of day */
        bool money = i > 0 && is_sign(t, n, i - 1, "$EL");
        bool scaled =
            i + 1 < n && t[i + 1].kind == TOK_WORD && scale_of(t[i + 1].word, t[i + 1].len);
        if (plain_int(t, n, i, 1900, 2099) && !money && !scaled)
            add(out, FACT_YEAR, 0, t[i].num);
        else
            read_figure(t, n, i, out);
    }
    bool dated = false;
    for (uint8_t k = before; k < out->n && !dated; k++)
        dated = out->f[k].kind != FACT_FIGURE && out->f[k].kind != FACT_NAME;
    for (uint8_t k = 0; k < rel.n && !dated; k++)
        add(out, rel.f[k].kind, 0, rel.f[k].value);
}

static bool is_date(const struct story_fact *f)
{
    return f->kind != FACT_FIGURE && f->kind != FACT_NAME;
}

/* Whether a and b are of one kind for conflicts: dates, names, or figures of one unit. */
static bool same_kind(const struct story_fact *a, const struct story_fact *b)
{
    if (is_date(a) || is_date(b))
        return is_date(a) && is_date(b);
    return a->kind == b->kind && (a->kind == FACT_NAME || a->unit == b->unit);
}

uint32_t story_name_hash(const char *name, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)name[i]) * 16777619u;
    return h ? h : 1;
}

void story_facts_add_name(uint32_t hash, struct story_facts *out)
{
    add(out, FACT_NAME, hash, 1);
}

/* A date as the range of days (or, without a year, of days of a year) it covers. */
static void span(const struct story_fact *f, double *lo, double *hi)
{
    double v = f->value;
    if (f->kind == FACT_MONTH) {
        int y = (int)(v / 12), m = (int)v % 12 + 1;
        *lo = (double)time_days_from_civil(y, m, 1);
        *hi = (double)time_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
    } else if (f->kind == FACT_YEAR) {
        *lo = (double)time_days_from_civil((int)v, 1, 1);
        *hi = (double)time_days_from_civil((int)v + 1, 1, 1) - 1;
    } else {
        *lo = *hi = v;
    }
}

bool story_fact_comparable(const struct story_fact *a, const struct story_fact *b)
{
    if (!is_date(a) || !is_date(b))
        return same_kind(a, b);
    /* A day of a year unknown compares with days only. */
    if (a->kind == FACT_MONTHDAY || b->kind == FACT_MONTHDAY)
        return a->kind != FACT_MONTH && a->kind != FACT_YEAR && b->kind != FACT_MONTH &&
               b->kind != FACT_YEAR;
    /* A weekday is a day only as far as the publication time is the
     * article's own. A named date months or years from it is background the
     * other text recalls, or the sign of a time that is not the article's (a
     * page stamped when it was fetched): it tells nothing of two events, and
     * between articles months apart the time factor already does. */
    if ((a->kind == FACT_WEEKDAY) != (b->kind == FACT_WEEKDAY)) {
        double alo, ahi, blo, bhi;
        span(a, &alo, &ahi);
        span(b, &blo, &bhi);
        return alo <= bhi + WEEKDAY_REACH && blo <= ahi + WEEKDAY_REACH;
    }
    return true;
}

/* The day of the year, counted as FACT_MONTHDAY does, of a day since 1970. */
static double monthday(double days)
{
    time_t t = (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm.tm_mon * 31.0 + tm.tm_mday - 1;
}

bool story_fact_match(const struct story_fact *a, const struct story_fact *b)
{
    if (!story_fact_comparable(a, b))
        return false;
    if (a->kind == FACT_NAME)
        return a->unit == b->unit;
    if (a->kind == FACT_FIGURE) {
        double x = fabs((double)a->value), y = fabs((double)b->value);
        return fabs(x - y) <= FIGURE_SLACK * (x > y ? x : y);
    }
    if (a->kind == FACT_MONTHDAY || b->kind == FACT_MONTHDAY) {
        double x = a->kind == FACT_MONTHDAY ? a->value : monthday(a->value);
        double y = b->kind == FACT_MONTHDAY ? b->value : monthday(b->value);
        double d = fabs(x - y);
        return d <= DAY_SLACK || 372 - d <= DAY_SLACK;
    }
    double alo, ahi, blo, bhi;
    span(a, &alo, &ahi);
    span(b, &blo, &bhi);
    /* Days are days apart (a weekday names the day of the event itself, a
     * date may be a day before or after it); a month or year holds its days. */
    bool a_day = a->kind == FACT_DAY || a->kind == FACT_WEEKDAY;
    bool b_day = b->kind == FACT_DAY || b->kind == FACT_WEEKDAY;
    double slack = 0;
    if (a->kind == FACT_WEEKDAY && b->kind == FACT_WEEKDAY)
        slack = 1;
    else if (a_day && b_day)
        slack = DAY_SLACK;
    return alo <= bhi + slack && blo <= ahi + slack;
}

void story_facts_conflicts(const struct story_fact *a, size_t na, const struct story_fact *b,
                           size_t nb, struct story_conflicts *out)
{
    *out = (struct story_conflicts){0};
    for (size_t i = 0; i < na; i++) {
        if (a[i].kind == FACT_NAME)
            continue; /* the clusterer's (cl_core_missing) */
        /* Each kind once: the first fact of a of its kind stands for it. */
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = same_kind(&a[k], &a[i]);
        if (seen)
            continue;
        bool comparable = false, match = false;
        for (size_t x = i; x < na && !match; x++) {
            if (!same_kind(&a[x], &a[i]))
                continue;
            for (size_t y = 0; y < nb && !match; y++) {
                if (story_fact_comparable(&a[x], &b[y])) {
                    comparable = true;
                    match = story_fact_match(&a[x], &b[y]);
                }
            }
        }
        if (comparable && !match)
            ++*(is_date(&a[i]) ? &out->dates : &out->figures);
    }
}

