/* Logging to stderr, and a progress line for long jobs that redraws itself on a
 * terminal and stays quiet elsewhere. */
#ifndef OMNIBUS_BASE_LOG_H
#define OMNIBUS_BASE_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Messages below level are dropped (default LOG_INFO; OMNIBUS_LOG=debug|info|warn|error). */
void log_set_level(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

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
