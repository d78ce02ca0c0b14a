/* Story clustering quality on ECB+ (../shared/corpora/ecbplus-story-clusters):
 * 535 English news documents in 46 events, two look-alike events per topic,
 * clustered through the production path (story_eval_file, the code behind
 * `omnibus cluster --eval`): in file order, where a topic's two events
 * interleave, and as a stream where each topic's second event ("ecbplus")
 * arrives after its first ("ecb"), as news of an event years later does. The
 * floors sit just under what the defaults reach, on the whole set and on each
 * half of the topics (odd and even topic numbers), so that a change that
 * loses quality anywhere fails here. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/xalloc.h"
#include "story/eval.h"
#include "testlib.h"

struct line {
    json_int_t topic;
    int later; /* 1 for the topic's second event */
    size_t at; /* file order */
    char *text;
};

static int by_topic_then_event(const void *x, const void *y)
{
    const struct line *a = x, *b = y;
    if (a->topic != b->topic)
        return (a->topic > b->topic) - (a->topic < b->topic);
    if (a->later != b->later)
        return a->later - b->later;
    return (a->at > b->at) - (a->at < b->at);
}

/* Writes the documents of path whose topic has parity (0 even, 1 odd) to a new
 * file, in file order or (later) topic by topic, each topic's first event
 * before its second; returns its path. */
static char *topic_half(const char *path, int parity, bool later)
{
    char *data = read_file(path, NULL);
    assert_non_null(data);
    char *dir = test_tmpdir();
    char *out_path =
        xasprintf("%s/ecbplus_%s%s.jsonl", dir, parity ? "odd" : "even", later ? "_later" : "");
    free(dir);
    struct line *lines = NULL;
    size_t n = 0, cap = 0;
    for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
        json_t *o = json_loads(line, 0, NULL);
        assert_non_null(o);
        json_int_t topic = json_integer_value(json_object_get(o, "topic"));
        if (topic % 2 == parity) {
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                lines = xrealloc(lines, cap * sizeof *lines);
            }
            const char *sub = json_string_value(json_object_get(o, "subtopic"));
            lines[n] = (struct line){topic, sub && strcmp(sub, "ecb") != 0, n, line};
            n++;
        }
        json_decref(o);
    }
    if (later)
        qsort(lines, n, sizeof *lines, by_topic_then_event);
    FILE *out = fopen(out_path, "w");
    assert_non_null(out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s\n", lines[i].text);
    fclose(out);
    free(lines);
    free(data);
    return out_path;
}

static struct story_eval evaluate_with(const char *path, const struct story_params *p)
{
    struct story_eval r;
    struct errbuf eb = {{0}};
    enum err err = story_eval_file(path, p, NULL, NULL, stderr, &r, &eb);
    if (err)
        fail_msg("story_eval_file(%s): %s", path, err_msg(&eb, err));
    print_message("%s: B3 P %.3f R %.3f F1 %.3f clusters %zu events %zu\n", path, r.precision,
                  r.recall, r.f1, r.clusters, r.events);
    assert_int_equal(r.skipped, 0);
    return r;
}

static struct story_eval evaluate(const char *path)
{
    return evaluate_with(path, NULL);
}

/* Writes each document of path, changed by edit (given it and its line
 * number), to name in a new temporary directory; returns the file's path. */
static char *rewrite_docs(const char *path, const char *name, void (*edit)(json_t *doc, size_t n))
{
    char *data = read_file(path, NULL);
    assert_non_null(data);
    char *dir = test_tmpdir();
    char *out_path = xasprintf("%s/%s", dir, name);
    FILE *out = fopen(out_path, "w");
    assert_non_null(out);
    size_t n = 0;
    for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
        json_t *o = json_loads(line, 0, NULL);
        assert_non_null(o);
        edit(o, n++);
        assert_int_equal(json_dumpf(o, out, JSON_COMPACT), 0);
        fputc('\n', out);
        json_decref(o);
    }
    assert_int_equal(fclose(out), 0);
    free(dir);
    free(data);
    return out_path;
}

