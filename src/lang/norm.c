/* The language context, case folding with NFC, and stems. The ASCII path lowercases in place of
 * utf8proc because most words of the languages we model are ASCII and the
 * stemmer runs on every token. */
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/xalloc.h"
#include "lang/lang_internal.h"
#include "lang/norm.h"
#include "lang/utf8.h"

/* A cache of recent stems: words repeat (Zipf), and a lookup is far cheaper
 * than folding and stemming again. Keyed by the word as written. */
enum { STEM_CACHE_SIZE = 4096, STEM_CACHE_WORD = 30 };

struct stem_entry {
    unsigned char lang; /* enum lang + 1; 0 marks an empty slot */
    unsigned char word_len, stem_len;
    char word[STEM_CACHE_WORD];
    char stem[STEM_CACHE_WORD];
};

static const size_t max_word = 64 * 1024;

struct lang_ctx *lang_ctx_new(void)
{
    return xcalloc(1, sizeof(struct lang_ctx));
}

void lang_ctx_free(struct lang_ctx *ctx)
{
    if (!ctx)
        return;
    for (int i = 0; i < LANG_COUNT; i++)
        if (ctx->stemmers[i])
            sb_stemmer_delete(ctx->stemmers[i]);
    free(ctx->ucs);
    free(ctx->fold);
    free(ctx->stem_cache);
    for (int l = 0; l < LANG_LIST_COUNT; l++)
        for (int i = 0; i < LANG_COUNT; i++)
            hash_clear(&ctx->lists[l][i]);
    free(ctx);
}

static void fold_reserve(struct lang_ctx *ctx, size_t n)
{
    if (n <= ctx->fold_cap)
        return;
    ctx->fold_cap = n < 256 ? 256 : n;
    ctx->fold = xrealloc(ctx->fold, ctx->fold_cap);
}

static void ucs_reserve(struct lang_ctx *ctx, size_t n)
{
    if (n <= ctx->ucs_cap)
        return;
    ctx->ucs_cap = n < 256 ? 256 : n;
    ctx->ucs = xrealloc(ctx->ucs, ctx->ucs_cap * sizeof *ctx->ucs);
}

enum err lang_fold(struct lang_ctx *ctx, const char *s, size_t len, const char **out,
                   size_t *out_len)
{
    if (len > max_word)
        return ERR_LIMIT;
    size_t i = 0;
    fold_reserve(ctx, len + 1);
    for (; i < len && !((unsigned char)s[i] & 0x80); i++)
        ctx->fold[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    if (i == len) {
        ctx->fold[len] = '\0';
        *out = ctx->fold;
        *out_len = len;
        return ERR_OK;
    }
    /* Decompose each character with its folding (at most 18 code points each
     * per the Unicode tables; 4 per input byte is plenty), then compose. */
    const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
    ucs_reserve(ctx, 4 * len + 32);
    size_t n = 0, step;
    int boundclass = UTF8PROC_BOUNDCLASS_START;
    for (i = 0; i < len; i += step) {
        int32_t c = utf8_decode(s, len, i, &step);
        utf8proc_ssize_t got = utf8proc_decompose_char(
            c, ctx->ucs + n, (utf8proc_ssize_t)(ctx->ucs_cap - n), opts, &boundclass);
        if (got < 0)
            return ERR_INVALID;
        if ((size_t)got > ctx->ucs_cap - n) {
            ucs_reserve(ctx, ctx->ucs_cap * 2);
            step = 0; /* retry this character with more room */
            continue;
        }
        n += (size_t)got;
        if (ctx->ucs_cap - n < 32)
            ucs_reserve(ctx, ctx->ucs_cap * 2);
    }
    /* utf8proc_reencode writes UTF-8 over the same buffer, which needs n*4 bytes
     * at most, exactly what n code points occupy. */
    utf8proc_ssize_t bytes = utf8proc_reencode(ctx->ucs, (utf8proc_ssize_t)n, opts);
    if (bytes < 0)
        return ERR_INVALID;
    fold_reserve(ctx, (size_t)bytes + 1);
    memcpy(ctx->fold, ctx->ucs, (size_t)bytes);
    ctx->fold[bytes] = '\0';
    *out = ctx->fold;
    *out_len = (size_t)bytes;
    return ERR_OK;
}

static const char *const stemmer_names[LANG_COUNT] = {
    NULL, "swedish", "english", "danish", "norwegian", "german", "finnish", "french", "spanish",
};

static enum err stem_uncached(struct lang_ctx *ctx, enum lang lang, const char *s, size_t len,
                              const char **out, size_t *out_len)
{
    enum err err = lang_fold(ctx, s, len, out, out_len);
    if (err)
        return err;
    /* "is-k:s", "eu:n": the ending after the colon is inflection. */
    if (lang == LANG_SV || lang == LANG_FI) {
        char *colon = memchr(ctx->fold, ':', *out_len);
        if (colon && colon > ctx->fold) {
            *colon = '\0';
            *out_len = (size_t)(colon - ctx->fold);
            return ERR_OK;
        }
    }
    if ((unsigned)lang >= LANG_COUNT || !stemmer_names[lang] || ctx->stemmer_missing[lang])
        return ERR_OK;
    if (!ctx->stemmers[lang]) {
        ctx->stemmers[lang] = sb_stemmer_new(stemmer_names[lang], "UTF_8");
        if (!ctx->stemmers[lang]) {
            ctx->stemmer_missing[lang] = true;
            return ERR_OK;
        }
    }
    const sb_symbol *st =
        sb_stemmer_stem(ctx->stemmers[lang], (const sb_symbol *)*out, (int)*out_len);
    if (!st)
        return ERR_OK; /* out of memory inside libstemmer: the folded word will do */
    size_t n = (size_t)sb_stemmer_length(ctx->stemmers[lang]);
    fold_reserve(ctx, n + 1); /* st is the stemmer's own buffer */
    memcpy(ctx->fold, st, n);
    ctx->fold[n] = '\0';
    *out = ctx->fold;
    *out_len = n;
    return ERR_OK;
}

enum err lang_stem(struct lang_ctx *ctx, enum lang lang, const char *s, size_t len,
                   const char **out, size_t *out_len)
{
    if (len >= STEM_CACHE_WORD || (unsigned)lang >= LANG_COUNT)
        return stem_uncached(ctx, lang, s, len, out, out_len);
    if (!ctx->stem_cache)
        ctx->stem_cache = xcalloc(STEM_CACHE_SIZE, sizeof *ctx->stem_cache);
    uint32_t h = 2166136261u ^ (uint32_t)lang; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    struct stem_entry *e = &ctx->stem_cache[h & (STEM_CACHE_SIZE - 1)];
    if (e->lang == lang + 1 && e->word_len == len && !memcmp(e->word, s, len)) {
        fold_reserve(ctx, e->stem_len + 1u);
        memcpy(ctx->fold, e->stem, e->stem_len);
        ctx->fold[e->stem_len] = '\0';
        *out = ctx->fold;
        *out_len = e->stem_len;
        return ERR_OK;
    }
    enum err err = stem_uncached(ctx, lang, s, len, out, out_len);
    if (!err && *out_len < STEM_CACHE_WORD) {
        e->lang = (unsigned char)(lang + 1);
        e->word_len = (unsigned char)len;
        e->stem_len = (unsigned char)*out_len;
        memcpy(e->word, s, len);
        memcpy(e->stem, *out, *out_len);
    }
    return err;
}
