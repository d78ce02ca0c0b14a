/* Sources files: our default JSON file, OPML round trips, and bad entries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "sources/sources.h"
#include "testlib.h"

static void load_default(struct source_list *l)
{
    char *path = xasprintf("%s/data/sources.json", getenv("OMNIBUS_SOURCE_DIR"));
    size_t len, skipped;
    char *data = read_file(path, &len);
    assert_non_null(data);
    struct errbuf eb = {{0}};
    assert_int_equal(sources_parse(data, len, path, l, &skipped, &eb), ERR_OK);
    assert_int_equal(skipped, 0);
    free(data);
    free(path);
}

static void test_default_sources(void **state)
{
    (void)state;
    struct source_list l;
    load_default(&l);
    /* A few dozen outlets in Swedish and English, of every kind we name. */
    assert_true(l.len >= 30);
    size_t sv = 0, en = 0, public_service = 0, with_stance = 0;
    for (size_t i = 0; i < l.len; i++) {
        const struct source *s = &l.items[i];
        assert_int_equal(source_validate(s, NULL), ERR_OK);
        assert_non_null(s->country);
        assert_non_null(s->owner);
        sv += !strcmp(s->lang, "sv");
        en += !strcmp(s->lang, "en");
        public_service += !strcmp(s->kind, "public-service");
        with_stance += s->stance != NULL;
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(s->feed_url, l.items[j].feed_url);
    }
    assert_true(sv >= 10 && en >= 15 && public_service >= 5 && with_stance >= 8);
    source_list_clear(&l);
}

static void test_opml_roundtrip(void **state)
{
    (void)state;
    struct source_list l, back;
    load_default(&l);
    struct buf opml;
    buf_init(&opml, BUF_UNLIMITED);
    assert_int_equal(sources_to_opml(&l, &opml), ERR_OK);
    assert_non_null(strstr(buf_cstr(&opml), "version=\"2.0\""));
    size_t skipped;
    assert_int_equal(sources_parse(opml.data, opml.len, "export.opml", &back, &skipped, NULL),
                     ERR_OK);
    assert_int_equal(skipped, 0);
    assert_int_equal(back.len, l.len);
    for (size_t i = 0; i < l.len; i++) {
        assert_string_equal(back.items[i].name, l.items[i].name);
        assert_string_equal(back.items[i].feed_url, l.items[i].feed_url);
        assert_string_equal(back.items[i].lang, l.items[i].lang);
        assert_string_equal(back.items[i].country, l.items[i].country);
        assert_string_equal(back.items[i].kind, l.items[i].kind);
        assert_string_equal(back.items[i].owner, l.items[i].owner);
        if (l.items[i].stance)
            assert_string_equal(back.items[i].stance, l.items[i].stance);
    }
    buf_clear(&opml);
    source_list_clear(&back);
    source_list_clear(&l);
}

/* OPML as other readers write it: folders, a language with region, entries
 * without a feed, a javascript: "feed". */
static const char foreign_opml[] =
    "<?xml version=\"1.0\"?>\n<opml version=\"1.0\"><head><title>Export</title></head><body>\n"
    "<outline text=\"Nyheter\">\n"
    "  <outline text=\"SVT\" type=\"rss\" xmlUrl=\"https://www.svt.se/nyheter/rss.xml\" "
    "language=\"sv-SE\"/>\n"
    "  <outline text=\"Deep\"><outline text=\"Deeper\"><outline title=\"BBC\" "
    "xmlUrl=\"https://feeds.bbci.co.uk/news/rss.xml\" htmlUrl=\"https://www.bbc.co.uk/news\"/>"
    "</outline></outline>\n"
    "</outline>\n"
    "<outline text=\"Bad\" xmlUrl=\"javascript:alert(1)\"/>\n"
    "<outline text=\"No feed\" htmlUrl=\"https://example.org/\"/>\n"
    "</body></opml>\n";

static void test_foreign_opml(void **state)
{
    (void)state;
    struct source_list l;
    size_t skipped;
    struct errbuf eb = {{0}};
    assert_int_equal(
        sources_parse(foreign_opml, strlen(foreign_opml), "reader.opml", &l, &skipped, &eb),
        ERR_OK);
    assert_int_equal(l.len, 2);
    assert_int_equal(skipped, 1);
    assert_non_null(strstr(eb.msg, "reader.opml line 7"));
    assert_string_equal(l.items[0].name, "SVT");
    assert_string_equal(l.items[0].lang, "sv");
    assert_string_equal(l.items[1].name, "BBC");
    assert_string_equal(l.items[1].site_url, "https://www.bbc.co.uk/news");
    source_list_clear(&l);
}

static void test_bad_files(void **state)
{
    (void)state;
    struct source_list l;
    size_t skipped;
    struct errbuf eb = {{0}};
    const char *bad_json = "{\"sources\": [{\"name\": \"X\", \"feed_url\": \"https://x.se/rss\", "
                           "\"kind\": \"propaganda\"}, 5, {\"name\": \"Y\"}]}";
    assert_int_equal(sources_parse(bad_json, strlen(bad_json), "s.json", &l, &skipped, &eb),
                     ERR_OK);
    assert_int_equal(l.len, 0);
    assert_int_equal(skipped, 3);
    assert_non_null(strstr(eb.msg, "unknown kind \"propaganda\""));
    const char *broken = "{\"sources\": [";
    assert_int_equal(sources_parse(broken, strlen(broken), "s.json", &l, &skipped, &eb), ERR_PARSE);
    assert_non_null(strstr(eb.msg, "s.json line 1"));
    assert_int_equal(sources_parse("hello", 5, "x.txt", &l, &skipped, &eb), ERR_PARSE);
    assert_int_equal(sources_parse("<rss/>", 6, "x.xml", &l, &skipped, &eb), ERR_PARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_sources),
        cmocka_unit_test(test_opml_roundtrip),
        cmocka_unit_test(test_foreign_opml),
        cmocka_unit_test(test_bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
