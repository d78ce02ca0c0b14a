/* Phrase tables for Swedish and English readers and the attribution grammar. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "compose/compose_internal.h"
#include "compose/phrase.h"

static const struct phrase_table SV = {
    .lang = LANG_SV,
    .writes = "skriver",
    .write = "skriver",
    .says = "säger",
    .for_ = "för",
    .and_ = "och",
    .according_to = "enligt",
    .agency_reports = NULL,
    .via = "via",
    .unnamed = "en icke namngiven källa",
    .also_run_by = "även publicerad av",
    .label_analysis = "Analyser:",
    .label_opinion = "Ledare:",
    .gap_no_swedish = "Inget svenskt medium har bevakat detta ännu.",
    .gap_one_country = "Bara medier från ett land.",
    .read_more = "Läs mer",
    .background = "Bakgrund",
    .balance = "Bevakning",
    .quote_label = "Citat",
    .lang_names = {[LANG_SV] = "på svenska",
                   [LANG_EN] = "på engelska",
                   [LANG_DA] = "på danska",
                   [LANG_NB] = "på norska",
                   [LANG_DE] = "på tyska",
                   [LANG_FI] = "på finska",
                   [LANG_FR] = "på franska",
                   [LANG_ES] = "på spanska"},
    .articles = "artiklar",
    .outlets = "medier",
    .newsrooms = "oberoende redaktioner",
};

static const struct phrase_table EN = {
    .lang = LANG_EN,
    .writes = "writes",
    .write = "write",
    .says = "says",
    .for_ = "for",
    .and_ = "and",
    .according_to = "according to",
    .agency_reports = "reports",
    .via = "via",
    .unnamed = "an unnamed outlet",
    .also_run_by = "also run by",
    .label_analysis = "Analysis:",
    .label_opinion = "Editorials:",
    .gap_no_swedish = "No Swedish outlet has covered this yet.",
    .gap_one_country = "Only outlets from one country.",
    .read_more = "Read more",
    .background = "Background",
    .balance = "Coverage",
    .quote_label = "Quote",
    .lang_names = {[LANG_SV] = "in Swedish",
                   [LANG_EN] = "in English",
                   [LANG_DA] = "in Danish",
                   [LANG_NB] = "in Norwegian",
                   [LANG_DE] = "in German",
                   [LANG_FI] = "in Finnish",
                   [LANG_FR] = "in French",
                   [LANG_ES] = "in Spanish"},
    .articles = "articles",
    .outlets = "outlets",
    .newsrooms = "independent newsrooms",
};

const struct phrase_table *phrase_table_for(enum lang lang)
{
    return lang == LANG_SV ? &SV : lang == LANG_EN ? &EN : NULL;
}

bool phrase_is_agency(const char *name)
{
    static const char *const agencies[] = {
        "TT",
        "TT Nyhetsbyrån",
        "AP",
        "Associated Press",
        "The Associated Press",
        "Reuters",
        "AFP",
        "Agence France-Presse",
        "NTB",
        "Ritzau",
        "dpa",
        "STT",
        "FNB",
        "ANSA",
        "EFE",
        "PA",
        "PA Media",
        "Press Association",
        "UPI",
        "Bloomberg News",
        "Xinhua",
        "Kyodo",
    };
    for (size_t i = 0; i < sizeof agencies / sizeof *agencies; i++)
        if (!strcasecmp(name, agencies[i]))
            return true;
    return false;
}

/* "A", "A and B", "A, B and C". */
static void put_names(struct buf *b, const struct phrase_table *t, const char *const *names,
                      size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            cat(b, i + 1 == n ? " " : ", ");
        if (i > 0 && i + 1 == n) {
            cat(b, t->and_);
            cat(b, " ");
        }
        cat(b, names[i]);
    }
}

