/* Roundup versions: one row per published version. */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/store_internal.h"

void roundup_version_clear(struct roundup_version *v)
{
    if (!v)
        return;
    free(v->story_key);
    free(v->lang);
    free(v->headline);
    free(v->members);
    free(v->change);
    free(v->body);
    memset(v, 0, sizeof *v);
}

void roundup_version_list_clear(struct roundup_version_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++)
        roundup_version_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

enum err store_roundup_put(struct store *st, const struct roundup_version *v, int *version,
                           struct errbuf *eb)
{
    struct db_stmt *q;
    /* The next number is read and written in one statement; UNIQUE settles
     * a race between two writers. */
    enum err err = store_prepare(
        st,
        "INSERT INTO roundup (story_key, lang, version, composed_at, headline, members, change, "
        "body) SELECT ?, ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ?, ? FROM roundup "
        "WHERE story_key = ? AND lang = ?",
        &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, v->story_key);
    db_bind_text(q, 2, v->lang);
    db_bind_int(q, 3, v->composed_at);
    db_bind_text(q, 4, v->headline);
    db_bind_text(q, 5, v->members);
    db_bind_text(q, 6, v->change);
    db_bind_text(q, 7, v->body);
    db_bind_text(q, 8, v->story_key);
    db_bind_text(q, 9, v->lang);
    err = db_run(q, eb);
    db_reset(q);
    if (err)
        return err;
    if ((err = store_prepare(
             st, "SELECT MAX(version) FROM roundup WHERE story_key = ? AND lang = ?", &q, eb)))
        return err;
    db_bind_text(q, 1, v->story_key);
    db_bind_text(q, 2, v->lang);
    bool row;
    err = db_step(q, &row, eb);
    if (!err)
        *version = row ? (int)db_col_int(q, 0) : 0;
    db_reset(q);
    return err;
}

static void read_row(struct db_stmt *q, struct roundup_version *v, bool body)
{
    v->id = db_col_int(q, 0);
    v->story_key = db_col_strdup(q, 1);
    v->lang = db_col_strdup(q, 2);
    v->version = (int)db_col_int(q, 3);
    v->composed_at = db_col_int(q, 4);
    v->headline = db_col_strdup(q, 5);
    v->members = db_col_strdup(q, 6);
    v->change = db_col_strdup(q, 7);
    v->body = body ? db_col_strdup(q, 8) : NULL;
}

#define ROUNDUP_COLS "id, story_key, lang, version, composed_at, headline, members, change, body"

enum err store_roundup_latest(struct store *st, const char *key, const char *lang,
                              struct roundup_version *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "SELECT " ROUNDUP_COLS " FROM roundup WHERE story_key = ? AND "
                                 "lang = ? ORDER BY version DESC LIMIT 1",
                                 &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, key);
    db_bind_text(q, 2, lang);
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row)
        read_row(q, out, true);
    else if (!err)
        err = errf(eb, ERR_NOT_FOUND, "no roundup of %s in %s", key, lang);
    db_reset(q);
    return err;
}

/* Every row of q (already bound) into out; out is empty on error. */
static enum err read_rows(struct db_stmt *q, struct roundup_version_list *out, bool body,
                          struct errbuf *eb)
{
    enum err err;
    size_t cap = 0;
    for (;;) {
        bool row;
        if ((err = db_step(q, &row, eb)) || !row)
            break;
        out->items = xgrow(out->items, out->len, &cap, sizeof *out->items, 8);
        read_row(q, &out->items[out->len++], body);
    }
    db_reset(q);
    if (err)
        roundup_version_list_clear(out);
    return err;
}

enum err store_roundup_history(struct store *st, const char *key, const char *lang,
                               struct roundup_version_list *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "SELECT " ROUNDUP_COLS " FROM roundup WHERE story_key = ? AND "
                                 "lang = ? ORDER BY version DESC",
                                 &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, key);
    db_bind_text(q, 2, lang);
    return read_rows(q, out, false, eb);
}

/* UNIQUE (story_key, lang, version) makes the inner MAX an index lookup. */
#define ROUNDUP_LATEST                                                                             \
    "SELECT " ROUNDUP_COLS " FROM roundup r WHERE r.version = (SELECT MAX(v.version) FROM "        \
    "roundup v WHERE v.story_key = r.story_key AND v.lang = r.lang) "
#define ROUNDUP_NEWEST_FIRST "ORDER BY r.composed_at DESC, r.id DESC LIMIT ?"

enum err store_roundup_current(struct store *st, size_t limit, struct roundup_version_list *out,
                               struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(st, ROUNDUP_LATEST ROUNDUP_NEWEST_FIRST, &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, (int64_t)limit);
    return read_rows(q, out, true, eb);
}

enum err store_roundup_topic(struct store *st, int64_t entity_id, size_t limit,
                             struct roundup_version_list *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    /* The entity's mentions (indexed by entity) give the few story ids; the
     * key is spelt as compose_one names it. */
    enum err err = store_prepare(
        st,
        ROUNDUP_LATEST "AND r.story_key IN (SELECT 'story:' || CAST(m.story_id AS TEXT) FROM "
                       "story_member m JOIN kb_mention k ON k.article_id = m.article_id WHERE "
                       "k.entity_id = ? AND m.story_id IS NOT NULL) " ROUNDUP_NEWEST_FIRST,
        &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, entity_id);
    db_bind_int(q, 2, (int64_t)limit);
    return read_rows(q, out, true, eb);
}

enum err store_roundup_page(struct store *st, int64_t after_id, size_t limit,
                            struct roundup_version_list *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(
        st, "SELECT " ROUNDUP_COLS " FROM roundup WHERE id > ? ORDER BY id LIMIT ?", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, after_id);
    db_bind_int(q, 2, (int64_t)limit);
    return read_rows(q, out, true, eb);
}
