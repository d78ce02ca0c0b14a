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

/* The kinds a source may have. */
extern const char *const source_kinds[];

/* Checks a source before it is stored: a name, an absolute http(s) feed URL, a
 * known kind, two-letter language and country codes when given. */
MUST_CHECK enum err source_validate(const struct source *s, struct errbuf *eb);

/* Parses a sources file, OPML or JSON (told apart by its first character), into
 * *out (caller frees with source_list_clear). name labels errors ("file.opml").
 * ERR_PARSE when the document is not one of them; an entry without a feed URL is
 * skipped and counted in *skipped with the first reason in eb. */
MUST_CHECK enum err sources_parse(const char *data, size_t len, const char *name,
                                  struct source_list *out, size_t *skipped, struct errbuf *eb);

/* Writes the sources as an OPML 2.0 document; our fields that OPML lacks go in
 * attributes of the omnibus namespace, so an import gives them back. */
MUST_CHECK enum err sources_to_opml(const struct source_list *list, struct buf *out);
/* Writes the sources as our JSON sources file. */
MUST_CHECK enum err sources_to_json(const struct source_list *list, struct buf *out);

#endif
