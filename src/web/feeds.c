/* /feed.atom and /feed.json: the current stories, best first (as the front
 * page ranks them); the newest articles while there are no stories yet. A
 * story's own feeds are in stories.c. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "web/feed_out.h"
#include "web/handler.h"
#include "web/stories.h"

#define FEED_ENTRIES 50
#define MAX_AUTHORS 8

struct entries {
    struct story_set stories;
    char **links; /* per story entry: its page, its id */
    struct source_list sources;
    struct article_list arts;
    struct feed_out_entry *items;
    json_t **authors; /* per entry: the parsed JSON array, or NULL */
    const char *(*names)[MAX_AUTHORS];
};

static void entries_free(struct entries *e, size_t n)
{
    for (size_t i = 0; i < e->stories.n; i++) {
        free(e->links[2 * i]);
        free(e->links[2 * i + 1]);
    }
    free(e->links);
    story_set_free(&e->stories);
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

/* The stories as entries: the story's page, its headline and lead. */
static void story_entries(struct web_ctx *ctx, struct entries *e, int64_t *updated)
{
    size_t n = e->stories.n;
    e->items = xcalloc(n, sizeof *e->items);
    e->links = xcalloc(2 * n, sizeof *e->links);
    *updated = 0;
    for (size_t i = 0; i < n; i++) {
        const struct story_card *c = &e->stories.cards[i];
        char *path = story_path(c->id, c->v->headline);
        e->links[2 * i] = xasprintf("%s%s", ctx->cfg->base_url, path);
        e->links[2 * i + 1] = xasprintf("%s/story/%lld", ctx->cfg->base_url, (long long)c->id);
        free(path);
        e->items[i] = (struct feed_out_entry){
            .id = e->links[2 * i + 1],
            .title = c->v->headline,
            .link = e->links[2 * i],
            .updated = c->v->composed_at,
            .summary = story_str(json_object_get(c->body, "lead"), "display"),
        };
        if (c->v->composed_at > *updated)
            *updated = c->v->composed_at;
    }
}

/* Fills e and returns how many entries it holds. */
static enum err load(struct web_ctx *ctx, enum lang lang, struct entries *e, size_t *n_entries,
                     int64_t *updated, struct errbuf *eb)
{
    memset(e, 0, sizeof *e);
    *n_entries = 0;
    enum err err = story_set_load(ctx->st, lang, FEED_ENTRIES, &e->stories, eb);
    if (err)
        return err;
    if (e->stories.n) {
        story_entries(ctx, e, updated);
        *n_entries = e->stories.n;
        return ERR_OK;
    }
    err = store_source_list(ctx->st, &e->sources, eb);
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
    *n_entries = n;
    return ERR_OK;
}

typedef enum err (*feed_writer)(const struct feed_out_meta *, const struct feed_out_entry *, size_t,
                                struct buf *, struct errbuf *);

static enum err serve(struct web_ctx *ctx, const struct web_request *req, struct web_response *res,
                      feed_writer write, const char *path, const char *type)
{
    struct entries e;
    int64_t updated;
    size_t n;
    enum err err = load(ctx, req->lang, &e, &n, &updated, &ctx->eb);
    if (!err) {
        char *home = xasprintf("%s/", ctx->cfg->base_url);
        char *self = xasprintf("%s%s", ctx->cfg->base_url, path);
        struct feed_out_meta meta = {
            .id = home,
            .title = phrase(req->lang, PH_FEED_TITLE),
            .subtitle =
                phrase(req->lang, e.stories.n ? PH_STORIES_FEED_SUBTITLE : PH_FEED_SUBTITLE),
            .home_url = home,
            .feed_url = self,
            .lang = lang_code(req->lang),
            .author = "omnibus",
            .updated = updated,
        };
        err = write(&meta, e.items, n, &res->body, &ctx->eb);
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
