#include "text/stage.h"

#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"

static struct text_range range(struct text_span s)
{
    return (struct text_range){(int64_t)s.begin, (int64_t)s.end};
}

static char *span_text(const char *text, struct text_span s)
{
    return s.end > s.begin ? xstrndup(text + s.begin, s.end - s.begin) : NULL;
}

static const char *const name_kinds[] = {
    [TEXT_NAME_PHRASE] = "phrase", [TEXT_NAME_ACRONYM] = "acronym", [TEXT_NAME_QUOTED] = "quoted"};

void text_to_stored(const char *text, const struct text_analysis *a, int64_t article_id,
                    struct article_text *out)
{
    memset(out, 0, sizeof *out);
    out->article_id = article_id;
    out->lang = a->lang.lang != LANG_UNKNOWN ? xstrdup(lang_code(a->lang.lang)) : NULL;
    out->lang_confidence = a->lang.confidence;
    out->invalid_utf8 = (int64_t)a->invalid_utf8;
    out->n_sentences = a->sentences.len;
    out->sentences = xcalloc(a->sentences.len + 1, sizeof *out->sentences);
    for (size_t i = 0; i < a->sentences.len; i++)
        out->sentences[i] = range(a->sentences.items[i]);
    out->n_quotes = a->quotes.len;
    out->quotes = xcalloc(a->quotes.len + 1, sizeof *out->quotes);
    for (size_t i = 0; i < a->quotes.len; i++) {
        const struct text_quote *q = &a->quotes.items[i];
        out->quotes[i] = (struct stored_quote){range(q->quote),         range(q->speaker),
                                               range(q->cue),           span_text(text, q->speaker),
                                               span_text(text, q->cue), q->dialogue};
    }
    out->n_names = a->names.len;
    out->names = xcalloc(a->names.len + 1, sizeof *out->names);
    for (size_t i = 0; i < a->names.len; i++)
        out->names[i] = (struct stored_name){range(a->names.items[i].span),
                                             span_text(text, a->names.items[i].span),
                                             xstrdup(name_kinds[a->names.items[i].kind])};
}

enum err text_stage_article(struct text_ctx *ctx, struct store *st, int64_t id, struct errbuf *eb)
{
    struct article art;
    enum err err = store_article_get(st, id, &art, eb);
    if (err)
        return err;
    enum lang prior = lang_parse(art.lang);
    if (prior == LANG_UNKNOWN) {
        struct source src;
        if (!store_source_get(st, art.source_id, &src, NULL)) {
            prior = lang_parse(src.lang);
            source_clear(&src);
        }
    }
    const char *text = art.body ? art.body : "";
    struct text_analysis a;
    err = text_analyze(ctx, text, strlen(text), LANG_UNKNOWN, prior, &a, eb);
    if (!err) {
        struct article_text stored;
        text_to_stored(text, &a, id, &stored);
        err = store_text_put(st, &stored, eb);
        article_text_clear(&stored);
    }
    text_analysis_clear(&a);
    article_clear(&art);
    return err;
}

/* Whether article id's stored analysis is of its current content. Another
 * worker may have stored it between our reading the pending list and our
 * claim (its claim is released with its result): checked after claiming, so
 * that no article is analysed twice. */
static enum err analysis_current(struct store *st, int64_t id, bool *current, struct errbuf *eb)
{
    *current = false;
    struct article art;
    enum err err = store_article_get(st, id, &art, eb);
    if (err)
        return err;
    struct article_text t;
    err = store_text_get(st, id, &t, eb);
    if (!err) {
        *current =
            !strcmp(t.content_hash ? t.content_hash : "", art.body_hash ? art.body_hash : "");
        article_text_clear(&t);
    } else if (err == ERR_NOT_FOUND) {
        err = ERR_OK;
    }
    article_clear(&art);
    return err;
}

enum err text_stage_pending(struct text_ctx *ctx, struct store *st, size_t limit, const char *owner,
                            size_t *done, struct errbuf *eb)
{
    *done = 0;
    int64_t *ids;
    size_t n;
    int64_t now = time_now();
    enum err err = store_text_pending(st, limit, now, &ids, &n, eb);
    if (!err)
        err = store_work_claim(st, "text", owner, now, TEXT_LEASE_SECONDS, ids, &n, eb);
    for (size_t i = 0; !err && i < n; i++) {
        bool current;
        if ((err = analysis_current(st, ids[i], &current, eb)))
            break;
        if (current) {
            err = store_work_done(st, "text", ids[i], eb);
            continue;
        }
        struct errbuf one = {{0}};
        err = text_stage_article(ctx, st, ids[i], &one);
        if (err)
            errf(eb, err, "article %lld: %s", (long long)ids[i], err_msg(&one, err));
        else
            ++*done;
    }
    free(ids);
    return err;
}
