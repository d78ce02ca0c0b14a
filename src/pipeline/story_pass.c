/* Clustering new articles into stories, and composing the roundups of the
 * stories that changed. One worker at a time holds the clustering role: the
 * clusterer keeps its state in memory, rebuilt from the store when a worker
 * takes the role over. */
#include <stdio.h>
#include <stdlib.h>

#include "base/log.h"
#include "base/timeutil.h"
#include "base/xalloc.h"
#include "compose/compose.h"
#include "pipeline/pipeline.h"
#include "story/stage.h"

/* The role's lease outlasts many passes (a worker renews it every pass); a
 * dead holder's role passes on when it ends. Stories of one article get no
 * roundup: a roundup is of several outlets' takes. */
enum { CLUSTER_LEASE_SECONDS = 120, COMPOSE_BATCH = 32, COMPOSE_MIN_ARTICLES = 2 };

/* Composes and publishes both languages' roundups of story id. A roundup that
 * cannot be composed or fails verification is logged, not fatal: the story
 * is tried again when it changes. Only the store's errors are returned. */
static enum err compose_one(struct pipeline_worker *w, int64_t id, size_t *published,
                            struct errbuf *eb)
{
    struct story_member_list members;
    enum err err = store_story_members(w->st, id, &members, eb);
    if (err)
        return err;
    int64_t *ids = xcalloc(members.len + 1, sizeof *ids);
    for (size_t i = 0; i < members.len; i++)
        ids[i] = members.items[i].article_id;
    char key[32];
    snprintf(key, sizeof key, "story:%lld", (long long)id);
    const enum text_lang readers[] = {TEXT_LANG_SV, TEXT_LANG_EN};
    for (size_t k = 0; k < 2; k++) {
        struct compose_input in = {.article_ids = ids, .n = members.len, .reader = readers[k]};
        struct roundup r = {0};
        struct errbuf why = {{0}};
        int version;
        enum err cerr = compose_story(w->text, w->st, &in, &r, &why);
        if (!cerr)
            cerr = compose_publish(w->st, key, &r, &version, &why);
        if (cerr == ERR_STORE) {
            err = errf(eb, cerr, "%s: %s", key, err_msg(&why, cerr));
        } else if (cerr) {
            log_warn("roundup of %s not published: %s", key, err_msg(&why, cerr));
        } else {
            ++*published;
        }
        roundup_free(&r);
        if (err)
            break;
    }
    free(ids);
    story_member_list_free(&members);
    return err ? err : store_story_composed(w->st, id, eb);
}

enum err pipeline_story_pass(struct pipeline_worker *w, struct process_stats *stats,
                             struct errbuf *eb)
{
    bool held;
    enum err err = store_role_hold(w->st, "cluster", w->name, time_now(), CLUSTER_LEASE_SECONDS,
                                   &held, eb);
    if (err || !held) {
        /* Another worker clusters: this one's memory would go stale. */
        story_stage_free(w->story);
        w->story = NULL;
        return err;
    }
    if (!w->story && (err = story_stage_open(w->st, NULL, &w->story, eb)))
        return err;
    struct story_stage_stats ss = {0};
    if ((err = story_stage_run(w->story, w->st, 0, &ss, eb))) {
        story_stage_free(w->story); /* its memory is ahead of the store */
        w->story = NULL;
        return err;
    }
    stats->clustered += ss.articles;
    for (;;) {
        int64_t *ids;
        size_t n;
        if ((err = store_stories_to_compose(w->st, COMPOSE_MIN_ARTICLES, COMPOSE_BATCH, &ids, &n,
                                            eb)))
            return err;
        for (size_t i = 0; i < n && !err; i++)
            err = compose_one(w, ids[i], &stats->roundups, eb);
        free(ids);
        if (err || n < COMPOSE_BATCH)
            return err;
    }
}
