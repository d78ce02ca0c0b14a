#include "story/stage.h"

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/heap.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "base/xalloc.h"

#define BATCH 256
#define REPLAY_PAGE 1000
/* A snapshot of the memory after this many articles clustered since the last
 * one, or this many seconds: what a new holder clusters again is at most
 * about that much (at a million articles a year, about a day's articles:
 * clustering them again took most of a takeover when it was 10,000). */
#define SNAPSHOT_ARTICLES 3000
#define SNAPSHOT_SECONDS 600
/* The memory's bytes at most (story_clusterer_save). */
#define SNAPSHOT_MAX ((size_t)4 * 1024 * 1024 * 1024)

/* A periodic snapshot on its way to the store: the memory's bytes taken
 * between two batches, compressed by a thread of its own while clustering
 * goes on (the larger part of a snapshot's time), and written by the stage
 * once that thread is done. */
struct pending {
    pthread_t thread;
    bool running;  /* taken and not written yet */
    bool joinable; /* encoded by thread (else here, when no thread could start) */
    atomic_bool done;
    struct story_snapshot snap;
    enum err err;
    struct errbuf eb;
};

struct story_stage {
    struct story_params p;
    struct story_clusterer *c;
    struct story_stage_takeover takeover;
    size_t snapshot_articles;
    int64_t snapshot_seconds;
    size_t since_snapshot;  /* articles clustered since the memory was last stored */
    int64_t snapshot_clock; /* when it was (or the stage opened) */
    bool snapshot_current;  /* the newest stored snapshot is this memory */
    int64_t through;        /* every article in memory was assigned then or before */
    int64_t assigned;       /* the store's assignments through then */
    int64_t not_before;     /* the earliest time a batch may be stamped with */
    struct pending pending;
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

/* Clusters again, with s->c as it was at through, every article assigned
 * after through, in the order the clusterer took them, with the clock its
 * batch had. Clustering is deterministic, so the memory ends as the last
 * holder's did (term statistics, near-duplicate signatures, stories that left
 * memory, story ids) - unless an article changed in a way story_seen does not
 * keep, or the snapshot was of another memory. *exact says whether every
 * article clustered again is in the story the store has it in and new
 * stories will get new ids; if not, s->c is to be discarded. The merges and
 * splits of the run were recorded when they first happened. */
static enum err rerun_after(struct story_stage *s, struct store *st, int64_t through,
                            int64_t max_id, bool *exact, struct errbuf *eb)
{
    *exact = true;
    struct placed *placed = NULL;
    size_t nplaced = 0, cap = 0;
    /* Past the largest time and id: only what was assigned after through. */
    int64_t after_assigned = through, after_time = INT64_MAX, after_id = INT64_MAX;
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
                s->takeover.replayed++;
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

/* Rebuilds the memory approximately: puts the articles of the window (those
 * published within the horizon of the newest story's last one) back into
 * their stories as they are now, without the statistics of the articles
 * before them, nor the order of the merges and splits that made the stories;
 * a story's older members stay out, as they would have left memory
 * (cl_age_members). What a store without a usable snapshot falls back on; it
 * reads only the window. */
static enum err restore_window(struct story_stage *s, struct store *st, struct errbuf *eb)
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
                log_warn("article %lld not restored: %s", (long long)in->article_id,
                         err_msg(&why, e));
            else
                s->takeover.restored++;
            after_time = in->time;
            after_id = in->article_id;
        }
        size_t n = page.len;
        story_input_list_clear(&page);
        if (n < REPLAY_PAGE)
            return ERR_OK;
    }
}

/* Loads the newest snapshot and clusters what came after it. *used is false
 * when there is none or it cannot be continued (the reason logged): s->c is
 * then NULL. Only the store's errors are returned. */
