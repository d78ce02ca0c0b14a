/* What extraction found on articles' own pages, and which pages are still to
 * be read. */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/store_internal.h"

#define EXTRACT_COLS                                                                               \
    "article_id, status, error, attempts, extracted_at, retry_at, page_url, title, byline, "       \
    "published_at, modified_at, lang, site_name, excerpt, text, html, image_url, "                 \
    "image_caption, image_credit"

void article_extract_clear(struct article_extract *e)
{
    if (!e)
        return;
    free(e->error);
    free(e->page_url);
    free(e->title);
    free(e->byline);
    free(e->lang);
    free(e->site_name);
    free(e->excerpt);
    free(e->text);
    free(e->html);
    free(e->image_url);
    free(e->image_caption);
    free(e->image_credit);
    memset(e, 0, sizeof *e);
}

void extract_todo_list_clear(struct extract_todo_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i].url);
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

static enum err article_exists(struct store *st, int64_t article_id, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, "SELECT 1 FROM article WHERE id = ?", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, article_id);
    bool row;
    err = db_step(q, &row, eb);
    db_reset(q);
    if (!err && !row)
        err = errf(eb, ERR_NOT_FOUND, "no article with id %lld", (long long)article_id);
    return err;
}

enum err store_extract_put(struct store *st, const struct article_extract *e, struct errbuf *eb)
{
    enum err err = article_exists(st, e->article_id, eb);
    if (err)
        return err;
    struct db_stmt *q;
    err = store_prepare(
        st,
        "INSERT INTO article_extract (article_id, status, error, attempts, extracted_at, "
        "retry_at, page_url, title, byline, published_at, modified_at, lang, site_name, "
        "excerpt, text, html, image_url, image_caption, image_credit) "
        "VALUES (?, 'ok', NULL, 1, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (article_id) DO UPDATE SET status = 'ok', error = NULL, "
        "attempts = article_extract.attempts + 1, extracted_at = excluded.extracted_at, "
        "retry_at = NULL, page_url = excluded.page_url, title = excluded.title, "
        "byline = excluded.byline, published_at = excluded.published_at, "
        "modified_at = excluded.modified_at, lang = excluded.lang, "
        "site_name = excluded.site_name, excerpt = excluded.excerpt, text = excluded.text, "
        "html = excluded.html, image_url = excluded.image_url, "
        "image_caption = excluded.image_caption, image_credit = excluded.image_credit",
        &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, e->article_id);
    db_bind_int(q, 2, e->extracted_at);
    db_bind_text(q, 3, e->page_url);
    db_bind_text(q, 4, e->title);
    db_bind_text(q, 5, e->byline);
    db_bind_int_or_null(q, 6, e->published_at);
    db_bind_int_or_null(q, 7, e->modified_at);
    db_bind_text(q, 8, e->lang);
    db_bind_text(q, 9, e->site_name);
    db_bind_text(q, 10, e->excerpt);
    db_bind_text(q, 11, e->text);
    db_bind_text(q, 12, e->html);
    db_bind_text(q, 13, e->image_url);
    db_bind_text(q, 14, e->image_caption);
    db_bind_text(q, 15, e->image_credit);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

enum err store_extract_fail(struct store *st, int64_t article_id, const char *reason, int64_t now,
                            int64_t retry_at, struct errbuf *eb)
{
    enum err err = article_exists(st, article_id, eb);
    if (err)
        return err;
    struct db_stmt *q;
    /* A failure keeps nothing an earlier attempt stored: the text would no
     * longer be the page's. */
    err = store_prepare(
        st,
        "INSERT INTO article_extract (article_id, status, error, attempts, extracted_at, "
        "retry_at) VALUES (?, 'failed', ?, 1, ?, ?) "
        "ON CONFLICT (article_id) DO UPDATE SET status = 'failed', error = excluded.error, "
        "attempts = article_extract.attempts + 1, extracted_at = excluded.extracted_at, "
        "retry_at = excluded.retry_at, page_url = NULL, title = NULL, byline = NULL, "
        "published_at = NULL, modified_at = NULL, lang = NULL, site_name = NULL, "
        "excerpt = NULL, text = NULL, html = NULL, image_url = NULL, image_caption = NULL, "
        "image_credit = NULL",
        &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, article_id);
    db_bind_text(q, 2, reason ? reason : "unknown");
    db_bind_int(q, 3, now);
    db_bind_int_or_null(q, 4, retry_at);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

enum err store_extract_get(struct store *st, int64_t article_id, struct article_extract *out,
                           struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(
        st, "SELECT " EXTRACT_COLS " FROM article_extract WHERE article_id = ?", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, article_id);
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row) {
        out->article_id = db_col_int(q, 0);
        const char *status = db_col_text(q, 1);
        out->ok = status && !strcmp(status, "ok");
        out->error = db_col_strdup(q, 2);
        out->attempts = (int)db_col_int(q, 3);
        out->extracted_at = db_col_int(q, 4);
        out->retry_at = db_col_int(q, 5);
        out->page_url = db_col_strdup(q, 6);
        out->title = db_col_strdup(q, 7);
        out->byline = db_col_strdup(q, 8);
        out->published_at = db_col_int(q, 9);
        out->modified_at = db_col_int(q, 10);
        out->lang = db_col_strdup(q, 11);
        out->site_name = db_col_strdup(q, 12);
        out->excerpt = db_col_strdup(q, 13);
        out->text = db_col_strdup(q, 14);
        out->html = db_col_strdup(q, 15);
        out->image_url = db_col_strdup(q, 16);
        out->image_caption = db_col_strdup(q, 17);
        out->image_credit = db_col_strdup(q, 18);
    } else if (!err) {
        err = errf(eb, ERR_NOT_FOUND, "no extraction for article %lld", (long long)article_id);
    }
    db_reset(q);
    return err;
}

/* An article extraction has to try (a.id, s its source, e its extraction,
 * now bound): the pages of full-text sources never tried, or whose failure
 * is due again. */
#define EXTRACT_DUE                                                                                \
    "s.full_text = 1 AND s.enabled = 1 AND (e.article_id IS NULL OR "                              \
    "(e.status = 'failed' AND e.retry_at IS NOT NULL AND e.retry_at <= ?))"
#define EXTRACT_FROM                                                                               \
    "FROM article a JOIN source s ON s.id = a.source_id "                                          \
    "LEFT JOIN article_extract e ON e.article_id = a.id "

enum err store_extract_claim(struct store *st, const char *owner, int64_t now, int lease_seconds,
                             int64_t *ids, size_t *n, struct errbuf *eb)
{
    return store_work_claim_still(st, "extract", owner, now, lease_seconds,
                                  "SELECT a.id " EXTRACT_FROM "WHERE a.id = ? AND " EXTRACT_DUE,
                                  true, ids, n, eb);
}

enum err store_extract_pending(struct store *st, int64_t now, size_t limit,
                               struct extract_todo_list *out, struct errbuf *eb)
{
    out->items = NULL;
    out->len = 0;
    struct db_stmt *q;
    enum err err = store_prepare(
        st,
        "SELECT a.id, a.source_id, COALESCE(a.link, a.url), s.allow_private "
        "FROM work_queue w JOIN article a ON a.id = w.article_id "
        "JOIN source s ON s.id = a.source_id "
        "LEFT JOIN article_extract e ON e.article_id = a.id "
        "WHERE w.stage = 'extract' AND " EXTRACT_DUE " "
        "ORDER BY w.at DESC, w.article_id DESC LIMIT ?",
        &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, now);
    db_bind_int(q, 2, (int64_t)limit);
    size_t cap = 0;
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        out->items = xgrow(out->items, out->len, &cap, sizeof *out->items, 16);
        struct extract_todo *t = &out->items[out->len++];
        t->article_id = db_col_int(q, 0);
        t->source_id = db_col_int(q, 1);
        t->url = db_col_strdup(q, 2);
        t->allow_private = db_col_int(q, 3) != 0;
    }
    db_reset(q);
    if (err)
        extract_todo_list_clear(out);
    return err;
}
