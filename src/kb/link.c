/* Entity linking: candidate spans (the caller's name candidates, and the
 * longest alias matches over capitalised tokens), then for each span the
 * entity that best fits its name (prior), the text around it (context) and
 * the other entities of the text (coherence), or NIL. */
#include <jansson.h>
#include <libstemmer.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "base/xalloc.h"
#include "kb/kb.h"
#include "kb/norm.h"
#include "kb/rank.h"
#include "kb/tokens.h"

/* Longest name tried, in tokens ("Democratic Republic of the Congo" is 5). */
#define MAX_SPAN_TOKENS 8
/* Candidates weighed per mention: the rest of a name's entities are too
 * rarely meant to repay reading their text. */
#define MAX_CANDIDATES 8
/* Candidate rows read per name. */
#define CANDIDATE_ROWS 32

/* The score: how the three kinds of evidence are weighed for ranking, and
 * how much absolute evidence a link needs not to be NIL. Calibrated on the
 * RSS-500 evaluation (docs/kb.md). */
#define W_PRIOR 0.5
#define W_CONTEXT 0.3
#define W_COHERENCE 0.2
#define NIL_CONFIDENCE 0.3

/* A bag of stems as sorted, distinct 64-bit hashes. */
struct bag {
    uint64_t *h;
    size_t len;
};

struct ent {
    int64_t id;
    char *title;
    struct bag bag;
};

struct cand {
    struct kb_candidate c;
    double prior, context, coherence, score;
    size_t ent; /* index into the linker's entity table */
};

struct span {
    size_t start, end; /* bytes */
    size_t t0, t1;     /* tokens covered, t1 exclusive */
    struct cand *cands;
    size_t n_cands;
    struct bag own; /* the stems of the span itself */
    int best;       /* index of the chosen candidate, -1 for NIL */
    double confidence;
};

struct kb_linker {
    struct store *st;
    char stem_lang[16];
    struct sb_stemmer *stemmer;
    struct buf key;  /* scratch: an alias key */
    struct buf fold; /* scratch: a folded word */
    struct kb_tokens toks;
    struct ent *ents; /* entities read for the current text */
    size_t n_ents, cap_ents;
};

enum err kb_linker_new(struct store *st, struct kb_linker **out, struct errbuf *eb)
{
    (void)eb;
    struct kb_linker *lk = xcalloc(1, sizeof *lk);
    lk->st = st;
    buf_init(&lk->key, 64 * 1024);
    buf_init(&lk->fold, 4096);
    *out = lk;
    return ERR_OK;
}

static void free_ents(struct kb_linker *lk)
{
    for (size_t i = 0; i < lk->n_ents; i++) {
        free(lk->ents[i].title);
        free(lk->ents[i].bag.h);
    }
    lk->n_ents = 0;
}

void kb_linker_free(struct kb_linker *lk)
{
    if (!lk)
        return;
    free_ents(lk);
    free(lk->ents);
    if (lk->stemmer)
        sb_stemmer_delete(lk->stemmer);
    buf_clear(&lk->key);
    buf_clear(&lk->fold);
    kb_tokens_clear(&lk->toks);
    free(lk);
}

