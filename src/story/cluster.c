/* The online clusterer behind story/cluster.h.
 *
 * Vectors are sparse arrays sorted by term id. A document's weights are
 * (1 + ln tf) * idf, times name_weight or number_weight, normalised, and cut to
 * its DOC_TERMS heaviest terms; idf = ln((N + 1) / (df + 1)) + 1 over the
 * originals seen so far (copies do not count: a wire text run by fifty outlets
 * is one text). A story's centroid is the sum of its members' vectors, cut to
 * CENTROID_TERMS terms; similarity is the cosine to it.
 *
 * Candidates: every story posts its INDEX_TERMS heaviest centroid terms in an
 * inverted index (term -> stories). A document looks up its QUERY_TERMS
 * heaviest terms, scanning at most POSTING_SCAN of the newest postings of each,
 * and scores the CANDIDATES stories that share the most weight with it. Postings
 * carry the story slot's generation, so postings of stories that were merged,
 * evicted or re-indexed are recognised as stale and dropped when a list grows. */
#include "story/cluster.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/xalloc.h"
#include "story/cluster_int.h"
#include "story/neardup.h"
#include "story/newsroom.h"
#include "story/terms.h"

void story_params_default(struct story_params *p)
{
    *p = (struct story_params){
        .threshold = 0.15,
        .merge_threshold = 0.4,
        .split_threshold = 0.4,
        .window = 3 * 86400,
        .horizon = 7 * 86400,
        .title_weight = 3,
        .lead_weight = 3,
        .lead_words = 60,
        .name_weight = 1.5,
        .number_weight = 2.5,
        .entity_weight = 4,
        .date_conflict = 0.5,
        .figure_conflict = 1,
        .who_conflict = 1,
        .who_words = 15,
        .facts_lead = 600,
        .short_terms = 40,
        .split_short_terms = 20,
        .split_plain = 1.1,
        .max_live = 200000,
        .dup_capacity = 30000,
        .max_terms = 500000,
    };
}

enum err story_params_set(struct story_params *p, const char *assignment, struct errbuf *eb)
{
    static const struct {
        const char *name;
        size_t off;
        char type; /* d: double, i: int64_t, z: size_t */
    } fields[] = {
        {"threshold", offsetof(struct story_params, threshold), 'd'},
        {"merge_threshold", offsetof(struct story_params, merge_threshold), 'd'},
        {"split_threshold", offsetof(struct story_params, split_threshold), 'd'},
        {"window", offsetof(struct story_params, window), 'i'},
        {"horizon", offsetof(struct story_params, horizon), 'i'},
        {"title_weight", offsetof(struct story_params, title_weight), 'd'},
        {"lead_weight", offsetof(struct story_params, lead_weight), 'd'},
        {"lead_words", offsetof(struct story_params, lead_words), 'z'},
        {"name_weight", offsetof(struct story_params, name_weight), 'd'},
        {"number_weight", offsetof(struct story_params, number_weight), 'd'},
        {"entity_weight", offsetof(struct story_params, entity_weight), 'd'},
        {"date_conflict", offsetof(struct story_params, date_conflict), 'd'},
        {"figure_conflict", offsetof(struct story_params, figure_conflict), 'd'},
        {"who_conflict", offsetof(struct story_params, who_conflict), 'd'},
        {"who_words", offsetof(struct story_params, who_words), 'z'},
        {"facts_lead", offsetof(struct story_params, facts_lead), 'z'},
        {"short_terms", offsetof(struct story_params, short_terms), 'z'},
        {"split_short_terms", offsetof(struct story_params, split_short_terms), 'z'},
        {"split_plain", offsetof(struct story_params, split_plain), 'd'},
        {"max_live", offsetof(struct story_params, max_live), 'z'},
        {"dup_capacity", offsetof(struct story_params, dup_capacity), 'z'},
        {"max_terms", offsetof(struct story_params, max_terms), 'z'},
    };
    const char *eq = strchr(assignment, '=');
    size_t n = eq ? (size_t)(eq - assignment) : 0;
    for (size_t i = 0; eq && i < sizeof fields / sizeof fields[0]; i++) {
        if (strlen(fields[i].name) != n || strncmp(fields[i].name, assignment, n))
            continue;
        char *end;
        errno = 0;
        double v = strtod(eq + 1, &end);
        if (end == eq + 1 || *end || errno || v < 0 || (fields[i].type != 'd' && v != floor(v)))
            return errf(eb, ERR_INVALID, "%s: not a valid value", assignment);
        char *field = (char *)p + fields[i].off;
        if (fields[i].type == 'd')
            *(double *)field = v;
        else if (fields[i].type == 'i')
            *(int64_t *)field = (int64_t)v;
        else
            *(size_t *)field = (size_t)v;
        return ERR_OK;
    }
    return errf(eb, ERR_INVALID, "%s: expected NAME=VALUE with a known parameter name", assignment);
}

