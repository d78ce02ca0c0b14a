/* The clusterer's stories: slots, members, centroids, the inverted index of
 * their heaviest terms, similarity and merges (story/cluster_int.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "story/cluster_int.h"

void cl_member_clear(struct member *m)
{
    free(m->vec);
    free(m->title);
}

struct story *cl_story_at(struct story_clusterer *c, int64_t id)
{
    struct i64val *v = i64map_get(&c->story_slot, id);
    return v ? &c->stories[v->a] : NULL;
}

uint32_t cl_slot_of(const struct story_clusterer *c, const struct story *s)
{
    return (uint32_t)(s - c->stories);
}

void cl_reserve_slots(struct story_clusterer *c, size_t n)
{
    if (n <= c->capslots)
        return;
    size_t old = c->capslots;
    while (c->capslots < n)
        c->capslots = c->capslots ? c->capslots * 2 : 256;
    c->stories = xrealloc(c->stories, c->capslots * sizeof *c->stories);
    c->cand = xrealloc(c->cand, c->capslots * sizeof *c->cand);
    c->cand_slots = xrealloc(c->cand_slots, c->capslots * sizeof *c->cand_slots);
    memset(c->cand + old, 0, (c->capslots - old) * sizeof *c->cand);
}

struct story *cl_story_new(struct story_clusterer *c, int64_t id)
{
    uint32_t slot;
    if (c->nfree) {
        slot = c->free_slots[--c->nfree];
    } else {
        cl_reserve_slots(c, c->nslots + 1);
        slot = (uint32_t)c->nslots++;
        c->stories[slot].gen = 0;
    }
    struct story *s = &c->stories[slot];
    uint32_t gen = s->gen + 1;
    memset(s, 0, sizeof *s);
    s->gen = gen;
    s->id = id;
    s->live = true;
    s->split_at = SPLIT_MIN;
    c->live++;
    if (id >= c->next_id)
        c->next_id = id + 1;
    i64map_put(&c->story_slot, id, (struct i64val){slot, 0});
    return s;
}

void cl_touch(struct story_clusterer *c, struct story *s)
{
    if (s->dirty)
        return;
    s->dirty = true;
    if (c->ntouched_ids == c->captouched_ids) {
        c->captouched_ids = c->captouched_ids ? c->captouched_ids * 2 : 64;
        c->touched_ids = xrealloc(c->touched_ids, c->captouched_ids * sizeof *c->touched_ids);
    }
    c->touched_ids[c->ntouched_ids++] = s->id;
}

/* Releases a story's memory and slot; its postings turn stale. */
void cl_story_drop(struct story_clusterer *c, struct story *s, bool forget_docs)
{
    for (size_t i = 0; i < s->nm; i++) {
        if (forget_docs)
            i64map_del(&c->docs, s->m[i].key);
        cl_member_clear(&s->m[i]);
    }
    free(s->m);
    free(s->cent);
    i64map_del(&c->story_slot, s->id);
    uint32_t gen = s->gen + 1;
    memset(s, 0, sizeof *s);
    s->gen = gen;
    c->live--;
    if (c->nfree == c->capfree) {
        c->capfree = c->capfree ? c->capfree * 2 : 64;
        c->free_slots = xrealloc(c->free_slots, c->capfree * sizeof *c->free_slots);
    }
    c->free_slots[c->nfree++] = cl_slot_of(c, s);
}

static void post(struct story_clusterer *c, uint32_t term, struct story *s)
{
    struct term_info *ti = &c->ti[term];
    if (ti->npost == ti->cappost) {
        /* Drop stale postings before growing the list. */
        uint32_t k = 0;
        for (uint32_t i = 0; i < ti->npost; i++) {
            const struct story *o = &c->stories[ti->post[i].slot];
            if (o->live && o->gen == ti->post[i].gen)
                ti->post[k++] = ti->post[i];
        }
        ti->npost = k;
        if (ti->npost * 2 >= ti->cappost) {
            ti->cappost = ti->cappost ? ti->cappost * 2 : 4;
            ti->post = xrealloc(ti->post, ti->cappost * sizeof *ti->post);
        }
    }
    ti->post[ti->npost++] = (struct posting){cl_slot_of(c, s), s->gen};
}

/* Posts the story's heaviest centroid terms that are not posted yet. */
void cl_reindex(struct story_clusterer *c, struct story *s)
{
    float cut = s->ncent > INDEX_TERMS ? cl_kth_weight(c, s->cent, s->ncent, INDEX_TERMS) : 0;
    for (uint32_t i = 0, posted = 0; i < s->ncent && posted < INDEX_TERMS; i++) {
        if (s->cent[i].w < cut)
            continue;
        posted++;
        uint32_t t = s->cent[i].term;
        bool have = false;
        for (uint32_t k = 0; k < s->nindexed && !have; k++)
            have = s->indexed[k] == t;
        if (have)
            continue;
        if (s->nindexed == INDEXED_MAX) {
            /* A new generation makes every old posting of the story stale. */
            s->gen++;
            s->nindexed = 0;
            cl_reindex(c, s);
            return;
        }
        s->indexed[s->nindexed++] = t;
        post(c, t, s);
    }
}

