/* The story stage over the store, on every engine the run offers: real ECB+
 * texts as articles of several outlets (two of one owner, one printing wire
 * copy), clustered by story_stage_run; assignments, near-duplicate marks,
 * independent newsrooms, story records, merges and splits as stored;
 * takeovers that load the clusterer's memory from a snapshot; the pipeline's
 * wait for analysis; and the CLI on the same database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "base/timeutil.h"
#include "ecbplus_docs.h"
#include "store/store.h"
#include "story/stage.h"
#include "text/stage.h"

#define T0 1700000000 /* 2023-11-14, a Tuesday */

struct fixture {
    struct store *st;
    int64_t outlet_a, outlet_b, outlet_c, outlet_d;
    struct ecb_docs docs;
};

static int64_t add_source(struct store *st, const char *name, const char *owner,
                          const char *country)
{
    char url[128];
    snprintf(url, sizeof url, "https://%s.example/feed", name);
    struct source s = {.name = (char *)name,
                       .feed_url = url,
                       .lang = "en",
                       .country = (char *)country,
                       .kind = "news",
                       .owner = (char *)owner,
                       .enabled = true};
    int64_t id;
    struct errbuf eb = {{0}};
    enum err err = store_source_add(st, &s, &id, &eb);
    if (err)
        fail_msg("store_source_add: %s", err_msg(&eb, err));
    return id;
}

static int64_t add_article(struct store *st, int64_t source, const char *slug, const char *title,
                           const char *text, const char *authors, int64_t t)
{
    char url[256];
    snprintf(url, sizeof url, "https://news.example/%lld/%s", (long long)source, slug);
    struct article a = {.source_id = source,
                        .url = url,
                        .title = (char *)title,
                        .content = (char *)text,
                        .body = (char *)text,
                        .authors = (char *)authors,
                        .published_at = t,
                        .fetched_at = t + 60,
                        .content_hash = url};
    int64_t id;
    bool inserted;
    struct errbuf eb = {{0}};
    enum err err = store_article_put(st, &a, &id, &inserted, &eb);
    if (err)
        fail_msg("store_article_put: %s", err_msg(&eb, err));
    assert_true(inserted);
    return id;
}

/* The article among ids[0..n) stored under slug. */
static int64_t article_by_slug(struct store *st, const int64_t *ids, size_t n, const char *slug)
{
    int64_t found = 0;
    for (size_t i = 0; i < n && !found; i++) {
        struct article a;
        assert_int_equal(store_article_get(st, ids[i], &a, NULL), ERR_OK);
        const char *last = strrchr(a.url, '/');
        if (last && !strcmp(last + 1, slug))
            found = ids[i];
        article_clear(&a);
    }
    assert_true(found > 0);
    return found;
}

static void cluster(struct store *st, struct story_stage_stats *stats)
{
    struct story_stage *stage;
    struct errbuf eb = {{0}};
    enum err err = story_stage_open(st, NULL, &stage, &eb);
    if (!err)
        err = story_stage_run(stage, st, 0, 0, stats, &eb);
    story_stage_free(stage);
    if (err)
        fail_msg("story stage: %s", err_msg(&eb, err));
}

static int64_t story_of(struct store *st, int64_t article)
{
    /* The members of every listed story, searched for article. */
    struct story_row_list l;
    assert_int_equal(store_story_list(st, 0, 10000, &l, NULL), ERR_OK);
    int64_t found = 0;
    for (size_t i = 0; i < l.len && !found; i++) {
        struct story_member_list m;
        assert_int_equal(store_story_members(st, l.items[i].id, &m, NULL), ERR_OK);
        for (size_t k = 0; k < m.len; k++)
            if (m.items[k].article_id == article)
                found = l.items[i].id;
        story_member_list_clear(&m);
    }
    story_row_list_clear(&l);
    return found;
}

