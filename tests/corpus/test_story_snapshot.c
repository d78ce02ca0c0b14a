/* The clusterer's memory saved and loaded (story_clusterer_save and
 * story_clusterer_load), on the ECB+ documents as a 33-day stream of
 * shuffled topics, with memory bounds small enough that stories leave the
 * window, terms are forgotten and near-duplicate signatures evicted along
 * the way: a clusterer loaded from a snapshot taken at any point assigns
 * every later article as the one that went on, story ids included, and saves
 * to the same bytes. A damaged snapshot, or one of other parameters, is
 * refused. A story that goes on for two months keeps in memory only its
 * members of the window, and so does its snapshot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecbplus_docs.h"
#include "story/cluster.h"

#define T0 1700000000
#define STEP 5400 /* an article every hour and a half */

static struct story_params small_memory(void)
{
    struct story_params p;
    story_params_default(&p);
    p.max_terms = 3000;
    p.dup_capacity = 100;
    p.max_live = 60;
    return p;
}

static struct story_doc doc_at(const struct ecb_docs *docs, size_t j)
{
    size_t i = (j * 7919) % docs->len;
    return (struct story_doc){.key = (int64_t)i + 1,
                              .title = docs->items[i].first,
                              .text = docs->items[i].rest,
                              .lang = "en",
                              .time = T0 + (int64_t)j * STEP,
                              .outlet = (int64_t)(j % 5) + 1};
}

static int64_t add(struct story_clusterer *c, const struct ecb_docs *docs, size_t j)
{
    struct story_doc d = doc_at(docs, j);
    struct story_result r;
    struct errbuf eb = {{0}};
    enum err err = story_add(c, &d, &r, &eb);
    if (err)
        fail_msg("story_add: %s", err_msg(&eb, err));
    story_changes_clear(c);
    return r.story;
}

static void save(const struct story_clusterer *c, struct buf *out)
{
    buf_init(out, BUF_UNLIMITED);
    struct errbuf eb = {{0}};
    enum err err = story_clusterer_save(c, out, &eb);
    if (err)
        fail_msg("story_clusterer_save: %s", err_msg(&eb, err));
}

static void test_continue(void **state)
{
    (void)state;
    struct ecb_docs docs;
    ecb_docs_load(&docs);
    size_t n = docs.len;
    struct story_params p = small_memory();
    /* What one clusterer that never stops assigns. */
    int64_t *once = xcalloc(n, sizeof *once);
    struct story_clusterer *c;
    story_clusterer_new(&p, 1, &c);
    for (size_t j = 0; j < n; j++)
        once[j] = add(c, &docs, j);
    size_t stories, articles, terms;
    story_clusterer_size(c, &stories, &articles, &terms);
    print_message("one clusterer: %zu stories, %zu articles, %zu terms in memory at the end\n",
                  stories, articles, terms);
    assert_true(articles < n / 2); /* most have left the window */
    story_clusterer_free(c);

    const size_t cuts[] = {1, 100, 255, 300, 401, 534};
    for (size_t k = 0; k < sizeof cuts / sizeof cuts[0]; k++) {
        story_clusterer_new(&p, 1, &c);
        for (size_t j = 0; j < cuts[k]; j++)
            assert_int_equal(add(c, &docs, j), once[j]);
        struct buf mem, again;
        save(c, &mem);
        story_clusterer_free(c);
        struct errbuf eb = {{0}};
        enum err err = story_clusterer_load(&p, mem.data, mem.len, &c, &eb);
        if (err)
            fail_msg("story_clusterer_load: %s", err_msg(&eb, err));
        save(c, &again);
        assert_int_equal(again.len, mem.len);
        assert_memory_equal(again.data, mem.data, mem.len);
        size_t differ = 0;
        for (size_t j = cuts[k]; j < n; j++)
            differ += add(c, &docs, j) != once[j];
        print_message("snapshot after %zu articles: %zu bytes, %zu later articles placed "
                      "otherwise\n",
                      cuts[k], mem.len, differ);
        assert_int_equal(differ, 0);
        story_clusterer_free(c);
        buf_clear(&mem);
        buf_clear(&again);
    }
    free(once);
    ecb_docs_free(&docs);
}

