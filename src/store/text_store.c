/* The text stage's tables and the search index: SQLite's FTS5 table with our
 * stemming tokenizer (fts_sqlite.c), PostgreSQL's text search with a tsvector
 * per article in its language's configuration (0003_text.pg.sql). */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/timeutil.h"
#include "base/xalloc.h"
#include "store/fts_sqlite.h"
#include "store/store_internal.h"
#include "lang/lang.h"
#include "lang/token.h"

void article_text_clear(struct article_text *t)
{
    if (!t)
        return;
    free(t->lang);
    free(t->content_hash);
    free(t->sentences);
    for (size_t i = 0; i < t->n_quotes; i++) {
        free(t->quotes[i].speaker_text);
        free(t->quotes[i].cue_text);
    }
    free(t->quotes);
    for (size_t i = 0; i < t->n_names; i++) {
        free(t->names[i].name);
        free(t->names[i].kind);
    }
    free(t->names);
    memset(t, 0, sizeof *t);
}

/* Runs a statement that takes only the article id. */
static enum err run_for_article(struct store *st, const char *sql, int64_t id, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, sql, &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

static void bind_range_or_null(struct db_stmt *q, int i, struct text_range r)
{
    if (r.end > r.start) {
        db_bind_int(q, i, r.start);
        db_bind_int(q, i + 1, r.end);
    } else {
        db_bind_null(q, i);
        db_bind_null(q, i + 1);
    }
}

/* PostgreSQL's text search configuration for each language we model; the
 * others get 'simple' (words casefolded, not stemmed). */
static const char *const pg_configs[LANG_COUNT] = {
    [LANG_UNKNOWN] = "simple", [LANG_SV] = "swedish",   [LANG_EN] = "english",
    [LANG_DA] = "danish",      [LANG_NB] = "norwegian", [LANG_DE] = "german",
    [LANG_FI] = "finnish",     [LANG_FR] = "french",    [LANG_ES] = "spanish",
};

/* Indexes the article's title (weight A) and body (weight B) as a tsvector in
 * lang's configuration. The earlier row went with the article_text row that
 * store_text_put deleted. */
static enum err index_article_pg(struct store *st, int64_t id, const char *lang, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(
        st,
        "INSERT INTO article_search (article_id, config, doc) "
        "SELECT a.id, k.config, "
        "setweight(to_tsvector(k.config, COALESCE(a.title, '')), 'A') || "
        "setweight(to_tsvector(k.config, COALESCE(a.body, '')), 'B') "
        "FROM article a CROSS JOIN (SELECT CAST(? AS REGCONFIG) AS config) k WHERE a.id = ?",
        &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, pg_configs[lang_parse(lang)]);
    db_bind_int(q, 2, id);
    err = db_run(q, eb);
    db_reset(q);
    return err;
}

/* Indexes the article's title and content in the FTS table, each value led by
 * the language marker so that the tokenizer stems it in lang. */
static enum err index_article(struct store *st, int64_t id, const char *lang, struct errbuf *eb)
{
    if (db_engine(st->db) == DB_POSTGRES)
        return index_article_pg(st, id, lang, eb);
    enum err err = run_for_article(st, "DELETE FROM article_fts WHERE rowid = ?", id, eb);
    if (err)
        return err;
    struct db_stmt *q;
    if ((err = store_prepare(st, "SELECT title, body FROM article WHERE id = ?", &q, eb)))
        return err;
    db_bind_int(q, 1, id);
    bool row;
    struct buf title, body;
    buf_init(&title, BUF_UNLIMITED);
    buf_init(&body, BUF_UNLIMITED);
    err = db_step(q, &row, eb);
    if (!err && row) {
        const char *t = db_col_text(q, 0), *c = db_col_text(q, 1);
        /* Unlimited buffers cannot fail. */
        (void)!fts_lang_marker(&title, lang);
        (void)!fts_lang_marker(&body, lang);
        (void)!buf_puts(&title, t ? t : "");
        (void)!buf_puts(&body, c ? c : "");
    }
    db_reset(q);
    if (!err && row &&
        !(err = store_prepare(st, "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)",
                              &q, eb))) {
        db_bind_int(q, 1, id);
        db_bind_text(q, 2, buf_cstr(&title));
        db_bind_text(q, 3, buf_cstr(&body));
        err = db_run(q, eb);
        db_reset(q);
    }
    buf_clear(&title);
    buf_clear(&body);
    return err;
}

/* A table's rows of one article, a chunk per statement (multi-row VALUES):
 * on PostgreSQL each statement is a round trip, and an article has tens of
 * sentences and names. Chunks of 32, 8 and 1 rows keep three statements per
 * table in the connection's cache. */
enum { ROWS_BIG = 32, ROWS_MID = 8 };

/* Binds row i of t's list at columns col, col + 1, ... */
typedef void (*bind_row_fn)(struct db_stmt *q, int col, const struct article_text *t, size_t i);

static enum err put_many(struct store *st, const char *insert, int cols, size_t n,
                         bind_row_fn bind_row, const struct article_text *t, struct errbuf *eb)
{
    enum err err = ERR_OK;
    struct buf sql;
    buf_init(&sql, 1 << 14);
    for (size_t i = 0; i < n && !err;) {
        size_t k = n - i >= ROWS_BIG ? ROWS_BIG : n - i >= ROWS_MID ? ROWS_MID : 1;
        buf_reset(&sql);
        err = buf_puts(&sql, insert);
        for (size_t r = 0; r < k && !err; r++) {
            err = buf_puts(&sql, r ? ", (" : " VALUES (");
            for (int c = 0; c < cols && !err; c++)
                err = buf_puts(&sql, c ? ", ?" : "?");
            if (!err)
                err = buf_putc(&sql, ')');
        }
        struct db_stmt *q;
        if (err)
            err = errf(eb, err, "an INSERT of %zu rows is too long", k);
        else if (!(err = store_prepare(st, buf_cstr(&sql), &q, eb))) {
            for (size_t r = 0; r < k; r++)
                bind_row(q, 1 + (int)r * cols, t, i + r);
            err = db_run(q, eb);
            db_reset(q);
        }
        i += k;
    }
    buf_clear(&sql);
    return err;
}

static void bind_sentence(struct db_stmt *q, int col, const struct article_text *t, size_t i)
{
    db_bind_int(q, col, t->article_id);
    db_bind_int(q, col + 1, (int64_t)i);
    db_bind_int(q, col + 2, t->sentences[i].start);
    db_bind_int(q, col + 3, t->sentences[i].end);
}

static void bind_quote(struct db_stmt *q, int col, const struct article_text *t, size_t i)
{
    const struct stored_quote *x = &t->quotes[i];
    db_bind_int(q, col, t->article_id);
    db_bind_int(q, col + 1, (int64_t)i);
    db_bind_int(q, col + 2, x->quote.start);
    db_bind_int(q, col + 3, x->quote.end);
    db_bind_text(q, col + 4, x->speaker_text);
    bind_range_or_null(q, col + 5, x->speaker);
    db_bind_text(q, col + 7, x->cue_text);
    bind_range_or_null(q, col + 8, x->cue);
    db_bind_int(q, col + 10, x->dialogue);
}

static void bind_name(struct db_stmt *q, int col, const struct article_text *t, size_t i)
{
    db_bind_int(q, col, t->article_id);
    db_bind_int(q, col + 1, (int64_t)i);
    db_bind_int(q, col + 2, t->names[i].range.start);
    db_bind_int(q, col + 3, t->names[i].range.end);
    db_bind_text(q, col + 4, t->names[i].name);
    db_bind_text(q, col + 5, t->names[i].kind);
}

static enum err put_rows(struct store *st, const struct article_text *t, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err =
        store_prepare(st,
                      "INSERT INTO article_text (article_id, lang, lang_confidence, invalid_utf8, "
                      "content_hash, analysed_at) "
                      "SELECT id, ?, ?, ?, body_hash, ? FROM article WHERE id = ?",
                      &q, eb);
    if (err)
        return err;
    db_bind_text(q, 1, t->lang);
    db_bind_double(q, 2, t->lang_confidence);
    db_bind_int(q, 3, t->invalid_utf8);
    db_bind_int(q, 4, t->analysed_at ? t->analysed_at : time_now());
    db_bind_int(q, 5, t->article_id);
    err = db_run(q, eb);
    int64_t inserted = db_changes(q);
    db_reset(q);
    if (err)
        return err;
    if (!inserted)
        return errf(eb, ERR_NOT_FOUND, "no article with id %lld", (long long)t->article_id);
    err = put_many(st, "INSERT INTO article_sentence (article_id, seq, start_byte, end_byte)", 4,
                   t->n_sentences, bind_sentence, t, eb);
    if (!err)
        err = put_many(st,
                       "INSERT INTO article_quote (article_id, seq, start_byte, end_byte, speaker, "
                       "speaker_start, speaker_end, cue, cue_start, cue_end, dialogue)",
                       11, t->n_quotes, bind_quote, t, eb);
    if (!err)
        err = put_many(
            st, "INSERT INTO article_name (article_id, seq, start_byte, end_byte, name, kind)", 6,
            t->n_names, bind_name, t, eb);
    return err;
}

enum err store_text_put(struct store *st, const struct article_text *t, struct errbuf *eb)
{
    static const char *const forget[] = {
        "DELETE FROM article_sentence WHERE article_id = ?",
        "DELETE FROM article_quote WHERE article_id = ?",
        "DELETE FROM article_name WHERE article_id = ?",
        "DELETE FROM article_text WHERE article_id = ?",
    };
    enum err err = store_begin(st, eb);
    if (err)
        return err;
    for (size_t i = 0; i < sizeof forget / sizeof forget[0] && !err; i++)
        err = run_for_article(st, forget[i], t->article_id, eb);
    if (!err)
        err = put_rows(st, t, eb);
    if (!err)
        err = index_article(st, t->article_id, t->lang, eb);
    if (!err)
        err = store_work_done(st, "text", t->article_id, eb);
    if (!err) /* a new analysis is linked again */
        err = store_queue_add(st, "link", t->article_id, eb);
    if (!err) /* search pages find it from now on */
        err = store_site_changed(st, eb);
    if (err) {
        store_rollback(st);
        return err;
    }
    return store_commit(st, eb);
}

static struct text_range col_range(struct db_stmt *q, int col)
{
    if (db_col_is_null(q, col))
        return (struct text_range){0, 0};
    return (struct text_range){db_col_int(q, col), db_col_int(q, col + 1)};
}

/* Counts the rows of a per-article table, to size the arrays at once. */
static enum err count_rows(struct store *st, const char *sql, int64_t id, size_t *n,
                           struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err = store_prepare(st, sql, &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, id);
    bool row;
    err = db_step(q, &row, eb);
    *n = !err && row ? (size_t)db_col_int(q, 0) : 0;
    db_reset(q);
    return err;
}

static enum err get_lists(struct store *st, struct article_text *out, struct errbuf *eb)
{
    int64_t id = out->article_id;
    size_t ns, nq, nn;
    enum err err;
    if ((err = count_rows(st, "SELECT COUNT(*) FROM article_sentence WHERE article_id = ?", id, &ns,
                          eb)) ||
        (err = count_rows(st, "SELECT COUNT(*) FROM article_quote WHERE article_id = ?", id, &nq,
                          eb)) ||
        (err =
             count_rows(st, "SELECT COUNT(*) FROM article_name WHERE article_id = ?", id, &nn, eb)))
        return err;
    out->sentences = xcalloc(ns + 1, sizeof *out->sentences);
    out->quotes = xcalloc(nq + 1, sizeof *out->quotes);
    out->names = xcalloc(nn + 1, sizeof *out->names);
    struct db_stmt *q;
    bool row;
    if ((err = store_prepare(st,
                             "SELECT start_byte, end_byte FROM article_sentence "
                             "WHERE article_id = ? ORDER BY seq",
                             &q, eb)))
        return err;
    db_bind_int(q, 1, id);
    while (!(err = db_step(q, &row, eb)) && row && out->n_sentences < ns)
        out->sentences[out->n_sentences++] = col_range(q, 0);
    db_reset(q);
    if (err || (err = store_prepare(st,
                                    "SELECT start_byte, end_byte, speaker_start, speaker_end, "
                                    "cue_start, cue_end, speaker, cue, dialogue "
                                    "FROM article_quote WHERE article_id = ? ORDER BY seq",
                                    &q, eb)))
        return err;
    db_bind_int(q, 1, id);
    while (!(err = db_step(q, &row, eb)) && row && out->n_quotes < nq) {
        struct stored_quote *x = &out->quotes[out->n_quotes++];
        x->quote = col_range(q, 0);
        x->speaker = col_range(q, 2);
        x->cue = col_range(q, 4);
        x->speaker_text = db_col_strdup(q, 6);
        x->cue_text = db_col_strdup(q, 7);
        x->dialogue = db_col_int(q, 8) != 0;
    }
    db_reset(q);
    if (err || (err = store_prepare(st,
                                    "SELECT start_byte, end_byte, name, kind FROM article_name "
                                    "WHERE article_id = ? ORDER BY seq",
                                    &q, eb)))
        return err;
    db_bind_int(q, 1, id);
    while (!(err = db_step(q, &row, eb)) && row && out->n_names < nn) {
        struct stored_name *x = &out->names[out->n_names++];
        x->range = col_range(q, 0);
        x->name = db_col_strdup(q, 2);
        x->kind = db_col_strdup(q, 3);
    }
    db_reset(q);
    return err;
}

enum err store_text_get(struct store *st, int64_t article_id, struct article_text *out,
                        struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "SELECT lang, lang_confidence, invalid_utf8, content_hash, "
                                 "analysed_at FROM article_text WHERE article_id = ?",
                                 &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, article_id);
    bool row;
    err = db_step(q, &row, eb);
    if (!err && row) {
        out->article_id = article_id;
        out->lang = db_col_strdup(q, 0);
        out->lang_confidence = db_col_double(q, 1);
        out->invalid_utf8 = db_col_int(q, 2);
        out->content_hash = db_col_strdup(q, 3);
        out->analysed_at = db_col_int(q, 4);
    } else if (!err) {
        err = errf(eb, ERR_NOT_FOUND, "article %lld has no text analysis", (long long)article_id);
    }
    db_reset(q);
    if (!err)
        err = get_lists(st, out, eb);
    if (err)
        article_text_clear(out);
    return err;
}