/* Runs the CLI on dsn with args; returns its stdout (a new string). */
static char *run_cli(const char *dsn, const char *args)
{
    const char *bin = getenv("OMNIBUS_BIN");
    if (!bin)
        skip();
    char *cmd = xasprintf("'%s' --db '%s' %s", bin, dsn, args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    struct buf out;
    buf_init(&out, BUF_UNLIMITED);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        assert_int_equal(buf_append(&out, chunk, n), ERR_OK);
    int status = pclose(p);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    free(cmd);
    return buf_steal(&out);
}

static void stage_on(const char *dsn)
{
    struct fixture f = {0};
    struct errbuf eb = {{0}};
    enum err err = store_open(dsn, &f.st, &eb);
    if (err)
        fail_msg("store_open(%s): %s", dsn, err_msg(&eb, err));
    ecb_docs_load(&f.docs);
    f.outlet_a = add_source(f.st, "gazette", "Tidings Group", "US");
    f.outlet_b = add_source(f.st, "courier", "Tidings Group", "US");
    f.outlet_c = add_source(f.st, "herald", NULL, "GB");
    f.outlet_d = add_source(f.st, "wireprint", NULL, "AU");

    /* Topic 7: two Klitschko title fights, a month apart here (four years in
     * fact). */
    int64_t ids[64];
    size_t n = 0;
    int64_t t = T0;
    int64_t sources[3] = {f.outlet_a, f.outlet_b, f.outlet_c};
    for (size_t i = 0; i < f.docs.len && n < 40; i++) {
        const struct ecb_doc *d = &f.docs.items[i];
        if (strncmp(d->event, "7", 1) || strlen(d->event) != 2)
            continue;
        bool b = d->event[1] == 'b';
        ids[n] = add_article(f.st, sources[n % 3], d->id, d->first, d->rest, NULL,
                             t + (b ? 30 * 86400 : 0) + (int64_t)n * 600);
        n++;
    }
    size_t fights = n;
    /* A copy of the first article, under another headline, with the wire's byline. */
    const struct ecb_doc *od = &f.docs.items[ecb_find(&f.docs, "7_10ecb")];
    int64_t copy = add_article(f.st, f.outlet_d, "copy", "Klitschko keeps his belts", od->rest,
                               "[\"AP\"]", t + 3600);
    int64_t empty = add_article(f.st, f.outlet_c, "empty", NULL, "", NULL, t + 7200);

    /* The pipeline clusters only as far as its earlier stages are done: the
     * oldest article waits for its analysis, and every later one with it. */
    struct story_input_list ready, all;
    assert_int_equal(store_story_unassigned(f.st, 100, T0, &ready, NULL), ERR_OK);
    assert_int_equal(ready.len, 0);
    story_input_list_clear(&ready);
    assert_int_equal(store_story_unassigned(f.st, 100, 0, &all, NULL), ERR_OK);
    assert_int_equal(all.len, fights + 2);
    struct text_ctx *tx;
    struct errbuf teb = {{0}};
    if (text_ctx_new(&tx, &teb) || text_stage_article(tx, f.st, all.items[0].article_id, &teb))
        fail_msg("analysing the oldest article: %s", teb.msg);
    text_ctx_free(tx);
    assert_int_equal(store_story_unassigned(f.st, 100, T0, &ready, NULL), ERR_OK);
    assert_int_equal(ready.len, 1);
    assert_int_equal(ready.items[0].article_id, all.items[0].article_id);
    story_input_list_clear(&ready);
    /* Fetched before ready_before, the articles are taken as they are. */
    assert_int_equal(store_story_unassigned(f.st, 100, time_now(), &ready, NULL), ERR_OK);
    assert_int_equal(ready.len, fights + 2);
    story_input_list_clear(&ready);
    story_input_list_clear(&all);

    struct story_stage_stats stats = {0};
    cluster(f.st, &stats);
    assert_int_equal(stats.articles, fights + 2);
    assert_int_equal(stats.skipped, 1);
    assert_true(stats.copies >= 1);

    struct story_input_list left;
    assert_int_equal(store_story_unassigned(f.st, 10, 0, &left, NULL), ERR_OK);
    assert_int_equal(left.len, 0); /* the empty one is recorded as not clustered */
    story_input_list_clear(&left);
    assert_int_equal(story_of(f.st, empty), 0);

    /* The copy is in its original's story, marked, and adds no newsroom. */
    int64_t orig = article_by_slug(f.st, ids, fights, "7_10ecb");
    int64_t sid = story_of(f.st, orig);
    assert_true(sid > 0);
    assert_int_equal(story_of(f.st, copy), sid);
    struct story_member_list m;
    assert_int_equal(store_story_members(f.st, sid, &m, NULL), ERR_OK);
    bool marked = false;
    for (size_t i = 0; i < m.len; i++)
        if (m.items[i].article_id == copy) {
            marked = m.items[i].copy_of == orig;
            assert_non_null(m.items[i].newsroom);
            assert_string_equal(m.items[i].newsroom, "owner:tidings group");
        }
    assert_true(marked);
    /* What a roundup reads of it: the newest members, at most so many, and
     * none published before since, oldest first as the whole list. */
    assert_true(m.len >= 3);
    struct story_member_list recent;
    assert_int_equal(store_story_members_recent(f.st, sid, INT64_MIN, 2, &recent, NULL), ERR_OK);
    assert_int_equal(recent.len, 2);
    for (size_t i = 0; i < 2; i++)
        assert_int_equal(recent.items[i].article_id, m.items[m.len - 2 + i].article_id);
    story_member_list_clear(&recent);
    int64_t since = m.items[m.len - 1].published_at;
    size_t from = m.len - 1;
    while (from > 0 && m.items[from - 1].published_at == since)
        from--;
    assert_int_equal(store_story_members_recent(f.st, sid, since, 100, &recent, NULL), ERR_OK);
    assert_int_equal(recent.len, m.len - from);
    assert_int_equal(recent.items[0].article_id, m.items[from].article_id);
    story_member_list_clear(&recent);

    /* Newsrooms: the owner group's two outlets count once, the copy with its
     * original; the herald is independent. */
    struct story_row s;
    assert_int_equal(store_story_get(f.st, sid, &s, NULL), ERR_OK);
    assert_int_equal(s.articles, (int64_t)m.len);
    size_t herald = 0, group = 0;
    for (size_t i = 0; i < m.len; i++) {
        herald += !strcmp(m.items[i].source_name, "herald");
        group += !strcmp(m.items[i].source_name, "gazette") ||
                 !strcmp(m.items[i].source_name, "courier");
    }
    assert_int_equal(s.newsrooms, (herald > 0) + (group > 0));
    assert_true(s.outlets >= 2);
    assert_non_null(s.headline);
    assert_non_null(strstr(s.top_names, "klitschko"));
    assert_non_null(strstr(s.languages, "en"));
    story_row_clear(&s);
    story_member_list_clear(&m);

    /* The two fights, a month apart, are two stories. */
    int64_t first_a = story_of(f.st, ids[0]);
    for (size_t i = 0; i < fights; i++) {
        struct article a;
        assert_int_equal(store_article_get(f.st, ids[i], &a, NULL), ERR_OK);
        bool b = a.published_at > t + 86400;
        article_clear(&a);
        if (b)
            assert_int_not_equal(story_of(f.st, ids[i]), first_a);
    }

    /* A restart: the new stage rebuilds its memory of the recent stories from
     * the store, and a copy of a text of the later fight finds its original
     * there. */
    const struct ecb_doc *later = &f.docs.items[ecb_find(&f.docs, "7_10ecbplus")];
    int64_t later_id = article_by_slug(f.st, ids, fights, "7_10ecbplus");
    int64_t copy2 = add_article(f.st, f.outlet_c, "copy2", "Thompson stopped in the sixth",
                                later->rest, "[\"Reuters\"]", t + 31 * 86400);
    /* A feed that dates its article a century ahead does not push the others
     * out of memory. */
    int64_t future = add_article(f.st, f.outlet_d, "future", "Klitschko in the year 2123",
                                 "A time traveller writes about boxing.", NULL,
                                 time_now() + 100LL * 365 * 86400);
    struct story_stage_stats again = {0};
    cluster(f.st, &again);
    assert_int_equal(again.articles, 2);
    assert_true(story_of(f.st, future) > 0);
    assert_true(again.replayed > 0);
    assert_int_equal(again.copies, 1);
    assert_int_equal(story_of(f.st, copy2), story_of(f.st, later_id));

    /* The CLI reads what the stage stored. */
    char *json = run_cli(dsn, "stories --json");
    json_t *arr = json_loads(json, 0, NULL);
    assert_true(json_is_array(arr));
    assert_true(json_array_size(arr) >= 2);
    json_t *o = json_array_get(arr, 0);
    assert_true(json_is_integer(json_object_get(o, "id")));
    assert_true(json_is_string(json_object_get(o, "headline")));
    assert_true(json_is_integer(json_object_get(o, "articles")));
    assert_true(json_is_integer(json_object_get(o, "newsrooms")));
    json_decref(arr);
    free(json);
    char *args = xasprintf("story %lld", (long long)sid);
    char *shown = run_cli(dsn, args);
    assert_non_null(strstr(shown, "[copy of"));
    free(shown);
    free(args);

    ecb_docs_free(&f.docs);
    store_close(f.st);
}

/* Merges and splits as the store records them: members move, the merged story
 * points at its survivor, and both are logged. */
static void changes_on(const char *dsn)
{
    struct store *st;
    assert_int_equal(store_open(dsn, &st, NULL), ERR_OK);
    int64_t src = add_source(st, "daily", NULL, "SE");
    int64_t a1 = add_article(st, src, "a1", "One", "first text here", NULL, T0);
    int64_t a2 = add_article(st, src, "a2", "Two", "second text here", NULL, T0 + 60);
    int64_t a3 = add_article(st, src, "a3", "Three", "third text here", NULL, T0 + 120);
    assert_int_equal(store_story_assign(st, a1, 10, 0.5, 0, "outlet:1", NULL, T0, NULL), ERR_OK);
    assert_int_equal(store_story_assign(st, a2, 11, 0.5, 0, "outlet:1", NULL, T0, NULL), ERR_OK);
    assert_int_equal(store_story_assign(st, a3, 11, 0.5, 0, "outlet:1", NULL, T0, NULL), ERR_OK);
    assert_int_equal(store_story_assign(st, a3, 12, 0.5, 0, "outlet:1", NULL, T0, NULL),
                     ERR_EXISTS);
    assert_int_equal(store_story_merge(st, 10, 11, T0, NULL), ERR_OK);
    struct story_row s;
    assert_int_equal(store_story_refresh(st, 11, "Two", "[]", "[]", T0, NULL), ERR_OK);
    assert_int_equal(store_story_get(st, 10, &s, NULL), ERR_OK); /* follows the merge */
    assert_int_equal(s.id, 11);
    assert_int_equal(s.articles, 3);
    assert_int_equal(s.newsrooms, 1);
    assert_int_equal(s.first_seen, T0);
    assert_int_equal(s.last_seen, T0 + 120);
    story_row_clear(&s);
    int64_t moved[] = {a3};
    assert_int_equal(store_story_split(st, 11, 13, moved, 1, T0, NULL), ERR_OK);
    assert_int_equal(store_story_refresh(st, 11, "Two", NULL, NULL, T0, NULL), ERR_OK);
    assert_int_equal(store_story_refresh(st, 13, "Three", NULL, NULL, T0, NULL), ERR_OK);
    assert_int_equal(store_story_get(st, 13, &s, NULL), ERR_OK);
    assert_int_equal(s.articles, 1);
    story_row_clear(&s);
    assert_int_equal(store_story_get(st, 99, &s, NULL), ERR_NOT_FOUND);
    int64_t max;
    assert_int_equal(store_story_max_id(st, &max, NULL), ERR_OK);
    assert_int_equal(max, 13);
    store_close(st);
}

static void test_stage(void **state)
{
    (void)state;
    char *dsns[2];
    int n = test_store_dsns("story_stage", dsns);
    for (int i = 0; i < n; i++) {
        stage_on(dsns[i]);
        free(dsns[i]);
    }
}

static void test_changes(void **state)
{
    (void)state;
    char *dsns[2];
    int n = test_store_dsns("story_changes", dsns);
    for (int i = 0; i < n; i++) {
        changes_on(dsns[i]);
        free(dsns[i]);
    }
}

/* Every ECB+ document as an article of one of three outlets, half an hour
 * apart in a shuffled order (so that the topics interleave over 11 days, past
 * the clusterer's 7-day window). */
static void add_ecb_articles(struct store *st, const struct ecb_docs *docs, int64_t *ids)
{
    int64_t outlets[3] = {add_source(st, "gazette", "Tidings Group", "US"),
                          add_source(st, "herald", NULL, "GB"),
                          add_source(st, "wireprint", NULL, "AU")};
    for (size_t i = 0; i < docs->len; i++) {
        const struct ecb_doc *d = &docs->items[i];
        int64_t at = T0 + (int64_t)((i * 7919) % docs->len) * 1800;
        ids[i] = add_article(st, outlets[i % 3], d->id, d->first, d->rest, NULL, at);
    }
}

/* The story of each of ids[0..n) as stored (0: none), following merges. */
static void stories_of(struct store *st, const int64_t *ids, size_t n, int64_t *out)
{
    memset(out, 0, n * sizeof *out);
    struct story_row_list l;
    assert_int_equal(store_story_list(st, 0, 100000, &l, NULL), ERR_OK);
    for (size_t i = 0; i < l.len; i++) {
        struct story_member_list m;
        assert_int_equal(store_story_members(st, l.items[i].id, &m, NULL), ERR_OK);
        for (size_t k = 0; k < m.len; k++)
            for (size_t j = 0; j < n; j++)
                if (ids[j] == m.items[k].article_id)
                    out[j] = l.items[i].id;
        story_member_list_clear(&m);
    }
    story_row_list_clear(&l);
}

/* Two clustered articles change: a feed's update (new title, text and
 * date) and a late extraction. What the clusterer read of them is what a
 * takeover must read again. */
static void change_two(struct store *st, const struct ecb_docs *docs, const int64_t *ids,
                       const int64_t *got, size_t n)
{
    size_t changed = 0;
    for (size_t i = 0; i < n && changed < 2; i++) {
        if (!got[i])
            continue;
        const struct ecb_doc *other = &docs->items[(i + n / 2) % n];
        if (changed++ == 0) {
            struct article was;
            assert_int_equal(store_article_get(st, ids[i], &was, NULL), ERR_OK);
            struct article now = {.source_id = was.source_id,
                                  .url = was.url,
                                  .title = other->first,
                                  .content = other->rest,
                                  .body = other->rest,
                                  .published_at = was.published_at + 20 * 86400,
                                  .fetched_at = was.fetched_at,
                                  .content_hash = "updated"};
            int64_t same;
            bool inserted;
            assert_int_equal(store_article_put(st, &now, &same, &inserted, NULL), ERR_OK);
            assert_int_equal(same, ids[i]);
            assert_false(inserted);
            article_clear(&was);
        } else {
            assert_int_equal(store_article_set_body(st, ids[i], other->rest, "extracted", NULL),
                             ERR_OK);
        }
    }
    assert_int_equal(changed, 2);
}

static struct story_stage *open_stage(struct store *st, struct story_stage_takeover *how)
{
    struct story_stage *stage;
    struct errbuf eb = {{0}};
    enum err err = story_stage_open(st, NULL, &stage, &eb);
    if (err)
        fail_msg("story_stage_open: %s", err_msg(&eb, err));
    story_stage_takeover(stage, how);
    /* Snapshots only where the test takes them. */
    story_stage_snapshot_every(stage, 0, 0);
    return stage;
}

static void run_stage(struct story_stage *stage, struct store *st, size_t max,
                      struct story_stage_stats *stats)
{
    struct errbuf eb = {{0}};
    enum err err = story_stage_run(stage, st, max, 0, stats, &eb);
    if (err)
        fail_msg("story_stage_run: %s", err_msg(&eb, err));
}

/* Takeovers on dsn_run (the ECB+ articles of add_ecb_articles): the first
 * holder clusters a third and takes a snapshot, clusters another third and
 * dies without a word; the second loads the snapshot, clusters again only
 * the third after it, clusters the rest with periodic snapshots and dies;
 * the third starts from its last one and stops cleanly; the fourth starts
 * from that last snapshot with nothing to cluster again. The stories must be
 * those of one stage that clustered everything in one go (on dsn_once), ids
 * included. Without a snapshot, a new holder reads only the stories of the
 * window. */
static void handover_on(const char *dsn_once, const char *dsn_run)
{
    struct ecb_docs docs;
    ecb_docs_load(&docs);
    size_t n = docs.len;
    int64_t *ids[2] = {xcalloc(n, sizeof(int64_t)), xcalloc(n, sizeof(int64_t))};
    int64_t *got[2] = {xcalloc(n, sizeof(int64_t)), xcalloc(n, sizeof(int64_t))};
    struct story_stage_takeover how;
    struct story_stage_stats stats = {0};

    struct store *once = test_store_open(dsn_once);
    add_ecb_articles(once, &docs, ids[0]);
    struct story_stage *stage = open_stage(once, &how);
    assert_string_equal(how.from, "empty");
    run_stage(stage, once, 0, &stats);
    assert_int_equal(stats.articles, n);
    story_stage_free(stage);
    stories_of(once, ids[0], n, got[0]);

    struct store *st = test_store_open(dsn_run);
    add_ecb_articles(st, &docs, ids[1]);
    struct errbuf eb = {{0}};
    stage = open_stage(st, &how);
    memset(&stats, 0, sizeof stats);
    run_stage(stage, st, n / 3, &stats);
    assert_int_equal(story_stage_snapshot(stage, st, &eb), ERR_OK);
    run_stage(stage, st, n / 3, &stats);
    stories_of(st, ids[1], n, got[1]);
    change_two(st, &docs, ids[1], got[1], n);
    story_stage_free(stage); /* killed: no last snapshot */

    stage = open_stage(st, &how);
    assert_string_equal(how.from, "snapshot");
    assert_int_equal(how.replayed, n / 3);
    /* Periodic snapshots, encoded by a thread while the batches go on: the
     * run ends with the last one stored, so a holder killed after it leaves
     * the next one little to cluster again (without it: the 2n/3 articles
     * after the snapshot above). */
    story_stage_snapshot_every(stage, 100, 0);
    run_stage(stage, st, 0, &stats);
    assert_int_equal(stats.articles, n);
    story_stage_free(stage); /* killed again */

    stage = open_stage(st, &how);
    assert_string_equal(how.from, "snapshot");
    print_message("handover: %zu articles clustered again after the last periodic snapshot\n",
                  how.replayed);
    assert_true(how.replayed < n / 3);
    memset(&stats, 0, sizeof stats);
    run_stage(stage, st, 0, &stats);
    assert_int_equal(stats.articles, 0);
    assert_int_equal(story_stage_close(stage, st, &eb), ERR_OK);

    stage = open_stage(st, &how);
    assert_string_equal(how.from, "snapshot");
    assert_int_equal(how.replayed, 0);
    assert_true(how.snapshot_articles > 0);
    memset(&stats, 0, sizeof stats);
    run_stage(stage, st, 0, &stats);
    assert_int_equal(stats.articles, 0);
    story_stage_free(stage);
    stories_of(st, ids[1], n, got[1]);

    size_t differ = 0, stories = 0;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(ids[0][i], ids[1][i]);
        differ += got[0][i] != got[1][i];
        stories = got[0][i] > (int64_t)stories ? (size_t)got[0][i] : stories;
    }
    print_message("handover: %zu articles, story ids up to %zu, %zu in another story after the "
                  "takeovers\n",
                  n, stories, differ);
    assert_true(stories > 20);
    assert_int_equal(differ, 0);

    /* No snapshot: the stories of the window (7 days before the newest
     * story's last article; the articles span 11 days) are put back as
     * they are, and nothing older is read. */
    story_stage_free(open_stage(once, &how));
    assert_string_equal(how.from, "window");
    print_message("handover: without a snapshot, %zu of %zu articles put back\n", how.restored, n);
    assert_true(how.restored > n / 4);
    assert_true(how.restored < n);
    store_close(once);
    store_close(st);
    for (int run = 0; run < 2; run++) {
        free(ids[run]);
        free(got[run]);
    }
    ecb_docs_free(&docs);
}

