/* The speaker resolver of the quote finder (internal to the text module). */
#ifndef OMNIBUS_TEXT_SPEAKER_H
#define OMNIBUS_TEXT_SPEAKER_H

#include "text/quote.h"
#include "text/quote_scan.h"

/* Gives each of the nq quotes q (those found by this scan, in text order, with
 * sc->qi[k] the position of q[k]) its speaker: the fullest form of the name
 * its mention stands for, the speaker of the quote it carries on, or empty
 * when the text names no one (see struct text_quote). Reads sc's tokens only. */
void speaker_resolve(const struct scan *sc, struct text_quote *q, size_t nq);

#endif
