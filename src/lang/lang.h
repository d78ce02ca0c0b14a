/* The languages omnibus models and the per-thread language context: the one
 * place that opens Snowball stemmers (libstemmer is not thread-safe) and owns
 * the scratch buffers of case folding. Every stage that tokenizes, folds, stems
 * or asks for stopwords goes through lang/; lang/ depends on base/ only. */
#ifndef OMNIBUS_LANG_LANG_H
#define OMNIBUS_LANG_LANG_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

/* The languages we model, in the order of the configuration's list. */
enum lang {
    LANG_UNKNOWN = 0,
    LANG_SV,
    LANG_EN,
    LANG_DA,
    LANG_NB,
    LANG_DE,
    LANG_FI,
    LANG_FR,
    LANG_ES,
    LANG_COUNT
};

/* "sv", "en", ... or "unknown" (also for a value out of range); never NULL. */
const char *lang_code(enum lang lang);
/* Parses an ISO 639-1/-2 code or a BCP 47 tag ("sv", "sv-SE", "swe", "no",
 * "nb-NO"; case-insensitive). Norwegian without a variant counts as Bokmål.
 * LANG_UNKNOWN for NULL, "" and languages we do not model. */
enum lang lang_parse(const char *code);

struct lang_ctx;

/* A fresh context for one thread. Stemmers are opened lazily on first use, so
 * a context is cheap when only part of it is needed. Caller owns the result
 * (lang_ctx_free). Cannot fail: allocation failure aborts. */
struct lang_ctx *lang_ctx_new(void);
/* Frees ctx and every stemmer it opened. NULL-safe. */
void lang_ctx_free(struct lang_ctx *ctx);

#endif
