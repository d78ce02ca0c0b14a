/* Hash tables of the story stage: an interning pool that gives byte strings
 * dense ids (terms, newsroom keys, language codes), and a map from int64 keys
 * (article keys, story ids) to a small value. Open addressing, linear probing. */
#ifndef OMNIBUS_STORY_TABLE_H
#define OMNIBUS_STORY_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct intern {
    char *bytes; /* every string, each NUL-terminated */
    size_t len, cap;
    uint32_t *off;
    uint64_t *hash;
    uint32_t n, capn; /* ids are 1..n */
    uint32_t *table;  /* id, 0 = empty */
    size_t mask;
    uint32_t max; /* most strings allowed */
};

void intern_init(struct intern *in, uint32_t max);
void intern_clear(struct intern *in); /* NULL-safe */
/* The id of s[0..n), or 0 when it is not interned. */
uint32_t intern_find(const struct intern *in, const char *s, size_t n);
/* The id of s[0..n), interning it when new. ERR_LIMIT past max strings. */
MUST_CHECK enum err intern_add(struct intern *in, const char *s, size_t n, uint32_t *id);
/* The string with id (1..n), NUL-terminated, borrowed. */
const char *intern_str(const struct intern *in, uint32_t id);

struct i64val {
    int64_t a;
    uint32_t b;
};

struct i64map {
    int64_t *keys; /* 0 = empty: keys must not be 0 */
    struct i64val *vals;
    size_t mask, n;
};

void i64map_init(struct i64map *m);
void i64map_clear(struct i64map *m); /* NULL-safe */
/* The value under key (borrowed until the next change), or NULL. */
struct i64val *i64map_get(const struct i64map *m, int64_t key);
/* Sets the value under key (key != 0). */
void i64map_put(struct i64map *m, int64_t key, struct i64val v);
/* Removes key; false when it was not there. */
bool i64map_del(struct i64map *m, int64_t key);

#endif
