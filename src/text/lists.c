/* Per-language word lists: abbreviations (for sentences and tokens) and
 * stopwords. Each list is sorted bytewise for binary search. Written
 * for omnibus from the languages' grammar and news usage. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/text_internal.h"
#include "text/token.h"
#include "text/utf8.h"

struct word_list {
    const char *const *words;
    size_t len;
};

static const char *const stop_sv[] = {
    "alla",   "allt",   "alltid", "andra",  "att",    "av",     "bara",  "blev",   "bli",
    "blir",   "blivit", "de",     "dem",    "den",    "denna",  "deras", "dess",   "dessa",
    "det",    "detta",  "dig",    "din",    "ditt",   "dock",   "du",    "där",    "då",
    "efter",  "ej",     "eller",  "en",     "enligt", "er",     "era",   "ert",    "ett",
    "fick",   "från",   "får",    "för",    "före",   "ha",     "hade",  "han",    "hans",
    "har",    "hela",   "henne",  "hennes", "hon",    "honom",  "hur",   "här",    "i",
    "icke",   "ingen",  "inom",   "inte",   "jag",    "ju",     "kan",   "kommer", "kunde",
    "man",    "med",    "mellan", "men",    "mer",    "mig",    "min",   "mina",   "mitt",
    "mot",    "mycket", "många",  "ni",     "nu",     "när",    "någon", "något",  "några",
    "och",    "också",  "om",     "oss",    "på",     "redan",  "samma", "sedan",  "sig",
    "sin",    "sina",   "sitt",   "själv",  "ska",    "skulle", "som",   "så",     "sådan",
    "till",   "under",  "upp",    "ut",     "utan",   "vad",    "var",   "vara",   "varför",
    "varit",  "varje",  "vars",   "vart",   "vem",    "vi",     "vid",   "vilka",  "vilken",
    "vilket", "vår",    "våra",   "vårt",   "än",     "är",     "även",  "åt",     "över",
};
static const char *const stop_en[] = {
    "a",          "about",   "above",   "according", "after",  "again",     "against", "all",
    "also",       "am",      "an",      "and",       "any",    "are",       "as",      "at",
    "be",         "because", "been",    "before",    "being",  "below",     "between", "both",
    "but",        "by",      "can",     "could",     "did",    "do",        "does",    "doing",
    "down",       "during",  "each",    "even",      "few",    "for",       "from",    "further",
    "had",        "has",     "have",    "having",    "he",     "her",       "here",    "hers",
    "herself",    "him",     "himself", "his",       "how",    "i",         "if",      "in",
    "into",       "is",      "it",      "its",       "itself", "just",      "many",    "may",
    "me",         "might",   "more",    "most",      "much",   "must",      "my",      "myself",
    "no",         "nor",     "not",     "now",       "of",     "off",       "on",      "once",
    "only",       "or",      "other",   "our",       "ours",   "ourselves", "out",     "over",
    "own",        "said",    "same",    "says",      "shall",  "she",       "should",  "so",
    "some",       "such",    "than",    "that",      "the",    "their",     "theirs",  "them",
    "themselves", "then",    "there",   "these",     "they",   "this",      "those",   "through",
    "to",         "too",     "under",   "until",     "up",     "very",      "was",     "we",
    "were",       "what",    "when",    "where",     "which",  "while",     "who",     "whom",
    "why",        "will",    "with",    "would",     "you",    "your",      "yours",   "yourself",
    "yourselves",
};
static const char *const stop_da[] = {
    "ad",    "af",     "al",      "alle",    "alt",     "anden", "andet",  "andre", "at",
    "bare",  "blev",   "blive",   "bliver",  "da",      "de",    "dem",    "den",   "denne",
    "dens",  "der",    "deres",   "det",     "dette",   "dig",   "din",    "dine",  "disse",
    "dit",   "du",     "efter",   "eller",   "en",      "end",   "er",     "et",    "for",
    "fra",   "få",     "gik",     "godt",    "ham",     "han",   "hans",   "har",   "havde",
    "have",  "hende",  "hendes",  "her",     "hos",     "hun",   "hvad",   "hvem",  "hver",
    "hvis",  "hvor",   "hvordan", "hvorfor", "hvornår", "i",     "ikke",   "ind",   "ingen",
    "intet", "jeg",    "jer",     "jeres",   "kan",     "kom",   "kommer", "kunne", "man",
    "mange", "med",    "meget",   "men",     "mig",     "min",   "mine",   "mit",   "mod",
    "må",    "ned",    "noget",   "nogle",   "nu",      "når",   "og",     "også",  "om",
    "op",    "os",     "over",    "på",      "selv",    "sig",   "sin",    "sine",  "sit",
    "skal",  "skulle", "som",     "sådan",   "thi",     "til",   "ud",     "under", "var",
    "vi",    "vil",    "ville",   "vor",     "vores",   "være",  "været",
};
static const char *const stop_nb[] = {
    "alle",  "andre",  "at",     "av",      "bare",   "ble",    "bli",     "blir",    "blitt",
    "da",    "de",     "deg",    "dem",     "den",    "denne",  "der",     "deres",   "det",
    "dette", "din",    "dine",   "disse",   "ditt",   "du",     "eller",   "en",      "enn",
    "er",    "et",     "etter",  "for",     "fordi",  "fra",    "før",     "ha",      "hadde",
    "han",   "hans",   "har",    "hennar",  "henne",  "hennes", "her",     "hun",     "hva",
    "hvem",  "hver",   "hvilke", "hvilken", "hvis",   "hvor",   "hvordan", "hvorfor", "i",
    "ikke",  "ikkje",  "ingen",  "inn",     "jeg",    "kan",    "kom",     "kommer",  "kunne",
    "man",   "mange",  "med",    "meg",     "mellom", "men",    "mot",     "mye",     "må",
    "ned",   "noe",    "noen",   "nå",      "når",    "og",     "også",    "om",      "opp",
    "oss",   "over",   "på",     "samme",   "seg",    "selv",   "sin",     "sine",    "sitt",
    "skal",  "skulle", "slik",   "som",     "så",     "til",    "under",   "ut",      "uten",
    "var",   "ved",    "vi",     "vil",     "ville",  "vår",    "være",    "vært",
};
static const char *const stop_de[] = {
    "aber",     "alle",    "allem",   "allen",    "aller",   "alles",  "als",    "also",   "am",
    "an",       "ander",   "andere",  "anderen",  "anderer", "auch",   "auf",    "aus",    "bei",
    "beim",     "bin",     "bis",     "bist",     "da",      "damit",  "dann",   "das",    "dass",
    "dasselbe", "dazu",    "dein",    "deine",    "dem",     "den",    "denn",   "der",    "deren",
    "des",      "dessen",  "dich",    "die",      "dies",    "diese",  "diesem", "diesen", "dieser",
    "dieses",   "dir",     "doch",    "dort",     "du",      "durch",  "ein",    "eine",   "einem",
    "einen",    "einer",   "eines",   "er",       "es",      "etwas",  "euch",   "euer",   "für",
    "gegen",    "gewesen", "hab",     "habe",     "haben",   "hat",    "hatte",  "hatten", "hier",
    "hin",      "hinter",  "ich",     "ihm",      "ihn",     "ihnen",  "ihr",    "ihre",   "ihrem",
    "ihren",    "ihrer",   "im",      "in",       "indem",   "ins",    "ist",    "jede",   "jedem",
    "jeden",    "jeder",   "jedes",   "jetzt",    "kann",    "kein",   "keine",  "keinem", "keinen",
    "können",   "könnte",  "laut",    "machen",   "man",     "manche", "mein",   "meine",  "mich",
    "mir",      "mit",     "muss",    "musste",   "nach",    "nicht",  "nichts", "noch",   "nun",
    "nur",      "ob",      "oder",    "ohne",     "sagt",    "sagte",  "sehr",   "sein",   "seine",
    "seinem",   "seinen",  "seiner",  "sich",     "sie",     "sind",   "so",     "solche", "soll",
    "sollte",   "sondern", "sonst",   "um",       "und",     "uns",    "unser",  "unter",  "viel",
    "vom",      "von",     "vor",     "wann",     "war",     "waren",  "warum",  "was",    "weil",
    "welche",   "welchem", "welchen", "welcher",  "wenn",    "wer",    "werde",  "werden", "wie",
    "wieder",   "will",    "wir",     "wird",     "wo",      "wollen", "würde",  "würden", "zu",
    "zum",      "zur",     "zwar",    "zwischen", "über",
};
static const char *const stop_fi[] = {
    "ei",    "eivät",  "emme",   "en",    "et",    "ette",      "he",     "heidän", "hän",
    "hänen", "häntä",  "ja",     "jo",    "joka",  "jolla",     "jonka",  "jos",    "jotka",
    "jotta", "kaikki", "kanssa", "koska", "kuin",  "kuitenkin", "kun",    "kuten",  "lisäksi",
    "me",    "meidän", "mikä",   "minun", "minä",  "mitä",      "mukaan", "mutta",  "myös",
    "ne",    "niiden", "niin",   "noin",  "nyt",   "näiden",    "nämä",   "ole",    "olemme",
    "olen",  "olet",   "oli",    "olin",  "olisi", "olivat",    "olla",   "ollut",  "on",
    "ovat",  "sanoi",  "sanoo",  "se",    "sekä",  "sen",       "siis",   "siitä",  "sillä",
    "sinun", "sinä",   "sitä",   "tai",   "te",    "teidän",    "tuo",    "tuon",   "tämä",
    "tämän", "tässä",  "vaan",   "vain",  "vielä", "voi",       "yli",
};
static const char *const stop_fr[] = {
    "a",    "ai",   "ainsi", "au",   "aussi", "aux",   "avait", "avec",    "avez",  "avoir",
    "c",    "ce",   "cela",  "ces",  "cet",   "cette", "comme", "d",       "dans",  "de",
    "des",  "dit",  "du",    "elle", "elles", "en",    "est",   "et",      "eu",    "fait",
    "il",   "ils",  "j",     "je",   "l",     "la",    "le",    "les",     "leur",  "leurs",
    "lui",  "m",    "ma",    "mais", "me",    "mes",   "moi",   "mon",     "même",  "n",
    "ne",   "nos",  "notre", "nous", "on",    "ont",   "ou",    "par",     "pas",   "plus",
    "pour", "qu",   "que",   "qui",  "s",     "sa",    "se",    "selon",   "sera",  "ses",
    "son",  "sont", "sur",   "t",    "ta",    "te",    "tes",   "toi",     "ton",   "très",
    "tu",   "un",   "une",   "vos",  "votre", "vous",  "y",     "étaient", "était", "été",
    "être",
};
static const char *const stop_es[] = {
    "a",       "al",    "algo",   "algunas",  "algunos", "ante",   "antes", "como",   "con",
    "contra",  "cual",  "cuando", "de",       "del",     "desde",  "dijo",  "donde",  "dos",
    "durante", "e",     "el",     "ella",     "ellas",   "ellos",  "en",    "entre",  "era",
    "es",      "esa",   "esas",   "ese",      "eso",     "esos",   "esta",  "estaba", "estaban",
    "estar",   "este",  "esto",   "estos",    "está",    "están",  "fue",   "fueron", "ha",
    "hace",    "hacia", "han",    "hasta",    "hay",     "la",     "las",   "le",     "les",
    "lo",      "los",   "me",     "mi",       "mis",     "mucho",  "muy",   "más",    "nada",
    "ni",      "no",    "nos",    "nosotros", "o",       "os",     "otra",  "otras",  "otro",
    "otros",   "para",  "pero",   "poco",     "por",     "porque", "que",   "quien",  "se",
    "según",   "ser",   "si",     "sin",      "sobre",   "son",    "su",    "sus",    "también",
    "tanto",   "te",    "tiene",  "tienen",   "todo",    "todos",  "tu",    "un",     "una",
    "unas",    "uno",   "unos",   "usted",    "y",       "ya",     "yo",    "él",
};

struct abbrev {
    const char *word;
    enum abbrev_kind kind;
};

static const struct abbrev abbrev_sv[] = {
    {"ang", ABBREV_INNER},   {"aug", ABBREV_INNER},    {"bl.a", ABBREV_INNER},
    {"ca", ABBREV_INNER},    {"d.v.s", ABBREV_INNER},  {"dec", ABBREV_INNER},
    {"dir", ABBREV_INNER},   {"doc", ABBREV_INNER},    {"dr", ABBREV_INNER},
    {"dvs", ABBREV_INNER},   {"e.d", ABBREV_ANY},      {"e.kr", ABBREV_ANY},
    {"ed", ABBREV_INNER},    {"enl", ABBREV_INNER},    {"etc", ABBREV_ANY},
    {"ev", ABBREV_INNER},    {"exkl", ABBREV_INNER},   {"f.d", ABBREV_INNER},
    {"f.kr", ABBREV_ANY},    {"f.n", ABBREV_INNER},    {"feb", ABBREV_INNER},
    {"febr", ABBREV_INNER},  {"fig", ABBREV_NUMBER},   {"forts", ABBREV_ANY},
    {"fr.a", ABBREV_INNER},  {"fr.o.m", ABBREV_INNER}, {"hr", ABBREV_INNER},
    {"inkl", ABBREV_INNER},  {"jan", ABBREV_INNER},    {"jfr", ABBREV_INNER},
    {"kap", ABBREV_NUMBER},  {"kl", ABBREV_INNER},     {"kr", ABBREV_ANY},
    {"m.a.o", ABBREV_INNER}, {"m.fl", ABBREV_ANY},     {"m.m", ABBREV_ANY},
    {"mdr", ABBREV_ANY},     {"milj", ABBREV_ANY},     {"mkr", ABBREV_ANY},
    {"nov", ABBREV_INNER},   {"nr", ABBREV_NUMBER},    {"o.d", ABBREV_ANY},
    {"o.s.v", ABBREV_ANY},   {"okt", ABBREV_INNER},    {"osv", ABBREV_ANY},
    {"p.g.a", ABBREV_INNER}, {"pga", ABBREV_INNER},    {"prof", ABBREV_INNER},
    {"resp", ABBREV_INNER},  {"s", ABBREV_NUMBER},     {"s.k", ABBREV_INNER},
    {"sep", ABBREV_INNER},   {"sept", ABBREV_INNER},   {"st", ABBREV_ANY},
    {"t.ex", ABBREV_INNER},  {"t.o.m", ABBREV_INNER},  {"tel", ABBREV_INNER},
    {"tf", ABBREV_INNER},    {"uppl", ABBREV_INNER},   {"v", ABBREV_NUMBER},
};
static const struct abbrev abbrev_en[] = {
    {"a.m", ABBREV_ANY},    {"adm", ABBREV_INNER}, {"approx", ABBREV_INNER},
    {"apr", ABBREV_INNER},  {"aug", ABBREV_INNER}, {"ave", ABBREV_ANY},
    {"blvd", ABBREV_ANY},   {"bros", ABBREV_ANY},  {"ca", ABBREV_INNER},
    {"capt", ABBREV_INNER}, {"cf", ABBREV_INNER},  {"cmdr", ABBREV_INNER},
    {"co", ABBREV_ANY},     {"col", ABBREV_INNER}, {"corp", ABBREV_ANY},
    {"d.c", ABBREV_ANY},    {"dec", ABBREV_INNER}, {"dept", ABBREV_INNER},
    {"dr", ABBREV_INNER},   {"e.g", ABBREV_INNER}, {"e.u", ABBREV_ANY},
    {"est", ABBREV_INNER},  {"etc", ABBREV_ANY},   {"feb", ABBREV_INNER},
    {"fig", ABBREV_NUMBER}, {"gen", ABBREV_INNER}, {"gov", ABBREV_INNER},
    {"hon", ABBREV_INNER},  {"i.e", ABBREV_INNER}, {"inc", ABBREV_ANY},
    {"jan", ABBREV_INNER},  {"jr", ABBREV_ANY},    {"jul", ABBREV_INNER},
    {"jun", ABBREV_INNER},  {"llc", ABBREV_ANY},   {"lt", ABBREV_INNER},
    {"ltd", ABBREV_ANY},    {"maj", ABBREV_INNER}, {"mr", ABBREV_INNER},
    {"mrs", ABBREV_INNER},  {"ms", ABBREV_INNER},  {"mt", ABBREV_INNER},
    {"no", ABBREV_NUMBER},  {"nov", ABBREV_INNER}, {"oct", ABBREV_INNER},
    {"p", ABBREV_NUMBER},   {"p.m", ABBREV_ANY},   {"ph.d", ABBREV_ANY},
    {"plc", ABBREV_ANY},    {"pp", ABBREV_NUMBER}, {"pres", ABBREV_INNER},
    {"prof", ABBREV_INNER}, {"rd", ABBREV_ANY},    {"rep", ABBREV_INNER},
    {"rev", ABBREV_INNER},  {"sen", ABBREV_INNER}, {"sep", ABBREV_INNER},
    {"sept", ABBREV_INNER}, {"sgt", ABBREV_INNER}, {"sr", ABBREV_ANY},
    {"st", ABBREV_INNER},   {"u.k", ABBREV_ANY},   {"u.n", ABBREV_ANY},
    {"u.s", ABBREV_ANY},    {"v", ABBREV_INNER},   {"vol", ABBREV_NUMBER},
    {"vs", ABBREV_INNER},
};
static const struct abbrev abbrev_da[] = {
    {"ang", ABBREV_INNER},  {"aug", ABBREV_INNER}, {"bl.a", ABBREV_INNER},  {"ca", ABBREV_INNER},
    {"dec", ABBREV_INNER},  {"dr", ABBREV_INNER},  {"dvs", ABBREV_INNER},   {"e.kr", ABBREV_ANY},
    {"etc", ABBREV_ANY},    {"evt", ABBREV_INNER}, {"f.eks", ABBREV_INNER}, {"f.kr", ABBREV_ANY},
    {"feb", ABBREV_INNER},  {"fhv", ABBREV_INNER}, {"gl", ABBREV_INNER},    {"hr", ABBREV_INNER},
    {"ifm", ABBREV_INNER},  {"iht", ABBREV_INNER}, {"inkl", ABBREV_INNER},  {"jan", ABBREV_INNER},
    {"jf", ABBREV_INNER},   {"kl", ABBREV_INNER},  {"kr", ABBREV_ANY},      {"m.fl", ABBREV_ANY},
    {"m.m", ABBREV_ANY},    {"mfl", ABBREV_ANY},   {"mht", ABBREV_INNER},   {"mia", ABBREV_ANY},
    {"mio", ABBREV_ANY},    {"mv", ABBREV_ANY},    {"nov", ABBREV_INNER},   {"nr", ABBREV_NUMBER},
    {"o.l", ABBREV_ANY},    {"okt", ABBREV_INNER}, {"osv", ABBREV_ANY},     {"pga", ABBREV_INNER},
    {"prof", ABBREV_INNER}, {"s", ABBREV_NUMBER},  {"sept", ABBREV_INNER},  {"sml", ABBREV_INNER},
    {"st", ABBREV_ANY},     {"stk", ABBREV_ANY},   {"tlf", ABBREV_INNER},   {"vedr", ABBREV_INNER},
};
static const struct abbrev abbrev_nb[] = {
    {"ang", ABBREV_INNER},  {"aug", ABBREV_INNER},  {"bl.a", ABBREV_INNER}, {"ca", ABBREV_INNER},
    {"des", ABBREV_INNER},  {"dr", ABBREV_INNER},   {"dvs", ABBREV_INNER},  {"e.kr", ABBREV_ANY},
    {"etc", ABBREV_ANY},    {"ev", ABBREV_INNER},   {"evt", ABBREV_INNER},  {"f.eks", ABBREV_INNER},
    {"f.kr", ABBREV_ANY},   {"feb", ABBREV_INNER},  {"fhv", ABBREV_INNER},  {"hr", ABBREV_INNER},
    {"iflg", ABBREV_INNER}, {"inkl", ABBREV_INNER}, {"jan", ABBREV_INNER},  {"jf", ABBREV_INNER},
    {"kl", ABBREV_INNER},   {"kr", ABBREV_ANY},     {"m.fl", ABBREV_ANY},   {"m.m", ABBREV_ANY},
    {"mht", ABBREV_INNER},  {"mill", ABBREV_ANY},   {"mrd", ABBREV_ANY},    {"mv", ABBREV_ANY},
    {"nov", ABBREV_INNER},  {"nr", ABBREV_NUMBER},  {"o.l", ABBREV_ANY},    {"okt", ABBREV_INNER},
    {"osv", ABBREV_ANY},    {"pga", ABBREV_INNER},  {"prof", ABBREV_INNER}, {"s", ABBREV_NUMBER},
    {"sept", ABBREV_INNER}, {"sml", ABBREV_INNER},  {"st", ABBREV_ANY},     {"stk", ABBREV_ANY},
    {"tlf", ABBREV_INNER},  {"vedr", ABBREV_INNER},
};
static const struct abbrev abbrev_de[] = {
    {"abs", ABBREV_NUMBER}, {"art", ABBREV_NUMBER}, {"aug", ABBREV_INNER},   {"bspw", ABBREV_INNER},
    {"bzw", ABBREV_INNER},  {"ca", ABBREV_INNER},   {"d.h", ABBREV_INNER},   {"dez", ABBREV_INNER},
    {"dr", ABBREV_INNER},   {"etc", ABBREV_ANY},    {"evtl", ABBREV_INNER},  {"feb", ABBREV_INNER},
    {"ff", ABBREV_ANY},     {"fr", ABBREV_INNER},   {"geb", ABBREV_INNER},   {"gest", ABBREV_INNER},
    {"ggf", ABBREV_INNER},  {"hr", ABBREV_INNER},   {"i.d.r", ABBREV_INNER}, {"inkl", ABBREV_INNER},
    {"jan", ABBREV_INNER},  {"jh", ABBREV_ANY},     {"jhd", ABBREV_ANY},     {"mio", ABBREV_ANY},
    {"mrd", ABBREV_ANY},    {"nov", ABBREV_INNER},  {"nr", ABBREV_NUMBER},   {"o.ä", ABBREV_ANY},
    {"okt", ABBREV_INNER},  {"prof", ABBREV_INNER}, {"s", ABBREV_NUMBER},    {"sept", ABBREV_INNER},
    {"sog", ABBREV_INNER},  {"st", ABBREV_INNER},   {"str", ABBREV_ANY},     {"tel", ABBREV_INNER},
    {"u.a", ABBREV_ANY},    {"u.s.w", ABBREV_ANY},  {"usw", ABBREV_ANY},     {"v.a", ABBREV_INNER},
    {"vgl", ABBREV_INNER},  {"z.b", ABBREV_INNER},  {"z.t", ABBREV_INNER},   {"zzgl", ABBREV_INNER},
};
static const struct abbrev abbrev_fi[] = {
    {"eaa", ABBREV_ANY},   {"em", ABBREV_ANY},     {"esim", ABBREV_INNER}, {"huom", ABBREV_INNER},
    {"jaa", ABBREV_ANY},   {"jne", ABBREV_ANY},    {"klo", ABBREV_INNER},  {"ko", ABBREV_ANY},
    {"ks", ABBREV_INNER},  {"milj", ABBREV_ANY},   {"mm", ABBREV_INNER},   {"mrd", ABBREV_ANY},
    {"n", ABBREV_INNER},   {"nro", ABBREV_NUMBER}, {"ns", ABBREV_INNER},   {"prof", ABBREV_INNER},
    {"puh", ABBREV_INNER}, {"s", ABBREV_NUMBER},   {"tms", ABBREV_ANY},    {"tri", ABBREV_INNER},
    {"ts", ABBREV_INNER},  {"v", ABBREV_NUMBER},   {"vrt", ABBREV_INNER},  {"ym", ABBREV_ANY},
    {"yms", ABBREV_ANY},
};
static const struct abbrev abbrev_fr[] = {
    {"art", ABBREV_NUMBER}, {"av", ABBREV_INNER},  {"bd", ABBREV_INNER},   {"cf", ABBREV_INNER},
    {"dr", ABBREV_INNER},   {"env", ABBREV_INNER}, {"etc", ABBREV_ANY},    {"ex", ABBREV_INNER},
    {"mlle", ABBREV_INNER}, {"mm", ABBREV_INNER},  {"mme", ABBREV_INNER},  {"p", ABBREV_NUMBER},
    {"st", ABBREV_INNER},   {"ste", ABBREV_INNER}, {"vol", ABBREV_NUMBER}, {"éd", ABBREV_ANY},
};
static const struct abbrev abbrev_es[] = {
    {"aprox", ABBREV_INNER}, {"art", ABBREV_NUMBER}, {"av", ABBREV_INNER},   {"avda", ABBREV_INNER},
    {"cía", ABBREV_ANY},     {"dr", ABBREV_INNER},   {"dra", ABBREV_INNER},  {"dña", ABBREV_INNER},
    {"ee.uu", ABBREV_ANY},   {"etc", ABBREV_ANY},    {"gral", ABBREV_INNER}, {"ing", ABBREV_INNER},
    {"lic", ABBREV_INNER},   {"núm", ABBREV_NUMBER}, {"p.ej", ABBREV_INNER}, {"pp", ABBREV_NUMBER},
    {"prof", ABBREV_INNER},  {"pág", ABBREV_NUMBER}, {"s.a", ABBREV_ANY},    {"sr", ABBREV_INNER},
    {"sra", ABBREV_INNER},   {"sres", ABBREV_INNER}, {"srta", ABBREV_INNER}, {"sta", ABBREV_INNER},
    {"sto", ABBREV_INNER},   {"tel", ABBREV_INNER},  {"ud", ABBREV_INNER},   {"uds", ABBREV_INNER},
    {"vd", ABBREV_INNER},    {"vol", ABBREV_NUMBER},
};

#define LIST(a)                                                                                    \
    {                                                                                              \
        a, sizeof a / sizeof a[0]                                                                  \
    }

static const struct word_list stopwords[TEXT_LANG_COUNT] = {
    [TEXT_LANG_SV] = LIST(stop_sv), [TEXT_LANG_EN] = LIST(stop_en), [TEXT_LANG_DA] = LIST(stop_da),
    [TEXT_LANG_NB] = LIST(stop_nb), [TEXT_LANG_DE] = LIST(stop_de), [TEXT_LANG_FI] = LIST(stop_fi),
    [TEXT_LANG_FR] = LIST(stop_fr), [TEXT_LANG_ES] = LIST(stop_es),
};

static const struct {
    const struct abbrev *items;
    size_t len;
} abbrevs[TEXT_LANG_COUNT] = {
    [TEXT_LANG_SV] = LIST(abbrev_sv), [TEXT_LANG_EN] = LIST(abbrev_en),
    [TEXT_LANG_DA] = LIST(abbrev_da), [TEXT_LANG_NB] = LIST(abbrev_nb),
    [TEXT_LANG_DE] = LIST(abbrev_de), [TEXT_LANG_FI] = LIST(abbrev_fi),
    [TEXT_LANG_FR] = LIST(abbrev_fr), [TEXT_LANG_ES] = LIST(abbrev_es),
};

/* strcmp for a key that is not NUL-terminated. */
static int cmp_key(const char *key, size_t len, const char *word)
{
    int c = strncmp(key, word, len);
    if (c)
        return c;
    return word[len] ? -1 : 0;
}

