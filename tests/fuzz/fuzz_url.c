/* libFuzzer target: url_resolve and url_canonical. The input is a base URL, a
 * newline, and a reference. Besides crashes, it stops when the canonical form
 * is not a fixed point (canonicalising it again must give it back) or is not
 * an http(s) URL. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_assert.h"
#include "base/url.h"
#include "base/xalloc.h"

static void check_canonical(const char *url)
{
    char *c1 = NULL, *c2 = NULL;
    if (url_canonical(url, &c1, NULL))
        return;
    /* Canonical URLs are http(s), and canonicalising one again changes nothing. */
    FUZZ_ASSERT(url_is_http(c1));
    FUZZ_ASSERT(url_canonical(c1, &c2, NULL) == ERR_OK && !strcmp(c1, c2));
    free(c1);
    free(c2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = xstrndup((const char *)data, size);
    char *nl = strchr(s, '\n');
    const char *base = NULL, *ref = s;
    if (nl) {
        *nl = '\0';
        base = s;
        ref = nl + 1;
    }
    char *abs = url_resolve(base, ref);
    check_canonical(ref);
    if (abs)
        check_canonical(abs);
    free(abs);
    char *host = url_host(ref);
    free(host);
    free(s);
    return 0;
}
