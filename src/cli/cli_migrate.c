/* omnibus migrate: move an installation to another database (SQLite to
 * PostgreSQL when one machine is no longer enough); omnibus backup: a copy of
 * a SQLite database taken while it is in use. */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static void print_table(const char *table, int64_t rows, void *ctx)
{
    int64_t *total = ctx;
    *total += rows;
    printf("  %-24s %" PRId64 " rows\n", table, rows);
}

static void usage(FILE *out)
{
    fprintf(out, "usage: omnibus migrate --from DSN --to DSN\n\n"
                 "Copies every row of the database --from into the new, empty database --to\n"
                 "(sqlite:PATH, PATH or postgres://...), in one transaction: on any error\n"
                 "the target is left as it was. Both are first brought to the current\n"
                 "schema. Stop writers to --from first, or what they write meanwhile stays\n"
                 "behind. Example:\n"
                 "  omnibus migrate --from sqlite:omnibus.db --to postgres://omnibus@db/omnibus\n");
}

/* Reads "--name VALUE" or "--name=VALUE" at argv[*i]; true when it matched. */
static bool option(int argc, char **argv, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n))
        return false;
    if (argv[*i][n] == '=') {
        *value = argv[*i] + n + 1;
        return true;
    }
    if (argv[*i][n] || *i + 1 >= argc)
        return false;
    *value = argv[++*i];
    return true;
}

int cmd_migrate(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return EXIT_OK;
    }
    const char *from = NULL, *to = NULL;
    for (int i = 1; i < argc; i++) {
        if (!option(argc, argv, &i, "--from", &from) && !option(argc, argv, &i, "--to", &to)) {
            cli_error("migrate", "unknown argument '%s'", argv[i]);
            cli_usage_error("migrate", usage);
            return EXIT_USAGE;
        }
    }
    if (!from || !to || !*from || !*to) {
        cli_error("migrate", "both --from DSN and --to DSN are needed");
        cli_usage_error("migrate", usage);
        return EXIT_USAGE;
    }
    if (!strcmp(from, to)) {
        cli_error("migrate", "--from and --to name the same database");
        return EXIT_USAGE;
    }
    struct store *src = cli_open_store(from);
    if (!src)
        return EXIT_FAIL;
    struct store *dst = cli_create_store(to);
    if (!dst) {
        store_close(src);
        return EXIT_FAIL;
    }
    /* The DSNs are not repeated: they may hold a password. */
    printf("copying from %s to %s\n", store_engine_name(src), store_engine_name(dst));
    int64_t total = 0;
    struct errbuf eb = {{0}};
    enum err err = store_copy_all(src, dst, print_table, &total, &eb);
    if (err)
        cli_error("migrate", "%s; nothing was written to the target", err_msg(&eb, err));
    else
        printf("copied %" PRId64 " rows\n", total);
    store_close(dst);
    store_close(src);
    return err ? EXIT_FAIL : EXIT_OK;
}

static void backup_usage(FILE *out)
{
    fprintf(out, "usage: omnibus [--db DSN] backup FILE\n\n"
                 "Copies the SQLite database into the new file FILE while omnibus keeps\n"
                 "running (SQLite's online backup API): a consistent snapshot, usable as\n"
                 "--db FILE. FILE must not exist. For PostgreSQL use its own tools:\n"
                 "  pg_dump -Fc omnibus > omnibus.dump    (pg_restore brings it back)\n");
}

int cmd_backup(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        backup_usage(stdout);
        return EXIT_OK;
    }
    if (argc < 2 || argv[1][0] == '-' || cli_unexpected_argument("backup", argc, argv, 2)) {
        if (argc < 2)
            cli_error("backup", "name the file to write");
        else if (argv[1][0] == '-')
            cli_error("backup", "unknown option '%s'", argv[1]);
        cli_usage_error("backup", backup_usage);
        return EXIT_USAGE;
    }
    const char *path = argv[1];
    if (!access(path, F_OK)) {
        cli_error("backup", "%s exists; name a new file", path);
        return EXIT_FAIL;
    }
    struct store *st = cli_open_store(cli_default_dsn());
    if (!st)
        return EXIT_FAIL;
    struct errbuf eb = {{0}};
    enum err err = store_backup(st, path, &eb);
    store_close(st);
    if (err) {
        cli_error("backup", "%s", err_msg(&eb, err));
        if (err != ERR_UNSUPPORTED)
            unlink(path); /* a partial copy is not a backup */
        return EXIT_FAIL;
    }
    printf("backed up to %s\n", path);
    return EXIT_OK;
}
