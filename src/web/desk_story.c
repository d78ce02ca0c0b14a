/* One story on the desk: the composer's latest draft beside its members, the
 * pull quotes it found, the editors' decisions as forms, the story's history;
 * and the actions those forms post (publish, hide, drop or pin a take, the
 * pull quote, the label, the headline and intro line). Every action is
 * audited with who and when, and marks the story reviewed. */
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "compose/compose.h"
#include "web/desk.h"
#include "web/stories.h"

enum {
    EDITOR_TEXT_MAX = 300,   /* bytes of an editor's headline or intro line */
    BACKGROUND_CHOICES = 12, /* linked entities offered as the background box */
};

/* The JSON array text list with id added (add) or removed. A new string. */
static char *id_list_with(const char *list, int64_t id, bool add)
{
    json_t *a = json_loads(list ? list : "[]", 0, NULL);
    json_t *out = json_array();
    for (size_t i = 0; i < json_array_size(a); i++) {
        int64_t v = json_integer_value(json_array_get(a, i));
        if (v != id)
            json_array_append_new(out, json_integer(v));
    }
    if (add)
        json_array_append_new(out, json_integer(id));
    json_decref(a);
    char *s = json_dumps(out, JSON_COMPACT);
    json_decref(out);
    if (!s)
        abort(); /* jansson fails only when allocation does */
    char *copy = xstrdup(s);
    free(s);
    return copy;
}

static bool id_listed(const char *list, int64_t id)
{
    json_t *a = json_loads(list ? list : "[]", 0, NULL);
    bool found = false;
    for (size_t i = 0; i < json_array_size(a) && !found; i++)
        found = json_integer_value(json_array_get(a, i)) == id;
    json_decref(a);
    return found;
}

/* The text field name of the form, NULL when it is empty (the composer's
 * choice again); ERR_LIMIT past EDITOR_TEXT_MAX. */
static enum err editor_text(const struct query *form, const char *name, char **out)
{
    const char *v = query_get(form, name);
    while (v && (*v == ' ' || *v == '\t'))
        v++;
    if (v && strlen(v) > EDITOR_TEXT_MAX)
        return ERR_LIMIT;
    *out = v && *v ? xstrdup(v) : NULL;
    return ERR_OK;
}

/* Applies the form's action to d; *detail says what for the audit, *publish
 * whether to publish now. ERR_INVALID for an unknown or malformed action. */
