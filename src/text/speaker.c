/* The speaker resolver: gives each quote found in a text the fullest name of
 * who said it, from the words at its cue ("Einhorn", "he", "the judge") and the
 * names the text gives (titles, surnames, pronouns' antecedents). */
#include "text/speaker.h"

#include <stdlib.h>
#include <string.h>

#include "lang/words.h"
#include "text/text_internal.h"

/* A name has at most NAME_WORDS words after its title; a pronoun's antecedent
 * is looked for at most PRONOUN_WINDOW tokens back; a quote carries on the one
 * before it across at most CARRY_MAX tokens of attribution. */
enum { NAME_WORDS = 4, PRONOUN_WINDOW = 400, CARRY_MAX = 30 };

/* Titles and jobs written before a name ("Police Chief Charles Craft", "Dist.
 * Atty. Steve Cooley", "Mr Gates"): the name is what follows the last of them.
 * Casefolded, without a final period. Also what a description ends in ("the
 * judge", "the District Attorney") to find the name it stands for. */
static const char *const roles_en[] = {"activist",
                                       "actor",
                                       "actress",
                                       "adm",
                                       "admiral",
                                       "agent",
                                       "ambassador",
                                       "analyst",
                                       "archbishop",
                                       "assistant",
                                       "attorney",
                                       "atty",
                                       "author",
                                       "bishop",
                                       "capt",
                                       "captain",
                                       "cardinal",
                                       "ceo",
                                       "chairman",
                                       "chairwoman",
                                       "chancellor",
                                       "chief",
                                       "cmdr",
                                       "coach",
                                       "col",
                                       "colonel",
                                       "columnist",
                                       "comedian",
                                       "commander",
                                       "commissioner",
                                       "commodore",
                                       "composer",
                                       "constable",
                                       "coroner",
                                       "councillor",
                                       "councilman",
                                       "councilwoman",
                                       "cpl",
                                       "dame",
                                       "dean",
                                       "deputy",
                                       "det",
                                       "detective",
                                       "director",
                                       "dist",
                                       "dr",
                                       "economist",
                                       "editor",
                                       "emperor",
                                       "executive",
                                       "father",
                                       "filmmaker",
                                       "fire",
                                       "founder",
                                       "gen",
                                       "general",
                                       "gov",
                                       "governor",
                                       "imam",
                                       "inspector",
                                       "journalist",
                                       "judge",
                                       "justice",
                                       "king",
                                       "lady",
                                       "lawyer",
                                       "leader",
                                       "lieutenant",
                                       "lord",
                                       "lt",
                                       "magistrate",
                                       "maj",
                                       "major",
                                       "manager",
                                       "marshal",
                                       "mayor",
                                       "minister",
                                       "mp",
                                       "mr",
                                       "mrs",
                                       "ms",
                                       "novelist",
                                       "officer",
                                       "pastor",
                                       "pensioner",
                                       "photographer",
                                       "playwright",
                                       "police",
                                       "pope",
                                       "premier",
                                       "president",
                                       "prince",
                                       "princess",
                                       "producer",
                                       "prof",
                                       "professor",
                                       "prosecutor",
                                       "provost",
                                       "queen",
                                       "rabbi",
                                       "rapper",
                                       "rep",
                                       "representative",
                                       "rev",
                                       "reverend",
                                       "secretary",
                                       "sen",
                                       "senator",
                                       "sergeant",
                                       "sgt",
                                       "sheikh",
                                       "sheriff",
                                       "singer",
                                       "sir",
                                       "spokesman",
                                       "spokesperson",
                                       "spokeswoman",
                                       "superintendent",
                                       "supt",
                                       "trooper",
                                       "undersheriff",
                                       "vice",
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

/* Token i, a word, lowercased into w[0..cap) (ASCII and the Latin-1 capitals
 * À-Þ: "Åklagaren" is "åklagaren"): its length, or 0 for a word that does not
 * fit or a token that is none. */
static size_t lower_word(const struct scan *sc, size_t i, char *w, size_t cap)
{
    const struct lang_token *t = &sc->tk.t[i];
    size_t n = t->end - t->begin;
    if (t->kind != LANG_TOKEN_WORD || n >= cap)
        return 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)sc->s[t->begin + k];
        w[k] = lower_ascii((char)c);
        if (k > 0 && (unsigned char)sc->s[t->begin + k - 1] == 0xC3 && c >= 0x80 && c <= 0x9E &&
            c != 0x97)
            w[k] = (char)(c + 0x20);
    }
    return n;
}

