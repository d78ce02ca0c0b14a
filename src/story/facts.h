/* Who, when and how many: the names, dates and figures an article's title and
 * lead name, read so that two articles about the same kind of event can be
 * told apart when they name different ones (Vincent Jackson vs Jamal
 * Williams; "in 2008" vs "26 September 2013"; magnitude 5.6 vs 5.9; 85
 * million euros vs 2 million euros). Dates are calendar dates, months or
 * years ("on Tuesday", "yesterday" count when the publication time is known);
 * a figure is a number with the word it counts ("magnitude 5.6", "$2.6
 * million"). Names are the clusterer's one-word name terms (story/terms.h) of
 * the title and lead, added by it with story_facts_add_name. */
#ifndef OMNIBUS_STORY_FACTS_H
#define OMNIBUS_STORY_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum story_fact_kind {
    FACT_DAY = 1,  /* value: days since 1970-01-01 */
    FACT_MONTH,    /* value: year * 12 + month - 1 */
    FACT_YEAR,     /* value: the year */
    FACT_MONTHDAY, /* no year named: value: (month - 1) * 31 + day - 1 */
    FACT_FIGURE,   /* value: the number, with its scale; unit: what it counts */
    FACT_WEEKDAY,  /* a day named by its weekday or "yesterday": value as FACT_DAY */
    FACT_NAME,     /* a person, place or body named in the title or lead: unit: its
                      hash; value: how many articles name it (1 for one article) */
};

struct story_fact {
    uint32_t unit; /* a hash of the counted word (figures) or of the name, 0 for dates */
    uint8_t kind;
    float value;
};

#define STORY_FACTS_MAX 24

/* At most STORY_FACTS_MAX facts, the first named first. */
struct story_facts {
    struct story_fact f[STORY_FACTS_MAX];
    uint8_t n;
};

/* Appends the facts named in text[0..len) (English or Swedish calendar words;
 * digits in any language) to out, until it is full; it reads a lead, and
 * looks no further than its first 256 words, numbers and signs. published is the
 * article's time (0 when unknown), which days of the week and "yesterday"
 * are read against. */
void story_facts_read(const char *text, size_t len, int64_t published, struct story_facts *out);

/* The hash a name fact keeps of the term name[0..len) (never 0). */
uint32_t story_name_hash(const char *name, size_t len);
/* Appends the name of hash story_name_hash(term) (a term case-folded and
 * stemmed as the clusterer's are) to out, unless it is there or out is full. */
void story_facts_add_name(uint32_t hash, struct story_facts *out);

/* Whether a and b name the same date, figure or name: a day within a week of
 * another, a month or year that holds it, a figure within 5% of another of
 * the same unit, the same name. */
bool story_fact_match(const struct story_fact *a, const struct story_fact *b);
/* Whether a and b can be compared at all: dates with dates (a year and a day
 * without a year cannot, nor a weekday's day and a date named more than a
 * month from it), figures of the same unit, names with names. */
bool story_fact_comparable(const struct story_fact *a, const struct story_fact *b);

/* How many kinds of fact a[0..na) and b[0..nb) both name without naming one
 * value in common: the evidence that they tell of different events. dates
 * is 1 when their dates differ, figures counts the units of figure. Names are
 * compared by the clusterer against all of the other side's terms
 * (cl_core_missing). */
struct story_conflicts {
    int dates, figures;
};
void story_facts_conflicts(const struct story_fact *a, size_t na, const struct story_fact *b,
                           size_t nb, struct story_conflicts *out);

#endif
