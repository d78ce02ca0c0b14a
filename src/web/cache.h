/* The rendered-page cache, shared by the server's threads. An entry is valid
 * for one site generation (store_site_generation): a lookup with another
 * generation misses and drops it, and storing a newer generation drops every
 * older entry, so any write that moves the generation (a new article, a story
 * recomposed) invalidates the pages at once. Entries are reference-counted:
 * a page being sent survives its eviction. Bounded in bytes; least recently
 * used entries go first. The cache does not know HTTP: what a page holds for
 * the server (its prebuilt response) is an opaque native pointer. */
#ifndef OMNIBUS_WEB_CACHE_H
#define OMNIBUS_WEB_CACHE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct cached_page {
    char etag[24]; /* quoted strong validator, e.g. "\"1f2e...\"" */
    size_t size;   /* bytes counted against the cache's bound */
    void *native;  /* the server's prebuilt response */
    void (*native_free)(void *native);
    /* Internal to the cache. */
    atomic_int refs;
    char *key;
    uint64_t hash; /* of key */
    uint32_t id;   /* pages[id - 1] in the cache */
    int64_t generation;
    struct cached_page *prev, *next;
};

struct page_cache_stats {
    uint64_t hits, misses, stores, evictions;
    size_t entries, bytes;
};

struct page_cache;

/* A cache holding at most max_bytes of pages. */
struct page_cache *page_cache_new(size_t max_bytes);
/* Drops every entry (pages still held elsewhere live on); NULL-safe. */
void page_cache_free(struct page_cache *c);

/* A page with one reference, the caller's. etag is copied (cut to fit). */
struct cached_page *cached_page_new(const char *etag, size_t size, void *native,
                                    void (*native_free)(void *native));
/* Drops one reference; the last frees the page and its native part. NULL-safe. */
void cached_page_release(struct cached_page *p);

/* The page stored under key for generation, with a reference for the caller
 * (cached_page_release it), or NULL. */
struct cached_page *page_cache_get(struct page_cache *c, const char *key, int64_t generation);
/* Stores p under key for generation; the cache takes its own reference and the
 * caller keeps theirs. Ignored when generation is older than the newest the
 * cache has seen (a render that raced a write) or p is larger than the bound. */
void page_cache_put(struct page_cache *c, const char *key, int64_t generation,
                    struct cached_page *p);
/* Drops every entry: the hook for writers that bypass the generation. */
void page_cache_invalidate(struct page_cache *c);
void page_cache_stats(struct page_cache *c, struct page_cache_stats *out);

#endif
