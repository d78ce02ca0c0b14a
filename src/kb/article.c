/* Linking a stored article: the mentions of its title, summary and body. */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "kb/kb.h"

/* Links one field of an article and appends its mentions to rows. */
static enum err link_field(struct kb_linker *lk, const char *text, const char *lang, int field,
                           struct kb_mention_row **rows, size_t *n, struct errbuf *eb)
{
    if (!text || !*text)
        return ERR_OK;
    struct kb_link_opts o = {.lang = lang};
    struct kb_links l;
    enum err err = kb_link(lk, text, strlen(text), &o, &l, eb);
    if (err)
        return err;
    *rows = xrealloc(*rows, (*n + l.len + 1) * sizeof **rows);
    for (size_t i = 0; i < l.len; i++) {
        struct kb_mention_row *r = &(*rows)[(*n)++];
        memset(r, 0, sizeof *r);
        r->field = field;
        r->start = (int64_t)l.items[i].start;
        r->end = (int64_t)l.items[i].end;
        r->entity_id = l.items[i].entity_id;
        r->surface = l.items[i].surface;
        l.items[i].surface = NULL;
        r->score = l.items[i].score;
    }
    kb_links_clear(&l);
    return ERR_OK;
}

enum err kb_link_article(struct kb_linker *lk, struct store *st, int64_t id, size_t *mentions,
                         size_t *linked, struct errbuf *eb)
{
    *mentions = *linked = 0;
    struct article a;
    enum err err = store_article_get(st, id, &a, eb);
    struct kb_mention_row *rows = NULL;
    size_t n = 0;
    const char *lang = a.lang && *a.lang ? a.lang : "en";
    if (!err)
        err = link_field(lk, a.title, lang, KB_FIELD_TITLE, &rows, &n, eb);
    if (!err)
        err = link_field(lk, a.summary, lang, KB_FIELD_SUMMARY, &rows, &n, eb);
    /* The body is what the roundup quotes; offsets of content mentions are into it. */
    if (!err)
        err = link_field(lk, a.body, lang, KB_FIELD_CONTENT, &rows, &n, eb);
    if (!err && !(err = store_begin(st, eb))) {
        if (!(err = store_kb_mentions_put(st, id, rows, n, eb)) &&
            !(err = store_link_done(st, id, eb)))
            err = store_commit(st, eb);
        else
            store_rollback(st);
    }
    if (!err) {
        *mentions = n;
        for (size_t i = 0; i < n; i++)
            *linked += rows[i].entity_id != 0;
    }
    for (size_t i = 0; i < n; i++)
        free(rows[i].surface);
    free(rows);
    article_clear(&a);
    return err;
}
