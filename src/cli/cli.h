/* The subcommands of the omnibus binary, and what they share: the --db option,
 * opening the store, usage text. Each cli_*.c holds one command group; main.c
 * only dispatches to them. Commands return the process exit status. */
#ifndef OMNIBUS_CLI_CLI_H
#define OMNIBUS_CLI_CLI_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "compose/compose.h"
#include "store/store.h"
#include "web/policy.h"

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct command {
    const char *name;
    const char *summary;               /* one line for `omnibus --help` */
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

/* The database named by --db, else OMNIBUS_DB, else "sqlite:omnibus.db". */
const char *cli_default_dsn(void);
/* Opens (and migrates) the existing store for dsn, printing a readable error
 * on failure; a SQLite file that does not exist is refused, not created (a
 * typo'd --db must not make a new empty database). */
struct store *cli_open_store(const char *dsn);
/* cli_open_store that creates a missing SQLite file: for init, demo and the
 * target of migrate. */
struct store *cli_create_store(const char *dsn);
/* After a line naming what was wrong: prints the usage lines of usage's text
 * (up to its first blank line) and where to read more, on stderr. */
void cli_usage_error(const char *cmd, void (*usage)(FILE *out));
/* Prints "omnibus CMD: message" to stderr. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reads the file at path ("-" for standard input) into a new NUL-terminated
 * buffer (free() it), at most max bytes: ERR_LIMIT past that, ERR_IO when it
 * cannot be read; eb names the file. */
MUST_CHECK enum err cli_read_file(const char *path, size_t max, char **out, size_t *len,
                                  struct errbuf *eb);
/* arg, the value of command cmd's option --name, as a decimal number from min
 * to max into *out; false (with a message naming the option and the range)
 * for anything else, so "5m", "-1" or a value past long is refused rather
 * than read in part or wrapped. */
MUST_CHECK bool cli_number_option(const char *cmd, const char *name, const char *arg, long min,
                                  long max, long *out);
/* Reads --limits: KEY=N pairs, comma-separated (connections, per-client,
 * request-seconds, rate, burst; docs/web.md), into pc; false (said) when one
 * is unknown or out of range. */
MUST_CHECK bool cli_limits_option(const char *cmd, const char *arg, struct policy_config *pc);
struct notify_config;
/* Reads --notify: newsrooms=N,growth=N (docs/desk.md) into n; false (said)
 * when a key is unknown or out of range. */
MUST_CHECK bool cli_notify_option(const char *cmd, const char *arg, struct notify_config *n);
/* Reads --publish (auto or desk) into *out; false (said) for anything else. */
MUST_CHECK bool cli_publish_option(const char *cmd, const char *arg, enum publish_mode *out);
/* Stores mode as the site's publishing mode in st; false (said) when the
 * store fails. */
MUST_CHECK bool cli_set_publish(const char *cmd, struct store *st, enum publish_mode mode);
/* The help lines of --publish, for a command's usage. */
#define CLI_PUBLISH_HELP                                                                           \
    "  --publish   auto: roundups go out as composed (the default); desk: new\n"                   \
    "              roundups and versions wait as drafts until an editor publishes\n"               \
    "              them at /desk (docs/desk.md). Kept in the database for every\n"                 \
    "              process of the site; without it the stored mode stays.\n"
/* --db-cache-mb: what SQLite's page caches may take in a daemon, over all
 * its connections (store_bound_sqlite_memory). */
#define CLI_DB_CACHE_MB_DEFAULT 16L
#define CLI_DB_CACHE_MB_MAX 65536L
#define CLI_DB_CACHE_HELP                                                                          \
    "  --db-cache-mb  what SQLite's page caches may take, over all connections\n"                 \
    "              (default 16; 0: 64 MiB per connection, no total)\n"
/* True when argv[end..argc) is not empty: arguments past those the command
 * takes. Then prints "omnibus CMD: unexpected argument 'ARG'" for the first. */
bool cli_unexpected_argument(const char *cmd, int argc, char **argv, int end);
/* True when argv holds -h or --help. */
bool cli_wants_help(int argc, char **argv);
/* Blocks SIGINT and SIGTERM in the calling thread and ignores SIGPIPE; call it
 * before any thread starts, so every thread inherits the mask and the caller
 * alone takes the signals with sigwait(stop). */
void cli_block_stop_signals(sigset_t *stop);
/* The signal a command's thread sends its main thread (cli_wake) when it ends,
 * so that the main thread, in sigwait for a stop signal, hears of it at once. */
#define CLI_WAKE_SIGNAL SIGUSR1
/* cli_block_stop_signals, with CLI_WAKE_SIGNAL blocked and added to *wait too:
 * sigwait(wait) returns on a stop signal or on a thread's cli_wake. */
void cli_block_stop_and_wake_signals(sigset_t *wait);
/* Sends CLI_WAKE_SIGNAL to the thread main (blocked there, see above). */
void cli_wake(pthread_t main);
/* Ends the process at once as killed by sig (a stop signal taken by sigwait):
 * for a second stop signal, or one that comes while work cannot be stopped
 * between two steps. What the store committed stays; nothing else is undone.
 * Does not return. */
_Noreturn void cli_stop_at_once(int sig);
/* Prints "omnibus: serving http://HOST:PORT/ (database DSN); Ctrl-C stops" on
 * standard output (flushed: tests read it) for a server bound to port of
 * listen ("HOST:PORT" as configured). */
void cli_print_serving(const char *listen, unsigned port, const char *dsn);

int cmd_init(int argc, char **argv);
int cmd_sources(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_feed(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_users(int argc, char **argv);

/* Creates an admin token named name and prints it (the one time it is shown).
 * Returns an exit status. */
int cli_print_new_token(struct store *st, const char *name);
int cmd_text(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_roundup(int argc, char **argv);
int cmd_kb(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_cluster(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_prune(int argc, char **argv);
int cmd_story(int argc, char **argv);

#endif
