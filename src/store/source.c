/* Sources and their fetch state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "store/store_internal.h"

#define SOURCE_COLS                                                                                \
    "s.id, s.name, s.site_url, s.feed_url, s.lang, s.country, s.kind, s.owner, s.stance, "         \
    "s.full_text, s.allow_private, s.enabled, s.created_at, s.categories"

void source_clear(struct source *s)
{
    if (!s)
        return;
    free(s->name);
    free(s->site_url);
    free(s->feed_url);
    free(s->lang);
    free(s->country);
    free(s->kind);
    free(s->owner);
    free(s->stance);
    free(s->categories);
    memset(s, 0, sizeof *s);
}

void source_list_clear(struct source_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++)
        source_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

static void read_source(struct db_stmt *q, struct source *s)
{
    s->id = db_col_int(q, 0);
    s->name = db_col_strdup(q, 1);
    s->site_url = db_col_strdup(q, 2);
    s->feed_url = db_col_strdup(q, 3);
    s->lang = db_col_strdup(q, 4);
    s->country = db_col_strdup(q, 5);
    s->kind = db_col_strdup(q, 6);
    s->owner = db_col_strdup(q, 7);
    s->stance = db_col_strdup(q, 8);
    s->full_text = db_col_int(q, 9) != 0;
    s->allow_private = db_col_int(q, 10) != 0;
    s->enabled = db_col_int(q, 11) != 0;
    s->created_at = db_col_int(q, 12);
    s->categories = db_col_strdup(q, 13);
}

/* Reads every row of q into a list. */
static enum err read_sources(struct db_stmt *q, struct source_list *out, struct errbuf *eb)
{
    size_t cap = 0;
    out->items = NULL;
    out->len = 0;
    bool row;
    enum err err;
    while (!(err = db_step(q, &row, eb)) && row) {
        out->items = xgrow(out->items, out->len, &cap, sizeof *out->items, 16);
        memset(&out->items[out->len], 0, sizeof out->items[0]);
        read_source(q, &out->items[out->len++]);
    }
    db_reset(q);
    if (err)
        source_list_clear(out);
    return err;
}

static enum err read_one_source(struct db_stmt *q, struct source *out, struct errbuf *eb,
                                const char *what)
{
    memset(out, 0, sizeof *out);
    bool row;
    enum err err = db_step(q, &row, eb);
    if (!err && row)
        read_source(q, out);
    else if (!err)
        err = errf(eb, ERR_NOT_FOUND, "no source %s", what);
    db_reset(q);
    return err;
}

static void bind_source_fields(struct db_stmt *q, const struct source *src)
{
    db_bind_text(q, 1, src->name);
    db_bind_text(q, 2, src->site_url);
    db_bind_text(q, 3, src->feed_url);
    db_bind_text(q, 4, src->lang);
    db_bind_text(q, 5, src->country);
    db_bind_text(q, 6, src->kind ? src->kind : "news");
    db_bind_text(q, 7, src->owner);
    db_bind_text(q, 8, src->stance);
    db_bind_int(q, 9, src->full_text);
    db_bind_int(q, 10, src->allow_private);
    db_bind_int(q, 11, src->enabled);
    db_bind_text(q, 12, src->categories);
}

enum err store_source_add(struct store *st, const struct source *src, int64_t *id,
                          struct errbuf *eb)
{
    *id = 0;
    if (!src->feed_url || !src->name)
        return errf(eb, ERR_INVALID, "a source needs a name and a feed URL");
    enum err err = store_begin(st, eb);
    if (err)
        return err;
    struct db_stmt *q;
    if ((err = store_prepare(st,
                             "INSERT INTO source (name, site_url, feed_url, lang, country, kind, "
                             "owner, stance, full_text, allow_private, enabled, categories, "
                             "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (feed_url) DO NOTHING RETURNING id",
                             &q, eb)))
        goto fail;
    bind_source_fields(q, src);
    db_bind_int(q, 13, src->created_at ? src->created_at : time_now());
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row)
        *id = db_col_int(q, 0);
    db_reset(q);
    if (err)
        goto fail;
    if (!*id) {
        store_rollback(st);
        struct source existing;
        if (store_source_find(st, src->feed_url, &existing, NULL) == ERR_OK) {
            *id = existing.id;
            source_clear(&existing);
        }
        return errf(eb, ERR_EXISTS, "a source with feed %s exists already (id %lld)", src->feed_url,
                    (long long)*id);
    }
    if ((err = store_prepare(st, "INSERT INTO feed_state (source_id, next_fetch_at) VALUES (?, 0)",
                             &q, eb)))
        goto fail;
    db_bind_int(q, 1, *id);
    err = db_run(q, eb);
    db_reset(q);
    if (err)
        goto fail;
    return store_commit(st, eb);
