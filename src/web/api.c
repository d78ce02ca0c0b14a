/* The JSON API (sources now; stories and search as they land) and the
 * operational endpoints, /healthz and /metrics. The server checks the admin
 * token before a write reaches these handlers. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "sources/sources.h"
#include "web/cache.h"
#include "web/handler.h"
#include "web/metrics.h"

#define JSON_TYPE "application/json; charset=utf-8"

enum err api_json(struct web_response *res, int status, json_t *root)
{
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    res->status = status;
    res->content_type = JSON_TYPE;
    buf_reset(&res->body);
    enum err err = text ? buf_puts(&res->body, text) : ERR_INVALID;
    if (!err)
        err = buf_putc(&res->body, '\n');
    free(text);
    return err;
}

enum err api_error(struct web_response *res, int status, const char *message)
{
    return api_json(res, status, json_pack("{s:s}", "error", message));
}

enum err api_error_status(struct web_response *res, int status)
{
    const char *msg = status == 400   ? "bad request"
                      : status == 401 ? "an admin token is needed (Authorization: Bearer)"
                      : status == 403 ? "that token is not valid"
                      : status == 404 ? "not found"
                      : status == 405 ? "method not allowed"
                      : status == 413 ? "the body is too large"
                      : status == 414 ? "the URL is too long"
                      : status == 503 ? "the database cannot be reached; try again shortly"
                                      : "internal error";
    return api_error(res, status, msg);
}

static enum err list_sources(struct web_ctx *ctx, struct web_response *res)
{
    struct source_list l;
    enum err err = store_source_list(ctx->st, &l, &ctx->eb);
    if (err)
        return err;
    res->content_type = JSON_TYPE;
    err = sources_to_json(&l, &res->body);
    if (!err)
        err = buf_putc(&res->body, '\n');
    source_list_clear(&l);
    return err;
}

/* The body is our JSON sources format: {"sources": [...]}, an array, or one
 * source object. Answers 201 with the ids added, 200 when all existed, 400
 * (with the reason) when nothing valid was sent. */
static enum err add_sources(struct web_ctx *ctx, const struct web_request *req,
                            struct web_response *res)
{
    json_error_t jerr;
    json_t *root = json_loadb(req->body ? req->body : "", req->body_len, 0, &jerr);
    if (!root)
        return api_error(res, 400, "the body is not JSON");
    char *text = NULL;
    if (json_is_object(root) && !json_object_get(root, "sources")) {
        json_t *wrapped = json_pack("[O]", root);
        text = json_dumps(wrapped, 0);
        json_decref(wrapped);
    }
    json_decref(root);
    struct source_list l;
    size_t skipped;
    struct errbuf eb = {{0}};
    const char *data = text ? text : req->body;
    enum err err = sources_parse(data, strlen(data), "request body", &l, &skipped, &eb);
    free(text);
    if (err)
        return api_error(res, 400, eb.msg);
    if (skipped && !l.len) {
        source_list_clear(&l);
        return api_error(res, 400, eb.msg);
    }
    json_t *added = json_array(), *existing = json_array();
    for (size_t i = 0; i < l.len && !err; i++) {
        int64_t id;
        struct errbuf one = {{0}};
        enum err e = store_source_add(ctx->st, &l.items[i], &id, &one);
        if (e == ERR_EXISTS)
            json_array_append_new(existing, json_integer(id));
        else if (e)
            err = errf(&ctx->eb, e, "%s", one.msg);
        else
            json_array_append_new(added, json_integer(id));
    }
    size_t n_added = json_array_size(added);
    source_list_clear(&l);
    json_t *reply = json_pack("{s:o,s:o,s:I}", "added", added, "existing", existing, "skipped",
                              (json_int_t)skipped);
    if (err) {
        json_decref(reply);
        return err;
    }
    return api_json(res, n_added ? 201 : 200, reply);
}

enum err api_sources(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    return req->method == HTTP_POST ? add_sources(ctx, req, res) : list_sources(ctx, res);
}

enum err api_source_delete(struct web_ctx *ctx, const struct web_request *req,
                           struct web_response *res)
{
    enum err err = store_source_remove(ctx->st, req->route->ids[0], &ctx->eb);
    if (err == ERR_NOT_FOUND)
        return api_error(res, 404, "no such source");
    if (err)
        return err;
    return api_json(res, 200, json_pack("{s:I}", "removed", (json_int_t)req->route->ids[0]));
}

enum err web_healthz(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    int64_t gen;
    enum err err = store_site_generation(ctx->st, &gen, NULL);
    res->content_type = "text/plain; charset=utf-8";
    res->cache_control = "no-store";
    res->status = err ? 503 : 200;
    return buf_puts(&res->body, err ? "store unavailable\n" : "ok\n");
}

enum err web_metrics(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    struct site_stats site;
    enum err err = store_site_stats(ctx->st, &site, &ctx->eb);
    if (err)
        return err;
    struct page_cache_stats cache;
    page_cache_stats(ctx->cache, &cache);
    res->content_type = "text/plain; version=0.0.4; charset=utf-8";
    res->cache_control = "no-store";
    return metrics_write(ctx->metrics, &site, &cache, &res->body);
}
