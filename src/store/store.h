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

/* ---- stories (story_store.c; the story stage's tables, migration 0005) ---- */

/* A story as stored. Lists are JSON arrays. */
struct story_row {
    int64_t id;
    char *headline;
    int64_t first_seen, last_seen;
    int64_t articles, outlets, newsrooms;
    char *languages, *countries, *top_terms, *top_names;
    int64_t merged_into; /* 0 unless merged away */
    int64_t updated_at;
};

struct story_row_list {
    struct story_row *items;
    size_t len;
};

void story_row_clear(struct story_row *s); /* NULL-safe */
void story_row_list_free(struct story_row_list *l);

/* What clustering reads of an article to cluster, or (when replaying) of one
 * clustered before, and of its source. */
struct story_input {
    int64_t article_id, source_id;
    char *title, *authors;
    char *text;   /* the content, else the summary */
    char *lang;   /* the article's, else the source's */
    int64_t time; /* published, else fetched */
    char *owner, *country;
    int64_t story_id, copy_of; /* replay only */
    char *newsroom;            /* replay only */
};

struct story_input_list {
    struct story_input *items;
    size_t len;
};

void story_input_list_free(struct story_input_list *l);

/* A member of a story as listed: the article and how it joined. */
struct story_member_row {
    int64_t article_id;
    char *title, *url, *source_name;
    int64_t published_at;
    double similarity;
    int64_t copy_of;
    char *newsroom;
};

struct story_member_list {
    struct story_member_row *items;
    size_t len;
};

void story_member_list_free(struct story_member_list *l);

/* Up to limit articles that the clusterer has not seen, oldest first (by
 * published, else fetched time). Caller owns *out. */
MUST_CHECK enum err store_story_unassigned(struct store *st, size_t limit,
                                           struct story_input_list *out, struct errbuf *eb);
/* The clustered members (story_id set) of the stories seen since since (their
 * last_seen), oldest first, at most limit, after the one at (after_time,
 * after_id) in that order (pass the last one read to page on; INT64_MIN, 0 to
 * start): what rebuilds the clusterer's memory on start. Caller owns *out. */
MUST_CHECK enum err store_story_replay(struct store *st, int64_t since, int64_t after_time,
                                       int64_t after_id, size_t limit,
                                       struct story_input_list *out, struct errbuf *eb);
/* The highest story id used so far (0 when none). */
MUST_CHECK enum err store_story_max_id(struct store *st, int64_t *id, struct errbuf *eb);
/* The latest last_seen of any story that is not after until (0 when none). */
MUST_CHECK enum err store_story_latest(struct store *st, int64_t until, int64_t *at,
                                       struct errbuf *eb);

/* Records where an article went: story_id (0 when it could not be clustered,
 * with note saying why), the similarity, the original when it is a copy, its
 * newsroom. Creates the story's row when new. ERR_EXISTS when the article was
 * assigned already. */
MUST_CHECK enum err store_story_assign(struct store *st, int64_t article_id, int64_t story_id,
                                       double similarity, int64_t copy_of, const char *newsroom,
                                       const char *note, int64_t at, struct errbuf *eb);
/* Moves every member of from into into, marks from as merged into it, and
 * records the merge. */
MUST_CHECK enum err store_story_merge(struct store *st, int64_t from, int64_t into, int64_t at,
                                      struct errbuf *eb);
/* Moves the articles (members of from) to the new story into and records the
 * split. */
MUST_CHECK enum err store_story_split(struct store *st, int64_t from, int64_t into,
                                      const int64_t *articles, size_t n, int64_t at,
                                      struct errbuf *eb);
/* Sets a story's headline and top terms and names (JSON arrays; all may be
 * NULL) and recomputes from its members its times, counts, languages and
 * countries. ERR_NOT_FOUND when there is no such story. */
MUST_CHECK enum err store_story_refresh(struct store *st, int64_t id, const char *headline,
                                        const char *top_terms, const char *top_names,
                                        int64_t at, struct errbuf *eb);

/* The story id, or the one it was merged into (following merges to the
 * survivor). ERR_NOT_FOUND when there is no such story. */
MUST_CHECK enum err store_story_get(struct store *st, int64_t id, struct story_row *out,
                                    struct errbuf *eb);
/* Stories (not merged away) last seen at since or later, newest first, at most
 * limit. Caller owns *out. */
MUST_CHECK enum err store_story_list(struct store *st, int64_t since, size_t limit,
                                     struct story_row_list *out, struct errbuf *eb);
/* The members of story id, oldest first. Caller owns *out. */
MUST_CHECK enum err store_story_members(struct store *st, int64_t id,
                                        struct story_member_list *out, struct errbuf *eb);

#endif
