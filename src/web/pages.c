/* The site's HTML pages: the front page, a source, about, and the error pages. */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "web/handler.h"
#include "web/stories.h"

#define HOME_STORIES 30    /* stories on the front page */
#define HOME_ARTICLES 300  /* recent articles the front page looks at */
#define HOME_PER_SOURCE 5  /* shown per source */
#define SOURCE_ARTICLES 50 /* shown on a source's page */

static const struct source *source_by_id(const struct source_list *l, int64_t id)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i].id == id)
            return &l->items[i];
    return NULL;
}

static int64_t article_time(const struct article *a)
{
    return a->published_at ? a->published_at : a->fetched_at;
}

static void article_item(struct html *h, const struct article *a)
{
    h_lit(h, "<li>");
    h_link(h, a->link ? a->link : a->url, a->title && *a->title ? a->title : a->url);
    h_lit(h, " ");
    h_time(h, article_time(a));
    h_lit(h, "</li>\n");
}

/* ---- the front page ---- */

/* Below the stories (or alone, before there are any) the front page has a
 * block per source with its newest articles. */
struct home_section {
    const struct source *source;
    const struct article *items[HOME_PER_SOURCE];
    size_t n;
};

/* Sections in order of each source's newest article (arts is newest first). */
static struct home_section *home_by_source(const struct source_list *sources,
                                           const struct article_list *arts, size_t *n)
{
    struct home_section *sec = xcalloc(sources->len ? sources->len : 1, sizeof *sec);
    *n = 0;
    for (size_t i = 0; i < arts->len; i++) {
        const struct source *s = source_by_id(sources, arts->items[i].source_id);
        if (!s)
            continue;
        size_t k = 0;
        while (k < *n && sec[k].source != s)
            k++;
        if (k == *n)
            sec[(*n)++].source = s;
        if (sec[k].n < HOME_PER_SOURCE)
            sec[k].items[sec[k].n++] = &arts->items[i];
    }
    return sec;
}

static void render_source_section(struct html *h, enum site_lang l, const struct home_section *s)
{
    h_lit(h, "<section class=\"group\">\n<h2><a href=\"/source/");
    h_int(h, s->source->id);
    h_lit(h, "\">");
    h_text(h, s->source->name);
    h_lit(h, "</a></h2>\n<p class=\"meta\">");
    h_text(h, site_lang_kind(l, s->source->kind));
    if (s->source->stance && *s->source->stance) {
        h_lit(h, " · ");
        h_text(h, s->source->stance);
    }
    h_lit(h, "</p>\n<ul class=\"articles\">\n");
    for (size_t i = 0; i < s->n; i++)
        article_item(h, s->items[i]);
    h_lit(h, "</ul>\n</section>\n");
}

enum err page_home(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    struct story_set stories = {0};
    struct source_list sources = {0};
    struct article_list arts = {0};
    enum err err = story_set_load(ctx->st, req->lang, HOME_STORIES, &stories, &ctx->eb);
    if (!err)
        err = store_source_list(ctx->st, &sources, &ctx->eb);
    if (!err)
        err = store_article_list(ctx->st, 0, HOME_ARTICLES, &arts, &ctx->eb);
    if (err)
        goto out;
    enum site_lang l = req->lang;
    struct html h;
    html_init(&h, &res->body);
    layout_begin(&h, req, phrase(l, stories.n ? PH_STORIES_TITLE : PH_HOME_TITLE));
    if (stories.n) {
        h_lit(&h, "<h1>");
        h_text(&h, phrase(l, PH_STORIES_TITLE));
        h_lit(&h, "</h1>\n<p class=\"lead\">");
        h_text(&h, phrase(l, PH_STORIES_INTRO));
        h_lit(&h, "</p>\n<div class=\"stories\">\n");
        for (size_t i = 0; i < stories.n; i++)
            story_card_html(&h, l, &stories.cards[i]);
        h_lit(&h, "</div>\n<h2 class=\"section\">");
        h_text(&h, phrase(l, PH_HOME_TITLE));
        h_lit(&h, "</h2>\n");
    } else {
        h_lit(&h, "<h1>");
        h_text(&h, phrase(l, PH_HOME_TITLE));
        h_lit(&h, "</h1>\n");
    }
    h_lit(&h, "<p class=\"lead\">");
    enum phrase empty = PH_HOME_EMPTY;
    struct site_stats site;
    if (!arts.len && store_site_stats(ctx->st, &site, NULL) == ERR_OK)
        empty = !site.sources                                               ? PH_HOME_NO_SOURCES
                : site.sources_failing && site.sources_failing >= site.sources_enabled
                    ? PH_HOME_ALL_FAILING
                    : PH_HOME_EMPTY;
    h_text(&h, phrase(l, arts.len ? PH_HOME_INTRO : empty));
    h_lit(&h, "</p>\n<div class=\"groups\">\n");
    size_t n;
    struct home_section *sec = home_by_source(&sources, &arts, &n);
    for (size_t i = 0; i < n; i++)
        render_source_section(&h, l, &sec[i]);
    free(sec);
    h_lit(&h, "</div>\n");
    layout_end(&h, req);
    err = html_finish(&h);
out:
    article_list_clear(&arts);
    source_list_clear(&sources);
    story_set_clear(&stories);
    return err;
}

