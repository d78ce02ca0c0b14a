/* story_describe: a story as it stands in memory (story/cluster.h). */

#include "base/timeutil.h"
#include "story/cluster.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "story/cluster_int.h"
#include "base/hash.h"

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
    struct story *s = cl_story_at(c, id);
    if (!s)
        return errf(eb, ERR_NOT_FOUND, "story %lld is not in memory", (long long)id);
    out->id = s->id;
    out->first_seen = s->first;
    out->last_seen = s->last;
    out->articles = s->n;
    out->held = s->nm;
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
        /* A dateline taken for a title is no headline. */
        if (!m->vec || !m->title || !*m->title || date_is_stamp(m->title))
            continue;
        struct svec *w = cl_reweigh(c, m->vec);
        double d = cl_sv_dot(w->e, w->n, s->cent, s->ncent);
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
    cl_reserve_scratch(c, s->ncent);
    memcpy(c->scratch, s->cent, s->ncent * sizeof *s->cent);
    qsort(c->scratch, s->ncent, sizeof *c->scratch, cl_by_weight_desc);
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
