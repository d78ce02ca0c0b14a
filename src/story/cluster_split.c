/* Splits: a story whose members fall into two groups that each hold together
 * is cut in two (2-means, judged by the silhouette); the same measure keeps
 * two converging stories apart (story/cluster_int.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "story/cluster_int.h"

/* When to look at a story's members again: at every new member while it is
 * small (a wrong early join is cheapest to undo early), then every 25%. */
void cl_schedule_split(const struct story_clusterer *c, struct story *s)
{
    s->split_at = s->nvec < SPLIT_EVERY ? s->nvec + 1 : s->nvec + s->nvec / 4 + 1;
}

/* A dense sum of vectors: weights by term id in acc, the terms used in touched. */
struct dense {
    float *acc;
    uint32_t *touched;
    size_t nt;
    double norm;
};

/* Sums the vectors w[i] with side[i] == g. */
static void group_sum(struct dense *d, struct svec *const *w, const uint8_t *side, size_t n,
                      uint8_t g)
{
    d->nt = 0;
    for (size_t i = 0; i < n; i++) {
        if (!w[i] || side[i] != g)
            continue;
        for (uint32_t k = 0; k < w[i]->n; k++) {
            uint32_t t = w[i]->e[k].term;
            if (d->acc[t] == 0)
                d->touched[d->nt++] = t;
            d->acc[t] += w[i]->e[k].w;
        }
    }
    double s = 0;
    for (size_t i = 0; i < d->nt; i++)
        s += (double)d->acc[d->touched[i]] * d->acc[d->touched[i]];
    d->norm = sqrt(s);
}

static double dense_dot(const struct dense *d, const struct svec *v)
{
    double x = 0;
    for (uint32_t k = 0; k < v->n; k++)
        x += (double)d->acc[v->e[k].term] * v->e[k].w;
    return x;
}

static void dense_clear(struct dense *d)
{
    for (size_t i = 0; i < d->nt; i++)
        d->acc[d->touched[i]] = 0;
    d->nt = 0;
}

/* The mean silhouette of the grouping side[] of the vectors w[0..n) (NULL
 * ones left out), whose group sums are in g: how much more each member is like
 * its own group (without it) than the other, from -1 to 1. */
static double silhouette(struct svec *const *w, size_t n, const uint8_t *side,
                         const struct dense g[2])
{
    double sil = 0;
    size_t nv = 0;
    for (size_t i = 0; i < n; i++) {
        if (!w[i])
            continue;
        const struct dense *own = &g[side[i]], *other = &g[1 - side[i]];
        double od = dense_dot(own, w[i]);
        /* |own - w|^2 = |own|^2 - 2 own.w + |w|^2, and |w| = 1 */
        double rest = own->norm * own->norm - 2 * od + 1;
        double x = rest > 1e-9 ? (od - 1) / sqrt(rest) : 0;
        double y = other->norm ? dense_dot(other, w[i]) / other->norm : 0;
        double m = x > y ? x : y;
        sil += m > 0 ? (x - y) / m : 0;
        nv++;
    }
    return nv ? sil / (double)nv : -1;
}

/* 2-means over the vectors w[0..n) (NULL ones left out) from the grouping
 * side[] (0, 1, or 2 for none yet). Sets side[i] to 0 or 1, the groups' sums
 * in g[0] and g[1], and returns the grouping's silhouette. */
static double two_means(struct svec *const *w, size_t n, uint8_t *side, struct dense g[2])
{
    for (int round = 0; round <= SPLIT_ROUNDS; round++) {
        group_sum(&g[0], w, side, n, 0);
        group_sum(&g[1], w, side, n, 1);
        if (round == SPLIT_ROUNDS)
            break;
        for (size_t i = 0; i < n; i++) {
            if (!w[i])
                continue;
            double d0 = g[0].norm ? dense_dot(&g[0], w[i]) / g[0].norm : 0;
            double d1 = g[1].norm ? dense_dot(&g[1], w[i]) / g[1].norm : 0;
            side[i] = d0 >= d1 ? 0 : 1;
        }
        dense_clear(&g[0]);
        dense_clear(&g[1]);
    }
    return silhouette(w, n, side, g);
}

/* 2-means seeded with a and b, or (a == SIZE_MAX) with the member least like
 * the whole and the one least like that (two_means). */
