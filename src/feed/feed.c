/* The feed parser's entry points: decoding, choosing the reader, the model's
 * lifetime and its JSON form. */
#include "feed/feed.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "feed/decode.h"
#include "feed/internal.h"

enum err feed_parse(const char *data, size_t len, const char *base_url, const char *content_type,
                    struct feed *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    if (len > FEED_MAX_BYTES)
        return errf(eb, ERR_LIMIT, "feed of %zu bytes is over the %u byte limit", len,
                    FEED_MAX_BYTES);
    struct feed_text text;
    enum err err = feed_decode(data, len, content_type, &text, eb);
    if (err)
        return err;
    out->encoding = xstrdup(text.encoding);
    if (text.problem[0])
        feed_flag(out, "%s", text.problem);
    size_t i = 0;
    while (i < text.len && strchr(" \t\r\n", text.data[i]))
        i++;
    if (i == text.len) {
        err = errf(eb, ERR_PARSE, "empty document");
        goto out;
    }
    err = text.json ? feed_read_json(text.data, text.len, base_url, out, eb)
                    : feed_read_xml(text.data, text.len, base_url, out, eb);
    if (err)
        goto out;
    /* An item without a language speaks the feed's. */
    for (size_t k = 0; k < out->n_items && out->lang; k++)
        if (!out->items[k].lang)
            out->items[k].lang = xstrdup(out->lang);
out:
    feed_text_clear(&text);
    return err;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

static void free_image(struct feed_image *im)
{
    free(im->url);
    free(im->caption);
    free(im->credit);
}

void feed_clear(struct feed *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n_items; i++) {
        struct feed_item *it = &f->items[i];
        free(it->id);
        free(it->link);
        free(it->title);
        free_list(it->authors, it->n_authors);
        free(it->summary);
        free(it->content);
        free_list(it->categories, it->n_categories);
        for (size_t k = 0; k < it->n_enclosures; k++) {
            free(it->enclosures[k].url);
            free(it->enclosures[k].type);
        }
        free(it->enclosures);
        free_image(&it->image);
        free(it->lang);
    }
    free(f->items);
    free(f->title);
    free(f->link);
    free(f->subtitle);
    free(f->lang);
    free(f->encoding);
    free(f->id);
    free(f->rights);
    free_list(f->authors, f->n_authors);
    free_image(&f->image);
    free(f->ill_formed_reason);
    memset(f, 0, sizeof *f);
}

const char *feed_format_name(enum feed_format fmt)
{
    switch (fmt) {
    case FEED_RSS090:
        return "rss090";
    case FEED_RSS091:
        return "rss091";
    case FEED_RSS092:
        return "rss092";
    case FEED_RSS093:
        return "rss093";
    case FEED_RSS094:
        return "rss094";
    case FEED_RSS10:
        return "rss10";
    case FEED_RSS20:
        return "rss20";
    case FEED_RSS:
        return "rss";
    case FEED_ATOM03:
        return "atom03";
    case FEED_ATOM10:
        return "atom10";
    case FEED_JSON10:
        return "json10";
    case FEED_JSON11:
        return "json11";
    case FEED_UNKNOWN:
        break;
    }
    return "unknown";
}

/* JSON builders that fail on (impossible) invalid UTF-8 instead of dropping. */
static bool put_str(json_t *obj, const char *key, const char *s)
{
    json_t *v = s ? json_string(s) : json_null();
    return v && !json_object_set_new(obj, key, v);
}

static bool put_date(json_t *obj, const char *key, int64_t t)
{
    char buf[21];
    if (!t)
        return !json_object_set_new(obj, key, json_null());
    time_format_rfc3339(t, buf);
    return put_str(obj, key, buf);
}

static bool put_list(json_t *obj, const char *key, char **list, size_t n)
{
    json_t *arr = json_array();
    bool ok = arr != NULL;
    for (size_t i = 0; i < n && ok; i++) {
        json_t *v = json_string(list[i]);
        ok = v && !json_array_append_new(arr, v);
    }
    if (!ok) {
        json_decref(arr);
        return false;
    }
    return !json_object_set_new(obj, key, arr);
}

static bool put_image(json_t *obj, const struct feed_image *im)
{
    if (!im->url)
        return !json_object_set_new(obj, "image", json_null());
    json_t *o = json_object();
    bool ok = o && put_str(o, "url", im->url) && put_str(o, "caption", im->caption) &&
              put_str(o, "credit", im->credit);
    if (!ok) {
        json_decref(o);
        return false;
    }
    return !json_object_set_new(obj, "image", o);
}

static json_t *item_json(const struct feed_item *it)
{
    json_t *o = json_object();
    bool ok = o && put_str(o, "id", it->id) && put_str(o, "link", it->link) &&
              put_str(o, "title", it->title) &&
              put_list(o, "authors", it->authors, it->n_authors) &&
              put_date(o, "published", it->published) && put_date(o, "updated", it->updated) &&
              put_str(o, "summary", it->summary) && put_str(o, "content", it->content) &&
              put_list(o, "categories", it->categories, it->n_categories);
    json_t *encs = ok ? json_array() : NULL;
    ok = ok && encs && !json_object_set_new(o, "enclosures", encs);
    for (size_t i = 0; ok && i < it->n_enclosures; i++) {
        const struct feed_enclosure *e = &it->enclosures[i];
        json_t *eo = json_object();
        ok = eo && !json_array_append_new(encs, eo) && put_str(eo, "url", e->url) &&
             put_str(eo, "type", e->type) &&
             !json_object_set_new(eo, "length", json_integer((json_int_t)e->length));
    }
    ok = ok && put_image(o, &it->image) && put_str(o, "lang", it->lang);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

enum err feed_to_json(const struct feed *f, struct buf *out)
{
    json_t *o = json_object();
    bool ok = o && put_str(o, "format", feed_format_name(f->format)) &&
              put_str(o, "title", f->title) && put_str(o, "link", f->link) &&
              put_str(o, "subtitle", f->subtitle) && put_str(o, "id", f->id) &&
              put_str(o, "lang", f->lang) && put_str(o, "encoding", f->encoding) &&
              put_str(o, "rights", f->rights) && put_list(o, "authors", f->authors, f->n_authors) &&
              put_date(o, "published", f->published) && put_date(o, "updated", f->updated) &&
              put_image(o, &f->image) &&
              !json_object_set_new(o, "ill_formed", json_boolean(f->ill_formed)) &&
              put_str(o, "ill_formed_reason", f->ill_formed_reason);
    json_t *items = ok ? json_array() : NULL;
    ok = ok && items && !json_object_set_new(o, "items", items);
    for (size_t i = 0; ok && i < f->n_items; i++) {
        json_t *it = item_json(&f->items[i]);
        ok = it && !json_array_append_new(items, it);
    }
    char *s = ok ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (!s)
        return ERR_INVALID;
    enum err err = buf_puts(out, s);
    free(s);
    return err;
}
