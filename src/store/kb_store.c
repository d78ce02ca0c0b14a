/* The knowledge base in the store: entities, their text per language, the alias
 * index, redirects and link texts awaiting their target, and article mentions. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "store/store_internal.h"

void kb_text_clear(struct kb_text *t)
{
    if (!t)
        return;
    free(t->lang);
    free(t->title);
    free(t->page);
    free(t->description);
    free(t->extract);
    free(t->url);
    free(t->licence);
    free(t->licence_url);
    free(t->dump);
    memset(t, 0, sizeof *t);
}

void kb_entity_clear(struct kb_entity *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n_texts; i++)
        kb_text_clear(&e->texts[i]);
    for (size_t i = 0; i < e->n_aliases; i++) {
        free(e->aliases[i].lang);
        free(e->aliases[i].name);
        free(e->aliases[i].norm);
    }
    free(e->texts);
    free(e->aliases);
    free(e->qid);
    memset(e, 0, sizeof *e);
}

/* Prepares sql and binds its parameters from ap as types lists them: 'i' an
 * int64_t, 's' a const char *. For the many one-shot statements of a merge. */
static enum err prepare_bound(struct store *st, const char *sql, const char *types, va_list ap,
                              struct db_stmt **q, struct errbuf *eb)
{
    enum err err = store_prepare(st, sql, q, eb);
    for (int i = 0; !err && types[i]; i++) {
        if (types[i] == 'i')
            db_bind_int(*q, i + 1, va_arg(ap, int64_t));
        else
            db_bind_text(*q, i + 1, va_arg(ap, const char *));
    }
    return err;
}

/* Runs a statement that returns no rows; parameters as prepare_bound takes them. */
static enum err run_sql(struct store *st, const char *sql, const char *types, struct errbuf *eb,
                        ...)
{
    struct db_stmt *q;
    va_list ap;
    va_start(ap, eb);
    enum err err = prepare_bound(st, sql, types, ap, &q, eb);
    va_end(ap);
    if (err)
        return err;
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

/* Runs a query whose first row's first column is an integer; *found tells
 * whether there was a row. Parameters as prepare_bound takes them. */
static enum err query_int(struct store *st, const char *sql, int64_t *out, bool *found,
                          const char *types, struct errbuf *eb, ...)
{
    *out = 0;
    *found = false;
    struct db_stmt *q;
    va_list ap;
    va_start(ap, eb);
    enum err err = prepare_bound(st, sql, types, ap, &q, eb);
    va_end(ap);
    if (err)
        return err;
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row) {
        *found = true;
        *out = db_col_int(q, 0);
    }
    db_reset(q);
    return err;
}

/* Moves everything of entity from into entity into, then deletes from. A text
 * language both have keeps into's row. */
static enum err merge_entity(struct store *st, int64_t from, int64_t into, struct errbuf *eb)
{
    enum err err;
    if ((err = run_sql(st,
                       "UPDATE kb_text SET entity_id = ? WHERE entity_id = ? AND lang NOT IN "
                       "(SELECT lang FROM kb_text WHERE entity_id = ?)",
                       "iii", eb, into, from, into)))
        return err;
    /* SQLite needs the WHERE to parse ON CONFLICT after INSERT ... SELECT. */
    if ((err = run_sql(st,
                       "INSERT INTO kb_alias (lang, norm, entity_id, name, origin, links) "
                       "SELECT lang, norm, ?, name, origin, links FROM kb_alias "
                       "WHERE entity_id = ? ON CONFLICT (lang, norm, entity_id) DO UPDATE SET "
                       "origin = kb_alias.origin | excluded.origin, "
                       "links = kb_alias.links + excluded.links",
                       "ii", eb, into, from)))
        return err;
    if ((err = run_sql(st, "DELETE FROM kb_alias WHERE entity_id = ?", "i", eb, from)))
        return err;
    if ((err = run_sql(st, "UPDATE kb_mention SET entity_id = ? WHERE entity_id = ?", "ii", eb,
                       into, from)))
        return err;
    return run_sql(st, "DELETE FROM kb_entity WHERE id = ?", "i", eb, from);
}