static void test_refused(void **state)
{
    (void)state;
    struct ecb_docs docs;
    ecb_docs_load(&docs);
    struct story_params p = small_memory();
    struct story_clusterer *c;
    story_clusterer_new(&p, 1, &c);
    for (size_t j = 0; j < 50; j++)
        add(c, &docs, j);
    struct buf mem;
    save(c, &mem);
    story_clusterer_free(c);
    struct story_clusterer *back = NULL;
    /* Other parameters would not go on as the saved clusterer did. */
    struct story_params other = p;
    other.horizon = 3 * 86400;
    assert_int_equal(story_clusterer_load(&other, mem.data, mem.len, &back, NULL), ERR_INVALID);
    assert_int_equal(story_clusterer_load(NULL, mem.data, mem.len, &back, NULL), ERR_INVALID);
    /* A flipped byte, a cut and not a snapshot at all. */
    mem.data[mem.len / 2] ^= 0x40;
    assert_int_equal(story_clusterer_load(&p, mem.data, mem.len, &back, NULL), ERR_PARSE);
    mem.data[mem.len / 2] ^= 0x40;
    assert_int_equal(story_clusterer_load(&p, mem.data, mem.len - 1, &back, NULL), ERR_PARSE);
    assert_int_equal(story_clusterer_load(&p, "story", 5, &back, NULL), ERR_PARSE);
    assert_null(back);
    /* A clusterer with changes its caller has not collected is not saved. */
    assert_int_equal(story_clusterer_load(&p, mem.data, mem.len, &back, NULL), ERR_OK);
    struct story_doc d = doc_at(&docs, 50);
    struct story_result r;
    assert_int_equal(story_add(back, &d, &r, NULL), ERR_OK);
    struct buf more;
    buf_init(&more, BUF_UNLIMITED);
    assert_int_equal(story_clusterer_save(back, &more, NULL), ERR_INVALID);
    /* And a memory larger than the buffer's bound is an error, not a cut. */
    story_changes_clear(back);
    buf_init(&more, 1000);
    assert_int_equal(story_clusterer_save(back, &more, NULL), ERR_LIMIT);
    buf_clear(&more);
    story_clusterer_free(back);
    buf_clear(&mem);
    ecb_docs_free(&docs);
}

/* An event that stays in the news for two months, as bench/scale's stream
 * has them: the 22 articles of ECB+ event 13a (one fire), one every 8 hours
 * for 60 days, each text again every 7 days and 8 hours. The story of the
 * first article goes on to the last days and counts every article it took,
 * but holds in memory only its members of the last 7 days (the window), never
 * every member since it began; a snapshot of it, loaded, goes on as it did. */
static void test_long_story(void **state)
{
    (void)state;
    struct ecb_docs docs;
    ecb_docs_load(&docs);
    size_t event[32], nevent = 0;
    for (size_t i = 0; i < docs.len && nevent < 32; i++)
        if (!strcmp(docs.items[i].event, "13a"))
            event[nevent++] = i;
    assert_int_equal(nevent, 22);
    struct story_params p;
    story_params_default(&p);
    const int64_t step = 8 * 3600;
    const size_t n = 180, per_window = (size_t)(p.horizon / step) + 1, cut = 120;
    int64_t *story = xcalloc(n, sizeof *story);
    struct story_clusterer *c, *again = NULL;
    story_clusterer_new(&p, 1, &c);
    size_t held_max = 0, in_first = 0, last_in_first = 0, differ = 0;
    for (size_t j = 0; j < n; j++) {
        const struct ecb_doc *e = &docs.items[event[j % nevent]];
        struct story_doc d = {.key = (int64_t)j + 1,
                              .title = e->first,
                              .text = e->rest,
                              .lang = "en",
                              .time = T0 + (int64_t)j * step,
                              .outlet = (int64_t)(j % 7) + 1};
        struct story_result r, r2;
        assert_int_equal(story_add(c, &d, &r, NULL), ERR_OK);
        story_changes_clear(c);
        story[j] = r.story;
        if (again) {
            assert_int_equal(story_add(again, &d, &r2, NULL), ERR_OK);
            story_changes_clear(again);
            differ += r2.story != r.story;
        }
        if (r.story == story[0])
            in_first++, last_in_first = j;
        struct story_summary sum;
        assert_int_equal(story_describe(c, story[0], &sum, NULL), ERR_OK);
        if (sum.held > held_max)
            held_max = sum.held;
        if (j == cut) {
            struct buf mem;
            save(c, &mem);
            assert_int_equal(story_clusterer_load(&p, mem.data, mem.len, &again, NULL), ERR_OK);
            buf_clear(&mem);
        }
    }
    struct story_summary sum;
    assert_int_equal(story_describe(c, story[0], &sum, NULL), ERR_OK);
    print_message("the first article's story took %zu of %zu articles, the last at %zu; it "
                  "counts %zu, holds %zu in memory (at most %zu; %zu articles in a window); "
                  "loaded from a snapshot at %zu, %zu later articles placed otherwise\n",
                  in_first, n, last_in_first, sum.articles, sum.held, held_max, per_window, cut,
                  differ);
    assert_true(last_in_first >= n - per_window);
    assert_true(sum.articles >= n / 2);
    assert_true(held_max <= per_window + 1);
    assert_true(sum.held < sum.articles / 4);
    /* Its first articles left memory, its last ones are there. */
    assert_int_equal(story_find(c, 1), 0);
    assert_int_equal(story_find(c, (int64_t)last_in_first + 1), story[0]);
    assert_int_equal(differ, 0);
    story_clusterer_free(c);
    story_clusterer_free(again);
    free(story);
    ecb_docs_free(&docs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_continue),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_long_story),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
