/* Per-language word lists: abbreviations (for sentences and tokens) and the
 * stopword lists of each use. Each list is sorted bytewise for binary search.
 * Written for omnibus from the languages' grammar and news usage. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/hash.h"
#include "lang/lang_internal.h"
#include "lang/utf8.h"
#include "lang/words.h"

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

/* Clustering's stopwords: what every article has, whatever it is about
 * (function words and reporting verbs), and the English days and months. */
static const char *const topic_en[] = {
    "a",     "about",   "above",  "according", "after",   "again",      "against", "all",
    "also",  "am",      "an",     "and",       "any",     "are",        "as",      "at",
    "be",    "because", "been",   "before",    "being",   "below",      "between", "both",
    "but",   "by",      "can",    "could",     "did",     "do",         "does",    "doing",
    "down",  "during",  "each",   "few",       "for",     "from",       "further", "had",
    "has",   "have",    "having", "he",        "her",     "here",       "hers",    "herself",
    "him",   "himself", "his",    "how",       "i",       "if",         "in",      "into",
    "is",    "it",      "its",    "itself",    "just",    "me",         "more",    "most",
    "my",    "myself",  "no",     "nor",       "not",     "now",        "of",      "off",
    "on",    "once",    "only",   "or",        "other",   "our",        "ours",    "ourselves",
    "out",   "over",    "own",    "reported",  "reports", "said",       "same",    "say",
    "says",  "she",     "should", "so",        "some",    "such",       "tells",   "than",
    "that",  "the",     "their",  "theirs",    "them",    "themselves", "then",    "there",
    "these", "they",    "this",   "those",     "through", "to",         "told",    "too",
    "under", "until",   "up",     "very",      "was",     "we",         "were",    "what",
    "when",  "where",   "which",  "while",     "who",     "whom",       "why",     "will",
    "with",  "would",   "you",    "your",      "yours"};
static const char *const calendar_en[] = {
    "apr",      "april",     "aug",    "august",  "dec",     "december", "feb",
    "february", "fri",       "friday", "jan",     "january", "jul",      "july",
    "jun",      "june",      "mar",    "march",   "may",     "mon",      "monday",
    "nov",      "november",  "oct",    "october", "sat",     "saturday", "sep",
    "sept",     "september", "sun",    "sunday",  "thu",     "thur",     "thurs",
    "thursday", "tue",       "tues",   "tuesday", "wed",     "wednesday"};
static const char *const topic_sv[] = {
    "alla",   "allt",   "att",   "av",      "blev",   "bli", "blir",  "blivit", "de",     "dem",
    "den",    "denna",  "deras", "dess",    "dessa",  "det", "detta", "dig",    "din",    "dina",
    "ditt",   "du",     "där",   "då",      "efter",  "ej",  "eller", "en",     "enligt", "er",
    "era",    "ert",    "ett",   "från",    "för",    "ha",  "hade",  "han",    "hans",   "har",
    "henne",  "hennes", "hon",   "honom",   "hur",    "här", "i",     "icke",   "ingen",  "inom",
    "inte",   "jag",    "ju",    "kan",     "kunde",  "man", "med",   "mellan", "men",    "mig",
    "min",    "mina",   "mitt",  "mot",     "mycket", "ni",  "nu",    "när",    "någon",  "något",
    "några",  "och",    "om",    "oss",     "på",     "sa",  "samma", "sedan",  "sig",    "sin",
    "sina",   "sitta",  "själv", "skriver", "skulle", "som", "säger", "så",     "sådan",  "sådana",
    "sådant", "till",   "under", "upp",     "uppger", "ut",  "utan",  "vad",    "var",    "vara",
    "varför", "varit",  "varje", "vars",    "vart",   "vem", "vi",    "vid",    "vilka",  "vilkas",
    "vilken", "vilket", "vår",   "våra",    "vårt",   "än",  "är",    "åt",     "över"};
static const char *const topic_da[] = {
    "ad",    "af",    "alle",    "alt",   "anden",   "at",     "blev",   "blive", "bliver", "da",
    "de",    "dem",   "den",     "denne", "der",     "deres",  "det",    "dette", "dig",    "din",
    "disse", "dog",   "du",      "efter", "eller",   "en",     "end",    "er",    "et",     "for",
    "fra",   "ham",   "han",     "hans",  "har",     "havde",  "have",   "hende", "hendes", "her",
    "hos",   "hun",   "hvad",    "hvis",  "hvor",    "i",      "ifølge", "ikke",  "ind",    "jeg",
    "jer",   "jo",    "kunne",   "man",   "mange",   "med",    "meget",  "men",   "mig",    "min",
    "mine",  "mit",   "mod",     "ned",   "noget",   "nogle",  "nu",     "når",   "og",     "også",
    "om",    "op",    "oplyser", "os",    "over",    "på",     "sagde",  "selv",  "sig",    "siger",
    "sin",   "sine",  "sit",     "skal",  "skriver", "skulle", "som",    "sådan", "thi",    "til",
    "ud",    "under", "var",     "vi",    "vil",     "ville",  "vor",    "være",  "været"};
