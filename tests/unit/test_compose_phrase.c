/* The phrase tables: Swedish and English attribution grammar for one, two and
 * many authors, agency bylines, outlets without a name, and how an
 * attribution attaches to a sentence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#include "base/timeutil.h"
#include "compose/compose_internal.h"
#include "compose/phrase.h"

static void expect(enum lang lang, const char *const *authors, size_t n, const char *outlet,
                   const char *want)
{
    char *got = phrase_attribution(phrase_table_for(lang), authors, n, outlet, false);
    assert_string_equal(got, want);
    free(got);
}

static void test_one_two_many(void **state)
{
    (void)state;
    const char *one[] = {"Alex Rossi"};
    const char *two[] = {"Alex Rossi", "Nick Paton Walsh"};
    const char *three[] = {"A Berg", "B Lind", "C Ek"};
    expect(LANG_SV, one, 1, "Sky News", "skriver Alex Rossi för Sky News");
    expect(LANG_EN, one, 1, "Sky News", "writes Alex Rossi for Sky News");
    expect(LANG_SV, two, 2, "CNN", "skriver Alex Rossi och Nick Paton Walsh för CNN");
    expect(LANG_EN, two, 2, "CNN", "write Alex Rossi and Nick Paton Walsh for CNN");
    expect(LANG_SV, three, 3, "DN", "skriver A Berg, B Lind och C Ek för DN");
    expect(LANG_EN, three, 3, "DN", "write A Berg, B Lind and C Ek for DN");
}

static void test_outlet_only_and_unnamed(void **state)
{
    (void)state;
    expect(LANG_SV, NULL, 0, "CNN", "skriver CNN");
    expect(LANG_EN, NULL, 0, "CNN", "writes CNN");
    expect(LANG_SV, NULL, 0, "", "enligt en icke namngiven källa");
    expect(LANG_EN, NULL, 0, "", "according to an unnamed outlet");
    const char *one[] = {"Kim Lee"};
    expect(LANG_EN, one, 1, "", "writes Kim Lee");
}

static void test_agencies(void **state)
{
    (void)state;
    const char *tt[] = {"TT"};
    const char *ap[] = {"AP"};
    const char *both[] = {"AP", "Reuters"};
    const char *mixed[] = {"Anna Svensson", "TT"};
    expect(LANG_SV, tt, 1, "Aftonbladet", "skriver TT via Aftonbladet");
    expect(LANG_SV, tt, 1, "TT", "skriver TT");
    expect(LANG_EN, ap, 1, "CNN", "AP reports via CNN");
    expect(LANG_EN, ap, 1, "ap", "AP reports");
    expect(LANG_EN, both, 2, "The Guardian", "AP and Reuters report via The Guardian");
    expect(LANG_SV, mixed, 2, "SvD", "skriver Anna Svensson och TT för SvD");
    assert_true(phrase_is_agency("Associated Press"));
    assert_true(phrase_is_agency("reuters"));
    assert_false(phrase_is_agency("Alex Rossi"));
}

static void attach(enum lang lang, const char *sentence, const char *attribution,
                   const char *want)
{
    char *got = phrase_attach(phrase_table_for(lang), sentence, strlen(sentence), attribution);
    assert_string_equal(got, want);
    free(got);
}

static void test_attach(void **state)
{
    (void)state;
    attach(LANG_SV, "Gruppen har vuxit sig starkare.", "skriver Rossi",
           "Gruppen har vuxit sig starkare, skriver Rossi.");
    attach(LANG_EN, "Is it over?", "writes CNN", "Is it over? writes CNN.");
    attach(LANG_EN, "\xe2\x80\x9cIt is over.\xe2\x80\x9d", "writes CNN",
           "\xe2\x80\x9cIt is over,\xe2\x80\x9d writes CNN.");
    attach(LANG_SV,
           "\xe2\x80\x9d"
           "Det är över.\xe2\x80\x9d",
           "skriver TT",
           "\xe2\x80\x9d"
           "Det är över\xe2\x80\x9d, skriver TT.");
    attach(LANG_EN, "No stop", "writes CNN", "No stop, writes CNN.");
}

/* A sentence that names its speaker gets "according to" its writer, never a
 * second verb of saying; other sentences keep "writes". */
