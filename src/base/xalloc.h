/* Allocation that aborts on failure: running out of memory is not an error a
 * caller can handle, so no caller checks for NULL. */
#ifndef OMNIBUS_BASE_XALLOC_H
#define OMNIBUS_BASE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* p, an array of *cap elements of size bytes with len in use, with room for
 * one more: when full it is reallocated to twice *cap (first when *cap is 0)
 * and *cap updated. The growing array of every loop that reads rows. */
void *xgrow(void *p, size_t len, size_t *cap, size_t size, size_t first);
/* xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