static enum err apply_action(const struct query *form, const char *lead_article,
                             struct desk_story *d, char **detail, bool *publish)
{
    const char *action = query_get(form, "action");
    const char *arg = query_get(form, "article");
    int64_t article = arg ? strtoll(arg, NULL, 10) : 0;
    *publish = false;
    if (!action)
        return ERR_INVALID;
    if (!strcmp(action, "publish")) {
        *publish = true;
        *detail = xstrdup("");
    } else if (!strcmp(action, "hide") || !strcmp(action, "unhide")) {
        d->hidden = !strcmp(action, "hide");
        *detail = xstrdup("");
    } else if (!strcmp(action, "drop") || !strcmp(action, "pin") || !strcmp(action, "restore")) {
        /* The lead says what happened: its take stays. */
        if (article <= 0 || (lead_article && article == strtoll(lead_article, NULL, 10)))
            return ERR_INVALID;
        char *dropped = id_list_with(d->dropped, article, !strcmp(action, "drop"));
        char *pinned = id_list_with(d->pinned, article, !strcmp(action, "pin"));
        free(d->dropped);
        free(d->pinned);
        d->dropped = dropped;
        d->pinned = pinned;
        *detail = xasprintf("article %lld", (long long)article);
    } else if (!strcmp(action, "quote")) {
        const char *q = query_get(form, "quote");
        if (!q)
            return ERR_INVALID;
        d->quote = strtoll(q, NULL, 10);
        if (d->quote < -1 || d->quote >= COMPOSE_QUOTE_CANDIDATES)
            return ERR_INVALID;
        *detail = xasprintf("candidate %lld", (long long)d->quote);
    } else if (!strcmp(action, "split")) {
        if (article <= 0)
            return ERR_INVALID;
        char *split = id_list_with(d->split, article, true);
        free(d->split);
        d->split = split;
        *detail = xasprintf("article %lld", (long long)article);
    } else if (!strcmp(action, "merge")) {
        const char *m = query_get(form, "story");
        int64_t other = m ? strtoll(m, NULL, 10) : 0;
        if (other <= 0)
            return ERR_INVALID;
        char *merged = id_list_with(d->merged, other, true);
        free(d->merged);
        d->merged = merged;
        *detail = xasprintf("story %lld merged into this one", (long long)other);
    } else if (!strcmp(action, "background")) {
        const char *e = query_get(form, "entity");
        d->background = e ? strtoll(e, NULL, 10) : -1;
        if (d->background < 0)
            return ERR_INVALID;
        *detail = xasprintf("entity %lld", (long long)d->background);
    } else if (!strcmp(action, "label")) {
        const char *l = query_get(form, "label");
        if (!l || (strcmp(l, "analysis") && strcmp(l, "opinion") && strcmp(l, "none") &&
                   strcmp(l, "composer")))
            return ERR_INVALID;
        free(d->label);
        d->label = strcmp(l, "composer") ? xstrdup(l) : NULL;
        *detail = xstrdup(l);
    } else if (!strcmp(action, "headline") || !strcmp(action, "intro")) {
        bool headline = !strcmp(action, "headline");
        char *text;
        if (editor_text(form, "text", &text))
            return ERR_INVALID;
        free(headline ? d->headline : d->intro);
        if (headline)
            d->headline = text;
        else
            d->intro = text;
        *detail = xstrdup(text ? text : "(the composer's)");
    } else {
        return ERR_INVALID;
    }
    return ERR_OK;
}

/* The story merged into key is hidden (its articles now show in key's
 * roundup), and its history says where it went. */
static enum err hide_merged(struct web_ctx *ctx, const struct desk_req *dr, const char *key,
                           int64_t other)
{
    char other_key[32];
    snprintf(other_key, sizeof other_key, "story:%lld", (long long)other);
    struct desk_story od;
    bool found;
    enum err err = store_desk_story_get(ctx->st, other_key, &od, &found, &ctx->eb);
    if (!err) {
        od.hidden = true;
        od.reviewed_at = time_now();
        err = store_desk_story_put(ctx->st, &od, &ctx->eb);
    }
    char *detail = xasprintf("into %s", key);
    if (!err)
        err = store_desk_audit_add(ctx->st, other_key, dr->session.user_name, "merged", detail,
                                   &ctx->eb);
    free(detail);
    desk_story_clear(&od);
    return err;
}

