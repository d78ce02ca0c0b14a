#include "story/table.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "base/xalloc.h"

void intern_init(struct intern *in, uint32_t max)
{
    memset(in, 0, sizeof *in);
    in->max = max;
    in->mask = 255;
    in->table = xcalloc(in->mask + 1, sizeof *in->table);
}

void intern_clear(struct intern *in)
{
    if (!in)
        return;
    free(in->bytes);
    free(in->off);
    free(in->hash);
    free(in->table);
    memset(in, 0, sizeof *in);
}

static size_t intern_slot(const struct intern *in, const char *s, size_t n, uint64_t h)
{
    size_t i = (size_t)h & in->mask;
    for (; in->table[i]; i = (i + 1) & in->mask) {
        uint32_t id = in->table[i];
        if (in->hash[id - 1] == h && !memcmp(in->bytes + in->off[id - 1], s, n) &&
            in->bytes[in->off[id - 1] + n] == '\0')
            return i;
    }
    return i;
}

uint32_t intern_find(const struct intern *in, const char *s, size_t n)
{
    return in->table[intern_slot(in, s, n, XXH3_64bits(s, n))];
}

enum err intern_add(struct intern *in, const char *s, size_t n, uint32_t *id)
{
    uint64_t h = XXH3_64bits(s, n);
    size_t i = intern_slot(in, s, n, h);
    if (in->table[i]) {
        *id = in->table[i];
        return ERR_OK;
    }
    if (in->n >= in->max)
        return ERR_LIMIT;
    if (in->n == in->capn) {
        in->capn = in->capn ? in->capn * 2 : 256;
        in->off = xrealloc(in->off, in->capn * sizeof *in->off);
        in->hash = xrealloc(in->hash, in->capn * sizeof *in->hash);
    }
    if (in->len + n + 1 > in->cap) {
        while (in->len + n + 1 > in->cap)
            in->cap = in->cap ? in->cap * 2 : 4096;
        in->bytes = xrealloc(in->bytes, in->cap);
    }
    in->off[in->n] = (uint32_t)in->len;
    in->hash[in->n] = h;
    memcpy(in->bytes + in->len, s, n);
    in->bytes[in->len + n] = '\0';
    in->len += n + 1;
    *id = ++in->n;
    in->table[i] = *id;
    if ((size_t)in->n * 2 > in->mask + 1) {
        size_t size = (in->mask + 1) * 2;
        free(in->table);
        in->table = xcalloc(size, sizeof *in->table);
        in->mask = size - 1;
        for (uint32_t k = 1; k <= in->n; k++) {
            size_t j = (size_t)in->hash[k - 1] & in->mask;
            while (in->table[j])
                j = (j + 1) & in->mask;
            in->table[j] = k;
        }
    }
    return ERR_OK;
}

const char *intern_str(const struct intern *in, uint32_t id)
{
    return in->bytes + in->off[id - 1];
}

static size_t key_slot(const struct i64map *m, int64_t key)
{
    return (size_t)XXH3_64bits(&key, sizeof key) & m->mask;
}

void i64map_init(struct i64map *m)
{
    m->mask = 63;
    m->n = 0;
    m->keys = xcalloc(m->mask + 1, sizeof *m->keys);
    m->vals = xcalloc(m->mask + 1, sizeof *m->vals);
}

void i64map_clear(struct i64map *m)
{
    if (!m)
        return;
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

struct i64val *i64map_get(const struct i64map *m, int64_t key)
{
    for (size_t i = key_slot(m, key); m->keys[i]; i = (i + 1) & m->mask)
        if (m->keys[i] == key)
            return &m->vals[i];
    return NULL;
}

static void grow(struct i64map *m)
{
    int64_t *keys = m->keys;
    struct i64val *vals = m->vals;
    size_t old = m->mask + 1;
    m->mask = old * 2 - 1;
    m->keys = xcalloc(old * 2, sizeof *m->keys);
    m->vals = xcalloc(old * 2, sizeof *m->vals);
    for (size_t i = 0; i < old; i++) {
        if (!keys[i])
            continue;
        size_t j = key_slot(m, keys[i]);
        while (m->keys[j])
            j = (j + 1) & m->mask;
        m->keys[j] = keys[i];
        m->vals[j] = vals[i];
    }
    free(keys);
    free(vals);
}

void i64map_put(struct i64map *m, int64_t key, struct i64val v)
{
    struct i64val *have = i64map_get(m, key);
    if (have) {
        *have = v;
        return;
    }
    if ((m->n + 1) * 2 > m->mask + 1)
        grow(m);
    size_t i = key_slot(m, key);
    while (m->keys[i])
        i = (i + 1) & m->mask;
    m->keys[i] = key;
    m->vals[i] = v;
    m->n++;
}

bool i64map_del(struct i64map *m, int64_t key)
{
    size_t i = key_slot(m, key);
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & m->mask;
    if (!m->keys[i])
        return false;
    /* Backward-shift deletion: pull later entries of the probe run into the
     * hole so that lookups never stop early. */
    size_t hole = i;
    for (size_t j = (i + 1) & m->mask; m->keys[j]; j = (j + 1) & m->mask) {
        size_t home = key_slot(m, m->keys[j]);
        bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
        if (movable) {
            m->keys[hole] = m->keys[j];
            m->vals[hole] = m->vals[j];
            hole = j;
        }
    }
    m->keys[hole] = 0;
    m->n--;
    return true;
}
