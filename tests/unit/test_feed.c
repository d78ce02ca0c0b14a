/* The feed parser on the cases that are easy to get wrong: encodings and
 * repairs, entities (HTML names, bare ampersands, entity bombs, external
 * entities), recovery from ill-formed markup, the sanitizer, xml:base, media
 * images, precedence between elements, JSON Feed, and the limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "feed/decode.h"
#include "feed/feed.h"
#include "testlib.h"

static struct feed parse_ok(const char *doc, size_t len, const char *base, const char *ctype)
{
    struct feed f;
    struct errbuf eb = {{0}};
    enum err err = feed_parse(doc, len, base, ctype, &f, &eb);
    if (err)
        fail_msg("feed_parse: %s", err_msg(&eb, err));
    return f;
}

static struct feed parse_str(const char *doc)
{
    return parse_ok(doc, strlen(doc), "http://example.com/feed/", NULL);
}

#define RSS(items) "<rss version=\"2.0\"><channel><title>T</title>" items "</channel></rss>"

static void html_entities_and_c1_characters(void **state)
{
    (void)state;
    struct feed f = parse_str(RSS("<item><title>caf&eacute;&nbsp;&amp; don&#146;t &hellip;</title>"
                                  "<description>&lt;b&gt;bold&lt;/b&gt; &amp;amp; x</description>"
                                  "</item>"));
    assert_int_equal(f.n_items, 1);
    assert_string_equal(f.items[0].title, "caf\xc3\xa9\xc2\xa0& don\xe2\x80\x99t \xe2\x80\xa6");
    assert_string_equal(f.items[0].summary, "<b>bold</b> &amp; x");
    assert_false(f.ill_formed);
    feed_clear(&f);
}

static void text_survives_an_earlier_error(void **state)
{
    (void)state;
    /* libxml2 drops entity references after any error; we must not. */
    struct feed f = parse_str(RSS("<item><title a=\"1\" a=\"2\">x</title></item>"
                                  "<item><title>Tom &amp; Jerry &lt;3</title></item>"
                                  "<item><title>AT&T and R&D; ?a=1&b=2</title></item>"));
    assert_true(f.ill_formed);
    assert_non_null(f.ill_formed_reason);
    assert_int_equal(f.n_items, 3);
    assert_string_equal(f.items[1].title, "Tom & Jerry <3");
    assert_string_equal(f.items[2].title, "AT&T and R&D; ?a=1&b=2");
    feed_clear(&f);
}

static void entity_bombs_and_external_entities(void **state)
{
    (void)state;
    const char *bomb =
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c "
        "\"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
        "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e "
        "\"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
        "<!ENTITY xxe SYSTEM \"file:///etc/passwd\"><!ENTITY % pe SYSTEM \"http://127.0.0.1:1/x\">"
        "%pe;]>" RSS("<item><title>&e;|&xxe;|&a;</title></item>");
    struct feed f = parse_str(bomb);
    assert_int_equal(f.n_items, 1);
    /* The simple text entity expands; the nested and external ones stay as written. */
    assert_string_equal(f.items[0].title, "&e;|&xxe;|aaaaaaaaaa");
    assert_null(strstr(f.items[0].title, "root:"));
    feed_clear(&f);
}

static void unclosed_html_does_not_swallow_the_feed(void **state)
{
    (void)state;
    struct feed f = parse_str(RSS("<item><title>one</title><description>a <br> b</description>"
                                  "<link>http://example.com/1</link></item>"
                                  "<item><title>two</title><description><p>x</description></item>"
                                  "<item><title>three</title></item>"));
    assert_true(f.ill_formed);
    assert_int_equal(f.n_items, 3);
    assert_string_equal(f.items[0].title, "one");
    assert_string_equal(f.items[0].summary, "a <br /> b");
    assert_string_equal(f.items[0].link, "http://example.com/1");
    assert_string_equal(f.items[1].title, "two");
    assert_string_equal(f.items[2].title, "three");
    feed_clear(&f);
}

static void truncated_feed_keeps_what_came(void **state)
{
    (void)state;
    const char *doc = RSS("<item><title>one</title></item><item><title>two</title></item>");
    /* Cut inside the last </title>. */
    struct feed f = parse_ok(doc, strlen(doc) - 27, NULL, NULL);
    assert_true(f.ill_formed);
    assert_int_equal(f.n_items, 2);
    assert_non_null(f.items[1].title);
    assert_string_equal(f.items[1].title, "two");
    feed_clear(&f);
}