/* Sets the centroid to the sum of the members' vectors, weighed anew. */
void cl_rebuild_centroid(struct story_clusterer *c, struct story *s)
{
    c->ntouched2 = 0;
    for (size_t i = 0; i < s->nm; i++) {
        if (!s->m[i].vec)
            continue;
        struct svec *v = cl_reweigh(c, s->m[i].vec);
        for (uint32_t k = 0; k < v->n; k++) {
            uint32_t t = v->e[k].term;
            if (c->acc2[t] == 0)
                c->touched2[c->ntouched2++] = t;
            c->acc2[t] += v->e[k].w;
        }
        free(v);
    }
    cl_reserve_scratch(c, c->ntouched2);
    uint32_t n = 0;
    for (size_t i = 0; i < c->ntouched2; i++) {
        uint32_t t = c->touched2[i];
        if (c->acc2[t] > 0)
            c->scratch[n++] = (struct sv){t, c->acc2[t]};
        c->acc2[t] = 0;
    }
    cl_keep_heaviest(c, c->scratch, &n, CENTROID_TERMS);
    qsort(c->scratch, n, sizeof *c->scratch, cl_by_term);
    free(s->cent);
    s->cent = xmalloc((n ? n : 1) * sizeof *s->cent);
    memcpy(s->cent, c->scratch, n * sizeof *s->cent);
    s->ncent = n;
    s->norm = cl_sv_norm(s->cent, n);
}

/* Adds a vector (or another centroid) to the centroid. */
static void centroid_add(struct story_clusterer *c, struct story *s, const struct sv *e, size_t n)
{
    cl_reserve_scratch(c, s->ncent + n);
    uint32_t k = 0;
    size_t i = 0, j = 0;
    while (i < s->ncent || j < n) {
        if (j == n || (i < s->ncent && s->cent[i].term < e[j].term))
            c->scratch[k++] = s->cent[i++];
        else if (i == s->ncent || e[j].term < s->cent[i].term)
            c->scratch[k++] = e[j++];
        else {
            c->scratch[k++] = (struct sv){s->cent[i].term, s->cent[i].w + e[j].w};
            i++, j++;
        }
    }
    cl_keep_heaviest(c, c->scratch, &k, CENTROID_TERMS);
    s->cent = xrealloc(s->cent, (k ? k : 1) * sizeof *s->cent);
    memcpy(s->cent, c->scratch, k * sizeof *s->cent);
    s->ncent = k;
    s->norm = cl_sv_norm(s->cent, k);
}

void cl_add_time(struct story *s, int64_t t)
{
    if (!t)
        return;
    if (!s->first || t < s->first)
        s->first = t;
    if (t > s->last)
        s->last = t;
}

/* Appends a member (taking its raw vector and title) and counts it; its
 * weighted vector w (NULL for a copy) joins the centroid. */
void cl_add_member(struct story_clusterer *c, struct story *s, struct member *m,
                   const struct svec *w)
{
    s->n++;
    s->last_seq = c->seq;
    cl_add_time(s, m->time);
    cl_add_facts(s, m->facts.f, m->facts.n, c->p.who_conflict != 1);
    if (w) {
        s->nvec++;
        centroid_add(c, s, w->e, w->n);
        cl_reindex(c, s);
    }
    cl_age_members(c, s);
    if (s->nm == MAX_MEMBERS) {
        cl_member_clear(m);
        return;
    }
    if (s->nm == s->capm) {
        s->capm = s->capm ? s->capm * 2 : 4;
        s->m = xrealloc(s->m, s->capm * sizeof *s->m);
    }
    s->m[s->nm++] = *m;
    i64map_put(&c->docs, m->key, (struct i64val){s->id, m->newsroom});
}

void cl_age_members(struct story_clusterer *c, struct story *s)
{
    if (c->p.horizon <= 0)
        return;
    size_t kept = 0;
    for (size_t i = 0; i < s->nm; i++) {
        struct member *m = &s->m[i];
        if (m->time && c->newest - m->time > c->p.horizon) {
            i64map_del(&c->docs, m->key);
            cl_member_clear(m);
        } else {
            s->m[kept++] = *m;
        }
    }
    s->nm = kept;
}

void cl_add_facts(struct story *s, const struct story_fact *f, size_t n, bool names)
{
    for (size_t i = 0; i < n; i++) {
        if (f[i].kind == FACT_NAME && !names)
            continue;
        bool have = false;
        for (uint32_t k = 0; k < s->nfacts && !have; k++) {
            struct story_fact *g = &s->facts[k];
            have = g->kind == f[i].kind && g->unit == f[i].unit &&
                   (g->kind == FACT_NAME || g->value == f[i].value);
            if (have && g->kind == FACT_NAME)
                g->value += f[i].value; /* how many articles name it */
        }
        if (!have && s->nfacts < STORY_FACTS_KEPT)
            s->facts[s->nfacts++] = f[i];
    }
}

