/* What only the PostgreSQL engine does: placeholder translation, a session that
 * the server ends (reconnect, and a lost transaction that must fail), readable
 * errors, scripts through exec, column types. The tests that need a server skip
 * when OMNIBUS_TEST_PG is not set (scripts/test sets it). */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "store/db.h"
#include "store/store.h"
#include "testlib.h"

static char *translate(const char *sql, int *n)
{
    struct buf out;
    buf_init(&out, 1 << 20);
    assert_int_equal(pg_translate_placeholders(sql, &out, n), ERR_OK);
    return buf_steal(&out);
}

static void test_placeholders(void **state)
{
    (void)state;
    int n;
    char *s = translate("SELECT a FROM t WHERE a = ? AND b IN (?, ?) LIMIT ?", &n);
    assert_string_equal(s, "SELECT a FROM t WHERE a = $1 AND b IN ($2, $3) LIMIT $4");
    assert_int_equal(n, 4);
    free(s);
    /* Question marks in literals, identifiers, comments and dollar quotes stay. */
    s = translate("SELECT '?', 'it''s ?', \"a?\"\"b\", E'\\'?', ? -- ?\n"
                  "/* ? /* ? */ ? */ $$ ? $$, $x$ ? $ ? $x$, ?",
                  &n);
    assert_string_equal(s, "SELECT '?', 'it''s ?', \"a?\"\"b\", E'\\'?', $1 -- ?\n"
                           "/* ? /* ? */ ? */ $$ ? $$, $x$ ? $ ? $x$, $2");
    assert_int_equal(n, 2);
    free(s);
    /* A backslash ends nothing in a standard string; an identifier's $ opens nothing. */
    s = translate("SELECT 'a\\', ?, a$b, ?", &n);
    assert_string_equal(s, "SELECT 'a\\', $1, a$b, $2");
    free(s);
    /* Unterminated: left for the server to report. */
    s = translate("SELECT ?, '?", &n);
    assert_string_equal(s, "SELECT $1, '?");
    free(s);

    struct buf many, out;
    buf_init(&many, 1 << 20);
    buf_init(&out, 1 << 22);
    for (int i = 0; i < 65536; i++)
        assert_int_equal(buf_puts(&many, i ? ",?" : "?"), ERR_OK);
    assert_int_equal(pg_translate_placeholders(buf_cstr(&many), &out, &n), ERR_LIMIT);
    buf_clear(&many);
    buf_clear(&out);
}

static char *pg_or_skip(const char *name)
{
    char *dsn = test_pg_dsn(name);
    if (!dsn)
        skip();
    return dsn;
}

/* Ends every other session on dsn's database, as an administrator would, and
 * waits until the server has let them go. */
