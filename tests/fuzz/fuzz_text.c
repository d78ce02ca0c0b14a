/* libFuzzer target for the text stage: the first byte picks the language
 * rules, the rest is the text. Runs segmentation, tokenization with stems,
 * quote extraction, names and language ID, and checks that every range they
 * return lies inside the input, in order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_assert.h"
#include "text/analyze.h"
#include "lang/norm.h"
#include "lang/token.h"
#include "lang/words.h"

/* One context for the fuzzing process: libFuzzer runs inputs one at a time. */
static struct text_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    FUZZ_ASSERT(text_ctx_new(&ctx, NULL) == ERR_OK);
    return 0;
}

static void check(struct text_span sp, size_t len)
{
    FUZZ_ASSERT(sp.begin <= sp.end && sp.end <= len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    enum lang lang = (enum lang)(data[0] % LANG_COUNT);
    const char *s = (const char *)data + 1;
    size_t len = size - 1;
    struct text_analysis a;
    /* Half the inputs identify their language, half are forced to lang. */
    enum lang force = data[0] & 0x80 ? lang : LANG_UNKNOWN;
    FUZZ_ASSERT(text_analyze(ctx, s, len, force, lang, &a, NULL) == ERR_OK);
    size_t prev = 0;
    for (size_t i = 0; i < a.sentences.len; i++) {
        check(a.sentences.items[i], len);
        FUZZ_ASSERT(a.sentences.items[i].begin >= prev);
        FUZZ_ASSERT(a.sentences.items[i].begin < a.sentences.items[i].end);
        prev = a.sentences.items[i].end;
    }
    for (size_t i = 0; i < a.quotes.len; i++) {
        check(a.quotes.items[i].quote, len);
        check(a.quotes.items[i].speaker, len);
        check(a.quotes.items[i].cue, len);
    }
    for (size_t i = 0; i < a.names.len; i++)
        check(a.names.items[i].span, len);
    struct lang_token t;
    size_t pos = 0, last = 0;
    while (lang_token_next(s, len, a.rules, &pos, &t)) {
        FUZZ_ASSERT(t.begin >= last && t.begin < t.end && t.end <= len);
        last = t.end;
        const char *w;
        size_t n;
        if (t.kind != LANG_TOKEN_PUNCT &&
            lang_stem(text_ctx_lang(ctx), a.rules, s + t.begin, t.end - t.begin, &w, &n) == ERR_OK)
            FUZZ_ASSERT(strlen(w) == n);
    }
    text_analysis_clear(&a);
    return 0;
}
