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
    struct text_span speaker; /* who said it: the fullest form of the name the
                                 text gives the person or named organisation
                                 ("Steve Einhorn" for "Einhorn", "he" or "the
                                 judge"), wherever in the text it stands; empty
                                 (begin == end) when the text names no one */
    struct text_span mention; /* the words at the cue that stand for the speaker
                                 as written ("Einhorn", "he", "the judge");
                                 empty when the quote carries on an earlier
                                 one's attribution or has none */
    struct text_span cue;     /* the cue: "säger", "said", "according to"; empty if none */
    bool dialogue;            /* a dialogue line opened by a dash, not quote marks */
    struct text_span role;    /* the title the mention gives the speaker, from its first
                                 title word to its last ("Police Chief", "Rev"; Swedish
                                 without the definite ending: "Trafikchef" of
                                 "Trafikchefen Eva Lund"); empty when it gives none */
};

struct text_quote_list {
    struct text_quote *items;
    size_t len, cap;
};

void text_quote_list_clear(struct text_quote_list *l); /* NULL-safe; leaves it empty */

/* Appends the quotes of s[0..len) to out in text order. A quote is at most
 * 4 KiB (an opening mark without its close that far on is not a quote) and
 * never crosses a blank line, except that a quote left open at a paragraph's
 * end is one when the next paragraph opens with a mark (a quote running over
 * paragraphs: each paragraph's part is a quote with the same speaker). Marks
 * that open nothing (an apostrophe, a stray ") are skipped, and so are titles,
 * nicknames and scare quotes (a short run of words inside a sentence, a
 * capitalised title). A quote without a cue of its own takes the speaker of
 * the quote it continues (“…,” X said. “…”). Linear in len for the quotes;
 * resolving names looks back over the text's names, at most a few hundred
 * tokens for a pronoun. Any bytes are accepted. */
void text_quotes(const char *s, size_t len, enum lang lang, struct text_quote_list *out);

#endif
