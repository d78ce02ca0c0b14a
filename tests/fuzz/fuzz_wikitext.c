/* Wikitext to an opening paragraph, link texts and a redirect target: any
 * bytes, no crash, no hang, bounded output. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_assert.h"
#include "kb/wikitext.h"

static enum err count(void *ctx, const char *t, size_t tl, const char *l, size_t ll)
{
    (void)t;
    (void)l;
    *(size_t *)ctx += tl + ll;
    return ERR_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct buf out;
    buf_init(&out, 1 << 20);
    unsigned flags;
    /* Markup only ever shrinks, entities at most quadruple. */
    if (wikitext_lead(text, size, &out, &flags) == ERR_OK)
        FUZZ_ASSERT(out.len <= size * 4 + 16);
    buf_clear(&out);
    size_t n = 0;
    (void)wikitext_links(text, size, count, &n);
    char *target;
    if (wikitext_redirect(text, size, &target))
        free(target);
    free(wikitext_title(text, size));
    return 0;
}
