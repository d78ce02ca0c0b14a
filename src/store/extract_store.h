/* Extraction (src/store/extract_store.c): what an article's own page says, for
 * sources that allow full-text fetching, or why reading it failed; and the
 * queue of pages still to try. */
#ifndef OMNIBUS_STORE_EXTRACT_STORE_H
#define OMNIBUS_STORE_EXTRACT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

/* The extracted article, or the reason extraction failed. */
struct article_extract {
    int64_t article_id;
    bool ok;      /* false: the attempt failed, error says why */
    char *error;  /* for a person; NULL after a success */
    int attempts; /* attempts so far, this one included */
    int64_t extracted_at;
    int64_t retry_at; /* when a failure may be tried again; 0: never */
    char *page_url;   /* the page read, after redirects */
    char *title;
    char *byline; /* JSON array of names */
    int64_t published_at;
    int64_t modified_at;
    char *lang;
    char *site_name;
    char *excerpt;
    char *text; /* plain text, paragraphs separated by blank lines */
    char *html; /* sanitized fragment */
    char *image_url;
    char *image_caption;
    char *image_credit; /* NULL: the page credits no one */
};

/* Frees the strings of e (not e itself); NULL-safe. */
void article_extract_clear(struct article_extract *e);

/* Records a successful extraction of e->article_id (ok, error, attempts and
 * retry_at of e are ignored), replacing what an earlier attempt stored.
 * ERR_NOT_FOUND when there is no such article. */
MUST_CHECK enum err store_extract_put(struct store *st, const struct article_extract *e,
                                      struct errbuf *eb);
/* Records a failed attempt at now with its reason; retry_at is when it may be
 * tried again (0: never). Counts the attempt. ERR_NOT_FOUND when there is no
 * such article. */
MUST_CHECK enum err store_extract_fail(struct store *st, int64_t article_id, const char *reason,
                                       int64_t now, int64_t retry_at, struct errbuf *eb);
/* What extraction stored for an article; ERR_NOT_FOUND when it never tried.
 * Caller owns *out (article_extract_clear). */
MUST_CHECK enum err store_extract_get(struct store *st, int64_t article_id,
                                      struct article_extract *out, struct errbuf *eb);

/* An article whose page is to be fetched and extracted. */
struct extract_todo {
    int64_t article_id;
    int64_t source_id;
    char *url;          /* the link the feed gave, else the canonical URL */
    bool allow_private; /* its source may reach private addresses */
};

struct extract_todo_list {
    struct extract_todo *items;
    size_t len;
};

void extract_todo_list_clear(struct extract_todo_list *l); /* NULL-safe */

/* Up to limit articles of enabled full-text sources that extraction has not
 * tried, or whose failed attempt is due again (retry_at <= now); newest
 * first. Caller owns *out (extract_todo_list_clear). */
MUST_CHECK enum err store_extract_pending(struct store *st, int64_t now, size_t limit,
                                          struct extract_todo_list *out, struct errbuf *eb);

/* Claims for owner (store_work_claim, stage "extract") those of the n ids
 * that are still to be tried (as store_extract_pending) once claimed: one
 * another worker tried between our reading the pending list and our claim is
 * released, not tried twice. Compacts ids in place, sets *n. */
MUST_CHECK enum err store_extract_claim(struct store *st, const char *owner, int64_t now,
                                        int lease_seconds, int64_t *ids, size_t *n,
                                        struct errbuf *eb);

#endif
