/* Choosing the paragraphs: newsrooms, the lead, then one take per newsroom
 * chosen by MMR, and each paragraph's sentences, credit and display. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "compose/state.h"

bool compose_in_reader_lang(const struct compose_state *s, const struct compose_member *m)
{
    if (m->lang != TEXT_LANG_UNKNOWN)
        return m->lang == s->in->reader;
    return m->outlet_lang && text_lang_parse(m->outlet_lang) == s->in->reader;
}

static char *room_key(const struct compose_member *m)
{
    if (m->owner && *m->owner)
        return xasprintf("owner:%s", m->owner);
    return xasprintf("source:%lld", (long long)m->source_id);
}

void compose_group_rooms(struct compose_state *s)
{
    s->rooms = xcalloc(s->n, sizeof *s->rooms);
    s->room_of = xcalloc(s->n, sizeof *s->room_of);
    for (size_t i = 0; i < s->n; i++) {
        char *key = room_key(&s->m[i]);
        size_t r = 0;
        while (r < s->n_rooms && strcmp(s->rooms[r].key, key))
            r++;
        if (r == s->n_rooms) {
            s->rooms[r].key = key;
            s->rooms[r].members = xcalloc(s->n, sizeof(size_t));
            s->rooms[r].best = COMPOSE_NONE;
            s->n_rooms++;
        } else {
            free(key);
        }
        s->room_of[i] = r;
        if (s->copy_of[i] == COMPOSE_NONE)
            s->rooms[r].members[s->rooms[r].n++] = i;
    }
    for (size_t k = 0; k < s->n_cands; k++) {
        struct compose_cand *c = &s->cands[k];
        struct compose_room *room = &s->rooms[s->room_of[c->member]];
        if (c->ok && !c->pronoun &&
            (room->best == COMPOSE_NONE || c->central > s->cands[room->best].central)) {
            room->best = k;
            room->relevance = c->central;
        }
    }
}

double compose_max_sim_shown(const struct compose_state *s, const struct compose_cand *c)
{
    double best = 0;
    for (size_t i = 0; i < s->n_shown; i++) {
        double d = tvec_dot(&c->v, &s->cands[s->shown[i]].v);
        if (d > best)
            best = d;
    }
    return best;
}

static bool same_str(const char *a, const char *b)
{
    return a && b && *a && !strcmp(a, b);
}

/* How much a newsroom repeats the country, kind and stance of those placed. */
static double sameness(const struct compose_state *s, size_t room, const size_t *placed, size_t n)
{
    const struct compose_member *a = &s->m[s->rooms[room].members[0]];
    double same = 0;
    for (size_t i = 0; i < n; i++) {
        const struct compose_member *b = &s->m[s->rooms[placed[i]].members[0]];
        same += (same_str(a->country, b->country) + same_str(a->kind, b->kind) +
                 same_str(a->stance, b->stance)) /
                3.0;
    }
    return n ? same / (double)n : 0;
}

/* ---- output pieces ---- */

void compose_excerpt_set(struct roundup_excerpt *e, const struct compose_state *s, size_t member,
                        size_t begin, size_t end)
{
    const struct compose_member *m = &s->m[member];
    e->article_id = m->article_id;
    e->begin = begin;
    e->end = end;
    e->text = xstrndup(m->body + begin, end - begin);
    e->url = xstrdup(m->url ? m->url : "");
    e->lang = m->lang;
    e->foreign = m->lang != TEXT_LANG_UNKNOWN && m->lang != s->in->reader;
}

/* Whitespace runs (line breaks inside a sentence) read as one space. */
void compose_cat_squeezed(struct buf *b, const char *s)
{
    for (bool space = false; *s; s++) {
        if (isspace((unsigned char)*s)) {
            space = true;
            continue;
        }
        if (space && b->len)
            cat(b, " ");
        space = false;
        cat_n(b, s, 1);
    }
}

