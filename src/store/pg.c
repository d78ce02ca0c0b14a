/* The PostgreSQL engine of db.h (libpq). Statements are prepared once per
 * session under generated names, with parameters and results in text format.
 * A broken connection is reset when no transaction is open; inside one the
 * error reaches the caller, whose rollback ends it and lets the next statement
 * reconnect. jsonb's ? operators cannot be written: ? is always a parameter. */
#include <ctype.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/xalloc.h"
#include "store/db.h"
#include "store/stmt_cache.h"

/* Type OIDs of the server's catalog (pg_type.dat); they never change. */
enum {
    OID_BYTEA = 17,
    OID_INT8 = 20,
    OID_INT2 = 21,
    OID_INT4 = 23,
    OID_OID = 26,
    OID_FLOAT4 = 700,
    OID_FLOAT8 = 701,
};

/* The protocol numbers parameters with 16 bits. */
#define PG_MAX_PARAMS 65535

struct pg_stmt {
    struct db_stmt head;
    char name[24]; /* the server-side name */
    char *sql;     /* with $n placeholders */
    int nparams;
    char **values;       /* nparams texts; NULL binds SQL NULL */
    int bad_param;       /* a parameter number out of range, reported at the next step */
    uint64_t generation; /* the session it is prepared on (0: none yet) */
    PGresult *res;       /* all rows of the current run; NULL before it */
    int row;
    int64_t changes;
};

struct pg_db {
    struct db head;
    PGconn *conn;
    uint64_t generation; /* the session: bumped at every reconnect */
    bool in_tx;          /* the server holds a transaction of ours (last known) */
    bool session_ended;  /* the server said it ends the session */
    unsigned next_name;
    struct stmt_cache cache;
    char err[1024];
    char notice[256];
};

#define PS(x) ((struct pg_stmt *)(x))
#define PDB(x) ((struct pg_db *)(x))

/* ---- placeholders ---- */

static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '$';
}

/* The end of the $tag$-quoted string opening at p, or p when none opens there. */
static const char *dollar_quote_end(const char *p)
{
    const char *q = p + 1;
    if (isalpha((unsigned char)*q) || *q == '_')
        while (isalnum((unsigned char)*q) || *q == '_')
            q++;
    if (*q != '$')
        return p;
    size_t tag = (size_t)(q + 1 - p);
    for (const char *end = strchr(q + 1, '$'); end; end = strchr(end + 1, '$'))
        if (!strncmp(end, p, tag))
            return end + tag;
    return p + strlen(p);
}

/* The end of the literal, quoted identifier or comment opening at p (where
 * start is the statement's first character), or p when none opens there.
 * Unterminated ones run to the end: the server reports them. */
static const char *quoted_end(const char *start, const char *p)
{
    if (*p == '\'' || *p == '"') {
        char quote = *p;
        /* E'...' strings take backslash escapes. */
        bool backslash = quote == '\'' && p - start >= 1 && (p[-1] == 'E' || p[-1] == 'e') &&
                         (p - start == 1 || !ident_char(p[-2]));
        const char *q = p + 1;
        while (*q) {
            if (backslash && *q == '\\' && q[1])
                q += 2;
            else if (*q == quote && q[1] == quote)
                q += 2;
            else if (*q == quote)
                return q + 1;
            else
                q++;
        }
        return q;
    }
    if (p[0] == '-' && p[1] == '-') {
        const char *nl = strchr(p, '\n');
        return nl ? nl : p + strlen(p);
    }
    if (p[0] == '/' && p[1] == '*') {
        int depth = 0; /* PostgreSQL's block comments nest */
        const char *q = p;
        while (*q) {
            if (q[0] == '/' && q[1] == '*') {
                depth++;
                q += 2;
            } else if (q[0] == '*' && q[1] == '/') {
                q += 2;
                if (--depth == 0)
                    return q;
            } else {
                q++;
            }
        }
        return q;
    }
    if (*p == '$' && (p == start || !ident_char(p[-1])))
        return dollar_quote_end(p);
    return p;
}

