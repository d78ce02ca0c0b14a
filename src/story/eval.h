/* Clustering quality on labelled documents: reads JSON Lines (one document per
 * line: "id", "event_cluster", "sentences" (an array) or "text", and optionally
 * "title", "published" (a date or epoch seconds), "lang" (default "en"),
 * "entities" (an array of ids), "outlet" (a number), "byline"), clusters them
 * in file order with story_add, and scores the result with event-level B-cubed
 * precision, recall and F1. */
#ifndef OMNIBUS_STORY_EVAL_H
#define OMNIBUS_STORY_EVAL_H

#include <stddef.h>
#include <stdio.h>

#include "base/err.h"
#include "story/cluster.h"

struct story_eval {
    size_t docs;     /* documents clustered */
    size_t skipped;  /* lines refused (bad JSON, no id, duplicate id): each reported on warn */
    size_t clusters; /* distinct stories at the end */
    size_t events;   /* distinct gold clusters */
    size_t merges, splits;
    double precision, recall, f1;
};

/* Clusters the documents of path with params p (NULL: the defaults). When out
 * is not NULL, writes one {"id": ..., "story": N} line per document to it (a
 * document too short to cluster gets a story of its own, numbered -key). When
 * topics is not NULL, writes the B-cubed of each "topic" of the documents to
 * it, one line each (ECB+ topics pair two look-alike events). Lines
 * that cannot be used are reported, one line each, to warn (may be NULL) and
 * skipped. Errors: ERR_IO when path cannot be read, ERR_LIMIT for a line over
 * 16 MiB, and those of story_add. */
MUST_CHECK enum err story_eval_file(const char *path, const struct story_params *p, FILE *out,
                                    FILE *topics, FILE *warn, struct story_eval *result,
                                    struct errbuf *eb);

#endif
