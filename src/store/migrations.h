/* The schema migrations compiled into the binary (generated from src/store/schema). */
#ifndef OMNIBUS_STORE_MIGRATIONS_H
#define OMNIBUS_STORE_MIGRATIONS_H

#include <stddef.h>

struct migration {
    int version;
    const char *name;
    const char *common; /* for both engines, or NULL */
    const char *sqlite; /* SQLite only, run after common, or NULL */
    const char *pg;     /* PostgreSQL only, run after common, or NULL */
};

extern const struct migration migrations[];
extern const size_t migrations_count;

#endif
