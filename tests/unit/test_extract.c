/* The extractor's behaviour: charsets, metadata from each source in its order
 * of trust, what the article keeps and drops, the sanitizer, lead images and
 * credits, and bad input (deep nesting, huge pages, broken bytes, garbage,
 * attribute bombs), which must end in a quick error or result. Real pages
 * from ../shared/corpora/readability-pages where the behaviour needs one. */
#include <iconv.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/url.h"
#include "base/xalloc.h"
#include "extract/extract.h"
#include "extract/extract_internal.h"
#include "sanitized.h"
#include "testlib.h"

#define PAGE_URL "http://fakehost/test/page.html"

static char *corpus_page(const char *name, size_t *len)
{
    char *rel = xasprintf("readability-pages/%s/source.html", name);
    char *path = corpus_path(rel);
    char *data = read_file(path, len);
    if (!data)
        fail_msg("cannot read %s", path);
    free(rel);
    free(path);
    return data;
}

static void extract_ok(const char *html, size_t len, const char *ctype, struct extract_result *r)
{
    struct errbuf eb = {{0}};
    enum err err = extract_article(html, len, PAGE_URL, ctype, NULL, r, &eb);
    if (err)
        fail_msg("extract_article: %s", err_msg(&eb, err));
}

static bool valid_utf8(const char *s)
{
    json_t *j = json_string(s ? s : "");
    bool ok = j != NULL;
    json_decref(j);
    return ok;
}

/* s converted from UTF-8 to charset (unmappable characters transliterated). */
static char *encode(const char *s, size_t len, const char *charset, size_t *out_len)
{
    char *to = xasprintf("%s//TRANSLIT", charset);
    iconv_t cd = iconv_open(to, "UTF-8");
    free(to);
    assert_true(cd != (iconv_t)-1);
    size_t cap = len * 4 + 16, left = cap;
    char *out = xmalloc(cap), *o = out, *in = (char *)s;
    size_t inleft = len;
    while (inleft && iconv(cd, &in, &inleft, &o, &left) == (size_t)-1) {
        /* Skip what cannot be written at all. */
        in++;
        inleft--;
    }
    iconv_close(cd);
    *out_len = (size_t)(o - out);
    return out;
}

/* Replaces the first occurrence of from in *s (len bytes) with to. */
static void replace(char **s, size_t *len, const char *from, const char *to)
{
    char *at = strstr(*s, from);
    assert_non_null(at);
    size_t fl = strlen(from), tl = strlen(to);
    char *n = xmalloc(*len - fl + tl + 1);
    size_t pre = (size_t)(at - *s);
    memcpy(n, *s, pre);
    memcpy(n + pre, to, tl);
    memcpy(n + pre + tl, at + fl, *len - pre - fl + 1);
    free(*s);
    *s = n;
    *len = *len - fl + tl;
}

/* ---- charsets ---- */

static void test_wrong_declared_charset(void **state)
{
    (void)state;
    size_t len;
    char *page = corpus_page("lemonde-1", &len);
    struct extract_result want, got;
    extract_ok(page, len, NULL, &want);
    assert_non_null(strstr(want.title, "approuvé"));

    /* The page in windows-1252 while its <meta> still says UTF-8. */
    size_t llen;
    char *latin = encode(page, len, "WINDOWS-1252", &llen);
    extract_ok(latin, llen, NULL, &got);
    assert_string_equal(got.title, want.title);
    assert_string_equal(got.text, want.text);
    assert_string_equal(got.encoding, "WINDOWS-1252");
    extract_result_clear(&got);

    /* The HTTP header's charset counts too. */
    extract_ok(latin, llen, "text/html; charset=ISO-8859-1", &got);
    assert_string_equal(got.text, want.text);
    extract_result_clear(&got);
    free(latin);

    /* UTF-8 bytes declared Latin-1 are read as UTF-8. */
    replace(&page, &len, "charset=utf-8", "charset=iso-8859-1");
    extract_ok(page, len, NULL, &got);
    assert_string_equal(got.text, want.text);
    assert_string_equal(got.encoding, "UTF-8");
    extract_result_clear(&got);
    extract_result_clear(&want);
    free(page);
}

static void test_other_charsets(void **state)
{
    (void)state;
    size_t len;
    char *page = corpus_page("hukumusume", &len);
    struct extract_result want, got;
    extract_ok(page, len, NULL, &want);

    /* Shift_JIS, as the page's <meta> says. */
    replace(&page, &len, "charset=utf-8", "charset=Shift_JIS");
    size_t slen;
    char *sjis = encode(page, len, "CP932", &slen);
    extract_ok(sjis, slen, NULL, &got);
    assert_string_equal(got.encoding, "CP932");
    assert_string_equal(got.title, want.title);
    assert_string_equal(got.text, want.text);
    extract_result_clear(&got);
    free(sjis);

    /* UTF-16 with a byte order mark, whatever the <meta> says. */
    size_t ulen;
    char *u16 = encode(page, len, "UTF-16LE", &ulen);
    char *bom = xmalloc(ulen + 2);
    memcpy(bom, "\xFF\xFE", 2);
    memcpy(bom + 2, u16, ulen);
    extract_ok(bom, ulen + 2, NULL, &got);
    assert_string_equal(got.encoding, "UTF-16LE");
    assert_string_equal(got.text, want.text);
    extract_result_clear(&got);
    free(bom);
    free(u16);
    extract_result_clear(&want);
    free(page);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    size_t len;
    char *page = corpus_page("lemonde-1", &len);
    /* Break the bytes inside the article: a lone continuation byte, a
     * truncated sequence, a NUL, an overlong form, a surrogate. */
    char *at = strstr(page, "Les députés ont, sans surprise");
    assert_non_null(at);
    memcpy(at + 10, "\x80", 1);
    memcpy(at + 20, "\xE2\x82", 2);
    at[30] = '\0';
    memcpy(at + 40, "\xC0\xAF", 2);
    memcpy(at + 50, "\xED\xA0\x80", 3);
    struct extract_result r;
    extract_ok(page, len, NULL, &r);
    assert_true(valid_utf8(r.text) && valid_utf8(r.html) && valid_utf8(r.title));
    assert_string_equal(r.encoding, "UTF-8");
    assert_non_null(strstr(r.text, "\xEF\xBF\xBD"));
    assert_non_null(strstr(r.text, "renseignement"));
    json_t *j = extract_result_to_json(&r);
    assert_non_null(j);
    json_decref(j);
    extract_result_clear(&r);
    free(page);
}

