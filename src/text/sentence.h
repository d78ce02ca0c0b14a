/* Sentence segmentation per language. A sentence ends at ".", "!", "?", "…" (with
 * the closing quotes and brackets that follow) when the next word may start a
 * sentence, at a blank line, and at a line break before a word that is not in
 * lower case. Abbreviations ("bl.a.", "t.ex.", "kl.", "Mr.", "U.S."), initials,
 * ordinals ("3. Oktober"), numbers ("3.5"), ellipses inside a sentence and
 * Swedish dialogue dashes are handled; every sentence is a byte range of the
 * input, which is what lets a roundup link a quoted sentence to its source. */
#ifndef OMNIBUS_TEXT_SENTENCE_H
#define OMNIBUS_TEXT_SENTENCE_H

#include "text/text.h"

struct text_span_list {
    struct text_span *items;
    size_t len, cap;
};

void text_span_list_clear(struct text_span_list *l); /* NULL-safe; leaves it empty */

/* Appends the sentences of s[0..len) to out, in order: each from its first to
 * its last non-space character, never empty, never overlapping. Any bytes are
 * accepted (invalid UTF-8 is punctuation); time and memory are linear in len,
 * and text without any punctuation is one sentence per paragraph. */
void text_sentences(const char *s, size_t len, enum lang lang, struct text_span_list *out);

#endif
