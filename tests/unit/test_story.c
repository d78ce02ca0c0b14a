/* The story stage's parts on small inputs: terms (stems, stopwords, names,
 * phrases, numbers, Unicode), wire families and newsroom keys, parameters,
 * and the clusterer on bad input (bad keys, empty and one-word articles, no
 * date), merges and splits, and bounded memory (stories let go by age and by
 * count). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "story/cluster.h"
#include "story/facts.h"
#include "story/neardup.h"
#include "story/newsroom.h"
#include "story/terms.h"
#include "testlib.h"

/* The terms of text as "term" or "term/N" (name) or "term/#" (number), space-separated. */
static char *terms_of(const char *text, const char *lang)
{
    struct story_termer *t;
    story_termer_new(&t);
    struct story_terms_out o;
    story_terms_init(&o);
    const struct story_terms_opts opts = {1, 0, 1, true};
    assert_int_equal(story_terms(t, text, strlen(text), lang, &opts, &o, NULL), ERR_OK);
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    for (size_t i = 0; i < o.len; i++) {
        const struct story_term *tm = &o.terms[i];
        assert_int_equal(buf_printf(&b, "%s%.*s%s", i ? " " : "", (int)tm->len,
                                    o.arena.data + tm->off,
                                    tm->is_name     ? "/N"
                                    : tm->is_number ? "/#"
                                                    : ""),
                         ERR_OK);
    }
    story_terms_clear(&o);
    story_termer_free(t);
    return buf_steal(&b);
}

static void expect_terms(const char *text, const char *lang, const char *want)
{
    char *got = terms_of(text, lang);
    assert_string_equal(got, want);
    free(got);
}

static void test_terms(void **state)
{
    (void)state;
    /* Stems, stopwords and reporting verbs gone, names mid-sentence, a phrase. */
    expect_terms("The quake struck Aceh, officials said on Tuesday.", "en",
                 "quak struck aceh/N offici tuesday");
    expect_terms("Police said Tony Thompson was stopped in round 6.", "en",
                 "polic toni/N thompson/N toni thompson/N stop round");
    /* A name is stemmed the English way in every language: one term in all. */
    expect_terms("The town of Älvby closed its bridge.", "en", "town älvbi/N close bridg");
    expect_terms("Trafikchef i Älvby kommun, säger Anders Holmberg.", "sv",
                 "trafikchef älvbi/N kommun ander/N holmberg/N ander holmberg/N");
    /* Possessives, acronyms (not stopwords: "US"), numbers, hyphens. */
    expect_terms("It hit the US and Obama's IS-K cell: 6.1 magnitude, 1,000 hurt.", "en",
                 "hit us/N obama/N is-k/N obama is-k/N cell 6.1/# magnitud 1000/# hurt");
    /* Thousands separators: a comma, a space, a no-break or thin space; not a
     * decimal comma, a year before a number, or a group of other than three digits. */
    expect_terms("14,000 cars, 1,250,000 tons, 14,00 and 1,0000", "en",
                 "14000/# car 1250000/# ton 14,00/# 1,0000/#");
    expect_terms("omkring 14 000 fordon, 40\xc2\xa0"
                 "000 hushåll, 2\xe2\x80\xaf"
                 "500 000 kronor",
                 "sv", "omkring 14000/# fordon 40000/# hushåll 2500000/# kron");
    expect_terms("år 2019 100 fiskare, 6,5 och 12 0001 och 33 000x", "sv",
                 "år 2019/# 100/# fisk 6,5/# 12/# 0001/# 33/# 000x/#");
    /* Swedish: case-folded, stemmed, marks kept ("för" is no "for"). */
    expect_terms("Regeringens förslag om FÖRSVARET", "sv", "regering förslag försvaret/N");
    /* German capitalises every noun: no names from capitals alone. */
    expect_terms("Die Regierung in Berlin plant das Gesetz", "de", "regier berlin plant gesetz");
    /* Days and months are no names; an unknown language is only case-folded. */
    expect_terms("On Monday, March 3 the Senate met", "en", "monday march senat/N met");
    expect_terms("Kuka Tietää", "xx", "kuka tietää");
    /* Invalid UTF-8 breaks words; one-letter words and junk are no terms. */
    expect_terms("a \xff\xfe b caf\xc3 ok", "en", "caf ok");
    expect_terms("", "en", "");
    char *long_word = xmalloc(2001);
    memset(long_word, 'x', 2000);
    long_word[2000] = '\0';
    expect_terms(long_word, "en", "");
    free(long_word);
}

