/* Language identification. libexttextcat ranks the languages by n-gram
 * distance and returns those within 3% of the best; among Swedish, Danish and
 * Norwegian, whose n-grams overlap most, words that only one or two of them use
 * ("och", "af", "ikke", "mye") and the letters æ ø ä ö decide. */
#include "text/lang.h"

#include <libexttextcat/textcat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text/text_internal.h"
#include "lang/norm.h"
#include "lang/token.h"
#include "lang/words.h"

#ifndef OMNIBUS_TEXTCAT_DATA
#error "OMNIBUS_TEXTCAT_DATA must name libexttextcat's fingerprint directory"
#endif

static const size_t max_sample = 4096;
/* Fewer letters than this and n-grams say little; the prior decides. */
static const size_t min_letters = 12;

/* Writes a fingerprint list naming only our languages and loads it. The list is
 * a temporary file because libexttextcat reads its configuration from a path. */
static enum err open_textcat(struct text_ctx *ctx, struct errbuf *eb)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/omnibus-textcat-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return errf(eb, ERR_IO, "cannot create a temporary file in %s", dir ? dir : "/tmp");
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(path);
        return errf(eb, ERR_IO, "cannot write %s", path);
    }
    for (int l = 1; l < LANG_COUNT; l++)
        fprintf(f, "%s.lm %s\n", lang_code((enum lang)l), lang_code((enum lang)l));
    bool ok = fclose(f) == 0;
    ctx->textcat = ok ? special_textcat_Init(path, OMNIBUS_TEXTCAT_DATA) : NULL;
    unlink(path);
    if (!ctx->textcat)
        return errf(eb, ERR_IO, "cannot load language fingerprints from %s", OMNIBUS_TEXTCAT_DATA);
    ctx->textcat_out = textcat_GetClassifyFullOutput(ctx->textcat);
    /* Let short text through: we judge its reliability ourselves. */
    textcat_SetProperty(ctx->textcat, TCPROP_MINIMUM_DOCUMENT_SIZE, (sint4)min_letters);
    return ERR_OK;
}

enum { SV = 1, DA = 2, NB = 4 };

/* Words that mark one or two of the Scandinavian languages, by mask. */
static const struct {
    const char *word;
    int langs;
} scand_words[] = {
    {"och", SV},
    {"är", SV},
    {"inte", SV},
    {"att", SV},
    {"också", SV},
    {"mycket", SV},
    {"hade", SV},
    {"vad", SV},
    {"när", SV},
    {"då", SV},
    {"här", SV},
    {"där", SV},
    {"utan", SV},
    {"någon", SV},
    {"något", SV},
    {"några", SV},
    {"bara", SV},
    {"över", SV},
    {"än", SV},
    {"ska", SV},
    {"hur", SV},
    {"vilket", SV},
    {"vilken", SV},
    {"själv", SV},
    {"även", SV},
    {"mellan", SV},
    {"genom", SV},
    {"jag", SV},
    {"hon", SV},
    {"till", SV},
    {"från", SV},
    {"upp", SV},
    {"sina", SV},
    {"detta", SV},
    {"dessa", SV},
    {"varit", SV},
    {"efter", SV | DA},
    {"mig", SV | DA},
    {"dig", SV | DA},
    {"sig", SV | DA},
    {"blev", SV | DA},
    {"nu", SV | DA},
    {"sådan", SV | DA},
    {"av", SV | NB},
    {"ut", SV | NB},
    {"af", DA},
    {"ud", DA},
    {"op", DA},
    {"hvad", DA},
    {"meget", DA},
    {"noget", DA},
    {"nogle", DA},
    {"været", DA},
    {"blive", DA},
    {"bliver", DA},
    {"havde", DA},
    {"uden", DA},
    {"end", DA},
    {"mellem", DA},
    {"gennem", DA},
    {"nej", DA},
    {"øvrigt", DA},
    {"jer", DA},
    {"ikke", DA | NB},
    {"være", DA | NB},
    {"hun", DA | NB},
    {"jeg", DA | NB},
    {"til", DA | NB},
    {"fra", DA | NB},
    {"også", DA | NB},
    {"selv", DA | NB},
    {"hvordan", DA | NB},
    {"hvis", DA | NB},
    {"hvor", DA | NB},
    {"skal", DA | NB},
    {"hvilket", DA | NB},
    {"opp", NB},
    {"hva", NB},
    {"mye", NB},
    {"noe", NB},
    {"noen", NB},
    {"etter", NB},
    {"vært", NB},
    {"bli", NB},
    {"blir", NB},
    {"ble", NB},
    {"hadde", NB},
    {"uten", NB},
    {"enn", NB},
    {"meg", NB},
    {"deg", NB},
    {"seg", NB},
    {"nå", NB},
    {"mellom", NB},
    {"gjennom", NB},
    {"slik", NB},
    {"ikkje", NB},
    {"eg", NB},
    {"dei", NB},
    {"mykje", NB},
    {"å", NB},
    {"at", DA | NB},
    {"ei", NB},
    {"kanskje", NB},
    {"måske", DA},
    {"blitt", NB},
    {"blevet", DA},
    {"hatt", NB},
    {"haft", DA},
    {"fått", NB},
    {"fået", DA},
    {"gått", NB},
    {"gået", DA},
    {"tatt", NB},
    {"taget", DA},
    {"gjøre", NB},
    {"gøre", DA},
    {"igjen", NB},
    {"igen", DA},
    {"enda", NB},
    {"endnu", DA},
    {"fortsatt", NB},
    {"fortsat", DA},
    {"hennes", NB},
    {"hendes", DA},
    {"oss", NB},
    {"os", DA},
    {"mot", NB},
    {"mod", DA},
    {"uke", NB},
    {"uge", DA},
    {"språk", NB},
    {"sprog", DA},
    {"sier", NB},
    {"siger", DA},
    {"sagde", DA},
    {"gir", NB},
    {"giver", DA},
    {"litt", NB},
    {"lidt", DA},
    {"veldig", NB},
    {"ute", NB},
    {"ude", DA},
    {"inne", NB},
    {"inde", DA},
    {"liten", NB},
    {"lille", DA},
    {"nogen", DA},
    {"sammen", DA | NB},
    {"samman", SV},
    {"tidligere", DA | NB},
    {"tidigare", SV},
    {"derimot", NB},
    {"derimod", DA},
    {"dessuten", NB},
    {"desuden", DA},
    {"imidlertid", DA | NB},
    {"dog", DA},
    {"hvert", DA | NB},
    {"vel", DA | NB},
    {"kun", DA | NB},
};

