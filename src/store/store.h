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

/* ---- knowledge base (kb: src/kb/, src/store/kb_store.c) ---- */

/* What kind of page an entity is; the linker never picks a disambiguation page. */
enum kb_kind { KB_KIND_ARTICLE = 0, KB_KIND_DISAMBIGUATION = 1 };

/* Where an alias came from: a bit set, since one name often comes from several. */
enum {
    KB_ORIGIN_TITLE = 1,    /* the page title */
    KB_ORIGIN_REDIRECT = 2, /* a redirect to the page */
    KB_ORIGIN_LABEL = 4,    /* the Wikidata label */
    KB_ORIGIN_ALIAS = 8,    /* a Wikidata alias */
    KB_ORIGIN_SHORT = 16,   /* the title without its qualifier ("Austin" of "Austin, Texas") */
    KB_ORIGIN_LINK = 32,    /* the text of wiki links to the page */
};

/* An entity's text in one language: what a background box shows, and where it came from. */
struct kb_text {
    char *lang;        /* "en", "sv", ... */
    char *title;       /* page title, else the Wikidata label */
    char *page;        /* Wikipedia page title (unique per language), NULL if none */
    char *description; /* Wikidata short description */
    char *extract;     /* the opening paragraph, plain text */
    char *url;
    char *licence;     /* SPDX-like id, e.g. "CC-BY-SA-3.0" */
    char *licence_url;
    int64_t revision;    /* 0 when unknown */
    int64_t modified_at; /* that revision's time, 0 when unknown */
    char *dump;          /* the file it was imported from */
    int64_t dump_date;   /* 0 when unknown */
};

/* A name an entity goes by in one language. norm is the lookup key (kb/norm.h). */
struct kb_alias {
    char *lang;
    char *name;
    char *norm;
    int origin;    /* KB_ORIGIN_* bits */
    int64_t links; /* wiki links with this text to the entity */
};

/* An entity with its text per language and its aliases. */
struct kb_entity {
    int64_t id;
    char *qid; /* Wikidata ID ("Q42"), NULL when the dump gave none */
    int kind;  /* enum kb_kind */
    int64_t popularity; /* Wikipedia editions with a page about it; 0 when unknown */
    struct kb_text *texts;
    size_t n_texts;
    struct kb_alias *aliases;
    size_t n_aliases;
};

void kb_text_clear(struct kb_text *t);     /* frees the strings; NULL-safe */
void kb_entity_clear(struct kb_entity *e); /* frees texts, aliases and strings; NULL-safe */

/* Adds an entity or merges it into the stored one, and returns its id in *id.
 * The stored entity is the one with e->qid; without a qid, the one that has a
 * text with the same page title in the same language. An entity stored without
 * a qid whose page e names is joined into e (its texts, aliases and mentions
 * move). Texts are upserted per language, keeping stored fields e leaves NULL;
 * aliases are added (origin bits OR-ed). Every alias needs norm set. Call inside
 * store_begin/store_commit when putting many. */
MUST_CHECK enum err store_kb_entity_put(struct store *st, const struct kb_entity *e, int64_t *id,
                                        struct errbuf *eb);
/* The entity with id: all its texts, and up to max_aliases of its aliases (by
 * language, then name). ERR_NOT_FOUND if none. Caller clears *out. */
MUST_CHECK enum err store_kb_entity_get(struct store *st, int64_t id, size_t max_aliases,
                                        struct kb_entity *out, struct errbuf *eb);
/* The id of the entity with Wikidata ID qid; ERR_NOT_FOUND if none. */
MUST_CHECK enum err store_kb_entity_find(struct store *st, const char *qid, int64_t *id,
                                         struct errbuf *eb);
/* The entity's text in lang; ERR_NOT_FOUND if it has none. Caller clears *out. */
MUST_CHECK enum err store_kb_text_get(struct store *st, int64_t entity_id, const char *lang,
                                      struct kb_text *out, struct errbuf *eb);

/* Records that page title in lang redirects to target (a page title); it becomes
 * an alias of target's entity when store_kb_resolve finds that page. */
