/* The one hash table of the tree: an open-addressing index (linear probing,
 * never more than half full) from a key's hash to the id (1, 2, ...) of an entry
 * the caller keeps in its own array. The caller hashes its keys (hash_bytes) and
 * compares them; the table holds only 32 bits of each hash and the id, so it
 * fits any key type and entries never move when it grows. Two front-ends sit on
 * it: struct intern (byte strings to dense ids) and struct i64map (int64 keys to
 * a small value).
 *
 * Ownership: a zeroed struct hash_table is an empty table; hash_clear frees its
 * memory and leaves it empty and reusable. Allocation failure aborts (xalloc). */
#ifndef OMNIBUS_BASE_HASH_H
#define OMNIBUS_BASE_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct hash_slot {
    uint32_t hash; /* the low 32 bits of the key's hash; the home slot is hash & mask */
    uint32_t id;   /* 0: empty */
};

struct hash_table {
    struct hash_slot *slots; /* NULL until the first hash_add */
    size_t mask;             /* slots - 1 */
    size_t n;                /* ids held */
};

/* A lookup in progress: see hash_first. */
struct hash_probe {
    size_t i;
    uint32_t hash;
};

/* The hash of n bytes (XXH3, 64 bits). */
uint64_t hash_bytes(const void *p, size_t n);

/* The ids whose hash matches, one at a time, 0 after the last: the caller
 * compares each candidate's key with its own and stops at the equal one.
 *     for (id = hash_first(t, h, &p); id; id = hash_next(t, &p))
 *         if (equal(entries[id - 1], key)) return id;
 * Valid until the next change to t. */
static inline uint32_t hash_next(const struct hash_table *t, struct hash_probe *p)
{
    for (; t->slots[p->i].id; p->i = (p->i + 1) & t->mask) {
        if (t->slots[p->i].hash == p->hash) {
            uint32_t id = t->slots[p->i].id;
            p->i = (p->i + 1) & t->mask;
            return id;
        }
    }
    return 0;
}

static inline uint32_t hash_first(const struct hash_table *t, uint64_t hash, struct hash_probe *p)
{
    if (!t->slots)
        return 0;
    p->hash = (uint32_t)hash;
    p->i = p->hash & t->mask;
    return hash_next(t, p);
}

/* Files id (not 0, not held yet) under hash, growing the table as needed. */
void hash_add(struct hash_table *t, uint64_t hash, uint32_t id);
/* Takes id, filed under hash, out of the table; false when it is not there. */
bool hash_del(struct hash_table *t, uint64_t hash, uint32_t id);
/* Files the entry held as id under to instead (for an entry moved in the
 * caller's array, e.g. the last one moved into a freed place). */
void hash_move(struct hash_table *t, uint64_t hash, uint32_t id, uint32_t to);
/* Frees the memory; the table is empty and reusable. NULL-safe. */
void hash_clear(struct hash_table *t);

/* An interning pool: each distinct byte string (NULs allowed inside) gets an id,
 * 1, 2, ... in the order first added. A zeroed struct is an empty pool with no
 * limit on the number of strings. */
struct intern {
    struct hash_table index;
    char *bytes; /* every string, each followed by a NUL */
    size_t len, cap;
    uint32_t *off; /* where string id starts: off[id - 1] */
    uint32_t n, capn;
    uint32_t max; /* most strings allowed, 0: no limit */
};

/* An empty pool taking at most max strings (0: no limit). */
void intern_init(struct intern *in, uint32_t max);
/* Frees the memory; the pool is empty and reusable, without limit. NULL-safe. */
void intern_clear(struct intern *in);
/* The id of s[0..n), or 0 when it is not interned. */
uint32_t intern_find(const struct intern *in, const char *s, size_t n);
/* The id of s[0..n), interning a copy when new. ERR_LIMIT past max strings or
 * past 4 GiB of them. */
MUST_CHECK enum err intern_add(struct intern *in, const char *s, size_t n, uint32_t *id);
/* The string with id (1..n), NUL-terminated, borrowed until the pool is cleared. */
const char *intern_str(const struct intern *in, uint32_t id);

/* The value an i64map holds: two numbers, their meaning the caller's. */
struct i64val {
    int64_t a;
    uint32_t b;
};

/* A map from int64 keys to a struct i64val. */
struct i64map {
    struct hash_table index;
    int64_t *keys; /* keys[id - 1] holds vals[id - 1] */
    struct i64val *vals;
    size_t n, cap;
};

void i64map_init(struct i64map *m);
/* Frees the memory; the map is empty and reusable. NULL-safe. */
void i64map_clear(struct i64map *m);
/* The value under key (borrowed until the next change), or NULL. */
struct i64val *i64map_get(const struct i64map *m, int64_t key);
/* Sets the value under key. */
void i64map_put(struct i64map *m, int64_t key, struct i64val v);
/* Removes key; false when it was not there. */
bool i64map_del(struct i64map *m, int64_t key);

#endif
