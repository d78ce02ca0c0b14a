/* Articles as the feeds describe them. */
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "store/store_internal.h"

#define ARTICLE_COLS                                                                               \
    "id, source_id, url, link, guid, title, authors, published_at, updated_at, fetched_at, "       \
    "summary, content, categories, image_url, image_caption, image_credit, lang, content_hash, "   \
    "body, body_hash"

void article_clear(struct article *a)
{
    if (!a)
        return;
    free(a->url);
    free(a->link);
    free(a->guid);
    free(a->title);
    free(a->authors);
    free(a->summary);
    free(a->content);
    free(a->categories);
    free(a->image_url);
    free(a->image_caption);
    free(a->image_credit);
    free(a->lang);
    free(a->content_hash);
    free(a->body);
    free(a->body_hash);
    memset(a, 0, sizeof *a);
}

void article_list_clear(struct article_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++)
        article_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

static void read_article(struct db_stmt *q, struct article *a)
{
    a->id = db_col_int(q, 0);
    a->source_id = db_col_int(q, 1);
    a->url = db_col_strdup(q, 2);
    a->link = db_col_strdup(q, 3);
    a->guid = db_col_strdup(q, 4);
    a->title = db_col_strdup(q, 5);
    a->authors = db_col_strdup(q, 6);
    a->published_at = db_col_int(q, 7);
    a->updated_at = db_col_int(q, 8);
    a->fetched_at = db_col_int(q, 9);
    a->summary = db_col_strdup(q, 10);
    a->content = db_col_strdup(q, 11);
    a->categories = db_col_strdup(q, 12);
    a->image_url = db_col_strdup(q, 13);
    a->image_caption = db_col_strdup(q, 14);
    a->image_credit = db_col_strdup(q, 15);
    a->lang = db_col_strdup(q, 16);
    a->content_hash = db_col_strdup(q, 17);
    a->body = db_col_strdup(q, 18);
    a->body_hash = db_col_strdup(q, 19);
}

/* Binds the 19 writable fields, source_id first, as parameters 1..19. */
static void bind_article(struct db_stmt *q, const struct article *a)
{
    db_bind_int(q, 1, a->source_id);
    db_bind_text(q, 2, a->url);
    db_bind_text(q, 3, a->link);
    db_bind_text(q, 4, a->guid);
    db_bind_text(q, 5, a->title);
    db_bind_text(q, 6, a->authors);
    db_bind_int_or_null(q, 7, a->published_at);
    db_bind_int_or_null(q, 8, a->updated_at);
    db_bind_int(q, 9, a->fetched_at);
    db_bind_text(q, 10, a->summary);
    db_bind_text(q, 11, a->content);
    db_bind_text(q, 12, a->categories);
    db_bind_text(q, 13, a->image_url);
    db_bind_text(q, 14, a->image_caption);
    db_bind_text(q, 15, a->image_credit);
    db_bind_text(q, 16, a->lang);
    db_bind_text(q, 17, a->content_hash);
    db_bind_text(q, 18, a->body);
    db_bind_text(q, 19, a->body_hash);
}

/* Runs sql, which takes the integer v and the text t as parameters 1 and 2
 * (t may be NULL: then only v), and reads one (id, content_hash, source_id)
 * row into *id, *hash and *owner when there is one. */
static enum err find_one(struct store *st, const char *sql, int64_t v, const char *t, int64_t *id,
                         char **hash, int64_t *owner, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, sql, &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, v);
    if (t)
        db_bind_text(q, 2, t);
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row) {
        *id = db_col_int(q, 0);
        *hash = db_col_strdup(q, 1);
        *owner = db_col_int(q, 2);
    }
    db_reset(q);
    return err;
}

/* The stored article with a's URL (*by_url), else the one with a's source
 * and GUID; *owner is its source. The URL is looked up in article_url, then the article by its id:
 * under Citus each is a query on one shard, where the URL in article (which
 * is distributed by id) would ask them all. The GUID lookup does ask every
 * shard there, but only for URLs never seen, which are few per fetch. */