/* ---- bad input ---- */

static void test_deep_nesting(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    for (int i = 0; i < 20000; i++)
        assert_int_equal(buf_puts(&b, "<div>"), ERR_OK);
    assert_int_equal(buf_puts(&b, "<p>De länder där IS-K verkar, och de närbelägna muslimska "
                                  "majoritetsregionerna i södra Ryssland, är bördig mark för "
                                  "rekrytering, skriver Rossi.</p>"),
                     ERR_OK);
    struct extract_result r;
    extract_ok(b.data, b.len, NULL, &r);
    assert_non_null(strstr(r.text, "bördig mark för rekrytering"));
    extract_result_clear(&r);
    buf_clear(&b);
}

static void test_page_over_cap(void **state)
{
    (void)state;
    size_t len;
    char *page = corpus_page("yahoo-2", &len);
    size_t big = 30u << 20;
    char *huge = xmalloc(big);
    for (size_t at = 0; at < big; at += len)
        memcpy(huge + at, page, at + len <= big ? len : big - at);
    struct extract_result r;
    struct errbuf eb = {{0}};
    assert_int_equal(extract_article(huge, big, PAGE_URL, NULL, NULL, &r, &eb), ERR_LIMIT);
    assert_non_null(strstr(eb.msg, "31457280 bytes"));
    assert_non_null(strstr(eb.msg, "8388608-byte limit"));
    assert_null(r.text);
    extract_result_clear(&r);

    /* A smaller cap is a caller's choice. */
    struct extract_options o;
    extract_options_default(&o);
    o.max_input = len - 1;
    assert_int_equal(extract_article(page, len, PAGE_URL, NULL, &o, &r, &eb), ERR_LIMIT);
    free(huge);
    free(page);
}

static void test_binary_garbage(void **state)
{
    (void)state;
    size_t n = 1u << 20;
    unsigned char *junk = xmalloc(n);
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        junk[i] = (unsigned char)x;
    }
    struct extract_result r;
    struct errbuf eb = {{0}};
    enum err err = extract_article((char *)junk, n, PAGE_URL, NULL, NULL, &r, &eb);
    assert_true(err == ERR_OK || err == ERR_NOT_FOUND || err == ERR_PARSE);
    if (!err)
        assert_true(valid_utf8(r.text) && valid_utf8(r.html));
    extract_result_clear(&r);
    free(junk);
}

static void test_attribute_bomb(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    assert_int_equal(buf_puts(&b, "<html><body><div"), ERR_OK);
    for (int i = 0; i < 200000; i++)
        assert_int_equal(buf_printf(&b, " a%d=\"x\"", i), ERR_OK);
    assert_int_equal(buf_puts(&b, "><p>text</p></div></body></html>"), ERR_OK);
    struct extract_result r;
    struct errbuf eb = {{0}};
    assert_int_equal(extract_article(b.data, b.len, PAGE_URL, NULL, NULL, &r, &eb), ERR_LIMIT);
    assert_non_null(strstr(eb.msg, "attributes"));

    /* End tags that each search thousands of open elements. */
    buf_reset(&b);
    for (int i = 0; i < 20000; i++)
        assert_int_equal(buf_puts(&b, "<div>"), ERR_OK);
    for (int i = 0; i < 100000; i++)
        assert_int_equal(buf_puts(&b, "</table>"), ERR_OK);
    assert_int_equal(extract_article(b.data, b.len, PAGE_URL, NULL, NULL, &r, &eb), ERR_LIMIT);
    assert_non_null(strstr(eb.msg, "open elements"));
    buf_clear(&b);
}

/* A control character in a meta value: the white space collapsing never
 * passed it and looped for ever (found by fuzz_extract). */
static void test_control_character_in_meta(void **state)
{
    (void)state;
    static const char html[] =
        "<html><head><title>Rates\x01rise</title>"
        "<meta property=\"og:title\" content=\"Rates\x01\x02rise\">"
        "<meta name=\"description\" content=\"\x01\">"
        "</head><body><article><p>The bank raised its rates again on Tuesday, the third "
        "time this year, and said more would follow.</p></article></body></html>";
    struct extract_result r;
    extract_ok(html, sizeof html - 1, NULL, &r);
    assert_non_null(r.title);
    assert_null(strchr(r.title, '\x01'));
    assert_string_equal(r.title, "Rates rise");
    extract_result_clear(&r);
}

/* ---- metadata ---- */

