/* Feeds out, on real entries: every entry of the feed-rs fixtures (BBC,
 * Spiegel, il Giornale, NBC, Reddit, YouTube... in their normalised form) is
 * written as Atom and as JSON Feed, and parsed back (libxml2, jansson) to the
 * same ids, titles, links, summaries and authors. Hostile text must come back
 * as text and the documents must stay well-formed. The lead adds a round trip
 * through the project's own feed parser when it lands. */
#include <dirent.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/timeutil.h"
#include "testlib.h"
#include "web/feed_out.h"
#include "web/html.h"

#define MAX_ENTRIES 512
#define MAX_AUTHORS 4

struct fixture {
    struct feed_out_entry e[MAX_ENTRIES];
    const char *names[MAX_ENTRIES][MAX_AUTHORS];
    size_t n;
};

static const char *content(json_t *o)
{
    return json_string_value(json_object_get(o, "content"));
}

/* The entries of one normalised fixture that carry an id, a title and a time. */
static void load_entries(json_t *root, struct fixture *f)
{
    f->n = 0;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(root, "entries"), i, e)
    {
        if (f->n == MAX_ENTRIES)
            break;
        struct feed_out_entry *it = &f->e[f->n];
        memset(it, 0, sizeof *it);
        it->id = json_string_value(json_object_get(e, "id"));
        it->title = content(json_object_get(e, "title"));
        const char *upd = json_string_value(json_object_get(e, "updated"));
        const char *pub = json_string_value(json_object_get(e, "published"));
        if ((upd && !date_parse(upd, &it->updated)) || (pub && !date_parse(pub, &it->published)))
            continue;
        if (!it->updated)
            it->updated = it->published;
        if (!it->id || !it->title || !it->updated)
            continue;
        it->link = json_string_value(
            json_object_get(json_array_get(json_object_get(e, "links"), 0), "href"));
        it->summary = content(json_object_get(e, "summary"));
        size_t k;
        json_t *a;
        json_array_foreach(json_object_get(e, "authors"), k, a)
        {
            const char *name = json_string_value(json_object_get(a, "name"));
            if (name && it->n_authors < MAX_AUTHORS)
                f->names[f->n][it->n_authors++] = name;
        }
        it->authors = f->names[f->n];
        it->source_name = "feed-rs fixture";
        f->n++;
    }
}

static const struct feed_out_meta meta = {
    .id = "http://127.0.0.1:8080/",
    .title = "omnibus – senaste nytt",
    .subtitle = "test",
    .home_url = "http://127.0.0.1:8080/",
    .feed_url = "http://127.0.0.1:8080/feed.atom",
    .lang = "sv",
    .author = "omnibus",
    .updated = 1711188000,
};

/* What a writer must give back for s: the text cleaned of what XML cannot carry. */
static char *cleaned(const char *s)
{
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    assert_int_equal(html_clean_text(&b, s), ERR_OK);
    return buf_steal(&b);
}

static char *xpath_text(xmlXPathContextPtr ctx, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    char *s = NULL;
    if (o && o->nodesetval && o->nodesetval->nodeNr > 0)
        s = (char *)xmlNodeGetContent(o->nodesetval->nodeTab[0]);
    xmlXPathFreeObject(o);
    return s;
}

static int xpath_count(xmlXPathContextPtr ctx, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    int n = o && o->nodesetval ? o->nodesetval->nodeNr : -1;
    xmlXPathFreeObject(o);
    return n;
}

static void expect_text(xmlXPathContextPtr ctx, const char *expr, const char *want)
{
    char *got = xpath_text(ctx, expr);
    char *clean = cleaned(want);
    if (!got || strcmp(got, clean))
        fail_msg("%s: got \"%.80s\", expected \"%.80s\"", expr, got ? got : "(none)", clean);
    xmlFree(got);
    free(clean);
}

static void check_atom(const struct fixture *f, const char *name)
{
    struct buf out;
    buf_init(&out, 64u << 20);
    struct errbuf eb = {{0}};
    assert_int_equal(feed_out_atom(&meta, f->e, f->n, &out, &eb), ERR_OK);
    xmlDocPtr doc = xmlReadMemory(out.data, (int)out.len, "feed.atom", NULL, XML_PARSE_NONET);
    if (!doc)
        fail_msg("%s: the Atom output is not well-formed XML", name);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, (const xmlChar *)"a", (const xmlChar *)"http://www.w3.org/2005/Atom");
    assert_int_equal(xpath_count(ctx, "/a:feed"), 1);
    assert_int_equal(xpath_count(ctx, "/a:feed/a:entry"), (int)f->n);
    expect_text(ctx, "/a:feed/a:title", meta.title);
    expect_text(ctx, "/a:feed/a:link[@rel='self']/@href", meta.feed_url);
    expect_text(ctx, "/a:feed/a:author/a:name", "omnibus");
    for (size_t i = 0; i < f->n; i++) {
        const struct feed_out_entry *e = &f->e[i];
        char expr[128];
        snprintf(expr, sizeof expr, "/a:feed/a:entry[%zu]/a:id", i + 1);
        expect_text(ctx, expr, e->id);
        snprintf(expr, sizeof expr, "/a:feed/a:entry[%zu]/a:title[@type='text']", i + 1);
        expect_text(ctx, expr, e->title);
        if (e->link) {
            snprintf(expr, sizeof expr, "/a:feed/a:entry[%zu]/a:link/@href", i + 1);
            expect_text(ctx, expr, e->link);
        }
        if (e->summary) {
            snprintf(expr, sizeof expr, "/a:feed/a:entry[%zu]/a:summary", i + 1);
            expect_text(ctx, expr, e->summary);
        }
        for (size_t k = 0; k < e->n_authors; k++) {
            snprintf(expr, sizeof expr, "/a:feed/a:entry[%zu]/a:author[%zu]/a:name", i + 1, k + 1);
            expect_text(ctx, expr, e->authors[k]);
        }
        snprintf(expr, sizeof expr, "/a:feed/a:entry[%zu]/a:updated", i + 1);
        char *upd = xpath_text(ctx, expr);
        int64_t t;
        assert_true(upd && date_parse(upd, &t));
        assert_int_equal(t, e->updated);
        xmlFree(upd);
    }
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    buf_clear(&out);
}