static void test_full(void **state)
{
    (void)state;
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    struct story_eval r = evaluate(path);
    assert_int_equal(r.docs, 535);
    assert_int_equal(r.events, 46);
    /* Measured: F1 0.927, P 0.913 (0.929, P 0.913 before groupings by
     * dates; P 0.918 R 0.935 before a cut by words alone in a small story
     * needed three articles a side: topic 23, docs/story.md). */
    assert_true(r.f1 >= 0.925);
    assert_true(r.precision >= 0.91);
    free(path);
}

static void test_halves(void **state)
{
    (void)state;
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    for (int parity = 0; parity < 2; parity++) {
        char *half = topic_half(path, parity, false);
        struct story_eval r = evaluate(half);
        /* Measured: F1 even 0.948, odd 0.936 (odd was 0.946 before the dates
         * articles name weighed in, 0.933 before the short-text thresholds,
         * 0.940 before groupings by dates); precision even 0.935, odd 0.939. */
        assert_true(r.f1 >= 0.93);
        assert_true(r.precision >= 0.93);
        free(half);
    }
    free(path);
}

/* Each topic's second event after its first: its articles must not join the
 * first event's story on shared vocabulary alone (without the dates they name,
 * P 0.809 and 0.887 on the odd and even halves; with them, before a story's
 * members were also grouped by the dates they name, 0.881 and 0.887; now
 * 0.926 and 0.887, F1 0.939 and 0.916). */
static void test_later_event(void **state)
{
    (void)state;
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    for (int parity = 0; parity < 2; parity++) {
        char *half = topic_half(path, parity, true);
        struct story_eval r = evaluate(half);
        assert_true(r.f1 >= (parity ? 0.93 : 0.91));
        assert_true(r.precision >= (parity ? 0.92 : 0.88));
        free(half);
    }
    free(path);
}

/* The B-cubed of one topic when the documents of path are clustered with p. */
static void topic_score(const char *path, const struct story_params *p, int topic, double *precision,
                        double *recall)
{
    char *text = NULL;
    size_t len = 0;
    FILE *topics = open_memstream(&text, &len);
    assert_non_null(topics);
    struct story_eval r;
    struct errbuf eb = {{0}};
    enum err err = story_eval_file(path, p, NULL, topics, stderr, &r, &eb);
    assert_int_equal(fclose(topics), 0);
    if (err)
        fail_msg("story_eval_file(%s): %s", path, err_msg(&eb, err));
    char *want = xasprintf("topic %d: ", topic);
    const char *line = strstr(text, want);
    assert_non_null(line);
    print_message("%.*s\n", (int)strcspn(line, "\n"), line);
    assert_int_equal(sscanf(strstr(line, "B3 P "), "B3 P %lf R %lf", precision, recall), 2);
    free(want);
    free(text);
}

/* A story whose members name dates that conflict is also cut along them:
 * 2-means from the member naming the earliest date and the one naming the
 * latest that conflicts with it, at the bar words alone would need. In the
 * odd half's later-event stream, the 76ers' two coaches fired (2008, 2005:
 * topic 5) and Wladimir Klitschko's two title defences (2008, 2012: topic 7)
 * were one story each for a while (P 0.604 and 0.839 before); the 2-means
 * from the two members least alike grouped their articles by other words. */
static void test_date_groupings(void **state)
{
    (void)state;
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    char *later = topic_half(path, 1, true);
    struct story_params p;
    story_params_default(&p);
    double precision, recall;
    topic_score(later, &p, 5, &precision, &recall);
    assert_true(precision == 1.0 && recall >= 0.9);
    topic_score(later, &p, 7, &precision, &recall);
    assert_true(precision == 1.0 && recall >= 0.9);
    free(later);
    free(path);
}

