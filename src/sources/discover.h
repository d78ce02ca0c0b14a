/* Feed discovery: a site's page names its feeds in <link rel="alternate">
 * elements; when it names none, a site often still has one at a common path
 * (/feed, /rss.xml ...). Readers accept a site's address where a feed's is
 * expected by looking there; so does `omnibus sources add`. */
#ifndef OMNIBUS_SOURCES_DISCOVER_H
#define OMNIBUS_SOURCES_DISCOVER_H

#include <stddef.h>

#include "base/err.h"

struct feed_link {
    char *url;   /* absolute, resolved against the page's address */
    char *title; /* the link's title attribute, or NULL */
    char *type;  /* "application/rss+xml", "application/atom+xml" or "application/feed+json" */
};

struct feed_link_list {
    struct feed_link *items;
    size_t len;
};

/* The feeds an HTML page at page_url links with <link rel="alternate"> (in
 * <head> or anywhere, in page order, each URL once), into *out (a new list;
 * feed_link_list_clear frees it). An empty list when there are none; the
 * page is parsed with libxml2's HTML parser, so any bytes are accepted. */
void sources_discover_links(const char *html, size_t len, const char *page_url,
                            struct feed_link_list *out);
/* Frees the list's contents and leaves it empty; NULL-safe. */
void feed_link_list_clear(struct feed_link_list *l);

/* The common feed paths tried when a page links no feed, in order, as
 * absolute URLs on page_url's site (a new NULL-terminated array; free each and
 * the array). */
char **sources_common_feed_urls(const char *page_url);

#endif
