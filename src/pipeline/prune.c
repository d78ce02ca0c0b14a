/* Retention: the bodies of old articles go, what stored roundups show of them
 * stays (store/retention.h). */
#include "base/log.h"
#include "base/timeutil.h"
#include "compose/compose.h"
#include "pipeline/pipeline.h"

/* Roundup versions read at once. */
enum { PRUNE_PAGE = 128, PRUNE_EVERY_SECONDS = 3600 };

struct keep {
    struct store *st;
    size_t kept;
    struct errbuf *eb;
};

static enum err keep_one(void *ctx, int64_t article_id, size_t begin, size_t end)
{
    struct keep *k = ctx;
    bool kept;
    enum err err = store_excerpt_keep(k->st, article_id, begin, end, &kept, k->eb);
    k->kept += kept;
    return err;
}

enum err pipeline_prune(struct store *st, int64_t before, struct prune_stats *out,
                        struct errbuf *eb)
{
    out->excerpts = 0;
    out->dropped = 0;
    struct keep k = {.st = st, .eb = eb};
    int64_t after = 0;
    enum err err = ERR_OK;
    /* Every stored version: a story page's history links to old versions. */
    for (;;) {
        struct roundup_version_list page;
        if ((err = store_roundup_page(st, after, PRUNE_PAGE, &page, eb)))
            return err;
        size_t n = page.len;
        if (!(err = store_begin(st, eb))) {
            for (size_t i = 0; i < n && !err; i++)
                err = compose_json_excerpts(page.items[i].body, keep_one, &k, eb);
            if (err)
                store_rollback(st);
            else
                err = store_commit(st, eb);
        }
        if (n)
            after = page.items[n - 1].id;
        roundup_version_list_clear(&page);
        if (err)
            return err;
        if (n < PRUNE_PAGE)
            break;
    }
    out->excerpts = k.kept;
    int64_t dropped;
    if ((err = store_bodies_drop(st, before, &dropped, eb)))
        return err;
    out->dropped = (size_t)dropped;
    return ERR_OK;
}

enum err pipeline_prune_due(struct pipeline_worker *w, int keep_days, struct errbuf *eb)
{
    int64_t now = time_now();
    if (keep_days <= 0 || now - w->pruned_at < PRUNE_EVERY_SECONDS)
        return ERR_OK;
    struct prune_stats ps;
    enum err err = pipeline_prune(w->st, now - (int64_t)keep_days * 86400, &ps, eb);
    if (!err) {
        w->pruned_at = now;
        if (ps.dropped)
            log_info("retention: bodies of %zu articles dropped, %zu shown excerpts kept",
                     ps.dropped, ps.excerpts);
    }
    return err;
}
