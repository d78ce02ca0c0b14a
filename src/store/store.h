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
    char *lang;         /* ISO 639-1, e.g. "sv" */
    char *country;      /* ISO 3166-1 alpha-2, e.g. "SE" */
    char *kind;         /* news, analysis, opinion, wire, public-service */
    char *owner;        /* owner or group, e.g. "Bonnier" */
    char *stance;       /* declared editorial stance, free text */
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
MUST_CHECK enum err store_source_list(struct store *st, struct source_list *out, struct errbuf *eb);
/* Removes a source with its fetch state and articles. ERR_NOT_FOUND if none. */
MUST_CHECK enum err store_source_remove(struct store *st, int64_t id, struct errbuf *eb);

/* ---- fetch state ---- */

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
    char *body;      /* plain text the later stages read (migration 0008) */
    char *body_hash; /* changes whenever body does */
};

struct article_list {
    struct article *items;
    size_t len;
};

void article_clear(struct article *a);
void article_list_free(struct article_list *l);

/* Stores a new article, or updates the stored one with the same canonical URL
 * (any URL it was stored under) or else the same source and GUID, when its
 * content hash changed; a GUID match under a new URL records that URL too.
 * An article stays its first source's: when the URL's article is another
 * source's, it is left as it is and a's source is recorded as also carrying
 * it (article_duplicate). Workers storing one URL at once store it once.
 * *id is the article's id; *inserted tells whether it is new. */
MUST_CHECK enum err store_article_put(struct store *st, const struct article *a, int64_t *id,
                                      bool *inserted, struct errbuf *eb);
MUST_CHECK enum err store_article_get(struct store *st, int64_t id, struct article *out,
                                      struct errbuf *eb);
/* The newest articles (by published, else fetched time), of one source when
 * source_id is not 0. */
MUST_CHECK enum err store_article_list(struct store *st, int64_t source_id, size_t limit,
                                       struct article_list *out, struct errbuf *eb);
/* Replaces an article's body (with its hash), e.g. by the text extraction found
 * on its page. ERR_NOT_FOUND when there is no such article. */
MUST_CHECK enum err store_article_set_body(struct store *st, int64_t id, const char *body,
                                           const char *body_hash, struct errbuf *eb);
MUST_CHECK enum err store_article_count(struct store *st, int64_t source_id, int64_t *count,
                                        struct errbuf *eb);

/* ---- claims on per-article work (migration 0007) ---- */

/* Keeps, of the n article ids in ids, those this worker now holds for stage:
 * ones no live claim (lease_until >= now) held, now leased to owner until
 * now + lease_seconds. Compacts ids in place and sets *n to how many are kept.
 * Atomic across workers and processes on both engines. */
MUST_CHECK enum err store_work_claim(struct store *st, const char *stage, const char *owner,
                                     int64_t now, int lease_seconds, int64_t *ids, size_t *n,
                                     struct errbuf *eb);
/* Releases the claim on article id for stage (a stage's writer calls it in the
 * transaction that stores the result). */
MUST_CHECK enum err store_work_done(struct store *st, const char *stage, int64_t id,
                                    struct errbuf *eb);
/* Releases every feed lease and work claim that owner holds: a worker that
 * starts under the name of one that died (kill -9, a crash) takes up its
 * unfinished work at once instead of after the leases run out. Only for a
 * name no live worker uses. */
MUST_CHECK enum err store_worker_release(struct store *st, const char *owner, struct errbuf *eb);

/* ---- moving an installation ---- */

/* Copies every row of the tables both engines share (those the common
 * migrations create, in migration order) from `from` into `to`: from one
 * snapshot of `from`, in one transaction on `to`, so that a failure leaves
 * `to` as it was. Both must be at the same schema version (store_open brings
 * them there) and `to` must hold no rows (ERR_EXISTS, naming a table). On
 * PostgreSQL, identity sequences continue after the copied ids. on_table (may
 * be NULL) hears each table's row count as it is done. Reading from
 * PostgreSQL holds one table in memory at a time. */
