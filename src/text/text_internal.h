/* What the text module's files share: the context's insides and the
 * per-language tables (abbreviations, stopwords). Not for other modules. */
#ifndef OMNIBUS_TEXT_INTERNAL_H
#define OMNIBUS_TEXT_INTERNAL_H

#include <stdint.h>

#include "text/text.h"

struct sb_stemmer;

/* A cache of recent stems: words repeat (Zipf), and a lookup is far cheaper
 * than folding and stemming again. Keyed by the word as written. */
enum { STEM_CACHE_SIZE = 4096, STEM_CACHE_WORD = 30 };

struct stem_entry {
    unsigned char lang; /* text_lang + 1; 0 marks an empty slot */
    unsigned char word_len, stem_len;
    char word[STEM_CACHE_WORD];
    char stem[STEM_CACHE_WORD];
};

struct text_ctx {
    void *textcat;                                /* libexttextcat handle, lazy */
    void *textcat_out;                            /* its candidate array */
    struct sb_stemmer *stemmers[TEXT_LANG_COUNT]; /* lazy, one per language */
    bool stemmer_missing[TEXT_LANG_COUNT];        /* libstemmer lacks it: fold only */
    int32_t *ucs;                                 /* casefolding scratch (code points) */
    size_t ucs_cap;
    char *fold; /* the last folded word */
    size_t fold_cap;
    struct stem_entry *stem_cache; /* STEM_CACHE_SIZE slots, lazy */
};

/* Makes room for one more element in a growable array of elem-sized items
 * (len used, *cap allocated): doubles it when full. Returns the array. */
void *list_grow(void *items, size_t len, size_t *cap, size_t elem);

enum abbrev_kind {
    ABBREV_NONE = 0,
    ABBREV_INNER,  /* never ends a sentence: "Mr.", "t.ex.", "kl." */
    ABBREV_ANY,    /* may end one: "etc.", "osv.", "Inc.", "U.S." */
    ABBREV_NUMBER, /* an abbreviation only before a number: "No. 5", "nr 3", "s. 12" */
};

/* Classifies word (without its final period) as an abbreviation of lang;
 * ASCII letters compare without case. */
enum abbrev_kind abbrev_find(enum text_lang lang, const char *word, size_t len);
/* True when the word s[b..e) starts with a capital and its lowercase form is a
 * stopword of lang: the mark of a new sentence after "etc." or an initial
 * ("etc. The" ends a sentence, "U.S. Army" does not). */
bool capitalised_stopword(enum text_lang lang, const char *s, size_t b, size_t e);

#endif
