/* The extractor's entry points: input checks, parsing, and the result. */
#include "extract/extract.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "extract/extract_internal.h"

/* RECOVER reads broken markup as browsers do; NONET keeps the parser off the
 * network; HUGE lifts the 256-level nesting cap (without it deeper content is
 * silently dropped); IGNORE_ENC because the input is already UTF-8 (valid,
 * which keeps libxml2 from switching to Latin-1 at a bad byte). */
#define PARSE_FLAGS                                                                                \
    (HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |           \
     XML_PARSE_HUGE | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT)

void extract_options_default(struct extract_options *o)
{
    o->max_input = 8u << 20;
    o->max_output = 4u << 20;
}

void extract_result_clear(struct extract_result *r)
{
    if (!r)
        return;
    free(r->title);
    for (size_t i = 0; i < r->n_byline; i++)
        free(r->byline[i]);
    free(r->byline);
    free(r->lang);
    free(r->site_name);
    free(r->excerpt);
    free(r->text);
    free(r->html);
    free(r->url);
    free(r->encoding);
    free(r->image.url);
    free(r->image.caption);
    free(r->image.credit);
    memset(r, 0, sizeof *r);
}

/* The first paragraph of text, as an excerpt when the page gives none. */
static char *first_paragraph(const char *text)
{
    if (!text)
        return NULL;
    const char *end = strstr(text, "\n\n");
    char *p = xstrndup(text, end ? (size_t)(end - text) : strlen(text));
    char *c = ext_text_clean(p);
    free(p);
    return c;
}

enum err extract_article(const char *html, size_t len, const char *url, const char *content_type,
                         const struct extract_options *opts, struct extract_result *out,
                         struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct extract_options defaults;
    if (!opts) {
        extract_options_default(&defaults);
        opts = &defaults;
    }
    size_t max_input = opts->max_input < INT_MAX / 4 ? opts->max_input : INT_MAX / 4;
    if (len > max_input)
        return errf(eb, ERR_LIMIT, "the page is %zu bytes, over the %zu-byte limit", len,
                    max_input);
    char *utf8 = NULL;
    size_t ulen;
    char enc[48];
    /* Decoding a single-byte charset can triple the size. */
    enum err err =
        ext_input_to_utf8(html, len, content_type, 3 * max_input + 16, &utf8, &ulen, enc, eb);
    if (err)
        return err;
    const char *doc_text = utf8 ? utf8 : html;
    err = ext_input_check_shape(doc_text, ulen, eb);
    if (err) {
        free(utf8);
        return err;
    }
    /* No encoding named: libxml2 reads the bytes as UTF-8 as they are. Naming
     * "UTF-8" makes it run them through its UTF-8 converter into a second copy
     * of the page (the largest allocation of a whole extraction). */
    xmlDoc *doc = htmlReadMemory(doc_text, (int)ulen, url, NULL, PARSE_FLAGS);
    free(utf8);
    if (!doc || !xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        return errf(eb, ERR_PARSE, "no HTML document could be read");
    }
    struct meta *m = ext_meta_new();
    err = ext_content_extract(doc, url, m, opts, out, eb);
    if (!err) {
        out->lang = xstrdup(ext_meta_lang(m));
        out->site_name = xstrdup(ext_meta_site_name(m));
        const char *desc = ext_meta_description(m);
        out->excerpt = desc ? xstrdup(desc) : first_paragraph(out->text);
        out->encoding = xstrdup(enc);
    } else {
        extract_result_clear(out);
    }
    ext_meta_free(m);
    xmlFreeDoc(doc);
    return err;
}

/* RFC 3339 in UTC, with milliseconds when there are any; JSON null for 0. */
static json_t *json_time(int64_t ms)
{
    if (!ms)
        return json_null();
    int64_t sec = ms / 1000, frac = ms % 1000;
    if (frac < 0) {
        frac += 1000;
        sec--;
    }
    char s[21];
    time_format_rfc3339(sec, s);
    if (!frac)
        return json_string(s);
    char withms[32];
    snprintf(withms, sizeof withms, "%.19s.%03dZ", s, (int)frac);
    return json_string(withms);
}

static json_t *json_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *extract_result_to_json(const struct extract_result *r)
{
    json_t *byline = json_array();
    for (size_t i = 0; i < r->n_byline; i++)
        json_array_append_new(byline, json_string(r->byline[i]));
    json_t *image = json_null();
    if (r->image.url)
        image = json_pack("{s:s, s:o, s:o, s:b}", "url", r->image.url, "caption",
                          json_str(r->image.caption), "credit", json_str(r->image.credit),
                          "credited", r->image.credited);
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "title",
                     json_str(r->title), "byline", byline, "date", json_time(r->date_ms),
                     "modified", json_time(r->modified_ms), "lang", json_str(r->lang), "site_name",
                     json_str(r->site_name), "url", json_str(r->url), "encoding",
                     json_str(r->encoding), "excerpt", json_str(r->excerpt), "text",
                     json_str(r->text), "html", json_str(r->html), "image", image);
}