static void test_jsonld_graph(void **state)
{
    (void)state;
    const char *html =
        "<html lang=\"sv\"><head><title>Analyser: Därför är det troligt att IS-K är bakom | "
        "Omni</title>"
        "<meta property=\"og:title\" content=\"OG-rubrik\">"
        "<meta name=\"author\" content=\"Fel Person\">"
        "<meta property=\"article:published_time\" content=\"2024-03-20T08:00:00Z\">"
        "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\", "
        "\"@graph\": [{\"@type\": \"WebSite\", \"name\": \"Omni\"}, {\"@type\": "
        "\"NewsArticle\", \"headline\": \"Därför är det troligt att IS-K är bakom\", "
        "\"author\": [{\"@type\": \"Person\", \"name\": \"Alex Rossi\"}, {\"name\": \"Nick "
        "Paton Walsh\"}], \"datePublished\": \"2024-03-23T10:15:30.250+01:00\", "
        "\"dateModified\": \"2024-03-23T12:00:00+01:00\", \"publisher\": {\"@type\": "
        "\"Organization\", \"name\": \"Omni\"}, \"image\": {\"@type\": \"ImageObject\", "
        "\"url\": \"/bilder/minnestavlor.jpg\", \"caption\": \"Minnestavlor på lördagen. "
        "(Alexander Zemlianichenko / AP)\"}}]}</script></head><body><article>"
        "<p>IS-Khorasan har tidigare tagit på sig andras terrorattacker, men i fallet Moskva "
        "pekar det mesta på att de faktiskt ligger bakom, skriver Alex Rossi för Sky News.</p>"
        "</article></body></html>";
    struct extract_result r;
    extract_ok(html, strlen(html), NULL, &r);
    assert_string_equal(r.title, "Därför är det troligt att IS-K är bakom");
    assert_int_equal(r.n_byline, 2);
    assert_string_equal(r.byline[0], "Alex Rossi");
    assert_string_equal(r.byline[1], "Nick Paton Walsh");
    assert_int_equal(r.date_ms, 1711185330250LL); /* 2024-03-23T09:15:30.250Z */
    assert_int_equal(r.modified_ms, 1711191600000LL);
    assert_string_equal(r.site_name, "Omni");
    assert_string_equal(r.lang, "sv");
    assert_string_equal(r.image.url, "http://fakehost/bilder/minnestavlor.jpg");
    assert_string_equal(r.image.caption, "Minnestavlor på lördagen.");
    assert_string_equal(r.image.credit, "Alexander Zemlianichenko / AP");
    assert_true(r.image.credited);
    json_t *j = extract_result_to_json(&r);
    assert_string_equal(json_string_value(json_object_get(j, "date")), "2024-03-23T09:15:30.250Z");
    assert_string_equal(json_string_value(json_object_get(j, "modified")), "2024-03-23T11:00:00Z");
    assert_int_equal(json_array_size(json_object_get(j, "byline")), 2);
    assert_true(json_is_true(json_object_get(json_object_get(j, "image"), "credited")));
    json_decref(j);
    extract_result_clear(&r);
}

static const char *const article_body =
    "<p>De länder där IS-K verkar, och de närbelägna muslimska majoritetsregionerna i södra "
    "Ryssland, är bördig mark för rekrytering. Efter USA:s utträde ur Afghanistan 2021 har "
    "gruppen vuxit sig starkare, och de ser Putin som muslimmördare efter Rysslands militära "
    "ingripanden i Syrien, Tjetjenien och Afghanistan, skriver Rossi.</p>"
    "<p>Spökena efter tidigare krig och militära ingripanden kommer nu tillbaka för att "
    "hemsöka Putin, skriver Nick Paton Walsh för CNN. Paton Walsh var närvarande vid "
    "gisslandramat på Dubrovkateatern i Moskva 2002, då tjetjenska separatister tog 850 "
    "personer som gisslan och 170 personer dog, och han ser många likheter.</p>";

/* A page with the given head and the given byline markup before the text. */
static void extract_page(const char *head, const char *before, struct extract_result *r)
{
    char *html = xasprintf("<html><head>%s</head><body><article><h1>Analyser</h1>%s%s"
                           "</article></body></html>",
                           head, before, article_body);
    extract_ok(html, strlen(html), NULL, r);
    free(html);
}

/* The title of a page written from template, where %s is the article's body. */
static void expect_title(const char *template, const char *want)
{
    struct extract_result r;
    char *page = xasprintf(template, article_body);
    extract_ok(page, strlen(page), NULL, &r);
    assert_string_equal(r.title, want);
    extract_result_clear(&r);
    free(page);
}