static void test_word_hashes(void **state)
{
    (void)state;
    struct story_termer *t;
    story_termer_new(&t);
    struct story_terms_out o;
    story_terms_init(&o);
    const struct story_terms_opts title = {3, 0, 1, false}, body = {1, 2, 2, true};
    assert_int_equal(story_terms(t, "Headline Words", 14, "en", &title, &o, NULL), ERR_OK);
    assert_int_equal(o.nwords, 0); /* titles stay out of the shingles */
    assert_int_equal(story_terms(t, "The cat sat on a mat", 20, "en", &body, &o, NULL), ERR_OK);
    assert_int_equal(o.nwords, 6); /* stopwords count there */
    /* Title words weigh 3; "cat" is the second word of the body, in the lead
     * (2); "mat", the sixth, is not. */
    for (size_t i = 0; i < o.len; i++) {
        const char *term = o.arena.data + o.terms[i].off;
        float w = o.terms[i].weight;
        if (!strncmp(term, "headlin", o.terms[i].len))
            assert_true(w == 3);
        else if (!strncmp(term, "cat", o.terms[i].len))
            assert_true(w == 2);
        else if (!strncmp(term, "mat", o.terms[i].len))
            assert_true(w == 1);
    }
    story_terms_clear(&o);
    story_termer_free(t);
}

static void test_wire_family(void **state)
{
    (void)state;
    assert_string_equal(story_wire_family("TT", NULL), "TT");
    assert_string_equal(story_wire_family("[\"AP\"]", NULL), "AP");
    assert_string_equal(story_wire_family("By Jane Doe, Associated Press", NULL), "AP");
    assert_string_equal(story_wire_family("Anna Svensson/TT", NULL), "TT");
    assert_string_equal(story_wire_family("[\"Reuters staff\"]", NULL), "Reuters");
    assert_string_equal(story_wire_family("NTB", NULL), "NTB");
    assert_string_equal(story_wire_family(NULL, "STOCKHOLM (TT) Regeringen meddelade"), "TT");
    assert_string_equal(story_wire_family(NULL, "LONDON (Reuters) - Shares fell"), "Reuters");
    assert_string_equal(story_wire_family("", "Oslo. Text om saken. /NTB"), "NTB");
    /* No agency: other words that contain the letters, lower case, another name. */
    assert_null(story_wire_family("Matt Ap Rhys", "TTIP talks and the apple harvest."));
    assert_null(story_wire_family("ap", "A tap on the shoulder"));
    assert_null(story_wire_family(NULL, NULL));

    char key[64];
    story_newsroom_key("AP", "Bonnier", 3, 9, key, sizeof key);
    assert_string_equal(key, "wire:AP");
    story_newsroom_key(NULL, "Bonnier News", 3, 9, key, sizeof key);
    assert_string_equal(key, "owner:bonnier news");
    story_newsroom_key(NULL, "", 3, 9, key, sizeof key);
    assert_string_equal(key, "outlet:3");
    story_newsroom_key(NULL, NULL, 0, 9, key, sizeof key);
    assert_string_equal(key, "article:9");
}

