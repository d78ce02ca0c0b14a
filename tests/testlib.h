/* Shared helpers for the cmocka tests: where the corpora are, scratch files. */
#ifndef OMNIBUS_TESTLIB_H
#define OMNIBUS_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>
#include <stdbool.h>

struct store;

/* The path of a file under ../shared/corpora (OMNIBUS_CORPORA); a new string. */
char *corpus_path(const char *relative);
/* Reads a whole file into a new NUL-terminated buffer; NULL when it cannot. */
char *read_file(const char *path, size_t *len);
/* A fresh empty directory for this test process (removed by nobody: it lives
 * under the build tree's test-tmp). A new string. */
char *test_tmpdir(void);
/* A DSN for a fresh SQLite file in test_tmpdir(). A new string. */
char *test_sqlite_dsn(const char *name);
struct store;
struct source;
/* Adds s to st and returns its id; any error fails the test. */
int64_t test_add_source(struct store *st, const struct source *s);

/* A DSN for a fresh, empty PostgreSQL database t_<name>_<pid> (dropped and
 * created again when it exists) on the server OMNIBUS_TEST_PG names (a
 * postgres:// URI with the rights to create databases); NULL when that is not
 * set. Fails the test when the server cannot be reached. A new string. */
char *test_pg_dsn(const char *name);
/* Whether this run offers PostgreSQL (OMNIBUS_TEST_PG is set): for tests that
 * run a whole cmocka group once per engine. */
bool test_pg_offered(void);
/* The DSNs the store tests run against: SQLite always, and a fresh PostgreSQL
 * database (test_pg_dsn) when OMNIBUS_TEST_PG is set. Returns how many were
 * written to dsns; each is a new string. */
int test_store_dsns(const char *name, char *dsns[2]);
/* Runs fn once per DSN of test_store_dsns(name). */
void test_for_each_store(void (*fn)(const char *dsn), const char *name);
/* Opens (and migrates) the store at dsn; fails the test with the reason when
 * it cannot. */
struct store *test_store_open(const char *dsn);

/* A running tests/fixtures/feedserver.py (its header lists the routes). */
struct feedserver {
    int pid;
    int port;
    char base[32]; /* "http://127.0.0.1:PORT" */
};
/* Starts feedserver.py (from OMNIBUS_SOURCE_DIR) serving the directory root on
 * a free loopback port and waits, at most 10 s, until it listens. Fails the
 * test when it cannot. */
void feedserver_start(struct feedserver *fs, const char *root);
/* Stops it (SIGTERM, then SIGKILL after 5 s) and reaps it. */
void feedserver_stop(struct feedserver *fs);

#endif
