/* The KB's text handling on hand-written input: wikitext to an opening
 * paragraph, link texts, redirects and titles; alias keys per language;
 * tokens; abstracts; decompressing streams; JSON records to entities. */
#include <bzlib.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/xalloc.h"
#include "kb/norm.h"
#include "kb/parse.h"
#include "kb/stream.h"
#include "kb/tokens.h"
#include "kb/wikitext.h"
#include "testlib.h"

static char *lead(const char *wikitext, unsigned *flags)
{
    struct buf out;
    buf_init(&out, 1 << 20);
    unsigned f;
    enum err err = wikitext_lead(wikitext, strlen(wikitext), &out, &f);
    assert_int_equal(err, ERR_OK);
    if (flags)
        *flags = f;
    char *s = xstrdup(buf_cstr(&out));
    buf_clear(&out);
    return s;
}

static void expect_lead(const char *wikitext, const char *expected)
{
    char *got = lead(wikitext, NULL);
    if (strcmp(got, expected))
        fail_msg("lead of\n%s\nwas  \"%s\"\nnot  \"%s\"", wikitext, got, expected);
    free(got);
}

static void lead_markup(void **state)
{
    (void)state;
    /* Templates, references, files and tables go; links become their text. */
    expect_lead("{{Infobox country\n|name = X\n|capital = [[Kabul]]\n}}\n"
                "'''Afghanistan''' {{IPAc-en|æ|f}} ([[Pashto language|Pashto]]: {{nq|x}}), "
                "officially the '''Islamic Republic''', is a [[landlocked country]]."
                "<ref name=\"F\">{{cite web|url=http://x}}</ref><ref name=F /> It has "
                "[[File:Map.png|thumb|A [[map]] of it]]mountains.\n\nSecond paragraph.",
                "Afghanistan (Pashto:), officially the Islamic Republic, is a landlocked "
                "country. It has mountains.");
    /* Hatnotes, comments, tables and magic words before the lead are skipped. */
    expect_lead(":''For other uses, see [[X (disambiguation)]].''\n<!-- a comment\n\n-->"
                "{| class=\"wikitable\"\n|-\n| cell || {{x}}\n{|\n|inner\n|}\n|}\n__NOTOC__\n"
                "The '''[[Moon]]'''s orbit&nbsp;is &ndash; roughly &#91;1&#93; round.",
                "The Moons orbit is – roughly [1] round.");
    /* Inline templates keep their text; a heading ends the lead. */
    expect_lead("It covers {{convert|652,000|km2|sqmi|abbr=on}} and is called "
                "{{lang|fr|la Lune}} or {{lang-de|der Mond}}.\n== History ==\nMore.",
                "It covers 652,000 km2 and is called la Lune or der Mond.");
    /* External links show their label; categories and language links vanish;
     * the pipe trick shows the title without its qualifier. */
    expect_lead("See [http://example.org the site] and [http://example.org/x] and "
                "[[Paris (band)|]] in [[Category:Bands]][[fr:Paris]] [[:fr:Paris|Paris]].",
                "See the site and and Paris in Paris.");
    /* A paragraph of only leftovers is not the lead. */
    expect_lead("{{coord|1|2}}\n\n( ; )\n\nReal text here.", "Real text here.");
    /* Unclosed markup does not hang or crash; the text before it stays. */
    expect_lead("Text before {{unclosed template", "Text before");
    expect_lead("[[unclosed link", "");
    expect_lead("", "");
}

static void lead_limits_and_flags(void **state)
{
    (void)state;
    unsigned flags;
    char *s =
        lead("'''Austin''' may refer to:\n* [[Austin, Texas]]\n\n{{disambiguation|geo}}", &flags);
    assert_string_equal(s, "Austin may refer to:");
    assert_true(flags & WIKITEXT_DISAMBIGUATION);
    free(s);
    s = lead("'''Moon''' is a moon.", &flags);
    assert_int_equal(flags, 0);
    free(s);
    const char *dis[] = {"Vorlage:Begriffsklärung", "Category:All disambiguation pages",
                         "Template:Infobox"};
    assert_true(wikitext_is_disambiguation(dis[0], strlen(dis[0])));
    assert_true(wikitext_is_disambiguation(dis[1], strlen(dis[1])));
    assert_false(wikitext_is_disambiguation(dis[2], strlen(dis[2])));

    /* Nesting past the limit is an explicit error, not a silent cut. */
    size_t depth = WIKITEXT_MAX_DEPTH + 10;
    char *deep = xmalloc(depth * 2 + 16);
    size_t n = 0;
    for (size_t i = 0; i < depth; i++) {
        deep[n++] = '{';
        deep[n++] = '{';
    }
    struct buf out;
    buf_init(&out, 1 << 16);
    assert_int_equal(wikitext_lead(deep, n, &out, &flags), ERR_LIMIT);
    buf_clear(&out);
    free(deep);
}

