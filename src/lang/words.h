/* Per-language word lists: stopwords and abbreviations. The lists are static
 * tables (no state, safe from any thread), written for omnibus from each
 * language's grammar and news usage. */
#ifndef OMNIBUS_LANG_WORDS_H
#define OMNIBUS_LANG_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "lang/lang.h"

/* True when the case-folded word folded[0..len) is a stopword of lang
 * (function words, auxiliary verbs, pronouns). LANG_UNKNOWN has none. */
bool lang_is_stopword(enum lang lang, const char *folded, size_t len);

enum lang_abbrev {
    LANG_ABBREV_NONE = 0,
    LANG_ABBREV_INNER,  /* never ends a sentence: "Mr.", "t.ex.", "kl." */
    LANG_ABBREV_ANY,    /* may end one: "etc.", "osv.", "Inc.", "U.S." */
    LANG_ABBREV_NUMBER, /* an abbreviation only before a number: "No. 5", "nr 3", "s. 12" */
};

/* Classifies word[0..len) (without its final period) as an abbreviation of
 * lang; ASCII letters compare without case. LANG_ABBREV_NONE for anything else,
 * LANG_UNKNOWN included. */
enum lang_abbrev lang_abbrev_find(enum lang lang, const char *word, size_t len);

/* True when the word s[b..e) starts with a capital and its lowercase form is a
 * stopword of lang: the mark of a new sentence after "etc." or an initial
 * ("etc. The" ends a sentence, "U.S. Army" does not). */
bool lang_capitalised_stopword(enum lang lang, const char *s, size_t b, size_t e);

#endif
