/* The store: the one interface every stage uses to keep and read its data, the
 * same on SQLite and PostgreSQL. No SQL exists outside src/store/. A struct store
 * is one connection: open one per thread. Strings in returned structs are owned
 * by the struct and freed by its _free function; arguments are borrowed. */
#ifndef OMNIBUS_STORE_STORE_H
#define OMNIBUS_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

/* Opens the database named by dsn ("sqlite:PATH", a bare path, or
 * "postgres://...") and applies pending migrations. Caller owns *out. */
MUST_CHECK enum err store_open(const char *dsn, struct store **out, struct errbuf *eb);
void store_close(struct store *st); /* NULL-safe */
/* "sqlite" or "postgres". */
const char *store_engine_name(const struct store *st);
/* The highest migration applied. */
MUST_CHECK enum err store_schema_version(struct store *st, int *version, struct errbuf *eb);

/* Groups several writes into one transaction (they nest). */
MUST_CHECK enum err store_begin(struct store *st, struct errbuf *eb);
MUST_CHECK enum err store_commit(struct store *st, struct errbuf *eb);
void store_rollback(struct store *st);

/* ---- sources ---- */

/* An outlet's feed and what readers care to know about it. */
struct source {
    int64_t id;
    char *name;
    char *site_url;
    char *feed_url;
    char *lang;    /* ISO 639-1, e.g. "sv" */
    char *country; /* ISO 3166-1 alpha-2, e.g. "SE" */
    char *kind;    /* news, analysis, opinion, wire, public-service */
    char *owner;   /* owner or group, e.g. "Bonnier" */
    char *stance;  /* declared editorial stance, free text */
    bool full_text;     /* may fetch and extract the article pages */
    bool allow_private; /* may connect to private/loopback addresses */
    bool enabled;
    int64_t created_at;
};

struct source_list {
    struct source *items;
    size_t len;
};

/* Frees the strings of s (not s itself); NULL-safe. */
void source_clear(struct source *s);
void source_list_free(struct source_list *l);

/* Adds a source; feed_url must be unique (ERR_EXISTS otherwise, with *id set to
 * the existing source). Creates its fetch state, due now. */
MUST_CHECK enum err store_source_add(struct store *st, const struct source *src, int64_t *id,
                                     struct errbuf *eb);
/* Updates every field of an existing source (by src->id). */
MUST_CHECK enum err store_source_update(struct store *st, const struct source *src,
                                        struct errbuf *eb);
MUST_CHECK enum err store_source_get(struct store *st, int64_t id, struct source *out,
                                     struct errbuf *eb);
MUST_CHECK enum err store_source_find(struct store *st, const char *feed_url, struct source *out,
                                      struct errbuf *eb);
MUST_CHECK enum err store_source_list(struct store *st, struct source_list *out,
                                      struct errbuf *eb);
/* Removes a source with its fetch state and articles. ERR_NOT_FOUND if none. */
MUST_CHECK enum err store_source_remove(struct store *st, int64_t id, struct errbuf *eb);

/* ---- fetch state ---- */

struct fetch_state {
    int64_t source_id;
    char *etag;
    char *last_modified;
    int64_t last_fetch_at;
    int64_t last_success_at;
    int last_status; /* HTTP status of the last attempt, 0 if it never answered */
    char *last_error; /* for a person; NULL after a success */
    int consecutive_failures;
    int64_t next_fetch_at;
    bool ill_formed;
    char *ill_formed_reason;
    char *feed_title;
    int64_t items_seen;
};

void fetch_state_clear(struct fetch_state *fs);

MUST_CHECK enum err store_fetch_state_get(struct store *st, int64_t source_id,
                                          struct fetch_state *out, struct errbuf *eb);
/* Writes the state and releases the source's lease. */
MUST_CHECK enum err store_fetch_state_put(struct store *st, const struct fetch_state *fs,
                                          struct errbuf *eb);

/* Claims up to limit enabled sources whose next fetch is due at now and whose
 * lease is free or expired, leasing them to worker until now + lease_seconds.
 * Two workers never hold the same source. Caller owns *out. */
MUST_CHECK enum err store_sources_claim_due(struct store *st, int64_t now, size_t limit,
                                            const char *worker, int lease_seconds,
                                            struct source_list *out, struct errbuf *eb);
