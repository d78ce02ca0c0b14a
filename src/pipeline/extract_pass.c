/* The extraction stage: fetch the pages of new articles of full-text sources
 * and keep what extract_article finds; the page's text becomes the body that
 * later stages read. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "extract/extract.h"
#include "pipeline/pipeline.h"

/* How long a claim on a page lasts, and how long a failure that may pass
 * (network, 5xx, 429) waits before the next attempt. */
enum { EXTRACT_LEASE_SECONDS = 600, EXTRACT_RETRY_SECONDS = 3600 };

struct extract_run {
    struct pipeline_worker *w;
    size_t handled;     /* pages tried, whatever came of it */
    size_t extracted;   /* pages whose article was stored */
    enum err store_err; /* the first store failure: it ends the pass */
    struct errbuf *eb;
};

static char *byline_json(const struct extract_result *r)
{
    if (!r->n_byline)
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; i < r->n_byline; i++)
        json_array_append_new(arr, json_string(r->byline[i]));
    char *s = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return s;
}

static enum err keep_result(struct extract_run *x, const struct extract_todo *todo,
                            const struct fetch_result *res, struct extract_result *r)
{
    struct article_extract e = {
        .article_id = todo->article_id,
        .ok = true,
        .extracted_at = time_now(),
        .page_url = res->final_url ? res->final_url : todo->url,
        .title = r->title,
        .byline = byline_json(r),
        .published_at = r->date_ms / 1000,
        .modified_at = r->modified_ms / 1000,
        .lang = r->lang,
        .site_name = r->site_name,
        .excerpt = r->excerpt,
        .text = r->text,
        .html = r->html,
        .image_url = r->image.url,
        .image_caption = r->image.caption,
        .image_credit = r->image.credit,
    };
    char *hash = xasprintf("%016llx", (unsigned long long)XXH3_64bits(r->text, strlen(r->text)));
    struct store *st = x->w->st;
    enum err err = store_begin(st, x->eb);
    if (!err && !(err = store_extract_put(st, &e, x->eb)) &&
        !(err = store_article_set_body(st, todo->article_id, r->text, hash, x->eb)) &&
        !(err = store_work_done(st, "extract", todo->article_id, x->eb)))
        err = store_commit(st, x->eb);
    else if (err)
        store_rollback(st);
    free(hash);
    free(e.byline);
    return err;
}

/* A failure that may pass is tried again later; one that will not (a page
 * that is not there, too large, or holds no article) is not. */
static int64_t retry_at(enum err err, int status, int64_t now)
{
    bool transient = err == ERR_NETWORK || err == ERR_TIMEOUT || status == 429 || status >= 500;
    return transient ? now + EXTRACT_RETRY_SECONDS : 0;
}

static enum err keep_failure(struct extract_run *x, const struct extract_todo *todo,
                             const char *why, enum err err, int status)
{
    int64_t now = time_now();
    int64_t retry = retry_at(err, status, now);
    struct store *st = x->w->st;
    enum err serr = store_begin(st, x->eb);
    /* A failure to try again stays queued. */
    if (!serr && !(serr = store_extract_fail(st, todo->article_id, why, now, retry, x->eb)) &&
        !(serr = retry ? store_work_release(st, "extract", todo->article_id, x->eb)
                       : store_work_done(st, "extract", todo->article_id, x->eb)))
        serr = store_commit(st, x->eb);
    else if (serr)
        store_rollback(st);
    return serr;
}

static void on_page(const struct fetch_request *req, struct fetch_result *res, void *ctx)
{
    struct extract_run *x = ctx;
    const struct extract_todo *todo = req->user;
    if (x->store_err)
        return;
    x->handled++;
    if (res->err || res->status < 200 || res->status >= 300 || !res->body) {
        char why[400];
        snprintf(why, sizeof why, "%s",
                 res->errmsg[0] ? res->errmsg : "the page answered without a body");
        x->store_err = keep_failure(x, todo, why, res->err, res->status);
        return;
    }
    struct extract_result r;
    struct errbuf why = {{0}};
    enum err err =
        extract_article(res->body, res->body_len, res->final_url ? res->final_url : todo->url,
                        res->content_type, NULL, &r, &why);
    if (err) {
        char msg[700];
        snprintf(msg, sizeof msg, "%s: %s", todo->url, err_msg(&why, err));
        x->store_err = keep_failure(x, todo, msg, err, res->status);
    } else {
        x->store_err = keep_result(x, todo, res, &r);
        x->extracted += !x->store_err;
    }
    extract_result_clear(&r);
}

enum err pipeline_extract_pass(struct pipeline_worker *w, const struct fetch_config *fetch,
                               size_t limit, size_t *handled, size_t *extracted, struct errbuf *eb)
{
    *handled = *extracted = 0;
    int64_t now = time_now();
    struct extract_todo_list todo;
    enum err err = store_extract_pending(w->st, now, limit, &todo, eb);
    if (err || !todo.len) {
        extract_todo_list_clear(&todo);
        return err;
    }
    int64_t *ids = xcalloc(todo.len, sizeof *ids);
    for (size_t i = 0; i < todo.len; i++)
        ids[i] = todo.items[i].article_id;
    size_t claimed = todo.len;
    err = store_extract_claim(w->st, w->name, now, EXTRACT_LEASE_SECONDS, ids, &claimed, eb);
    struct fetch_request *reqs = xcalloc(todo.len, sizeof *reqs);
    size_t n = 0;
    /* ids keeps the claimed ones in todo's order. */
    for (size_t i = 0, k = 0; !err && i < todo.len && k < claimed; i++) {
        if (todo.items[i].article_id != ids[k])
            continue;
        k++;
        reqs[n++] = (struct fetch_request){.url = todo.items[i].url,
                                           .allow_private = todo.items[i].allow_private,
                                           .user = &todo.items[i]};
    }
    struct extract_run x = {.w = w, .eb = eb};
    if (!err && n) {
        struct errbuf feb = {{0}};
        err = fetch_all(fetch, reqs, n, on_page, &x, &feb);
        if (err)
            errf(eb, err, "fetching pages: %s", err_msg(&feb, err));
        else
            err = x.store_err;
    }
    *handled = x.handled;
    *extracted = x.extracted;
    free(reqs);
    free(ids);
    extract_todo_list_clear(&todo);
    return err;
}
