/* The text module's behaviour on the cases the roundup depends on:
 * abbreviations, dialogue, quotes with speakers in Swedish and English,
 * names, normal forms, language ID with priors, and bad input. (Quality on
 * real corpora is measured in tests/corpus/test_ud.c and test_quotes.c.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "testlib.h"
#include "text/analyze.h"

static struct text_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    return text_ctx_new(&ctx, NULL) == ERR_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    text_ctx_free(ctx);
    return 0;
}

/* Asserts that s splits into exactly the sentences in want (NULL-ended). */
static void sentences_are(const char *s, enum lang lang, const char *const *want)
{
    struct text_span_list l = {0};
    text_sentences(s, strlen(s), lang, &l);
    size_t n = 0;
    while (want[n])
        n++;
    for (size_t i = 0; i < l.len && i < n; i++) {
        size_t len = l.items[i].end - l.items[i].begin;
        if (len != strlen(want[i]) || memcmp(s + l.items[i].begin, want[i], len))
            fail_msg("sentence %zu is '%.*s', expected '%s'", i, (int)len, s + l.items[i].begin,
                     want[i]);
    }
    if (l.len != n)
        fail_msg("%zu sentences, expected %zu", l.len, n);
    text_span_list_clear(&l);
}

static void swedish_sentences(void **state)
{
    (void)state;
    sentences_are("Regeringen har bl.a. beslutat att mötet börjar kl. 10. Det kostar ca. 5 "
                  "mdr kr, dvs. mer än väntat. F.d. ministern t.ex. höll med.",
                  LANG_SV,
                  (const char *[]){"Regeringen har bl.a. beslutat att mötet börjar kl. 10.",
                                   "Det kostar ca. 5 mdr kr, dvs. mer än väntat.",
                                   "F.d. ministern t.ex. höll med.", NULL});
    sentences_are("– Jag vet inte, säger hon. – Vi får se.\n\n”Det är slut.” Sedan gick han.",
                  LANG_SV,
                  (const char *[]){"– Jag vet inte, säger hon.", "– Vi får se.", "”Det är slut.”",
                                   "Sedan gick han.", NULL});
}

static void english_sentences(void **state)
{
    (void)state;
    sentences_are("Mr. Smith met Dr. J. Brown in the U.S. Army on Jan. 5. The cost was 3.5 "
                  "million... It rose. \"Why?\" he asked. She left!",
                  LANG_EN,
                  (const char *[]){"Mr. Smith met Dr. J. Brown in the U.S. Army on Jan. 5.",
                                   "The cost was 3.5 million...", "It rose.", "\"Why?\" he asked.",
                                   "She left!", NULL});
    sentences_are("He moved to the U.S. The rest is history.", LANG_EN,
                  (const char *[]){"He moved to the U.S.", "The rest is history.", NULL});
    sentences_are("Am 3. Oktober feierte man. Das war gut.", LANG_DE,
                  (const char *[]){"Am 3. Oktober feierte man.", "Das war gut.", NULL});
}

static enum lang identify(const char *s, enum lang prior)
{
    struct text_lang_guess g;
    struct errbuf eb = {{0}};
    enum err err = text_lang_identify(ctx, s, strlen(s), prior, &g, &eb);
    if (err)
        fail_msg("text_lang_identify: %s", err_msg(&eb, err));
    return g.lang;
}

static void languages(void **state)
{
    (void)state;
    assert_int_equal(
        identify("Regeringen har beslutat att skärpa reglerna för invandring.", LANG_UNKNOWN),
        LANG_SV);
    assert_int_equal(identify("Regjeringen har bestemt seg for å skjerpe reglene for innvandring.",
                              LANG_UNKNOWN),
                     LANG_NB);
    assert_int_equal(identify("Regeringen har besluttet at skærpe reglerne for indvandring af "
                              "udlændinge.",
                              LANG_UNKNOWN),
                     LANG_DA);
    assert_int_equal(
        identify("The government decided to tighten the rules on immigration.", LANG_UNKNOWN),
        LANG_EN);
    /* Too short to judge: the prior decides, and without one it is unknown. */
    assert_int_equal(identify("Hej då", LANG_SV), LANG_SV);
    assert_int_equal(identify("Hej då", LANG_UNKNOWN), LANG_UNKNOWN);
    /* A script we do not model. */
    assert_int_equal(
        identify("这是一段我们不建模的中文文本，它应该被识别为未知语言。", LANG_UNKNOWN),
        LANG_UNKNOWN);
    assert_int_equal(lang_parse("sv-SE"), LANG_SV);
    assert_int_equal(lang_parse("no"), LANG_NB);
    assert_int_equal(lang_parse("xx"), LANG_UNKNOWN);
}

