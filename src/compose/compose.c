/* Composing a roundup from members already read: term vectors and
 * centrality, headline, read more, image and balance, and the whole in
 * order (copies.c, quality.c, select.c and quote.c do the rest). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "compose/state.h"

/* ---- vectors and centrality ---- */

static enum err build_vectors(struct lang_ctx *ctx, struct compose_state *s, struct errbuf *eb)
{
    size_t total = 0;
    for (size_t i = 0; i < s->n; i++)
        total += s->m[i].n_sentences;
    s->cands = xcalloc(total ? total : 1, sizeof *s->cands);
    s->first_cand = xcalloc(s->n + 1, sizeof *s->first_cand);
    enum err err = ERR_OK;
    size_t texts = 0;
    for (size_t i = 0; i < s->n; i++) {
        const struct compose_member *m = &s->m[i];
        s->first_cand[i] = s->n_cands;
        if (s->copy_of[i] != COMPOSE_NONE)
            continue;
        for (size_t k = 0; k < m->n_sentences; k++) {
            const struct text_range *r = &m->sentences[k];
            if (r->start < 0 || r->end > (int64_t)m->body_len || r->start >= r->end)
                continue;
            struct compose_cand *c = &s->cands[s->n_cands++];
            c->member = i;
            c->index = k;
            c->begin = (size_t)r->start;
            c->end = (size_t)r->end;
            c->begin += compose_dateline(m->body + c->begin, c->end - c->begin);
            const char *p = m->body + c->begin;
            size_t len = c->end - c->begin;
            c->ok = compose_good_sentence(p, len);
            c->pronoun = compose_opens_with_pronoun(p, len);
            if ((err = tvec_of(ctx, &s->vocab, p, len, m->lang, &c->v, eb)))
                return err;
            texts++;
        }
    }
    s->first_cand[s->n] = s->n_cands;
    s->centroid = xcalloc(s->vocab.n ? s->vocab.n : 1, sizeof *s->centroid);
    for (size_t k = 0; k < s->n_cands; k++) {
        struct tvec *v = &s->cands[k].v;
        tvec_weigh(v, &s->vocab, texts);
        for (size_t j = 0; j < v->n; j++)
            s->centroid[v->ids[j]] += v->w[j];
    }
    double norm = 0;
    for (size_t j = 0; j < s->vocab.n; j++)
        norm += s->centroid[j] * s->centroid[j];
    norm = sqrt(norm);
    s->article_score = xcalloc(s->n, sizeof *s->article_score);
    for (size_t k = 0; k < s->n_cands; k++) {
        struct compose_cand *c = &s->cands[k];
        /* Early sentences carry the news: a small bonus for the first few. */
        double pos = 1.0 + 0.15 / (1.0 + (double)c->index);
        c->central = norm > 0 ? tvec_dot_dense(&c->v, s->centroid) / norm * pos : 0;
        if (c->ok && c->central > s->article_score[c->member])
            s->article_score[c->member] = c->central;
    }
    return ERR_OK;
}

