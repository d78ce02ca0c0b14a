/* Quote extraction over the token stream: pair the marks, then read the cue
 * and the speaker from the words just after the closing mark (", säger X",
 * "," X said") or just before the opening one ("X said:", "Enligt X"). */
#include "text/quote.h"

#include <stdlib.h>
#include <string.h>

#include "text/quote_scan.h"
#include "text/speaker.h"
#include "text/text_internal.h"
#include "lang/token.h"
#include "lang/utf8.h"
#include "lang/words.h"

static const size_t max_quote = 4096;
/* How many words a cue or a speaker may be away from the quote. */
enum { CUE_WINDOW = 10, SPEAKER_MAX = 8 };
/* The longest appositive skipped between a speaker and a cue, and how far back
 * a clause's subject is looked for. */
enum { APPOSITIVE_MAX = 16, CLAUSE_MAX = 60 };
/* A quote inside a sentence with fewer words is a term or a scare quote; a
 * title has at most TITLE_MAX words. */
enum { FRAGMENT_MIN = 4, TITLE_MAX = 16 };
/* How many words of the sentence may follow a quote before ", X said". */
enum { CLAUSE_WORDS = 12 };

void text_quote_list_clear(struct text_quote_list *l)
{
    if (!l)
        return;
    free(l->items);
    l->items = NULL;
    l->len = l->cap = 0;
}

static bool attribute_after(const struct scan *sc, size_t i, size_t limit, struct text_quote *q);
static bool is_dash(const struct scan *sc, size_t i);

/* Cue words per language, casefolded. English verbs are those next to the
 * speaker in the Quootstrap seed patterns. */
static const char *const verbs_sv[] = {
    "säger",        "sa",        "sade",       "skriver",   "skrev",     "uppger",
    "uppgav",       "berättar",  "berättade",  "menar",     "menade",    "konstaterar",
    "konstaterade", "förklarar", "förklarade", "tillägger", "tillade",   "fortsätter",
    "fortsatte",    "svarar",    "svarade",    "frågar",    "frågade",   "betonar",
    "betonade",     "påpekar",   "påpekade",   "hävdar",    "hävdade",   "understryker",
    "underströk",   "tycker",    "tyckte",     "anser",     "ansåg",     "framhåller",
    "framhöll",     "medger",    "medgav",     "twittrar",  "twittrade", "varnar",
    "varnade",      "meddelar",  "meddelade",  NULL};
static const char *const verbs_da[] = {
    "siger",    "sagde",   "skriver",      "skrev",         "fortæller",  "fortalte", "oplyser",
    "oplyste",  "mener",   "mente",        "forklarer",     "forklarede", "tilføjer", "tilføjede",
    "svarer",   "svarede", "understreger", "understregede", "påpeger",    "påpegede", "advarer",
    "advarede", NULL};
static const char *const verbs_nb[] = {
    "sier",     "sa",           "sagt",         "skriver", "skrev",     "forteller", "fortalte",
    "opplyser", "opplyste",     "mener",        "mente",   "forklarer", "forklarte", "svarer",
    "svarte",   "understreker", "understreket", "påpeker", "påpekte",   "advarer",   "advarte",
    NULL};
static const char *const verbs_en[] = {
    "said",         "says",      "told",      "tells",     "wrote",     "writes",
    "added",        "adds",      "explained", "explains",  "stated",    "states",
    "noted",        "notes",     "asked",     "asks",      "argued",    "argues",
    "warned",       "warns",     "insisted",  "insists",   "claimed",   "claims",
    "declared",     "confirmed", "reported",  "commented", "quipped",   "asserted",
    "urged",        "recalled",  "continued", "replied",   "responded", "admitted",
    "acknowledged", "announced", "tweeted",   "posted",    "cautioned", "conceded",
    "predicted",    "suggested", "observed",  "remarked",  "called",    "saying",
    "adding",       "described", NULL};