/* ---- a source ---- */

/* Opens a fact of a <dl>: "<dt>label</dt><dd>"; the caller writes the value
 * and "</dd>". */
static void fact_open(struct html *h, enum site_lang l, enum phrase label, bool url)
{
    h_lit(h, "<dt>");
    h_text(h, phrase(l, label));
    if (url)
        h_lit(h, "</dt><dd class=\"url\">");
    else
        h_lit(h, "</dt><dd>");
}

/* A text fact, or "not stated" when the value is missing. */
static void fact(struct html *h, enum site_lang l, enum phrase label, const char *value)
{
    fact_open(h, l, label, false);
    if (value && *value)
        h_text(h, value);
    else {
        h_lit(h, "<span class=\"muted\">");
        h_text(h, phrase(l, PH_UNKNOWN));
        h_lit(h, "</span>");
    }
    h_lit(h, "</dd>\n");
}

static void fact_link(struct html *h, enum site_lang l, enum phrase label, const char *url)
{
    fact_open(h, l, label, true);
    h_link(h, url, url);
    h_lit(h, "</dd>\n");
}

static void fact_time(struct html *h, enum site_lang l, enum phrase label, int64_t t)
{
    fact_open(h, l, label, false);
    h_time(h, t);
    h_lit(h, "</dd>\n");
}

static void fact_int(struct html *h, enum site_lang l, enum phrase label, int64_t v)
{
    fact_open(h, l, label, false);
    h_int(h, v);
    h_lit(h, "</dd>\n");
}

static void feed_health(struct html *h, enum site_lang l, const struct fetch_state *fs)
{
    bool never = !fs->last_fetch_at;
    bool failing = fs->consecutive_failures > 0;
    h_lit(h, "<section class=\"health\">\n<h2>");
    h_text(h, phrase(l, PH_HEALTH));
    h_lit(h, "</h2>\n<p class=\"status ");
    if (never)
        h_lit(h, "never\">");
    else if (failing)
        h_lit(h, "failing\">");
    else
        h_lit(h, "ok\">");
    /* The state in words: the fetcher's own message names addresses, ports
     * and resolver answers, which are for the CLI and the admin API only. */
    if (never) {
        h_text(h, phrase(l, PH_HEALTH_NEVER));
    } else if (failing && fs->last_success_at) {
        h_text(h, phrase(l, PH_HEALTH_FAILING_SINCE));
        h_lit(h, " ");
        h_time(h, fs->last_success_at);
    } else {
        h_text(h, phrase(l, failing ? PH_HEALTH_NEVER_REACHED : PH_HEALTH_OK));
    }
    h_lit(h, "</p>\n<dl class=\"facts\">\n");
    fact_time(h, l, PH_HEALTH_LAST_SUCCESS, fs->last_success_at);
    fact_time(h, l, PH_HEALTH_LAST_FETCH, fs->last_fetch_at);
    fact_int(h, l, PH_HEALTH_FAILURES, fs->consecutive_failures);
    if (fs->ill_formed)
        fact(h, l, PH_HEALTH_ILL_FORMED, fs->ill_formed_reason);
    fact_int(h, l, PH_HEALTH_ITEMS_SEEN, fs->items_seen);
    fact_time(h, l, PH_HEALTH_NEXT_FETCH, fs->next_fetch_at);
    h_lit(h, "</dl>\n</section>\n");
}