static void test_metadata_fallbacks(void **state)
{
    (void)state;
    struct extract_result r;
    /* Open Graph, then meta name=author; article:published_time with offset. */
    extract_page("<title>Sajt | Analyser</title><meta property=\"og:title\" content=\"Analyser: "
                 "IS-K\"><meta name=\"author\" content=\"Anna Berg and Olle Ek\">"
                 "<meta property=\"article:published_time\" content=\"Sat, 23 Mar 2024 "
                 "10:00:00 +0100\"><meta property=\"og:site_name\" content=\"Omni\">",
                 "", &r);
    assert_string_equal(r.title, "Analyser: IS-K");
    assert_int_equal(r.n_byline, 2);
    assert_string_equal(r.byline[1], "Olle Ek");
    assert_int_equal(r.date_ms, 1711184400000LL);
    assert_string_equal(r.site_name, "Omni");
    extract_result_clear(&r);

    /* <time datetime> and a rel=author link, taken out of the text. */
    extract_page("<title>Analyser</title>",
                 "<p class=\"meta\"><a rel=\"author\" href=\"/av/rossi\">Alex Rossi</a> "
                 "<time datetime=\"2024-03-23T10:00:00+01:00\">lördag</time></p>",
                 &r);
    assert_int_equal(r.n_byline, 1);
    assert_string_equal(r.byline[0], "Alex Rossi");
    assert_int_equal(r.date_ms, 1711184400000LL);
    extract_result_clear(&r);

    /* Bylines written as text: "Av X, TT" and "By X". */
    extract_page("<title>Analyser</title>", "<p>Av Anna Andersson, TT</p>", &r);
    assert_int_equal(r.n_byline, 1);
    assert_string_equal(r.byline[0], "Anna Andersson");
    assert_null(strstr(r.text, "Andersson"));
    extract_result_clear(&r);
    extract_page("<title>Analyser</title>", "<div>By Nick Paton Walsh, CNN</div>", &r);
    assert_int_equal(r.n_byline, 1);
    assert_string_equal(r.byline[0], "Nick Paton Walsh");
    extract_result_clear(&r);
    /* A date in a dateline box is no byline; the byline line after it is. */
    extract_page("<title>Analyser</title>",
                 "<p class=\"dateline\"><time datetime=\"2024-03-23T10:00:00+01:00\">March 23, "
                 "2024</time></p><p>By TOM KRISHER, AP Auto Writer</p>",
                 &r);
    assert_int_equal(r.n_byline, 1);
    assert_string_equal(r.byline[0], "Tom Krisher");
    assert_int_equal(r.date_ms, 1711184400000LL);
    extract_result_clear(&r);
    /* The site's name is no part of the headline. */
    extract_page("<title>Analyser: IS-K - Sportsnet</title><meta property=\"og:title\" "
                 "content=\"Analyser: IS-K - Sportsnet\"><meta property=\"og:site_name\" "
                 "content=\"Sportsnet\">",
                 "", &r);
    assert_string_equal(r.title, "Analyser: IS-K");
    extract_result_clear(&r);
    extract_page("<title>Analyser</title>", "", &r);
    assert_int_equal(r.n_byline, 0);
    assert_int_equal(r.date_ms, 0);
    extract_result_clear(&r);
    /* The headline a reader sees: the h1 after a magazine's name and a colon,
     * the JSON-LD headline when its name is the site's, the h1 that is
     * og:title when JSON-LD says something else, the title without the
     * subtitle an h1 adds. */
    expect_title("<html><head><title>SONNENENERGIE: Der WindRebell</title></head><body>"
                 "<article><h1>Der WindRebell</h1>%s</article></body></html>",
                 "Der WindRebell");
    expect_title("<html><head><meta property=\"og:site_name\" content=\"Wochenblatt\">"
                 "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\", "
                 "\"@type\": \"Article\", \"name\": \"Wochenblatt\", \"headline\": \"Heinen-Esser "
                 "offen für Prämie\"}</script></head><body><article>%s</article></body></html>",
                 "Heinen-Esser offen für Prämie");
    expect_title("<html><head><meta property=\"og:title\" content=\"As his first debate nears, "
                 "Bloomberg answers\"><script type=\"application/ld+json\">{\"@context\": "
                 "\"https://schema.org\", \"@type\": \"Article\", \"headline\": \"Michael "
                 "Bloomberg is having to answer questions\"}</script></head><body><div "
                 "class=\"Page-ad-margins\"><h1>As his first debate nears, Bloomberg answers</h1>"
                 "<article>%s</article></div></body></html>",
                 "As his first debate nears, Bloomberg answers");
    expect_title(
        "<html><head><meta property=\"og:title\" content=\"Dezuka Suisan: Fish Cakes, "
        "Hot and Fresh\"></head><body><article><h1>Dezuka Suisan: Fish Cakes, Hot and "
        "Fresh <small>Welcome to the Flavor Capital</small></h1>%s</article></body></html>",
        "Dezuka Suisan: Fish Cakes, Hot and Fresh");
    /* A byline at the article's foot, under its label, is no part of the text. */
    char *foot = xasprintf("<html><head><title>Analyser</title></head><body><article><h1>"
                           "Analyser</h1>%s<p>Autoren:</p><p>Tilman Weber</p></article></body>"
                           "</html>",
                           article_body);
    extract_ok(foot, strlen(foot), NULL, &r);
    free(foot);
    assert_int_equal(r.n_byline, 1);
    assert_string_equal(r.byline[0], "Tilman Weber");
    assert_null(strstr(r.text, "Autoren"));
    assert_null(strstr(r.text, "Tilman"));
    extract_result_clear(&r);
    /* A header named like boilerplate still dates the article. */
    extract_page("<title>Analyser</title>",
                 "<section class=\"header\"><time datetime=\"2024-03-23 10:00:00\">23. März"
                 "</time></section>",
                 &r);
    assert_int_equal(r.date_ms, 1711188000000LL);
    extract_result_clear(&r);
    /* Yoast's graph dates the WebPage and names the author by reference. */
    extract_page("<title>Analyser</title><script type=\"application/ld+json\">{\"@context\": "
                 "\"https://schema.org\", \"@graph\": [{\"@type\": \"WebPage\", "
                 "\"datePublished\": \"2024-03-23T10:00:00+01:00\"}, {\"@type\": "
                 "\"Person\", \"@id\": \"#p1\", \"name\": \"Alex Rossi\"}]}</script>"
                 "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\", "
                 "\"@graph\": [{\"@type\": \"Person\", \"@id\": \"#p2\", \"name\": \"Nick Paton "
                 "Walsh\"}, {\"@type\": \"Article\", \"author\": {\"@id\": \"#p2\"}}]}</script>",
                 "", &r);
    assert_int_equal(r.date_ms, 1711184400000LL);
    assert_int_equal(r.n_byline, 1);
    assert_string_equal(r.byline[0], "Nick Paton Walsh");
    extract_result_clear(&r);
    /* An address filed by day, when nothing else dates the page. */
    extract_page("<title>Analyser</title><link rel=\"canonical\" "
                 "href=\"https://example.com/world/2015/03/18/attack_story.html\">",
                 "", &r);
    assert_int_equal(r.date_ms, 1426636800000LL);
    extract_result_clear(&r);
    extract_page("<title>Analyser</title><link rel=\"canonical\" "
                 "href=\"https://example.com/world/2015/03/180/story.html\">",
                 "", &r);
    assert_int_equal(r.date_ms, 0);
    extract_result_clear(&r);
}