static void paragraph_display(const struct compose_state *s, struct roundup_paragraph *p)
{
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    for (size_t i = 0; i < p->n; i++) {
        struct buf one;
        buf_init(&one, BUF_UNLIMITED);
        compose_cat_squeezed(&one, p->sentences[i].text);
        if (i)
            cat(&b, " ");
        if (i + 1 < p->n) {
            cat(&b, buf_cstr(&one));
        } else {
            /* A sentence that says who spoke gets "according to" its writer,
             * not a second verb of saying. */
            char *reported =
                phrase_reports_speech(s->t, buf_cstr(&one), one.len)
                    ? phrase_attribution_reported(s->t, (const char *const *)p->credit.authors,
                                                  p->credit.n_authors, p->credit.outlet)
                    : NULL;
            char *a =
                phrase_attach(s->t, buf_cstr(&one), one.len, reported ? reported : p->attribution);
            cat(&b, a);
            free(a);
            free(reported);
        }
        buf_free(&one);
    }
    const struct roundup_excerpt *e = &p->sentences[0];
    if (e->foreign && s->t->lang_names[e->lang])
        catf(&b, " (%s)", s->t->lang_names[e->lang]);
    if (p->n_also) {
        catf(&b, " (%s ", s->t->also_run_by);
        for (size_t i = 0; i < p->n_also; i++)
            catf(&b, "%s%s", i ? ", " : "", p->also_run_by[i]);
        cat(&b, ")");
    }
    p->display = buf_steal(&b);
}

static void make_paragraph(struct compose_state *s, struct roundup_paragraph *p, const size_t *picks,
                           size_t n)
{
    const struct compose_member *m = &s->m[s->cands[picks[0]].member];
    size_t member = s->cands[picks[0]].member;
    p->n = n;
    for (size_t i = 0; i < n; i++) {
        struct compose_cand *c = &s->cands[picks[i]];
        compose_excerpt_set(&p->sentences[i], s, c->member, c->begin, c->end);
        c->shown = true;
        s->shown[s->n_shown++] = picks[i];
    }
    p->credit.article_id = m->article_id;
    p->credit.outlet = xstrdup(m->outlet ? m->outlet : "");
    p->credit.n_authors = m->n_authors;
    p->credit.authors = xcalloc(m->n_authors + 1, sizeof *p->credit.authors);
    for (size_t i = 0; i < m->n_authors; i++)
        p->credit.authors[i] = xstrdup(m->authors[i]);
    p->attribution = phrase_attribution(s->t, (const char *const *)p->credit.authors,
                                        p->credit.n_authors, p->credit.outlet);
    p->also_run_by = xcalloc(s->n, sizeof *p->also_run_by);
    for (size_t i = 0; i < s->n; i++) {
        const char *o = s->m[i].outlet;
        if (s->copy_of[i] != member || !o || !*o || !strcmp(o, p->credit.outlet))
            continue;
        bool seen = false;
        for (size_t k = 0; k < p->n_also; k++)
            seen |= !strcmp(p->also_run_by[k], o);
        if (!seen)
            p->also_run_by[p->n_also++] = xstrdup(o);
    }
    paragraph_display(s, p);
}

/* Whether a shown sentence in another language than lang names the speaker.
 * Such a quote is most often the same words in translation, which the
 * redundancy test between term vectors cannot see across languages. */
bool compose_speaker_shown_translated(const struct compose_state *s, enum text_lang lang,
                                     const char *speaker, size_t len)
{
    for (size_t i = 0; i < s->n_shown; i++) {
        const struct compose_cand *c = &s->cands[s->shown[i]];
        const struct compose_member *m = &s->m[c->member];
        if (m->lang != lang && memmem(m->body + c->begin, c->end - c->begin, speaker, len))
            return true;
    }
    return false;
}

/* Whether candidate c holds a quotation whose speaker a shown sentence in
 * another language names: the same words in translation, most often. */
static bool quote_shown_translated(const struct compose_state *s, const struct compose_cand *c)
{
    const struct compose_member *m = &s->m[c->member];
    for (size_t k = 0; k < m->n_quotes; k++) {
        const struct stored_quote *q = &m->quotes[k];
        if (q->speaker.start < 0 || q->speaker.start >= q->speaker.end ||
            q->speaker.end > (int64_t)m->body_len || q->quote.end <= (int64_t)c->begin ||
            q->quote.start >= (int64_t)c->end)
            continue;
        if (compose_speaker_shown_translated(s, m->lang, m->body + q->speaker.start,
                                     (size_t)(q->speaker.end - q->speaker.start)))
            return true;
    }
    return false;
}

/* Keeps candidate k in *best when its MMR score beats the best so far and it
 * is not redundant with what is shown. */
static void mmr_consider(const struct compose_state *s, size_t k, size_t *best, double *best_score)
{
    const struct compose_cand *c = &s->cands[k];
    double sim = compose_max_sim_shown(s, c);
    if (sim > COMPOSE_REDUNDANCY || quote_shown_translated(s, c))
        return;
    double score = COMPOSE_MMR_LAMBDA * c->central - (1 - COMPOSE_MMR_LAMBDA) * sim;
    if (*best == COMPOSE_NONE || score > *best_score) {
        *best = k;
        *best_score = score;
    }
}

