/* A roundup as JSON (for tools and storage), as text (for a terminal), and
 * its publication as a stored version. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/timeutil.h"
#include "base/xalloc.h"
#include "compose/compose_internal.h"
#include "compose/phrase.h"

static json_t *excerpt_json(const struct roundup_excerpt *e)
{
    return json_pack("{ss ss sI sI sI ss sb}", "text", e->text, "url", e->url, "article_id",
                     (json_int_t)e->article_id, "begin", (json_int_t)e->begin, "end",
                     (json_int_t)e->end, "lang", lang_code(e->lang), "foreign", e->foreign);
}

static json_t *strings_json(char *const *s, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(s[i]));
    return a;
}

static json_t *counts_json(const struct roundup_counts *c)
{
    json_t *o = json_object();
    for (size_t i = 0; i < c->len; i++)
        json_object_set_new(o, c->items[i].key, json_integer((json_int_t)c->items[i].n));
    return o;
}

static json_t *paragraph_json(const struct roundup_paragraph *p)
{
    json_t *sents = json_array();
    for (size_t k = 0; k < p->n; k++)
        json_array_append_new(sents, excerpt_json(&p->sentences[k]));
    return json_pack("{so so ss ss sI so ss}", "sentences", sents, "authors",
                     strings_json(p->credit.authors, p->credit.n_authors), "outlet",
                     p->credit.outlet, "attribution", p->attribution, "article_id",
                     (json_int_t)p->credit.article_id, "also_run_by",
                     strings_json(p->also_run_by, p->n_also), "display", p->display);
}

static json_t *roundup_json(const struct roundup *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "lang", json_string(lang_code(r->reader)));
    json_object_set_new(o, "label", r->label ? json_string(r->label) : json_null());
    json_object_set_new(o, "headline", r->headline ? json_string(r->headline) : json_null());
    json_object_set_new(o, "headline_article", json_integer(r->headline_article));
    json_object_set_new(o, "lead",
                        r->n_paragraphs ? paragraph_json(&r->paragraphs[0]) : json_null());
    json_t *paras = json_array();
    for (size_t i = 1; i < r->n_paragraphs; i++)
        json_array_append_new(paras, paragraph_json(&r->paragraphs[i]));
    json_object_set_new(o, "paragraphs", paras);
    json_object_set_new(o, "quote",
                        r->has_quote
                            ? json_pack("{so so ss}", "quote", excerpt_json(&r->quote), "speaker",
                                        excerpt_json(&r->speaker), "display", r->quote_display)
                            : json_null());
    json_t *more = json_array();
    for (size_t i = 0; i < r->n_more; i++) {
        const struct roundup_more *m = &r->more[i];
        json_array_append_new(more, json_pack("{sI ss ss ss sI so?}", "article_id",
                                              (json_int_t)m->article_id, "outlet", m->outlet,
                                              "title", m->title, "url", m->url, "published_at",
                                              (json_int_t)m->published_at, "copy_of",
                                              m->copy_of ? json_integer(m->copy_of) : NULL));
    }
    json_object_set_new(o, "read_more", more);
    json_object_set_new(
        o, "background",
        r->has_background
            ? json_pack("{ss ss ss ss ss ss so?}", "title", r->background.title, "extract",
                        r->background.extract, "source", r->background.source, "url",
                        r->background.url, "licence", r->background.licence, "dump_date",
                        r->background.dump_date, "entity_id",
                        r->background.entity_id ? json_integer(r->background.entity_id) : NULL)
            : json_null());
    json_object_set_new(
        o, "image",
        r->has_image ? json_pack("{sI ss ss ss ss}", "article_id", (json_int_t)r->image.article_id,
                                 "url", r->image.url, "caption", r->image.caption, "credit",
                                 r->image.credit, "display", r->image.display)
                     : json_null());
    const struct roundup_balance *b = &r->balance;
    json_object_set_new(o, "balance",
                        json_pack("{sI sI sI so so so so so so?}", "articles",
                                  (json_int_t)b->articles, "outlets", (json_int_t)b->outlets,
                                  "newsrooms", (json_int_t)b->newsrooms, "country",
                                  counts_json(&b->by_country), "lang", counts_json(&b->by_lang),
                                  "kind", counts_json(&b->by_kind), "stance",
                                  counts_json(&b->by_stance), "owner", counts_json(&b->by_owner),
                                  "gap_note", b->gap_note ? json_string(b->gap_note) : NULL));
    json_t *members = json_array();
    for (size_t i = 0; i < r->n_members; i++)
        json_array_append_new(members, json_integer(r->members[i]));
    json_object_set_new(o, "members", members);
    return o;
}

/* Calls fn on the excerpt object e (excerpt_json's shape) when it is one. */
static enum err one_excerpt(const json_t *e, compose_excerpt_fn fn, void *ctx)
{
    const json_t *id = json_object_get(e, "article_id"), *b = json_object_get(e, "begin"),
                 *end = json_object_get(e, "end");
    if (!json_is_integer(id) || !json_is_integer(b) || !json_is_integer(end) ||
        json_integer_value(b) < 0 || json_integer_value(end) < json_integer_value(b))
        return ERR_OK;
    return fn(ctx, json_integer_value(id), (size_t)json_integer_value(b),
              (size_t)json_integer_value(end));
}