static const char *const verbs_de[] = {"sagte",    "sagt",    "sagten",     "erklärte",  "erklärt",
                                       "schreibt", "schrieb", "betonte",    "betont",    "meinte",
                                       "meint",    "fügte",   "berichtete", "berichtet", "warnte",
                                       "warnt",    "so",      NULL};
static const char *const verbs_fi[] = {
    "sanoo",  "sanoi",      "kertoo",    "kertoi",     "kirjoittaa", "kirjoitti", "toteaa",
    "totesi", "sanovat",    "sanoivat",  "huomauttaa", "huomautti",  "painottaa", "painotti",
    "arvioi", "muistuttaa", "muistutti", "vakuuttaa",  "vakuutti",   NULL};
static const char *const verbs_fr[] = {"dit",      "déclare",  "déclaré", "affirme", "affirmé",
                                       "explique", "expliqué", "ajoute",  "ajouté",  "souligne",
                                       "souligné", "estime",   "estimé",  "écrit",   "raconte",
                                       "raconté",  "confie",   "confié",  "indique", "indiqué",
                                       "assure",   "assuré",   "lance",   "lancé",   NULL};
static const char *const verbs_es[] = {"dijo",    "dice",      "afirmó",   "afirma",   "explicó",
                                       "explica", "añadió",    "agregó",   "señaló",   "señala",
                                       "aseguró", "asegura",   "declaró",  "escribió", "indicó",
                                       "comentó", "manifestó", "advirtió", NULL};

static const char *const *const verbs[LANG_COUNT] = {
    [LANG_SV] = verbs_sv, [LANG_EN] = verbs_en, [LANG_DA] = verbs_da, [LANG_NB] = verbs_nb,
    [LANG_DE] = verbs_de, [LANG_FI] = verbs_fi, [LANG_FR] = verbs_fr, [LANG_ES] = verbs_es,
};

/* Prepositions whose object is the speaker; "according" takes "to" in cue(). */
static const char *const preps[LANG_COUNT] = {
    [LANG_SV] = "enligt", [LANG_EN] = "according", [LANG_DA] = "ifølge", [LANG_NB] = "ifølge",
    [LANG_DE] = "laut",   [LANG_FR] = "selon",     [LANG_ES] = "según",
};

/* Third-person pronouns that may stand for a speaker. */
static const char *const pronouns[] = {
    "han", "hon", "hen", "de",   "vi",  "jag",   "hun", "dei",  "he",    "she", "they", "we", "i",
    "er",  "sie", "il",  "elle", "ils", "elles", "él",  "ella", "ellos", "hän", "he",   NULL};

/* The cue at token i, and how many tokens it takes. */
enum cue_kind quote_cue_at(const struct scan *sc, size_t i, size_t *n)
{
    *n = 1;
    if (word_in(sc, i, verbs[sc->lang]))
        return CUE_VERB;
    const char *p = preps[sc->lang];
    if (p && word_is(sc, i, p)) {
        if (sc->lang != LANG_EN)
            return CUE_PREP;
        if (i + 1 < sc->tk.len && word_is(sc, i + 1, "to")) {
            *n = 2;
            return CUE_PREP;
        }
    }
    if ((sc->lang == LANG_FI && word_is(sc, i, "mukaan")) ||
        (sc->lang == LANG_DE && word_is(sc, i, "zufolge")))
        return CUE_POSTPOS;
    return CUE_NONE;
}

/* A word that may stand inside a speaker's phrase: not a function word, or a
 * particle of a name ("de", "van", "von"). */
static bool np_word(const struct scan *sc, size_t i)
{
    static const char *const particles[] = {"de", "van", "von", "der", "af", "la", "le",
                                            "du", "del", "di",  "bin", "al", NULL};
    if (sc->tk.t[i].kind == LANG_TOKEN_PUNCT)
        return false;
    if (is_cap(sc, i) || word_in(sc, i, particles))
        return true;
    char low[64];
    size_t n = sc->tk.t[i].end - sc->tk.t[i].begin;
    if (n >= sizeof low)
        return true;
    memcpy(low, sc->s + sc->tk.t[i].begin, n);
    for (size_t k = 0; k < n; k++)
        low[k] = (char)(low[k] >= 'A' && low[k] <= 'Z' ? low[k] + 32 : low[k]);
    return !lang_is_stopword(sc->lang, low, n) && quote_cue_at(sc, i, &n) == CUE_NONE;
}