fail:
    store_rollback(st);
    return err;
}

enum err store_source_update(struct store *st, const struct source *src, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err =
        store_prepare(st,
                      "UPDATE source SET name = ?, site_url = ?, feed_url = ?, lang = ?, "
                      "country = ?, kind = ?, owner = ?, stance = ?, full_text = ?, "
                      "allow_private = ?, enabled = ?, categories = ? WHERE id = ?",
                      &q, eb);
    if (err)
        return err;
    bind_source_fields(q, src);
    db_bind_int(q, 13, src->id);
    err = db_run(q, eb);
    int64_t n = db_changes(q);
    db_reset(q);
    if (!err && n == 0)
        err = errf(eb, ERR_NOT_FOUND, "no source with id %lld", (long long)src->id);
    /* A source made full-text has its stored articles' pages fetched too. */
    if (!err && src->full_text &&
        !(err = store_prepare(st,
                              "INSERT INTO work_queue (stage, article_id, at, queued_at) "
                              "SELECT 'extract', a.id, a.fetched_at, ? FROM article a "
                              "LEFT JOIN article_extract e ON e.article_id = a.id "
                              "WHERE a.source_id = ? AND (e.article_id IS NULL OR "
                              "(e.status = 'failed' AND e.retry_at IS NOT NULL)) "
                              "ON CONFLICT (stage, article_id) DO NOTHING",
                              &q, eb))) {
        db_bind_int(q, 1, time_now());
        db_bind_int(q, 2, src->id);
        err = db_run(q, eb);
        db_reset(q);
    }
    return err;
}

enum err store_source_get(struct store *st, int64_t id, struct source *out, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, "SELECT " SOURCE_COLS " FROM source s WHERE s.id = ?", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    char what[32];
    snprintf(what, sizeof what, "with id %lld", (long long)id);
    return read_one_source(q, out, eb, what);
}

enum err store_source_find(struct store *st, const char *feed_url, struct source *out,
                           struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err =
        store_prepare(st, "SELECT " SOURCE_COLS " FROM source s WHERE s.feed_url = ?", &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, feed_url);
    return read_one_source(q, out, eb, "with that feed URL");
}

enum err store_source_list(struct store *st, struct source_list *out, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, "SELECT " SOURCE_COLS " FROM source s ORDER BY s.id", &q, eb);
    if (err)
        return err;
    return read_sources(q, out, eb);
}

enum err store_source_remove(struct store *st, int64_t id, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, "DELETE FROM source WHERE id = ?", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    err = db_run(q, eb);
    int64_t n = db_changes(q);
    db_reset(q);
    if (!err && n == 0)
        err = errf(eb, ERR_NOT_FOUND, "no source with id %lld", (long long)id);
    return err;
}

void fetch_state_clear(struct fetch_state *fs)
{
    if (!fs)
        return;
    free(fs->etag);
    free(fs->last_modified);
    free(fs->last_error);
    free(fs->ill_formed_reason);
    free(fs->feed_title);
    memset(fs, 0, sizeof *fs);
}

enum err store_fetch_state_get(struct store *st, int64_t source_id, struct fetch_state *out,
                               struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(
        st,
        "SELECT source_id, etag, last_modified, last_fetch_at, last_success_at, last_status, "
        "last_error, consecutive_failures, next_fetch_at, ill_formed, ill_formed_reason, "
        "feed_title, items_seen FROM feed_state WHERE source_id = ?",
        &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, source_id);
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row) {
        out->source_id = db_col_int(q, 0);
        out->etag = db_col_strdup(q, 1);
        out->last_modified = db_col_strdup(q, 2);
        out->last_fetch_at = db_col_int(q, 3);
        out->last_success_at = db_col_int(q, 4);
        out->last_status = (int)db_col_int(q, 5);
        out->last_error = db_col_strdup(q, 6);
        out->consecutive_failures = (int)db_col_int(q, 7);
        out->next_fetch_at = db_col_int(q, 8);
        out->ill_formed = db_col_int(q, 9) != 0;
        out->ill_formed_reason = db_col_strdup(q, 10);
        out->feed_title = db_col_strdup(q, 11);
        out->items_seen = db_col_int(q, 12);
    } else if (!err) {
        err = errf(eb, ERR_NOT_FOUND, "no fetch state for source %lld", (long long)source_id);
    }
    db_reset(q);
    return err;
}

