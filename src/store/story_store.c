/* Stories: the story stage's tables (migration 0005). The clusterer decides;
 * this file records its decisions and derives each story's counts from its
 * members, so that the stored counts are exact even where the clusterer's
 * memory is not (stories it let go, members past its per-story limit). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/store_internal.h"

void story_row_clear(struct story_row *s)
{
    if (!s)
        return;
    free(s->headline);
    free(s->languages);
    free(s->countries);
    free(s->top_terms);
    free(s->top_names);
    memset(s, 0, sizeof *s);
}

void story_row_list_clear(struct story_row_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++)
        story_row_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

static void story_input_clear(struct story_input *in)
{
    free(in->title);
    free(in->authors);
    free(in->text);
    free(in->lang);
    free(in->owner);
    free(in->country);
    free(in->newsroom);
    for (size_t i = 0; i < in->n_entities; i++)
        free(in->entities[i]);
    free(in->entities);
}

void story_input_list_clear(struct story_input_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++)
        story_input_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

void story_member_row_clear(struct story_member_row *r)
{
    if (!r)
        return;
    free(r->title);
    free(r->url);
    free(r->source_name);
    free(r->newsroom);
    memset(r, 0, sizeof *r);
}

void story_member_list_clear(struct story_member_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++)
        story_member_row_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

/* Grows an array of items of size bytes by one zeroed item; returns it. */
static void *push(void **items, size_t *len, size_t *cap, size_t size)
{
    if (*len == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *items = xrealloc(*items, *cap * size);
    }
    void *item = (char *)*items + (*len)++ * size;
    memset(item, 0, size);
    return item;
}

/* The columns of an input, in the order read_input reads them; m is the
 * story_member row when replaying. */
#define INPUT_COLS                                                                                 \
    "a.id, a.source_id, a.title, a.authors, COALESCE(a.body, a.summary), "                         \
    "COALESCE(a.lang, s.lang), COALESCE(a.published_at, a.fetched_at), s.owner, s.country"
#define INPUT_TIME "COALESCE(a.published_at, a.fetched_at)"
/* INPUT_COLS as the clusterer read them: from story_seen (v) when the
 * article changed since. */
#define SEEN(col, now) "CASE WHEN v.article_id IS NULL THEN " now " ELSE v." col " END"
#define SEEN_TIME SEEN("at", INPUT_TIME)
#define SEEN_COLS                                                                                  \
    "a.id, a.source_id, " SEEN("title", "a.title") ", " SEEN("authors", "a.authors") ", "          \
    SEEN("text", "COALESCE(a.body, a.summary)") ", " SEEN("lang", "COALESCE(a.lang, s.lang)")    \
    ", " SEEN_TIME ", s.owner, s.country"
/* What a replay reads of the assignment after INPUT_COLS. */
#define REPLAY_COLS "m.story_id, m.copy_of, m.newsroom, m.assigned_at"

static void read_input(struct db_stmt *q, struct story_input *in)
{
    in->article_id = db_col_int(q, 0);
    in->source_id = db_col_int(q, 1);
    in->title = db_col_strdup(q, 2);
    in->authors = db_col_strdup(q, 3);
    in->text = db_col_strdup(q, 4);
    in->lang = db_col_strdup(q, 5);
    in->time = db_col_int(q, 6);
    in->owner = db_col_strdup(q, 7);
    in->country = db_col_strdup(q, 8);
}

/* The entity ids linked in each article: language-independent terms that let
 * articles in two languages about one event meet. Read after the articles,
 * so that no two statements step at once. */
static enum err read_entities(struct store *st, struct story_input_list *l, const bool *known,
                              struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err =
        store_prepare(st,
                      "SELECT DISTINCT e.qid FROM kb_mention m JOIN kb_entity e "
                      "ON e.id = m.entity_id WHERE m.article_id = ? AND e.qid IS NOT NULL "
                      "ORDER BY e.qid",
                      &q, eb);
    for (size_t i = 0; i < l->len && !err; i++) {
        struct story_input *in = &l->items[i];
        if (known && known[i])
            continue;
        db_bind_int(q, 1, in->article_id);
        size_t cap = 0;
        bool row;
        while (!(err = db_step(q, &row, eb)) && row) {
            char **slot = push((void **)&in->entities, &in->n_entities, &cap, sizeof *slot);
            *slot = db_col_strdup(q, 0);
        }
        db_reset(q);
    }
    return err;
}

