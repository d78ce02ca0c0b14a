/* The source registry's file formats: OPML 2.0 (what every feed reader imports
 * and exports) and our own JSON sources file, which carries what OPML cannot
 * say plainly (country, kind, owner, declared stance, full-text permission).
 * docs/sources.md describes both. */
#ifndef OMNIBUS_SOURCES_SOURCES_H
#define OMNIBUS_SOURCES_SOURCES_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "store/store.h"

/* Bounds on what a sources file or the API may give: URLs, host names (DNS's
 * own limit) and the free-text fields (name, owner, stance), in bytes. */
#define SOURCE_MAX_URL 2048
#define SOURCE_MAX_URL_TEXT "2048"
#define SOURCE_MAX_HOST 253
#define SOURCE_MAX_TEXT 200

/* The kinds a source may have. */
extern const char *const source_kinds[];

/* Checks a source before it is stored: a name, an absolute http(s) feed URL
 * with a host, an http(s) site URL when given, the bounds above, a known kind,
 * two-letter language and country codes when given. */
MUST_CHECK enum err source_validate(const struct source *s, struct errbuf *eb);

/* Parses a sources file, OPML or JSON (told apart by its first character), into
 * *out (caller frees with source_list_clear). name labels errors ("file.opml").
 * ERR_PARSE, naming the line, when the document is not one of them or is not
 * well-formed (truncated, broken): nothing of it is taken. An entry that fails
 * source_validate is skipped and counted in *skipped with the first reason in
 * eb. */
MUST_CHECK enum err sources_parse(const char *data, size_t len, const char *name,
                                  struct source_list *out, size_t *skipped, struct errbuf *eb);

/* Writes the sources as an OPML 2.0 document; our fields that OPML lacks go in
 * attributes of the omnibus namespace, so an import gives them back. */
MUST_CHECK enum err sources_to_opml(const struct source_list *list, struct buf *out);
/* Writes the sources as our JSON sources file. */
MUST_CHECK enum err sources_to_json(const struct source_list *list, struct buf *out);

#endif
