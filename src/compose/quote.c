/* The pull quote: a stored quotation with a named speaker, central to the
 * story and not said already by the paragraphs. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "compose/state.h"

static bool speaker_named(const char *s, size_t len)
{
    static const char *const pronouns[] = {"he",  "she", "they", "it",  "we", "i",   "you", "han",
                                           "hon", "de",  "vi",   "jag", "du", "den", "det", NULL};
    /* "The company", "the judge", "A spokesman": a description, not a name. */
    static const char *const determiners[] = {"the", "a",    "an",   "this", "that", "its",
                                              "his", "her",  "their", "our", "en",   "ett",
                                              "denna", "detta", NULL};
    size_t w = 0;
    while (w < len && s[w] != ' ')
        w++;
    if (w < len && compose_word_is(s, w, determiners))
        return false;
    return len >= 2 && isupper((unsigned char)s[0]) ? !compose_word_is(s, len, pronouns)
                                                    : len >= 2 && (unsigned char)s[0] >= 0x80;
}

/* A whole quotation, not a quoted phrase taken up mid-sentence. */
static bool good_quote_start(const char *p)
{
    unsigned char c = (unsigned char)p[0];
    return isupper(c) || c >= 0x80;
}

/* "“…,” says Speaker (Outlet)." in the reader's language, for a quote and
 * speaker of member m. A new string. */
static char *quote_display(const struct compose_state *s, const struct compose_member *m,
                           const struct roundup_excerpt *quote,
                           const struct roundup_excerpt *speaker)
{
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    const char *open = s->t->lang == LANG_SV ? "\xe2\x80\x9d" : "\xe2\x80\x9c";
    const char *close = "\xe2\x80\x9d";
    struct buf q;
    buf_init(&q, BUF_UNLIMITED);
    compose_cat_squeezed(&q, quote->text);
    size_t ql = q.len;
    char last = ql ? buf_cstr(&q)[ql - 1] : 0;
    bool strip = last == '.' || last == ',';
    catf(&b, "%s%.*s", open, (int)(strip ? ql - 1 : ql), buf_cstr(&q));
    if (last == '?' || last == '!')
        catf(&b, "%s %s", close, s->t->says);
    else if (s->t->lang == LANG_EN)
        catf(&b, ",%s %s", close, s->t->says);
    else
        catf(&b, "%s, %s", close, s->t->says);
    catf(&b, " %s", speaker->text);
    if (m->outlet && *m->outlet)
        catf(&b, " (%s)", m->outlet);
    cat(&b, ".");
    if (quote->foreign && s->t->lang_names[quote->lang])
        catf(&b, " (%s)", s->t->lang_names[quote->lang]);
    buf_clear(&q);
    return buf_steal(&b);
}

/* A quote that qualifies, with how it ranks. */
struct ranked_quote {
    size_t member;
    const struct stored_quote *q;
    double score;
    bool native;
};

/* Better first: any quote in the reader's language before one in another,
 * then the more central. */
static bool ranks_before(const struct ranked_quote *a, const struct ranked_quote *b)
{
    return a->native != b->native ? a->native : a->score > b->score;
}

enum err compose_choose_quote(struct lang_ctx *ctx, struct compose_state *s, struct roundup *r,
                             struct errbuf *eb)
{
    /* The best COMPOSE_QUOTE_CANDIDATES, kept in order by insertion. */
    struct ranked_quote best[COMPOSE_QUOTE_CANDIDATES];
    size_t n_best = 0;
    enum err err = ERR_OK;
    for (size_t i = 0; i < s->n && !err; i++) {
        const struct compose_member *m = &s->m[i];
        if (s->copy_of[i] != COMPOSE_NONE)
            continue;
        for (size_t k = 0; k < m->n_quotes; k++) {
            const struct stored_quote *q = &m->quotes[k];
            int64_t qlen = q->quote.end - q->quote.start;
            int64_t slen = q->speaker.end - q->speaker.start;
            if (q->quote.start < 0 || q->quote.end > (int64_t)m->body_len || qlen < 30 ||
                qlen > 300 || q->speaker.start < 0 || q->speaker.end > (int64_t)m->body_len ||
                !speaker_named(m->body + q->speaker.start, (size_t)slen) ||
                compose_speaker_shown_translated(s, m->lang, m->body + q->speaker.start, (size_t)slen))
                continue;
            const char *p = m->body + q->quote.start;
            if (memchr(p, '\n', (size_t)qlen) || !good_quote_start(p))
                continue;
            const struct compose_cand *lead = s->lead != COMPOSE_NONE ? &s->cands[s->lead] : NULL;
            if (lead && lead->member == i && (int64_t)lead->begin < q->quote.end &&
                (int64_t)lead->end > q->quote.start)
                continue; /* the lead's words are the lead's */
            struct tvec v;
            if ((err = tvec_of(ctx, &s->vocab, p, (size_t)qlen, m->lang, &v, eb)))
                break;
            tvec_weigh(&v, &s->vocab, s->n_cands + 1);
            double score = tvec_dot_dense(&v, s->centroid);
            struct compose_cand probe = {.v = v};
            if (compose_max_sim_shown(s, &probe) > COMPOSE_REDUNDANCY)
                score = -1;
            tvec_clear(&v);
            struct ranked_quote rq = {i, q, score, compose_in_reader_lang(s, m)};
            if (score <= 0)
                continue;
            size_t at = n_best;
            while (at > 0 && ranks_before(&rq, &best[at - 1]))
                at--;
            if (at >= COMPOSE_QUOTE_CANDIDATES)
                continue;
            size_t last = n_best < COMPOSE_QUOTE_CANDIDATES ? n_best : COMPOSE_QUOTE_CANDIDATES - 1;
            memmove(&best[at + 1], &best[at], (last - at) * sizeof *best);
            best[at] = rq;
            if (n_best < COMPOSE_QUOTE_CANDIDATES)
                n_best++;
        }
    }
    if (err || !n_best)
        return err;
    for (size_t c = 0; c < n_best; c++) {
        struct roundup_quote *rq = &r->quote_candidates[r->n_quote_candidates++];
        const struct stored_quote *bq = best[c].q;
        compose_excerpt_set(&rq->quote, s, best[c].member, (size_t)bq->quote.start,
                            (size_t)bq->quote.end);
        compose_excerpt_set(&rq->speaker, s, best[c].member, (size_t)bq->speaker.start,
                            (size_t)bq->speaker.end);
        rq->display = quote_display(s, &s->m[best[c].member], &rq->quote, &rq->speaker);
    }
    size_t best_m = best[0].member;
    const struct stored_quote *bq = best[0].q;
    /* The sentences holding the quote are the pull quote's: the paragraphs
     * neither repeat them nor show their words in translation. */
    for (size_t k = s->first_cand[best_m]; k < s->first_cand[best_m + 1]; k++) {
        struct compose_cand *c = &s->cands[k];
        if ((int64_t)c->begin < bq->quote.end && (int64_t)c->end > bq->quote.start && !c->shown) {
            c->shown = true;
            s->shown[s->n_shown++] = k;
        }
    }
    r->has_quote = true;
    compose_excerpt_set(&r->quote, s, best_m, (size_t)bq->quote.start, (size_t)bq->quote.end);
    compose_excerpt_set(&r->speaker, s, best_m, (size_t)bq->speaker.start, (size_t)bq->speaker.end);
    r->quote_display = xstrdup(r->quote_candidates[0].display);
    return ERR_OK;
}
