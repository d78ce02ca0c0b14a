/* Article extraction: from a news page's HTML to what a roundup quotes and
 * credits — the main text (plain and as a sanitized HTML fragment), title,
 * byline, publication date, language, site name, excerpt, and the lead image
 * with its caption and photo credit. docs/extract.md describes the method. */
#ifndef OMNIBUS_EXTRACT_EXTRACT_H
#define OMNIBUS_EXTRACT_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"

struct extract_options {
    size_t max_input;  /* bytes of HTML accepted; default 8 MiB (ERR_LIMIT beyond) */
    size_t max_output; /* bytes of text and of HTML produced; default 4 MiB each */
};

/* Fills o with the defaults above. */
void extract_options_default(struct extract_options *o);

struct extract_image {
    char *url;     /* absolute; NULL when the page has no lead image */
    char *caption; /* without the credit; may be NULL */
    char *credit;  /* photographer and/or agency; NULL when the page names none */
    bool credited; /* false marks an image whose page gives no credit */
};

struct extract_result {
    char *title;
    char **byline; /* names as credited, in page order */
    size_t n_byline;
    int64_t date_ms;     /* publication time, UTC milliseconds; 0 when unknown */
    int64_t modified_ms; /* last modification, UTC milliseconds; 0 when unknown */
    char *lang;          /* as the page declares it ("sv", "en-US"); may be NULL */
    char *site_name;
    char *excerpt;  /* the page's description, else the first paragraph */
    char *text;     /* plain text, paragraphs separated by blank lines */
    char *html;     /* sanitized fragment: allowlisted tags, absolute URLs */
    char *url;      /* the page's canonical URL when it declares one, else the given URL */
    char *encoding; /* the character set the page was read in */
    struct extract_image image;
};

/* Extracts the article from html (len bytes, any charset). url is the page's
 * address (base for relative links; may be NULL); content_type is the HTTP
 * Content-Type header, whose charset counts (may be NULL); opts may be NULL for
 * the defaults. On ERR_OK *out holds the result; on error *out is empty and eb
 * says why: ERR_LIMIT for input over the cap or a pathological document,
 * ERR_PARSE when no HTML document could be read, ERR_NOT_FOUND when the page
 * holds no article text. Free *out with extract_result_clear in every case. */
MUST_CHECK enum err extract_article(const char *html, size_t len, const char *url,
                                    const char *content_type, const struct extract_options *opts,
                                    struct extract_result *out, struct errbuf *eb);

/* Frees the contents of r (not r itself) and empties it; NULL-safe. */
void extract_result_clear(struct extract_result *r);

/* r as a new JSON object (the caller owns it: json_decref): title, byline
 * (list), date and modified (RFC 3339, UTC; null when unknown), lang,
 * site_name, url, encoding, excerpt, text, html, image {url, caption, credit,
 * credited}. */
json_t *extract_result_to_json(const struct extract_result *r);

#endif
