/* base/hash: the index under colliding hashes and probe runs that wrap around
 * the table's end, deletion in the middle of a run, the interning pool on every
 * word form of a UD treebank, and the int64 map under many deletions. */
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "testlib.h"

/* Whether id is among the candidates for hash. */
static bool holds(const struct hash_table *t, uint64_t hash, uint32_t id)
{
    struct hash_probe p;
    for (uint32_t got = hash_first(t, hash, &p); got; got = hash_next(t, &p))
        if (got == id)
            return true;
    return false;
}

static void test_index(void **state)
{
    (void)state;
    struct hash_table t = {0};
    assert_false(holds(&t, 7, 1));
    assert_false(hash_del(&t, 7, 1));
    /* Ids 1..20 all under one hash whose home is the last slot, so that the
     * run wraps around; ids 21..40 under their own hashes, in between. */
    uint64_t same = 127;
    for (uint32_t id = 1; id <= 20; id++)
        hash_add(&t, same, id);
    for (uint32_t id = 21; id <= 40; id++)
        hash_add(&t, id, id);
    assert_int_equal(t.n, 40);
    for (uint32_t id = 1; id <= 20; id++)
        assert_true(holds(&t, same, id));
    for (uint32_t id = 21; id <= 40; id++)
        assert_true(holds(&t, id, id));
    /* Deleting every other one keeps the rest reachable. */
    for (uint32_t id = 1; id <= 40; id += 2)
        assert_true(hash_del(&t, id <= 20 ? same : id, id));
    assert_false(hash_del(&t, same, 1));
    assert_int_equal(t.n, 20);
    for (uint32_t id = 1; id <= 40; id++)
        assert_int_equal(holds(&t, id <= 20 ? same : id, id), id % 2 == 0);
    hash_move(&t, same, 2, 41);
    assert_false(holds(&t, same, 2));
    assert_true(holds(&t, same, 41));
    hash_clear(&t);
    assert_false(holds(&t, same, 41));
    hash_clear(&t);
}

static void test_intern_small(void **state)
{
    (void)state;
    struct intern in;
    intern_init(&in, 4);
    uint32_t a, b, c, z;
    assert_int_equal(intern_find(&in, "alpha", 5), 0);
    assert_int_equal(intern_add(&in, "alpha", 5, &a), ERR_OK);
    assert_int_equal(intern_add(&in, "alp", 3, &b), ERR_OK);
    assert_int_not_equal(a, b);
    assert_int_equal(intern_add(&in, "alpha", 5, &c), ERR_OK);
    assert_int_equal(a, c);
    assert_int_equal(intern_find(&in, "alp", 3), b);
    assert_int_equal(intern_find(&in, "al", 2), 0);
    assert_int_equal(intern_find(&in, "alphabet", 8), 0);
    assert_string_equal(intern_str(&in, a), "alpha");
    /* NULs inside a key are part of it. */
    assert_int_equal(intern_add(&in, "sv\0nato\0", 8, &z), ERR_OK);
    assert_int_equal(intern_find(&in, "sv\0nato\0", 8), z);
    assert_int_equal(intern_find(&in, "sv\0nato", 7), 0);
    assert_int_equal(memcmp(intern_str(&in, z), "sv\0nato\0", 9), 0);
    assert_int_equal(intern_add(&in, "gamma", 5, &c), ERR_OK);
    assert_int_equal(intern_add(&in, "delta", 5, &c), ERR_LIMIT);
    assert_int_equal(in.n, 4);
    intern_clear(&in);
}

/* Every word form of the English treebank: ids are dense in the order first
 * seen, every form maps back to itself, and a second pass adds nothing. */
static void test_intern_treebank(void **state)
{
    (void)state;
    char *path = corpus_path("ud-test-sets/en_ewt/en_ewt-ud-test.conllu");
    size_t len;
    char *text = read_file(path, &len);
    assert_non_null(text);
    struct intern in;
    intern_init(&in, UINT32_MAX);
    size_t forms = 0;
    for (int pass = 0; pass < 2; pass++) {
        uint32_t before = in.n;
        for (char *line = text; line < text + len;) {
            char *end = memchr(line, '\n', (size_t)(text + len - line));
            if (!end)
                end = text + len;
            char *tab = memchr(line, '\t', (size_t)(end - line));
            char *tab2 = tab ? memchr(tab + 1, '\t', (size_t)(end - tab - 1)) : NULL;
            if (line[0] != '#' && tab2) {
                const char *form = tab + 1;
                size_t n = (size_t)(tab2 - form);
                uint32_t had = in.n, id;
                assert_int_equal(intern_add(&in, form, n, &id), ERR_OK);
                assert_true(id == had + 1 || (id >= 1 && id <= had));
                assert_int_equal(strlen(intern_str(&in, id)), n);
                assert_memory_equal(intern_str(&in, id), form, n);
                assert_int_equal(intern_find(&in, form, n), id);
                forms += pass == 0;
            }
            line = end + 1;
        }
        if (pass == 1)
            assert_int_equal(in.n, before);
    }
    assert_true(forms > 20000);
    assert_true(in.n > 4000 && in.n < forms);
    intern_clear(&in);
    free(text);
    free(path);
}

/* Deleting from the map keeps every other key findable. */
static void test_i64map(void **state)
{
    (void)state;
    struct i64map m;
    i64map_init(&m);
    assert_null(i64map_get(&m, 0));
    for (int64_t k = 0; k < 20000; k++)
        i64map_put(&m, k * 7919, (struct i64val){k, (uint32_t)k});
    i64map_put(&m, 7919, (struct i64val){-1, 0});
    assert_int_equal(i64map_get(&m, 7919)->a, -1);
    for (int64_t k = 1; k < 20000; k += 2)
        assert_true(i64map_del(&m, k * 7919));
    assert_false(i64map_del(&m, 7919));
    for (int64_t k = 0; k < 20000; k++) {
        struct i64val *v = i64map_get(&m, k * 7919);
        if (k % 2)
            assert_null(v);
        else
            assert_true(v && v->a == k && v->b == (uint32_t)k);
    }
    assert_int_equal(m.n, 10000);
    i64map_clear(&m);
    assert_null(i64map_get(&m, 0));
    i64map_clear(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index),
        cmocka_unit_test(test_intern_small),
        cmocka_unit_test(test_intern_treebank),
        cmocka_unit_test(test_i64map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
