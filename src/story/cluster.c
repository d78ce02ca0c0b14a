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
#include "story/neardup.h"
#include "story/newsroom.h"
#include "story/terms.h"

#define DOC_TERMS 384
#define CENTROID_TERMS 384
#define QUERY_TERMS 16
#define INDEX_TERMS 24
#define INDEXED_MAX 64
#define POSTING_SCAN 2000
#define CANDIDATES 24
#define MAX_MEMBERS 512 /* member records kept per story; beyond, only counted */
#define MIN_TERMS 2
#define MAX_VOCAB (1u << 24)
#define SPLIT_MIN 4   /* members with vectors before a split is considered */
#define SPLIT_EVERY 8 /* below this many, a split is considered at every new member */
#define SPLIT_ROUNDS 4
#define TOP_LIST 8
#define SWEEP_EVERY 1024
#define NEWSROOM_MAX 160
#define LN_TABLE 4096

struct sv {
    uint32_t term;
    float w;
};

struct svec {
    uint32_t n;
    struct sv e[];
};

struct member {
    int64_t key, copy_of, time, outlet;
    uint32_t newsroom; /* interned key; 0: the article's own ("article:KEY") */
    uint32_t lang, country;
    struct svec *vec; /* NULL for copies */
    char *title;
};

struct story {
    int64_t id;
    uint32_t gen;
    bool live, dirty;
    int64_t first, last; /* member times, 0 when none known */
    uint64_t last_seq;
    size_t n; /* articles, counted also past MAX_MEMBERS */
    struct member *m;
    size_t nm, capm;
    size_t nvec;
    struct sv *cent;
    uint32_t ncent;
    double norm;
    uint32_t indexed[INDEXED_MAX];
    uint32_t nindexed;
    size_t split_at;
};

struct posting {
    uint32_t slot, gen;
};

struct term_info {
    uint32_t df, name_docs;
    struct posting *post;
    uint32_t npost, cappost;
};

struct story_clusterer {
    struct story_params p;
    struct story_termer *termer;
    struct story_terms_out words;
    struct intern dict;   /* terms */
    struct term_info *ti; /* by term id - 1 */
    size_t capti;
    struct intern strings; /* newsroom keys, languages, countries */
    uint64_t ndocs;
    double ln_n;               /* ln(ndocs + 1) */
    double ln_table[LN_TABLE]; /* ln(df + 1) */
    struct story *stories;
    size_t nslots, capslots;
    uint32_t *free_slots;
    size_t nfree, capfree;
    size_t live;
    struct i64map story_slot; /* story id -> slot */
    struct i64map docs;       /* article key -> story id, newsroom */
    struct story_dupindex *dups;
    int64_t next_id;
    uint64_t seq;
    int64_t newest;
    uint64_t swept;   /* seq of the last sweep */
    size_t vocab_cap; /* terms kept before unused ones are forgotten */
    /* per-document scratch, indexed by term id - 1 */
    float *acc, *acc2;
    uint8_t *flags;
    uint32_t *touched, *touched2;
    size_t ntouched, ntouched2;
    struct sv *scratch;
    size_t capscratch;
    float *wscratch;
    size_t capw;
    float *cand; /* by slot */
    uint32_t *cand_slots;
    size_t ncand;
    /* what the caller collects */
    struct story_change *changes;
    size_t nchanges, capchanges;
    int64_t *touched_ids;
    size_t ntouched_ids, captouched_ids;
    char newsroom[NEWSROOM_MAX];
    /* story_describe's answers */
    const char **strs;
    size_t capstrs;
    int64_t *tokens;
    size_t captokens;
};

enum { FLAG_NAME = 1, FLAG_NUMBER = 2 };

