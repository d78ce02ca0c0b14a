/* MinHash signatures and the LSH index behind story/neardup.h. The index keeps
 * its entries in arrival order (the oldest go first) and a hash table from band
 * keys to entries; evicted entries stay in the table until the next rebuild,
 * which happens when they are as many as the live ones or the table is 60%
 * full. */
#include "story/neardup.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "base/xalloc.h"

#define SHINGLE 4
#define MIN_SHINGLES 8 /* below this MinHash is noise: only exact copies count */
#define BANDS 32
#define ROWS (STORY_SIG_HASHES / BANDS)
#define COPY_JACCARD 0.4
#define COPY_CONTAINMENT 0.8

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

void story_sig_compute(const uint64_t *words, size_t n, struct story_sig *out)
{
    memset(out, 0, sizeof *out);
    out->words = (uint32_t)n;
    out->exact = n ? XXH3_64bits(words, n * sizeof *words) : 0;
    if (n < SHINGLE + MIN_SHINGLES - 1)
        return;
    /* Two hash functions per multiply: the halves of a_i * s + b_i (mod 2^64),
     * a multiply-shift family over the shingle's 64-bit hash. */
    uint64_t a[STORY_SIG_HASHES / 2], b[STORY_SIG_HASHES / 2];
    for (size_t i = 0; i < STORY_SIG_HASHES / 2; i++) {
        a[i] = splitmix64(2 * i + 1) | 1;
        b[i] = splitmix64(2 * i + 2);
    }
    for (size_t i = 0; i < STORY_SIG_HASHES; i++)
        out->min[i] = UINT32_MAX;
    for (size_t j = 0; j + SHINGLE <= n; j++) {
        uint64_t s = XXH3_64bits(words + j, SHINGLE * sizeof *words);
        for (size_t i = 0; i < STORY_SIG_HASHES / 2; i++) {
            uint64_t h = a[i] * s + b[i];
            uint32_t hi = (uint32_t)(h >> 32), lo = (uint32_t)h;
            if (hi < out->min[2 * i])
                out->min[2 * i] = hi;
            if (lo < out->min[2 * i + 1])
                out->min[2 * i + 1] = lo;
        }
    }
    out->shingles = (uint32_t)(n - SHINGLE + 1);
}

bool story_sig_is_copy(const struct story_sig *a, const struct story_sig *b, double *score)
{
    if (score)
        *score = 0;
    if (a->words && a->words == b->words && a->exact == b->exact) {
        if (score)
            *score = 1;
        return true;
    }
    if (!a->shingles || !b->shingles)
        return false;
    size_t same = 0;
    for (size_t i = 0; i < STORY_SIG_HASHES; i++)
        same += a->min[i] == b->min[i];
    double j = (double)same / STORY_SIG_HASHES;
    /* |A and B| = J (|A| + |B|) / (1 + J); containment is that over the smaller. */
    double na = a->shingles, nb = b->shingles;
    double contained = j * (na + nb) / (1 + j) / (na < nb ? na : nb);
    if (contained > 1)
        contained = 1;
    if (score)
        *score = contained;
    return j >= COPY_JACCARD && contained >= COPY_CONTAINMENT;
}

struct entry {
    int64_t handle;
    struct story_sig sig;
};

struct slot {
    uint32_t tag; /* high half of the band key */
    uint32_t pos; /* entry position + 1; 0: empty */
};

struct story_dupindex {
    size_t capacity;
    struct entry *entries;
    size_t head, len, cap; /* live entries are [head, len) */
    struct slot *table;
    size_t mask; /* table size - 1 */
    size_t used; /* occupied slots, dead ones included */
};

static uint64_t band_key(const struct story_sig *sig, size_t band)
{
    return XXH3_64bits_withSeed(sig->min + band * ROWS, ROWS * sizeof sig->min[0], band + 1);
}

static void table_put(struct story_dupindex *ix, uint64_t key, size_t pos)
{
    size_t i = (size_t)key & ix->mask;
    while (ix->table[i].pos)
        i = (i + 1) & ix->mask;
    ix->table[i] = (struct slot){(uint32_t)(key >> 32), (uint32_t)(pos + 1)};
    ix->used++;
}