/* Whether token i continues a speaker's phrase that ends before limit: also
 * across "of the" before a name ("Larry Kroon of the Wasilla Bible Church"). */
static bool np_at(const struct scan *sc, size_t i, size_t limit)
{
    if (np_word(sc, i))
        return true;
    bool cap_next = i + 1 < limit && is_cap(sc, i + 1);
    if (connector(sc, i))
        return cap_next || (i + 2 < limit && determiner(sc, i + 1) && is_cap(sc, i + 2));
    return i > 0 && determiner(sc, i) && connector(sc, i - 1) && cap_next;
}

/* The speaker in the phrase [b, e): a name at its end stands for the phrase
 * when a role comes right before it ("ACLU attorney Sandra Park" -> "Sandra
 * Park"); otherwise the whole phrase ("a Western diplomat", "A spokesman for
 * Waitrose", "Willoughby's letter"). */
static struct text_span speaker_of(const struct scan *sc, size_t b, size_t e)
{
    if (is_cap(sc, e - 1)) {
        size_t j = e - 1;
        while (j > b && is_cap(sc, j - 1))
            j--;
        if (j > b && !connector(sc, j - 1) && !determiner(sc, j - 1))
            b = j;
    }
    size_t end = sc->tk.t[e - 1].end;
    /* "Obama's spokesman" ends at the noun; a possessive on the name goes. */
    if (end - sc->tk.t[e - 1].begin > 2 && (sc->s[end - 1] == 's') &&
        (sc->s[end - 2] == '\'' || (end >= 4 && !memcmp(sc->s + end - 4, "\xE2\x80\x99", 3))))
        end -= sc->s[end - 2] == '\'' ? 2 : 4;
    return (struct text_span){sc->tk.t[b].begin, end};
}

/* The speaker phrase starting at token i (after "säger", "according to"). */
static bool speaker_after(const struct scan *sc, size_t i, size_t limit, struct text_span *sp)
{
    /* "said 61-year-old Anargyros Bizianis": the age goes. */
    if (i < limit && sc->tk.t[i].kind == LANG_TOKEN_NUMBER) {
        size_t j = i + 1, n = sc->tk.t[i].end - sc->tk.t[i].begin;
        if (n > 4 && !memcmp(sc->s + sc->tk.t[i].end - 4, "-old", 4)) {
            i++;
        } else {
            while (j < limit && j - i < 5 &&
                   (is_dash(sc, j) || word_is(sc, j, "year") || word_is(sc, j, "years")))
                j++;
            if (j < limit && word_is(sc, j, "old"))
                i = j + 1;
        }
    }
    if (i < limit && word_in(sc, i, pronouns)) {
        *sp = (struct text_span){sc->tk.t[i].begin, sc->tk.t[i].end};
        return true;
    }
    size_t j = i;
    if (j < limit && determiner(sc, j))
        j++;
    size_t first = j;
    while (j < limit && j - i < SPEAKER_MAX && np_at(sc, j, limit))
        j++;
    if (j == first)
        return false;
    *sp = speaker_of(sc, i, j);
    return sp->end > sp->begin;
}

/* The speaker phrase ending just before token i (before "said"). */
static bool speaker_before(const struct scan *sc, size_t i, size_t floor, struct text_span *sp)
{
    if (i > floor && word_in(sc, i - 1, pronouns)) {
        *sp = (struct text_span){sc->tk.t[i - 1].begin, sc->tk.t[i - 1].end};
        return true;
    }
    size_t j = i;
    while (j > floor && i - j < SPEAKER_MAX && np_at(sc, j - 1, i))
        j--;
    if (j == i)
        return false;
    if (j > floor && determiner(sc, j - 1))
        j--;
    *sp = speaker_of(sc, j, i);
    return true;
}