/* A story's members are also grouped by who: 2-means from the members
 * naming one and those naming another of two principal names that no member
 * names together, cut at the bar words alone would need while at least half
 * of each group names its name and at most a quarter of the other group
 * names it anywhere. Wladimir Klitschko's two title defences (topic 7,
 * against Hasim Rahman in 2008 and Tony Thompson in 2012) in the odd half's
 * later-event stream, with the dates they name left out (date_conflict 1:
 * on the ECB+ site's pages they name weekdays read against invented times):
 * one story of both before (P 0.501, the 2-means from the two members least
 * alike grouped them by belts and venue), two now. */
static void test_name_groupings(void **state)
{
    (void)state;
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    char *later = topic_half(path, 1, true);
    struct story_params p;
    story_params_default(&p);
    p.date_conflict = 1;
    double precision, recall;
    topic_score(later, &p, 7, &precision, &recall);
    assert_true(precision == 1.0 && recall == 1.0);
    free(later);
    free(path);
}

/* Who (who_conflict, off by default): ECB+ topic 23, two climbers' deaths on
 * Mount Cook five years apart (the Perth doctor Mark Vinar, 2008; a British
 * climber, 2013), in the odd half in file order. On vocabulary and places
 * alone one story holds articles of both; when an article's lead names
 * people its story never names and the story people the article never
 * names, they stay apart, and no article of either death is lost to it. On
 * the whole file it gives F1 0.936 (0.929 without); it is off because on the
 * held-out even half it cost 0.004 (docs/story.md). The lower threshold for
 * short articles (short_terms) happens to keep this topic apart in this
 * order too, so it is left out here to show who alone. */
static void test_who(void **state)
{
    (void)state;
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    char *odd = topic_half(path, 1, false);
    struct story_params p;
    story_params_default(&p);
    assert_true(p.who_conflict == 1);
    p.short_terms = 0;
    double p0, r0, p1, r1;
    topic_score(odd, &p, 23, &p0, &r0);
    p.who_conflict = 0.5;
    topic_score(odd, &p, 23, &p1, &r1);
    assert_true(p0 < 0.9);
    assert_true(p1 == 1.0);
    assert_true(r1 >= r0);
    struct story_eval whole = evaluate_with(path, &p);
    assert_true(whole.f1 >= 0.93);
    free(odd);
    free(path);
}

/* Short texts: each document of the odd half cut to its first two sentences,
 * about what a feed item gives (a title and a one-sentence summary), one
 * every 3 hours in file order. Their cosines run low, to their own event's
 * stories too; with the threshold and the split bar scaled to their length
 * (short_terms, split_short_terms), fewer events fall into pieces; and
 * fewer still when a cut that no date backs needs a clearer silhouette
 * (split_plain). Measured: flat F1 0.835 (P 0.956 R 0.742), scaled 0.862
 * (R 0.796), with split_plain 0.878 (P 0.931 R 0.830); on the held-out even
 * half 0.829, 0.849 and 0.856. Since a cut by words alone in a small
 * story needs three articles a side (SPLIT_PLAIN_MIN), fewer wrong cuts are
 * left for split_plain to stop: 0.858 (R 0.799) without it, 0.865 (P 0.917
 * R 0.819) with it (topic 11's 2008 and 2013 elections, cut by 0.002 over
 * the bar before, are not). */
static void every_three_hours(json_t *doc, size_t n)
{
    json_object_set_new(doc, "published", json_integer(1700000000 + (json_int_t)n * 3 * 3600));
}

static void first_two_sentences(json_t *doc, size_t n)
{
    every_three_hours(doc, n);
    json_t *sentences = json_object_get(doc, "sentences");
    while (json_array_size(sentences) > 2)
        json_array_remove(sentences, json_array_size(sentences) - 1);
}

