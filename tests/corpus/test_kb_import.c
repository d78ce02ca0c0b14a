/* kb_import on every sample dump in the corpora (Wikimedia Enterprise,
 * MediaWiki XML plain, bzip2 and UTF-16, Wikidata), on copies of them cut
 * and broken, and the all-or-nothing rule of an import. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "kb/kb.h"
#include "kb/stream.h"
#include "testlib.h"

#define WME "wikimedia-enterprise-sample/"
#define WXML "wikipedia-xml-sample/"
#define ENWIKI WXML "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
#define WD "wikidata-entity-sample/"

/* A fresh store on the engine the test's state names: NULL for SQLite,
 * "postgresql" for a database of its own on OMNIBUS_TEST_PG. */
static struct store *fresh(void **state, const char *name)
{
    char *dsn = *state ? test_pg_dsn(name) : test_sqlite_dsn(name);
    struct store *st = NULL;
    struct errbuf eb = {{0}};
    enum err err = store_open(dsn, &st, &eb);
    if (err)
        fail_msg("store_open(%s): %s", dsn, err_msg(&eb, err));
    free(dsn);
    return st;
}

/* Imports corpus files (relative paths) or absolute paths; fails the test on an error. */
static void import(struct store *st, const char *const *files, size_t n, struct kb_import_report *r,
                   const char *const *langs, size_t n_langs)
{
    char **paths = xcalloc(n, sizeof *paths);
    for (size_t i = 0; i < n; i++)
        paths[i] = files[i][0] == '/' ? xstrdup(files[i]) : corpus_path(files[i]);
    struct kb_import_opts o = {.langs = langs, .n_langs = n_langs};
    struct errbuf eb = {{0}};
    enum err err = kb_import(st, (const char *const *)paths, n, &o, r, &eb);
    if (err)
        fail_msg("kb_import: %s", err_msg(&eb, err));
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

static int64_t entity_of(struct store *st, const char *qid)
{
    int64_t id;
    struct errbuf eb = {{0}};
    enum err err = store_kb_entity_find(st, qid, &id, &eb);
    if (err)
        fail_msg("no entity %s: %s", qid, err_msg(&eb, err));
    return id;
}

static struct kb_text text_of(struct store *st, int64_t id, const char *lang)
{
    struct kb_text t;
    struct errbuf eb = {{0}};
    enum err err = store_kb_text_get(st, id, lang, &t, &eb);
    if (err)
        fail_msg("entity %lld has no %s text: %s", (long long)id, lang, err_msg(&eb, err));
    return t;
}

/* The best match for name in lang: its title (or "" when none), and its prior. */
static char *best(struct store *st, const char *name, const char *lang, char **qid, double *prior,
                  int *kind)
{
    struct kb_match_list l;
    struct errbuf eb = {{0}};
    enum err err = kb_lookup(st, name, lang, 5, &l, &eb);
    if (err)
        fail_msg("kb_lookup(%s): %s", name, err_msg(&eb, err));
    char *title = xstrdup(l.len ? l.items[0].title : "");
    if (qid)
        *qid = l.len ? xstrdup(l.items[0].qid) : NULL;
    if (prior)
        *prior = l.len ? l.items[0].prior : 0;
    if (kind)
        *kind = l.len ? l.items[0].kind : -1;
    kb_match_list_clear(&l);
    return title;
}

static void expect_best(struct store *st, const char *name, const char *lang, const char *title)
{
    char *got = best(st, name, lang, NULL, NULL, NULL);
    if (strcmp(got, title))
        fail_msg("lookup \"%s\" (%s) gave \"%s\", not \"%s\"", name, lang, got, title);
    free(got);
}

static int64_t parse_time(const char *iso)
{
    int64_t t;
    assert_true(date_parse(iso, &t));
    return t;
}

static void enterprise_snapshot(void **state)
{
    struct store *st = fresh(state, "kb_wme");
    struct kb_import_report r;
    const char *files[] = {WME "articles.ndjson"};
    import(st, files, 1, &r, NULL, 0);
    assert_int_equal(r.entities, 3);
    assert_int_equal(r.skipped, 0);
    kb_import_report_clear(&r);

    /* The English record, every field. */
    struct kb_text t = text_of(st, entity_of(st, "Q9482"), "en");
    assert_string_equal(t.title, "Squirrel");
    assert_string_equal(t.page, "Squirrel");
    assert_true(!strncmp(t.extract, "Squirrels are members of the family Sciuridae", 45));
    assert_string_equal(t.url, "https://en.wikipedia.org/wiki/Squirrel");
    assert_string_equal(t.licence, "CC-BY-SA-3.0");
    assert_string_equal(t.licence_url, "https://creativecommons.org/licenses/by-sa/3.0/");
    assert_int_equal(t.revision, 1171934824);
    assert_int_equal(t.modified_at, parse_time("2023-08-24T01:14:42Z"));
    assert_int_equal(t.dump_date, parse_time("2023-08-29T14:19:05Z"));
    assert_string_equal(t.dump, "articles.ndjson");
    kb_text_clear(&t);

    /* Its 12 redirects are aliases. */
    struct kb_entity e;
    assert_int_equal(store_kb_entity_get(st, entity_of(st, "Q9482"), 100, &e, NULL), ERR_OK);
    size_t redirects = 0;
    for (size_t i = 0; i < e.n_aliases; i++)
        redirects += (e.aliases[i].origin & KB_ORIGIN_REDIRECT) != 0;
    assert_int_equal(redirects, 12);
    kb_entity_clear(&e);
    expect_best(st, "Sciuridae", "en", "Squirrel");
    expect_best(st, "behavior of squirrels", "en", "Squirrel");

    /* The same title is three entities, one per language; the German one is a
     * disambiguation page that no name leads to. */
    char *qid;
    double prior;
    int kind;
    free(best(st, "Squirrel", "ru", &qid, &prior, &kind));
    assert_string_equal(qid, "Q1200182");
    free(qid);
    free(best(st, "Squirrel", "de", &qid, &prior, &kind));
    assert_string_equal(qid, "Q2315069");
    assert_int_equal(kind, KB_KIND_DISAMBIGUATION);
    assert_true(prior == 0);
    free(qid);
    t = text_of(st, entity_of(st, "Q2315069"), "de");
    assert_string_equal(t.extract, "Squirrel steht für: Squirrel (Programmiersprache)");
    kb_text_clear(&t);
    t = text_of(st, entity_of(st, "Q1200182"), "ru");
    assert_non_null(
        strstr(t.extract, "\xe2\x80\x89\xe2\x80\x94\xe2\x80\x89")); /* thin spaces kept */
    kb_text_clear(&t);
    store_close(st);
}

static void enterprise_other_shapes(void **state)
{
    struct store *st = fresh(state, "kb_wme2");
    struct kb_import_report r;
    /* A JSON array, one camelCase SDK record of 1.4 MB, and compact lines. */
    const char *files[] = {WME "structured-contents.json",
                           WME "elections-structured-contents/"
                               "2020_United_States_presidential_election.json",
                           WME "compact.jsonl"};
    import(st, files, 1, &r, NULL, 0);
    assert_int_equal(r.entities, 3);
    kb_import_report_clear(&r);
    import(st, files + 1, 1, &r, NULL, 0);
    assert_int_equal(r.entities, 1);
    kb_import_report_clear(&r);
    struct kb_text t = text_of(st, entity_of(st, "Q22923830"), "en");
    assert_string_equal(t.title, "2020 United States presidential election");
    assert_true(!strncmp(t.extract,
                         "Presidential elections were held in the United States on "
                         "November 3, 2020.",
                         74));
    assert_int_equal(t.revision, 1319653642);
    kb_text_clear(&t);
    import(st, files + 2, 1, &r, NULL, 0);
    assert_int_equal(r.entities, 17);
    assert_int_equal(r.skipped, 0);
    kb_import_report_clear(&r);
    struct kb_stats s;
    assert_int_equal(store_kb_stats(st, &s, NULL), ERR_OK);
    assert_int_equal(s.entities, 14); /* 3 squirrels and 11 elections, each once */
    t = text_of(st, entity_of(st, "Q699872"), "en");
    assert_true(!strncmp(t.extract,
                         "Presidential elections were held in the United States on "
                         "November 8, 2016.",
                         74));
    kb_text_clear(&t);
    expect_best(st, "2016 United States presidential election", "en",
                "2016 United States presidential election");
    store_close(st);
}

static void mediawiki_xml(void **state)
{
    struct store *st = fresh(state, "kb_xml");
    struct kb_import_report r;
    const char *files[] = {ENWIKI, WXML "enwiki-table-markup.xml.bz2",
                           WXML "bgwiki-latest-pages-articles-shortened.xml.bz2"};
    import(st, files, 3, &r, NULL, 0);
    assert_int_equal(r.entities, 106 + 5 + 1);
    assert_int_equal(r.redirects, 99);  /* every redirect in namespace 0 */
    assert_int_equal(r.ignored, 1 + 2); /* the other namespaces */
    assert_int_equal(r.skipped, 0);
    /* 13 redirects point into the sample; the rest wait for their target. */
    assert_int_equal(r.resolved.redirects_pending, 86);
    assert_true(r.links > 30000);
    kb_import_report_clear(&r);

    expect_best(st, "AynRand", "en", "Ayn Rand");
    expect_best(st, "ANOVA", "en", "Analysis of variance");
    expect_best(st, "AndorrA", "en", "Andorra");
    /* Link texts are aliases too: [[Afghanistan|Afghan]]. */
    expect_best(st, "Afghan", "en", "Afghanistan");
    /* Disambiguation pages are kept and marked, never a best guess. */
    int kind;
    double prior;
    free(best(st, "Austin", "en", NULL, &prior, &kind));
    assert_int_equal(kind, KB_KIND_DISAMBIGUATION);
    assert_true(prior == 0);

    struct kb_match_list l;
    assert_int_equal(kb_lookup(st, "Afghanistan", "en", 1, &l, NULL), ERR_OK);
    assert_int_equal(l.len, 1);
    assert_null(l.items[0].qid); /* pages-articles carry no Wikidata ID */
    assert_true(!strncmp(l.items[0].extract,
                         "Afghanistan (Pashto/Dari: Afġānistān), officially the Islamic Republic "
                         "of Afghanistan, is a landlocked country located within South Asia and "
                         "Central Asia.",
                         143));
    assert_string_equal(l.items[0].url, "https://en.wikipedia.org/wiki/Afghanistan");
    struct kb_text t = text_of(st, l.items[0].entity_id, "en");
    assert_int_equal(t.revision, 717144401);
    assert_int_equal(t.modified_at, parse_time("2016-04-26T00:21:27Z"));
    assert_string_equal(t.licence, "CC-BY-SA-3.0");
    kb_text_clear(&t);
    kb_match_list_clear(&l);

    /* Pages full of tables still give a clean opening paragraph. */
    const char *tables[] = {"Constructive vote of no confidence", "Economy of Estonia",
                            "List of Prison Break characters",
                            "Academy Award for Best Production Design", "Brahui language"};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(kb_lookup(st, tables[i], "en", 1, &l, NULL), ERR_OK);
        assert_int_equal(l.len, 1);
        const char *x = l.items[0].extract;
        assert_non_null(x);
        if (strlen(x) < 40 || strstr(x, "{|") || strstr(x, "|}") || strstr(x, "{{") ||
            strstr(x, "[[") || strstr(x, "<ref") || strstr(x, "''"))
            fail_msg("extract of %s: %s", tables[i], x);
        kb_match_list_clear(&l);
    }
    assert_int_equal(kb_lookup(st, "Economy of Estonia", "en", 1, &l, NULL), ERR_OK);
    assert_string_equal(l.items[0].extract,
                        "Estonian economy is an advanced economy and a member of the European "
                        "Union and of the eurozone. The economy of Estonia is strongly "
                        "influenced by developments in the Finnish and Swedish economies.");
    kb_match_list_clear(&l);

    /* The UTF-16 file: Cyrillic title, extract and URL. */
    assert_int_equal(kb_lookup(st, "Григориански календар", "bg", 1, &l, NULL), ERR_OK);
    assert_int_equal(l.len, 1);
    assert_string_equal(l.items[0].lang, "bg");
    assert_true(!strncmp(l.items[0].extract, "Григорианският календар", 45));
    assert_string_equal(l.items[0].url, "https://bg.wikipedia.org/wiki/Григориански_календар");
    kb_match_list_clear(&l);
    store_close(st);
}