/* What the rows of a query of inputs hold after INPUT_COLS (or SEEN_COLS). */
enum input_kind {
    INPUT_NEW,     /* WAITING_SINCE */
    INPUT_REPLAY,  /* REPLAY_COLS */
    INPUT_HISTORY, /* REPLAY_COLS, then story_seen's entities (NULL: read them now) */
};

/* Parses a JSON array of entity ids into in. */
static enum err seen_entities(const char *json, struct story_input *in, struct errbuf *eb)
{
    json_t *arr = json_loads(json, 0, NULL);
    enum err err = json_is_array(arr) ? ERR_OK
                                      : errf(eb, ERR_PARSE, "article %lld: bad story_seen.entities",
                                             (long long)in->article_id);
    size_t cap = 0;
    for (size_t i = 0; !err && i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        if (!json_is_string(v))
            continue;
        char **slot = push((void **)&in->entities, &in->n_entities, &cap, sizeof *slot);
        *slot = xstrdup(json_string_value(v));
    }
    json_decref(arr);
    return err;
}

/* Reads the rows of q (see input_kind) into out, with each article's entity
 * ids; with ready_before (INPUT_NEW), up to the first row waiting since then. */
static enum err read_inputs(struct store *st, struct db_stmt *q, enum input_kind kind,
                            int64_t ready_before, struct story_input_list *out, struct errbuf *eb)
{
    out->items = NULL;
    out->len = 0;
    size_t cap = 0, capknown = 0, nknown = 0;
    bool *known = NULL;
    bool row;
    enum err err;
    while (!(err = db_step(q, &row, eb)) && row) {
        int64_t waiting = kind == INPUT_NEW ? db_col_int(q, 9) : 0;
        if (ready_before && waiting && waiting >= ready_before)
            break;
        struct story_input *in = push((void **)&out->items, &out->len, &cap, sizeof *in);
        bool *k = push((void **)&known, &nknown, &capknown, sizeof *k);
        read_input(q, in);
        if (kind == INPUT_NEW)
            continue;
        in->story_id = db_col_int(q, 9);
        in->copy_of = db_col_int(q, 10);
        in->newsroom = db_col_strdup(q, 11);
        in->assigned_at = db_col_int(q, 12);
        char *seen = kind == INPUT_HISTORY ? db_col_strdup(q, 13) : NULL;
        *k = seen != NULL;
        if (seen)
            err = seen_entities(seen, in, eb);
        free(seen);
        if (err)
            break;
    }
    db_reset(q);
    if (!err)
        err = read_entities(st, out, known, eb);
    free(known);
    if (err)
        story_input_list_clear(out);
    return err;
}

/* What store_story_unassigned asks of an article before it is ready: the
 * conditions that take it off store_extract_pending, store_text_pending and
 * store_link_pending. Its column holds 0 when ready, else the fetch time. */
#define WAITING_SINCE                                                                              \
    "CASE WHEN (s.full_text <> 1 OR s.enabled <> 1 OR "                                            \
    "EXISTS (SELECT 1 FROM article_extract e WHERE e.article_id = a.id)) "                         \
    "AND (a.body IS NULL OR EXISTS (SELECT 1 FROM article_text t WHERE t.article_id = a.id "       \
    "AND COALESCE(t.content_hash, '') = COALESCE(a.body_hash, ''))) "                              \
    "AND (a.body IS NULL OR NOT EXISTS (SELECT 1 FROM kb_entity) OR EXISTS (SELECT 1 FROM "        \
    "article_link l WHERE l.article_id = a.id "                                                    \
    "AND COALESCE(l.body_hash, '') = COALESCE(a.body_hash, ''))) THEN 0 ELSE a.fetched_at END"

enum err store_story_unassigned(struct store *st, size_t limit, int64_t ready_before,
                                struct story_input_list *out, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err =
        store_prepare(st,
                      "SELECT " INPUT_COLS ", " WAITING_SINCE " FROM work_queue w "
                      "JOIN article a ON a.id = w.article_id "
                      "JOIN source s ON s.id = a.source_id WHERE w.stage = 'story' "
                      "ORDER BY " INPUT_TIME ", a.id LIMIT ?",
                      &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, (int64_t)limit);
    return read_inputs(st, q, INPUT_NEW, ready_before, out, eb);
}

