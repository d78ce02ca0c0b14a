/* One pass over the due sources: fetch, parse, store, schedule. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "base/log.h"
#include "base/pause.h"
#include "base/timeutil.h"
#include "base/url.h"
#include "base/xalloc.h"
#include "feed/feed.h"
#include "pipeline/pipeline.h"

void pipeline_config_default(struct pipeline_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    fetch_config_default(&cfg->fetch);
    cfg->lease_seconds = 300;
    cfg->interval_seconds = 900;
    cfg->max_backoff_seconds = 86400;
    cfg->notify.newsrooms = 8;
    cfg->notify.growth_per_hour = 6;
    story_params_default(&cfg->story);
}

/* A pass takes on sources that fall due while it runs for this long at most
 * (or the fetch interval, if shorter): each source is then fetched at most
 * once per pass (a fetched one is next due an interval later), and a pass, so
 * a stop, waits for no more than this and the slowest transfer. */
enum { PASS_OPEN_SECONDS = 60 };

struct pass {
    struct store *st;
    const struct pipeline_config *cfg;
    const char *worker;
    int64_t open_until; /* no claims from then on */
    struct fetch_pass_stats *stats;
    struct progress *progress;
    size_t done;
    enum err store_err; /* the first store failure: it stops the pass */
    struct errbuf *eb;
};

/* Per source claimed, from its claim to its done call. */
struct job {
    struct source src;
    struct fetch_state state;
    struct fetch_request req;
};

static char *json_list(char **items, size_t n)
{
    if (!n)
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        if (items[i])
            json_array_append_new(arr, json_string(items[i]));
    char *s = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return s;
}

static char *hash_of(const char *const *parts, size_t n)
{
    XXH3_state_t *h = XXH3_createState();
    XXH3_64bits_reset(h);
    for (size_t i = 0; i < n; i++) {
        if (parts[i])
            XXH3_64bits_update(h, parts[i], strlen(parts[i]));
        XXH3_64bits_update(h, "\x1f", 1);
    }
    char *out = xasprintf("%016llx", (unsigned long long)XXH3_64bits_digest(h));
    XXH3_freeState(h);
    return out;
}

/* Stores the feed's items; counts new and updated ones. */
static enum err store_items(struct pass *p, const struct source *src, const struct feed *feed,
                            int64_t now)
{
    enum err err = store_begin(p->st, p->eb);
    if (err)
        return err;
    for (size_t i = 0; i < feed->n_items && !err; i++) {
        const struct feed_item *it = &feed->items[i];
        const char *link = it->link ? it->link : (url_is_http(it->id) ? it->id : NULL);
        char *canon = NULL;
        if (!link || url_canonical(link, &canon, NULL)) {
            p->stats->items_skipped++;
            continue;
        }
        struct article a = {
            .source_id = src->id,
            .url = canon,
            .link = (char *)link,
            .guid = it->id,
            .title = it->title,
            .authors = json_list(it->authors, it->n_authors),
            .published_at = it->published ? it->published : it->updated,
            .updated_at = it->updated,
            .fetched_at = now,
            .summary = it->summary,
            .content = it->content,
            .categories = json_list(it->categories, it->n_categories),
            .image_url = it->image.url,
            .image_caption = it->image.caption,
            .image_credit = it->image.credit,
            .lang = it->lang     ? it->lang
                    : feed->lang ? feed->lang
                                 : src->lang,
            .body = feed_html_to_text(it->content ? it->content : it->summary),
        };
        const char *parts[] = {it->title, it->summary, it->content, it->link};
        a.content_hash = hash_of(parts, 4);
        a.body_hash = a.body ? hash_of((const char *const[]){a.body}, 1) : NULL;
        int64_t id;
        bool inserted;
        err = store_article_put(p->st, &a, &id, &inserted, p->eb);
        if (!err && inserted)
            p->stats->new_articles++;
        else if (!err)
            p->stats->updated_articles++;
        free(canon);
        free(a.authors);
        free(a.categories);
        free(a.content_hash);
        free(a.body);
        free(a.body_hash);
    }
    if (err) {
        store_rollback(p->st);
        return err;
    }
    return store_commit(p->st, p->eb);
}