/* The persons ext_byline_split finds in s, joined by "; " (a new string). */
static char *names_of(const char *s, const char *site)
{
    char *n[8];
    size_t k = ext_byline_split(s, site, n, 8);
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    for (size_t i = 0; i < k; i++) {
        assert_int_equal(buf_printf(&b, "%s%s", i ? "; " : "", n[i]), ERR_OK);
        free(n[i]);
    }
    char *out = buf_steal(&b);
    return out ? out : xstrdup("");
}

static void expect_names(const char *s, const char *site, const char *want)
{
    char *got = names_of(s, site);
    if (strcmp(got, want))
        fail_msg("byline '%s': want '%s', got '%s'", s, want, got);
    free(got);
}

static void test_byline_split(void **state)
{
    (void)state;
    expect_names("By Stella Kim, Jennifer Jett", NULL, "Stella Kim; Jennifer Jett");
    /* One name each: "Surname, Given". */
    expect_names("Jong, Michiel de", NULL, "Jong, Michiel de");
    expect_names("Martin Untersinger (avec Damien Leloup et Morgane Tual)", NULL,
                 "Martin Untersinger");
    expect_names("Av Anna Berg och Olle Ek", NULL, "Anna Berg; Olle Ek");
    /* Person names only: agencies, job titles, dates and labels left out. */
    expect_names("By TOM KRISHER, AP Auto Writer", NULL, "Tom Krisher");
    expect_names("Associated Press November 19, 2019, 9:02 AM", NULL, "");
    expect_names("Finian Cunningham. Sputnik International", NULL, "Finian Cunningham");
    expect_names("Anna Andersson, TT", NULL, "Anna Andersson");
    expect_names("Written by: Charnele Henry", NULL, "Charnele Henry");
    expect_names("Poppy Reid Feb 21, 2020", NULL, "Poppy Reid");
    expect_names("Jörn Mecher am 08.12.2022", NULL, "Jörn Mecher");
    expect_names("Dr. Nino Jordan", NULL, "Nino Jordan");
    expect_names("Markus M. Haefliger, London, Beat Bumbacher", NULL,
                 "Markus M. Haefliger; Beat Bumbacher");
    expect_names("Markus Balser, Berlin", NULL, "Markus Balser");
    /* Placeholders, organisations, user names and the site itself are no one. */
    expect_names("Staff Reporter", NULL, "");
    expect_names("Web Desk", NULL, "");
    expect_names("Admin", NULL, "");
    expect_names("wordpressadmin", NULL, "");
    expect_names("Bundesverband WindEnergie e.V.", NULL, "");
    expect_names("kath.net", NULL, "");
    expect_names("AFP/The Local", NULL, "");
    expect_names("Mac & i", NULL, "");
    expect_names("Noticias de El Salvador - La Prensa Gráfica | Informate con la verdad",
                 "Noticias de El Salvador - La Prensa Gráfica | Informate con la verdad", "");
    /* A blog named for its author keeps the credit. */
    expect_names("Haki Benita", "Haki Benita", "Haki Benita");
    /* The newsroom, a broadcaster, an outlet named as news or press: no one. */
    expect_names("Redacción", NULL, "");
    expect_names("Deutsche Welle", NULL, "");
    expect_names("Deutsche Wirtschaftsnachrichten", NULL, "");
    expect_names("Hildesheimer Presse", NULL, "");
    expect_names("Autoren: Tilman Weber", NULL, "Tilman Weber");
}

/* ---- the article ---- */