static double bisect(struct svec *const *w, size_t n, uint8_t *side, struct dense g[2], size_t a,
                     size_t b)
{
    if (a == SIZE_MAX) {
        memset(side, 0, n);
        group_sum(&g[0], w, side, n, 0);
        double low = INFINITY;
        for (size_t i = 0; i < n; i++)
            if (w[i] && dense_dot(&g[0], w[i]) < low)
                low = dense_dot(&g[0], w[i]), a = i;
        dense_clear(&g[0]);
        low = INFINITY;
        for (size_t i = 0; a != SIZE_MAX && i < n; i++) {
            if (!w[i] || i == a)
                continue;
            double d = cl_sv_dot(w[a]->e, w[a]->n, w[i]->e, w[i]->n);
            if (d < low)
                low = d, b = i;
        }
    }
    if (b == SIZE_MAX)
        return -1;
    memset(side, 2, n);
    side[a] = 0;
    side[b] = 1;
    return two_means(w, n, side, g);
}

/* Moves the members with side[i] == leave (and the copies of those) out of s
 * into a new story, recording the split. */
static void split_off(struct story_clusterer *c, struct story *s, uint8_t *side, uint8_t leave)
{
    for (size_t i = 0; i < s->nm; i++) {
        if (s->m[i].vec)
            continue;
        side[i] = 1 - leave;
        for (size_t k = 0; k < s->nm; k++)
            if (s->m[k].vec && s->m[k].key == s->m[i].copy_of)
                side[i] = side[k];
    }
    uint32_t slot = cl_slot_of(c, s);
    struct story *t = cl_story_new(c, c->next_id);
    s = &c->stories[slot]; /* story_new may have moved the array */
    struct story_change *ch = cl_new_change(c);
    ch->kind = STORY_SPLIT;
    ch->from = s->id;
    ch->into = t->id;
    int64_t *moved = xmalloc(s->nm * sizeof *moved);
    size_t k = 0, nmoved = 0;
    for (size_t i = 0; i < s->nm; i++) {
        struct member m = s->m[i];
        if (side[i] != leave) {
            s->m[k++] = m;
            continue;
        }
        moved[nmoved++] = m.key;
        t->n++;
        t->nvec += m.vec != NULL;
        cl_add_time(t, m.time);
        cl_add_facts(t, m.facts.f, m.facts.n, c->p.who_conflict != 1);
        if (t->nm == t->capm) {
            t->capm = t->capm ? t->capm * 2 : 4;
            t->m = xrealloc(t->m, t->capm * sizeof *t->m);
        }
        t->m[t->nm++] = m;
        i64map_put(&c->docs, m.key, (struct i64val){t->id, m.newsroom});
    }
    ch->moved = moved;
    ch->nmoved = nmoved;
    s->nm = k;
    s->n -= nmoved;
    s->nvec -= t->nvec;
    s->first = s->last = 0;
    s->nfacts = 0;
    for (size_t i = 0; i < s->nm; i++) {
        cl_add_time(s, s->m[i].time);
        cl_add_facts(s, s->m[i].facts.f, s->m[i].facts.n, c->p.who_conflict != 1);
    }
    t->last_seq = s->last_seq;
    cl_schedule_split(c, t);
    cl_rebuild_centroid(c, s);
    cl_rebuild_centroid(c, t);
    /* The survivor's postings of terms it no longer weighs go stale on their
     * own; a new generation would cost a full re-post for little gain. */
    cl_reindex(c, s);
    cl_reindex(c, t);
    cl_touch(c, s);
    cl_touch(c, t);
}

/* The silhouette the grouping side[] (n0 and n1 members) of s needs to be
 * split; *conflict tells whether its groups name different dates or figures.
 * found_by_facts: the grouping was found from conflicting dates or from
 * names, and the dates then lower the bar no further. */
