/* The connection policy: what one client, and all clients together, may hold
 * of the server: connections, the time to send a whole request, and costly
 * requests (search, the API) per second. libmicrohttpd's own caps close a
 * connection without a word; past the caps here a client is answered (503,
 * 408, 429 with Retry-After), and libmicrohttpd's caps sit above them as the
 * last line. Clients are told apart by address (IPv6 by its /64: one host
 * holds a whole prefix). Thread-safe; one per server. */
#ifndef OMNIBUS_WEB_POLICY_H
#define OMNIBUS_WEB_POLICY_H

#include <stdbool.h>
#include <sys/socket.h>

struct policy_config {
    unsigned max_connections; /* open connections in all; later ones are answered 503 */
    unsigned max_per_client;  /* open connections of one client; later ones answered 503 */
    unsigned request_seconds; /* to send a request's line, headers and body, counted from
                               * the connection's start or the previous answer; then 408
                               * (or, between requests, a close). A next request that
                               * arrived but waits for a busy server gets it again. */
    unsigned rate;            /* costly requests a second per client (0: no limit) */
    unsigned burst;           /* of them at once */
};

/* 512 connections, 64 per client, 10 s per request, 10 costly requests a second
 * in bursts of 40. */
void policy_config_default(struct policy_config *cfg);

struct policy;
struct policy_conn;

/* Starts the policy and its watcher thread (which enforces the request
 * deadlines). Aborts when no thread can be made. */
struct policy *policy_new(const struct policy_config *cfg);
/* Stops the watcher and frees the policy; every connection must be closed. NULL-safe. */
void policy_free(struct policy *p);

/* A connection was accepted on fd from addr: its state, until policy_close. */
struct policy_conn *policy_open(struct policy *p, int fd, const struct sockaddr *addr);
void policy_close(struct policy *p, struct policy_conn *c);

/* A request's line has arrived on c: 503 when c is past a connection cap, else 0. */
int policy_request_begin(struct policy *p, struct policy_conn *c);
/* The whole request is read: its deadline no longer runs while it is answered. */
void policy_request_read(struct policy *p, struct policy_conn *c);
/* Its answer is sent: the next request's deadline starts. */
void policy_request_done(struct policy *p, struct policy_conn *c);

/* Takes one costly request from c's client's bucket: true when there was one,
 * else false with the seconds until there is in *retry_after. */
bool policy_take(struct policy *p, struct policy_conn *c, int *retry_after);

#endif
