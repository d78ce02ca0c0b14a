/* The editor desk (src/store/desk_store.c): the people who log in and their
 * sessions, site settings (the publishing mode), what editors decided about
 * each story, the audit trail of their actions, and the webhook's outbox.
 * Passwords and session cookies are stored only as hashes made by the web
 * layer. */
#ifndef OMNIBUS_STORE_DESK_STORE_H
#define OMNIBUS_STORE_DESK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

struct desk_user {
    int64_t id;
    char *name;
    char *role;     /* "editor" or "admin" */
    char *password; /* the stored hash ("pbkdf2-sha256$...") */
    int64_t failures;
    int64_t locked_until;
    int64_t created_at;
};

struct desk_user_list {
    struct desk_user *items;
    size_t len;
};

void desk_user_clear(struct desk_user *u);           /* NULL-safe */
void desk_user_list_clear(struct desk_user_list *l); /* NULL-safe */

/* Adds a person. ERR_EXISTS when the name is taken. */
MUST_CHECK enum err store_desk_user_add(struct store *st, const char *name, const char *role,
                                        const char *password_hash, struct errbuf *eb);
/* The person called name; ERR_NOT_FOUND when none. Caller owns out. */
MUST_CHECK enum err store_desk_user_get(struct store *st, const char *name, struct desk_user *out,
                                        struct errbuf *eb);
/* Everyone, by name. Caller owns out. */
MUST_CHECK enum err store_desk_user_list(struct store *st, struct desk_user_list *out,
                                         struct errbuf *eb);
/* Removes a person and their sessions. ERR_NOT_FOUND when none. */
MUST_CHECK enum err store_desk_user_remove(struct store *st, const char *name, struct errbuf *eb);
/* Sets a new password hash, clears failures and lockout and ends every
 * session of the person. ERR_NOT_FOUND when none. */
MUST_CHECK enum err store_desk_user_set_password(struct store *st, const char *name,
                                                 const char *password_hash, struct errbuf *eb);
/* Counts a failed login of user id; at max_failures the account is locked
 * until now + lock_seconds and the count starts again. */
MUST_CHECK enum err store_desk_login_failed(struct store *st, int64_t id, int64_t max_failures,
                                            int64_t lock_seconds, int64_t now, struct errbuf *eb);
/* A successful login: failures back to 0. */
MUST_CHECK enum err store_desk_login_ok(struct store *st, int64_t id, struct errbuf *eb);

struct desk_session {
    int64_t user_id;
    char *user_name;
    char *role;
    char *csrf;
    int64_t expires_at;
};

void desk_session_clear(struct desk_session *s); /* NULL-safe */

/* Stores a session under the hash of its cookie. */
MUST_CHECK enum err store_desk_session_add(struct store *st, const char *token_hash,
                                           int64_t user_id, const char *csrf, int64_t now,
                                           int64_t expires_at, struct errbuf *eb);
/* The unexpired session (at now) whose cookie hashes to token_hash, with its
 * person; ERR_NOT_FOUND when none (expired ones are deleted on the way).
 * Caller owns out. */
MUST_CHECK enum err store_desk_session_get(struct store *st, const char *token_hash, int64_t now,
                                           struct desk_session *out, struct errbuf *eb);
/* Ends the session (logout); nothing when there is none. */
MUST_CHECK enum err store_desk_session_remove(struct store *st, const char *token_hash,
                                              struct errbuf *eb);

/* A site setting; ERR_NOT_FOUND when unset. Caller frees *value. */
MUST_CHECK enum err store_desk_setting_get(struct store *st, const char *name, char **value,
                                           struct errbuf *eb);
MUST_CHECK enum err store_desk_setting_set(struct store *st, const char *name, const char *value,
                                           struct errbuf *eb);

/* What the editors decided about one story. NULL strings and quote < 0,
 * background 0: the composer's choice stands. */
struct desk_story {
    char *story_key;
    char *headline, *intro;
    char *label;         /* "analysis", "opinion", "none", or NULL */
    int64_t quote;       /* index into the draft's quote_candidates; -1: the composer's */
    int64_t background;  /* KB entity id; 0: the composer's */
    char *dropped;       /* JSON array of article ids whose takes are dropped */
    char *pinned;        /* JSON array of article ids whose takes are pinned */
    char *merged;        /* JSON array of story ids merged into this one */
    char *split;         /* JSON array of article ids split out of it */
    bool hidden;         /* not on the public site at all */
    int64_t reviewed_at; /* when an editor last acted on it */
    int64_t flagged_at;  /* when it passed a notify threshold; 0: never */
    char *flag_reason;
};

