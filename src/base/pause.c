/* The test-only pause (pause.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/pause.h"

void test_pause(const char *point, size_t count)
{
    const char *spec = getenv("OMNIBUS_TEST_PAUSE");
    if (!spec)
        return;
    size_t len = strlen(point);
    if (strncmp(spec, point, len) || spec[len] != ':')
        return;
    char *end;
    unsigned long long at = strtoull(spec + len + 1, &end, 10);
    if (end == spec + len + 1 || *end != ':' || !end[1] || count < at)
        return;
    /* Written and closed before the wait, so the test reads a whole line. */
    FILE *f = fopen(end + 1, "w");
    if (f) {
        fprintf(f, "%s %zu\n", point, count);
        fclose(f);
    }
    for (;;)
        nanosleep(&(struct timespec){1, 0}, NULL);
}
