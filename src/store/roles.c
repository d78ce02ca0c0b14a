/* Roles one worker holds at a time, and which stories await their roundups. */
#include <stdlib.h>

#include "base/xalloc.h"
#include "store/store_internal.h"

enum err store_role_hold(struct store *st, const char *name, const char *owner, int64_t now,
                         int lease_seconds, bool *held, struct errbuf *eb)
{
    *held = false;
    struct db_stmt *q;
    enum err err =
        store_prepare(st,
                      "INSERT INTO role_lease (name, owner, lease_until) VALUES (?, ?, ?) "
                      "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, "
                      "lease_until = excluded.lease_until "
                      "WHERE role_lease.owner = excluded.owner "
                      "OR role_lease.lease_until < ? RETURNING owner",
                      &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, name);
    db_bind_text(q, 2, owner);
    db_bind_int(q, 3, now + lease_seconds);
    db_bind_int(q, 4, now);
    err = db_step(q, held, eb);
    db_reset(q);
    return err;
}

enum err store_stories_to_compose(struct store *st, int min_articles, int64_t active_since,
                                  int64_t horizon, size_t limit, int64_t **ids, size_t *n,
                                  struct errbuf *eb)
{
    *ids = NULL;
    *n = 0;
    struct db_stmt *q;
    /* The bound is computed here, not in the statement: a plain parameter
     * lets both engines take the last_seen index, so a pass reads the
     * recent stories, not every story ever stored. */
    enum err err = ERR_OK;
    if (horizon > 0 && !(err = store_prepare(st, "SELECT MAX(last_seen) FROM story", &q, eb))) {
        bool row;
        if (!(err = db_step(q, &row, eb)) && row && !db_col_is_null(q, 0) &&
            db_col_int(q, 0) - horizon > active_since)
            active_since = db_col_int(q, 0) - horizon;
        db_reset(q);
    }
    if (!err)
        err = store_prepare(st,
                            "SELECT s.id FROM story s LEFT JOIN story_composed c "
                            "ON c.story_id = s.id WHERE s.merged_into IS NULL "
                            /* The literal bound lets the engines take the
                             * partial index story_compose_scan (0021). */
                            "AND s.articles >= 2 AND s.articles >= ? AND s.last_seen >= ? "
                            "AND (c.story_id IS NULL "
                            "OR c.updated_at < s.updated_at) ORDER BY s.updated_at, s.id "
                            "LIMIT ?",
                            &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, min_articles);
    db_bind_int(q, 2, active_since);
    db_bind_int(q, 3, (int64_t)limit);
    return store_collect_ids(q, limit, ids, n, eb);
}

enum err store_story_composed(struct store *st, int64_t id, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err =
        store_prepare(st,
                      "INSERT INTO story_composed (story_id, updated_at) "
                      "SELECT id, updated_at FROM story WHERE id = ? "
                      "ON CONFLICT (story_id) DO UPDATE SET updated_at = excluded.updated_at",
                      &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}
