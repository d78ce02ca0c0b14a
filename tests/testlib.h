/* Shared helpers for the cmocka tests: where the corpora are, scratch files. */
#ifndef OMNIBUS_TESTLIB_H
#define OMNIBUS_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

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
/* The DSNs the store tests run against: SQLite always, PostgreSQL when
 * OMNIBUS_TEST_PG names a server. Returns how many were written to dsns. */
int test_store_dsns(const char *name, char *dsns[2]);
/* Runs fn once per DSN of test_store_dsns(name). */
void test_for_each_store(void (*fn)(const char *dsn), const char *name);
/* Opens (and migrates) the store at dsn; fails the test with the reason when
 * it cannot. */
struct store *test_store_open(const char *dsn);

#endif