/* The stemmer for lang, made on first use (NULL when Snowball has none). */
static struct sb_stemmer *stemmer(struct kb_linker *lk, const char *lang)
{
    if (strcmp(lk->stem_lang, lang)) {
        if (lk->stemmer)
            sb_stemmer_delete(lk->stemmer);
        lk->stemmer = sb_stemmer_new(lang, "UTF_8");
        snprintf(lk->stem_lang, sizeof lk->stem_lang, "%s", lang);
    }
    return lk->stemmer;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts and removes duplicates. */
static void bag_finish(struct bag *b)
{
    if (!b->len)
        return;
    qsort(b->h, b->len, sizeof *b->h, cmp_u64);
    size_t k = 1;
    for (size_t i = 1; i < b->len; i++)
        if (b->h[i] != b->h[k - 1])
            b->h[k++] = b->h[i];
    b->len = k;
}

/* Adds the stems of the content words of text[0..len) to b (unsorted). */
static void bag_add_text(struct kb_linker *lk, const char *lang, const char *text, size_t len,
                         struct bag *b, size_t *cap)
{
    struct kb_tokens toks = {0};
    kb_tokenize(text, len, &toks);
    struct sb_stemmer *sb = stemmer(lk, lang);
    for (size_t i = 0; i < toks.len; i++) {
        const struct kb_token *t = &toks.items[i];
        if (!(t->flags & TOK_WORD) || (t->flags & TOK_DIGIT) ||
            kb_stopword(lang, text + t->start, t->end - t->start))
            continue;
        if (kb_norm_key(lang, text + t->start, t->end - t->start, &lk->fold))
            continue;
        const char *w = lk->fold.data;
        size_t wl = lk->fold.len;
        if (sb) {
            const sb_symbol *s = sb_stemmer_stem(sb, (const sb_symbol *)w, (int)wl);
            if (s) {
                w = (const char *)s;
                wl = (size_t)sb_stemmer_length(sb);
            }
        }
        if (b->len == *cap) {
            *cap = *cap ? *cap * 2 : 32;
            b->h = xrealloc(b->h, *cap * sizeof *b->h);
        }
        b->h[b->len++] = XXH3_64bits(w, wl);
    }
    kb_tokens_clear(&toks);
}

/* |a ∩ b| / sqrt(|a| |b|), skipping stems of a that are in except. */
static double cosine(const struct bag *a, const struct bag *b, const struct bag *except)
{
    size_t i = 0, j = 0, k = 0, common = 0, na = 0;
    for (i = 0; i < a->len; i++) {
        while (except && k < except->len && except->h[k] < a->h[i])
            k++;
        if (except && k < except->len && except->h[k] == a->h[i])
            continue;
        na++;
        while (j < b->len && b->h[j] < a->h[i])
            j++;
        if (j < b->len && b->h[j] == a->h[i])
            common++;
    }
    if (!na || !b->len)
        return 0;
    return (double)common / sqrt((double)na * (double)b->len);
}

/* The candidate's entity with its title and bag of stems (title,
 * description, extract in the text's language, else English), made once per
 * text. */
static size_t entity(struct kb_linker *lk, const struct kb_candidate *c)
{
    for (size_t i = 0; i < lk->n_ents; i++)
        if (lk->ents[i].id == c->entity_id)
            return i;
    if (lk->n_ents == lk->cap_ents) {
        lk->cap_ents = lk->cap_ents ? lk->cap_ents * 2 : 16;
        lk->ents = xrealloc(lk->ents, lk->cap_ents * sizeof *lk->ents);
    }
    struct ent *e = &lk->ents[lk->n_ents];
    memset(e, 0, sizeof *e);
    e->id = c->entity_id;
    const struct kb_text *t = &c->text;
    size_t cap = 0;
    const char *parts[] = {t->title, t->description, t->extract};
    for (size_t p = 0; p < 3 && t->lang; p++)
        if (parts[p])
            bag_add_text(lk, t->lang, parts[p], strlen(parts[p]), &e->bag, &cap);
    bag_finish(&e->bag);
    e->title = xstrdup(t->title);
    return lk->n_ents++;
}

/* The entities the key stands for in lang (English when lang knows none). */
static enum err candidates(struct kb_linker *lk, const char *lang, const char *text, size_t len,
                           struct kb_candidate_list *out, struct errbuf *eb)
{
    out->len = 0;
    out->items = NULL;
    const char *langs[] = {lang, "en"};
    for (size_t k = 0; k < 2; k++) {
        if (k == 1 && !strcmp(lang, "en"))
            break;
        if (kb_norm_key(langs[k], text, len, &lk->key))
            return ERR_OK;
        enum err err = store_kb_candidates(lk->st, langs[k], buf_cstr(&lk->key), lang,
                                           CANDIDATE_ROWS, out, eb);
        if (err || out->len)
            return err;
    }
    return ERR_OK;
}

/* True when some candidate of l may be linked (not only disambiguation pages). */
static bool linkable(const struct kb_candidate_list *l)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i].kind != KB_KIND_DISAMBIGUATION)
            return true;
    return false;
}

/* Takes the best MAX_CANDIDATES of l (by prior) into the span. */
static void take_candidates(struct span *sp, struct kb_candidate_list *l)
{
    double *prior = xcalloc(l->len ? l->len : 1, sizeof *prior);
    kb_priors(l, prior);
    sp->cands = xcalloc(MAX_CANDIDATES, sizeof *sp->cands);
    for (size_t n = 0; n < MAX_CANDIDATES; n++) {
        int best = -1;
        for (size_t i = 0; i < l->len; i++)
            if (prior[i] > 0 && (best < 0 || prior[i] > prior[best]))
                best = (int)i;
        if (best < 0)
            break;
        struct cand *c = &sp->cands[sp->n_cands++];
        c->c = l->items[best];
        c->prior = prior[best];
        memset(&l->items[best], 0, sizeof l->items[best]);
        prior[best] = 0;
    }
    free(prior);
    kb_candidate_list_clear(l);
}