static void set_error(struct fetch_state *fs, const char *msg)
{
    free(fs->last_error);
    fs->last_error = xstrdup(msg);
}

static void replace(char **field, char *value)
{
    if (value) {
        free(*field);
        *field = xstrdup(value);
    }
}

int64_t pipeline_backoff_seconds(const struct pipeline_config *cfg, int failures,
                                 int64_t retry_after)
{
    int64_t wait = cfg->interval_seconds;
    for (int i = PIPELINE_BACKOFF_GRACE; i < failures && wait < cfg->max_backoff_seconds; i++)
        wait *= 2;
    if (retry_after > wait)
        wait = retry_after;
    /* A server may ask for years; the cap still holds. */
    return wait > cfg->max_backoff_seconds ? cfg->max_backoff_seconds : wait;
}

/* Counts a failed source under its kind of failure. */
static void note_failure(struct fetch_pass_stats *stats, const char *kind, const char *name,
                         const char *message)
{
    struct fetch_failure_group *g = NULL;
    for (size_t i = 0; i < FETCH_FAILURE_KINDS && !g; i++)
        if (!stats->failures[i].kind || !strcmp(stats->failures[i].kind, kind))
            g = &stats->failures[i];
    if (!g) /* more kinds than slots: the last slot takes the rest */
        g = &stats->failures[FETCH_FAILURE_KINDS - 1];
    if (!g->kind) {
        g->kind = kind;
        snprintf(g->example, sizeof g->example, "%s", message ? message : "");
    }
    g->count++;
    size_t used = strlen(g->sources);
    if (name && used + strlen(name) + 3 < sizeof g->sources)
        snprintf(g->sources + used, sizeof g->sources - used, "%s%s", used ? ", " : "", name);
}

static void on_done(const struct fetch_request *req, struct fetch_result *res, void *ctx)
{
    struct pass *p = ctx;
    struct job *job = req->user;
    struct fetch_state *fs = &job->state;
    int64_t now = time_now();
    fs->last_fetch_at = now;
    fs->last_status = res->status;
    bool ok = false;
    if (res->err) {
        set_error(fs, res->errmsg[0] ? res->errmsg : err_name(res->err));
    } else if (res->not_modified) {
        p->stats->not_modified++;
        ok = true;
    } else if (res->status >= 200 && res->status < 300 && res->body) {
        struct feed feed;
        struct errbuf why = {{0}};
        enum err perr = feed_parse(res->body, res->body_len,
                                   res->final_url ? res->final_url : job->src.feed_url,
                                   res->content_type, &feed, &why);
        if (perr) {
            char msg[700];
            snprintf(msg, sizeof msg, "not a feed we can read: %s", err_msg(&why, perr));
            set_error(fs, msg);
            note_failure(p->stats, "not a feed", job->src.name, msg);
        } else {
            fs->ill_formed = feed.ill_formed;
            free(fs->ill_formed_reason);
            fs->ill_formed_reason = xstrdup(feed.ill_formed_reason);
            replace(&fs->feed_title, feed.title);
            fs->items_seen += (int64_t)feed.n_items;
            if (!p->store_err)
                p->store_err = store_items(p, &job->src, &feed, now);
            p->stats->fetched++;
            ok = !p->store_err;
        }
        feed_clear(&feed);
    } else if (res->errmsg[0]) {
        set_error(fs, res->errmsg);
    } else {
        char msg[400];
        snprintf(msg, sizeof msg, "%s answered HTTP %d", job->src.feed_url, res->status);
        set_error(fs, msg);
    }
    if (!ok)
        log_debug("source %lld (%s): %s", (long long)job->src.id, job->src.name,
                  fs->last_error ? fs->last_error : "store error");
    if (!ok && (res->err || !(res->status >= 200 && res->status < 300 && res->body)))
        note_failure(p->stats, res->failure ? res->failure : "HTTP error", job->src.name,
                     fs->last_error);
    if (ok) {
        fs->consecutive_failures = 0;
        fs->last_success_at = now;
        free(fs->last_error);
        fs->last_error = NULL;
        replace(&fs->etag, res->etag);
        replace(&fs->last_modified, res->last_modified);
        fs->next_fetch_at = now + p->cfg->interval_seconds;
    } else {
        p->stats->failed++;
        fs->consecutive_failures++;
        fs->next_fetch_at =
            now + pipeline_backoff_seconds(p->cfg, fs->consecutive_failures, res->retry_after);
    }
    if (!p->store_err)
        p->store_err = store_fetch_state_put(p->st, fs, p->eb);
    if (!p->store_err)
        test_pause("fetch", p->stats->new_articles);
    if (p->progress) {
        char note[64];
        snprintf(note, sizeof note, "%zu new articles", p->stats->new_articles);
        progress_update(p->progress, ++p->done, note);
    }
    fetch_state_clear(&job->state);
    source_clear(&job->src);
    free(job);
}

