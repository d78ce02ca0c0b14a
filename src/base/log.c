#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/timeutil.h"

/* Set once at start-up from the command line or environment, read by every thread. */
static enum log_level min_level = LOG_INFO;
static bool level_set = false;
static enum log_format format = LOG_FORMAT_TEXT;

void log_set_level(enum log_level level)
{
    min_level = level;
    level_set = true;
}

void log_set_format(enum log_format f)
{
    format = f;
}

static enum log_level current_level(void)
{
    if (level_set)
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

/* The folder under src/ that file sits in ("fetch" for .../src/fetch/fetch.c),
 * into out; "omnibus" for a file elsewhere. */
static void component_of(const char *file, char *out, size_t size)
{
    const char *src = NULL;
    for (const char *p = strstr(file, "src/"); p; p = strstr(p + 1, "src/"))
        src = p + 4;
    const char *slash = src ? strchr(src, '/') : NULL;
    if (!src || !slash) {
        snprintf(out, size, "omnibus");
        return;
    }
    snprintf(out, size, "%.*s", (int)(slash - src), src);
}

/* line as a JSON string body: quotes, backslashes and control bytes escaped. */
static void json_escaped(FILE *f, const char *line)
{
    for (const unsigned char *p = (const unsigned char *)line; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
}

void log_msg(enum log_level level, const char *file, const char *fmt, ...)
{
    if (level < current_level())
        return;
    static const char *names[] = {"debug", "info", "warn", "error"};
    char line[2048], when[40], component[32];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    int64_t now_ms = time_now_ms();
    char seconds[21];
    time_format_rfc3339(now_ms / 1000, seconds); /* "2026-12-06T17:30:01Z" */
    snprintf(when, sizeof when, "%.19s.%03dZ", seconds, (int)(now_ms % 1000));
    component_of(file, component, sizeof component);
    /* One fprintf per line, so lines of different threads do not interleave. */
    if (format == LOG_FORMAT_JSON) {
        flockfile(stderr);
        fprintf(stderr, "{\"time\":\"%s\",\"level\":\"%s\",\"component\":\"%s\",\"message\":\"",
                when, names[level], component);
        json_escaped(stderr, line);
        fputs("\"}\n", stderr);
        funlockfile(stderr);
    } else {
        fprintf(stderr, "%s %s %s: %s\n", when, names[level], component, line);
    }
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
