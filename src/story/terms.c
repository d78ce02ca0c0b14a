/* The term adapter behind story/terms.h. It is deliberately small: words are
 * runs of letters, marks and digits (with inner apostrophes, hyphens, and dots
 * or commas between digits or letters: "O'Brien", "IS-K", "U.S", "6.1",
 * "1,000"), case-folded with utf8proc (marks kept: "för" is not "for"),
 * stopwords dropped from a minimal per-language list, Snowball-stemmed. A word
 * counts as a name when it is capitalised and does not start a sentence, or is
 * an acronym; names are stemmed by the English stemmer whatever the language,
 * so that a name is one term in every language (by their own stemmers English
 * made "Älvby" "älvbi" and Swedish kept "älvby"). Runs of two to four
 * capitalised words also give a phrase term ("toni thompson"). Integers with thousands separators lose them ("14,000" and
 * "14 000" are "14000"). When src/text is merged its tokenizer, stopwords and name
 * candidates replace this file; the interface stays. */
#include "story/terms.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "base/xalloc.h"

#define MAX_TERMS (1u << 20)
#define MAX_WORD_BYTES 96 /* longer "words" (URLs, hashes, junk) are no terms */
#define MAX_RUN 4
#define ARENA_MAX (64u << 20)

/* Function words and reporting verbs: what every article has, whatever it is about. */
static const struct lang_def {
    const char *code;
    const char *snowball;
    bool capital_names; /* capitalisation marks names (not German: every noun has it) */
    const char *stopwords;
    const char *calendar; /* capitalised, yet no names: days and months */
} langs[] = {
    {"en", "english", true,
     "a about above after again against all also am an and any are as at be because been "
     "before being below between both but by can could did do does doing down during each "
     "few for from further had has have having he her here hers herself him himself his how "
     "i if in into is it its itself just me more most my myself no nor not now of off on once "
     "only or other our ours ourselves out over own same she should so some such than that "
     "the their theirs them themselves then there these they this those through to too under "
     "until up very was we were what when where which while who whom why will with would you "
     "your yours said says say told tells according reported reports",
     "monday tuesday wednesday thursday friday saturday sunday january february march "
     "april may june july august september october november december jan feb mar apr jun "
     "jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun"},
    {"sv", "swedish", true,
     "och det att i en jag hon som han på den med var sig för så till är men ett om hade de av "
     "icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde "
     "något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under "
     "någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli "
     "blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess inom "
     "mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra "
     "ert era vilkas sa säger uppger enligt skriver",
     NULL},
    {"da", "danish", true,
     "og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har "
     "om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal "
     "selv her alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle "
     "denne end dette mit også under have dig anden hende mine alt meget sit sine vor mod "
     "disse hvis din nogle hos blive mange ad bliver hendes været thi jer sådan sagde siger "
     "ifølge oplyser skriver",
     NULL},
    {"nb", "norwegian", true,
     "og i jeg det at en et den til er som på de med han av ikke der så var meg seg men ett "
     "har om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans "
     "hvor eller hva skal selv sjøl her alle vil bli ble blei blitt kunne inn når være kom "
     "noen noe ville dere deres kun ja etter ned skulle denne for deg si sine sitt mot å meget "
     "hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sånn inni "
     "mellom vår hver hvem vors hvis både bare enn fordi før mange også slik vært sa sier "
     "ifølge opplyser skriver",
     NULL},
    {"de", "german", false,
     "aber alle allem allen aller alles als also am an ander andere anderem anderen anderer "
     "anderes auch auf aus bei bin bis bist da damit dann der den des dem die das dass daß du "
     "durch ein eine einem einen einer eines er es etwas für hatte hatten hier hin hinter ich "
     "ihr ihre im in ist ja jede jedem jeden jeder jedes jener jetzt kann kein keine können "
     "man manche mein meine mich mir mit muss nach nicht nichts noch nun nur ob oder ohne sehr "
     "sein seine sich sie sind so solche soll sondern sonst über um und uns unser unter viel "
     "vom von vor war waren warst was weil weiter welche wenn werde werden wie wieder will wir "
     "wird wirst wo wollen würde zu zum zur zwar zwischen sagte sagt laut berichtet",
     NULL},
    {"fi", "finnish", true,
     "olla olen olet on olemme olette ovat ole oli olisi olisit olisin olisimme olisitte "
     "olisivat olit olin olimme olitte olivat ollut olleet en et ei emme ette eivät minä sinä "
     "hän me te he tämä tuo se nämä nuo ne mikä mitkä kuka ketkä joka jotka että ja jos "
     "koska kuin mutta niin sekä sillä tai vaan vai vaikka kanssa mukaan noin poikki yli "
     "kun niin nyt itse sanoi sanoo kertoi kertoo",
     NULL},
    {"fr", "french", true,
     "au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me "
     "même mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te "
     "tes toi ton tu un une vos votre vous c d j l à m n s t y été étée étées étés étant suis "
     "es est sommes êtes sont serai sera seront serait étais était étions étaient fut ai as a "
     "avons avez ont aurai aura avait avaient eu cette cet selon dit déclaré",
     NULL},
    {"es", "spanish", true,
     "de la que el en y a los del se las por un para con no una su al lo como más pero sus le "
     "ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien "
     "desde todo nos durante todos uno les ni contra otros ese eso ante ellos e esto mí antes "
     "algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual "
     "poco ella estar estas algunas algo nosotros mi mis tú te ti tu tus ellas es son fue "
     "era ha han había dijo afirmó según",
     NULL},
};
#define NLANGS (sizeof langs / sizeof langs[0])
#define NAME_STEM_LANG 0 /* English: see story_terms */

