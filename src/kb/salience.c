/* Salience: which of a story's linked entities gets the background box. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "kb/kb.h"

/* Popularity (Wikipedia editions with a page) at which an entity counts as
 * wholly generic: countries and world cities have 200-330; a militant group
 * or a minister some tens. */
#define GENERIC_POPULARITY 300.0
/* What an unknown popularity (an entity from a dump without Wikidata) counts as. */
#define UNKNOWN_SPECIFICITY 0.5

/* Weights of the evidence; docs/kb.md explains them. */
#define W_SOURCES 0.40
#define W_PROMINENCE 0.35
#define W_FREQUENCY 0.10
#define W_ARTICLES 0.15
/* The box in English when the reader's language has no extract is worth this much. */
#define ENGLISH_ONLY 0.8

struct tally {
    int64_t id;
    const struct kb_entity_facts *facts;
    int64_t *sources; /* distinct source ids */
    int n_sources;
    int articles, in_title, in_lead, mentions;
    size_t last_article; /* index + 1 of the last article counted */
};

static const struct kb_entity_facts *find_facts(const struct kb_entity_facts *facts, size_t n,
                                                int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (facts[i].entity_id == id)
            return &facts[i];
    return NULL;
}

/* 1 for an entity few Wikipedias cover, falling to 0 for the most generic. */
static double specificity(int64_t popularity)
{
    if (popularity <= 0)
        return UNKNOWN_SPECIFICITY;
    double s = 1.0 - log1p((double)popularity) / log1p(GENERIC_POPULARITY);
    return s < 0 ? 0 : s;
}

static int by_score(const void *a, const void *b)
{
    const struct kb_salient *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return x->entity_id < y->entity_id ? -1 : x->entity_id > y->entity_id;
}

void kb_salience(const struct kb_salience_article *articles, size_t n_articles,
                 const struct kb_entity_facts *facts, size_t n_facts, struct kb_salient **out,
                 size_t *n_out)
{
    struct tally *t = NULL;
    size_t nt = 0, cap = 0;
    size_t n_sources_total = 0;
    int64_t *all_sources = xcalloc(n_articles ? n_articles : 1, sizeof *all_sources);
    for (size_t a = 0; a < n_articles; a++) {
        const struct kb_salience_article *art = &articles[a];
        bool seen_source = false;
        for (size_t k = 0; k < n_sources_total && !seen_source; k++)
            seen_source = all_sources[k] == art->source_id;
        if (!seen_source)
            all_sources[n_sources_total++] = art->source_id;
        for (size_t m = 0; m < art->n_mentions; m++) {
            const struct kb_salience_mention *mn = &art->mentions[m];
            const struct kb_entity_facts *f =
                mn->entity_id ? find_facts(facts, n_facts, mn->entity_id) : NULL;
            if (!f || f->kind == KB_KIND_DISAMBIGUATION || (!f->has_reader_lang && !f->has_en))
                continue;
            size_t e;
            for (e = 0; e < nt && t[e].id != mn->entity_id; e++)
                ;
            if (e == nt) {
                t = xgrow(t, nt, &cap, sizeof *t, 16);
                memset(&t[nt], 0, sizeof t[nt]);
                t[nt].id = mn->entity_id;
                t[nt].facts = f;
                t[nt].sources = xcalloc(n_articles, sizeof *t[nt].sources);
                nt++;
            }
            struct tally *ty = &t[e];
            ty->mentions++;
            if (ty->last_article != a + 1) {
                ty->last_article = a + 1;
                ty->articles++;
                bool known = false;
                for (int k = 0; k < ty->n_sources && !known; k++)
                    known = ty->sources[k] == art->source_id;
                if (!known)
                    ty->sources[ty->n_sources++] = art->source_id;
            }
        }
    }
    /* Titles and leads count once per (entity, article). */
    for (size_t e = 0; e < nt; e++) {
        for (size_t a = 0; a < n_articles; a++) {
            const struct kb_salience_article *art = &articles[a];
            bool title = false, lead = false;
            for (size_t m = 0; m < art->n_mentions; m++) {
                const struct kb_salience_mention *mn = &art->mentions[m];
                if (mn->entity_id != t[e].id)
                    continue;
                title |= mn->field == KB_FIELD_TITLE;
                lead |= mn->field == KB_FIELD_SUMMARY ||
                        (mn->field == KB_FIELD_CONTENT && mn->start < art->lead_end);
            }
            t[e].in_title += title;
            t[e].in_lead += lead;
        }
    }
    *out = xcalloc(nt ? nt : 1, sizeof **out);
    *n_out = nt;
    for (size_t e = 0; e < nt; e++) {
        const struct tally *ty = &t[e];
        double sources = n_sources_total ? (double)ty->n_sources / (double)n_sources_total : 0;
        double articles_share = n_articles ? (double)ty->articles / (double)n_articles : 0;
        double prominence =
            n_articles ? (2.0 * ty->in_title + ty->in_lead) / (3.0 * (double)n_articles) : 0;
        double frequency = log1p((double)ty->mentions) / log1p(10.0);
        if (frequency > 1)
            frequency = 1;
        double evidence = W_SOURCES * sources + W_PROMINENCE * prominence +
                          W_FREQUENCY * frequency + W_ARTICLES * articles_share;
        double spec = specificity(ty->facts->popularity);
        double lang = ty->facts->has_reader_lang ? 1.0 : ENGLISH_ONLY;
        struct kb_salient *s = &(*out)[e];
        s->entity_id = ty->id;
        s->score = evidence * (0.35 + 0.65 * spec) * lang;
        s->sources = ty->n_sources;
        s->articles = ty->articles;
        s->in_title = ty->in_title;
        s->in_lead = ty->in_lead;
        s->show = ty->facts->has_reader_lang ? "reader" : "en";
    }
    qsort(*out, nt, sizeof **out, by_score);
    for (size_t e = 0; e < nt; e++)
        free(t[e].sources);
    free(t);
    free(all_sources);
}