static void test_params(void **state)
{
    (void)state;
    struct story_params p;
    story_params_default(&p);
    assert_int_equal(story_params_set(&p, "threshold=0.5", NULL), ERR_OK);
    assert_true(p.threshold == 0.5);
    assert_int_equal(story_params_set(&p, "window=3600", NULL), ERR_OK);
    assert_int_equal(p.window, 3600);
    struct errbuf eb = {{0}};
    assert_int_equal(story_params_set(&p, "window=1.5", &eb), ERR_INVALID);
    assert_int_equal(story_params_set(&p, "threshold", &eb), ERR_INVALID);
    assert_int_equal(story_params_set(&p, "nosuch=1", &eb), ERR_INVALID);
    assert_non_null(strstr(eb.msg, "nosuch"));
    assert_int_equal(story_params_set(&p, "threshold=-1", &eb), ERR_INVALID);
    assert_int_equal(story_params_set(&p, "threshold=abc", &eb), ERR_INVALID);
}

static int64_t add(struct story_clusterer *c, int64_t key, const char *title, const char *text,
                   int64_t t, struct story_result *r)
{
    struct story_doc d = {.key = key, .title = title, .text = text, .lang = "en", .time = t};
    struct errbuf eb = {{0}};
    enum err err = story_add(c, &d, r, &eb);
    if (err)
        fail_msg("story_add %lld: %s", (long long)key, err_msg(&eb, err));
    return r->story;
}

static void test_bad_input(void **state)
{
    (void)state;
    struct story_clusterer *c;
    story_clusterer_new(NULL, 1, &c);
    struct story_result r;
    struct story_doc d = {.key = 0, .text = "Some text here"};
    struct errbuf eb = {{0}};
    assert_int_equal(story_add(c, &d, &r, &eb), ERR_INVALID);
    d.key = -4;
    assert_int_equal(story_add(c, &d, &r, &eb), ERR_INVALID);
    /* Empty, one-word and stopword-only articles are not clustered, with a reason. */
    assert_int_equal(add(c, 1, NULL, NULL, 0, &r), 0);
    assert_non_null(strstr(r.skipped, "no words"));
    assert_int_equal(add(c, 2, "", "", 0, &r), 0);
    assert_int_equal(add(c, 3, NULL, "Breaking", 0, &r), 0);
    assert_non_null(strstr(r.skipped, "one term"));
    assert_int_equal(add(c, 4, NULL, "the and of it was", 0, &r), 0);
    /* A title alone is enough; no date is fine. */
    int64_t s = add(c, 5, "Volcano erupts on Iceland peninsula", NULL, 0, &r);
    assert_true(s > 0 && r.started && !r.skipped);
    assert_int_equal(add(c, 6, "Iceland volcano erupts again near Grindavik", NULL, 0, &r), s);
    /* A key already clustered is refused. */
    d = (struct story_doc){.key = 5, .text = "Another text about something else"};
    assert_int_equal(story_add(c, &d, &r, &eb), ERR_EXISTS);
    assert_non_null(strstr(eb.msg, "already"));
    struct story_summary sum;
    assert_int_equal(story_describe(c, s, &sum, NULL), ERR_OK);
    assert_int_equal(sum.articles, 2);
    assert_int_equal(sum.first_seen, 0);
    assert_non_null(sum.headline);
    assert_int_equal(story_describe(c, 999, &sum, NULL), ERR_NOT_FOUND);
    story_clusterer_free(c);
}

/* Two stories that an article shows to be one are merged; the larger keeps its
 * id and the merge is reported. Here the second story began six days after
 * the first, too late to join it; an article from the days between joins one
 * and makes the two converge (with a merge threshold low enough for three
 * days between them). The articles are one line each: with the lower
 * threshold of short texts (short_terms) the third would join the first
 * story across the six days, so it is left out here. */