static void terminate_others(const char *dsn)
{
    PGconn *admin = PQconnectdb(dsn);
    assert_int_equal(PQstatus(admin), CONNECTION_OK);
    PGresult *res = PQexec(admin, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                  "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
    /* The store's session, and perhaps the previous call's admin session,
     * whose backend may still be on its way out on a loaded machine. */
    assert_true(atoi(PQgetvalue(res, 0, 0)) >= 1);
    PQclear(res);
    for (int i = 0;; i++) {
        res = PQexec(admin, "SELECT count(*) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()");
        assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
        bool gone = !strcmp(PQgetvalue(res, 0, 0), "0");
        PQclear(res);
        if (gone)
            break;
        if (i == 3000)
            fail_msg("the terminated session is still there after 30 s");
        usleep(10000);
    }
    PQfinish(admin);
}

static int64_t add_source(struct store *st, const char *name, const char *url)
{
    struct source s = {.name = (char *)name, .feed_url = (char *)url, .enabled = true};
    return test_add_source(st, &s);
}

static void test_reconnect(void **state)
{
    (void)state;
    char *dsn = pg_or_skip("reconnect");
    struct store *st;
    struct errbuf eb = {{0}};
    assert_int_equal(store_open(dsn, &st, &eb), ERR_OK);
    int64_t a = add_source(st, "SVT", "https://www.svt.se/rss.xml");

    /* Outside a transaction the next statement reconnects and runs. */
    terminate_others(dsn);
    struct source got;
    enum err err = store_source_get(st, a, &got, &eb);
    if (err)
        fail_msg("after a reconnect: %s", err_msg(&eb, err));
    assert_string_equal(got.name, "SVT");
    source_clear(&got);
    /* Statements cached before were prepared again on the new session. */
    int64_t b = add_source(st, "DN", "https://www.dn.se/rss/");
    assert_true(b > a);

    /* A transaction the connection took with it fails for its owner: the
     * statement that met the end, every later one, and the commit. */
    assert_int_equal(store_begin(st, &eb), ERR_OK);
    add_source(st, "Aftonbladet", "https://rss.aftonbladet.se/rss2/");
    terminate_others(dsn);
    assert_int_equal(store_source_get(st, a, &got, &eb), ERR_STORE);
    assert_non_null(strstr(eb.msg, "terminating connection"));
    struct source_list list;
    assert_int_equal(store_source_list(st, &list, &eb), ERR_STORE);
    assert_non_null(strstr(eb.msg, "inside a transaction"));
    assert_int_equal(store_commit(st, &eb), ERR_STORE);

    /* Then the store works again, without what the lost transaction wrote. */
    assert_int_equal(store_source_list(st, &list, &eb), ERR_OK);
    assert_int_equal(list.len, 2);
    assert_string_equal(list.items[0].name, "SVT");
    assert_string_equal(list.items[1].name, "DN");
    source_list_clear(&list);

    /* A commit whose session ended is an error, never a silent success. */
    assert_int_equal(store_begin(st, &eb), ERR_OK);
    add_source(st, "GP", "https://www.gp.se/rss");
    terminate_others(dsn);
    assert_int_equal(store_commit(st, &eb), ERR_STORE);
    assert_int_equal(store_source_find(st, "https://www.gp.se/rss", &got, &eb), ERR_NOT_FOUND);
    store_close(st);
    free(dsn);
}

static void test_errors(void **state)
{
    (void)state;
    char *dsn = pg_or_skip("errors");
    /* A database that does not exist: named, and the password is not shown. */
    char *db = strstr(dsn, "dbname=");
    assert_non_null(db);
    char *bad = xasprintf("%.*sdbname=no_such_db&password=hunter2", (int)(db - dsn), dsn);
    struct db *d;
    struct errbuf eb = {{0}};
    assert_int_equal(db_open(bad, &d, &eb), ERR_STORE);
    assert_non_null(strstr(eb.msg, "no_such_db"));
    assert_null(strstr(eb.msg, "hunter2"));
    free(bad);

    assert_int_equal(db_open(dsn, &d, &eb), ERR_OK);
    struct db_stmt *q;
    assert_int_equal(db_prepare(d, "SELECT title FROM no_such_table WHERE id = ?", &q), ERR_STORE);
    const char *msg = d->ops->errmsg(d);
    assert_non_null(strstr(msg, "relation \"no_such_table\" does not exist"));
    assert_non_null(strstr(msg, "SELECT title FROM no_such_table"));
    assert_null(strchr(msg, '\n'));

    /* exec runs scripts, rows and all; a failing script leaves no trace. */
    assert_int_equal(db_exec(d,
                             "CREATE TABLE t (id BIGINT PRIMARY KEY, x TEXT, f DOUBLE PRECISION);"
                             "SELECT pg_advisory_xact_lock(1); SELECT 1 UNION SELECT 2"),
                     ERR_OK);
    assert_int_equal(
        db_exec(d, "INSERT INTO t VALUES (1, 'a', 0); INSERT INTO t VALUES (1, 'b', 0)"),
        ERR_STORE);
    assert_non_null(strstr(d->ops->errmsg(d), "duplicate key"));

    assert_int_equal(db_prepare(d, "INSERT INTO t (id, x, f) VALUES (?, ?, ?), (?, ?, ?)", &q),
                     ERR_OK);
    db_bind_int(q, 1, 2);
    db_bind_text(q, 2, "två ?");
    db_bind_double(q, 3, 0.1);
    db_bind_int(q, 4, 3);
    db_bind_null(q, 5);
    db_bind_double(q, 6, -1e300);
    assert_int_equal(db_run(q, &eb), ERR_OK);
    assert_int_equal(db_changes(q), 2);
    db_reset(q);
    /* A parameter the statement lacks is an error, not a silent drop. */
    assert_int_equal(db_prepare(d, "UPDATE t SET x = ? WHERE id = ?", &q), ERR_OK);
    db_bind_text(q, 3, "x");
    assert_int_equal(db_run(q, &eb), ERR_INVALID);
    assert_non_null(strstr(eb.msg, "parameter 3"));
    db_reset(q);

    assert_int_equal(db_prepare(d, "SELECT id, x, f FROM t ORDER BY id", &q), ERR_OK);
    bool row;
    assert_int_equal(db_step(q, &row, &eb), ERR_OK);
    assert_true(row);
    assert_int_equal(db_col_count(q), 3);
    assert_string_equal(db_col_name(q, 1), "x");
    assert_int_equal(db_col_type(q, 0), DB_INT);
    assert_int_equal(db_col_type(q, 1), DB_TEXT);
    assert_int_equal(db_col_type(q, 2), DB_DOUBLE);
    assert_int_equal(db_col_int(q, 0), 2); /* no row 1: the failed script left none */
    assert_string_equal(db_col_text(q, 1), "två ?");
    assert_true(db_col_double(q, 2) == 0.1);
    assert_int_equal(db_step(q, &row, &eb), ERR_OK);
    assert_int_equal(db_col_type(q, 1), DB_NULL);
    assert_null(db_col_text(q, 1));
    assert_true(db_col_double(q, 2) == -1e300);
    assert_int_equal(db_step(q, &row, &eb), ERR_OK);
    assert_false(row);
    db_reset(q);
    db_close(d);
    free(dsn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders),
        cmocka_unit_test(test_reconnect),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
