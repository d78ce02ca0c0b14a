/* The stories API: /api/stories (the current stories ranked) and
 * /api/stories/{id} (one story's latest version with its history). */
#include <stdlib.h>

#include "web/handler.h"
#include "web/stories.h"

#define API_STORIES 100

enum err api_stories(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    struct story_set set;
    enum err err = story_set_load(ctx->st, req->lang, API_STORIES, &set, &ctx->eb);
    if (err)
        goto out;
    json_t *arr = json_array();
    for (size_t i = 0; i < set.n; i++) {
        const struct story_card *c = &set.cards[i];
        char *path = story_path(c->id, c->v->headline);
        json_array_append_new(arr,
                              json_pack("{sI ss ss sI sI ss sI ss}", "id", (json_int_t)c->id, "key",
                                        c->v->story_key, "lang", c->v->lang, "version",
                                        (json_int_t)c->v->version, "composed_at",
                                        (json_int_t)c->v->composed_at, "headline", c->v->headline,
                                        "newsrooms", (json_int_t)c->newsrooms, "path", path));
        free(path);
    }
    err = api_json(res, 200, json_pack("{so}", "stories", arr));
out:
    story_set_clear(&set);
    return err;
}

enum err api_story(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    int64_t id = req->route->ids[0];
    struct story_view sv;
    json_t *body = NULL;
    enum err err = story_view_load(ctx, req->lang, id, &sv);
    if (err)
        goto out;
    if (!(body = story_view_body(&sv, &ctx->eb))) {
        err = ERR_PARSE;
        goto out;
    }
    json_t *versions = json_array();
    for (size_t i = 0; i < sv.hist.len; i++) {
        const struct roundup_version *hv = &sv.hist.items[i];
        json_array_append_new(versions,
                              json_pack("{sI sI ss ss}", "version", (json_int_t)hv->version,
                                        "composed_at", (json_int_t)hv->composed_at, "headline",
                                        hv->headline, "change", hv->change));
    }
    char *path = story_path(id, sv.v.headline);
    json_object_set_new(body, "id", json_integer(id));
    json_object_set_new(body, "key", json_string(sv.key));
    json_object_set_new(body, "version", json_integer(sv.v.version));
    json_object_set_new(body, "composed_at", json_integer(sv.v.composed_at));
    json_object_set_new(body, "path", json_string(path));
    json_object_set_new(body, "versions", versions);
    free(path);
    err = api_json(res, 200, body);
    body = NULL; /* api_json took it */
out:
    json_decref(body);
    story_view_clear(&sv);
    return err;
}