/* An appositive between commas starting at the comma k ("Dave Olson, a
 * spokesman for the forest, said"): the token after its closing comma, or 0. */
static size_t skip_appositive(const struct scan *sc, size_t k, size_t limit)
{
    for (size_t m = k + 1; m < limit && m - k <= APPOSITIVE_MAX; m++) {
        if (stops(sc, m))
            return 0;
        if (is_comma(sc, m))
            return m + 1;
    }
    return 0;
}

/* Reads the cue and speaker after a quote whose closing mark is token i. */

/* The rest of a sentence a quote opens (“…” in that law, Azzouz said): the
 * cue after the comma that ends it, when one comes within a few words. */
static bool attribute_after_clause(const struct scan *sc, size_t i, size_t limit,
                                   struct text_quote *q)
{
    for (size_t j = i + 1; j < limit && j - i <= CLAUSE_WORDS; j++) {
        if (stops(sc, j) || quote_mark_at(sc, j))
            return false;
        if (is_comma(sc, j))
            return attribute_after(sc, j, limit, q);
    }
    return false;
}

static bool attribute_after(const struct scan *sc, size_t i, size_t limit, struct text_quote *q)
{
    size_t j = i + 1;
    while (j < limit && is_punct(sc, j) &&
           (sc->s[sc->tk.t[j].begin] == ',' || sc->s[sc->tk.t[j].begin] == '-' ||
            (unsigned char)sc->s[sc->tk.t[j].begin] == 0xE2))
        j++;
    size_t n;
    if (j >= limit)
        return false;
    enum cue_kind k = quote_cue_at(sc, j, &n);
    if (k == CUE_VERB || k == CUE_PREP) {
        /* "said X", "säger X", "according to X"; for English "said in a
         * statement" names no one after the verb. */
        if (speaker_after(sc, j + n, limit, &q->speaker)) {
            q->cue = (struct text_span){sc->tk.t[j].begin, sc->tk.t[j + n - 1].end};
            return true;
        }
        return false;
    }
    /* "X said", "X told Y", "X, a spokesman for Y, said", "X:n mukaan". */
    size_t np_end = 0;
    for (size_t v = j; v < limit && v - j <= CUE_WINDOW + APPOSITIVE_MAX && !stops(sc, v);) {
        k = quote_cue_at(sc, v, &n);
        if ((k == CUE_VERB || k == CUE_POSTPOS) && v > j) {
            if (np_end)
                q->speaker = speaker_of(sc, j, np_end);
            else if (!speaker_before(sc, v, j, &q->speaker))
                return false;
            q->cue = (struct text_span){sc->tk.t[v].begin, sc->tk.t[v + n - 1].end};
            return true;
        }
        if (is_comma(sc, v) && !np_end && v > j) {
            np_end = v;
            if (!(v = skip_appositive(sc, v, limit)))
                return false;
            continue;
        }
        if (np_end ||
            (!np_at(sc, v, limit) && !word_in(sc, v, pronouns) && !(v == j && determiner(sc, v))))
            return false;
        v++;
    }
    return false;
}

/* A name opening the clause that ends at token v ("Ben Tanzer, a spokesman
 * for ..., says"): the capitalised run at the clause start when a comma
 * follows it. */
static bool clause_subject(const struct scan *sc, size_t v, struct text_span *sp)
{
    size_t b = v;
    while (b > 0 && v - b < CLAUSE_MAX && !stops(sc, b - 1))
        b--;
    while (b < v && (!is_cap(sc, b) || lang_capitalised_stopword(sc->lang, sc->s, sc->tk.t[b].begin,
                                                                 sc->tk.t[b].end)))
        if (!is_cap(sc, b++) && !is_comma(sc, b - 1))
            return false; /* the clause opens with something else */
    size_t e = b;
    while (e < v && is_cap(sc, e))
        e++;
    if (e == b || e >= v || !is_comma(sc, e))
        return false;
    if (e == b + 1 && e + 1 < v && is_cap(sc, e + 1))
        return false; /* "However, Prime Minister …": an adverb, not a subject */
    *sp = (struct text_span){sc->tk.t[b].begin, sc->tk.t[e - 1].end};
    return true;
}