static int scand_mask(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof scand_words / sizeof scand_words[0]; i++)
        if (strlen(scand_words[i].word) == n && !memcmp(scand_words[i].word, w, n))
            return scand_words[i].langs;
    return 0;
}

static bool ends_with(const char *w, size_t n, const char *suffix, size_t min_stem)
{
    size_t k = strlen(suffix);
    return n >= k + min_stem && !memcmp(w + n - k, suffix, k);
}

static bool starts_with(const char *w, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n > k && !memcmp(w, prefix, k);
}

/* Spelling that tells the three apart: Norwegian "-sjon", "kj-", "gj-", "øy",
 * "-ene", "-het"; Danish "-tion", "-erne", "-hed", "-skab", "øj"; Swedish ä ö. */
static void scand_spelling(const char *w, size_t n, double score[3])
{
    if (strstr(w, "ä") || strstr(w, "ö"))
        score[0] += 1;
    if (strstr(w, "æ") || strstr(w, "ø"))
        score[1] += 0.5, score[2] += 0.5;
    if (strstr(w, "sjon"))
        score[2] += 1;
    if (starts_with(w, n, "kj") || starts_with(w, n, "gj") || starts_with(w, n, "skj"))
        score[2] += 1;
    if (strstr(w, "øy"))
        score[2] += 1;
    if (ends_with(w, n, "ene", 2))
        score[2] += 0.5;
    if (ends_with(w, n, "het", 2) || ends_with(w, n, "heten", 2) || ends_with(w, n, "skap", 2))
        score[0] += 0.5, score[2] += 0.5;
    if (strstr(w, "tion"))
        score[0] += 0.5, score[1] += 0.5;
    if (ends_with(w, n, "hed", 2) || ends_with(w, n, "heden", 2) || ends_with(w, n, "skab", 2) ||
        strstr(w, "øj") || ends_with(w, n, "eret", 3) || starts_with(w, n, "af"))
        score[1] += 1;
    if (ends_with(w, n, "erne", 2) || (starts_with(w, n, "op") && !starts_with(w, n, "opp")))
        score[1] += 0.5;
    /* Norwegian doubles final consonants where Danish does not: "fikk"/"fik". */
    if (ends_with(w, n, "ert", 4) || ends_with(w, n, "kk", 1) || ends_with(w, n, "tt", 1) ||
        ends_with(w, n, "pp", 1) || ends_with(w, n, "nn", 1) || starts_with(w, n, "opp") ||
        strstr(w, "gj"))
        score[2] += 0.5;
    if (starts_with(w, n, "av") && n > 4)
        score[0] += 0.5, score[2] += 0.5;
}

/* Word evidence for every language: for Swedish, Danish and Norwegian their
 * marker words and spelling, for the others their stopwords. */
