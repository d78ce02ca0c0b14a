/* /feed.atom and /feed.json: the current stories, best first (as the front
 * page ranks them); the newest articles while there are no stories yet. A
 * story's own feeds are in stories.c; a topic's use feed_stories too. */
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
    struct source_list sources;
    struct article_list arts;
    struct feed_out_entry *items;
    json_t **authors; /* per entry: the parsed JSON array, or NULL */
    const char *(*names)[MAX_AUTHORS];
};

static void entries_clear(struct entries *e)
{
    for (size_t i = 0; i < e->arts.len; i++)
        json_decref(e->authors[i]);
    free(e->authors);
    free(e->names);
    free(e->items);
    article_list_clear(&e->arts);
    source_list_clear(&e->sources);
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

enum err feed_stories(struct web_ctx *ctx, const struct story_set *set, struct feed_out_meta *meta,
                      bool atom, struct web_response *res)
{
    size_t n = set->n;
    struct feed_out_entry *items = xcalloc(n ? n : 1, sizeof *items);
    char **links = xcalloc(2 * n + 1, sizeof *links); /* per story: its page, its id */
    meta->updated = 0;
    for (size_t i = 0; i < n; i++) {
        const struct story_card *c = &set->cards[i];
        char *path = story_path(c->id, c->v->headline);
        links[2 * i] = xasprintf("%s%s", ctx->cfg->base_url, path);
        links[2 * i + 1] = xasprintf("%s/story/%lld", ctx->cfg->base_url, (long long)c->id);
        free(path);
        items[i] = (struct feed_out_entry){
            .id = links[2 * i + 1],
            .title = c->v->headline,
            .link = links[2 * i],
            .updated = c->v->composed_at,
            .summary = story_str(json_object_get(c->body, "lead"), "display"),
        };
        if (c->v->composed_at > meta->updated)
            meta->updated = c->v->composed_at;
    }
    enum err err = atom ? feed_out_atom(meta, items, n, &res->body, &ctx->eb)
                        : feed_out_json(meta, items, n, &res->body, &ctx->eb);
    res->content_type = atom ? FEED_ATOM_TYPE : FEED_JSON_TYPE;
    for (size_t i = 0; i < 2 * n; i++)
        free(links[i]);
    free(links);
    free(items);
    return err;
}

/* The newest articles as entries, for a site without stories yet. */
static enum err load_articles(struct web_ctx *ctx, struct entries *e, int64_t *updated,
                              struct errbuf *eb)
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

static enum err serve(struct web_ctx *ctx, const struct web_request *req, struct web_response *res,
                      bool atom)
{
    struct story_set set;
    enum err err = story_set_load(ctx->st, req->lang, FEED_ENTRIES, &set, &ctx->eb);
    if (err)
        goto out;
    char *home = xasprintf("%s/", ctx->cfg->base_url);
    char *self = xasprintf("%s/feed.%s", ctx->cfg->base_url, atom ? "atom" : "json");
    struct feed_out_meta meta = {
        .id = home,
        .title = phrase(req->lang, PH_FEED_TITLE),
        .subtitle = phrase(req->lang, set.n ? PH_STORIES_FEED_SUBTITLE : PH_FEED_SUBTITLE),
        .home_url = home,
        .feed_url = self,
        .lang = site_lang_code(req->lang),
        .author = "omnibus",
    };
    if (set.n) {
        err = feed_stories(ctx, &set, &meta, atom, res);
    } else {
        struct entries e;
        err = load_articles(ctx, &e, &meta.updated, &ctx->eb);
        if (!err) {
            err = atom ? feed_out_atom(&meta, e.items, e.arts.len, &res->body, &ctx->eb)
                       : feed_out_json(&meta, e.items, e.arts.len, &res->body, &ctx->eb);
            res->content_type = atom ? FEED_ATOM_TYPE : FEED_JSON_TYPE;
        }
        entries_clear(&e);
    }
    free(home);
    free(self);
out:
    story_set_clear(&set);
    return err;
}

enum err feed_atom(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    return serve(ctx, req, res, true);
}

enum err feed_json(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    return serve(ctx, req, res, false);
}
