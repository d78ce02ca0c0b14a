/* Reading a story's members from the store, and checking a roundup against
 * it: the provenance verifier. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/timeutil.h"
#include "base/xalloc.h"
#include "compose/compose_internal.h"
#include "compose/phrase.h"

struct loaded {
    struct article art;
    struct article_text text;
    struct article_extract ext;
    char **authors;
    size_t n_authors;
};

struct compose_set {
    struct compose_member *members;
    struct loaded *loaded;
    size_t n;
    struct source *sources; /* distinct, by id */
    size_t n_sources;
};

static void names_from(const char *json, char ***out, size_t *n)
{
    if (!json || !*json)
        return;
    json_t *a = json_loads(json, 0, NULL);
    if (json_is_array(a) && json_array_size(a)) {
        *out = xcalloc(json_array_size(a) + 1, sizeof **out);
        for (size_t i = 0; i < json_array_size(a); i++) {
            const char *s = json_string_value(json_array_get(a, i));
            if (s && *s)
                (*out)[(*n)++] = xstrdup(s);
        }
    }
    json_decref(a);
}

static void names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

char **compose_authors(const char *authors_json, const char *byline_json, const char *outlet,
                       size_t *n)
{
    /* The feed's authors first, the page's byline when the feed credits no
     * one valid (a feed's "admin" beside the page's reporter). */
    const char *from[] = {authors_json, byline_json};
    char **out = NULL;
    *n = 0;
    for (size_t k = 0; k < 2 && !*n; k++) {
        char **raw = NULL;
        size_t n_raw = 0;
        names_from(from[k], &raw, &n_raw);
        free(out);
        out = compose_credits((const char *const *)raw, n_raw, outlet, n);
        names_free(raw, n_raw);
    }
    return out;
}

int64_t compose_members_since(int64_t last_seen, int64_t window)
{
    return window > 0 && last_seen > INT64_MIN + window ? last_seen - window : INT64_MIN;
}

const struct compose_member *compose_set_members(const struct compose_set *s, size_t *n)
{
    *n = s->n;
    return s->members;
}

void compose_set_free(struct compose_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        article_clear(&s->loaded[i].art);
        article_text_clear(&s->loaded[i].text);
        article_extract_clear(&s->loaded[i].ext);
        names_free(s->loaded[i].authors, s->loaded[i].n_authors);
    }
    for (size_t i = 0; i < s->n_sources; i++)
        source_clear(&s->sources[i]);
    free(s->sources);
    free(s->loaded);
    free(s->members);
    free(s);
}

static bool usable_title(const char *t)
{
    return t && *t && !date_is_stamp(t);
}

static enum err source_of(struct store *st, struct compose_set *s, int64_t id,
                          const struct source **out, struct errbuf *eb)
{
    for (size_t i = 0; i < s->n_sources; i++)
        if (s->sources[i].id == id) {
            *out = &s->sources[i];
            return ERR_OK;
        }
    enum err err = store_source_get(st, id, &s->sources[s->n_sources], eb);
    if (!err)
        *out = &s->sources[s->n_sources++];
    return err;
}

enum err compose_load(struct store *st, const int64_t *ids, size_t n, struct compose_set **out,
                      struct errbuf *eb)
{
    *out = NULL;
    if (n > COMPOSE_MAX_MEMBERS)
        return errf(eb, ERR_LIMIT, "%zu articles: a roundup takes at most %d", n,
                    COMPOSE_MAX_MEMBERS);
    struct compose_set *s = xcalloc(1, sizeof *s);
    s->members = xcalloc(n ? n : 1, sizeof *s->members);
    s->loaded = xcalloc(n ? n : 1, sizeof *s->loaded);
    s->sources = xcalloc(n ? n : 1, sizeof *s->sources);
    enum err err = ERR_OK;
    for (size_t i = 0; i < n && !err; i++) {
        struct loaded *l = &s->loaded[i];
        struct compose_member *m = &s->members[i];
        const struct source *src = NULL;
        if ((err = store_article_get(st, ids[i], &l->art, eb)))
            break;
        s->n = i + 1;
        if ((err = source_of(st, s, l->art.source_id, &src, eb)))
            break;
        err = store_text_get(st, ids[i], &l->text, eb);
        if (err == ERR_NOT_FOUND)
            err = ERR_OK; /* not analysed yet: no sentences to show */
        if (!err && (err = store_extract_get(st, ids[i], &l->ext, eb)) == ERR_NOT_FOUND)
            err = ERR_OK;
        if (err)
            break;
        bool ext_ok = l->ext.ok;
        l->authors = compose_authors(l->art.authors, ext_ok ? l->ext.byline : NULL, src->name,
                                     &l->n_authors);
        m->article_id = l->art.id;
        m->source_id = l->art.source_id;
        m->url = l->art.link && *l->art.link ? l->art.link : l->art.url;
        /* A dateline taken for the feed's title: the page's own title, else none. */
        m->title = usable_title(l->art.title)             ? l->art.title
                   : ext_ok && usable_title(l->ext.title) ? l->ext.title
                                                          : NULL;
        m->body = l->art.body ? l->art.body : "";
        m->body_len = strlen(m->body);
        m->published_at = l->art.published_at;
        m->lang = lang_parse(l->text.lang ? l->text.lang : l->art.lang);
        m->authors = (const char *const *)l->authors;
        m->n_authors = l->n_authors;
        m->outlet = src->name;
        m->country = src->country;
        m->outlet_lang = src->lang;
        m->kind = src->kind;
        m->owner = src->owner;
        m->stance = src->stance;
        bool feed_image = l->art.image_url && l->art.image_credit && *l->art.image_credit;
        m->image_url = feed_image ? l->art.image_url : ext_ok ? l->ext.image_url : NULL;
        m->image_caption = feed_image ? l->art.image_caption : ext_ok ? l->ext.image_caption : NULL;
        m->image_credit = feed_image ? l->art.image_credit : ext_ok ? l->ext.image_credit : NULL;
        /* Offsets count only while the analysis is of the body as it is now. */
        if (l->text.content_hash && l->art.body_hash &&
            strcmp(l->text.content_hash, l->art.body_hash))
            continue;
        m->sentences = l->text.sentences;
        m->n_sentences = l->text.n_sentences;
        m->quotes = l->text.quotes;
        m->n_quotes = l->text.n_quotes;
    }
    if (err)
        compose_set_free(s);
    else
        *out = s;
    return err;
}

