/* Alias keys: the form in which a name is stored in the alias index and looked
 * up, so that "Göteborg", "GÖTEBORG" and "Göteborg" (decomposed) meet. Keys
 * are NFC, case-folded, with typographic variants lumped (dashes, quotes,
 * spaces) and whitespace collapsed. Diacritics are kept, except for languages
 * whose writers routinely drop them from foreign names (English: "Sao Paulo");
 * for Swedish they never go (för is not for). */
#ifndef OMNIBUS_KB_NORM_H
#define OMNIBUS_KB_NORM_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/* True when keys in lang drop diacritics. */
bool kb_norm_strips_marks(const char *lang);

/* Appends the key of text[0..len) in language lang to out (which it resets
 * first). ERR_INVALID when text is not valid UTF-8 or holds no character that
 * survives normalisation; ERR_LIMIT when out's cap is hit. */
MUST_CHECK enum err kb_norm_key(const char *lang, const char *text, size_t len, struct buf *out);

/* As kb_norm_key, into a new string (free() it); NULL when text has no key. */
char *kb_norm_key_dup(const char *lang, const char *text, size_t len);

#endif
