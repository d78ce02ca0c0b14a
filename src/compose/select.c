/* Choosing the paragraphs: newsrooms, the lead, then the takes (one
 * newsroom's paragraph, and a second from the same author when it adds
 * something), each sentence new to the reader; and each paragraph's
 * sentences, credit and display. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "compose/state.h"

bool compose_in_reader_lang(const struct compose_state *s, const struct compose_member *m)
{
    if (m->lang != LANG_UNKNOWN)
        return m->lang == s->in->reader;
    return m->outlet_lang && lang_parse(m->outlet_lang) == s->in->reader;
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
    e->foreign = m->lang != LANG_UNKNOWN && m->lang != s->in->reader;
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

static void paragraph_display(const struct compose_state *s, struct roundup_paragraph *p,
                              bool again)
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
            /* A sentence that names its own source ("…, the police said.")
             * is credited as reported by its writer: one attribution, never a
             * second "according to". */
            char *reported =
                phrase_reports_speech(s->t, buf_cstr(&one), one.len)
                    ? phrase_attribution_reported(s->t, (const char *const *)p->credit.authors,
                                                  p->credit.n_authors, p->credit.outlet, again)
                    : NULL;
            char *a =
                phrase_attach(s->t, buf_cstr(&one), one.len, reported ? reported : p->attribution);
            cat(&b, a);
            free(a);
            free(reported);
        }
        buf_clear(&one);
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

/* Appends to r the paragraph of the candidates picks[0..n) (shown already),
 * all of one article, with its credit and display. */
static void make_paragraph(struct compose_state *s, struct roundup *r, const size_t *picks,
                           size_t n)
{
    size_t idx = r->n_paragraphs++;
    struct roundup_paragraph *p = &r->paragraphs[idx];
    size_t member = s->cands[picks[0]].member;
    const struct compose_member *m = &s->m[member];
    p->n = n;
    for (size_t i = 0; i < n; i++) {
        const struct compose_cand *c = &s->cands[picks[i]];
        compose_excerpt_set(&p->sentences[i], s, c->member, c->begin, c->end);
    }
    p->credit.article_id = m->article_id;
    p->credit.outlet = xstrdup(m->outlet ? m->outlet : "");
    p->credit.n_authors = m->n_authors;
    p->credit.authors = xcalloc(m->n_authors + 1, sizeof *p->credit.authors);
    for (size_t i = 0; i < m->n_authors; i++)
        p->credit.authors[i] = xstrdup(m->authors[i]);
    bool again = compose_credit_again(r->paragraphs, idx);
    p->attribution = phrase_attribution(s->t, (const char *const *)p->credit.authors,
                                        p->credit.n_authors, p->credit.outlet, again);
    /* A take's second paragraph does not repeat who also ran the first. */
    p->also_run_by = xcalloc(s->n, sizeof *p->also_run_by);
    for (size_t i = 0; i < s->n && !again; i++) {
        const char *o = s->m[i].outlet;
        if (s->copy_of[i] != member || !o || !*o || !strcmp(o, p->credit.outlet))
            continue;
        bool seen = false;
        for (size_t k = 0; k < p->n_also; k++)
            seen |= !strcmp(p->also_run_by[k], o);
        if (!seen)
            p->also_run_by[p->n_also++] = xstrdup(o);
    }
    paragraph_display(s, p, again);
}

/* Whether a shown sentence in another language than lang names the speaker.
 * Such a quote is most often the same words in translation, which the
 * redundancy test between term vectors cannot see across languages. The
 * speaker is looked for by surname (the last word), since one article may
 * give the name with a title ("Trafikchefen Eva Lund") and another without. */