static void test_short_texts(void **state)
{
    (void)state;
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    char *odd = topic_half(path, 1, false);
    char *cut = rewrite_docs(odd, "ecbplus_odd_two_sentences.jsonl", first_two_sentences);
    struct story_params p;
    story_params_default(&p);
    assert_true(p.short_terms > 0 && p.split_short_terms > 0);
    struct story_eval scaled = evaluate_with(cut, &p);
    assert_true(p.split_plain > 1);
    p.split_plain = 1;
    struct story_eval plain = evaluate_with(cut, &p);
    assert_true(scaled.recall >= plain.recall + 0.015);
    assert_true(scaled.f1 >= 0.86);
    p.short_terms = 0;
    p.split_short_terms = 0;
    struct story_eval flat = evaluate_with(cut, &p);
    assert_true(plain.recall >= flat.recall + 0.04);
    assert_true(plain.f1 > flat.f1);
    assert_true(scaled.precision >= 0.9);
    free(cut);
    free(odd);
    free(path);
}

/* Feed items: each document of the odd half cut to its first sentence, as
 * the summary, under a title of its first eleven words (what the ECB+ site's
 * feeds give, tests/fixtures/ecb_site.py), one every 3 hours in file order.
 * Two such items that words alone set apart from the rest of a story are a
 * side of its event (two rewrites of one wire text, two items whose summary
 * is a dateline) more often than a second event: with a cut by words that no
 * date backs allowed to take two articles, R 0.679 (P 0.818, 5 splits); with
 * three needed on each side while the other holds fewer than SPLIT_EVERY
 * (SPLIT_PLAIN_MIN), R 0.707 (P 0.818, 3 splits); held-out even half R
 * 0.702 -> 0.712 (P 0.823 both). */
static void feed_item(json_t *doc, size_t n)
{
    every_three_hours(doc, n);
    json_t *sentences = json_object_get(doc, "sentences");
    while (json_array_size(sentences) > 1)
        json_array_remove(sentences, json_array_size(sentences) - 1);
    char title[512] = "";
    const char *first = json_string_value(json_array_get(sentences, 0));
    for (size_t words = 0, at = 0; first && *first && words < 11; words++) {
        size_t len = strcspn(first, " ");
        if (at + len + 2 > sizeof title)
            break;
        at += (size_t)snprintf(title + at, sizeof title - at, "%s%.*s", at ? " " : "", (int)len,
                               first);
        first += len;
        first += strspn(first, " ");
    }
    json_object_set_new(doc, "title", json_string(title));
}

static void test_feed_items(void **state)
{
    (void)state;
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    char *odd = topic_half(path, 1, false);
    char *feed = rewrite_docs(odd, "ecbplus_odd_feed_items.jsonl", feed_item);
    struct story_eval r = evaluate(feed);
    assert_true(r.recall >= 0.70);
    assert_true(r.precision >= 0.81);
    assert_true(r.splits <= 3);
    free(feed);
    free(odd);
    free(path);
}

/* The window (a story leaves the clusterer's memory 7 days after its last
 * article): the documents as a stream, in file order, one every 3 hours (67
 * days in all), clustered with the window and without one; the stories are
 * the same within 0.005 of B-cubed. Without publication times (the tests
 * above) the window changes nothing. */
static void test_window(void **state)
{
    (void)state;
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    char *timed = rewrite_docs(path, "ecbplus_timed.jsonl", every_three_hours);
    struct story_params windowed, unwindowed;
    story_params_default(&windowed);
    assert_int_equal(windowed.horizon, 7 * 86400);
    unwindowed = windowed;
    unwindowed.horizon = 0;
    struct story_eval w = evaluate_with(timed, &windowed), u = evaluate_with(timed, &unwindowed);
    assert_int_equal(w.docs, 535);
    assert_true(fabs(w.f1 - u.f1) <= 0.005);
    assert_true(fabs(w.precision - u.precision) <= 0.005);
    assert_true(fabs(w.recall - u.recall) <= 0.005);
    free(timed);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_halves),
        cmocka_unit_test(test_later_event),
        cmocka_unit_test(test_date_groupings),
        cmocka_unit_test(test_name_groupings),
        cmocka_unit_test(test_short_texts),
        cmocka_unit_test(test_feed_items),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_who),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
