/* Online clustering of articles into stories, in arrival order. Each article
 * becomes a TF-IDF vector over its terms (story/terms.h: stems, names and
 * numbers weighted up, title and lead weighted up, entity ids when the linker
 * gave any); its candidate stories come from an inverted index over the stories'
 * top terms, and it joins the most similar one (cosine to the story's centroid,
 * damped by the time between the article and the story) or starts a new story.
 * Near-duplicates (story/neardup.h) join their original's story. Two stories
 * that converge are merged (the larger keeps its id); a story whose members
 * fall into two distinct groups is split (the larger group keeps the id). Each
 * merge and split is reported so that the caller can record it. Memory is
 * bounded: stories older than the time horizon, or beyond a count, leave the
 * in-memory index (they stay in the store); see story_params. */
#ifndef OMNIBUS_STORY_CLUSTER_H
#define OMNIBUS_STORY_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

struct story_params {
    double threshold;       /* join the best story at this similarity or more */
    double merge_threshold; /* merge two stories whose centroids are this similar... */
    double split_threshold; /* ...unless they hold together apart: the silhouette of
                               the two as groups is this or more. A story whose 2-means
                               halves reach it is split. */
    int64_t window;         /* seconds: a story this far from an article counts half */
    int64_t horizon;        /* seconds: stories quiet this long leave memory (the window:
                               their articles are final members; 0: no window) */
    double title_weight;    /* a title word counts this many body words */
    double lead_weight;     /* a word of the first lead_words of the body counts this many */
    size_t lead_words;
    double name_weight;     /* names (and name phrases) weigh this much more */
    double number_weight;   /* numbers weigh this much more */
    double entity_weight;   /* an entity id counts as a name term of this weight */
    double date_conflict;   /* an article and a story that both name dates, none in common,
                               have their similarity multiplied by this (story/facts.h) */
    double figure_conflict; /* ...and by this for each unit of figure they both name with
                               no value in common; 1 turns either off */
    double who_conflict;    /* ...and by this when both name names in their titles and
                               leads, none in common (1: off) */
    size_t who_words;       /* the body's first words whose names count for who */
    size_t facts_lead;      /* bytes of the body, after the title, read for facts */
    size_t short_terms;     /* an article of fewer distinct terms (a title and a feed summary)
                               joins at threshold * sqrt(terms / short_terms), at least half
                               of it: cosines of short texts run low (0: off) */
    size_t split_short_terms; /* a story whose members average fewer terms is split only at
                                 split_threshold / sqrt(mean / split_short_terms) (0: off) */
    double split_plain;     /* a split that no date, figure or who evidence backs needs this
                               times the silhouette (1: the same as one that is backed) */
    size_t max_live;        /* stories kept in memory at most */
    size_t dup_capacity;    /* recent originals kept for near-duplicate search */
    size_t max_terms;       /* terms kept before those no story in memory uses are forgotten */
};

/* The longest window (horizon) `--story-window DAYS` takes. */
#define STORY_WINDOW_MAX_DAYS 3650

/* The defaults: what the ECB+ evaluation and the benchmark were run with. */
void story_params_default(struct story_params *p);
/* Sets one parameter from text: "threshold=0.3", "window=86400" (the field
 * names above). Errors: ERR_INVALID for an unknown name or a bad value. */
MUST_CHECK enum err story_params_set(struct story_params *p, const char *assignment,
                                     struct errbuf *eb);

/* An article as clustering sees it. Strings are borrowed for the call. */
struct story_doc {
    int64_t key; /* the caller's id for the article (> 0, unique) */
    const char *title;
    const char *text;            /* the body; sentences or paragraphs separated by newlines */
    const char *lang;            /* ISO 639-1, or NULL */
    int64_t time;                /* publication (else fetch) time, 0 when unknown */
    int64_t outlet;              /* the source's id, 0 when unknown */
    const char *owner;           /* the source's owner group, or NULL */
    const char *country;         /* the source's country, or NULL */
    const char *byline;          /* authors (free text or a JSON array), or NULL */
    const char *const *entities; /* entity ids from the linker (e.g. "Q42") */
    size_t nentities;
};

/* What became of one article. Strings are borrowed until the next call. */
struct story_result {
    int64_t story;        /* the story it joined or started; 0 when it was too short */
    bool started;         /* it started a new story */
    double similarity;    /* to the story it joined (1 for a copy, 0 when it started one) */
    int64_t copy_of;      /* the key of its original when it is a near-duplicate, else 0 */
    const char *newsroom; /* its independent newsroom (story/newsroom.h) */
    const char *skipped;  /* why it was not clustered, or NULL */
};