static enum err paragraph_excerpts(const json_t *p, compose_excerpt_fn fn, void *ctx)
{
    size_t i;
    const json_t *e;
    enum err err = ERR_OK;
    json_array_foreach(json_object_get(p, "sentences"), i, e)
    {
        if ((err = one_excerpt(e, fn, ctx)))
            break;
    }
    return err;
}

enum err compose_json_excerpts(const char *json, compose_excerpt_fn fn, void *ctx,
                               struct errbuf *eb)
{
    json_t *o = json_loads(json, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return errf(eb, ERR_PARSE, "a stored roundup is not a JSON object");
    }
    enum err err = paragraph_excerpts(json_object_get(o, "lead"), fn, ctx);
    size_t i;
    const json_t *p;
    json_array_foreach(json_object_get(o, "paragraphs"), i, p)
    {
        if (err || (err = paragraph_excerpts(p, fn, ctx)))
            break;
    }
    const json_t *q = json_object_get(o, "quote");
    if (!err && json_is_object(q) && !(err = one_excerpt(json_object_get(q, "quote"), fn, ctx)))
        err = one_excerpt(json_object_get(q, "speaker"), fn, ctx);
    json_decref(o);
    return err;
}

char *compose_to_json(const struct roundup *r)
{
    json_t *o = roundup_json(r);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!s)
        abort(); /* jansson fails only when allocation does */
    char *out = xstrdup(s);
    free(s);
    return out;
}

static void counts_text(struct buf *b, const char *name, const struct roundup_counts *c)
{
    catf(b, "  %s:", name);
    for (size_t i = 0; i < c->len; i++)
        catf(b, "%s %s %zu", i ? "," : "", c->items[i].key, c->items[i].n);
    cat(b, "\n");
}

