/* The seam between the text stage and clustering: what clustering needs from an
 * article's words. Every term (a Snowball stem of a case-folded word, a name
 * phrase, a number) with a weight and whether it was used as a name or a number,
 * plus a hash of every word in order (for near-duplicate shingles). Words,
 * folding, stems and stopwords come from src/lang/. */
#ifndef OMNIBUS_STORY_TERMS_H
#define OMNIBUS_STORY_TERMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

/* One occurrence of a term. The term's bytes live in the list's arena. */
struct story_term {
    uint32_t off; /* into story_terms_out.arena */
    uint32_t len;
    float weight;   /* the occurrence's weight: the field weight, times lead_weight in the lead */
    bool is_name;   /* capitalised mid-sentence, an acronym, or a phrase of such words */
    bool is_number; /* starts with a digit */
    uint32_t word;  /* how many words of its text came before it (a phrase: before its first) */
};

/* What story_terms produces; reused from document to document. */
struct story_terms_out {
    struct story_term *terms;
    size_t len, cap;
    struct buf arena;      /* term bytes, not NUL-separated */
    uint64_t *word_hashes; /* every word (stopwords too), case-folded, in order */
    size_t nwords, words_cap;
};

/* How one piece of text (a title, a body) counts. */
struct story_terms_opts {
    float weight;      /* every occurrence's weight */
    size_t lead_words; /* the first lead_words words ... */
    float lead_weight; /* ... count lead_weight times more */
    bool in_shingles;  /* whether its words join word_hashes (bodies yes, titles no:
                          an outlet's own headline over a wire text is still a copy) */
};

struct story_termer;

/* A term extractor: one per thread (it owns a lang_ctx, whose Snowball
 * stemmers are not thread-safe). Caller owns *out (story_termer_free). */
void story_termer_new(struct story_termer **out);
void story_termer_free(struct story_termer *t); /* NULL-safe */

void story_terms_init(struct story_terms_out *out);
void story_terms_reset(struct story_terms_out *out);
void story_terms_clear(struct story_terms_out *out); /* NULL-safe */

/* Appends the terms of text[0..len) in language lang (read by lang_parse_prefix:
 * en, sv, da, nb, no, nn, de, fi, fr, es stem and drop stopwords; anything else,
 * or NULL, is only case-folded) to out. Invalid UTF-8 counts as a word break. Errors: ERR_LIMIT
 * when out would pass 1 << 20 terms (a document that large is refused). */
MUST_CHECK enum err story_terms(struct story_termer *t, const char *text, size_t len,
                                const char *lang, const struct story_terms_opts *opts,
                                struct story_terms_out *out, struct errbuf *eb);

#endif
