/* Language identification over the languages we model: libexttextcat's n-gram
 * fingerprints restricted to them, plus word evidence that tells the close
 * Scandinavian languages apart, plus a prior from what the feed or the source
 * declares. Short or unmodelled text is "unknown" rather than a guess. */
#ifndef OMNIBUS_TEXT_LANG_H
#define OMNIBUS_TEXT_LANG_H

#include <stddef.h>

#include "text/text.h"

struct text_lang_guess {
    enum lang lang;    /* LANG_UNKNOWN when unsure */
    double confidence; /* 0..1: how far the winner is ahead of the runner-up */
    enum lang best;    /* the best-scoring language even when unsure */
};

/* Identifies the language of s[0..len) (only the first 4 KiB are read). prior
 * is the declared language of the feed or source, LANG_UNKNOWN if none: it
 * wins close calls and decides text too short to judge. Invalid UTF-8 is
 * tolerated. Errors: ERR_IO when the fingerprints under OMNIBUS_TEXTCAT_DATA
 * cannot be loaded (eb names the directory). */
MUST_CHECK enum err text_lang_identify(struct text_ctx *ctx, const char *s, size_t len,
                                       enum lang prior, struct text_lang_guess *out,
                                       struct errbuf *eb);

#endif