/* The entity holding page in lang, and whether it has a qid. */
static enum err page_owner(struct store *st, const char *lang, const char *page, int64_t *id,
                           bool *keyed, struct errbuf *eb)
{
    *id = 0;
    *keyed = false;
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "SELECT t.entity_id, e.qid IS NOT NULL FROM kb_text t "
                                 "JOIN kb_entity e ON e.id = t.entity_id "
                                 "WHERE t.lang = ? AND t.page = ?",
                                 &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, lang);
    db_bind_text(q, 2, page);
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row) {
        *id = db_col_int(q, 0);
        *keyed = db_col_int(q, 1) != 0;
    }
    db_reset(q);
    return err;
}

/* Makes sure the entity with e's qid exists, with e's kind and popularity
 * merged in, and returns its id. */
static enum err upsert_keyed(struct store *st, const struct kb_entity *e, int64_t *eid,
                             struct errbuf *eb)
{
    struct db_stmt *q;
    /* A dump that does not tell a disambiguation page (compact records, SDK
     * files) does not make one an article again. */
    enum err err = store_prepare(st,
                                 "INSERT INTO kb_entity (qid, kind, popularity) VALUES (?, ?, ?) "
                                 "ON CONFLICT (qid) DO UPDATE SET "
                                 "kind = CASE WHEN excluded.kind > kb_entity.kind "
                                 "THEN excluded.kind ELSE kb_entity.kind END, "
                                 "popularity = CASE WHEN excluded.popularity > 0 "
                                 "THEN excluded.popularity ELSE kb_entity.popularity END "
                                 "RETURNING id",
                                 &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, e->qid);
    db_bind_int(q, 2, e->kind);
    db_bind_int(q, 3, e->popularity);
    bool row;
    err = db_step(q, &row, eb);
    *eid = !err && row ? db_col_int(q, 0) : 0;
    db_reset(q);
    if (!err && !*eid)
        err = errf(eb, ERR_STORE, "storing KB entity %s returned no id", e->qid);
    return err;
}

/* Finds the stored entity that e is: the one with its qid (made if need be),
 * else the one holding one of its pages. An entity stored without a qid that
 * holds a page of e is joined into it; a page another keyed entity held moves
 * to e (a newer dump moved it). *eid stays 0 when e is new and has no qid. */
static enum err find_or_join(struct store *st, const struct kb_entity *e, int64_t *eid,
                             struct errbuf *eb)
{
    *eid = 0;
    enum err err = e->qid ? upsert_keyed(st, e, eid, eb) : ERR_OK;
    for (size_t i = 0; i < e->n_texts && !err; i++) {
        const struct kb_text *t = &e->texts[i];
        if (!t->page)
            continue;
        int64_t owner;
        bool keyed;
        if ((err = page_owner(st, t->lang, t->page, &owner, &keyed, eb)) || !owner || owner == *eid)
            continue;
        if (!*eid)
            *eid = owner; /* a newer text of a page we hold */
        else if (!keyed)
            err = merge_entity(st, owner, *eid, eb);
        else
            err = run_sql(st, "UPDATE kb_text SET page = NULL WHERE entity_id = ? AND lang = ?",
                          "is", eb, owner, t->lang);
    }
    return err;
}

