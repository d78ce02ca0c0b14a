#include "testlib.h"

#include <ctype.h>
#include <errno.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
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

int64_t test_add_source(struct store *st, const struct source *s)
{
    int64_t id;
    struct errbuf eb = {{0}};
    enum err err = store_source_add(st, s, &id, &eb);
    if (err)
        fail_msg("adding source %s: %s", s->feed_url, err_msg(&eb, err));
    return id;
}

/* Runs one statement on the admin connection or fails the test. */
static void admin_exec(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(conn));
    PQclear(res);
}

static void quiet(void *arg, const char *message)
{
    (void)arg, (void)message;
}

bool test_pg_offered(void)
{
    const char *admin = getenv("OMNIBUS_TEST_PG");
    return admin && *admin;
}

char *test_pg_dsn(const char *name)
{
    if (!test_pg_offered())
        return NULL;
    const char *admin = getenv("OMNIBUS_TEST_PG");
    char db[64];
    snprintf(db, sizeof db, "t_%.40s_%ld", name, (long)getpid());
    for (char *p = db; *p; p++)
        *p = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '_';
    PGconn *conn = PQconnectdb(admin);
    if (PQstatus(conn) != CONNECTION_OK)
        fail_msg("OMNIBUS_TEST_PG=%s: %s", admin, PQerrorMessage(conn));
    PQsetNoticeProcessor(conn, quiet, NULL); /* "does not exist, skipping" */
    char *sql = xasprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", db);
    admin_exec(conn, sql);
    free(sql);
    sql = xasprintf("CREATE DATABASE %s", db);
    admin_exec(conn, sql);
    free(sql);
    PQfinish(conn);
    return xasprintf("%s%cdbname=%s", admin, strchr(admin, '?') ? '&' : '?', db);
}

int test_store_dsns(const char *name, char *dsns[2])
{
    int n = 0;
    dsns[n++] = test_sqlite_dsn(name);
    char *pg = test_pg_dsn(name);
    if (pg)
        dsns[n++] = pg;
    return n;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

void feedserver_start(struct feedserver *fs, const char *root)
{
    const char *src = getenv("OMNIBUS_SOURCE_DIR");
    char *script = xasprintf("%s/tests/fixtures/feedserver.py", src ? src : ".");
    char *dir = test_tmpdir();
    /* One port file per server, so a test may run several. */
    char *port_file = NULL;
    for (int k = 0; !port_file || access(port_file, F_OK) == 0; k++) {
        free(port_file);
        port_file = xasprintf("%s/feedserver-%d.port", dir, k);
    }
    pid_t pid = fork();
    if (pid == 0) {
        execlp("python3", "python3", script, "--root", root, "--port-file", port_file,
               (char *)NULL);
        _exit(127);
    }
    if (pid < 0)
        fail_msg("fork: %s", strerror(errno));
    memset(fs, 0, sizeof *fs);
    fs->pid = (int)pid;
    /* Python's start alone took over 10 s on a 2-core machine at load 12 (a
     * soak and a suite beside this one): the bound only stops a hang. */
    for (int waited = 0; waited < 60000 && fs->port == 0; waited += 20) {
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid)
            fail_msg("feedserver.py exited before listening (status %d)", status);
        char *text = read_file(port_file, NULL);
        if (text)
            fs->port = atoi(text);
        free(text);
        if (fs->port == 0)
            sleep_ms(20);
    }
    if (fs->port == 0) {
        feedserver_stop(fs);
        fail_msg("feedserver.py did not listen within 60 s");
    }
    snprintf(fs->base, sizeof fs->base, "http://127.0.0.1:%d", fs->port);
    unlink(port_file);
    free(port_file);
    free(dir);
    free(script);
}

void feedserver_stop(struct feedserver *fs)
{
    if (fs->pid <= 0)
        return;
    kill(fs->pid, SIGTERM);
    for (int waited = 0; waitpid(fs->pid, NULL, WNOHANG) == 0; waited += 20) {
        if (waited == 5000)
            kill(fs->pid, SIGKILL);
        sleep_ms(20);
    }
    fs->pid = 0;
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