enum err page_source(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    struct source s = {0};
    struct fetch_state fs = {0};
    struct article_list arts = {0};
    int64_t count = 0;
    enum err err = store_source_get(ctx->st, req->route->ids[0], &s, &ctx->eb);
    if (!err) {
        err = store_fetch_state_get(ctx->st, s.id, &fs, &ctx->eb);
        if (err == ERR_NOT_FOUND) /* a source without fetch state was never fetched */
            err = ERR_OK;
    }
    if (!err)
        err = store_article_list(ctx->st, s.id, SOURCE_ARTICLES, &arts, &ctx->eb);
    if (!err)
        err = store_article_count(ctx->st, s.id, &count, &ctx->eb);
    if (err)
        goto out;
    enum site_lang l = req->lang;
    struct html h;
    html_init(&h, &res->body);
    layout_begin(&h, req, s.name);
    h_lit(&h, "<nav class=\"crumbs\" aria-label=\"breadcrumb\"><a href=\"/about\">");
    h_text(&h, phrase(l, PH_ABOUT_SOURCES));
    h_lit(&h, "</a></nav>\n<h1>");
    h_text(&h, s.name);
    h_lit(&h, "</h1>\n");
    if (!s.enabled) {
        h_lit(&h, "<p class=\"notice\">");
        h_text(&h, phrase(l, PH_SOURCE_DISABLED));
        h_lit(&h, "</p>\n");
    }
    h_lit(&h, "<div class=\"columns\">\n<section class=\"about-source\">\n<h2>");
    h_text(&h, phrase(l, PH_SOURCE_ABOUT));
    h_lit(&h, "</h2>\n<dl class=\"facts\">\n");
    fact(&h, l, PH_SOURCE_KIND, site_lang_kind(l, s.kind));
    fact(&h, l, PH_SOURCE_OWNER, s.owner);
    fact(&h, l, PH_SOURCE_STANCE, s.stance);
    fact(&h, l, PH_SOURCE_LANG, s.lang);
    fact(&h, l, PH_SOURCE_COUNTRY, s.country);
    if (s.site_url)
        fact_link(&h, l, PH_SOURCE_SITE, s.site_url);
    fact_link(&h, l, PH_SOURCE_FEED, s.feed_url);
    h_lit(&h, "</dl>\n</section>\n");
    feed_health(&h, l, &fs);
    h_lit(&h, "</div>\n<section>\n<h2>");
    h_text(&h, phrase(l, PH_RECENT_ARTICLES));
    h_lit(&h, " <span class=\"count\">(");
    h_int(&h, count);
    h_lit(&h, " ");
    h_text(&h, phrase(l, count == 1 ? PH_ARTICLES_1 : PH_ARTICLES_N));
    h_lit(&h, ")</span></h2>\n");
    if (!arts.len) {
        h_lit(&h, "<p>");
        h_text(&h, phrase(l, PH_NO_ARTICLES));
        h_lit(&h, "</p>\n");
    } else {
        h_lit(&h, "<ul class=\"articles\">\n");
        for (size_t i = 0; i < arts.len; i++)
            article_item(&h, &arts.items[i]);
        h_lit(&h, "</ul>\n");
    }
    h_lit(&h, "</section>\n");
    layout_end(&h, req);
    err = html_finish(&h);
out:
    article_list_clear(&arts);
    fetch_state_clear(&fs);
    source_clear(&s);
    return err;
}

/* ---- about ---- */

/* A table cell labelled with its column, which narrow screens show in place of
 * the header row. */
static void cell(struct html *h, enum site_lang l, enum phrase column, const char *value)
{
    h_lit(h, "<td data-label=\"");
    h_attr(h, phrase(l, column));
    h_lit(h, "\">");
    h_text(h, value);
    h_lit(h, "</td>");
}

