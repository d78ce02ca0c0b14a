/* What the web layer keeps and reads: admin token hashes, the site generation,
 * the counters behind /metrics. */
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "store/store_internal.h"

void admin_token_list_clear(struct admin_token_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++) {
        free(l->items[i].name);
        free(l->items[i].hash);
    }
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

enum err store_admin_token_add(struct store *st, const char *name, const char *hash, int64_t *id,
                               struct errbuf *eb)
{
    *id = 0;
    if (!name || !hash || !*hash)
        return errf(eb, ERR_INVALID, "an admin token needs a name and a hash");
    struct db_stmt *q;
    enum err err =
        store_prepare(st,
                      "INSERT INTO admin_token (name, token_hash, created_at) "
                      "VALUES (?, ?, ?) ON CONFLICT (token_hash) DO NOTHING RETURNING id",
                      &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, name);
    db_bind_text(q, 2, hash);
    db_bind_int(q, 3, time_now());
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row)
        *id = db_col_int(q, 0);
    db_reset(q);
    if (!err && !*id)
        err = errf(eb, ERR_EXISTS, "that admin token is stored already");
    return err;
}

enum err store_admin_token_list(struct store *st, struct admin_token_list *out, struct errbuf *eb)
{
    out->items = NULL;
    out->len = 0;
    struct db_stmt *q;
    enum err err = store_prepare(
        st, "SELECT id, name, token_hash, created_at FROM admin_token ORDER BY id", &q, eb);
    if (err)
        return err;
    size_t cap = 0;
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        out->items = xgrow(out->items, out->len, &cap, sizeof *out->items, 4);
        struct admin_token *t = &out->items[out->len++];
        t->id = db_col_int(q, 0);
        t->name = db_col_strdup(q, 1);
        t->hash = db_col_strdup(q, 2);
        t->created_at = db_col_int(q, 3);
    }
    db_reset(q);
    if (err)
        admin_token_list_clear(out);
    return err;
}

enum err store_site_generation(struct store *st, int64_t *gen, struct errbuf *eb)
{
    *gen = 0;
    struct db_stmt *q;
    enum err err = store_prepare(st, "SELECT value FROM site_generation WHERE id = 1", &q, eb);
    if (err)
        return err;
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row)
        *gen = db_col_int(q, 0);
    else if (!err)
        err = errf(eb, ERR_STORE, "the site generation row is missing");
    db_reset(q);
    return err;
}

enum err store_site_changed(struct store *st, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err =
        store_prepare(st, "UPDATE site_generation SET value = value + 1 WHERE id = 1", &q, eb);
    if (err)
        return err;
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

enum err store_site_stats(struct store *st, struct site_stats *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err =
        store_prepare(st,
                      "SELECT (SELECT COUNT(*) FROM source), "
                      "(SELECT COUNT(*) FROM source WHERE enabled = 1), "
                      "(SELECT COUNT(*) FROM feed_state WHERE consecutive_failures > 0), "
                      "(SELECT COUNT(*) FROM feed_state WHERE ill_formed = 1), "
                      "(SELECT COUNT(*) FROM article), "
                      "(SELECT COALESCE(SUM(items_seen), 0) FROM feed_state), "
                      "(SELECT COALESCE(MAX(last_success_at), 0) FROM feed_state)",
                      &q, eb);
    if (err)
        return err;
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row) {
        out->sources = db_col_int(q, 0);
        out->sources_enabled = db_col_int(q, 1);
        out->sources_failing = db_col_int(q, 2);
        out->sources_ill_formed = db_col_int(q, 3);
        out->articles = db_col_int(q, 4);
        out->feed_items_seen = db_col_int(q, 5);
        out->last_success_at = db_col_int(q, 6);
    }
    db_reset(q);
    out->db_heap_bytes = st->db->ops->heap_bytes();
    return err;
}