static const char *const topic_nb[] = {
    "alle",   "at",     "av",       "bare",  "ble",   "blei",    "bli",     "blir",  "blitt",
    "både",   "da",     "de",       "deg",   "dem",   "den",     "denne",   "der",   "dere",
    "deres",  "det",    "dette",    "din",   "disse", "ditt",    "du",      "eller", "en",
    "enn",    "er",     "et",       "ett",   "etter", "for",     "fordi",   "fra",   "før",
    "ha",     "hadde",  "han",      "hans",  "har",   "her",     "hun",     "hva",   "hvem",
    "hver",   "hvilke", "hvilken",  "hvis",  "hvor",  "hvordan", "hvorfor", "i",     "ifølge",
    "ikke",   "ingen",  "inn",      "inni",  "ja",    "jeg",     "kan",     "kom",   "kun",
    "kunne",  "man",    "mange",    "med",   "meg",   "meget",   "mellom",  "men",   "min",
    "mitt",   "mot",    "ned",      "noe",   "noen",  "nå",      "når",     "og",    "også",
    "om",     "opp",    "opplyser", "oss",   "over",  "på",      "sa",      "samme", "seg",
    "selv",   "si",     "sier",     "sin",   "sine",  "sitt",    "sjøl",    "skal",  "skriver",
    "skulle", "slik",   "som",      "så",    "sånn",  "til",     "ut",      "uten",  "var",
    "ved",    "vi",     "vil",      "ville", "vors",  "vår",     "være",    "vært",  "å"};
static const char *const topic_de[] = {
    "aber",   "alle",   "allem", "allen",   "aller",     "alles",    "als",     "also",
    "am",     "an",     "ander", "andere",  "anderem",   "anderen",  "anderer", "anderes",
    "auch",   "auf",    "aus",   "bei",     "berichtet", "bin",      "bis",     "bist",
    "da",     "damit",  "dann",  "das",     "dass",      "daß",      "dem",     "den",
    "der",    "des",    "die",   "du",      "durch",     "ein",      "eine",    "einem",
    "einen",  "einer",  "eines", "er",      "es",        "etwas",    "für",     "hatte",
    "hatten", "hier",   "hin",   "hinter",  "ich",       "ihr",      "ihre",    "im",
    "in",     "ist",    "ja",    "jede",    "jedem",     "jeden",    "jeder",   "jedes",
    "jener",  "jetzt",  "kann",  "kein",    "keine",     "können",   "laut",    "man",
    "manche", "mein",   "meine", "mich",    "mir",       "mit",      "muss",    "nach",
    "nicht",  "nichts", "noch",  "nun",     "nur",       "ob",       "oder",    "ohne",
    "sagt",   "sagte",  "sehr",  "sein",    "seine",     "sich",     "sie",     "sind",
    "so",     "solche", "soll",  "sondern", "sonst",     "um",       "und",     "uns",
    "unser",  "unter",  "viel",  "vom",     "von",       "vor",      "war",     "waren",
    "warst",  "was",    "weil",  "weiter",  "welche",    "wenn",     "werde",   "werden",
    "wie",    "wieder", "will",  "wir",     "wird",      "wirst",    "wo",      "wollen",
    "würde",  "zu",     "zum",   "zur",     "zwar",      "zwischen", "über"};
static const char *const topic_fi[] = {
    "ei",     "eivät",    "emme",     "en",    "et",     "ette",   "että",   "he",       "hän",
    "itse",   "ja",       "joka",     "jos",   "jotka",  "kanssa", "kertoi", "kertoo",   "ketkä",
    "koska",  "kuin",     "kuka",     "kun",   "me",     "mikä",   "minä",   "mitkä",    "mukaan",
    "mutta",  "ne",       "niin",     "noin",  "nuo",    "nyt",    "nämä",   "ole",      "olemme",
    "olen",   "olet",     "olette",   "oli",   "olimme", "olin",   "olisi",  "olisimme", "olisin",
    "olisit", "olisitte", "olisivat", "olit",  "olitte", "olivat", "olla",   "olleet",   "ollut",
    "on",     "ovat",     "poikki",   "sanoi", "sanoo",  "se",     "sekä",   "sillä",    "sinä",
    "tai",    "te",       "tuo",      "tämä",  "vaan",   "vai",    "vaikka", "yli"};