struct links {
    char got[2048];
};

static enum err collect(void *ctx, const char *t, size_t tl, const char *l, size_t ll)
{
    struct links *c = ctx;
    size_t n = strlen(c->got);
    snprintf(c->got + n, sizeof c->got - n, "%.*s=%.*s;", (int)tl, t, (int)ll, l);
    return ERR_OK;
}

static void links_and_redirects(void **state)
{
    (void)state;
    const char *text = "[[Kabul]] and [[Pashto language|Pashto]] and [[bank]]s and "
                       "[[Moon#Orbit|orbit]] [[File:X.png|thumb|[[Inner]] caption]] "
                       "[[Category:C]] [[fr:Lune]] <!-- [[Hidden]] --> [[''Italic'']] "
                       "[[wikt:word|word]] [[Star Wars: Episode IV]]";
    struct links c = {{0}};
    assert_int_equal(wikitext_links(text, strlen(text), collect, &c), ERR_OK);
    assert_string_equal(c.got, "Kabul=Kabul;Pashto language=Pashto;bank=banks;Moon=orbit;"
                               "Inner=Inner;Star Wars: Episode IV=Star Wars: Episode IV;");

    char *target;
    assert_true(wikitext_redirect("#REDIRECT [[computer_accessibility#History]]", 44, &target));
    assert_string_equal(target, "Computer accessibility");
    free(target);
    assert_true(wikitext_redirect("#OMDIRIGERING [[Göteborg]]",
                                  strlen("#OMDIRIGERING [[Göteborg]]"), &target));
    assert_string_equal(target, "Göteborg");
    free(target);
    assert_false(wikitext_redirect("'''Moon''' is", 13, &target));
    assert_null(target);

    char *t = wikitext_title("  östersund_city  ", 18);
    assert_string_equal(t, "Östersund city");
    free(t);
    assert_null(wikitext_title(" _ ", 3));
}

static void expect_key(const char *lang, const char *a, const char *b, bool same)
{
    char *ka = kb_norm_key_dup(lang, a, strlen(a)), *kb = kb_norm_key_dup(lang, b, strlen(b));
    assert_non_null(ka);
    assert_non_null(kb);
    if (same != !strcmp(ka, kb))
        fail_msg("[%s] \"%s\" -> \"%s\" and \"%s\" -> \"%s\" should %sbe the same key", lang, a, ka,
                 b, kb, same ? "" : "not ");
    free(ka);
    free(kb);
}

static void alias_keys(void **state)
{
    (void)state;
    expect_key("sv", "Göteborg", "GÖTEBORG", true);
    expect_key("sv", "Göteborg", "Go\xcc\x88teborg", true); /* decomposed ö */
    expect_key("sv", "för", "for", false);                  /* never strip for Swedish */
    expect_key("sv", "Malmö", "Malmo", false);
    expect_key("de", "Müller", "Muller", false);
    expect_key("en", "Zürich", "Zurich", true);
    expect_key("en", "São Paulo", "Sao  Paulo", true);
    expect_key("en", "IS\xe2\x80\x93K", "is-k", true); /* en dash lumped to '-' */
    expect_key("en", "  Straße \n", "STRASSE", true);  /* case folding ß */
    char *k = kb_norm_key_dup("en", "  Abraham \t Lincoln ", 21);
    assert_string_equal(k, "abraham lincoln");
    free(k);
    assert_null(kb_norm_key_dup("en", " \n", 2));
    assert_null(kb_norm_key_dup("en", "\xff\xfe", 2)); /* not UTF-8 */
}

static void first_paragraph(void **state)
{
    (void)state;
    char *p = kb_first_paragraph(" Squirrels are rodents.\nMore.", 29);
    assert_string_equal(p, "Squirrels are rodents.");
    free(p);
    const char *joined = "It is active in the region.ISIS\xe2\x80\x93K has conducted attacks.";
    p = kb_first_paragraph(joined, strlen(joined));
    assert_string_equal(p, "It is active in the region.");
    free(p);
    const char *us = "He sat on the U.S. Supreme Court. Then he left.";
    p = kb_first_paragraph(us, strlen(us));
    assert_string_equal(p, us);
    free(p);
    assert_null(kb_first_paragraph("  \n", 3));

    char lang[32];
    assert_true(kb_wiki_lang("enwiki", lang, sizeof lang));
    assert_string_equal(lang, "en");
    assert_true(kb_wiki_lang("zh_min_nanwiki", lang, sizeof lang));
    assert_string_equal(lang, "zh-min-nan");
    assert_false(kb_wiki_lang("commonswiki", lang, sizeof lang));
    assert_false(kb_wiki_lang("enwikiquote", lang, sizeof lang));
}

