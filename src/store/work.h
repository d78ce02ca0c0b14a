/* Who does which work (src/store/work.c, src/store/roles.c): leases on
 * per-article work, so that workers over one database never do one article
 * twice; roles only one worker holds at a time; the queue of stories to
 * compose. */
#ifndef OMNIBUS_STORE_WORK_H
#define OMNIBUS_STORE_WORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

/* Keeps, of the n article ids in ids, those this worker now holds for stage:
 * ones no live claim (lease_until >= now) held, now leased to owner until
 * now + lease_seconds. Compacts ids in place and sets *n to how many are kept.
 * Atomic across workers and processes on both engines. */
MUST_CHECK enum err store_work_claim(struct store *st, const char *stage, const char *owner,
                                     int64_t now, int lease_seconds, int64_t *ids, size_t *n,
                                     struct errbuf *eb);
/* Marks stage's work on article id done: releases the claim and takes the
 * article off the stage's queue (a stage's writer calls it in the transaction
 * that stores the result). */
MUST_CHECK enum err store_work_done(struct store *st, const char *stage, int64_t id,
                                    struct errbuf *eb);
/* Releases the claim on article id for stage but leaves the work queued: it
 * is to be tried again (an extraction failure that may pass). */
MUST_CHECK enum err store_work_release(struct store *st, const char *stage, int64_t id,
                                       struct errbuf *eb);
/* Releases every feed lease and work claim that owner holds: a worker that
 * starts under the name of one that died (kill -9, a crash) takes up its
 * unfinished work at once instead of after the leases run out. Only for a
 * name no live worker uses. */
MUST_CHECK enum err store_worker_release(struct store *st, const char *owner, struct errbuf *eb);

/* Takes or renews role name for owner until now + lease_seconds, unless
 * another owner holds it unexpired: *held tells which. Atomic across workers. */
MUST_CHECK enum err store_role_hold(struct store *st, const char *name, const char *owner,
                                    int64_t now, int lease_seconds, bool *held, struct errbuf *eb);
/* Up to limit ids of live stories (not merged away) of at least min_articles
 * (never fewer than 2: a story of one article has no roundup),
 * whose newest member is from active_since or later (older stories are
 * frozen: retention may have dropped their members' bodies; 0 takes every
 * story) and, when horizon > 0, no more than horizon seconds older than the
 * newest story's (stories the clusterer no longer holds cannot change; only
 * recent ones are read), whose roundups were not composed since the story
 * last changed. Caller frees *ids. */
MUST_CHECK enum err store_stories_to_compose(struct store *st, int min_articles,
                                             int64_t active_since, int64_t horizon, size_t limit,
                                             int64_t **ids, size_t *n, struct errbuf *eb);
/* Records that story id's roundups are composed for its current state. */
MUST_CHECK enum err store_story_composed(struct store *st, int64_t id, struct errbuf *eb);

#endif
