/* The SQLite engine of db.h: one connection per thread, WAL, a busy timeout so
 * that a second process (a CLI beside `omnibus run`) waits instead of failing. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/db.h"
#include "store/fts_sqlite.h"

struct sqlite_stmt {
    struct db_stmt head;
    sqlite3_stmt *stmt;
    int64_t changes;
};

struct cache_entry {
    char *sql;
    uint64_t hash;
    struct sqlite_stmt *st;
};

struct sqlite_db {
    struct db head;
    sqlite3 *conn;
    struct cache_entry *cache; /* open addressing, keyed by the SQL text */
    size_t cache_cap;
    size_t cache_len;
};

static const struct db_ops sqlite_ops;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void sq_close(struct db *db)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    for (size_t i = 0; i < s->cache_cap; i++) {
        if (!s->cache[i].sql)
            continue;
        sqlite3_finalize(s->cache[i].st->stmt);
        free(s->cache[i].st);
        free(s->cache[i].sql);
    }
    free(s->cache);
    sqlite3_close_v2(s->conn);
    free(s);
}

static enum err sq_exec(struct db *db, const char *sql)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    return sqlite3_exec(s->conn, sql, NULL, NULL, NULL) == SQLITE_OK ? ERR_OK : ERR_STORE;
}

static void cache_grow(struct sqlite_db *s)
{
    size_t cap = s->cache_cap ? s->cache_cap * 2 : 64;
    struct cache_entry *fresh = xcalloc(cap, sizeof *fresh);
    for (size_t i = 0; i < s->cache_cap; i++) {
        if (!s->cache[i].sql)
            continue;
        size_t j = s->cache[i].hash & (cap - 1);
        while (fresh[j].sql)
            j = (j + 1) & (cap - 1);
        fresh[j] = s->cache[i];
    }
    free(s->cache);
    s->cache = fresh;
    s->cache_cap = cap;
}

static enum err sq_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    if (s->cache_len * 2 >= s->cache_cap)
        cache_grow(s);
    uint64_t h = hash_str(sql);
    size_t j = h & (s->cache_cap - 1);
    while (s->cache[j].sql) {
        if (s->cache[j].hash == h && !strcmp(s->cache[j].sql, sql)) {
            struct sqlite_stmt *st = s->cache[j].st;
            sqlite3_reset(st->stmt);
            sqlite3_clear_bindings(st->stmt);
            *out = &st->head;
            return ERR_OK;
        }
        j = (j + 1) & (s->cache_cap - 1);
    }
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v3(s->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        return ERR_STORE;
    struct sqlite_stmt *st = xcalloc(1, sizeof *st);
    st->head.db = db;
    st->stmt = stmt;
    s->cache[j].sql = xstrdup(sql);
    s->cache[j].hash = h;
    s->cache[j].st = st;
    s->cache_len++;
    *out = &st->head;
    return ERR_OK;
}

#define ST(x) ((struct sqlite_stmt *)(x))

static void sq_bind_null(struct db_stmt *st, int i)
{
    sqlite3_bind_null(ST(st)->stmt, i);
}

static void sq_bind_int(struct db_stmt *st, int i, int64_t v)
{
    sqlite3_bind_int64(ST(st)->stmt, i, v);
}

static void sq_bind_double(struct db_stmt *st, int i, double v)
{
    sqlite3_bind_double(ST(st)->stmt, i, v);
}

static void sq_bind_text(struct db_stmt *st, int i, const char *s, int len)
{
    sqlite3_bind_text(ST(st)->stmt, i, s, len, SQLITE_TRANSIENT);
}

static enum err sq_step(struct db_stmt *st, bool *row)
{
    int rc = sqlite3_step(ST(st)->stmt);
    *row = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW)
        return ERR_OK;
    if (rc == SQLITE_DONE) {
        ST(st)->changes = sqlite3_changes64(((struct sqlite_db *)st->db)->conn);
        return ERR_OK;
    }
    return ERR_STORE;
}

static bool sq_col_is_null(struct db_stmt *st, int col)
{
    return sqlite3_column_type(ST(st)->stmt, col) == SQLITE_NULL;
}

static int64_t sq_col_int(struct db_stmt *st, int col)
{
    return sqlite3_column_int64(ST(st)->stmt, col);
}

static double sq_col_double(struct db_stmt *st, int col)
{
    return sqlite3_column_double(ST(st)->stmt, col);
}

static const char *sq_col_text(struct db_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(ST(st)->stmt, col);
}

static void sq_reset(struct db_stmt *st)
{
    sqlite3_reset(ST(st)->stmt);
    sqlite3_clear_bindings(ST(st)->stmt);
}

static int64_t sq_changes(struct db_stmt *st)
{
    return ST(st)->changes;
}

static const char *sq_errmsg(struct db *db)
{
    return sqlite3_errmsg(((struct sqlite_db *)db)->conn);
}

static const struct db_ops sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .bind_null = sq_bind_null,
    .bind_int = sq_bind_int,
    .bind_double = sq_bind_double,
    .bind_text = sq_bind_text,
    .step = sq_step,
    .col_is_null = sq_col_is_null,
    .col_int = sq_col_int,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .reset = sq_reset,
    .changes = sq_changes,
    .errmsg = sq_errmsg,
};

enum err sqlite_db_open(const char *path, struct db **out, struct errbuf *eb)
{
    *out = NULL;
    sqlite3 *conn = NULL;
    int rc = sqlite3_open_v2(path, &conn,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        enum err err = errf(eb, ERR_STORE, "cannot open SQLite database %s: %s", path,
                            conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
        sqlite3_close_v2(conn);
        return err;
    }
    sqlite3_busy_timeout(conn, 10000);
    sqlite3_extended_result_codes(conn, 1);
    const char *setup = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                        "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
    if (sqlite3_exec(conn, setup, NULL, NULL, NULL) != SQLITE_OK) {
        enum err err = errf(eb, ERR_STORE, "cannot set up SQLite database %s: %s", path,
                            sqlite3_errmsg(conn));
        sqlite3_close_v2(conn);
        return err;
    }
    /* The search index's tokenizer must exist before any statement touches
     * the FTS table, migrations included. */
    if (fts_sqlite_register(conn)) {
        enum err err = errf(eb, ERR_STORE, "cannot register the FTS5 tokenizer on %s", path);
        sqlite3_close_v2(conn);
        return err;
    }
    struct sqlite_db *s = xcalloc(1, sizeof *s);
    s->head.ops = &sqlite_ops;
    s->head.engine = DB_SQLITE;
    s->conn = conn;
    *out = &s->head;
    return ERR_OK;
}
