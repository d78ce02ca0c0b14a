/* Logging to stderr, one line a message with time, level and component (the
 * src/ folder that logged it), as text or JSON; and a progress line for long
 * jobs that redraws itself on a terminal and stays quiet elsewhere. */
#ifndef OMNIBUS_BASE_LOG_H
#define OMNIBUS_BASE_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };
enum log_format { LOG_FORMAT_TEXT, LOG_FORMAT_JSON };

/* Messages below level are dropped (default LOG_INFO, or $OMNIBUS_LOG =
 * debug|info|warn|error). Set once at start-up, before threads start. */
void log_set_level(enum log_level level);
/* Text: "2026-12-06T17:30:01.123Z warn fetch: message". JSON: one object a
 * line, {"time","level","component","message"}. Set once at start-up. */
void log_set_format(enum log_format format);
/* file is the logging source file (__FILE__): its folder under src/ names the
 * component. */
void log_msg(enum log_level level, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_debug(...) log_msg(LOG_DEBUG, __FILE__, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __FILE__, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __FILE__, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __FILE__, __VA_ARGS__)

struct progress {
    const char *label;
    uint64_t total; /* 0 when unknown */
    uint64_t done;
    int64_t started_ms;
    int64_t drawn_ms;
    bool tty;
};

/* Starts a progress line on stderr; draws only when stderr is a terminal. */
void progress_start(struct progress *p, const char *label, uint64_t total);
/* Sets the amount done and redraws at most ten times a second; extra is a short
 * note shown after the counts (may be NULL). */
void progress_update(struct progress *p, uint64_t done, const char *extra);
/* Clears the line. */
void progress_end(struct progress *p);

#endif