static void sanitizer_removes_active_content(void **state)
{
    (void)state;
    struct feed f = parse_str(
        RSS("<item><description><![CDATA[<p onclick=\"x()\" style=\"color:red\">Hi "
            "<script>alert(1)</script><style>p{}</style><a href=\"javascript:alert(1)\">a</a> "
            "<a href=\"java&#x09;script:alert(2)\">b</a> <img src=\"data:image/png;base64,AA\" "
            "onerror=\"x()\"><iframe src=\"http://evil/\">c</iframe> <a href=\"/rel\" "
            "target=\"_blank\">d</a> <object data=\"x.swf\"><embed src=\"x.swf\">e</object>"
            "<form action=\"http://evil/\"><input name=\"q\"><button>f</button></form>"
            "<svg onload=\"x()\"><text>g</text></svg></p>]]></description></item>"));
    const char *s = f.items[0].summary;
    /* libxml2 closes the <p> at <form>, as HTML says. */
    assert_string_equal(s,
                        "<p>Hi <a>a</a> <a>b</a> <img />c <a href=\"http://example.com/rel\">d</a> "
                        "e</p>fg");
    feed_clear(&f);
}

static void xml_base_resolves_links_and_html(void **state)
{
    (void)state;
    struct feed f = parse_str(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"http://a.example/dir/\">"
        "<link href=\"home\"/><entry xml:base=\"sub/\"><link href=\"page?x=1&amp;y=2\"/>"
        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\" xml:base=\"/x/\">"
        "<a href=\"y\">z</a></div></content></entry>"
        "<entry><link rel=\"alternate\" type=\"text/html\" href=\"//cdn.example/p\"/>"
        "<link rel=\"enclosure\" type=\"image/jpeg\" length=\"12\" "
        "href=\"i.jpg\"/></entry></feed>");
    assert_int_equal(f.format, FEED_ATOM10);
    assert_string_equal(f.link, "http://a.example/dir/home");
    assert_string_equal(f.items[0].link, "http://a.example/dir/sub/page?x=1&y=2");
    /* The wrapper div goes; its xml:base still counts for what it holds. */
    assert_string_equal(f.items[0].content, "<a href=\"http://a.example/x/y\">z</a>");
    assert_string_equal(f.items[1].link, "http://cdn.example/p");
    assert_int_equal(f.items[1].n_enclosures, 1);
    assert_string_equal(f.items[1].enclosures[0].url, "http://a.example/dir/i.jpg");
    assert_int_equal(f.items[1].enclosures[0].length, 12);
    assert_string_equal(f.items[1].image.url, "http://a.example/dir/i.jpg");
    feed_clear(&f);
}

static void media_images_with_caption_and_credit(void **state)
{
    (void)state;
    struct feed f = parse_str(
        RSS("<item xmlns:media=\"http://search.yahoo.com/mrss/\"><title>a</title>"
            "<media:thumbnail url=\"http://i.example/small.jpg\" width=\"100\"/>"
            "<media:content url=\"http://i.example/big.jpg\" medium=\"image\" width=\"1200\">"
            "<media:description type=\"html\">Memorial boards &lt;b&gt;on Saturday&lt;/b&gt;."
            "</media:description><media:credit>Alexander Zemlianichenko / AP</media:credit>"
            "</media:content></item>"
            "<item xmlns:media=\"http://search.yahoo.com/mrss/\"><title>b</title>"
            "<media:group><media:content url=\"http://i.example/v.mp4\" type=\"video/mp4\"/>"
            "<media:thumbnail url=\"http://i.example/poster.jpg\"/></media:group>"
            "<media:description>Loose caption</media:description>"
            "<media:credit role=\"photographer\">TT</media:credit></item>"
            "<item><title>c</title><enclosure url=\"http://i.example/e.png\" type=\"image/png\" "
            "length=\"5\"/></item>"));
    assert_string_equal(f.items[0].image.url, "http://i.example/big.jpg");
    assert_string_equal(f.items[0].image.caption, "Memorial boards on Saturday.");
    assert_string_equal(f.items[0].image.credit, "Alexander Zemlianichenko / AP");
    assert_string_equal(f.items[1].image.url, "http://i.example/poster.jpg");
    assert_string_equal(f.items[1].image.caption, "Loose caption");
    assert_string_equal(f.items[1].image.credit, "TT");
    assert_string_equal(f.items[2].image.url, "http://i.example/e.png");
    assert_null(f.items[2].image.caption);
    feed_clear(&f);
}