enum err compose_story(struct lang_ctx *ctx, struct store *st, const struct compose_input *in,
                       struct roundup *out, struct errbuf *eb)
{
    struct compose_set *set = NULL;
    memset(out, 0, sizeof *out);
    enum err err = compose_load(st, in->article_ids, in->n, &set, eb);
    if (!err)
        err = compose_build(ctx, set->members, set->n, in, out, eb);
    if (!err)
        err = compose_verify(st, out, eb);
    compose_set_free(set);
    return err;
}

/* ---- the verifier ---- */

/* The store and the article read last: a paragraph's sentences and its
 * credit are of one article, read once. */
struct verifier {
    struct store *st;
    struct article art; /* id 0: none read yet */
};

static enum err verifier_article(struct verifier *v, int64_t id, const struct article **out,
                                 struct errbuf *eb)
{
    *out = &v->art;
    if (v->art.id && v->art.id == id)
        return ERR_OK;
    article_clear(&v->art);
    enum err err = store_article_get(v->st, id, &v->art, eb);
    if (err)
        memset(&v->art, 0, sizeof v->art);
    return err;
}

static enum err check_excerpt(struct verifier *v, const struct roundup_excerpt *e, const char *what,
                              struct errbuf *eb)
{
    const struct article *a;
    enum err err = verifier_article(v, e->article_id, &a, eb);
    if (err)
        return err;
    /* An old article whose body retention dropped keeps the bytes that
     * stored roundups show: they stand in for the body. */
    const char *body = a->body;
    char *kept = NULL;
    size_t begin = e->begin;
    if (!body && e->begin < e->end) {
        err = store_excerpt_get(v->st, a->id, e->begin, e->end, &kept, eb);
        if (!err) {
            body = kept;
            begin = 0;
        } else if (err == ERR_NOT_FOUND) {
            err = ERR_OK;
        }
    }
    if (err)
        return err;
    size_t len = body ? strlen(body) : 0;
    size_t end = begin + (e->end - e->begin);
    if (e->begin >= e->end || end > len || !e->text || strlen(e->text) != e->end - e->begin ||
        memcmp(body + begin, e->text, e->end - e->begin))
        err = errf(eb, ERR_INVALID, "%s [%zu, %zu) is not that text of article %lld's body", what,
                   e->begin, e->end, (long long)e->article_id);
    else if (!e->url || (strcmp(e->url, a->link ? a->link : "") && strcmp(e->url, a->url)))
        err = errf(eb, ERR_INVALID, "%s links to %s, not to article %lld", what,
                   e->url ? e->url : "nothing", (long long)e->article_id);
    free(kept);
    return err;
}

static enum err check_credit(struct verifier *v, const struct roundup *r, size_t at,
                             struct errbuf *eb)
{
    const struct roundup_paragraph *p = &r->paragraphs[at];
    const struct article *a;
    struct article_extract x = {0};
    struct source src = {0};
    char **names = NULL;
    size_t n = 0;
    enum err err = verifier_article(v, p->credit.article_id, &a, eb);
    if (err)
        return err;
    if ((err = store_extract_get(v->st, a->id, &x, eb)) == ERR_NOT_FOUND)
        err = ERR_OK;
    if (!err)
        err = store_source_get(v->st, a->source_id, &src, eb);
    if (err)
        goto out;
    names = compose_authors(a->authors, x.ok ? x.byline : NULL, src.name, &n);
    bool same = n == p->credit.n_authors && !strcmp(src.name, p->credit.outlet);
    for (size_t i = 0; same && i < n; i++)
        same = !strcmp(names[i], p->credit.authors[i]);
    for (size_t i = 0; same && i < p->n; i++)
        same = p->sentences[i].article_id == a->id;
    if (!same) {
        err =
            errf(eb, ERR_INVALID, "the credit of article %lld is not its stored byline and outlet",
                 (long long)a->id);
        goto out;
    }
    char *want = phrase_attribution(phrase_table_for(r->reader), (const char *const *)names, n,
                                    src.name, compose_credit_again(r->paragraphs, at));
    if (strcmp(want, p->attribution))
        err = errf(eb, ERR_INVALID, "attribution \"%s\" of article %lld should be \"%s\"",
                   p->attribution, (long long)a->id, want);
    free(want);
out:
    names_free(names, n);
    article_extract_clear(&x);
    source_clear(&src);
    return err;
}

