/* The text stage's common ground: byte spans and the per-thread context that
 * owns every handle that is not thread-safe (the language identifier, and a
 * lang_ctx with the stemmers and folding scratch). Open one
 * struct text_ctx per worker thread; all functions taking one are then safe to
 * call from many threads at once. Offsets everywhere are byte offsets into the
 * caller's text, half-open [begin, end). See docs/text.md for the module map. */
#ifndef OMNIBUS_TEXT_TEXT_H
#define OMNIBUS_TEXT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "lang/lang.h"

/* A half-open byte range [begin, end) of the analysed text. */
struct text_span {
    size_t begin, end;
};

struct text_ctx;

/* A fresh context. Handles are opened lazily on first use, so a context is
 * cheap when only part of it is needed (the FTS tokenizer only stems). Caller
 * owns *out (text_ctx_free). */
MUST_CHECK enum err text_ctx_new(struct text_ctx **out, struct errbuf *eb);
void text_ctx_free(struct text_ctx *ctx); /* NULL-safe */

/* The context's language context (folding, stems), for callers that share the
 * worker's one set of stemmers. Owned by ctx; lives as long as ctx. */
struct lang_ctx *text_ctx_lang(struct text_ctx *ctx);

#endif
