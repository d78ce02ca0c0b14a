/* Table sizes and queue lengths for `omnibus stats`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/store_internal.h"

const char *const store_stages[STORE_N_STAGES] = {"extract", "text", "link", "story"};

void store_stats_clear(struct store_stats *s)
{
    if (!s)
        return;
    free(s->tables);
    memset(s, 0, sizeof *s);
}

/* The one integer sql returns with text param bound (when not NULL); -1 when
 * it returns no row. */
static enum err one_int(struct store *st, const char *sql, const char *param, int64_t *v,
                        struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, sql, &q, eb);
    if (err)
        return err;
    if (param)
        db_bind_text(q, 1, param);
    bool row;
    err = db_step(q, &row, eb);
    *v = !err && row && !db_col_is_null(q, 0) ? db_col_int(q, 0) : -1;
    db_reset(q);
    return err;
}

/* The tables of the schema, from the engine's catalog: SQLite's own and the
 * full-text index's shadow tables are left out (the index is counted as its
 * virtual table). */
static enum err list_tables(struct store *st, bool pg, struct store_stats *out, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(
        st,
        pg ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
           : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
             "AND name NOT LIKE '%\\_data' ESCAPE '\\' AND name NOT LIKE '%\\_idx' ESCAPE '\\' "
             "AND name NOT LIKE '%\\_content' ESCAPE '\\' AND name NOT LIKE '%\\_docsize' "
             "ESCAPE '\\' AND name NOT LIKE '%\\_config' ESCAPE '\\' ORDER BY 1",
        &q, eb);
    if (err)
        return err;
    size_t cap = 0;
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        const char *name = db_col_text(q, 0);
        if (!name || !store_plain_name(name))
            continue;
        out->tables = xgrow(out->tables, out->n_tables, &cap, sizeof *out->tables, 32);
        struct store_table_stat *t = &out->tables[out->n_tables++];
        snprintf(t->name, sizeof t->name, "%s", name);
        t->rows = t->bytes = -1;
    }
    db_reset(q);
    return err;
}

static enum err table_sizes(struct store *st, bool pg, struct store_table_stat *t,
                            struct errbuf *eb)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", t->name);
    enum err err = one_int(st, sql, NULL, &t->rows, eb);
    if (err)
        return err;
    if (pg)
        return one_int(st, "SELECT pg_total_relation_size(CAST(? AS regclass))", t->name, &t->bytes,
                       eb);
    /* SQLite's dbstat table (compiled into Debian's library) tells the pages
     * of the table and of the indexes on it; without it, bytes stay unknown. */
    struct errbuf none = {{0}};
    if (one_int(st,
                "SELECT SUM(pgsize) FROM dbstat WHERE name = ?1 OR name IN "
                "(SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1)",
                t->name, &t->bytes, &none))
        t->bytes = -1;
    return ERR_OK;
}

static enum err queue_stats(struct store *st, int64_t now, struct store_stats *out,
                            struct errbuf *eb)
{
    for (size_t i = 0; i < STORE_N_STAGES; i++)
        out->queues[i] = (struct store_queue_stat){.stage = store_stages[i]};
    struct db_stmt *q;
    enum err err = store_prepare(
        st,
        "SELECT w.stage, COUNT(*), MIN(w.queued_at), SUM(CASE WHEN EXISTS (SELECT 1 FROM "
        "work_claim c WHERE c.stage = w.stage AND c.article_id = w.article_id AND "
        "c.lease_until >= ?) THEN 1 ELSE 0 END) FROM work_queue w GROUP BY w.stage",
        &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, now);
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        const char *stage = db_col_text(q, 0);
        for (size_t i = 0; stage && i < STORE_N_STAGES; i++) {
            if (strcmp(stage, store_stages[i]))
                continue;
            out->queues[i].queued = db_col_int(q, 1);
            out->queues[i].oldest_at = db_col_int(q, 2);
            out->queues[i].claimed = db_col_int(q, 3);
        }
    }
    db_reset(q);
    if (!err)
        err = one_int(st,
                      "SELECT COUNT(*) FROM story s LEFT JOIN story_composed c "
                      "ON c.story_id = s.id WHERE s.merged_into IS NULL AND s.articles >= 2 "
                      "AND (c.story_id IS NULL OR c.updated_at < s.updated_at)",
                      NULL, &out->to_compose, eb);
    return err;
}

enum err store_stats_get(struct store *st, int64_t now, struct store_stats *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    bool pg = !strcmp(store_engine_name(st), "postgres");
    enum err err = list_tables(st, pg, out, eb);
    for (size_t i = 0; i < out->n_tables && !err; i++)
        err = table_sizes(st, pg, &out->tables[i], eb);
    if (!err)
        err = queue_stats(st, now, out, eb);
    if (err)
        store_stats_clear(out);
    return err;
}
