/* The desk's people and sessions: login with lockout, logout, the checks
 * every desk request passes, the queue of stories to review, and the people
 * page for admins. Session cookies are random tokens kept only as SHA-256
 * (as admin tokens are); every form carries the session's CSRF token, and the
 * login form a token of its own in a cookie (double submit). */
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/timeutil.h"
#include "base/xalloc.h"
#include "web/auth.h"
#include "web/desk.h"
#include "web/stories.h"

#define SESSION_COOKIE "omnibus_desk"
#define LOGIN_COOKIE "omnibus_login"

/* Equal strings, compared in constant time for equal lengths. */
static bool same_secret(const char *a, const char *b)
{
    size_t n = a ? strlen(a) : 0;
    return a && b && n && n == strlen(b) && !CRYPTO_memcmp(a, b, n);
}

static bool secure_site(const struct web_ctx *ctx)
{
    return ctx->cfg->base_url && !strncmp(ctx->cfg->base_url, "https://", 8);
}

/* A Set-Cookie value: HttpOnly, SameSite=Strict, Secure on an https site. */
static char *cookie_header(const struct web_ctx *ctx, const char *name, const char *value,
                           const char *path, int max_age)
{
    return xasprintf("%s=%s; Path=%s; Max-Age=%d; HttpOnly; SameSite=Strict%s", name, value, path,
                     max_age, secure_site(ctx) ? "; Secure" : "");
}

void desk_redirect(struct web_response *res, const char *path)
{
    res->status = 303;
    res->location = xstrdup(path);
}

void desk_req_clear(struct desk_req *d)
{
    desk_session_clear(&d->session);
    query_clear(&d->form);
}

/* The session of req's cookie: ERR_NOT_FOUND when there is none (or it
 * expired). */
static enum err session_of(struct web_ctx *ctx, const struct web_request *req,
                           struct desk_session *s)
{
    memset(s, 0, sizeof *s);
    char token[AUTH_RANDOM_LEN + 1];
    if (!auth_cookie_get(req->cookie, SESSION_COOKIE, token, sizeof token))
        return ERR_NOT_FOUND;
    char hash[AUTH_HASH_LEN + 1];
    auth_token_hash(token, hash);
    return store_desk_session_get(ctx->st, hash, time_now(), s, &ctx->eb);
}

static enum err form_of(struct web_ctx *ctx, const struct web_request *req, struct query *form)
{
    memset(form, 0, sizeof *form);
    if (req->method != HTTP_POST)
        return ERR_OK;
    return query_parse(req->body ? req->body : "", req->body_len, form, &ctx->eb);
}

enum err desk_begin(struct web_ctx *ctx, const struct web_request *req, struct web_response *res,
                    bool admin, struct desk_req *d, bool *go)
{
    *go = false;
    memset(d, 0, sizeof *d);
    bool post = req->method == HTTP_POST;
    enum err err = session_of(ctx, req, &d->session);
    if (err == ERR_NOT_FOUND) {
        if (post)
            return page_error(req, 401, res);
        desk_redirect(res, "/desk/login");
        return ERR_OK;
    }
    if (err)
        return err;
    if (form_of(ctx, req, &d->form))
        return page_error(req, 400, res);
    if (post && !same_secret(query_get(&d->form, "csrf"), d->session.csrf)) {
        log_warn("desk: a form without its session's CSRF token (user %s)", d->session.user_name);
        return page_error(req, 403, res);
    }
    if (admin && strcmp(d->session.role, "admin"))
        return page_error(req, 403, res);
    *go = true;
    return ERR_OK;
}

void desk_csrf_field(struct html *h, const struct desk_req *d)
{
    h_lit(h, "<input type=\"hidden\" name=\"csrf\" value=\"");
    h_attr(h, d->session.csrf);
    h_lit(h, "\">");
}

void desk_header(struct html *h, const struct desk_req *d)
{
    h_lit(h, "<nav class=\"desk-nav\"><a href=\"/desk\">Queue</a>");
    if (!strcmp(d->session.role, "admin"))
        h_lit(h, " · <a href=\"/desk/users\">People</a>");
    h_lit(h, " · <span class=\"who\">");
    h_text(h, d->session.user_name);
    h_lit(h, " (");
    h_text(h, d->session.role);
    h_lit(h, ")</span> <form class=\"inline\" method=\"post\" action=\"/desk/logout\">");
    desk_csrf_field(h, d);
    h_lit(h, "<button type=\"submit\">Log out</button></form></nav>\n");
}

/* ---- login and logout ---- */