static enum err put_text(struct store *st, int64_t eid, const struct kb_text *t, struct errbuf *eb)
{
    /* Provenance (licence, revision, dump) describes the extract: it changes
     * only with a new extract, or when the row had none. */
#define FROM_NEW_EXTRACT(col)                                                                      \
    col " = CASE WHEN excluded.extract IS NOT NULL OR kb_text.extract IS NULL "                    \
        "THEN excluded." col " ELSE kb_text." col " END"
    struct db_stmt *q;
    enum err
        err =
            store_prepare(st,
                          "INSERT INTO kb_text (entity_id, lang, title, page, description, "
                          "extract, url, licence, "
                          "licence_url, revision, modified_at, dump, dump_date) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                          "ON CONFLICT (entity_id, lang) DO UPDATE SET "
                          "title = CASE WHEN excluded.page IS NOT NULL OR kb_text.page IS NULL "
                          "THEN excluded.title ELSE kb_text.title END, "
                          "page = COALESCE(excluded.page, kb_text.page), "
                          "description = COALESCE(excluded.description, kb_text.description), "
                          "extract = COALESCE(excluded.extract, kb_text.extract), "
                          "url = COALESCE(excluded.url, kb_text.url), " FROM_NEW_EXTRACT("licence") ", " FROM_NEW_EXTRACT("licence_url") ", " FROM_NEW_EXTRACT(
                              "revision") ", " FROM_NEW_EXTRACT("modified_at") ","
                                                                               " " FROM_NEW_EXTRACT("dump") ", " FROM_NEW_EXTRACT(
                                                                                   "dump_date"),
                          &q, eb);
#undef FROM_NEW_EXTRACT
    if (err)
        return err;
    db_bind_int(q, 1, eid);
    db_bind_text(q, 2, t->lang);
    db_bind_text(q, 3, t->title);
    db_bind_text(q, 4, t->page);
    db_bind_text(q, 5, t->description);
    db_bind_text(q, 6, t->extract);
    db_bind_text(q, 7, t->url);
    db_bind_text(q, 8, t->licence);
    db_bind_text(q, 9, t->licence_url);
    db_bind_int_or_null(q, 10, t->revision);
    db_bind_int_or_null(q, 11, t->modified_at);
    db_bind_text(q, 12, t->dump);
    db_bind_int_or_null(q, 13, t->dump_date);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

static enum err put_alias(struct store *st, int64_t eid, const struct kb_alias *a,
                          struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err =
        store_prepare(st,
                      "INSERT INTO kb_alias (lang, norm, entity_id, name, origin, links) "
                      "VALUES (?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT (lang, norm, entity_id) DO UPDATE SET "
                      "origin = kb_alias.origin | excluded.origin, "
                      "links = kb_alias.links + excluded.links",
                      &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, a->lang);
    db_bind_text(q, 2, a->norm);
    db_bind_int(q, 3, eid);
    db_bind_text(q, 4, a->name);
    db_bind_int(q, 5, a->origin);
    db_bind_int(q, 6, a->links);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

enum err store_kb_entity_put(struct store *st, const struct kb_entity *e, int64_t *id,
                             struct errbuf *eb)
{
    *id = 0;
    for (size_t i = 0; i < e->n_texts; i++)
        if (!e->texts[i].lang || !e->texts[i].title)
            return errf(eb, ERR_INVALID, "a KB text needs a language and a title");
    for (size_t i = 0; i < e->n_aliases; i++)
        if (!e->aliases[i].lang || !e->aliases[i].norm || !e->aliases[i].name)
            return errf(eb, ERR_INVALID, "a KB alias needs a language, a name and a key");
    if (!e->qid && !e->n_texts)
        return errf(eb, ERR_INVALID, "a KB entity needs a Wikidata ID or a text");
    enum err err = store_begin(st, eb);
    if (err)
        return err;
    int64_t eid;
    if ((err = find_or_join(st, e, &eid, eb)))
        goto out;
    if (!eid) {
        struct db_stmt *q;
        if ((err = store_prepare(st,
                                 "INSERT INTO kb_entity (kind, popularity) VALUES (?, ?) "
                                 "RETURNING id",
                                 &q, eb)))
            goto out;
        db_bind_int(q, 1, e->kind);
        db_bind_int(q, 2, e->popularity);
        bool row;
        err = db_step(q, &row, eb);
        if (!err && row)
            eid = db_col_int(q, 0);
        db_reset(q);
        if (!err && !eid)
            err = errf(eb, ERR_STORE, "inserting a KB entity returned no id");
    } else if (!e->qid) {
        err = run_sql(st,
                      "UPDATE kb_entity SET kind = CASE WHEN ? > kind THEN ? ELSE kind END "
                      "WHERE id = ?",
                      "iii", eb, (int64_t)e->kind, (int64_t)e->kind, eid);
    }
    for (size_t i = 0; i < e->n_texts && !err; i++)
        err = put_text(st, eid, &e->texts[i], eb);
    for (size_t i = 0; i < e->n_aliases && !err; i++)
        err = put_alias(st, eid, &e->aliases[i], eb);
out:
    if (err) {
        store_rollback(st);
        return err;
    }
    *id = eid;
    return store_commit(st, eb);
}

#define TEXT_COLS                                                                                  \
    "lang, title, page, description, extract, url, licence, licence_url, revision, "               \
    "modified_at, dump, dump_date"

static void read_text(struct db_stmt *q, struct kb_text *t)
{
    t->lang = db_col_strdup(q, 0);
    t->title = db_col_strdup(q, 1);
    t->page = db_col_strdup(q, 2);
    t->description = db_col_strdup(q, 3);
    t->extract = db_col_strdup(q, 4);
    t->url = db_col_strdup(q, 5);
    t->licence = db_col_strdup(q, 6);
    t->licence_url = db_col_strdup(q, 7);
    t->revision = db_col_int(q, 8);
    t->modified_at = db_col_int(q, 9);
    t->dump = db_col_strdup(q, 10);
    t->dump_date = db_col_int(q, 11);
}

enum err store_kb_entity_get(struct store *st, int64_t id, size_t max_aliases,
                             struct kb_entity *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err =
        store_prepare(st, "SELECT qid, kind, popularity FROM kb_entity WHERE id = ?", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row) {
        out->id = id;
        out->qid = db_col_strdup(q, 0);
        out->kind = (int)db_col_int(q, 1);
        out->popularity = db_col_int(q, 2);
    } else if (!err) {
        err = errf(eb, ERR_NOT_FOUND, "no KB entity with id %lld", (long long)id);
    }
    db_reset(q);
    if (err)
        return err;
    if ((err = store_prepare(
             st, "SELECT " TEXT_COLS " FROM kb_text WHERE entity_id = ? ORDER BY lang", &q, eb)))
        goto out;
    db_bind_int(q, 1, id);
    size_t cap = 0;
    while (!(err = db_step(q, &row, eb)) && row) {
        out->texts = xgrow(out->texts, out->n_texts, &cap, sizeof *out->texts, 4);
        struct kb_text *t = &out->texts[out->n_texts++];
        memset(t, 0, sizeof *t);
        read_text(q, t);
    }
    db_reset(q);
    if (err || !max_aliases)
        goto out;
    if ((err = store_prepare(st,
                             "SELECT lang, name, norm, origin, links FROM kb_alias "
                             "WHERE entity_id = ? ORDER BY lang, name LIMIT ?",
                             &q, eb)))
        goto out;
    db_bind_int(q, 1, id);
    db_bind_int(q, 2, (int64_t)max_aliases);
    cap = 0;
    while (!(err = db_step(q, &row, eb)) && row) {
        out->aliases = xgrow(out->aliases, out->n_aliases, &cap, sizeof *out->aliases, 8);
        struct kb_alias *a = &out->aliases[out->n_aliases++];
        a->lang = db_col_strdup(q, 0);
        a->name = db_col_strdup(q, 1);
        a->norm = db_col_strdup(q, 2);
        a->origin = (int)db_col_int(q, 3);
        a->links = db_col_int(q, 4);
    }
    db_reset(q);
out:
    if (err)
        kb_entity_clear(out);
    return err;
}

enum err store_kb_entity_find(struct store *st, const char *qid, int64_t *id, struct errbuf *eb)
{
    bool found;
    enum err err =
        query_int(st, "SELECT id FROM kb_entity WHERE qid = ?", id, &found, "s", eb, qid);
    if (!err && !found)
        err = errf(eb, ERR_NOT_FOUND, "no KB entity %s", qid);
    return err;
}

enum err store_kb_text_get(struct store *st, int64_t entity_id, const char *lang,
                           struct kb_text *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(
        st, "SELECT " TEXT_COLS " FROM kb_text WHERE entity_id = ? AND lang = ?", &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, entity_id);
    db_bind_text(q, 2, lang);
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row)
        read_text(q, out);
    else if (!err)
        err = errf(eb, ERR_NOT_FOUND, "KB entity %lld has no %s text", (long long)entity_id, lang);
    db_reset(q);
    return err;
}

enum err store_kb_redirect_put(struct store *st, const char *lang, const char *title,
                               const char *norm, const char *target, struct errbuf *eb)
{
    return run_sql(st,
                   "INSERT INTO kb_redirect (lang, title, norm, target) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (lang, title) DO UPDATE SET norm = excluded.norm, "
                   "target = excluded.target",
                   "ssss", eb, lang, title, norm, target);
}

enum err store_kb_anchor_add(struct store *st, const char *lang, const char *name, const char *norm,
                             const char *target, int64_t n, struct errbuf *eb)
{
    return run_sql(st,
                   "INSERT INTO kb_anchor (lang, norm, target, name, links) VALUES (?, ?, ?, ?, ?) "
                   "ON CONFLICT (lang, norm, target) DO UPDATE SET "
                   "links = kb_anchor.links + excluded.links",
                   "ssssi", eb, lang, norm, target, name, n);
}

enum err store_kb_anchors_clear(struct store *st, struct errbuf *eb)
{
    return run_sql(st, "DELETE FROM kb_anchor", "", eb);
}

static enum err count_rows(struct store *st, const char *sql, int64_t *out, struct errbuf *eb)
{
    bool found;
    return query_int(st, sql, out, &found, "", eb);
}

enum err store_kb_resolve(struct store *st, struct kb_resolve_counts *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    enum err err = store_begin(st, eb);
    if (err)
        return err;
    struct db_stmt *q;
    /* Redirects whose target page is known become aliases. */
    if ((err = store_prepare(st,
                             "INSERT INTO kb_alias (lang, norm, entity_id, name, origin, links) "
                             "SELECT r.lang, r.norm, t.entity_id, r.title, 2, 0 "
                             "FROM kb_redirect r JOIN kb_text t "
                             "ON t.lang = r.lang AND t.page = r.target WHERE 1 = 1 "
                             "ON CONFLICT (lang, norm, entity_id) DO UPDATE SET "
                             "origin = kb_alias.origin | 2",
                             &q, eb)))
        goto out;
    err = db_run(q, eb);
    out->redirects = err ? 0 : db_changes(q);
    db_reset(q);
    /* Link texts set link counts: to the page itself, or through one redirect.
     * A run's counts replace the earlier run's for the same text and entity. */
    if (!err && (err = store_prepare(
                     st,
                     "INSERT INTO kb_alias (lang, norm, entity_id, name, origin, links) "
                     "SELECT a.lang, a.norm, t.entity_id, MIN(a.name), 32, SUM(a.links) "
                     "FROM kb_anchor a LEFT JOIN kb_redirect r "
                     "ON r.lang = a.lang AND r.title = a.target "
                     "JOIN kb_text t ON t.lang = a.lang AND t.page = COALESCE(r.target, a.target) "
                     "GROUP BY a.lang, a.norm, t.entity_id "
                     "ON CONFLICT (lang, norm, entity_id) DO UPDATE SET "
                     "origin = kb_alias.origin | 32, links = excluded.links",
                     &q, eb)) == ERR_OK) {
        err = db_run(q, eb);
        out->anchors = err ? 0 : db_changes(q);
        db_reset(q);
    }
    if (!err)
        err = count_rows(st,
                         "SELECT COUNT(*) FROM kb_anchor a WHERE NOT EXISTS (SELECT 1 FROM "
                         "kb_text t WHERE t.lang = a.lang AND t.page = a.target) AND NOT EXISTS "
                         "(SELECT 1 FROM kb_redirect r JOIN kb_text t ON t.lang = r.lang AND "
                         "t.page = r.target WHERE r.lang = a.lang AND r.title = a.target)",
                         &out->anchors_pending, eb);
    if (!err)
        err = run_sql(st,
                      "DELETE FROM kb_redirect WHERE EXISTS (SELECT 1 FROM kb_text t "
                      "WHERE t.lang = kb_redirect.lang AND t.page = kb_redirect.target)",
                      "", eb);
    if (!err)
        err = count_rows(st, "SELECT COUNT(*) FROM kb_redirect", &out->redirects_pending, eb);
out:
    if (err) {
        store_rollback(st);
        return err;
    }
    return store_commit(st, eb);
}

void kb_candidate_list_clear(struct kb_candidate_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++) {
        free(l->items[i].qid);
        free(l->items[i].name);
        kb_text_clear(&l->items[i].text);
    }
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

enum err store_kb_candidates(struct store *st, const char *lang, const char *norm,
                             const char *text_lang, size_t limit, struct kb_candidate_list *out,
                             struct errbuf *eb)
{
    out->items = NULL;
    out->len = 0;
    struct db_stmt *q;
    /* One query for names and texts. In another language, u, the English
     * text, joins only when there is no text t in that language. */
#define CANDIDATE_FROM                                                                             \
    "FROM kb_alias a JOIN kb_entity e ON e.id = a.entity_id "                                      \
    "LEFT JOIN kb_text t ON t.entity_id = a.entity_id AND t.lang = ? "
#define CANDIDATE_WHERE                                                                            \
    "WHERE a.lang = ? AND a.norm = ? "                                                             \
    "ORDER BY a.links DESC, e.popularity DESC, a.entity_id LIMIT ?"
    enum err err =
        strcmp(text_lang, "en")
            ? store_prepare(st,
                            "SELECT a.entity_id, e.qid, e.kind, e.popularity, a.origin, a.links, "
                            "a.name, COALESCE(t.lang, u.lang), COALESCE(t.title, u.title), "
                            "COALESCE(t.page, u.page), COALESCE(t.description, u.description), "
                            "COALESCE(t.extract, u.extract), COALESCE(t.url, u.url) " CANDIDATE_FROM
                            "LEFT JOIN kb_text u ON u.entity_id = a.entity_id AND u.lang = 'en' "
                            "AND t.entity_id IS NULL " CANDIDATE_WHERE,
                            &q, eb)
            : store_prepare(st,
                            "SELECT a.entity_id, e.qid, e.kind, e.popularity, a.origin, "
                            "a.links, a.name, t.lang, t.title, t.page, t.description, "
                            "t.extract, t.url " CANDIDATE_FROM CANDIDATE_WHERE,
                            &q, eb);
#undef CANDIDATE_FROM
#undef CANDIDATE_WHERE
    if (err)
        return err;
    db_bind_text(q, 1, text_lang);
    db_bind_text(q, 2, lang);
    db_bind_text(q, 3, norm);
    db_bind_int(q, 4, (int64_t)limit);
    size_t cap = 0;
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        out->items = xgrow(out->items, out->len, &cap, sizeof *out->items, 8);
        struct kb_candidate *c = &out->items[out->len++];
        memset(c, 0, sizeof *c);
        c->entity_id = db_col_int(q, 0);
        c->qid = db_col_strdup(q, 1);
        c->kind = (int)db_col_int(q, 2);
        c->popularity = db_col_int(q, 3);
        c->origin = (int)db_col_int(q, 4);
        c->links = db_col_int(q, 5);
        c->name = db_col_strdup(q, 6);
        c->text.lang = db_col_strdup(q, 7);
        c->text.title = db_col_strdup(q, 8);
        c->text.page = db_col_strdup(q, 9);
        c->text.description = db_col_strdup(q, 10);
        c->text.extract = db_col_strdup(q, 11);
        c->text.url = db_col_strdup(q, 12);
    }
    db_reset(q);
    if (err)
        kb_candidate_list_clear(out);
    return err;
}

