/* Quote extraction over the token stream: pair the marks, then read the cue
 * and the speaker from the words just after the closing mark (", säger X",
 * "," X said") or just before the opening one ("X said:", "Enligt X"). */
#include "text/quote.h"

#include <stdlib.h>
#include <string.h>

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
/* A name has at most NAME_WORDS words after its title; a pronoun's antecedent
 * is looked for at most PRONOUN_WINDOW tokens back; a quote carries on the one
 * before it across at most CARRY_MAX tokens of attribution. */
enum { NAME_WORDS = 4, PRONOUN_WINDOW = 400, CARRY_MAX = 30 };

void text_quote_list_clear(struct text_quote_list *l)
{
    if (!l)
        return;
    free(l->items);
    l->items = NULL;
    l->len = l->cap = 0;
}

struct toks {
    struct lang_token *t;
    size_t len, cap;
};

/* Where a found quote sits in the token stream, for resolving its speaker. */
struct qinfo {
    size_t o, c;     /* its opening and closing tokens (a dialogue line: dash, last token) */
    bool standalone; /* it opens a sentence, a line or follows a colon */
    bool open_end;   /* left open at its paragraph's end: the next paragraph goes on */
};

struct scan {
    const char *s;
    size_t len;
    enum lang lang;
    struct toks tk;
    struct qinfo *qi; /* one per quote appended to the output by this call */
    size_t nqi, qicap;
};

static bool attribute_after(const struct scan *sc, size_t i, size_t limit, struct text_quote *q);
static bool mark_of_any(const struct scan *sc, size_t i);
static bool is_dash(const struct scan *sc, size_t i);

enum cue_kind {
    CUE_NONE,
    CUE_VERB,    /* speaker after it ("säger X") or before it ("X said") */
    CUE_PREP,    /* speaker after it: "enligt X", "according to X" */
    CUE_POSTPOS, /* speaker before it: Finnish "X:n mukaan", German "X zufolge" */
};

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
    [LANG_SV] = verbs_sv, [LANG_EN] = verbs_en, [LANG_DA] = verbs_da,
    [LANG_NB] = verbs_nb, [LANG_DE] = verbs_de, [LANG_FI] = verbs_fi,
    [LANG_FR] = verbs_fr, [LANG_ES] = verbs_es,
};

/* Prepositions whose object is the speaker; "according" takes "to" in cue(). */
static const char *const preps[LANG_COUNT] = {
    [LANG_SV] = "enligt", [LANG_EN] = "according", [LANG_DA] = "ifølge",
    [LANG_NB] = "ifølge", [LANG_DE] = "laut",      [LANG_FR] = "selon",
    [LANG_ES] = "según",
};

/* Third-person pronouns that may stand for a speaker. */
static const char *const pronouns[] = {
    "han", "hon", "hen", "de",   "vi",  "jag",   "hun", "dei",  "he",    "she", "they", "we", "i",
    "er",  "sie", "il",  "elle", "ils", "elles", "él",  "ella", "ellos", "hän", "he",   NULL};

