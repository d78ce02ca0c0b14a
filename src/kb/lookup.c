/* kb_lookup: a name to the entities it may stand for, ranked by prior. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "kb/kb.h"
#include "kb/norm.h"
#include "kb/rank.h"

/* Rows read per name: beyond the most linked this many, a name is noise. */
#define CANDIDATE_ROWS 64

double kb_candidate_weight(const struct kb_candidate *c)
{
    if (c->kind == KB_KIND_DISAMBIGUATION)
        return 0;
    double w = 0;
    if (c->origin & KB_ORIGIN_TITLE)
        w += 4;
    if (c->origin & KB_ORIGIN_LABEL)
        w += 3;
    if (c->origin & KB_ORIGIN_REDIRECT)
        w += 2;
    if (c->origin & KB_ORIGIN_ALIAS)
        w += 1.5;
    if (c->origin & KB_ORIGIN_SHORT)
        w += 1;
    w += (double)c->links;
    return w * sqrt(1.0 + (double)c->popularity);
}

void kb_priors(const struct kb_candidate_list *l, double *prior)
{
    double total = 0;
    for (size_t i = 0; i < l->len; i++)
        total += prior[i] = kb_candidate_weight(&l->items[i]);
    for (size_t i = 0; i < l->len; i++)
        prior[i] = total > 0 ? prior[i] / total : 0;
}

static void match_clear(struct kb_match *m)
{
    free(m->qid);
    free(m->lang);
    free(m->title);
    free(m->description);
    free(m->extract);
    free(m->url);
    memset(m, 0, sizeof *m);
}

void kb_match_list_clear(struct kb_match_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++)
        match_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

static int by_prior(const void *a, const void *b)
{
    const struct kb_match *x = a, *y = b;
    return x->prior < y->prior ? 1 : x->prior > y->prior ? -1 : 0;
}

enum err kb_lookup(struct store *st, const char *name, const char *lang, size_t limit,
                   struct kb_match_list *out, struct errbuf *eb)
{
    out->items = NULL;
    out->len = 0;
    struct kb_candidate_list cands = {0};
    enum err err = ERR_OK;
    const char *langs[] = {lang, "en"};
    for (size_t k = 0; k < 2 && !err && !cands.len; k++) {
        if (k == 1 && !strcmp(lang, "en"))
            break;
        char *norm = kb_norm_key_dup(langs[k], name, strlen(name));
        if (!norm)
            return errf(eb, ERR_INVALID, "\"%s\" has no letters to look up", name);
        err = store_kb_candidates(st, langs[k], norm, lang, CANDIDATE_ROWS, &cands, eb);
        free(norm);
    }
    if (err || !cands.len)
        return err;
    double *prior = xcalloc(cands.len, sizeof *prior);
    kb_priors(&cands, prior);
    out->items = xcalloc(cands.len, sizeof *out->items);
    for (size_t i = 0; i < cands.len; i++) {
        struct kb_candidate *c = &cands.items[i];
        struct kb_match *m = &out->items[out->len++];
        m->entity_id = c->entity_id;
        m->qid = c->qid;
        m->kind = c->kind;
        m->prior = prior[i];
        m->origin = c->origin;
        m->links = c->links;
        m->popularity = c->popularity;
        m->lang = c->text.lang;
        m->title = c->text.title ? c->text.title : xstrdup(c->name);
        m->description = c->text.description;
        m->extract = c->text.extract;
        m->url = c->text.url;
        /* The match owns them now. */
        c->qid = c->text.lang = c->text.title = c->text.description = NULL;
        c->text.extract = c->text.url = NULL;
    }
    free(prior);
    kb_candidate_list_clear(&cands);
    qsort(out->items, out->len, sizeof *out->items, by_prior);
    while (out->len > limit)
        match_clear(&out->items[--out->len]);
    return ERR_OK;
}