enum err store_text_pending(struct store *st, size_t limit, int64_t now, int64_t **ids, size_t *n,
                            struct errbuf *eb)
{
    *ids = NULL;
    *n = 0;
    struct db_stmt *q;
    enum err err =
        store_prepare(st,
                      "SELECT a.id FROM work_queue w JOIN article a ON a.id = w.article_id "
                      "LEFT JOIN article_text t ON t.article_id = a.id "
                      "WHERE w.stage = 'text' AND a.body IS NOT NULL AND (t.article_id IS NULL "
                      "OR COALESCE(t.content_hash, '') <> COALESCE(a.body_hash, '')) "
                      "AND NOT EXISTS (SELECT 1 FROM work_claim c WHERE c.stage = 'text' "
                      "AND c.article_id = a.id AND c.lease_until >= ?) "
                      "ORDER BY w.at, w.article_id LIMIT ?",
                      &q, eb);
    if (err)
        return err;
    db_bind_int(q, 1, now);
    db_bind_int(q, 2, (int64_t)limit);
    return store_collect_ids(q, limit, ids, n, eb);
}

void search_hits_clear(struct search_hits *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->len; i++) {
        free(h->items[i].title);
        free(h->items[i].url);
        free(h->items[i].snippet);
        free(h->items[i].source_name);
    }
    free(h->items);
    h->items = NULL;
    h->len = 0;
}