static enum err from_snapshot(struct story_stage *s, struct store *st, int64_t max_id, bool *used,
                              struct errbuf *eb)
{
    *used = false;
    struct story_snapshot snap;
    struct errbuf why = {{0}};
    enum err err = store_story_snapshot_get(st, &snap, &why);
    if (err == ERR_NOT_FOUND)
        return ERR_OK;
    if (err == ERR_STORE)
        return errf(eb, err, "%s", why.msg);
    int64_t assigned = 0;
    if (!err && (err = store_story_assigned_count(st, snap.assigned_through, &assigned, eb))) {
        story_snapshot_clear(&snap);
        return err;
    }
    /* Assignments deleted or added under the snapshot: its memory is not
     * the store's. */
    if (!err && assigned != snap.assigned)
        err = errf(&why, ERR_INVALID,
                   "the store holds %lld assignments up to it, the snapshot was taken with %lld",
                   (long long)assigned, (long long)snap.assigned);
    if (!err)
        err = story_clusterer_load(&s->p, snap.data, snap.len, &s->c, &why);
    if (err) {
        log_warn("the snapshot of the clusterer's memory is not used: %s",
                 err_msg(&why, err));
        story_snapshot_clear(&snap);
        return ERR_OK;
    }
    s->takeover.snapshot_id = snap.id;
    s->takeover.snapshot_articles = (size_t)snap.articles;
    s->takeover.snapshot_bytes = snap.len;
    bool exact;
    err = rerun_after(s, st, snap.assigned_through, max_id, &exact, eb);
    story_snapshot_clear(&snap);
    if (!err && !exact) {
        log_warn("clustering the articles after snapshot %lld again did not give the stored "
                 "stories; memory rebuilt from the window",
                 (long long)s->takeover.snapshot_id);
        story_clusterer_free(s->c);
        s->c = NULL;
        s->takeover.replayed = 0;
        return ERR_OK;
    }
    *used = !err;
    s->since_snapshot = s->takeover.replayed;
    s->snapshot_current = !s->takeover.replayed;
    return err;
}

enum err story_stage_open(struct store *st, const struct story_params *p, struct story_stage **out,
                          struct errbuf *eb)
{
    *out = NULL;
    int64_t started = time_mono_ms();
    struct story_stage *s = xcalloc(1, sizeof *s);
    if (p)
        s->p = *p;
    else
        story_params_default(&s->p);
    s->snapshot_articles = SNAPSHOT_ARTICLES;
    s->snapshot_seconds = SNAPSHOT_SECONDS;
    s->snapshot_clock = time_now();
    int64_t max_id;
    bool used = false;
    enum err err = store_story_max_id(st, &max_id, eb);
    if (!err)
        err = store_story_assigned_latest(st, &s->through, eb);
    if (!err)
        err = from_snapshot(s, st, max_id, &used, eb);
    if (!err && !used) {
        story_clusterer_new(&s->p, max_id + 1, &s->c);
        err = restore_window(s, st, eb);
    }
    if (!err)
        err = store_story_assigned_count(st, s->through, &s->assigned, eb);
    if (err) {
        story_stage_free(s);
        return err;
    }
    story_changes_clear(s->c);
    /* The snapshot read, in its three forms (raw, compressed, base64; the
     * compressing thread's in an arena of its own): at 1M-article density the
     * process worker had 226 MB in use and 347 MB resident before this. */
    heap_release();
    /* A later snapshot says "everything through then": no batch of this
     * holder may be stamped with a time an earlier holder's already have. */
    s->not_before = s->through + 1;
    s->takeover.from = used ? "snapshot" : s->takeover.restored ? "window" : "empty";
    s->takeover.seconds = (double)(time_mono_ms() - started) / 1000;
    if (used)
        log_info("the clusterer's memory from snapshot %lld (%zu articles) and %zu articles "
                 "after it clustered again, in %.2f s",
                 (long long)s->takeover.snapshot_id, s->takeover.snapshot_articles,
                 s->takeover.replayed, s->takeover.seconds);
    else if (s->takeover.restored)
        log_info("no usable snapshot: the clusterer's memory rebuilt from the %zu articles of "
                 "the stories of the window, in %.2f s",
                 s->takeover.restored, s->takeover.seconds);
    *out = s;
    return ERR_OK;
}

void story_stage_free(struct story_stage *s)
{
    if (!s)
        return;
    if (s->pending.running && s->pending.joinable)
        pthread_join(s->pending.thread, NULL); /* its snapshot is dropped */
    story_snapshot_clear(&s->pending.snap);
    story_clusterer_free(s->c);
    free(s);
    heap_release(); /* a worker that gave the role up need not keep the memory */
}

void story_stage_takeover(const struct story_stage *s, struct story_stage_takeover *out)
{
    *out = s->takeover;
}

void story_stage_snapshot_every(struct story_stage *s, size_t articles, int64_t seconds)
{
    s->snapshot_articles = articles;
    s->snapshot_seconds = seconds;
}

/* The memory as a snapshot (its bytes, not yet encoded), taken now: every
 * later batch is stamped after it. */