void story_params_default(struct story_params *p)
{
    *p = (struct story_params){
        .threshold = 0.15,
        .merge_threshold = 0.4,
        .split_threshold = 0.4,
        .window = 3 * 86400,
        .horizon = 9 * 86400,
        .title_weight = 3,
        .lead_weight = 3,
        .lead_words = 60,
        .name_weight = 1.5,
        .number_weight = 2.5,
        .entity_weight = 4,
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

static void member_clear(struct member *m)
{
    free(m->vec);
    free(m->title);
}

void story_clusterer_free(struct story_clusterer *c)
{
    if (!c)
        return;
    for (size_t s = 0; s < c->nslots; s++) {
        for (size_t i = 0; i < c->stories[s].nm; i++)
            member_clear(&c->stories[s].m[i]);
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
    free(c);
}

void story_clusterer_size(const struct story_clusterer *c, size_t *stories, size_t *articles,
                          size_t *terms)
{
    *terms = c->dict.n;
    size_t n = 0;
    for (size_t s = 0; s < c->nslots; s++)
        if (c->stories[s].live)
            n += c->stories[s].n;
    *stories = c->live;
    *articles = n;
}

/* ---- vectors ---- */

static double sv_dot(const struct sv *a, size_t na, const struct sv *b, size_t nb)
{
    double d = 0;
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        if (a[i].term < b[j].term)
            i++;
        else if (a[i].term > b[j].term)
            j++;
        else
            d += (double)a[i++].w * b[j++].w;
    }
    return d;
}

static int by_term(const void *x, const void *y)
{
    uint32_t a = ((const struct sv *)x)->term, b = ((const struct sv *)y)->term;
    return (a > b) - (a < b);
}

static int by_weight_desc(const void *x, const void *y)
{
    float a = ((const struct sv *)x)->w, b = ((const struct sv *)y)->w;
    if (a != b)
        return (a < b) - (a > b);
    return by_term(x, y);
}

static void reserve_scratch(struct story_clusterer *c, size_t n)
{
    if (n > c->capscratch) {
        c->capscratch = n * 2;
        c->scratch = xrealloc(c->scratch, c->capscratch * sizeof *c->scratch);
    }
}

/* The k-th largest (1-based) of w[0..n), reordering w: a quickselect with a
 * three-way partition, so that ties cost nothing. */
static float kth_largest(float *w, size_t n, size_t k)
{
    size_t lo = 0, hi = n;
    for (;;) {
        float p = w[lo + (hi - lo) / 2];
        size_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            float x = w[i];
            if (x > p) {
                w[i++] = w[lt];
                w[lt++] = x;
            } else if (x < p) {
                w[i] = w[--gt];
                w[gt] = x;
            } else {
                i++;
            }
        }
        /* [lo, lt) > p, [lt, gt) == p, [gt, hi) < p */
        if (k <= lt)
            hi = lt;
        else if (k > gt)
            lo = gt;
        else
            return p;
    }
}

/* The weight of the k-th heaviest of e[0..n) (k <= n). */
static float kth_weight(struct story_clusterer *c, const struct sv *e, size_t n, size_t k)
{
    if (n > c->capw) {
        c->capw = n * 2;
        c->wscratch = xrealloc(c->wscratch, c->capw * sizeof *c->wscratch);
    }
    for (size_t i = 0; i < n; i++)
        c->wscratch[i] = e[i].w;
    return kth_largest(c->wscratch, n, k);
}

/* Keeps the max heaviest of e[0..*n), in their order. */
static void keep_heaviest(struct story_clusterer *c, struct sv *e, uint32_t *n, uint32_t max)
{
    if (*n <= max)
        return;
    float cut = kth_weight(c, e, *n, max);
    uint32_t above = 0;
    for (uint32_t i = 0; i < *n; i++)
        above += e[i].w > cut;
    uint32_t ties = max - above, k = 0;
    for (uint32_t i = 0; i < *n; i++)
        if (e[i].w > cut || (e[i].w == cut && ties && ties--))
            e[k++] = e[i];
    *n = k;
}

static double sv_norm(const struct sv *e, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (double)e[i].w * e[i].w;
    return sqrt(s);
}

/* The dense accumulators grow with the vocabulary. */
static void reserve_terms(struct story_clusterer *c)
{
    if (c->dict.n <= c->capti)
        return;
    size_t old = c->capti;
    c->capti = c->dict.n * 2;
    c->ti = xrealloc(c->ti, c->capti * sizeof *c->ti);
    memset(c->ti + old, 0, (c->capti - old) * sizeof *c->ti);
    c->acc = xrealloc(c->acc, c->capti * sizeof *c->acc);
    c->acc2 = xrealloc(c->acc2, c->capti * sizeof *c->acc2);
    c->flags = xrealloc(c->flags, c->capti);
    c->touched = xrealloc(c->touched, c->capti * sizeof *c->touched);
    c->touched2 = xrealloc(c->touched2, c->capti * sizeof *c->touched2);
    memset(c->acc + old, 0, (c->capti - old) * sizeof *c->acc);
    memset(c->acc2 + old, 0, (c->capti - old) * sizeof *c->acc2);
    memset(c->flags + old, 0, c->capti - old);
}

static MUST_CHECK enum err count_term(struct story_clusterer *c, const char *s, size_t n, float w,
                                      uint8_t flags, struct errbuf *eb)
{
    uint32_t id;
    if (intern_add(&c->dict, s, n, &id))
        return errf(eb, ERR_LIMIT, "more than %u distinct terms", MAX_VOCAB);
    reserve_terms(c);
    uint32_t t = id - 1;
    if (c->acc[t] == 0 && c->flags[t] == 0)
        c->touched[c->ntouched++] = t;
    c->acc[t] += w;
    c->flags[t] |= flags;
    return ERR_OK;
}

static void clear_counts(struct story_clusterer *c)
{
    for (size_t i = 0; i < c->ntouched; i++) {
        c->acc[c->touched[i]] = 0;
        c->flags[c->touched[i]] = 0;
    }
    c->ntouched = 0;
}

/* Reads d's title, body and entities into the accumulators and its body's
 * word hashes into c->words. */
static MUST_CHECK enum err read_doc(struct story_clusterer *c, const struct story_doc *d,
                                    struct errbuf *eb)
{
    story_terms_reset(&c->words);
    clear_counts(c);
    const struct story_terms_opts title = {(float)c->p.title_weight, 0, 1, false};
    const struct story_terms_opts body = {1, c->p.lead_words, (float)c->p.lead_weight, true};
    enum err err = ERR_OK;
    if (d->title)
        err = story_terms(c->termer, d->title, strlen(d->title), d->lang, &title, &c->words, eb);
    if (!err && d->text)
        err = story_terms(c->termer, d->text, strlen(d->text), d->lang, &body, &c->words, eb);
    for (size_t i = 0; !err && i < c->words.len; i++) {
        const struct story_term *t = &c->words.terms[i];
        err = count_term(c, c->words.arena.data + t->off, t->len, t->weight,
                         (uint8_t)((t->is_name ? FLAG_NAME : 0) | (t->is_number ? FLAG_NUMBER : 0)),
                         eb);
    }
    /* Entity ids are names that every language shares; '@' keeps them apart
     * from words. */
    for (size_t i = 0; !err && i < d->nentities; i++) {
        if (!d->entities[i] || !*d->entities[i])
            continue;
        char key[128];
        int n = snprintf(key, sizeof key, "@%s", d->entities[i]);
        if (n < 0 || (size_t)n >= sizeof key)
            return errf(eb, ERR_LIMIT, "entity id over %zu bytes", sizeof key - 2);
        err = count_term(c, key, (size_t)n, (float)c->p.entity_weight, FLAG_NAME, eb);
    }
    return err;
}

/* ln(df + 1) from a table: the logarithm is most of the cost of weighing. */
static double ln_df(const struct story_clusterer *c, uint32_t df)
{
    return df < LN_TABLE ? c->ln_table[df] : log((double)df + 1);
}

static double idf(const struct story_clusterer *c, uint32_t t)
{
    return c->ln_n - ln_df(c, c->ti[t].df) + 1;
}

/* Counts the document in the term statistics (originals only). */
static void count_doc(struct story_clusterer *c)
{
    c->ndocs++;
    c->ln_n = log((double)c->ndocs + 1);
    for (size_t i = 0; i < c->ntouched; i++) {
        uint32_t t = c->touched[i];
        c->ti[t].df++;
        c->ti[t].name_docs += (c->flags[t] & FLAG_NAME) != 0;
    }
}

/* The document's normalised TF-IDF vector, and in *raw the same terms with
 * their weights before idf (kept with the member, to weigh it again with the
 * idf of a later day). Caller frees both. Clears the accumulators, which
 * splits use too. */
static struct svec *doc_vector(struct story_clusterer *c, struct svec **raw)
{
    reserve_scratch(c, c->ntouched);
    uint32_t n = 0;
    for (size_t i = 0; i < c->ntouched; i++) {
        uint32_t t = c->touched[i];
        double tf = c->acc[t];
        double w = (tf >= 1 ? 1 + log(tf) : tf) * idf(c, t);
        if (c->flags[t] & FLAG_NAME)
            w *= c->p.name_weight;
        else if (c->flags[t] & FLAG_NUMBER)
            w *= c->p.number_weight;
        c->scratch[n++] = (struct sv){t, (float)w};
    }
    clear_counts(c);
    keep_heaviest(c, c->scratch, &n, DOC_TERMS);
    qsort(c->scratch, n, sizeof *c->scratch, by_term);
    double norm = sv_norm(c->scratch, n);
    struct svec *v = xmalloc(sizeof *v + n * sizeof v->e[0]);
    *raw = xmalloc(sizeof **raw + n * sizeof v->e[0]);
    v->n = (*raw)->n = n;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t t = c->scratch[i].term;
        v->e[i] = (struct sv){t, (float)(c->scratch[i].w / norm)};
        (*raw)->e[i] = (struct sv){t, (float)(c->scratch[i].w / idf(c, t))};
    }
    return v;
}

