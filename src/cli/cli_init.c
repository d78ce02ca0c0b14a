/* omnibus init: create or upgrade the database. */
#include "cli/cli.h"

int cmd_init(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: omnibus [--db DSN] init\n\n"
               "Creates the database (or applies new migrations to it) and reports the\n"
               "schema version. Every other command also migrates on start. The first\n"
               "init also creates an admin token for the JSON API and prints it, once.\n");
        return EXIT_OK;
    }
    const char *dsn = cli_default_dsn();
    struct store *st = cli_open_store(dsn);
    if (!st)
        return EXIT_FAIL;
    int version = 0;
    struct errbuf eb = {{0}};
    enum err err = store_schema_version(st, &version, &eb);
    struct admin_token_list tokens = {0};
    if (!err) {
        printf("database %s (%s) at schema version %d\n", dsn, store_engine_name(st), version);
        err = store_admin_token_list(st, &tokens, &eb);
    }
    int rc = err ? EXIT_FAIL : EXIT_OK;
    if (err)
        cli_error("init", "%s", err_msg(&eb, err));
    else if (!tokens.len) /* the first init makes the admin token; later ones do not */
        rc = cli_print_new_token(st, "init");
    admin_token_list_clear(&tokens);
    store_close(st);
    return rc;
}