void story_clusterer_new(const struct story_params *p, int64_t first_id,
                         struct story_clusterer **out)
{
    struct story_clusterer *c = xcalloc(1, sizeof *c);
    if (p)
        c->p = *p;
    else
        story_params_default(&c->p);
    story_termer_new(&c->termer);
    story_terms_init(&c->words);
    intern_init(&c->dict, MAX_VOCAB);
    intern_init(&c->strings, MAX_VOCAB);
    i64map_init(&c->story_slot);
    i64map_init(&c->docs);
    story_dupindex_new(c->p.dup_capacity, &c->dups);
    for (uint32_t i = 0; i < LN_TABLE; i++)
        c->ln_table[i] = log((double)i + 1);
    c->vocab_cap = c->p.max_terms;
    c->next_id = first_id > 0 ? first_id : 1;
    *out = c;
}

void story_clusterer_free(struct story_clusterer *c)
{
    if (!c)
        return;
    for (size_t s = 0; s < c->nslots; s++) {
        for (size_t i = 0; i < c->stories[s].nm; i++)
            cl_member_clear(&c->stories[s].m[i]);
        free(c->stories[s].m);
        free(c->stories[s].cent);
    }
    for (size_t t = 0; t < c->dict.n; t++)
        free(c->ti[t].post);
    free(c->ti);
    free(c->stories);
    free(c->free_slots);
    story_termer_free(c->termer);
    story_terms_clear(&c->words);
    intern_clear(&c->dict);
    intern_clear(&c->strings);
    i64map_clear(&c->story_slot);
    i64map_clear(&c->docs);
    story_dupindex_free(c->dups);
    free(c->acc);
    free(c->acc2);
    free(c->flags);
    free(c->touched);
    free(c->touched2);
    free(c->scratch);
    free(c->wscratch);
    free(c->cand);
    free(c->cand_slots);
    for (size_t i = 0; i < c->nchanges; i++)
        free((void *)c->changes[i].moved);
    free(c->changes);
    free(c->touched_ids);
    free(c->strs);
    free(c->tokens);
    free(c->doc_hashes.h);
    free(c);
}

void story_clusterer_size(const struct story_clusterer *c, size_t *stories, size_t *articles,
                          size_t *terms)
{
    *terms = c->dict.n;
    size_t n = 0;
    for (size_t s = 0; s < c->nslots; s++)
        if (c->stories[s].live)
            n += c->stories[s].nm;
    *stories = c->live;
    *articles = n;
}

/* Fills c->cand_slots with the live stories that share the most weight with v
 * among its heaviest terms; returns how many. */
static size_t gather_candidates(struct story_clusterer *c, const struct svec *v)
{
    float cut = v->n > QUERY_TERMS ? cl_kth_weight(c, v->e, v->n, QUERY_TERMS) : 0;
    c->ncand = 0;
    for (uint32_t q = 0, asked = 0; q < v->n && asked < QUERY_TERMS; q++) {
        if (v->e[q].w < cut)
            continue;
        asked++;
        const struct term_info *ti = &c->ti[v->e[q].term];
        uint32_t stop = ti->npost > POSTING_SCAN ? ti->npost - POSTING_SCAN : 0;
        for (uint32_t i = ti->npost; i-- > stop;) {
            uint32_t slot = ti->post[i].slot;
            const struct story *s = &c->stories[slot];
            if (!s->live || s->gen != ti->post[i].gen)
                continue;
            if (c->cand[slot] == 0)
                c->cand_slots[c->ncand++] = slot;
            c->cand[slot] += v->e[q].w;
        }
    }
    /* The CANDIDATES best by shared weight, the rest forgotten. */
    size_t keep = c->ncand;
    if (keep > CANDIDATES) {
        for (size_t i = 0; i < CANDIDATES; i++) {
            size_t best = i;
            for (size_t j = i + 1; j < c->ncand; j++)
                if (c->cand[c->cand_slots[j]] > c->cand[c->cand_slots[best]])
                    best = j;
            uint32_t tmp = c->cand_slots[i];
            c->cand_slots[i] = c->cand_slots[best];
            c->cand_slots[best] = tmp;
        }
        keep = CANDIDATES;
    }
    for (size_t i = 0; i < c->ncand; i++)
        c->cand[c->cand_slots[i]] = 0;
    c->ncand = keep;
    return keep;
}

