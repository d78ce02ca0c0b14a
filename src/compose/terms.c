/* Term vectors over stems: the similarity behind centrality and redundancy. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "compose/compose_internal.h"
#include "lang/norm.h"
#include "lang/token.h"
#include "lang/words.h"

void vocab_free(struct vocab *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++)
        free(v->words[i]);
    free(v->words);
    free(v->slots);
    free(v->df);
    memset(v, 0, sizeof *v);
}

void tvec_free(struct tvec *t)
{
    if (!t)
        return;
    free(t->ids);
    free(t->w);
    memset(t, 0, sizeof *t);
}

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static void vocab_grow(struct vocab *v)
{
    size_t cap = v->cap ? v->cap * 2 : 1024;
    uint32_t *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < v->n; i++) {
        size_t k = hash(v->words[i], strlen(v->words[i])) & (cap - 1);
        while (slots[k])
            k = (k + 1) & (cap - 1);
        slots[k] = (uint32_t)i + 1;
    }
    free(v->slots);
    v->slots = slots;
    v->cap = cap;
    v->words = xrealloc(v->words, cap / 2 * sizeof *v->words);
    v->df = xrealloc(v->df, cap / 2 * sizeof *v->df);
}

static uint32_t vocab_id(struct vocab *v, const char *w, size_t n)
{
    if (v->n + 1 > v->cap / 2)
        vocab_grow(v);
    size_t k = hash(w, n) & (v->cap - 1);
    while (v->slots[k]) {
        const char *x = v->words[v->slots[k] - 1];
        if (!strncmp(x, w, n) && x[n] == '\0')
            return v->slots[k] - 1;
        k = (k + 1) & (v->cap - 1);
    }
    v->words[v->n] = xstrndup(w, n);
    v->df[v->n] = 0;
    v->slots[k] = (uint32_t)v->n + 1;
    return (uint32_t)v->n++;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

enum err tvec_of(struct lang_ctx *ctx, struct vocab *v, const char *s, size_t len, enum lang lang,
                 struct tvec *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0, pos = 0;
    uint32_t *ids = NULL;
    struct lang_token t;
    enum err err = ERR_OK;
    while (lang_token_next(s, len, lang, &pos, &t)) {
        if (t.kind != LANG_TOKEN_WORD)
            continue;
        const char *w;
        size_t n;
        if ((err = lang_fold(ctx, s + t.begin, t.end - t.begin, &w, &n)))
            goto out;
        if (n < 2 || lang_is_stopword(lang, w, n))
            continue;
        if (lang != LANG_UNKNOWN &&
            (err = lang_stem(ctx, lang, s + t.begin, t.end - t.begin, &w, &n)))
            goto out;
        ids = xgrow(ids, out->n, &cap, sizeof *ids, 32);
        ids[out->n++] = vocab_id(v, w, n);
    }
    if (out->n)
        qsort(ids, out->n, sizeof *ids, cmp_u32);
    /* Collapse repeats into counts. */
    out->w = xmalloc((out->n ? out->n : 1) * sizeof *out->w);
    size_t m = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (m && ids[m - 1] == ids[i]) {
            out->w[m - 1] += 1;
        } else {
            ids[m] = ids[i];
            out->w[m++] = 1;
            v->df[ids[i]]++;
        }
    }
    out->n = m;
    out->ids = ids;
    ids = NULL;
out:
    free(ids);
    if (err)
        tvec_free(out);
    return err ? errf(eb, err, "folding or stemming a word failed") : ERR_OK;
}

void tvec_weigh(struct tvec *t, const struct vocab *v, size_t texts)
{
    double norm = 0;
    for (size_t i = 0; i < t->n; i++) {
        double idf = log(1.0 + (double)texts / (double)v->df[t->ids[i]]);
        t->w[i] = (float)((1.0 + log(t->w[i])) * idf);
        norm += (double)t->w[i] * t->w[i];
    }
    norm = sqrt(norm);
    for (size_t i = 0; norm > 0 && i < t->n; i++)
        t->w[i] = (float)(t->w[i] / norm);
}

double tvec_dot(const struct tvec *a, const struct tvec *b)
{
    double d = 0;
    size_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->ids[i] < b->ids[j])
            i++;
        else if (a->ids[i] > b->ids[j])
            j++;
        else
            d += (double)a->w[i++] * b->w[j++];
    }
    return d;
}

double tvec_dot_dense(const struct tvec *a, const double *dense)
{
    double d = 0;
    for (size_t i = 0; i < a->n; i++)
        d += a->w[i] * dense[a->ids[i]];
    return d;
}
