/* What the text module's files share: the context's insides. Not for other
 * modules. */
#ifndef OMNIBUS_TEXT_INTERNAL_H
#define OMNIBUS_TEXT_INTERNAL_H

#include "text/text.h"

struct text_ctx {
    void *textcat;     /* libexttextcat handle, lazy */
    void *textcat_out; /* its candidate array */
    struct lang_ctx *lang;
};

/* Makes room for one more element in a growable array of elem-sized items
 * (len used, *cap allocated): doubles it when full. Returns the array. */
void *list_grow(void *items, size_t len, size_t *cap, size_t elem);

#endif
