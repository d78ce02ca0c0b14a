/* Retry-After values come from any server: delay-seconds or an HTTP date, or
 * anything else. Parsing must not crash, and a wait it reports is never negative. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_assert.h"
#include "base/xalloc.h"
#include "fetch/fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = xstrndup((const char *)data, size);
    int64_t wait = 0;
    if (fetch_parse_retry_after(text, 1700000000, &wait))
        FUZZ_ASSERT(wait >= 0);
    free(text);
    return 0;
}