/* True for words of three letters or fewer that are not all capitals: "La",
 * "Art", "Hu" are mostly people's names or parts of them, while the entities
 * such short names stand for are written as acronyms ("AP", "CNN"). */
static bool short_word(const char *s, size_t len)
{
    size_t letters = 0;
    bool lower = false;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0)
            return false;
        utf8proc_category_t cat = utf8proc_category(c);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
            letters++;
            lower |= cat == UTF8PROC_CATEGORY_LL;
        } else if (c == ' ') {
            return false; /* more than one word */
        }
        i += (size_t)k;
    }
    return letters <= 3 && lower;
}

/* A name may start on a capitalised word and end on a capitalised word or a
 * number, with any words between, but no break. */
static bool may_start(const struct kb_token *t)
{
    return (t->flags & TOK_WORD) && (t->flags & TOK_CAP);
}

static bool may_end(const struct kb_token *t)
{
    return (t->flags & TOK_WORD) && (t->flags & (TOK_CAP | TOK_DIGIT));
}

/* Finds the longest span of tokens [from, limit) starting at from that is a
 * known name; sets *t1 (0 when none) and fills cands. */
static enum err longest_at(struct kb_linker *lk, const char *text, const char *lang, size_t from,
                           size_t limit, size_t *t1, struct kb_candidate_list *cands,
                           struct errbuf *eb)
{
    const struct kb_token *tok = lk->toks.items;
    *t1 = 0;
    size_t last = from;
    while (last + 1 < limit && last + 1 < from + MAX_SPAN_TOKENS &&
           !(tok[last + 1].flags & TOK_BREAK))
        last++;
    for (size_t end = last + 1; end > from; end--) {
        if (!may_end(&tok[end - 1]))
            continue;
        size_t a = tok[from].start, b = tok[end - 1].end;
        if (end == from + 1 && (kb_stopword(lang, text + a, b - a) || short_word(text + a, b - a)))
            continue;
        enum err err = candidates(lk, lang, text + a, b - a, cands, eb);
        if (err)
            return err;
        if (linkable(cands)) {
            *t1 = end;
            return ERR_OK;
        }
        kb_candidate_list_clear(cands);
    }
    return ERR_OK;
}

static void span_clear(struct span *sp)
{
    for (size_t i = 0; i < sp->n_cands; i++) {
        free(sp->cands[i].c.qid);
        free(sp->cands[i].c.name);
        kb_text_clear(&sp->cands[i].c.text);
    }
    free(sp->cands);
    free(sp->own.h);
}

/* The token index of the first token ending after byte offset b. */
static size_t token_at(const struct kb_tokens *t, size_t b)
{
    size_t i = 0;
    while (i < t->len && t->items[i].end <= b)
        i++;
    return i;
}

/* Candidates for a span the caller named: its own text, else the longest
 * known name of two words or more that ends it ("Army Gen. Martin Dempsey" ->
 * "Martin Dempsey", "Former Marshall University" -> "Marshall University").
 * An English name's head is its end: "Maine" does not stand for "Protect
 * Marriage Maine", nor "California" for "California Department". */
static enum err given_span(struct kb_linker *lk, const char *text, const char *lang,
                           struct span *sp, struct errbuf *eb)
{
    struct kb_candidate_list l = {0};
    enum err err = ERR_OK;
    if (!short_word(text + sp->start, sp->end - sp->start))
        err = candidates(lk, lang, text + sp->start, sp->end - sp->start, &l, eb);
    if (err || linkable(&l)) {
        if (!err)
            take_candidates(sp, &l);
        return err;
    }
    kb_candidate_list_clear(&l);
    for (size_t i = sp->t0 + 1; i < sp->t1 && !err; i++) {
        size_t words = 0;
        for (size_t k = i; k < sp->t1; k++)
            words += (lk->toks.items[k].flags & TOK_WORD) != 0;
        if (words < 2 || !may_start(&lk->toks.items[i]))
            continue;
        size_t t1;
        if ((err = longest_at(lk, text, lang, i, sp->t1, &t1, &l, eb)) || !t1)
            continue;
        if (t1 == sp->t1) {
            take_candidates(sp, &l);
            break;
        }
        kb_candidate_list_clear(&l);
    }
    return err;
}

