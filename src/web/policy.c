/* The connection policy (policy.h). One mutex guards the connections and the
 * clients: every operation is a few pointer moves under it, and the watcher
 * takes it four times a second. */
#include "web/policy.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "base/xalloc.h"

#define CLIENT_BUCKETS 1024 /* hash chains; clients are few (live or recently seen) */
#define WATCH_MS 250        /* how often deadlines are checked */

/* What a client (an address, an IPv6 /64) holds. */
struct client {
    uint8_t key[17]; /* family, then 4 or 8 address bytes */
    unsigned conns;
    double tokens;
    int64_t refilled_us;
    struct client *next;
};

struct policy_conn {
    int fd;
    struct client *client;
    bool over;           /* opened past a cap: its first request is answered 503 */
    bool between;        /* waiting for a keep-alive connection's next request */
    int64_t deadline_us; /* 0: none (its request is being answered) */
    struct policy_conn *prev, *next;
};

struct policy {
    struct policy_config cfg;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
    pthread_t watcher;
    unsigned conns;
    struct policy_conn *list;
    struct client *clients[CLIENT_BUCKETS];
};

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void policy_config_default(struct policy_config *cfg)
{
    cfg->max_connections = 512;
    cfg->max_per_client = 64;
    cfg->request_seconds = 10;
    cfg->rate = 10;
    cfg->burst = 40;
}

static void client_key(const struct sockaddr *addr, uint8_t key[17])
{
    memset(key, 0, 17);
    if (addr && addr->sa_family == AF_INET) {
        key[0] = 4;
        memcpy(key + 1, &((const struct sockaddr_in *)addr)->sin_addr, 4);
    } else if (addr && addr->sa_family == AF_INET6) {
        const uint8_t *a = ((const struct sockaddr_in6 *)addr)->sin6_addr.s6_addr;
        static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (!memcmp(a, mapped, 12)) { /* an IPv4 client of a dual-stack socket */
            key[0] = 4;
            memcpy(key + 1, a + 12, 4);
        } else {
            key[0] = 6;
            memcpy(key + 1, a, 8);
        }
    }
}

static struct client **bucket(struct policy *p, const uint8_t key[17])
{
    return &p->clients[XXH3_64bits(key, 17) % CLIENT_BUCKETS];
}

/* Unlinks and frees clients that hold no connection and whose bucket is full
 * again (forgetting one sooner would hand its tokens back early). */
static void forget_idle_clients(struct policy *p, int64_t now)
{
    int64_t refill_us = p->cfg.rate ? (int64_t)p->cfg.burst * 1000000 / p->cfg.rate + 1000000 : 0;
    for (size_t i = 0; i < CLIENT_BUCKETS; i++)
        for (struct client **c = &p->clients[i]; *c;) {
            if (!(*c)->conns && now - (*c)->refilled_us >= refill_us) {
                struct client *gone = *c;
                *c = gone->next;
                free(gone);
            } else {
                c = &(*c)->next;
            }
        }
}

/* The watcher: ends every connection past its deadline. A request under way
 * is told 408 first; a keep-alive connection between requests is closed as
 * any server closes an idle one. shutdown() (not close: the descriptor stays
 * libmicrohttpd's) makes its event loop see the end and clean up, which calls
 * policy_close under the lock, so the descriptor is still the connection's
 * while the watcher holds it. */