static const char *const topic_fr[] = {
    "a",     "ai",     "as",      "au",    "aura",  "aurai",   "aux",    "avaient", "avait",
    "avec",  "avez",   "avons",   "c",     "ce",    "ces",     "cet",    "cette",   "d",
    "dans",  "de",     "des",     "dit",   "du",    "déclaré", "elle",   "en",      "es",
    "est",   "et",     "eu",      "eux",   "fut",   "il",      "ils",    "j",       "je",
    "l",     "la",     "le",      "les",   "leur",  "lui",     "m",      "ma",      "mais",
    "me",    "mes",    "moi",     "mon",   "même",  "n",       "ne",     "nos",     "notre",
    "nous",  "on",     "ont",     "ou",    "par",   "pas",     "pour",   "qu",      "que",
    "qui",   "s",      "sa",      "se",    "selon", "sera",    "serai",  "serait",  "seront",
    "ses",   "sommes", "son",     "sont",  "suis",  "sur",     "t",      "ta",      "te",
    "tes",   "toi",    "ton",     "tu",    "un",    "une",     "vos",    "votre",   "vous",
    "y",     "à",      "étaient", "étais", "était", "étant",   "étions", "été",     "étée",
    "étées", "étés",   "êtes"};
static const char *const topic_es[] = {
    "a",       "afirmó", "al",      "algo",    "algunas", "algunos", "ante",  "antes",    "como",
    "con",     "contra", "cual",    "cuando",  "de",      "del",     "desde", "dijo",     "donde",
    "durante", "e",      "el",      "ella",    "ellas",   "ellos",   "en",    "entre",    "era",
    "es",      "esa",    "ese",     "eso",     "esta",    "estar",   "estas", "este",     "esto",
    "estos",   "fue",    "ha",      "había",   "han",     "hasta",   "hay",   "la",       "las",
    "le",      "les",    "lo",      "los",     "me",      "mi",      "mis",   "mucho",    "muchos",
    "muy",     "más",    "mí",      "nada",    "ni",      "no",      "nos",   "nosotros", "o",
    "otra",    "otras",  "otro",    "otros",   "para",    "pero",    "poco",  "por",      "porque",
    "que",     "quien",  "quienes", "qué",     "se",      "según",   "sin",   "sobre",    "son",
    "su",      "sus",    "sí",      "también", "tanto",   "te",      "ti",    "todo",     "todos",
    "tu",      "tus",    "tú",      "un",      "una",     "uno",     "unos",  "y",        "ya",
    "yo",      "él"};

/* Entity linking's: words that alone are never a name. */
static const char *const name_en[] = {
    "a",     "about", "after", "against", "all",    "also",   "an",      "and",  "any",   "are",
    "as",    "at",    "be",    "been",    "before", "being",  "between", "both", "but",   "by",
    "can",   "could", "did",   "do",      "does",   "during", "each",    "for",  "from",  "had",
    "has",   "have",  "he",    "her",     "here",   "hers",   "him",     "his",  "how",   "i",
    "if",    "in",    "into",  "is",      "it",     "its",    "just",    "last", "may",   "me",
    "more",  "most",  "mr",    "mrs",     "ms",     "much",   "my",      "new",  "no",    "not",
    "now",   "of",    "on",    "one",     "only",   "or",     "other",   "our",  "out",   "over",
    "said",  "says",  "she",   "should",  "since",  "so",     "some",    "such", "than",  "that",
    "the",   "their", "them",  "then",    "there",  "these",  "they",    "this", "those", "through",
    "to",    "too",   "two",   "under",   "up",     "us",     "very",    "was",  "we",    "were",
    "what",  "when",  "where", "which",   "while",  "who",    "whom",    "why",  "will",  "with",
    "would", "year",  "years", "yes",     "yet",    "you",    "your"};
static const char *const name_sv[] = {
    "alla",  "allt",  "att",     "av",   "bara",  "blev",  "bli",  "blir", "de",   "dem",   "den",
    "denna", "deras", "dess",    "det",  "detta", "dig",   "din",  "du",   "där",  "efter", "eller",
    "en",    "er",    "ett",     "från", "för",   "ha",    "hade", "han",  "hans", "har",   "hon",
    "honom", "hur",   "här",     "i",    "inte",  "jag",   "kan",  "man",  "med",  "men",   "mot",
    "ni",    "nu",    "när",     "och",  "om",    "oss",   "på",   "sa",   "sade", "sig",   "sin",
    "sina",  "sitt",  "skriver", "som",  "till",  "under", "upp",  "ut",   "vad",  "var",   "vi",
    "vid",   "vill",  "än",      "är",   "år",    "över"};
