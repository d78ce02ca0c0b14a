/* One call for everything the pipeline stores about an article's text: its
 * language, sentences, quotes with speakers and name candidates, all as byte
 * ranges of the text. Tokens and stems are not kept (clustering and search
 * recompute them with token.h, which is cheaper than storing them). */
#ifndef OMNIBUS_TEXT_ANALYZE_H
#define OMNIBUS_TEXT_ANALYZE_H

#include "text/lang.h"
#include "text/names.h"
#include "text/quote.h"
#include "text/sentence.h"
#include "text/text.h"

struct text_analysis {
    struct text_lang_guess lang;
    enum lang rules;     /* the language whose rules segmented the text:
                                 the forced or identified one, else the prior */
    size_t invalid_utf8; /* invalid byte sequences seen (they count as punctuation) */
    struct text_span_list sentences;
    struct text_quote_list quotes;
    struct text_name_list names;
};

/* Analyses s[0..len). When force is not LANG_UNKNOWN the language is not
 * identified but taken as given (confidence 1); otherwise prior (the feed's
 * or source's language) helps identification. The caller owns out's lists
 * (text_analysis_clear), also after an error. Errors: those of
 * text_lang_identify. */
MUST_CHECK enum err text_analyze(struct text_ctx *ctx, const char *s, size_t len, enum lang force,
                                 enum lang prior, struct text_analysis *out, struct errbuf *eb);
void text_analysis_clear(struct text_analysis *a); /* NULL-safe */

#endif
