/* Memory bounds of the clusterer: stories past the horizon or the count leave
 * memory, so do the members of the others that are past the horizon, and the
 * terms no story in memory uses are forgotten (story/cluster_int.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "story/cluster_int.h"

static int by_seq(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

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

void cl_sweep(struct story_clusterer *c)
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
            cl_story_drop(c, s, true);
        else
            cl_age_members(c, s);
    }
    if (c->dict.n > c->vocab_cap)
        compact_vocabulary(c);
}
