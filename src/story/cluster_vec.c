/* The clusterer's vectors: sparse arithmetic, an article's terms read into
 * the dense accumulators, and TF-IDF weighing (story/cluster_int.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "story/cluster_int.h"

double cl_sv_dot(const struct sv *a, size_t na, const struct sv *b, size_t nb)
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

int cl_by_term(const void *x, const void *y)
{
    uint32_t a = ((const struct sv *)x)->term, b = ((const struct sv *)y)->term;
    return (a > b) - (a < b);
}

int cl_by_weight_desc(const void *x, const void *y)
{
    float a = ((const struct sv *)x)->w, b = ((const struct sv *)y)->w;
    if (a != b)
        return (a < b) - (a > b);
    return cl_by_term(x, y);
}

void cl_reserve_scratch(struct story_clusterer *c, size_t n)
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
float cl_kth_weight(struct story_clusterer *c, const struct sv *e, size_t n, size_t k)
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
void cl_keep_heaviest(struct story_clusterer *c, struct sv *e, uint32_t *n, uint32_t max)
{
    if (*n <= max)
        return;
    float cut = cl_kth_weight(c, e, *n, max);
    uint32_t above = 0;
    for (uint32_t i = 0; i < *n; i++)
        above += e[i].w > cut;
    uint32_t ties = max - above, k = 0;
    for (uint32_t i = 0; i < *n; i++)
        if (e[i].w > cut || (e[i].w == cut && ties && ties--))
            e[k++] = e[i];
    *n = k;
}

double cl_sv_norm(const struct sv *e, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (double)e[i].w * e[i].w;
    return sqrt(s);
}

void cl_reserve_terms(struct story_clusterer *c)
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
                                      uint8_t flags, uint32_t *term, struct errbuf *eb)
{
    uint32_t id;
    if (intern_add(&c->dict, s, n, &id))
        return errf(eb, ERR_LIMIT, "more than %u distinct terms", MAX_VOCAB);
    cl_reserve_terms(c);
    uint32_t t = id - 1;
    *term = t;
    if (!c->ti[t].hash)
        c->ti[t].hash = story_name_hash(s, n);
    if (c->acc[t] == 0 && c->flags[t] == 0)
        c->touched[c->ntouched++] = t;
    c->acc[t] += w;
    c->flags[t] |= flags;
    return ERR_OK;
}

void cl_clear_counts(struct story_clusterer *c)
{
    for (size_t i = 0; i < c->ntouched; i++) {
        c->acc[c->touched[i]] = 0;
        c->flags[c->touched[i]] = 0;
    }
    c->ntouched = 0;
}

/* Reads d's title, body and entities into the accumulators and its body's
 * word hashes into c->words. */
MUST_CHECK enum err cl_read_doc(struct story_clusterer *c, const struct story_doc *d,
                                struct errbuf *eb)
{
    story_terms_reset(&c->words);
    cl_clear_counts(c);
    const struct story_terms_opts title = {(float)c->p.title_weight, 0, 1, false};
    const struct story_terms_opts body = {1, c->p.lead_words, (float)c->p.lead_weight, true};
    enum err err = ERR_OK;
    if (d->title)
        err = story_terms(c->termer, d->title, strlen(d->title), d->lang, &title, &c->words, eb);
    c->title_terms = c->words.len;
    if (!err && d->text)
        err = story_terms(c->termer, d->text, strlen(d->text), d->lang, &body, &c->words, eb);
    c->nwho = 0;
    for (size_t i = 0; !err && i < c->words.len; i++) {
        const struct story_term *t = &c->words.terms[i];
        const char *s = c->words.arena.data + t->off;
        uint32_t id;
        err = count_term(c, s, t->len, t->weight,
                         (uint8_t)((t->is_name ? FLAG_NAME : 0) | (t->is_number ? FLAG_NUMBER : 0)),
                         &id, eb);
        /* Who: one-word names of the title and the lead (a phrase's words
         * count on their own; "Interior Secretary Dirk Kempthorne" is rarely
         * named twice that way). */
        if (!err && t->is_name && !memchr(s, ' ', t->len) &&
            (i < c->title_terms || t->word < c->p.who_words)) {
            bool have = false;
            for (size_t k = 0; k < c->nwho && !have; k++)
                have = c->who[k] == id;
            if (!have && c->nwho < STORY_FACTS_MAX)
                c->who[c->nwho++] = id;
        }
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
        uint32_t id;
        err = count_term(c, key, (size_t)n, (float)c->p.entity_weight, FLAG_NAME, &id, eb);
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
void cl_count_doc(struct story_clusterer *c)
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
struct svec *cl_doc_vector(struct story_clusterer *c, struct svec **raw)
{
    cl_reserve_scratch(c, c->ntouched);
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
    cl_clear_counts(c);
    cl_keep_heaviest(c, c->scratch, &n, DOC_TERMS);
    qsort(c->scratch, n, sizeof *c->scratch, cl_by_term);
    double norm = cl_sv_norm(c->scratch, n);
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
struct svec *cl_reweigh(const struct story_clusterer *c, const struct svec *raw)
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
