/* The store: the one interface every stage uses to keep and read its data, the
 * same on SQLite and PostgreSQL. No SQL exists outside src/store/. A struct store
 * is one connection: open one per thread. This header opens, closes and copies a
 * store; each area's functions are in its own header, included below in the
 * order of the pipeline.
 *
 * Every store function returns ERR_OK, or ERR_STORE with the engine's message in
 * eb when the database fails; its contract names any other error. Ownership is
 * as src/base/README.md says: arguments are borrowed; structs filled through out
 * own their strings, and the caller frees them with the struct's _clear. */
#ifndef OMNIBUS_STORE_STORE_H
#define OMNIBUS_STORE_STORE_H

#include <stdint.h>

#include "base/err.h"

struct store;

/* Opens the database named by dsn ("sqlite:PATH", a bare path, or
 * "postgres://...") and applies pending migrations. Caller owns *out
 * (store_close). ERR_INVALID for an empty dsn or an empty SQLite path. */
MUST_CHECK enum err store_open(const char *dsn, struct store **out, struct errbuf *eb);
void store_close(struct store *st); /* NULL-safe */
/* Bounds what SQLite's page caches take in this process, over all its
 * connections (SQLite sheds cached pages as it nears the bound; 0: no bound).
 * Each connection caches up to 64 MiB, so a daemon's handful of connections
 * would otherwise grow with the database. No effect on PostgreSQL, whose
 * server keeps the caches. */
void store_bound_sqlite_memory(int64_t bytes);
/* Copies the database into a new file at path (which must not exist) while
 * other connections may write: a consistent snapshot. ERR_UNSUPPORTED on
 * PostgreSQL (eb says to use pg_dump), ERR_IO when path cannot be written. */
MUST_CHECK enum err store_backup(struct store *st, const char *path, struct errbuf *eb);
/* "sqlite" or "postgres"; a static string. */
const char *store_engine_name(const struct store *st);
/* The highest migration applied. */
MUST_CHECK enum err store_schema_version(struct store *st, int *version, struct errbuf *eb);

/* Groups several writes into one transaction (they nest). */
MUST_CHECK enum err store_begin(struct store *st, struct errbuf *eb);
MUST_CHECK enum err store_commit(struct store *st, struct errbuf *eb);
void store_rollback(struct store *st);

/* Copies every row of the tables both engines share (those the common
 * migrations create, in migration order) from `from` into `to`: from one
 * snapshot of `from`, in one transaction on `to`, so that a failure leaves
 * `to` as it was. Both must be at the same schema version (store_open brings
 * them there) and `to` must hold no rows (ERR_EXISTS, naming a table). On
 * PostgreSQL, identity sequences continue after the copied ids. on_table (may
 * be NULL) hears each table's row count as it is done. Reading from
 * PostgreSQL holds one table in memory at a time. ERR_INVALID when the schema
 * versions differ; ERR_UNSUPPORTED for a table or column that cannot be copied. */
MUST_CHECK enum err store_copy_all(struct store *from, struct store *to,
                                   void (*on_table)(const char *table, int64_t rows, void *ctx),
                                   void *ctx, struct errbuf *eb);

#include "store/source.h"        /* sources and their fetch state */
#include "store/article.h"       /* articles from the feeds */
#include "store/extract_store.h" /* what articles' own pages say */
#include "store/text_store.h"    /* sentences, quotes, names; full-text search */
#include "store/kb_store.h"      /* the knowledge base */
#include "store/link_store.h"    /* entity candidates and mentions */
#include "store/story_store.h"   /* stories */
#include "store/roundup_store.h" /* roundup versions */
#include "store/site.h"          /* admin tokens, site generation, counters */
#include "store/work.h"          /* work claims, roles, the compose queue */
#include "store/stats.h"         /* table sizes, queue lengths */
#include "store/retention.h"     /* old bodies dropped, shown excerpts kept */
#include "store/desk_store.h"    /* the editor desk: people, sessions, decisions, audit */

#endif
