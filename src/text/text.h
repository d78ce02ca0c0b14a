/* The text stage's common ground: the languages it models and the per-thread
 * context that owns every handle that is not thread-safe (the language
 * identifier, one Snowball stemmer per language, scratch buffers). Open one
 * struct text_ctx per worker thread; all functions taking one are then safe to
 * call from many threads at once. Offsets everywhere are byte offsets into the
 * caller's text, half-open [begin, end). See docs/text.md for the module map. */
#ifndef OMNIBUS_TEXT_TEXT_H
#define OMNIBUS_TEXT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

/* The languages we model, in the order of the configuration's list. */
enum text_lang {
    TEXT_LANG_UNKNOWN = 0,
    TEXT_LANG_SV,
    TEXT_LANG_EN,
    TEXT_LANG_DA,
    TEXT_LANG_NB,
    TEXT_LANG_DE,
    TEXT_LANG_FI,
    TEXT_LANG_FR,
    TEXT_LANG_ES,
    TEXT_LANG_COUNT
};

/* A half-open byte range [begin, end) of the analysed text. */
struct text_span {
    size_t begin, end;
};

/* "sv", "en", ... or "unknown"; never NULL. */
const char *text_lang_code(enum text_lang lang);
/* Parses an ISO 639-1/-2 code or a BCP 47 tag ("sv", "sv-SE", "swe", "no",
 * "nb-NO"; case-insensitive). Norwegian without a variant counts as Bokmål.
 * TEXT_LANG_UNKNOWN for NULL, "" and languages we do not model. */
enum text_lang text_lang_parse(const char *code);

struct text_ctx;

/* A fresh context. Handles are opened lazily on first use, so a context is
 * cheap when only part of it is needed (the FTS tokenizer only stems). Caller
 * owns *out (text_ctx_free). */
MUST_CHECK enum err text_ctx_new(struct text_ctx **out, struct errbuf *eb);
void text_ctx_free(struct text_ctx *ctx); /* NULL-safe */

#endif
