#include "text/analyze.h"

#include <string.h>

#include "lang/utf8.h"

enum err text_analyze(struct text_ctx *ctx, const char *s, size_t len, enum lang force,
                      enum lang prior, struct text_analysis *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    out->invalid_utf8 = utf8_count_invalid(s, len);
    if (force != LANG_UNKNOWN) {
        out->lang = (struct text_lang_guess){force, 1.0, force};
    } else {
        enum err err = text_lang_identify(ctx, s, len, prior, &out->lang, eb);
        if (err)
            return err;
    }
    out->rules = out->lang.lang != LANG_UNKNOWN ? out->lang.lang : prior;
    text_sentences(s, len, out->rules, &out->sentences);
    text_quotes(s, len, out->rules, &out->quotes);
    text_names(s, len, out->rules, &out->sentences, &out->names);
    return ERR_OK;
}

void text_analysis_clear(struct text_analysis *a)
{
    if (!a)
        return;
    text_span_list_clear(&a->sentences);
    text_quote_list_clear(&a->quotes);
    text_name_list_clear(&a->names);
}