char *compose_to_text(const struct roundup *r)
{
    const struct phrase_table *t = phrase_table_for(r->reader);
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    if (r->has_image)
        catf(&b, "%s\n\n", r->image.display);
    catf(&b, "%s%s%s\n\n", r->label ? r->label : "", r->label ? " " : "",
         r->headline ? r->headline : "");
    for (size_t i = 0; i < r->n_paragraphs; i++) {
        catf(&b, "%s\n\n", r->paragraphs[i].display);
        if (i == 0 && r->has_quote)
            catf(&b, "    %s\n\n", r->quote_display);
    }
    if (r->has_quote && !r->n_paragraphs)
        catf(&b, "    %s\n\n", r->quote_display);
    catf(&b, "%s\n", t->read_more);
    for (size_t i = 0; i < r->n_more; i++) {
        const struct roundup_more *m = &r->more[i];
        char date[21] = "";
        if (m->published_at)
            time_format_rfc3339(m->published_at, date);
        catf(&b, "%s- %s: %s (%.10s) %s\n", m->copy_of ? "    " : "",
             *m->outlet ? m->outlet : t->unnamed, m->title, date, m->url);
    }
    if (r->has_background)
        catf(&b, "\n%s: %s\n%s\n%s, %s (%s, %s)\n", t->background, r->background.title,
             r->background.extract, r->background.source, r->background.url, r->background.licence,
             r->background.dump_date);
    const struct roundup_balance *bl = &r->balance;
    catf(&b, "\n%s: %zu %s, %zu %s, %zu %s\n", t->balance, bl->articles, t->articles, bl->outlets,
         t->outlets, bl->newsrooms, t->newsrooms);
    counts_text(&b, "country", &bl->by_country);
    counts_text(&b, "lang", &bl->by_lang);
    counts_text(&b, "kind", &bl->by_kind);
    counts_text(&b, "stance", &bl->by_stance);
    counts_text(&b, "owner", &bl->by_owner);
    if (bl->gap_note)
        catf(&b, "  %s\n", bl->gap_note);
    return buf_steal(&b);
}

/* ---- versions ---- */

static char *members_json(const int64_t *ids, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_integer(ids[i]));
    char *s = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    if (!s)
        abort();
    char *out = xstrdup(s);
    free(s);
    return out;
}

/* "+2 sources, -1 source, new headline" against the previous version. */
static char *change_note(const struct roundup *r, const struct roundup_version *prev)
{
    if (!prev)
        return xstrdup("first version");
    json_t *old = json_loads(prev->members, 0, NULL);
    size_t added = 0, kept = 0;
    for (size_t i = 0; i < r->n_members; i++) {
        bool was = false;
        for (size_t k = 0; k < json_array_size(old) && !was; k++)
            was = json_integer_value(json_array_get(old, k)) == r->members[i];
        added += !was;
        kept += was;
    }
    size_t removed = json_array_size(old) - kept;
    json_decref(old);
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    if (added)
        catf(&b, "+%zu source%s", added, added == 1 ? "" : "s");
    if (removed)
        catf(&b, "%s-%zu source%s", b.len ? ", " : "", removed, removed == 1 ? "" : "s");
    if (strcmp(prev->headline, r->headline ? r->headline : ""))
        catf(&b, "%snew headline", b.len ? ", " : "");
    if (!b.len)
        cat(&b, "recomposed");
    return buf_steal(&b);
}

enum err compose_publish(struct store *st, const char *key, const struct roundup *r, int *version,
                         struct errbuf *eb)
{
    if (!r->n_paragraphs)
        return errf(eb, ERR_INVALID, "%s has no lead: an empty roundup is not published", key);
    enum err err = compose_verify(st, r, eb);
    if (err)
        return err;
    const char *lang = lang_code(r->reader);
    struct roundup_version prev = {0};
    err = store_roundup_latest(st, key, lang, &prev, eb);
    bool have_prev = !err;
    if (err && err != ERR_NOT_FOUND)
        return err;
    char *body = compose_to_json(r);
    if (have_prev && !strcmp(prev.body, body)) {
        *version = prev.version;
        err = ERR_OK;
    } else {
        struct roundup_version v = {
            .story_key = (char *)key,
            .lang = (char *)lang,
            .composed_at = time_now(),
            .headline = r->headline ? r->headline : "",
            .members = members_json(r->members, r->n_members),
            .change = change_note(r, have_prev ? &prev : NULL),
            .body = body,
        };
        err = store_roundup_put(st, &v, version, eb);
        if (!err)
            log_info("roundup %s (%s) version %d: %s", key, lang, *version, v.change);
        free(v.members);
        free(v.change);
    }
    free(body);
    roundup_version_clear(&prev);
    return err;
}