static void wikidata(void **state)
{
    struct store *st = fresh(state, "kb_wd");
    struct kb_import_report r;
    const char *const langs[] = {"en", "sv", "de"};
    const char *files[] = {WD "sample_wikidata_items.json.bz2", WD "entities_compact.jsonl"};
    import(st, files, 1, &r, langs, 3);
    assert_int_equal(r.entities, 100);
    assert_int_equal(r.skipped, 0);
    kb_import_report_clear(&r);
    int64_t be = entity_of(st, "Q31");
    struct kb_text t = text_of(st, be, "sv");
    assert_string_equal(t.title, "Belgien");
    assert_string_equal(t.url, "https://sv.wikipedia.org/wiki/Belgien");
    assert_string_equal(t.licence, "CC0-1.0");
    kb_text_clear(&t);
    t = text_of(st, be, "en");
    assert_string_equal(t.description, "federal constitutional monarchy in Western Europe");
    kb_text_clear(&t);
    struct kb_text none;
    assert_int_equal(store_kb_text_get(st, be, "fr", &none, NULL), ERR_NOT_FOUND);
    struct kb_entity e;
    assert_int_equal(store_kb_entity_get(st, be, 0, &e, NULL), ERR_OK);
    assert_true(e.popularity > 200); /* a country: Wikipedias in most languages */
    kb_entity_clear(&e);
    expect_best(st, "Kingdom of Belgium", "en", "Belgium");
    expect_best(st, "Belgien", "sv", "Belgien");
    expect_best(st, "Helsingfors", "sv", "Helsingfors");
    expect_best(st, "Tadzjikistan", "sv", "Tadzjikistan");

    /* The derived compact file: plain-string labels, the same 100 items. */
    import(st, files + 1, 1, &r, langs, 3);
    assert_int_equal(r.entities, 100);
    kb_import_report_clear(&r);
    struct kb_stats s;
    assert_int_equal(store_kb_stats(st, &s, NULL), ERR_OK);
    assert_int_equal(s.entities, 100);
    store_close(st);
}