/* Runs sql with the integer parameters params[0..n) and reads its rows. */
static enum err read_page(struct store *st, const char *sql, const int64_t *params, size_t n,
                          enum input_kind kind, struct story_input_list *out, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, sql, &q, eb);
    if (err)
        return err;
    for (size_t i = 0; i < n; i++)
        db_bind_int(q, (int)i + 1, params[i]);
    return read_inputs(st, q, kind, 0, out, eb);
}

enum err store_story_replay(struct store *st, int64_t since, int64_t after_time, int64_t after_id,
                            size_t limit, struct story_input_list *out, struct errbuf *eb)
{
    const int64_t params[] = {since, since, after_time, after_time, after_id, (int64_t)limit};
    return read_page(st,
                     "SELECT " INPUT_COLS ", " REPLAY_COLS " FROM story_member m "
                     "JOIN story t ON t.id = m.story_id JOIN article a ON a.id = m.article_id "
                     "JOIN source s ON s.id = a.source_id WHERE t.last_seen >= ? AND "
                     INPUT_TIME " >= ? AND "
                     "(" INPUT_TIME " > ? OR (" INPUT_TIME " = ? AND a.id > ?)) "
                     "ORDER BY " INPUT_TIME ", a.id LIMIT ?",
                     params, sizeof params / sizeof params[0], INPUT_REPLAY, out, eb);
}

enum err store_story_history(struct store *st, int64_t after_assigned, int64_t after_time,
                             int64_t after_id, size_t limit, struct story_input_list *out,
                             struct errbuf *eb)
{
    const int64_t params[] = {after_assigned, after_assigned, after_time,
                              after_time,     after_id,       (int64_t)limit};
    return read_page(st,
                     "SELECT " SEEN_COLS ", " REPLAY_COLS ", v.entities FROM story_member m "
                     "JOIN article a ON a.id = m.article_id JOIN source s ON s.id = a.source_id "
                     "LEFT JOIN story_seen v ON v.article_id = a.id "
                     "WHERE m.assigned_at >= ? AND (m.assigned_at > ? OR "
                     "(" SEEN_TIME " > ? OR (" SEEN_TIME " = ? AND a.id > ?))) "
                     "ORDER BY m.assigned_at, " SEEN_TIME ", a.id LIMIT ?",
                     params, sizeof params / sizeof params[0], INPUT_HISTORY, out, eb);
}

/* The one integer that sql returns (given param as its one parameter, unless
 * NULL), 0 for NULL. */
static enum err scalar(struct store *st, const char *sql, const int64_t *param, int64_t *v,
                       struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, sql, &q, eb);
    if (err)
        return err;
    if (param)
        db_bind_int(q, 1, *param);
    bool row;
    err = db_step(q, &row, eb);
    *v = (!err && row) ? db_col_int(q, 0) : 0;
    db_reset(q);
    return err;
}

enum err store_story_keep_seen(struct store *st, int64_t id, struct errbuf *eb)
{
    int64_t todo;
    enum err err = scalar(st,
                          "SELECT COUNT(*) FROM story_member m WHERE m.article_id = ? AND NOT "
                          "EXISTS (SELECT 1 FROM story_seen v WHERE v.article_id = m.article_id)",
                          &id, &todo, eb);
    if (err || !todo)
        return err;
    struct story_input in = {.article_id = id};
    struct story_input_list one = {&in, 1};
    if ((err = read_entities(st, &one, NULL, eb)))
        return err;
    json_t *arr = json_array();
    for (size_t i = 0; i < in.n_entities; i++)
        json_array_append_new(arr, json_string(in.entities[i]));
    char *entities = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    struct db_stmt *q;
    if (!(err = store_prepare(st,
                              "INSERT INTO story_seen (article_id, title, authors, text, lang, at, "
                              "entities) SELECT a.id, a.title, a.authors, COALESCE(a.body, "
                              "a.summary), COALESCE(a.lang, s.lang), " INPUT_TIME ", ? "
                              "FROM article a JOIN source s ON s.id = a.source_id WHERE a.id = ?",
                              &q, eb))) {
        db_bind_text(q, 1, entities);
        db_bind_int(q, 2, id);
        err = db_run(q, eb);
        db_reset(q);
    }
    free(entities);
    story_input_clear(&in);
    return err;
}

enum err store_story_max_id(struct store *st, int64_t *id, struct errbuf *eb)
{
    return scalar(st, "SELECT COALESCE(MAX(id), 0) FROM story", NULL, id, eb);
}