MUST_CHECK enum err store_copy_all(struct store *from, struct store *to,
                                   void (*on_table)(const char *table, int64_t rows, void *ctx),
                                   void *ctx, struct errbuf *eb);
/* ---- web: admin tokens, site generation, site counters (migration 0006) ---- */

/* An admin API token as stored: only its hash, never the token itself. */
struct admin_token {
    int64_t id;
    char *name;
    char *hash; /* lower-case hex SHA-256 of the token */
    int64_t created_at;
};

struct admin_token_list {
    struct admin_token *items;
    size_t len;
};

void admin_token_list_free(struct admin_token_list *l); /* NULL-safe */

/* Stores a token's hash under a name for people ("init", "ci"). ERR_EXISTS if
 * the hash is stored already. */
MUST_CHECK enum err store_admin_token_add(struct store *st, const char *name, const char *hash,
                                          int64_t *id, struct errbuf *eb);
/* Every stored token, oldest first. Caller frees with admin_token_list_free. */
MUST_CHECK enum err store_admin_token_list(struct store *st, struct admin_token_list *out,
                                           struct errbuf *eb);

/* The site generation: a counter that moves with every write to a table whose
 * rows the pages show (triggers in the schema). A page rendered after reading
 * generation G is valid until the generation differs from G. */
MUST_CHECK enum err store_site_generation(struct store *st, int64_t *gen, struct errbuf *eb);
/* Moves the site generation, as part of the open transaction if there is one.
 * For writes to tables that carry no trigger: the per-article search and
 * mention tables (Citus refuses triggers on distributed tables) and a KB
 * import, which calls it once instead of once per entity. */
MUST_CHECK enum err store_site_changed(struct store *st, struct errbuf *eb);

/* Counters for /metrics, read in one query. */
struct site_stats {
    int64_t sources;
    int64_t sources_enabled;
    int64_t sources_failing; /* last fetch failed (consecutive_failures > 0) */
    int64_t sources_ill_formed;
    int64_t articles;
    int64_t feed_items_seen; /* sum over sources of items seen in their feeds */
    int64_t last_success_at; /* newest successful fetch, 0 if none */
};
MUST_CHECK enum err store_site_stats(struct store *st, struct site_stats *out, struct errbuf *eb);
/* ---- text analysis and search (the text stage; src/store/text_store.c) ---- */

/* A byte range [start, end) of article.content. */
struct text_range {
    int64_t start, end;
};

struct stored_quote {
    struct text_range quote;
    struct text_range speaker; /* start == end when the text does not say */
    struct text_range cue;     /* start == end when there is none */
    char *speaker_text;        /* as written, NULL when none */
    char *cue_text;
    bool dialogue; /* a dialogue line opened by a dash */
};

struct stored_name {
    struct text_range range;
    char *name;
    char *kind; /* "phrase", "acronym", "quoted" */
};

/* What the text stage keeps of one article's content. */
struct article_text {
    int64_t article_id;
    char *lang; /* ISO 639-1, NULL when unknown */
    double lang_confidence;
    int64_t invalid_utf8;
    char *content_hash; /* the article's content_hash when analysed (read only) */
    int64_t analysed_at;
    struct text_range *sentences;
    size_t n_sentences;
    struct stored_quote *quotes;
    size_t n_quotes;
    struct stored_name *names;
    size_t n_names;
};

/* Frees what t owns and zeroes it; NULL-safe. */
void article_text_clear(struct article_text *t);

/* Stores t as the analysis of article t->article_id, replacing any earlier one,
 * records the article's current content_hash with it, and (re)indexes the
 * article's title and content for store_search, stemmed in t->lang. One
 * transaction. ERR_NOT_FOUND when the article does not exist. */
MUST_CHECK enum err store_text_put(struct store *st, const struct article_text *t,
                                   struct errbuf *eb);
/* Reads the stored analysis of an article; ERR_NOT_FOUND when there is none.
 * Caller owns out (article_text_clear). */
MUST_CHECK enum err store_text_get(struct store *st, int64_t article_id, struct article_text *out,
                                   struct errbuf *eb);