static enum err take(struct story_stage *s, struct story_snapshot *snap, struct errbuf *eb)
{
    struct buf mem;
    buf_init(&mem, SNAPSHOT_MAX);
    enum err err = story_clusterer_save(s->c, &mem, eb);
    if (err) {
        buf_clear(&mem);
        return err;
    }
    size_t stories, articles, terms;
    story_clusterer_size(s->c, &stories, &articles, &terms);
    *snap = (struct story_snapshot){.assigned_through = s->through,
                                    .assigned = s->assigned,
                                    .taken_at = time_now(),
                                    .stories = (int64_t)stories,
                                    .articles = (int64_t)articles,
                                    .len = mem.len};
    snap->data = buf_steal(&mem);
    s->since_snapshot = 0;
    s->snapshot_clock = time_now();
    if (s->not_before <= s->through)
        s->not_before = s->through + 1;
    return ERR_OK;
}

/* Stores snap; the memory is current when nothing was clustered since. */
static enum err put(struct story_stage *s, struct store *st, const struct story_snapshot *snap,
                    struct errbuf *eb)
{
    enum err err = store_story_snapshot_put(st, snap, eb);
    if (!err && snap->assigned_through == s->through)
        s->snapshot_current = true;
    return err;
}

static void *encode_pending(void *arg)
{
    struct pending *p = arg;
    p->err = store_story_snapshot_encode(&p->snap, &p->eb); /* the raw bytes go once compressed */
    atomic_store(&p->done, true);
    return NULL;
}

/* Writes the pending snapshot once its thread is done (waiting for it when
 * wait is set). A snapshot that fails is logged: the memory is still right,
 * and the next one is taken later. */
static void finish_pending(struct story_stage *s, struct store *st, bool wait)
{
    struct pending *p = &s->pending;
    if (!p->running || (!wait && !atomic_load(&p->done)))
        return;
    if (p->joinable)
        pthread_join(p->thread, NULL);
    p->running = false;
    if (!p->err)
        p->err = put(s, st, &p->snap, &p->eb);
    if (p->err)
        log_warn("no snapshot of the clusterer's memory: %s", err_msg(&p->eb, p->err));
    story_snapshot_clear(&p->snap);
    heap_release();
}

enum err story_stage_snapshot(struct story_stage *s, struct store *st, struct errbuf *eb)
{
    finish_pending(s, st, true); /* so that this one is the newest */
    struct story_snapshot snap;
    enum err err = take(s, &snap, eb);
    if (!err)
        err = put(s, st, &snap, eb);
    story_snapshot_clear(&snap);
    return err;
}

enum err story_stage_close(struct story_stage *s, struct store *st, struct errbuf *eb)
{
    enum err err = s && !s->snapshot_current ? story_stage_snapshot(s, st, eb) : ERR_OK;
    story_stage_free(s);
    return err;
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
    if (now < s->not_before)
        now = s->not_before;
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
    if ((err = store_commit(st, eb)))
        return err;
    s->through = now;
    s->assigned += (int64_t)batch->len;
    s->since_snapshot += batch->len;
    s->snapshot_current = false;
    return ERR_OK;
}

/* Takes a snapshot when one is due and hands its encoding to a thread
 * (finish_pending writes it), unless one is on its way already. A snapshot
 * that cannot be taken is logged, like one that cannot be written. */
static void snapshot_when_due(struct story_stage *s, struct store *st)
{
    finish_pending(s, st, false);
    int64_t now = time_now();
    bool due = (s->snapshot_articles && s->since_snapshot >= s->snapshot_articles) ||
               (s->snapshot_seconds && now - s->snapshot_clock >= s->snapshot_seconds);
    struct pending *p = &s->pending;
    if (s->snapshot_current || !due || p->running)
        return;
    p->err = take(s, &p->snap, &p->eb);
    if (p->err) {
        log_warn("no snapshot of the clusterer's memory: %s", err_msg(&p->eb, p->err));
        s->snapshot_clock = now;
        return;
    }
    atomic_store(&p->done, false);
    p->running = true;
    p->joinable = !pthread_create(&p->thread, NULL, encode_pending, p);
    if (!p->joinable) {
        encode_pending(p); /* no thread: encoded here, the pass waiting */
        finish_pending(s, st, true);
    }
}

enum err story_stage_run(struct story_stage *s, struct store *st, size_t max, int64_t ready_before,
                         struct story_stage_stats *stats, struct errbuf *eb)
{
    stats->replayed = s->takeover.replayed + s->takeover.restored;
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
        snapshot_when_due(s, st);
    }
    /* A run ends with its snapshot stored: the thread had the batches since
     * it was taken to encode it. */
    finish_pending(s, st, true);
    return ERR_OK;
}