static double split_need(struct story_clusterer *c, const struct story *s, const uint8_t *side,
                         size_t n0, size_t n1, bool found_by_facts, bool *conflict)
{
    /* Two groups that name different dates, figures or people need to hold
     * together less to be told apart. */
    struct story grp[2] = {{0}, {0}};
    struct cl_hashes terms[2] = {{0}, {0}};
    bool who = c->p.who_conflict != 1;
    double nterms = 0;
    for (size_t i = 0; i < s->nm; i++) {
        if (!s->m[i].vec)
            continue;
        nterms += s->m[i].vec->n;
        cl_add_facts(&grp[side[i]], s->m[i].facts.f, s->m[i].facts.n, who);
        grp[side[i]].n++;
        if (who)
            cl_hashes_add(c, &terms[side[i]], s->m[i].vec->e, s->m[i].vec->n);
    }
    double facts = cl_conflict_factor(c, grp[0].facts, grp[0].nfacts, &grp[1]);
    double need = c->p.split_threshold * (found_by_facts ? 1 : facts);
    bool backed = facts < 1;
    *conflict = backed;
    /* Halves of a few words each (feed items) always look apart: the
     * silhouette compares cosines however small they are. */
    if (n0 + n1)
        need /= cl_short_factor(nterms / (double)(n0 + n1), c->p.split_short_terms);
    if (who) {
        cl_hashes_sort(&terms[0]);
        cl_hashes_sort(&terms[1]);
        if (cl_core_missing(grp[0].facts, grp[0].nfacts, grp[0].n, &terms[1]) &&
            cl_core_missing(grp[1].facts, grp[1].nfacts, grp[1].n, &terms[0])) {
            need *= c->p.who_conflict;
            backed = true;
        }
        free(terms[0].h);
        free(terms[1].h);
    }
    /* Words alone cut single events: two halves of one event, each told
     * with its own words (the sentencing and the escape it ended), reach
     * the bar about as often as two events do. A cut that no fact backs
     * needs to clear it by a margin. */
    if (!backed)
        need *= c->p.split_plain;
    return need;
}

/* A member's first date as a day (months and years at their first day; a
 * day of a year unknown is none), or NAN. */
static double member_day(const struct member *m)
{
    for (size_t k = 0; k < m->facts.n; k++) {
        const struct story_fact *f = &m->facts.f[k];
        if (f->kind == FACT_DAY || f->kind == FACT_WEEKDAY)
            return f->value;
        if (f->kind == FACT_MONTH)
            return (double)time_days_from_civil((int)(f->value / 12), (int)f->value % 12 + 1, 1);
        if (f->kind == FACT_YEAR)
            return (double)time_days_from_civil((int)f->value, 1, 1);
    }
    return NAN;
}

/* Two members to seed a grouping by dates: the one that names the earliest
 * date, and the one naming the latest of the dates that conflict with it.
 * False when no two members' dates conflict. */
static bool date_seeds(const struct story *s, size_t *a, size_t *b)
{
    *a = *b = SIZE_MAX;
    double first = INFINITY, last = -INFINITY;
    for (size_t i = 0; i < s->nm; i++) {
        double d = member_day(&s->m[i]);
        if (s->m[i].vec && d < first)
            first = d, *a = i;
    }
    for (size_t i = 0; *a != SIZE_MAX && i < s->nm; i++) {
        double d = member_day(&s->m[i]);
        if (!s->m[i].vec || !(d > last))
            continue;
        struct story_conflicts k;
        story_facts_conflicts(s->m[*a].facts.f, s->m[*a].facts.n, s->m[i].facts.f,
                              s->m[i].facts.n, &k);
        if (k.dates)
            last = d, *b = i;
    }
    return *b != SIZE_MAX;
}

static int by_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* A principal name of a story's members: how many name it, and which. */
struct named {
    uint32_t hash, count;
    uint64_t by[MAX_MEMBERS / 64];
};

static int by_count_desc(const void *x, const void *y)
{
    const struct named *a = x, *b = y;
    return (a->count < b->count) - (a->count > b->count);
}

/* A grouping by who: side[i] 0 for the members that name X in title or lead,
 * 1 for those that name Y, 2 for the rest, where X and Y are the two
 * principal names no member names together that the most members name (the
 * fewer of the two counts, then both), among the NAME_GROUPING_NAMES most
 * named. Two fights of one boxer name him in every article and each
 * opponent in about half, never both; the 2-means from the two members least
 * alike groups them by venue or belts instead. False when no two names of
 * two members or more are never named together. */
