/* Tokens for linking: words with their byte offsets and what their case says,
 * and the punctuation names do not run across. The words are src/lang's
 * (lang_token_next), read the way linking was tuned: dotted letters (U.S.),
 * hyphens (IS-K, Jean-Luc), apostrophes in names (O'Brien) and ampersands
 * between capitals (AT&T) stay inside a word; a possessive 's, an initial's
 * period ("J.") and the dots, commas and colons of other words do not. */
#ifndef OMNIBUS_KB_TOKENS_H
#define OMNIBUS_KB_TOKENS_H

#include <stdbool.h>
#include <stddef.h>

enum {
    TOK_WORD = 1,  /* letters, digits and the joiners above */
    TOK_CAP = 2,   /* holds an upper- or title-case letter */
    TOK_DIGIT = 4, /* starts with a digit */
    TOK_BREAK = 8, /* punctuation a name does not cross: . , ; : ! ? ( ) quotes */
};

struct kb_token {
    size_t start, end; /* byte offsets, end exclusive */
    unsigned flags;
};

struct kb_tokens {
    struct kb_token *items;
    size_t len, cap;
};

/* Appends the tokens of text[0..len) to t (which it empties first). Bytes that
 * are not UTF-8 are breaks. */
void kb_tokenize(const char *text, size_t len, struct kb_tokens *t);
void kb_tokens_clear(struct kb_tokens *t);

/* True when s[0..len) is one of list[0..n), ignoring ASCII case. */
bool kb_in_list(const char *const *list, size_t n, const char *s, size_t len);

/* True when the word text[0..len), as written, alone is never a name in lang
 * (LANG_LIST_NAME of src/lang/; English's for languages without one). ASCII
 * letters compare without case, so "The" is one. */
bool kb_stopword(const char *lang, const char *word, size_t len);

#endif