bool text_is_stopword(enum text_lang lang, const char *folded, size_t len)
{
    if ((unsigned)lang >= TEXT_LANG_COUNT || !stopwords[lang].len)
        return false;
    size_t lo = 0, hi = stopwords[lang].len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_key(folded, len, stopwords[lang].words[mid]);
        if (!c)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

enum abbrev_kind abbrev_find(enum text_lang lang, const char *word, size_t len)
{
    char low[16];
    if ((unsigned)lang >= TEXT_LANG_COUNT || !abbrevs[lang].len || len == 0 || len >= sizeof low)
        return ABBREV_NONE;
    for (size_t i = 0; i < len; i++)
        low[i] = (char)(word[i] >= 'A' && word[i] <= 'Z' ? word[i] + 32 : word[i]);
    size_t lo = 0, hi = abbrevs[lang].len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_key(low, len, abbrevs[lang].items[mid].word);
        if (!c)
            return abbrevs[lang].items[mid].kind;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return ABBREV_NONE;
}

bool capitalised_stopword(enum text_lang lang, const char *s, size_t b, size_t e)
{
    char low[32];
    size_t n = 0, step;
    if (e - b >= sizeof low - 4)
        return false;
    for (size_t i = b; i < e; i += step) {
        int32_t c = utf8_decode(s, e, i, &step);
        if (i == b && !utf8_is_upper(c))
            return false;
        utf8proc_ssize_t w = utf8proc_encode_char(utf8proc_tolower(c), (utf8proc_uint8_t *)low + n);
        n += (size_t)w;
    }
    return text_is_stopword(lang, low, n);
}