/* Up to limit ids of articles with content whose analysis is missing or older
 * than their content (content_hash changed), oldest first, leaving out those
 * another worker has claimed (a "text" work claim live at now). Caller frees
 * *ids. store_text_put releases the article's claim. */
MUST_CHECK enum err store_text_pending(struct store *st, size_t limit, int64_t now, int64_t **ids,
                                       size_t *n, struct errbuf *eb);

struct search_hit {
    int64_t article_id;
    char *title;
    char *url;
    char *snippet;    /* a few words of the text around a match, [matches] bracketed */
    bool title_match; /* every query word is in the title */
    double score;     /* engine's relevance, higher is better */
    int64_t published_at;
    char *source_name; /* the outlet's name */
    int64_t story_id;  /* the story with a roundup the article is part of, else 0 */
};

struct search_hits {
    struct search_hit *items;
    size_t len;
};

void search_hits_free(struct search_hits *h); /* NULL-safe */

/* Full-text search of article titles and text: the words of query (punctuation
 * and operators are ignored; all words must match, each in any inflection)
 * stemmed in lang when given (an ISO 639-1 code), else in every language we
 * model. Best first: articles whose title matches come before those matching
 * only in the text, each group by relevance. ERR_INVALID for a query without
 * words. */
MUST_CHECK enum err store_search(struct store *st, const char *query, const char *lang,
                                 size_t limit, struct search_hits *out, struct errbuf *eb);
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

/* Claims for owner (store_work_claim, stage "extract") those of the n ids
 * that are still to be tried (as store_extract_pending) once claimed: one
 * another worker tried between our reading the pending list and our claim is
 * released, not tried twice. Compacts ids in place, sets *n. */
MUST_CHECK enum err store_extract_claim(struct store *st, const char *owner, int64_t now,
                                        int lease_seconds, int64_t *ids, size_t *n,
                                        struct errbuf *eb);

/* ---- roundups (issue 7; src/store/roundup_store.c, migration 0009) ---- */

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

void roundup_version_clear(struct roundup_version *v);          /* NULL-safe */
void roundup_version_list_free(struct roundup_version_list *l); /* NULL-safe */

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
/* ---- end of roundups ---- */
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
    char *licence; /* SPDX-like id, e.g. "CC-BY-SA-3.0" */
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
    char *qid;          /* Wikidata ID ("Q42"), NULL when the dump gave none */
    int kind;           /* enum kb_kind */
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
                                          const char *norm, const char *target, struct errbuf *eb);
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

/* Up to limit ids of analysed articles whose mentions are missing or older than
 * their body, leaving out those claimed for "link" at now; none while the KB
 * is empty. Caller frees *ids. */
MUST_CHECK enum err store_link_pending(struct store *st, int64_t now, size_t limit, int64_t **ids,
                                       size_t *n, struct errbuf *eb);
/* Claims for owner (store_work_claim, stage "link") those of the n ids that
 * still need linking (as store_link_pending) once claimed: one another worker
 * linked between our reading the pending list and our claim is released, not
 * linked twice. Compacts ids in place, sets *n. */
MUST_CHECK enum err store_link_claim(struct store *st, const char *owner, int64_t now,
                                     int lease_seconds, int64_t *ids, size_t *n, struct errbuf *eb);
/* Records that article id's current body has been linked (its mentions are
 * stored with store_kb_mentions_put) and releases its "link" claim. */
MUST_CHECK enum err store_link_done(struct store *st, int64_t id, struct errbuf *eb);

/* ---- end of knowledge base ---- */

/* ---- web stories (issue 8; src/store/roundup_store.c, migration 0010) ---- */

/* The latest version of every (story key, language), most recently composed
 * first (then newest id), at most limit of them, with their bodies: what the
 * front page, the front feeds and /api/stories rank. Caller owns out
 * (roundup_version_list_free). */
MUST_CHECK enum err store_roundup_current(struct store *st, size_t limit,
                                          struct roundup_version_list *out, struct errbuf *eb);
