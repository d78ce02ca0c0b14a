/* Entity linking (src/store/kb_store.c): the knowledge base's candidates for a
 * name, the mentions the linker found in each article, and the queue of
 * articles still to link. */
#ifndef OMNIBUS_STORE_LINK_STORE_H
#define OMNIBUS_STORE_LINK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/kb_store.h"

struct store;

/* One entity a name may stand for, with what ranking needs. */
struct kb_candidate {
    int64_t entity_id;
    char *qid; /* NULL when the entity has none */
    int kind;
    int64_t popularity;
    int origin;    /* how the name came to this entity: KB_ORIGIN_* bits */
    int64_t links; /* wiki links with this name to this entity */
    char *name;    /* the alias as first given */
    /* The entity's text in the language asked for, else English (lang, title,
     * page, description, extract and url only; all NULL when it has neither). */
    struct kb_text text;
};

struct kb_candidate_list {
    struct kb_candidate *items;
    size_t len;
};

void kb_candidate_list_clear(struct kb_candidate_list *l); /* NULL-safe */

/* The entities whose alias in lang has key norm, most linked and most popular
 * first, at most limit of them, each with its text in text_lang (else
 * English). An empty list when none. Caller owns *out (kb_candidate_list_clear). */
MUST_CHECK enum err store_kb_candidates(struct store *st, const char *lang, const char *norm,
                                        const char *text_lang, size_t limit,
                                        struct kb_candidate_list *out, struct errbuf *eb);

/* Where in an article a mention is. */
enum kb_field { KB_FIELD_CONTENT = 0, KB_FIELD_TITLE = 1, KB_FIELD_SUMMARY = 2 };

/* An entity mention stored for an article: byte offsets into the field's text. */
struct kb_mention_row {
    int field; /* enum kb_field */
    int64_t start;
    int64_t end;
    int64_t entity_id; /* 0: not in the KB (NIL) */
    char *qid;         /* filled by store_kb_mentions_get; ignored by put */
    char *surface;
    double score;
};

struct kb_mention_list {
    struct kb_mention_row *items;
    size_t len;
};

void kb_mention_list_clear(struct kb_mention_list *l); /* NULL-safe */

/* Replaces the stored mentions of the article with rows[0..n), in one
 * transaction. ERR_INVALID for a row without a surface or an empty range. */
MUST_CHECK enum err store_kb_mentions_put(struct store *st, int64_t article_id,
                                          const struct kb_mention_row *rows, size_t n,
                                          struct errbuf *eb);
/* The article's mentions, by field and offset. Caller owns *out
 * (kb_mention_list_clear). */
MUST_CHECK enum err store_kb_mentions_get(struct store *st, int64_t article_id,
                                          struct kb_mention_list *out, struct errbuf *eb);

/* Up to limit ids of analysed articles whose mentions are missing or older than
 * their body, leaving out those claimed for "link" at now; none while the KB
 * is empty. Caller frees *ids. */
MUST_CHECK enum err store_link_pending(struct store *st, int64_t now, size_t limit, int64_t **ids,
                                       size_t *n, struct errbuf *eb);
/* Claims for owner (store_work_claim, stage "link") those of the n ids that
 * still need linking (as store_link_pending) once claimed: one another worker
 * linked between our reading the pending list and our claim is released, not
 * linked twice. Compacts ids in place, sets *n. */
MUST_CHECK enum err store_link_claim(struct store *st, const char *owner, int64_t now,
                                     int lease_seconds, int64_t *ids, size_t *n, struct errbuf *eb);
/* Records that article id's current body has been linked (its mentions are
 * stored with store_kb_mentions_put) and releases its "link" claim. */
MUST_CHECK enum err store_link_done(struct store *st, int64_t id, struct errbuf *eb);

#endif
