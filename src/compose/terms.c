/* Term vectors over stems: the similarity behind centrality and redundancy. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "compose/compose_internal.h"
#include "lang/norm.h"
#include "lang/token.h"
#include "lang/words.h"

void vocab_clear(struct vocab *v)
{
    if (!v)
        return;
    intern_clear(&v->words);
    free(v->df);
    memset(v, 0, sizeof *v);
}

void tvec_clear(struct tvec *t)
{
    if (!t)
        return;
    free(t->ids);
    free(t->w);
    memset(t, 0, sizeof *t);
}

/* The id of w[0..n), numbered when new. ERR_LIMIT past 4 GiB of words. */
static enum err vocab_id(struct vocab *v, const char *w, size_t n, uint32_t *id)
{
    enum err err = intern_add(&v->words, w, n, id);
    if (err)
        return err;
    if (--*id == v->n) {
        v->df = xgrow(v->df, v->n, &v->cap, sizeof *v->df, 1024);
        v->df[v->n++] = 0;
    }
    return ERR_OK;
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
        if ((err = vocab_id(v, w, n, &ids[out->n])))
            goto out;
        out->n++;
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
        tvec_clear(out);
    return err ? errf(eb, err, "folding, stemming or numbering a word failed") : ERR_OK;
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