double cl_conflict_factor(const struct story_clusterer *c, const struct story_fact *f, size_t n,
                          const struct story *s)
{
    struct story_conflicts k;
    story_facts_conflicts(f, n, s->facts, s->nfacts, &k);
    return (k.dates ? c->p.date_conflict : 1) * (k.figures ? pow(c->p.figure_conflict, k.figures) : 1);
}

/* ---- who ---- */

void cl_hashes_add(const struct story_clusterer *c, struct cl_hashes *h, const struct sv *e,
                   size_t n)
{
    if (h->n + n > h->cap) {
        h->cap = (h->n + n) * 2;
        h->h = xrealloc(h->h, h->cap * sizeof *h->h);
    }
    for (size_t i = 0; i < n; i++)
        h->h[h->n++] = c->ti[e[i].term].hash;
}

static int by_hash(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

void cl_hashes_sort(struct cl_hashes *h)
{
    qsort(h->h, h->n, sizeof *h->h, by_hash);
}

bool cl_core_missing(const struct story_fact *f, size_t n, size_t members, const struct cl_hashes *h)
{
    size_t core = 0, missing = 0;
    for (size_t i = 0; i < n; i++) {
        if (f[i].kind != FACT_NAME || 2 * (double)f[i].value < (double)members)
            continue;
        core++;
        missing += !bsearch(&f[i].unit, h->h, h->n, sizeof *h->h, by_hash);
    }
    return core && (double)missing >= WHO_SHARE * (double)core;
}

/* The terms of a story's centroid as name hashes, sorted. */
static void centroid_hashes(const struct story_clusterer *c, const struct story *s,
                            struct cl_hashes *h)
{
    cl_hashes_add(c, h, s->cent, s->ncent);
    cl_hashes_sort(h);
}

double cl_who_factor(const struct story_clusterer *c, const struct story *s, const struct story *t)
{
    if (c->p.who_conflict == 1)
        return 1;
    struct cl_hashes hs = {0}, ht = {0};
    centroid_hashes(c, s, &hs);
    centroid_hashes(c, t, &ht);
    bool apart = cl_core_missing(s->facts, s->nfacts, s->n, &ht) &&
                 cl_core_missing(t->facts, t->nfacts, t->n, &hs);
    free(hs.h);
    free(ht.h);
    return apart ? c->p.who_conflict : 1;
}

double cl_short_factor(double terms, size_t ref)
{
    return terms < (double)ref ? sqrt(terms / (double)ref) : 1;
}

/* How much the time between an article (at t) and a story counts against them. */
double cl_time_factor(const struct story_clusterer *c, int64_t t, const struct story *s)
{
    if (!t || !s->first || c->p.window <= 0)
        return 1;
    int64_t dt = t < s->first ? s->first - t : t > s->last ? t - s->last : 0;
    double x = (double)dt / (double)c->p.window;
    return 1 / (1 + x * x);
}

double cl_story_similarity(const struct story_clusterer *c, const struct story *a,
                           const struct story *b)
{
    if (!a->norm || !b->norm)
        return 0;
    double cos = cl_sv_dot(a->cent, a->ncent, b->cent, b->ncent) / (a->norm * b->norm);
    double f = 1;
    if (a->first && b->first) {
        int64_t dt = a->last < b->first   ? b->first - a->last
                     : b->last < a->first ? a->first - b->last
                                          : 0;
        double x = (double)dt / (double)c->p.window;
        f = c->p.window > 0 ? 1 / (1 + x * x) : 1;
    }
    return cos * f;
}

struct story_change *cl_new_change(struct story_clusterer *c)
{
    if (c->nchanges == c->capchanges) {
        c->capchanges = c->capchanges ? c->capchanges * 2 : 8;
        c->changes = xrealloc(c->changes, c->capchanges * sizeof *c->changes);
    }
    struct story_change *ch = &c->changes[c->nchanges++];
    memset(ch, 0, sizeof *ch);
    return ch;
}

/* Moves every member of from into into; from is gone afterwards. */
void cl_merge(struct story_clusterer *c, struct story *into, struct story *from)
{
    struct story_change *ch = cl_new_change(c);
    ch->kind = STORY_MERGED;
    ch->from = from->id;
    ch->into = into->id;
    into->n += from->n - from->nm;
    for (size_t i = 0; i < from->nm; i++) {
        struct member m = from->m[i];
        into->n++;
        cl_add_time(into, m.time);
        if (m.vec)
            into->nvec++;
        if (into->nm == MAX_MEMBERS) {
            i64map_del(&c->docs, m.key);
            cl_member_clear(&m);
            continue;
        }
        if (into->nm == into->capm) {
            into->capm = into->capm ? into->capm * 2 : 4;
            into->m = xrealloc(into->m, into->capm * sizeof *into->m);
        }
        into->m[into->nm++] = m;
        i64map_put(&c->docs, m.key, (struct i64val){into->id, m.newsroom});
    }
    from->nm = 0;
    if (from->last_seq > into->last_seq)
        into->last_seq = from->last_seq;
    cl_add_facts(into, from->facts, from->nfacts, c->p.who_conflict != 1);
    centroid_add(c, into, from->cent, from->ncent);
    cl_reindex(c, into);
    cl_touch(c, into);
    cl_story_drop(c, from, false);
}
