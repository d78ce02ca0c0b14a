#include "web/cache.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/xalloc.h"

struct page_cache {
    pthread_mutex_t lock;
    struct hash_table index; /* key -> page id */
    struct cached_page **pages; /* pages[id - 1], dense */
    size_t n_pages, cap;
    struct cached_page *newest, *oldest; /* the LRU list, by last use */
    size_t max_bytes;
    int64_t generation; /* the newest seen */
    struct page_cache_stats stats;
};

struct page_cache *page_cache_new(size_t max_bytes)
{
    struct page_cache *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->max_bytes = max_bytes;
    return c;
}

struct cached_page *cached_page_new(const char *etag, size_t size, void *native,
                                    void (*native_free)(void *native))
{
    struct cached_page *p = xcalloc(1, sizeof *p);
    size_t n = strlen(etag);
    if (n >= sizeof p->etag)
        n = sizeof p->etag - 1;
    memcpy(p->etag, etag, n);
    p->size = size;
    p->native = native;
    p->native_free = native_free;
    atomic_init(&p->refs, 1);
    return p;
}

void cached_page_release(struct cached_page *p)
{
    if (!p || atomic_fetch_sub(&p->refs, 1) != 1)
        return;
    if (p->native_free)
        p->native_free(p->native);
    free(p->key);
    free(p);
}

static void lru_unlink(struct page_cache *c, struct cached_page *p)
{
    if (p->prev)
        p->prev->next = p->next;
    else
        c->newest = p->next;
    if (p->next)
        p->next->prev = p->prev;
    else
        c->oldest = p->prev;
    p->prev = p->next = NULL;
}

static void lru_push(struct page_cache *c, struct cached_page *p)
{
    p->prev = NULL;
    p->next = c->newest;
    if (c->newest)
        c->newest->prev = p;
    c->newest = p;
    if (!c->oldest)
        c->oldest = p;
}

/* Takes p out of the cache and drops the cache's reference. Lock held. */
static void drop(struct page_cache *c, struct cached_page *p)
{
    hash_del(&c->index, p->hash, p->id);
    /* The last page fills the place, so the array stays dense. */
    uint32_t last = (uint32_t)c->n_pages--;
    if (p->id != last) {
        struct cached_page *moved = c->pages[last - 1];
        c->pages[p->id - 1] = moved;
        hash_move(&c->index, moved->hash, last, p->id);
        moved->id = p->id;
    }
    lru_unlink(c, p);
    c->stats.entries--;
    c->stats.bytes -= p->size;
    cached_page_release(p);
}

static struct cached_page *find(struct page_cache *c, const char *key, uint64_t hash)
{
    struct hash_probe probe;
    for (uint32_t id = hash_first(&c->index, hash, &probe); id; id = hash_next(&c->index, &probe))
        if (!strcmp(c->pages[id - 1]->key, key))
            return c->pages[id - 1];
    return NULL;
}

struct cached_page *page_cache_get(struct page_cache *c, const char *key, int64_t generation)
{
    uint64_t hash = hash_bytes(key, strlen(key));
    pthread_mutex_lock(&c->lock);
    struct cached_page *p = find(c, key, hash);
    if (p && p->generation != generation) {
        drop(c, p);
        p = NULL;
    }
    if (p) {
        lru_unlink(c, p);
        lru_push(c, p);
        atomic_fetch_add(&p->refs, 1);
        c->stats.hits++;
    } else {
        c->stats.misses++;
    }
    pthread_mutex_unlock(&c->lock);
    return p;
}

void page_cache_put(struct page_cache *c, const char *key, int64_t generation,
                    struct cached_page *p)
{
    pthread_mutex_lock(&c->lock);
    if (generation < c->generation || p->size > c->max_bytes || p->key) {
        pthread_mutex_unlock(&c->lock);
        return;
    }
    if (generation > c->generation) {
        c->generation = generation;
        for (struct cached_page *o = c->oldest, *prev; o; o = prev) {
            prev = o->prev;
            if (o->generation < generation)
                drop(c, o);
        }
    }
    uint64_t hash = hash_bytes(key, strlen(key));
    struct cached_page *old = find(c, key, hash);
    if (old)
        drop(c, old);
    while (c->oldest && c->stats.bytes + p->size > c->max_bytes) {
        drop(c, c->oldest);
        c->stats.evictions++;
    }
    p->key = xstrdup(key);
    p->hash = hash;
    p->generation = generation;
    atomic_fetch_add(&p->refs, 1);
    c->pages = xgrow(c->pages, c->n_pages, &c->cap, sizeof *c->pages, 64);
    c->pages[c->n_pages++] = p;
    p->id = (uint32_t)c->n_pages;
    hash_add(&c->index, hash, p->id);
    lru_push(c, p);
    c->stats.entries++;
    c->stats.bytes += p->size;
    c->stats.stores++;
    pthread_mutex_unlock(&c->lock);
}

void page_cache_invalidate(struct page_cache *c)
{
    pthread_mutex_lock(&c->lock);
    while (c->oldest)
        drop(c, c->oldest);
    pthread_mutex_unlock(&c->lock);
}

void page_cache_stats(struct page_cache *c, struct page_cache_stats *out)
{
    pthread_mutex_lock(&c->lock);
    *out = c->stats;
    pthread_mutex_unlock(&c->lock);
}

void page_cache_free(struct page_cache *c)
{
    if (!c)
        return;
    page_cache_invalidate(c);
    hash_clear(&c->index);
    free(c->pages);
    pthread_mutex_destroy(&c->lock);
    free(c);
}
