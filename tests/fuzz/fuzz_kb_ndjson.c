/* The JSON record reader of kb import (Enterprise NDJSON, Wikidata dumps):
 * any bytes, as a whole stream (framing, resynchronising after broken
 * records) and as one line mapped to an entity. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_assert.h"
#include "kb/parse.h"

static enum err on_entity(void *ctx, struct kb_entity *e)
{
    *(size_t *)ctx += e->n_texts + e->n_aliases;
    return ERR_OK;
}

static enum err on_redirect(void *ctx, const char *lang, const char *title, const char *target)
{
    (void)ctx;
    (void)lang;
    (void)title;
    (void)target;
    return ERR_OK;
}

static void on_skip(void *ctx, uint64_t line, uint64_t offset, const char *why)
{
    (void)line;
    (void)offset;
    (void)why;
    (*(size_t *)ctx)++;
}

static void on_ignore(void *ctx)
{
    (void)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t seen = 0;
    struct kb_sink sink = {.ctx = &seen,
                           .entity = on_entity,
                           .redirect = on_redirect,
                           .skip = on_skip,
                           .ignore = on_ignore};
    struct kb_parse_opts o = {.dump = "fuzz.ndjson"};
    struct kb_stream *in = kb_stream_mem(data, size);
    /* A memory stream has no I/O errors, and the sink never fails. */
    FUZZ_ASSERT(kb_read_json(in, &o, &sink, NULL) == ERR_OK);
    kb_stream_close(in);
    struct kb_entity e = {0};
    (void)kb_json_line_entity((const char *)data, size, &o, &e, NULL);
    kb_entity_clear(&e);
    return 0;
}
