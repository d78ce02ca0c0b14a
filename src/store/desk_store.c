/* The editor desk's tables (migration 0019). */
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "store/store_internal.h"

void desk_user_clear(struct desk_user *u)
{
    if (!u)
        return;
    free(u->name);
    free(u->role);
    free(u->password);
    memset(u, 0, sizeof *u);
}

void desk_user_list_clear(struct desk_user_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++)
        desk_user_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

/* Runs q (bound) expecting no rows; ERR_NOT_FOUND (naming what) when it
 * changed none. */
static enum err run_changing(struct db_stmt *q, const char *what, struct errbuf *eb)
{
    enum err err = db_run(q, eb);
    if (!err && db_changes(q) == 0)
        err = errf(eb, ERR_NOT_FOUND, "no %s", what);
    db_reset(q);
    return err;
}

enum err store_desk_user_add(struct store *st, const char *name, const char *role,
                             const char *password_hash, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "INSERT INTO desk_user (name, role, password, created_at) "
                                 "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
                                 &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, name);
    db_bind_text(q, 2, role);
    db_bind_text(q, 3, password_hash);
    db_bind_int(q, 4, time_now());
    err = db_run(q, eb);
    if (!err && db_changes(q) == 0)
        err = errf(eb, ERR_EXISTS, "there is a user called %s already", name);
    db_reset(q);
    return err;
}

#define USER_COLS "id, name, role, password, failures, locked_until, created_at"

static void read_user(struct db_stmt *q, struct desk_user *u)
{
    u->id = db_col_int(q, 0);
    u->name = db_col_strdup(q, 1);
    u->role = db_col_strdup(q, 2);
    u->password = db_col_strdup(q, 3);
    u->failures = db_col_int(q, 4);
    u->locked_until = db_col_int(q, 5);
    u->created_at = db_col_int(q, 6);
}

enum err store_desk_user_get(struct store *st, const char *name, struct desk_user *out,
                             struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(st, "SELECT " USER_COLS " FROM desk_user WHERE name = ?", &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, name);
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row)
        read_user(q, out);
    else if (!err)
        err = errf(eb, ERR_NOT_FOUND, "no user called %s", name);
    db_reset(q);
    return err;
}

enum err store_desk_user_list(struct store *st, struct desk_user_list *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(st, "SELECT " USER_COLS " FROM desk_user ORDER BY name", &q, eb);
    if (err)
        return err;
    size_t cap = 0;
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        out->items = xgrow(out->items, out->len, &cap, sizeof *out->items, 8);
        read_user(q, &out->items[out->len++]);
    }
    db_reset(q);
    if (err)
        desk_user_list_clear(out);
    return err;
}

enum err store_desk_user_remove(struct store *st, const char *name, struct errbuf *eb)
{
    enum err err = store_begin(st, eb);
    if (err)
        return err;
    struct db_stmt *q;
    /* Sessions go first: SQLite enforces the foreign key only when asked. */
    if (!(err = store_prepare(st,
                              "DELETE FROM desk_session WHERE user_id IN "
                              "(SELECT id FROM desk_user WHERE name = ?)",
                              &q, eb))) {
        db_bind_text(q, 1, name);
        err = db_run(q, eb);
        db_reset(q);
    }
    if (!err && !(err = store_prepare(st, "DELETE FROM desk_user WHERE name = ?", &q, eb))) {
        db_bind_text(q, 1, name);
        err = run_changing(q, "such user", eb);
    }
    if (err) {
        store_rollback(st);
        return err;
    }
    return store_commit(st, eb);
}

enum err store_desk_user_set_password(struct store *st, const char *name,
                                      const char *password_hash, struct errbuf *eb)
{
    enum err err = store_begin(st, eb);
    if (err)
        return err;
    struct db_stmt *q;
    if (!(err = store_prepare(st,
                              "UPDATE desk_user SET password = ?, failures = 0, locked_until = 0 "
                              "WHERE name = ?",
                              &q, eb))) {
        db_bind_text(q, 1, password_hash);
        db_bind_text(q, 2, name);
        err = run_changing(q, "such user", eb);
    }
    if (!err && !(err = store_prepare(st,
                                      "DELETE FROM desk_session WHERE user_id IN "
                                      "(SELECT id FROM desk_user WHERE name = ?)",
                                      &q, eb))) {
        db_bind_text(q, 1, name);
        err = db_run(q, eb);
        db_reset(q);
    }
    if (err) {
        store_rollback(st);
        return err;
    }
    return store_commit(st, eb);
}

