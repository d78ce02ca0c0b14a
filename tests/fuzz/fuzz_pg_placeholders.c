/* The PostgreSQL engine's ? -> $n rewriting on any text: it must stop at the
 * end of unterminated quotes and comments, never read past the string, and
 * keep every byte but the placeholders it replaces. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_assert.h"
#include "base/buf.h"
#include "base/xalloc.h"
#include "store/db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *sql = xstrndup((const char *)data, size);
    size_t len = strlen(sql);
    struct buf out;
    buf_init(&out, len * 6 + 1);
    int n = 0;
    enum err err = pg_translate_placeholders(sql, &out, &n);
    if (!err) {
        /* "$k" replaced n question marks: at most 5 more bytes each, never fewer. */
        FUZZ_ASSERT(out.len >= len && out.len <= len + (size_t)n * 5);
        size_t marks = 0;
        for (size_t i = 0; i < len; i++)
            marks += sql[i] == '?';
        FUZZ_ASSERT((size_t)n <= marks);
    } else {
        FUZZ_ASSERT(err == ERR_LIMIT);
    }
    buf_clear(&out);
    free(sql);
    return 0;
}
