/* Story clustering quality on ECB+ (../shared/corpora/ecbplus-story-clusters):
 * 535 English news documents in 46 events, two look-alike events per topic,
 * clustered in file order through the production path (story_eval_file, the
 * code behind `omnibus cluster --eval`). The floors sit just under what the
 * defaults reach, on the whole set and on each half of the topics (odd and even
 * topic numbers), so that a change that loses quality anywhere fails here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/xalloc.h"
#include "story/eval.h"
#include "testlib.h"

/* Writes the documents of path whose topic has parity (0 even, 1 odd) to a new
 * file; returns its path. */
static char *topic_half(const char *path, int parity)
{
    char *data = read_file(path, NULL);
    assert_non_null(data);
    char *dir = test_tmpdir();
    char *out_path = xasprintf("%s/ecbplus_%s.jsonl", dir, parity ? "odd" : "even");
    free(dir);
    FILE *out = fopen(out_path, "w");
    assert_non_null(out);
    for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
        json_t *o = json_loads(line, 0, NULL);
        assert_non_null(o);
        if (json_integer_value(json_object_get(o, "topic")) % 2 == parity)
            fprintf(out, "%s\n", line);
        json_decref(o);
    }
    fclose(out);
    free(data);
    return out_path;
}

static struct story_eval evaluate(const char *path)
{
    struct story_eval r;
    struct errbuf eb = {{0}};
    enum err err = story_eval_file(path, NULL, NULL, stderr, &r, &eb);
    if (err)
        fail_msg("story_eval_file(%s): %s", path, err_msg(&eb, err));
    print_message("%s: B3 P %.3f R %.3f F1 %.3f clusters %zu events %zu\n", path, r.precision,
                  r.recall, r.f1, r.clusters, r.events);
    assert_int_equal(r.skipped, 0);
    return r;
}

static void test_full(void **state)
{
    (void)state;
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    struct story_eval r = evaluate(path);
    assert_int_equal(r.docs, 535);
    assert_int_equal(r.events, 46);
    assert_true(r.f1 >= 0.925);
    assert_true(r.precision >= 0.91);
    free(path);
}

static void test_halves(void **state)
{
    (void)state;
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    for (int parity = 0; parity < 2; parity++) {
        char *half = topic_half(path, parity);
        struct story_eval r = evaluate(half);
        assert_true(r.f1 >= 0.94);
        assert_true(r.precision >= 0.92);
        free(half);
    }
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_halves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
