#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

const char *cli_default_dsn(void)
{
    const char *env = getenv("OMNIBUS_DB");
    return env && *env ? env : "sqlite:omnibus.db";
}

struct store *cli_open_store(const char *dsn)
{
    struct store *st;
    struct errbuf eb = {{0}};
    enum err err = store_open(dsn, &st, &eb);
    if (err) {
        fprintf(stderr, "omnibus: cannot open database %s: %s\n", dsn, err_msg(&eb, err));
        return NULL;
    }
    return st;
}

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "omnibus %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return true;
    return false;
}
