/* Copying a whole installation from one store to another (omnibus migrate):
 * the tables both engines share, in the order the migrations create them (so
 * that parents come before the rows that reference them), rows in multi-row
 * INSERT batches, everything in one transaction on the target. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "store/migrations.h"
#include "store/store_internal.h"

/* Rows per INSERT, and the parameters one statement may carry (SQLite's
 * default limit is 32766; PostgreSQL's 65535). */
#define COPY_BATCH_ROWS 256
#define COPY_MAX_PARAMS 32766
#define COPY_MAX_COLS 256

struct names {
    char **items;
    size_t len;
};

static void names_clear(struct names *n)
{
    for (size_t i = 0; i < n->len; i++)
        free(n->items[i]);
    free(n->items);
    n->items = NULL;
    n->len = 0;
}

static size_t names_find(const struct names *n, const char *name)
{
    for (size_t i = 0; i < n->len; i++)
        if (!strcmp(n->items[i], name))
            return i;
    return n->len;
}

/* The next word of sql at *p (letters, digits, _ or one other character),
 * skipping blanks, comments and string literals; "" at the end. */
static const char *next_word(const char **p, char *word, size_t size)
{
    const char *s = *p;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        if (s[0] == '-' && s[1] == '-') {
            s += strcspn(s, "\n");
        } else if (s[0] == '/' && s[1] == '*') {
            const char *end = strstr(s + 2, "*/");
            s = end ? end + 2 : s + strlen(s);
        } else if (*s == '\'') {
            for (s++; *s && !(*s == '\'' && s[1] != '\''); s += *s == '\'' ? 2 : 1)
                ;
            if (*s)
                s++;
        } else {
            break;
        }
    }
    size_t n = 0;
    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
           (s[n] >= '0' && s[n] <= '9') || s[n] == '_')
        n++;
    if (!n && *s)
        n = 1;
    size_t keep = n < size - 1 ? n : size - 1;
    memcpy(word, s, keep);
    word[keep] = '\0';
    *p = s + n;
    return word;
}

/* Reads "[IF [NOT] EXISTS] name" after CREATE TABLE or DROP TABLE. */
static const char *table_name(const char **p, char *word, size_t size)
{
    next_word(p, word, size);
    if (!strcasecmp(word, "IF")) {
        if (!strcasecmp(next_word(p, word, size), "NOT"))
            next_word(p, word, size); /* EXISTS */
        next_word(p, word, size);
    }
    return word;
}

/* The tables the common migrations create and do not drop, in creation order.
 * Tables of one engine's own files (SQLite's FTS5 index, for instance) are
 * derived from these and rebuilt by the target's own triggers, so they are
 * not copied. */
static enum err shared_tables(struct names *out, struct errbuf *eb)
{
    out->items = xcalloc(64, sizeof *out->items);
    size_t cap = 64;
    char word[128];
    for (size_t m = 0; m < migrations_count; m++) {
        const char *p = migrations[m].common;
        while (p && *next_word(&p, word, sizeof word)) {
            bool create = !strcasecmp(word, "CREATE");
            if (!create && strcasecmp(word, "DROP"))
                continue;
            const char *keep = p;
            if (strcasecmp(next_word(&p, word, sizeof word), "TABLE")) {
                p = keep;
                continue;
            }
            table_name(&p, word, sizeof word);
            for (char *c = word; *c; c++)
                *c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
            size_t at = names_find(out, word);
            if (create && at == out->len) {
                if (!store_plain_name(word))
                    return errf(eb, ERR_UNSUPPORTED,
                                "migration %d creates table \"%s\": "
                                "only plain lower-case names can be copied",
                                migrations[m].version, word);
                if (out->len == cap) {
                    cap *= 2;
                    out->items = xrealloc(out->items, cap * sizeof *out->items);
                }
                out->items[out->len++] = xstrdup(word);
            } else if (!create && at < out->len) {
                free(out->items[at]);
                memmove(&out->items[at], &out->items[at + 1],
                        (out->len - at - 1) * sizeof *out->items);
                out->len--;
            }
        }
    }
    return ERR_OK;
}

/* Prepares the SQL in b on db, with the engine's message in eb on failure. */
static enum err prepare_buf(struct db *db, struct buf *b, struct db_stmt **q, struct errbuf *eb)
{
    enum err err = db_prepare(db, buf_cstr(b), q);
    if (err)
        return errf(eb, err, "%s: %s", db->ops->name, db->ops->errmsg(db));
    return ERR_OK;
}

/* Runs "fmt" (with table for its %s) on db up to its first row; the caller
 * reads *q and resets it. */
static enum err first_row(struct db *db, const char *fmt, const char *table, struct buf *sql,
                          struct db_stmt **q, bool *row, struct errbuf *eb)
{
    buf_reset(sql);
    enum err err = buf_printf(sql, fmt, table);
    if (err || (err = prepare_buf(db, sql, q, eb)))
        return err;
    if ((err = db_step(*q, row, eb)))
        db_reset(*q);
    return err;
}

