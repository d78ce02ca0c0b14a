/* The subcommands of the omnibus binary, and what they share: the --db option,
 * opening the store, usage text. Each cli_*.c holds one command group; main.c
 * only dispatches to them. Commands return the process exit status. */
#ifndef OMNIBUS_CLI_CLI_H
#define OMNIBUS_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "store/store.h"

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct command {
    const char *name;
    const char *summary; /* one line for `omnibus --help` */
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

/* The database named by --db, else OMNIBUS_DB, else "sqlite:omnibus.db". */
const char *cli_default_dsn(void);
/* Opens (and migrates) the store for dsn, printing a readable error on failure. */
struct store *cli_open_store(const char *dsn);
/* Prints "omnibus CMD: message" to stderr. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* True when argv holds -h or --help. */
bool cli_wants_help(int argc, char **argv);

int cmd_init(int argc, char **argv);
int cmd_sources(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_feed(int argc, char **argv);
int cmd_cluster(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_story(int argc, char **argv);

#endif
