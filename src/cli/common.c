#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
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

bool cli_number_option(const char *cmd, const char *name, const char *arg, long min, long max,
                       long *out)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < min || v > max) {
        cli_error(cmd, "--%s takes a whole number from %ld to %ld, not \"%s\"", name, min, max,
                  arg);
        return false;
    }
    *out = v;
    return true;
}

bool cli_unexpected_argument(const char *cmd, int argc, char **argv, int end)
{
    if (end >= argc)
        return false;
    cli_error(cmd, "unexpected argument '%s'", argv[end]);
    return true;
}

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return true;
    return false;
}

enum err cli_read_file(const char *path, size_t max, char **out, size_t *len, struct errbuf *eb)
{
    *out = NULL;
    *len = 0;
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f)
        return errf(eb, ERR_IO, "cannot open %s", path);
    struct buf b;
    buf_init(&b, max);
    char chunk[65536];
    size_t n;
    enum err err = ERR_OK;
    while (!err && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        err = buf_append(&b, chunk, n);
    if (!err && ferror(f))
        err = errf(eb, ERR_IO, "cannot read %s", path);
    else if (err)
        errf(eb, err, "%s is larger than %zu bytes", path, max);
    if (f != stdin)
        fclose(f);
    if (err) {
        buf_clear(&b);
        return err;
    }
    *len = b.len;
    *out = buf_steal(&b);
    return ERR_OK;
}

void cli_block_stop_signals(sigset_t *stop)
{
    sigemptyset(stop);
    sigaddset(stop, SIGINT);
    sigaddset(stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, stop, NULL);
    signal(SIGPIPE, SIG_IGN);
}

void cli_block_stop_and_wake_signals(sigset_t *wait)
{
    cli_block_stop_signals(wait);
    sigaddset(wait, CLI_WAKE_SIGNAL);
    pthread_sigmask(SIG_BLOCK, wait, NULL);
}

void cli_wake(pthread_t main)
{
    pthread_kill(main, CLI_WAKE_SIGNAL);
}

void cli_stop_at_once(int sig)
{
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    signal(sig, SIG_DFL);
    pthread_sigmask(SIG_UNBLOCK, &one, NULL);
    raise(sig);
    /* Only when sig's default action did not end the process. */
    _exit(128 + sig);
}

void cli_print_serving(const char *listen, unsigned port, const char *dsn)
{
    const char *colon = strrchr(listen, ':');
    printf("omnibus: serving http://%.*s:%u/ (database %s); Ctrl-C stops\n", (int)(colon - listen),
           listen, port, dsn);
    fflush(stdout);
}