/* ---- adding ---- */

static uint32_t intern_or_zero(struct story_clusterer *c, const char *s)
{
    uint32_t id = 0;
    if (s && *s && intern_add(&c->strings, s, strlen(s), &id))
        id = 0; /* past the limit the value is simply not counted */
    return id;
}

/* The newsroom of d (interned; 0 for the article's own) into c->newsroom. */
static uint32_t newsroom_of(struct story_clusterer *c, const struct story_doc *d)
{
    const char *wire = story_wire_family(d->byline, d->text);
    story_newsroom_key(wire, d->owner, d->outlet, d->key, c->newsroom, sizeof c->newsroom);
    return wire || (d->owner && *d->owner) || d->outlet ? intern_or_zero(c, c->newsroom) : 0;
}

/* The facts of d's title and the first facts_lead bytes of its body, then the
 * names of its title and of its body's first who_words words (those
 * cl_read_doc found last): a split groups members by them whether or not
 * who_conflict weighs them in joins. */
static void doc_facts(const struct story_clusterer *c, const struct story_doc *d,
                      struct story_facts *out)
{
    out->n = 0;
    if (d->title)
        story_facts_read(d->title, strlen(d->title), d->time, out);
    if (d->text)
        story_facts_read(d->text, strnlen(d->text, c->p.facts_lead), d->time, out);
    for (size_t i = 0; i < c->nwho; i++)
        story_facts_add_name(c->ti[c->who[i]].hash, out);
}

static struct member member_of(struct story_clusterer *c, const struct story_doc *d,
                               uint32_t newsroom)
{
    struct member m = {
        .key = d->key,
        .time = d->time,
        .outlet = d->outlet,
        .newsroom = newsroom,
        .lang = intern_or_zero(c, d->lang),
        .country = intern_or_zero(c, d->country),
        .title = xstrdup(d->title),
    };
    doc_facts(c, d, &m.facts);
    return m;
}

static MUST_CHECK enum err check_key(const struct story_clusterer *c, const struct story_doc *d,
                                     struct errbuf *eb)
{
    if (d->key <= 0)
        return errf(eb, ERR_INVALID, "article key %lld: keys must be positive", (long long)d->key);
    if (i64map_get(&c->docs, d->key))
        return errf(eb, ERR_EXISTS, "article %lld is already in a story", (long long)d->key);
    return ERR_OK;
}

/* Merges into s every candidate story (already scored in sims) that has
 * converged with it; returns the surviving story. */
static struct story *merge_converged(struct story_clusterer *c, struct story *s, const double *sims,
                                     size_t ncand)
{
    for (size_t i = 0; i < ncand; i++) {
        struct story *t = &c->stories[c->cand_slots[i]];
        if (t == s || !t->live || sims[i] < c->p.threshold * 0.5)
            continue;
        if (cl_story_similarity(c, s, t) * cl_conflict_factor(c, s->facts, s->nfacts, t) *
                cl_who_factor(c, s, t) <
            c->p.merge_threshold)
            continue;
        if (s->nm < s->n || t->nm < t->n || cl_apart(c, s, t) >= c->p.split_threshold)
            continue;
        bool t_survives = t->n > s->n || (t->n == s->n && t->id < s->id);
        struct story *into = t_survives ? t : s, *from = t_survives ? s : t;
        cl_merge(c, into, from);
        s = into;
    }
    return s;
}

