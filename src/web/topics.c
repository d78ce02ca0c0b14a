/* Topics: a KB entity as a page of its own. /topic/{id} shows what the
 * knowledge base holds on it (label, Wikidata description, the Wikipedia
 * opening paragraph with its source and licence, as a story's background box
 * does) and the stories whose articles mention it, ranked as the front page
 * ranks; /topic/{id}/feed.atom|json list those stories; /api/topics/{id} is
 * the same as JSON. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "web/feed_out.h"
#include "web/handler.h"
#include "web/stories.h"

#define TOPIC_STORIES 50 /* stories a topic page, feed or API lists at most */

/* An entity with the text shown for it and its stories. */
struct topic {
    struct kb_entity e;
    const struct kb_text *text; /* in the reader's language, else English, else any */
    struct story_set stories;
    char dump_day[21]; /* "2024-03-01", or "" */
};

static void topic_clear(struct topic *t)
{
    story_set_clear(&t->stories);
    kb_entity_clear(&t->e);
}

/* ERR_NOT_FOUND when there is no entity id or it has no text to show. The
 * caller clears t (topic_clear), also after an error. */
static enum err topic_load(struct web_ctx *ctx, enum site_lang l, int64_t id, struct topic *t)
{
    memset(t, 0, sizeof *t);
    enum err err = store_kb_entity_get(ctx->st, id, 0, &t->e, &ctx->eb);
    if (err)
        return err;
    const char *prefer[] = {site_lang_code(l), "en"};
    for (size_t p = 0; p < 2 && !t->text; p++)
        for (size_t i = 0; i < t->e.n_texts && !t->text; i++)
            if (t->e.texts[i].lang && !strcmp(t->e.texts[i].lang, prefer[p]))
                t->text = &t->e.texts[i];
    if (!t->text && t->e.n_texts)
        t->text = &t->e.texts[0];
    if (!t->text || !t->text->title)
        return errf(&ctx->eb, ERR_NOT_FOUND, "KB entity %lld has no text", (long long)id);
    if (t->text->dump_date) {
        time_format_rfc3339(t->text->dump_date, t->dump_day);
        t->dump_day[10] = '\0';
    }
    return story_set_load_topic(ctx->st, l, id, TOPIC_STORIES, &t->stories, &ctx->eb);
}

/* "— Wikipedia (sv) · Licens: CC-BY-SA-4.0 · Wikipedia-dump från 2024-03-01" */
static void source_line(struct html *h, enum site_lang l, const struct topic *t)
{
    const struct kb_text *x = t->text;
    h_lit(h, "<p class=\"meta\">— ");
    char *label = xasprintf("Wikipedia (%s)", x->lang);
    if (x->url && *x->url)
        h_link(h, x->url, label);
    else
        h_text(h, label);
    free(label);
    if (x->licence && *x->licence) {
        h_lit(h, " · ");
        h_text(h, phrase(l, PH_LICENCE));
        h_lit(h, ": ");
        h_text(h, x->licence);
    }
    if (t->dump_day[0]) {
        h_lit(h, " · ");
        h_text(h, phrase(l, PH_DUMP_OF));
        h_lit(h, " ");
        h_text(h, t->dump_day);
    }
    h_lit(h, "</p>\n");
}

