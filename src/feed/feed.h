/* Feed parsing: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1 into one
 * normalised model. Output is always valid UTF-8; links are absolute; dates are
 * UTC seconds. An ill-formed feed is parsed as far as it goes and flagged, like
 * feedparser's "bozo", with the reason. */
#ifndef OMNIBUS_FEED_FEED_H
#define OMNIBUS_FEED_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

enum feed_format {
    FEED_UNKNOWN,
    FEED_RSS090,
    FEED_RSS091,
    FEED_RSS092,
    FEED_RSS10,
    FEED_RSS20,
    FEED_ATOM03,
    FEED_ATOM10,
    FEED_JSON10,
    FEED_JSON11,
    FEED_RSS093,
    FEED_RSS094,
    FEED_RSS, /* <rss> without a version */
};

struct feed_enclosure {
    char *url;
    char *type;
    int64_t length;
};

/* An image an item carries (media:content/thumbnail, enclosure, itunes:image). */
struct feed_image {
    char *url;
    char *caption; /* media:description, media:title */
    char *credit;  /* media:credit */
};

struct feed_item {
    char *id;    /* guid / atom:id / JSON id */
    char *link;  /* absolute */
    char *title; /* plain text */
    char **authors;
    size_t n_authors;
    int64_t published; /* 0 when unknown */
    int64_t updated;   /* 0 when unknown */
    char *summary;     /* sanitized HTML */
    char *content;     /* sanitized HTML */
    char **categories;
    size_t n_categories;
    struct feed_enclosure *enclosures;
    size_t n_enclosures;
    struct feed_image image;
    char *lang;
};

struct feed {
    enum feed_format format;
    char *title;    /* plain text */
    char *link;     /* absolute: the site the feed belongs to */
    char *subtitle; /* plain text */
    char *lang;
    char *encoding; /* the encoding the document was read in (a lower-case label) */
    int64_t updated;
    int64_t published;
    char *id;     /* atom:id / JSON feed_url */
    char *rights; /* plain text */
    char **authors;
    size_t n_authors;
    struct feed_image image; /* logo, icon or channel image; caption is its title */
    struct feed_item *items;
    size_t n_items;
    bool ill_formed;
    char *ill_formed_reason;
};

/* Parses a feed document. base_url resolves relative links (the feed's own URL);
 * content_type is the HTTP Content-Type header (its charset counts), may be NULL.
 * On ERR_OK *out holds the feed (possibly flagged ill-formed); ERR_PARSE when
 * nothing usable was found (not a feed, or empty); ERR_LIMIT when the document
 * is larger than FEED_MAX_BYTES. Caller frees *out with feed_clear in every case.
 * Thread-safe once xmlInitParser() has run (main does it before threads). */
MUST_CHECK enum err feed_parse(const char *data, size_t len, const char *base_url,
                               const char *content_type, struct feed *out, struct errbuf *eb);
void feed_clear(struct feed *f); /* NULL-safe; frees the contents, not f */

/* The largest document feed_parse accepts, and the most items it keeps (more
 * flags the feed ill-formed with the reason). */
#define FEED_MAX_BYTES (64u * 1024 * 1024)
#define FEED_MAX_ITEMS 20000

/* Appends the feed as JSON (the form `omnibus feed parse` prints) to out. */
MUST_CHECK enum err feed_to_json(const struct feed *f, struct buf *out);

/* A short stable name: "rss20", "rss10", "atom10", "json11"...; "unknown". */
const char *feed_format_name(enum feed_format fmt);

/* The readable text of an item's summary or content (HTML as feed_parse gives
 * it), whitespace collapsed: what later stages read when the article's own
 * page is not fetched. A new string, or NULL when there is no text. */
char *feed_html_to_text(const char *html);

#endif
