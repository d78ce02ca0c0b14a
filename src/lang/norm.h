/* Normal forms of a word: NFC with Unicode case folding (marks are never
 * stripped: "för" stays "för") and Snowball stems per language, cached per
 * context. libstemmer does not lowercase and is not thread-safe, so this is the
 * one place that opens stemmers, inside a struct lang_ctx (one per thread). */
#ifndef OMNIBUS_LANG_NORM_H
#define OMNIBUS_LANG_NORM_H

#include <stddef.h>

#include "lang/lang.h"

/* NFC + Unicode case folding of s[0..len) (invalid bytes become U+FFFD). The
 * result lives in ctx until the next lang_fold or lang_stem on it; *out is
 * NUL-terminated. Errors: ERR_LIMIT past 64 KiB of input (a word is never that
 * long), ERR_INVALID when utf8proc refuses a code point. */
MUST_CHECK enum err lang_fold(struct lang_ctx *ctx, const char *s, size_t len, const char **out,
                              size_t *out_len);

/* The Snowball stem of the word s[0..len) (as written: it is case-folded
 * first) in lang; Norwegian Bokmål uses the Norwegian stemmer. In Swedish and
 * Finnish an ending after a colon is dropped ("IS-K:s" is "is-k"). For
 * LANG_UNKNOWN, or a language libstemmer lacks, the folded word itself. The
 * result lives in ctx until the next lang_fold or lang_stem; NUL-terminated.
 * Errors as lang_fold. */
MUST_CHECK enum err lang_stem(struct lang_ctx *ctx, enum lang lang, const char *s, size_t len,
                              const char **out, size_t *out_len);

#endif
