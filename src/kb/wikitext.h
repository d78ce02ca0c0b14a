/* Wikitext, the markup of MediaWiki pages-articles dumps, read just far enough
 * for a knowledge base: the opening paragraph as plain text (templates,
 * references, files, tables and markup removed; links become their text), the
 * wiki links with their text (for link-popularity priors), and redirects.
 * One linear pass each, with an explicit stack: no recursion on page nesting. */
#ifndef OMNIBUS_KB_WIKITEXT_H
#define OMNIBUS_KB_WIKITEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/* What wikitext_lead noticed about the page. */
enum { WIKITEXT_DISAMBIGUATION = 1 }; /* it carries a disambiguation template */

/* Nesting of templates, links, tables and tags that wikitext_lead follows. */
#define WIKITEXT_MAX_DEPTH 128

/* Writes the opening paragraph of the page text[0..len) into out as plain
 * text (out is reset first; empty when the page has none) and sets *flags to
 * WIKITEXT_* bits. ERR_LIMIT when the nesting passes WIKITEXT_MAX_DEPTH or the
 * paragraph passes out's cap. */
MUST_CHECK enum err wikitext_lead(const char *text, size_t len, struct buf *out, unsigned *flags);

/* True when name (a template or category name, with or without its namespace
 * prefix: "Vorlage:Begriffsklärung") marks a disambiguation page. */
bool wikitext_is_disambiguation(const char *name, size_t len);

/* Called for each link to an article: target and label are slices of the page
 * text (label already without markup quotes is not guaranteed: see
 * wikitext_links). A non-zero return stops the walk and is returned. */
typedef enum err (*wikitext_link_fn)(void *ctx, const char *target, size_t target_len,
                                     const char *label, size_t label_len);

/* Calls fn for every wiki link to an article page in text[0..len): [[T]],
 * [[T|label]], [[T]]trail. Links to files, categories, other namespaces and
 * other languages are left out; label is NULL-free plain text (links whose
 * label holds markup are left out too). */
MUST_CHECK enum err wikitext_links(const char *text, size_t len, wikitext_link_fn fn, void *ctx);

/* When text is a redirect page ("#REDIRECT [[Target#Section]]", any case, or
 * a localised keyword followed by a link), stores the target page in *target
 * (a new string, without the section) and returns true. */
bool wikitext_redirect(const char *text, size_t len, char **target);

/* A page title as MediaWiki stores it: underscores become spaces, runs of
 * space become one, ends trimmed, the first letter upper-cased (first-letter
 * wikis). A new string, or NULL when nothing is left. */
char *wikitext_title(const char *title, size_t len);

#endif
