/* The per-connection cache of prepared statements both engines keep, keyed by
 * the statement's SQL text (open addressing on an FNV-1a hash). It owns the SQL
 * copies; the statements belong to the engine, which frees them at close. */
#ifndef OMNIBUS_STORE_STMT_CACHE_H
#define OMNIBUS_STORE_STMT_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

struct stmt_cache_entry {
    char *sql;
    uint64_t hash;
    struct db_stmt *st;
};

struct stmt_cache {
    struct stmt_cache_entry *slots; /* NULL until the first put */
    size_t cap;
    size_t len;
};

/* The statement cached for sql, or NULL. */
struct db_stmt *stmt_cache_get(const struct stmt_cache *c, const char *sql);
/* Caches st under a copy of sql, which must not be cached yet. */
void stmt_cache_put(struct stmt_cache *c, const char *sql, struct db_stmt *st);
/* Calls free_stmt on every cached statement and empties the cache. */
void stmt_cache_clear(struct stmt_cache *c, void (*free_stmt)(struct db_stmt *st));

#endif
