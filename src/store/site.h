/* The site (src/store/site.c): admin API tokens, the generation counter that
 * tells a cached page whether it is still valid, and the counters of
 * /metrics. */
#ifndef OMNIBUS_STORE_SITE_H
#define OMNIBUS_STORE_SITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

/* An admin API token as stored: only its hash, never the token itself. */
struct admin_token {
    int64_t id;
    char *name;
    char *hash; /* lower-case hex SHA-256 of the token */
    int64_t created_at;
};

struct admin_token_list {
    struct admin_token *items;
    size_t len;
};

void admin_token_list_clear(struct admin_token_list *l); /* NULL-safe */

/* Stores a token's hash under a name for people ("init", "ci"). ERR_EXISTS if
 * the hash is stored already, ERR_INVALID without a name or a hash. */
MUST_CHECK enum err store_admin_token_add(struct store *st, const char *name, const char *hash,
                                          int64_t *id, struct errbuf *eb);
/* Every stored token, oldest first. Caller owns *out (admin_token_list_clear). */
MUST_CHECK enum err store_admin_token_list(struct store *st, struct admin_token_list *out,
                                           struct errbuf *eb);

/* The site generation: a counter that moves with every write to a table whose
 * rows the pages show (triggers in the schema). A page rendered after reading
 * generation G is valid until the generation differs from G. */
MUST_CHECK enum err store_site_generation(struct store *st, int64_t *gen, struct errbuf *eb);
/* Moves the site generation, as part of the open transaction if there is one.
 * For writes to tables that carry no trigger: the per-article search and
 * mention tables (Citus refuses triggers on distributed tables) and a KB
 * import, which calls it once instead of once per entity. */
MUST_CHECK enum err store_site_changed(struct store *st, struct errbuf *eb);

/* Counters for /metrics, read in one query. */
struct site_stats {
    int64_t sources;
    int64_t sources_enabled;
    int64_t sources_failing; /* last fetch failed (consecutive_failures > 0) */
    int64_t sources_ill_formed;
    int64_t articles;
    int64_t feed_items_seen; /* sum over sources of items seen in their feeds */
    int64_t last_success_at; /* newest successful fetch, 0 if none */
    int64_t db_heap_bytes;   /* the engine's memory in this process, -1 if not its to say */
};
MUST_CHECK enum err store_site_stats(struct store *st, struct site_stats *out, struct errbuf *eb);

#endif