enum err pg_translate_placeholders(const char *sql, struct buf *out, int *nparams)
{
    buf_reset(out);
    *nparams = 0;
    enum err err = ERR_OK;
    const char *p = sql;
    while (*p && !err) {
        const char *end = quoted_end(sql, p);
        if (end != p) {
            err = buf_append(out, p, (size_t)(end - p));
            p = end;
        } else if (*p == '?') {
            if (*nparams == PG_MAX_PARAMS)
                return ERR_LIMIT;
            err = buf_printf(out, "$%d", ++*nparams);
            p++;
        } else {
            err = buf_putc(out, *p++);
        }
    }
    return err;
}

/* ---- errors ---- */

/* Appends to the connection's message, cutting what does not fit. */
static void err_add(struct pg_db *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void err_add(struct pg_db *p, const char *fmt, ...)
{
    size_t len = strlen(p->err);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err + len, sizeof p->err - len, fmt, ap);
    va_end(ap);
}

/* libpq's messages span lines and end in one: make them one line. */
static void one_line(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (isspace((unsigned char)*r)) {
            if (w > s && w[-1] != ' ')
                *w++ = ' ';
        } else {
            *w++ = *r;
        }
    }
    while (w > s && w[-1] == ' ')
        w--;
    *w = '\0';
}

/* Sets the message of a failed statement: the server's words and the SQL's start. */
static void set_error(struct pg_db *p, const PGresult *res, const char *sql)
{
    const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
    const char *hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    p->err[0] = '\0';
    if (primary) {
        err_add(p, "%s", primary);
        if (detail)
            err_add(p, " (%s)", detail);
        if (hint)
            err_add(p, " hint: %s", hint);
        if (state)
            err_add(p, " [SQLSTATE %s]", state);
    } else {
        err_add(p, "%s", PQerrorMessage(p->conn));
    }
    if (sql)
        err_add(p, " in \"%.60s%s\"", sql, strlen(sql) > 60 ? "..." : "");
    one_line(p->err);
}

/* Keeps the server's last notice. An error that comes while no statement runs
 * is the server ending the session, and the reason why: the socket closes next. */
static void receive_notice(void *arg, const PGresult *res)
{
    struct pg_db *p = arg;
    const char *severity = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
    if (severity && (!strcmp(severity, "FATAL") || !strcmp(severity, "PANIC")))
        p->session_ended = true;
    snprintf(p->notice, sizeof p->notice, "%s", PQresultErrorMessage(res));
    one_line(p->notice);
    log_debug("postgres: %s", p->notice);
}

static bool broken(const struct pg_db *p)
{
    return p->session_ended || PQstatus(p->conn) == CONNECTION_BAD;
}

/* ---- round trips ---- */

enum op { OP_EXEC, OP_PREPARE, OP_RUN };

static bool succeeded(const PGresult *res)
{
    switch (PQresultStatus(res)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
        return true;
    default:
        return false;
    }
}

/* One attempt: sql as a simple query (OP_EXEC), or st prepared on this session
 * (OP_PREPARE) and run (OP_RUN). NULL only when libpq is out of memory. */
static PGresult *attempt(struct pg_db *p, enum op op, struct pg_stmt *st, const char *sql)
{
    if (op == OP_EXEC)
        return PQexec(p->conn, sql);
    if (st->generation != p->generation) {
        PGresult *res = PQprepare(p->conn, st->name, st->sql, st->nparams, NULL);
        if (!succeeded(res))
            return res;
        st->generation = p->generation;
        if (op == OP_PREPARE)
            return res;
        PQclear(res);
    }
    if (op == OP_PREPARE)
        return PQmakeEmptyPGresult(p->conn, PGRES_COMMAND_OK);
    return PQexecPrepared(p->conn, st->name, st->nparams, (const char *const *)st->values, NULL,
                          NULL, 0);
}

/* Opens a new session with the same parameters. Statements are prepared again
 * when next used, as the new session has none of them. */