enum err store_fetch_state_put(struct store *st, const struct fetch_state *fs, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(
        st,
        "UPDATE feed_state SET etag = ?, last_modified = ?, last_fetch_at = ?, "
        "last_success_at = ?, last_status = ?, last_error = ?, consecutive_failures = ?, "
        "next_fetch_at = ?, ill_formed = ?, ill_formed_reason = ?, feed_title = ?, "
        "items_seen = ?, lease_owner = NULL, lease_until = NULL WHERE source_id = ?",
        &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, fs->etag);
    db_bind_text(q, 2, fs->last_modified);
    db_bind_int_or_null(q, 3, fs->last_fetch_at);
    db_bind_int_or_null(q, 4, fs->last_success_at);
    db_bind_int(q, 5, fs->last_status);
    db_bind_text(q, 6, fs->last_error);
    db_bind_int(q, 7, fs->consecutive_failures);
    db_bind_int(q, 8, fs->next_fetch_at);
    db_bind_int(q, 9, fs->ill_formed);
    db_bind_text(q, 10, fs->ill_formed_reason);
    db_bind_text(q, 11, fs->feed_title);
    db_bind_int(q, 12, fs->items_seen);
    db_bind_int(q, 13, fs->source_id);
    err = db_run(q, eb);
    int64_t n = db_changes(q);
    db_reset(q);
    if (!err && n == 0)
        err = errf(eb, ERR_NOT_FOUND, "no fetch state for source %lld", (long long)fs->source_id);
    return err;
}

/* The claim is one statement: the engine's row locks (PostgreSQL: SKIP LOCKED)
 * or its single writer (SQLite) make it atomic across workers. */
#define CLAIM_SELECT                                                                               \
    "SELECT f.source_id FROM feed_state f JOIN source s ON s.id = f.source_id "                    \
    "WHERE s.enabled = 1 AND f.next_fetch_at <= ? AND (f.lease_until IS NULL OR "                  \
    "f.lease_until < ?) ORDER BY f.next_fetch_at, f.source_id LIMIT ?"

enum err store_sources_claim_due(struct store *st, int64_t now, size_t limit, const char *worker,
                                 int lease_seconds, struct source_list *out, struct errbuf *eb)
{
    out->items = NULL;
    out->len = 0;
    const char *claim =
        st->db->engine == DB_POSTGRES
            ? "UPDATE feed_state SET lease_owner = ?, lease_until = ? WHERE source_id IN "
              "(" CLAIM_SELECT " FOR UPDATE OF f SKIP LOCKED) RETURNING source_id"
            : "UPDATE feed_state SET lease_owner = ?, lease_until = ? WHERE source_id IN "
              "(" CLAIM_SELECT ") RETURNING source_id";
    enum err err = store_begin(st, eb);
    if (err)
        return err;
    struct db_stmt *q;
    if ((err = store_prepare(st, claim, &q, eb)))
        goto fail;
    db_bind_text(q, 1, worker);
    db_bind_int(q, 2, now + lease_seconds);
    db_bind_int(q, 3, now);
    db_bind_int(q, 4, now);
    db_bind_int(q, 5, (int64_t)limit);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        ids = xgrow(ids, n, &cap, sizeof *ids, 16);
        ids[n++] = db_col_int(q, 0);
    }
    db_reset(q);
    if (!err)
        err = store_commit(st, eb);
    else
        store_rollback(st);
    if (!err && n) {
        out->items = xcalloc(n, sizeof *out->items);
        for (size_t i = 0; i < n && !err; i++) {
            err = store_source_get(st, ids[i], &out->items[i], eb);
            out->len = i + 1;
        }
        if (err)
            source_list_clear(out);
    }
    free(ids);
    return err;
fail:
    store_rollback(st);
    return err;
}

enum err store_sources_make_due(struct store *st, int64_t now, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, "UPDATE feed_state SET next_fetch_at = ?", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, now);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}
