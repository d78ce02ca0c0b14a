/* The clusterer's insides, shared by the files that implement story/cluster.h:
 * cluster.c (parameters, adding articles, candidates), cluster_vec.c
 * (vectors and weighing), cluster_story.c (stories, centroids, index, merges),
 * cluster_split.c (splits), cluster_sweep.c (memory bounds) and
 * cluster_describe.c. Names shared across these files start with cl_. */
#ifndef OMNIBUS_STORY_CLUSTER_INT_H
#define OMNIBUS_STORY_CLUSTER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "story/cluster.h"
#include "story/facts.h"
#include "story/neardup.h"
#include "base/hash.h"
#include "story/terms.h"

#define DOC_TERMS 384
#define CENTROID_TERMS 384
#define QUERY_TERMS 16
#define INDEX_TERMS 24
#define INDEXED_MAX 64
#define POSTING_SCAN 2000
#define CANDIDATES 24
#define MAX_MEMBERS 512 /* member records kept per story (of the window); beyond, only counted */
#define MIN_TERMS 2
#define MAX_VOCAB (1u << 24)
#define SPLIT_MIN 4   /* members with vectors before a split is considered */
#define SPLIT_EVERY 8 /* below this many, a split is considered at every new member */
#define SPLIT_ROUNDS 4
#define SPLIT_PLAIN_MIN 3 /* members a side of a cut by words that no date backs (small stories) */
#define NAME_GROUPING_NAMES 32 /* principal names a grouping by who weighs, the most named */
#define TOP_LIST 8
#define SWEEP_EVERY 1024
#define NEWSROOM_MAX 160
#define LN_TABLE 4096
#define STORY_FACTS_KEPT 64
#define WHO_SHARE 0.5 /* of one side's principal names the other lacks: evidence of who */ /* facts a story keeps of its members' */

struct sv {
    uint32_t term;
    float w;
};

/* Term hashes (story_name_hash), to look names up in. */
struct cl_hashes {
    uint32_t *h; /* term hashes (story_name_hash) */
    size_t n, cap;
};

struct svec {
    uint32_t n;
    struct sv e[];
};

struct member {
    int64_t key, copy_of, time, outlet;
    uint32_t newsroom; /* interned key; 0: the article's own ("article:KEY") */
    uint32_t lang, country;
    struct svec *vec; /* NULL for copies */
    char *title;
    struct story_facts facts; /* the dates, figures and names of its title and lead */
};

struct story {
    int64_t id;
    uint32_t gen;
    bool live, dirty;
    int64_t first, last; /* member times, 0 when none known */
    uint64_t last_seq;
    size_t n; /* articles, counted also past MAX_MEMBERS */
    struct member *m;
    size_t nm, capm;
    size_t nvec;
    struct sv *cent;
    uint32_t ncent;
    double norm;
    uint32_t indexed[INDEXED_MAX];
    uint32_t nindexed;
    size_t split_at;
    struct story_fact facts[STORY_FACTS_KEPT]; /* its members' facts, the first named first */
    uint32_t nfacts;
};

struct posting {
    uint32_t slot, gen;
};

struct term_info {
    uint32_t df, name_docs;
    uint32_t hash; /* story_name_hash of the term */
    struct posting *post;
    uint32_t npost, cappost;
};

