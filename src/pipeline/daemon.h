/* The daemon's work loops: the fetch role and the process role, each a pass
 * every poll seconds over a store connection of its own, until told to stop.
 * Each runs in the thread that calls it (a pthread start routine, or inline
 * for one round); threads, signals and the site are the caller's
 * (cli/cli_run.c). */
#ifndef OMNIBUS_PIPELINE_DAEMON_H
#define OMNIBUS_PIPELINE_DAEMON_H

#include <stdatomic.h>

#include "base/err.h"
#include "pipeline/pipeline.h"

struct pipeline_loop {
    const char *name; /* the role, in messages: "fetch", "process" */
    const char *dsn;  /* the loop opens its own connection */
    const struct pipeline_config *cfg;
    int poll_seconds;  /* between passes; -1: one pass, then end */
    atomic_bool *stop; /* once set, the loop ends after its current pass */
    /* Told from the loop's thread as it ends (failed or stopped), after done is
     * set: how a caller waiting for signals hears of it. May be NULL. */
    void (*ended)(void *arg);
    void *ended_arg;
    /* Set by the loop. A failed pass is logged and the next one tried; err
     * (with eb) is what ended the loop early: the store could not be opened or
     * the worker not prepared. */
    enum err err;
    struct errbuf eb;
    atomic_bool done;
};

/* pipeline_fetch_pass in a loop; each pass's figures logged. arg is the
 * struct pipeline_loop; returns NULL. */
void *pipeline_fetch_loop(void *arg);
/* pipeline_process_pass in a loop, with poll_seconds but at most 5 s between
 * passes; each pass's figures logged. arg is the struct pipeline_loop;
 * returns NULL. */
void *pipeline_process_loop(void *arg);

#endif
