/* The stages after fetching, over the articles that wait for them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/timeutil.h"
#include "pipeline/pipeline.h"
#include "story/stage.h"
#include "text/stage.h"

/* Articles handed to a stage at once: small enough that a stop request or a
 * progress line is never far away, large enough to amortise the queries. */
enum { PROCESS_BATCH = 64, LINK_LEASE_SECONDS = 600 };

enum err pipeline_worker_init(struct pipeline_worker *w, struct store *st, const char *name,
                              struct errbuf *eb)
{
    memset(w, 0, sizeof *w);
    w->st = st;
    if (name) {
        snprintf(w->name, sizeof w->name, "%s", name);
    } else {
        char host[64] = "localhost";
        gethostname(host, sizeof host - 1);
        snprintf(w->name, sizeof w->name, "%s:%ld", host, (long)getpid());
    }
    /* The site's home, as `omnibus --home-country CC` sets it for the run. */
    const char *home = getenv("OMNIBUS_HOME_COUNTRY");
    snprintf(w->home_country, sizeof w->home_country, "%s", home && *home ? home : "SE");
    enum err err = text_ctx_new(&w->text, eb);
    if (!err)
        err = kb_linker_new(st, &w->kb, eb);
    return err;
}

void pipeline_worker_clear(struct pipeline_worker *w)
{
    text_ctx_free(w->text);
    kb_linker_free(w->kb);
    story_stage_free(w->story);
    memset(w, 0, sizeof *w);
}

/* Links a batch of analysed articles whose mentions are missing or stale. */
static enum err link_pending(struct pipeline_worker *w, size_t *done, struct errbuf *eb)
{
    *done = 0;
    int64_t now = time_now();
    int64_t *ids;
    size_t n;
    enum err err = store_link_pending(w->st, now, PROCESS_BATCH, &ids, &n, eb);
    if (!err)
        err = store_link_claim(w->st, w->name, now, LINK_LEASE_SECONDS, ids, &n, eb);
    for (size_t i = 0; i < n && !err; i++) {
        size_t mentions, linked;
        struct errbuf one = {{0}};
        err = kb_link_article(w->kb, w->st, ids[i], &mentions, &linked, &one);
        if (err)
            errf(eb, err, "linking article %lld: %s", (long long)ids[i], err_msg(&one, err));
        else
            ++*done;
    }
    free(ids);
    return err;
}

enum err pipeline_process_pass(struct pipeline_worker *w, const struct pipeline_config *cfg,
                               struct process_stats *stats, struct progress *progress,
                               struct errbuf *eb)
{
    memset(stats, 0, sizeof *stats);
    for (;;) {
        size_t handled = 0, done = 0;
        enum err err = pipeline_extract_pass(w, &cfg->fetch, PROCESS_BATCH, &handled, &done, eb);
        if (err)
            return err;
        stats->extracted += done;
        if (progress)
            progress_update(progress, stats->extracted, "pages extracted");
        /* Another worker may hold part of a batch: only a round that finds
         * nothing to do says the stage is done. */
        if (handled == 0)
            break;
    }
    for (;;) {
        size_t done = 0;
        enum err err = text_stage_pending(w->text, w->st, PROCESS_BATCH, w->name, &done, eb);
        if (err)
            return err;
        stats->analysed += done;
        if (progress)
            progress_update(progress, stats->analysed, "articles analysed");
        if (done == 0)
            break;
    }
    for (;;) {
        size_t done = 0;
        enum err err = link_pending(w, &done, eb);
        if (err)
            return err;
        stats->linked += done;
        if (done == 0)
            break;
    }
    /* Stories older than the bodies kept are frozen: their roundups would be
     * composed from text that is gone. */
    w->active_since =
        cfg->keep_bodies_days > 0 ? time_now() - (int64_t)cfg->keep_bodies_days * 86400 : 0;
    enum err err = pipeline_story_pass(w, cfg, stats, eb);
    /* The clustering role's holder prunes: one worker, not all at once. */
    if (!err && w->story)
        err = pipeline_prune_due(w, cfg->keep_bodies_days, eb);
    return err;
}