static void span_is(const char *s, struct text_span sp, const char *want)
{
    size_t n = sp.end - sp.begin;
    if (n != strlen(want) || memcmp(s + sp.begin, want, n))
        fail_msg("'%.*s', expected '%s'", (int)n, s + sp.begin, want);
}

static void swedish_quotes(void **state)
{
    (void)state;
    const char *s = "”Det här är en katastrof för Sverige”, säger Magdalena Andersson till DN. "
                    "Enligt Ulf Kristersson ”går det inte att vänta längre”.\n\n"
                    "– Jag vet inte vad som händer nu, skriver han. – Vi får se.";
    struct text_quote_list l = {0};
    text_quotes(s, strlen(s), LANG_SV, &l);
    assert_int_equal(l.len, 4);
    span_is(s, l.items[0].quote, "Det här är en katastrof för Sverige");
    span_is(s, l.items[0].speaker, "Magdalena Andersson");
    span_is(s, l.items[0].cue, "säger");
    span_is(s, l.items[1].speaker, "Ulf Kristersson");
    span_is(s, l.items[1].cue, "Enligt");
    span_is(s, l.items[2].quote, "Jag vet inte vad som händer nu");
    span_is(s, l.items[2].mention, "han");
    span_is(s, l.items[2].speaker, "Ulf Kristersson");
    assert_true(l.items[2].dialogue);
    span_is(s, l.items[3].quote, "Vi får se.");
    span_is(s, l.items[3].speaker, "Ulf Kristersson");
    text_quote_list_clear(&l);
    /* "sa", "enligt" and a surname for the name given before. */
    s = "Statsminister Ulf Kristersson talade i Riksdagen. ”Vi ska inte vänta”, sa Kristersson. "
        "Enligt Magdalena Andersson är det ”för sent att göra något nu”.";
    text_quotes(s, strlen(s), LANG_SV, &l);
    assert_int_equal(l.len, 2);
    span_is(s, l.items[0].mention, "Kristersson");
    span_is(s, l.items[0].speaker, "Ulf Kristersson");
    span_is(s, l.items[0].cue, "sa");
    span_is(s, l.items[1].speaker, "Magdalena Andersson");
    text_quote_list_clear(&l);
}

/* Who said it, as a reader needs it: the fullest name for a surname, a
 * pronoun or a title; a quote over two paragraphs; the attribution before the
 * quote; nobody when the text does not name one or another person came
 * between ("he" is not Einhorn after "sued Tom Ward"); no titles or scare
 * quotes. */
static void speakers_resolved(void **state)
{
    (void)state;
    const char *s =
        "Steve Einhorn, a fund manager, was cautious. Judge Mary Ellen Barbera also spoke.\n\n"
        "“Markets are nervous,” Einhorn said. “We wait and see.”\n\n"
        "“Nobody expected this. The numbers were clear.\n\n"
        "“They will stay clear,” he added.\n\n"
        "The judge said: “The case is closed.”\n\n"
        "The bank sued Tom Ward in May. “I saw nothing,” he said.\n\n"
        "“We will appeal,” a spokesman said. The so-called “experts” and the show “Mad Men” "
        "were not asked.";
    struct text_quote_list l = {0};
    text_quotes(s, strlen(s), LANG_EN, &l);
    const char *want[][2] = {{"Markets are nervous", "Steve Einhorn"},
                             {"We wait and see.", "Steve Einhorn"},
                             {"Nobody expected this. The numbers were clear.", "Steve Einhorn"},
                             {"They will stay clear", "Steve Einhorn"},
                             {"The case is closed.", "Mary Ellen Barbera"},
                             {"I saw nothing", ""},
                             {"We will appeal", ""}};
    assert_int_equal(l.len, 7);
    for (size_t i = 0; i < 7; i++) {
        span_is(s, l.items[i].quote, want[i][0]);
        span_is(s, l.items[i].speaker, want[i][1]);
    }
    span_is(s, l.items[0].mention, "Einhorn");
    span_is(s, l.items[3].mention, "he");
    text_quote_list_clear(&l);
}

