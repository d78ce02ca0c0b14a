/* Feeds out: Atom 1.0 (RFC 4287) and JSON Feed 1.1 for a list of entries, the
 * same for the front page, a topic or a story. Atom is written with libxml2's
 * writer and JSON Feed with jansson, so escaping is theirs; text is cleaned of
 * what XML cannot carry (html_clean_text) first. Every limit is the buffer's cap. */
#ifndef OMNIBUS_WEB_FEED_OUT_H
#define OMNIBUS_WEB_FEED_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

/* The Content-Types the site serves its feeds with. */
#define FEED_ATOM_TYPE "application/atom+xml; charset=utf-8"
#define FEED_JSON_TYPE "application/feed+json; charset=utf-8"

struct feed_out_entry {
    const char *id;             /* a permanent IRI; required */
    const char *title;          /* required */
    const char *link;           /* the page the entry is about; may be NULL */
    int64_t updated;            /* required (UTC seconds) */
    int64_t published;          /* 0 when unknown */
    const char *summary;        /* plain text; may be NULL */
    const char *const *authors; /* names; may be NULL */
    size_t n_authors;
    const char *source_name; /* who published it (Atom <source>, JSON _source); may be NULL */
};

struct feed_out_meta {
    const char *id; /* a permanent IRI for the feed */
    const char *title;
    const char *subtitle; /* may be NULL */
    const char *home_url; /* absolute URL of the page the feed follows */
    const char *feed_url; /* absolute URL of this feed (Atom self link / JSON feed_url) */
    const char *lang;     /* "sv" */
    const char *author;   /* the feed's author, for entries that name none */
    int64_t updated;      /* when anything in it last changed */
};

/* Appends the entries as an Atom 1.0 document to out. ERR_INVALID when a
 * required field is missing (naming it), ERR_LIMIT when out is full. */
MUST_CHECK enum err feed_out_atom(const struct feed_out_meta *meta,
                                  const struct feed_out_entry *entries, size_t n, struct buf *out,
                                  struct errbuf *eb);
/* The same as a JSON Feed 1.1 document. */
MUST_CHECK enum err feed_out_json(const struct feed_out_meta *meta,
                                  const struct feed_out_entry *entries, size_t n, struct buf *out,
                                  struct errbuf *eb);

#endif
