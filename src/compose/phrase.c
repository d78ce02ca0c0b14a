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
    .reports = "rapporterar",
    .reports_many = "rapporterar",
    .names_first = false,
    .via = "via",
    .unnamed = "en icke namngiven källa",
    .also_run_by = "även publicerad av",
    .label_analysis = "Analyser:",
    .label_opinion = "Ledare:",
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
    .reports = "reports",
    .reports_many = "report",
    .names_first = true,
    .via = "via",
    .unnamed = "an unnamed outlet",
    .also_run_by = "also run by",
    .label_analysis = "Analysis:",
    .label_opinion = "Editorials:",
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

const char *phrase_home_gap(const char *country, enum lang reader, bool *lang_is_home)
{
    static const struct {
        const char *country;
        enum lang lang;
        bool lang_is_home;
        const char *line;
    } homes[] = {
        {"SE", LANG_SV, true, "Inget svenskt medium har bevakat detta ännu."},
        {"GB", LANG_EN, false, "No British outlet has covered this yet."},
        {"US", LANG_EN, false, "No US outlet has covered this yet."},
        {"IE", LANG_EN, false, "No Irish outlet has covered this yet."},
        {"AU", LANG_EN, false, "No Australian outlet has covered this yet."},
        {"CA", LANG_EN, false, "No Canadian outlet has covered this yet."},
        {"NZ", LANG_EN, false, "No New Zealand outlet has covered this yet."},
    };
    *lang_is_home = false;
    for (size_t i = 0; country && i < sizeof homes / sizeof *homes; i++)
        if (!strcasecmp(country, homes[i].country) && homes[i].lang == reader) {
            *lang_is_home = homes[i].lang_is_home;
            return homes[i].line;
        }
    return NULL;
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

/* "Rossi", "Paton Walsh" after "Nick Paton Walsh" would need the name's
 * parts: the last word, with the particles before it ("van der Berg"). An
 * agency keeps its whole name. */
static void put_surname(struct buf *b, const char *name)
{
    static const char *const particles[] = {"van", "von", "de", "der", "den", "da",
                                            "di",  "du",  "la", "le",  "af",  NULL};
    if (phrase_is_agency(name)) {
        cat(b, name);
        return;
    }
    const char *last = strrchr(name, ' ');
    const char *from = last ? last + 1 : name;
    while (from > name + 1) {
        const char *prev = from - 1; /* the space before from */
        const char *w = prev;
        while (w > name && w[-1] != ' ')
            w--;
        bool particle = false;
        for (size_t i = 0; particles[i] && !particle; i++)
            particle = strlen(particles[i]) == (size_t)(prev - w) &&
                       !strncmp(w, particles[i], (size_t)(prev - w));
        if (!particle || w == name)
            break;
        from = w;
    }
    cat(b, from);
}

/* "A", "A and B", "A, B and C"; by surname when again. */
static void put_names(struct buf *b, const struct phrase_table *t, const char *const *names,
                      size_t n, bool again)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            cat(b, i + 1 == n ? " " : ", ");
        if (i > 0 && i + 1 == n) {
            cat(b, t->and_);
            cat(b, " ");
        }
        if (again)
            put_surname(b, names[i]);
        else
            cat(b, names[i]);
    }
}

/* The attribution with verb (one author / several), in the language's
 * order. A person named again in the same roundup is named by surname and
 * without the outlet ("Rossi writes", "skriver Rossi"). */
static char *attribution(const struct phrase_table *t, bool speech, const char *const *authors,
                         size_t n, const char *outlet, bool again)
{
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    bool named = outlet && *outlet;
    const char *verb = speech ? t->reports : t->writes;
    const char *verbs = speech ? t->reports_many : t->write;
    size_t agencies = 0;
    for (size_t i = 0; i < n; i++)
        agencies += phrase_is_agency(authors[i]);
    if (n == 0) {
        const char *who = named ? outlet : t->unnamed;
        if (!named && !speech)
            catf(&b, "%s %s", t->according_to, who);
        else if (speech && t->names_first)
            catf(&b, "%s %s", who, verb);
        else
            catf(&b, "%s %s", verb, who);
    } else if (agencies == n) {
        /* An agency's copy: the agency wrote it, the outlet ran it. */
        if (t->agency_reports) {
            put_names(&b, t, authors, n, false);
            catf(&b, " %s", n == 1 ? t->agency_reports : t->reports_many);
        } else {
            catf(&b, "%s ", n == 1 ? verb : verbs);
            put_names(&b, t, authors, n, false);
        }
        bool outlet_is_agency = false;
        for (size_t i = 0; named && i < n; i++)
            outlet_is_agency |= !strcasecmp(outlet, authors[i]);
        if (named && !outlet_is_agency)
            catf(&b, " %s %s", t->via, outlet);
    } else if (t->names_first && (again || speech)) {
        put_names(&b, t, authors, n, again);
        catf(&b, " %s", n == 1 ? verb : verbs);
        if (named && !again)
            catf(&b, " %s %s", t->for_, outlet);
    } else {
        catf(&b, "%s ", n == 1 ? verb : verbs);
        put_names(&b, t, authors, n, again);
        if (named && !again)
            catf(&b, " %s %s", t->for_, outlet);
    }
    return buf_steal(&b);
}

char *phrase_attribution(const struct phrase_table *t, const char *const *authors, size_t n,
                         const char *outlet, bool again)
{
    return attribution(t, false, authors, n, outlet, again);
}

char *phrase_attribution_reported(const struct phrase_table *t, const char *const *authors,
                                  size_t n, const char *outlet, bool again)
{
    return attribution(t, true, authors, n, outlet, again);
}

bool phrase_reports_speech(const struct phrase_table *t, const char *sentence, size_t len)
{
    (void)t; /* the sentence keeps its own language: look for both languages' verbs */
    static const char *const verbs[] = {
        " säger ",  " sa ",     " sade ",      " uppger ",       " uppgav ", " berättar ",
        " enligt ", " said ",   " says ",      " told ",         " added ",  " according to ",
        " stated ", " announced ", " reported ", " confirmed ", " meddelar ",
        " wrote ",  " skrev ",  " tweeted ",   " explained ",    " skriver "};
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
    /* A clause ending the sentence ("…, her spokesman said.") ends in a word
     * as the verbs are matched: the closing marks read as a space. */
    size_t cl = len - from;
    char *clause = xmalloc(cl + 2);
    memcpy(clause, sentence + from, cl);
    clause[cl] = ' ';
    clause[cl + 1] = '\0';
    while (cl > 0 && clause[cl - 1] && strchr(".!?\"'", clause[cl - 1]))
        clause[--cl] = ' ';
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