static void tokens(void **state)
{
    (void)state;
    const char *text = "The U.S. and IS-K, said Rossi's AT&T friend O'Brien (2021).";
    struct kb_tokens t = {0};
    kb_tokenize(text, strlen(text), &t);
    char got[512] = "";
    for (size_t i = 0; i < t.len; i++) {
        size_t n = strlen(got);
        snprintf(got + n, sizeof got - n, "%.*s%s|", (int)(t.items[i].end - t.items[i].start),
                 text + t.items[i].start, (t.items[i].flags & TOK_CAP) ? "^" : "");
    }
    assert_string_equal(got,
                        "The^|U.S.^|and|IS-K^|,|said|Rossi^|'|s|AT&T^|friend|O'Brien^|(|2021|)|.|");
    kb_tokens_clear(&t);
    assert_true(kb_stopword("en", "The", 3));
    assert_true(kb_stopword("sv", "och", 3));
    assert_false(kb_stopword("en", "Moon", 4));
}

/* Reads a whole stream, and the error that ended it. */
static char *drain(struct kb_stream *s, size_t *len, enum err *err)
{
    struct buf b;
    buf_init(&b, 1 << 24);
    char chunk[1000];
    size_t got;
    *err = ERR_OK;
    while (!(*err = kb_stream_read(s, chunk, sizeof chunk, &got, NULL)) && got)
        assert_int_equal(buf_append(&b, chunk, got), ERR_OK);
    *len = b.len;
    return buf_steal(&b);
}

static void streams(void **state)
{
    (void)state;
    /* Two bzip2 streams back to back read as one text (multistream dumps). */
    char plain[5000];
    for (size_t i = 0; i < sizeof plain; i++)
        plain[i] = (char)('a' + i % 26);
    char packed[20000];
    unsigned n1 = sizeof packed;
    assert_int_equal(BZ2_bzBuffToBuffCompress(packed, &n1, plain, 2500, 9, 0, 0), BZ_OK);
    unsigned n2 = sizeof packed - n1;
    assert_int_equal(BZ2_bzBuffToBuffCompress(packed + n1, &n2, plain + 2500, 2500, 9, 0, 0),
                     BZ_OK);
    struct kb_stream *s = kb_stream_mem(packed, n1 + n2);
    assert_string_equal(kb_stream_codec(s), "bzip2");
    size_t len;
    enum err err;
    char *out = drain(s, &len, &err);
    assert_int_equal(err, ERR_OK);
    assert_int_equal(len, sizeof plain);
    assert_memory_equal(out, plain, sizeof plain);
    assert_int_equal(kb_stream_in_pos(s), n1 + n2);
    free(out);
    kb_stream_close(s);

    /* A cut stream gives what decoded, then a parse error with the offset. */
    s = kb_stream_mem(packed, n1 - 10);
    out = drain(s, &len, &err);
    assert_int_equal(err, ERR_PARSE);
    free(out);
    kb_stream_close(s);

    /* gzip, and plain text. */
    z_stream z = {0};
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (unsigned char *)plain;
    z.avail_in = sizeof plain;
    z.next_out = (unsigned char *)packed;
    z.avail_out = sizeof packed;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t gz_len = sizeof packed - z.avail_out;
    deflateEnd(&z);
    s = kb_stream_mem(packed, gz_len);
    assert_string_equal(kb_stream_codec(s), "gzip");
    out = drain(s, &len, &err);
    assert_int_equal(err, ERR_OK);
    assert_int_equal(len, sizeof plain);
    free(out);
    kb_stream_close(s);
    s = kb_stream_mem("{\"a\":1}", 7);
    assert_string_equal(kb_stream_codec(s), "plain");
    char peek[4];
    assert_int_equal(kb_stream_peek(s, peek, 4, &len, NULL), ERR_OK);
    assert_int_equal(len, 4);
    out = drain(s, &len, &err);
    assert_int_equal(len, 7);
    free(out);
    kb_stream_close(s);
}