static void test_keeps_and_drops(void **state)
{
    (void)state;
    const char *html =
        "<html><head><title>Analyser: Därför är det troligt att IS-K är bakom</title></head>"
        "<body><nav class=\"site-nav\"><a href=\"/\">Hem</a> <a href=\"/sport\">Sport</a></nav>"
        "<div id=\"cookie-consent\">Vi använder kakor. Godkänn alla kakor för en bättre "
        "upplevelse på sajten och fler funktioner.</div>"
        "<main><article><h1>Analyser: Därför är det troligt att IS-K är bakom</h1>"
        "<div class=\"share-buttons\"><a href=\"https://facebook.com/share\">Dela</a> "
        "<a href=\"https://twitter.com/intent\">Twittra</a></div>"
        "<p>IS-Khorasan (Khorasan är en historisk term för området Turkmenistan, Afghanistan "
        "och Iran) har tidigare tagit på sig andras terrorattacker, men i fallet Moskva pekar "
        "det mesta på att de faktiskt ligger bakom, skriver Alex Rossi för Sky News.</p>"
        "<h2>Rekrytering</h2>"
        "<p>De länder där IS-K verkar, och de närbelägna muslimska majoritetsregionerna i "
        "södra Ryssland, är bördig mark för rekrytering, skriver Rossi.</p>"
        "<blockquote><p>Gruppen lär också vilja orsaka kaos i Ryssland medan landet utkämpar "
        "ett krig i Ukraina.</p></blockquote>"
        "<ul><li>Moskva, 22 mars: attacken mot konserthallen</li>"
        "<li>Kerman, januari 2024: två självmordsattacker</li></ul>"
        "<figure><img src=\"/bild.jpg\" width=\"800\"><figcaption>Minnestavlor på "
        "lördagen. (Alexander Zemlianichenko / AP)</figcaption></figure>"
        "<div class=\"b\"><div><small>Anzeige:</small></div></div>"
        "<p>Spökena efter tidigare krig och militära ingripanden kommer nu tillbaka för att "
        "hemsöka Putin, skriver Nick Paton Walsh för CNN.</p>"
        /* An author's biography, and an ad's label with a colon. */
        "<div class=\"author-bio\"><p>Alex Rossi är utrikesreporter och har skrivit om "
        "Mellanöstern sedan 2010, med många resor i regionen.</p></div>"
        "<div class=\"related-articles\"><h3>Läs också</h3><ul><li><a href=\"/a\">Putin "
        "lovar hämnd</a></li><li><a href=\"/b\">Fyra gripna efter attacken</a></li></ul></div>"
        /* A lead-in to other articles in no box named for it. */
        "<h3>Läs mer:</h3><ul><li><a href=\"/c\">Så arbetar IS-K</a></li></ul>"
        "</article>"
        "<section id=\"comments\"><p>Anonym skriver: det här är en kommentar, med kommatecken, "
        "som inte hör till artikeln alls, och den är lång nog att räknas.</p></section>"
        "</main><footer>Omni är politiskt obundna och oberoende.</footer></body></html>";
    struct extract_result r;
    extract_ok(html, strlen(html), NULL, &r);
    const char *order[] = {"IS-Khorasan (Khorasan",
                           "Rekrytering",
                           "bördig mark",
                           "orsaka kaos",
                           "konserthallen",
                           "självmordsattacker",
                           "Minnestavlor på lördagen",
                           "hemsöka Putin"};
    const char *at = r.text;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *next = strstr(at, order[i]);
        if (!next)
            fail_msg("'%s' missing or out of order in: %s", order[i], r.text);
        at = next;
    }
    const char *gone[] = {"Hem",         "kakor",   "Dela",           "Läs också",
                          "Putin lovar", "Anonym",  "obundna",        "Därför är det troligt",
                          "Läs mer",     "Anzeige", "utrikesreporter"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        if (strstr(r.text, gone[i]))
            fail_msg("'%s' should be gone from: %s", gone[i], r.text);
    /* Paragraphs are separated by blank lines. */
    assert_non_null(strstr(r.text, "Sky News.\n\nRekrytering\n\nDe länder"));
    assert_string_equal(r.image.url, "http://fakehost/bild.jpg");
    assert_string_equal(r.image.caption, "Minnestavlor på lördagen.");
    assert_string_equal(r.image.credit, "Alexander Zemlianichenko / AP");
    extract_result_clear(&r);
}

static void test_sanitizer(void **state)
{
    (void)state;
    const char *html =
        "<html><body><article>"
        "<script>alert(1)</script><style>p{color:red}</style>"
        "<p onclick=\"steal()\" style=\"x\" class=\"lead\">Gruppen lär också vilja orsaka kaos "
        "i Ryssland, medan landet utkämpar ett krig i Ukraina, skriver <a "
        "href=\"javascript:alert(1)\">Rossi</a> och <a href=\"/cnn?x=1&amp;y=2\" "
        "onmouseover=\"x()\">Paton Walsh</a>. <img src=\"../bild.png\" onerror=\"x()\" "
        "width=\"800\"> <a href=\"data:text/html,evil\">data</a> <a "
        "href=\"mailto:red@omni.se\">Kontakta redaktionen</a></p>"
        "<iframe src=\"https://evil.example/\"></iframe><form><input name=q>"
        "<button>Sök</button></form><object data=\"x.swf\"></object>"
        "<p>Spökena efter tidigare krig och militära ingripanden kommer nu tillbaka för att "
        "hemsöka Putin, skriver Nick Paton Walsh, och han ser många likheter.</p>"
        "<table><tr><td colspan=\"2\" onclick=\"x\">cell</td></tr></table>"
        "</article></body></html>";
    struct extract_result r;
    struct errbuf eb = {{0}};
    assert_int_equal(
        extract_article(html, strlen(html), "https://www.omni.se/a/b/c", NULL, NULL, &r, &eb),
        ERR_OK);
    check_sanitized("test_sanitizer", r.html);
    assert_null(strstr(r.html, "alert"));
    assert_null(strstr(r.html, "color:red"));
    assert_null(strstr(r.html, "evil"));
    assert_non_null(strstr(r.html, "href=\"https://www.omni.se/cnn?x=1&amp;y=2\""));
    assert_non_null(strstr(r.html, "src=\"https://www.omni.se/a/bild.png\""));
    assert_non_null(strstr(r.html, "href=\"mailto:red@omni.se\""));
    assert_non_null(strstr(r.html, "skriver Rossi och"));
    assert_null(strstr(r.text, "Sök"));
    extract_result_clear(&r);
}

/* ---- credits ---- */

