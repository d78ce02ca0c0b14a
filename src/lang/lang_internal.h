/* The insides of struct lang_ctx, shared by the files of src/lang/ that keep
 * state in it (norm.c: stemmers and folding; words.c: the word lists' hash
 * sets). Not for other modules. */
#ifndef OMNIBUS_LANG_INTERNAL_H
#define OMNIBUS_LANG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/hash.h"
#include "lang/lang.h"
#include "lang/words.h"

struct sb_stemmer;
struct stem_entry;

struct lang_ctx {
    struct sb_stemmer *stemmers[LANG_COUNT]; /* lazy, one per language */
    bool stemmer_missing[LANG_COUNT];        /* libstemmer lacks it: fold only */
    int32_t *ucs;                            /* casefolding scratch (code points) */
    size_t ucs_cap;
    char *fold; /* the last folded word */
    size_t fold_cap;
    struct stem_entry *stem_cache; /* STEM_CACHE_SIZE slots, lazy */
    /* Each word list as a hash set of its word's index + 1, built on the
     * list's first lookup through lang_ctx_in_list (empty: not built yet, or
     * a list without words). */
    struct hash_table lists[LANG_LIST_COUNT][LANG_COUNT];
};

#endif