static enum err login_form(struct web_ctx *ctx, const struct web_request *req,
                           struct web_response *res, int status, const char *message)
{
    char token[AUTH_RANDOM_LEN + 1];
    enum err err = auth_random(token, &ctx->eb);
    if (err)
        return err;
    res->status = status;
    res->set_cookie[0] = cookie_header(ctx, LOGIN_COOKIE, token, "/desk/login", 3600);
    struct html h;
    html_init(&h, &res->body);
    layout_begin(&h, req, "Desk: log in");
    h_lit(&h, "<section class=\"desk\">\n<h1>Desk: log in</h1>\n");
    if (message) {
        h_lit(&h, "<p class=\"desk-error\" role=\"alert\">");
        h_text(&h, message);
        h_lit(&h, "</p>\n");
    }
    h_lit(&h, "<form method=\"post\" action=\"/desk/login\">\n"
              "<input type=\"hidden\" name=\"csrf\" value=\"");
    h_attr(&h, token);
    h_lit(&h, "\">\n<label>Name <input name=\"name\" autocomplete=\"username\" required></label>\n"
              "<label>Password <input name=\"password\" type=\"password\" "
              "autocomplete=\"current-password\" required></label>\n"
              "<button type=\"submit\">Log in</button>\n</form>\n</section>\n");
    layout_end(&h, req);
    return html_finish(&h);
}

/* A fixed hash to check a password against when the name is unknown, so a
 * wrong name takes as long as a wrong password. */
static const char DUMMY_HASH[] =
    "pbkdf2-sha256$210000$00000000000000000000000000000000$"
    "0000000000000000000000000000000000000000000000000000000000000000";

static enum err login_post(struct web_ctx *ctx, const struct web_request *req,
                           struct web_response *res)
{
    struct query form;
    if (form_of(ctx, req, &form))
        return page_error(req, 400, res);
    char expect[AUTH_RANDOM_LEN + 1];
    enum err err = ERR_OK;
    struct desk_user u = {0};
    const char *name = query_get(&form, "name"), *password = query_get(&form, "password");
    if (!auth_cookie_get(req->cookie, LOGIN_COOKIE, expect, sizeof expect) ||
        !same_secret(query_get(&form, "csrf"), expect)) {
        err = page_error(req, 403, res);
        goto out;
    }
    if (!name || !password) {
        err = login_form(ctx, req, res, 400, "Give a name and a password.");
        goto out;
    }
    int64_t now = time_now();
    err = store_desk_user_get(ctx->st, name, &u, &ctx->eb);
    if (err == ERR_NOT_FOUND) {
        (void)auth_password_check(password, DUMMY_HASH);
        err = login_form(ctx, req, res, 401, "Wrong name or password.");
        goto out;
    }
    if (err)
        goto out;
    if (u.locked_until > now) {
        err = store_desk_audit_add(ctx->st, NULL, u.name, "login refused", "account locked",
                                   &ctx->eb);
        if (!err)
            err = login_form(ctx, req, res, 403,
                             "Too many failed logins: this account is locked for a while.");
        goto out;
    }
    if (!auth_password_check(password, u.password)) {
        err = store_desk_login_failed(ctx->st, u.id, DESK_MAX_FAILURES, DESK_LOCK_SECONDS, now,
                                      &ctx->eb);
        if (!err)
            err = store_desk_audit_add(ctx->st, NULL, u.name, "login failed", "", &ctx->eb);
        if (!err)
            err = login_form(ctx, req, res, 401, "Wrong name or password.");
        goto out;
    }
    char token[AUTH_RANDOM_LEN + 1], csrf[AUTH_RANDOM_LEN + 1], hash[AUTH_HASH_LEN + 1];
    if ((err = auth_random(token, &ctx->eb)) || (err = auth_random(csrf, &ctx->eb)))
        goto out;
    auth_token_hash(token, hash);
    if ((err = store_desk_login_ok(ctx->st, u.id, &ctx->eb)) ||
        (err = store_desk_session_add(ctx->st, hash, u.id, csrf, now, now + DESK_SESSION_SECONDS,
                                      &ctx->eb)) ||
        (err = store_desk_audit_add(ctx->st, NULL, u.name, "login", "", &ctx->eb)))
        goto out;
    res->set_cookie[0] = cookie_header(ctx, SESSION_COOKIE, token, "/desk", DESK_SESSION_SECONDS);
    res->set_cookie[1] = cookie_header(ctx, LOGIN_COOKIE, "", "/desk/login", 0);
    desk_redirect(res, "/desk");
    OPENSSL_cleanse(token, sizeof token);
out:
    desk_user_clear(&u);
    query_clear(&form);
    return err;
}

enum err desk_login(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    if (req->method == HTTP_POST)
        return login_post(ctx, req, res);
    return login_form(ctx, req, res, 200, NULL);
}