enum err store_desk_login_failed(struct store *st, int64_t id, int64_t max_failures,
                                 int64_t lock_seconds, int64_t now, struct errbuf *eb)
{
    struct db_stmt *q;
    /* One statement, so two failures at once both count. */
    enum err err = store_prepare(
        st,
        "UPDATE desk_user SET "
        "locked_until = CASE WHEN failures + 1 >= ? THEN ? ELSE locked_until END, "
        "failures = CASE WHEN failures + 1 >= ? THEN 0 ELSE failures + 1 END WHERE id = ?",
        &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, max_failures);
    db_bind_int(q, 2, now + lock_seconds);
    db_bind_int(q, 3, max_failures);
    db_bind_int(q, 4, id);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

enum err store_desk_login_ok(struct store *st, int64_t id, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, "UPDATE desk_user SET failures = 0 WHERE id = ?", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

void desk_session_clear(struct desk_session *s)
{
    if (!s)
        return;
    free(s->user_name);
    free(s->role);
    free(s->csrf);
    memset(s, 0, sizeof *s);
}

enum err store_desk_session_add(struct store *st, const char *token_hash, int64_t user_id,
                                const char *csrf, int64_t now, int64_t expires_at,
                                struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "INSERT INTO desk_session (token_hash, user_id, csrf, created_at, "
                                 "expires_at) VALUES (?, ?, ?, ?, ?)",
                                 &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, token_hash);
    db_bind_int(q, 2, user_id);
    db_bind_text(q, 3, csrf);
    db_bind_int(q, 4, now);
    db_bind_int(q, 5, expires_at);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

enum err store_desk_session_get(struct store *st, const char *token_hash, int64_t now,
                                struct desk_session *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(st, "DELETE FROM desk_session WHERE expires_at <= ?", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, now);
    err = db_run(q, eb);
    db_reset(q);
    if (err)
        return err;
    if ((err = store_prepare(st,
                             "SELECT s.user_id, u.name, u.role, s.csrf, s.expires_at FROM "
                             "desk_session s JOIN desk_user u ON u.id = s.user_id WHERE "
                             "s.token_hash = ? AND s.expires_at > ?",
                             &q, eb)))
        return err;
    db_bind_text(q, 1, token_hash);
    db_bind_int(q, 2, now);
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row) {
        out->user_id = db_col_int(q, 0);
        out->user_name = db_col_strdup(q, 1);
        out->role = db_col_strdup(q, 2);
        out->csrf = db_col_strdup(q, 3);
        out->expires_at = db_col_int(q, 4);
    } else if (!err) {
        err = errf(eb, ERR_NOT_FOUND, "no such session");
    }
    db_reset(q);
    return err;
}

enum err store_desk_session_remove(struct store *st, const char *token_hash, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, "DELETE FROM desk_session WHERE token_hash = ?", &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, token_hash);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

enum err store_desk_setting_get(struct store *st, const char *name, char **value,
                                struct errbuf *eb)
{
    *value = NULL;
    struct db_stmt *q;
    enum err err = store_prepare(st, "SELECT value FROM desk_setting WHERE name = ?", &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, name);
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row)
        *value = db_col_strdup(q, 0);
    else if (!err)
        err = errf(eb, ERR_NOT_FOUND, "no setting %s", name);
    db_reset(q);
    return err;
}

enum err store_desk_setting_set(struct store *st, const char *name, const char *value,
                                struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "INSERT INTO desk_setting (name, value) VALUES (?, ?) "
                                 "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                                 &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, name);
    db_bind_text(q, 2, value);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

void desk_story_clear(struct desk_story *d)
{
    if (!d)
        return;
    free(d->story_key);
    free(d->headline);
    free(d->intro);
    free(d->label);
    free(d->dropped);
    free(d->pinned);
    free(d->merged);
    free(d->split);
    free(d->flag_reason);
    memset(d, 0, sizeof *d);
}

enum err store_desk_story_get(struct store *st, const char *key, struct desk_story *out,
                              bool *found, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    *found = false;
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "SELECT headline, intro, label, quote, background, dropped, "
                                 "pinned, hidden, reviewed_at, flagged_at, flag_reason, merged, "
                                 "split FROM desk_story WHERE story_key = ?",
                                 &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, key);
    bool row;
    err = db_step(q, &row, eb);
    out->story_key = xstrdup(key);
    out->quote = -1;
    if (!err && row) {
        *found = true;
        out->headline = db_col_strdup(q, 0);
        out->intro = db_col_strdup(q, 1);
        out->label = db_col_strdup(q, 2);
        out->quote = db_col_is_null(q, 3) ? -1 : db_col_int(q, 3);
        out->background = db_col_int(q, 4);
        out->dropped = db_col_strdup(q, 5);
        out->pinned = db_col_strdup(q, 6);
        out->hidden = db_col_int(q, 7) != 0;
        out->reviewed_at = db_col_int(q, 8);
        out->flagged_at = db_col_int(q, 9);
        out->flag_reason = db_col_strdup(q, 10);
        out->merged = db_col_strdup(q, 11);
        out->split = db_col_strdup(q, 12);
    }
    db_reset(q);
    char **lists[] = {&out->dropped, &out->pinned, &out->merged, &out->split};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (!*lists[i])
            *lists[i] = xstrdup("[]");
    return err;
}