static enum err refuse_rows(struct db *to, const char *table, struct buf *sql, struct errbuf *eb)
{
    struct db_stmt *q;
    bool row;
    enum err err = first_row(to, "SELECT 1 FROM %s LIMIT 1", table, sql, &q, &row, eb);
    if (err)
        return err;
    db_reset(q);
    if (row)
        err = errf(eb, ERR_EXISTS,
                   "the target database is not empty (table %s has rows): "
                   "migrate only into a new database",
                   table);
    return err;
}

/* The column names of table on db. */
static enum err columns_of(struct db *db, const char *table, struct buf *sql, struct names *out,
                           struct errbuf *eb)
{
    struct db_stmt *q;
    bool row;
    enum err err = first_row(db, "SELECT * FROM %s LIMIT 0", table, sql, &q, &row, eb);
    if (err)
        return err;
    int n = db_col_count(q);
    out->items = xcalloc(n ? (size_t)n : 1, sizeof *out->items);
    for (int i = 0; i < n; i++)
        out->items[out->len++] = xstrdup(db_col_name(q, i));
    db_reset(q);
    return ERR_OK;
}

struct value {
    enum db_type type;
    int64_t i;
    double d;
    char *s;
};

/* Inserts the rows buffered in vals (rows x ncols) with one statement. */
static enum err insert_batch(struct db *to, const char *table, const struct names *cols,
                             struct value *vals, size_t rows, struct buf *sql, struct errbuf *eb)
{
    buf_reset(sql);
    enum err err = buf_printf(sql, "INSERT INTO %s (", table);
    for (size_t c = 0; c < cols->len && !err; c++)
        err = buf_printf(sql, "%s%s", c ? ", " : "", cols->items[c]);
    for (size_t r = 0; r < rows && !err; r++) {
        err = buf_puts(sql, r ? "), (" : ") VALUES (");
        for (size_t c = 0; c < cols->len && !err; c++)
            err = buf_puts(sql, c ? ", ?" : "?");
    }
    if (!err)
        err = buf_putc(sql, ')');
    struct db_stmt *q;
    if (err || (err = prepare_buf(to, sql, &q, eb)))
        return err;
    for (size_t k = 0; k < rows * cols->len; k++) {
        int param = (int)k + 1;
        switch (vals[k].type) {
        case DB_INT:
            db_bind_int(q, param, vals[k].i);
            break;
        case DB_DOUBLE:
            db_bind_double(q, param, vals[k].d);
            break;
        case DB_TEXT:
            db_bind_text(q, param, vals[k].s);
            break;
        default:
            db_bind_null(q, param);
            break;
        }
    }
    struct errbuf why = {{0}};
    err = db_run(q, &why);
    db_reset(q);
    if (err)
        return errf(eb, err, "copying into %s: %s", table, why.msg);
    return ERR_OK;
}

static void clear_values(struct value *vals, size_t n)
{
    for (size_t k = 0; k < n; k++)
        free(vals[k].s);
    memset(vals, 0, n * sizeof *vals);
}

/* Reads the current row of q into vals (one per column). */
static enum err read_row(struct db_stmt *q, const char *table, const struct names *cols,
                         struct value *vals, struct errbuf *eb)
{
    for (size_t c = 0; c < cols->len; c++) {
        struct value *v = &vals[c];
        v->type = db_col_type(q, (int)c);
        if (v->type == DB_INT)
            v->i = db_col_int(q, (int)c);
        else if (v->type == DB_DOUBLE)
            v->d = db_col_double(q, (int)c);
        else if (v->type == DB_TEXT)
            v->s = db_col_strdup(q, (int)c);
        else if (v->type == DB_BLOB)
            return errf(eb, ERR_UNSUPPORTED, "column %s.%s holds a BLOB", table, cols->items[c]);
    }
    return ERR_OK;
}

/* The source's columns of table, which must all exist in the target. */
static enum err source_columns(struct db_stmt *q, const char *table, const struct names *target,
                               struct names *out, struct errbuf *eb)
{
    int n = db_col_count(q);
    if (n > COPY_MAX_COLS)
        return errf(eb, ERR_LIMIT, "table %s has %d columns, over %d", table, n, COPY_MAX_COLS);
    out->items = xcalloc((size_t)n + 1, sizeof *out->items);
    for (int c = 0; c < n; c++) {
        const char *name = db_col_name(q, c);
        /* Copying only what both sides have would lose the rest. */
        if (!store_plain_name(name) || names_find(target, name) == target->len)
            return errf(eb, ERR_UNSUPPORTED, "column %s.%s of the source is not in the target",
                        table, name);
        out->items[out->len++] = xstrdup(name);
    }
    return ERR_OK;
}