static const char *const name_de[] = {
    "aber",  "als",   "am",   "an",  "auch", "auf",  "aus",  "bei",  "bis",   "das",
    "dass",  "dem",   "den",  "der", "des",  "die",  "ein",  "eine", "einem", "einen",
    "einer", "er",    "es",   "für", "hat",  "ich",  "im",   "in",   "ist",   "mit",
    "nach",  "nicht", "noch", "nur", "oder", "sich", "sie",  "sind", "so",    "um",
    "und",   "vom",   "von",  "vor", "war",  "wie",  "wird", "zu",   "zum",   "zur"};

struct abbrev {
    const char *word;
    enum lang_abbrev kind;
};

static const struct abbrev abbrev_sv[] = {
    {"ang", LANG_ABBREV_INNER},   {"aug", LANG_ABBREV_INNER},    {"bl.a", LANG_ABBREV_INNER},
    {"ca", LANG_ABBREV_INNER},    {"d.v.s", LANG_ABBREV_INNER},  {"dec", LANG_ABBREV_INNER},
    {"dir", LANG_ABBREV_INNER},   {"doc", LANG_ABBREV_INNER},    {"dr", LANG_ABBREV_INNER},
    {"dvs", LANG_ABBREV_INNER},   {"e.d", LANG_ABBREV_ANY},      {"e.kr", LANG_ABBREV_ANY},
    {"ed", LANG_ABBREV_INNER},    {"enl", LANG_ABBREV_INNER},    {"etc", LANG_ABBREV_ANY},
    {"ev", LANG_ABBREV_INNER},    {"exkl", LANG_ABBREV_INNER},   {"f.d", LANG_ABBREV_INNER},
    {"f.kr", LANG_ABBREV_ANY},    {"f.n", LANG_ABBREV_INNER},    {"feb", LANG_ABBREV_INNER},
    {"febr", LANG_ABBREV_INNER},  {"fig", LANG_ABBREV_NUMBER},   {"forts", LANG_ABBREV_ANY},
    {"fr.a", LANG_ABBREV_INNER},  {"fr.o.m", LANG_ABBREV_INNER}, {"hr", LANG_ABBREV_INNER},
    {"inkl", LANG_ABBREV_INNER},  {"jan", LANG_ABBREV_INNER},    {"jfr", LANG_ABBREV_INNER},
    {"kap", LANG_ABBREV_NUMBER},  {"kl", LANG_ABBREV_INNER},     {"kr", LANG_ABBREV_ANY},
    {"m.a.o", LANG_ABBREV_INNER}, {"m.fl", LANG_ABBREV_ANY},     {"m.m", LANG_ABBREV_ANY},
    {"mdr", LANG_ABBREV_ANY},     {"milj", LANG_ABBREV_ANY},     {"mkr", LANG_ABBREV_ANY},
    {"nov", LANG_ABBREV_INNER},   {"nr", LANG_ABBREV_NUMBER},    {"o.d", LANG_ABBREV_ANY},
    {"o.s.v", LANG_ABBREV_ANY},   {"okt", LANG_ABBREV_INNER},    {"osv", LANG_ABBREV_ANY},
    {"p.g.a", LANG_ABBREV_INNER}, {"pga", LANG_ABBREV_INNER},    {"prof", LANG_ABBREV_INNER},
    {"resp", LANG_ABBREV_INNER},  {"s", LANG_ABBREV_NUMBER},     {"s.k", LANG_ABBREV_INNER},
    {"sep", LANG_ABBREV_INNER},   {"sept", LANG_ABBREV_INNER},   {"st", LANG_ABBREV_ANY},
    {"t.ex", LANG_ABBREV_INNER},  {"t.o.m", LANG_ABBREV_INNER},  {"tel", LANG_ABBREV_INNER},
    {"tf", LANG_ABBREV_INNER},    {"uppl", LANG_ABBREV_INNER},   {"v", LANG_ABBREV_NUMBER},
};
static const struct abbrev abbrev_en[] = {
    {"a.m", LANG_ABBREV_ANY},    {"adm", LANG_ABBREV_INNER}, {"approx", LANG_ABBREV_INNER},
    {"apr", LANG_ABBREV_INNER},  {"aug", LANG_ABBREV_INNER}, {"ave", LANG_ABBREV_ANY},
    {"blvd", LANG_ABBREV_ANY},   {"bros", LANG_ABBREV_ANY},  {"ca", LANG_ABBREV_INNER},
    {"capt", LANG_ABBREV_INNER}, {"cf", LANG_ABBREV_INNER},  {"cmdr", LANG_ABBREV_INNER},
    {"co", LANG_ABBREV_ANY},     {"col", LANG_ABBREV_INNER}, {"corp", LANG_ABBREV_ANY},
    {"d.c", LANG_ABBREV_ANY},    {"dec", LANG_ABBREV_INNER}, {"dept", LANG_ABBREV_INNER},
    {"dr", LANG_ABBREV_INNER},   {"e.g", LANG_ABBREV_INNER}, {"e.u", LANG_ABBREV_ANY},
    {"est", LANG_ABBREV_INNER},  {"etc", LANG_ABBREV_ANY},   {"feb", LANG_ABBREV_INNER},
    {"fig", LANG_ABBREV_NUMBER}, {"gen", LANG_ABBREV_INNER}, {"gov", LANG_ABBREV_INNER},
    {"hon", LANG_ABBREV_INNER},  {"i.e", LANG_ABBREV_INNER}, {"inc", LANG_ABBREV_ANY},
    {"jan", LANG_ABBREV_INNER},  {"jr", LANG_ABBREV_ANY},    {"jul", LANG_ABBREV_INNER},
    {"jun", LANG_ABBREV_INNER},  {"llc", LANG_ABBREV_ANY},   {"lt", LANG_ABBREV_INNER},
    {"ltd", LANG_ABBREV_ANY},    {"maj", LANG_ABBREV_INNER}, {"mr", LANG_ABBREV_INNER},
    {"mrs", LANG_ABBREV_INNER},  {"ms", LANG_ABBREV_INNER},  {"mt", LANG_ABBREV_INNER},
    {"no", LANG_ABBREV_NUMBER},  {"nov", LANG_ABBREV_INNER}, {"oct", LANG_ABBREV_INNER},
    {"p", LANG_ABBREV_NUMBER},   {"p.m", LANG_ABBREV_ANY},   {"ph.d", LANG_ABBREV_ANY},
    {"plc", LANG_ABBREV_ANY},    {"pp", LANG_ABBREV_NUMBER}, {"pres", LANG_ABBREV_INNER},
    {"prof", LANG_ABBREV_INNER}, {"rd", LANG_ABBREV_ANY},    {"rep", LANG_ABBREV_INNER},
    {"rev", LANG_ABBREV_INNER},  {"sen", LANG_ABBREV_INNER}, {"sep", LANG_ABBREV_INNER},
    {"sept", LANG_ABBREV_INNER}, {"sgt", LANG_ABBREV_INNER}, {"sr", LANG_ABBREV_ANY},
    {"st", LANG_ABBREV_INNER},   {"u.k", LANG_ABBREV_ANY},   {"u.n", LANG_ABBREV_ANY},
    {"u.s", LANG_ABBREV_ANY},    {"v", LANG_ABBREV_INNER},   {"vol", LANG_ABBREV_NUMBER},
    {"vs", LANG_ABBREV_INNER},
};
static const struct abbrev abbrev_da[] = {
    {"ang", LANG_ABBREV_INNER},  {"aug", LANG_ABBREV_INNER},   {"bl.a", LANG_ABBREV_INNER},
    {"ca", LANG_ABBREV_INNER},   {"dec", LANG_ABBREV_INNER},   {"dr", LANG_ABBREV_INNER},
    {"dvs", LANG_ABBREV_INNER},  {"e.kr", LANG_ABBREV_ANY},    {"etc", LANG_ABBREV_ANY},
    {"evt", LANG_ABBREV_INNER},  {"f.eks", LANG_ABBREV_INNER}, {"f.kr", LANG_ABBREV_ANY},
    {"feb", LANG_ABBREV_INNER},  {"fhv", LANG_ABBREV_INNER},   {"gl", LANG_ABBREV_INNER},
    {"hr", LANG_ABBREV_INNER},   {"ifm", LANG_ABBREV_INNER},   {"iht", LANG_ABBREV_INNER},
    {"inkl", LANG_ABBREV_INNER}, {"jan", LANG_ABBREV_INNER},   {"jf", LANG_ABBREV_INNER},
    {"kl", LANG_ABBREV_INNER},   {"kr", LANG_ABBREV_ANY},      {"m.fl", LANG_ABBREV_ANY},
    {"m.m", LANG_ABBREV_ANY},    {"mfl", LANG_ABBREV_ANY},     {"mht", LANG_ABBREV_INNER},
    {"mia", LANG_ABBREV_ANY},    {"mio", LANG_ABBREV_ANY},     {"mv", LANG_ABBREV_ANY},
    {"nov", LANG_ABBREV_INNER},  {"nr", LANG_ABBREV_NUMBER},   {"o.l", LANG_ABBREV_ANY},
    {"okt", LANG_ABBREV_INNER},  {"osv", LANG_ABBREV_ANY},     {"pga", LANG_ABBREV_INNER},
    {"prof", LANG_ABBREV_INNER}, {"s", LANG_ABBREV_NUMBER},    {"sept", LANG_ABBREV_INNER},
    {"sml", LANG_ABBREV_INNER},  {"st", LANG_ABBREV_ANY},      {"stk", LANG_ABBREV_ANY},
    {"tlf", LANG_ABBREV_INNER},  {"vedr", LANG_ABBREV_INNER},
};
static const struct abbrev abbrev_nb[] = {
    {"ang", LANG_ABBREV_INNER},  {"aug", LANG_ABBREV_INNER},  {"bl.a", LANG_ABBREV_INNER},
    {"ca", LANG_ABBREV_INNER},   {"des", LANG_ABBREV_INNER},  {"dr", LANG_ABBREV_INNER},
    {"dvs", LANG_ABBREV_INNER},  {"e.kr", LANG_ABBREV_ANY},   {"etc", LANG_ABBREV_ANY},
    {"ev", LANG_ABBREV_INNER},   {"evt", LANG_ABBREV_INNER},  {"f.eks", LANG_ABBREV_INNER},
    {"f.kr", LANG_ABBREV_ANY},   {"feb", LANG_ABBREV_INNER},  {"fhv", LANG_ABBREV_INNER},
    {"hr", LANG_ABBREV_INNER},   {"iflg", LANG_ABBREV_INNER}, {"inkl", LANG_ABBREV_INNER},
    {"jan", LANG_ABBREV_INNER},  {"jf", LANG_ABBREV_INNER},   {"kl", LANG_ABBREV_INNER},
    {"kr", LANG_ABBREV_ANY},     {"m.fl", LANG_ABBREV_ANY},   {"m.m", LANG_ABBREV_ANY},
    {"mht", LANG_ABBREV_INNER},  {"mill", LANG_ABBREV_ANY},   {"mrd", LANG_ABBREV_ANY},
    {"mv", LANG_ABBREV_ANY},     {"nov", LANG_ABBREV_INNER},  {"nr", LANG_ABBREV_NUMBER},
    {"o.l", LANG_ABBREV_ANY},    {"okt", LANG_ABBREV_INNER},  {"osv", LANG_ABBREV_ANY},
    {"pga", LANG_ABBREV_INNER},  {"prof", LANG_ABBREV_INNER}, {"s", LANG_ABBREV_NUMBER},
    {"sept", LANG_ABBREV_INNER}, {"sml", LANG_ABBREV_INNER},  {"st", LANG_ABBREV_ANY},
    {"stk", LANG_ABBREV_ANY},    {"tlf", LANG_ABBREV_INNER},  {"vedr", LANG_ABBREV_INNER},
};
static const struct abbrev abbrev_de[] = {
    {"abs", LANG_ABBREV_NUMBER},  {"art", LANG_ABBREV_NUMBER}, {"aug", LANG_ABBREV_INNER},
    {"bspw", LANG_ABBREV_INNER},  {"bzw", LANG_ABBREV_INNER},  {"ca", LANG_ABBREV_INNER},
    {"d.h", LANG_ABBREV_INNER},   {"dez", LANG_ABBREV_INNER},  {"dr", LANG_ABBREV_INNER},
    {"etc", LANG_ABBREV_ANY},     {"evtl", LANG_ABBREV_INNER}, {"feb", LANG_ABBREV_INNER},
    {"ff", LANG_ABBREV_ANY},      {"fr", LANG_ABBREV_INNER},   {"geb", LANG_ABBREV_INNER},
    {"gest", LANG_ABBREV_INNER},  {"ggf", LANG_ABBREV_INNER},  {"hr", LANG_ABBREV_INNER},
    {"i.d.r", LANG_ABBREV_INNER}, {"inkl", LANG_ABBREV_INNER}, {"jan", LANG_ABBREV_INNER},
    {"jh", LANG_ABBREV_ANY},      {"jhd", LANG_ABBREV_ANY},    {"mio", LANG_ABBREV_ANY},
    {"mrd", LANG_ABBREV_ANY},     {"nov", LANG_ABBREV_INNER},  {"nr", LANG_ABBREV_NUMBER},
    {"o.ä", LANG_ABBREV_ANY},     {"okt", LANG_ABBREV_INNER},  {"prof", LANG_ABBREV_INNER},
    {"s", LANG_ABBREV_NUMBER},    {"sept", LANG_ABBREV_INNER}, {"sog", LANG_ABBREV_INNER},
    {"st", LANG_ABBREV_INNER},    {"str", LANG_ABBREV_ANY},    {"tel", LANG_ABBREV_INNER},
    {"u.a", LANG_ABBREV_ANY},     {"u.s.w", LANG_ABBREV_ANY},  {"usw", LANG_ABBREV_ANY},
    {"v.a", LANG_ABBREV_INNER},   {"vgl", LANG_ABBREV_INNER},  {"z.b", LANG_ABBREV_INNER},
    {"z.t", LANG_ABBREV_INNER},   {"zzgl", LANG_ABBREV_INNER},
};
static const struct abbrev abbrev_fi[] = {
    {"eaa", LANG_ABBREV_ANY},    {"em", LANG_ABBREV_ANY},     {"esim", LANG_ABBREV_INNER},
    {"huom", LANG_ABBREV_INNER}, {"jaa", LANG_ABBREV_ANY},    {"jne", LANG_ABBREV_ANY},
    {"klo", LANG_ABBREV_INNER},  {"ko", LANG_ABBREV_ANY},     {"ks", LANG_ABBREV_INNER},
    {"milj", LANG_ABBREV_ANY},   {"mm", LANG_ABBREV_INNER},   {"mrd", LANG_ABBREV_ANY},
    {"n", LANG_ABBREV_INNER},    {"nro", LANG_ABBREV_NUMBER}, {"ns", LANG_ABBREV_INNER},
    {"prof", LANG_ABBREV_INNER}, {"puh", LANG_ABBREV_INNER},  {"s", LANG_ABBREV_NUMBER},
    {"tms", LANG_ABBREV_ANY},    {"tri", LANG_ABBREV_INNER},  {"ts", LANG_ABBREV_INNER},
    {"v", LANG_ABBREV_NUMBER},   {"vrt", LANG_ABBREV_INNER},  {"ym", LANG_ABBREV_ANY},
    {"yms", LANG_ABBREV_ANY},
};
static const struct abbrev abbrev_fr[] = {
    {"art", LANG_ABBREV_NUMBER}, {"av", LANG_ABBREV_INNER},  {"bd", LANG_ABBREV_INNER},
    {"cf", LANG_ABBREV_INNER},   {"dr", LANG_ABBREV_INNER},  {"env", LANG_ABBREV_INNER},
    {"etc", LANG_ABBREV_ANY},    {"ex", LANG_ABBREV_INNER},  {"mlle", LANG_ABBREV_INNER},
    {"mm", LANG_ABBREV_INNER},   {"mme", LANG_ABBREV_INNER}, {"p", LANG_ABBREV_NUMBER},
    {"st", LANG_ABBREV_INNER},   {"ste", LANG_ABBREV_INNER}, {"vol", LANG_ABBREV_NUMBER},
    {"éd", LANG_ABBREV_ANY},
};
static const struct abbrev abbrev_es[] = {
    {"aprox", LANG_ABBREV_INNER}, {"art", LANG_ABBREV_NUMBER}, {"av", LANG_ABBREV_INNER},
    {"avda", LANG_ABBREV_INNER},  {"cía", LANG_ABBREV_ANY},    {"dr", LANG_ABBREV_INNER},
    {"dra", LANG_ABBREV_INNER},   {"dña", LANG_ABBREV_INNER},  {"ee.uu", LANG_ABBREV_ANY},
    {"etc", LANG_ABBREV_ANY},     {"gral", LANG_ABBREV_INNER}, {"ing", LANG_ABBREV_INNER},
    {"lic", LANG_ABBREV_INNER},   {"núm", LANG_ABBREV_NUMBER}, {"p.ej", LANG_ABBREV_INNER},
    {"pp", LANG_ABBREV_NUMBER},   {"prof", LANG_ABBREV_INNER}, {"pág", LANG_ABBREV_NUMBER},
    {"s.a", LANG_ABBREV_ANY},     {"sr", LANG_ABBREV_INNER},   {"sra", LANG_ABBREV_INNER},
    {"sres", LANG_ABBREV_INNER},  {"srta", LANG_ABBREV_INNER}, {"sta", LANG_ABBREV_INNER},
    {"sto", LANG_ABBREV_INNER},   {"tel", LANG_ABBREV_INNER},  {"ud", LANG_ABBREV_INNER},
    {"uds", LANG_ABBREV_INNER},   {"vd", LANG_ABBREV_INNER},   {"vol", LANG_ABBREV_NUMBER},
};