static int by_start(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* A new zeroed span at the end of the growing array. */
static struct span *new_span(struct span **spans, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *spans = xrealloc(*spans, *cap * sizeof **spans);
    }
    struct span *sp = &(*spans)[(*n)++];
    memset(sp, 0, sizeof *sp);
    return sp;
}

/* Collects the spans: the caller's, then alias matches outside them. */
static enum err find_spans(struct kb_linker *lk, const char *text, const struct kb_link_opts *o,
                           struct span **out, size_t *n_out, struct errbuf *eb)
{
    struct span *spans = NULL;
    size_t n = 0, cap = 0;
    enum err err = ERR_OK;
    const struct kb_tokens *t = &lk->toks;
    for (size_t i = 0; i < o->n_spans && !err; i++) {
        const struct kb_span *g = &o->spans[i];
        if (g->end <= g->start)
            continue;
        struct span *sp = new_span(&spans, &n, &cap);
        sp->start = g->start;
        sp->end = g->end;
        sp->t0 = token_at(t, g->start);
        sp->t1 = token_at(t, g->end);
        if (sp->t1 < t->len && t->items[sp->t1].start < g->end)
            sp->t1++;
        err = given_span(lk, text, o->lang, sp, eb);
    }
    size_t given = n;
    for (size_t i = 0; i < t->len && !err && !o->spans_only;) {
        bool covered = false;
        for (size_t g = 0; g < given && !covered; g++)
            covered = t->items[i].end > spans[g].start && t->items[i].start < spans[g].end;
        if (covered || !may_start(&t->items[i])) {
            i++;
            continue;
        }
        /* A match stops before the next caller's span. */
        size_t limit = t->len;
        for (size_t g = 0; g < given; g++)
            if (spans[g].start >= t->items[i].end) {
                size_t tg = token_at(t, spans[g].start);
                if (tg < limit)
                    limit = tg;
            }
        struct kb_candidate_list l;
        size_t t1;
        if ((err = longest_at(lk, text, o->lang, i, limit, &t1, &l, eb)))
            break;
        if (!t1) {
            i++;
            continue;
        }
        struct span *sp = new_span(&spans, &n, &cap);
        sp->t0 = i;
        sp->t1 = t1;
        sp->start = t->items[i].start;
        sp->end = t->items[t1 - 1].end;
        take_candidates(sp, &l);
        i = t1;
    }
    if (n)
        qsort(spans, n, sizeof *spans, by_start);
    *out = spans;
    *n_out = n;
    return err;
}

/* The relatedness of entity a to the best entities of the other spans. */
static double coherence(const struct kb_linker *lk, const struct span *spans, size_t n, size_t self,
                        size_t a)
{
    double sum = 0;
    size_t others = 0;
    for (size_t s = 0; s < n; s++) {
        if (s == self || spans[s].best < 0)
            continue;
        const struct cand *o = &spans[s].cands[spans[s].best];
        if (lk->ents[o->ent].id == lk->ents[a].id)
            continue;
        sum += cosine(&lk->ents[a].bag, &lk->ents[o->ent].bag, NULL);
        others++;
    }
    return others ? sum / (double)others : 0;
}

/* Picks each span's entity, twice: first by prior and context, then again
 * with coherence to the first round's picks. */
static void decide(struct kb_linker *lk, struct span *spans, size_t n, const struct bag *doc)
{
    for (int round = 0; round < 2; round++) {
        int *picks = xcalloc(n ? n : 1, sizeof *picks);
        for (size_t s = 0; s < n; s++) {
            struct span *sp = &spans[s];
            double max_ctx = 0, max_coh = 0;
            for (size_t i = 0; i < sp->n_cands; i++) {
                struct cand *c = &sp->cands[i];
                if (round == 0)
                    c->context = cosine(doc, &lk->ents[c->ent].bag, &sp->own);
                else
                    c->coherence = coherence(lk, spans, n, s, c->ent);
                if (c->context > max_ctx)
                    max_ctx = c->context;
                if (c->coherence > max_coh)
                    max_coh = c->coherence;
            }
            int best = -1;
            for (size_t i = 0; i < sp->n_cands; i++) {
                struct cand *c = &sp->cands[i];
                c->score = W_PRIOR * c->prior +
                           W_CONTEXT * (max_ctx > 0 ? c->context / max_ctx : 0) +
                           W_COHERENCE * (max_coh > 0 ? c->coherence / max_coh : 0);
                if (best < 0 || c->score > sp->cands[best].score)
                    best = (int)i;
            }
            picks[s] = best;
            if (best >= 0) {
                const struct cand *c = &sp->cands[best];
                /* Evidence, not rank: a name shared by several entities needs
                 * the text to speak for one of them. */
                sp->confidence = W_PRIOR * c->prior + 1.5 * c->context + 1.5 * c->coherence;
                if (sp->confidence > 1)
                    sp->confidence = 1;
            }
        }
        for (size_t s = 0; s < n; s++)
            spans[s].best = picks[s] >= 0 && spans[s].confidence >= NIL_CONFIDENCE ? picks[s] : -1;
        free(picks);
    }
}

