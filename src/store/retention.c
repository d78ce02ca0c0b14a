/* Dropping old bodies while keeping what published roundups show. */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/store_internal.h"

enum err store_excerpt_keep(struct store *st, int64_t id, size_t begin, size_t end, bool *kept,
                            struct errbuf *eb)
{
    *kept = false;
    struct db_stmt *q;
    enum err err = store_prepare(st, "SELECT body FROM article WHERE id = ?", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    bool row;
    char *body = NULL;
    if (!(err = db_step(q, &row, eb)) && row)
        body = db_col_strdup(q, 0);
    db_reset(q);
    /* Offsets are bytes: the engines' substr counts characters, so the bytes
     * are cut here. */
    if (!err && body && begin < end && end <= strlen(body) &&
        !(err = store_prepare(st,
                              "INSERT INTO article_excerpt (article_id, start_byte, end_byte, "
                              "text) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                              &q, eb))) {
        char *text = xstrndup(body + begin, end - begin);
        db_bind_int(q, 1, id);
        db_bind_int(q, 2, (int64_t)begin);
        db_bind_int(q, 3, (int64_t)end);
        db_bind_text(q, 4, text);
        err = db_run(q, eb);
        db_reset(q);
        free(text);
        *kept = !err;
    }
    free(body);
    return err;
}

enum err store_excerpt_get(struct store *st, int64_t id, size_t begin, size_t end, char **text,
                           struct errbuf *eb)
{
    *text = NULL;
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "SELECT text FROM article_excerpt WHERE article_id = ? AND "
                                 "start_byte = ? AND end_byte = ?",
                                 &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    db_bind_int(q, 2, (int64_t)begin);
    db_bind_int(q, 3, (int64_t)end);
    bool row;
    if (!(err = db_step(q, &row, eb)) && row)
        *text = db_col_strdup(q, 0);
    else if (!err)
        err = errf(eb, ERR_NOT_FOUND, "no kept excerpt [%zu, %zu) of article %lld", begin, end,
                   (long long)id);
    db_reset(q);
    return err;
}

/* The articles whose bodies go (before bound as both parameters). */
#define DROPPABLE                                                                                  \
    "SELECT a.id FROM article a JOIN story_member m ON m.article_id = a.id "                       \
    "LEFT JOIN story s ON s.id = m.story_id WHERE a.fetched_at < ? "                               \
    "AND (a.body IS NOT NULL OR a.content IS NOT NULL) "                                           \
    "AND (s.id IS NULL OR s.last_seen < ?)"

enum err store_bodies_drop(struct store *st, int64_t before, int64_t *dropped, struct errbuf *eb)
{
    *dropped = 0;
    static const char *const sql[] = {
        "UPDATE article_extract SET text = NULL, html = NULL WHERE text IS NOT NULL "
        "AND article_id IN (" DROPPABLE ")",
        "UPDATE article SET body = NULL, content = NULL WHERE id IN (" DROPPABLE ")",
    };
    enum err err = store_begin(st, eb);
    for (size_t i = 0; i < sizeof sql / sizeof sql[0] && !err; i++) {
        struct db_stmt *q;
        if ((err = store_prepare(st, sql[i], &q, eb)))
            break;
        db_bind_int(q, 1, before);
        db_bind_int(q, 2, before);
        err = db_run(q, eb);
        *dropped = db_changes(q);
        db_reset(q);
    }
    if (err) {
        store_rollback(st);
        *dropped = 0;
        return err;
    }
    return store_commit(st, eb);
}