static enum err reconnect(struct pg_db *p)
{
    PQreset(p->conn);
    p->generation++;
    p->in_tx = false;
    p->session_ended = false;
    if (PQstatus(p->conn) != CONNECTION_OK) {
        p->err[0] = '\0';
        err_add(p, "cannot reconnect to PostgreSQL: %s", PQerrorMessage(p->conn));
        one_line(p->err);
        return ERR_STORE;
    }
    log_warn("the connection to PostgreSQL broke; reconnected");
    return ERR_OK;
}

/* A statement that ended this way did not commit: the server ended the session
 * (57P01 terminated by an administrator, 57P02 crash, 57P03 not accepting). */
static bool session_ended(const PGresult *res)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    return state && !strncmp(state, "57P", 3);
}

/* The server stopped the statement: its statement_timeout passed (57014,
 * query_canceled). */
static bool timed_out(const PGresult *res)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    return state && !strcmp(state, "57014");
}

/* Reads what the server sent while the session was idle. A server that ended
 * the session sent its reason (which libpq hands to the notice processor) and
 * closed the socket: finding that out before sending means that no statement
 * goes to a dead session, where it could not tell whether it ran. */
static void read_idle_input(struct pg_db *p)
{
    /* A few reads reach the end of the socket; more would only be notifications. */
    for (int i = 0; i < 4 && !broken(p); i++) {
        struct pollfd pfd = {.fd = PQsocket(p->conn), .events = POLLIN};
        if (poll(&pfd, 1, 0) <= 0 || !PQconsumeInput(p->conn))
            return;
        (void)PQisBusy(p->conn); /* parses what came */
    }
}

/* Runs op, reconnecting when the connection is broken and no transaction is
 * open. A statement is sent again only when it surely did not run. On success
 * *out (if not NULL) receives the result, else it is cleared. */
static enum err run(struct pg_db *p, enum op op, struct pg_stmt *st, const char *sql,
                    PGresult **out)
{
    const char *text = op == OP_EXEC ? sql : st->sql;
    /* Nothing to roll back in a lost session, and rolling back ends the
     * transaction, so a rollback may always reconnect. */
    bool rollback = op == OP_EXEC && !strcmp(sql, "ROLLBACK");
    read_idle_input(p);
    if (broken(p)) {
        if (p->in_tx && !rollback) {
            p->err[0] = '\0';
            err_add(p, "the connection to PostgreSQL was lost inside a transaction: %s %s",
                    p->session_ended ? p->notice : "", PQerrorMessage(p->conn));
            one_line(p->err);
            return ERR_STORE;
        }
        enum err err = reconnect(p);
        if (err)
            return err;
    }
    for (int tries = 0;; tries++) {
        bool was_in_tx = p->in_tx;
        PGresult *res = attempt(p, op, st, sql);
        if (succeeded(res)) {
            p->in_tx = PQtransactionStatus(p->conn) != PQTRANS_IDLE;
            if (out)
                *out = res;
            else
                PQclear(res);
            return ERR_OK;
        }
        set_error(p, res, text);
        bool ended = session_ended(res), late = timed_out(res);
        PQclear(res);
        if (!broken(p)) {
            p->in_tx = PQtransactionStatus(p->conn) != PQTRANS_IDLE;
            return late ? ERR_TIMEOUT : ERR_STORE;
        }
        /* A transaction the connection took with it must fail for its owner. */
        if (was_in_tx && !rollback)
            return ERR_STORE;
        enum err err = reconnect(p); /* keeps p->err when it succeeds */
        if (err || rollback)
            return err;
        if (tries > 0 || !ended) {
            err_add(p, " (reconnected; it may have run)");
            return ERR_STORE;
        }
    }
}

/* ---- db_ops ---- */

static void free_stmt(struct db_stmt *s)
{
    struct pg_stmt *st = PS(s);
    PQclear(st->res);
    for (int i = 0; i < st->nparams; i++)
        free(st->values[i]);
    free(st->values);
    free(st->sql);
    free(st);
}

