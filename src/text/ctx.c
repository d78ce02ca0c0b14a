/* The per-thread context. */
#include <libexttextcat/textcat.h>
#include <stdlib.h>

#include "base/xalloc.h"
#include "text/text_internal.h"

enum err text_ctx_new(struct text_ctx **out, struct errbuf *eb)
{
    (void)eb; /* nothing can fail until a handle is opened on first use */
    *out = xcalloc(1, sizeof **out);
    (*out)->lang = lang_ctx_new();
    return ERR_OK;
}

void text_ctx_free(struct text_ctx *ctx)
{
    if (!ctx)
        return;
    if (ctx->textcat) {
        textcat_ReleaseClassifyFullOutput(ctx->textcat, ctx->textcat_out);
        textcat_Done(ctx->textcat);
    }
    lang_ctx_free(ctx->lang);
    free(ctx);
}

struct lang_ctx *text_ctx_lang(struct text_ctx *ctx)
{
    return ctx->lang;
}

void *list_grow(void *items, size_t len, size_t *cap, size_t elem)
{
    if (len < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 32;
    return xrealloc(items, *cap * elem);
}