static void expect_split(const char *text, const char *caption, const char *credit)
{
    char *cap, *cr;
    ext_caption_split(text, &cap, &cr);
    if (!((!caption && !cap) || (caption && cap && !strcmp(caption, cap))) ||
        !((!credit && !cr) || (credit && cr && !strcmp(credit, cr))))
        fail_msg("'%s' split into '%s' / '%s'", text, cap ? cap : "(null)", cr ? cr : "(null)");
    free(cap);
    free(cr);
}

static void test_caption_credits(void **state)
{
    (void)state;
    expect_split("Minnestavlor på lördagen. (Alexander Zemlianichenko / AP)",
                 "Minnestavlor på lördagen.", "Alexander Zemlianichenko / AP");
    expect_split("Statsminister Ulf Kristersson i riksdagen. Foto: Anders Wiklund/TT",
                 "Statsminister Ulf Kristersson i riksdagen.", "Anders Wiklund/TT");
    expect_split("Rescue workers at the site. Photo: Maxim Shemetov/Reuters",
                 "Rescue workers at the site.", "Maxim Shemetov/Reuters");
    expect_split("Der Kanzler in Berlin. Bild: dpa", "Der Kanzler in Berlin.", "dpa");
    expect_split("A memorial outside the hall. Image: Getty Images", "A memorial outside the hall.",
                 "Getty Images");
    expect_split("Facebook CEO Mark Zuckerberg, the man with the acquisition plan.Photo by James "
                 "Martin/CNET",
                 "Facebook CEO Mark Zuckerberg, the man with the acquisition plan.",
                 "James Martin/CNET");
    expect_split("The Moulin Rouge cabaret in Paris Benoit Tessier/Reuters",
                 "The Moulin Rouge cabaret in Paris", "Benoit Tessier/Reuters");
    expect_split("Glass cloche terrariums (Lucy Akins)", "Glass cloche terrariums", "Lucy Akins");
    /* No credit: the whole text is the caption. */
    expect_split("Minnestavlor på lördagen.", "Minnestavlor på lördagen.", NULL);
    expect_split("The president (right) meets the press in the garden.",
                 "The president (right) meets the press in the garden.", NULL);
    expect_split("(Credit: Nasa)", NULL, "Nasa");
    /* A parenthesis of the credit's own stays. */
    expect_split("Die Schanze im Nebel. Foto: Anna Berg (Skiclub Oberhof)", "Die Schanze im Nebel.",
                 "Anna Berg (Skiclub Oberhof)");
    expect_split("Das Team (Foto: Verein)", "Das Team", "Verein");
    /* German sources, and a label glued to the copyright sign. */
    expect_split("Sinnvoll: Microwindkraft auf einem Segelboot, Bildquelle: G. Warnke",
                 "Sinnvoll: Microwindkraft auf einem Segelboot", "G. Warnke");
    expect_split("Die Ministerin im Gespräch. (Bildquelle: Ring der Landjugend )",
                 "Die Ministerin im Gespräch.", "Ring der Landjugend");
    expect_split("\xC2\xA9"
                 "Foto: Martin Sehmisch | nh",
                 NULL, "Martin Sehmisch | nh");
    /* At an article's foot only a label that names a picture credits one. */
    char *c = ext_foot_credit("erb/ots Foto: dahancoo / Pixabay (Symbolbild)");
    assert_string_equal(c, "dahancoo / Pixabay");
    free(c);
    assert_null(ext_foot_credit("Quelle: TSV Bayer Dormagen"));
    assert_null(ext_foot_credit("Source: Reuters"));
    c = ext_credit_clean("CreditKevin Frayer/Getty Images");
    assert_string_equal(c, "Kevin Frayer/Getty Images");
    free(c);
    c = ext_credit_clean("(Bild: Hersteller)");
    assert_string_equal(c, "Hersteller");
    free(c);
}

static void test_uncredited_image(void **state)
{
    (void)state;
    struct extract_result r;
    extract_page("<title>Analyser</title><meta property=\"og:image\" "
                 "content=\"https://www.omni.se/bild-1024x576.jpg\">",
                 "<figure><img src=\"/bild.jpg\"><figcaption>Minnestavlor på "
                 "lördagen.</figcaption></figure>",
                 &r);
    assert_string_equal(r.image.url, "https://www.omni.se/bild-1024x576.jpg");
    assert_string_equal(r.image.caption, "Minnestavlor på lördagen.");
    assert_null(r.image.credit);
    assert_false(r.image.credited);
    json_t *j = extract_result_to_json(&r);
    json_t *im = json_object_get(j, "image");
    assert_true(json_is_null(json_object_get(im, "credit")));
    assert_true(json_is_false(json_object_get(im, "credited")));
    json_decref(j);
    extract_result_clear(&r);
}

/* The lead picture however the template writes it: an <img> that names no
 * address of its own inside a <picture>, a resizer's address for the
 * picture the metadata names, a caption that follows its <figure>. Alternative
 * text is not a caption (readers do not see it). */
/* The lead picture of extract_page(head, before): its caption and credit. */
static void expect_lead(const char *head, const char *before, const char *caption,
                        const char *credit)
{
    struct extract_result r;
    extract_page(head, before, &r);
    if (caption)
        assert_string_equal(r.image.caption, caption);
    else
        assert_null(r.image.caption);
    assert_string_equal(r.image.credit, credit);
    extract_result_clear(&r);
}

