#include "store/stmt_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

struct db_stmt *stmt_cache_get(const struct stmt_cache *c, const char *sql)
{
    uint32_t id = intern_find(&c->sql, sql, strlen(sql));
    return id ? c->st[id - 1] : NULL;
}

void stmt_cache_put(struct stmt_cache *c, const char *sql, struct db_stmt *st)
{
    uint32_t id;
    if (intern_add(&c->sql, sql, strlen(sql), &id)) {
        /* The SQL is the store's own fixed text: 4 GiB of it is a bug, like
         * running out of memory, not an error a caller handles. */
        fprintf(stderr, "omnibus: more than 4 GiB of distinct SQL prepared\n");
        abort();
    }
    c->st = xgrow(c->st, id - 1, &c->cap, sizeof *c->st, 64);
    c->st[id - 1] = st;
}

void stmt_cache_clear(struct stmt_cache *c, void (*free_stmt)(struct db_stmt *st))
{
    for (uint32_t i = 0; i < c->sql.n; i++)
        free_stmt(c->st[i]);
    intern_clear(&c->sql);
    free(c->st);
    memset(c, 0, sizeof *c);
}