/* The words of query (nothing the user typed is an operator): for FTS5 each a
 * quoted string led by the language marker when lang is known, consecutive
 * strings ANDed; for PostgreSQL the bare words, spaced, for plainto_tsquery.
 * *words counts them. */
static enum err query_words(const char *query, const char *lang, bool fts5, struct buf *out,
                            size_t *words)
{
    struct lang_token t;
    size_t pos = 0, len = strlen(query);
    enum err err = ERR_OK;
    *words = 0;
    while (!err && lang_token_next(query, len, LANG_UNKNOWN, &pos, &t)) {
        if (t.kind == LANG_TOKEN_PUNCT)
            continue;
        if (*words)
            err = buf_putc(out, ' ');
        if (!err && fts5 && !(err = buf_putc(out, '"')))
            err = fts_lang_marker(out, lang);
        for (size_t i = t.begin; i < t.end && !err; i++)
            err = fts5 && query[i] == '"' ? buf_puts(out, "\"\"") : buf_putc(out, query[i]);
        if (!err && fts5)
            err = buf_putc(out, '"');
        ++*words;
    }
    return err;
}

/* Copies a snippet without the language marker FTS5 may include from a value's start. */
static char *clean_snippet(const char *s)
{
    if (!s)
        return NULL;
    char *out = xmalloc(strlen(s) + 1), *o = out;
    for (; *s; s++) {
        if (*s == '\x01') {
            const char *close = strchr(s + 1, '\x01');
            if (close && close - s <= 8) {
                s = close;
                continue;
            }
        }
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

/* What a hit shows beside its text, in both engines' search: the outlet's
 * name, and the story whose roundup the article is part of, if any has one
 * published (stories of a single article have no page; a draft is not shown). */
#define SEARCH_HIT_CONTEXT                                                                         \
    "s.name, (SELECT m.story_id FROM story_member m WHERE m.article_id = a.id AND EXISTS "         \
    "(SELECT 1 FROM roundup r WHERE r.story_key = 'story:' || CAST(m.story_id AS TEXT) AND "       \
    "r.published_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM desk_story d WHERE d.story_key = "   \
    "r.story_key AND d.hidden = 1))) "

/* The search on SQLite: FTS5 ranks with BM25, a title match weighing ten times
 * one in the body; a second MATCH restricted to the title tells title matches. */
static enum err prepare_search_sqlite(struct store *st, const char *match, size_t limit,
                                      struct buf *scratch, struct db_stmt **q, struct errbuf *eb)
{
    enum err err = buf_printf(scratch, "title : (%s)", match);
    if (err)
        return errf(eb, err, "the query is longer than 64 KiB");
    if ((err = store_prepare(
             st,
             "SELECT a.id, a.title, a.url, a.published_at, "
             "snippet(article_fts, 1, '[', ']', '...', 16), "
             "-bm25(article_fts, 10.0, 1.0) AS score, "
             "a.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?) AS "
             "in_title, " SEARCH_HIT_CONTEXT
             "FROM article_fts JOIN article a ON a.id = article_fts.rowid "
             "JOIN source s ON s.id = a.source_id "
             "WHERE article_fts MATCH ? ORDER BY in_title DESC, score DESC, a.id LIMIT ?",
             q, eb)))
        return err;
    db_bind_text(*q, 1, buf_cstr(scratch));
    db_bind_text(*q, 2, match);
    db_bind_int(*q, 3, (int64_t)limit);
    return ERR_OK;
}

/* The search on PostgreSQL: the words read in lang's configuration, or (no
 * lang) in every configuration, ORed, so that an article matches when the
 * words read in any language (its own among them) do; ts_rank weighs the title (A) ten times the
 * body (B), and the title alone (ts_filter) tells title matches. The snippet is computed for the
 * page of hits only. */
static enum err prepare_search_pg(struct store *st, const char *words, const char *lang,
                                  size_t limit, struct buf *scratch, struct db_stmt **q,
                                  struct errbuf *eb)
{
    enum lang l = lang_parse(lang);
    /* An array literal of configuration names: letters only, nothing to quote. */
    enum err err = buf_putc(scratch, '{');
    for (int i = 0; i < LANG_COUNT && !err; i++)
        if (lang ? i == (int)l : true)
            err = buf_printf(scratch, "%s%s", scratch->len > 1 ? "," : "", pg_configs[i]);
    if (!err)
        err = buf_putc(scratch, '}');
    if (err)
        return errf(eb, err, "the list of text search configurations is longer than 64 KiB");
    if ((err = store_prepare(st,
                             "WITH q AS (SELECT tsquery_or_all(plainto_tsquery(c, ?)) AS q "
                             "FROM unnest(CAST(? AS REGCONFIG[])) AS c), "
                             "hit AS (SELECT s.article_id, s.config, "
                             "ts_rank('{0, 0, 0.1, 1}', s.doc, q.q) AS score, "
                             "CAST(ts_filter(s.doc, '{a}') @@ q.q AS INTEGER) AS in_title "
                             "FROM article_search s CROSS JOIN q WHERE s.doc @@ q.q "
                             "ORDER BY in_title DESC, score DESC, s.article_id LIMIT ?) "
                             "SELECT a.id, a.title, a.url, a.published_at, "
                             "ts_headline(hit.config, COALESCE(a.body, ''), q.q, "
                             "'StartSel=[, StopSel=], MaxWords=16, MinWords=8, MaxFragments=1, "
                             "FragmentDelimiter=...'), hit.score, hit.in_title, " SEARCH_HIT_CONTEXT
                             "FROM hit JOIN article a ON a.id = hit.article_id CROSS JOIN q "
                             "JOIN source s ON s.id = a.source_id "
                             "ORDER BY hit.in_title DESC, hit.score DESC, a.id",
                             q, eb)))
        return err;
    db_bind_text(*q, 1, words);
    db_bind_text(*q, 2, buf_cstr(scratch));
    db_bind_int(*q, 3, (int64_t)limit);
    return ERR_OK;
}

enum err store_search(struct store *st, const char *query, const char *lang, size_t limit,
                      struct search_hits *out, struct errbuf *eb)
{
    out->items = NULL;
    out->len = 0;
    bool fts5 = db_engine(st->db) == DB_SQLITE;
    struct buf words, scratch;
    buf_init(&words, 64 * 1024);
    buf_init(&scratch, 64 * 1024 + 16);
    size_t n_words;
    struct db_stmt *q;
    enum err err = query_words(query, lang, fts5, &words, &n_words);
    if (err) {
        err = errf(eb, err, "the query is longer than 64 KiB");
        goto out;
    }
    if (!n_words) {
        err = errf(eb, ERR_INVALID, "the query has no words to search for");
        goto out;
    }
    err = fts5 ? prepare_search_sqlite(st, buf_cstr(&words), limit, &scratch, &q, eb)
               : prepare_search_pg(st, buf_cstr(&words), lang, limit, &scratch, &q, eb);
    if (err)
        goto out;
    /* A stranger's query must not hold the connection: its cost is bounded
     * in time as well as in words. */
    if ((err = db_set_time_limit(st->db, SEARCH_TIME_LIMIT_MS, eb)))
        goto out;
    size_t cap = 0;
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        out->items = xgrow(out->items, out->len, &cap, sizeof *out->items, 16);
        struct search_hit *h = &out->items[out->len++];
        h->article_id = db_col_int(q, 0);
        h->title = db_col_strdup(q, 1);
        h->url = db_col_strdup(q, 2);
        h->published_at = db_col_int(q, 3);
        h->snippet = clean_snippet(db_col_text(q, 4));
        h->score = db_col_double(q, 5);
        h->title_match = db_col_int(q, 6) != 0;
        h->source_name = db_col_strdup(q, 7);
        h->story_id = db_col_is_null(q, 8) ? 0 : db_col_int(q, 8);
    }
    db_reset(q);
    if (err == ERR_TIMEOUT)
        err = errf(eb, err, "the search took longer than %d ms; fewer or rarer words are faster",
                   SEARCH_TIME_LIMIT_MS);
    struct errbuf unbound_eb;
    enum err unbound = db_set_time_limit(st->db, 0, err ? &unbound_eb : eb);
    if (!err)
        err = unbound;
    if (err)
        search_hits_clear(out);
out:
    buf_clear(&words);
    buf_clear(&scratch);
    return err;
}

enum err store_search_reindex(struct store *st, struct errbuf *eb)
{
    struct db_stmt *q;
    enum err err =
        store_prepare(st, "SELECT article_id, lang FROM article_text ORDER BY article_id", &q, eb);
    if (err)
        return err;
    /* Read the ids first: indexing prepares statements on the same connection. */
    int64_t *ids = NULL;
    char **langs = NULL;
    size_t n = 0, cap = 0;
    bool row;
    while (!(err = db_step(q, &row, eb)) && row) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            ids = xrealloc(ids, cap * sizeof *ids);
            langs = xrealloc(langs, cap * sizeof *langs);
        }
        ids[n] = db_col_int(q, 0);
        langs[n++] = db_col_strdup(q, 1);
    }
    db_reset(q);
    for (size_t i = 0; i < n && !err; i++)
        err = index_article(st, ids[i], langs[i], eb);
    for (size_t i = 0; i < n; i++)
        free(langs[i]);
    free(langs);
    free(ids);
    return err;
}