static void test_handover(void **state)
{
    (void)state;
    char *once[2], *run[2];
    int n = test_store_dsns("story_handover_once", once);
    assert_int_equal(test_store_dsns("story_handover", run), n);
    for (int i = 0; i < n; i++) {
        handover_on(once[i], run[i]);
        free(once[i]);
        free(run[i]);
    }
}

/* The articles a roundup of story (`omnibus roundup ID --json`) draws on: its
 * lead's, its paragraphs' and its read-more list's; how many of them are in
 * ids[0..n) goes to *in, the others to *out. */
static void roundup_draws(const char *dsn, int64_t story, const int64_t *ids, size_t n, size_t *in,
                          size_t *out)
{
    char *args = xasprintf("roundup %lld --lang en --json", (long long)story);
    char *text = run_cli(dsn, args);
    json_t *r = json_loads(text, 0, NULL);
    assert_non_null(r);
    json_t *cited = json_array();
    json_array_append(cited, json_object_get(r, "lead"));
    json_array_extend(cited, json_object_get(r, "paragraphs"));
    json_array_extend(cited, json_object_get(r, "read_more"));
    *in = *out = 0;
    size_t i;
    json_t *e;
    json_array_foreach(cited, i, e)
    {
        int64_t a = json_integer_value(json_object_get(e, "article_id"));
        if (a <= 0)
            continue; /* no lead */
        bool found = false;
        for (size_t k = 0; k < n && !found; k++)
            found = ids[k] == a;
        ++*(found ? in : out);
    }
    json_decref(cited);
    json_decref(r);
    free(text);
    free(args);
}

