/* The per-thread context and the language codes. */
#include <libexttextcat/textcat.h>
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "text/text_internal.h"

static const char *const codes[TEXT_LANG_COUNT] = {
    "unknown", "sv", "en", "da", "nb", "de", "fi", "fr", "es",
};

const char *text_lang_code(enum text_lang lang)
{
    return (unsigned)lang < TEXT_LANG_COUNT ? codes[lang] : codes[0];
}

enum text_lang text_lang_parse(const char *code)
{
    static const struct {
        const char *name;
        enum text_lang lang;
    } names[] = {
        {"sv", TEXT_LANG_SV},  {"swe", TEXT_LANG_SV}, {"en", TEXT_LANG_EN},  {"eng", TEXT_LANG_EN},
        {"da", TEXT_LANG_DA},  {"dan", TEXT_LANG_DA}, {"nb", TEXT_LANG_NB},  {"nob", TEXT_LANG_NB},
        {"no", TEXT_LANG_NB},  {"nor", TEXT_LANG_NB}, {"de", TEXT_LANG_DE},  {"deu", TEXT_LANG_DE},
        {"ger", TEXT_LANG_DE}, {"fi", TEXT_LANG_FI},  {"fin", TEXT_LANG_FI}, {"fr", TEXT_LANG_FR},
        {"fra", TEXT_LANG_FR}, {"fre", TEXT_LANG_FR}, {"es", TEXT_LANG_ES},  {"spa", TEXT_LANG_ES},
    };
    if (!code)
        return TEXT_LANG_UNKNOWN;
    size_t n = strcspn(code, "-_");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == n && !strncasecmp(code, names[i].name, n))
            return names[i].lang;
    return TEXT_LANG_UNKNOWN;
}

enum err text_ctx_new(struct text_ctx **out, struct errbuf *eb)
{
    (void)eb; /* nothing can fail until a handle is opened on first use */
    *out = xcalloc(1, sizeof **out);
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
    for (int i = 0; i < TEXT_LANG_COUNT; i++)
        if (ctx->stemmers[i])
            sb_stemmer_delete(ctx->stemmers[i]);
    free(ctx->ucs);
    free(ctx->fold);
    free(ctx->stem_cache);
    free(ctx);
}

void *list_grow(void *items, size_t len, size_t *cap, size_t elem)
{
    if (len < *cap)
        return items;
    *cap = *cap ? *cap * 2 : 32;
    return xrealloc(items, *cap * elem);
}
