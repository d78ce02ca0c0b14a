/* omnibus users: the people who may log in to the editor desk (/desk). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/timeutil.h"
#include "cli/cli.h"
#include "web/auth.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: omnibus [--db DSN] users add NAME --role editor|admin\n"
            "       omnibus [--db DSN] users list\n"
            "       omnibus [--db DSN] users remove NAME\n"
            "       omnibus [--db DSN] users passwd NAME\n\n"
            "The people who may log in to the editor desk at /desk (docs/desk.md). add\n"
            "and passwd read the password from the terminal without echo, or the first\n"
            "line of standard input when it is not a terminal; it is stored only as\n"
            "PBKDF2-HMAC-SHA256. Editors review and publish stories; admins also manage\n"
            "people. passwd ends the person's sessions and lifts a lockout.\n");
}

/* One line of password into buf (no newline): from the terminal with echo
 * off, after a prompt on stderr, else from stdin. false (said) when none. */
static bool read_password(const char *prompt, char *buf, size_t size)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        if (tcgetattr(STDIN_FILENO, &old) == 0) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        } else {
            tty = false;
        }
    }
    bool ok = fgets(buf, (int)size, stdin) != NULL;
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    size_t n = ok ? strlen(buf) : 0;
    if (ok && n && buf[n - 1] != '\n' && !feof(stdin)) {
        cli_error("users", "a password over %d bytes", AUTH_PASSWORD_MAX);
        return false;
    }
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    if (!n) {
        cli_error("users", "no password given");
        return false;
    }
    return true;
}

/* A new password, asked twice on a terminal; its hash in *hash. */
static bool new_password_hash(char **hash)
{
    char pw[AUTH_PASSWORD_MAX + 2], again[AUTH_PASSWORD_MAX + 2];
    bool ok = read_password("Password: ", pw, sizeof pw);
    if (ok && isatty(STDIN_FILENO)) {
        ok = read_password("Again: ", again, sizeof again);
        if (ok && strcmp(pw, again)) {
            cli_error("users", "the two passwords differ");
            ok = false;
        }
    }
    struct errbuf eb = {{0}};
    enum err err = ok ? auth_password_hash(pw, hash, &eb) : ERR_OK;
    if (err) {
        cli_error("users", "%s", err_msg(&eb, err));
        ok = false;
    }
    memset(pw, 0, sizeof pw);
    memset(again, 0, sizeof again);
    return ok;
}

static int users_add(struct store *st, int argc, char **argv)
{
    static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
                                         {NULL, 0, NULL, 0}};
    const char *role = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'r') {
            cli_usage_error("users", usage);
            return EXIT_USAGE;
        }
        role = optarg;
    }
    if (optind >= argc || !role || (strcmp(role, "editor") && strcmp(role, "admin")) ||
        cli_unexpected_argument("users add", argc, argv, optind + 1)) {
        if (role && strcmp(role, "editor") && strcmp(role, "admin"))
            cli_error("users", "--role is editor or admin, not \"%s\"", role);
        cli_usage_error("users", usage);
        return EXIT_USAGE;
    }
    const char *name = argv[optind];
    char *hash;
    if (!new_password_hash(&hash))
        return EXIT_FAIL;
    struct errbuf eb = {{0}};
    enum err err = store_desk_user_add(st, name, role, hash, &eb);
    free(hash);
    if (!err)
        err = store_desk_audit_add(st, NULL, "cli", "user added", name, &eb);
    if (err) {
        cli_error("users", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    printf("added %s (%s)\n", name, role);
    return EXIT_OK;
}

static int users_list(struct store *st)
{
    struct desk_user_list l;
    struct errbuf eb = {{0}};
    enum err err = store_desk_user_list(st, &l, &eb);
    if (err) {
        cli_error("users", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    int64_t now = time_now();
    for (size_t i = 0; i < l.len; i++)
        printf("%s\t%s%s\n", l.items[i].name, l.items[i].role,
               l.items[i].locked_until > now ? "\tlocked" : "");
    desk_user_list_clear(&l);
    return EXIT_OK;
}

static int users_name_op(struct store *st, const char *op, const char *name)
{
    struct errbuf eb = {{0}};
    enum err err;
    if (!strcmp(op, "remove")) {
        err = store_desk_user_remove(st, name, &eb);
    } else {
        char *hash;
        if (!new_password_hash(&hash))
            return EXIT_FAIL;
        err = store_desk_user_set_password(st, name, hash, &eb);
        free(hash);
    }
    if (!err)
        err = store_desk_audit_add(st, NULL, "cli",
                                   !strcmp(op, "remove") ? "user removed" : "password set", name,
                                   &eb);
    if (err) {
        cli_error("users", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    printf("%s %s\n", !strcmp(op, "remove") ? "removed" : "new password for", name);
    return EXIT_OK;
}

int cmd_users(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return EXIT_OK;
    }
    const char *op = argc >= 2 ? argv[1] : "";
    bool named = !strcmp(op, "remove") || !strcmp(op, "passwd");
    if (!(!strcmp(op, "add") || !strcmp(op, "list") || named) ||
        (!strcmp(op, "list") && cli_unexpected_argument("users list", argc, argv, 2)) ||
        (named && (argc < 3 || cli_unexpected_argument("users", argc, argv, 3)))) {
        cli_usage_error("users", usage);
        return EXIT_USAGE;
    }
    struct store *st = cli_open_store(cli_default_dsn());
    if (!st)
        return EXIT_FAIL;
    int rc = !strcmp(op, "add")    ? users_add(st, argc - 1, argv + 1)
             : !strcmp(op, "list") ? users_list(st)
                                   : users_name_op(st, op, argv[2]);
    store_close(st);
    return rc;
}
