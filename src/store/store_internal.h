/* What the store's own files share: the store is a connection plus helpers. */
#ifndef OMNIBUS_STORE_INTERNAL_H
#define OMNIBUS_STORE_INTERNAL_H

#include "store/db.h"
#include "store/store.h"

struct store {
    struct db *db;
};

/* Prepares sql on st's connection, with the engine's message in eb on failure. */
MUST_CHECK enum err store_prepare(struct store *st, const char *sql, struct db_stmt **out,
                                  struct errbuf *eb);

/* Whether s is a plain lower-case name (letters, digits, _; at most 63
 * bytes): only such table and column names go into SQL built at run time. */
bool store_plain_name(const char *s);

/* Runs q (parameters bound) and collects the first column of up to limit rows
 * into a new array *ids (free() it; never NULL on success), *n long; resets q. */
MUST_CHECK enum err store_collect_ids(struct db_stmt *q, size_t limit, int64_t **ids, size_t *n,
                                      struct errbuf *eb);

/* Claims for owner those of the n ids that no live claim holds for stage
 * (store_work_claim), then keeps of them those for which still_sql (the
 * article id its first parameter, now its second when with_now) returns a
 * row, compacting ids in place, and releases the claims on the rest: another
 * worker finished them between our reading the pending list and our claim
 * (its claim is released with its result), and doing them again would be
 * work done twice. Their queue rows stay: work not due yet (a retry time, no
 * knowledge base) is still to do. */
MUST_CHECK enum err store_work_claim_still(struct store *st, const char *stage, const char *owner,
                                           int64_t now, int lease_seconds, const char *still_sql,
                                           bool with_now, int64_t *ids, size_t *n,
                                           struct errbuf *eb);

/* Queues article id for stage's work (work_queue, in the article's fetch-time
 * order) unless it is queued already; call it in the transaction that makes
 * the work. */
MUST_CHECK enum err store_queue_add(struct store *st, const char *stage, int64_t id,
                                    struct errbuf *eb);

/* Keeps what the clusterer read of article id (story_seen) before the
 * article changes, when it was clustered and nothing is kept yet; call it in
 * the transaction that changes the article. */
MUST_CHECK enum err store_story_keep_seen(struct store *st, int64_t id, struct errbuf *eb);

/* Rebuilds the engine's full-text index from every stored analysis (after a
 * copy from another engine, whose index is not copied). */
MUST_CHECK enum err store_search_reindex(struct store *st, struct errbuf *eb);

#endif