static enum err choose_headline(struct lang_ctx *ctx, struct compose_state *s, struct roundup *r,
                                struct errbuf *eb)
{
    struct vocab v = {0};
    struct tvec *t = xcalloc(s->n, sizeof *t);
    double *centroid = NULL;
    size_t texts = 0;
    bool any_reader = false;
    enum err err = ERR_OK;
    for (size_t i = 0; i < s->n; i++) {
        const char *title = s->m[i].title;
        if (!title || !*title)
            continue;
        if ((err = tvec_of(ctx, &v, title, strlen(title), s->m[i].lang, &t[i], eb)))
            goto out;
        texts++;
        any_reader |= compose_in_reader_lang(s, &s->m[i]);
    }
    centroid = xcalloc(v.n ? v.n : 1, sizeof *centroid);
    for (size_t i = 0; i < s->n; i++) {
        tvec_weigh(&t[i], &v, texts);
        for (size_t j = 0; j < t[i].n; j++)
            centroid[t[i].ids[j]] += t[i].w[j];
    }
    double best = -1;
    for (size_t i = 0; i < s->n; i++) {
        const struct compose_member *m = &s->m[i];
        const char *title = m->title;
        /* The story's headline, so that the story has one everywhere, when
         * its reader can read it: in the reader's language by the text, or by
         * the outlet (language identification misreads short texts). */
        bool readable = !any_reader || compose_in_reader_lang(s, m) ||
                        (m->outlet_lang && lang_parse(m->outlet_lang) == s->in->reader);
        if (!title || !*title || date_is_stamp(title) || !readable)
            continue;
        if (s->in->headline && !strcmp(title, s->in->headline)) {
            best = INFINITY;
            r->headline_article = s->m[i].article_id;
            free(r->headline);
            r->headline = xstrdup(title);
            continue;
        }
        if (any_reader && !compose_in_reader_lang(s, m))
            continue;
        /* Ties go to the article most central by its sentences. */
        double score = tvec_dot_dense(&t[i], centroid) + 1e-3 * s->article_score[i];
        if (score > best) {
            best = score;
            r->headline_article = s->m[i].article_id;
            free(r->headline);
            r->headline = xstrdup(title);
        }
    }
    size_t analysis = 0, opinion = 0;
    for (size_t i = 0; i < s->n; i++) {
        const char *k = s->m[i].kind;
        analysis += k && !strcmp(k, "analysis");
        opinion += k && !strcmp(k, "opinion");
    }
    if ((analysis + opinion) * 2 > s->n)
        r->label = xstrdup(analysis >= opinion ? s->t->label_analysis : s->t->label_opinion);
out:
    for (size_t i = 0; i < s->n; i++)
        tvec_clear(&t[i]);
    free(t);
    free(centroid);
    vocab_clear(&v);
    return err;
}

/* ---- read more, background, image, balance ---- */

static int cmp_more(const void *a, const void *b)
{
    const struct roundup_more *x = a, *y = b;
    if (x->published_at != y->published_at)
        return x->published_at > y->published_at ? -1 : 1;
    return (x->article_id > y->article_id) - (x->article_id < y->article_id);
}

static void fill_more(const struct compose_state *s, struct roundup *r)
{
    r->more = xcalloc(s->n, sizeof *r->more);
    struct roundup_more *originals = xcalloc(s->n, sizeof *originals);
    size_t n_orig = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->copy_of[i] != COMPOSE_NONE)
            continue;
        originals[n_orig++] = (struct roundup_more){.article_id = s->m[i].article_id,
                                                    .published_at = s->m[i].published_at};
    }
    qsort(originals, n_orig, sizeof *originals, cmp_more);
    /* Newest first; each original followed by its copies. */
    for (size_t o = 0; o < n_orig; o++) {
        size_t oi = compose_member_index(s, originals[o].article_id);
        for (size_t i = 0; i < s->n; i++) {
            if (i != oi && s->copy_of[i] != oi)
                continue;
            const struct compose_member *m = &s->m[i];
            struct roundup_more *e = &r->more[r->n_more++];
            e->article_id = m->article_id;
            e->outlet = xstrdup(m->outlet ? m->outlet : "");
            e->title = xstrdup(m->title ? m->title : "");
            e->url = xstrdup(m->url ? m->url : "");
            e->published_at = m->published_at;
            e->copy_of = i == oi ? 0 : s->m[oi].article_id;
        }
    }
    free(originals);
}

static void fill_background(const struct compose_input *in, struct roundup *r)
{
    const struct compose_background *bg = in->background;
    if (!bg || !bg->title || !bg->extract)
        return;
    r->has_background = true;
    r->background.entity_id = bg->entity_id;
    r->background.title = xstrdup(bg->title);
    r->background.extract = xstrdup(bg->extract);
    r->background.source = xasprintf("Wikipedia (%s)", bg->wiki_lang ? bg->wiki_lang : "en");
    r->background.url = xstrdup(bg->url ? bg->url : "");
    r->background.licence = xstrdup(bg->licence ? bg->licence : "");
    r->background.dump_date = xstrdup(bg->dump_date ? bg->dump_date : "");
}

/* The photo of the most central article with a credited one; one from an
 * article in the reader's language first, since its caption is read too. */
