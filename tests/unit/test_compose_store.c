/* Roundups end to end on our own sample text (Swedish and English articles
 * about an invented story): composition from the store, attribution with
 * bylines, owners and wire copies, the provenance verifier refusing tampered
 * roundups, and versions with what changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#include "compose/compose.h"
#include "store/store.h"
#include "text/stage.h"

static const char WIRE[] =
    "Broar i Kalmar stängdes på tisdagen sedan isen på sundet börjat röra sig mot pelarna. "
    "Kommunen säger att stängningen kan vara i flera dagar. "
    "\"Vi tar inga risker med trafikanternas säkerhet\", säger trafikchefen Eva Lund. "
    "Färjor sätts in mellan fastlandet och Öland från onsdag morgon.";
static const char ANALYSIS[] =
    "Isen på Kalmarsund har blivit ett återkommande problem för bron till Öland. "
    "Det har hänt förr. "
    "Experter har länge varnat för att pelarnas skydd mot is är för svagt för dagens isvintrar. "
    "Frågan är nu vem som ska betala för en förstärkning av hela bron.";
static const char ENGLISH[] =
    "Authorities in southern Sweden closed the Öland bridge after drifting ice threatened its "
    "pillars. "
    "Ferries will carry commuters across the strait from Wednesday, officials said. "
    "The bridge is the only road link between the island and the mainland.";
/* Eva Lund's words from WIRE, in translation. */
static const char TRANSLATED[] =
    "The Öland bridge stayed closed on Tuesday as ice on the strait moved against its pillars. "
    "\"We take no risks with the safety of drivers,\" said Eva Lund, the traffic manager.";

static int64_t add_source(struct store *st, const char *name, const char *country, const char *lang,
                          const char *kind, const char *owner)
{
    char feed[128];
    snprintf(feed, sizeof feed, "https://%s.example/feed", name);
    struct source s = {.name = (char *)name,
                       .feed_url = feed,
                       .country = (char *)country,
                       .lang = (char *)lang,
                       .kind = (char *)kind,
                       .owner = (char *)owner,
                       .enabled = true};
    return test_add_source(st, &s);
}

static int64_t add_article(struct store *st, struct text_ctx *ctx, int64_t source, const char *slug,
                           const char *title, const char *authors, const char *body,
                           int64_t published)
{
    char url[128];
    snprintf(url, sizeof url, "https://news.example/%s", slug);
    /* Photos: TT's wire copy, and two of the later articles. */
    bool english = !strcmp(slug, "nordic-quote");
    bool photo = english || !strcmp(slug, "wire") || !strcmp(slug, "svd-quote");
    struct article a = {.source_id = source,
                        .url = url,
                        .link = url,
                        .title = (char *)title,
                        .authors = (char *)authors,
                        .body = (char *)body,
                        .body_hash = (char *)slug,
                        .published_at = published,
                        .image_url = photo ? "https://img.example/bro.jpg" : NULL,
                        .image_caption =
                            english ? "The bridge on Tuesday" : "Kalmarsundsbron på tisdagen",
                        .image_credit = "Anna Ek / TT"};
    int64_t id;
    bool inserted;
    struct errbuf eb = {{0}};
    assert_int_equal(store_article_put(st, &a, &id, &inserted, &eb), ERR_OK);
    assert_int_equal(text_stage_article(ctx, st, id, &eb), ERR_OK);
    return id;
}

/* OMNIBUS_COMPOSE_DUMP set: prints r as a reader sees it (docs/roundups.md). */
static void dump(const struct roundup *r)
{
    if (!getenv("OMNIBUS_COMPOSE_DUMP"))
        return;
    char *text = compose_to_text(r);
    printf("----\n%s", text);
    free(text);
}

