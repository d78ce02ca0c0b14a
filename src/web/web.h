/* The web server: the site's pages, its feeds out, the JSON API and the admin
 * side, over libmicrohttpd (the only file that knows it is server.c). One
 * process serves from a pool of threads, each with its own store connection;
 * rendered pages are cached across threads until the site generation moves. */
#ifndef OMNIBUS_WEB_WEB_H
#define OMNIBUS_WEB_WEB_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "web/lang.h"

struct web_config {
    const char *dsn;             /* the store every thread opens */
    const char *listen;          /* "127.0.0.1:8080", "[::1]:8080"; port 0 picks a free one */
    const char *base_url;        /* absolute URL of the site for feeds; NULL: http://LISTEN */
    enum site_lang default_lang; /* when neither ?lang= nor Accept-Language decides */
    unsigned threads;            /* 0: one per CPU */
    size_t cache_bytes;          /* the rendered-page cache's bound */
    const char *image_origin;    /* one more origin pages may show images from, e.g. the
                                  * demo's loopback fixture "http://127.0.0.1:4242"; NULL:
                                  * https only */
};

/* Loopback on 8080, Swedish, one thread per CPU, a 64 MiB cache. */
void web_config_default(struct web_config *cfg);

struct web_server;

/* Opens the store once (migrating it, so a bad DSN fails here), binds the
 * address and starts serving. Caller owns *out (web_server_stop). ERR_INVALID
 * for a bad address, ERR_IO when it cannot be bound. cfg's strings are copied. */
MUST_CHECK enum err web_server_start(const struct web_config *cfg, struct web_server **out,
                                     struct errbuf *eb);
/* The port actually bound (useful with port 0). */
uint16_t web_server_port(const struct web_server *srv);
/* Stops accepting, lets requests in flight finish (a few seconds at most),
 * closes every connection and frees the server. NULL-safe. */
void web_server_stop(struct web_server *srv);

#endif
