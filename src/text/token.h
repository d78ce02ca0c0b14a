/* Words and their normal forms: tokenization, Unicode normalisation with case
 * folding (NFC, never stripping marks: "för" stays "för"), stopwords and Snowball
 * stems per language. Clustering and search build on these; the FTS tokenizer in
 * the store uses the same functions, so indexed and queried words agree. */
#ifndef OMNIBUS_TEXT_TOKEN_H
#define OMNIBUS_TEXT_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#include "text/text.h"

enum text_token_kind {
    TEXT_TOKEN_WORD,   /* letters, maybe with digits, hyphens ("IS-K"), apostrophes
                          ("don't", "Obama's"), dots of abbreviations ("t.ex.") */
    TEXT_TOKEN_NUMBER, /* starts with a digit: "3,5", "1.000", "10:30", "3." (ordinal) */
    TEXT_TOKEN_PUNCT,  /* anything else that is not space; runs of one mark ("...") */
};

struct text_token {
    size_t begin, end;
    enum text_token_kind kind;
};

/* Reads the token at or after *pos in s[0..len) and moves *pos past it; false
 * when only space is left. Space and control characters separate tokens and
 * invalid UTF-8 bytes are punctuation, so any bytes tokenize. lang decides
 * elision (French "l'homme" is "l'" + "homme") and which abbreviations keep
 * their period; TEXT_LANG_UNKNOWN uses no language's lists. */
bool text_token_next(const char *s, size_t len, enum text_lang lang, size_t *pos,
                     struct text_token *tok);

/* NFC + Unicode case folding of s[0..len) (invalid bytes become U+FFFD). The
 * result lives in ctx until the next text_fold or text_stem on it; *out is
 * NUL-terminated. ERR_LIMIT past 64 KiB of input (a word is never that long). */
MUST_CHECK enum err text_fold(struct text_ctx *ctx, const char *s, size_t len, const char **out,
                              size_t *out_len);

/* The Snowball stem of the casefolded word s[0..len) in lang (Norwegian Bokmål
 * uses the Norwegian stemmer); for TEXT_LANG_UNKNOWN the folded word itself.
 * Lives in ctx until the next text_fold or text_stem; NUL-terminated. Errors as
 * text_fold. */
MUST_CHECK enum err text_stem(struct text_ctx *ctx, enum text_lang lang, const char *s, size_t len,
                              const char **out, size_t *out_len);

/* True when the casefolded word is a stopword of lang (function words, auxiliary
 * verbs, pronouns). TEXT_LANG_UNKNOWN has none. */
bool text_is_stopword(enum text_lang lang, const char *folded, size_t len);

#endif