/* Recent stems by word: news repeats its words, and stemming is the costliest
 * step. Direct-mapped; words longer than STEM_WORD bytes are not kept. */
#define STEM_SLOTS 4096
#define STEM_WORD 24

struct stem_slot {
    uint64_t hash;
    int8_t lang;
    uint8_t wlen, slen;
    char word[STEM_WORD];
    char stem[STEM_WORD];
};

struct story_termer {
    struct sb_stemmer *stemmers[NLANGS];
    bool stemmer_failed[NLANGS];
    uint64_t *stop; /* open addressing set of hash(lang, word); 0 = empty */
    size_t stop_mask;
    utf8proc_int32_t cps[MAX_WORD_BYTES * 3];
    struct stem_slot stems[STEM_SLOTS];
};

/* Stopwords and calendar words share one set, keyed apart by seed. */
enum word_list { LIST_STOP, LIST_CALENDAR };

static uint64_t list_key(enum word_list list, size_t lang, const char *w, size_t n)
{
    uint64_t h = XXH3_64bits_withSeed(w, n, (uint64_t)list * 1000 + lang + 1);
    return h ? h : 1;
}

static void stop_add(struct story_termer *t, uint64_t k)
{
    size_t i = k & t->stop_mask;
    while (t->stop[i] && t->stop[i] != k)
        i = (i + 1) & t->stop_mask;
    t->stop[i] = k;
}

static bool stop_has(const struct story_termer *t, uint64_t k)
{
    size_t i = k & t->stop_mask;
    while (t->stop[i]) {
        if (t->stop[i] == k)
            return true;
        i = (i + 1) & t->stop_mask;
    }
    return false;
}

void story_termer_new(struct story_termer **out)
{
    struct story_termer *t = xcalloc(1, sizeof *t);
    t->stop_mask = 4095;
    t->stop = xcalloc(t->stop_mask + 1, sizeof *t->stop);
    for (size_t l = 0; l < NLANGS; l++) {
        for (enum word_list list = LIST_STOP; list <= LIST_CALENDAR; list++) {
            const char *p = list == LIST_STOP ? langs[l].stopwords : langs[l].calendar;
            while (p && *p) {
                const char *e = strchr(p, ' ');
                size_t n = e ? (size_t)(e - p) : strlen(p);
                stop_add(t, list_key(list, l, p, n));
                p += n + (e != NULL);
            }
        }
    }
    *out = t;
}

void story_termer_free(struct story_termer *t)
{
    if (!t)
        return;
    for (size_t l = 0; l < NLANGS; l++)
        if (t->stemmers[l])
            sb_stemmer_delete(t->stemmers[l]);
    free(t->stop);
    free(t);
}

void story_terms_init(struct story_terms_out *out)
{
    memset(out, 0, sizeof *out);
    buf_init(&out->arena, ARENA_MAX);
}

void story_terms_reset(struct story_terms_out *out)
{
    out->len = 0;
    out->nwords = 0;
    buf_reset(&out->arena);
}

void story_terms_clear(struct story_terms_out *out)
{
    if (!out)
        return;
    free(out->terms);
    free(out->word_hashes);
    buf_clear(&out->arena);
    memset(out, 0, sizeof *out);
}