/* Reads the cue and speaker before a quote whose opening mark is token i:
 * "X said: “…”", "Enligt X ”…”", "According to X, "…"". */
/* The name a sentence opens with when a verb follows it, after an opening
 * adverb and its comma ("However, Prime Minister Costas Karamanlis has
 * dismissed calls to quit, saying …", "DeGeneres made the announcement and
 * said: …"): the subject of the cue verb v later in that sentence. */
static bool sentence_subject(const struct scan *sc, size_t v, struct text_span *sp)
{
    size_t b = v;
    while (b > 0 && v - b < CLAUSE_MAX && !stops(sc, b - 1) && !line_start(sc, b))
        b--;
    if (b + 2 < v && is_cap(sc, b) && is_comma(sc, b + 1) && is_cap(sc, b + 2))
        b += 2; /* "However," */
    size_t e = b;
    while (e < v && (is_cap(sc, e) || (e > b && is_punct(sc, e) &&
                                       sc->s[sc->tk.t[e].begin] == '.' && attached_before(sc, e))))
        e++;
    if (e == b || e >= v || sc->tk.t[e].kind != LANG_TOKEN_WORD || is_cap(sc, e) ||
        lang_capitalised_stopword(sc->lang, sc->s, sc->tk.t[b].begin, sc->tk.t[b].end))
        return false;
    /* One word is a name only when the text also writes it after another
     * capitalised word, as a surname ("DeGeneres"; not "Greek", "One"). */
    if (e == b + 1) {
        size_t n = sc->tk.t[b].end - sc->tk.t[b].begin, k;
        for (k = 1; k < sc->tk.len; k++)
            if (k != b && is_cap(sc, k - 1) && !line_start(sc, k) &&
                !lang_capitalised_stopword(sc->lang, sc->s, sc->tk.t[k - 1].begin,
                                           sc->tk.t[k - 1].end) &&
                sc->tk.t[k].end - sc->tk.t[k].begin == n &&
                !memcmp(sc->s + sc->tk.t[k].begin, sc->s + sc->tk.t[b].begin, n))
                break;
        if (k == sc->tk.len)
            return false;
    }
    *sp = speaker_of(sc, b, e);
    return true;
}

/* The name between commas right before the cue verb v ("The head of the
 * union, Giannis Panagopoulos, said"). */
static bool appositive_before(const struct scan *sc, size_t v, struct text_span *sp)
{
    if (v < 3 || !is_comma(sc, v - 1))
        return false;
    size_t j = v - 1;
    while (j > 0 && is_cap(sc, j - 1))
        j--;
    if (j == v - 1 || j == 0 || !is_comma(sc, j - 1))
        return false;
    *sp = (struct text_span){sc->tk.t[j].begin, sc->tk.t[v - 2].end};
    return true;
}

static bool attribute_before(const struct scan *sc, size_t i, size_t floor, size_t window,
                             struct text_quote *q)
{
    size_t lo = i > window + floor ? i - window : floor;
    for (size_t v = i; v-- > lo;) {
        if (stops(sc, v))
            return false;
        size_t n;
        enum cue_kind k = quote_cue_at(sc, v, &n);
        if (k == CUE_PREP) {
            if (!speaker_after(sc, v + n, i, &q->speaker))
                return false;
        } else if (k == CUE_VERB) {
            /* "X said, adding that … “…”": the first verb's subject. */
            size_t m, w = v >= 2 && is_comma(sc, v - 1) && quote_cue_at(sc, v - 2, &m) == CUE_VERB
                              ? v - 2
                              : v;
            bool joined = v > 0 && (is_comma(sc, v - 1) || word_is(sc, v - 1, "and"));
            bool name_next = v + 1 < i && is_cap(sc, v + 1); /* ", said Yeager:" */
            if (!speaker_before(sc, w, floor, &q->speaker) &&
                !(v > 0 && is_comma(sc, v - 1) && clause_subject(sc, v, &q->speaker)) &&
                !appositive_before(sc, v, &q->speaker) &&
                !(name_next && speaker_after(sc, v + 1, i, &q->speaker)) &&
                !(joined && sentence_subject(sc, v, &q->speaker)) &&
                !(!name_next && speaker_after(sc, v + 1, i, &q->speaker)))
                return false;
        } else {
            continue;
        }
        q->cue = (struct text_span){sc->tk.t[v].begin, sc->tk.t[v + n - 1].end};
        return true;
    }
    return false;
}

