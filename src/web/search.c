/* /search?q=: the articles matching the words of q (stemmed full-text search
 * in the store), best first, each linking to the article. */
#include <string.h>

#include "web/handler.h"

#define SEARCH_HITS 50

/* The store brackets the matched words of a snippet: "[Ölandsbron]". They
 * become <mark>; everything else is text. */
static void snippet_html(struct html *h, const char *s)
{
    while (*s) {
        const char *open = strchr(s, '['), *close = open ? strchr(open + 1, ']') : NULL;
        if (!close) {
            h_text(h, s);
            return;
        }
        h_text_n(h, s, (size_t)(open - s));
        h_lit(h, "<mark>");
        h_text_n(h, open + 1, (size_t)(close - open - 1));
        h_lit(h, "</mark>");
        s = close + 1;
    }
}

static void hits_html(struct html *h, enum lang l, const char *q, const struct search_hits *hits)
{
    h_lit(h, "<p class=\"meta\">");
    h_int(h, (int64_t)hits->len);
    h_lit(h, " ");
    h_text(h, phrase(l, hits->len == 1 ? PH_HITS_1 : PH_HITS_N));
    h_lit(h, " <q>");
    h_text(h, q);
    h_lit(h, "</q></p>\n");
    if (!hits->len) {
        h_lit(h, "<p>");
        h_text(h, phrase(l, PH_SEARCH_NONE));
        h_lit(h, "</p>\n");
        return;
    }
    h_lit(h, "<ol class=\"hits\">\n");
    for (size_t i = 0; i < hits->len; i++) {
        const struct search_hit *hit = &hits->items[i];
        h_lit(h, "<li><h2>");
        h_link(h, hit->url, hit->title && *hit->title ? hit->title : hit->url);
        h_lit(h, "</h2>\n");
        if (hit->snippet) {
            h_lit(h, "<p>");
            snippet_html(h, hit->snippet);
            h_lit(h, "</p>\n");
        }
        h_lit(h, "<p class=\"meta\">");
        h_time(h, hit->published_at);
        h_lit(h, "</p></li>\n");
    }
    h_lit(h, "</ol>\n");
}

enum err page_search(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    enum lang l = req->lang;
    const char *q = query_get(&req->route->query, "q");
    struct search_hits hits = {0};
    enum err found = ERR_INVALID;
    if (q && *q) {
        found = store_search(ctx->st, q, NULL, SEARCH_HITS, &hits, &ctx->eb);
        /* No words and no index are answers for the reader, not failures. */
        if (found != ERR_OK && found != ERR_INVALID && found != ERR_UNSUPPORTED)
            return found;
    }
    struct html h;
    html_init(&h, &res->body);
    layout_begin(&h, req, phrase(l, PH_SEARCH_TITLE));
    h_lit(&h, "<h1>");
    h_text(&h, phrase(l, PH_SEARCH_TITLE));
    h_lit(&h, "</h1>\n<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">"
              "<label for=\"q\">");
    h_text(&h, phrase(l, PH_SEARCH_LABEL));
    h_lit(&h, "</label><input id=\"q\" name=\"q\" type=\"search\" value=\"");
    h_attr(&h, q);
    h_lit(&h, "\"><input type=\"hidden\" name=\"lang\" value=\"");
    h_attr(&h, lang_code(l));
    h_lit(&h, "\"><button type=\"submit\">");
    h_text(&h, phrase(l, PH_SEARCH_TITLE));
    h_lit(&h, "</button></form>\n");
    if (found == ERR_OK) {
        hits_html(&h, l, q, &hits);
    } else if (q && *q) {
        h_lit(&h, "<p>");
        h_text(&h,
               phrase(l, found == ERR_UNSUPPORTED ? PH_SEARCH_UNAVAILABLE : PH_SEARCH_NO_WORDS));
        h_lit(&h, "</p>\n");
    }
    layout_end(&h, req);
    search_hits_free(&hits);
    return html_finish(&h);
}
