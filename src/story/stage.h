/* The story stage of the pipeline: clusters the stored articles that no story
 * holds yet (story/cluster.h) and records what became of them in the store:
 * assignments, near-duplicate marks, merges, splits and story records. Its
 * clusterer's memory holds the stories active within the window (the
 * horizon parameter, 7 days by default; `--story-window DAYS`): an article
 * of a story that left it is a final member and is never clustered again.
 * The memory is written to the store as a snapshot every so many articles
 * or minutes and when the stage is closed, so that a new holder of the
 * clustering role starts where the last one was (story_stage_open). */
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
    size_t replayed; /* articles clustered again or put back when the stage was opened */
};

/* Takes over the clustering role's memory: what the holder of the role calls
 * when it starts (or takes the role over from another worker). Loads the
 * newest snapshot (story_stage_snapshot) and clusters again, in the same
 * order and with the same clock, only the articles assigned after it, so
 * that the stories go on exactly as if one process had clustered everything
 * (clustering is deterministic, and its memory sweeps depend on the count
 * of articles only). Without a snapshot that fits (none, another format or
 * other parameters p, or one whose continuation does not give the stored
 * stories), it puts back the articles of the window (published within it
 * before the newest story's last one) into their stories: never every
 * article ever stored. Takes
 * time in proportion to the memory and the articles since the snapshot.
 * Params p (NULL: the defaults). Caller owns *out (story_stage_close, or
 * story_stage_free when the role was lost). Errors: the store's. */
MUST_CHECK enum err story_stage_open(struct store *st, const struct story_params *p,
                                     struct story_stage **out, struct errbuf *eb);

/* How story_stage_open built the memory. */
struct story_stage_takeover {
    const char *from;         /* "snapshot", "window" (no usable snapshot) or "empty" */
    int64_t snapshot_id;      /* the snapshot loaded, 0 when none */
    size_t snapshot_articles; /* articles in its memory */
    size_t snapshot_bytes;    /* the size of that memory (story_clusterer_save) */
    size_t replayed;          /* articles assigned after it, clustered again */
    size_t restored;          /* articles of the window put back (from "window") */
    double seconds;           /* how long it took */
};
void story_stage_takeover(const struct story_stage *s, struct story_stage_takeover *out);

/* Writes a snapshot of the memory to st, replacing the older ones. The stage
 * writes one itself after every `articles` articles clustered or `seconds`
 * seconds (defaults 3000 and 600; 0 turns either off;
 * story_stage_snapshot_every), and story_stage_close writes the last one.
 * Call it only while holding the clustering role. Errors: the store's;
 * ERR_LIMIT for a memory over 4 GiB. */
MUST_CHECK enum err story_stage_snapshot(struct story_stage *s, struct store *st,
                                         struct errbuf *eb);
void story_stage_snapshot_every(struct story_stage *s, size_t articles, int64_t seconds);
/* Ends the role cleanly: a snapshot of the memory unless the newest one
 * holds it already, then frees s (NULL-safe). Errors: story_stage_snapshot's
 * (s is freed all the same). */
MUST_CHECK enum err story_stage_close(struct story_stage *s, struct store *st, struct errbuf *eb);
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
