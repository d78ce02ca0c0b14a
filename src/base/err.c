#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>

const char *err_name(enum err e)
{
    switch (e) {
    case ERR_OK:
        return "ok";
    case ERR_INVALID:
        return "invalid input";
    case ERR_LIMIT:
        return "limit exceeded";
    case ERR_PARSE:
        return "parse error";
    case ERR_IO:
        return "I/O error";
    case ERR_NOT_FOUND:
        return "not found";
    case ERR_EXISTS:
        return "already exists";
    case ERR_STORE:
        return "database error";
    case ERR_NETWORK:
        return "network error";
    case ERR_HTTP:
        return "HTTP error";
    case ERR_TIMEOUT:
        return "timed out";
    case ERR_DENIED:
        return "denied";
    case ERR_UNSUPPORTED:
        return "unsupported";
    }
    return "unknown error";
}

enum err errf(struct errbuf *eb, enum err code, const char *fmt, ...)
{
    if (eb) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(eb->msg, sizeof eb->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

const char *err_msg(const struct errbuf *eb, enum err code)
{
    if (eb && eb->msg[0])
        return eb->msg;
    return err_name(code);
}
