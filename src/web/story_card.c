/* A story's card on the front page and topic pages, and the pieces of it its
 * page shows too. Everything shown comes from the roundup JSON that
 * compose_publish stored, through the typed writers. */
#include <stdlib.h>
#include <string.h>

#include "web/handler.h"
#include "web/stories.h"

#define BAR_UNITS 20 /* segments of a balance bar when a story has more articles */

/* "3 artiklar · 3 medier · 2 oberoende redaktioner" */
void story_counts_line(struct html *h, enum site_lang l, const json_t *bal)
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
void story_balance_bar(struct html *h, enum site_lang l, const json_t *bal)
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
void story_image_html(struct html *h, const json_t *img, bool small)
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

void story_headline_html(struct html *h, const json_t *body)
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
    story_image_html(h, json_object_get(body, "image"), true);
    h_lit(h, "<h2><a href=\"");
    h_attr(h, path);
    h_lit(h, "\">");
    story_headline_html(h, body);
    h_lit(h, "</a></h2>\n");
    const char *lead = story_str(json_object_get(body, "lead"), "display");
    if (lead) {
        h_lit(h, "<p>");
        h_text(h, lead);
        h_lit(h, "</p>\n");
    }
    const json_t *bal = json_object_get(body, "balance");
    h_lit(h, "<p class=\"meta coverage\">");
    story_counts_line(h, l, bal);
    h_lit(h, "</p>\n");
    story_balance_bar(h, l, bal);
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