enum err desk_logout(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    struct desk_req d;
    bool go;
    enum err err = desk_begin(ctx, req, res, false, &d, &go);
    if (!err && go) {
        char token[AUTH_RANDOM_LEN + 1], hash[AUTH_HASH_LEN + 1];
        if (auth_cookie_get(req->cookie, SESSION_COOKIE, token, sizeof token)) {
            auth_token_hash(token, hash);
            err = store_desk_session_remove(ctx->st, hash, &ctx->eb);
        }
        if (!err)
            err = store_desk_audit_add(ctx->st, NULL, d.session.user_name, "logout", "", &ctx->eb);
        res->set_cookie[0] = cookie_header(ctx, SESSION_COOKIE, "", "/desk", 0);
        desk_redirect(res, "/desk/login");
    }
    desk_req_clear(&d);
    return err;
}

/* ---- the queue ---- */

struct queue_row {
    const struct desk_queue_item *it;
    json_t *body;
    int64_t newsrooms;
    bool changed;
};

/* Changed since reviewed first; then newest (by the hour), biggest. */
static int queue_order(const void *a, const void *b)
{
    const struct queue_row *x = a, *y = b;
    if (x->changed != y->changed)
        return x->changed ? -1 : 1;
    int64_t hx = x->it->composed_at / 3600, hy = y->it->composed_at / 3600;
    if (hx != hy)
        return hx > hy ? -1 : 1;
    if (x->newsrooms != y->newsrooms)
        return x->newsrooms > y->newsrooms ? -1 : 1;
    return x->it->composed_at > y->it->composed_at ? -1 : x->it->composed_at < y->it->composed_at;
}

/* N of "story:N", or 0 for another key. */
static int64_t story_id_of(const char *key)
{
    if (strncmp(key, "story:", 6))
        return 0;
    char *end;
    long long id = strtoll(key + 6, &end, 10);
    return *end || id <= 0 ? 0 : id;
}

enum err desk_queue_page(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res)
{
    struct desk_req d;
    bool go;
    struct desk_queue q = {0};
    struct queue_row *rows = NULL;
    enum err err = desk_begin(ctx, req, res, false, &d, &go);
    if (err || !go)
        goto out;
    if ((err = store_desk_queue(ctx->st, 200, &q, &ctx->eb)))
        goto out;
    rows = xcalloc(q.len + 1, sizeof *rows);
    size_t n = 0;
    for (size_t i = 0; i < q.len; i++) {
        if (!story_id_of(q.items[i].story_key))
            continue;
        struct queue_row *r = &rows[n++];
        r->it = &q.items[i];
        r->body = json_loads(q.items[i].body, 0, NULL);
        r->newsrooms = story_int(json_object_get(r->body, "balance"), "newsrooms");
        r->changed = q.items[i].composed_at > q.items[i].reviewed_at;
    }
    qsort(rows, n, sizeof *rows, queue_order);
    struct html h;
    html_init(&h, &res->body);
    layout_begin(&h, req, "Desk");
    h_lit(&h, "<section class=\"desk\">\n");
    desk_header(&h, &d);
    h_lit(&h, "<h1>Queue</h1>\n<p>Stories new or changed since an editor last reviewed them "
              "come first, newest and biggest first.</p>\n<ol class=\"desk-queue\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct queue_row *r = &rows[i];
        int64_t id = story_id_of(r->it->story_key);
        h_lit(&h, "<li class=\"");
        h_lit(&h, "desk-item");
        if (r->changed)
            h_lit(&h, " changed");
        if (r->it->flagged_at)
            h_lit(&h, " flagged");
        h_lit(&h, "\"><a href=\"/desk/story/");
        h_int(&h, id);
        h_lit(&h, "?lang=");
        h_url_component(&h, r->it->lang);
        h_lit(&h, "\">");
        h_text(&h, r->it->headline);
        h_lit(&h, "</a> <span class=\"meta\">");
        h_text(&h, r->it->lang);
        h_lit(&h, " · v");
        h_int(&h, r->it->version);
        if (r->it->published_at)
            h_lit(&h, " · published");
        else
            h_lit(&h, " · draft");
        if (r->it->hidden)
            h_lit(&h, " · hidden");
        if (r->changed)
            h_lit(&h, " · <strong>new</strong>");
        if (r->it->flagged_at)
            h_lit(&h, " · <strong class=\"flag\">flagged</strong>");
        h_lit(&h, " · ");
        h_time(&h, r->it->composed_at);
        h_lit(&h, "</span><br><span class=\"meta\">");
        story_counts_line(&h, SITE_EN, json_object_get(r->body, "balance"));
        h_lit(&h, "</span> ");
        story_balance_bar(&h, SITE_EN, json_object_get(r->body, "balance"));
        h_lit(&h, "</li>\n");
    }
    if (!n)
        h_lit(&h, "<li>Nothing composed yet.</li>\n");
    h_lit(&h, "</ol>\n</section>\n");
    layout_end(&h, req);
    err = html_finish(&h);
    for (size_t i = 0; i < n; i++)
        json_decref(rows[i].body);
out:
    free(rows);
    desk_queue_clear(&q);
    desk_req_clear(&d);
    return err;
}