char *phrase_attribution(const struct phrase_table *t, const char *const *authors, size_t n,
                         const char *outlet)
{
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    bool named = outlet && *outlet;
    size_t agencies = 0;
    for (size_t i = 0; i < n; i++)
        agencies += phrase_is_agency(authors[i]);
    if (n == 0 && !named) {
        catf(&b, "%s %s", t->according_to, t->unnamed);
    } else if (n == 0) {
        catf(&b, "%s %s", t->writes, outlet);
    } else if (agencies == n) {
        /* An agency's copy: the agency wrote it, the outlet ran it. */
        if (t->agency_reports) {
            put_names(&b, t, authors, n);
            catf(&b, " %s", n == 1 ? t->agency_reports : "report");
        } else {
            catf(&b, "%s ", n == 1 ? t->writes : t->write);
            put_names(&b, t, authors, n);
        }
        bool outlet_is_agency = false;
        for (size_t i = 0; named && i < n; i++)
            outlet_is_agency |= !strcasecmp(outlet, authors[i]);
        if (named && !outlet_is_agency)
            catf(&b, " %s %s", t->via, outlet);
    } else {
        catf(&b, "%s ", n == 1 ? t->writes : t->write);
        put_names(&b, t, authors, n);
        if (named)
            catf(&b, " %s %s", t->for_, outlet);
    }
    return buf_steal(&b);
}

char *phrase_attribution_reported(const struct phrase_table *t, const char *const *authors,
                                  size_t n, const char *outlet)
{
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    bool named = outlet && *outlet;
    catf(&b, "%s ", t->according_to);
    if (n) {
        put_names(&b, t, authors, n);
        bool outlet_is_author = false;
        for (size_t i = 0; named && i < n; i++)
            outlet_is_author |= !strcasecmp(outlet, authors[i]);
        if (named && !outlet_is_author)
            catf(&b, " %s %s", t->for_, outlet);
    } else {
        cat(&b, named ? outlet : t->unnamed);
    }
    return buf_steal(&b);
}

bool phrase_reports_speech(const struct phrase_table *t, const char *sentence, size_t len)
{
    (void)t; /* the sentence keeps its own language: look for both languages' verbs */
    static const char *const verbs[] = {" säger ",    " sa ",          " sade ", " uppger ",
                                        " berättar ", " said ",        " says ", " told ",
                                        " added ",    " according to "};
    /* Where the speaker is named: after a quotation's closing mark when the
     * sentence quotes ("…,” said Johan Ek, operations manager), else in the
     * last two clauses ("…, says Eva Lund, mayor"), else the last one. */
    size_t from = 0, last_comma = 0, comma_before = 0;
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        bool closes = sentence[i] == '"' ||
                      (i + 3 <= len && !memcmp(sentence + i, "\xe2\x80\x9d", 3)) ||
                      (i + 2 <= len && !memcmp(sentence + i, "\xc2\xbb", 2));
        if (closes) {
            from = i;
            quoted = true;
        } else if (sentence[i] == ',') {
            comma_before = last_comma;
            last_comma = i;
        }
    }
    /* Without a comma the speaker is the sentence's subject ("Ek said the
     * lines were down"), which "writes X" reads well after. */
    if (!quoted)
        from = comma_before ? comma_before : last_comma ? last_comma : len;
    char *clause = xstrndup(sentence + from, len - from);
    bool found = false;
    for (size_t i = 0; i < sizeof verbs / sizeof *verbs && !found; i++)
        found = strstr(clause, verbs[i]) != NULL;
    free(clause);
    return found;
}

/* The length of a closing quotation mark ending s[0..len), 0 if none. */
static size_t closing_quote(const char *s, size_t len)
{
    static const char *const marks[] = {"\xe2\x80\x9d", "\xe2\x80\x99", "\xc2\xbb", "\""};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        size_t m = strlen(marks[i]);
        if (len >= m && !memcmp(s + len - m, marks[i], m))
            return m;
    }
    return 0;
}

char *phrase_attach(const struct phrase_table *t, const char *sentence, size_t len,
                    const char *attribution)
{
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    size_t q = closing_quote(sentence, len);
    char last = len > q ? sentence[len - q - 1] : 0;
    if (q && (last == '.' || last == ',')) {
        /* “It is over.” -> en “It is over,” writes X. / sv ”Det är över”, skriver X. */
        cat_n(&b, sentence, len - q - 1);
        if (t->lang == LANG_EN) {
            cat(&b, ",");
            cat_n(&b, sentence + len - q, q);
        } else {
            cat_n(&b, sentence + len - q, q);
            cat(&b, ",");
        }
    } else if (!q && last == '.') {
        cat_n(&b, sentence, len - 1);
        cat(&b, ",");
    } else {
        /* "?", "!", a quotation ending in one, or no mark at all. */
        cat_n(&b, sentence, len);
        if (last != '?' && last != '!')
            cat(&b, ",");
    }
    catf(&b, " %s.", attribution);
    return buf_steal(&b);
}