static void fill_image(const struct compose_state *s, struct roundup *r)
{
    size_t best = COMPOSE_NONE;
    bool best_native = false;
    for (size_t i = 0; i < s->n; i++) {
        const struct compose_member *m = &s->m[i];
        if (!m->image_url || !*m->image_url || !m->image_credit || !*m->image_credit)
            continue;
        bool native = compose_in_reader_lang(s, m);
        if (best == COMPOSE_NONE || (native && !best_native) ||
            (native == best_native && s->article_score[i] > s->article_score[best])) {
            best = i;
            best_native = native;
        }
    }
    if (best == COMPOSE_NONE)
        return;
    const struct compose_member *m = &s->m[best];
    r->has_image = true;
    r->image.article_id = m->article_id;
    r->image.url = xstrdup(m->image_url);
    r->image.caption = xstrdup(m->image_caption ? m->image_caption : "");
    r->image.credit = xstrdup(m->image_credit);
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    compose_cat_squeezed(&b, r->image.caption);
    if (b.len && !strchr(".!?", buf_cstr(&b)[b.len - 1]))
        cat(&b, ".");
    catf(&b, "%s(%s)", b.len ? " " : "", r->image.credit);
    r->image.display = buf_steal(&b);
}

static void count(struct roundup_counts *c, const char *key, size_t cap)
{
    const char *k = key && *key ? key : "unknown";
    for (size_t i = 0; i < c->len; i++)
        if (!strcmp(c->items[i].key, k)) {
            c->items[i].n++;
            return;
        }
    if (!c->items)
        c->items = xcalloc(cap, sizeof *c->items);
    c->items[c->len++] = (struct roundup_count){xstrdup(k), 1};
}

