/* The phrase tables: Swedish and English attribution grammar for one, two and
 * many authors, agency bylines, outlets without a name, and how an
 * attribution attaches to a sentence. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#include "compose/phrase.h"

static void expect(enum lang lang, const char *const *authors, size_t n, const char *outlet,
                   const char *want)
{
    char *got = phrase_attribution(phrase_table_for(lang), authors, n, outlet);
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

static void attach(enum lang lang, const char *sentence, const char *attribution, const char *want)
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
    const char *one[] = {"Mikael Sjöberg"};
    char *a = phrase_attribution_reported(sv, one, 1, "SAR Nyheter");
    assert_string_equal(a, "enligt Mikael Sjöberg för SAR Nyheter");
    free(a);
    const char *tt[] = {"TT"};
    a = phrase_attribution_reported(sv, tt, 1, "TT");
    assert_string_equal(a, "enligt TT");
    free(a);
    a = phrase_attribution_reported(en, NULL, 0, "CNN");
    assert_string_equal(a, "according to CNN");
    free(a);
}

static void test_tables(void **state)
{
    (void)state;
    assert_null(phrase_table_for(LANG_DE));
    assert_string_equal(phrase_table_for(LANG_SV)->label_analysis, "Analyser:");
    assert_string_equal(phrase_table_for(LANG_EN)->label_opinion, "Editorials:");
    assert_string_equal(phrase_table_for(LANG_EN)->gap_no_swedish,
                        "No Swedish outlet has covered this yet.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_two_many), cmocka_unit_test(test_outlet_only_and_unnamed),
        cmocka_unit_test(test_agencies),     cmocka_unit_test(test_attach),
        cmocka_unit_test(test_tables),       cmocka_unit_test(test_reported_speech),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
