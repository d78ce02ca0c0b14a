#include "base/hash.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "base/xalloc.h"

#define FIRST_SLOTS 64 /* a power of two */

uint64_t hash_bytes(const void *p, size_t n)
{
    return XXH3_64bits(p, n);
}

static void place(struct hash_slot *slots, size_t mask, struct hash_slot s)
{
    size_t i = s.hash & mask;
    while (slots[i].id)
        i = (i + 1) & mask;
    slots[i] = s;
}

void hash_add(struct hash_table *t, uint64_t hash, uint32_t id)
{
    /* At most half full, so that probe runs stay short. */
    if ((t->n + 1) * 2 > (t->slots ? t->mask + 1 : 0)) {
        size_t size = t->slots ? (t->mask + 1) * 2 : FIRST_SLOTS;
        struct hash_slot *slots = xcalloc(size, sizeof *slots);
        for (size_t i = 0; t->slots && i <= t->mask; i++)
            if (t->slots[i].id)
                place(slots, size - 1, t->slots[i]);
        free(t->slots);
        t->slots = slots;
        t->mask = size - 1;
    }
    place(t->slots, t->mask, (struct hash_slot){(uint32_t)hash, id});
    t->n++;
}

/* The slot holding id, or SIZE_MAX. */
static size_t slot_of(const struct hash_table *t, uint64_t hash, uint32_t id)
{
    if (!t->slots)
        return SIZE_MAX;
    for (size_t i = (uint32_t)hash & t->mask; t->slots[i].id; i = (i + 1) & t->mask)
        if (t->slots[i].id == id)
            return i;
    return SIZE_MAX;
}

bool hash_del(struct hash_table *t, uint64_t hash, uint32_t id)
{
    size_t hole = slot_of(t, hash, id);
    if (hole == SIZE_MAX)
        return false;
    /* Backward-shift deletion: pull later entries of the probe run into the
     * hole so that lookups never stop early, and no tombstones pile up. */
    for (size_t j = (hole + 1) & t->mask; t->slots[j].id; j = (j + 1) & t->mask) {
        size_t home = t->slots[j].hash & t->mask;
        bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
        if (movable) {
            t->slots[hole] = t->slots[j];
            hole = j;
        }
    }
    t->slots[hole].id = 0;
    t->n--;
    return true;
}

void hash_move(struct hash_table *t, uint64_t hash, uint32_t id, uint32_t to)
{
    size_t i = slot_of(t, hash, id);
    if (i != SIZE_MAX)
        t->slots[i].id = to;
}

void hash_clear(struct hash_table *t)
{
    if (!t)
        return;
    free(t->slots);
    memset(t, 0, sizeof *t);
}

void intern_init(struct intern *in, uint32_t max)
{
    memset(in, 0, sizeof *in);
    in->max = max;
}

void intern_clear(struct intern *in)
{
    if (!in)
        return;
    hash_clear(&in->index);
    free(in->bytes);
    free(in->off);
    memset(in, 0, sizeof *in);
}

/* The length of string id: strings lie end to end, each with its NUL. */
static size_t intern_len(const struct intern *in, uint32_t id)
{
    size_t end = id < in->n ? in->off[id] : in->len;
    return end - in->off[id - 1] - 1;
}

static uint32_t find(const struct intern *in, const char *s, size_t n, uint64_t h)
{
    struct hash_probe p;
    for (uint32_t id = hash_first(&in->index, h, &p); id; id = hash_next(&in->index, &p))
        if (intern_len(in, id) == n && !memcmp(in->bytes + in->off[id - 1], s, n))
            return id;
    return 0;
}

uint32_t intern_find(const struct intern *in, const char *s, size_t n)
{
    return find(in, s, n, hash_bytes(s, n));
}

enum err intern_add(struct intern *in, const char *s, size_t n, uint32_t *id)
{
    uint64_t h = hash_bytes(s, n);
    if ((*id = find(in, s, n, h)))
        return ERR_OK;
    if ((in->max && in->n >= in->max) || in->len + n + 1 > UINT32_MAX)
        return ERR_LIMIT;
    if (in->n == in->capn) {
        in->capn = in->capn ? in->capn * 2 : 256;
        in->off = xrealloc(in->off, in->capn * sizeof *in->off);
    }
    if (in->len + n + 1 > in->cap) {
        while (in->len + n + 1 > in->cap)
            in->cap = in->cap ? in->cap * 2 : 4096;
        in->bytes = xrealloc(in->bytes, in->cap);
    }
    in->off[in->n] = (uint32_t)in->len;
    memcpy(in->bytes + in->len, s, n);
    in->bytes[in->len + n] = '\0';
    in->len += n + 1;
    *id = ++in->n;
    hash_add(&in->index, h, *id);
    return ERR_OK;
}

const char *intern_str(const struct intern *in, uint32_t id)
{
    return in->bytes + in->off[id - 1];
}

static uint64_t key_hash(int64_t key)
{
    return hash_bytes(&key, sizeof key);
}

void i64map_init(struct i64map *m)
{
    memset(m, 0, sizeof *m);
}

void i64map_clear(struct i64map *m)
{
    if (!m)
        return;
    hash_clear(&m->index);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* The id of key, or 0. */
static uint32_t key_id(const struct i64map *m, int64_t key, uint64_t h)
{
    struct hash_probe p;
    for (uint32_t id = hash_first(&m->index, h, &p); id; id = hash_next(&m->index, &p))
        if (m->keys[id - 1] == key)
            return id;
    return 0;
}

struct i64val *i64map_get(const struct i64map *m, int64_t key)
{
    uint32_t id = key_id(m, key, key_hash(key));
    return id ? &m->vals[id - 1] : NULL;
}

void i64map_put(struct i64map *m, int64_t key, struct i64val v)
{
    uint64_t h = key_hash(key);
    uint32_t id = key_id(m, key, h);
    if (id) {
        m->vals[id - 1] = v;
        return;
    }
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 64;
        m->keys = xrealloc(m->keys, m->cap * sizeof *m->keys);
        m->vals = xrealloc(m->vals, m->cap * sizeof *m->vals);
    }
    m->keys[m->n] = key;
    m->vals[m->n] = v;
    hash_add(&m->index, h, (uint32_t)++m->n);
}

bool i64map_del(struct i64map *m, int64_t key)
{
    uint64_t h = key_hash(key);
    uint32_t id = key_id(m, key, h);
    if (!id)
        return false;
    hash_del(&m->index, h, id);
    /* The last entry fills the place, so the arrays stay dense. */
    uint32_t last = (uint32_t)m->n--;
    if (id != last) {
        m->keys[id - 1] = m->keys[last - 1];
        m->vals[id - 1] = m->vals[last - 1];
        hash_move(&m->index, key_hash(m->keys[id - 1]), last, id);
    }
    return true;
}