/* A member's raw vector weighed with today's idf and normalised (caller frees). */
static struct svec *reweigh(const struct story_clusterer *c, const struct svec *raw)
{
    struct svec *v = xmalloc(sizeof *v + raw->n * sizeof v->e[0]);
    v->n = raw->n;
    double sum = 0;
    for (uint32_t i = 0; i < raw->n; i++) {
        double w = raw->e[i].w * idf(c, raw->e[i].term);
        v->e[i] = (struct sv){raw->e[i].term, (float)w};
        sum += w * w;
    }
    double norm = sum > 0 ? sqrt(sum) : 1;
    for (uint32_t i = 0; i < v->n; i++)
        v->e[i].w = (float)(v->e[i].w / norm);
    return v;
}

/* ---- stories ---- */

static struct story *story_at(struct story_clusterer *c, int64_t id)
{
    struct i64val *v = i64map_get(&c->story_slot, id);
    return v ? &c->stories[v->a] : NULL;
}

static uint32_t slot_of(const struct story_clusterer *c, const struct story *s)
{
    return (uint32_t)(s - c->stories);
}

static struct story *story_new(struct story_clusterer *c, int64_t id)
{
    uint32_t slot;
    if (c->nfree) {
        slot = c->free_slots[--c->nfree];
    } else {
        if (c->nslots == c->capslots) {
            c->capslots = c->capslots ? c->capslots * 2 : 256;
            c->stories = xrealloc(c->stories, c->capslots * sizeof *c->stories);
            c->cand = xrealloc(c->cand, c->capslots * sizeof *c->cand);
            c->cand_slots = xrealloc(c->cand_slots, c->capslots * sizeof *c->cand_slots);
            memset(c->cand + c->nslots, 0, (c->capslots - c->nslots) * sizeof *c->cand);
        }
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

static void touch(struct story_clusterer *c, struct story *s)
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
static void story_drop(struct story_clusterer *c, struct story *s, bool forget_docs)
{
    for (size_t i = 0; i < s->nm; i++) {
        if (forget_docs)
            i64map_del(&c->docs, s->m[i].key);
        member_clear(&s->m[i]);
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
    c->free_slots[c->nfree++] = slot_of(c, s);
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
    ti->post[ti->npost++] = (struct posting){slot_of(c, s), s->gen};
}

/* Posts the story's heaviest centroid terms that are not posted yet. */
static void reindex(struct story_clusterer *c, struct story *s)
{
    float cut = s->ncent > INDEX_TERMS ? kth_weight(c, s->cent, s->ncent, INDEX_TERMS) : 0;
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
            reindex(c, s);
            return;
        }
        s->indexed[s->nindexed++] = t;
        post(c, t, s);
    }
}

/* Sets the centroid to the sum of the members' vectors, weighed anew. */
static void rebuild_centroid(struct story_clusterer *c, struct story *s)
{
    c->ntouched2 = 0;
    for (size_t i = 0; i < s->nm; i++) {
        if (!s->m[i].vec)
            continue;
        struct svec *v = reweigh(c, s->m[i].vec);
        for (uint32_t k = 0; k < v->n; k++) {
            uint32_t t = v->e[k].term;
            if (c->acc2[t] == 0)
                c->touched2[c->ntouched2++] = t;
            c->acc2[t] += v->e[k].w;
        }
        free(v);
    }
    reserve_scratch(c, c->ntouched2);
    uint32_t n = 0;
    for (size_t i = 0; i < c->ntouched2; i++) {
        uint32_t t = c->touched2[i];
        if (c->acc2[t] > 0)
            c->scratch[n++] = (struct sv){t, c->acc2[t]};
        c->acc2[t] = 0;
    }
    keep_heaviest(c, c->scratch, &n, CENTROID_TERMS);
    qsort(c->scratch, n, sizeof *c->scratch, by_term);
    free(s->cent);
    s->cent = xmalloc((n ? n : 1) * sizeof *s->cent);
    memcpy(s->cent, c->scratch, n * sizeof *s->cent);
    s->ncent = n;
    s->norm = sv_norm(s->cent, n);
}

/* Adds a vector (or another centroid) to the centroid. */
static void centroid_add(struct story_clusterer *c, struct story *s, const struct sv *e, size_t n)
{
    reserve_scratch(c, s->ncent + n);
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
    keep_heaviest(c, c->scratch, &k, CENTROID_TERMS);
    s->cent = xrealloc(s->cent, (k ? k : 1) * sizeof *s->cent);
    memcpy(s->cent, c->scratch, k * sizeof *s->cent);
    s->ncent = k;
    s->norm = sv_norm(s->cent, k);
}

static void add_time(struct story *s, int64_t t)
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
static void add_member(struct story_clusterer *c, struct story *s, struct member *m,
                       const struct svec *w)
{
    s->n++;
    s->last_seq = c->seq;
    add_time(s, m->time);
    if (w) {
        s->nvec++;
        centroid_add(c, s, w->e, w->n);
        reindex(c, s);
    }
    if (s->nm == MAX_MEMBERS) {
        member_clear(m);
        return;
    }
    if (s->nm == s->capm) {
        s->capm = s->capm ? s->capm * 2 : 4;
        s->m = xrealloc(s->m, s->capm * sizeof *s->m);
    }
    s->m[s->nm++] = *m;
    i64map_put(&c->docs, m->key, (struct i64val){s->id, m->newsroom});
}

/* How much the time between an article (at t) and a story counts against them. */
static double time_factor(const struct story_clusterer *c, int64_t t, const struct story *s)
{
    if (!t || !s->first || c->p.window <= 0)
        return 1;
    int64_t dt = t < s->first ? s->first - t : t > s->last ? t - s->last : 0;
    double x = (double)dt / (double)c->p.window;
    return 1 / (1 + x * x);
}

static double story_similarity(const struct story_clusterer *c, const struct story *a,
                               const struct story *b)
{
    if (!a->norm || !b->norm)
        return 0;
    double cos = sv_dot(a->cent, a->ncent, b->cent, b->ncent) / (a->norm * b->norm);
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

static struct story_change *new_change(struct story_clusterer *c)
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
static void merge(struct story_clusterer *c, struct story *into, struct story *from)
{
    struct story_change *ch = new_change(c);
    ch->kind = STORY_MERGED;
    ch->from = from->id;
    ch->into = into->id;
    into->n += from->n - from->nm;
    for (size_t i = 0; i < from->nm; i++) {
        struct member m = from->m[i];
        into->n++;
        add_time(into, m.time);
        if (m.vec)
            into->nvec++;
        if (into->nm == MAX_MEMBERS) {
            i64map_del(&c->docs, m.key);
            member_clear(&m);
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
    centroid_add(c, into, from->cent, from->ncent);
    reindex(c, into);
    touch(c, into);
    story_drop(c, from, false);
}

/* ---- splits ---- */

/* When to look at a story's members again: at every new member while it is
 * small (a wrong early join is cheapest to undo early), then every 25%. */
static void schedule_split(const struct story_clusterer *c, struct story *s)
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

/* 2-means over the vectors w[0..n) (NULL ones left out), seeded with the
 * member least like the whole and the one least like that. Sets side[i] to 0
 * or 1, the groups' sums in g[0] and g[1], and returns the grouping's
 * silhouette. */
static double bisect(struct svec *const *w, size_t n, uint8_t *side, struct dense g[2])
{
    memset(side, 0, n);
    group_sum(&g[0], w, side, n, 0);
    size_t a = SIZE_MAX, b = SIZE_MAX;
    double low = INFINITY;
    for (size_t i = 0; i < n; i++)
        if (w[i] && dense_dot(&g[0], w[i]) < low)
            low = dense_dot(&g[0], w[i]), a = i;
    dense_clear(&g[0]);
    low = INFINITY;
    for (size_t i = 0; a != SIZE_MAX && i < n; i++) {
        if (!w[i] || i == a)
            continue;
        double d = sv_dot(w[a]->e, w[a]->n, w[i]->e, w[i]->n);
        if (d < low)
            low = d, b = i;
    }
    if (b == SIZE_MAX)
        return -1;
    memset(side, 2, n);
    side[a] = 0;
    side[b] = 1;
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
    uint32_t slot = slot_of(c, s);
    struct story *t = story_new(c, c->next_id);
    s = &c->stories[slot]; /* story_new may have moved the array */
    struct story_change *ch = new_change(c);
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
        add_time(t, m.time);
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
    for (size_t i = 0; i < s->nm; i++)
        add_time(s, s->m[i].time);
    t->last_seq = s->last_seq;
    schedule_split(c, t);
    rebuild_centroid(c, s);
    rebuild_centroid(c, t);
    /* The survivor's postings of terms it no longer weighs go stale on their
     * own; a new generation would cost a full re-post for little gain. */
    reindex(c, s);
    reindex(c, t);
    touch(c, s);
    touch(c, t);
}

/* Splits s in two when its members fall into two groups that each hold
 * together better than with the other (mean silhouette of a 2-means split of
 * at least split_threshold), the larger group keeping the story. */
static void try_split(struct story_clusterer *c, struct story *s)
{
    schedule_split(c, s);
    if (s->nm < s->n)
        return; /* members past MAX_MEMBERS are not in memory to move */
    struct svec **w = xcalloc(s->nm, sizeof *w);
    uint8_t *side = xmalloc(s->nm);
    for (size_t i = 0; i < s->nm; i++)
        if (s->m[i].vec)
            w[i] = reweigh(c, s->m[i].vec);
    struct dense g[2] = {{c->acc, c->touched, 0, 0}, {c->acc2, c->touched2, 0, 0}};
    double sil = bisect(w, s->nm, side, g);
    size_t n0 = 0, n1 = 0;
    for (size_t i = 0; i < s->nm; i++) {
        n0 += w[i] && side[i] == 0;
        n1 += w[i] && side[i] == 1;
    }
    dense_clear(&g[0]);
    dense_clear(&g[1]);
    for (size_t i = 0; i < s->nm; i++)
        free(w[i]);
    free(w);
    if (n0 >= 2 && n1 >= 2 && sil >= c->p.split_threshold)
        split_off(c, s, side, n0 >= n1 ? 1 : 0);
    free(side);
}

/* ---- candidates ---- */

/* Fills c->cand_slots with the live stories that share the most weight with v
 * among its heaviest terms; returns how many. */
static size_t gather_candidates(struct story_clusterer *c, const struct svec *v)
{
    float cut = v->n > QUERY_TERMS ? kth_weight(c, v->e, v->n, QUERY_TERMS) : 0;
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

static struct member member_of(struct story_clusterer *c, const struct story_doc *d,
                               uint32_t newsroom)
{
    return (struct member){
        .key = d->key,
        .time = d->time,
        .outlet = d->outlet,
        .newsroom = newsroom,
        .lang = intern_or_zero(c, d->lang),
        .country = intern_or_zero(c, d->country),
        .title = xstrdup(d->title),
    };
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
/* The silhouette of two stories taken as the two groups of their members:
 * below split_threshold they would not be split apart if they were one. */
static double apart(struct story_clusterer *c, const struct story *s, const struct story *t)
{
    size_t n = s->nm + t->nm;
    struct svec **w = xcalloc(n, sizeof *w);
    uint8_t *side = xmalloc(n);
    for (size_t i = 0; i < n; i++) {
        const struct member *m = i < s->nm ? &s->m[i] : &t->m[i - s->nm];
        side[i] = i >= s->nm;
        if (m->vec)
            w[i] = reweigh(c, m->vec);
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

static struct story *merge_converged(struct story_clusterer *c, struct story *s, const double *sims,
                                     size_t ncand)
{
    for (size_t i = 0; i < ncand; i++) {
        struct story *t = &c->stories[c->cand_slots[i]];
        if (t == s || !t->live || sims[i] < c->p.threshold * 0.5)
            continue;
        if (story_similarity(c, s, t) < c->p.merge_threshold)
            continue;
        if (s->nm < s->n || t->nm < t->n || apart(c, s, t) >= c->p.split_threshold)
            continue;
        bool t_survives = t->n > s->n || (t->n == s->n && t->id < s->id);
        struct story *into = t_survives ? t : s, *from = t_survives ? s : t;
        merge(c, into, from);
        s = into;
    }
    return s;
}

static void sweep(struct story_clusterer *c);

/* Sweeps memory when it is due: every SWEEP_EVERY articles, or when there are
 * too many stories. It is due by the count of articles alone, never by how the
 * caller batched them, so that clustering the same articles in the same order
 * gives the same stories however they were batched (a rebuild after a
 * handover relies on it, story/stage.h). */
static void sweep_due(struct story_clusterer *c)
{
    if (c->live > c->p.max_live || c->seq - c->swept >= SWEEP_EVERY) {
        c->swept = c->seq;
        sweep(c);
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
    if ((err = read_doc(c, d, eb)))
        return err;
    struct story_sig sig;
    story_sig_compute(c->words.word_hashes, c->words.nwords, &sig);
    uint32_t newsroom = newsroom_of(c, d);
    out->newsroom = c->newsroom;

    /* A copy joins its original's story and reports to its newsroom. */
    double score;
    int64_t orig = story_dupindex_find(c->dups, &sig, &score);
    const struct i64val *ref = orig ? i64map_get(&c->docs, orig) : NULL;
    struct story *s = ref ? story_at(c, ref->a) : NULL;
    if (s) {
        struct member m = member_of(c, d, ref->b);
        m.copy_of = orig;
        if (ref->b)
            snprintf(c->newsroom, sizeof c->newsroom, "%s", intern_str(&c->strings, ref->b));
        else
            snprintf(c->newsroom, sizeof c->newsroom, "article:%lld", (long long)orig);
        add_member(c, s, &m, NULL);
        touch(c, s);
        *out = (struct story_result){s->id, false, score, orig, c->newsroom, NULL};
        return ERR_OK;
    }
    out->copy_of = orig;
    if (c->ntouched < MIN_TERMS) {
        out->skipped = c->ntouched ? "one term only: too little text to cluster"
                                   : "no words: nothing to cluster";
        return ERR_OK;
    }
    count_doc(c);
    struct svec *raw, *v = doc_vector(c, &raw);
    size_t ncand = gather_candidates(c, v);
    double sims[CANDIDATES];
    size_t best = SIZE_MAX;
    /* The document spread out by term: each centroid is then read straight. */
    for (uint32_t k = 0; k < v->n; k++)
        c->acc[v->e[k].term] = v->e[k].w;
    for (size_t i = 0; i < ncand; i++) {
        const struct story *t = &c->stories[c->cand_slots[i]];
        double dot = 0;
        for (uint32_t k = 0; k < t->ncent; k++)
            dot += (double)c->acc[t->cent[k].term] * t->cent[k].w;
        sims[i] = t->norm ? dot / t->norm * time_factor(c, d->time, t) : 0;
        if (best == SIZE_MAX || sims[i] > sims[best])
            best = i;
    }
    for (uint32_t k = 0; k < v->n; k++)
        c->acc[v->e[k].term] = 0;
    struct member m = member_of(c, d, newsroom);
    m.copy_of = orig;
    m.vec = raw;
    if (best != SIZE_MAX && sims[best] >= c->p.threshold) {
        s = &c->stories[c->cand_slots[best]];
        out->similarity = sims[best];
    } else {
        s = story_new(c, c->next_id);
        out->started = true;
    }
    add_member(c, s, &m, v);
    free(v);
    touch(c, s);
    story_dupindex_add(c->dups, d->key, &sig);
    if (!out->started)
        s = merge_converged(c, s, sims, ncand);
    if (s->nvec >= s->split_at) {
        int64_t id = s->id;
        try_split(c, s);
        /* The article may have left with the split-off group. */
        const struct i64val *now = i64map_get(&c->docs, d->key);
        s = story_at(c, now ? now->a : id);
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
    if ((err = read_doc(c, d, eb)))
        return err;
    struct story *s = story_at(c, story);
    if (!s)
        s = story_new(c, story);
    uint32_t room = newsroom && strncmp(newsroom, "article:", 8) ? intern_or_zero(c, newsroom) : 0;
    struct member m = member_of(c, d, room);
    m.copy_of = copy_of;
    struct svec *v = NULL;
    if (!copy_of && c->ntouched >= MIN_TERMS) {
        count_doc(c);
        v = doc_vector(c, &m.vec);
        struct story_sig sig;
        story_sig_compute(c->words.word_hashes, c->words.nwords, &sig);
        story_dupindex_add(c->dups, d->key, &sig);
    }
    add_member(c, s, &m, v);
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

static int by_seq(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* Lets stories go that are older than the horizon, or the least recently
 * updated ones beyond max_live. */
/* Forgets the terms that no story in memory uses (their statistics go with
 * them: a rare word seen again later counts as new), renumbering the rest in
 * their old order so that every vector stays sorted. The vocabulary of a long
 * stream grows without end; this keeps it to what memory holds. */
static void compact_vocabulary(struct story_clusterer *c)
{
    uint8_t *used = c->flags; /* all zero between documents */
    for (size_t i = 0; i < c->nslots; i++) {
        const struct story *s = &c->stories[i];
        if (!s->live)
            continue;
        for (uint32_t k = 0; k < s->ncent; k++)
            used[s->cent[k].term] = 1;
        for (uint32_t k = 0; k < s->nindexed; k++)
            used[s->indexed[k]] = 1;
        for (size_t m = 0; m < s->nm; m++)
            for (uint32_t k = 0; s->m[m].vec && k < s->m[m].vec->n; k++)
                used[s->m[m].vec->e[k].term] = 1;
    }
    struct intern dict;
    intern_init(&dict, MAX_VOCAB);
    uint32_t *to = xmalloc((c->dict.n ? c->dict.n : 1) * sizeof *to);
    for (uint32_t t = 0; t < c->dict.n; t++) {
        struct term_info ti = c->ti[t];
        to[t] = UINT32_MAX;
        if (used[t]) {
            uint32_t id;
            const char *str = intern_str(&c->dict, t + 1);
            if (intern_add(&dict, str, strlen(str), &id))
                abort(); /* fewer strings than before: the limit cannot be hit */
            to[t] = id - 1;
            c->ti[id - 1] = ti;
            used[t] = 0;
        } else {
            free(ti.post);
        }
    }
    for (uint32_t t = dict.n; t < c->dict.n; t++)
        c->ti[t] = (struct term_info){0};
    for (size_t i = 0; i < c->nslots; i++) {
        struct story *s = &c->stories[i];
        if (!s->live)
            continue;
        for (uint32_t k = 0; k < s->ncent; k++)
            s->cent[k].term = to[s->cent[k].term];
        for (uint32_t k = 0; k < s->nindexed; k++)
            s->indexed[k] = to[s->indexed[k]];
        for (size_t m = 0; m < s->nm; m++)
            for (uint32_t k = 0; s->m[m].vec && k < s->m[m].vec->n; k++)
                s->m[m].vec->e[k].term = to[s->m[m].vec->e[k].term];
    }
    free(to);
    intern_clear(&c->dict);
    c->dict = dict;
    /* Room to grow before the next compaction, also when most terms are in use. */
    if (c->dict.n * 2 > c->vocab_cap)
        c->vocab_cap = c->dict.n * 2;
}

static void sweep(struct story_clusterer *c)
{
    int64_t horizon = c->p.horizon;
    uint64_t cut = 0;
    if (c->live > c->p.max_live) {
        uint64_t *seqs = xmalloc(c->live * sizeof *seqs);
        size_t n = 0;
        for (size_t i = 0; i < c->nslots; i++)
            if (c->stories[i].live)
                seqs[n++] = c->stories[i].last_seq;
        qsort(seqs, n, sizeof *seqs, by_seq);
        /* Down to 90% of the limit, so that sweeps stay rare. */
        cut = seqs[n - c->p.max_live * 9 / 10];
        free(seqs);
    }
    for (size_t i = 0; i < c->nslots; i++) {
        struct story *s = &c->stories[i];
        if (!s->live)
            continue;
        bool old = horizon > 0 && s->last && c->newest - s->last > horizon;
        if (old || s->last_seq < cut)
            story_drop(c, s, true);
    }
    if (c->dict.n > c->vocab_cap)
        compact_vocabulary(c);
}

void story_changes_clear(struct story_clusterer *c)
{
    for (size_t i = 0; i < c->nchanges; i++)
        free((void *)c->changes[i].moved);
    c->nchanges = 0;
    for (size_t i = 0; i < c->ntouched_ids; i++) {
        struct story *s = story_at(c, c->touched_ids[i]);
        if (s)
            s->dirty = false;
    }
    c->ntouched_ids = 0;
}

/* ---- describing ---- */

static int by_token(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* How many distinct values tokens[0..n) holds (sorts it). */
static size_t distinct(int64_t *tokens, size_t n)
{
    qsort(tokens, n, sizeof *tokens, by_token);
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        d += i == 0 || tokens[i] != tokens[i - 1];
    return d;
}

static const char **str_slots(struct story_clusterer *c, size_t n)
{
    if (n > c->capstrs) {
        c->capstrs = n * 2;
        c->strs = xrealloc(c->strs, c->capstrs * sizeof *c->strs);
    }
    return c->strs;
}

enum err story_describe(struct story_clusterer *c, int64_t id, struct story_summary *out,
                        struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct story *s = story_at(c, id);
    if (!s)
        return errf(eb, ERR_NOT_FOUND, "story %lld is not in memory", (long long)id);
    out->id = s->id;
    out->first_seen = s->first;
    out->last_seen = s->last;
    out->articles = s->n;
    if (s->nm > c->captokens) {
        c->captokens = s->nm * 2;
        c->tokens = xrealloc(c->tokens, c->captokens * sizeof *c->tokens);
    }
    /* Outlets: the known ones. Newsrooms: the interned keys, and for articles of
     * unknown outlets their own (or their original's) key. */
    size_t n = 0;
    for (size_t i = 0; i < s->nm; i++)
        if (s->m[i].outlet)
            c->tokens[n++] = s->m[i].outlet;
    out->outlets = distinct(c->tokens, n);
    n = 0;
    for (size_t i = 0; i < s->nm; i++) {
        const struct member *m = &s->m[i];
        c->tokens[n++] = m->newsroom ? -(int64_t)m->newsroom : m->copy_of ? m->copy_of : m->key;
    }
    out->newsrooms = distinct(c->tokens, n);

    double best = -1;
    for (size_t i = 0; i < s->nm; i++) {
        const struct member *m = &s->m[i];
        if (!m->vec || !m->title || !*m->title)
            continue;
        struct svec *w = reweigh(c, m->vec);
        double d = sv_dot(w->e, w->n, s->cent, s->ncent);
        free(w);
        if (d > best)
            best = d, out->headline = m->title;
    }

    /* Languages and countries, then terms and names: slices of one array. */
    size_t cap = 2 * s->nm + 2 * TOP_LIST;
    const char **strs = str_slots(c, cap);
    size_t k = 0;
    for (int which = 0; which < 2; which++) {
        size_t start = k;
        for (size_t i = 0; i < s->nm; i++) {
            uint32_t v = which ? s->m[i].country : s->m[i].lang;
            const char *str = v ? intern_str(&c->strings, v) : NULL;
            bool seen = !str;
            for (size_t j = start; j < k && !seen; j++)
                seen = strs[j] == str;
            if (!seen)
                strs[k++] = str;
        }
        if (which) {
            out->countries = strs + start;
            out->ncountries = k - start;
        } else {
            out->languages = strs + start;
            out->nlanguages = k - start;
        }
    }
    reserve_scratch(c, s->ncent);
    memcpy(c->scratch, s->cent, s->ncent * sizeof *s->cent);
    qsort(c->scratch, s->ncent, sizeof *c->scratch, by_weight_desc);
    size_t terms = k;
    for (uint32_t i = 0; i < s->ncent && k - terms < TOP_LIST; i++) {
        uint32_t t = c->scratch[i].term;
        if (c->ti[t].name_docs * 2 < c->ti[t].df)
            strs[k++] = intern_str(&c->dict, t + 1);
    }
    out->terms = strs + terms;
    out->nterms = k - terms;
    size_t names = k;
    for (uint32_t i = 0; i < s->ncent && k - names < TOP_LIST; i++) {
        uint32_t t = c->scratch[i].term;
        if (c->ti[t].name_docs * 2 >= c->ti[t].df)
            strs[k++] = intern_str(&c->dict, t + 1);
    }
    out->names = strs + names;
    out->nnames = k - names;
    return ERR_OK;
}
