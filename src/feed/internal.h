/* What the XML and JSON readers of src/feed share: turning raw values into the
 * model's forms (plain text, sanitized HTML, safe absolute URLs, UTC dates)
 * and growing the model. Every string these return is valid UTF-8, owned by
 * the caller, or NULL when the value is empty. Internal to src/feed. */
#ifndef OMNIBUS_FEED_INTERNAL_H
#define OMNIBUS_FEED_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "feed/feed.h"

/* The largest single value (a title, a content) a reader collects; a larger
 * one is dropped and the feed flagged. */
#define FEED_MAX_FIELD (4u * 1024 * 1024)

/* How a value is written in the document. */
enum text_kind {
    TEXT_PLAIN, /* characters as they are */
    TEXT_HTML,  /* HTML source (escaped HTML, CDATA, inline markup) */
    TEXT_GUESS, /* plain unless it looks like HTML (RSS titles) */
};

/* The plain-text form: HTML reduced to its text, whitespace collapsed. */
char *feed_value_text(const char *s, size_t n, enum text_kind kind);
/* The sanitized-HTML form; plain text is escaped. base resolves relative URLs. */
char *feed_value_html(const char *s, size_t n, enum text_kind kind, const char *base);
/* A safe URL (see feed_safe_url) from text with surrounding whitespace. */
char *feed_value_url(const char *base, const char *s, size_t n);
/* Trimmed text, unchanged otherwise (ids, languages, MIME types). */
char *feed_value_trim(const char *s, size_t n);
/* A language tag: trimmed, "en_US" written "en-US". */
char *feed_value_lang(const char *s, size_t n);
/* A person's name from "Name", "email (Name)", "Name <email>" or "Name (email)". */
char *feed_value_person(const char *s, size_t n);
/* UTC seconds of a date, 0 when it is not one. */
int64_t feed_value_date(const char *s, size_t n);

/* The longest list (authors, categories, enclosures) of one item: the
 * duplicate check is linear. */
#define FEED_MAX_LIST 256

/* Appends s to the list (taking ownership) unless it is NULL or already there.
 * False when the list already holds FEED_MAX_LIST (s is freed; the caller flags). */
bool feed_list_add(char ***list, size_t *n, char *s);

/* A new zeroed item at the end of f->items; NULL when FEED_MAX_ITEMS are there
 * (the feed is flagged). The pointer is valid until the next call. */
struct feed_item *feed_item_new(struct feed *f);

/* Flags the feed ill-formed; the first reason is kept. */
void feed_flag(struct feed *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The readers. data is UTF-8 (len bytes, NUL-terminated); base_url may be
 * NULL. They fill f and return ERR_PARSE when the document is not a feed of
 * their kind. */
MUST_CHECK enum err feed_read_xml(const char *data, size_t len, const char *base_url,
                                  struct feed *f, struct errbuf *eb);
MUST_CHECK enum err feed_read_json(const char *data, size_t len, const char *base_url,
                                   struct feed *f, struct errbuf *eb);

#endif