/* The index into langs of an ISO 639-1 code ("nb", "no" and "nn" are Norwegian),
 * or -1. */
static int lang_index(const char *lang)
{
    if (!lang || !lang[0] || !lang[1])
        return -1;
    char c[3] = {(char)(lang[0] | 0x20), (char)(lang[1] | 0x20), 0};
    if (!strcmp(c, "no") || !strcmp(c, "nn"))
        c[1] = 'b';
    for (size_t l = 0; l < NLANGS; l++)
        if (!strcmp(c, langs[l].code))
            return (int)l;
    return -1;
}

static struct sb_stemmer *stemmer_for(struct story_termer *t, int l)
{
    if (l < 0 || t->stemmer_failed[l])
        return NULL;
    if (!t->stemmers[l]) {
        t->stemmers[l] = sb_stemmer_new(langs[l].snowball, "UTF_8");
        t->stemmer_failed[l] = !t->stemmers[l];
    }
    return t->stemmers[l];
}

static bool is_word_cp(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
}

static bool is_digit_cp(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

static bool is_upper_cp(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* Decodes the code point at s[i]; invalid bytes come back as -1, one byte long. */
static size_t decode(const char *s, size_t len, size_t i, utf8proc_int32_t *cp)
{
    if ((unsigned char)s[i] < 0x80) {
        *cp = (unsigned char)s[i];
        return 1;
    }
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), cp);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    return (size_t)n;
}

/* The end of the word that starts at s[i]: letters, marks and digits, joined
 * by an apostrophe or hyphen between word characters, or a dot or comma
 * between two word characters when the next is not a space ("U.S", "6.1"). */
static size_t word_end(const char *s, size_t len, size_t i)
{
    utf8proc_int32_t cp;
    while (i < len) {
        size_t n = decode(s, len, i, &cp);
        if (is_word_cp(cp)) {
            i += n;
            continue;
        }
        bool joiner =
            cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2010 || cp == '.' || cp == ',';
        if (!joiner || i + n >= len)
            break;
        utf8proc_int32_t next;
        decode(s, len, i + n, &next);
        if (!is_word_cp(next))
            break;
        if (cp == ',' && !(is_digit_cp(next) && i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9'))
            break;
        i += n;
    }
    return i;
}

/* A thousands separator between digit groups: a space, a no-break space or
 * a thin one ("14 000" in Swedish, French, Finnish). */
static bool group_space(utf8proc_int32_t cp)
{
    return cp == ' ' || cp == 0xA0 || cp == 0x2009 || cp == 0x202F;
}

/* Whether s[i..) holds exactly three ASCII digits that end a word. */
static bool three_digits(const char *s, size_t len, size_t i)
{
    for (size_t k = 0; k < 3; k++)
        if (i + k >= len || s[i + k] < '0' || s[i + k] > '9')
            return false;
    if (i + 3 >= len)
        return true;
    utf8proc_int32_t next;
    decode(s, len, i + 3, &next);
    return !is_word_cp(next);
}

/* An integer written with thousands separators is one number in every
 * language: "14,000" (English) and "14 000" (Swedish) are both "14000", so
 * that articles in two languages share it. s[i..*end) is a word starting with
 * a digit; when it is such an integer (commas before groups of three digits,
 * or a group of one to three digits followed by space-separated groups of
 * three), writes its digits to dst (MAX_WORD_BYTES at least), moves *end past
 * the last group and returns the digits' length; else returns 0 ("6.1",
 * "1990-talet", "2019 100" stay as they are). */
static size_t grouped_number(const char *s, size_t len, size_t i, size_t *end, char *dst)
{
    size_t n = 0, group = 0, groups = 1;
    for (size_t k = i; k < *end; k++) {
        if (s[k] >= '0' && s[k] <= '9') {
            if (n == MAX_WORD_BYTES)
                return 0;
            dst[n++] = s[k];
            group++;
        } else if (s[k] == ',' && (groups > 1 ? group == 3 : group <= 3) &&
                   three_digits(s, *end, k + 1)) {
            group = 0;
            groups++;
        } else {
            return 0;
        }
    }
    if (groups > 1)
        return n;
    if (group > 3)
        return 0;
    size_t e = *end;
    for (;;) {
        utf8proc_int32_t cp;
        size_t w = e < len ? decode(s, len, e, &cp) : 0;
        if (!w || !group_space(cp) || !three_digits(s, len, e + w) || n + 3 > MAX_WORD_BYTES)
            break;
        memcpy(dst + n, s + e + w, 3);
        n += 3;
        e += w + 3;
        groups++;
    }
    if (groups == 1)
        return 0;
    *end = e;
    return n;
}

/* Case-folds s[0..n) into dst (at least MAX_WORD_BYTES * 4 bytes); returns the
 * folded length, or 0 when the word is too long to be a term. */
static size_t casefold(struct story_termer *t, const char *s, size_t n, char *dst)
{
    if (n > MAX_WORD_BYTES)
        return 0;
    bool ascii = true;
    for (size_t i = 0; i < n; i++)
        ascii &= (unsigned char)s[i] < 0x80;
    if (ascii) {
        for (size_t i = 0; i < n; i++)
            dst[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] | 0x20) : s[i];
        return n;
    }
    const utf8proc_option_t opt = UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE;
    utf8proc_ssize_t m =
        utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, t->cps,
                           (utf8proc_ssize_t)(sizeof t->cps / sizeof t->cps[0]), opt);
    if (m <= 0 || m > (utf8proc_ssize_t)(sizeof t->cps / sizeof t->cps[0]))
        return 0;
    m = utf8proc_normalize_utf32(t->cps, m, opt);
    if (m <= 0)
        return 0;
    size_t out = 0;
    for (utf8proc_ssize_t i = 0; i < m; i++) {
        if (out + 4 > MAX_WORD_BYTES * 4)
            return 0;
        out += (size_t)utf8proc_encode_char(t->cps[i], (utf8proc_uint8_t *)dst + out);
    }
    return out;
}

