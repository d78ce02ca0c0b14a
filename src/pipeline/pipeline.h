/* The driver: takes the work that is due and hands it to each stage in order:
 * fetch -> feed -> store (pipeline_fetch_pass), then over the stored articles
 * extract -> text -> kb link -> story -> compose (pipeline_process_pass).
 * No stage calls another; this is the one place that sequences them. */
#ifndef OMNIBUS_PIPELINE_PIPELINE_H
#define OMNIBUS_PIPELINE_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/log.h"
#include "fetch/fetch.h"
#include "store/store.h"
#include "kb/kb.h"
#include "story/cluster.h"
#include "text/text.h"

/* When a story is flagged on the desk and announced on the webhook
 * (notify.c, docs/desk.md). A threshold of 0 is never reached. */
struct notify_config {
    int newsrooms;              /* independent newsrooms; default 8 */
    int growth_per_hour;        /* articles that joined in the last hour; default 6 */
    const char *webhook_url;    /* where flags are POSTed as JSON; NULL: kept queued */
    const char *webhook_secret; /* the HMAC-SHA256 key of X-Omnibus-Signature */
};

struct pipeline_config {
    struct fetch_config fetch;
    struct notify_config notify;
    const char *worker;      /* lease owner name; default "host:pid" */
    int lease_seconds;       /* default 300 */
    int interval_seconds;    /* between successful fetches of a source; default 900 */
    int max_backoff_seconds; /* cap of the backoff (pipeline_backoff_seconds); default 86400 */
    int keep_bodies_days;    /* retention (pipeline_prune); 0, the default: keep all */
    struct story_params story; /* the clusterer's (story_params_default; horizon is the
                                * window of `--story-window DAYS`) */
};

/* Fills cfg with the defaults above (and fetch_config_default). */
void pipeline_config_default(struct pipeline_config *cfg);

/* The failures of a pass of one kind (fetch_result.failure, or "not a feed"),
 * with the names of the first sources that had it. */
struct fetch_failure_group {
    const char *kind;   /* static; NULL for an unused slot */
    size_t count;
    char example[160];  /* one of its messages, for the reason in words */
    char sources[240];  /* "Name A, Name B, ..." as many as fit */
};

enum { FETCH_FAILURE_KINDS = 12 };

struct fetch_pass_stats {
    size_t sources;      /* claimed */
    size_t fetched;      /* answered 2xx and parsed */
    size_t not_modified; /* answered 304 */
    size_t failed;       /* network errors, HTTP errors, unparseable bodies */
    size_t new_articles;
    size_t updated_articles;
    size_t items_skipped; /* items without a usable link */
    struct fetch_failure_group failures[FETCH_FAILURE_KINDS]; /* by kind, in order met */
};

/* Fetches every due source once (claimed as transfer slots free up, for at
 * most a minute of claims: fetch_stream), parses each feed and stores its items, and records each source's fetch
 * state: errors a person can read, consecutive failures, the next fetch time
 * with exponential backoff, Retry-After. progress may be NULL. An error return
 * means the store failed; per-source failures are only counted and recorded. */
MUST_CHECK enum err pipeline_fetch_pass(struct store *st, const struct pipeline_config *cfg,
                                        struct fetch_pass_stats *stats, struct progress *progress,
                                        struct errbuf *eb);

/* Seconds until a source is tried again after failures in a row: the
 * interval for the first PIPELINE_BACKOFF_GRACE failures, so that a feed down
 * for a few minutes is read again soon after it is back, then doubled per
 * failure up to max_backoff_seconds; never sooner than retry_after (the
 * server's Retry-After), never later than the cap. */
#define PIPELINE_BACKOFF_GRACE 3
int64_t pipeline_backoff_seconds(const struct pipeline_config *cfg, int failures,
                                 int64_t retry_after);

/* What one processing worker owns: its store connection and the handles of
 * the stages that are not thread-safe. One per thread. */
struct pipeline_worker {
    struct store *st;          /* borrowed */
    struct text_ctx *text;     /* owned */
    struct kb_linker *kb;      /* owned */
    struct story_stage *story; /* owned; open while this worker holds the clustering role */
    char name[128];            /* owner of its work claims: "host:pid:thread" */
    char home_country[8];      /* the site's home for roundups' coverage line ("SE") */
    int64_t active_since;      /* stories last seen before it are frozen (retention) */
    int64_t pruned_at;         /* this worker's last retention pass */
};

/* Prepares a worker over st (borrowed; it must outlive the worker). name may
 * be NULL for "host:pid". The home country is $OMNIBUS_HOME_COUNTRY (set by
 * `omnibus --home-country CC`), else SE. */