/* ---- people (admins only) ---- */

static enum err users_post(struct web_ctx *ctx, struct desk_req *d, struct web_response *res)
{
    const char *action = query_get(&d->form, "action"), *name = query_get(&d->form, "name");
    if (!action || !name || !*name)
        return ERR_INVALID;
    enum err err;
    if (!strcmp(action, "add")) {
        const char *role = query_get(&d->form, "role"), *password = query_get(&d->form, "password");
        if (!role || (strcmp(role, "editor") && strcmp(role, "admin")) || !password)
            return ERR_INVALID;
        char *hash;
        if ((err = auth_password_hash(password, &hash, &ctx->eb)))
            return err;
        err = store_desk_user_add(ctx->st, name, role, hash, &ctx->eb);
        free(hash);
    } else if (!strcmp(action, "remove")) {
        err = store_desk_user_remove(ctx->st, name, &ctx->eb);
    } else {
        return ERR_INVALID;
    }
    if (!err)
        err = store_desk_audit_add(ctx->st, NULL, d->session.user_name,
                                   !strcmp(action, "add") ? "user added" : "user removed", name,
                                   &ctx->eb);
    if (!err)
        desk_redirect(res, "/desk/users");
    return err;
}

enum err desk_users_page(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res)
{
    struct desk_req d;
    bool go;
    struct desk_user_list users = {0};
    struct desk_audit_list audit = {0};
    enum err err = desk_begin(ctx, req, res, true, &d, &go);
    if (err || !go)
        goto out;
    if (req->method == HTTP_POST) {
        err = users_post(ctx, &d, res);
        if (err == ERR_INVALID || err == ERR_EXISTS || err == ERR_NOT_FOUND ||
            err == ERR_LIMIT)
            err = page_error(req, 400, res);
        goto out;
    }
    if ((err = store_desk_user_list(ctx->st, &users, &ctx->eb)) ||
        (err = store_desk_audit_list(ctx->st, NULL, 50, &audit, &ctx->eb)))
        goto out;
    struct html h;
    html_init(&h, &res->body);
    layout_begin(&h, req, "Desk: people");
    h_lit(&h, "<section class=\"desk\">\n");
    desk_header(&h, &d);
    h_lit(&h, "<h1>People</h1>\n<ul>\n");
    for (size_t i = 0; i < users.len; i++) {
        h_lit(&h, "<li>");
        h_text(&h, users.items[i].name);
        h_lit(&h, " (");
        h_text(&h, users.items[i].role);
        h_lit(&h, ") <form class=\"inline\" method=\"post\" action=\"/desk/users\">");
        desk_csrf_field(&h, &d);
        h_lit(&h, "<input type=\"hidden\" name=\"action\" value=\"remove\">"
                  "<input type=\"hidden\" name=\"name\" value=\"");
        h_attr(&h, users.items[i].name);
        h_lit(&h, "\"><button type=\"submit\">Remove</button></form></li>\n");
    }
    h_lit(&h, "</ul>\n<h2>Add someone</h2>\n<form method=\"post\" action=\"/desk/users\">");
    desk_csrf_field(&h, &d);
    h_lit(&h, "<input type=\"hidden\" name=\"action\" value=\"add\">\n"
              "<label>Name <input name=\"name\" required></label>\n"
              "<label>Role <select name=\"role\"><option>editor</option><option>admin</option>"
              "</select></label>\n<label>Password <input name=\"password\" type=\"password\" "
              "autocomplete=\"new-password\" required></label>\n"
              "<button type=\"submit\">Add</button>\n</form>\n<h2>Recent actions</h2>\n<ul>\n");
    for (size_t i = 0; i < audit.len; i++) {
        const struct desk_audit *a = &audit.items[i];
        h_lit(&h, "<li>");
        h_time(&h, a->at);
        h_lit(&h, " ");
        h_text(&h, a->user_name);
        h_lit(&h, ": ");
        h_text(&h, a->action);
        if (a->story_key) {
            h_lit(&h, " (");
            h_text(&h, a->story_key);
            h_lit(&h, ")");
        }
        if (a->detail && *a->detail) {
            h_lit(&h, " ");
            h_text(&h, a->detail);
        }
        h_lit(&h, "</li>\n");
    }
    h_lit(&h, "</ul>\n</section>\n");
    layout_end(&h, req);
    err = html_finish(&h);
out:
    desk_user_list_clear(&users);
    desk_audit_list_clear(&audit);
    desk_req_clear(&d);
    return err;
}