static void test_merge(void **state)
{
    (void)state;
    struct story_params p;
    story_params_default(&p);
    p.merge_threshold = 0.25;
    p.short_terms = 0;
    struct story_clusterer *c;
    story_clusterer_new(&p, 100, &c);
    struct story_result r;
    const int64_t day = 86400, t = 1700000000;
    const char *quake = "Earthquake magnitude 6 strikes Sumatra coast, tsunami warning issued";
    int64_t a = add(c, 1, NULL, quake, t, &r);
    add(c, 2, NULL, "Sumatra earthquake: tsunami warning issued after magnitude 6 quake", t, &r);
    int64_t b = add(c, 3, NULL, "Sumatra earthquake of magnitude 6: tsunami warning lifted",
                    t + 6 * day, &r);
    assert_int_not_equal(a, b);
    assert_int_equal(a, 100);
    story_changes_clear(c);
    assert_int_equal(add(c, 4, NULL,
                         "Magnitude 6 earthquake off Sumatra: tsunami warning "
                         "issued, then lifted",
                         t + 3 * day, &r),
                     a); /* the survivor of the merge */
    const struct story_change *ch;
    size_t n = story_changes(c, &ch);
    assert_int_equal(n, 1);
    assert_int_equal(ch[0].kind, STORY_MERGED);
    assert_int_equal(ch[0].from, b);
    assert_int_equal(ch[0].into, a);
    const int64_t *touched;
    assert_true(story_touched(c, &touched) >= 1);
    struct story_summary sum;
    assert_int_equal(story_describe(c, a, &sum, NULL), ERR_OK);
    assert_int_equal(sum.articles, 4);
    assert_int_equal(sum.first_seen, t);
    assert_int_equal(sum.last_seen, t + 6 * day);
    assert_int_equal(story_describe(c, b, &sum, NULL), ERR_NOT_FOUND);
    story_clusterer_free(c);
}

/* A story whose members fall into two groups is split: one group keeps the
 * id, the other leaves with its keys reported, and later articles find the
 * story of their own group. Words alone set three articles apart, not two,
 * in a story this small (SPLIT_PLAIN_MIN): the votes leave when the third
 * comes. */
static void test_split(void **state)
{
    (void)state;
    struct story_clusterer *c;
    story_clusterer_new(NULL, 1, &c);
    struct story_result r;
    const char *docs[] = {
        "Wildfire near Athens forces evacuations in Varnavas as firefighters battle flames",
        "Athens: wildfire evacuations in Varnavas while parliament votes pension reform, unions "
        "strike",
        "Greek parliament votes on pension reform bill as unions call general strike",
        "Firefighters battle Athens wildfire, Varnavas residents evacuated from flames",
        "Unions call general strike as Greek parliament votes pension reform bill",
        "Athens wildfire: evacuations ordered in Varnavas, firefighters battle the flames",
        "Pension reform bill passes Greek parliament vote despite general strike by unions",
    };
    int64_t story[8];
    size_t splits = 0;
    for (int64_t k = 1; k <= 7; k++) {
        story[k] = add(c, k, NULL, docs[k - 1], 0, &r);
        const struct story_change *ch;
        size_t n = story_changes(c, &ch);
        for (size_t i = 0; i < n; i++) {
            if (ch[i].kind != STORY_SPLIT)
                continue;
            splits++;
            assert_int_equal(ch[i].from, story[1]);
            assert_true(ch[i].into > story[1]);
            assert_int_equal(ch[i].nmoved, 3);
            for (size_t m = 0; m < ch[i].nmoved; m++)
                story[ch[i].moved[m]] = ch[i].into;
        }
        story_changes_clear(c);
    }
    assert_int_equal(splits, 1);
    /* Fires (1, 4, 6) in one story, votes (3, 5, 7) in another. */
    assert_int_equal(story[4], story[1]);
    assert_int_equal(story[6], story[1]);
    assert_int_equal(story[5], story[3]);
    assert_int_equal(story[7], story[3]);
    assert_int_not_equal(story[1], story[3]);
    story_clusterer_free(c);
}

/* Entity ids are the same in every language: a Swedish and an English article
 * about one event share no words, but their linked entities make them meet,
 * while an English article on another matter with other entities does not. */