static void pg_close(struct db *db)
{
    struct pg_db *p = PDB(db);
    stmt_cache_clear(&p->cache, free_stmt);
    PQfinish(p->conn);
    free(p);
}

static enum err pg_exec(struct db *db, const char *sql)
{
    return run(PDB(db), OP_EXEC, NULL, sql, NULL);
}

static void pg_reset(struct db_stmt *s)
{
    struct pg_stmt *st = PS(s);
    PQclear(st->res);
    st->res = NULL;
    st->row = 0;
    st->bad_param = 0;
    for (int i = 0; i < st->nparams; i++) {
        free(st->values[i]);
        st->values[i] = NULL;
    }
}

static enum err pg_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
    struct pg_db *p = PDB(db);
    struct db_stmt *cached = stmt_cache_get(&p->cache, sql);
    if (cached) {
        pg_reset(cached);
        *out = cached;
        return ERR_OK;
    }
    /* "$65535" is six bytes for one "?". */
    struct buf text;
    buf_init(&text, strlen(sql) * 6 + 1);
    int nparams;
    enum err err = pg_translate_placeholders(sql, &text, &nparams);
    if (err) {
        snprintf(p->err, sizeof p->err, "more than %d parameters in \"%.60s...\"", PG_MAX_PARAMS,
                 sql);
        buf_clear(&text);
        return err;
    }
    struct pg_stmt *st = xcalloc(1, sizeof *st);
    st->head.db = db;
    snprintf(st->name, sizeof st->name, "omnibus_%u", p->next_name++);
    st->sql = buf_steal(&text);
    st->nparams = nparams;
    st->values = xcalloc(nparams ? (size_t)nparams : 1, sizeof *st->values);
    err = run(p, OP_PREPARE, st, NULL, NULL);
    if (err) {
        free_stmt(&st->head);
        return err;
    }
    stmt_cache_put(&p->cache, sql, &st->head);
    *out = &st->head;
    return ERR_OK;
}

/* Takes ownership of v. */
static void set_param(struct db_stmt *s, int i, char *v)
{
    struct pg_stmt *st = PS(s);
    if (i < 1 || i > st->nparams) {
        st->bad_param = i;
        free(v);
        return;
    }
    free(st->values[i - 1]);
    st->values[i - 1] = v;
}

static void pg_bind_null(struct db_stmt *st, int i)
{
    set_param(st, i, NULL);
}

static void pg_bind_int(struct db_stmt *st, int i, int64_t v)
{
    set_param(st, i, xasprintf("%lld", (long long)v));
}

static void pg_bind_double(struct db_stmt *st, int i, double v)
{
    /* 17 significant digits read back as the same double. */
    set_param(st, i, xasprintf("%.17g", v));
}

static void pg_bind_text(struct db_stmt *st, int i, const char *s, int len)
{
    set_param(st, i, xstrndup(s, (size_t)len));
}

static enum err pg_step(struct db_stmt *s, bool *row)
{
    struct pg_stmt *st = PS(s);
    struct pg_db *p = PDB(s->db);
    *row = false;
    if (!st->res) {
        if (st->bad_param) {
            snprintf(p->err, sizeof p->err, "parameter %d bound, but \"%.60s\" has %d",
                     st->bad_param, st->sql, st->nparams);
            return ERR_INVALID;
        }
        enum err err = run(p, OP_RUN, st, NULL, &st->res);
        if (err)
            return err;
        st->row = 0;
        st->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
    } else if (st->row < PQntuples(st->res)) {
        st->row++;
    }
    *row = st->row < PQntuples(st->res);
    return ERR_OK;
}

/* The current row's value of col, or NULL (for SQL NULL, or no row). */
static const char *value(struct db_stmt *s, int col)
{
    struct pg_stmt *st = PS(s);
    if (!st->res || st->row >= PQntuples(st->res) || col < 0 || col >= PQnfields(st->res) ||
        PQgetisnull(st->res, st->row, col))
        return NULL;
    return PQgetvalue(st->res, st->row, col);
}

