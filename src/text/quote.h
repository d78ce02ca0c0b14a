/* Direct quotes with their speakers. Finds text in “…”, ”…”, "…", «…», »…»,
 * „…“ and ``…'' and the lines of Swedish (and Nordic) dialogue that open with a
 * dash, then reads who said it from the cue around the quote: "säger X",
 * "skriver X", "enligt X", "uppger X", "X said", "said X", "according to X",
 * "X told Y" and their equivalents in the other languages (the English cues
 * follow the Quootstrap seed patterns, Pavllo et al. 2018). */
#ifndef OMNIBUS_TEXT_QUOTE_H
#define OMNIBUS_TEXT_QUOTE_H

#include "text/text.h"

struct text_quote {
    struct text_span quote;   /* the quoted words, without the marks */
    struct text_span speaker; /* the speaker's name, role or pronoun as written
                                 ("Sandra Park", "hon"); empty (begin == end) if
                                 the text does not say */
    struct text_span cue;     /* the cue: "säger", "said", "according to"; empty if none */
    bool dialogue;            /* a dialogue line opened by a dash, not quote marks */
};

struct text_quote_list {
    struct text_quote *items;
    size_t len, cap;
};

void text_quote_list_clear(struct text_quote_list *l); /* NULL-safe; leaves it empty */

/* Appends the quotes of s[0..len) to out in text order. A quote never crosses
 * a blank line and is at most 4 KiB (an opening mark without its close that
 * far on is not a quote); marks that open nothing (an apostrophe, a stray ")
 * are skipped. Linear in len; any bytes are accepted. */
void text_quotes(const char *s, size_t len, enum lang lang, struct text_quote_list *out);

#endif