struct story_clusterer {
    struct story_params p;
    struct story_termer *termer;
    struct story_terms_out words;
    size_t title_terms; /* of words: how many came from the title */
    uint32_t who[STORY_FACTS_MAX]; /* the document's principal names (term ids), who_words */
    size_t nwho;
    struct cl_hashes doc_hashes; /* the document's terms, sorted (who_conflict) */
    struct intern dict;   /* terms */
    struct term_info *ti; /* by term id - 1 */
    size_t capti;
    struct intern strings; /* newsroom keys, languages, countries */
    uint64_t ndocs;
    double ln_n;               /* ln(ndocs + 1) */
    double ln_table[LN_TABLE]; /* ln(df + 1) */
    struct story *stories;
    size_t nslots, capslots;
    uint32_t *free_slots;
    size_t nfree, capfree;
    size_t live;
    struct i64map story_slot; /* story id -> slot */
    struct i64map docs;       /* article key -> story id, newsroom */
    struct story_dupindex *dups;
    int64_t next_id;
    uint64_t seq;
    int64_t newest;
    uint64_t swept;   /* seq of the last sweep */
    size_t vocab_cap; /* terms kept before unused ones are forgotten */
    /* per-document scratch, indexed by term id - 1 */
    float *acc, *acc2;
    uint8_t *flags;
    uint32_t *touched, *touched2;
    size_t ntouched, ntouched2;
    struct sv *scratch;
    size_t capscratch;
    float *wscratch;
    size_t capw;
    float *cand; /* by slot */
    uint32_t *cand_slots;
    size_t ncand;
    /* what the caller collects */
    struct story_change *changes;
    size_t nchanges, capchanges;
    int64_t *touched_ids;
    size_t ntouched_ids, captouched_ids;
    char newsroom[NEWSROOM_MAX];
    /* story_describe's answers */
    const char **strs;
    size_t capstrs;
    int64_t *tokens;
    size_t captokens;
};

enum { FLAG_NAME = 1, FLAG_NUMBER = 2, FLAG_WHO = 4 };

/* ---- vectors (cluster_vec.c) ---- */

double cl_sv_dot(const struct sv *a, size_t na, const struct sv *b, size_t nb);
double cl_sv_norm(const struct sv *e, size_t n);
int cl_by_term(const void *x, const void *y);        /* qsort: ascending term id */
int cl_by_weight_desc(const void *x, const void *y); /* qsort: heaviest first */
/* Grows the term statistics and the dense accumulators with the vocabulary. */
void cl_reserve_terms(struct story_clusterer *c);
/* Clears the accumulators of the document read last: between documents they
 * are all zero (vocabulary compaction and splits use them as scratch). */
void cl_clear_counts(struct story_clusterer *c);
/* Makes c->scratch hold at least n entries. */
void cl_reserve_scratch(struct story_clusterer *c, size_t n);
/* The weight of the k-th heaviest of e[0..n) (k <= n). */
float cl_kth_weight(struct story_clusterer *c, const struct sv *e, size_t n, size_t k);
/* Keeps the max heaviest of e[0..*n), in their order. */
void cl_keep_heaviest(struct story_clusterer *c, struct sv *e, uint32_t *n, uint32_t max);
/* Reads d's title, body and entities into the accumulators (c->acc, c->flags,
 * c->touched) and its body's word hashes into c->words. Errors: ERR_LIMIT. */
MUST_CHECK enum err cl_read_doc(struct story_clusterer *c, const struct story_doc *d,
                                struct errbuf *eb);
/* Counts the document in the accumulators in the term statistics. */
void cl_count_doc(struct story_clusterer *c);
/* The accumulated document's normalised TF-IDF vector, and in *raw its weights
 * before idf; clears the accumulators. Caller frees both. */
struct svec *cl_doc_vector(struct story_clusterer *c, struct svec **raw);
/* A member's raw vector weighed with today's idf and normalised (caller frees). */
struct svec *cl_reweigh(const struct story_clusterer *c, const struct svec *raw);

/* ---- stories (cluster_story.c) ---- */

void cl_member_clear(struct member *m);
/* The story with id in memory, or NULL. */
struct story *cl_story_at(struct story_clusterer *c, int64_t id);
uint32_t cl_slot_of(const struct story_clusterer *c, const struct story *s);
/* Makes room for n story slots (c->stories may move). */
void cl_reserve_slots(struct story_clusterer *c, size_t n);
/* A new empty story with id in a free slot (c->stories may move). */
struct story *cl_story_new(struct story_clusterer *c, int64_t id);
/* Records s among the stories the caller is told were touched. */
void cl_touch(struct story_clusterer *c, struct story *s);
/* Releases a story's memory and slot (forget_docs: its articles' keys too). */
void cl_story_drop(struct story_clusterer *c, struct story *s, bool forget_docs);
/* Posts the story's heaviest centroid terms that are not posted yet. */
void cl_reindex(struct story_clusterer *c, struct story *s);
/* Sets the centroid to the sum of the members' vectors, weighed anew. */
void cl_rebuild_centroid(struct story_clusterer *c, struct story *s);
void cl_add_time(struct story *s, int64_t t);
/* Appends a member (taking its raw vector and title); its weighted vector w
 * (NULL for a copy) joins the centroid. */