static bool name_groups(const struct story *s, uint8_t *side, uint32_t pair[2])
{
    size_t nh = 0, nn = 0, nv = 0;
    uint32_t *h = xmalloc((s->nm * STORY_FACTS_MAX + 1) * sizeof *h);
    for (size_t i = 0; i < s->nm; i++) {
        nv += s->m[i].vec != NULL;
        for (size_t k = 0; s->m[i].vec && k < s->m[i].facts.n; k++)
            if (s->m[i].facts.f[k].kind == FACT_NAME)
                h[nh++] = s->m[i].facts.f[k].unit;
    }
    qsort(h, nh, sizeof *h, by_u32);
    /* Each name once, as (hash, count) pairs over h itself. */
    for (size_t i = 0, j; i < nh; i = j) {
        for (j = i; j < nh && h[j] == h[i]; j++)
            ;
        if (j - i >= 2)
            h[2 * nn] = h[i], h[2 * nn + 1] = (uint32_t)(j - i), nn++;
    }
    struct named *nd = xmalloc((nn + 1) * sizeof *nd);
    for (size_t i = 0; i < nn; i++)
        nd[i] = (struct named){.hash = h[2 * i], .count = h[2 * i + 1]};
    free(h);
    qsort(nd, nn, sizeof *nd, by_count_desc);
    if (nn > NAME_GROUPING_NAMES)
        nn = NAME_GROUPING_NAMES;
    for (size_t i = 0; i < s->nm; i++)
        for (size_t k = 0; s->m[i].vec && k < s->m[i].facts.n; k++)
            for (size_t x = 0; x < nn && s->m[i].facts.f[k].kind == FACT_NAME; x++)
                if (nd[x].hash == s->m[i].facts.f[k].unit)
                    nd[x].by[i / 64] |= (uint64_t)1 << (i % 64);
    size_t bx = 0, by = 0;
    uint32_t best_min = 0, best_sum = 0;
    for (size_t x = 0; x < nn; x++) {
        for (size_t y = x + 1; y < nn; y++) {
            bool together = false;
            for (size_t k = 0; k < MAX_MEMBERS / 64 && !together; k++)
                together = (nd[x].by[k] & nd[y].by[k]) != 0;
            /* Sorted by count: y's is the fewer. */
            uint32_t lo = nd[y].count, sum = nd[x].count + nd[y].count;
            if (!together && (lo > best_min || (lo == best_min && sum > best_sum)))
                best_min = lo, best_sum = sum, bx = x, by = y;
        }
    }
    /* names_apart wants half of each group to name its name: two names
     * that fewer than half the members name cannot pass, so the 2-means
     * is not run for them. */
    bool found = best_min && 2 * (size_t)best_sum >= nv;
    if (found) {
        pair[0] = nd[bx].hash, pair[1] = nd[by].hash;
        for (size_t i = 0; i < s->nm; i++) {
            uint64_t bit = (uint64_t)1 << (i % 64);
            side[i] = nd[bx].by[i / 64] & bit ? 0 : nd[by].by[i / 64] & bit ? 1 : 2;
        }
    }
    free(nd);
    return found;
}

/* Whether the grouping side[] still tells the names pair[0] and pair[1]
 * apart: at least half of group g's members name pair[g] in title or lead,
 * and at most a quarter of the other group's name it anywhere (an article of
 * one fight may name the next opponent). */
static bool names_apart(const struct story_clusterer *c, const struct story *s, const uint8_t *side,
                        const uint32_t pair[2])
{
    size_t in[2] = {0, 0}, n[2] = {0, 0}, out[2] = {0, 0};
    for (size_t i = 0; i < s->nm; i++) {
        const struct member *m = &s->m[i];
        if (!m->vec)
            continue;
        uint8_t g = side[i];
        n[g]++;
        for (size_t k = 0; k < m->facts.n; k++)
            in[g] += m->facts.f[k].kind == FACT_NAME && m->facts.f[k].unit == pair[g];
        for (uint32_t k = 0; k < m->vec->n; k++)
            if (c->ti[m->vec->e[k].term].hash == pair[1 - g])
                out[g]++;
    }
    return 2 * in[0] >= n[0] && 2 * in[1] >= n[1] && 4 * out[0] <= n[0] && 4 * out[1] <= n[1];
}

/* How a grouping of a story's members was found: 2-means from the two
 * members least alike, from the earliest and the latest of dates that
 * conflict, or from the members naming one and another of two principal
 * names never named together (name_groups). */
enum grouping { BY_WORDS, BY_DATES, BY_NAMES };

/* Splits s in two when its members fall into two groups that each hold
 * together better than with the other (mean silhouette of a 2-means split of
 * at least split_threshold, less when the groups' facts differ), the larger
 * group keeping the story. Of the groupings (enum grouping) whose groups
 * still differ as they were found, the one that clears its bar by the most
 * is taken. */
