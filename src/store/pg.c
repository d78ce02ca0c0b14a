/* The PostgreSQL engine of db.h (libpq). */
#include <stddef.h>

#include "store/db.h"

enum err pg_db_open(const char *conninfo, struct db **out, struct errbuf *eb)
{
    (void)conninfo;
    *out = NULL;
    return errf(eb, ERR_UNSUPPORTED, "the PostgreSQL engine is not built yet (issue 9)");
}