static void precedence_and_dates(void **state)
{
    (void)state;
    struct feed f = parse_str(
        "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
        "<title>Feed</title><language>sv</language><item>"
        "<content:encoded><![CDATA[<p>full</p>]]></content:encoded><description>short</description>"
        "<dc:date>2024-03-23T10:00:00+01:00</dc:date><dc:creator>Anna Andersson</dc:creator>"
        "<dc:creator>Bo Berg</dc:creator><author>cc@example.com (Cecilia C)</author>"
        "<guid>http://example.com/a</guid><category>Inrikes</category><category>Inrikes</category>"
        "</item><item><pubDate>Sat, 23 Mar 2024 10:00:00 +0100</pubDate>"
        "<guid isPermaLink=\"false\">http://example.com/b</guid><title>x</title>"
        "<dc:title>y</dc:title></item></channel></rss>");
    struct feed_item *a = &f.items[0], *b = &f.items[1];
    assert_string_equal(a->content, "<p>full</p>");
    assert_string_equal(a->summary, "short");
    assert_int_equal(a->published, 1711184400);
    assert_int_equal(a->n_authors, 3);
    assert_string_equal(a->authors[0], "Anna Andersson");
    assert_string_equal(a->authors[2], "Cecilia C");
    assert_string_equal(a->link, "http://example.com/a"); /* the permalink guid */
    assert_int_equal(a->n_categories, 1);
    assert_string_equal(a->lang, "sv");
    assert_int_equal(b->published, 1711184400);
    assert_null(b->link); /* isPermaLink="false" is no link */
    assert_string_equal(b->id, "http://example.com/b");
    assert_string_equal(b->title, "x");
    feed_clear(&f);
}

static void encodings(void **state)
{
    (void)state;
    /* UTF-16LE with a BOM. */
    const char *ascii = "<rss><channel><title>\xe5</title></channel></rss>";
    size_t n = strlen(ascii);
    char *u16 = xmalloc(2 * n + 2);
    u16[0] = (char)0xff, u16[1] = (char)0xfe;
    for (size_t i = 0; i < n; i++)
        u16[2 + 2 * i] = ascii[i], u16[3 + 2 * i] = 0;
    struct feed f = parse_ok(u16, 2 * n + 2, NULL, NULL);
    assert_string_equal(f.encoding, "utf-16le");
    assert_string_equal(f.title, "\xc3\xa5");
    assert_false(f.ill_formed);
    feed_clear(&f);
    free(u16);

    /* The HTTP charset overrides the declaration. */
    const char *latin = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>"
                        "caf\xe9 \x93q\x94</title></channel></rss>";
    f = parse_ok(latin, strlen(latin), NULL, "application/rss+xml; charset=\"ISO-8859-1\"");
    assert_string_equal(f.encoding, "iso-8859-1");
    assert_string_equal(f.title, "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d");
    assert_false(f.ill_formed);
    feed_clear(&f);

    /* Declared UTF-8, but a Latin-1 byte: repaired and flagged. */
    f = parse_ok(latin, strlen(latin), NULL, NULL);
    assert_true(f.ill_formed);
    assert_string_equal(f.title, "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d");
    feed_clear(&f);

    /* An encoding nobody knows: read as UTF-8, flagged. */
    const char *bogus = "<?xml version=\"1.0\" encoding=\"x-no-such\"?><rss><channel><title>ok"
                        "</title></channel></rss>";
    f = parse_ok(bogus, strlen(bogus), NULL, NULL);
    assert_true(f.ill_formed);
    assert_string_equal(f.title, "ok");
    feed_clear(&f);

    /* Windows-1252 declared in the document. */
    const char *cp = "<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><channel><title>"
                     "\x80 5</title></channel></rss>";
    f = parse_ok(cp, strlen(cp), NULL, NULL);
    assert_string_equal(f.title, "\xe2\x82\xac 5");
    feed_clear(&f);
}

static void output_is_always_utf8(void **state)
{
    (void)state;
    /* Every byte value, in text and attributes, declared as UTF-8. */
    char doc[1024];
    size_t n = (size_t)snprintf(doc, sizeof doc, "<rss><channel><item><title>");
    for (int c = 1; c < 256; c++)
        if (c != '<' && c != '&')
            doc[n++] = (char)c;
    n += (size_t)snprintf(doc + n, sizeof doc - n,
                          "</title><link>http://x/\xff\xfe</link>"
                          "</item></channel></rss>");
    struct feed f = parse_ok(doc, n, NULL, NULL);
    assert_int_equal(f.n_items, 1);
    assert_true(feed_utf8_valid(f.items[0].title, strlen(f.items[0].title)));
    struct buf out;
    buf_init(&out, BUF_UNLIMITED);
    assert_int_equal(feed_to_json(&f, &out), ERR_OK);
    assert_true(feed_utf8_valid(out.data, out.len));
    buf_clear(&out);
    feed_clear(&f);
}