static void run(const char *dsn)
{
    struct store *st = test_store_open(dsn);
    struct text_ctx *ctx = NULL;
    struct errbuf eb = {{0}};
    assert_int_equal(text_ctx_new(&ctx, &eb), ERR_OK);
    int64_t tt = add_source(st, "TT", "SE", "sv", "wire", "TT");
    int64_t ab = add_source(st, "Aftonbladet", "SE", "sv", "news", "Schibsted");
    int64_t svd = add_source(st, "SvD", "SE", "sv", "analysis", "Schibsted");
    int64_t bar = add_source(st, "Barometern", "SE", "sv", "news", "Gota Media");
    int64_t local = add_source(st, "The Local", "SE", "en", "news", NULL);
    int64_t nordic = add_source(st, "Nordic Times", "SE", "en", "news", NULL);
    int64_t ids[6];
    ids[0] = add_article(st, ctx, tt, "wire", "Isen stänger Ölandsbron", "[\"TT\"]", WIRE, 100);
    ids[1] = add_article(st, ctx, ab, "ab", "Isen stänger Ölandsbron", "[\"TT\"]", WIRE, 200);
    ids[2] = add_article(st, ctx, svd, "svd", "Vem betalar för bron?",
                         "[\"Per Holm\", \"Sara Nord\"]", ANALYSIS, 300);
    ids[3] = add_article(st, ctx, bar, "bar", "Ölandsbron stängd", "[]", WIRE, 400);
    ids[4] = add_article(st, ctx, local, "local", "Ice closes Öland bridge", "[\"Kim Lee\"]",
                         ENGLISH, 500);
    ids[5] = add_article(st, ctx, nordic, "nordic", "Ice keeps Öland bridge shut", "[\"Al Berg\"]",
                         TRANSLATED, 600);

    struct compose_input in = {.article_ids = ids, .n = 3, .reader = LANG_SV};
    struct roundup r;
    assert_int_equal(compose_story(text_ctx_lang(ctx), st, &in, &r, &eb), ERR_OK);
    dump(&r);
    assert_string_equal(r.headline, "Isen stänger Ölandsbron");
    /* Aftonbladet ran TT's text: shown once, credited to TT. */
    assert_int_equal(r.balance.newsrooms, 2);
    assert_true(r.n_paragraphs >= 1);
    bool credited_tt = false;
    for (size_t i = 0; i < r.n_paragraphs; i++) {
        const struct roundup_paragraph *p = &r.paragraphs[i];
        if (p->credit.article_id == ids[0]) {
            credited_tt = true;
            assert_string_equal(p->attribution, "skriver TT");
            assert_non_null(strstr(p->display, "(även publicerad av Aftonbladet)"));
        }
        if (p->credit.article_id == ids[2])
            assert_string_equal(p->attribution, "skriver Per Holm och Sara Nord för SvD");
        for (size_t k = 0; k < p->n; k++)
            assert_string_not_equal(p->sentences[k].text, "Det har hänt förr.");
    }
    assert_true(credited_tt);
    assert_true(r.has_quote);
    assert_string_equal(r.speaker.text, "Eva Lund");
    assert_true(r.has_image);
    assert_string_equal(r.image.display, "Kalmarsundsbron på tisdagen. (Anna Ek / TT)");
    /* Read more: newest original first, each followed by its copies. */
    assert_int_equal(r.n_more, 3);
    assert_int_equal(r.more[0].article_id, ids[2]);
    assert_int_equal(r.more[1].article_id, ids[0]);
    assert_int_equal(r.more[2].article_id, ids[1]);
    assert_int_equal(r.more[2].copy_of, ids[0]);
    assert_null(r.balance.gap_note == NULL ? NULL : strstr(r.balance.gap_note, "svenskt"));

    int version = 0;
    assert_int_equal(compose_publish(st, "story:1", &r, &version, &eb), ERR_OK);
    assert_int_equal(version, 1);
    assert_int_equal(compose_publish(st, "story:1", &r, &version, &eb), ERR_OK);
    assert_int_equal(version, 1); /* unchanged: not stored again */

    /* A sentence moved by one byte, a forged byline: refused, nothing stored. */
    r.paragraphs[0].sentences[0].begin++;
    assert_int_equal(compose_publish(st, "story:1", &r, &version, &eb), ERR_INVALID);
    r.paragraphs[0].sentences[0].begin--;
    free(r.paragraphs[0].credit.outlet);
    r.paragraphs[0].credit.outlet = strdup("Dagens Nyheter");
    assert_int_equal(compose_verify(st, &r, &eb), ERR_INVALID);
    roundup_clear(&r);

    /* Two more members: version 2 says so. English reader, Swedish text marked. */
    in.n = 5;
    in.reader = LANG_EN;
    assert_int_equal(compose_story(text_ctx_lang(ctx), st, &in, &r, &eb), ERR_OK);
    dump(&r);
    assert_string_equal(r.headline, "Ice closes Öland bridge");
    /* The lead, like the headline, is in the reader's language when it can be. */
    assert_true(r.n_paragraphs >= 2);
    assert_int_equal(r.paragraphs[0].credit.article_id, ids[4]);
    assert_int_equal(r.paragraphs[0].sentences[0].lang, LANG_EN);
    for (size_t i = 0; i < r.n_paragraphs; i++)
        if (r.paragraphs[i].sentences[0].lang == LANG_SV)
            assert_non_null(strstr(r.paragraphs[i].display, "(in Swedish)"));
    assert_int_equal(compose_publish(st, "story:1", &r, &version, &eb), ERR_OK);
    assert_int_equal(version, 1); /* another language: its own history */
    roundup_clear(&r);
    in.reader = LANG_SV;
    assert_int_equal(compose_story(text_ctx_lang(ctx), st, &in, &r, &eb), ERR_OK);
    dump(&r);
    assert_int_equal(compose_publish(st, "story:1", &r, &version, &eb), ERR_OK);
    assert_int_equal(version, 2);
    struct roundup_version_list h;
    assert_int_equal(store_roundup_history(st, "story:1", "sv", &h, &eb), ERR_OK);
    assert_int_equal(h.len, 2);
    assert_string_equal(h.items[0].change, "+2 sources");
    assert_string_equal(h.items[1].change, "first version");
    roundup_version_list_clear(&h);
    roundup_clear(&r);

    /* An English reader shown Eva Lund's words in English is not offered her
     * Swedish original as the pull quote. */
    in.n = 6;
    in.reader = LANG_EN;
    assert_int_equal(compose_story(text_ctx_lang(ctx), st, &in, &r, &eb), ERR_OK);
    dump(&r);
    bool shown_translated = false;
    for (size_t i = 0; i < r.n_paragraphs; i++)
        for (size_t k = 0; k < r.paragraphs[i].n; k++)
            shown_translated |= r.paragraphs[i].sentences[k].lang == LANG_EN &&
                                strstr(r.paragraphs[i].sentences[k].text, "Eva Lund");
    assert_true(shown_translated);
    assert_false(r.has_quote && r.quote.lang == LANG_SV && strstr(r.speaker.text, "Eva Lund"));
    roundup_clear(&r);

    /* Nor is one paragraph the translation of another's quotation. */
    int64_t pair[2] = {
        add_article(st, ctx, bar, "bar-quote", "Eva Lund om bron", "[]",
                    "Trafikchefen Eva Lund stängde bron i Kalmar på tisdagen när isen kom. "
                    "\"Vi tar inga risker med trafikanternas säkerhet\", säger trafikchefen Eva "
                    "Lund om isen vid bron i Kalmar.",
                    700),
        add_article(st, ctx, nordic, "nordic-quote", "Eva Lund on the bridge", "[]",
                    "\"We take no risks with the safety of drivers,\" said Eva Lund, the traffic "
                    "manager, about the ice at the bridge in Kalmar.",
                    800)};
    struct compose_input two = {.article_ids = pair, .n = 2, .reader = LANG_SV};
    assert_int_equal(compose_story(text_ctx_lang(ctx), st, &two, &r, &eb), ERR_OK);
    dump(&r);
    assert_int_equal(r.n_paragraphs, 1);
    assert_int_equal(r.paragraphs[0].credit.article_id, pair[0]);
    roundup_clear(&r);

    /* An English reader: the lead and photo from the English article, and a
     * Swedish pull quote says it is in Swedish. */
    int64_t trio[3] = {pair[0], pair[1],
                       add_article(st, ctx, svd, "svd-quote", "Isen växer", "[]",
                                   "Isen vid bron i Kalmar har vuxit snabbt den här veckan. "
                                   "Bron i Kalmar är stängd för trafik på grund av isen. "
                                   "\"Vi har inte haft en så kall februari sedan åttiotalet, och "
                                   "det blir kallare\", säger meteorologen Nils Ek.",
                                   900)};
    struct compose_input three = {.article_ids = trio, .n = 3, .reader = LANG_EN};
    assert_int_equal(compose_story(text_ctx_lang(ctx), st, &three, &r, &eb), ERR_OK);
    dump(&r);
    assert_int_equal(r.paragraphs[0].credit.article_id, trio[1]);
    assert_true(r.has_image);
    assert_int_equal(r.image.article_id, trio[1]);
    assert_true(r.has_quote);
    assert_string_equal(r.speaker.text, "Nils Ek");
    assert_non_null(strstr(r.quote_display, "says Nils Ek (SvD). (in Swedish)"));
    roundup_clear(&r);
    /* A Swedish reader gets the Swedish photo (the more central article's). */
    three.reader = LANG_SV;
    assert_int_equal(compose_story(text_ctx_lang(ctx), st, &three, &r, &eb), ERR_OK);
    dump(&r);
    assert_true(r.has_image);
    assert_int_not_equal(r.image.article_id, trio[1]);
    roundup_clear(&r);
    text_ctx_free(ctx);
    store_close(st);
}

static void test_compose_store(void **state)
{
    (void)state;
    test_for_each_store(run, "compose_store");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_compose_store)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