/* Organisations written as common nouns resolve to the name given before;
 * Swedish titles written as one word before the name stay out of it and are
 * the quote's role; a quote's paragraphs after an open one keep its speaker. */
static void speakers_nominal_and_titles(void **state)
{
    (void)state;
    const char *en = "The Interior Ministry said the border stays closed.\n\n"
                     "“We will not reopen it,” the ministry said.\n\n"
                     "The news agency IRNA said the hospital was full. “The hospital is full of "
                     "wounded people,” the agency reported.\n\n"
                     "Workers left the Kraft Foods plant. “This is a sad day for all of us here,” "
                     "the company said.\n\n"
                     "“We got to that point,” head coach Sean Payton said. “It was hard.\n\n"
                     "“We wanted the best for him.”";
    struct text_quote_list l = {0};
    text_quotes(en, strlen(en), LANG_EN, &l);
    const char *want[][2] = {{"We will not reopen it", "Interior Ministry"},
                             {"The hospital is full of wounded people", "IRNA"},
                             {"This is a sad day for all of us here", "Kraft Foods"},
                             {"We got to that point", "Sean Payton"},
                             {"It was hard.", "Sean Payton"},
                             {"We wanted the best for him.", "Sean Payton"}};
    assert_int_equal(l.len, 6);
    for (size_t i = 0; i < 6; i++) {
        span_is(en, l.items[i].quote, want[i][0]);
        span_is(en, l.items[i].speaker, want[i][1]);
    }
    span_is(en, l.items[3].role, "coach");
    text_quote_list_clear(&l);
    const char *sv = "Tågen står stilla sedan i morse.\n\n"
                     "– Vi räknar med att trafiken går i kväll, säger trafikchefen Eva Lund.\n\n"
                     "”Vi vet inte när”, säger Statsministern Magdalena Andersson.\n\n"
                     "Trafikverket stängde spåret. ”Det är för farligt”, skriver myndigheten.";
    text_quotes(sv, strlen(sv), LANG_SV, &l);
    assert_int_equal(l.len, 3);
    span_is(sv, l.items[0].speaker, "Eva Lund");
    span_is(sv, l.items[0].role, "trafikchef");
    span_is(sv, l.items[1].speaker, "Magdalena Andersson");
    span_is(sv, l.items[1].role, "Statsminister");
    span_is(sv, l.items[2].speaker, "Trafikverket");
    text_quote_list_clear(&l);
}

/* Where the speaker stands in the sentence: the subject of "…, saying" and of
 * "… and said:", a name between commas before the verb, the subject of the
 * first verb of "X said, adding that … “…”"; a title and an organisation
 * before the name; never a day. */
static void speakers_in_the_sentence(void **state)
{
    (void)state;
    const char *s =
        "However, Prime Minister Costas Karamanlis has dismissed calls to quit, saying the "
        "country needs “a steady hand on the helm of the state”.\n"
        "DeGeneres made the announcement on Friday and said: “It is official, I am hosting the "
        "show again.”\n"
        "The head of the union, Giannis Panagopoulos, said: “The people have been called to make "
        "sacrifices.”\n"
        "“The rule is clear,” said Secretary of the Interior Dirk Kempthorne.\n"
        "The commissioner, Raymond Kelly, said Tuesday that three witnesses had been heard, "
        "“two of which say the officers shouted a warning”.\n"
        "Ellen DeGeneres hosted the show before.";
    struct text_quote_list l = {0};
    text_quotes(s, strlen(s), LANG_EN, &l);
    const char *want[] = {"Costas Karamanlis", "Ellen DeGeneres", "Giannis Panagopoulos",
                          "Dirk Kempthorne", "Raymond Kelly"};
    assert_int_equal(l.len, 5);
    for (size_t i = 0; i < 5; i++)
        span_is(s, l.items[i].speaker, want[i]);
    text_quote_list_clear(&l);
}