MUST_CHECK enum err pipeline_worker_init(struct pipeline_worker *w, struct store *st,
                                         const char *name, struct errbuf *eb);
void pipeline_worker_clear(struct pipeline_worker *w);

struct process_stats {
    size_t extracted; /* article pages fetched and extracted */
    size_t analysed;  /* articles whose text was analysed and indexed */
    size_t linked;    /* articles whose entity mentions were linked and stored */
    size_t clustered; /* articles the clusterer placed */
    size_t roundups;  /* roundup versions published */
    size_t flagged;   /* stories flagged to the desk */
    size_t notified;  /* webhooks delivered */
};

struct story_stage;

/* When this worker holds (or can take) the clustering role: clusters the new
 * articles into stories with the parameters cfg->story (taking the role over
 * loads the clusterer's memory: story_stage_open), then composes and
 * publishes the roundups, in Swedish and English, of every story of two or
 * more articles that changed. */
MUST_CHECK enum err pipeline_story_pass(struct pipeline_worker *w,
                                        const struct pipeline_config *cfg,
                                        struct process_stats *stats, struct errbuf *eb);

/* Flags story (its roundups just composed, under key) when it has passed a
 * threshold of n and was never flagged: marks it on the desk and queues the
 * webhook's JSON (store_desk_webhook_add). *flagged tells. */
MUST_CHECK enum err pipeline_notify_flag(struct store *st, const struct notify_config *n,
                                         const struct story_row *story, const char *key,
                                         bool *flagged, struct errbuf *eb);
/* Delivers the queued webhooks that are due (at most a batch) to
 * n->webhook_url: a JSON POST signed with HMAC-SHA256 of "TIMESTAMP.BODY"
 * under n->webhook_secret, in X-Omnibus-Signature: sha256=HEX, with
 * X-Omnibus-Timestamp: TIMESTAMP. A 2xx answer delivers it; anything else is
 * tried again after a backoff doubling from 2 s to an hour. Nothing without a
 * URL. *delivered counts the deliveries. Errors: the store's. */
MUST_CHECK enum err pipeline_notify_pass(struct store *st, const struct pipeline_config *cfg,
                                         size_t *delivered, struct errbuf *eb);
/* Ends the worker's clustering role cleanly, when it holds it: writes a
 * snapshot of the clusterer's memory (story_stage_close) and gives the role
 * up, so that the next holder starts at once and from that snapshot. Call
 * it before pipeline_worker_clear when the worker stops. Errors: the
 * store's (the memory is let go all the same). */
MUST_CHECK enum err pipeline_worker_finish(struct pipeline_worker *w, struct errbuf *eb);

/* Fetches and extracts up to limit pages of new articles of full-text sources
 * (claimed for this worker), storing the result or why it failed; a page's
 * text becomes the article's body. *handled counts the pages tried, *extracted
 * those whose article was stored. */
MUST_CHECK enum err pipeline_extract_pass(struct pipeline_worker *w,
                                          const struct fetch_config *fetch, size_t limit,
                                          size_t *handled, size_t *extracted, struct errbuf *eb);

/* Runs every stage after fetching over the stored articles that wait for it,
 * in pipeline order, until none waits: page extraction for full-text sources,
 * then text analysis (language, sentences, quotes, names, search index), then
 * entity linking against the knowledge base (when one is imported), then
 * clustering and roundups (pipeline_story_pass).
 * progress may be NULL. */
MUST_CHECK enum err pipeline_process_pass(struct pipeline_worker *w,
                                          const struct pipeline_config *cfg,
                                          struct process_stats *stats, struct progress *progress,
                                          struct errbuf *eb);

struct prune_stats {
    size_t excerpts; /* shown excerpts kept (new ones) */
    size_t dropped;  /* articles whose bodies were dropped */
};
/* Retention: keeps, of every article fetched before `before` whose story is
 * frozen (its newest member older than before), the bytes that stored
 * roundups show (every version), then drops its body, feed content and page
 * text (store_bodies_drop). Published roundups still verify (compose_verify
 * reads the kept bytes). */
MUST_CHECK enum err pipeline_prune(struct store *st, int64_t before, struct prune_stats *out,
                                   struct errbuf *eb);
/* pipeline_prune for bodies older than keep_days, when keep_days > 0 and this
 * worker has not pruned in the last hour: what `run --keep-bodies` does after
 * each processing pass of the worker that holds the clustering role. */
MUST_CHECK enum err pipeline_prune_due(struct pipeline_worker *w, int keep_days,
                                       struct errbuf *eb);

#endif
