/* /feed.atom and /feed.json: the newest articles, until stories exist to
 * publish instead (the per-story and per-topic feeds reuse feed_out the same
 * way). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "web/feed_out.h"
#include "web/handler.h"

#define FEED_ENTRIES 50
#define MAX_AUTHORS 8

struct entries {
    struct source_list sources;
    struct article_list arts;
    struct feed_out_entry *items;
    json_t **authors; /* per entry: the parsed JSON array, or NULL */
    const char *(*names)[MAX_AUTHORS];
};

static void entries_free(struct entries *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        json_decref(e->authors[i]);
    free(e->authors);
    free(e->names);
    free(e->items);
    article_list_free(&e->arts);
    source_list_free(&e->sources);
}

/* Articles keep their authors as a JSON array of names. */
static size_t author_names(json_t *arr, const char **names)
{
    size_t n = 0, i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (n < MAX_AUTHORS && json_is_string(v))
            names[n++] = json_string_value(v);
    }
    return n;
}

static enum err load(struct web_ctx *ctx, struct entries *e, int64_t *updated, struct errbuf *eb)
{
    memset(e, 0, sizeof *e);
    enum err err = store_source_list(ctx->st, &e->sources, eb);
    if (!err)
        err = store_article_list(ctx->st, 0, FEED_ENTRIES, &e->arts, eb);
    if (err)
        return err;
    size_t n = e->arts.len;
    e->items = xcalloc(n ? n : 1, sizeof *e->items);
    e->authors = xcalloc(n ? n : 1, sizeof *e->authors);
    e->names = xcalloc(n ? n : 1, sizeof *e->names);
    *updated = 0;
    for (size_t i = 0; i < n; i++) {
        const struct article *a = &e->arts.items[i];
        struct feed_out_entry *it = &e->items[i];
        it->id = a->url;
        it->title = a->title && *a->title ? a->title : a->url;
        it->link = a->link ? a->link : a->url;
        it->published = a->published_at;
        it->updated = a->updated_at     ? a->updated_at
                      : a->published_at ? a->published_at
                                        : a->fetched_at;
        it->summary = a->summary;
        if (a->authors) {
            e->authors[i] = json_loads(a->authors, 0, NULL);
            if (json_is_array(e->authors[i])) {
                it->authors = e->names[i];
                it->n_authors = author_names(e->authors[i], e->names[i]);
            }
        }
        for (size_t k = 0; k < e->sources.len; k++)
            if (e->sources.items[k].id == a->source_id)
                it->source_name = e->sources.items[k].name;
        if (it->updated > *updated)
            *updated = it->updated;
    }
    return ERR_OK;
}

typedef enum err (*feed_writer)(const struct feed_out_meta *, const struct feed_out_entry *, size_t,
                                struct buf *, struct errbuf *);

static enum err serve(struct web_ctx *ctx, const struct web_request *req, struct web_response *res,
                      feed_writer write, const char *path, const char *type)
{
    struct entries e;
    int64_t updated;
    enum err err = load(ctx, &e, &updated, &ctx->eb);
    if (!err) {
        char *home = xasprintf("%s/", ctx->cfg->base_url);
        char *self = xasprintf("%s%s", ctx->cfg->base_url, path);
        struct feed_out_meta meta = {
            .id = home,
            .title = phrase(req->lang, PH_FEED_TITLE),
            .subtitle = phrase(req->lang, PH_FEED_SUBTITLE),
            .home_url = home,
            .feed_url = self,
            .lang = lang_code(req->lang),
            .author = "omnibus",
            .updated = updated,
        };
        err = write(&meta, e.items, e.arts.len, &res->body, &ctx->eb);
        free(home);
        free(self);
        res->content_type = type;
    }
    entries_free(&e, e.arts.len);
    return err;
}

enum err feed_atom(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    return serve(ctx, req, res, feed_out_atom, "/feed.atom", "application/atom+xml; charset=utf-8");
}

enum err feed_json(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    return serve(ctx, req, res, feed_out_json, "/feed.json",
                 "application/feed+json; charset=utf-8");
}