static char lower_ascii(char c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

static bool word_is(const struct scan *sc, size_t i, const char *w)
{
    const struct lang_token *t = &sc->tk.t[i];
    if (lower_ascii(sc->s[t->begin]) != w[0]) /* most words differ at once */
        return false;
    size_t n = t->end - t->begin, k = strlen(w);
    if (n != k)
        return false;
    for (size_t j = 0; j < n; j++) {
        char c = sc->s[t->begin + j];
        if (lower_ascii(c) != w[j])
            return false;
    }
    return true;
}

static bool word_in(const struct scan *sc, size_t i, const char *const *list)
{
    if (!list || sc->tk.t[i].kind != LANG_TOKEN_WORD)
        return false;
    for (; *list; list++)
        if (word_is(sc, i, *list))
            return true;
    return false;
}

/* The cue at token i, and how many tokens it takes. */
static enum cue_kind cue_at(const struct scan *sc, size_t i, size_t *n)
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

static int32_t first_cp(const struct scan *sc, size_t i)
{
    size_t n;
    return utf8_decode(sc->s, sc->len, sc->tk.t[i].begin, &n);
}

static bool is_cap(const struct scan *sc, size_t i)
{
    return sc->tk.t[i].kind == LANG_TOKEN_WORD && utf8_is_upper(first_cp(sc, i));
}

static bool is_punct(const struct scan *sc, size_t i)
{
    return sc->tk.t[i].kind == LANG_TOKEN_PUNCT;
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
    return !lang_is_stopword(sc->lang, low, n) && cue_at(sc, i, &n) == CUE_NONE;
}

/* Prepositions that join a role to an organisation inside a speaker's phrase
 * when a name follows: "spokesman for Waitrose", "Council on Education". */
static bool connector(const struct scan *sc, size_t i)
{
    static const char *const words[] = {"of",  "for", "on",  "in",  "at", "för", "på",
                                        "vid", "i",   "hos", "for", "på", "der", "des",
                                        "für", "de",  "du",  "del", NULL};
    return word_in(sc, i, words);
}

/* Whether token i continues a speaker's phrase that ends before limit. */
static bool np_at(const struct scan *sc, size_t i, size_t limit)
{
    return np_word(sc, i) || (connector(sc, i) && i + 1 < limit && is_cap(sc, i + 1));
}

/* Words that may open a speaker's phrase: "the navy", "his brother". */
static bool determiner(const struct scan *sc, size_t i)
{
    static const char *const words[] = {"the",   "a",   "an",  "his", "her",
                                        "their", "its", "our", "one", NULL};
    return word_in(sc, i, words);
}

static bool is_comma(const struct scan *sc, size_t i)
{
    return is_punct(sc, i) && sc->s[sc->tk.t[i].begin] == ',';
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

/* Sentence-ending marks stop the search for a cue. */
static bool stops(const struct scan *sc, size_t i)
{
    if (!is_punct(sc, i))
        return false;
    char c = sc->s[sc->tk.t[i].begin];
    return c == '.' || c == '!' || c == '?' || c == ';';
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
        if (stops(sc, j) || mark_of_any(sc, j))
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
    enum cue_kind k = cue_at(sc, j, &n);
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
        k = cue_at(sc, v, &n);
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
    while (b < v && (!is_cap(sc, b) ||
                     lang_capitalised_stopword(sc->lang, sc->s, sc->tk.t[b].begin, sc->tk.t[b].end)))
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
static bool attribute_before(const struct scan *sc, size_t i, size_t floor, size_t window,
                             struct text_quote *q)
{
    size_t lo = i > window + floor ? i - window : floor;
    for (size_t v = i; v-- > lo;) {
        if (stops(sc, v))
            return false;
        size_t n;
        enum cue_kind k = cue_at(sc, v, &n);
        if (k == CUE_PREP) {
            if (!speaker_after(sc, v + n, i, &q->speaker))
                return false;
        } else if (k == CUE_VERB) {
            if (!speaker_before(sc, v, floor, &q->speaker) &&
                !(v > 0 && is_comma(sc, v - 1) && clause_subject(sc, v, &q->speaker)) &&
                !speaker_after(sc, v + 1, i, &q->speaker))
                return false;
        } else {
            continue;
        }
        q->cue = (struct text_span){sc->tk.t[v].begin, sc->tk.t[v + n - 1].end};
        return true;
    }
    return false;
}

static bool line_start(const struct scan *sc, size_t i)
{
    size_t b = sc->tk.t[i].begin;
    while (b > 0 && (sc->s[b - 1] == ' ' || sc->s[b - 1] == '\t'))
        b--;
    return b == 0 || sc->s[b - 1] == '\n';
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

static bool mark_of_any(const struct scan *sc, size_t i)
{
    int cls;
    return mark_of(sc, i, &cls) != M_NONE;
}

static bool attached_before(const struct scan *sc, size_t i)
{
    return i > 0 && sc->tk.t[i - 1].end == sc->tk.t[i].begin;
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
    if (mark_of_any(sc, p) && p > 0)
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
        {sc->tk.t[o + 1].begin, sc->tk.t[last].end}, {0, 0}, {0, 0}, {0, 0}, false};
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
            struct text_quote probe = {{0, 0}, {0, 0}, {0, 0}, {0, 0}, true};
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
                    {sc->tk.t[b].begin, sc->tk.t[i - 1].end}, {0, 0}, {0, 0}, {0, 0}, true};
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

/* Titles and jobs written before a name ("Police Chief Charles Craft", "Dist.
 * Atty. Steve Cooley", "Mr Gates"): the name is what follows the last of them.
 * Casefolded, without a final period. Also what a description ends in ("the
 * judge", "the District Attorney") to find the name it stands for. */
static const char *const roles_en[] = {"adm",          "admiral",
                                       "agent",        "ambassador",
                                       "archbishop",   "assistant",
                                       "attorney",     "atty",
                                       "bishop",       "capt",
                                       "captain",      "cardinal",
                                       "ceo",          "chairman",
                                       "chairwoman",   "chancellor",
                                       "chief",        "cmdr",
                                       "coach",        "col",
                                       "colonel",      "commander",
                                       "commissioner", "commodore",
                                       "constable",    "coroner",
                                       "councillor",   "councilman",
                                       "councilwoman", "cpl",
                                       "dame",         "dean",
                                       "deputy",       "det",
                                       "detective",    "director",
                                       "dist",         "dr",
                                       "editor",       "emperor",
                                       "executive",    "father",
                                       "fire",         "founder",
                                       "gen",          "general",
                                       "gov",          "governor",
                                       "imam",         "inspector",
                                       "judge",        "justice",
                                       "king",         "lady",
                                       "leader",       "lieutenant",
                                       "lord",         "lt",
                                       "magistrate",   "maj",
                                       "major",        "manager",
                                       "marshal",      "mayor",
                                       "minister",     "mp",
                                       "mr",           "mrs",
                                       "ms",           "officer",
                                       "pastor",       "police",
                                       "pope",         "premier",
                                       "president",    "prince",
                                       "princess",     "producer",
                                       "prof",         "professor",
                                       "prosecutor",   "provost",
                                       "queen",        "rabbi",
                                       "rep",          "representative",
                                       "rev",          "reverend",
                                       "secretary",    "sen",
                                       "senator",      "sergeant",
                                       "sgt",          "sheikh",
                                       "sheriff",      "sir",
                                       "spokesman",    "spokesperson",
                                       "spokeswoman",  "superintendent",
                                       "supt",         "trooper",
                                       "undersheriff", "vice",
                                       "warden"};
static const char *const roles_sv[] = {
    "ambassadör",    "biskop",       "chef",      "direktör",  "docent",    "doktor",
    "domare",        "dr",           "drottning", "forskare",  "general",   "kommissarie",
    "kung",          "landshövding", "lic",       "läkare",    "minister",  "ombudsman",
    "ordförande",    "presschef",    "prins",     "prinsessa", "professor", "psykolog",
    "statsminister", "talesperson",  "vd",        "åklagare"};
struct word_set {
    const char *const *words; /* sorted by bytes */
    size_t len;
};
#define WORD_SET(a)                                                                                \
    {                                                                                              \
        a, sizeof a / sizeof *a                                                                    \
    }
static const struct word_set roles[LANG_COUNT] = {
    [LANG_SV] = WORD_SET(roles_sv), [LANG_EN] = WORD_SET(roles_en)};

/* Words that make a name an organisation's: it is not what "he" or "she"
 * stands for. */
static const char *const org_words[] = {
    "agency",   "airlines",     "army",         "association", "authority",  "bank",
    "board",    "center",       "centre",       "church",      "city",       "club",
    "college",  "commission",   "committee",    "company",     "corp",       "council",
    "county",   "court",        "daily",        "department",  "federation", "foundation",
    "fund",     "government",   "group",        "herald",      "hospital",   "house",
    "inc",      "institute",    "institution",  "journal",     "kingdom",    "league",
    "magazine", "ministry",     "nations",      "navy",        "network",    "news",
    "office",   "organisation", "organization", "party",       "police",     "post",
    "press",    "radio",        "regeringen",   "republic",    "reuters",    "school",
    "service",  "society",      "state",        "states",      "times",      "tv",
    "union",    "university",   "verket"};

static int cmp_word(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether token i, ASCII-lowercased and without a final period ("Lt." is
 * "lt"), is in set: a binary search, as these words are looked up for every
 * capitalised word of a text with quotes. */
static bool in_set(const struct scan *sc, size_t i, struct word_set set)
{
    const struct lang_token *t = &sc->tk.t[i];
    char w[24];
    size_t n = t->end - t->begin;
    if (n && sc->s[t->end - 1] == '.')
        n--;
    if (!set.len || t->kind != LANG_TOKEN_WORD || n == 0 || n >= sizeof w)
        return false;
    for (size_t k = 0; k < n; k++)
        w[k] = lower_ascii(sc->s[t->begin + k]);
    w[n] = '\0';
    const char *key = w;
    return bsearch(&key, set.words, set.len, sizeof *set.words, cmp_word) != NULL;
}

static bool role_word(const struct scan *sc, size_t i)
{
    return in_set(sc, i, roles[sc->lang]);
}

/* A name in the text: tokens [rb, b) are its titles, [b, e) the name. */
struct name {
    size_t rb, b, e;
    bool org;
};

struct names {
    struct name *n;
    size_t len, cap;
};

/* Token i without an English possessive ("Obama's" -> "Obama"): its length. */
static size_t bare_len(const struct scan *sc, size_t i)
{
    const struct lang_token *t = &sc->tk.t[i];
    size_t n = t->end - t->begin;
    const char *w = sc->s + t->begin;
    if (n > 2 && w[n - 1] == 's' && w[n - 2] == '\'')
        return n - 2;
    if (n > 4 && w[n - 1] == 's' && !memcmp(w + n - 4, "\xE2\x80\x99", 3))
        return n - 4;
    return n;
}

static bool same_word(const struct scan *sc, size_t i, size_t j)
{
    size_t n = bare_len(sc, i);
    return n == bare_len(sc, j) && !memcmp(sc->s + sc->tk.t[i].begin, sc->s + sc->tk.t[j].begin, n);
}

/* Token i may go on inside a name that token i - 1 is part of: a capitalised
 * word, the period of an abbreviation ("Atty."), a particle or a hyphen
 * between capitalised words ("Ludwig van Beethoven", "Strauss - Kahn"). */
static bool name_goes_on(const struct scan *sc, size_t i)
{
    static const char *const particles[] = {"de",  "van", "von", "der", "af", "la",  "le", "du",
                                            "del", "di",  "bin", "al",  "da", "dos", NULL};
    if (is_cap(sc, i))
        return true;
    bool cap_next = i + 1 < sc->tk.len && is_cap(sc, i + 1);
    if (is_punct(sc, i)) {
        char c = sc->s[sc->tk.t[i].begin];
        /* "Atty. Steve Cooley", "J. Smith": the period of a title or an initial. */
        return (c == '.' && attached_before(sc, i) && cap_next &&
                (role_word(sc, i - 1) || sc->tk.t[i - 1].end - sc->tk.t[i - 1].begin == 1)) ||
               (c == '-' && cap_next);
    }
    return word_in(sc, i, particles) && cap_next;
}

/* A capitalised function word, also with a possessive ("It's", "He's"). */
static bool function_word(const struct scan *sc, size_t i)
{
    return lang_capitalised_stopword(sc->lang, sc->s, sc->tk.t[i].begin,
                                sc->tk.t[i].begin + bare_len(sc, i));
}

/* The names of the text, in order. */
static void find_names(const struct scan *sc, struct names *out)
{
    for (size_t i = 0; i < sc->tk.len;) {
        if (!is_cap(sc, i)) {
            i++;
            continue;
        }
        size_t e = i + 1;
        while (e < sc->tk.len && name_goes_on(sc, e) && !line_start(sc, e))
            e++;
        size_t next = e;
        while (e > i && !is_cap(sc, e - 1))
            e--;
        size_t rb = i;
        while (rb < e && function_word(sc, rb))
            rb++;
        /* A capitalised function word ends a name ("Actually I"). */
        for (size_t k = rb + 1; k < e; k++)
            if (is_cap(sc, k) && function_word(sc, k)) {
                e = k;
                while (e > rb && !is_cap(sc, e - 1))
                    e--;
                break;
            }
        size_t b = rb;
        for (size_t k = rb; k < e; k++)
            if (role_word(sc, k))
                b = k + 1;
        while (b < e && !is_cap(sc, b))
            b++;
        size_t words = 0;
        bool org = false;
        for (size_t k = b; k < e; k++) {
            words += is_cap(sc, k);
            org |= in_set(sc, k, (struct word_set)WORD_SET(org_words));
        }
        if (b < e && words <= NAME_WORDS) {
            out->n = list_grow(out->n, out->len, &out->cap, sizeof *out->n);
            out->n[out->len++] = (struct name){rb, b, e, org};
        }
        i = next;
    }
}

/* Whether name n ends (suffix) or starts with the words [b, e). */
static bool name_has(const struct scan *sc, const struct name *n, size_t b, size_t e, bool suffix)
{
    size_t k = e - b;
    if (n->e - n->b <= k)
        return false;
    for (size_t j = 0; j < k; j++)
        if (suffix ? !same_word(sc, n->e - k + j, b + j) : !same_word(sc, n->b + j, b + j))
            return false;
    return true;
}

/* The fullest name the text gives the one called [b, e) at token at: a longer
 * name ending in these words ("Steve Einhorn" for "Einhorn", "Robert J.
 * Pickell" for "Pickell"), or for two words or more starting with them: the
 * last such before at (two people may share a surname), else the first after.
 * *out is its index in nm; false if the text gives no longer name. */
static bool fullest(const struct scan *sc, const struct names *nm, size_t b, size_t e, size_t at,
                    size_t *out)
{
    for (int pass = 0; pass < 2; pass++) {
        bool suffix = pass == 0;
        if (!suffix && e - b < 2)
            break;
        size_t before = SIZE_MAX, after = SIZE_MAX;
        for (size_t m = 0; m < nm->len; m++) {
            if (nm->n[m].org || !name_has(sc, &nm->n[m], b, e, suffix))
                continue;
            if (nm->n[m].b < at)
                before = m;
            else if (after == SIZE_MAX)
                after = m;
        }
        *out = before != SIZE_MAX ? before : after;
        if (*out != SIZE_MAX)
            return true;
    }
    return false;
}

static struct text_span name_span(const struct scan *sc, const struct name *n)
{
    size_t last = n->e - 1;
    return (struct text_span){sc->tk.t[n->b].begin, sc->tk.t[last].begin + bare_len(sc, last)};
}

/* The token range of span sp. */
static void tokens_of(const struct scan *sc, struct text_span sp, size_t *b, size_t *e)
{
    size_t lo = 0, hi = sc->tk.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sc->tk.t[mid].begin < sp.begin)
            lo = mid + 1;
        else
            hi = mid;
    }
    *b = *e = lo;
    while (*e < sc->tk.len && sc->tk.t[*e].end <= sp.end)
        (*e)++;
}

/* A third-person singular pronoun: whom a name stands for. */
static bool personal_pronoun(const struct scan *sc, size_t i)
{
    static const char *const words[] = {"he", "she",  "han", "hon",  "hen", "er", "sie",
                                        "il", "elle", "él",  "ella", "hän", NULL};
    return word_in(sc, i, words);
}

/* The grammatical gender of a personal pronoun: 'm', 'f' or 0. */
static char pronoun_gender(const struct scan *sc, size_t i)
{
    static const char *const male[] = {"he", "han", "er", "il", "él", NULL};
    static const char *const female[] = {"she", "hon", "sie", "elle", "ella", NULL};
    return word_in(sc, i, male) ? 'm' : word_in(sc, i, female) ? 'f' : 0;
}

/* Whether token i opens a sentence, a line or a clause after a quote. */
static bool subject_position(const struct scan *sc, size_t i)
{
    if (i == 0 || line_start(sc, i))
        return true;
    size_t p = i - 1;
    if (mark_of_any(sc, p) && p > 0)
        p--;
    return stops(sc, p);
}

struct resolver {
    const struct scan *sc;
    struct names nm;
    struct text_quote *q;
    size_t nq;
};

/* Where quote k's speaker is named: its mention, else its closing mark. */
static size_t said_at(const struct resolver *r, size_t k)
{
    size_t b, e;
    if (r->q[k].mention.end > r->q[k].mention.begin) {
        tokens_of(r->sc, r->q[k].mention, &b, &e);
        return b;
    }
    return r->sc->qi[k].c;
}

/* Whether name n stands inside one of the quotes (a title, someone quoted). */
static bool in_quote(const struct resolver *r, const struct name *n)
{
    size_t lo = 0, hi = r->nq; /* the quotes are in text order */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->sc->qi[mid].c <= n->b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->nq && r->sc->qi[lo].o < n->b;
}

/* The text span of the fullest name for name n, seen from token at. */
static struct text_span full_span(const struct resolver *r, const struct name *n, size_t at)
{
    size_t m;
    return fullest(r->sc, &r->nm, n->b, n->e, at, &m) ? name_span(r->sc, &r->nm.n[m])
                                                      : name_span(r->sc, n);
}

static bool same_span_text(const char *s, struct text_span a, struct text_span b)
{
    return a.end - a.begin == b.end - b.begin && !memcmp(s + a.begin, s + b.begin, a.end - a.begin);
}

/* A name between commas that a verb follows: the subject of its sentence
 * ("A professor of economics, Yanis Varoufakis, did not go"). */
static bool appositive_subject(const struct scan *sc, const struct name *n)
{
    static const char *const relative[] = {"who", "which", "whose", "whom", "that", NULL};
    return n->rb > 0 && is_comma(sc, n->rb - 1) && n->e + 1 < sc->tk.len && is_comma(sc, n->e) &&
           sc->tk.t[n->e + 1].kind == LANG_TOKEN_WORD && !is_cap(sc, n->e + 1) &&
           !word_in(sc, n->e + 1, relative) && !determiner(sc, n->e + 1);
}

static bool antecedent(const struct resolver *r, size_t k, size_t at, struct text_span *out);

/* Whether an earlier quote than k called speaker sp by a pronoun of
 * another gender than g ("she wrote" for the one "he wrote" cannot be). */
static bool other_gender(const struct resolver *r, size_t k, struct text_span sp, char g)
{
    for (size_t j = 0; j < k; j++) {
        size_t b, e;
        if (!same_span_text(r->sc->s, r->q[j].speaker, sp))
            continue;
        tokens_of(r->sc, r->q[j].mention, &b, &e);
        char h = e == b + 1 ? pronoun_gender(r->sc, b) : 0;
        if (h && h != g)
            return true;
    }
    return false;
}

/* The person "he" or "she" at token at stands for, for quote k: the person
 * last named at the head of a sentence, or else the speaker of the quote
 * before, when no one else is named after them and no earlier quote called
 * them by the other pronoun. */
static bool pronoun_speaker(const struct resolver *r, size_t k, size_t at, struct text_span *out)
{
    struct text_span sp;
    size_t b, e;
    tokens_of(r->sc, r->q[k].mention, &b, &e);
    char g = pronoun_gender(r->sc, b);
    if (!antecedent(r, k, at, &sp) || (g && other_gender(r, k, sp, g)))
        return false;
    *out = sp;
    return true;
}

/* Whom a pronoun at token at, for quote k, stands for (pronoun_speaker). */
static bool antecedent(const struct resolver *r, size_t k, size_t at, struct text_span *out)
{
    const struct scan *sc = r->sc;
    size_t lo = at > PRONOUN_WINDOW ? at - PRONOUN_WINDOW : 0, last_at = 0;
    struct text_span last = {0, 0};
    for (size_t j = k; j-- > 0;) {
        if (r->q[j].speaker.end > r->q[j].speaker.begin && said_at(r, j) < at) {
            last = r->q[j].speaker;
            last_at = said_at(r, j);
            break;
        }
    }
    if (last_at < lo)
        last = (struct text_span){0, 0};
    for (size_t i = r->nm.len; i-- > 0;) {
        const struct name *n = &r->nm.n[i];
        /* Not a title in marks (“The Golden Compass”) nor a description
         * ("an Oklahoma Republican", "the Senate"). */
        if (n->e > at || n->org || in_quote(r, n) ||
            (n->rb > 0 && mark_of_any(sc, n->rb - 1) && !attached_before(sc, n->rb - 1)) ||
            (n->rb > 0 && determiner(sc, n->rb - 1)))
            continue;
        if (n->rb < lo || (last.end > last.begin && n->rb <= last_at))
            break;
        struct text_span sp = full_span(r, n, at);
        if (sp.end - sp.begin == sc->tk.t[n->e - 1].end - sc->tk.t[n->b].begin && n->e - n->b < 2)
            continue; /* a lone word, not known as a longer name: a place as likely as a person */
        size_t cn;
        if (subject_position(sc, n->rb) ||
            (n->e < sc->tk.len && cue_at(sc, n->e, &cn) == CUE_VERB) || appositive_subject(sc, n)) {
            *out = sp;
            return true;
        }
        if (!same_span_text(sc->s, sp, last))
            return false; /* someone else named since: not sure who */
    }
    *out = last;
    return last.end > last.begin;
}

/* Whether tokens i and j are the same title, whatever their case. */
static bool same_role(const struct scan *sc, size_t i, size_t j)
{
    const struct lang_token *a = &sc->tk.t[i], *b = &sc->tk.t[j];
    if (a->end - a->begin != b->end - b->begin || !role_word(sc, i))
        return false;
    for (size_t k = 0; k < a->end - a->begin; k++) {
        char x = sc->s[a->begin + k], y = sc->s[b->begin + k];
        if ((x >= 'A' && x <= 'Z' ? x + 32 : x) != (y >= 'A' && y <= 'Z' ? y + 32 : y))
            return false;
    }
    return true;
}

/* The name a description ending in a role word at token w ("the judge")
 * stands for: the last name before token at written with that title. */
static bool role_speaker(const struct resolver *r, size_t w, size_t at, struct text_span *out)
{
    const struct scan *sc = r->sc;
    for (size_t i = r->nm.len; i-- > 0;) {
        const struct name *n = &r->nm.n[i];
        if (n->e > at)
            continue;
        for (size_t t = n->rb; t < n->b; t++)
            if (same_role(sc, t, w)) {
                *out = full_span(r, n, at);
                return true;
            }
    }
    return false;
}

/* The speaker quote k's mention names, or false. */
static bool named_speaker(const struct resolver *r, size_t k, struct text_span *out)
{
    const struct scan *sc = r->sc;
    size_t b, e;
    tokens_of(sc, r->q[k].mention, &b, &e);
    if (e == b)
        return false;
    if (e == b + 1 && personal_pronoun(sc, b))
        return pronoun_speaker(r, k, b < sc->qi[k].o ? b : sc->qi[k].o, out);
    if (!is_cap(sc, e - 1)) {
        /* "the judge", "the District Attorney": definite, ending in a title. */
        if (e - b >= 2 && word_is(sc, b, "the") && role_word(sc, e - 1) &&
            !word_is(sc, e - 1, "police"))
            return role_speaker(r, e - 1, b, out);
        return false;
    }
    /* "Senator Mitch McConnell of Kentucky": a full name before "of" is the
     * person's. */
    for (size_t t = b + 2; t + 1 < e; t++)
        if (connector(sc, t) && is_cap(sc, t - 1) && is_cap(sc, t - 2) && !role_word(sc, t - 2)) {
            e = t;
            break;
        }
    size_t nb = e - 1;
    while (nb > b && name_goes_on(sc, nb) && !determiner(sc, nb - 1) && name_goes_on(sc, nb - 1))
        nb--;
    while (nb < e && (lang_capitalised_stopword(sc->lang, sc->s, sc->tk.t[nb].begin, sc->tk.t[nb].end) ||
                      !is_cap(sc, nb)))
        nb++;
    size_t core = nb;
    for (size_t t = nb; t < e; t++)
        if (role_word(sc, t))
            core = t + 1;
    while (core < e && !is_cap(sc, core))
        core++;

    if (core == e) /* only a title: "the President", "Police" */
        return core - 1 > b && word_is(sc, nb > b ? nb - 1 : b, "the") &&
               !word_is(sc, e - 1, "police") && role_speaker(r, e - 1, b, out);
    struct name self = {core, core, e, false};
    *out = full_span(r, &self, b);
    return true;
}

/* Whether quote k goes on from quote k - 1 (“…,” X said. “…”): it opens a
 * sentence, and nothing but the earlier quote's attribution stands between. */
static bool carries_on(const struct resolver *r, size_t k)
{
    const struct scan *sc = r->sc;
    const struct qinfo *a = &sc->qi[k - 1], *b = &sc->qi[k];
    if (!b->standalone || b->o <= a->c || b->o - a->c > CARRY_MAX)
        return false;
    size_t words = 0, ends = 0;
    for (size_t t = a->c + 1; t < b->o; t++) {
        words += !is_punct(sc, t);
        ends += stops(sc, t);
    }
    if (!words)
        return true;
    /* The earlier quote's cue must stand in the gap, and the gap be its
     * sentence: "Cooley said at a news conference." */
    const struct text_quote *p = &r->q[k - 1];
    return p->cue.begin > sc->tk.t[a->c].begin && p->cue.end <= sc->tk.t[b->o].begin && ends <= 1;
}

/* Gives every quote the fullest name of its speaker (see struct text_quote). */
static void resolve(struct scan *sc, struct text_quote *q, size_t nq)
{
    struct resolver r = {sc, {NULL, 0, 0}, q, nq};
    if (!nq)
        return;
    find_names(sc, &r.nm);
    for (size_t k = 0; k < nq; k++) {
        struct text_span sp = {0, 0};
        if (q[k].mention.end > q[k].mention.begin) {
            if (!named_speaker(&r, k, &sp))
                sp = (struct text_span){0, 0};
        } else if (k > 0 && carries_on(&r, k)) {
            sp = q[k - 1].speaker;
        }
        q[k].speaker = sp;
    }
    /* A quote left open at its paragraph's end takes the speaker named after
     * the paragraphs that carry it on. */
    for (size_t k = nq - 1; k-- > 0;)
        if (sc->qi[k].open_end && q[k].speaker.end == q[k].speaker.begin &&
            q[k + 1].speaker.end > q[k + 1].speaker.begin && sc->qi[k].c == sc->qi[k + 1].o)
            q[k].speaker = q[k + 1].speaker;
    free(r.nm.n);
}

void text_quotes(const char *s, size_t len, enum lang lang, struct text_quote_list *out)
{
    struct scan sc = {
        s, len, (unsigned)lang < LANG_COUNT ? lang : LANG_UNKNOWN, {0}, NULL, 0, 0};
    struct lang_token t;
    size_t pos = 0;
    while (lang_token_next(s, len, sc.lang, &pos, &t)) {
        sc.tk.t = list_grow(sc.tk.t, sc.tk.len, &sc.tk.cap, sizeof *sc.tk.t);
        sc.tk.t[sc.tk.len++] = t;
    }
    bool dashes = lang == LANG_SV || lang == LANG_DA || lang == LANG_NB ||
                  lang == LANG_FI;
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
    resolve(&sc, out->items + first, out->len - first);
    free(sc.tk.t);
    free(sc.qi);
}
