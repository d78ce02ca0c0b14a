/* The connection policy's request deadline over real sockets (a socketpair):
 * a silent client is told 408, an idle keep-alive connection is closed, and a
 * next request that arrived while the server was busy is not taken for
 * either. Deadlines are 1 s, so each case waits a second or two. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "web/policy.h"

struct pair {
    struct policy *policy;
    struct policy_conn *conn;
    int server, client;
};

static void pair_open(struct pair *pr)
{
    struct policy_config cfg;
    policy_config_default(&cfg);
    cfg.request_seconds = 1;
    int fds[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    pr->server = fds[0];
    pr->client = fds[1];
    pr->policy = policy_new(&cfg);
    pr->conn = policy_open(pr->policy, pr->server, NULL); /* no address: one client */
}

static void pair_close(struct pair *pr)
{
    policy_close(pr->policy, pr->conn);
    policy_free(pr->policy);
    close(pr->server);
    close(pr->client);
}

/* What the client reads within ms milliseconds: -1 when nothing came (the
 * connection is still open), else the bytes read before the end (0: closed
 * with no word). */
static ssize_t client_reads(struct pair *pr, int ms, char *buf, size_t cap)
{
    size_t got = 0;
    for (;;) {
        struct pollfd p = {.fd = pr->client, .events = POLLIN};
        int r = poll(&p, 1, ms);
        if (r == 0)
            return got ? (ssize_t)got : -1;
        assert_int_equal(r, 1);
        ssize_t n = read(pr->client, buf + got, cap - 1 - got);
        if (n <= 0) {
            buf[got] = '\0';
            return (ssize_t)got;
        }
        got += (size_t)n;
    }
}

/* One request read and answered: the connection is between requests. */
static void answer_one(struct pair *pr)
{
    assert_int_equal(policy_request_begin(pr->policy, pr->conn), 0);
    policy_request_read(pr->policy, pr->conn);
    policy_request_done(pr->policy, pr->conn);
}

static void silent_client_told_408(void **state)
{
    (void)state;
    struct pair pr;
    pair_open(&pr);
    char buf[256];
    ssize_t n = client_reads(&pr, 3000, buf, sizeof buf);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "408 Request Timeout"));
    pair_close(&pr);
}

static void idle_keep_alive_closed(void **state)
{
    (void)state;
    struct pair pr;
    pair_open(&pr);
    answer_one(&pr);
    char buf[256];
    assert_int_equal(client_reads(&pr, 3000, buf, sizeof buf), 0);
    pair_close(&pr);
}

static void waiting_request_not_cut(void **state)
{
    (void)state;
    struct pair pr;
    pair_open(&pr);
    answer_one(&pr);
    /* The next request comes at once; the busy server reads it late. */
    static const char next[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    assert_int_equal(write(pr.client, next, sizeof next - 1), (ssize_t)(sizeof next - 1));
    char buf[256];
    assert_int_equal(client_reads(&pr, 1500, buf, sizeof buf), -1);
    /* Read and answered in the end: the connection lived through it. */
    assert_int_equal(policy_request_begin(pr.policy, pr.conn), 0);
    policy_request_read(pr.policy, pr.conn);
    assert_int_equal(client_reads(&pr, 1500, buf, sizeof buf), -1);
    pair_close(&pr);
}

static void waiting_request_gets_one_deadline_more(void **state)
{
    (void)state;
    struct pair pr;
    pair_open(&pr);
    answer_one(&pr);
    /* One byte of a next request that never completes: the server takes it
     * for a request in time once, then the drip is cut off with a 408. */
    assert_int_equal(write(pr.client, "G", 1), 1);
    char buf[256];
    ssize_t n = client_reads(&pr, 4000, buf, sizeof buf);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "408 Request Timeout"));
    pair_close(&pr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(silent_client_told_408),
        cmocka_unit_test(idle_keep_alive_closed),
        cmocka_unit_test(waiting_request_not_cut),
        cmocka_unit_test(waiting_request_gets_one_deadline_more),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
