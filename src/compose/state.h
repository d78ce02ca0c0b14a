/* The composer's working state while one roundup is built, shared by the
 * files of compose_build (compose.c, copies.c, quality.c, select.c, quote.c).
 * Not for other modules. Members are borrowed from compose_build's caller;
 * everything else is owned by the state and freed by compose_build. */
#ifndef OMNIBUS_COMPOSE_STATE_H
#define OMNIBUS_COMPOSE_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "compose/compose_internal.h"
#include "compose/phrase.h"

#define COMPOSE_NONE ((size_t)-1)

/* A sentence that may be shown. */
struct compose_cand {
    size_t member;
    size_t begin, end; /* after trimming a leading dateline */
    size_t index;      /* its sentence number in the article */
    struct tvec v;
    double central;
    bool ok;      /* passes the quality filters */
    bool pronoun; /* opens with a pronoun that needs the sentence before */
    bool shown;
};

struct compose_room {
    char *key;
    size_t *members;
    size_t n;
    double relevance;
    size_t best; /* its most central eligible candidate, COMPOSE_NONE if none */
};

struct compose_state {
    const struct compose_member *m;
    size_t n;
    const struct compose_input *in;
    const struct phrase_table *t;
    size_t *copy_of; /* per member: the original's index, or COMPOSE_NONE */
    struct vocab vocab;
    struct compose_cand *cands;
    size_t n_cands;
    size_t *first_cand; /* per member: its first candidate; n_cands past the end */
    double *centroid;
    double *article_score;
    struct compose_room *rooms;
    size_t n_rooms;
    size_t *room_of; /* per member */
    size_t *shown;   /* candidate indices shown so far */
    size_t n_shown;
    bool *seen; /* per vocabulary word: the headline or a shown sentence used it */
    size_t lead; /* the candidate opening the roundup, COMPOSE_NONE if none */
};

/* ---- copies.c ---- */

/* The index of article id among the members, COMPOSE_NONE if not one. */
size_t compose_member_index(const struct compose_state *s, int64_t id);
/* Sets s->copy_of from the input's copy groups (the story stage's). */
void compose_copies_apply(struct compose_state *s);
/* Sets s->copy_of by our own rule, for members without a story: a copy
 * shares >= 60% (and >= 2) of its sentences verbatim with an earlier member. */
void compose_copies_find(struct compose_state *s);

/* ---- quality.c ---- */

/* Whether w[0..n) is one of list's words (NULL-terminated), ignoring case. */
bool compose_word_is(const char *w, size_t n, const char *const *list);
/* Whether s opens with a pronoun or connective that needs the sentence before. */
bool compose_opens_with_pronoun(const char *s, size_t len);
/* The length of a dateline opening s ("May 03, 2013 ", "STOCKHOLM (TT) "), 0 if none. */
size_t compose_dateline(const char *s, size_t len);
/* Whether s[0..len) may be shown: no fragment, heading, byline, caption or boilerplate. */
bool compose_good_sentence(const char *s, size_t len);

/* ---- select.c ---- */

/* Whether m is in the reader's language (its body's, else its outlet's). */
bool compose_in_reader_lang(const struct compose_state *s, const struct compose_member *m);
/* Groups the members into newsrooms (owner, else source) with their best candidate. */
void compose_group_rooms(struct compose_state *s);
/* Sets s->lead (rooms grouped), the sentence that says what happened, and
 * marks it shown (before the pull quote is chosen). */
void compose_pick_lead(struct compose_state *s);
/* Fills r's paragraphs (r's headline chosen, s->lead picked): the lead, then the takes.
 * Errors: the text module's. */
MUST_CHECK enum err compose_choose_paragraphs(struct lang_ctx *ctx, struct compose_state *s,
                                              struct roundup *r, struct errbuf *eb);
/* The highest cosine between c and a shown candidate. */
double compose_max_sim_shown(const struct compose_state *s, const struct compose_cand *c);
/* Sets e to body[begin, end) of member (a new copy of text and url). */
void compose_excerpt_set(struct roundup_excerpt *e, const struct compose_state *s, size_t member,
                         size_t begin, size_t end);
/* Appends s with each whitespace run read as one space. */
void compose_cat_squeezed(struct buf *b, const char *s);
/* Whether a shown sentence in another language than lang names speaker. */
bool compose_speaker_shown_translated(const struct compose_state *s, enum lang lang,
                                      const char *speaker, size_t len);

/* ---- quote.c ---- */

/* Sets r's pull quote, if any qualifies, and marks the sentences holding it
 * shown (before the paragraphs are chosen). Errors: the text module's. */
MUST_CHECK enum err compose_choose_quote(struct lang_ctx *ctx, struct compose_state *s,
                                         struct roundup *r, struct errbuf *eb);

#endif
