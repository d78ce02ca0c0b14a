/* Reading a dump file as a stream of bytes, decompressing bzip2 (one or many
 * concatenated streams, as Wikimedia's multistream dumps are) and gzip on the
 * fly, in constant memory. A cut or corrupt compressed file yields every byte
 * that decoded, then an error naming the compressed offset. */
#ifndef OMNIBUS_KB_STREAM_H
#define OMNIBUS_KB_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct kb_stream;

/* Opens path ("-" for standard input); the compression is told by the first
 * bytes, not the name. Caller owns *out (kb_stream_close). */
MUST_CHECK enum err kb_stream_open(const char *path, struct kb_stream **out, struct errbuf *eb);
/* A stream over memory (borrowed; must outlive the stream), for tests and fuzzing. */
struct kb_stream *kb_stream_mem(const void *data, size_t len);
void kb_stream_close(struct kb_stream *s); /* NULL-safe */

/* Reads up to n decompressed bytes into dst; *got is 0 only at the end.
 * ERR_PARSE for corrupt or cut compressed input, ERR_IO for a read error, with
 * the offset in eb; the bytes decoded before it were all returned first. */
MUST_CHECK enum err kb_stream_read(struct kb_stream *s, void *dst, size_t n, size_t *got,
                                   struct errbuf *eb);

/* Reads up to n bytes as kb_stream_read does, and keeps them to be read again:
 * for telling the format by the first bytes. Call before any read. */
MUST_CHECK enum err kb_stream_peek(struct kb_stream *s, void *dst, size_t n, size_t *got,
                                   struct errbuf *eb);

/* Bytes of the file consumed so far (compressed bytes when compressed), and the
 * file's size (0 when unknown: a pipe): for progress. */
uint64_t kb_stream_in_pos(const struct kb_stream *s);
uint64_t kb_stream_in_size(const struct kb_stream *s);
/* "bzip2", "gzip" or "plain". */
const char *kb_stream_codec(const struct kb_stream *s);

#endif