static enum err story_post(struct web_ctx *ctx, const struct web_request *req,
                           struct desk_req *dr, const char *key, const char *lang,
                           const json_t *body, const int64_t *entities, size_t n_entities,
                           struct web_response *res)
{
    struct desk_story d;
    bool found;
    char *detail = NULL;
    bool publish;
    enum err err = store_desk_story_get(ctx->st, key, &d, &found, &ctx->eb);
    if (err)
        goto out;
    char lead[24];
    snprintf(lead, sizeof lead, "%lld",
             (long long)story_int(json_object_get(body, "lead"), "article_id"));
    bool valid = !apply_action(&dr->form, lead, &d, &detail, &publish);
    /* A background box only of an entity linked in the story's articles. */
    const char *action = query_get(&dr->form, "action");
    bool chosen = !valid || strcmp(action, "background") || d.background == 0;
    for (size_t i = 0; !chosen && i < n_entities; i++)
        chosen = entities[i] == d.background;
    if (!valid || !chosen) {
        err = page_error(req, 400, res);
        goto out;
    }
    int64_t id = req->route->ids[0], other = 0;
    bool reshaped = !strcmp(action, "merge") || !strcmp(action, "split");
    if (!strcmp(action, "merge")) {
        /* Another story the composer made a roundup of in this language. */
        other = strtoll(query_get(&dr->form, "story"), NULL, 10);
        char other_key[32];
        snprintf(other_key, sizeof other_key, "story:%lld", (long long)other);
        struct roundup_version ov = {0};
        enum err e = other == id ? ERR_NOT_FOUND
                                 : store_roundup_composed(ctx->st, other_key, lang, &ov, &ctx->eb);
        roundup_version_clear(&ov);
        if (e && e != ERR_NOT_FOUND) {
            err = e;
            goto out;
        }
        if (e) {
            err = page_error(req, 400, res);
            goto out;
        }
    } else if (!strcmp(action, "split")) {
        /* Only a member of the draft, and never the lead's article. */
        int64_t article = strtoll(query_get(&dr->form, "article"), NULL, 10);
        bool member = false;
        json_t *ms = json_object_get(body, "members");
        for (size_t i = 0; i < json_array_size(ms) && !member; i++)
            member = json_integer_value(json_array_get(ms, i)) == article;
        if (!member || article == strtoll(lead, NULL, 10)) {
            err = page_error(req, 400, res);
            goto out;
        }
    }
    d.reviewed_at = time_now();
    if ((err = store_begin(ctx->st, &ctx->eb)))
        goto out;
    int version = 0;
    err = store_desk_story_put(ctx->st, &d, &ctx->eb);
    if (!err && reshaped)
        err = store_story_recompose(ctx->st, id, &ctx->eb);
    if (!err && other)
        err = hide_merged(ctx, dr, key, other);
    if (!err && publish)
        err = compose_release(ctx->st, key, lang, dr->session.user_name, &version, &ctx->eb);
    char *what = publish ? xasprintf("version %d (%s)", version, lang) : NULL;
    if (!err)
        err = store_desk_audit_add(ctx->st, key, dr->session.user_name,
                                   query_get(&dr->form, "action"), what ? what : detail,
                                   &ctx->eb);
    free(what);
    if (!err)
        err = store_commit(ctx->st, &ctx->eb);
    else
        store_rollback(ctx->st);
    if (!err) {
        char *path = xasprintf("/desk/story/%lld?lang=%s", (long long)req->route->ids[0], lang);
        desk_redirect(res, path);
        free(path);
    }
out:
    free(detail);
    desk_story_clear(&d);
    return err;
}

/* A one-button form posting action (and article when not 0). */
static void action_button(struct html *h, const struct desk_req *d, const char *path,
                          const char *action, int64_t article, const char *label)
{
    h_lit(h, "<form class=\"inline\" method=\"post\" action=\"");
    h_attr(h, path);
    h_lit(h, "\">");
    desk_csrf_field(h, d);
    h_lit(h, "<input type=\"hidden\" name=\"action\" value=\"");
    h_attr(h, action);
    h_lit(h, "\">");
    if (article) {
        h_lit(h, "<input type=\"hidden\" name=\"article\" value=\"");
        h_int(h, article);
        h_lit(h, "\">");
    }
    h_lit(h, "<button type=\"submit\" name=\"do\" value=\"");
    h_attr(h, action);
    h_lit(h, "\">");
    h_text(h, label);
    h_lit(h, "</button></form>");
}

/* A take of the draft with its drop/pin/restore buttons. */
static void take_html(struct html *h, const struct desk_req *d, const char *path,
                      const struct desk_story *ds, const json_t *p, bool lead)
{
    int64_t article = story_int(p, "article_id");
    bool dropped = id_listed(ds->dropped, article), pinned = id_listed(ds->pinned, article);
    h_lit(h, "<li class=\"take");
    if (dropped)
        h_lit(h, " dropped");
    if (pinned)
        h_lit(h, " pinned");
    h_lit(h, "\" data-article=\"");
    h_int(h, article);
    h_lit(h, "\"><p>");
    h_text(h, story_str(p, "display"));
    h_lit(h, "</p><p class=\"meta\">");
    h_text(h, story_str(p, "outlet"));
    h_lit(h, " · article ");
    h_int(h, article);
    if (lead)
        h_lit(h, " · the lead");
    if (dropped)
        h_lit(h, " · <strong>dropped</strong>");
    if (pinned)
        h_lit(h, " · <strong>pinned</strong>");
    h_lit(h, "</p>");
    if (!lead) {
        if (!dropped)
            action_button(h, d, path, "drop", article, "Drop this take");
        if (!pinned && !dropped)
            action_button(h, d, path, "pin", article, "Pin this take");
        if (dropped || pinned)
            action_button(h, d, path, "restore", article, "Restore");
    }
    h_lit(h, "</li>\n");
}