static void test_reported_speech(void **state)
{
    (void)state;
    const struct phrase_table *sv = phrase_table_for(LANG_SV);
    const struct phrase_table *en = phrase_table_for(LANG_EN);
    const char *said[] = {
        "– Vi ringer runt till alla, säger Sofia Wikström, krisledare i Älvby kommun.",
        "\"It takes time to reach them,\" said Johan Ek, operations manager at Norrkraft.",
        "”Det tar tid”, säger Johan Ek.",
        "Nobody was hurt, according to the harbour authority.",
    };
    for (size_t i = 0; i < sizeof said / sizeof *said; i++)
        assert_true(phrase_reports_speech(sv, said[i], strlen(said[i])));
    const char *plain[] = {
        "Stormen Ylva slog ut strömmen för 40 000 hushåll i Norrland.",
        "The minister said in March that the bridge would open, but the works went on for a year "
        "and cost twice the budget.",
    };
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
        assert_false(phrase_reports_speech(en, plain[i], strlen(plain[i])));
    /* "…, her spokesman said." ends in its verb. */
    const char *last = "Williams died at 91 in Beverly Hills, California, her spokesman said.";
    assert_true(phrase_reports_speech(en, last, strlen(last)));
    /* One attribution: "reports", never a second "according to"/"enligt". */
    const char *one[] = {"Mikael Sjöberg"};
    struct {
        const struct phrase_table *t;
        const char *const *authors;
        size_t n;
        const char *outlet;
        bool again;
        const char *want;
    } cases[] = {
        {sv, one, 1, "SAR Nyheter", false, "rapporterar Mikael Sjöberg för SAR Nyheter"},
        {sv, one, 1, "SAR Nyheter", true, "rapporterar Sjöberg"},
        {en, one, 1, "SAR News", false, "Mikael Sjöberg reports for SAR News"},
        {en, one, 1, "SAR News", true, "Sjöberg reports"},
        {sv, (const char *[]){"TT"}, 1, "TT", false, "rapporterar TT"},
        {en, NULL, 0, "Union Standard", false, "Union Standard reports"},
        {sv, NULL, 0, "Union Standard", false, "rapporterar Union Standard"},
        {en, (const char *[]){"AP"}, 1, "CNN", false, "AP reports via CNN"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *a = phrase_attribution_reported(cases[i].t, cases[i].authors, cases[i].n,
                                              cases[i].outlet, cases[i].again);
        assert_string_equal(a, cases[i].want);
        free(a);
    }
}

/* A person named again in a roundup: by surname, without the outlet. */
static void test_second_reference(void **state)
{
    (void)state;
    const struct phrase_table *sv = phrase_table_for(LANG_SV);
    const struct phrase_table *en = phrase_table_for(LANG_EN);
    const char *one[] = {"Alex Rossi"};
    const char *two[] = {"Nick Paton Walsh", "Hans van der Berg"};
    struct {
        const struct phrase_table *t;
        const char *const *authors;
        size_t n;
        const char *want;
    } cases[] = {
        {sv, one, 1, "skriver Rossi"},
        {en, one, 1, "Rossi writes"},
        {sv, two, 2, "skriver Walsh och van der Berg"},
        {en, two, 2, "Walsh and van der Berg write"},
        {en, NULL, 0, "writes Sky News"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *a = phrase_attribution(cases[i].t, cases[i].authors, cases[i].n, "Sky News", true);
        assert_string_equal(a, cases[i].want);
        free(a);
    }
}

/* Credits: people and agencies only, whatever the byline said. */
static void test_credits(void **state)
{
    (void)state;
    struct {
        const char *raw;
        const char *want; /* the names joined by "|", "" for none */
    } cases[] = {
        {"By TOM KRISHER, AP Auto Writer", "Tom Krisher"},
        {"By Alex Rossi", "Alex Rossi"},
        {"By Per Holm and Sara Nord", "Per Holm|Sara Nord"},
        {"Av ÅSA LINDQVIST", "Åsa Lindqvist"},
        {"Staff Reporter", ""},
        {"Web Desk", ""},
        {"admin", ""},
        {"By", ""},
        {"March 06", ""},
        {"2024 02:45 UTC", ""},
        {"18 September 2013 Last updated at 13: 59 GMT", ""},
        {"The Associated Press", "The Associated Press"},
        {"Reuters", "Reuters"},
        {"Union Standard", ""}, /* the outlet itself: credited as the outlet */
        {"Jane Doe, Associated Press Writer", "Jane Doe"},
        {"Theresa May", "Theresa May"},
        {"Ludwig van Beethoven", "Ludwig van Beethoven"},
        {"Editorial Board", ""},
        {"Redaktionen", ""},
        {"Anna Ek, TT", "Anna Ek|TT"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *raw[] = {cases[i].raw};
        size_t n;
        char **got = compose_credits(raw, 1, "Union Standard", &n);
        char joined[256] = "";
        for (size_t k = 0; k < n; k++) {
            snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s",
                     k ? "|" : "", got[k]);
            free(got[k]);
        }
        free(got);
        if (strcmp(joined, cases[i].want))
            fail_msg("credits of \"%s\": \"%s\", want \"%s\"", cases[i].raw, joined,
                     cases[i].want);
    }
    /* The feed's placeholder gives way to the page's byline. */
    size_t n;
    char **got = compose_authors("[\"admin\"]", "[\"By Kim Lee\"]", "X", &n);
    assert_int_equal(n, 1);
    assert_string_equal(got[0], "Kim Lee");
    free(got[0]);
    free(got);
}

/* The coverage line by the site's home, only to readers who have one. */
static void test_home_gap(void **state)
{
    (void)state;
    bool lang_home;
    assert_string_equal(phrase_home_gap("SE", LANG_SV, &lang_home),
                        "Inget svenskt medium har bevakat detta ännu.");
    assert_true(lang_home);
    assert_null(phrase_home_gap("SE", LANG_EN, &lang_home));
    assert_null(phrase_home_gap("se", LANG_EN, &lang_home));
    assert_string_equal(phrase_home_gap("gb", LANG_EN, &lang_home),
                        "No British outlet has covered this yet.");
    assert_false(lang_home);
    assert_null(phrase_home_gap(NULL, LANG_SV, &lang_home));
    assert_null(phrase_home_gap("DE", LANG_SV, &lang_home));
}

/* Datelines are no titles. */
static void test_stamps(void **state)
{
    (void)state;
    assert_true(date_is_stamp("18 September 2013 Last updated at 13: 59 GMT"));
    assert_true(date_is_stamp("May 03, 2013"));
    assert_true(date_is_stamp("Friday, June 7, 2013"));
    assert_true(date_is_stamp("Updated 4:59 PM EDT"));
    assert_false(date_is_stamp("Actress Esther Williams Dies at 91"));
    assert_false(date_is_stamp("May Day march ends in Stockholm"));
    assert_false(date_is_stamp(""));
}

static void test_tables(void **state)
{
    (void)state;
    assert_null(phrase_table_for(LANG_DE));
    assert_string_equal(phrase_table_for(LANG_SV)->label_analysis, "Analyser:");
    assert_string_equal(phrase_table_for(LANG_EN)->label_opinion, "Editorials:");
    assert_string_equal(phrase_table_for(LANG_EN)->gap_one_country,
                        "Only outlets from one country.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_two_many), cmocka_unit_test(test_outlet_only_and_unnamed),
        cmocka_unit_test(test_agencies),     cmocka_unit_test(test_attach),
        cmocka_unit_test(test_tables),       cmocka_unit_test(test_reported_speech),
        cmocka_unit_test(test_second_reference), cmocka_unit_test(test_credits),
        cmocka_unit_test(test_home_gap),     cmocka_unit_test(test_stamps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
