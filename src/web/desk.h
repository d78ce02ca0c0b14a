/* What the desk's pages share (desk.c, desk_story.c): the signed-in person,
 * the checks every desk request passes (a session, its CSRF token on every
 * POST, the role an action needs), and the pieces of a desk page. */
#ifndef OMNIBUS_WEB_DESK_H
#define OMNIBUS_WEB_DESK_H

#include <stdbool.h>

#include "web/handler.h"

/* How long a session lasts, and the lockout after failed logins. */
enum { DESK_SESSION_SECONDS = 12 * 3600, DESK_MAX_FAILURES = 5, DESK_LOCK_SECONDS = 15 * 60 };

/* A desk request that passed desk_begin: the person and, for a POST, its
 * form. */
struct desk_req {
    struct desk_session session;
    struct query form; /* the POST body's fields; empty for a GET */
};

/* Checks req for a desk page: a valid session (else a GET is sent to the
 * login page, a POST refused with 401), for a POST the session's CSRF token
 * in the form's "csrf" field (else 403), and the admin role when admin is set
 * (else 403). *go is true when the handler goes on with d filled; else res
 * holds the answer. The caller clears d (desk_req_clear) either way. */
MUST_CHECK enum err desk_begin(struct web_ctx *ctx, const struct web_request *req,
                               struct web_response *res, bool admin, struct desk_req *d,
                               bool *go);
void desk_req_clear(struct desk_req *d);

/* A 303 to path (a new string is made of it). */
void desk_redirect(struct web_response *res, const char *path);
/* The hidden CSRF field of a desk form. */
void desk_csrf_field(struct html *h, const struct desk_req *d);
/* The desk's header: who is signed in, the queue, the people (admins), log
 * out; after layout_begin. */
void desk_header(struct html *h, const struct desk_req *d);

#endif
