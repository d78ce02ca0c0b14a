/* JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) with jansson. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "feed/html.h"
#include "feed/internal.h"

static const char *str(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static size_t len_of(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_length(v) : 0;
}

static char *text(json_t *obj, const char *key, enum text_kind kind)
{
    const char *s = str(obj, key);
    return s ? feed_value_text(s, len_of(obj, key), kind) : NULL;
}

static char *url(json_t *obj, const char *key, const char *base)
{
    const char *s = str(obj, key);
    return s ? feed_value_url(base, s, len_of(obj, key)) : NULL;
}

static int64_t date(json_t *obj, const char *key)
{
    const char *s = str(obj, key);
    return s ? feed_value_date(s, len_of(obj, key)) : 0;
}

/* authors (1.1, an array) and author (1.0, one object; 1.1 feeds keep it for
 * old readers): their names. */
static bool read_authors(json_t *obj, char ***list, size_t *n)
{
    json_t *arr = json_object_get(obj, "authors");
    json_t *one = json_object_get(obj, "author");
    bool ok = true;
    size_t i;
    json_t *a;
    json_array_foreach(arr, i, a)
    {
        ok = ok && feed_list_add(list, n, text(a, "name", TEXT_PLAIN));
    }
    if (json_is_object(one))
        ok = ok && feed_list_add(list, n, text(one, "name", TEXT_PLAIN));
    return ok;
}

static void read_item(json_t *obj, const char *base, struct feed *f)
{
    struct feed_item *it = feed_item_new(f);
    if (!it)
        return;
    json_t *id = json_object_get(obj, "id");
    if (json_is_string(id))
        it->id = feed_value_trim(json_string_value(id), json_string_length(id));
    else if (json_is_integer(id)) /* 1.0 feeds wrote numbers; 1.1 says strings */
        it->id = xasprintf("%lld", (long long)json_integer_value(id));
    it->link = url(obj, "url", base);
    if (!it->link)
        it->link = url(obj, "external_url", base);
    it->title = text(obj, "title", TEXT_PLAIN);
    const char *html = str(obj, "content_html");
    if (html)
        it->content = feed_value_html(html, len_of(obj, "content_html"), TEXT_HTML, base);
    else if (str(obj, "content_text"))
        it->content = feed_value_html(str(obj, "content_text"), len_of(obj, "content_text"),
                                      TEXT_PLAIN, base);
    if (str(obj, "summary"))
        it->summary =
            feed_value_html(str(obj, "summary"), len_of(obj, "summary"), TEXT_PLAIN, base);
    it->published = date(obj, "date_published");
    it->updated = date(obj, "date_modified");
    it->lang = text(obj, "language", TEXT_PLAIN);
    it->image.url = url(obj, "image", base);
    if (!it->image.url)
        it->image.url = url(obj, "banner_image", base);
    bool ok = read_authors(obj, &it->authors, &it->n_authors);
    /* "If not specified in an item, then the top-level authors are the authors
     * of the item" (JSON Feed 1.1). */
    if (!it->n_authors)
        for (size_t k = 0; k < f->n_authors && ok; k++)
            ok = feed_list_add(&it->authors, &it->n_authors, xstrdup(f->authors[k]));
    json_t *tags = json_object_get(obj, "tags");
    size_t i;
    json_t *v;
    if (json_is_array(tags)) {
        json_array_foreach(tags, i, v)
        {
            if (json_is_string(v))
                ok = ok && feed_list_add(&it->categories, &it->n_categories,
                                         feed_value_text(json_string_value(v),
                                                         json_string_length(v), TEXT_PLAIN));
        }
    }
    json_t *att = json_object_get(obj, "attachments");
    if (json_is_array(att)) {
        json_array_foreach(att, i, v)
        {
            char *u = url(v, "url", base);
            if (!u)
                continue;
            if (it->n_enclosures >= FEED_MAX_LIST) {
                free(u);
                ok = false;
                break;
            }
            it->enclosures =
                xrealloc(it->enclosures, (it->n_enclosures + 1) * sizeof *it->enclosures);
            struct feed_enclosure *e = &it->enclosures[it->n_enclosures++];
            e->url = u;
            e->type = text(v, "mime_type", TEXT_PLAIN);
            json_t *size = json_object_get(v, "size_in_bytes");
            e->length = json_is_integer(size) && json_integer_value(size) > 0
                            ? (int64_t)json_integer_value(size)
                            : 0;
        }
    }
    if (!ok)
        feed_flag(f, "an item has more than %d authors, tags or attachments", FEED_MAX_LIST);
}

enum err feed_read_json(const char *data, size_t len, const char *base_url, struct feed *f,
                        struct errbuf *eb)
{
    json_error_t jerr;
    json_t *root = json_loadb(data, len, 0, &jerr);
    if (!root)
        return errf(eb, ERR_PARSE, "not JSON: line %d: %s", jerr.line, jerr.text);
    enum err err = ERR_OK;
    const char *version = str(root, "version");
    json_t *items = json_object_get(root, "items");
    if (!json_is_object(root) || (!version && !json_is_array(items))) {
        err = errf(eb, ERR_PARSE, "JSON but not a JSON Feed (no version, no items)");
        goto out;
    }
    if (!version || !strstr(version, "jsonfeed.org/version/"))
        feed_flag(f, "JSON Feed without a jsonfeed.org version");
    f->format = version && strstr(version, "version/1.1") ? FEED_JSON11 : FEED_JSON10;
    f->title = text(root, "title", TEXT_PLAIN);
    f->link = url(root, "home_page_url", base_url);
    f->id = url(root, "feed_url", base_url);
    f->subtitle = text(root, "description", TEXT_PLAIN);
    f->lang = text(root, "language", TEXT_PLAIN);
    f->image.url = url(root, "icon", base_url);
    if (!f->image.url)
        f->image.url = url(root, "favicon", base_url);
    if (!read_authors(root, &f->authors, &f->n_authors))
        feed_flag(f, "more than %d authors", FEED_MAX_LIST);
    if (!json_is_array(items)) {
        feed_flag(f, "JSON Feed without an items array");
        goto out;
    }
    size_t i;
    json_t *v;
    json_array_foreach(items, i, v)
    {
        if (json_is_object(v))
            read_item(v, base_url, f);
    }
out:
    json_decref(root);
    return err;
}
