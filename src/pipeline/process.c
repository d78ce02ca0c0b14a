/* The stages after fetching, over the articles that wait for them. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/pipeline.h"
#include "text/stage.h"

/* Articles handed to a stage at once: small enough that a stop request or a
 * progress line is never far away, large enough to amortise the queries. */
enum { PROCESS_BATCH = 64 };

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
    return text_ctx_new(&w->text, eb);
}

void pipeline_worker_clear(struct pipeline_worker *w)
{
    text_ctx_free(w->text);
    memset(w, 0, sizeof *w);
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
            return ERR_OK;
    }
}