static void fill_balance(const struct compose_state *s, struct roundup *r)
{
    struct roundup_balance *b = &r->balance;
    b->articles = s->n;
    int64_t *sources = xcalloc(s->n, sizeof *sources);
    bool lang_is_home;
    const char *home = s->in->home_country;
    const char *home_gap = phrase_home_gap(home, s->in->reader, &lang_is_home);
    bool from_home = false;
    for (size_t i = 0; i < s->n; i++) {
        const struct compose_member *m = &s->m[i];
        bool seen = false;
        for (size_t k = 0; k < b->outlets; k++)
            seen |= sources[k] == m->source_id;
        if (!seen) {
            sources[b->outlets++] = m->source_id;
            count(&b->by_country, m->country, s->n);
            count(&b->by_kind, m->kind, s->n);
            count(&b->by_stance, m->stance, s->n);
            count(&b->by_owner, m->owner && *m->owner ? m->owner : m->outlet, s->n);
        }
        /* Language by article: one outlet may publish in several. */
        count(&b->by_lang, m->lang != LANG_UNKNOWN ? lang_code(m->lang) : m->outlet_lang,
              s->n);
        from_home |= (m->country && home && !strcasecmp(m->country, home)) ||
                     (lang_is_home && m->lang == s->in->reader);
    }
    for (size_t i = 0; i < s->n_rooms; i++)
        b->newsrooms += s->rooms[i].n > 0; /* an outlet that only ran copies is none */
    size_t countries = 0;
    for (size_t i = 0; i < b->by_country.len; i++)
        countries += strcmp(b->by_country.items[i].key, "unknown") != 0;
    if (home_gap && !from_home)
        b->gap_note = xstrdup(home_gap);
    else if (countries == 1 && b->by_country.len == 1 && b->outlets > 1)
        b->gap_note = xstrdup(s->t->gap_one_country);
    free(sources);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* ---- the whole ---- */

enum err compose_build(struct lang_ctx *ctx, const struct compose_member *members, size_t n,
                       const struct compose_input *in, struct roundup *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    if (n == 0)
        return errf(eb, ERR_INVALID, "a roundup needs at least one article");
    if (n > COMPOSE_MAX_MEMBERS)
        return errf(eb, ERR_LIMIT, "%zu articles: a roundup takes at most %d", n,
                    COMPOSE_MAX_MEMBERS);
    const struct phrase_table *t = phrase_table_for(in->reader);
    if (!t)
        return errf(eb, ERR_INVALID, "no phrase table for reader language %s",
                    lang_code(in->reader));
    struct compose_state s = {.m = members, .n = n, .in = in, .t = t};
    s.copy_of = xmalloc(n * sizeof *s.copy_of);
    for (size_t i = 0; i < n; i++)
        s.copy_of[i] = COMPOSE_NONE;
    if (in->copy_of)
        compose_copies_apply(&s);
    else
        compose_copies_find(&s);
    out->reader = in->reader;
    out->members = xmalloc(n * sizeof *out->members);
    for (size_t i = 0; i < n; i++)
        out->members[i] = members[i].article_id;
    out->n_members = n;
    qsort(out->members, n, sizeof *out->members, cmp_i64);
    enum err err = build_vectors(ctx, &s, eb);
    if (!err)
        err = choose_headline(ctx, &s, out, eb);
    /* The lead, then the pull quote (not from the lead), then the takes: a
     * take does not spend the story's best quotation as narration. */
    s.shown = xcalloc(s.n_cands + 1, sizeof *s.shown);
    if (!err) {
        compose_group_rooms(&s);
        compose_pick_lead(&s);
        err = compose_choose_quote(ctx, &s, out, eb);
    }
    if (!err)
        err = compose_choose_paragraphs(ctx, &s, out, eb);
    if (!err) {
        fill_more(&s, out);
        fill_background(in, out);
        fill_image(&s, out);
        fill_balance(&s, out);
    }
    for (size_t k = 0; k < s.n_cands; k++)
        tvec_clear(&s.cands[k].v);
    for (size_t i = 0; i < s.n_rooms; i++) {
        free(s.rooms[i].key);
        free(s.rooms[i].members);
    }
    free(s.rooms);
    free(s.room_of);
    free(s.cands);
    free(s.first_cand);
    free(s.centroid);
    free(s.article_score);
    free(s.shown);
    free(s.seen);
    free(s.copy_of);
    vocab_clear(&s.vocab);
    return err;
}

static void excerpt_free(struct roundup_excerpt *e)
{
    free(e->text);
    free(e->url);
}

static void counts_free(struct roundup_counts *c)
{
    for (size_t i = 0; i < c->len; i++)
        free(c->items[i].key);
    free(c->items);
}

void roundup_clear(struct roundup *r)
{
    if (!r)
        return;
    free(r->label);
    free(r->headline);
    for (size_t i = 0; i < r->n_paragraphs; i++) {
        struct roundup_paragraph *p = &r->paragraphs[i];
        for (size_t k = 0; k < p->n; k++)
            excerpt_free(&p->sentences[k]);
        for (size_t k = 0; k < p->credit.n_authors; k++)
            free(p->credit.authors[k]);
        free(p->credit.authors);
        free(p->credit.outlet);
        free(p->attribution);
        for (size_t k = 0; k < p->n_also; k++)
            free(p->also_run_by[k]);
        free(p->also_run_by);
        free(p->display);
    }
    free(r->paragraphs);
    excerpt_free(&r->quote);
    excerpt_free(&r->speaker);
    free(r->quote_display);
    for (size_t i = 0; i < r->n_quote_candidates; i++) {
        excerpt_free(&r->quote_candidates[i].quote);
        excerpt_free(&r->quote_candidates[i].speaker);
        free(r->quote_candidates[i].display);
    }
    for (size_t i = 0; i < r->n_more; i++) {
        free(r->more[i].outlet);
        free(r->more[i].title);
        free(r->more[i].url);
    }
    free(r->more);
    free(r->background.title);
    free(r->background.extract);
    free(r->background.source);
    free(r->background.url);
    free(r->background.licence);
    free(r->background.dump_date);
    free(r->image.url);
    free(r->image.caption);
    free(r->image.credit);
    free(r->image.display);
    counts_free(&r->balance.by_country);
    counts_free(&r->balance.by_lang);
    counts_free(&r->balance.by_kind);
    counts_free(&r->balance.by_stance);
    counts_free(&r->balance.by_owner);
    free(r->balance.gap_note);
    free(r->members);
    memset(r, 0, sizeof *r);
}
