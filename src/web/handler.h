/* What the server hands a route's handler, and what a handler gives back: the
 * interface between server.c (HTTP) and the pages, feeds and API, which know
 * nothing of the HTTP library. Also the shared page layout. A handler returns
 * ERR_OK with res filled, ERR_NOT_FOUND for the 404 page, or another error for
 * the 500 page (its message goes to the log, never to the client). */
#ifndef OMNIBUS_WEB_HANDLER_H
#define OMNIBUS_WEB_HANDLER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "store/store.h"
#include "web/html.h"
#include "web/lang.h"
#include "web/route.h"
#include "web/web.h"

struct page_cache;
struct metrics;
struct json_t; /* jansson's */

/* What every handler may use: the server's settings, this thread's store
 * connection, the shared cache and counters. */
struct web_ctx {
    const struct web_config *cfg;
    struct store *st;
    struct page_cache *cache;
    struct metrics *metrics;
    struct errbuf eb; /* why a handler failed, for the log */
};

struct web_request {
    unsigned method;                  /* HTTP_GET ... */
    const char *path;                 /* the target's path, still percent-encoded as received */
    const struct route_result *route; /* ids and the parsed query */
    enum site_lang lang;
    bool lang_in_query; /* lang came from ?lang= (a redirect keeps it) */
    const char *body;   /* the request body (POST, DELETE), NUL-terminated */
    size_t body_len;
    const char *cookie; /* the Cookie header, or NULL (the desk's session) */
};

struct web_response {
    int status;                /* 200 unless the handler says otherwise */
    const char *content_type;  /* a static string; default text/html */
    const char *cache_control; /* a static string; default "no-cache" */
    struct buf body;           /* capped by the server */
    char *location;            /* a redirect's Location (301, 303); the server frees it */
    char *set_cookie[2];       /* Set-Cookie values, or NULL; the server frees them */
};

/* The route table the server dispatches on (routes.c). */
extern const struct route web_routes[];
extern const size_t web_routes_count;

/* Pages (pages.c). */
enum err page_home(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
enum err page_source(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
enum err page_about(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
/* The error page for status (400, 404, 405, 500...) in the request's language. */
enum err page_error(const struct web_request *req, int status, struct web_response *res);

/* Stories (stories.c): a story's page ("/story/{id-slug}", its roundup in the
 * reader's language), its feeds (its versions), the stories API. */
enum err page_story(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
enum err story_feed_atom(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res);
enum err story_feed_json(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res);
enum err api_stories(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
enum err api_story(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
/* Search (search.c): /search?q= over the articles, and the same as JSON,
 * /api/search?q=&limit=&offset=. */
/* Search queries in one spelling (search.c): ASCII letters lower-cased,
 * white space collapsed to one space, each word once, in first-seen order. The
 * page cache keys on that, so "The the THE" and "the" are one entry. */
void search_normalise(struct query *q);
enum err page_search(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
enum err api_search(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);

/* Feeds out over the current stories, else the recent articles (feeds.c). */
enum err feed_atom(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
enum err feed_json(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
struct story_set;
struct feed_out_meta;
/* The stories of set, in its order, as an Atom (atom) or JSON Feed body in res
 * with its Content-Type: each entry links to the story's page and carries its
 * lead. meta->updated is set to the newest story's time. Errors: feed_out's. */
enum err feed_stories(struct web_ctx *ctx, const struct story_set *set, struct feed_out_meta *meta,
                      bool atom, struct web_response *res);

/* Topics (topics.c): a KB entity's page ("/topic/{id}", its Wikipedia text and
 * the stories that mention it), its feeds (those stories) and /api/topics/{id}. */
enum err page_topic(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
enum err topic_feed_atom(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res);
enum err topic_feed_json(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res);
enum err api_topic(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);

/* JSON API and operations (api.c). */
enum err api_sources(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
enum err api_source_health(struct web_ctx *ctx, const struct web_request *req,
                           struct web_response *res);
enum err api_source_delete(struct web_ctx *ctx, const struct web_request *req,
                           struct web_response *res);
/* A JSON {"error": message} body with status (jansson escapes the message). */
enum err api_error(struct web_response *res, int status, const char *message);
/* The error object for an HTTP error status (400 ... 503), its message in
 * plain words; api_error's errors. */
enum err api_error_status(struct web_response *res, int status);
/* root (a reference this call takes) as the indented JSON body, with status. */
enum err api_json(struct web_response *res, int status, struct json_t *root);
enum err web_healthz(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
enum err web_metrics(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
/* The editor desk (desk.c, desk_story.c; docs/desk.md): login and logout,
 * the queue, a story's draft and its actions, the people (admins only). */
enum err desk_login(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
enum err desk_logout(struct web_ctx *ctx, const struct web_request *req, struct web_response *res);
enum err desk_queue_page(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res);
enum err desk_story_page(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res);
enum err desk_users_page(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res);
/* The stylesheet (static.c). */
enum err web_static_css(struct web_ctx *ctx, const struct web_request *req,
                        struct web_response *res);

/* The layout every page shares (layout.c): doctype, head, the site header with
 * navigation and the language switch, then <main>; layout_end closes <main>
 * and writes the footer. title is the page's own title (escaped). */
void layout_begin(struct html *h, const struct web_request *req, const char *title);
void layout_end(struct html *h, const struct web_request *req);

#endif