/* Whether a stored story holds articles of both a[0..na) and b[0..nb); its
 * id in *story. */
static bool holds_both(struct store *st, const int64_t *a, size_t na, const int64_t *b, size_t nb,
                       int64_t *story)
{
    int64_t sa[32], sb[32];
    stories_of(st, a, na, sa);
    stories_of(st, b, nb, sb);
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (sa[i] && sa[i] == sb[j]) {
                *story = sa[i];
                return true;
            }
    return false;
}

/* A topic's two events as a stream on one day, ten minutes apart, from three
 * outlets: the articles of event TOPIC "a", then those of TOPIC "b" (each is
 * ECB+'s first sentence as title, the rest as text). The stage runs after
 * each article (each) or after each event's articles; run after each, the
 * first time a stored story holds both events is noted with what its
 * roundup cites. */
struct later {
    int64_t ids[2][32];
    size_t n[2];
    struct story_stage_stats stats;
    size_t merged_at;           /* articles of the second event then, 0: never */
    size_t mixed_in, mixed_out; /* that story's roundup's citations of each event */
};

static void later_stream(const char *dsn, struct store *st, const char *topic, bool each,
                         struct later *l)
{
    memset(l, 0, sizeof *l);
    struct ecb_docs docs;
    ecb_docs_load(&docs);
    int64_t sources[3] = {add_source(st, "gazette", NULL, "US"),
                          add_source(st, "herald", NULL, "GB"),
                          add_source(st, "courier", NULL, "AU")};
    struct story_stage *stage;
    assert_int_equal(story_stage_open(st, NULL, &stage, NULL), ERR_OK);
    for (int half = 0; half < 2; half++) {
        char *event = xasprintf("%s%c", topic, half ? 'b' : 'a');
        for (size_t i = 0; i < docs.len; i++) {
            const struct ecb_doc *d = &docs.items[i];
            if (strcmp(d->event, event))
                continue;
            size_t k = l->n[0] + l->n[1];
            assert_true(l->n[half] < 32);
            l->ids[half][l->n[half]++] = add_article(st, sources[k % 3], d->id, d->first, d->rest,
                                                     NULL, T0 + (int64_t)k * 600);
            if (!each)
                continue;
            assert_int_equal(story_stage_run(stage, st, 0, 0, &l->stats, NULL), ERR_OK);
            int64_t both;
            if (!l->merged_at && holds_both(st, l->ids[0], l->n[0], l->ids[1], l->n[1], &both)) {
                l->merged_at = l->n[1];
                roundup_draws(dsn, both, l->ids[1], l->n[1], &l->mixed_in, &l->mixed_out);
            }
        }
        free(event);
        if (!each)
            assert_int_equal(story_stage_run(stage, st, 0, 0, &l->stats, NULL), ERR_OK);
    }
    story_stage_free(stage);
    ecb_docs_free(&docs);
}