void kb_links_clear(struct kb_links *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++) {
        free(l->items[i].surface);
        free(l->items[i].qid);
        free(l->items[i].title);
    }
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

enum err kb_link(struct kb_linker *lk, const char *text, size_t len, const struct kb_link_opts *o,
                 struct kb_links *out, struct errbuf *eb)
{
    out->items = NULL;
    out->len = 0;
    const char *lang = o->lang && *o->lang ? o->lang : "en";
    struct kb_link_opts opts = *o;
    opts.lang = lang;
    for (size_t i = 0; i < o->n_spans; i++)
        if (o->spans[i].end > len || o->spans[i].start > o->spans[i].end)
            return errf(eb, ERR_INVALID, "name span %zu (%zu-%zu) is outside the text", i,
                        o->spans[i].start, o->spans[i].end);
    free_ents(lk);
    kb_tokenize(text, len, &lk->toks);
    struct span *spans = NULL;
    size_t n = 0;
    enum err err = find_spans(lk, text, &opts, &spans, &n, eb);
    struct bag doc = {0};
    size_t doc_cap = 0;
    if (!err)
        bag_add_text(lk, lang, text, len, &doc, &doc_cap);
    bag_finish(&doc);
    for (size_t s = 0; s < n && !err; s++) {
        size_t cap = 0;
        bag_add_text(lk, lang, text + spans[s].start, spans[s].end - spans[s].start, &spans[s].own,
                     &cap);
        bag_finish(&spans[s].own);
        for (size_t i = 0; i < spans[s].n_cands; i++)
            spans[s].cands[i].ent = entity(lk, &spans[s].cands[i].c);
    }
    if (!err) {
        decide(lk, spans, n, &doc);
        out->items = xcalloc(n ? n : 1, sizeof *out->items);
        for (size_t s = 0; s < n; s++) {
            const struct span *sp = &spans[s];
            struct kb_mention *m = &out->items[out->len++];
            m->start = sp->start;
            m->end = sp->end;
            m->surface = xstrndup(text + sp->start, sp->end - sp->start);
            m->candidates = sp->n_cands;
            if (sp->best < 0)
                continue;
            const struct cand *c = &sp->cands[sp->best];
            m->entity_id = c->c.entity_id;
            m->qid = xstrdup(c->c.qid);
            m->title = xstrdup(lk->ents[c->ent].title ? lk->ents[c->ent].title : c->c.name);
            m->score = sp->confidence;
            m->prior = c->prior;
            m->context = c->context;
            m->coherence = c->coherence;
        }
    }
    for (size_t s = 0; s < n; s++)
        span_clear(&spans[s]);
    free(spans);
    free(doc.h);
    free_ents(lk);
    if (err)
        kb_links_clear(out);
    return err;
}

enum err kb_links_json(const struct kb_links *l, struct buf *out)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < l->len; i++) {
        const struct kb_mention *m = &l->items[i];
        json_t *o = json_pack("{s:I, s:I, s:s%}", "start", (json_int_t)m->start, "end",
                              (json_int_t)m->end, "surface", m->surface, strlen(m->surface));
        json_object_set_new(o, "qid", m->qid ? json_string(m->qid) : json_null());
        json_object_set_new(o, "entity", m->entity_id ? json_integer(m->entity_id) : json_null());
        json_object_set_new(o, "title", m->title ? json_string(m->title) : json_null());
        json_object_set_new(o, "score", json_real(m->score));
        json_object_set_new(o, "prior", json_real(m->prior));
        json_object_set_new(o, "context", json_real(m->context));
        json_object_set_new(o, "coherence", json_real(m->coherence));
        json_object_set_new(o, "candidates", json_integer((json_int_t)m->candidates));
        json_array_append_new(arr, o);
    }
    char *s = json_dumps(arr, JSON_INDENT(2) | JSON_REAL_PRECISION(4));
    json_decref(arr);
    enum err err = s ? buf_puts(out, s) : ERR_INVALID;
    free(s);
    return err;
}