enum err store_kb_stats(struct store *st, struct kb_stats *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    enum err err = count_rows(st, "SELECT COUNT(*) FROM kb_entity", &out->entities, eb);
    if (!err)
        err = count_rows(st, "SELECT COUNT(*) FROM kb_text", &out->texts, eb);
    if (!err)
        err = count_rows(st, "SELECT COUNT(*) FROM kb_alias", &out->aliases, eb);
    if (!err)
        err = count_rows(st, "SELECT COUNT(*) FROM kb_redirect", &out->redirects_pending, eb);
    return err;
}

enum err store_kb_cache_mb(struct store *st, int mb, struct errbuf *eb)
{
    if (db_engine(st->db) != DB_SQLITE)
        return ERR_OK;
    char sql[96];
    /* A negative cache_size is in KiB; the numbers are ours, not data. Reads
     * of a memory-mapped database are not system calls. */
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d; PRAGMA mmap_size = %lld", mb * 1024,
             (long long)mb * 1024 * 1024);
    if (db_exec(st->db, sql))
        return errf(eb, ERR_STORE, "setting the cache size: %s", st->db->ops->errmsg(st->db));
    return ERR_OK;
}

void kb_mention_list_clear(struct kb_mention_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++) {
        free(l->items[i].qid);
        free(l->items[i].surface);
    }
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