enum mark { M_NONE, M_OPEN, M_CLOSE, M_BOTH };

/* What the quote mark at token i can do, and its pairing class. */
static enum mark mark_of(const struct scan *sc, size_t i, int *cls)
{
    const struct lang_token *t = &sc->tk.t[i];
    if (t->kind != LANG_TOKEN_PUNCT)
        return M_NONE;
    size_t n;
    int32_t c = utf8_decode(sc->s, sc->len, t->begin, &n);
    size_t w = t->end - t->begin;
    if (c == '`' && w == 2)
        return *cls = '`', M_OPEN;
    if (c == '\'' && w == 2)
        return *cls = '`', M_CLOSE;
    if (w != n)
        return M_NONE;
    switch (c) {
    case '"':
        return *cls = '"', M_BOTH;
    case 0x201C: /* “ opens in English, closes „ in German (and Nordic texts mix) */
        return *cls = 0x201C, sc->lang == LANG_EN ? M_OPEN : M_BOTH;
    case 0x201E: /* „ */
        return *cls = 0x201C, M_OPEN;
    case 0x201D: /* ” closes “ and „, and is both marks in Swedish and Finnish */
        return *cls = 0x201C, sc->lang == LANG_EN ? M_CLOSE : M_BOTH;
    case 0x00AB: /* « */
        return *cls = 0xAB, M_OPEN;
    case 0x00BB: /* » closes «, and is both marks in Swedish */
        return *cls = 0xAB, M_BOTH;
    default:
        return M_NONE;
    }
}

bool quote_mark_at(const struct scan *sc, size_t i)
{
    int cls;
    return mark_of(sc, i, &cls) != M_NONE;
}

static bool attached_after(const struct scan *sc, size_t i)
{
    return i + 1 < sc->tk.len && sc->tk.t[i + 1].begin == sc->tk.t[i].end;
}

/* Whether the space before token i holds a blank line (a paragraph break). */
static bool paragraph_before(const struct scan *sc, size_t i)
{
    int lines = 0;
    for (size_t k = i ? sc->tk.t[i - 1].end : 0; k < sc->tk.t[i].begin; k++)
        if (sc->s[k] == '\n' && ++lines >= 2)
            return true;
    return false;
}

static void push(struct scan *sc, struct text_quote_list *l, const struct text_quote *q,
                 struct qinfo qi)
{
    l->items = list_grow(l->items, l->len, &l->cap, sizeof *l->items);
    l->items[l->len++] = *q;
    sc->qi = list_grow(sc->qi, sc->nqi, &sc->qicap, sizeof *sc->qi);
    sc->qi[sc->nqi++] = qi;
}

/* The attribution window after token i: up to the paragraph's end, at most
 * ATTRIBUTION tokens (exclusive index). Bounded so that many quotes in one huge
 * paragraph stay linear. */
enum { ATTRIBUTION = CUE_WINDOW + SPEAKER_MAX + APPOSITIVE_MAX + 4 };

static size_t window_end(const struct scan *sc, size_t i)
{
    size_t j = i + 1;
    while (j < sc->tk.len && j - i <= ATTRIBUTION && !line_start(sc, j))
        j++;
    return j;
}

/* Before a quote the window ends at a line break, unless the line ends in a
 * colon ("Nichols said:\n“…”"). */
static size_t window_start(const struct scan *sc, size_t i)
{
    size_t j = i;
    while (j > 0 && i - j < ATTRIBUTION &&
           (!line_start(sc, j) ||
            (j == i && is_punct(sc, j - 1) && sc->s[sc->tk.t[j - 1].begin] == ':')))
        j--;
    return j;
}