static void test_entities(void **state)
{
    (void)state;
    struct story_clusterer *c;
    story_clusterer_new(NULL, 1, &c);
    const char *nato[] = {"Q1754", "Q7184", "Q34"}; /* Stockholm, NATO, Sweden */
    const char *other[] = {"Q61", "Q11427"};        /* Washington, steel */
    struct story_doc sv = {.key = 1,
                           .title = "Regeringen i Stockholm klar för Nato",
                           .text = "Sverige blir medlem i försvarsalliansen efter omröstningen.",
                           .lang = "sv",
                           .entities = nato,
                           .nentities = 3};
    struct story_doc en = {.key = 2,
                           .title = "Parliament approves accession",
                           .text = "The vote ends two centuries of military non-alignment.",
                           .lang = "en",
                           .entities = nato,
                           .nentities = 3};
    struct story_doc far = {.key = 3,
                            .title = "New tariffs announced",
                            .text = "The administration raised duties on imported metal.",
                            .lang = "en",
                            .entities = other,
                            .nentities = 2};
    struct story_result r1, r2, r3;
    assert_int_equal(story_add(c, &sv, &r1, NULL), ERR_OK);
    assert_int_equal(story_add(c, &en, &r2, NULL), ERR_OK);
    assert_int_equal(story_add(c, &far, &r3, NULL), ERR_OK);
    assert_int_equal(r2.story, r1.story);
    assert_int_not_equal(r3.story, r1.story);
    struct story_summary sum;
    assert_int_equal(story_describe(c, r1.story, &sum, NULL), ERR_OK);
    assert_int_equal(sum.nlanguages, 2);
    bool named = false;
    for (size_t i = 0; i < sum.nnames; i++)
        named |= !strcmp(sum.names[i], "@Q7184");
    assert_true(named);
    /* Without the entities the two would not have met. */
    story_clusterer_free(c);
    story_clusterer_new(NULL, 1, &c);
    sv.nentities = en.nentities = 0;
    assert_int_equal(story_add(c, &sv, &r1, NULL), ERR_OK);
    assert_int_equal(story_add(c, &en, &r2, NULL), ERR_OK);
    assert_int_not_equal(r2.story, r1.story);
    story_clusterer_free(c);
}

/* Memory is bounded: the least recently updated stories beyond max_live leave
 * memory, the terms no story in memory uses are forgotten past max_terms, and
 * dated stories older than the horizon leave at each sweep (every 1024
 * articles); what stays still works. */
static void test_bounded(void **state)
{
    (void)state;
    struct story_params p;
    story_params_default(&p);
    p.max_live = 50;
    p.max_terms = 1000;
    struct story_clusterer *c;
    story_clusterer_new(&p, 1, &c);
    struct story_result r;
    char text[128];
    int64_t last = 0;
    for (int64_t k = 1; k <= 3000; k++) {
        /* Each article its own story: words that no other article has. */
        snprintf(text, sizeof text, "zq%lldx wv%lldy kk%lldz", (long long)k, (long long)k,
                 (long long)k);
        last = add(c, k, NULL, text, 0, &r);
        story_changes_clear(c);
    }
    size_t stories, articles, terms;
    story_clusterer_size(c, &stories, &articles, &terms);
    assert_true(stories <= 50);
    assert_true(terms < 4500); /* of 9000 */
    /* The words of the last article, renumbered, still find its story. */
    assert_int_equal(add(c, 3001, NULL, "zq3000x wv3000y kk3000z", 0, &r), last);
    story_clusterer_free(c);

    story_params_default(&p);
    story_clusterer_new(&p, 1, &c);
    for (int64_t k = 1; k <= 2000; k++) {
        snprintf(text, sizeof text, "zq%lldx wv%lldy kk%lldz", (long long)k, (long long)k,
                 (long long)k);
        add(c, k, NULL, text, 1700000000 + k * 86400, &r);
        story_changes_clear(c);
    }
    story_clusterer_size(c, &stories, &articles, &terms);
    assert_true(stories < 1100);
    story_clusterer_free(c);
}

/* The dates and figures of a lead, and when two leads' facts conflict. */
static struct story_facts facts_of(const char *text, int64_t published)
{
    struct story_facts f = {0};
    story_facts_read(text, strlen(text), published, &f);
    return f;
}

static int date_conflicts(const char *a, int64_t pa, const char *b, int64_t pb)
{
    struct story_facts x = facts_of(a, pa), y = facts_of(b, pb);
    struct story_conflicts k;
    story_facts_conflicts(x.f, x.n, y.f, y.n, &k);
    return k.dates;
}