/* A form with one text field posting action. */
static void text_form(struct html *h, const struct desk_req *d, const char *path,
                      const char *action, const char *label, const char *value)
{
    h_lit(h, "<form method=\"post\" action=\"");
    h_attr(h, path);
    h_lit(h, "\">");
    desk_csrf_field(h, d);
    h_lit(h, "<input type=\"hidden\" name=\"action\" value=\"");
    h_attr(h, action);
    h_lit(h, "\"><label>");
    h_text(h, label);
    h_lit(h, " <input name=\"text\" maxlength=\"300\" value=\"");
    h_attr(h, value ? value : "");
    h_lit(h, "\"></label> <button type=\"submit\">Save</button></form>\n");
}

/* The background boxes to choose among: the entities linked in the story,
 * by their title in the reader's language (else English). */
static void background_form(struct html *h, struct web_ctx *ctx, const struct desk_req *d,
                            const char *path, const char *lang, const struct desk_story *ds,
                            const json_t *body, const int64_t *entities, size_t n)
{
    h_lit(h, "<h2>Background</h2>\n");
    if (!n) {
        h_lit(h, "<p>No knowledge-base entity is linked in this story's articles.</p>\n");
        return;
    }
    int64_t composer = story_int(json_object_get(body, "background"), "entity_id");
    h_lit(h, "<form method=\"post\" action=\"");
    h_attr(h, path);
    h_lit(h, "\">");
    desk_csrf_field(h, d);
    h_lit(h, "<input type=\"hidden\" name=\"action\" value=\"background\">\n"
             "<label class=\"quote-choice\"><input type=\"radio\" name=\"entity\" value=\"0\"");
    if (ds->background <= 0)
        h_lit(h, " checked");
    h_lit(h, "> the composer's</label>\n");
    for (size_t i = 0; i < n; i++) {
        struct kb_text t;
        struct errbuf eb = {{0}};
        enum err err = store_kb_text_get(ctx->st, entities[i], lang, &t, &eb);
        if (err == ERR_NOT_FOUND)
            err = store_kb_text_get(ctx->st, entities[i], "en", &t, &eb);
        if (!err) {
            h_lit(h, "<label class=\"quote-choice\"><input type=\"radio\" name=\"entity\" "
                     "value=\"");
            h_int(h, entities[i]);
            h_lit(h, "\"");
            if (ds->background == entities[i])
                h_lit(h, " checked");
            h_lit(h, "> ");
            h_text(h, t.title);
            if (entities[i] == composer)
                h_lit(h, " (the composer's choice)");
            h_lit(h, "</label>\n");
        }
        kb_text_clear(&t);
    }
    h_lit(h, "<button type=\"submit\">Choose this background</button></form>\n");
}

