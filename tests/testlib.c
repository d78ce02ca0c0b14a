#include "testlib.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "store/store.h"

char *corpus_path(const char *relative)
{
    const char *root = getenv("OMNIBUS_CORPORA");
    if (!root)
        root = "../shared/corpora";
    return xasprintf("%s/%s", root, relative);
}

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *data = xmalloc(cap + 1);
    size_t got;
    while ((got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            data = xrealloc(data, cap + 1);
        }
    }
    fclose(f);
    data[n] = '\0';
    if (len)
        *len = n;
    return data;
}

static void mkdir_p(const char *path)
{
    char *copy = xstrdup(path);
    for (char *p = copy + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(copy, 0755);
            *p = '/';
        }
    }
    mkdir(copy, 0755);
    free(copy);
}

char *test_tmpdir(void)
{
    const char *root = getenv("OMNIBUS_TEST_TMP");
    if (!root)
        root = "/tmp/omnibus-test";
    char *dir = xasprintf("%s/%ld", root, (long)getpid());
    mkdir_p(dir);
    return dir;
}

char *test_sqlite_dsn(const char *name)
{
    char *dir = test_tmpdir();
    char *path = xasprintf("%s/%s.db", dir, name);
    unlink(path);
    char *wal = xasprintf("%s-wal", path);
    unlink(wal);
    free(wal);
    char *dsn = xasprintf("sqlite:%s", path);
    free(path);
    free(dir);
    return dsn;
}

int test_store_dsns(const char *name, char *dsns[2])
{
    int n = 0;
    dsns[n++] = test_sqlite_dsn(name);
    const char *pg = getenv("OMNIBUS_TEST_PG");
    if (pg && *pg)
        dsns[n++] = xstrdup(pg);
    return n;
}

void test_for_each_store(void (*fn)(const char *dsn), const char *name)
{
    char *dsns[2];
    int n = test_store_dsns(name, dsns);
    for (int i = 0; i < n; i++) {
        fn(dsns[i]);
        free(dsns[i]);
    }
}

struct store *test_store_open(const char *dsn)
{
    struct store *st = NULL;
    struct errbuf eb = {{0}};
    enum err err = store_open(dsn, &st, &eb);
    if (err)
        fail_msg("store_open(%s): %s", dsn, err_msg(&eb, err));
    return st;
}
