/* The SQLite engine of db.h: one connection per thread, WAL, a busy timeout so
 * that a second process (a CLI beside `omnibus run`) waits instead of failing. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "store/db.h"
#include "store/stmt_cache.h"
#include "store/fts_sqlite.h"

struct sqlite_stmt {
    struct db_stmt head;
    sqlite3_stmt *stmt;
    int64_t changes;
};

struct sqlite_db {
    struct db head;
    sqlite3 *conn;
    struct stmt_cache cache;
    int time_limit_ms;   /* 0: statements run as long as they need */
    int64_t deadline_ms; /* the running statement's end (monotonic clock) */
};

/* Virtual machine instructions between two looks at the clock. */
#define PROGRESS_STEPS 1000

static const struct db_ops sqlite_ops;

static void free_stmt(struct db_stmt *st)
{
    sqlite3_finalize(((struct sqlite_stmt *)st)->stmt);
    free(st);
}

static void sq_close(struct db *db)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    stmt_cache_clear(&s->cache, free_stmt);
    sqlite3_close_v2(s->conn);
    free(s);
}

static enum err sq_exec(struct db *db, const char *sql)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    return sqlite3_exec(s->conn, sql, NULL, NULL, NULL) == SQLITE_OK ? ERR_OK : ERR_STORE;
}

static enum err sq_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    struct db_stmt *cached = stmt_cache_get(&s->cache, sql);
    if (cached) {
        sqlite3_stmt *stmt = ((struct sqlite_stmt *)cached)->stmt;
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        *out = cached;
        return ERR_OK;
    }
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v3(s->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        return ERR_STORE;
    struct sqlite_stmt *st = xcalloc(1, sizeof *st);
    st->head.db = db;
    st->stmt = stmt;
    stmt_cache_put(&s->cache, sql, &st->head);
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

/* SQLite's progress handler: a non-zero answer interrupts the statement. */
static int past_deadline(void *arg)
{
    return time_mono_ms() > ((struct sqlite_db *)arg)->deadline_ms;
}

static enum err sq_step(struct db_stmt *st, bool *row)
{
    struct sqlite_db *s = (struct sqlite_db *)st->db;
    /* The statement's time counts from its first step. */
    if (s->time_limit_ms && !sqlite3_stmt_busy(ST(st)->stmt))
        s->deadline_ms = time_mono_ms() + s->time_limit_ms;
    int rc = sqlite3_step(ST(st)->stmt);
    *row = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW)
        return ERR_OK;
    if (rc == SQLITE_DONE) {
        ST(st)->changes = sqlite3_changes64(s->conn);
        return ERR_OK;
    }
    return rc == SQLITE_INTERRUPT ? ERR_TIMEOUT : ERR_STORE;
}

static enum err sq_set_time_limit(struct db *db, int ms)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    s->time_limit_ms = ms;
    sqlite3_progress_handler(s->conn, ms ? PROGRESS_STEPS : 0, ms ? past_deadline : NULL, s);
    return ERR_OK;
}

static int sq_col_count(struct db_stmt *st)
{
    return sqlite3_column_count(ST(st)->stmt);
}

static const char *sq_col_name(struct db_stmt *st, int col)
{
    return sqlite3_column_name(ST(st)->stmt, col);
}

static enum db_type sq_col_type(struct db_stmt *st, int col)
{
    switch (sqlite3_column_type(ST(st)->stmt, col)) {
    case SQLITE_INTEGER:
        return DB_INT;
    case SQLITE_FLOAT:
        return DB_DOUBLE;
    case SQLITE_TEXT:
        return DB_TEXT;
    case SQLITE_BLOB:
        return DB_BLOB;
    default:
        return DB_NULL;
    }
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

static enum err sq_backup_to(struct db *db, const char *path, struct errbuf *eb)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    sqlite3 *dst = NULL;
    /* Never over another file: a backup that replaces something is a loss. */
    int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        enum err err = errf(eb, ERR_IO, "cannot create %s: %s", path,
                            dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
        sqlite3_close_v2(dst);
        return err;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->conn, "main");
    if (!b) {
        enum err err = errf(eb, ERR_IO, "cannot back up into %s: %s", path, sqlite3_errmsg(dst));
        sqlite3_close_v2(dst);
        return err;
    }
    /* Page by page, yielding to writers: a step that meets their lock waits
     * and tries again; one that sees them change a page starts over. */
    do {
        rc = sqlite3_backup_step(b, 1024);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    enum err err = ERR_OK;
    if (rc != SQLITE_DONE)
        err = errf(eb, ERR_IO, "backup into %s failed: %s", path, sqlite3_errstr(rc));
    sqlite3_close_v2(dst);
    return err;
}

static int64_t sq_heap_bytes(void)
{
    return sqlite3_memory_used();
}

void store_bound_sqlite_memory(int64_t bytes)
{
    /* Soft: a statement that needs more still gets it; the caches give way. */
    sqlite3_soft_heap_limit64(bytes);
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
    .col_count = sq_col_count,
    .col_name = sq_col_name,
    .col_type = sq_col_type,
    .col_is_null = sq_col_is_null,
    .col_int = sq_col_int,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .reset = sq_reset,
    .changes = sq_changes,
    .errmsg = sq_errmsg,
    .backup_to = sq_backup_to,
    .set_time_limit = sq_set_time_limit,
    .heap_bytes = sq_heap_bytes,
};

enum err sqlite_db_open(const char *path, struct db **out, struct errbuf *eb)
{
    *out = NULL;
    sqlite3 *conn = NULL;
    int rc = sqlite3_open_v2(
        path, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        enum err err = errf(eb, ERR_STORE, "cannot open SQLite database %s: %s", path,
                            conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
        sqlite3_close_v2(conn);
        return err;
    }
    sqlite3_busy_timeout(conn, 10000);
    sqlite3_extended_result_codes(conn, 1);
    /* The page cache: SQLite's default (2 MB) holds the indexes that every
     * new article touches at a random place (its URL, its outlet's recent
     * articles, the search index) only while the store is small; past that,
     * each insert reads their pages again from the file, and what an article
     * costs grows with what is stored. */
    const char *setup = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                        "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
                        "PRAGMA cache_size=-65536;";
    if (sqlite3_exec(conn, setup, NULL, NULL, NULL) != SQLITE_OK) {
        enum err err =
            errf(eb, ERR_STORE, "cannot set up SQLite database %s: %s", path, sqlite3_errmsg(conn));
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