static void formats_and_refusals(void **state)
{
    (void)state;
    struct feed f;
    struct errbuf eb = {{0}};
    const char *html = "<!DOCTYPE html><html><body><p>not a feed</p></body></html>";
    assert_int_equal(feed_parse(html, strlen(html), NULL, "text/html", &f, &eb), ERR_PARSE);
    feed_clear(&f);
    assert_int_equal(feed_parse("   ", 3, NULL, NULL, &f, &eb), ERR_PARSE);
    feed_clear(&f);
    assert_int_equal(feed_parse("{\"items\": [", 11, NULL, NULL, &f, &eb), ERR_PARSE);
    feed_clear(&f);
    assert_int_equal(feed_parse("x", (size_t)FEED_MAX_BYTES + 1, NULL, NULL, &f, &eb), ERR_LIMIT);
    feed_clear(&f);

    f = parse_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                  "xmlns=\"http://purl.org/rss/1.0/\"><channel><title>R</title></channel>"
                  "<item rdf:about=\"http://example.com/i\"><title>i</title>"
                  "<link>http://example.com/i</link></item></rdf:RDF>");
    assert_int_equal(f.format, FEED_RSS10);
    assert_string_equal(f.items[0].id, "http://example.com/i");
    feed_clear(&f);

    const char *json =
        "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"J\","
        "\"language\": \"en\", \"authors\": [{\"name\": \"Ann\"}], \"items\": [{\"id\": "
        "\"1\", \"url\": \"/p/1\", \"content_html\": \"<p onclick=x>hi</p>\", "
        "\"date_published\": \"2024-03-23T10:00:00Z\", \"tags\": [\"a\", \"b\"], "
        "\"image\": \"https://img/1.jpg\", \"attachments\": [{\"url\": "
        "\"https://a/1.mp3\", \"mime_type\": \"audio/mpeg\", \"size_in_bytes\": 9}]}]}";
    f = parse_ok(json, strlen(json), "https://j.example/feed.json", "application/feed+json");
    assert_int_equal(f.format, FEED_JSON11);
    assert_string_equal(f.items[0].link, "https://j.example/p/1");
    assert_string_equal(f.items[0].content, "<p>hi</p>");
    assert_string_equal(f.items[0].authors[0], "Ann");
    assert_string_equal(f.items[0].lang, "en");
    assert_int_equal(f.items[0].published, 1711188000);
    assert_int_equal(f.items[0].n_categories, 2);
    assert_int_equal(f.items[0].enclosures[0].length, 9);
    assert_string_equal(f.items[0].image.url, "https://img/1.jpg");
    feed_clear(&f);
}

static void deep_nesting_is_refused_not_fatal(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    assert_int_equal(buf_puts(&b, "<rss><channel><item><title>t</title><description>"), ERR_OK);
    for (int i = 0; i < 50000; i++)
        assert_int_equal(buf_puts(&b, "<div>"), ERR_OK);
    struct feed f = parse_ok(b.data, b.len, NULL, NULL);
    assert_true(f.ill_formed);
    assert_int_equal(f.n_items, 1);
    assert_string_equal(f.items[0].title, "t");
    feed_clear(&f);
    buf_clear(&b);
}

static void json_output_shape(void **state)
{
    (void)state;
    struct feed f = parse_str(RSS("<item><title>a \"q\"</title><link>/x</link></item>"));
    struct buf out;
    buf_init(&out, BUF_UNLIMITED);
    assert_int_equal(feed_to_json(&f, &out), ERR_OK);
    assert_non_null(strstr(out.data, "\"format\": \"rss20\""));
    assert_non_null(strstr(out.data, "\"title\": \"a \\\"q\\\"\""));
    assert_non_null(strstr(out.data, "\"link\": \"http://example.com/x\""));
    assert_non_null(strstr(out.data, "\"ill_formed\": false"));
    buf_clear(&out);
    feed_clear(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_entities_and_c1_characters),
        cmocka_unit_test(text_survives_an_earlier_error),
        cmocka_unit_test(entity_bombs_and_external_entities),
        cmocka_unit_test(unclosed_html_does_not_swallow_the_feed),
        cmocka_unit_test(truncated_feed_keeps_what_came),
        cmocka_unit_test(sanitizer_removes_active_content),
        cmocka_unit_test(xml_base_resolves_links_and_html),
        cmocka_unit_test(media_images_with_caption_and_credit),
        cmocka_unit_test(precedence_and_dates),
        cmocka_unit_test(encodings),
        cmocka_unit_test(output_is_always_utf8),
        cmocka_unit_test(formats_and_refusals),
        cmocka_unit_test(deep_nesting_is_refused_not_fatal),
        cmocka_unit_test(json_output_shape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