#define LIST(a)                                                                                    \
    {                                                                                              \
        a, sizeof a / sizeof a[0]                                                                  \
    }

static const struct word_list lists[LANG_LIST_COUNT][LANG_COUNT] = {
    [LANG_LIST_STOP] = {[LANG_SV] = LIST(stop_sv),
                        [LANG_EN] = LIST(stop_en),
                        [LANG_DA] = LIST(stop_da),
                        [LANG_NB] = LIST(stop_nb),
                        [LANG_DE] = LIST(stop_de),
                        [LANG_FI] = LIST(stop_fi),
                        [LANG_FR] = LIST(stop_fr),
                        [LANG_ES] = LIST(stop_es)},
    [LANG_LIST_TOPIC] = {[LANG_SV] = LIST(topic_sv),
                         [LANG_EN] = LIST(topic_en),
                         [LANG_DA] = LIST(topic_da),
                         [LANG_NB] = LIST(topic_nb),
                         [LANG_DE] = LIST(topic_de),
                         [LANG_FI] = LIST(topic_fi),
                         [LANG_FR] = LIST(topic_fr),
                         [LANG_ES] = LIST(topic_es)},
    [LANG_LIST_NAME] =
        {[LANG_SV] = LIST(name_sv), [LANG_EN] = LIST(name_en), [LANG_DE] = LIST(name_de)},
    [LANG_LIST_CALENDAR] = {[LANG_EN] = LIST(calendar_en)},
};

