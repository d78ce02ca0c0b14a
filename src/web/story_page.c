/* A story's page laid out like ../shared/target-page.txt. Everything shown
 * comes from the roundup JSON that compose_publish stored, through the typed
 * writers. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "web/handler.h"
#include "web/stories.h"

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
    story_counts_line(h, l, bal);
    h_lit(h, "</p>\n");
    story_balance_bar(h, l, bal);
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
void story_change_html(struct html *h, enum site_lang l, const char *change)
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
        } else {
            /* The desk's notes (compose_release) open with "editors: ". */
            if (!strncmp(part, "editors: ", 9)) {
                h_text(h, phrase(l, PH_CHANGE_EDITORS));
                h_lit(h, ": ");
                part += 9;
            }
            static const struct {
                const char *note;
                enum phrase ph;
            } notes[] = {
                {"new headline", PH_CHANGE_HEADLINE}, {"recomposed", PH_CHANGE_RECOMPOSED},
                {"intro", PH_CHANGE_INTRO},           {"quote chosen", PH_CHANGE_QUOTE},
                {"take dropped", PH_CHANGE_DROPPED},  {"takes dropped", PH_CHANGE_DROPPED},
                {"take pinned", PH_CHANGE_PINNED},    {"label", PH_CHANGE_LABEL},
                {"published", PH_CHANGE_PUBLISHED},   {"background", PH_CHANGE_BACKGROUND},
            };
            size_t k = 0;
            while (k < sizeof notes / sizeof notes[0] && strcmp(part, notes[k].note))
                k++;
            h_text(h, k < sizeof notes / sizeof notes[0] ? phrase(l, notes[k].ph) : part);
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
        /* Newest first: the last is the first published (under the desk,
         * drafts before it were never shown). */
        h_text(h, phrase(l, i + 1 == hist->len ? PH_PUBLISHED : PH_UPDATED));
        h_lit(h, " ");
        h_time(h, v->composed_at);
        story_change_html(h, l, v->change);
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
    story_image_html(h, json_object_get(body, "image"), false);
    const json_t *editors = json_object_get(body, "editors");
    if (story_str(editors, "headline"))
        h_lit(h, "<h1 class=\"editors\">");
    else
        h_lit(h, "<h1>");
    story_headline_html(h, body);
    h_lit(h, "</h1>\n");
    if (story_str(editors, "headline")) {
        h_lit(h, "<p class=\"editors-by\">");
        h_text(h, phrase(l, PH_EDITORS_HEADLINE));
        h_lit(h, "</p>\n");
    }
    h_lit(h, "<div class=\"story-body\">\n");
    /* The editors' intro line, apart from every source's sentence. */
    if (story_str(editors, "intro")) {
        h_lit(h, "<p class=\"intro editors\"><span class=\"by\">");
        h_text(h, phrase(l, PH_EDITORS));
        h_lit(h, ":</span> ");
        h_text(h, story_str(editors, "intro"));
        h_lit(h, "</p>\n");
    }
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
    enum err err = story_view_load(ctx, req->lang, id, &sv);
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
    if (!(body = story_view_body(&sv, &ctx->eb))) {
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