enum err store_story_latest(struct store *st, int64_t until, int64_t *at, struct errbuf *eb)
{
    return scalar(st, "SELECT COALESCE(MAX(last_seen), 0) FROM story WHERE last_seen <= ?", &until,
                  at, eb);
}

enum err store_story_assigned_count(struct store *st, int64_t through, int64_t *n,
                                    struct errbuf *eb)
{
    return scalar(st, "SELECT COUNT(*) FROM story_member WHERE assigned_at <= ?", &through, n, eb);
}

enum err store_story_assigned_latest(struct store *st, int64_t *at, struct errbuf *eb)
{
    return scalar(st, "SELECT COALESCE(MAX(assigned_at), 0) FROM story_member", NULL, at, eb);
}

/* Runs q (bound), then fails with code and msg when it changed no row. */
static enum err run_changing(struct db_stmt *q, enum err code, const char *msg, int64_t id,
                             struct errbuf *eb)
{
    enum err err = db_run(q, eb);
    int64_t n = db_changes(q);
    db_reset(q);
    if (!err && n == 0)
        err = errf(eb, code, msg, (long long)id);
    return err;
}

/* Makes sure story id has a row (a story born and changed within one batch). */
static enum err ensure_story(struct store *st, int64_t id, int64_t at, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(
        st, "INSERT INTO story (id, updated_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    db_bind_int(q, 2, at);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

enum err store_story_assign(struct store *st, int64_t article_id, int64_t story_id,
                            double similarity, int64_t copy_of, const char *newsroom,
                            const char *note, int64_t at, struct errbuf *eb)
{
    enum err err = store_begin(st, eb);
    if (err)
        return err;
    struct db_stmt *q;
    if (story_id && (err = ensure_story(st, story_id, at, eb)))
        goto out;
    if ((err = store_prepare(st,
                             "INSERT INTO story_member (article_id, story_id, similarity, copy_of, "
                             "newsroom, note, assigned_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (article_id) DO NOTHING",
                             &q, eb)))
        goto out;
    db_bind_int(q, 1, article_id);
    db_bind_int_or_null(q, 2, story_id);
    db_bind_double(q, 3, similarity);
    db_bind_int_or_null(q, 4, copy_of);
    db_bind_text(q, 5, newsroom);
    db_bind_text(q, 6, note);
    db_bind_int(q, 7, at);
    err = run_changing(q, ERR_EXISTS, "article %lld is in a story already", article_id, eb);
    if (!err)
        err = store_work_done(st, "story", article_id, eb);
out:
    if (err) {
        store_rollback(st);
        return err;
    }
    return store_commit(st, eb);
}

static enum err record_change(struct store *st, const char *kind, int64_t from, int64_t into,
                              int64_t articles, int64_t at, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "INSERT INTO story_merge (kind, from_story, into_story, articles, "
                                 "happened_at) VALUES (?, ?, ?, ?, ?)",
                                 &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, kind);
    db_bind_int(q, 2, from);
    db_bind_int(q, 3, into);
    db_bind_int(q, 4, articles);
    db_bind_int(q, 5, at);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

enum err store_story_merge(struct store *st, int64_t from, int64_t into, int64_t at,
                           struct errbuf *eb)
{
    enum err err = store_begin(st, eb);
    if (err)
        return err;
    struct db_stmt *q;
    int64_t moved = 0;
    if ((err = ensure_story(st, from, at, eb)) || (err = ensure_story(st, into, at, eb)))
        goto out;
    if ((err =
             store_prepare(st, "UPDATE story_member SET story_id = ? WHERE story_id = ?", &q, eb)))
        goto out;
    db_bind_int(q, 1, into);
    db_bind_int(q, 2, from);
    err = db_run(q, eb);
    moved = db_changes(q);
    db_reset(q);
    if (err)
        goto out;
    if ((err = store_prepare(st,
                             "UPDATE story SET merged_into = ?, articles = 0, outlets = 0, "
                             "newsrooms = 0, updated_at = ? WHERE id = ?",
                             &q, eb)))
        goto out;
    db_bind_int(q, 1, into);
    db_bind_int(q, 2, at);
    db_bind_int(q, 3, from);
    err = db_run(q, eb);
    db_reset(q);
    if (!err)
        err = record_change(st, "merge", from, into, moved, at, eb);
out:
    if (err) {
        store_rollback(st);
        return err;
    }
    return store_commit(st, eb);
}

enum err store_story_split(struct store *st, int64_t from, int64_t into, const int64_t *articles,
                           size_t n, int64_t at, struct errbuf *eb)
{
    enum err err = store_begin(st, eb);
    if (err)
        return err;
    int64_t moved = 0;
    if ((err = ensure_story(st, from, at, eb)) || (err = ensure_story(st, into, at, eb)))
        goto out;
    for (size_t i = 0; i < n && !err; i++) {
        struct db_stmt *q;
        if ((err = store_prepare(st,
                                 "UPDATE story_member SET story_id = ? "
                                 "WHERE article_id = ? AND story_id = ?",
                                 &q, eb)))
            break;
        db_bind_int(q, 1, into);
        db_bind_int(q, 2, articles[i]);
        db_bind_int(q, 3, from);
        err = db_run(q, eb);
        moved += db_changes(q);
        db_reset(q);
    }
    if (!err)
        err = record_change(st, "split", from, into, moved, at, eb);
out:
    if (err) {
        store_rollback(st);
        return err;
    }
    return store_commit(st, eb);
}

/* The distinct non-empty values of the one-column, one-parameter query sql
 * for id, as a JSON array (a new string). */
static enum err distinct_json(struct store *st, const char *sql, int64_t id, char **out,
                              struct errbuf *eb)
{
    *out = NULL;
    struct db_stmt *q;
    enum err err = store_prepare(st, sql, &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    json_t *arr = json_array();
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        const char *v = db_col_text(q, 0);
        if (v && *v)
            json_array_append_new(arr, json_string(v));
    }
    db_reset(q);
    if (!err)
        *out = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return err;
}

enum err store_story_refresh(struct store *st, int64_t id, const char *headline,
                             const char *top_terms, const char *top_names, int64_t at,
                             struct errbuf *eb)
{
    char *langs = NULL, *countries = NULL;
    enum err err = store_begin(st, eb);
    if (err)
        return err;
    if ((err = distinct_json(st,
                             "SELECT DISTINCT COALESCE(a.lang, s.lang) FROM story_member m "
                             "JOIN article a ON a.id = m.article_id JOIN source s ON "
                             "s.id = a.source_id WHERE m.story_id = ? ORDER BY 1",
                             id, &langs, eb)) ||
        (err = distinct_json(st,
                             "SELECT DISTINCT s.country FROM story_member m JOIN article a ON "
                             "a.id = m.article_id JOIN source s ON s.id = a.source_id "
                             "WHERE m.story_id = ? ORDER BY 1",
                             id, &countries, eb)))
        goto out;
    struct db_stmt *q;
    if ((err = store_prepare(
             st,
             "UPDATE story SET headline = ?, top_terms = ?, top_names = ?, languages = ?, "
             "countries = ?, updated_at = ?, "
             "articles = (SELECT COUNT(*) FROM story_member WHERE story_id = story.id), "
             "outlets = (SELECT COUNT(DISTINCT a.source_id) FROM story_member m JOIN article a "
             "ON a.id = m.article_id WHERE m.story_id = story.id), "
             "newsrooms = (SELECT COUNT(DISTINCT newsroom) FROM story_member "
             "WHERE story_id = story.id), "
             "first_seen = (SELECT MIN(" INPUT_TIME ") FROM story_member m JOIN article a "
             "ON a.id = m.article_id WHERE m.story_id = story.id), "
             "last_seen = (SELECT MAX(" INPUT_TIME ") FROM story_member m JOIN article a "
             "ON a.id = m.article_id WHERE m.story_id = story.id) "
             "WHERE id = ?",
             &q, eb)))
        goto out;
    db_bind_text(q, 1, headline);
    db_bind_text(q, 2, top_terms);
    db_bind_text(q, 3, top_names);
    db_bind_text(q, 4, langs);
    db_bind_text(q, 5, countries);
    db_bind_int(q, 6, at);
    db_bind_int(q, 7, id);
    err = run_changing(q, ERR_NOT_FOUND, "no story with id %lld", id, eb);
out:
    free(langs);
    free(countries);
    if (err) {
        store_rollback(st);
        return err;
    }
    return store_commit(st, eb);
}

#define STORY_COLS                                                                                 \
    "id, headline, first_seen, last_seen, articles, outlets, newsrooms, languages, countries, "    \
    "top_terms, top_names, merged_into, updated_at"

static void read_story(struct db_stmt *q, struct story_row *s)
{
    s->id = db_col_int(q, 0);
    s->headline = db_col_strdup(q, 1);
    s->first_seen = db_col_int(q, 2);
    s->last_seen = db_col_int(q, 3);
    s->articles = db_col_int(q, 4);
    s->outlets = db_col_int(q, 5);
    s->newsrooms = db_col_int(q, 6);
    s->languages = db_col_strdup(q, 7);
    s->countries = db_col_strdup(q, 8);
    s->top_terms = db_col_strdup(q, 9);
    s->top_names = db_col_strdup(q, 10);
    s->merged_into = db_col_int(q, 11);
    s->updated_at = db_col_int(q, 12);
}

/* Merges form chains; a cycle would be a bug, and this bound keeps it from
 * hanging a reader. */
#define MAX_MERGE_HOPS 1000

enum err store_story_get(struct store *st, int64_t id, struct story_row *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    for (int hop = 0; hop < MAX_MERGE_HOPS; hop++) {
        struct db_stmt *q;
        enum err err = store_prepare(st, "SELECT " STORY_COLS " FROM story WHERE id = ?", &q, eb);
        if (err)
            return err;
        db_bind_int(q, 1, id);
        bool row;
        err = db_step(q, &row, eb);
        if (!err && row)
            read_story(q, out);
        db_reset(q);
        if (err)
            return err;
        if (!row)
            return errf(eb, ERR_NOT_FOUND, "no story with id %lld", (long long)id);
        if (!out->merged_into)
            return ERR_OK;
        id = out->merged_into;
        story_row_clear(out);
    }
    return errf(eb, ERR_LIMIT, "story %lld: more than %d merges to follow", (long long)id,
                MAX_MERGE_HOPS);
}

enum err store_story_list(struct store *st, int64_t since, size_t limit, struct story_row_list *out,
                          struct errbuf *eb)
{
    out->items = NULL;
    out->len = 0;
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "SELECT " STORY_COLS " FROM story WHERE merged_into IS NULL "
                                 "AND articles > 0 AND last_seen >= ? "
                                 "ORDER BY last_seen DESC, id DESC LIMIT ?",
                                 &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, since);
    db_bind_int(q, 2, (int64_t)limit);
    size_t cap = 0;
    bool row;
    while (!(err = db_step(q, &row, eb)) && row)
        read_story(q, push((void **)&out->items, &out->len, &cap, sizeof *out->items));
    db_reset(q);
    if (err)
        story_row_list_clear(out);
    return err;
}

enum err store_story_members_recent(struct store *st, int64_t id, int64_t since, size_t limit,
                                    struct story_member_list *out, struct errbuf *eb)
{
    out->items = NULL;
    out->len = 0;
    struct db_stmt *q;
    enum err err = store_prepare(
        st,
        "SELECT a.id, a.title, a.url, s.name, " INPUT_TIME ", m.similarity, m.copy_of, "
        "m.newsroom FROM story_member m JOIN article a ON a.id = m.article_id "
        "JOIN source s ON s.id = a.source_id WHERE m.story_id = ? AND " INPUT_TIME " >= ? "
        "ORDER BY " INPUT_TIME " DESC, a.id DESC LIMIT ?",
        &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    db_bind_int(q, 2, since);
    db_bind_int(q, 3, limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
    size_t cap = 0;
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        struct story_member_row *m =
            push((void **)&out->items, &out->len, &cap, sizeof *out->items);
        m->article_id = db_col_int(q, 0);
        m->title = db_col_strdup(q, 1);
        m->url = db_col_strdup(q, 2);
        m->source_name = db_col_strdup(q, 3);
        m->published_at = db_col_int(q, 4);
        m->similarity = db_col_double(q, 5);
        m->copy_of = db_col_int(q, 6);
        m->newsroom = db_col_strdup(q, 7);
    }
    db_reset(q);
    if (err) {
        story_member_list_clear(out);
        return err;
    }
    /* Read newest first for the limit; listed oldest first. */
    for (size_t i = 0, j = out->len; i + 1 < j--; i++) {
        struct story_member_row t = out->items[i];
        out->items[i] = out->items[j];
        out->items[j] = t;
    }
    return ERR_OK;
}

enum err store_story_members(struct store *st, int64_t id, struct story_member_list *out,
                             struct errbuf *eb)
{
    return store_story_members_recent(st, id, INT64_MIN, SIZE_MAX, out, eb);
}
