#include "base/heap.h"

#include <string.h>
#include <unistd.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

bool heap_usage(struct heap_usage *out)
{
    memset(out, 0, sizeof *out);
/* Under AddressSanitizer the sanitizer's allocator serves malloc: glibc's
 * counts would be of nothing. */
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33)) && \
    !defined(__SANITIZE_ADDRESS__)
    /* mallinfo2 walks every arena's free lists: a few milliseconds on a
     * heap of hundreds of megabytes, fine for a scrape every few seconds. */
    struct mallinfo2 mi = mallinfo2();
    out->in_use = (int64_t)(mi.uordblks + mi.hblkhd);
    out->held_free = (int64_t)mi.fordblks;
    return true;
#else
    return false;
#endif
}

void heap_release(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

void heap_tune_for_daemon(void)
{
#ifdef __GLIBC__
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    /* Two at least: the web's threads and the pipeline's would otherwise
     * contend for one lock on every allocation. */
    mallopt(M_ARENA_MAX, cpus > 2 ? (int)cpus : 2);
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}