void desk_story_clear(struct desk_story *d); /* NULL-safe */

/* The decisions about key; a story nobody touched gets the defaults (and
 * *found false). Caller owns out. */
MUST_CHECK enum err store_desk_story_get(struct store *st, const char *key, struct desk_story *out,
                                         bool *found, struct errbuf *eb);
/* Stores every field of d (inserting or replacing the row of d->story_key). */
MUST_CHECK enum err store_desk_story_put(struct store *st, const struct desk_story *d,
                                         struct errbuf *eb);

struct desk_audit {
    int64_t id;
    char *story_key; /* NULL: not about a story (a login, a user added) */
    char *user_name;
    int64_t at;
    char *action;
    char *detail;
};

struct desk_audit_list {
    struct desk_audit *items;
    size_t len;
};

void desk_audit_list_clear(struct desk_audit_list *l); /* NULL-safe */

/* Records an action by user (key may be NULL). */
MUST_CHECK enum err store_desk_audit_add(struct store *st, const char *key, const char *user,
                                         const char *action, const char *detail,
                                         struct errbuf *eb);
/* Up to limit actions on key (NULL: on anything), newest first. Caller owns out. */
MUST_CHECK enum err store_desk_audit_list(struct store *st, const char *key, size_t limit,
                                          struct desk_audit_list *out, struct errbuf *eb);

/* A story in the desk's queue: the latest version of each (key, lang), drafts
 * included, with what the desk knows of it. */
struct desk_queue_item {
    char *story_key;
    char *lang;
    int version;
    int64_t composed_at;
    int64_t published_at; /* of this version; 0: a draft */
    char *headline;
    char *body;
    int64_t reviewed_at, flagged_at;
    bool hidden;
};

struct desk_queue {
    struct desk_queue_item *items;
    size_t len;
};

void desk_queue_clear(struct desk_queue *q); /* NULL-safe */

/* Up to limit stories, those composed since an editor last reviewed them
 * first, then newest first. Caller owns out. */
MUST_CHECK enum err store_desk_queue(struct store *st, size_t limit, struct desk_queue *out,
                                     struct errbuf *eb);

/* Up to limit KB entities linked in story id's articles, the most mentioned
 * first: the background boxes an editor may choose among. Caller frees *ids. */
MUST_CHECK enum err store_story_entities(struct store *st, int64_t id, size_t limit, int64_t **ids,
                                         size_t *n, struct errbuf *eb);
/* Has story id's roundups composed again on the next process pass (the
 * editors merged a story into it or split an article out). */
MUST_CHECK enum err store_story_recompose(struct store *st, int64_t id, struct errbuf *eb);
/* How many articles joined story id at or after since: a story's growth. */
MUST_CHECK enum err store_story_growth(struct store *st, int64_t id, int64_t since, int64_t *n,
                                       struct errbuf *eb);

/* A webhook delivery waiting to go out (the notify pass, docs/desk.md). */
struct desk_webhook {
    int64_t id;
    char *story_key;
    char *payload; /* the JSON body to POST */
    int64_t attempts;
};

void desk_webhook_clear(struct desk_webhook *w); /* NULL-safe */

/* Queues payload for delivery from now. */
MUST_CHECK enum err store_desk_webhook_add(struct store *st, const char *key, const char *payload,
                                           int64_t now, struct errbuf *eb);
/* The oldest undelivered delivery due at now; ERR_NOT_FOUND when none.
 * Caller owns out. */
MUST_CHECK enum err store_desk_webhook_due(struct store *st, int64_t now, struct desk_webhook *out,
                                           struct errbuf *eb);
/* Records an attempt: delivered (at now), else failed with why and due again
 * at next_at. */
MUST_CHECK enum err store_desk_webhook_tried(struct store *st, int64_t id, bool delivered,
                                             const char *why, int64_t now, int64_t next_at,
                                             struct errbuf *eb);

#endif
