/* Bytes to UTF-8 for the feed parser: picks the document's encoding from the
 * BOM, the HTTP charset, the XML declaration (RFC 7303 order) and converts to
 * UTF-8, repairing bytes that are invalid in that encoding. Also the final
 * cleaning every string of the feed model goes through. Internal to src/feed. */
#ifndef OMNIBUS_FEED_DECODE_H
#define OMNIBUS_FEED_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

struct feed_text {
    const char *data; /* UTF-8 without BOM, NUL-terminated (parsers read it in place) */
    size_t len;
    char *owned;
    char encoding[48]; /* lower-case label of the encoding read */
    char problem[200]; /* why the bytes were not what they claimed; "" when fine */
    bool json;         /* a JSON document (by media type or first character) */
};

/* Decodes data (len bytes) as the feed served with content_type (may be NULL).
 * On ERR_OK *out is filled; free it with feed_text_clear. ERR_LIMIT when the
 * UTF-8 form would exceed FEED_MAX_BYTES * 4. */
MUST_CHECK enum err feed_decode(const char *data, size_t len, const char *content_type,
                                struct feed_text *out, struct errbuf *eb);
void feed_text_clear(struct feed_text *t); /* NULL-safe */

/* A new string holding s (n bytes) as valid UTF-8 for the model: invalid bytes
 * read as windows-1252, C1 controls mapped to the windows-1252 characters feeds
 * meant by them, other control characters but tab and newlines dropped. */
char *feed_utf8_clean(const char *s, size_t n);

/* Writes code point cp (at most U+10FFFF) as UTF-8 at out (room for four
 * bytes); returns the number of bytes written. */
size_t feed_utf8_put(char *out, uint32_t cp);

/* True when s (n bytes) is valid UTF-8. */
bool feed_utf8_valid(const char *s, size_t n);

#endif