/* Marks every source due now (for `fetch --all`). */
MUST_CHECK enum err store_sources_make_due(struct store *st, int64_t now, struct errbuf *eb);

/* ---- articles ---- */

struct article {
    int64_t id;
    int64_t source_id;
    char *url;  /* canonical: the dedup key */
    char *link; /* as given, resolved */
    char *guid;
    char *title;
    char *authors; /* JSON array */
    int64_t published_at;
    int64_t updated_at;
    int64_t fetched_at;
    char *summary;
    char *content;
    char *categories; /* JSON array */
    char *image_url;
    char *image_caption;
    char *image_credit;
    char *lang;
    char *content_hash;
};

struct article_list {
    struct article *items;
    size_t len;
};

void article_clear(struct article *a);
void article_list_free(struct article_list *l);

/* Stores a new article, or updates the stored one with the same canonical URL
 * (or the same source and GUID) when its content hash changed. *id is the
 * article's id; *inserted tells whether it is new. */
MUST_CHECK enum err store_article_put(struct store *st, const struct article *a, int64_t *id,
                                      bool *inserted, struct errbuf *eb);
MUST_CHECK enum err store_article_get(struct store *st, int64_t id, struct article *out,
                                      struct errbuf *eb);
/* The newest articles (by published, else fetched time), of one source when
 * source_id is not 0. */
MUST_CHECK enum err store_article_list(struct store *st, int64_t source_id, size_t limit,
                                       struct article_list *out, struct errbuf *eb);
MUST_CHECK enum err store_article_count(struct store *st, int64_t source_id, int64_t *count,
                                        struct errbuf *eb);

/* ---- extraction (issue 3): what an article's own page says ---- */

/* The extracted article, or the reason extraction failed. */
struct article_extract {
    int64_t article_id;
    bool ok;      /* false: the attempt failed, error says why */
    char *error;  /* for a person; NULL after a success */
    int attempts; /* attempts so far, this one included */
    int64_t extracted_at;
    int64_t retry_at; /* when a failure may be tried again; 0: never */
    char *page_url;   /* the page read, after redirects */
    char *title;
    char *byline; /* JSON array of names */
    int64_t published_at;
    int64_t modified_at;
    char *lang;
    char *site_name;
    char *excerpt;
    char *text; /* plain text, paragraphs separated by blank lines */
    char *html; /* sanitized fragment */
    char *image_url;
    char *image_caption;
    char *image_credit; /* NULL: the page credits no one */
};

/* Frees the strings of e (not e itself); NULL-safe. */
void article_extract_clear(struct article_extract *e);

/* Records a successful extraction of e->article_id (ok, error, attempts and
 * retry_at of e are ignored), replacing what an earlier attempt stored.
 * ERR_NOT_FOUND when there is no such article. */
MUST_CHECK enum err store_extract_put(struct store *st, const struct article_extract *e,
                                      struct errbuf *eb);
/* Records a failed attempt at now with its reason; retry_at is when it may be
 * tried again (0: never). Counts the attempt. */
MUST_CHECK enum err store_extract_fail(struct store *st, int64_t article_id, const char *reason,
                                       int64_t now, int64_t retry_at, struct errbuf *eb);
/* What extraction stored for an article; ERR_NOT_FOUND when it never tried. */
MUST_CHECK enum err store_extract_get(struct store *st, int64_t article_id,
                                      struct article_extract *out, struct errbuf *eb);

/* An article whose page is to be fetched and extracted. */
struct extract_todo {
    int64_t article_id;
    int64_t source_id;
    char *url;          /* the link the feed gave, else the canonical URL */
    bool allow_private; /* its source may reach private addresses */
};

struct extract_todo_list {
    struct extract_todo *items;
    size_t len;
};

void extract_todo_list_free(struct extract_todo_list *l);

/* Up to limit articles of enabled full-text sources that extraction has not
 * tried, or whose failed attempt is due again (retry_at <= now); newest
 * first. Caller owns *out. */
MUST_CHECK enum err store_extract_pending(struct store *st, int64_t now, size_t limit,
                                          struct extract_todo_list *out, struct errbuf *eb);

#endif