static MUST_CHECK enum err push_term(struct story_terms_out *out, const char *s, size_t n,
                                     float weight, bool is_name, bool is_number, struct errbuf *eb)
{
    if (out->len >= MAX_TERMS)
        return errf(eb, ERR_LIMIT, "a document of more than %u terms", MAX_TERMS);
    if (out->len == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 256;
        out->terms = xrealloc(out->terms, out->cap * sizeof *out->terms);
    }
    uint32_t off = (uint32_t)out->arena.len;
    if (buf_append(&out->arena, s, n))
        return errf(eb, ERR_LIMIT, "a document of more than %u bytes of terms", ARENA_MAX);
    out->terms[out->len++] = (struct story_term){.off = off,
                                                 .len = (uint32_t)n,
                                                 .weight = weight,
                                                 .is_name = is_name,
                                                 .is_number = is_number};
    return ERR_OK;
}

static void push_word(struct story_terms_out *out, uint64_t h)
{
    if (out->nwords == out->words_cap) {
        out->words_cap = out->words_cap ? out->words_cap * 2 : 512;
        out->word_hashes = xrealloc(out->word_hashes, out->words_cap * sizeof *out->word_hashes);
    }
    out->word_hashes[out->nwords++] = h;
}

/* The stem of the case-folded word w[0..n) with hash h in language l, through
 * the cache; *len gets its length. */
static const char *stem(struct story_termer *t, struct sb_stemmer *stemmer, int l, const char *w,
                        size_t n, uint64_t h, size_t *len)
{
    struct stem_slot *slot = &t->stems[h % STEM_SLOTS];
    if (slot->hash == h && slot->lang == l && slot->wlen == n && !memcmp(slot->word, w, n)) {
        *len = slot->slen;
        return slot->stem;
    }
    const sb_symbol *st = sb_stemmer_stem(stemmer, (const sb_symbol *)w, (int)n);
    if (!st) {
        *len = n;
        return w;
    }
    *len = (size_t)sb_stemmer_length(stemmer);
    if (n <= STEM_WORD && *len <= STEM_WORD) {
        *slot = (struct stem_slot){
            .hash = h, .lang = (int8_t)l, .wlen = (uint8_t)n, .slen = (uint8_t)*len};
        memcpy(slot->word, w, n);
        memcpy(slot->stem, st, *len);
    }
    return (const char *)st;
}

/* A run of capitalised words: indices into out->terms. */
struct run {
    size_t term[MAX_RUN];
    size_t n;
    bool has_name;
};

