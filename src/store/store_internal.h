/* What the store's own files share: the store is a connection plus helpers. */
#ifndef OMNIBUS_STORE_INTERNAL_H
#define OMNIBUS_STORE_INTERNAL_H

#include "store/db.h"
#include "store/store.h"

struct store {
    struct db *db;
};

/* Prepares sql on st's connection, with the engine's message in eb on failure. */
MUST_CHECK enum err store_prepare(struct store *st, const char *sql, struct db_stmt **out,
                                  struct errbuf *eb);

#endif
