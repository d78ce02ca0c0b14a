#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "pipeline/pipeline.h"

const char *cli_default_dsn(void)
{
    const char *env = getenv("OMNIBUS_DB");
    return env && *env ? env : "sqlite:omnibus.db";
}

/* The file a SQLite DSN names ("sqlite:PATH" or a bare PATH), or NULL for
 * another engine. */
static const char *sqlite_path(const char *dsn)
{
    if (!strncmp(dsn, "postgres://", 11) || !strncmp(dsn, "postgresql://", 13))
        return NULL;
    return !strncmp(dsn, "sqlite:", 7) ? dsn + 7 : dsn;
}

static struct store *open_store(const char *dsn)
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

struct store *cli_open_store(const char *dsn)
{
    const char *path = sqlite_path(dsn);
    if (path && strcmp(path, ":memory:") && access(path, F_OK)) {
        fprintf(stderr,
                "omnibus: no database at %s (%s); create it with `omnibus --db %s init`, "
                "or name another with --db\n",
                path, strerror(errno), dsn);
        return NULL;
    }
    return open_store(dsn);
}

struct store *cli_create_store(const char *dsn)
{
    return open_store(dsn);
}

void cli_usage_error(const char *cmd, void (*usage)(FILE *out))
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem) {
        usage(mem);
        fclose(mem);
    }
    /* The usage lines only: the text up to its first blank line. */
    const char *end = text ? strstr(text, "\n\n") : NULL;
    if (text)
        fprintf(stderr, "%.*s\n", end ? (int)(end - text) : (int)len, text);
    fprintf(stderr, "(`omnibus %s --help` tells more)\n", cmd);
    free(text);
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

/* One key of a KEY=N,... option: a field of unsigned (or int: the same
 * object representation for the values allowed) at offset. */
struct kv_key {
    const char *name;
    size_t offset;
    long min, max;
};

/* Reads arg, KEY=N pairs comma-separated, into the fields of base; false
 * (said, naming option and the keys in words) when a key is unknown or a value
 * out of range. */
static bool kv_option(const char *cmd, const char *option, const char *words, const char *arg,
                      const struct kv_key *keys, size_t n_keys, void *base)
{
    char *copy = strdup(arg), *save = NULL;
    if (!copy)
        abort();
    bool ok = true;
    for (char *kv = strtok_r(copy, ",", &save); kv && ok; kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        size_t i = 0;
        if (eq) {
            *eq = '\0';
            while (i < n_keys && strcmp(kv, keys[i].name))
                i++;
        }
        if (!eq || i == n_keys) {
            cli_error(cmd, "--%s takes KEY=N,... with the keys %s, not \"%s\"", option, words,
                      arg);
            ok = false;
            break;
        }
        long v;
        ok = cli_number_option(cmd, keys[i].name, eq + 1, keys[i].min, keys[i].max, &v);
        if (ok)
            *(unsigned *)((char *)base + keys[i].offset) = (unsigned)v;
    }
    free(copy);
    return ok;
}

bool cli_limits_option(const char *cmd, const char *arg, struct policy_config *pc)
{
    static const struct kv_key keys[] = {
        {"connections", offsetof(struct policy_config, max_connections), 1, 100000},
        {"per-client", offsetof(struct policy_config, max_per_client), 1, 100000},
        {"request-seconds", offsetof(struct policy_config, request_seconds), 1, 3600},
        {"rate", offsetof(struct policy_config, rate), 0, 1000000},
        {"burst", offsetof(struct policy_config, burst), 1, 1000000},
    };
    return kv_option(cmd, "limits", "connections, per-client, request-seconds, rate and burst",
                     arg, keys, sizeof keys / sizeof keys[0], pc);
}

bool cli_notify_option(const char *cmd, const char *arg, struct notify_config *n)
{
    static const struct kv_key keys[] = {
        {"newsrooms", offsetof(struct notify_config, newsrooms), 0, 100000},
        {"growth", offsetof(struct notify_config, growth_per_hour), 0, 1000000},
    };
    return kv_option(cmd, "notify", "newsrooms and growth", arg, keys,
                     sizeof keys / sizeof keys[0], n);
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

bool cli_publish_option(const char *cmd, const char *arg, enum publish_mode *out)
{
    if (publish_mode_parse(arg, out))
        return true;
    cli_error(cmd, "--publish takes auto or desk, not \"%s\"", arg);
    return false;
}

bool cli_set_publish(const char *cmd, struct store *st, enum publish_mode mode)
{
    struct errbuf eb = {{0}};
    enum err err = publish_mode_set(st, mode, &eb);
    if (err)
        cli_error(cmd, "%s", err_msg(&eb, err));
    return !err;
}