static void test_lead_picture_markup(void **state)
{
    (void)state;
    struct extract_result r;
    expect_lead("<meta property=\"og:image\" content=\"https://www.omni.se/m/lead_1200w.jpg\">",
                "<figure><picture><source srcset=\"/m/lead_1200w.jpg 1200w\" media=\"(min-width: "
                "1000px)\"><source srcset=\"/m/lead_700w.jpg\"><img alt=\"Bron i dimma\"></picture>"
                "<figcaption>Bron i dimma. Foto: Anna Berg/TT</figcaption></figure>",
                "Bron i dimma.", "Anna Berg/TT");
    /* Above the article, a figure counts only when it shows the picture the
     * metadata names: here through an image resizer's address. */
    char *html = xasprintf(
        "<html><head><meta property=\"og:image\" content=\"https://cdn.example/resize/1486x991/"
        "?url=https%%3A%%2F%%2Fs3.example%%2Fab%%2Fbron-06154.jpg\"></head><body><div><figure><img "
        "src=\"https://cdn.example/resize/840x560/"
        "?w=840&amp;url=https%%3A%%2F%%2Fs3.example%%2Fab%%2F"
        "bron-06154.jpg\"></figure><div class=\"caption\">Bron i dimma.</div></div><article><h1>"
        "Analyser</h1>%s</article></body></html>",
        article_body);
    extract_ok(html, strlen(html), NULL, &r);
    assert_string_equal(r.image.caption, "Bron i dimma.");
    extract_result_clear(&r);
    free(html);
    extract_page("<meta property=\"og:image\" content=\"https://www.omni.se/bild.jpg\">",
                 "<figure><img src=\"/bild.jpg\" alt=\"En bro i dimma över älven\"></figure>", &r);
    assert_null(r.image.caption);
    extract_result_clear(&r);
    /* The metadata's picture under another name: the first figure with a
     * caption ahead of the second paragraph (after a standfirst), not the
     * small portrait before it. */
    char *standfirst = xasprintf(
        "<p>%s</p><img src=\"/m/portratt-w-125.jpg\"><figure><img "
        "src=\"/piece/291367205-h-720.jpg\">"
        "</figure><figcaption>Bron i dimma. <span class=\"autor\">Foto: Anna Berg</span>"
        "</figcaption>",
        "Spökena efter tidigare krig och militära ingripanden kommer nu tillbaka för att hemsöka "
        "Putin, skriver Nick Paton Walsh för CNN, som var i Moskva 2002 och ser likheter mellan "
        "gisslandramat då och attacken nu, när 850 personer hölls som gisslan.");
    extract_page("<meta property=\"og:image\" content=\"https://www.omni.se/piece/291367200.jpg\">",
                 standfirst, &r);
    assert_string_equal(r.image.url, "https://www.omni.se/piece/291367200.jpg");
    assert_string_equal(r.image.caption, "Bron i dimma.");
    assert_string_equal(r.image.credit, "Anna Berg");
    extract_result_clear(&r);
    free(standfirst);
    /* libxml2 nests the <img> in its <picture>'s <source>s: the picture is
     * still read, and its container's caption found past them. */
    expect_lead("<meta property=\"og:image\" content=\"https://www.omni.se/imgs/28244.jpg\">",
                "<div class=\"media\"><picture><source srcset=\"/w_768/imgs/28244.jpg\">"
                "<source srcset=\"/w_480/imgs/28244.jpg\"><img src=\"/w_480/imgs/28244.jpg\">"
                "</picture><p class=\"media__caption\">Bron i dimma. (Bildquelle: Anna Berg)</p>"
                "</div>",
                "Bron i dimma.", "Anna Berg");
    /* An image beside its own caption in a block stands alone (no metadata
     * names a picture here); "Caption / Agency" whose first part the
     * alternative text repeats is a caption and its agency, not a
     * photographer's name. */
    expect_lead("",
                "<div><img src=\"/m/tribunal.jpg\" alt=\"Trybuna\xC5\x82 Konstytucyjny\">"
                "<div class=\"caption\"><b>Trybuna\xC5\x82 Konstytucyjny</b> / Shutterstock</div>"
                "</div>",
                "Trybuna\xC5\x82 Konstytucyjny", "Shutterstock");
    /* A lazy loader's picture is the one its <noscript> holds for readers
     * without scripts, credited beside it. */
    expect_lead("<meta property=\"og:image\" content=\"https://www.omni.se/m/bro-1.jpg\">",
                "<div class=\"lazy-image\" data-src=\"/m/bro-1.jpg\"><noscript><img "
                "src=\"/m/bro-1.jpg\" alt=\"bro\"></noscript><div><div class=\"credit\">Getty "
                "Images</div></div></div>",
                NULL, "Getty Images");
}

static void test_tag_table(void **state)
{
    (void)state;
    /* ext_tag_of searches the table: it must be in order. */
    for (int t = 1; t < T_COUNT; t++)
        assert_int_equal(ext_tag_of((const xmlChar *)ext_tag_info((enum tag)t)->name), t);
    assert_int_equal(ext_tag_of((const xmlChar *)"custom-element"), T_OTHER);
}

int main(void)
{
    xmlInitParser();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrong_declared_charset), cmocka_unit_test(test_other_charsets),
        cmocka_unit_test(test_invalid_utf8),           cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_page_over_cap),          cmocka_unit_test(test_binary_garbage),
        cmocka_unit_test(test_attribute_bomb), cmocka_unit_test(test_control_character_in_meta),         cmocka_unit_test(test_jsonld_graph),
        cmocka_unit_test(test_metadata_fallbacks),     cmocka_unit_test(test_byline_split),
        cmocka_unit_test(test_keeps_and_drops),        cmocka_unit_test(test_sanitizer),
        cmocka_unit_test(test_caption_credits),        cmocka_unit_test(test_uncredited_image),
        cmocka_unit_test(test_lead_picture_markup),    cmocka_unit_test(test_tag_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