/* Two look-alike events, the second's articles arriving after the first's and
 * on the same day (as when both are fetched at once, with no publication
 * time of their own): ECB+ topic 24, two Paris jewellery heists five years
 * apart, one of 85 million euros on a Thursday, one of 2 million on a Monday
 * in September 2013. Whatever joined the first story at first, the stories
 * as stored at the end keep the two events apart, and the stage recorded the
 * splits or new stories that did it. */
static void later_event_on(const char *dsn)
{
    struct store *st;
    assert_int_equal(store_open(dsn, &st, NULL), ERR_OK);
    struct later l;
    later_stream(dsn, st, "24", false, &l);
    assert_int_equal(l.n[0], 15);
    assert_int_equal(l.n[1], 11);
    int64_t both;
    if (holds_both(st, l.ids[0], l.n[0], l.ids[1], l.n[1], &both))
        fail_msg("story %lld holds both heists", (long long)both);
    print_message("later event: %zu splits, %zu merges, %zu stories started\n", l.stats.splits,
                  l.stats.merges, l.stats.started);
    store_close(st);
}

/* A merged story splits, and its roundups follow: ECB+ topic 5, two
 * basketball coaches fired by the Philadelphia 76ers (Maurice Cheeks in
 * December 2008, Jim O'Brien in 2005), the second's articles arriving one by
 * one after the first's, ten minutes apart, each clustered as it comes. The
 * first article of the second firing joins the first firing's story (same
 * team, same kind of news), whose roundup then draws on both. As more of
 * them come, the story's members fall into two groups and the stage splits
 * it (cluster_split.c, recorded by the store); at the end no story holds
 * both firings, and each story's roundup draws only on its own firing's
 * articles. */