static void json_records(void **state)
{
    (void)state;
    struct kb_parse_opts o = {.dump = "test.ndjson", .dump_date = 0};
    struct kb_entity e = {0};
    struct errbuf eb = {{0}};
    /* camelCase as the SDK writes it, redirects as strings. */
    const char *line = "{\"name\":\"Moon\",\"mainEntity\":{\"identifier\":\"Q405\"},"
                       "\"inLanguage\":{\"identifier\":\"en\"},\"abstract\":\"The Moon is "
                       "Earth's satellite.\\nSecond.\",\"url\":\"https://en.wikipedia.org/wiki/"
                       "Moon\",\"redirects\":[\"Luna\"],\"version\":{\"identifier\":7},"
                       "\"date_modified\":\"2024-01-02T03:04:05Z\"}";
    assert_int_equal(kb_json_line_entity(line, strlen(line), &o, &e, &eb), ERR_OK);
    assert_string_equal(e.qid, "Q405");
    assert_int_equal(e.n_texts, 1);
    assert_string_equal(e.texts[0].extract, "The Moon is Earth's satellite.");
    assert_string_equal(e.texts[0].licence, "CC-BY-SA-4.0"); /* none given: Wikipedia's of 2024 */
    assert_int_equal(e.texts[0].revision, 7);
    assert_int_equal(e.n_aliases, 2);
    assert_string_equal(e.aliases[1].norm, "luna");
    assert_int_equal(e.aliases[1].origin, KB_ORIGIN_REDIRECT);
    kb_entity_clear(&e);

    /* Other namespaces are not articles; a record without a name is bad. */
    const char *talk = "{\"name\":\"Talk:Moon\",\"namespace\":{\"identifier\":1},"
                       "\"in_language\":{\"identifier\":\"en\"}}";
    assert_int_equal(kb_json_line_entity(talk, strlen(talk), &o, &e, &eb), ERR_NOT_FOUND);
    assert_int_equal(kb_json_line_entity("{\"abstract\":\"x\"}", 16, &o, &e, &eb), ERR_INVALID);
    assert_int_equal(kb_json_line_entity("{\"name\":", 8, &o, &e, &eb), ERR_PARSE);

    /* A Wikidata item, in the language asked for only. */
    const char *const sv[] = {"sv"};
    struct kb_parse_opts osv = {.langs = sv, .n_langs = 1};
    const char *item = "{\"type\":\"item\",\"id\":\"Q25\",\"labels\":{\"sv\":{\"language\":\"sv\","
                       "\"value\":\"Wales\"},\"en\":{\"language\":\"en\",\"value\":\"Wales\"}},"
                       "\"descriptions\":{\"sv\":{\"language\":\"sv\",\"value\":\"land i "
                       "Storbritannien\"}},\"aliases\":{\"sv\":[{\"language\":\"sv\",\"value\":"
                       "\"Cymru\"}]},\"sitelinks\":{\"svwiki\":{\"site\":\"svwiki\",\"title\":"
                       "\"Wales\"},\"enwiki\":{\"site\":\"enwiki\",\"title\":\"Wales\"},"
                       "\"commonswiki\":{\"site\":\"commonswiki\",\"title\":\"Wales\"}}}";
    assert_int_equal(kb_json_line_entity(item, strlen(item), &osv, &e, &eb), ERR_OK);
    assert_string_equal(e.qid, "Q25");
    assert_int_equal(e.popularity, 2); /* two Wikipedias, not Commons */
    assert_int_equal(e.n_texts, 1);
    assert_string_equal(e.texts[0].lang, "sv");
    assert_string_equal(e.texts[0].description, "land i Storbritannien");
    assert_string_equal(e.texts[0].url, "https://sv.wikipedia.org/wiki/Wales");
    assert_string_equal(e.texts[0].licence, "CC0-1.0");
    for (size_t i = 0; i < e.n_aliases; i++)
        assert_string_equal(e.aliases[i].lang, "sv");
    kb_entity_clear(&e);
    const char *prop = "{\"type\":\"property\",\"id\":\"P31\",\"labels\":{}}";
    assert_int_equal(kb_json_line_entity(prop, strlen(prop), &o, &e, &eb), ERR_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lead_markup),
        cmocka_unit_test(lead_limits_and_flags),
        cmocka_unit_test(links_and_redirects),
        cmocka_unit_test(alias_keys),
        cmocka_unit_test(first_paragraph),
        cmocka_unit_test(tokens),
        cmocka_unit_test(streams),
        cmocka_unit_test(json_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