enum err store_desk_story_put(struct store *st, const struct desk_story *d, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(
        st,
        "INSERT INTO desk_story (story_key, headline, intro, label, quote, background, dropped, "
        "pinned, hidden, reviewed_at, flagged_at, flag_reason, merged, split) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (story_key) DO UPDATE SET "
        "headline = excluded.headline, intro = excluded.intro, label = excluded.label, "
        "quote = excluded.quote, background = excluded.background, dropped = excluded.dropped, "
        "pinned = excluded.pinned, hidden = excluded.hidden, reviewed_at = excluded.reviewed_at, "
        "flagged_at = excluded.flagged_at, flag_reason = excluded.flag_reason, "
        "merged = excluded.merged, split = excluded.split",
        &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, d->story_key);
    db_bind_text(q, 2, d->headline);
    db_bind_text(q, 3, d->intro);
    db_bind_text(q, 4, d->label);
    if (d->quote < 0)
        db_bind_null(q, 5);
    else
        db_bind_int(q, 5, d->quote);
    db_bind_int(q, 6, d->background);
    db_bind_text(q, 7, d->dropped ? d->dropped : "[]");
    db_bind_text(q, 8, d->pinned ? d->pinned : "[]");
    db_bind_int(q, 9, d->hidden);
    db_bind_int(q, 10, d->reviewed_at);
    db_bind_int(q, 11, d->flagged_at);
    db_bind_text(q, 12, d->flag_reason);
    db_bind_text(q, 13, d->merged ? d->merged : "[]");
    db_bind_text(q, 14, d->split ? d->split : "[]");
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

void desk_audit_list_clear(struct desk_audit_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++) {
        free(l->items[i].story_key);
        free(l->items[i].user_name);
        free(l->items[i].action);
        free(l->items[i].detail);
    }
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

enum err store_desk_audit_add(struct store *st, const char *key, const char *user,
                              const char *action, const char *detail, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "INSERT INTO desk_audit (story_key, user_name, at, action, detail) "
                                 "VALUES (?, ?, ?, ?, ?)",
                                 &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, key);
    db_bind_text(q, 2, user);
    db_bind_int(q, 3, time_now());
    db_bind_text(q, 4, action);
    db_bind_text(q, 5, detail ? detail : "");
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

enum err store_desk_audit_list(struct store *st, const char *key, size_t limit,
                               struct desk_audit_list *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "SELECT id, story_key, user_name, at, action, detail FROM "
                                 "desk_audit WHERE CAST(? AS TEXT) IS NULL OR story_key = ? "
                                 "ORDER BY at DESC, id DESC LIMIT ?",
                                 &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, key);
    db_bind_text(q, 2, key);
    db_bind_int(q, 3, (int64_t)limit);
    size_t cap = 0;
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        out->items = xgrow(out->items, out->len, &cap, sizeof *out->items, 16);
        struct desk_audit *a = &out->items[out->len++];
        a->id = db_col_int(q, 0);
        a->story_key = db_col_strdup(q, 1);
        a->user_name = db_col_strdup(q, 2);
        a->at = db_col_int(q, 3);
        a->action = db_col_strdup(q, 4);
        a->detail = db_col_strdup(q, 5);
    }
    db_reset(q);
    if (err)
        desk_audit_list_clear(out);
    return err;
}

void desk_queue_clear(struct desk_queue *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++) {
        free(l->items[i].story_key);
        free(l->items[i].lang);
        free(l->items[i].headline);
        free(l->items[i].body);
    }
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

