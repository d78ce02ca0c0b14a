/* omnibus token create: a new admin token for the JSON API's write side. */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "web/auth.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: omnibus [--db DSN] token create [--name NAME]\n\n"
                 "Creates an admin token and prints it once: only its SHA-256 is stored.\n"
                 "Send it as \"Authorization: Bearer TOKEN\" to POST/DELETE /api/sources.\n");
}

int cli_print_new_token(struct store *st, const char *name)
{
    char token[AUTH_TOKEN_LEN + 1];
    struct errbuf eb = {{0}};
    enum err err = auth_token_create(st, name, token, &eb);
    if (err) {
        cli_error("token", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    printf("admin token \"%s\" (shown once, stored hashed): %s\n", name, token);
    return EXIT_OK;
}

int cmd_token(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return EXIT_OK;
    }
    if (argc < 2 || strcmp(argv[1], "create")) {
        cli_usage_error("token", usage);
        return EXIT_USAGE;
    }
    static const struct option opts[] = {{"name", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    const char *name = "cli";
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        if (c != 'n') {
            cli_usage_error("token", usage);
            return EXIT_USAGE;
        }
        name = optarg;
    }
    if (cli_unexpected_argument("token create", argc - 1, argv + 1, optind)) {
        cli_usage_error("token", usage);
        return EXIT_USAGE;
    }
    struct store *st = cli_open_store(cli_default_dsn());
    if (!st)
        return EXIT_FAIL;
    int rc = cli_print_new_token(st, name);
    store_close(st);
    return rc;
}