static void *watch(void *arg)
{
    static const char timeout[] = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
                                  "Content-Type: text/plain; charset=utf-8\r\n"
                                  "Content-Length: 40\r\n\r\n"
                                  "The request took too long to arrive.\r\n\r\n";
    struct policy *p = arg;
    pthread_mutex_lock(&p->lock);
    while (!p->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += WATCH_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p->wake, &p->lock, &until);
        int64_t now = mono_us();
        for (struct policy_conn *c = p->list; c; c = c->next) {
            if (!c->deadline_us || now < c->deadline_us)
                continue;
            /* Between requests, bytes in the socket are the client's next
             * request, sent in time and left unread by a busy server: the
             * server is the slow one. The request gets a deadline of its own
             * from now (a client dripping it is still cut off then). */
            char next;
            if (c->between && recv(c->fd, &next, 1, MSG_PEEK | MSG_DONTWAIT) == 1) {
                c->between = false;
                c->deadline_us = now + (int64_t)p->cfg.request_seconds * 1000000;
                continue;
            }
            if (!c->between)
                (void)!send(c->fd, timeout, sizeof timeout - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
            shutdown(c->fd, SHUT_RDWR);
            c->deadline_us = 0;
        }
        forget_idle_clients(p, now);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

struct policy *policy_new(const struct policy_config *cfg)
{
    struct policy *p = xcalloc(1, sizeof *p);
    p->cfg = *cfg;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, NULL);
    if (pthread_create(&p->watcher, NULL, watch, p))
        abort(); /* no thread: the server could not keep its deadlines */
    return p;
}

void policy_free(struct policy *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stopping = true;
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->watcher, NULL);
    for (size_t i = 0; i < CLIENT_BUCKETS; i++)
        while (p->clients[i]) {
            struct client *c = p->clients[i];
            p->clients[i] = c->next;
            free(c);
        }
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

struct policy_conn *policy_open(struct policy *p, int fd, const struct sockaddr *addr)
{
    struct policy_conn *c = xcalloc(1, sizeof *c);
    c->fd = fd;
    uint8_t key[17];
    client_key(addr, key);
    int64_t now = mono_us();
    pthread_mutex_lock(&p->lock);
    struct client **b = bucket(p, key), *cl = *b;
    while (cl && memcmp(cl->key, key, sizeof key))
        cl = cl->next;
    if (!cl) {
        cl = xcalloc(1, sizeof *cl);
        memcpy(cl->key, key, sizeof key);
        cl->tokens = p->cfg.burst;
        cl->refilled_us = now;
        cl->next = *b;
        *b = cl;
    }
    c->client = cl;
    cl->conns++;
    p->conns++;
    c->over = cl->conns > p->cfg.max_per_client || p->conns > p->cfg.max_connections;
    c->deadline_us = now + (int64_t)p->cfg.request_seconds * 1000000;
    c->next = p->list;
    if (p->list)
        p->list->prev = c;
    p->list = c;
    pthread_mutex_unlock(&p->lock);
    return c;
}

void policy_close(struct policy *p, struct policy_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&p->lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        p->list = c->next;
    if (c->next)
        c->next->prev = c->prev;
    c->client->conns--;
    p->conns--;
    pthread_mutex_unlock(&p->lock);
    free(c);
}

int policy_request_begin(struct policy *p, struct policy_conn *c)
{
    pthread_mutex_lock(&p->lock);
    c->between = false;
    bool over = c->over;
    pthread_mutex_unlock(&p->lock);
    return over ? 503 : 0;
}

void policy_request_read(struct policy *p, struct policy_conn *c)
{
    pthread_mutex_lock(&p->lock);
    c->deadline_us = 0;
    pthread_mutex_unlock(&p->lock);
}

void policy_request_done(struct policy *p, struct policy_conn *c)
{
    pthread_mutex_lock(&p->lock);
    c->between = true;
    c->deadline_us = mono_us() + (int64_t)p->cfg.request_seconds * 1000000;
    pthread_mutex_unlock(&p->lock);
}

bool policy_take(struct policy *p, struct policy_conn *c, int *retry_after)
{
    *retry_after = 0;
    if (!p->cfg.rate)
        return true;
    int64_t now = mono_us();
    pthread_mutex_lock(&p->lock);
    struct client *cl = c->client;
    cl->tokens += (double)(now - cl->refilled_us) * p->cfg.rate / 1e6;
    if (cl->tokens > p->cfg.burst)
        cl->tokens = p->cfg.burst;
    cl->refilled_us = now;
    bool ok = cl->tokens >= 1;
    if (ok)
        cl->tokens -= 1;
    else
        *retry_after = 1 + (int)((1 - cl->tokens) / p->cfg.rate);
    pthread_mutex_unlock(&p->lock);
    return ok;
}