/* Swedish writes a title as one word, often a compound in its definite form,
 * before the name ("Trafikchefen Eva Lund", "Statsministern", "VD:n"): the
 * length of token i's title without its definite ending ("Trafikchef"), or 0
 * when it is none. A compound counts when it ends in a title of four letters
 * or more ("chef", "minister", "åklagare") after a part of two or more. */
static size_t swedish_title(const struct scan *sc, size_t i)
{
    static const char *const endings[] = {"", "en", "n", "et", "na", ":n", ":en"};
    char w[48];
    size_t n = lower_word(sc, i, w, sizeof w);
    if (n < 2)
        return 0;
    for (size_t e = 0; e < sizeof endings / sizeof *endings; e++) {
        size_t el = strlen(endings[e]);
        if (n <= el || memcmp(w + n - el, endings[e], el))
            continue;
        size_t base = n - el;
        for (size_t r = 0; r < roles[LANG_SV].len; r++) {
            const char *role = roles[LANG_SV].words[r];
            size_t rl = strlen(role);
            if ((rl == base || (rl >= 4 && base >= rl + 2)) && !memcmp(w + base - rl, role, rl))
                return base;
        }
    }
    return 0;
}

static bool role_word(const struct scan *sc, size_t i)
{
    return in_set(sc, i, roles[sc->lang]) || (sc->lang == LANG_SV && swedish_title(sc, i));
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

/* Whether token b follows a title and "of" ("Secretary of State …",
 * "Secretary of the Interior …"): a name there starts with the organisation's. */
static bool after_title_of(const struct scan *sc, size_t b)
{
    size_t k = b;
    if (k > 0 && determiner(sc, k - 1))
        k--;
    return k >= 2 && word_is(sc, k - 1, "of") && role_word(sc, k - 2);
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
        /* A possessive ends a name ("George Papandreou's Socialists"). */
        while (e < sc->tk.len && name_goes_on(sc, e) && !line_start(sc, e) &&
               bare_len(sc, e - 1) == sc->tk.t[e - 1].end - sc->tk.t[e - 1].begin)
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
        if (b == rb && e - b >= 3 && after_title_of(sc, b))
            b = e - 2; /* "Secretary of the Interior Dirk Kempthorne": the person */
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

/* Whether names m and n are written alike (their words, titles aside). */
static bool same_name(const struct scan *sc, const struct name *m, const struct name *n)
{
    if (m->e - m->b != n->e - n->b)
        return false;
    for (size_t j = 0; j < m->e - m->b; j++)
        if (!same_word(sc, m->b + j, n->b + j))
            return false;
    return true;
}

/* Whether name m's last word is in another name of nm (false for SIZE_MAX). */
static bool surname_elsewhere(const struct scan *sc, const struct names *nm, size_t m)
{
    if (m == SIZE_MAX)
        return false;
    for (size_t i = 0; i < nm->len; i++)
        for (size_t t = nm->n[i].b; i != m && t < nm->n[i].e; t++)
            if (same_word(sc, t, nm->n[m].e - 1))
                return true;
    return false;
}

/* The fullest name the text gives the one called [b, e) at token at: a longer
 * name ending in these words ("Steve Einhorn" for "Einhorn", "Robert J.
 * Pickell" for "Pickell"), or one starting with them (a lone first name only
 * when the text gives one person that first name: "Chela Ortiz"): the
 * last such before at (two people may share a surname), else the first after.
 * *out is its index in nm; false if the text gives no longer name. */
static bool fullest(const struct scan *sc, const struct names *nm, size_t b, size_t e, size_t at,
                    size_t *out)
{
    for (int pass = 0; pass < 2; pass++) {
        bool suffix = pass == 0, several = false;
        size_t before = SIZE_MAX, after = SIZE_MAX;
        for (size_t m = 0; m < nm->len; m++) {
            if (nm->n[m].org || !name_has(sc, &nm->n[m], b, e, suffix))
                continue;
            size_t seen = before != SIZE_MAX ? before : after;
            several |= seen != SIZE_MAX && !same_name(sc, &nm->n[seen], &nm->n[m]);
            if (nm->n[m].b < at)
                before = m;
            else if (after == SIZE_MAX)
                after = m;
        }
        /* A first name alone ("Chela") stands for a longer name only when
         * the text gives one person that first name, and writes that
         * person's surname in another name too (not a headline's "Obama
         * Reverses Bush"). */
        size_t got = before != SIZE_MAX ? before : after;
        if (!suffix && e - b < 2 &&
            (several || !surname_elsewhere(sc, nm, got) || nm->n[got].e - nm->n[got].b != 2))
            break;
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
    if (quote_mark_at(sc, p) && p > 0)
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
    if (!fullest(r->sc, &r->nm, n->b, n->e, at, &m))
        return name_span(r->sc, n);
    /* A longer form with the same first and last names holds a middle name
     * ("Te Kaurinui Robert Parata" for "Te Kaurinui Parata"). */
    const struct name *f = &r->nm.n[m];
    for (size_t i = 0; i < r->nm.len; i++) {
        const struct name *g = &r->nm.n[i];
        if (!g->org && g->e - g->b > f->e - f->b && f->e - f->b >= 2 &&
            same_word(r->sc, g->b, f->b) && same_word(r->sc, g->e - 1, f->e - 1))
            f = g;
    }
    return name_span(r->sc, f);
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

/* How many of tokens [b, e) are days or months ("Early November", "Tuesday"). */
static size_t calendar_words(const struct scan *sc, size_t b, size_t e)
{
    size_t n = 0;
    for (size_t t = b; t < e; t++) {
        char low[16];
        size_t len = lower_word(sc, t, low, sizeof low);
        n += len && lang_in_list(LANG_LIST_CALENDAR, sc->lang, low, len);
    }
    return n;
}

static bool calendar_name(const struct scan *sc, const struct name *n)
{
    return calendar_words(sc, n->b, n->e) > 0;
}

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
        /* Not a title in marks (“The Golden Compass”), a description ("an
         * Oklahoma Republican", "the Senate") nor a date ("Early November"). */
        if (n->e > at || n->org || in_quote(r, n) ||
            (n->rb > 0 && quote_mark_at(sc, n->rb - 1) && !attached_before(sc, n->rb - 1)) ||
            (n->rb > 0 && determiner(sc, n->rb - 1)) || calendar_name(sc, n))
            continue;
        if (n->rb < lo || (last.end > last.begin && n->rb <= last_at))
            break;
        struct text_span sp = full_span(r, n, at);
        if (same_span_text(sc->s, sp, name_span(sc, n)) && n->e - n->b < 2)
            continue; /* a lone word, not known as a longer name: a place as likely as a person */
        size_t cn;
        if (subject_position(sc, n->rb) ||
            (n->e < sc->tk.len && quote_cue_at(sc, n->e, &cn) == CUE_VERB) ||
            appositive_subject(sc, n)) {
            *out = sp;
            return true;
        }
        if (!same_span_text(sc->s, sp, last))
            return false; /* someone else named since: not sure who */
    }
    *out = last;
    return last.end > last.begin;
}

/* Whether tokens i and j are the same word, whatever the case of ASCII letters. */
static bool word_is_token(const struct scan *sc, size_t i, size_t j)
{
    const struct lang_token *a = &sc->tk.t[i], *b = &sc->tk.t[j];
    if (a->end - a->begin != b->end - b->begin)
        return false;
    for (size_t k = 0; k < a->end - a->begin; k++)
        if (lower_ascii(sc->s[a->begin + k]) != lower_ascii(sc->s[b->begin + k]))
            return false;
    return true;
}

/* Whether tokens i and j are the same title, whatever their case. */
static bool same_role(const struct scan *sc, size_t i, size_t j)
{
    return role_word(sc, i) && word_is_token(sc, i, j);
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

/* Organisations written as a common noun ("the ministry", "the agency";
 * Swedish definite "myndigheten", "bolaget") and the words a name of such an
 * organisation ends in (English: the noun itself, "Interior Ministry";
 * Swedish: also at the end of a compound, "Trafikverket" for "myndigheten"). */
struct org_noun {
    const char *noun;
    const char *parts[6];
};

static const struct org_noun org_nouns_en[] = {{"agency", {"agency"}},
                                               {"authority", {"authority"}},
                                               {"bank", {"bank"}},
                                               {"board", {"board"}},
                                               {"commission", {"commission"}},
                                               {"committee", {"committee"}},
                                               {"company", {"company"}},
                                               {"council", {"council"}},
                                               {"court", {"court"}},
                                               {"department", {"department"}},
                                               {"firm", {"firm"}},
                                               {"foundation", {"foundation"}},
                                               {"institute", {"institute"}},
                                               {"ministry", {"ministry"}},
                                               {"office", {"office"}},
                                               {"union", {"union"}},
                                               {"university", {"university"}},
                                               {NULL, {NULL}}};
static const struct org_noun org_nouns_sv[] = {
    {"myndigheten", {"myndighet", "myndigheten", "verket", "inspektionen", "styrelsen"}},
    {"verket", {"verket"}},
    {"departementet", {"departement", "departementet"}},
    {"bolaget", {"bolaget"}},
    {"företaget", {"företaget"}},
    {"förbundet", {"förbund", "förbundet"}},
    {"kommunen", {"kommun", "kommunen"}},
    {"universitetet", {"universitet", "universitetet"}},
    {NULL, {NULL}}};

/* The organisation noun token i is, or NULL. */
static const struct org_noun *org_noun(const struct scan *sc, size_t i)
{
    const struct org_noun *list = sc->lang == LANG_EN   ? org_nouns_en
                                  : sc->lang == LANG_SV ? org_nouns_sv
                                                        : NULL;
    for (; list && list->noun; list++)
        if (word_is(sc, i, list->noun))
            return list;
    return NULL;
}

/* Whether name n reads as a company's: an organisation's name (struct name's
 * org), or a name used before what only a business has ("the Kraft Foods
 * plant", "Volvo shares", "Ericssons anställda"). */
static bool company_name(const struct scan *sc, const struct name *n)
{
    static const char *const nouns[] = {
        "plant",      "factory",     "factories", "store",        "stores",     "employees",
        "workers",    "shares",      "stock",     "headquarters", "subsidiary", "brand",
        "executives", "fabrik",      "fabriken",  "anställda",    "aktie",      "aktien",
        "koncernen",  "huvudkontor", NULL};
    return n->org || (n->e < sc->tk.len && word_in(sc, n->e, nouns));
}

/* The organisation a common noun at token w stands for (org_noun): the last
 * name before token at, outside quotes, that holds the noun's part, or for a
 * company ("the company", "bolaget") the last company name (company_name). */
static bool org_speaker(const struct resolver *r, size_t w, size_t at, struct text_span *out)
{
    const struct scan *sc = r->sc;
    const struct org_noun *on = org_noun(sc, w);
    bool company = on && (!strcmp(on->noun, "company") || !strcmp(on->noun, "firm") ||
                          !strcmp(on->noun, "bolaget") || !strcmp(on->noun, "företaget"));
    for (size_t i = r->nm.len; on && i-- > 0;) {
        const struct name *n = &r->nm.n[i];
        if (n->e > at || in_quote(r, n))
            continue;
        /* "news agency IRNA", "the company Kraft": the noun before the name. */
        if ((company && company_name(sc, n)) || (n->rb > 0 && word_is_token(sc, n->rb - 1, w))) {
            *out = name_span(sc, n);
            return true;
        }
        for (size_t t = n->b; t < n->e; t++) {
            char low[48];
            size_t len = lower_word(sc, t, low, sizeof low);
            for (const char *const *p = on->parts; *p; p++) {
                size_t pl = strlen(*p);
                if (len >= pl && !memcmp(low + len - pl, *p, pl) &&
                    (len == pl || sc->lang == LANG_SV)) {
                    *out = name_span(sc, n);
                    return true;
                }
            }
        }
    }
    return false;
}

/* In "Secretary of the Interior Dirk Kempthorne", "Secretary of State Hillary
 * Clinton", where the organisation's name ends and the person's starts: the
 * longest part of tokens [*b, e) after its first word that the text also
 * writes as a name of its own ("Dirk Kempthorne", "Kempthorne"); *b moves to
 * it. False when the text gives no such name. */
static bool own_name(const struct resolver *r, size_t *b, size_t e)
{
    for (size_t s = *b + 1; s < e; s++)
        for (size_t i = 0; i < r->nm.len; i++) {
            const struct name *n = &r->nm.n[i];
            if (n->b == s || n->e - n->b != e - s)
                continue;
            size_t j = 0;
            while (j < e - s && same_word(r->sc, n->b + j, s + j))
                j++;
            if (j == e - s) {
                *b = s;
                return true;
            }
        }
    return false;
}

/* The title quote k's mention gives its speaker: tokens [b, e) of the mention
 * that are titles, from the first to the last ("Police Chief"), a Swedish
 * title without its definite ending ("Trafikchef" of "Trafikchefen"). */
static struct text_span role_span(const struct scan *sc, size_t b, size_t e)
{
    size_t first = e, last = e;
    for (size_t t = b; t < e; t++)
        if (role_word(sc, t)) {
            first = first == e ? t : first;
            last = t;
        }
    if (first == e)
        return (struct text_span){0, 0};
    size_t end = sc->tk.t[last].end, base = sc->lang == LANG_SV ? swedish_title(sc, last) : 0;
    if (base)
        end = sc->tk.t[last].begin + base;
    else if (sc->s[end - 1] == '.')
        end--; /* "Lt." */
    return (struct text_span){sc->tk.t[first].begin, end};
}

/* The speaker quote k's mention names, or false; *role the title the mention
 * gives them (role_span), if any. */
static bool named_speaker(const struct resolver *r, size_t k, struct text_span *out,
                          struct text_span *role)
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
        /* "the ministry", "myndigheten": the organisation named before. */
        if ((e - b == 2 && word_is(sc, b, "the")) || (e - b == 1 && sc->lang == LANG_SV))
            return org_speaker(r, e - 1, b, out);
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
    while (nb < e &&
           (lang_capitalised_stopword(sc->lang, sc->s, sc->tk.t[nb].begin, sc->tk.t[nb].end) ||
            !is_cap(sc, nb)))
        nb++;
    size_t core = nb;
    for (size_t t = nb; t < e; t++)
        if (role_word(sc, t))
            core = t + 1;
    /* "Secretary of (the) Interior Dirk Kempthorne": a title, a connector,
     * then an organisation's name and the person's in one run. */
    bool org_part = core > nb
                        ? core < e && connector(sc, core)
                        : nb > b && e - nb >= 2 &&
                              (connector(sc, nb - 1) ||
                               (nb - 1 > b && determiner(sc, nb - 1) && connector(sc, nb - 2)));
    for (size_t t = b; org_part && core == nb && t < nb && !role_word(sc, t); t++)
        org_part = t + 1 < nb;
    while (core < e && !is_cap(sc, core))
        core++;
    if (org_part && !own_name(r, &core, e)) {
        if (e - core < 3)
            return false;
        core = e - 2; /* as find_names reads it */
    }

    if (core == e) /* only a title: "the President", "Police" */
        return core - 1 > b && word_is(sc, nb > b ? nb - 1 : b, "the") &&
               !word_is(sc, e - 1, "police") && role_speaker(r, e - 1, b, out);
    if (calendar_words(sc, core, e) == e - core)
        return false; /* "said Tuesday": a date, not who */
    struct name self = {core, core, e, false};
    *out = full_span(r, &self, b);
    size_t rb = b; /* "säger trafikchefen Eva Lund": a title just before the mention */
    while (rb > 0 && role_word(sc, rb - 1) && !line_start(sc, rb))
        rb--;
    *role = role_span(sc, rb, core);
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
void speaker_resolve(const struct scan *sc, struct text_quote *q, size_t nq)
{
    struct resolver r = {sc, {NULL, 0, 0}, q, nq};
    if (!nq)
        return;
    find_names(sc, &r.nm);
    for (size_t k = 0; k < nq; k++) {
        struct text_span sp = {0, 0}, role = {0, 0};
        if (q[k].mention.end > q[k].mention.begin) {
            if (!named_speaker(&r, k, &sp, &role))
                sp = role = (struct text_span){0, 0};
        } else if (k > 0 && carries_on(&r, k)) {
            sp = q[k - 1].speaker;
            role = q[k - 1].role;
        }
        q[k].speaker = sp;
        q[k].role = role;
    }
    /* A quote over several paragraphs: a part left open at its paragraph's end
     * takes the speaker named after the parts that carry it on, and a part
     * without attribution of its own the speaker of the part before. */
    for (size_t k = nq - 1; k-- > 0;)
        if (sc->qi[k].open_end && q[k].speaker.end == q[k].speaker.begin &&
            q[k + 1].speaker.end > q[k + 1].speaker.begin && sc->qi[k].c == sc->qi[k + 1].o) {
            q[k].speaker = q[k + 1].speaker;
            q[k].role = q[k + 1].role;
        }
    for (size_t k = 1; k < nq; k++)
        if (sc->qi[k - 1].open_end && q[k].speaker.end == q[k].speaker.begin &&
            q[k].mention.end == q[k].mention.begin && sc->qi[k - 1].c == sc->qi[k].o) {
            q[k].speaker = q[k - 1].speaker;
            q[k].role = q[k - 1].role;
        }
    free(r.nm.n);
}
