#include "store/stmt_cache.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

struct db_stmt *stmt_cache_get(const struct stmt_cache *c, const char *sql)
{
    if (!c->cap)
        return NULL;
    uint64_t h = hash_str(sql);
    for (size_t j = h & (c->cap - 1); c->slots[j].sql; j = (j + 1) & (c->cap - 1))
        if (c->slots[j].hash == h && !strcmp(c->slots[j].sql, sql))
            return c->slots[j].st;
    return NULL;
}

/* Places an entry in the first free slot of its probe sequence. */
static void place(struct stmt_cache_entry *slots, size_t cap, struct stmt_cache_entry e)
{
    size_t j = e.hash & (cap - 1);
    while (slots[j].sql)
        j = (j + 1) & (cap - 1);
    slots[j] = e;
}

void stmt_cache_put(struct stmt_cache *c, const char *sql, struct db_stmt *st)
{
    /* Kept at most half full so that probe sequences stay short. */
    if ((c->len + 1) * 2 > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        struct stmt_cache_entry *fresh = xcalloc(cap, sizeof *fresh);
        for (size_t i = 0; i < c->cap; i++)
            if (c->slots[i].sql)
                place(fresh, cap, c->slots[i]);
        free(c->slots);
        c->slots = fresh;
        c->cap = cap;
    }
    place(c->slots, c->cap,
          (struct stmt_cache_entry){.sql = xstrdup(sql), .hash = hash_str(sql), .st = st});
    c->len++;
}

void stmt_cache_clear(struct stmt_cache *c, void (*free_stmt)(struct db_stmt *st))
{
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->slots[i].sql)
            continue;
        free_stmt(c->slots[i].st);
        free(c->slots[i].sql);
    }
    free(c->slots);
    memset(c, 0, sizeof *c);
}
