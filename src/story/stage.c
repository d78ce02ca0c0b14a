#include "story/stage.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/timeutil.h"
#include "base/xalloc.h"

#define BATCH 256
#define REPLAY_PAGE 1000

struct story_stage {
    struct story_params p;
    struct story_clusterer *c;
    size_t replayed;
};

/* A publication date this far ahead of the clock is a feed's mistake: it would
 * make every story look old and leave memory. */
#define FUTURE_SLACK 3600

/* What the clusterer reads of a stored article. */
static struct story_doc doc_of(const struct story_input *in, int64_t now)
{
    return (struct story_doc){
        .key = in->article_id,
        .title = in->title,
        .text = in->text,
        .lang = in->lang,
        .time = in->time > now + FUTURE_SLACK ? now : in->time,
        .outlet = in->source_id,
        .owner = in->owner,
        .country = in->country,
        .byline = in->authors,
        .entities = (const char *const *)in->entities,
        .nentities = in->n_entities,
    };
}

/* An article and the story the store has it in. */
struct placed {
    int64_t article, story;
};

/* Rebuilds the memory exactly: clusters every article the clusterer ever took
 * again, from a new clusterer, in the order it took them, with the clock its
 * batch had. Clustering is deterministic, so the memory ends as the earlier
 * holders' did (term statistics, near-duplicate signatures, stories that left
 * memory, story ids) - unless the articles changed since (a body extracted
 * again) or an earlier holder's memory was an approximate one. *exact says
 * whether every article in memory is in the story the store has it in and
 * new stories will get new ids; if not, s->c is to be discarded. The
 * merges and splits of the run were recorded when they first happened. */
static enum err rerun(struct story_stage *s, struct store *st, int64_t max_id, bool *exact,
                      struct errbuf *eb)
{
    *exact = true;
    struct placed *placed = NULL;
    size_t nplaced = 0, cap = 0;
    int64_t after_assigned = INT64_MIN, after_time = INT64_MIN, after_id = 0;
    enum err err = ERR_OK;
    for (;;) {
        struct story_input_list page;
        if ((err = store_story_history(st, after_assigned, after_time, after_id, REPLAY_PAGE, &page,
                                       eb)))
            break;
        for (size_t i = 0; i < page.len; i++) {
            const struct story_input *in = &page.items[i];
            struct story_doc d = doc_of(in, in->assigned_at);
            struct story_result r;
            if (!story_add(s->c, &d, &r, NULL))
                s->replayed++;
            placed = xgrow(placed, nplaced, &cap, sizeof *placed, REPLAY_PAGE);
            placed[nplaced++] = (struct placed){in->article_id, in->story_id};
            after_assigned = in->assigned_at;
            after_time = in->time;
            after_id = in->article_id;
        }
        story_changes_clear(s->c);
        size_t n = page.len;
        story_input_list_clear(&page);
        if (n < REPLAY_PAGE)
            break;
    }
    for (size_t i = 0; i < nplaced && *exact; i++) {
        int64_t now = story_find(s->c, placed[i].article);
        *exact = !now || now == placed[i].story;
    }
    *exact = *exact && story_next_id(s->c) == max_id + 1;
    free(placed);
    return err;
}

/* Rebuilds the memory approximately: puts the members of the stories seen
 * within the horizon back into their stories as they are now, without the
 * statistics of the articles before them, nor the order of the merges and
 * splits that made the stories. What a store whose history cannot be
 * clustered again exactly (see rerun) falls back on. */
static enum err replay(struct story_stage *s, struct store *st, struct errbuf *eb)
{
    int64_t latest, now = time_now();
    enum err err = store_story_latest(st, now + FUTURE_SLACK, &latest, eb);
    if (err || !latest)
        return err;
    int64_t since = latest - s->p.horizon, after_time = INT64_MIN, after_id = 0;
    for (;;) {
        struct story_input_list page;
        if ((err = store_story_replay(st, since, after_time, after_id, REPLAY_PAGE, &page, eb)))
            return err;
        for (size_t i = 0; i < page.len; i++) {
            const struct story_input *in = &page.items[i];
            struct story_doc d = doc_of(in, now);
            struct errbuf why = {{0}};
            enum err e = story_restore(s->c, &d, in->story_id, in->copy_of, in->newsroom, &why);
            if (e)
                log_warn("story: article %lld not restored: %s", (long long)in->article_id,
                         err_msg(&why, e));
            else
                s->replayed++;
            after_time = in->time;
            after_id = in->article_id;
        }
        size_t n = page.len;
        story_input_list_clear(&page);
        if (n < REPLAY_PAGE)
            return ERR_OK;
    }
}