bool compose_speaker_shown_translated(const struct compose_state *s, enum lang lang,
                                     const char *speaker, size_t len)
{
    const char *last = memrchr(speaker, ' ', len);
    if (last && (size_t)(speaker + len - (last + 1)) >= 3) {
        len = (size_t)(speaker + len - (last + 1));
        speaker = last + 1;
    }
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

/* The share of c's stems that nothing shown yet, nor the headline, used:
 * how much a reader learns from it. */
static double novelty(const struct compose_state *s, const struct compose_cand *c)
{
    if (!c->v.n)
        return 0;
    size_t fresh = 0;
    for (size_t i = 0; i < c->v.n; i++)
        fresh += !s->seen[c->v.ids[i]];
    return (double)fresh / (double)c->v.n;
}

static void see(struct compose_state *s, const struct compose_cand *c)
{
    for (size_t i = 0; i < c->v.n; i++)
        s->seen[c->v.ids[i]] = true;
}

/* Whether c may be shown beside what is: not shown, not a near-repeat of a
 * shown sentence, not a quotation shown already in translation. */
static bool fits(const struct compose_state *s, const struct compose_cand *c)
{
    return c->ok && !c->shown && compose_max_sim_shown(s, c) <= COMPOSE_REDUNDANCY &&
           !quote_shown_translated(s, c);
}

/* Central and new: what a later sentence is chosen by. */
static double worth(const struct compose_cand *c, double nov)
{
    return c->central * (0.4 + nov);
}

/* The best sentence of member mi to open a paragraph with, COMPOSE_NONE if
 * none adds at least min_novelty or is central enough. */
static size_t best_opener(const struct compose_state *s, size_t mi, double min_novelty,
                          double min_central, double *score)
{
    size_t best = COMPOSE_NONE;
    for (size_t k = s->first_cand[mi]; k < s->first_cand[mi + 1]; k++) {
        const struct compose_cand *c = &s->cands[k];
        if (c->pronoun || c->central < min_central || !fits(s, c))
            continue;
        double nov = novelty(s, c);
        if (nov < min_novelty)
            continue;
        double w = worth(c, nov);
        if (best == COMPOSE_NONE || w > *score) {
            best = k;
            *score = w;
        }
    }
    return best;
}

static void show(struct compose_state *s, size_t k)
{
    s->cands[k].shown = true;
    s->shown[s->n_shown++] = k;
    see(s, &s->cands[k]);
}

static int cmp_index(const void *a, const void *b, void *arg)
{
    const struct compose_state *s = arg;
    size_t x = s->cands[*(const size_t *)a].index, y = s->cands[*(const size_t *)b].index;
    return (x > y) - (x < y);
}

/* Adds to a paragraph opened by picks[0] more sentences of its article,
 * up to max, each new to the reader and central enough; a sentence opening
 * with a pronoun only right after the one it leans on. Then puts them in the
 * article's order. Returns the count. */
static size_t extend(struct compose_state *s, size_t *picks, size_t n, size_t max,
                     double min_central)
{
    size_t mi = s->cands[picks[0]].member, bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += s->cands[picks[i]].end - s->cands[picks[i]].begin;
    while (n < max) {
        size_t best = COMPOSE_NONE;
        double best_score = 0;
        for (size_t k = s->first_cand[mi]; k < s->first_cand[mi + 1]; k++) {
            const struct compose_cand *c = &s->cands[k];
            if (c->central < min_central || !fits(s, c) ||
                bytes + (c->end - c->begin) > COMPOSE_PARAGRAPH_BYTES)
                continue;
            bool leans = !c->pronoun;
            for (size_t i = 0; i < n && !leans; i++)
                leans = s->cands[picks[i]].index + 1 == c->index;
            double nov = novelty(s, c);
            if (!leans || nov < COMPOSE_NOVELTY_MIN)
                continue;
            if (best == COMPOSE_NONE || worth(c, nov) > best_score) {
                best = k;
                best_score = worth(c, nov);
            }
        }
        if (best == COMPOSE_NONE)
            break;
        picks[n++] = best;
        bytes += s->cands[best].end - s->cands[best].begin;
        show(s, best);
    }
    qsort_r(picks, n, sizeof *picks, cmp_index, s);
    return n;
}

/* A paragraph of member mi's sentences opened by first, appended to r. */
static void paragraph(struct compose_state *s, struct roundup *r, size_t first, size_t max,
                      double min_central)
{
    size_t picks[COMPOSE_TAKE_SENTENCES];
    picks[0] = first;
    if (s->cands[first].shown)
        see(s, &s->cands[first]); /* the lead, shown first of all */
    else
        show(s, first);
    size_t n = extend(s, picks, 1, max < COMPOSE_TAKE_SENTENCES ? max : COMPOSE_TAKE_SENTENCES,
                      min_central);
    make_paragraph(s, r, picks, n);
}

/* The take's second paragraph: more of the same article by the same author,
 * only when it tells the reader something new. */
static void second_paragraph(struct compose_state *s, struct roundup *r, size_t opener)
{
    const struct compose_cand *o = &s->cands[opener];
    double score = 0;
    size_t k = best_opener(s, o->member, COMPOSE_NOVELTY_SECOND, 0.5 * o->central, &score);
    if (k != COMPOSE_NONE)
        paragraph(s, r, k, 2, 0.5 * o->central);
}

/* Analysis and opinion argue; a wire text is most often what the others
 * rewrote. */
static double kind_weight(const struct compose_member *m)
{
    if (same_str(m->kind, "analysis") || same_str(m->kind, "opinion"))
        return 1.2;
    return same_str(m->kind, "wire") ? 0.85 : 1.0;
}

void compose_pick_lead(struct compose_state *s)
{
    /* The lead says what happened: the most central sentence opens the first
     * paragraph. Like the headline, it comes from an article in the reader's
     * language when the story has one, so that the page opens in words its
     * reader reads. */
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
    s->lead = lead_room == COMPOSE_NONE ? COMPOSE_NONE : s->rooms[lead_room].best;
    if (s->lead != COMPOSE_NONE) {
        s->cands[s->lead].shown = true;
        s->shown[s->n_shown++] = s->lead;
    }
}

enum err compose_choose_paragraphs(struct lang_ctx *ctx, struct compose_state *s,
                                   struct roundup *r, struct errbuf *eb)
{
    size_t max_takes = s->in->max_takes ? s->in->max_takes : COMPOSE_MAX_TAKES;
    size_t quoted = s->n_shown; /* the lead's and the pull quote's sentences */
    /* The headline's words are had: a sentence saying only them adds nothing. */
    const struct compose_member *hm = NULL;
    for (size_t i = 0; i < s->n && r->headline; i++)
        if (s->m[i].article_id == r->headline_article)
            hm = &s->m[i];
    struct tvec head = {0};
    enum err err =
        hm ? tvec_of(ctx, &s->vocab, r->headline, strlen(r->headline), hm->lang, &head, eb) : 0;
    if (err)
        return err;
    for (size_t i = 0; i < head.n; i++)
        s->vocab.df[head.ids[i]]--; /* not a text of the story's: weights stay as they were */
    s->seen = xcalloc(s->vocab.n + 1, sizeof *s->seen);
    for (size_t i = 0; i < head.n; i++)
        s->seen[head.ids[i]] = true;
    tvec_clear(&head);

    r->paragraphs = xcalloc(2 * max_takes + 1, sizeof *r->paragraphs);
    size_t *placed = xcalloc(s->n_rooms + 1, sizeof *placed);
    bool *done = xcalloc(s->n_rooms + 1, sizeof *done);
    size_t n_placed = 0;
    size_t lead_room = s->lead == COMPOSE_NONE ? COMPOSE_NONE : s->room_of[s->cands[s->lead].member];
    if (lead_room != COMPOSE_NONE) {
        size_t lead = s->lead;
        paragraph(s, r, lead, COMPOSE_TAKE_SENTENCES, 0.5 * s->cands[lead].central);
        second_paragraph(s, r, lead);
        done[lead_room] = true;
        placed[n_placed++] = lead_room;
    }
    /* Then the takes that add most, preferring other countries, kinds and
     * stances than those placed; a take that would only restate is left to
     * read more. */
    while (n_placed && n_placed < max_takes) {
        size_t room = COMPOSE_NONE, opener = COMPOSE_NONE;
        double best = 0;
        for (size_t i = 0; i < s->n_rooms; i++) {
            if (done[i] || s->rooms[i].best == COMPOSE_NONE)
                continue;
            for (size_t k = 0; k < s->rooms[i].n; k++) {
                size_t mi = s->rooms[i].members[k];
                double score = 0;
                size_t c = best_opener(s, mi, COMPOSE_NOVELTY_MIN, 0, &score);
                if (c == COMPOSE_NONE)
                    continue;
                score *= (1.0 - 0.3 * sameness(s, i, placed, n_placed)) * kind_weight(&s->m[mi]);
                if (room == COMPOSE_NONE || score > best) {
                    room = i;
                    opener = c;
                    best = score;
                }
            }
        }
        if (room == COMPOSE_NONE)
            break;
        done[room] = true;
        placed[n_placed++] = room;
        paragraph(s, r, opener, COMPOSE_TAKE_SENTENCES, 0.4 * s->cands[opener].central);
        second_paragraph(s, r, opener);
    }
    /* Between the paragraphs' sentences, and each of them and the pull
     * quote's (shown first, one quotation may span two sentences). */
    for (size_t i = 0; i < s->n_shown; i++)
        for (size_t k = i + 1 > quoted ? i + 1 : quoted; k < s->n_shown; k++) {
            double d = tvec_dot(&s->cands[s->shown[i]].v, &s->cands[s->shown[k]].v);
            if (d > r->max_similarity)
                r->max_similarity = d;
        }
    free(placed);
    free(done);
    return ERR_OK;
}