enum err store_kb_mentions_put(struct store *st, int64_t article_id,
                               const struct kb_mention_row *rows, size_t n, struct errbuf *eb)
{
    enum err err = store_begin(st, eb);
    if (err)
        return err;
    /* An article clustered before its linking was done (the clusterer waits
     * only so long) keeps the entities the clusterer read. */
    err = store_story_keep_seen(st, article_id, eb);
    if (!err)
        err = run_sql(st, "DELETE FROM kb_mention WHERE article_id = ?", "i", eb, article_id);
    for (size_t i = 0; i < n && !err; i++) {
        const struct kb_mention_row *m = &rows[i];
        if (!m->surface || m->end <= m->start) {
            err = errf(eb, ERR_INVALID, "mention %zu of article %lld has no text", i,
                       (long long)article_id);
            break;
        }
        struct db_stmt *q;
        if ((err = store_prepare(st,
                                 "INSERT INTO kb_mention (article_id, field, start_byte, end_byte, "
                                 "entity_id, surface, score) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 &q, eb)))
            break;
        db_bind_int(q, 1, article_id);
        db_bind_int(q, 2, m->field);
        db_bind_int(q, 3, m->start);
        db_bind_int(q, 4, m->end);
        db_bind_int_or_null(q, 5, m->entity_id);
        db_bind_text(q, 6, m->surface);
        db_bind_double(q, 7, m->score);
        err = db_run(q, eb);
        db_reset(q);
    }
    if (!err) /* topic pages list the stories whose articles mention them */
        err = store_site_changed(st, eb);
    if (err) {
        store_rollback(st);
        return err;
    }
    return store_commit(st, eb);
}

enum err store_kb_mentions_get(struct store *st, int64_t article_id, struct kb_mention_list *out,
                               struct errbuf *eb)
{
    out->items = NULL;
    out->len = 0;
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "SELECT m.field, m.start_byte, m.end_byte, m.entity_id, e.qid, "
                                 "m.surface, m.score FROM kb_mention m "
                                 "LEFT JOIN kb_entity e ON e.id = m.entity_id "
                                 "WHERE m.article_id = ? ORDER BY m.field, m.start_byte",
                                 &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, article_id);
    size_t cap = 0;
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        out->items = xgrow(out->items, out->len, &cap, sizeof *out->items, 16);
        struct kb_mention_row *m = &out->items[out->len++];
        m->field = (int)db_col_int(q, 0);
        m->start = db_col_int(q, 1);
        m->end = db_col_int(q, 2);
        m->entity_id = db_col_int(q, 3);
        m->qid = db_col_strdup(q, 4);
        m->surface = db_col_strdup(q, 5);
        m->score = db_col_double(q, 6);
    }
    db_reset(q);
    if (err)
        kb_mention_list_clear(out);
    return err;
}

/* An analysed article (a, its analysis t, its link record l) whose mentions
 * are missing or older than its body, while there is a KB to link to. */
#define LINK_FROM                                                                                  \
    "FROM article a JOIN article_text t ON t.article_id = a.id "                                   \
    "LEFT JOIN article_link l ON l.article_id = a.id "
#define LINK_DUE                                                                                   \
    "EXISTS (SELECT 1 FROM kb_entity) AND (l.article_id IS NULL OR "                               \
    "COALESCE(l.body_hash, '') <> COALESCE(a.body_hash, ''))"

enum err store_link_claim(struct store *st, const char *owner, int64_t now, int lease_seconds,
                          int64_t *ids, size_t *n, struct errbuf *eb)
{
    return store_work_claim_still(st, "link", owner, now, lease_seconds,
                                  "SELECT a.id " LINK_FROM "WHERE a.id = ? AND " LINK_DUE, false,
                                  ids, n, eb);
}

enum err store_link_pending(struct store *st, int64_t now, size_t limit, int64_t **ids, size_t *n,
                            struct errbuf *eb)
{
    *ids = NULL;
    *n = 0;
    struct db_stmt *q;
    /* Without a knowledge base the link queue only waits: asked first, so a
     * pass does not walk it (the engines test LINK_DUE's EXISTS per row). */
    enum err err = store_prepare(st, "SELECT 1 FROM kb_entity LIMIT 1", &q, eb);
    bool row = false;
    if (!err) {
        err = db_step(q, &row, eb);
        db_reset(q);
    }
    if (err || !row) {
        *ids = err ? NULL : xcalloc(1, sizeof **ids);
        return err;
    }
    err =
        store_prepare(st,
                      "SELECT a.id FROM work_queue w JOIN article a ON a.id = w.article_id "
                      "JOIN article_text t ON t.article_id = a.id "
                      "LEFT JOIN article_link l ON l.article_id = a.id "
                      "WHERE w.stage = 'link' AND " LINK_DUE " "
                      "AND NOT EXISTS (SELECT 1 FROM work_claim c WHERE c.stage = 'link' "
                      "AND c.article_id = a.id AND c.lease_until >= ?) "
                      "ORDER BY w.article_id LIMIT ?",
                      &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, now);
    db_bind_int(q, 2, (int64_t)limit);
    return store_collect_ids(q, limit, ids, n, eb);
}

enum err store_link_done(struct store *st, int64_t id, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "INSERT INTO article_link (article_id, body_hash, linked_at) "
                                 "SELECT id, body_hash, ? FROM article WHERE id = ? "
                                 "ON CONFLICT (article_id) DO UPDATE SET "
                                 "body_hash = excluded.body_hash, linked_at = excluded.linked_at",
                                 &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, time_now());
    db_bind_int(q, 2, id);
    err = db_run(q, eb);
    db_reset(q);
    return err ? err : store_work_done(st, "link", id, eb);
}
