/* Sources and their fetch state (src/store/source.c): the outlets we read, what
 * the last fetch of each feed found, and the leases that keep two fetch
 * workers off one feed. The fetch stage and the sources commands use it. */
#ifndef OMNIBUS_STORE_SOURCE_H
#define OMNIBUS_STORE_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

/* An outlet's feed and what readers care to know about it. */
struct source {
    int64_t id;
    char *name;
    char *site_url;
    char *feed_url;
    char *lang;         /* ISO 639-1, e.g. "sv" */
    char *country;      /* ISO 3166-1 alpha-2, e.g. "SE" */
    char *kind;         /* news, analysis, opinion, wire, public-service */
    char *owner;        /* owner or group, e.g. "Bonnier" */
    char *stance;       /* declared editorial stance, free text */
    bool full_text;     /* may fetch and extract the article pages */
    bool allow_private; /* may connect to private/loopback addresses */
    bool enabled;
    int64_t created_at;
    char *categories; /* OPML's form: comma-separated slash paths ("/News/Sweden,local"); NULL for none */
};

struct source_list {
    struct source *items;
    size_t len;
};

/* Free the strings of s (not s itself), and l's items; both NULL-safe. */
void source_clear(struct source *s);
void source_list_clear(struct source_list *l);

/* Adds a source; feed_url must be unique (ERR_EXISTS otherwise, with *id set to
 * the existing source). Creates its fetch state, due now. ERR_INVALID without
 * a name or a feed URL. */
MUST_CHECK enum err store_source_add(struct store *st, const struct source *src, int64_t *id,
                                     struct errbuf *eb);
/* Updates every field of an existing source (by src->id); a full-text
 * source's stored articles whose pages were never fetched are queued for
 * extraction. ERR_NOT_FOUND if there is none. */
MUST_CHECK enum err store_source_update(struct store *st, const struct source *src,
                                        struct errbuf *eb);
/* The source with id, or (find) with feed URL feed_url; ERR_NOT_FOUND if none.
 * Caller owns *out (source_clear). */
MUST_CHECK enum err store_source_get(struct store *st, int64_t id, struct source *out,
                                     struct errbuf *eb);
MUST_CHECK enum err store_source_find(struct store *st, const char *feed_url, struct source *out,
                                      struct errbuf *eb);
/* Every source, by id. Caller owns *out (source_list_clear). */
MUST_CHECK enum err store_source_list(struct store *st, struct source_list *out, struct errbuf *eb);
/* Removes a source with its fetch state and articles. ERR_NOT_FOUND if none. */
MUST_CHECK enum err store_source_remove(struct store *st, int64_t id, struct errbuf *eb);

/* What the last fetches of a source's feed found. */
struct fetch_state {
    int64_t source_id;
    char *etag;
    char *last_modified;
    int64_t last_fetch_at;
    int64_t last_success_at;
    int last_status;  /* HTTP status of the last attempt, 0 if it never answered */
    char *last_error; /* for a person; NULL after a success */
    int consecutive_failures;
    int64_t next_fetch_at;
    bool ill_formed;
    char *ill_formed_reason;
    char *feed_title;
    int64_t items_seen;
};

void fetch_state_clear(struct fetch_state *fs); /* NULL-safe */

/* The fetch state of a source; ERR_NOT_FOUND if none. Caller owns *out
 * (fetch_state_clear). */
MUST_CHECK enum err store_fetch_state_get(struct store *st, int64_t source_id,
                                          struct fetch_state *out, struct errbuf *eb);
/* Writes the state and releases the source's lease. ERR_NOT_FOUND when the
 * source has no fetch state. */
MUST_CHECK enum err store_fetch_state_put(struct store *st, const struct fetch_state *fs,
                                          struct errbuf *eb);

/* Claims up to limit enabled sources whose next fetch is due at now and whose
 * lease is free or expired, leasing them to worker until now + lease_seconds.
 * Two workers never hold the same source. Caller owns *out (source_list_clear). */
MUST_CHECK enum err store_sources_claim_due(struct store *st, int64_t now, size_t limit,
                                            const char *worker, int lease_seconds,
                                            struct source_list *out, struct errbuf *eb);
/* Marks every source due now (for `fetch --all`). */
MUST_CHECK enum err store_sources_make_due(struct store *st, int64_t now, struct errbuf *eb);

#endif
