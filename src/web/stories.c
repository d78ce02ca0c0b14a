/* Stories: a story's page laid out like ../shared/target-page.txt, the story
 * cards of the front page, a story's feeds (its versions) and the stories
 * API. Everything shown comes from the roundup JSON that compose_publish
 * stored, through the typed writers. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "web/feed_out.h"
#include "web/handler.h"
#include "web/stories.h"

#define STORY_PREFIX "story:"
#define SLUG_MAX 60        /* bytes of headline slug in a story path */
#define BAR_UNITS 20       /* segments of a balance bar when a story has more articles */
#define STORY_VERSIONS 200 /* versions a story's feed and API list at most */

const char *story_str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static int64_t story_int(const json_t *obj, const char *key)
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

/* ---- the current stories ---- */

void story_set_free(struct story_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        json_decref(s->cards[i].body);
    free(s->cards);
    roundup_version_list_free(&s->versions);
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

/* ---- pieces of a story ---- */

/* Bytes of d that read as s: whitespace runs in s are the one space compose
 * wrote; stops at the first difference, on a code point boundary. */
static size_t reads_as(const char *d, const char *s)
{
    size_t i = 0;
    while (*s) {
        if (isspace((unsigned char)*s)) {
            while (isspace((unsigned char)*s))
                s++;
            if (d[i] == ' ')
                i++;
            continue;
        }
        if (d[i] != *s)
            break;
        i++;
        s++;
    }
    while (i && ((unsigned char)d[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* Where sentence s shows in display d from byte from: a span reading as at
 * least half of s, starting within a few bytes (an opening quote mark). */
static bool find_span(const char *d, size_t from, const char *s, size_t *begin, size_t *end)
{
    size_t want = strlen(s) / 2;
    if (!want)
        return false;
    size_t len = strlen(d);
    for (size_t b = from; b < len && b <= from + 8; b++) {
        size_t n = reads_as(d + b, s);
        if (n >= want) {
            *begin = b;
            *end = b + n;
            return true;
        }
    }
    return false;
}

/* The display text with each sentence's words linking to its article (marked
 * with its language when it is not the reader's), the rest as text. */
static void linked_text(struct html *h, const char *display, const json_t *const *sents, size_t n)
{
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        const char *text = story_str(sents[i], "text"), *url = story_str(sents[i], "url");
        size_t b, e;
        if (!text || !url || !find_span(display, pos, text, &b, &e))
            continue;
        h_text_n(h, display + pos, b - pos);
        if (!html_url_safe(url)) {
            h_text_n(h, display + b, e - b);
        } else {
            h_lit(h, "<a href=\"");
            h_attr(h, url);
            h_lit(h, "\"");
            if (json_is_true(json_object_get(sents[i], "foreign")) && story_str(sents[i], "lang")) {
                h_lit(h, " lang=\"");
                h_attr(h, story_str(sents[i], "lang"));
                h_lit(h, "\" hreflang=\"");
                h_attr(h, story_str(sents[i], "lang"));
                h_lit(h, "\"");
            }
            h_lit(h, ">");
            h_text_n(h, display + b, e - b);
            h_lit(h, "</a>");
        }
        pos = e;
    }
    h_text(h, display + pos);
}

static void paragraph_html(struct html *h, const json_t *p, const char *cls)
{
    const char *display = story_str(p, "display");
    if (!display)
        return;
    json_t *arr = json_object_get(p, "sentences");
    const json_t *sents[8];
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(arr) && n < 8; i++)
        sents[n++] = json_array_get(arr, i);
    if (cls) {
        h_lit(h, "<p class=\"lead\">");
    } else {
        h_lit(h, "<p>");
    }
    linked_text(h, display, sents, n);
    h_lit(h, "</p>\n");
}

/* "3 artiklar · 3 medier · 2 oberoende redaktioner" */
static void counts_line(struct html *h, enum site_lang l, const json_t *bal)
{
    int64_t a = story_int(bal, "articles"), o = story_int(bal, "outlets"),
            r = story_int(bal, "newsrooms");
    h_int(h, a);
    h_lit(h, " ");
    h_text(h, phrase(l, a == 1 ? PH_ARTICLES_1 : PH_ARTICLES_N));
    h_lit(h, " · ");
    h_int(h, o);
    h_lit(h, " ");
    h_text(h, phrase(l, o == 1 ? PH_OUTLETS_1 : PH_OUTLETS_N));
    h_lit(h, " · <strong>");
    h_int(h, r);
    h_lit(h, " ");
    h_text(h, phrase(l, r == 1 ? PH_NEWSROOMS_1 : PH_NEWSROOMS_N));
    h_lit(h, "</strong>");
}

/* The class of a source kind's bar segment; kinds we do not know share one. */
static void kind_class(struct html *h, const char *kind)
{
    static const char *const known[] = {"news", "analysis", "opinion", "wire", "public-service"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(kind, known[i])) {
            h_attr(h, known[i]);
            return;
        }
    h_lit(h, "other");
}

/* A bar of the articles by source kind, one segment per article (at most
 * BAR_UNITS, shared out by size): CSS only, no inline style under our CSP. */
static void balance_bar(struct html *h, enum site_lang l, const json_t *bal)
{
    const json_t *kinds = json_object_get(bal, "kind");
    int64_t total = 0;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)kinds, k, v) total += json_integer_value(v);
    if (total <= 0)
        return;
    h_lit(h, "<span class=\"bbar\" role=\"img\" aria-label=\"");
    json_object_foreach((json_t *)kinds, k, v)
    {
        h_attr(h, site_lang_kind(l, k));
        h_lit(h, " ");
        h_int(h, json_integer_value(v));
        h_lit(h, "; ");
    }
    h_lit(h, "\">");
    json_object_foreach((json_t *)kinds, k, v)
    {
        int64_t n = json_integer_value(v);
        int64_t units = total <= BAR_UNITS ? n : (n * BAR_UNITS + total / 2) / total;
        if (n > 0 && units < 1)
            units = 1;
        for (int64_t u = 0; u < units; u++) {
            h_lit(h, "<span class=\"k-");
            kind_class(h, k);
            h_lit(h, "\"></span>");
        }
    }
    h_lit(h, "</span>");
}

/* The credited image with "Caption. (Name / Agency)"; nothing without a credit. */
static void image_html(struct html *h, const json_t *img, bool small)
{
    const char *url = story_str(img, "url"), *credit = story_str(img, "credit");
    if (!url || !credit || !*credit || !html_url_safe(url))
        return;
    if (small)
        h_lit(h, "<figure class=\"thumb\"><img src=\"");
    else
        h_lit(h, "<figure class=\"hero\"><img src=\"");
    h_attr(h, url);
    h_lit(h, "\" alt=\"");
    h_attr(h, story_str(img, "caption"));
    h_lit(h, "\" loading=\"lazy\">");
    if (!small) {
        h_lit(h, "<figcaption>");
        h_text(h, story_str(img, "display"));
        h_lit(h, "</figcaption>");
    } else {
        h_lit(h, "<figcaption class=\"credit\">");
        h_text(h, credit);
        h_lit(h, "</figcaption>");
    }
    h_lit(h, "</figure>\n");
}

static void headline_html(struct html *h, const json_t *body)
{
    const char *label = story_str(body, "label");
    if (label && *label) {
        h_lit(h, "<span class=\"label\">");
        h_text(h, label);
        h_lit(h, "</span> ");
    }
    h_text(h, story_str(body, "headline"));
}

void story_card_html(struct html *h, enum site_lang l, const struct story_card *c)
{
    const json_t *body = c->body;
    char *path = story_path(c->id, story_str(body, "headline"));
    h_lit(h, "<article class=\"card\"");
    if (c->other_lang) {
        h_lit(h, " lang=\"");
        h_attr(h, c->v->lang);
        h_lit(h, "\"");
    }
    h_lit(h, ">\n");
    image_html(h, json_object_get(body, "image"), true);
    h_lit(h, "<h2><a href=\"");
    h_attr(h, path);
    h_lit(h, "\">");
    headline_html(h, body);
    h_lit(h, "</a></h2>\n");
    const char *lead = story_str(json_object_get(body, "lead"), "display");
    if (lead) {
        h_lit(h, "<p>");
        h_text(h, lead);
        h_lit(h, "</p>\n");
    }
    const json_t *bal = json_object_get(body, "balance");
    h_lit(h, "<p class=\"meta coverage\">");
    counts_line(h, l, bal);
    h_lit(h, "</p>\n");
    balance_bar(h, l, bal);
    h_lit(h, "\n</article>\n");
    free(path);
}

void feed_links_html(struct html *h, enum site_lang l, const char *kind, int64_t id)
{
    static const struct {
        const char *ext, *name;
    } feeds[] = {{"atom", "Atom"}, {"json", "JSON Feed"}};
    h_text(h, phrase(l, PH_FEEDS));
    h_lit(h, ":");
    for (size_t i = 0; i < sizeof feeds / sizeof feeds[0]; i++) {
        if (i)
            h_lit(h, " ·");
        h_lit(h, " <a href=\"/");
        h_attr(h, kind);
        h_lit(h, "/");
        h_int(h, id);
        h_lit(h, "/feed.");
        h_attr(h, feeds[i].ext);
        h_lit(h, "\">");
        h_text(h, feeds[i].name);
        h_lit(h, "</a>");
    }
}

/* ---- a story's page ---- */

/* A story as a page, a feed or the API shows it: the latest version in the
 * reader's language, else the other one (shown), and that language's history. */
struct story_view {
    char *key;
    struct roundup_version v;
    struct roundup_version_list hist;
    enum site_lang shown;
};

static void story_view_clear(struct story_view *sv)
{
    roundup_version_list_free(&sv->hist);
    roundup_version_clear(&sv->v);
    free(sv->key);
}

/* ERR_NOT_FOUND when story id has no version in any language. The caller
 * clears sv (story_view_clear), also after an error. */
static enum err load_story(struct web_ctx *ctx, enum site_lang l, int64_t id, struct story_view *sv)
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

/* The version's body, which must be a JSON object; NULL (with eb) else. */
static json_t *view_body(const struct story_view *sv, struct errbuf *eb)
{
    json_t *body = json_loads(sv->v.body, 0, NULL);
    if (json_is_object(body))
        return body;
    json_decref(body);
    (void)errf(eb, ERR_PARSE, "%s version %d: body is not a JSON object", sv->key, sv->v.version);
    return NULL;
}

static void read_more_item(struct html *h, const json_t *m)
{
    h_lit(h, "<span class=\"outlet\">");
    h_text(h, story_str(m, "outlet"));
    h_lit(h, "</span> ");
    const char *title = story_str(m, "title");
    h_link(h, story_str(m, "url"), title && *title ? title : story_str(m, "url"));
    h_lit(h, " ");
    h_time(h, story_int(m, "published_at"));
}

/* Every member, newest original first, each copy under its original. */
static void read_more_html(struct html *h, enum site_lang l, const json_t *more)
{
    h_lit(h, "<section class=\"read-more\">\n<h2>");
    h_text(h, phrase(l, PH_READ_MORE));
    h_lit(h, "</h2>\n<ul>\n");
    size_t n = json_array_size(more);
    for (size_t i = 0; i < n; i++) {
        const json_t *m = json_array_get(more, i);
        int64_t id = story_int(m, "article_id");
        if (story_int(m, "copy_of"))
            continue;
        h_lit(h, "<li>");
        read_more_item(h, m);
        bool open = false;
        for (size_t k = 0; k < n; k++) {
            const json_t *c = json_array_get(more, k);
            if (story_int(c, "copy_of") != id)
                continue;
            if (!open)
                h_lit(h, "\n<ul class=\"copies\">\n");
            h_lit(h, "<li>");
            open = true;
            read_more_item(h, c);
            h_lit(h, "</li>\n");
        }
        if (open)
            h_lit(h, "</ul>\n");
        h_lit(h, "</li>\n");
    }
    h_lit(h, "</ul>\n</section>\n");
}

static void background_html(struct html *h, enum site_lang l, const json_t *bg)
{
    if (!json_is_object(bg))
        return;
    h_lit(h, "<aside class=\"background\">\n<p class=\"kicker\">");
    h_text(h, phrase(l, PH_BACKGROUND));
    h_lit(h, "</p>\n<h2>");
    h_text(h, story_str(bg, "title"));
    h_lit(h, "</h2>\n<p class=\"meta\">");
    h_text(h, story_str(bg, "source"));
    h_lit(h, "</p>\n<p>");
    h_text(h, story_str(bg, "extract"));
    h_lit(h, "</p>\n<p class=\"meta\">");
    const char *url = story_str(bg, "url"), *lic = story_str(bg, "licence"),
               *dump = story_str(bg, "dump_date");
    if (url && *url) {
        h_link(h, url, url);
        h_lit(h, "<br>");
    }
    if (lic && *lic) {
        h_text(h, phrase(l, PH_LICENCE));
        h_lit(h, ": ");
        h_text(h, lic);
    }
    if (dump && *dump) {
        if (lic && *lic)
            h_lit(h, " · ");
        h_text(h, phrase(l, PH_DUMP_OF));
        h_lit(h, " ");
        h_text(h, dump);
    }
    h_lit(h, "</p>\n");
    /* Roundups composed before boxes named their entity have no topic link. */
    int64_t topic = story_int(bg, "entity_id");
    if (topic > 0) {
        h_lit(h, "<p class=\"topic-link\"><a href=\"/topic/");
        h_int(h, topic);
        h_lit(h, "\">");
        h_text(h, phrase(l, PH_TOPIC_LINK));
        h_lit(h, "</a></p>\n");
    }
    h_lit(h, "</aside>\n");
}

/* One row of the balance: "Land: SE 3, NO 1". Kinds in the reader's words. */
static void counts_row(struct html *h, enum site_lang l, enum phrase label, const json_t *counts,
                       bool kinds)
{
    if (!json_object_size(counts))
        return;
    h_lit(h, "<dt>");
    h_text(h, phrase(l, label));
    h_lit(h, "</dt><dd>");
    const char *k;
    json_t *v;
    bool first = true;
    json_object_foreach((json_t *)counts, k, v)
    {
        if (!first)
            h_lit(h, ", ");
        first = false;
        /* compose counts members without the field under "unknown". */
        if (!strcmp(k, "unknown"))
            h_text(h, phrase(l, PH_UNKNOWN));
        else
            h_text(h, kinds ? site_lang_kind(l, k) : k);
        h_lit(h, " ");
        h_int(h, json_integer_value(v));
    }
    h_lit(h, "</dd>\n");
}

static void balance_html(struct html *h, enum site_lang l, const json_t *bal)
{
    h_lit(h, "<section class=\"balance\">\n<h2>");
    h_text(h, phrase(l, PH_BALANCE));
    h_lit(h, "</h2>\n<p>");
    counts_line(h, l, bal);
    h_lit(h, "</p>\n");
    balance_bar(h, l, bal);
    h_lit(h, "\n<dl class=\"facts\">\n");
    counts_row(h, l, PH_SOURCE_COUNTRY, json_object_get(bal, "country"), false);
    counts_row(h, l, PH_SOURCE_LANG, json_object_get(bal, "lang"), false);
    counts_row(h, l, PH_SOURCE_KIND, json_object_get(bal, "kind"), true);
    counts_row(h, l, PH_SOURCE_STANCE, json_object_get(bal, "stance"), false);
    h_lit(h, "</dl>\n");
    const char *gap = story_str(bal, "gap_note");
    if (gap) {
        h_lit(h, "<p class=\"gap\">");
        h_text(h, gap);
        h_lit(h, "</p>\n");
    }
    h_lit(h, "</section>\n");
}

/* What changed, in the reader's words: compose_publish writes "first
 * version", "+2 sources", "-1 source", "new headline", "recomposed", joined
 * by ", ". An unknown part is shown as written. */
static void change_html(struct html *h, enum site_lang l, const char *change)
{
    char *copy = xstrdup(change ? change : "");
    bool first = true;
    for (char *save = NULL, *part = strtok_r(copy, ",", &save); part;
         part = strtok_r(NULL, ",", &save)) {
        while (*part == ' ')
            part++;
        if (!strcmp(part, "first version"))
            continue;
        if (first)
            h_lit(h, ": ");
        else
            h_lit(h, ", ");
        first = false;
        long n = (*part == '+' || *part == '-') ? strtol(part + 1, NULL, 10) : 0;
        if (n > 0) {
            bool more = *part == '+';
            if (n == 1) {
                h_text(h, phrase(l, more ? PH_CHANGE_MORE_1 : PH_CHANGE_LESS_1));
            } else {
                h_int(h, n);
                h_lit(h, " ");
                h_text(h, phrase(l, more ? PH_CHANGE_MORE_N : PH_CHANGE_LESS_N));
            }
        } else if (!strcmp(part, "new headline")) {
            h_text(h, phrase(l, PH_CHANGE_HEADLINE));
        } else if (!strcmp(part, "recomposed")) {
            h_text(h, phrase(l, PH_CHANGE_RECOMPOSED));
        } else {
            h_text(h, part);
        }
    }
    free(copy);
}

static void history_html(struct html *h, enum site_lang l, const struct roundup_version_list *hist)
{
    if (!hist->len)
        return;
    h_lit(h, "<section class=\"history\">\n<h2>");
    h_text(h, phrase(l, PH_HISTORY));
    h_lit(h, "</h2>\n<ul>\n");
    for (size_t i = 0; i < hist->len; i++) {
        const struct roundup_version *v = &hist->items[i];
        h_lit(h, "<li>");
        h_text(h, phrase(l, v->version == 1 ? PH_PUBLISHED : PH_UPDATED));
        h_lit(h, " ");
        h_time(h, v->composed_at);
        change_html(h, l, v->change);
        h_lit(h, "</li>\n");
    }
    h_lit(h, "</ul>\n</section>\n");
}

static void story_html(struct html *h, const struct web_request *req, const json_t *body,
                       enum site_lang shown, const struct roundup_version_list *hist, int64_t id)
{
    enum site_lang l = req->lang;
    layout_begin(h, req, story_str(body, "headline"));
    h_lit(h, "<article class=\"story\" lang=\"");
    h_attr(h, site_lang_code(shown));
    h_lit(h, "\">\n<nav class=\"crumbs\" aria-label=\"breadcrumb\"><a href=\"/\">");
    h_text(h, phrase(l, PH_NAV_HOME));
    h_lit(h, "</a></nav>\n");
    if (shown != l) {
        h_lit(h, "<p class=\"notice\" lang=\"");
        h_attr(h, site_lang_code(l));
        h_lit(h, "\">");
        h_text(h, phrase(l, PH_ONLY_IN_OTHER));
        h_lit(h, "</p>\n");
    }
    image_html(h, json_object_get(body, "image"), false);
    h_lit(h, "<h1>");
    headline_html(h, body);
    h_lit(h, "</h1>\n<div class=\"story-body\">\n");
    paragraph_html(h, json_object_get(body, "lead"), "lead");
    const json_t *quote = json_object_get(body, "quote");
    if (json_is_object(quote) && story_str(quote, "display")) {
        const json_t *q = json_object_get(quote, "quote");
        const char *url = story_str(q, "url");
        h_lit(h, "<blockquote class=\"pull\"");
        if (url && html_url_safe(url)) {
            h_lit(h, " cite=\"");
            h_attr(h, url);
            h_lit(h, "\"");
        }
        h_lit(h, "><p>");
        linked_text(h, story_str(quote, "display"), &q, 1);
        h_lit(h, "</p></blockquote>\n");
    }
    json_t *paras = json_object_get(body, "paragraphs");
    for (size_t i = 0; i < json_array_size(paras); i++)
        paragraph_html(h, json_array_get(paras, i), NULL);
    h_lit(h, "</div>\n");
    read_more_html(h, l, json_object_get(body, "read_more"));
    background_html(h, l, json_object_get(body, "background"));
    balance_html(h, l, json_object_get(body, "balance"));
    history_html(h, l, hist);
    /* The site footer below states the independence; this one the method. */
    h_lit(h, "<footer class=\"story-foot\">\n<p>");
    h_text(h, phrase(l, PH_STORY_METHOD));
    h_lit(h, " <a href=\"/about\">");
    h_text(h, phrase(l, PH_FOOTER_METHOD));
    h_lit(h, "</a> · ");
    feed_links_html(h, l, "story", id);
    h_lit(h, "</p>\n</footer>\n</article>\n");
    layout_end(h, req);
}

enum err page_story(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    int64_t id = req->route->ids[0];
    struct story_view sv;
    json_t *body = NULL;
    enum err err = load_story(ctx, req->lang, id, &sv);
    if (err)
        goto out;
    /* A slug other than the headline's (an old headline, a typo, a made-up
     * one) is sent to the story's one address, so the page has no others;
     * "/story/N", which the feeds link, is served as it is. The route reads
     * no query parameter but lang, so that is all the redirect keeps. */
    char *canonical = story_path(id, sv.v.headline);
    if (strchr(req->path + strlen("/story/"), '-') && strcmp(req->path, canonical)) {
        res->status = 301;
        res->location = req->lang_in_query
                            ? xasprintf("%s?lang=%s", canonical, site_lang_code(req->lang))
                            : xstrdup(canonical);
        free(canonical);
        goto out;
    }
    free(canonical);
    if (!(body = view_body(&sv, &ctx->eb))) {
        err = ERR_PARSE;
        goto out;
    }
    struct html h;
    html_init(&h, &res->body);
    story_html(&h, req, body, sv.shown, &sv.hist, id);
    err = html_finish(&h);
out:
    json_decref(body);
    story_view_clear(&sv);
    return err;
}

/* ---- a story's feeds: its versions ---- */

typedef enum err (*feed_writer)(const struct feed_out_meta *, const struct feed_out_entry *, size_t,
                                struct buf *, struct errbuf *);

static enum err story_feed(struct web_ctx *ctx, const struct web_request *req,
                           struct web_response *res, feed_writer write, const char *suffix,
                           const char *type)
{
    int64_t id = req->route->ids[0];
    struct story_view sv;
    enum err err = load_story(ctx, req->lang, id, &sv);
    if (err)
        goto out;
    const struct roundup_version_list *hist = &sv.hist;
    const struct roundup_version *v = &sv.v;
    size_t n = hist->len < STORY_VERSIONS ? hist->len : STORY_VERSIONS;
    char *path = story_path(id, v->headline);
    char *home = xasprintf("%s%s", ctx->cfg->base_url, path);
    char *self = xasprintf("%s/story/%lld/%s", ctx->cfg->base_url, (long long)id, suffix);
    char *title = xasprintf("%s – omnibus", v->headline);
    struct feed_out_entry *e = xcalloc(n ? n : 1, sizeof *e);
    char **ids = xcalloc(n ? n : 1, sizeof *ids);
    struct buf *notes = xcalloc(n ? n : 1, sizeof *notes);
    for (size_t i = 0; i < n; i++) {
        const struct roundup_version *hv = &hist->items[i];
        ids[i] = xasprintf("%s#v%d-%s", home, hv->version, hv->lang);
        /* The change in the reader's words, as the page's history says it. */
        buf_init(&notes[i], 4096);
        struct html nh;
        html_init(&nh, &notes[i]);
        h_text(&nh, phrase(req->lang, hv->version == 1 ? PH_PUBLISHED : PH_UPDATED));
        change_html(&nh, req->lang, hv->change);
        e[i] = (struct feed_out_entry){.id = ids[i],
                                       .title = hv->headline,
                                       .link = home,
                                       .updated = hv->composed_at,
                                       .published = hv->composed_at,
                                       .summary = html_finish(&nh) ? NULL : buf_cstr(&notes[i])};
    }
    struct feed_out_meta meta = {
        .id = home,
        .title = title,
        .subtitle = phrase(req->lang, PH_STORY_FEED_SUBTITLE),
        .home_url = home,
        .feed_url = self,
        .lang = site_lang_code(sv.shown),
        .author = "omnibus",
        .updated = v->composed_at,
    };
    err = write(&meta, e, n, &res->body, &ctx->eb);
    res->content_type = type;
    for (size_t i = 0; i < n; i++) {
        free(ids[i]);
        buf_free(&notes[i]);
    }
    free(notes);
    free(ids);
    free(e);
    free(title);
    free(self);
    free(home);
    free(path);
out:
    story_view_clear(&sv);
    return err;
}

enum err story_feed_atom(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res)
{
    return story_feed(ctx, req, res, feed_out_atom, "feed.atom", FEED_ATOM_TYPE);
}

enum err story_feed_json(struct web_ctx *ctx, const struct web_request *req,
                         struct web_response *res)
{
    return story_feed(ctx, req, res, feed_out_json, "feed.json", FEED_JSON_TYPE);
}

/* ---- the stories API ---- */

#define API_STORIES 100

enum err api_stories(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    struct story_set set;
    enum err err = story_set_load(ctx->st, req->lang, API_STORIES, &set, &ctx->eb);
    if (err)
        goto out;
    json_t *arr = json_array();
    for (size_t i = 0; i < set.n; i++) {
        const struct story_card *c = &set.cards[i];
        char *path = story_path(c->id, c->v->headline);
        json_array_append_new(arr,
                              json_pack("{sI ss ss sI sI ss sI ss}", "id", (json_int_t)c->id, "key",
                                        c->v->story_key, "lang", c->v->lang, "version",
                                        (json_int_t)c->v->version, "composed_at",
                                        (json_int_t)c->v->composed_at, "headline", c->v->headline,
                                        "newsrooms", (json_int_t)c->newsrooms, "path", path));
        free(path);
    }
    err = api_json(res, 200, json_pack("{so}", "stories", arr));
out:
    story_set_free(&set);
    return err;
}

enum err api_story(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    int64_t id = req->route->ids[0];
    struct story_view sv;
    json_t *body = NULL;
    enum err err = load_story(ctx, req->lang, id, &sv);
    if (err)
        goto out;
    if (!(body = view_body(&sv, &ctx->eb))) {
        err = ERR_PARSE;
        goto out;
    }
    json_t *versions = json_array();
    for (size_t i = 0; i < sv.hist.len; i++) {
        const struct roundup_version *hv = &sv.hist.items[i];
        json_array_append_new(versions,
                              json_pack("{sI sI ss ss}", "version", (json_int_t)hv->version,
                                        "composed_at", (json_int_t)hv->composed_at, "headline",
                                        hv->headline, "change", hv->change));
    }
    char *path = story_path(id, sv.v.headline);
    json_object_set_new(body, "id", json_integer(id));
    json_object_set_new(body, "key", json_string(sv.key));
    json_object_set_new(body, "version", json_integer(sv.v.version));
    json_object_set_new(body, "composed_at", json_integer(sv.v.composed_at));
    json_object_set_new(body, "path", json_string(path));
    json_object_set_new(body, "versions", versions);
    free(path);
    err = api_json(res, 200, body);
    body = NULL; /* api_json took it */
out:
    json_decref(body);
    story_view_clear(&sv);
    return err;
}
