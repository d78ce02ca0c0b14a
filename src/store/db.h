/* The portable SQL layer under store.h, private to src/store/. Store functions
 * are written once against it in SQL that both engines accept (? placeholders,
 * INSERT ... ON CONFLICT, RETURNING); each engine (sqlite.c, pg.c) implements
 * struct db_ops. Every statement is prepared once per connection and cached by
 * its SQL text, so callers pass string literals and never build SQL from data.
 * A struct db is one connection: use it from one thread at a time.
 * PostgreSQL infers each parameter's type from where it stands, so give it a
 * context: `? = 0` would make an int4 and `? IS NULL` fails; write
 * `CAST(? AS BIGINT) = 0` (both engines accept it). */
#ifndef OMNIBUS_STORE_DB_H
#define OMNIBUS_STORE_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

enum db_engine { DB_SQLITE, DB_POSTGRES };

/* What a result column holds in the current row (for copying rows generically). */
enum db_type { DB_NULL, DB_INT, DB_DOUBLE, DB_TEXT, DB_BLOB };

struct db;

/* Every engine's prepared statement starts with this header. */
struct db_stmt {
    struct db *db;
};

struct db_ops {
    const char *name;
    void (*close)(struct db *db);
    /* Runs one or more statements without parameters (DDL, BEGIN); rows that
     * they return are discarded. */
    enum err (*exec)(struct db *db, const char *sql);
    enum err (*prepare)(struct db *db, const char *sql, struct db_stmt **out);
    void (*bind_null)(struct db_stmt *st, int i);
    void (*bind_int)(struct db_stmt *st, int i, int64_t v);
    void (*bind_double)(struct db_stmt *st, int i, double v);
    void (*bind_text)(struct db_stmt *st, int i, const char *s, int len);
    enum err (*step)(struct db_stmt *st, bool *row);
    int (*col_count)(struct db_stmt *st);
    const char *(*col_name)(struct db_stmt *st, int col);
    enum db_type (*col_type)(struct db_stmt *st, int col);
    bool (*col_is_null)(struct db_stmt *st, int col);
    int64_t (*col_int)(struct db_stmt *st, int col);
    double (*col_double)(struct db_stmt *st, int col);
    const char *(*col_text)(struct db_stmt *st, int col);
    void (*reset)(struct db_stmt *st);
    int64_t (*changes)(struct db_stmt *st);
    const char *(*errmsg)(struct db *db);
    /* Copies the whole database into a new file at path while others may
     * write to it (SQLite's online backup API); NULL for an engine that has
     * its own tools (PostgreSQL: pg_dump). */
    enum err (*backup_to)(struct db *db, const char *path, struct errbuf *eb);
    /* Bounds each following statement's running time to ms milliseconds (0:
     * no bound); a statement past it fails with ERR_TIMEOUT. */
    enum err (*set_time_limit)(struct db *db, int ms);
    /* Bytes the engine's library holds in this process, over all its
     * connections (SQLite: page caches, schemas, statements); -1 when the
     * engine keeps its memory elsewhere (PostgreSQL: the server's). */
    int64_t (*heap_bytes)(void);
};

/* Every engine's connection starts with this header. */
struct db {
    const struct db_ops *ops;
    enum db_engine engine;
    int tx_depth;
};

/* Opens a connection for dsn: "sqlite:PATH", a bare path (SQLite) or
 * "postgres://..." / "postgresql://...". The caller owns *out (db_close). */
MUST_CHECK enum err db_open(const char *dsn, struct db **out, struct errbuf *eb);
void db_close(struct db *db); /* NULL-safe */

MUST_CHECK enum err sqlite_db_open(const char *path, struct db **out, struct errbuf *eb);
MUST_CHECK enum err pg_db_open(const char *conninfo, struct db **out, struct errbuf *eb);

static inline enum db_engine db_engine(const struct db *db)
{
    return db->engine;
}

/* Runs sql (one or more statements, no parameters), discarding any rows. */
MUST_CHECK enum err db_exec(struct db *db, const char *sql);

/* Returns a cached prepared statement, reset and with no parameters bound.
 * It belongs to the connection; call db_reset when done with its rows. */
MUST_CHECK enum err db_prepare(struct db *db, const char *sql, struct db_stmt **out);

/* Parameters are 1-based. Text is copied; NULL text binds SQL NULL. */
void db_bind_null(struct db_stmt *st, int i);
void db_bind_int(struct db_stmt *st, int i, int64_t v);
void db_bind_double(struct db_stmt *st, int i, double v);
void db_bind_text(struct db_stmt *st, int i, const char *s);
/* Binds v, or NULL when v is 0 (optional times and ids). */
void db_bind_int_or_null(struct db_stmt *st, int i, int64_t v);

/* Advances to the next row: *row is true while there is one. The first call runs
 * the statement. Errors carry the engine's message in eb. */
MUST_CHECK enum err db_step(struct db_stmt *st, bool *row, struct errbuf *eb);
/* Runs a statement that returns no rows. */
MUST_CHECK enum err db_run(struct db_stmt *st, struct errbuf *eb);

/* Columns are 0-based; text is borrowed until the next step or reset; NULL for SQL NULL. */
bool db_col_is_null(struct db_stmt *st, int col);
int64_t db_col_int(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);
/* A copy of the text column (free() it), NULL for SQL NULL. */
char *db_col_strdup(struct db_stmt *st, int col);

/* The result's columns: their number and names, valid once db_step ran; a
 * name is borrowed like col_text. */
int db_col_count(struct db_stmt *st);
const char *db_col_name(struct db_stmt *st, int col);
/* The type of the value in the current row (PostgreSQL: from the column's type). */
enum db_type db_col_type(struct db_stmt *st, int col);

/* Rows changed by the last run of st. */
int64_t db_changes(struct db_stmt *st);
void db_reset(struct db_stmt *st);

/* Bounds the running time of each following statement on this connection to
 * ms milliseconds, 0 for none: one past it stops and fails with ERR_TIMEOUT
 * (for work a stranger can ask for, like a search). */
MUST_CHECK enum err db_set_time_limit(struct db *db, int ms, struct errbuf *eb);

/* Transactions nest: only the outermost begin/commit reach the engine, and a
 * rollback at any depth rolls back everything. begin_write takes the write lock
 * at once (SQLite's BEGIN IMMEDIATE) for read-then-write sequences. */
MUST_CHECK enum err db_begin(struct db *db, struct errbuf *eb);
MUST_CHECK enum err db_begin_write(struct db *db, struct errbuf *eb);
MUST_CHECK enum err db_commit(struct db *db, struct errbuf *eb);
void db_rollback(struct db *db);

/* Rewrites sql's ? placeholders as PostgreSQL's $1..$n into out, leaving those
 * inside quoted literals, quoted identifiers and comments alone; *nparams is
 * their number. ERR_LIMIT past the protocol's 65535 parameters. */
MUST_CHECK enum err pg_translate_placeholders(const char *sql, struct buf *out, int *nparams);

/* Applies every migration not yet applied (schema/NNNN_*.sql), each in a
 * transaction, recording it in schema_migrations. */
MUST_CHECK enum err db_migrate(struct db *db, struct errbuf *eb);

#endif