enum err store_desk_queue(struct store *st, size_t limit, struct desk_queue *out,
                          struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(
        st,
        "SELECT r.story_key, r.lang, r.version, r.composed_at, r.published_at, r.headline, "
        "r.body, COALESCE(d.reviewed_at, 0), COALESCE(d.flagged_at, 0), COALESCE(d.hidden, 0) "
        "FROM roundup r LEFT JOIN desk_story d ON d.story_key = r.story_key "
        "WHERE r.version = (SELECT MAX(v.version) FROM roundup v WHERE v.story_key = r.story_key "
        "AND v.lang = r.lang) "
        "ORDER BY CASE WHEN r.composed_at > COALESCE(d.reviewed_at, 0) THEN 0 ELSE 1 END, "
        "r.composed_at DESC, r.id DESC LIMIT ?",
        &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, (int64_t)limit);
    size_t cap = 0;
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        out->items = xgrow(out->items, out->len, &cap, sizeof *out->items, 16);
        struct desk_queue_item *it = &out->items[out->len++];
        it->story_key = db_col_strdup(q, 0);
        it->lang = db_col_strdup(q, 1);
        it->version = (int)db_col_int(q, 2);
        it->composed_at = db_col_int(q, 3);
        it->published_at = db_col_int(q, 4);
        it->headline = db_col_strdup(q, 5);
        it->body = db_col_strdup(q, 6);
        it->reviewed_at = db_col_int(q, 7);
        it->flagged_at = db_col_int(q, 8);
        it->hidden = db_col_int(q, 9) != 0;
    }
    db_reset(q);
    if (err)
        desk_queue_clear(out);
    return err;
}

enum err store_story_entities(struct store *st, int64_t id, size_t limit, int64_t **ids,
                              size_t *n, struct errbuf *eb)
{
    *ids = NULL;
    *n = 0;
    struct db_stmt *q;
    enum err err = store_prepare(
        st,
        "SELECT k.entity_id FROM kb_mention k JOIN story_member m ON m.article_id = k.article_id "
        "WHERE m.story_id = ? AND k.entity_id IS NOT NULL GROUP BY k.entity_id "
        "ORDER BY COUNT(*) DESC, k.entity_id LIMIT ?",
        &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    db_bind_int(q, 2, (int64_t)limit);
    return store_collect_ids(q, limit, ids, n, eb);
}

enum err store_story_recompose(struct store *st, int64_t id, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, "DELETE FROM story_composed WHERE story_id = ?", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

enum err store_story_growth(struct store *st, int64_t id, int64_t since, int64_t *n,
                            struct errbuf *eb)
{
    *n = 0;
    struct db_stmt *q;
    enum err err = store_prepare(
        st, "SELECT COUNT(*) FROM story_member WHERE story_id = ? AND assigned_at >= ?", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    db_bind_int(q, 2, since);
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row)
        *n = db_col_int(q, 0);
    db_reset(q);
    return err;
}

void desk_webhook_clear(struct desk_webhook *w)
{
    if (!w)
        return;
    free(w->story_key);
    free(w->payload);
    memset(w, 0, sizeof *w);
}

enum err store_desk_webhook_add(struct store *st, const char *key, const char *payload,
                                int64_t now, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(
        st, "INSERT INTO desk_webhook (story_key, payload, next_at) VALUES (?, ?, ?)", &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, key);
    db_bind_text(q, 2, payload);
    db_bind_int(q, 3, now);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

enum err store_desk_webhook_due(struct store *st, int64_t now, struct desk_webhook *out,
                                struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "SELECT id, story_key, payload, attempts FROM desk_webhook "
                                 "WHERE delivered_at = 0 AND next_at <= ? ORDER BY next_at, id "
                                 "LIMIT 1",
                                 &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, now);
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row) {
        out->id = db_col_int(q, 0);
        out->story_key = db_col_strdup(q, 1);
        out->payload = db_col_strdup(q, 2);
        out->attempts = db_col_int(q, 3);
    } else if (!err) {
        err = ERR_NOT_FOUND;
    }
    db_reset(q);
    return err;
}

enum err store_desk_webhook_tried(struct store *st, int64_t id, bool delivered, const char *why,
                                  int64_t now, int64_t next_at, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "UPDATE desk_webhook SET attempts = attempts + 1, "
                                 "delivered_at = ?, last_error = ?, next_at = ? WHERE id = ?",
                                 &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, delivered ? now : 0);
    db_bind_text(q, 2, delivered ? NULL : why);
    db_bind_int(q, 3, next_at);
    db_bind_int(q, 4, id);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}