/* Sweeps memory when it is due: every SWEEP_EVERY articles, or when there are
 * too many stories. It is due by the count of articles alone, never by how the
 * caller batched them, so that clustering the same articles in the same order
 * gives the same stories however they were batched (a rebuild after a
 * handover relies on it, story/stage.h). */
static void sweep_due(struct story_clusterer *c)
{
    if (c->live > c->p.max_live || c->seq - c->swept >= SWEEP_EVERY) {
        c->swept = c->seq;
        cl_sweep(c);
    }
}

enum err story_add(struct story_clusterer *c, const struct story_doc *d, struct story_result *out,
                   struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    enum err err = check_key(c, d, eb);
    if (err)
        return err;
    sweep_due(c);
    c->seq++;
    if (d->time > c->newest)
        c->newest = d->time;
    if ((err = cl_read_doc(c, d, eb)))
        return err;
    struct story_sig sig;
    story_sig_compute(c->words.word_hashes, c->words.nwords, &sig);
    uint32_t newsroom = newsroom_of(c, d);
    out->newsroom = c->newsroom;

    /* A copy joins its original's story and reports to its newsroom. */
    double score;
    int64_t orig = story_dupindex_find(c->dups, &sig, &score);
    const struct i64val *ref = orig ? i64map_get(&c->docs, orig) : NULL;
    struct story *s = ref ? cl_story_at(c, ref->a) : NULL;
    if (s) {
        struct member m = member_of(c, d, ref->b);
        m.copy_of = orig;
        if (ref->b)
            snprintf(c->newsroom, sizeof c->newsroom, "%s", intern_str(&c->strings, ref->b));
        else
            snprintf(c->newsroom, sizeof c->newsroom, "article:%lld", (long long)orig);
        cl_add_member(c, s, &m, NULL);
        cl_touch(c, s);
        cl_clear_counts(c);
        *out = (struct story_result){s->id, false, score, orig, c->newsroom, NULL};
        return ERR_OK;
    }
    out->copy_of = orig;
    if (c->ntouched < MIN_TERMS) {
        out->skipped = c->ntouched ? "one term only: too little text to cluster"
                                   : "no words: nothing to cluster";
        cl_clear_counts(c);
        return ERR_OK;
    }
    cl_count_doc(c);
    if (c->p.who_conflict != 1) {
        c->doc_hashes.n = 0;
        cl_reserve_scratch(c, c->ntouched);
        for (size_t i = 0; i < c->ntouched; i++)
            c->scratch[i] = (struct sv){c->touched[i], 0};
        cl_hashes_add(c, &c->doc_hashes, c->scratch, c->ntouched);
        cl_hashes_sort(&c->doc_hashes);
    }
    struct svec *raw, *v = cl_doc_vector(c, &raw);
    size_t ncand = gather_candidates(c, v);
    /* The member it becomes: its facts weigh the candidates. */
    struct member m = member_of(c, d, newsroom);
    m.copy_of = orig;
    m.vec = raw;
    double sims[CANDIDATES];
    uint32_t shared[CANDIDATES];
    size_t best = SIZE_MAX;
    /* The document spread out by term: each centroid is then read straight;
     * its principal names flagged, to count those a centroid has. */
    for (uint32_t k = 0; k < v->n; k++)
        c->acc[v->e[k].term] = v->e[k].w;
    bool who = c->p.who_conflict != 1 && c->nwho;
    for (size_t k = 0; who && k < c->nwho; k++)
        c->flags[c->who[k]] = FLAG_WHO;
    for (size_t i = 0; i < ncand; i++) {
        const struct story *t = &c->stories[c->cand_slots[i]];
        double dot = 0;
        size_t named = 0;
        shared[i] = 0;
        for (uint32_t k = 0; k < t->ncent; k++) {
            dot += (double)c->acc[t->cent[k].term] * t->cent[k].w;
            shared[i] += c->acc[t->cent[k].term] != 0;
        }
        for (uint32_t k = 0; who && k < t->ncent; k++)
            named += c->flags[t->cent[k].term] == FLAG_WHO;
        sims[i] = t->norm ? dot / t->norm * cl_time_factor(c, d->time, t) *
                                cl_conflict_factor(c, m.facts.f, m.facts.n, t)
                          : 0;
        /* Who: the article names people the story never does, and the story
         * people the article never does. */
        if (who && (double)(c->nwho - named) >= WHO_SHARE * (double)c->nwho &&
            cl_core_missing(t->facts, t->nfacts, t->n, &c->doc_hashes))
            sims[i] *= c->p.who_conflict;
        if (best == SIZE_MAX || sims[i] > sims[best])
            best = i;
    }
    for (uint32_t k = 0; k < v->n; k++)
        c->acc[v->e[k].term] = 0;
    for (size_t k = 0; who && k < c->nwho; k++)
        c->flags[c->who[k]] = 0;
    /* A short article (a title and a feed summary) shares few terms with
     * any story, its own included: it joins at a threshold lowered as its
     * cosines are, never below half, but not on one word alone ("de" in two
     * Portuguese headlines). */
    double threshold = c->p.threshold;
    if (best != SIZE_MAX && shared[best] >= 2)
        threshold *= fmax(0.5, cl_short_factor(v->n, c->p.short_terms));
    if (best != SIZE_MAX && sims[best] >= threshold) {
        s = &c->stories[c->cand_slots[best]];
        out->similarity = sims[best];
    } else {
        s = cl_story_new(c, c->next_id);
        out->started = true;
    }
    cl_add_member(c, s, &m, v);
    free(v);
    cl_touch(c, s);
    story_dupindex_add(c->dups, d->key, &sig);
    if (!out->started)
        s = merge_converged(c, s, sims, ncand);
    if (s->nvec >= s->split_at) {
        int64_t id = s->id;
        cl_try_split(c, s);
        /* The article may have left with the split-off group. */
        const struct i64val *now = i64map_get(&c->docs, d->key);
        s = cl_story_at(c, now ? now->a : id);
    }
    out->story = s->id;
    out->newsroom = c->newsroom;
    return ERR_OK;
}

