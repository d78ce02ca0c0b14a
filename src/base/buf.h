/* A growable byte buffer with a hard size cap. Every buffer is created with the
 * largest size it may reach; going past it is ERR_LIMIT, never a silent cut.
 * data is always NUL-terminated (the NUL is not counted in len). */
#ifndef OMNIBUS_BASE_BUF_H
#define OMNIBUS_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "base/err.h"

struct buf {
    char *data; /* NULL until the first append; buf_cstr() never returns NULL */
    size_t len;
    size_t cap;
    size_t max; /* largest len allowed */
};

#define BUF_UNLIMITED ((size_t)-1 / 2)

/* An empty buffer that may grow to max bytes. No allocation yet. */
void buf_init(struct buf *b, size_t max);
/* Releases the memory; the buffer is empty and reusable afterwards. NULL-safe. */
void buf_clear(struct buf *b);
/* Empties without releasing memory. */
void buf_reset(struct buf *b);

MUST_CHECK enum err buf_append(struct buf *b, const void *p, size_t n);
MUST_CHECK enum err buf_puts(struct buf *b, const char *s);
MUST_CHECK enum err buf_putc(struct buf *b, char c);
MUST_CHECK enum err buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
MUST_CHECK enum err buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* The contents as a C string ("" when empty); borrowed, valid until the next change. */
const char *buf_cstr(const struct buf *b);
/* Hands the contents to the caller (free() it) and empties the buffer. Never NULL. */
char *buf_steal(struct buf *b);

#endif
