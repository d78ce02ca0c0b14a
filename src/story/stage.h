/* The story stage of the pipeline: clusters the stored articles that no story
 * holds yet (story/cluster.h) and records what became of them in the store:
 * assignments, near-duplicate marks, merges, splits and story records. Its
 * clusterer's memory is rebuilt from the store when the stage is opened, so
 * that clustering goes on across restarts as if there had been none. */
#ifndef OMNIBUS_STORY_STAGE_H
#define OMNIBUS_STORY_STAGE_H

#include <stddef.h>

#include "base/err.h"
#include "store/store.h"
#include "story/cluster.h"

struct story_stage;

struct story_stage_stats {
    size_t articles; /* read from the store */
    size_t started;  /* began a new story */
    size_t joined;   /* joined an existing story (copies included) */
    size_t copies;   /* near-duplicates of an earlier article */
    size_t skipped;  /* not clustered: too little text, or refused (the note says why) */
    size_t merges, splits;
    size_t replayed; /* articles clustered again (or put back) when the stage was opened */
};

/* Opens the stage on st with params p (NULL: the defaults): rebuilds the
 * clusterer's memory by clustering every article it took before again, in the
 * same order, so that the stories go on exactly as if one process had
 * clustered everything (clustering is deterministic, and its memory sweeps
 * depend on the count of articles only). When that does not give the stored
 * stories (articles changed since, or a store clustered before this rebuild
 * existed), it falls back on putting the members of the stories seen within
 * the horizon of the newest one back as they are. Takes time in proportion to
 * every article ever clustered. Caller owns *out (story_stage_free). Errors:
 * the store's. */
MUST_CHECK enum err story_stage_open(struct store *st, const struct story_params *p,
                                     struct story_stage **out, struct errbuf *eb);
void story_stage_free(struct story_stage *s); /* NULL-safe */

/* Clusters up to max (0: every) unassigned article of st, oldest first, in
 * batches of one transaction each, adding to *stats. With ready_before (not
 * 0), only as far as the articles the pipeline's earlier stages are done with
 * (see store_story_unassigned): the rest waits for a later run, so that the
 * clusterer sees the articles in the same order however the stages' work
 * was shared out. An article the clusterer
 * refuses is recorded as not clustered, with the reason. On a store error the
 * batch in flight is rolled back and the stage's memory is ahead of the store:
 * free the stage and open a new one. */
MUST_CHECK enum err story_stage_run(struct story_stage *s, struct store *st, size_t max,
                                    int64_t ready_before, struct story_stage_stats *stats,
                                    struct errbuf *eb);

#endif