static const struct {
    const struct abbrev *items;
    size_t len;
} abbrevs[LANG_COUNT] = {
    [LANG_SV] = LIST(abbrev_sv), [LANG_EN] = LIST(abbrev_en), [LANG_DA] = LIST(abbrev_da),
    [LANG_NB] = LIST(abbrev_nb), [LANG_DE] = LIST(abbrev_de), [LANG_FI] = LIST(abbrev_fi),
    [LANG_FR] = LIST(abbrev_fr), [LANG_ES] = LIST(abbrev_es),
};

/* strcmp for a key that is not NUL-terminated, inline: clustering looks up
 * every word, and most differ from the probe in their first byte. A key
 * longer than the word compares greater, also when it holds a NUL. */
static inline int cmp_key(const char *key, size_t len, const char *word)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char a = (unsigned char)key[i], b = (unsigned char)word[i];
        if (!b)
            return 1;
        if (a != b)
            return a < b ? -1 : 1;
    }
    return word[len] ? -1 : 0;
}

bool lang_in_list(enum lang_list list, enum lang lang, const char *folded, size_t len)
{
    if ((unsigned)list >= LANG_LIST_COUNT || (unsigned)lang >= LANG_COUNT)
        return false;
    const struct word_list *l = &lists[list][lang];
    size_t lo = 0, hi = l->len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_key(folded, len, l->words[mid]);
        if (!c)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

bool lang_ctx_in_list(struct lang_ctx *ctx, enum lang_list list, enum lang lang, const char *folded,
                      size_t len, uint64_t hash)
{
    if ((unsigned)list >= LANG_LIST_COUNT || (unsigned)lang >= LANG_COUNT)
        return false;
    const struct word_list *l = &lists[list][lang];
    struct hash_table *set = &ctx->lists[list][lang];
    if (!set->slots)
        for (size_t i = 0; i < l->len; i++)
            hash_add(set, hash_bytes(l->words[i], strlen(l->words[i])), (uint32_t)i + 1);
    struct hash_probe p;
    for (uint32_t id = hash_first(set, hash, &p); id; id = hash_next(set, &p))
        if (!cmp_key(folded, len, l->words[id - 1]))
            return true;
    return false;
}

bool lang_is_stopword(enum lang lang, const char *folded, size_t len)
{
    return lang_in_list(LANG_LIST_STOP, lang, folded, len);
}

enum lang_abbrev lang_abbrev_find(enum lang lang, const char *word, size_t len)
{
    char low[16];
    if ((unsigned)lang >= LANG_COUNT || !abbrevs[lang].len || len == 0 || len >= sizeof low)
        return LANG_ABBREV_NONE;
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
    return LANG_ABBREV_NONE;
}

bool lang_capitalised_stopword(enum lang lang, const char *s, size_t b, size_t e)
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
    return lang_is_stopword(lang, low, n);
}