static enum err find_existing(struct store *st, const struct article *a, int64_t *id, char **hash,
                              int64_t *owner, bool *by_url, struct errbuf *eb)
{
    *id = 0;
    *owner = 0;
    *hash = NULL;
    *by_url = false;
    struct db_stmt *q;
    enum err err = store_prepare(st, "SELECT article_id FROM article_url WHERE url = ?", &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, a->url);
    bool row;
    int64_t url_id = 0;
    err = db_step(q, &row, eb);
    if (!err && row)
        url_id = db_col_int(q, 0);
    db_reset(q);
    if (!err && url_id) {
        err = find_one(st, "SELECT id, content_hash, source_id FROM article WHERE id = ?", url_id,
                       NULL, id, hash, owner, eb);
        *by_url = *id != 0;
        /* A URL whose article is gone: only under Citus, which cannot keep
         * the foreign key that removes it with its article. */
        if (!err && !*id &&
            !(err = store_prepare(st, "DELETE FROM article_url WHERE url = ?", &q, eb))) {
            db_bind_text(q, 1, a->url);
            err = db_run(q, eb);
            db_reset(q);
        }
    }
    if (!err && !*id && a->guid)
        err = find_one(st,
                       "SELECT id, content_hash, source_id FROM article "
                       "WHERE source_id = ? AND guid = ? ORDER BY id LIMIT 1",
                       a->source_id, a->guid, id, hash, owner, eb);
    return err;
}

/* Records that url names article id, unless it names one already:
 * *claimed tells whether it now names id because of this call. */
static enum err claim_url(struct store *st, const char *url, int64_t id, bool *claimed,
                          struct errbuf *eb)
{
    *claimed = false;
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "INSERT INTO article_url (url, article_id) VALUES (?, ?) "
                                 "ON CONFLICT (url) DO NOTHING RETURNING article_id",
                                 &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, url);
    db_bind_int(q, 2, id);
    err = db_step(q, claimed, eb);
    db_reset(q);
    return err;
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Records that a's source also carries article id (stored under another
 * source): once per source, the first time seen. */
