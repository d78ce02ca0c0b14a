#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/timeutil.h"

/* Set once at start-up from the command line or environment, read by every thread. */
static enum log_level min_level = LOG_INFO;
static int level_from_env = 0;

void log_set_level(enum log_level level)
{
    min_level = level;
    level_from_env = 1;
}

static enum log_level env_level(void)
{
    if (level_from_env)
        return min_level;
    const char *e = getenv("OMNIBUS_LOG");
    if (!e)
        return min_level;
    if (!strcmp(e, "debug"))
        return LOG_DEBUG;
    if (!strcmp(e, "warn"))
        return LOG_WARN;
    if (!strcmp(e, "error"))
        return LOG_ERROR;
    return LOG_INFO;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    if (level < env_level())
        return;
    static const char *names[] = {"debug", "info", "warn", "error"};
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "omnibus: %s: %s\n", names[level], line);
}

void progress_start(struct progress *p, const char *label, uint64_t total)
{
    p->label = label;
    p->total = total;
    p->done = 0;
    p->started_ms = time_now_ms();
    p->drawn_ms = 0;
    p->tty = isatty(STDERR_FILENO);
}

void progress_update(struct progress *p, uint64_t done, const char *extra)
{
    p->done = done;
    if (!p->tty)
        return;
    int64_t now = time_now_ms();
    if (now - p->drawn_ms < 100 && done != p->total)
        return;
    p->drawn_ms = now;
    double secs = (double)(now - p->started_ms) / 1000.0;
    double rate = secs > 0 ? (double)done / secs : 0;
    if (p->total) {
        double eta = rate > 0 ? (double)(p->total - done) / rate : 0;
        fprintf(stderr, "\r\033[K%s: %llu/%llu (%.0f%%) %.0f/s ETA %.0fs %s", p->label,
                (unsigned long long)done, (unsigned long long)p->total,
                100.0 * (double)done / (double)p->total, rate, eta, extra ? extra : "");
    } else {
        fprintf(stderr, "\r\033[K%s: %llu %.0f/s %s", p->label, (unsigned long long)done, rate,
                extra ? extra : "");
    }
}

void progress_end(struct progress *p)
{
    if (p->tty)
        fprintf(stderr, "\r\033[K");
}