static int pg_col_count(struct db_stmt *s)
{
    return PS(s)->res ? PQnfields(PS(s)->res) : 0;
}

static const char *pg_col_name(struct db_stmt *s, int col)
{
    return PS(s)->res ? PQfname(PS(s)->res, col) : NULL;
}

static enum db_type pg_col_type(struct db_stmt *s, int col)
{
    if (!value(s, col))
        return DB_NULL;
    switch (PQftype(PS(s)->res, col)) {
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
        return DB_INT;
    case OID_FLOAT4:
    case OID_FLOAT8:
        return DB_DOUBLE;
    case OID_BYTEA:
        return DB_BLOB;
    default:
        return DB_TEXT;
    }
}

static bool pg_col_is_null(struct db_stmt *s, int col)
{
    return !value(s, col);
}

static int64_t pg_col_int(struct db_stmt *s, int col)
{
    const char *v = value(s, col);
    return v ? strtoll(v, NULL, 10) : 0;
}

static double pg_col_double(struct db_stmt *s, int col)
{
    const char *v = value(s, col);
    return v ? strtod(v, NULL) : 0;
}

static const char *pg_col_text(struct db_stmt *s, int col)
{
    return value(s, col);
}

static int64_t pg_changes(struct db_stmt *s)
{
    return PS(s)->changes;
}

static const char *pg_errmsg(struct db *db)
{
    return PDB(db)->err;
}

/* The session's statement_timeout, set through a prepared statement (a
 * reconnected session starts without it, as the server's default). */
static enum err pg_set_time_limit(struct db *db, int ms)
{
    struct db_stmt *st;
    enum err err = pg_prepare(db, "SELECT set_config('statement_timeout', ?, false)", &st);
    if (err)
        return err;
    char *v = xasprintf("%d", ms);
    pg_bind_text(st, 1, v, (int)strlen(v));
    free(v);
    bool row;
    err = pg_step(st, &row);
    pg_reset(st);
    return err;
}

/* The server keeps the caches; libpq's buffers are a connection's few KB. */
static int64_t pg_heap_bytes(void)
{
    return -1;
}

static const struct db_ops pg_ops = {
    .name = "postgres",
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .bind_null = pg_bind_null,
    .bind_int = pg_bind_int,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .step = pg_step,
    .col_count = pg_col_count,
    .col_name = pg_col_name,
    .col_type = pg_col_type,
    .col_is_null = pg_col_is_null,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .reset = pg_reset,
    .changes = pg_changes,
    .errmsg = pg_errmsg,
    .set_time_limit = pg_set_time_limit,
    .heap_bytes = pg_heap_bytes,
};

enum err pg_db_open(const char *conninfo, struct db **out, struct errbuf *eb)
{
    *out = NULL;
    /* Defaults first: what the DSN says overrides them. */
    const char *const keys[] = {"connect_timeout", "client_encoding", "fallback_application_name",
                                "dbname", NULL};
    const char *const values[] = {"10", "UTF8", "omnibus", conninfo, NULL};
    PGconn *conn = PQconnectdbParams(keys, values, 1);
    if (!conn)
        return errf(eb, ERR_STORE, "cannot connect to PostgreSQL: out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
        /* Named by host and database: the DSN may hold a password. */
        char *msg = xstrdup(PQerrorMessage(conn));
        one_line(msg);
        enum err err =
            errf(eb, ERR_STORE, "cannot connect to PostgreSQL (host %s, database %s): %s",
                 PQhost(conn) ? PQhost(conn) : "?", PQdb(conn) ? PQdb(conn) : "?", msg);
        free(msg);
        PQfinish(conn);
        return err;
    }
    struct pg_db *p = xcalloc(1, sizeof *p);
    PQsetNoticeReceiver(conn, receive_notice, p);
    p->head.ops = &pg_ops;
    p->head.engine = DB_POSTGRES;
    p->conn = conn;
    p->generation = 1;
    *out = &p->head;
    return ERR_OK;
}
