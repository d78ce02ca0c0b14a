/* Name candidates for the entity linker: runs of capitalised words that do not
 * merely start a sentence ("Stefan Löfven", "Sky News"),
 * acronyms ("IS-K", "SVT") and short capitalised titles in quotes. They are
 * candidates, not entities: the linker decides against the knowledge base. */
#ifndef OMNIBUS_TEXT_NAMES_H
#define OMNIBUS_TEXT_NAMES_H

#include "text/sentence.h"
#include "text/text.h"

enum text_name_kind {
    TEXT_NAME_PHRASE,  /* capitalised words, with particles inside ("Ludwig van Beethoven") */
    TEXT_NAME_ACRONYM, /* upper-case letters, maybe with digits or a hyphen: "IS-K" */
    TEXT_NAME_QUOTED,  /* a capitalised title in quote marks: “American Pie” */
};

struct text_name {
    struct text_span span; /* without a trailing English possessive ("Obama's" -> "Obama") */
    enum text_name_kind kind;
};

struct text_name_list {
    struct text_name *items;
    size_t len, cap;
};

void text_name_list_clear(struct text_name_list *l); /* NULL-safe; leaves it empty */

/* Appends the name candidates of s[0..len) to out in text order. sentences are
 * the text's sentences (text_sentences): the first word of each counts only when
 * a longer name goes on from it. Any bytes are accepted. */
void text_names(const char *s, size_t len, enum lang lang, const struct text_span_list *sentences,
                struct text_name_list *out);

#endif