/* fetch_stream's more(): claims up to room due sources, while the pass is
 * open and the store has not failed. */
static size_t claim_more(void *ctx, const struct fetch_request **reqs, size_t room)
{
    struct pass *p = ctx;
    int64_t now = time_now();
    if (p->store_err || now >= p->open_until)
        return 0;
    struct source_list claimed;
    p->store_err = store_sources_claim_due(p->st, now, room, p->worker, p->cfg->lease_seconds,
                                           &claimed, p->eb);
    if (p->store_err || !claimed.len) {
        source_list_clear(&claimed);
        return 0;
    }
    p->stats->sources += claimed.len;
    test_pause("claimed", claimed.len);
    if (p->progress && p->progress->total < p->stats->sources)
        p->progress->total = p->stats->sources;
    size_t n = 0;
    for (size_t i = 0; i < claimed.len; i++) {
        struct job *job = xcalloc(1, sizeof *job);
        job->src = claimed.items[i]; /* the job owns the source's strings now */
        if (!p->store_err)
            p->store_err = store_fetch_state_get(p->st, job->src.id, &job->state, p->eb);
        if (p->store_err) {
            /* Its lease lapses: another pass fetches it. */
            fetch_state_clear(&job->state);
            source_clear(&job->src);
            free(job);
            continue;
        }
        job->req = (struct fetch_request){.url = job->src.feed_url,
                                          .etag = job->state.etag,
                                          .last_modified = job->state.last_modified,
                                          .allow_private = job->src.allow_private,
                                          .user = job};
        reqs[n++] = &job->req;
    }
    free(claimed.items);
    return n;
}

enum err pipeline_fetch_pass(struct store *st, const struct pipeline_config *cfg,
                             struct fetch_pass_stats *stats, struct progress *progress,
                             struct errbuf *eb)
{
    memset(stats, 0, sizeof *stats);
    char worker[128];
    if (cfg->worker)
        snprintf(worker, sizeof worker, "%s", cfg->worker);
    else {
        char host[64] = "localhost";
        gethostname(host, sizeof host - 1);
        snprintf(worker, sizeof worker, "%s:%ld", host, (long)getpid());
    }
    if (cfg->interval_seconds < 1)
        return errf(eb, ERR_INVALID, "the fetch interval must be at least 1 second");
    int open = cfg->interval_seconds < PASS_OPEN_SECONDS ? cfg->interval_seconds
                                                         : PASS_OPEN_SECONDS;
    struct pass p = {.st = st,
                     .cfg = cfg,
                     .worker = worker,
                     .open_until = time_now() + open,
                     .stats = stats,
                     .progress = progress,
                     .eb = eb};
    /* Sources are claimed as transfer slots free up, never in rounds: a slow
     * feed holds up its own slot and no batch of others; a claim's lease runs
     * from the moment it can start. */
    struct errbuf feb = {{0}};
    enum err err = fetch_stream(&cfg->fetch, claim_more, on_done, &p, &feb);
    if (err)
        return errf(eb, err, "fetching: %s", err_msg(&feb, err));
    return p.store_err;
}
