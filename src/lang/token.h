/* The tokenizer: words, numbers and punctuation as byte ranges of the caller's
 * text, with the per-language rules for elision, abbreviations and inflected
 * acronyms ("IS-K:s"). Sentences, quotes, search and roundup term vectors all
 * read words through it, so indexed and queried words agree. */
#ifndef OMNIBUS_LANG_TOKEN_H
#define OMNIBUS_LANG_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#include "lang/lang.h"

enum lang_token_kind {
    LANG_TOKEN_WORD,   /* letters, maybe with digits, hyphens ("IS-K"), apostrophes
                          ("don't", "Obama's"), dots of abbreviations ("t.ex.") */
    LANG_TOKEN_NUMBER, /* starts with a digit: "3,5", "1.000", "10:30", "3." (ordinal) */
    LANG_TOKEN_PUNCT,  /* anything else that is not space; runs of one mark ("...") */
};

struct lang_token {
    size_t begin, end;
    enum lang_token_kind kind;
};

/* Reads the token at or after *pos in s[0..len) and moves *pos past it; false
 * when only space is left. Space and control characters separate tokens and
 * invalid UTF-8 bytes are punctuation, so any bytes tokenize. lang decides
 * elision (French "l'homme" is "l'" + "homme") and which abbreviations keep
 * their period; LANG_UNKNOWN uses no language's lists. */
bool lang_token_next(const char *s, size_t len, enum lang lang, size_t *pos,
                     struct lang_token *tok);

#endif