/* The XML page and the Wikidata item are one entity, whichever came first. */
static void join_by_qid(void **state, const char *name, bool wikidata_first)
{
    struct store *st = fresh(state, name);
    struct kb_import_report r;
    const char *const langs[] = {"en", "sv"};
    const char *xml[] = {ENWIKI}, *wd[] = {WD "sample_wikidata_items.json.bz2"};
    import(st, wikidata_first ? wd : xml, 1, &r, langs, 2);
    kb_import_report_clear(&r);
    import(st, wikidata_first ? xml : wd, 1, &r, langs, 2);
    kb_import_report_clear(&r);
    int64_t angola = entity_of(st, "Q916");
    struct kb_text t = text_of(st, angola, "en");
    assert_string_equal(t.page, "Angola");
    assert_string_equal(t.description, "country in Africa");
    assert_true(!strncmp(t.extract, "Angola, officially the Republic of Angola", 41));
    assert_string_equal(t.licence, "CC-BY-SA-3.0"); /* the extract's, not the label's */
    kb_text_clear(&t);
    t = text_of(st, angola, "sv");
    assert_string_equal(t.title, "Angola");
    kb_text_clear(&t);
    /* One entity: its English page title names only it. */
    struct kb_match_list l;
    assert_int_equal(kb_lookup(st, "Angola", "en", 5, &l, NULL), ERR_OK);
    assert_int_equal(l.len, 1);
    assert_string_equal(l.items[0].qid, "Q916");
    assert_true(l.items[0].links > 0); /* link texts from the XML */
    kb_match_list_clear(&l);
    store_close(st);
}