enum err story_restore(struct story_clusterer *c, const struct story_doc *d, int64_t story,
                       int64_t copy_of, const char *newsroom, struct errbuf *eb)
{
    enum err err = check_key(c, d, eb);
    if (err)
        return err;
    if (story <= 0)
        return errf(eb, ERR_INVALID, "article %lld: no story to restore it to", (long long)d->key);
    sweep_due(c);
    c->seq++;
    if (d->time > c->newest)
        c->newest = d->time;
    if ((err = cl_read_doc(c, d, eb)))
        return err;
    struct story *s = cl_story_at(c, story);
    if (!s)
        s = cl_story_new(c, story);
    uint32_t room = newsroom && strncmp(newsroom, "article:", 8) ? intern_or_zero(c, newsroom) : 0;
    struct member m = member_of(c, d, room);
    m.copy_of = copy_of;
    struct svec *v = NULL;
    if (!copy_of && c->ntouched >= MIN_TERMS) {
        cl_count_doc(c);
        v = cl_doc_vector(c, &m.vec);
        struct story_sig sig;
        story_sig_compute(c->words.word_hashes, c->words.nwords, &sig);
        story_dupindex_add(c->dups, d->key, &sig);
    }
    cl_clear_counts(c);
    cl_add_member(c, s, &m, v);
    free(v);
    return ERR_OK;
}

/* ---- what the caller collects ---- */

int64_t story_find(const struct story_clusterer *c, int64_t key)
{
    const struct i64val *v = i64map_get(&c->docs, key);
    return v ? v->a : 0;
}

int64_t story_next_id(const struct story_clusterer *c)
{
    return c->next_id;
}

size_t story_changes(const struct story_clusterer *c, const struct story_change **out)
{
    *out = c->changes;
    return c->nchanges;
}

size_t story_touched(const struct story_clusterer *c, const int64_t **out)
{
    *out = c->touched_ids;
    return c->ntouched_ids;
}

void story_changes_clear(struct story_clusterer *c)
{
    for (size_t i = 0; i < c->nchanges; i++)
        free((void *)c->changes[i].moved);
    c->nchanges = 0;
    for (size_t i = 0; i < c->ntouched_ids; i++) {
        struct story *s = cl_story_at(c, c->touched_ids[i]);
        if (s)
            s->dirty = false;
    }
    c->ntouched_ids = 0;
}
