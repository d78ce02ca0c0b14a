/* The SQLite FTS5 tokenizer 'omnibus': words as lang/token.h cuts them, each
 * casefolded and stemmed in its document's language. A value indexed with
 * fts_lang_marker() before it is stemmed in that language; a query term
 * without one is matched against the stems of every language we model (FTS5
 * colocated tokens), so a search needs no language to find inflected forms. */
#ifndef OMNIBUS_STORE_FTS_SQLITE_H
#define OMNIBUS_STORE_FTS_SQLITE_H

#include <sqlite3.h>

#include "base/buf.h"
#include "base/err.h"

/* Registers the tokenizer on conn; every connection the store opens calls it
 * before migrating. ERR_STORE when the SQLite build lacks FTS5. */
MUST_CHECK enum err fts_sqlite_register(sqlite3 *conn);

/* Appends to out the marker that makes the tokenizer stem the rest of a value
 * in lang (an ISO 639-1 code; NULL or unknown appends nothing). */
MUST_CHECK enum err fts_lang_marker(struct buf *out, const char *lang);

#endif