static void story_desk_html(struct html *h, struct web_ctx *ctx, const struct web_request *req,
                            const struct desk_req *d, const char *key, const char *lang,
                            const struct roundup_version *draft, const json_t *body,
                            const struct desk_story *ds, const struct roundup_version *pub,
                            const struct desk_audit_list *audit, const int64_t *entities,
                            size_t n_entities)
{
    char *path = xasprintf("/desk/story/%lld?lang=%s", (long long)req->route->ids[0], lang);
    layout_begin(h, req, "Desk: story");
    h_lit(h, "<section class=\"desk\">\n");
    desk_header(h, d);
    h_lit(h, "<h1>");
    h_text(h, story_str(body, "headline"));
    h_lit(h, "</h1>\n<p class=\"meta\">");
    h_text(h, key);
    h_lit(h, " · ");
    h_text(h, lang);
    h_lit(h, " · draft v");
    h_int(h, draft->version);
    h_lit(h, " composed ");
    h_time(h, draft->composed_at);
    if (pub->version) {
        h_lit(h, " · published v");
        h_int(h, pub->version);
        h_lit(h, " ");
        h_time(h, pub->published_at);
    } else {
        h_lit(h, " · not published");
    }
    if (ds->hidden)
        h_lit(h, " · <strong>hidden</strong>");
    if (ds->flagged_at) {
        h_lit(h, " · <strong class=\"flag\">flagged</strong> ");
        h_text(h, ds->flag_reason);
    }
    h_lit(h, "</p>\n<p>");
    story_counts_line(h, SITE_EN, json_object_get(body, "balance"));
    h_lit(h, " ");
    story_balance_bar(h, SITE_EN, json_object_get(body, "balance"));
    h_lit(h, "</p>\n<div class=\"desk-actions\">");
    action_button(h, d, path, "publish", 0, "Publish");
    action_button(h, d, path, ds->hidden ? "unhide" : "hide", 0, ds->hidden ? "Unhide" : "Hide");
    h_lit(h, "</div>\n<h2>The editors' words</h2>\n");
    text_form(h, d, path, "headline", "Headline", ds->headline);
    text_form(h, d, path, "intro", "Intro line", ds->intro);
    h_lit(h, "<form method=\"post\" action=\"");
    h_attr(h, path);
    h_lit(h, "\">");
    desk_csrf_field(h, d);
    h_lit(h, "<input type=\"hidden\" name=\"action\" value=\"label\"><label>Label <select "
             "name=\"label\">");
    static const char *const labels[][2] = {{"composer", "the composer's"},
                                            {"none", "none"},
                                            {"analysis", "Analyser / Analysis"},
                                            {"opinion", "Ledare / Editorials"}};
    for (size_t i = 0; i < 4; i++) {
        h_lit(h, "<option value=\"");
        h_attr(h, labels[i][0]);
        h_lit(h, "\"");
        if ((ds->label && !strcmp(ds->label, labels[i][0])) || (!ds->label && !i))
            h_lit(h, " selected");
        h_lit(h, ">");
        h_text(h, labels[i][1]);
        h_lit(h, "</option>");
    }
    h_lit(h, "</select></label> <button type=\"submit\">Save</button></form>\n"
             "<div class=\"desk-columns\">\n<div class=\"desk-draft\">\n<h2>Draft</h2>\n<ol>\n");
    take_html(h, d, path, ds, json_object_get(body, "lead"), true);
    json_t *paras = json_object_get(body, "paragraphs");
    for (size_t i = 0; i < json_array_size(paras); i++)
        take_html(h, d, path, ds, json_array_get(paras, i), false);
    h_lit(h, "</ol>\n<h2>Pull quote</h2>\n");
    json_t *cands = json_object_get(body, "quote_candidates");
    if (!json_array_size(cands)) {
        h_lit(h, "<p>The composer found no quote with a named speaker.</p>\n");
    } else {
        h_lit(h, "<form method=\"post\" action=\"");
        h_attr(h, path);
        h_lit(h, "\">");
        desk_csrf_field(h, d);
        h_lit(h, "<input type=\"hidden\" name=\"action\" value=\"quote\">\n");
        for (size_t i = 0; i < json_array_size(cands); i++) {
            h_lit(h, "<label class=\"quote-choice\"><input type=\"radio\" name=\"quote\" "
                     "value=\"");
            h_int(h, (int64_t)i);
            h_lit(h, "\"");
            if ((ds->quote < 0 && i == 0) || ds->quote == (int64_t)i)
                h_lit(h, " checked");
            h_lit(h, "> ");
            h_text(h, story_str(json_array_get(cands, i), "display"));
            h_lit(h, "</label>\n");
        }
        h_lit(h, "<button type=\"submit\">Choose this quote</button></form>\n");
    }
    background_form(h, ctx, d, path, lang, ds, body, entities, n_entities);
    h_lit(h, "</div>\n<div class=\"desk-members\">\n<h2>Members</h2>\n<ul>\n");
    json_t *more = json_object_get(body, "read_more");
    for (size_t i = 0; i < json_array_size(more); i++) {
        const json_t *m = json_array_get(more, i);
        h_lit(h, "<li>");
        h_text(h, story_str(m, "outlet"));
        h_lit(h, ": ");
        h_link(h, story_str(m, "url"), story_str(m, "title"));
        h_lit(h, " <span class=\"meta\">article ");
        h_int(h, story_int(m, "article_id"));
        h_lit(h, "</span> ");
        if (story_int(m, "article_id") != story_int(json_object_get(body, "lead"), "article_id"))
            action_button(h, d, path, "split", story_int(m, "article_id"), "Split out");
        h_lit(h, "</li>\n");
    }
    h_lit(h, "</ul>\n<form method=\"post\" action=\"");
    h_attr(h, path);
    h_lit(h, "\">");
    desk_csrf_field(h, d);
    h_lit(h, "<input type=\"hidden\" name=\"action\" value=\"merge\"><label>Merge story "
             "<input name=\"story\" inputmode=\"numeric\" size=\"6\"></label> "
             "<button type=\"submit\">into this one</button></form>\n"
             "<p class=\"meta\">A merge or a split is composed on the next process pass.</p>\n"
             "</div>\n</div>\n<h2>History</h2>\n<ul class=\"desk-history\">\n");
    for (size_t i = 0; i < audit->len; i++) {
        const struct desk_audit *a = &audit->items[i];
        h_lit(h, "<li>");
        h_time(h, a->at);
        h_lit(h, " ");
        h_text(h, a->user_name);
        h_lit(h, ": ");
        h_text(h, a->action);
        if (a->detail && *a->detail) {
            h_lit(h, " ");
            h_text(h, a->detail);
        }
        h_lit(h, "</li>\n");
    }
    if (!audit->len)
        h_lit(h, "<li>No editor has acted on this story yet.</li>\n");
    h_lit(h, "</ul>\n</section>\n");
    layout_end(h, req);
    free(path);
}

