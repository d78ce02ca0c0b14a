/* Errors as values: every fallible call returns an enum err and, when the caller
 * passes one, fills a struct errbuf with a message a person understands, naming
 * what the error came from (the source, the URL, the line). */
#ifndef OMNIBUS_BASE_ERR_H
#define OMNIBUS_BASE_ERR_H

#define MUST_CHECK __attribute__((warn_unused_result))

enum err {
    ERR_OK = 0,
    ERR_INVALID,     /* bad argument or bad input */
    ERR_LIMIT,       /* a configured limit was hit (size, depth, count, time) */
    ERR_PARSE,       /* input could not be parsed at all */
    ERR_IO,          /* file or OS error */
    ERR_NOT_FOUND,   /* no such row, file or key */
    ERR_EXISTS,      /* unique key already present */
    ERR_STORE,       /* database error */
    ERR_NETWORK,     /* connection, DNS, TLS */
    ERR_HTTP,        /* an HTTP status that is an error */
    ERR_TIMEOUT,     /* took longer than allowed */
    ERR_DENIED,      /* refused by a policy (address guard, missing token) */
    ERR_UNSUPPORTED, /* a format or feature we do not handle */
};

struct errbuf {
    char msg[512];
};

/* Name of an error code ("limit", "parse"...); never NULL. */
const char *err_name(enum err e);

/* Formats a message into eb (when eb is not NULL) and returns code, so that
 * `return errf(eb, ERR_LIMIT, "body over %zu bytes", max);` reads naturally. */
enum err errf(struct errbuf *eb, enum err code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The message in eb, or the code's name when eb holds none. */
const char *err_msg(const struct errbuf *eb, enum err code);

#endif
