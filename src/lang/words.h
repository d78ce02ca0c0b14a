/* Per-language word lists: stopwords and abbreviations. The lists are static
 * tables (no state, safe from any thread), written for omnibus from each
 * language's grammar and news usage. */
#ifndef OMNIBUS_LANG_WORDS_H
#define OMNIBUS_LANG_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/lang.h"

/* True when the case-folded word folded[0..len) is a stopword of lang
 * (function words, auxiliary verbs, pronouns). LANG_UNKNOWN has none. */
bool lang_is_stopword(enum lang lang, const char *folded, size_t len);

/* The word lists, each tuned for one use; the figures each use was measured
 * with (clustering's ECB+ F1, linking's RSS-500 P/R) rest on its own list. */
enum lang_list {
    LANG_LIST_STOP,     /* lang_is_stopword's: function words, auxiliaries, pronouns */
    LANG_LIST_TOPIC,    /* what every article has, whatever it is about: function words and
                           reporting verbs ("said", "enligt"); clustering drops them */
    LANG_LIST_NAME,     /* words that alone are never a name ("the", "mr", "new", "year");
                           entity linking; English, Swedish and German only */
    LANG_LIST_CALENDAR, /* days and months, capitalised yet no names; English only */
    LANG_LIST_COUNT
};

/* True when the word folded[0..len) is on list for lang, compared bytewise
 * (so the caller folds it first, or lowercases it as the list's use needs).
 * False for LANG_UNKNOWN and a list or language out of range. */
bool lang_in_list(enum lang_list list, enum lang lang, const char *folded, size_t len);

/* lang_in_list through a hash set that ctx builds on the first lookup of each
 * list and language: for the loops that look up every word of a text (term
 * extraction). hash is hash_bytes(folded, len) (base/hash.h), which such a
 * caller has already computed for its own use. Same answers as lang_in_list. */
bool lang_ctx_in_list(struct lang_ctx *ctx, enum lang_list list, enum lang lang, const char *folded,
                      size_t len, uint64_t hash);

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