enum err story_stage_open(struct store *st, const struct story_params *p, struct story_stage **out,
                          struct errbuf *eb)
{
    *out = NULL;
    struct story_stage *s = xcalloc(1, sizeof *s);
    if (p)
        s->p = *p;
    else
        story_params_default(&s->p);
    int64_t max_id;
    bool exact = false;
    enum err err = store_story_max_id(st, &max_id, eb);
    if (!err) {
        story_clusterer_new(&s->p, 1, &s->c);
        err = rerun(s, st, max_id, &exact, eb);
    }
    if (!err && !exact) {
        log_warn("story: clustering the stored articles again did not give the stored stories; "
                 "memory rebuilt from the recent stories as they are");
        story_clusterer_free(s->c);
        s->replayed = 0;
        story_clusterer_new(&s->p, max_id + 1, &s->c);
        err = replay(s, st, eb);
    }
    if (err) {
        story_stage_free(s);
        return err;
    }
    story_changes_clear(s->c);
    *out = s;
    return ERR_OK;
}

void story_stage_free(struct story_stage *s)
{
    if (!s)
        return;
    story_clusterer_free(s->c);
    free(s);
}

static char *json_list(const char *const *items, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(items[i]));
    char *s = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return s;
}

/* Writes the merges, splits and touched stories the clusterer reports. */
static enum err record_changes(struct story_stage *s, struct store *st, int64_t now,
                               struct story_stage_stats *stats, struct errbuf *eb)
{
    const struct story_change *ch;
    size_t n = story_changes(s->c, &ch);
    enum err err = ERR_OK;
    for (size_t i = 0; i < n && !err; i++) {
        if (ch[i].kind == STORY_MERGED) {
            err = store_story_merge(st, ch[i].from, ch[i].into, now, eb);
            stats->merges++;
        } else {
            err = store_story_split(st, ch[i].from, ch[i].into, ch[i].moved, ch[i].nmoved, now, eb);
            stats->splits++;
        }
    }
    const int64_t *ids;
    size_t nt = story_touched(s->c, &ids);
    for (size_t i = 0; i < nt && !err; i++) {
        struct story_summary sum;
        if (story_describe(s->c, ids[i], &sum, NULL))
            continue; /* merged away since it was touched */
        char *terms = json_list(sum.terms, sum.nterms);
        char *names = json_list(sum.names, sum.nnames);
        err = store_story_refresh(st, sum.id, sum.headline, terms, names, now, eb);
        free(terms);
        free(names);
    }
    return err;
}

/* Clusters one batch and records it in one transaction. */
static enum err run_batch(struct story_stage *s, struct store *st,
                          const struct story_input_list *batch, struct story_stage_stats *stats,
                          struct errbuf *eb)
{
    int64_t now = time_now();
    enum err err = store_begin(st, eb);
    if (err)
        return err;
    for (size_t i = 0; i < batch->len && !err; i++) {
        const struct story_input *in = &batch->items[i];
        struct story_doc d = doc_of(in, now);
        struct story_result r;
        struct errbuf why = {{0}};
        enum err e = story_add(s->c, &d, &r, &why);
        const char *note = e ? err_msg(&why, e) : r.skipped;
        if (e || r.skipped) {
            stats->skipped++;
            r.story = 0;
        } else {
            stats->started += r.started;
            stats->joined += !r.started;
            stats->copies += r.copy_of != 0;
        }
        err = store_story_assign(st, in->article_id, r.story, r.similarity, r.copy_of,
                                 e ? NULL : r.newsroom, note, now, eb);
    }
    if (!err)
        err = record_changes(s, st, now, stats, eb);
    story_changes_clear(s->c);
    if (err) {
        store_rollback(st);
        return err;
    }
    return store_commit(st, eb);
}

enum err story_stage_run(struct story_stage *s, struct store *st, size_t max, int64_t ready_before,
                         struct story_stage_stats *stats, struct errbuf *eb)
{
    stats->replayed = s->replayed;
    size_t done = 0;
    while (!max || done < max) {
        size_t want = max && max - done < BATCH ? max - done : BATCH;
        struct story_input_list batch;
        enum err err = store_story_unassigned(st, want, ready_before, &batch, eb);
        if (err)
            return err;
        if (!batch.len) {
            story_input_list_clear(&batch);
            break;
        }
        stats->articles += batch.len;
        done += batch.len;
        err = run_batch(s, st, &batch, stats, eb);
        story_input_list_clear(&batch);
        if (err)
            return err;
    }
    return ERR_OK;
}