/* Whether the quote opening at token o starts a sentence of its own: at the
 * start of the text or a line, or after a sentence's end or a colon. */
static bool opens_sentence(const struct scan *sc, size_t o)
{
    if (o == 0 || line_start(sc, o))
        return true;
    size_t p = o - 1;
    if (quote_mark_at(sc, p) && p > 0)
        p--; /* ."“ */
    return is_punct(sc, p) && strchr(".!?:;", sc->s[sc->tk.t[p].begin]) != NULL;
}

/* A title ("The Big Lebowski", "Million Dollar Mermaid"): every word of
 * tokens (o, c) is capitalised but for short function words, and few. */
static bool title_case(const struct scan *sc, size_t o, size_t c)
{
    size_t words = 0;
    for (size_t k = o + 1; k < c; k++) {
        if (is_punct(sc, k))
            continue;
        words++;
        size_t n = sc->tk.t[k].end - sc->tk.t[k].begin;
        if (!is_cap(sc, k) && sc->tk.t[k].kind == LANG_TOKEN_WORD && n > 3)
            return false;
    }
    return words > 0 && words <= TITLE_MAX && is_cap(sc, o + 1);
}

/* A quote between marks o and c: keeps it when it has words and is not a
 * title, a nickname or a scare quote. open_end: the paragraph ended first. */
static void quoted(struct scan *sc, size_t o, size_t c, bool open_end, struct text_quote_list *out)
{
    if (c <= o + 1)
        return;
    size_t words = 0;
    for (size_t k = o + 1; k < c; k++)
        words += !is_punct(sc, k);
    if (!words)
        return;
    /* The comma before the closing mark ("at this time,”") is the sentence's,
     * not the speaker's. */
    size_t last = c - 1;
    while (last > o + 1 && is_punct(sc, last) && strchr(",;:", sc->s[sc->tk.t[last].begin]) != NULL)
        last--;
    struct text_quote q = {
        {sc->tk.t[o + 1].begin, sc->tk.t[last].end}, {0, 0}, {0, 0}, {0, 0}, false, {0, 0}};
    size_t pe = window_end(sc, c), ps = window_start(sc, o);
    /* A quote inside a sentence is its subject's words ("Kempthorne said,
     * adding that agencies may skip a review only “in specific …”"). */
    bool standalone = opens_sentence(sc, o);
    if (!(!open_end && attribute_after(sc, c, pe, &q)) &&
        !attribute_before(sc, o, ps, standalone ? CUE_WINDOW : CLAUSE_MAX, &q) &&
        !(!open_end && attribute_after_clause(sc, c, pe, &q)))
        q.speaker = q.cue = (struct text_span){0, 0};
    q.mention = q.speaker;
    bool cued = q.cue.end > q.cue.begin;
    /* A title, a nickname or a term in quotes ("the “American Pie” star", the
     * so-called “experts”, told it was “distressing”) is not a quote. */
    if ((!standalone && words < FRAGMENT_MIN) || title_case(sc, o, c) || (words < 3 && !cued))
        return;
    push(sc, out, &q, (struct qinfo){o, c, standalone, open_end});
}

static bool is_dash(const struct scan *sc, size_t i)
{
    const struct lang_token *t = &sc->tk.t[i];
    size_t n;
    int32_t c = utf8_decode(sc->s, sc->len, t->begin, &n);
    return t->kind == LANG_TOKEN_PUNCT && t->end - t->begin == n &&
           (c == '-' || c == 0x2013 || c == 0x2014);
}

/* A dialogue line: "– Jag vet inte, säger hon. – Vi får se." from dash d.
 * Returns the token after the line. */