static enum err record_duplicate(struct store *st, const struct article *a, int64_t id,
                                 struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "INSERT INTO article_duplicate (article_id, source_id, url, "
                                 "seen_at) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (article_id, source_id) DO NOTHING",
                                 &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    db_bind_int(q, 2, a->source_id);
    db_bind_text(q, 3, a->link ? a->link : a->url);
    db_bind_int(q, 4, a->fetched_at);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

/* Queues the work a new article makes for the stages: its page when its
 * source is full-text, its body's analysis, its clustering. */
static enum err queue_new(struct store *st, int64_t id, const struct article *a, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "INSERT INTO work_queue (stage, article_id, at, queued_at) "
                                 "SELECT 'extract', ?, ?, ? FROM source WHERE id = ? "
                                 "AND full_text = 1 ON CONFLICT (stage, article_id) DO NOTHING",
                                 &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    db_bind_int(q, 2, a->fetched_at);
    db_bind_int(q, 3, time_now());
    db_bind_int(q, 4, a->source_id);
    err = db_run(q, eb);
    db_reset(q);
    if (!err && a->body)
        err = store_queue_add(st, "text", id, eb);
    return err ? err : store_queue_add(st, "story", id, eb);
}

enum err store_article_put(struct store *st, const struct article *a, int64_t *id, bool *inserted,
                           struct errbuf *eb)
{
    *id = 0;
    *inserted = false;
    if (!a->url || !a->source_id)
        return errf(eb, ERR_INVALID, "an article needs a source and a URL");
    enum err err = store_begin(st, eb);
    if (err)
        return err;
    char *hash = NULL;
    struct db_stmt *q;
    bool by_url, claimed;
    int64_t owner;
    if ((err = find_existing(st, a, id, &hash, &owner, &by_url, eb)))
        goto out;
    /* An article belongs to the source that first carried it: another
     * source's item with its URL is recorded beside it, never written over
     * it (a feed could otherwise take over any outlet's article). */
    if (*id && owner != a->source_id) {
        err = record_duplicate(st, a, *id, eb);
        goto out;
    }
    if (*id) {
        /* Found by its GUID under a new URL: the new URL names it too. */
        if (!by_url && (err = claim_url(st, a->url, *id, &claimed, eb)))
            goto out;
        if (!same(hash, a->content_hash)) {
            if ((err = store_story_keep_seen(st, *id, eb)))
                goto out;
            if ((err = store_prepare(
                     st,
                     "UPDATE article SET source_id = ?, url = ?, link = ?, guid = ?, title = ?, "
                     "authors = ?, published_at = ?, updated_at = ?, fetched_at = ?, summary = ?, "
                     "content = ?, categories = ?, image_url = ?, image_caption = ?, "
                     "image_credit = ?, lang = ?, content_hash = ?, body = ?, body_hash = ? "
                     "WHERE id = ?",
                     &q, eb)))
                goto out;
            bind_article(q, a);
            db_bind_int(q, 20, *id);
            err = db_run(q, eb);
            db_reset(q);
            /* A new body is analysed again (and so linked again). */
            if (!err && a->body)
                err = store_queue_add(st, "text", *id, eb);
        }
        goto out;
    }
    if ((err = store_prepare(st,
                             "INSERT INTO article (source_id, url, link, guid, title, authors, "
                             "published_at, updated_at, fetched_at, summary, content, categories, "
                             "image_url, image_caption, image_credit, lang, content_hash, body, "
                             "body_hash) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                             "RETURNING id",
                             &q, eb)))
        goto out;
    bind_article(q, a);
    bool row;
    int64_t new_id = 0;
    err = db_step(q, &row, eb);
    if (!err && row)
        new_id = db_col_int(q, 0);
    db_reset(q);
    if (err || (err = claim_url(st, a->url, new_id, &claimed, eb)))
        goto out;
    if (claimed) {
        *id = new_id;
        *inserted = true;
        err = queue_new(st, new_id, a, eb);
        goto out;
    }
    /* Another worker stored the same URL between our look and our claim (the
     * claim waited for its commit): take its article, drop ours. */
    if ((err = store_prepare(st, "DELETE FROM article WHERE id = ?", &q, eb)))
        goto out;
    db_bind_int(q, 1, new_id);
    err = db_run(q, eb);
    db_reset(q);
    if (!err)
        err = find_existing(st, a, id, &hash, &owner, &by_url, eb);
    if (!err && *id && owner != a->source_id)
        err = record_duplicate(st, a, *id, eb);
out:
    free(hash);
    if (err) {
        store_rollback(st);
        return err;
    }
    return store_commit(st, eb);
}

enum err store_article_get(struct store *st, int64_t id, struct article *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(st, "SELECT " ARTICLE_COLS " FROM article WHERE id = ?", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row)
        read_article(q, out);
    else if (!err)
        err = errf(eb, ERR_NOT_FOUND, "no article with id %lld", (long long)id);
    db_reset(q);
    return err;
}

enum err store_article_list(struct store *st, int64_t source_id, size_t limit,
                            struct article_list *out, struct errbuf *eb)
{
    out->items = NULL;
    out->len = 0;
    /* A statement per case: "? = 0 OR source_id = ?" keeps both engines from
     * using the source index, and scans every article. */
#define NEWEST_FIRST " ORDER BY COALESCE(published_at, fetched_at) DESC, id DESC LIMIT ?"
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 source_id ? "SELECT " ARTICLE_COLS
                                             " FROM article WHERE source_id = ?" NEWEST_FIRST
                                           : "SELECT " ARTICLE_COLS " FROM article" NEWEST_FIRST,
                                 &q, eb);
#undef NEWEST_FIRST
    if (err)
        return err;
    int param = 1;
    if (source_id)
        db_bind_int(q, param++, source_id);
    db_bind_int(q, param, (int64_t)limit);
    size_t cap = 0;
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        out->items = xgrow(out->items, out->len, &cap, sizeof *out->items, 16);
        memset(&out->items[out->len], 0, sizeof out->items[0]);
        read_article(q, &out->items[out->len++]);
    }
    db_reset(q);
    if (err)
        article_list_clear(out);
    return err;
}

enum err store_article_count(struct store *st, int64_t source_id, int64_t *count, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 source_id ? "SELECT COUNT(*) FROM article WHERE source_id = ?"
                                           : "SELECT COUNT(*) FROM article",
                                 &q, eb);
    if (err)
        return err;
    if (source_id)
        db_bind_int(q, 1, source_id);
    bool row;
    err = db_step(q, &row, eb);
    *count = (!err && row) ? db_col_int(q, 0) : 0;
    db_reset(q);
    return err;
}

enum err store_article_set_body(struct store *st, int64_t id, const char *body,
                                const char *body_hash, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_story_keep_seen(st, id, eb);
    if (!err)
        err = store_prepare(st, "UPDATE article SET body = ?, body_hash = ? WHERE id = ?", &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, body);
    db_bind_text(q, 2, body_hash);
    db_bind_int(q, 3, id);
    err = db_run(q, eb);
    int64_t n = db_changes(q);
    db_reset(q);
    if (!err && n == 0)
        err = errf(eb, ERR_NOT_FOUND, "no article with id %lld", (long long)id);
    return err || !body ? err : store_queue_add(st, "text", id, eb);
}
