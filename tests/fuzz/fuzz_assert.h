/* The fuzz targets' invariant check. Unlike assert(), it is never compiled
 * out, and it names the broken promise before it stops the run, so that a
 * crash file from libFuzzer says which property the input violated. */
#ifndef OMNIBUS_FUZZ_ASSERT_H
#define OMNIBUS_FUZZ_ASSERT_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_ASSERT(cond)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", __FILE__, __LINE__, #cond);      \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#endif