/* The second sentence of a paragraph: from the same article, central enough,
 * new; a pronoun opening only right after the first sentence. */
static size_t second_pick(const struct compose_state *s, size_t first)
{
    const struct compose_cand *f = &s->cands[first];
    size_t best = COMPOSE_NONE;
    double best_score = 0;
    for (size_t k = s->first_cand[f->member]; k < s->first_cand[f->member + 1]; k++) {
        const struct compose_cand *c = &s->cands[k];
        if (k == first || !c->ok || c->shown || c->central < 0.5 * f->central ||
            (c->pronoun && c->index != f->index + 1))
            continue;
        mmr_consider(s, k, &best, &best_score);
    }
    return best;
}

static size_t first_pick(const struct compose_state *s, const struct compose_room *room)
{
    size_t best = COMPOSE_NONE;
    double best_score = 0;
    for (size_t i = 0; i < room->n; i++) {
        size_t mi = room->members[i];
        for (size_t k = s->first_cand[mi]; k < s->first_cand[mi + 1]; k++) {
            const struct compose_cand *c = &s->cands[k];
            if (c->ok && !c->pronoun && !c->shown)
                mmr_consider(s, k, &best, &best_score);
        }
    }
    return best;
}

void compose_choose_paragraphs(struct compose_state *s, struct roundup *r)
{
    s->shown = xcalloc(2 * s->n_rooms + 2, sizeof *s->shown);
    r->paragraphs = xcalloc(s->n_rooms ? s->n_rooms : 1, sizeof *r->paragraphs);
    size_t *placed = xcalloc(s->n_rooms + 1, sizeof *placed);
    bool *done = xcalloc(s->n_rooms + 1, sizeof *done);
    size_t n_placed = 0;
    /* The lead: the most central sentence opens the first paragraph. Like the
     * headline, it comes from an article in the reader's language when the
     * story has one, so that the page opens in words its reader reads. */
    size_t lead_room = COMPOSE_NONE;
    bool lead_native = false;
    for (size_t i = 0; i < s->n_rooms; i++) {
        if (s->rooms[i].best == COMPOSE_NONE)
            continue;
        bool native = compose_in_reader_lang(s, &s->m[s->cands[s->rooms[i].best].member]);
        if (lead_room == COMPOSE_NONE || (native && !lead_native) ||
            (native == lead_native && s->rooms[i].relevance > s->rooms[lead_room].relevance)) {
            lead_room = i;
            lead_native = native;
        }
    }
    while (r->n_paragraphs < COMPOSE_MAX_PARAGRAPHS) {
        size_t room = lead_room;
        if (n_placed) {
            room = COMPOSE_NONE;
            double best = 0;
            for (size_t i = 0; i < s->n_rooms; i++) {
                if (done[i] || s->rooms[i].best == COMPOSE_NONE)
                    continue;
                double score =
                    s->rooms[i].relevance * (1.0 - 0.3 * sameness(s, i, placed, n_placed));
                if (room == COMPOSE_NONE || score > best) {
                    room = i;
                    best = score;
                }
            }
        }
        if (room == COMPOSE_NONE)
            break;
        done[room] = true;
        size_t first = n_placed ? first_pick(s, &s->rooms[room]) : s->rooms[room].best;
        if (first == COMPOSE_NONE)
            continue;
        size_t picks[2] = {first, COMPOSE_NONE};
        s->cands[first].shown = true;
        s->shown[s->n_shown++] = first;
        size_t second = second_pick(s, first);
        s->n_shown--;
        s->cands[first].shown = false;
        size_t n = 1;
        if (second != COMPOSE_NONE) {
            /* In the order the article tells them. */
            if (s->cands[second].index < s->cands[first].index && !s->cands[first].pronoun) {
                picks[0] = second;
                picks[1] = first;
            } else {
                picks[1] = second;
            }
            n = 2;
        }
        make_paragraph(s, &r->paragraphs[r->n_paragraphs++], picks, n);
        placed[n_placed++] = room;
    }
    for (size_t i = 0; i < s->n_shown; i++)
        for (size_t k = i + 1; k < s->n_shown; k++) {
            double d = tvec_dot(&s->cands[s->shown[i]].v, &s->cands[s->shown[k]].v);
            if (d > r->max_similarity)
                r->max_similarity = d;
        }
    free(placed);
    free(done);
}