static void other_quotes(void **state)
{
    (void)state;
    const char *s =
        "„Wir schaffen das“, sagte Angela Merkel. «Det er over», sier Jonas Gahr Støre.";
    struct text_quote_list l = {0};
    text_quotes(s, strlen(s), LANG_DE, &l);
    assert_true(l.len >= 1);
    span_is(s, l.items[0].quote, "Wir schaffen das");
    span_is(s, l.items[0].speaker, "Angela Merkel");
    text_quote_list_clear(&l);
    text_quotes(s, strlen(s), LANG_NB, &l);
    assert_int_equal(l.len, 2);
    span_is(s, l.items[1].speaker, "Jonas Gahr Støre");
    text_quote_list_clear(&l);
    /* A title in quotes is no quote, and an unclosed mark opens nothing. */
    s = "She starred in “American Pie” and said \"nothing more";
    text_quotes(s, strlen(s), LANG_EN, &l);
    assert_int_equal(l.len, 0);
    text_quote_list_clear(&l);
}

static void names(void **state)
{
    (void)state;
    const char *s = "Sedan Stefan Löfven avgick tog IS-K på sig dådet. Regeringen svarade "
                    "Obama's rådgivare i Vita huset.";
    struct text_analysis a;
    assert_int_equal(text_analyze(ctx, s, strlen(s), LANG_SV, LANG_UNKNOWN, &a, NULL), ERR_OK);
    const char *want[] = {"Stefan Löfven", "IS-K", "Obama", "Vita"};
    assert_int_equal(a.names.len, 4);
    for (size_t i = 0; i < 4; i++)
        span_is(s, a.names.items[i].span, want[i]);
    assert_int_equal(a.names.items[1].kind, TEXT_NAME_ACRONYM);
    text_analysis_clear(&a);
}

static void bad_input(void **state)
{
    (void)state;
    /* Invalid UTF-8 and control characters: counted, read as separators. */
    const char s[] = "Hej\xff\xfe d\xc3r. Det \x01\x02 g\xe4ller.\x80 Slut.";
    struct text_analysis a;
    assert_int_equal(text_analyze(ctx, s, sizeof s - 1, LANG_UNKNOWN, LANG_SV, &a, NULL), ERR_OK);
    assert_int_equal(a.invalid_utf8, 5);
    assert_true(a.sentences.len >= 2);
    for (size_t i = 0; i < a.sentences.len; i++)
        assert_true(a.sentences.items[i].begin < a.sentences.items[i].end &&
                    a.sentences.items[i].end <= sizeof s - 1);
    text_analysis_clear(&a);
    /* A megabyte without punctuation is one sentence, in linear time. */
    size_t n = 1 << 20;
    char *big = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++)
        big[i] = i % 7 == 6 ? ' ' : "Ordet"[i % 5];
    big[n] = '\0';
    assert_int_equal(text_analyze(ctx, big, n, LANG_UNKNOWN, LANG_UNKNOWN, &a, NULL), ERR_OK);
    assert_int_equal(a.sentences.len, 1);
    text_analysis_clear(&a);
    /* Opening marks that never close, a megabyte of them. */
    for (size_t i = 0; i < n; i++)
        big[i] = "\"a \xE2\x80\x9D"[i % 6];
    assert_int_equal(text_analyze(ctx, big, n, LANG_SV, LANG_UNKNOWN, &a, NULL), ERR_OK);
    text_analysis_clear(&a);
    free(big);
    /* Scripts we do not model still split at their full stops. */
    const char *zh = "这是第一句。这是第二句。";
    assert_int_equal(text_analyze(ctx, zh, strlen(zh), LANG_UNKNOWN, LANG_UNKNOWN, &a, NULL),
                     ERR_OK);
    assert_int_equal(a.lang.lang, LANG_UNKNOWN);
    assert_int_equal(a.sentences.len, 2);
    text_analysis_clear(&a);
    assert_int_equal(text_analyze(ctx, "", 0, LANG_UNKNOWN, LANG_UNKNOWN, &a, NULL), ERR_OK);
    assert_int_equal(a.sentences.len, 0);
    text_analysis_clear(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(swedish_sentences),
        cmocka_unit_test(english_sentences),
        cmocka_unit_test(languages),
        cmocka_unit_test(swedish_quotes),
        cmocka_unit_test(speakers_resolved),
        cmocka_unit_test(speakers_nominal_and_titles),
        cmocka_unit_test(speakers_in_the_sentence),
        cmocka_unit_test(other_quotes),
        cmocka_unit_test(names),
        cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
