/* Stories (src/store/story_store.c): the story stage's tables. What the
 * clusterer reads of each article, where it put it (story, similarity, copy,
 * newsroom), the stories' merges and splits, and their summaries. */
#ifndef OMNIBUS_STORE_STORY_STORE_H
#define OMNIBUS_STORE_STORY_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

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

void story_row_clear(struct story_row *s);           /* NULL-safe */
void story_row_list_clear(struct story_row_list *l); /* NULL-safe */

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

void story_input_list_clear(struct story_input_list *l); /* NULL-safe */

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

void story_member_row_clear(struct story_member_row *r);    /* NULL-safe */
void story_member_list_clear(struct story_member_list *l); /* NULL-safe */

/* Up to limit articles that the clusterer has not seen, oldest first (by
 * published, else fetched time). With ready_before 0, all of them; else the
 * list ends before the first one that the stages before clustering are not
 * done with (the page of a full-text source extracted or tried, the body
 * analysed, its mentions linked when a knowledge base is imported), unless
 * it was fetched before ready_before (those stages gave up on it: it is
 * clustered as it is). Clustered earlier, an article would be clustered on
 * its summary and without its entities, and out of order: the stories would
 * depend on how the workers' passes interleaved. Caller owns *out
 * (story_input_list_clear). */
MUST_CHECK enum err store_story_unassigned(struct store *st, size_t limit, int64_t ready_before,
                                           struct story_input_list *out, struct errbuf *eb);
/* The clustered members (story_id set) published (else fetched) at since or
 * later of the stories seen since since (their last_seen), oldest first, at
 * most limit, after the one at (after_time, after_id) in that order (pass the
 * last one read to page on; INT64_MIN, 0 to start): what rebuilds the
 * clusterer's memory on start. Caller owns *out. */
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
/* How many articles were assigned at through or before. */
MUST_CHECK enum err store_story_assigned_count(struct store *st, int64_t through, int64_t *n,
                                               struct errbuf *eb);
/* The latest assigned_at of any article (0 when none). */
MUST_CHECK enum err store_story_assigned_latest(struct store *st, int64_t *at, struct errbuf *eb);

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
 * survivor). ERR_NOT_FOUND when there is no such story, ERR_LIMIT past a
 * chain of merges too long to follow. Caller owns *out (story_row_clear). */
MUST_CHECK enum err store_story_get(struct store *st, int64_t id, struct story_row *out,
                                    struct errbuf *eb);
/* Stories (not merged away) last seen at since or later, newest first, at most
 * limit. Caller owns *out (story_row_list_clear). */
MUST_CHECK enum err store_story_list(struct store *st, int64_t since, size_t limit,
                                     struct story_row_list *out, struct errbuf *eb);
/* The members of story id, oldest first. Caller owns *out (story_member_list_clear). */
MUST_CHECK enum err store_story_members(struct store *st, int64_t id, struct story_member_list *out,
                                        struct errbuf *eb);
/* The newest limit members of story id published (else fetched) at since or
 * later, oldest first: what a roundup reads of a story that has run for weeks.
 * Caller owns *out. */
MUST_CHECK enum err store_story_members_recent(struct store *st, int64_t id, int64_t since,
                                               size_t limit, struct story_member_list *out,
                                               struct errbuf *eb);


/* A snapshot of the clusterer's memory (migration 0018, story/stage.h). */
struct story_snapshot {
    int64_t id;
    int64_t assigned_through; /* every article in it was assigned then or before */
    int64_t assigned;         /* the assignments through then, as the store had them */
    int64_t taken_at;
    int64_t stories, articles; /* in memory */
    void *data; /* the memory as story_clusterer_save wrote it (freed once encoded) */
    size_t len;
    char *text; /* data as stored (store_story_snapshot_encode), or NULL */
};

void story_snapshot_clear(struct story_snapshot *s); /* NULL-safe */

/* Sets s->text to s->data compressed and encoded as the store keeps it,
 * freeing s->data (set to NULL) as soon as it is compressed. It reads
 * nothing but s and touches no connection, so a thread may run it while the
 * store's own thread goes on (the clusterer's periodic snapshots do).
 * Errors: ERR_LIMIT for memory that does not compress under 1 GiB. */
MUST_CHECK enum err store_story_snapshot_encode(struct story_snapshot *s, struct errbuf *eb);
/* Stores s (its text, encoded first when NULL) and deletes the snapshots it
 * supersedes (those through the same time or earlier). Errors: the
 * store's; store_story_snapshot_encode's. */
MUST_CHECK enum err store_story_snapshot_put(struct store *st, const struct story_snapshot *s,
                                             struct errbuf *eb);
/* The newest snapshot (highest assigned_through, then the last written).
 * Caller owns *out (story_snapshot_clear). ERR_NOT_FOUND when there is
 * none; ERR_PARSE when its data cannot be decoded. */
MUST_CHECK enum err store_story_snapshot_get(struct store *st, struct story_snapshot *out,
                                             struct errbuf *eb);

#endif
