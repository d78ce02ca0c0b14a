/* The page cache: valid for one site generation, bounded in bytes (least
 * recently used first), reference-counted so a page in use survives eviction. */
#include <stdlib.h>

#include "testlib.h"
#include "web/cache.h"

/* Each page's native part is the test's counter of freed pages. */
static void count_free(void *native)
{
    (*(int *)native)++;
}

#define page(etag, size) cached_page_new((etag), (size), &freed, count_free)

static void generations(void **state)
{
    (void)state;
    int freed = 0;
    struct page_cache *c = page_cache_new(1 << 20);
    struct cached_page *p = page("\"a\"", 100);
    page_cache_put(c, "sv /", 5, p);
    cached_page_release(p);
    struct cached_page *got = page_cache_get(c, "sv /", 5);
    assert_ptr_equal(got, p);
    assert_string_equal(got->etag, "\"a\"");
    cached_page_release(got);
    assert_null(page_cache_get(c, "en /", 5)); /* the key includes the language */
    /* The generation moved: the entry is gone. */
    assert_null(page_cache_get(c, "sv /", 6));
    assert_int_equal(freed, 1);
    assert_null(page_cache_get(c, "sv /", 5));

    /* A render that raced a write (older generation) is not stored. */
    struct cached_page *newer = page("\"n\"", 10);
    page_cache_put(c, "sv /about", 9, newer);
    cached_page_release(newer);
    struct cached_page *stale = page("\"s\"", 10);
    page_cache_put(c, "sv /x", 8, stale);
    cached_page_release(stale);
    assert_null(page_cache_get(c, "sv /x", 8));
    /* Storing a newer generation drops every older entry. */
    struct cached_page *other = page("\"o\"", 10);
    page_cache_put(c, "sv /y", 10, other);
    cached_page_release(other);
    assert_null(page_cache_get(c, "sv /about", 9));
    struct page_cache_stats st;
    page_cache_stats(c, &st);
    assert_int_equal(st.entries, 1);
    assert_int_equal(st.bytes, 10);
    page_cache_free(c);
    assert_int_equal(freed, 4);
}

static void bounded_lru(void **state)
{
    (void)state;
    int freed = 0;
    struct page_cache *c = page_cache_new(300);
    const char *keys[] = {"a", "b", "c"};
    for (int i = 0; i < 3; i++) {
        struct cached_page *p = page("\"x\"", 100);
        page_cache_put(c, keys[i], 1, p);
        cached_page_release(p);
    }
    /* Touch "a" so that "b" is the least recently used. */
    cached_page_release(page_cache_get(c, "a", 1));
    struct cached_page *d = page("\"d\"", 100);
    page_cache_put(c, "d", 1, d);
    cached_page_release(d);
    struct cached_page *got;
    assert_null(page_cache_get(c, "b", 1));
    assert_non_null(got = page_cache_get(c, "a", 1));
    cached_page_release(got);
    assert_non_null(got = page_cache_get(c, "c", 1));
    /* A page larger than the whole cache is not stored. */
    struct cached_page *huge = page("\"h\"", 301);
    page_cache_put(c, "h", 1, huge);
    assert_null(page_cache_get(c, "h", 1));
    cached_page_release(huge);
    /* Invalidation drops everything, but a page in use lives until released. */
    int before = freed;
    page_cache_invalidate(c);
    assert_int_equal(freed, before + 2); /* a and d; c is still held */
    assert_string_equal(got->etag, "\"x\"");
    cached_page_release(got);
    assert_int_equal(freed, before + 3);
    page_cache_stats(c, &(struct page_cache_stats){0});
    page_cache_free(c);
}

static void same_key_replaced(void **state)
{
    (void)state;
    int freed = 0;
    struct page_cache *c = page_cache_new(1000);
    struct cached_page *a = page("\"1\"", 10), *b = page("\"2\"", 10);
    page_cache_put(c, "k", 1, a);
    page_cache_put(c, "k", 1, b);
    cached_page_release(a);
    cached_page_release(b);
    assert_int_equal(freed, 1);
    struct cached_page *got = page_cache_get(c, "k", 1);
    assert_string_equal(got->etag, "\"2\"");
    cached_page_release(got);
    page_cache_free(c);
    assert_int_equal(freed, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(generations),
        cmocka_unit_test(bounded_lru),
        cmocka_unit_test(same_key_replaced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
