/* Which members copy another: the story stage's copy groups when given, else
 * our own rule for articles composed without a story (roundup --articles). */
#include <stdlib.h>

#include "base/xalloc.h"
#include "compose/state.h"

static uint64_t span_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static bool earlier(const struct compose_member *a, const struct compose_member *b)
{
    if (a->published_at != b->published_at && a->published_at && b->published_at)
        return a->published_at < b->published_at;
    return a->article_id < b->article_id;
}

size_t compose_member_index(const struct compose_state *s, int64_t id)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->m[i].article_id == id)
            return i;
    return COMPOSE_NONE;
}

/* The fallback rule of compose.h: a copy shares >= 60% (and >= 2) of its
 * sentences verbatim with an earlier member. */
void compose_copies_find(struct compose_state *s)
{
    uint64_t **h = xcalloc(s->n, sizeof *h);
    for (size_t i = 0; i < s->n; i++) {
        h[i] = xmalloc((s->m[i].n_sentences + 1) * sizeof **h);
        for (size_t k = 0; k < s->m[i].n_sentences; k++) {
            const struct text_range *r = &s->m[i].sentences[k];
            h[i][k] = span_hash(s->m[i].body + r->start, (size_t)(r->end - r->start));
        }
        qsort(h[i], s->m[i].n_sentences, sizeof **h, cmp_u64);
    }
    for (size_t i = 0; i < s->n; i++) {
        size_t ni = s->m[i].n_sentences, best = COMPOSE_NONE;
        if (ni < 2)
            continue;
        for (size_t j = 0; j < s->n; j++) {
            if (j == i || s->copy_of[j] != COMPOSE_NONE || !earlier(&s->m[j], &s->m[i]))
                continue;
            size_t a = 0, b = 0, shared = 0, nj = s->m[j].n_sentences;
            while (a < ni && b < nj) {
                if (h[i][a] < h[j][b])
                    a++;
                else if (h[i][a] > h[j][b])
                    b++;
                else
                    shared++, a++, b++;
            }
            if (shared >= 2 && shared * 10 >= ni * 6 &&
                (best == COMPOSE_NONE || earlier(&s->m[j], &s->m[best])))
                best = j;
        }
        s->copy_of[i] = best;
    }
    for (size_t i = 0; i < s->n; i++)
        free(h[i]);
    free(h);
}

void compose_copies_apply(struct compose_state *s)
{
    for (size_t k = 0; k < s->in->n; k++) {
        size_t c = compose_member_index(s, s->in->article_ids[k]);
        size_t o = s->in->copy_of[k] ? compose_member_index(s, s->in->copy_of[k]) : COMPOSE_NONE;
        if (c != COMPOSE_NONE && o != c)
            s->copy_of[c] = o;
    }
    /* A copy of a copy runs the original's text: it reports to the original,
     * whose paragraph is the one shown. A cycle (never made by the story
     * stage) is broken by keeping its members as originals. */
    for (size_t i = 0; i < s->n; i++) {
        size_t o = s->copy_of[i], steps = 0;
        while (o != COMPOSE_NONE && s->copy_of[o] != COMPOSE_NONE && steps++ < s->n)
            o = s->copy_of[o];
        s->copy_of[i] = steps > s->n || o == i ? COMPOSE_NONE : o;
    }
}
