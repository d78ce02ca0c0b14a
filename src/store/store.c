#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/store_internal.h"

enum err store_open(const char *dsn, struct store **out, struct errbuf *eb)
{
    *out = NULL;
    struct db *db;
    enum err err = db_open(dsn, &db, eb);
    if (err)
        return err;
    err = db_migrate(db, eb);
    if (err) {
        db_close(db);
        return err;
    }
    struct store *st = xcalloc(1, sizeof *st);
    st->db = db;
    *out = st;
    return ERR_OK;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    db_close(st->db);
    free(st);
}

enum err store_backup(struct store *st, const char *path, struct errbuf *eb)
{
    if (!st->db->ops->backup_to)
        return errf(eb, ERR_UNSUPPORTED,
                    "%s has no built-in backup: use its own tools (pg_dump -Fc DBNAME > FILE)",
                    st->db->ops->name);
    return st->db->ops->backup_to(st->db, path, eb);
}

const char *store_engine_name(const struct store *st)
{
    return st->db->ops->name;
}

enum err store_prepare(struct store *st, const char *sql, struct db_stmt **out, struct errbuf *eb)
{
    enum err err = db_prepare(st->db, sql, out);
    if (err)
        return errf(eb, err, "preparing statement: %s", st->db->ops->errmsg(st->db));
    return ERR_OK;
}

enum err store_schema_version(struct store *st, int *version, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err =
        store_prepare(st, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &q, eb);
    if (err)
        return err;
    bool row;
    err = db_step(q, &row, eb);
    *version = (!err && row) ? (int)db_col_int(q, 0) : 0;
    db_reset(q);
    return err;
}

enum err store_begin(struct store *st, struct errbuf *eb)
{
    return db_begin_write(st->db, eb);
}

enum err store_commit(struct store *st, struct errbuf *eb)
{
    return db_commit(st->db, eb);
}

void store_rollback(struct store *st)
{
    db_rollback(st->db);
}

enum err store_collect_ids(struct db_stmt *q, size_t limit, int64_t **ids, size_t *n,
                           struct errbuf *eb)
{
    *n = 0;
    *ids = xcalloc(limit + 1, sizeof **ids);
    bool row;
    enum err err;
    while (!(err = db_step(q, &row, eb)) && row && *n < limit)
        (*ids)[(*n)++] = db_col_int(q, 0);
    db_reset(q);
    if (err) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return err;
}

bool store_plain_name(const char *s)
{
    if (!s || !*s || strlen(s) > 63 || (*s >= '0' && *s <= '9'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}
