/* A test-only pause: lets an end-to-end test hold a stage at a named point and
 * interrupt it there (kill -9), rather than race the stage to that point.
 * Off unless OMNIBUS_TEST_PAUSE is set, which nothing but tests does. */
#ifndef OMNIBUS_BASE_PAUSE_H
#define OMNIBUS_BASE_PAUSE_H

#include <stddef.h>

/* When OMNIBUS_TEST_PAUSE is "POINT:N:FILE", point equals POINT and count is at
 * least N: writes "POINT COUNT" to FILE (the test waits for it) and blocks the
 * calling thread for ever. Otherwise returns at once. A value of another form
 * is ignored. Callers call it where what came before is committed. */
void test_pause(const char *point, size_t count);

#endif