static size_t dialogue(struct scan *sc, size_t d, struct text_quote_list *out)
{
    size_t end = d + 1;
    while (end < sc->tk.len && !(line_start(sc, end)))
        end++;
    size_t first = out->len;
    size_t b = d + 1;
    struct text_span speaker = {0, 0}, cue = {0, 0};
    for (size_t i = b; i <= end; i++) {
        bool at_cue = false;
        if (i < end && i > b && is_punct(sc, i) && sc->s[sc->tk.t[i].begin] == ',') {
            struct text_quote probe = {{0, 0}, {0, 0}, {0, 0}, {0, 0}, true, {0, 0}};
            at_cue = attribute_after(sc, i - 1, end, &probe);
            if (at_cue) {
                speaker = probe.speaker;
                cue = probe.cue;
            }
        }
        bool next_dash = i < end && i > b && is_dash(sc, i) && stops(sc, i - 1);
        if (i == end || at_cue || next_dash) {
            if (i > b) {
                struct text_quote q = {
                    {sc->tk.t[b].begin, sc->tk.t[i - 1].end}, {0, 0}, {0, 0}, {0, 0}, true, {0, 0}};
                push(sc, out, &q, (struct qinfo){b - 1, i, true, false});
            }
            if (at_cue) {
                /* Skip the attribution up to its sentence end or the next dash. */
                while (i < end && !is_dash(sc, i))
                    i++;
            }
            b = i + 1;
        }
    }
    for (size_t k = first; k < out->len; k++) {
        out->items[k].speaker = out->items[k].mention = speaker;
        out->items[k].cue = cue;
    }
    return end;
}

void text_quotes(const char *s, size_t len, enum lang lang, struct text_quote_list *out)
{
    struct scan sc = {s, len, (unsigned)lang < LANG_COUNT ? lang : LANG_UNKNOWN, {0}, NULL, 0, 0};
    struct lang_token t;
    size_t pos = 0;
    while (lang_token_next(s, len, sc.lang, &pos, &t)) {
        sc.tk.t = list_grow(sc.tk.t, sc.tk.len, &sc.tk.cap, sizeof *sc.tk.t);
        sc.tk.t[sc.tk.len++] = t;
    }
    bool dashes = lang == LANG_SV || lang == LANG_DA || lang == LANG_NB || lang == LANG_FI;
    size_t open = 0, first = out->len;
    int open_cls = 0;
    bool is_open = false;
    for (size_t i = 0; i < sc.tk.len; i++) {
        int cls = 0;
        enum mark m = mark_of(&sc, i, &cls);
        if (is_open && sc.tk.t[i].end - sc.tk.t[open].end > max_quote) {
            is_open = false; /* an unclosed mark: not a quote */
        } else if (is_open && paragraph_before(&sc, i)) {
            /* A quote running on into a paragraph that opens with a mark
             * again: this paragraph's part is a quote of its own. */
            if (cls == open_cls && line_start(&sc, i) &&
                (m == M_OPEN || (m == M_BOTH && attached_after(&sc, i))))
                quoted(&sc, open, i, true, out);
            is_open = false;
        }
        if (!is_open && dashes && is_dash(&sc, i) && line_start(&sc, i) &&
            !attached_after(&sc, i)) {
            i = dialogue(&sc, i, out) - 1;
            continue;
        }
        if (m == M_NONE)
            continue;
        bool can_close = is_open && cls == open_cls && (m == M_CLOSE || m == M_BOTH) &&
                         !(m == M_BOTH && !attached_before(&sc, i) && attached_after(&sc, i));
        if (can_close) {
            quoted(&sc, open, i, false, out);
            is_open = false;
        } else if (is_open && m == M_OPEN && cls == open_cls) {
            /* An opening mark inside a quote: the quote before was left open,
             * at a line's end a quote going on over lines, else a stray mark
             * (never narration inside a quote). */
            if (line_start(&sc, i))
                quoted(&sc, open, i, true, out);
            open = i;
        } else if (!is_open && (m == M_OPEN || (m == M_BOTH && !(attached_before(&sc, i) &&
                                                                 !attached_after(&sc, i))))) {
            open = i;
            open_cls = cls;
            is_open = true;
        }
    }
    speaker_resolve(&sc, out->items + first, out->len - first);
    free(sc.tk.t);
    free(sc.qi);
}
