/* HTML inside feeds (descriptions, content, escaped titles): sanitizing by an
 * allowlist for display, reducing to plain text, and the URL check both use.
 * Parsing is libxml2's HTML parser; every tree walk is iterative. Internal to
 * src/feed. */
#ifndef OMNIBUS_FEED_HTML_H
#define OMNIBUS_FEED_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/* Appends to out a safe HTML rendering of the fragment html (n bytes of UTF-8):
 * only allowlisted elements and attributes survive; script, style and other
 * active content are dropped with their content; unknown elements are dropped
 * but their text kept; URLs are resolved against base (may be NULL) and kept
 * only for http, https, ftp, mailto and tel. Errors: ERR_LIMIT from out. */
MUST_CHECK enum err feed_html_sanitize(const char *html, size_t n, const char *base,
                                       struct buf *out);

/* Appends to out the readable text of the fragment (what a reader sees, without
 * script or style), whitespace runs collapsed to one space, trimmed. */
MUST_CHECK enum err feed_html_text(const char *html, size_t n, struct buf *out);

/* Appends a, b and c to out: tags are written often enough that printf shows. */
MUST_CHECK enum err feed_puts3(struct buf *out, const char *a, const char *b, const char *c);

/* Appends s (n bytes) to out with &, <, > (and " when attr) escaped. */
MUST_CHECK enum err feed_html_escape(const char *s, size_t n, bool attr, struct buf *out);

/* Appends plain text s to out with whitespace runs collapsed to one space and
 * the ends trimmed (out is assumed to end at a word boundary). */
MUST_CHECK enum err feed_text_squash(const char *s, size_t n, struct buf *out);

/* The URL v (from a feed or an HTML attribute) made safe to show: resolved
 * against base when relative and base is not NULL, with the tab and newline
 * characters browsers ignore removed; NULL when empty or when its scheme is not
 * http, https, ftp, mailto or tel. A new string. */
char *feed_safe_url(const char *base, const char *v);

/* True when s (n bytes) holds markup or character references that an HTML
 * parser would change: a known tag, or an entity or numeric reference. */
bool feed_looks_like_html(const char *s, size_t n);

#endif