enum story_change_kind { STORY_MERGED, STORY_SPLIT };

/* A merge (every article of from now belongs to into; from is gone) or a split
 * (the articles in moved left from for the new story into). */
struct story_change {
    enum story_change_kind kind;
    int64_t from, into;
    const int64_t *moved; /* keys, for a split */
    size_t nmoved;
};

/* A story as it stands in memory. Strings and arrays are borrowed until the next
 * call on the clusterer. Counts cover the articles kept in memory (all but the
 * oldest of very large stories). */
struct story_summary {
    int64_t id;
    int64_t first_seen, last_seen; /* 0 when no member has a time */
    size_t articles, outlets, newsrooms;
    size_t held; /* of its articles, those held in memory (the window's, MAX_MEMBERS at most) */
    const char *headline; /* the title of the member closest to the centroid, or NULL */
    const char *const *languages;
    size_t nlanguages;
    const char *const *countries;
    size_t ncountries;
    const char *const *terms; /* the heaviest terms of the centroid that are not names */
    size_t nterms;
    const char *const *names; /* the heaviest names */
    size_t nnames;
};

struct story_clusterer;

/* A clusterer with params p (NULL: the defaults), numbering new stories from
 * first_id (> 0). Caller owns *out (story_clusterer_free). */
void story_clusterer_new(const struct story_params *p, int64_t first_id,
                         struct story_clusterer **out);
void story_clusterer_free(struct story_clusterer *c); /* NULL-safe */

/* Assigns d to a story. An article with fewer than two terms is not clustered
 * (out->story 0, out->skipped says why). Errors: ERR_INVALID for a key <= 0,
 * ERR_EXISTS for a key already clustered (while in memory), ERR_LIMIT when the
 * article or the vocabulary is larger than the limits. */
MUST_CHECK enum err story_add(struct story_clusterer *c, const struct story_doc *d,
                              struct story_result *out, struct errbuf *eb);

/* Puts an article back into the story it was assigned to earlier (rebuilding
 * the in-memory state after a restart, in the original order), without any
 * decision. copy_of and newsroom are what story_add said then (newsroom may be
 * NULL). Errors as story_add. */
MUST_CHECK enum err story_restore(struct story_clusterer *c, const struct story_doc *d,
                                  int64_t story, int64_t copy_of, const char *newsroom,
                                  struct errbuf *eb);

/* The story that article key is in, 0 when it is not in memory (never
 * clustered, or its story left memory). */
int64_t story_find(const struct story_clusterer *c, int64_t key);
/* The id the next new story will get. */
int64_t story_next_id(const struct story_clusterer *c);

/* The merges and splits since the last story_changes_clear, in order. */
size_t story_changes(const struct story_clusterer *c, const struct story_change **out);
/* The stories created or changed since the last story_changes_clear (merged-away
 * stories not included). */
size_t story_touched(const struct story_clusterer *c, const int64_t **out);
void story_changes_clear(struct story_clusterer *c);

/* The in-memory state of story id. ERR_NOT_FOUND when it is not in memory. */
MUST_CHECK enum err story_describe(struct story_clusterer *c, int64_t id, struct story_summary *out,
                                   struct errbuf *eb);

/* Appends the clusterer's whole memory to out (bounded by its maximum): its
 * stories, their members and centroids, the term statistics, the index, the
 * near-duplicate signatures and the parameters. A clusterer loaded from it
 * (story_clusterer_load) assigns every later article as c would, story ids
 * included. Call it with no changes to collect (after story_changes_clear).
 * Errors: ERR_INVALID with changes pending, ERR_LIMIT past out's maximum. */
MUST_CHECK enum err story_clusterer_save(const struct story_clusterer *c, struct buf *out,
                                         struct errbuf *eb);
/* A clusterer from the len bytes of data that story_clusterer_save wrote
 * with parameters p (NULL: the defaults). Caller owns *out. Errors:
 * ERR_INVALID when it was saved with other parameters (it would not go on
 * as the saved one), ERR_PARSE when data is not such a snapshot or is
 * damaged, ERR_UNSUPPORTED for one from a machine of another byte order. */
MUST_CHECK enum err story_clusterer_load(const struct story_params *p, const void *data,
                                         size_t len, struct story_clusterer **out,
                                         struct errbuf *eb);

/* The number of stories in memory, of the articles they hold in memory
 * (members past MAX_MEMBERS or older than the horizon are only counted), and
 * of terms known. */
void story_clusterer_size(const struct story_clusterer *c, size_t *stories, size_t *articles,
                          size_t *terms);

#endif