/* The same, restricted to the stories "story:N" whose member articles
 * (story_member) mention KB entity entity_id (kb_mention): what a topic page
 * and its feeds rank. Empty when none does. Caller owns out. */
MUST_CHECK enum err store_roundup_topic(struct store *st, int64_t entity_id, size_t limit,
                                        struct roundup_version_list *out, struct errbuf *eb);
/* ---- end of web stories ---- */
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
    int64_t assigned_at;       /* replay only: when the clusterer took it */
    char **entities;           /* Wikidata ids the linker found in the article (kb_mention) */
    size_t n_entities;
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
 * published, else fetched time). With ready_before 0, all of them; else the
 * list ends before the first one that the stages before clustering are not
 * done with (the page of a full-text source extracted or tried, the body
 * analysed, its mentions linked when a knowledge base is imported), unless
 * it was fetched before ready_before (those stages gave up on it: it is
 * clustered as it is). Clustered earlier, an article would be clustered on
 * its summary and without its entities, and out of order: the stories would
 * depend on how the workers' passes interleaved. Caller owns *out. */
MUST_CHECK enum err store_story_unassigned(struct store *st, size_t limit, int64_t ready_before,
                                           struct story_input_list *out, struct errbuf *eb);
/* The clustered members (story_id set) of the stories seen since since (their
 * last_seen), oldest first, at most limit, after the one at (after_time,
 * after_id) in that order (pass the last one read to page on; INT64_MIN, 0 to
 * start): what rebuilds the clusterer's memory on start. Caller owns *out. */
MUST_CHECK enum err store_story_replay(struct store *st, int64_t since, int64_t after_time,
                                       int64_t after_id, size_t limit, struct story_input_list *out,
                                       struct errbuf *eb);
/* Every article the clusterer has taken (story_id 0 for those it did not
 * cluster), in the order it took them: by assigned_at, then as
 * store_story_unassigned listed them (published else fetched time, id); at
 * most limit, after the one at (after_assigned, after_time, after_id) (pass
 * the last one read to page on; INT64_MIN, INT64_MIN, 0 to start): what
 * clusters them all again to rebuild the clusterer's memory exactly. Caller
 * owns *out. */
MUST_CHECK enum err store_story_history(struct store *st, int64_t after_assigned,
                                        int64_t after_time, int64_t after_id, size_t limit,
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
                                        const char *top_terms, const char *top_names, int64_t at,
                                        struct errbuf *eb);

/* The story id, or the one it was merged into (following merges to the
 * survivor). ERR_NOT_FOUND when there is no such story. */
MUST_CHECK enum err store_story_get(struct store *st, int64_t id, struct story_row *out,
                                    struct errbuf *eb);
/* Stories (not merged away) last seen at since or later, newest first, at most
 * limit. Caller owns *out. */
MUST_CHECK enum err store_story_list(struct store *st, int64_t since, size_t limit,
                                     struct story_row_list *out, struct errbuf *eb);
/* The members of story id, oldest first. Caller owns *out. */
MUST_CHECK enum err store_story_members(struct store *st, int64_t id, struct story_member_list *out,
                                        struct errbuf *eb);

/* ---- roles and composing (migration 0012) ---- */

/* Takes or renews role name for owner until now + lease_seconds, unless
 * another owner holds it unexpired: *held tells which. Atomic across workers. */
MUST_CHECK enum err store_role_hold(struct store *st, const char *name, const char *owner,
                                    int64_t now, int lease_seconds, bool *held, struct errbuf *eb);
/* Up to limit ids of live stories (not merged away) of at least min_articles
 * whose roundups were not composed since the story last changed. Caller
 * frees *ids. */
MUST_CHECK enum err store_stories_to_compose(struct store *st, int min_articles, size_t limit,
                                             int64_t **ids, size_t *n, struct errbuf *eb);
/* Records that story id's roundups are composed for its current state. */
MUST_CHECK enum err store_story_composed(struct store *st, int64_t id, struct errbuf *eb);

#endif