MUST_CHECK enum err store_kb_redirect_put(struct store *st, const char *lang, const char *title,
                                          const char *norm, const char *target,
                                          struct errbuf *eb);
/* Adds n wiki links with text name (key norm) to page target in lang, for the
 * current import run (see store_kb_anchors_clear and store_kb_resolve). */
MUST_CHECK enum err store_kb_anchor_add(struct store *st, const char *lang, const char *name,
                                        const char *norm, const char *target, int64_t n,
                                        struct errbuf *eb);
/* Forgets the link texts of an earlier run: call when an import run starts. */
MUST_CHECK enum err store_kb_anchors_clear(struct store *st, struct errbuf *eb);

struct kb_resolve_counts {
    int64_t redirects;         /* redirects that became aliases */
    int64_t redirects_pending; /* redirects whose target is not (yet) in the KB */
    int64_t anchors;           /* (text, entity) link counts set */
    int64_t anchors_pending;   /* link texts whose target is not in the KB */
};
/* Turns redirects whose target page is now known into aliases, and sets the
 * link counts of aliases from this run's link texts (following redirects).
 * Redirects whose target is unknown stay for a later import. */
MUST_CHECK enum err store_kb_resolve(struct store *st, struct kb_resolve_counts *out,
                                     struct errbuf *eb);

/* One entity a name may stand for, with what ranking needs. */
struct kb_candidate {
    int64_t entity_id;
    char *qid; /* NULL when the entity has none */
    int kind;
    int64_t popularity;
    int origin;    /* how the name came to this entity: KB_ORIGIN_* bits */
    int64_t links; /* wiki links with this name to this entity */
    char *name;    /* the alias as first given */
    /* The entity's text in the language asked for, else English (lang, title,
     * page, description, extract and url only; all NULL when it has neither). */
    struct kb_text text;
};

struct kb_candidate_list {
    struct kb_candidate *items;
    size_t len;
};

void kb_candidate_list_free(struct kb_candidate_list *l); /* NULL-safe */

/* The entities whose alias in lang has key norm, most linked and most popular
 * first, at most limit of them, each with its text in text_lang (else
 * English). An empty list when none. Caller frees *out. */
MUST_CHECK enum err store_kb_candidates(struct store *st, const char *lang, const char *norm,
                                        const char *text_lang, size_t limit,
                                        struct kb_candidate_list *out, struct errbuf *eb);

struct kb_stats {
    int64_t entities;
    int64_t texts;
    int64_t aliases;
    int64_t redirects_pending;
};
MUST_CHECK enum err store_kb_stats(struct store *st, struct kb_stats *out, struct errbuf *eb);

/* Lets bulk work on this connection (a KB import) keep up to mb MiB of the
 * database in memory (SQLite's page cache; PostgreSQL manages its own). */
MUST_CHECK enum err store_kb_cache_mb(struct store *st, int mb, struct errbuf *eb);

/* Where in an article a mention is. */
enum kb_field { KB_FIELD_CONTENT = 0, KB_FIELD_TITLE = 1, KB_FIELD_SUMMARY = 2 };

/* An entity mention stored for an article: byte offsets into the field's text. */
struct kb_mention_row {
    int field; /* enum kb_field */
    int64_t start;
    int64_t end;
    int64_t entity_id; /* 0: not in the KB (NIL) */
    char *qid;         /* filled by store_kb_mentions_get; ignored by put */
    char *surface;
    double score;
};

struct kb_mention_list {
    struct kb_mention_row *items;
    size_t len;
};

void kb_mention_list_free(struct kb_mention_list *l); /* NULL-safe */

/* Replaces the stored mentions of the article with rows[0..n). */
MUST_CHECK enum err store_kb_mentions_put(struct store *st, int64_t article_id,
                                          const struct kb_mention_row *rows, size_t n,
                                          struct errbuf *eb);
/* The article's mentions, by field and offset. Caller frees *out. */
MUST_CHECK enum err store_kb_mentions_get(struct store *st, int64_t article_id,
                                          struct kb_mention_list *out, struct errbuf *eb);

/* ---- end of knowledge base ---- */

#endif