/* The excerpt object e ({text, url, article_id, begin, end}) checked as
 * check_excerpt does. */
static enum err check_excerpt_json(struct verifier *v, const json_t *e, const char *what,
                                   struct errbuf *eb)
{
    json_t *b = json_object_get(e, "begin"), *en = json_object_get(e, "end");
    if (!json_is_integer(b) || !json_is_integer(en) || json_integer_value(b) < 0 ||
        json_integer_value(en) < 0)
        return errf(eb, ERR_PARSE, "%s has no offsets", what);
    struct roundup_excerpt x = {
        .article_id = json_integer_value(json_object_get(e, "article_id")),
        .begin = (size_t)json_integer_value(b),
        .end = (size_t)json_integer_value(en),
        .text = (char *)json_string_value(json_object_get(e, "text")),
        .url = (char *)json_string_value(json_object_get(e, "url")),
    };
    return check_excerpt(v, &x, what, eb);
}

static enum err check_paragraph_json(struct verifier *v, const json_t *p, size_t *n,
                                     struct errbuf *eb)
{
    json_t *sents = json_object_get(p, "sentences");
    if (!json_is_array(sents))
        return errf(eb, ERR_PARSE, "a paragraph without sentences");
    enum err err = ERR_OK;
    for (size_t i = 0; i < json_array_size(sents) && !err; i++, (*n)++)
        err = check_excerpt_json(v, json_array_get(sents, i), "a sentence", eb);
    return err;
}

static enum err check_quote_json(struct verifier *v, const json_t *q, size_t *n, struct errbuf *eb)
{
    enum err err = check_excerpt_json(v, json_object_get(q, "quote"), "a quote", eb);
    if (!err)
        err = check_excerpt_json(v, json_object_get(q, "speaker"), "a quote's speaker", eb);
    *n += 2;
    return err;
}

enum err compose_verify_body(struct store *st, const json_t *body, size_t *n, struct errbuf *eb)
{
    *n = 0;
    if (!json_is_object(body))
        return errf(eb, ERR_PARSE, "a roundup body is a JSON object");
    struct verifier v = {.st = st};
    enum err err = ERR_OK;
    json_t *lead = json_object_get(body, "lead");
    if (json_is_object(lead))
        err = check_paragraph_json(&v, lead, n, eb);
    json_t *paras = json_object_get(body, "paragraphs");
    for (size_t i = 0; i < json_array_size(paras) && !err; i++)
        err = check_paragraph_json(&v, json_array_get(paras, i), n, eb);
    json_t *quote = json_object_get(body, "quote");
    if (!err && json_is_object(quote))
        err = check_quote_json(&v, quote, n, eb);
    article_clear(&v.art);
    if (err)
        log_warn("roundup failed verification: %s", err_msg(eb, err));
    return err;
}

enum err compose_verify(struct store *st, const struct roundup *r, struct errbuf *eb)
{
    enum err err = ERR_OK;
    if (!phrase_table_for(r->reader))
        return errf(eb, ERR_INVALID, "no phrase table for the roundup's language");
    struct verifier v = {.st = st};
    for (size_t i = 0; i < r->n_paragraphs && !err; i++) {
        const struct roundup_paragraph *p = &r->paragraphs[i];
        for (size_t k = 0; k < p->n && !err; k++)
            err = check_excerpt(&v, &p->sentences[k], "a sentence", eb);
        if (!err)
            err = check_credit(&v, r, i, eb);
    }
    if (!err && r->has_quote)
        err = check_excerpt(&v, &r->quote, "the quote", eb);
    if (!err && r->has_quote)
        err = check_excerpt(&v, &r->speaker, "the speaker", eb);

    if (!err && r->headline) {
        const struct article *a;
        err = verifier_article(&v, r->headline_article, &a, eb);
        if (!err && (!a->title || strcmp(a->title, r->headline))) {
            struct article_extract x = {0};
            enum err e2 = store_extract_get(st, a->id, &x, eb);
            if (e2 || !x.title || strcmp(x.title, r->headline))
                err = errf(eb, ERR_INVALID, "the headline is not the title of article %lld",
                           (long long)a->id);
            article_extract_clear(&x);
        }
    }
    article_clear(&v.art);
    if (err)
        log_warn("roundup failed verification: %s", err_msg(eb, err));
    return err;
}