static void expect_json(json_t *o, const char *key, const char *want)
{
    const char *got = json_string_value(json_object_get(o, key));
    char *clean = cleaned(want);
    if (!got || strcmp(got, clean))
        fail_msg("JSON %s: got \"%.80s\", expected \"%.80s\"", key, got ? got : "(none)", clean);
    free(clean);
}

static void check_json(const struct fixture *f, const char *name)
{
    struct buf out;
    buf_init(&out, 64u << 20);
    struct errbuf eb = {{0}};
    assert_int_equal(feed_out_json(&meta, f->e, f->n, &out, &eb), ERR_OK);
    json_error_t jerr;
    json_t *root = json_loadb(out.data, out.len, 0, &jerr);
    if (!root)
        fail_msg("%s: the JSON Feed is not JSON: %s", name, jerr.text);
    expect_json(root, "version", "https://jsonfeed.org/version/1.1");
    expect_json(root, "title", meta.title);
    expect_json(root, "feed_url", meta.feed_url);
    json_t *items = json_object_get(root, "items");
    assert_int_equal(json_array_size(items), f->n);
    for (size_t i = 0; i < f->n; i++) {
        json_t *it = json_array_get(items, i);
        const struct feed_out_entry *e = &f->e[i];
        expect_json(it, "id", e->id);
        expect_json(it, "title", e->title);
        if (e->link)
            expect_json(it, "url", e->link);
        if (e->summary)
            expect_json(it, "summary", e->summary);
        /* Every item has content, as JSON Feed requires. */
        assert_non_null(json_string_value(json_object_get(it, "content_text")));
        json_t *authors = json_object_get(it, "authors");
        assert_int_equal(json_array_size(authors), e->n_authors);
        for (size_t k = 0; k < e->n_authors; k++)
            expect_json(json_array_get(authors, k), "name", e->authors[k]);
        int64_t t;
        assert_true(date_parse(json_string_value(json_object_get(it, "date_modified")), &t));
        assert_int_equal(t, e->updated);
    }
    json_decref(root);
    buf_clear(&out);
}

static void real_entries_round_trip(void **state)
{
    (void)state;
    static const char *const dirs[] = {"atom", "rss0", "rss1", "rss2", "jsonfeed"};
    struct fixture *f = calloc(1, sizeof *f);
    size_t feeds = 0, entries = 0;
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        char rel[256];
        snprintf(rel, sizeof rel, "feed-rs-fixtures/fixture/%s", dirs[d]);
        char *dir = corpus_path(rel);
        DIR *dh = opendir(dir);
        if (!dh)
            fail_msg("cannot open %s (OMNIBUS_CORPORA)", dir);
        struct dirent *de;
        while ((de = readdir(dh))) {
            if (!strstr(de->d_name, ".serde.json"))
                continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            json_t *root = json_load_file(path, 0, NULL);
            assert_non_null(root);
            load_entries(root, f);
            check_atom(f, de->d_name);
            check_json(f, de->d_name);
            feeds++;
            entries += f->n;
            json_decref(root);
        }
        closedir(dh);
        free(dir);
    }
    free(f);
    print_message("feeds out: %zu fixtures, %zu entries round-tripped\n", feeds, entries);
    /* 64 fixtures hold 85 entries with an id, a title and a time. */
    assert_true(feeds >= 60);
    assert_true(entries >= 80);
}

static void hostile_text(void **state)
{
    (void)state;
    const char *const authors[] = {"Eve <eve@example.org>", "\x01Mallory"};
    struct fixture *f = calloc(1, sizeof *f);
    f->e[0] = (struct feed_out_entry){
        .id = "https://example.org/a?x=1&y=2",
        .title = "</title><script>alert(1)</script> ]]> &amp; \x01\x02 \xff\xfe end",
        .link = "javascript:alert(1)",
        .updated = 1711188000,
        .summary = "<![CDATA[ x ]]> <img src=x onerror=alert(1)> \xC0\xBC",
        .authors = authors,
        .n_authors = 2,
    };
    f->n = 1;
    check_atom(f, "hostile");
    check_json(f, "hostile");
    free(f);
}

static void required_fields(void **state)
{
    (void)state;
    struct feed_out_entry e = {.id = "x", .title = NULL, .updated = 1};
    struct buf out;
    buf_init(&out, 1 << 20);
    struct errbuf eb = {{0}};
    assert_int_equal(feed_out_atom(&meta, &e, 1, &out, &eb), ERR_INVALID);
    assert_non_null(strstr(eb.msg, "entry 1"));
    assert_int_equal(feed_out_json(&meta, &e, 1, &out, &eb), ERR_INVALID);
    /* A full buffer is an error, not a cut document. */
    e.title = "t";
    struct buf small;
    buf_init(&small, 100);
    assert_int_equal(feed_out_atom(&meta, &e, 1, &small, &eb), ERR_LIMIT);
    assert_int_equal(feed_out_json(&meta, &e, 1, &small, &eb), ERR_LIMIT);
    buf_clear(&small);
    buf_clear(&out);
}

int main(void)
{
    xmlInitParser();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(real_entries_round_trip),
        cmocka_unit_test(hostile_text),
        cmocka_unit_test(required_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
