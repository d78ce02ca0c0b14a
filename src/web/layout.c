/* The layout every page shares. */
#include <string.h>

#include "web/handler.h"

/* A link to the same page in another language: the path as received, the
 * query's other parameters (only those the route reads: the server dropped
 * the rest) re-encoded, then lang=. A path a browser reads as
 * another host ("//evil.example", "/\\evil.example", as on a 404 page) links to
 * the front page instead. */
static void lang_href(struct html *h, const struct web_request *req, enum site_lang lang)
{
    h_attr(h, html_url_safe(req->path) ? req->path : "/");
    h_lit(h, "?");
    const struct query *q = &req->route->query;
    for (size_t i = 0; i < q->len; i++) {
        if (!strcmp(q->items[i].name, "lang"))
            continue;
        h_url_component(h, q->items[i].name);
        h_lit(h, "=");
        h_url_component(h, q->items[i].value);
        h_lit(h, "&amp;");
    }
    h_lit(h, "lang=");
    h_text(h, site_lang_code(lang));
}

void layout_begin(struct html *h, const struct web_request *req, const char *title)
{
    enum site_lang l = req->lang;
    h_lit(h, "<!DOCTYPE html>\n<html lang=\"");
    h_attr(h, site_lang_code(l));
    h_lit(h, "\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             "<title>");
    h_text(h, title);
    h_lit(h, " · omnibus</title>\n"
             "<link rel=\"stylesheet\" href=\"/static/site.css\">\n"
             "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feed.atom\" "
             "title=\"Atom\">\n"
             "<link rel=\"alternate\" type=\"application/feed+json\" href=\"/feed.json\" "
             "title=\"JSON Feed\">\n"
             "</head>\n<body>\n<a class=\"skip\" href=\"#main\">");
    h_text(h, phrase(l, PH_SKIP));
    h_lit(h, "</a>\n<header class=\"site\">\n<div class=\"bar\">\n"
             "<a class=\"brand\" href=\"/\">omnibus</a>\n<span class=\"tagline\">");
    h_text(h, phrase(l, PH_SITE_TAGLINE));
    h_lit(h, "</span>\n</div>\n<nav aria-label=\"omnibus\">\n<a href=\"/\">");
    h_text(h, phrase(l, PH_NAV_HOME));
    h_lit(h, "</a>\n<a href=\"/search\">");
    h_text(h, phrase(l, PH_NAV_SEARCH));
    h_lit(h, "</a>\n<a href=\"/about\">");
    h_text(h, phrase(l, PH_NAV_ABOUT));
    h_lit(h, "</a>\n");
    for (int other = 0; other < SITE_LANG_COUNT; other++) {
        if (other == (int)l)
            continue;
        h_lit(h, "<a class=\"lang\" hreflang=\"");
        h_attr(h, site_lang_code((enum site_lang)other));
        h_lit(h, "\" lang=\"");
        h_attr(h, site_lang_code((enum site_lang)other));
        h_lit(h, "\" href=\"");
        lang_href(h, req, (enum site_lang)other);
        h_lit(h, "\">");
        h_text(h, phrase((enum site_lang)other, PH_LANG_NAME));
        h_lit(h, "</a>\n");
    }
    h_lit(h, "</nav>\n</header>\n<main id=\"main\">\n");
}

void layout_end(struct html *h, const struct web_request *req)
{
    enum site_lang l = req->lang;
    h_lit(h, "</main>\n<footer class=\"site\">\n<p>");
    h_text(h, phrase(l, PH_FOOTER_INDEPENDENCE));
    h_lit(h, "</p>\n<p><a href=\"/about\">");
    h_text(h, phrase(l, PH_FOOTER_METHOD));
    h_lit(h, "</a> · ");
    h_text(h, phrase(l, PH_FEEDS));
    h_lit(h, ": <a href=\"/feed.atom\">Atom</a> · <a href=\"/feed.json\">JSON Feed</a></p>\n"
             "</footer>\n</body>\n</html>\n");
}
