/* A story's feeds, Atom and JSON Feed: its versions, each with what changed. */
#include <stdlib.h>

#include "base/xalloc.h"
#include "web/feed_out.h"
#include "web/handler.h"
#include "web/stories.h"

#define STORY_VERSIONS 200 /* versions a story's feed lists at most */

typedef enum err (*feed_writer)(const struct feed_out_meta *, const struct feed_out_entry *, size_t,
                                struct buf *, struct errbuf *);

static enum err story_feed(struct web_ctx *ctx, const struct web_request *req,
                           struct web_response *res, feed_writer write, const char *suffix,
                           const char *type)
{
    int64_t id = req->route->ids[0];
    struct story_view sv;
    enum err err = story_view_load(ctx, req->lang, id, &sv);
    if (err)
        goto out;
    const struct roundup_version_list *hist = &sv.hist;
    const struct roundup_version *v = &sv.v;
    size_t n = hist->len < STORY_VERSIONS ? hist->len : STORY_VERSIONS;
    char *path = story_path(id, v->headline);
    char *home = xasprintf("%s%s", ctx->cfg->base_url, path);
    char *self = xasprintf("%s/story/%lld/%s", ctx->cfg->base_url, (long long)id, suffix);
    char *title = xasprintf("%s – omnibus", v->headline);
    struct feed_out_entry *e = xcalloc(n ? n : 1, sizeof *e);
    char **ids = xcalloc(n ? n : 1, sizeof *ids);
    struct buf *notes = xcalloc(n ? n : 1, sizeof *notes);
    for (size_t i = 0; i < n; i++) {
        const struct roundup_version *hv = &hist->items[i];
        ids[i] = xasprintf("%s#v%d-%s", home, hv->version, hv->lang);
        /* The change in the reader's words, as the page's history says it. */
        buf_init(&notes[i], 4096);
        struct html nh;
        html_init(&nh, &notes[i]);
        h_text(&nh, phrase(req->lang, i + 1 == hist->len ? PH_PUBLISHED : PH_UPDATED));
        story_change_html(&nh, req->lang, hv->change);
        e[i] = (struct feed_out_entry){.id = ids[i],
                                       .title = hv->headline,
                                       .link = home,
                                       .updated = hv->composed_at,
                                       .published = hv->composed_at,
                                       .summary = html_finish(&nh) ? NULL : buf_cstr(&notes[i])};
    }
    struct feed_out_meta meta = {
        .id = home,
        .title = title,
        .subtitle = phrase(req->lang, PH_STORY_FEED_SUBTITLE),
        .home_url = home,
        .feed_url = self,
        .lang = site_lang_code(sv.shown),
        .author = "omnibus",
        .updated = v->composed_at,
    };
    err = write(&meta, e, n, &res->body, &ctx->eb);
    res->content_type = type;
    for (size_t i = 0; i < n; i++) {
        free(ids[i]);
        buf_clear(&notes[i]);
    }
    free(notes);
    free(ids);
    free(e);
    free(title);
    free(self);
    free(home);
    free(path);
out:
    story_view_clear(&sv);
    return err;
}

enum err story_feed_atom(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res)
{
    return story_feed(ctx, req, res, feed_out_atom, "feed.atom", FEED_ATOM_TYPE);
}

enum err story_feed_json(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res)
{
    return story_feed(ctx, req, res, feed_out_json, "feed.json", FEED_JSON_TYPE);
}
