/* /search?q=: the articles matching the words of q (stemmed full-text search
 * in the store), best first, each linking to the article, naming its outlet
 * and, when the article is part of a story with a roundup, linking to that;
 * /api/search, the same search as JSON, a page of hits at a time. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "web/handler.h"

#define SEARCH_HITS 50
#define API_LIMIT_DEFAULT 20
#define API_LIMIT_MAX 100
#define API_OFFSET_MAX 1000 /* deeper pages are refused: ask with more words */
/* What one search may ask: its cost in the full-text index grows with the
 * words (a thousand cost seconds), so past these it is refused with a reason. */
#define SEARCH_MAX_TERMS 8
#define SEARCH_MAX_BYTES 256

/* Words are what spaces separate: punctuation stays as typed (the store's
 * tokenizer drops it, and the page shows the query back as it came). */
static bool separator(unsigned char c)
{
    return c <= ' ';
}

void search_normalise(struct query *qs)
{
    for (size_t p = 0; p < qs->len; p++) {
        if (strcmp(qs->items[p].name, "q"))
            continue;
        /* The value lives in the query's storage: rewritten in place, never longer. */
        char *v = (char *)qs->items[p].value, *o = v;
        const char *s = v;
        while (*s) {
            while (*s && separator((unsigned char)*s))
                s++;
            size_t n = 0;
            while (s[n] && !separator((unsigned char)s[n]))
                n++;
            if (!n)
                break;
            char *word = o + (o > v);
            memmove(word, s, n);
            for (size_t i = 0; i < n; i++)
                if (word[i] >= 'A' && word[i] <= 'Z')
                    word[i] = (char)(word[i] - 'A' + 'a');
            s += n; /* read before the write below can reach it: o <= s */
            bool seen = false;
            for (const char *w = v; w < o && !seen;) {
                size_t wn = strcspn(w, " ");
                if (w + wn > o)
                    wn = (size_t)(o - w);
                seen = wn == n && !memcmp(w, word, n);
                w += wn + 1;
            }
            if (!seen) {
                if (o > v)
                    *o = ' ';
                o = word + n;
            }
        }
        *o = '\0';
    }
}

/* Whether a normalised query is within the bounds above. */
static bool within_bounds(const char *q)
{
    size_t terms = *q != '\0';
    for (const char *s = q; *s; s++)
        terms += *s == ' ';
    return terms <= SEARCH_MAX_TERMS && strlen(q) <= SEARCH_MAX_BYTES;
}

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

static void hits_html(struct html *h, enum site_lang l, const char *q,
                      const struct search_hits *hits)
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
        if (hit->source_name) {
            h_text(h, hit->source_name);
            h_lit(h, " · ");
        }
        h_time(h, hit->published_at);
        if (hit->story_id) {
            char path[48];
            snprintf(path, sizeof path, "/story/%lld", (long long)hit->story_id);
            h_lit(h, " · ");
            h_link(h, path, phrase(l, PH_HIT_STORY));
        }
        h_lit(h, "</p></li>\n");
    }
    h_lit(h, "</ol>\n");
}

enum err page_search(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    enum site_lang l = req->lang;
    const char *q = query_get(&req->route->query, "q");
    struct search_hits hits = {0};
    enum err found = ERR_INVALID;
    bool too_long = q && !within_bounds(q);
    if (q && *q && !too_long) {
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
    h_attr(&h, site_lang_code(l));
    h_lit(&h, "\"><button type=\"submit\">");
    h_text(&h, phrase(l, PH_SEARCH_TITLE));
    h_lit(&h, "</button></form>\n");
    if (found == ERR_OK) {
        hits_html(&h, l, q, &hits);
    } else if (q && *q) {
        h_lit(&h, "<p>");
        h_text(&h, phrase(l, too_long                   ? PH_SEARCH_TOO_LONG
                             : found == ERR_UNSUPPORTED ? PH_SEARCH_UNAVAILABLE
                                                        : PH_SEARCH_NO_WORDS));
        h_lit(&h, "</p>\n");
    }
    layout_end(&h, req);
    search_hits_clear(&hits);
    return html_finish(&h);
}

/* The decimal value of query parameter name, def when absent; false when it
 * is not digits only or is above max. */
static bool bounded_param(const struct query *q, const char *name, long def, long max, long *out)
{
    const char *v = query_get(q, name);
    *out = def;
    if (!v)
        return true;
    if (!*v || strlen(v) > 9 || strspn(v, "0123456789") != strlen(v))
        return false;
    *out = strtol(v, NULL, 10);
    return *out <= max;
}

enum err api_search(struct web_ctx *ctx, const struct web_request *req, struct web_response *res)
{
    const struct query *qs = &req->route->query;
    const char *q = query_get(qs, "q");
    long limit, offset;
    if (!q || !*q)
        return api_error(res, 400, "q is required");
    if (!within_bounds(q))
        return api_error(res, 400, "q may have at most 8 different words and 256 bytes");
    json_t *query = json_string(q); /* NULL when q is not UTF-8 */
    if (!query)
        return api_error(res, 400, "q is not UTF-8");
    struct search_hits hits = {0};
    enum err err;
    if (!bounded_param(qs, "limit", API_LIMIT_DEFAULT, API_LIMIT_MAX, &limit) || limit < 1) {
        err = api_error(res, 400, "limit must be a number from 1 to 100");
        goto out;
    }
    if (!bounded_param(qs, "offset", 0, API_OFFSET_MAX, &offset)) {
        err = api_error(res, 400, "offset must be a number from 0 to 1000");
        goto out;
    }
    err = store_search(ctx->st, q, NULL, (size_t)(offset + limit), &hits, &ctx->eb);
    if (err == ERR_INVALID)
        err = api_error(res, 400, "the query has no words");
    else if (err == ERR_UNSUPPORTED)
        err = api_error(res, 503, "search is not available on this database");
    else if (err == ERR_TIMEOUT)
        err = api_error(res, 503, "the search took too long; fewer or rarer words are faster");
    if (err || res->status != 200)
        goto out;
    json_t *arr = json_array();
    for (size_t i = (size_t)offset; i < hits.len; i++) {
        const struct search_hit *h = &hits.items[i];
        json_t *hit =
            json_pack("{sI ss? ss ss? sb sI ss?}", "article_id", (json_int_t)h->article_id, "title",
                      h->title, "url", h->url, "snippet", h->snippet, "title_match", h->title_match,
                      "published_at", (json_int_t)h->published_at, "source", h->source_name);
        if (h->story_id)
            json_object_set_new(hit, "story_id", json_integer(h->story_id));
        json_array_append_new(arr, hit);
    }
    json_t *root = json_pack("{so sI sI so}", "query", query, "limit", (json_int_t)limit, "offset",
                             (json_int_t)offset, "hits", arr);
    query = NULL; /* root took it */
    err = api_json(res, 200, root);
out:
    json_decref(query);
    search_hits_clear(&hits);
    return err;
}
