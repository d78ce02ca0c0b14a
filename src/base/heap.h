#ifndef OMNIBUS_BASE_HEAP_H
#define OMNIBUS_BASE_HEAP_H

/* The process's own heap as the C library sees it: what is handed out and
 * what is freed but still held, and a way to give the held part back. A
 * long-running process's RSS is the sum of both; only the first is a leak
 * when it grows. */

#include <stdbool.h>
#include <stdint.h>

struct heap_usage {
    int64_t in_use;    /* bytes allocated and not freed */
    int64_t held_free; /* bytes freed but kept by the allocator */
};

/* False (and *out zeroed) where the C library does not say (not glibc). */
bool heap_usage(struct heap_usage *out);

/* Sets up the allocator for a process that runs for days with many threads:
 * as many arenas as CPUs (glibc's default, eight per CPU, leaves each
 * thread's freed memory stranded in an arena of its own) and a fixed mmap
 * threshold of 1 MiB, so that big buffers (fetched bodies, up to 8 MiB) are
 * mapped and unmapped whole rather than raising glibc's adaptive threshold
 * and fragmenting the heap. Call before the first thread starts. */
void heap_tune_for_daemon(void);

/* Returns freed memory the allocator holds to the system. glibc keeps what a
 * thread frees in that thread's arena, resident, until it is trimmed. */
void heap_release(void);

#endif