static void index_entry(struct story_dupindex *ix, size_t pos)
{
    if (!ix->entries[pos].sig.shingles)
        return; /* short texts are found by exact hash (band 0 of a zero signature would clash) */
    for (size_t band = 0; band < BANDS; band++)
        table_put(ix, band_key(&ix->entries[pos].sig, band), pos);
}

/* Drops evicted entries and rebuilds the table for the live ones, with room
 * for about as many again. Every entry is also in the table under its exact hash. */
static void rebuild(struct story_dupindex *ix)
{
    size_t live = ix->len - ix->head;
    if (live && ix->head)
        memmove(ix->entries, ix->entries + ix->head, live * sizeof *ix->entries);
    ix->head = 0;
    ix->len = live;
    size_t want = 1024;
    while (want < (live + 64) * (BANDS + 1) * 3)
        want *= 2;
    free(ix->table);
    ix->table = xcalloc(want, sizeof *ix->table);
    ix->mask = want - 1;
    ix->used = 0;
    for (size_t p = 0; p < live; p++) {
        index_entry(ix, p);
        table_put(ix, ix->entries[p].sig.exact, p);
    }
}

void story_dupindex_new(size_t capacity, struct story_dupindex **out)
{
    struct story_dupindex *ix = xcalloc(1, sizeof *ix);
    ix->capacity = capacity ? capacity : 1;
    rebuild(ix);
    *out = ix;
}

void story_dupindex_free(struct story_dupindex *ix)
{
    if (!ix)
        return;
    free(ix->entries);
    free(ix->table);
    free(ix);
}

size_t story_dupindex_size(const struct story_dupindex *ix)
{
    return ix->len - ix->head;
}

void story_dupindex_entry(const struct story_dupindex *ix, size_t i, int64_t *handle,
                          struct story_sig *sig)
{
    *handle = ix->entries[ix->head + i].handle;
    *sig = ix->entries[ix->head + i].sig;
}

void story_dupindex_add(struct story_dupindex *ix, int64_t handle, const struct story_sig *sig)
{
    if (!sig->words)
        return;
    if (ix->len - ix->head >= ix->capacity)
        ix->head++;
    bool crowded = (ix->used + BANDS + 1) * 5 > (ix->mask + 1) * 3;
    bool stale = ix->head > 0 && ix->head >= ix->len - ix->head;
    if (crowded || stale)
        rebuild(ix);
    if (ix->len == ix->cap) {
        ix->cap = ix->cap ? ix->cap * 2 : 256;
        ix->entries = xrealloc(ix->entries, ix->cap * sizeof *ix->entries);
    }
    size_t pos = ix->len++;
    ix->entries[pos].handle = handle;
    ix->entries[pos].sig = *sig;
    index_entry(ix, pos);
    table_put(ix, sig->exact, pos);
}

/* Checks the entries under key against sig, keeping the best copy in *best. */
static void probe(const struct story_dupindex *ix, uint64_t key, const struct story_sig *sig,
                  size_t *best, double *best_score)
{
    uint32_t tag = (uint32_t)(key >> 32);
    for (size_t i = (size_t)key & ix->mask; ix->table[i].pos; i = (i + 1) & ix->mask) {
        size_t pos = ix->table[i].pos - 1;
        if (ix->table[i].tag != tag || pos < ix->head || pos == *best)
            continue;
        double score;
        if (story_sig_is_copy(&ix->entries[pos].sig, sig, &score) &&
            (score > *best_score || (score == *best_score && pos < *best))) {
            *best = pos;
            *best_score = score;
        }
    }
}

int64_t story_dupindex_find(const struct story_dupindex *ix, const struct story_sig *sig,
                            double *score)
{
    size_t best = SIZE_MAX;
    double best_score = 0;
    if (sig->words) {
        probe(ix, sig->exact, sig, &best, &best_score);
        if (sig->shingles)
            for (size_t band = 0; band < BANDS; band++)
                probe(ix, band_key(sig, band), sig, &best, &best_score);
    }
    if (score)
        *score = best_score;
    return best == SIZE_MAX ? 0 : ix->entries[best].handle;
}