enum err page_about(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    struct source_list sources = {0};
    enum err err = store_source_list(ctx->st, &sources, &ctx->eb);
    if (err)
        return err;
    enum site_lang l = req->lang;
    struct html h;
    html_init(&h, &res->body);
    layout_begin(&h, req, phrase(l, PH_ABOUT_TITLE));
    h_lit(&h, "<h1>");
    h_text(&h, phrase(l, PH_ABOUT_TITLE));
    h_lit(&h, "</h1>\n<div class=\"prose\">\n<p class=\"lead\">");
    h_text(&h, phrase(l, PH_ABOUT_P1));
    h_lit(&h, "</p>\n<p>");
    h_text(&h, phrase(l, PH_ABOUT_P2));
    h_lit(&h, "</p>\n<p>");
    h_text(&h, phrase(l, PH_ABOUT_P3));
    h_lit(&h, "</p>\n</div>\n<section>\n<h2 id=\"sources\">");
    h_text(&h, phrase(l, PH_ABOUT_SOURCES));
    h_lit(&h, "</h2>\n<p>");
    h_text(&h, phrase(l, PH_ABOUT_SOURCES_INTRO));
    h_lit(&h, "</p>\n<div class=\"table\">\n<table>\n<thead><tr><th scope=\"col\">");
    h_text(&h, phrase(l, PH_COL_SOURCE));
    h_lit(&h, "</th><th scope=\"col\">");
    h_text(&h, phrase(l, PH_SOURCE_KIND));
    h_lit(&h, "</th><th scope=\"col\">");
    h_text(&h, phrase(l, PH_SOURCE_COUNTRY));
    h_lit(&h, "</th><th scope=\"col\">");
    h_text(&h, phrase(l, PH_SOURCE_OWNER));
    h_lit(&h, "</th><th scope=\"col\">");
    h_text(&h, phrase(l, PH_SOURCE_STANCE));
    h_lit(&h, "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < sources.len; i++) {
        const struct source *s = &sources.items[i];
        h_lit(&h, "<tr><th scope=\"row\"><a href=\"/source/");
        h_int(&h, s->id);
        h_lit(&h, "\">");
        h_text(&h, s->name);
        h_lit(&h, "</a></th>");
        cell(&h, l, PH_SOURCE_KIND, site_lang_kind(l, s->kind));
        cell(&h, l, PH_SOURCE_COUNTRY, s->country);
        cell(&h, l, PH_SOURCE_OWNER, s->owner);
        cell(&h, l, PH_SOURCE_STANCE, s->stance);
        h_lit(&h, "</tr>\n");
    }
    h_lit(&h, "</tbody>\n</table>\n</div>\n</section>\n");
    layout_end(&h, req);
    source_list_clear(&sources);
    return html_finish(&h);
}

/* ---- errors ---- */

enum err page_error(const struct web_request *req, int status, struct web_response *res)
{
    enum phrase title = PH_ERR_500_TITLE, text = PH_ERR_500_TEXT;
    if (status == 400 || status == 413 || status == 414) {
        title = PH_ERR_400_TITLE;
        text = PH_ERR_400_TEXT;
    } else if (status == 401 || status == 403) {
        title = PH_ERR_403_TITLE;
        text = PH_ERR_403_TEXT;
    } else if (status == 404) {
        title = PH_ERR_404_TITLE;
        text = PH_ERR_404_TEXT;
    } else if (status == 405) {
        title = PH_ERR_405_TITLE;
        text = PH_ERR_405_TEXT;
    } else if (status == 503) {
        title = PH_ERR_503_TITLE;
        text = PH_ERR_503_TEXT;
    } else if (status == 429) {
        title = PH_ERR_429_TITLE;
        text = PH_ERR_429_TEXT;
    }
    enum site_lang l = req->lang;
    res->status = status;
    res->content_type = "text/html; charset=utf-8";
    buf_reset(&res->body);
    struct html h;
    html_init(&h, &res->body);
    layout_begin(&h, req, phrase(l, title));
    h_lit(&h, "<h1>");
    h_text(&h, phrase(l, title));
    h_lit(&h, "</h1>\n<p>");
    h_text(&h, phrase(l, text));
    h_lit(&h, "</p>\n<p><a href=\"/\">");
    h_text(&h, phrase(l, PH_BACK_HOME));
    h_lit(&h, "</a></p>\n");
    layout_end(&h, req);
    return html_finish(&h);
}
