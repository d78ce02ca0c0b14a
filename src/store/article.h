/* Articles (src/store/article.c): what the feed stage stores of each item, one
 * row per canonical URL, with the plain-text body the later stages read. */
#ifndef OMNIBUS_STORE_ARTICLE_H
#define OMNIBUS_STORE_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

/* An item of a feed as stored, with the body the later stages read. */
struct article {
    int64_t id;
    int64_t source_id;
    char *url;  /* canonical: the dedup key */
    char *link; /* as given, resolved */
    char *guid;
    char *title;
    char *authors; /* JSON array */
    int64_t published_at;
    int64_t updated_at;
    int64_t fetched_at;
    char *summary;
    char *content;
    char *categories; /* JSON array */
    char *image_url;
    char *image_caption;
    char *image_credit;
    char *lang;
    char *content_hash;
    char *body;      /* plain text the later stages read (migration 0008) */
    char *body_hash; /* changes whenever body does */
};

struct article_list {
    struct article *items;
    size_t len;
};

/* Free the strings of a (not a itself), and l's items; both NULL-safe. */
void article_clear(struct article *a);
void article_list_clear(struct article_list *l);

/* Stores a new article, or updates the stored one with the same canonical URL
 * (any URL it was stored under) or else the same source and GUID, when its
 * content hash changed; a GUID match under a new URL records that URL too.
 * An article stays its first source's: when the URL's article is another
 * source's, it is left as it is and a's source is recorded as also carrying
 * it (article_duplicate). Workers storing one URL at once store it once.
 * A new article is queued for the stages (work_queue: its page when its
 * source is full-text, its analysis when it has a body, its clustering), a
 * new body for analysis, in the same transaction.
 * *id is the article's id; *inserted tells whether it is new. ERR_INVALID
 * without a source or a URL. */
MUST_CHECK enum err store_article_put(struct store *st, const struct article *a, int64_t *id,
                                      bool *inserted, struct errbuf *eb);
/* The article with id; ERR_NOT_FOUND if none. Caller owns *out (article_clear). */
MUST_CHECK enum err store_article_get(struct store *st, int64_t id, struct article *out,
                                      struct errbuf *eb);
/* The newest articles (by published, else fetched time), of one source when
 * source_id is not 0, at most limit. Caller owns *out (article_list_clear). */
MUST_CHECK enum err store_article_list(struct store *st, int64_t source_id, size_t limit,
                                       struct article_list *out, struct errbuf *eb);
/* Replaces an article's body (with its hash), e.g. by the text extraction found
 * on its page, and queues its analysis. ERR_NOT_FOUND when there is no such
 * article. */
MUST_CHECK enum err store_article_set_body(struct store *st, int64_t id, const char *body,
                                           const char *body_hash, struct errbuf *eb);
/* How many articles are stored, of one source when source_id is not 0. */
MUST_CHECK enum err store_article_count(struct store *st, int64_t source_id, int64_t *count,
                                        struct errbuf *eb);

#endif
