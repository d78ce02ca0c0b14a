/* The current stories ranked, and one story loaded as its page, feeds and API
 * show it. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "web/handler.h"
#include "web/stories.h"

#define STORY_PREFIX "story:"
#define SLUG_MAX 60 /* bytes of headline slug in a story path */

const char *story_str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

int64_t story_int(const json_t *obj, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(obj, key));
}

/* N of "story:N" (N > 0, digits only), else 0. */
static int64_t story_id_of(const char *key)
{
    size_t n = strlen(STORY_PREFIX);
    if (strncmp(key, STORY_PREFIX, n) || !key[n] || strlen(key + n) > 18)
        return 0;
    int64_t id = 0;
    for (const char *p = key + n; *p; p++) {
        if (!isdigit((unsigned char)*p))
            return 0;
        id = id * 10 + (*p - '0');
    }
    return id;
}

char *story_path(int64_t id, const char *headline)
{
    /* Swedish letters read as their base letter; other non-ASCII is a break. */
    static const struct {
        const char *utf8, *ascii;
    } fold[] = {{"\xc3\xa5", "a"}, {"\xc3\xa4", "a"}, {"\xc3\xb6", "o"}, {"\xc3\x85", "a"},
                {"\xc3\x84", "a"}, {"\xc3\x96", "o"}, {"\xc3\xa9", "e"}, {"\xc3\xbc", "u"}};
    char slug[SLUG_MAX + 1];
    size_t n = 0;
    bool dash = false;
    for (const char *p = headline ? headline : ""; *p && n < SLUG_MAX;) {
        const char *add = NULL;
        size_t adv = 1;
        char one[2] = {0, 0};
        if (isalnum((unsigned char)*p)) {
            one[0] = (char)tolower((unsigned char)*p);
            add = one;
        } else {
            for (size_t k = 0; k < sizeof fold / sizeof fold[0] && !add; k++)
                if (!strncmp(p, fold[k].utf8, 2)) {
                    add = fold[k].ascii;
                    adv = 2;
                }
        }
        p += adv;
        if (!add) {
            dash = n > 0;
            continue;
        }
        if (dash && n + 1 < SLUG_MAX)
            slug[n++] = '-';
        dash = false;
        slug[n++] = add[0];
    }
    slug[n] = 0;
    return n ? xasprintf("/story/%lld-%s", (long long)id, slug)
             : xasprintf("/story/%lld", (long long)id);
}

void story_set_clear(struct story_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        json_decref(s->cards[i].body);
    free(s->cards);
    roundup_version_list_clear(&s->versions);
    memset(s, 0, sizeof *s);
}

static int by_score(const void *a, const void *b)
{
    const struct story_card *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->v->composed_at != y->v->composed_at)
        return x->v->composed_at > y->v->composed_at ? -1 : 1;
    return (x->id < y->id) - (x->id > y->id);
}

/* Cards of out->versions, one per story in lang (else the other language),
 * the best max of them. */
static void rank(enum site_lang lang, size_t max, struct story_set *out)
{
    const struct roundup_version_list *l = &out->versions;
    out->cards = xcalloc(l->len ? l->len : 1, sizeof *out->cards);
    for (size_t i = 0; i < l->len; i++) {
        const struct roundup_version *v = &l->items[i];
        int64_t id = story_id_of(v->story_key);
        if (!id)
            continue;
        bool mine = !strcmp(v->lang, site_lang_code(lang));
        size_t k = 0;
        while (k < out->n && out->cards[k].id != id)
            k++;
        if (k < out->n && (!out->cards[k].other_lang || !mine))
            continue; /* the reader's language, or the newer other one, is there */
        json_t *body = json_loads(v->body, 0, NULL);
        if (!json_is_object(body)) {
            json_decref(body);
            continue;
        }
        if (k == out->n)
            out->n++;
        else
            json_decref(out->cards[k].body);
        out->cards[k] = (struct story_card){
            .id = id,
            .v = v,
            .body = body,
            .other_lang = !mine,
            .newsrooms = story_int(json_object_get(body, "balance"), "newsrooms"),
        };
    }
    /* Coverage damped by age against the newest story (not the clock, so a
     * cached page stays right until the next roundup moves the generation). */
    int64_t newest = 0;
    for (size_t i = 0; i < out->n; i++)
        if (out->cards[i].v->composed_at > newest)
            newest = out->cards[i].v->composed_at;
    for (size_t i = 0; i < out->n; i++) {
        struct story_card *c = &out->cards[i];
        double days = (double)(newest - c->v->composed_at) / 86400.0;
        c->score = (double)(c->newsrooms > 0 ? c->newsrooms : 1) / (1.0 + days);
    }
    qsort(out->cards, out->n, sizeof *out->cards, by_score);
    for (size_t i = max; i < out->n; i++)
        json_decref(out->cards[i].body);
    if (out->n > max)
        out->n = max;
}

enum err story_set_load(struct store *st, enum site_lang lang, size_t max, struct story_set *out,
                        struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    /* Both languages of every story may be among the latest versions. */
    enum err err = store_roundup_current(st, max * SITE_LANG_COUNT, &out->versions, eb);
    if (!err)
        rank(lang, max, out);
    return err;
}

enum err story_set_load_topic(struct store *st, enum site_lang lang, int64_t entity_id, size_t max,
                              struct story_set *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    enum err err = store_roundup_topic(st, entity_id, max * SITE_LANG_COUNT, &out->versions, eb);
    if (!err)
        rank(lang, max, out);
    return err;
}

void story_view_clear(struct story_view *sv)
{
    roundup_version_list_clear(&sv->hist);
    roundup_version_clear(&sv->v);
    free(sv->key);
}

enum err story_view_load(struct web_ctx *ctx, enum site_lang l, int64_t id, struct story_view *sv)
{
    memset(sv, 0, sizeof *sv);
    sv->key = xasprintf(STORY_PREFIX "%lld", (long long)id);
    sv->shown = l;
    enum err err = store_roundup_latest(ctx->st, sv->key, site_lang_code(l), &sv->v, &ctx->eb);
    for (int o = 0; err == ERR_NOT_FOUND && o < SITE_LANG_COUNT; o++) {
        if (o == (int)l)
            continue;
        sv->shown = (enum site_lang)o;
        err = store_roundup_latest(ctx->st, sv->key, site_lang_code(sv->shown), &sv->v, &ctx->eb);
    }
    if (!err)
        err = store_roundup_history(ctx->st, sv->key, sv->v.lang, &sv->hist, &ctx->eb);
    return err;
}

json_t *story_view_body(const struct story_view *sv, struct errbuf *eb)
{
    json_t *body = json_loads(sv->v.body, 0, NULL);
    if (json_is_object(body))
        return body;
    json_decref(body);
    (void)errf(eb, ERR_PARSE, "%s version %d: body is not a JSON object", sv->key, sv->v.version);
    return NULL;
}