static void join_xml_then_wikidata(void **state)
{
    join_by_qid(state, "kb_join1", false);
}

static void join_wikidata_then_xml(void **state)
{
    join_by_qid(state, "kb_join2", true);
}

/* Writes len bytes to a file in the test's directory; returns its path. */
static char *write_tmp(const char *name, const void *data, size_t len)
{
    char *dir = test_tmpdir();
    char *path = xasprintf("%s/%s", dir, name);
    free(dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

/* A corpus file decompressed. */
static char *decompressed(const char *rel, size_t *len)
{
    char *path = corpus_path(rel);
    struct kb_stream *s;
    assert_int_equal(kb_stream_open(path, &s, NULL), ERR_OK);
    free(path);
    struct buf b;
    buf_init(&b, 1 << 26);
    char chunk[65536];
    size_t got;
    while (kb_stream_read(s, chunk, sizeof chunk, &got, NULL) == ERR_OK && got)
        assert_int_equal(buf_append(&b, chunk, got), ERR_OK);
    kb_stream_close(s);
    *len = b.len;
    return buf_steal(&b);
}

static bool skip_says(const struct kb_import_report *r, const char *what)
{
    for (size_t i = 0; i < r->n_skips; i++)
        if (strstr(r->skips[i], what))
            return true;
    return false;
}

static void bad_input(void **state)
{
    /* A bzip2 file cut in the middle: the pages before the cut are kept. */
    size_t len;
    char *cpath = corpus_path(ENWIKI);
    char *bz = read_file(cpath, &len);
    free(cpath);
    char *cut = write_tmp("cut.xml.bz2", bz, 900000);
    free(bz);
    /* A snapshot with a line cut short, a line of junk and a last record cut. */
    cpath = corpus_path(WME "articles.ndjson");
    char *nd = read_file(cpath, &len);
    free(cpath);
    char *second = strchr(nd, '\n') + 1;
    struct buf b;
    buf_init(&b, 1 << 24);
    assert_int_equal(buf_append(&b, nd, (size_t)(second - nd)), ERR_OK);
    assert_int_equal(buf_puts(&b, "{\"name\": \"Broken\", \"abstract\": \"cut here\n"), ERR_OK);
    assert_int_equal(buf_append(&b, second, len - (size_t)(second - nd)), ERR_OK);
    assert_int_equal(buf_puts(&b, "not json at all\n"), ERR_OK);
    assert_int_equal(buf_append(&b, second, 5000), ERR_OK);
    char *broken = write_tmp("broken.ndjson", b.data, b.len);
    buf_clear(&b);
    free(nd);
    /* A dump where one page is never closed. */
    char *xml = decompressed(ENWIKI, &len);
    char *alabama = strstr(xml, "<title>Alabama</title>");
    char *close = strstr(alabama, "</page>");
    memset(close, ' ', 7);
    char *unclosed = write_tmp("unclosed.xml", xml, len);
    free(xml);

    struct store *st = fresh(state, "kb_bad");
    struct kb_import_report r;
    const char *files[] = {cut, broken, unclosed};
    import(st, files, 3, &r, NULL, 0);
    for (size_t i = 0; i < r.n_skips; i++)
        print_message("skipped: %s\n", r.skips[i]);
    assert_true(skip_says(&r, "cut.xml.bz2 (byte 900000): bzip2 data cut short"));
    assert_true(skip_says(&r, "broken.ndjson:2 (byte 6548): bad JSON"));
    assert_true(skip_says(&r, "broken.ndjson:5 (byte 594980): not a JSON record"));
    assert_true(skip_says(&r, "broken.ndjson:6 (byte 594996): bad JSON"));
    assert_true(skip_says(&r, "page \"Alabama\": not closed before the next <page>"));
    assert_true(skip_says(&r, "unclosed.xml:2503 (byte"));
    assert_int_equal(r.skipped, 7);
    /* The 3 good records and 105 of the 106 pages from the unclosed file; the
     * 106th, Alabama, came whole in the part before the cut. */
    assert_int_equal(r.entities, 3 + 105 + 38);
    struct kb_stats s;
    assert_int_equal(store_kb_stats(st, &s, NULL), ERR_OK);
    assert_int_equal(s.entities, 3 + 106);
    expect_best(st, "Algorithm", "en", "Algorithm"); /* the last page, after the unclosed one */
    expect_best(st, "Sciuridae", "en", "Squirrel");
    kb_import_report_clear(&r);
    store_close(st);

    /* The cut file alone: what came before the cut. */
    st = fresh(state, "kb_cut");
    import(st, files, 1, &r, NULL, 0);
    assert_int_equal(r.entities, 38);
    assert_int_equal(r.skipped, 2);
    kb_import_report_clear(&r);
    store_close(st);
    free(cut);
    free(broken);
    free(unclosed);
}

/* A run that fails leaves the KB as it was: nothing of its good files stays. */
static void all_or_nothing(void **state)
{
    struct store *st = fresh(state, "kb_atomic");
    char *good = corpus_path(WME "articles.ndjson");
    char *notes = corpus_path(WME "NOTES.md"); /* not a dump */
    const char *const paths[][2] = {{good, "/nonexistent/dump.ndjson"}, {good, notes}};
    for (size_t i = 0; i < 2; i++) {
        struct kb_import_opts o = {0};
        struct kb_import_report r;
        struct errbuf eb = {{0}};
        enum err err = kb_import(st, paths[i], 2, &o, &r, &eb);
        assert_int_equal(err, i == 0 ? ERR_IO : ERR_UNSUPPORTED);
        kb_import_report_clear(&r);
        struct kb_stats s;
        assert_int_equal(store_kb_stats(st, &s, NULL), ERR_OK);
        assert_int_equal(s.entities, 0);
        assert_int_equal(s.aliases, 0);
    }
    free(good);
    free(notes);
    store_close(st);
}

/* Every test, with its state naming the engine (see fresh). */
#define KB_IMPORT_TESTS(engine)                                                                    \
    {                                                                                              \
        cmocka_unit_test_prestate(enterprise_snapshot, engine),                                    \
            cmocka_unit_test_prestate(enterprise_other_shapes, engine),                            \
            cmocka_unit_test_prestate(mediawiki_xml, engine),                                      \
            cmocka_unit_test_prestate(wikidata, engine),                                           \
            cmocka_unit_test_prestate(join_xml_then_wikidata, engine),                             \
            cmocka_unit_test_prestate(join_wikidata_then_xml, engine),                             \
            cmocka_unit_test_prestate(bad_input, engine),                                          \
            cmocka_unit_test_prestate(all_or_nothing, engine),                                     \
    }

int main(void)
{
    static char postgresql[] = "postgresql";
    const struct CMUnitTest on_sqlite[] = KB_IMPORT_TESTS(NULL);
    const struct CMUnitTest on_pg[] = KB_IMPORT_TESTS(postgresql);
    /* The import writes through the store: on each engine the run offers. */
    int failed = cmocka_run_group_tests_name("sqlite", on_sqlite, NULL, NULL);
    if (test_pg_offered())
        failed |= cmocka_run_group_tests_name("postgresql", on_pg, NULL, NULL);
    return failed;
}