static void topic_html(struct html *h, const struct web_request *req, const struct topic *t,
                       int64_t id)
{
    enum site_lang l = req->lang;
    const struct kb_text *x = t->text;
    layout_begin(h, req, x->title);
    h_lit(h, "<article class=\"topic\">\n<nav class=\"crumbs\" aria-label=\"breadcrumb\">"
             "<a href=\"/\">");
    h_text(h, phrase(l, PH_NAV_HOME));
    h_lit(h, "</a></nav>\n<header class=\"background\" lang=\"");
    h_attr(h, x->lang);
    h_lit(h, "\">\n<p class=\"kicker\">");
    h_text(h, phrase(l, PH_TOPIC));
    h_lit(h, "</p>\n<h1>");
    h_text(h, x->title);
    h_lit(h, "</h1>\n");
    if (x->description && *x->description) {
        h_lit(h, "<p class=\"meta\">");
        h_text(h, x->description);
        h_lit(h, "</p>\n");
    }
    if (x->extract && *x->extract) {
        h_lit(h, "<p>");
        h_text(h, x->extract);
        h_lit(h, "</p>\n");
    }
    source_line(h, l, t);
    h_lit(h, "</header>\n<h2 class=\"section\">");
    h_text(h, phrase(l, PH_TOPIC_STORIES));
    h_lit(h, "</h2>\n");
    if (!t->stories.n) {
        h_lit(h, "<p>");
        h_text(h, phrase(l, PH_TOPIC_NONE));
        h_lit(h, "</p>\n");
    } else {
        h_lit(h, "<section class=\"stories\">\n");
        for (size_t i = 0; i < t->stories.n; i++)
            story_card_html(h, l, &t->stories.cards[i]);
        h_lit(h, "</section>\n");
    }
    h_lit(h, "<footer class=\"story-foot\">\n<p>");
    feed_links_html(h, l, "topic", id);
    h_lit(h, "</p>\n</footer>\n</article>\n");
    layout_end(h, req);
}

enum err page_topic(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    int64_t id = req->route->ids[0];
    struct topic t;
    enum err err = topic_load(ctx, req->lang, id, &t);
    if (!err) {
        struct html h;
        html_init(&h, &res->body);
        topic_html(&h, req, &t, id);
        err = html_finish(&h);
    }
    topic_clear(&t);
    return err;
}

static enum err topic_feed(struct web_ctx *ctx, const struct web_request *req,
                           struct web_response *res, bool atom)
{
    int64_t id = req->route->ids[0];
    struct topic t;
    enum err err = topic_load(ctx, req->lang, id, &t);
    if (!err) {
        char *home = xasprintf("%s/topic/%lld", ctx->cfg->base_url, (long long)id);
        char *self = xasprintf("%s/feed.%s", home, atom ? "atom" : "json");
        char *title = xasprintf("%s – omnibus", t.text->title);
        struct feed_out_meta meta = {
            .id = home,
            .title = title,
            .subtitle = phrase(req->lang, PH_TOPIC_FEED_SUBTITLE),
            .home_url = home,
            .feed_url = self,
            .lang = site_lang_code(req->lang),
            .author = "omnibus",
        };
        err = feed_stories(ctx, &t.stories, &meta, atom, res);
        free(title);
        free(self);
        free(home);
    }
    topic_clear(&t);
    return err;
}

enum err topic_feed_atom(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res)
{
    return topic_feed(ctx, req, res, true);
}

enum err topic_feed_json(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res)
{
    return topic_feed(ctx, req, res, false);
}

enum err api_topic(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    int64_t id = req->route->ids[0];
    struct topic t;
    enum err err = topic_load(ctx, req->lang, id, &t);
    if (err == ERR_NOT_FOUND) {
        err = api_error(res, 404, "no such topic");
        goto out;
    }
    if (err)
        goto out;
    const struct kb_text *x = t.text;
    json_t *stories = json_array();
    for (size_t i = 0; i < t.stories.n; i++) {
        const struct story_card *c = &t.stories.cards[i];
        char *path = story_path(c->id, c->v->headline);
        json_array_append_new(stories,
                              json_pack("{sI ss ss sI ss sI ss}", "id", (json_int_t)c->id, "lang",
                                        c->v->lang, "headline", c->v->headline, "composed_at",
                                        (json_int_t)c->v->composed_at, "path", path, "newsrooms",
                                        (json_int_t)c->newsrooms, "key", c->v->story_key));
        free(path);
    }
    char *path = xasprintf("/topic/%lld", (long long)id);
    json_t *root =
        json_pack("{sI ss? ss ss ss? ss? ss? ss? ss? ss so}", "id", (json_int_t)id, "qid", t.e.qid,
                  "lang", x->lang, "title", x->title, "description", x->description, "extract",
                  x->extract, "url", x->url, "licence", x->licence, "dump_date",
                  t.dump_day[0] ? t.dump_day : NULL, "path", path, "stories", stories);
    free(path);
    err = api_json(res, 200, root);
out:
    topic_clear(&t);
    return err;
}