void cl_try_split(struct story_clusterer *c, struct story *s)
{
    cl_schedule_split(c, s);
    if (s->nm < s->n)
        return; /* members past MAX_MEMBERS are not in memory to move */
    struct svec **w = xcalloc(s->nm, sizeof *w);
    uint8_t *side = xmalloc(s->nm), *alt = xmalloc(s->nm);
    for (size_t i = 0; i < s->nm; i++)
        if (s->m[i].vec)
            w[i] = cl_reweigh(c, s->m[i].vec);
    struct dense g[2] = {{c->acc, c->touched, 0, 0}, {c->acc2, c->touched2, 0, 0}};
    double margin = -INFINITY;
    size_t keep0 = 0, keep1 = 0;
    uint32_t pair[2] = {0, 0};
    for (int by = BY_WORDS; by <= BY_NAMES; by++) {
        size_t a = SIZE_MAX, b = SIZE_MAX;
        double sil;
        if (by == BY_DATES && !date_seeds(s, &a, &b))
            continue;
        if (by == BY_NAMES) {
            if (!name_groups(s, alt, pair))
                continue;
            sil = two_means(w, s->nm, alt, g);
        } else {
            sil = bisect(w, s->nm, alt, g, a, b);
        }
        dense_clear(&g[0]);
        dense_clear(&g[1]);
        size_t n0 = 0, n1 = 0;
        for (size_t i = 0; i < s->nm; i++) {
            n0 += w[i] && alt[i] == 0;
            n1 += w[i] && alt[i] == 1;
        }
        if (n0 < 2 || n1 < 2)
            continue;
        bool conflict;
        double need = split_need(c, s, alt, n0, n1, by != BY_WORDS, &conflict);
        /* A grouping the dates or the names found spends their evidence
         * finding it: it is cut at the bar words alone would need, the dates
         * lowering it no further (split_threshold, or split_threshold *
         * split_plain when no date backs it: names' groupings always at
         * split_threshold cut single events of feed items), if its groups
         * still differ as they were found. */
        if ((by == BY_DATES && !conflict) ||
            (by == BY_NAMES && !names_apart(c, s, alt, pair)))
            continue;
        /* In a story of a few articles, two that words alone set apart are
         * a side of its event (two rewrites of one wire text, two feed
         * items whose summary is a dateline) more often than a second
         * event: a cut by words that no date backs leaves SPLIT_PLAIN_MIN
         * members or more on each side, unless the other side holds
         * SPLIT_EVERY or more (two articles standing apart from a story
         * that held that many together are how a second event begins). */
        size_t fewer = n0 < n1 ? n0 : n1, more = n0 < n1 ? n1 : n0;
        if (by == BY_WORDS && !conflict && fewer < SPLIT_PLAIN_MIN && more < SPLIT_EVERY)
            continue;
        if (sil - need > margin) {
            margin = sil - need;
            keep0 = n0, keep1 = n1;
            memcpy(side, alt, s->nm);
        }
    }
    for (size_t i = 0; i < s->nm; i++)
        free(w[i]);
    free(w);
    free(alt);
    if (margin >= 0)
        split_off(c, s, side, keep0 >= keep1 ? 1 : 0);
    free(side);
}

/* ---- candidates ---- */

/* The silhouette of two stories taken as the two groups of their members:
 * below split_threshold they would not be split apart if they were one. */
double cl_apart(struct story_clusterer *c, const struct story *s, const struct story *t)
{
    size_t n = s->nm + t->nm;
    struct svec **w = xcalloc(n, sizeof *w);
    uint8_t *side = xmalloc(n);
    for (size_t i = 0; i < n; i++) {
        const struct member *m = i < s->nm ? &s->m[i] : &t->m[i - s->nm];
        side[i] = i >= s->nm;
        if (m->vec)
            w[i] = cl_reweigh(c, m->vec);
    }
    struct dense g[2] = {{c->acc, c->touched, 0, 0}, {c->acc2, c->touched2, 0, 0}};
    group_sum(&g[0], w, side, n, 0);
    group_sum(&g[1], w, side, n, 1);
    double sil = silhouette(w, n, side, g);
    dense_clear(&g[0]);
    dense_clear(&g[1]);
    for (size_t i = 0; i < n; i++)
        free(w[i]);
    free(w);
    free(side);
    return sil;
}