static int figure_conflicts(const char *a, const char *b)
{
    struct story_facts x = facts_of(a, 0), y = facts_of(b, 0);
    struct story_conflicts k;
    story_facts_conflicts(x.f, x.n, y.f, y.n, &k);
    return k.figures;
}

static void test_facts(void **state)
{
    (void)state;
    const int64_t tue = 1700000000; /* 2023-11-14, a Tuesday */
    struct story_facts f = facts_of("Lindsay Lohan checks into Betty Ford Center\nMay 03, 2013", 0);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.f[0].kind, FACT_DAY);
    assert_true(f.f[0].value == 15828); /* 2013-05-03 */
    f = facts_of("Posted 11 / 27 / 2005 7: 21 AM", 0);
    assert_int_equal(f.f[0].kind, FACT_DAY);
    assert_true(f.f[0].value == 13114); /* 2005-11-27 */
    f = facts_of("Voting began in Turkmenistan on Dec.14", 0);
    assert_int_equal(f.f[0].kind, FACT_MONTHDAY);
    /* "on Tuesday" is the publication day's last Tuesday; a text that names
     * its dates keeps them and not its weekdays. */
    f = facts_of("The actor was arrested on Sunday", tue);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.f[0].kind, FACT_WEEKDAY);
    assert_true(f.f[0].value == tue / 86400 - 2);
    f = facts_of("On Monday, 9 September 2013, robbers rammed a 4x4 into the store", tue);
    assert_int_equal(f.f[0].kind, FACT_DAY);
    assert_true(f.f[0].value == 15957);
    /* Events years apart; the same event told a few days on; a year beside a day. */
    assert_int_equal(date_conflicts("Microsoft patched the flaw in 2008", 0,
                                    "an emergency patch on 26 September 2013", 0),
                     1);
    assert_int_equal(
        date_conflicts("the quake of November 27, 2005", 0, "aftershocks since 11/28/05", 0), 0);
    assert_int_equal(
        date_conflicts("elections in 2013", 0, "voters went to the polls on Dec.14", 0), 0);
    assert_int_equal(date_conflicts("arrested on Thursday", tue, "arrested on Monday", tue), 1);
    assert_int_equal(
        date_conflicts("arrested on Thursday", tue, "arrested yesterday", tue + 5 * 86400), 1);
    assert_int_equal(date_conflicts("arrested on Thursday", tue + 2 * 86400, "arrested on Thursday",
                                    tue + 3 * 86400),
                     0);
    /* A weekday's day against a date named within a month of it is evidence;
     * against one years away (a page stamped when it was fetched, a date the
     * other text recalls) it is none. */
    assert_int_equal(date_conflicts("arrested on Thursday", tue, "arrested on 23 October 2023", 0),
                     1);
    assert_int_equal(date_conflicts("arrested on Thursday", tue, "arrested on 2 May 2013", 0), 0);
    assert_int_equal(date_conflicts("arrested on Thursday", tue, "the arrest of 2013", 0), 0);
    /* Figures: a measure or an amount of one unit, not plain counts. */
    assert_int_equal(figure_conflicts("a magnitude 4.4 earthquake", "a magnitude 5.0 earthquake"),
                     1);
    assert_int_equal(figure_conflicts("a 5.6 magnitude quake", "the 5.6 magnitude quake"), 0);
    assert_int_equal(figure_conflicts("2 million users", "2.3 million users"), 1);
    assert_int_equal(figure_conflicts("10 people died", "12 people died"), 0);
    assert_int_equal(figure_conflicts("$2.6 million of jewels", "jewels worth $137 million"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms),       cmocka_unit_test(test_word_hashes),
        cmocka_unit_test(test_wire_family),
        cmocka_unit_test(test_params),      cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_merge),       cmocka_unit_test(test_split),
        cmocka_unit_test(test_entities),    cmocka_unit_test(test_bounded),
        cmocka_unit_test(test_facts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
