/* Typed writers for everything the site outputs. Markup comes only from string
 * literals (h_lit refuses anything else at compile time); every byte that came
 * from outside goes through a writer that escapes it for where it lands: text,
 * an attribute value, a link, a URL component. Writers also repair what a
 * browser or an XML parser would misread: invalid UTF-8 and control characters
 * become U+FFFD. A struct html keeps the first error and ignores later writes,
 * so a template checks once, at the end. */
#ifndef OMNIBUS_WEB_HTML_H
#define OMNIBUS_WEB_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

struct html {
    struct buf *out; /* borrowed */
    enum err err;    /* the first error; writes after it do nothing */
};

/* A writer appending to out. */
void html_init(struct html *h, struct buf *out);
/* The first error any write met (ERR_LIMIT when out hit its cap), else ERR_OK. */
MUST_CHECK enum err html_finish(const struct html *h);

/* Markup: lit must be a string literal, so no data can reach the page unescaped. */
#define h_lit(h, lit) h_raw_((h), "" lit "", sizeof(lit) - 1)
void h_raw_(struct html *h, const char *markup, size_t len);

/* Text content: & < > " ' escaped, invalid UTF-8 and C0/C1 controls other than
 * tab and newline replaced by U+FFFD. NULL writes nothing. */
void h_text(struct html *h, const char *s);
/* The same for the first len bytes of s (a code point cut at the end becomes
 * U+FFFD). */
void h_text_n(struct html *h, const char *s, size_t len);
/* The same escaping for an attribute value; the caller writes the quotes (h_lit
 * "name=\"" ... "\""). Escaping quotes too makes it safe in either quoting. */
void h_attr(struct html *h, const char *s);
/* A decimal integer (always safe). */
void h_int(struct html *h, int64_t v);
/* A UTC time as "2024-03-23 10:00 UTC" inside <time datetime="RFC 3339">; 0
 * writes dash. */
void h_time(struct html *h, int64_t t);
/* <a href="url">text</a> when url is safe to link (html_url_safe), else the
 * text alone: a hostile javascript: or data: link never becomes a link. */
void h_link(struct html *h, const char *url, const char *text);
/* A value percent-encoded for a URL path segment or query value (url_component). */
void h_url_component(struct html *h, const char *s);

/* True when url may be an href: an absolute http:// or https:// URL (scheme in
 * any case, nothing before it) or a path on this site ("/x", not "//host"). */
bool html_url_safe(const char *url);

/* Appends s to out with every byte outside RFC 3986's unreserved set
 * (A-Z a-z 0-9 - . _ ~) percent-encoded. ERR_LIMIT when out is full. */
MUST_CHECK enum err url_component(struct buf *out, const char *s);

/* Appends s to out as valid UTF-8 without control characters (other than tab
 * and newline): what XML 1.0 and HTML accept as text. Used by the feed writers
 * before handing text to libxml2 and jansson. */
MUST_CHECK enum err html_clean_text(struct buf *out, const char *s);

#endif