static enum err word_evidence(struct text_ctx *ctx, const char *s, size_t len,
                              double score[LANG_COUNT])
{
    struct lang_token t;
    size_t pos = 0;
    memset(score, 0, LANG_COUNT * sizeof *score);
    while (lang_token_next(s, len, LANG_UNKNOWN, &pos, &t)) {
        if (t.kind != LANG_TOKEN_WORD)
            continue;
        const char *w;
        size_t n;
        enum err err = lang_fold(ctx->lang, s + t.begin, t.end - t.begin, &w, &n);
        if (err)
            return err;
        double sc[3] = {0, 0, 0};
        int m = scand_mask(w, n);
        int k = (m & SV ? 1 : 0) + (m & DA ? 1 : 0) + (m & NB ? 1 : 0);
        for (int l = 0; l < 3; l++)
            if (m & (1 << l))
                sc[l] += 1.0 / k;
        scand_spelling(w, n, sc);
        score[LANG_SV] += sc[0];
        score[LANG_DA] += sc[1];
        score[LANG_NB] += sc[2];
        for (int l = LANG_EN; l < LANG_COUNT; l++)
            if (l != LANG_DA && l != LANG_NB && lang_is_stopword((enum lang)l, w, n))
                score[l] += 1;
    }
    return ERR_OK;
}

static bool scandinavian(enum lang l)
{
    return l == LANG_SV || l == LANG_DA || l == LANG_NB;
}

static size_t count_letters(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        /* Count ASCII letters and the lead bytes of multibyte characters. */
        n += ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0xC0;
    }
    return n;
}

enum err text_lang_identify(struct text_ctx *ctx, const char *s, size_t len, enum lang prior,
                            struct text_lang_guess *out, struct errbuf *eb)
{
    *out = (struct text_lang_guess){LANG_UNKNOWN, 0, LANG_UNKNOWN};
    enum err err = ERR_OK;
    if (!ctx->textcat && (err = open_textcat(ctx, eb)))
        return err;
    if (len > max_sample) {
        len = max_sample; /* cut at a character boundary */
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    if (count_letters(s, len) < min_letters) {
        if (prior != LANG_UNKNOWN)
            *out = (struct text_lang_guess){prior, 0.5, prior};
        return ERR_OK;
    }
    candidate_t *cand = ctx->textcat_out;
    int n = textcat_ClassifyFull(ctx->textcat, s, len, cand);
    enum lang ranked[LANG_COUNT];
    int scores[LANG_COUNT];
    int k = 0;
    for (int i = 0; i < n && k < LANG_COUNT; i++) {
        enum lang l = lang_parse(cand[i].name);
        if (l != LANG_UNKNOWN) {
            ranked[k] = l;
            scores[k++] = cand[i].score;
        }
    }
    if (k == 0) {
        /* Too many languages equally close, or none: not a text we model. */
        return ERR_OK;
    }
    enum lang best = ranked[0];
    /* 1.0 when the runner-up is past textcat's 3% window, 0 when tied. */
    double conf = k == 1 ? 1.0 : (double)(scores[1] - scores[0]) / (0.03 * scores[0]);
    /* Words decide between close candidates: among the Scandinavian three
     * always (their n-grams overlap too much), otherwise among textcat's
     * candidates when it had more than one. */
    double ev[LANG_COUNT];
    if ((err = word_evidence(ctx, s, len, ev)))
        return errf(eb, err, "language identification: a word over the size limit");
    bool scand = scandinavian(best);
    enum lang top = LANG_UNKNOWN;
    double top_score = 0, second = 0;
    for (int l = 1; l < LANG_COUNT; l++) {
        bool eligible = scand ? scandinavian((enum lang)l) : false;
        for (int i = 0; i < k && !scand; i++)
            eligible = eligible || ranked[i] == (enum lang)l;
        if (!eligible)
            continue;
        if (ev[l] > top_score) {
            second = top_score;
            top_score = ev[l];
            top = (enum lang)l;
        } else if (ev[l] > second) {
            second = ev[l];
        }
    }
    /* textcat leans to Danish among the three, so half a marker decides there. */
    if (top != LANG_UNKNOWN && top_score - second >= (scand ? 0.5 : 1.0)) {
        double word_conf = 0.3 + 0.2 * (top_score - second);
        conf = top == best ? (conf > word_conf ? conf : word_conf) : word_conf;
        best = top;
    }
    if (prior != LANG_UNKNOWN && prior != best && conf < 0.5)
        for (int i = 1; i < k; i++)
            if (ranked[i] == prior) {
                best = prior;
                conf = 0.5;
            }
    if (conf > 1)
        conf = 1;
    out->best = best;
    out->confidence = conf;
    out->lang = conf >= 0.2 ? best : LANG_UNKNOWN;
    return ERR_OK;
}