void cl_add_member(struct story_clusterer *c, struct story *s, struct member *m,
                   const struct svec *w);
/* Lets the members of s go that are more than the horizon older than the
 * newest article: they stay counted, and in the centroid, but leave memory
 * (an article of theirs is found no more). A story that goes on for weeks
 * holds only its members of the window, so memory is bounded by the articles
 * of the last days, not by how long stories last; with members gone, the
 * story is neither split nor merged again (its earlier articles are final). */
void cl_age_members(struct story_clusterer *c, struct story *s);
/* Adds the facts f[0..n) to the story's, as far as it keeps them; names only
 * when names is set (they would crowd out the dates where nothing reads them). */
void cl_add_facts(struct story *s, const struct story_fact *f, size_t n, bool names);
/* What the dates and figures of f[0..n), of an article or a story, that s
 * names otherwise multiply their similarity by. */
double cl_conflict_factor(const struct story_clusterer *c, const struct story_fact *f, size_t n,
                          const struct story *s);

/* Who: two sides (an article, a story, a group of members) tell of different
 * events when each lacks, among all its terms, at least WHO_SHARE of the
 * names that most of the other's articles name in title or lead (the other
 * side's principal names alone are not enough: one article's lead names the
 * boxer, another's his opponent). */
/* Appends the hashes of the terms of e[0..n). */
void cl_hashes_add(const struct story_clusterer *c, struct cl_hashes *h, const struct sv *e,
                   size_t n);
void cl_hashes_sort(struct cl_hashes *h);
/* Whether WHO_SHARE or more of the name facts of f[0..n) (of members
 * articles) that most of them name are missing from the sorted hashes h. */
bool cl_core_missing(const struct story_fact *f, size_t n, size_t members, const struct cl_hashes *h);
/* What two stories' names multiply their similarity by: who_conflict when
 * each lacks a principal name of the other's, else 1. */
double cl_who_factor(const struct story_clusterer *c, const struct story *s, const struct story *t);
/* How much lower than a full text's the cosines of a text of terms distinct
 * terms run: sqrt(terms / ref) below ref terms, else 1. Two articles of the
 * same event share terms about in proportion to their length, and a cosine
 * to a centroid grows with the square root of the share. */
double cl_short_factor(double terms, size_t ref);
/* How much the time between an article (at t) and a story counts against them. */
double cl_time_factor(const struct story_clusterer *c, int64_t t, const struct story *s);
/* Cosine of two centroids, damped by the time between the stories. */
double cl_story_similarity(const struct story_clusterer *c, const struct story *a,
                           const struct story *b);
struct story_change *cl_new_change(struct story_clusterer *c);
/* Moves every member of from into into; from is gone afterwards. */
void cl_merge(struct story_clusterer *c, struct story *into, struct story *from);

/* ---- splits (cluster_split.c) ---- */

/* Sets when s's members are looked at again for a split. */
void cl_schedule_split(const struct story_clusterer *c, struct story *s);
/* Splits s in two when its members fall into two groups that hold together. */
void cl_try_split(struct story_clusterer *c, struct story *s);
/* The silhouette of two stories taken as the two groups of their members. */
double cl_apart(struct story_clusterer *c, const struct story *s, const struct story *t);

/* ---- memory (cluster_sweep.c) ---- */

/* Lets stories go that are older than the horizon, or the least recently
 * updated ones beyond max_live, then forgets the terms no story uses. */
void cl_sweep(struct story_clusterer *c);

#endif