static enum err copy_table(struct db *from, struct db *to, const char *table, int64_t *rows,
                           struct errbuf *eb)
{
    *rows = 0;
    struct buf sql;
    buf_init(&sql, 16 * 1024 * 1024);
    struct names cols = {0}, target = {0};
    struct value *vals = NULL;
    size_t have = 0; /* rows buffered in vals */
    struct db_stmt *q = NULL;
    bool row;
    enum err err = columns_of(to, table, &sql, &target, eb);
    if (err || (err = first_row(from, "SELECT * FROM %s ORDER BY 1", table, &sql, &q, &row, eb)))
        goto out;
    if ((err = source_columns(q, table, &target, &cols, eb)))
        goto out;
    size_t batch = COPY_MAX_PARAMS / (cols.len ? cols.len : 1);
    if (batch > COPY_BATCH_ROWS)
        batch = COPY_BATCH_ROWS;
    vals = xcalloc(batch * cols.len + 1, sizeof *vals);
    while (row) {
        if ((err = read_row(q, table, &cols, &vals[have++ * cols.len], eb)))
            goto out;
        if (have == batch) {
            if ((err = insert_batch(to, table, &cols, vals, have, &sql, eb)))
                goto out;
            clear_values(vals, have * cols.len);
            *rows += (int64_t)have;
            have = 0;
        }
        if ((err = db_step(q, &row, eb)))
            goto out;
    }
    if (have && !(err = insert_batch(to, table, &cols, vals, have, &sql, eb)))
        *rows += (int64_t)have;
out:
    if (q)
        db_reset(q);
    if (vals)
        clear_values(vals, have * cols.len);
    free(vals);
    names_clear(&cols);
    names_clear(&target);
    buf_clear(&sql);
    return err;
}

/* PostgreSQL hands out identity values from a sequence that the copied rows
 * did not advance: move it past the largest id copied. */
static enum err advance_identities(struct db *to, const struct names *tables, struct errbuf *eb)
{
    struct buf sql;
    buf_init(&sql, 4096);
    enum err err = ERR_OK;
    for (size_t t = 0; t < tables->len && !err; t++) {
        struct names cols = {0};
        struct db_stmt *q;
        err = db_prepare(to,
                         "SELECT column_name FROM information_schema.columns "
                         "WHERE table_schema = current_schema() AND table_name = ? "
                         "AND is_identity = 'YES'",
                         &q);
        if (err) {
            errf(eb, err, "postgres: %s", to->ops->errmsg(to));
            break;
        }
        db_bind_text(q, 1, tables->items[t]);
        cols.items = xcalloc(COPY_MAX_COLS, sizeof *cols.items);
        bool row;
        while (!(err = db_step(q, &row, eb)) && row && cols.len < COPY_MAX_COLS)
            cols.items[cols.len++] = db_col_strdup(q, 0);
        db_reset(q);
        for (size_t c = 0; c < cols.len && !err; c++) {
            buf_reset(&sql);
            if ((err = buf_printf(&sql,
                                  "SELECT setval(pg_get_serial_sequence(?, ?), "
                                  "COALESCE(MAX(%s), 0) + 1, false) FROM %s",
                                  cols.items[c], tables->items[t])) ||
                (err = prepare_buf(to, &sql, &q, eb)))
                break;
            db_bind_text(q, 1, tables->items[t]);
            db_bind_text(q, 2, cols.items[c]);
            err = db_run(q, eb);
            db_reset(q);
        }
        names_clear(&cols);
    }
    buf_clear(&sql);
    return err;
}

enum err store_copy_all(struct store *from, struct store *to,
                        void (*on_table)(const char *table, int64_t rows, void *ctx), void *ctx,
                        struct errbuf *eb)
{
    int from_version, to_version;
    enum err err = store_schema_version(from, &from_version, eb);
    if (!err)
        err = store_schema_version(to, &to_version, eb);
    if (err)
        return err;
    if (from_version != to_version)
        return errf(eb, ERR_INVALID, "the source is at schema version %d, the target at %d",
                    from_version, to_version);
    struct names tables = {0};
    if ((err = shared_tables(&tables, eb))) {
        names_clear(&tables);
        return err;
    }
    struct db *src = from->db, *dst = to->db;
    /* One snapshot of the source, whatever writes to it meanwhile. */
    if ((err = db_begin(src, eb))) {
        names_clear(&tables);
        return err;
    }
    if (src->engine == DB_POSTGRES &&
        (err = db_exec(src, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")))
        errf(eb, err, "postgres: %s", src->ops->errmsg(src));
    if (!err)
        err = db_begin_write(dst, eb);
    if (err) {
        db_rollback(src);
        names_clear(&tables);
        return err;
    }
    struct buf sql;
    buf_init(&sql, 4096);
    for (size_t t = 0; t < tables.len && !err; t++)
        err = refuse_rows(dst, tables.items[t], &sql, eb);
    buf_clear(&sql);
    for (size_t t = 0; t < tables.len && !err; t++) {
        int64_t rows;
        err = copy_table(src, dst, tables.items[t], &rows, eb);
        if (!err && on_table)
            on_table(tables.items[t], rows, ctx);
    }
    if (!err && dst->engine == DB_POSTGRES)
        err = advance_identities(dst, &tables, eb);
    /* The search index is engine-specific, so it is rebuilt, not copied. */
    if (!err)
        err = store_search_reindex(to, eb);
    if (err)
        db_rollback(dst);
    else
        err = db_commit(dst, eb);
    db_rollback(src);
    names_clear(&tables);
    return err;
}
