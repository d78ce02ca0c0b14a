/* The text stage in the pipeline: analyse a stored article's content and store
 * the result (language, sentences, quotes, names) with its search index. The
 * driver calls text_stage_pending after extraction, once per worker with that
 * worker's text_ctx and store connection. */
#ifndef OMNIBUS_TEXT_STAGE_H
#define OMNIBUS_TEXT_STAGE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "text/analyze.h"

/* Converts an analysis of text (the article's content) into the stored form.
 * Caller owns *out (article_text_clear). */
void text_to_stored(const char *text, const struct text_analysis *a, int64_t article_id,
                    struct article_text *out);

/* Analyses article id's content (language prior: the article's declared
 * language, else its source's) and stores the result. An article without
 * content is stored with no sentences. Errors: the store's, ERR_NOT_FOUND for a
 * missing article, those of text_analyze. */
MUST_CHECK enum err text_stage_article(struct text_ctx *ctx, struct store *st, int64_t id,
                                       struct errbuf *eb);

/* Analyses up to limit articles whose analysis is missing or stale; *done
 * counts those stored. Each article is first claimed for owner (a lease of
 * TEXT_LEASE_SECONDS), so workers in many processes never analyse one article
 * at once, and a dead worker's articles are taken over when its lease ends.
 * Analysis accepts any bytes, so what can fail is the store or the language
 * data, which would fail every article alike: the first error stops the pass,
 * its message naming the article. */
enum { TEXT_LEASE_SECONDS = 600 };
MUST_CHECK enum err text_stage_pending(struct text_ctx *ctx, struct store *st, size_t limit,
                                       const char *owner, size_t *done, struct errbuf *eb);

#endif