/* Emits the run as a phrase term when it is two or more words with a name among them. */
static MUST_CHECK enum err flush_run(struct story_terms_out *out, struct run *r, struct errbuf *eb)
{
    enum err err = ERR_OK;
    if (r->n >= 2 && r->has_name) {
        char phrase[(MAX_WORD_BYTES * 4 + 1) * MAX_RUN];
        size_t n = 0;
        float w = 0;
        for (size_t i = 0; i < r->n; i++) {
            const struct story_term *tm = &out->terms[r->term[i]];
            if (i)
                phrase[n++] = ' ';
            memcpy(phrase + n, out->arena.data + tm->off, tm->len);
            n += tm->len;
            w += tm->weight;
        }
        err = push_term(out, phrase, n, w / (float)r->n, true, false, eb);
    }
    r->n = 0;
    r->has_name = false;
    return err;
}

enum err story_terms(struct story_termer *t, const char *text, size_t len, const char *lang,
                     const struct story_terms_opts *opts, struct story_terms_out *out,
                     struct errbuf *eb)
{
    int l = lang_index(lang);
    struct sb_stemmer *stemmer = stemmer_for(t, l);
    char folded[MAX_WORD_BYTES * 4];
    struct run run = {{0}, 0, false};
    bool sentence_start = true;
    size_t words = 0;
    enum err err = ERR_OK;
    size_t i = 0;
    while (i < len && !err) {
        utf8proc_int32_t cp;
        size_t n = decode(text, len, i, &cp);
        if (!is_word_cp(cp)) {
            if (cp == '.' || cp == '!' || cp == '?' || cp == '\n' || cp == 0x2026)
                sentence_start = true;
            /* Spaces and quote marks keep a run of names going; anything else ends it. */
            if (cp != ' ' && cp != 0xA0 && cp != '"' && cp != 0x201C && cp != 0x201D)
                err = flush_run(out, &run, eb);
            i += n;
            continue;
        }
        size_t end = word_end(text, len, i);
        bool starts = sentence_start;
        sentence_start = false;
        float weight = opts->weight * (words < opts->lead_words ? opts->lead_weight : 1.0f);
        words++;
        size_t fl = is_digit_cp(cp) ? grouped_number(text, len, i, &end, folded) : 0;
        if (!fl)
            fl = casefold(t, text + i, end - i, folded);
        /* A possessive 's is the same name: "Obama's" is "obama". */
        if (fl > 2 && folded[fl - 1] == 's' && folded[fl - 2] == '\'')
            fl -= 2;
        else if (fl > 4 && folded[fl - 1] == 's' && !memcmp(folded + fl - 4, "\xe2\x80\x99", 3))
            fl -= 4;
        uint64_t hash = fl ? XXH3_64bits(folded, fl) : 0;
        if (fl && opts->in_shingles)
            push_word(out, hash);
        utf8proc_int32_t first;
        decode(text, len, i, &first);
        bool number = is_digit_cp(first);
        bool cap = is_upper_cp(first);
        size_t letters = 0, uppers = 0;
        for (size_t k = i; k < end;) {
            utf8proc_int32_t c;
            k += decode(text, len, k, &c);
            letters += !is_digit_cp(c) && is_word_cp(c);
            uppers += is_upper_cp(c);
        }
        bool acronym = letters >= 2 && uppers == letters;
        size_t ncp = 0;
        for (size_t k = 0; k < fl; k++)
            ncp += ((unsigned char)folded[k] & 0xC0) != 0x80;
        i = end;
        if (!fl || ncp < 2 ||
            (!acronym && l >= 0 && stop_has(t, list_key(LIST_STOP, (size_t)l, folded, fl)))) {
            err = flush_run(out, &run, eb);
            continue;
        }
        bool name = acronym || (cap && !starts && l >= 0 && langs[l].capital_names &&
                                !stop_has(t, list_key(LIST_CALENDAR, (size_t)l, folded, fl)));
        const char *term = folded;
        size_t tl = fl;
        /* A name is stemmed the English way in every language that stems:
         * one term across languages, with English plurals and possessives
         * still folded ("Democrats", and the Swedish genitive "Älvbys"). */
        if (stemmer && !number) {
            int sl = name ? NAME_STEM_LANG : l;
            struct sb_stemmer *ss = name ? stemmer_for(t, sl) : stemmer;
            if (ss)
                term = stem(t, ss, sl, folded, fl, hash, &tl);
        }
        if (!cap || number || run.n == MAX_RUN)
            err = flush_run(out, &run, eb);
        if (!err)
            err = push_term(out, term, tl, weight, name, number, eb);
        if (!err && cap && !number) {
            run.term[run.n++] = out->len - 1;
            run.has_name |= name;
        }
    }
    if (!err)
        err = flush_run(out, &run, eb);
    return err;
}