enum err desk_story_page(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res)
{
    struct desk_req d;
    bool go;
    struct roundup_version draft = {0}, pub = {0};
    struct desk_story ds = {0};
    struct desk_audit_list audit = {0};
    json_t *body = NULL;
    int64_t *entities = NULL;
    size_t n_entities = 0;
    char key[32];
    snprintf(key, sizeof key, "story:%lld", (long long)req->route->ids[0]);
    const char *lang = site_lang_code(req->lang);
    enum err err = desk_begin(ctx, req, res, false, &d, &go);
    if (err || !go)
        goto out;
    if ((err = store_roundup_composed(ctx->st, key, lang, &draft, &ctx->eb)))
        goto out; /* ERR_NOT_FOUND: nothing composed in this language */
    if (!(body = json_loads(draft.body, 0, NULL))) {
        err = errf(&ctx->eb, ERR_PARSE, "the draft of %s is not JSON", key);
        goto out;
    }
    if ((err = store_story_entities(ctx->st, req->route->ids[0], BACKGROUND_CHOICES, &entities,
                                    &n_entities, &ctx->eb)))
        goto out;
    if (req->method == HTTP_POST) {
        err = story_post(ctx, req, &d, key, lang, body, entities, n_entities, res);
        goto out;
    }
    bool found;
    if ((err = store_desk_story_get(ctx->st, key, &ds, &found, &ctx->eb)) ||
        (err = store_desk_audit_list(ctx->st, key, 100, &audit, &ctx->eb)))
        goto out;
    err = store_roundup_latest(ctx->st, key, lang, &pub, &ctx->eb);
    if (err == ERR_NOT_FOUND)
        err = ERR_OK; /* not published (or hidden) */
    if (err)
        goto out;
    struct html h;
    html_init(&h, &res->body);
    story_desk_html(&h, ctx, req, &d, key, lang, &draft, body, &ds, &pub, &audit, entities,
                    n_entities);
    err = html_finish(&h);
out:
    free(entities);
    json_decref(body);
    roundup_version_clear(&draft);
    roundup_version_clear(&pub);
    desk_story_clear(&ds);
    desk_audit_list_clear(&audit);
    desk_req_clear(&d);
    return err;
}