static void split_later_on(const char *dsn)
{
    struct store *st;
    assert_int_equal(store_open(dsn, &st, NULL), ERR_OK);
    struct later l;
    later_stream(dsn, st, "5", true, &l);
    print_message("split later: merged at the second firing's article %zu (its roundup cites "
                  "its articles %zu times, the first's %zu); %zu splits, %zu merges\n",
                  l.merged_at, l.mixed_in, l.mixed_out, l.stats.splits, l.stats.merges);
    assert_int_equal(l.n[0], 13);
    assert_int_equal(l.n[1], 10);
    assert_true(l.merged_at > 0);
    assert_true(l.mixed_in > 0 && l.mixed_out > 0);
    int64_t both;
    assert_false(holds_both(st, l.ids[0], l.n[0], l.ids[1], l.n[1], &both));
    assert_true(l.stats.splits > 0);
    for (int half = 0; half < 2; half++) {
        int64_t s[32];
        stories_of(st, l.ids[half], l.n[half], s);
        for (size_t i = 0; i < l.n[half]; i++) {
            bool seen = false;
            for (size_t k = 0; k < i && !seen; k++)
                seen = s[k] == s[i];
            struct story_member_list m;
            assert_int_equal(store_story_members(st, s[i], &m, NULL), ERR_OK);
            size_t members = m.len;
            story_member_list_clear(&m);
            if (seen || members < 2)
                continue;
            size_t in, out;
            roundup_draws(dsn, s[i], l.ids[half], l.n[half], &in, &out);
            assert_true(in > 0);
            assert_int_equal(out, 0);
        }
    }
    store_close(st);
}

static void test_split_later(void **state)
{
    (void)state;
    char *dsns[2];
    int n = test_store_dsns("story_split_later", dsns);
    for (int i = 0; i < n; i++) {
        split_later_on(dsns[i]);
        free(dsns[i]);
    }
}

static void test_later_event(void **state)
{
    (void)state;
    char *dsns[2];
    int n = test_store_dsns("story_later", dsns);
    for (int i = 0; i < n; i++) {
        later_event_on(dsns[i]);
        free(dsns[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stage),
        cmocka_unit_test(test_changes),
        cmocka_unit_test(test_handover),
        cmocka_unit_test(test_later_event),
        cmocka_unit_test(test_split_later),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
