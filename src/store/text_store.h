/* Text analysis and search (src/store/text_store.c): the text stage's
 * sentences, quotes and names of each article, kept as byte ranges of its
 * content, and the stemmed full-text index built from them. */
#ifndef OMNIBUS_STORE_TEXT_STORE_H
#define OMNIBUS_STORE_TEXT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

/* A byte range [start, end) of article.content. */
struct text_range {
    int64_t start, end;
};

struct stored_quote {
    struct text_range quote;
    struct text_range speaker; /* start == end when the text does not say */
    struct text_range cue;     /* start == end when there is none */
    char *speaker_text;        /* as written, NULL when none */
    char *cue_text;
    bool dialogue; /* a dialogue line opened by a dash */
};

struct stored_name {
    struct text_range range;
    char *name;
    char *kind; /* "phrase", "acronym", "quoted" */
};

/* What the text stage keeps of one article's content. */
struct article_text {
    int64_t article_id;
    char *lang; /* ISO 639-1, NULL when unknown */
    double lang_confidence;
    int64_t invalid_utf8;
    char *content_hash; /* the article's content_hash when analysed (read only) */
    int64_t analysed_at;
    struct text_range *sentences;
    size_t n_sentences;
    struct stored_quote *quotes;
    size_t n_quotes;
    struct stored_name *names;
    size_t n_names;
};

/* Frees what t owns and zeroes it; NULL-safe. */
void article_text_clear(struct article_text *t);

/* Stores t as the analysis of article t->article_id, replacing any earlier one,
 * records the article's current content_hash with it, and (re)indexes the
 * article's title and content for store_search, stemmed in t->lang. One
 * transaction. ERR_NOT_FOUND when the article does not exist. */
MUST_CHECK enum err store_text_put(struct store *st, const struct article_text *t,
                                   struct errbuf *eb);
/* Reads the stored analysis of an article; ERR_NOT_FOUND when there is none.
 * Caller owns out (article_text_clear). */
MUST_CHECK enum err store_text_get(struct store *st, int64_t article_id, struct article_text *out,
                                   struct errbuf *eb);
/* Up to limit ids of articles with content whose analysis is missing or older
 * than their content (content_hash changed), oldest first, leaving out those
 * another worker has claimed (a "text" work claim live at now). Caller frees
 * *ids. store_text_put releases the article's claim. */
MUST_CHECK enum err store_text_pending(struct store *st, size_t limit, int64_t now, int64_t **ids,
                                       size_t *n, struct errbuf *eb);

struct search_hit {
    int64_t article_id;
    char *title;
    char *url;
    char *snippet;    /* a few words of the text around a match, [matches] bracketed */
    bool title_match; /* every query word is in the title */
    double score;     /* engine's relevance, higher is better */
    int64_t published_at;
    char *source_name; /* the outlet's name */
    int64_t story_id;  /* the story with a roundup the article is part of, else 0 */
};

struct search_hits {
    struct search_hit *items;
    size_t len;
};

void search_hits_clear(struct search_hits *h); /* NULL-safe */

/* How long one search may run before it stops with ERR_TIMEOUT. */
#define SEARCH_TIME_LIMIT_MS 1000

/* Full-text search of article titles and text: the words of query (punctuation
 * and operators are ignored; all words must match, each in any inflection)
 * stemmed in lang when given (an ISO 639-1 code), else in every language we
 * model. Best first: articles whose title matches come before those matching
 * only in the text, each group by relevance. ERR_INVALID for a query without
 * words, ERR_TIMEOUT past SEARCH_TIME_LIMIT_MS. Caller owns *out
 * (search_hits_clear). */
MUST_CHECK enum err store_search(struct store *st, const char *query, const char *lang,
                                 size_t limit, struct search_hits *out, struct errbuf *eb);

#endif
