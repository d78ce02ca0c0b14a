/* Near-duplicates: a wire text (TT, AP, Reuters, NTB) or a syndicated article
 * run by many outlets, maybe under another headline, trimmed, with a paragraph
 * added or the byline swapped, is a copy of one original. Each body becomes a
 * MinHash signature of its 4-word shingles (xxHash); an LSH index over recent
 * signatures finds the candidates, and a candidate is a copy when most of the
 * shorter text is contained in the longer (containment estimated from the
 * signatures) and the two are of comparable size. */
#ifndef OMNIBUS_STORY_NEARDUP_H
#define OMNIBUS_STORY_NEARDUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORY_SIG_HASHES 64

struct story_sig {
    uint32_t min[STORY_SIG_HASHES];
    uint32_t shingles; /* how many shingles the text had (0: too short for MinHash) */
    uint64_t exact;    /* hash of the whole word sequence: equal texts, however short */
    uint32_t words;
};

/* The signature of a text given as the hashes of its words in order. */
void story_sig_compute(const uint64_t *words, size_t n, struct story_sig *out);
/* Whether b is a copy of a (or a of b): the same words, or, for texts long
 * enough to shingle, an estimated Jaccard similarity of at least 0.4 with at
 * least 80% of the shorter text's shingles in the longer. *score (may be NULL)
 * gets the estimated containment (1 for exact copies, 0 when not comparable). */
bool story_sig_is_copy(const struct story_sig *a, const struct story_sig *b, double *score);

/* Recent signatures, for finding the original of a new text. Memory is bounded:
 * the oldest entries go once there are more than capacity. */
struct story_dupindex;

void story_dupindex_new(size_t capacity, struct story_dupindex **out);
void story_dupindex_free(struct story_dupindex *ix); /* NULL-safe */
/* Remembers sig under handle (the caller's key for the document). */
void story_dupindex_add(struct story_dupindex *ix, int64_t handle, const struct story_sig *sig);
/* The handle of the best original of sig among the remembered texts (highest
 * containment, then the earliest), or 0 when none is a copy. */
int64_t story_dupindex_find(const struct story_dupindex *ix, const struct story_sig *sig,
                            double *score);
/* How many signatures are held. */
size_t story_dupindex_size(const struct story_dupindex *ix);
/* The i-th signature held (0: the oldest; i < story_dupindex_size) and its
 * handle: adding them all in this order to a new index makes one that finds
 * what ix finds. */
void story_dupindex_entry(const struct story_dupindex *ix, size_t i, int64_t *handle,
                          struct story_sig *sig);

#endif
