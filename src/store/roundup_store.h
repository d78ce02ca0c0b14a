/* Roundups (src/store/roundup_store.c): every composed version of a story's
 * roundup per reader language, as JSON, with what changed; and the current
 * versions the site ranks. */
#ifndef OMNIBUS_STORE_ROUNDUP_STORE_H
#define OMNIBUS_STORE_ROUNDUP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

/* One stored version of a story's roundup in one reader language. */
struct roundup_version {
    int64_t id;
    char *story_key;
    char *lang;
    int version;
    int64_t composed_at;
    char *headline;
    char *members; /* JSON array of article ids */
    char *change;  /* "first version", "+2 sources, new headline" */
    char *body;    /* the roundup as JSON */
};

struct roundup_version_list {
    struct roundup_version *items;
    size_t len;
};

void roundup_version_clear(struct roundup_version *v);           /* NULL-safe */
void roundup_version_list_clear(struct roundup_version_list *l); /* NULL-safe */

/* Stores v as the next version of (v->story_key, v->lang): its version
 * number (one more than the latest, 1 for the first) goes to *version; v->id
 * and v->version are ignored. Concurrent writers of one story never get the
 * same number (ERR_EXISTS for the loser, who may retry). */
MUST_CHECK enum err store_roundup_put(struct store *st, const struct roundup_version *v,
                                      int *version, struct errbuf *eb);
/* The latest version of (key, lang); ERR_NOT_FOUND when there is none.
 * Caller owns out (roundup_version_clear). */
MUST_CHECK enum err store_roundup_latest(struct store *st, const char *key, const char *lang,
                                         struct roundup_version *out, struct errbuf *eb);
/* Every version of (key, lang), newest first, without their bodies (body is
 * NULL): the story page's update history. Caller owns out. */
MUST_CHECK enum err store_roundup_history(struct store *st, const char *key, const char *lang,
                                          struct roundup_version_list *out, struct errbuf *eb);

/* The latest version of every (story key, language), most recently composed
 * first (then newest id), at most limit of them, with their bodies: what the
 * front page, the front feeds and /api/stories rank. Caller owns out
 * (roundup_version_list_clear). */
MUST_CHECK enum err store_roundup_current(struct store *st, size_t limit,
                                          struct roundup_version_list *out, struct errbuf *eb);
/* The same, restricted to the stories "story:N" whose member articles
 * (story_member) mention KB entity entity_id (kb_mention): what a topic page
 * and its feeds rank. Empty when none does. Caller owns out. */
MUST_CHECK enum err store_roundup_topic(struct store *st, int64_t entity_id, size_t limit,
                                        struct roundup_version_list *out, struct errbuf *eb);
/* Up to limit stored versions of every roundup, of ids above after_id, in id
 * order, with their bodies: for reading them all a page at a time
 * (retention keeps what they show). Caller owns out. */
MUST_CHECK enum err store_roundup_page(struct store *st, int64_t after_id, size_t limit,
                                       struct roundup_version_list *out, struct errbuf *eb);

#endif
