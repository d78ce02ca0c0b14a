/* Claims on per-article work: leases that keep two workers off one article. */
#include "base/timeutil.h"
#include "store/store_internal.h"

enum err store_work_claim(struct store *st, const char *stage, const char *owner, int64_t now,
                          int lease_seconds, int64_t *ids, size_t *n, struct errbuf *eb)
{
    struct db_stmt *q;
    /* One statement per id: insert the claim, or take over an expired one. A
     * live claim of another worker makes the statement return no row. */
    enum err err = store_prepare(st,
                                 "INSERT INTO work_claim (stage, article_id, owner, lease_until) "
                                 "VALUES (?, ?, ?, ?) ON CONFLICT (stage, article_id) DO UPDATE "
                                 "SET owner = excluded.owner, lease_until = excluded.lease_until "
                                 "WHERE work_claim.lease_until < ? RETURNING article_id",
                                 &q, eb);
    size_t kept = 0;
    for (size_t i = 0; i < *n && !err; i++) {
        db_bind_text(q, 1, stage);
        db_bind_int(q, 2, ids[i]);
        db_bind_text(q, 3, owner);
        db_bind_int(q, 4, now + lease_seconds);
        db_bind_int(q, 5, now);
        bool row;
        err = db_step(q, &row, eb);
        if (!err && row)
            ids[kept++] = ids[i];
        db_reset(q);
    }
    *n = err ? 0 : kept;
    return err;
}

enum err store_work_claim_still(struct store *st, const char *stage, const char *owner, int64_t now,
                                int lease_seconds, const char *still_sql, bool with_now,
                                int64_t *ids, size_t *n, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_work_claim(st, stage, owner, now, lease_seconds, ids, n, eb);
    if (!err)
        err = store_prepare(st, still_sql, &q, eb);
    size_t kept = 0;
    for (size_t i = 0; i < *n && !err; i++) {
        db_bind_int(q, 1, ids[i]);
        if (with_now)
            db_bind_int(q, 2, now);
        bool row;
        err = db_step(q, &row, eb);
        db_reset(q);
        if (!err && row)
            ids[kept++] = ids[i];
        else if (!err)
            err = store_work_release(st, stage, ids[i], eb);
    }
    *n = err ? 0 : kept;
    return err;
}

/* Runs sql, which takes stage and the article id as its two parameters. */
static enum err run_stage_id(struct store *st, const char *sql, const char *stage, int64_t id,
                             struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, sql, &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, stage);
    db_bind_int(q, 2, id);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

enum err store_work_release(struct store *st, const char *stage, int64_t id, struct errbuf *eb)
{
    return run_stage_id(st, "DELETE FROM work_claim WHERE stage = ? AND article_id = ?", stage, id,
                        eb);
}

enum err store_work_done(struct store *st, const char *stage, int64_t id, struct errbuf *eb)
{
    enum err err = store_work_release(st, stage, id, eb);
    return err ? err
               : run_stage_id(st, "DELETE FROM work_queue WHERE stage = ? AND article_id = ?",
                              stage, id, eb);
}

enum err store_queue_add(struct store *st, const char *stage, int64_t id, struct errbuf *eb)
{
    struct db_stmt *q;
    /* The WHERE also keeps SQLite from reading ON CONFLICT as a join's ON. */
    enum err err = store_prepare(st,
                                 "INSERT INTO work_queue (stage, article_id, at, queued_at) "
                                 "SELECT ?, id, fetched_at, ? FROM article WHERE id = ? "
                                 "ON CONFLICT (stage, article_id) DO NOTHING",
                                 &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, stage);
    db_bind_int(q, 2, time_now());
    db_bind_int(q, 3, id);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

enum err store_worker_release(struct store *st, const char *owner, struct errbuf *eb)
{
    /* Each statement alone is a valid release: no transaction needed. */
    static const char *const sql[] = {
        "DELETE FROM work_claim WHERE owner = ?",
        "UPDATE feed_state SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?",
    };
    enum err err = ERR_OK;
    for (size_t i = 0; i < sizeof sql / sizeof sql[0] && !err; i++) {
        struct db_stmt *q;
        if ((err = store_prepare(st, sql[i], &q, eb)))
            break;
        db_bind_text(q, 1, owner);
        err = db_run(q, eb);
        db_reset(q);
    }
    return err;
}
