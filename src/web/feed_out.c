#include "web/feed_out.h"

#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <stdbool.h>
#include <stdlib.h>

#include "base/timeutil.h"
#include "web/html.h"

#define MAX_FIELD (1u << 20) /* one cleaned field */

static enum err check(const struct feed_out_meta *meta, const struct feed_out_entry *entries,
                      size_t n, struct errbuf *eb)
{
    if (!meta->id || !meta->title || !meta->feed_url || !meta->author)
        return errf(eb, ERR_INVALID, "a feed needs an id, a title, its URL and an author");
    for (size_t i = 0; i < n; i++)
        if (!entries[i].id || !entries[i].title || !entries[i].updated)
            return errf(eb, ERR_INVALID, "feed entry %zu lacks an id, a title or a time", i + 1);
    return ERR_OK;
}

/* ---- Atom ---- */

struct atom {
    xmlTextWriterPtr w;
    struct buf clean; /* scratch for one field */
    bool failed;
};

static const xmlChar *X(const char *s)
{
    return (const xmlChar *)s;
}

/* s cleaned into the scratch buffer; NULL (and failed) past the cap. */
static const char *cleaned(struct atom *a, const char *s)
{
    buf_reset(&a->clean);
    if (html_clean_text(&a->clean, s)) {
        a->failed = true;
        return NULL;
    }
    return buf_cstr(&a->clean);
}

static void element(struct atom *a, const char *name, const char *text)
{
    if (a->failed || !text)
        return;
    const char *c = cleaned(a, text);
    if (!c || xmlTextWriterWriteElement(a->w, X(name), X(c)) < 0)
        a->failed = true;
}

static void text_element(struct atom *a, const char *name, const char *text)
{
    if (a->failed || !text)
        return;
    const char *c = cleaned(a, text);
    if (!c || xmlTextWriterStartElement(a->w, X(name)) < 0 ||
        xmlTextWriterWriteAttribute(a->w, X("type"), X("text")) < 0 ||
        xmlTextWriterWriteString(a->w, X(c)) < 0 || xmlTextWriterEndElement(a->w) < 0)
        a->failed = true;
}

static void time_element(struct atom *a, const char *name, int64_t t)
{
    char iso[21];
    time_format_rfc3339(t, iso);
    element(a, name, iso);
}

static void link_element(struct atom *a, const char *rel, const char *type, const char *href)
{
    if (a->failed || !href)
        return;
    const char *c = cleaned(a, href);
    if (!c || xmlTextWriterStartElement(a->w, X("link")) < 0 ||
        xmlTextWriterWriteAttribute(a->w, X("rel"), X(rel)) < 0 ||
        (type && xmlTextWriterWriteAttribute(a->w, X("type"), X(type)) < 0) ||
        xmlTextWriterWriteAttribute(a->w, X("href"), X(c)) < 0 || xmlTextWriterEndElement(a->w) < 0)
        a->failed = true;
}

static void start(struct atom *a, const char *name)
{
    if (!a->failed && xmlTextWriterStartElement(a->w, X(name)) < 0)
        a->failed = true;
}

static void end(struct atom *a)
{
    if (!a->failed && xmlTextWriterEndElement(a->w) < 0)
        a->failed = true;
}

static void author(struct atom *a, const char *name)
{
    start(a, "author");
    element(a, "name", name);
    end(a);
}

enum err feed_out_atom(const struct feed_out_meta *meta, const struct feed_out_entry *entries,
                       size_t n, struct buf *out, struct errbuf *eb)
{
    enum err err = check(meta, entries, n, eb);
    if (err)
        return err;
    xmlBufferPtr xb = xmlBufferCreate();
    struct atom a = {.w = xmlNewTextWriterMemory(xb, 0)};
    buf_init(&a.clean, MAX_FIELD);
    if (!a.w || xmlTextWriterStartDocument(a.w, "1.0", "utf-8", NULL) < 0)
        a.failed = true;
    start(&a, "feed");
    if (!a.failed &&
        (xmlTextWriterWriteAttribute(a.w, X("xmlns"), X("http://www.w3.org/2005/Atom")) < 0 ||
         (meta->lang && xmlTextWriterWriteAttribute(a.w, X("xml:lang"), X(meta->lang)) < 0)))
        a.failed = true;
    element(&a, "id", meta->id);
    text_element(&a, "title", meta->title);
    text_element(&a, "subtitle", meta->subtitle);
    time_element(&a, "updated", meta->updated ? meta->updated : time_now());
    link_element(&a, "alternate", "text/html", meta->home_url);
    link_element(&a, "self", "application/atom+xml", meta->feed_url);
    author(&a, meta->author);
    element(&a, "generator", "omnibus");
    for (size_t i = 0; i < n && !a.failed; i++) {
        const struct feed_out_entry *e = &entries[i];
        start(&a, "entry");
        element(&a, "id", e->id);
        text_element(&a, "title", e->title);
        link_element(&a, "alternate", NULL, e->link);
        time_element(&a, "updated", e->updated);
        if (e->published)
            time_element(&a, "published", e->published);
        for (size_t k = 0; k < e->n_authors; k++)
            author(&a, e->authors[k]);
        text_element(&a, "summary", e->summary);
        if (e->source_name) {
            start(&a, "source");
            text_element(&a, "title", e->source_name);
            end(&a);
        }
        end(&a);
    }
    if (!a.failed && xmlTextWriterEndDocument(a.w) < 0)
        a.failed = true;
    xmlFreeTextWriter(a.w); /* flushes into xb */
    if (a.failed)
        err =
            errf(eb, ERR_LIMIT, "Atom feed: a field over %u bytes or the writer failed", MAX_FIELD);
    else
        err = buf_append(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
    xmlBufferFree(xb);
    buf_clear(&a.clean);
    return err;
}

/* ---- JSON Feed ---- */

/* A JSON string of s cleaned; NULL for NULL s or past the cap (*failed set). */
static json_t *jstr(struct buf *scratch, const char *s, bool *failed)
{
    if (!s)
        return NULL;
    buf_reset(scratch);
    if (html_clean_text(scratch, s)) {
        *failed = true;
        return NULL;
    }
    return json_stringn(scratch->data ? scratch->data : "", scratch->len);
}

static void set(json_t *o, const char *key, json_t *v)
{
    if (v)
        json_object_set_new(o, key, v);
}

static json_t *jtime(int64_t t)
{
    char iso[21];
    time_format_rfc3339(t, iso);
    return json_string(iso);
}

static json_t *jauthors(struct buf *scratch, const char *const *names, size_t n, bool *failed)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *name = jstr(scratch, names[i], failed);
        if (name)
            json_array_append_new(arr, json_pack("{s:o}", "name", name));
    }
    return arr;
}

enum err feed_out_json(const struct feed_out_meta *meta, const struct feed_out_entry *entries,
                       size_t n, struct buf *out, struct errbuf *eb)
{
    enum err err = check(meta, entries, n, eb);
    if (err)
        return err;
    struct buf s;
    buf_init(&s, MAX_FIELD);
    bool failed = false;
    json_t *root = json_object();
    set(root, "version", json_string("https://jsonfeed.org/version/1.1"));
    set(root, "title", jstr(&s, meta->title, &failed));
    set(root, "home_page_url", jstr(&s, meta->home_url, &failed));
    set(root, "feed_url", jstr(&s, meta->feed_url, &failed));
    set(root, "description", jstr(&s, meta->subtitle, &failed));
    set(root, "language", jstr(&s, meta->lang, &failed));
    set(root, "authors", jauthors(&s, &meta->author, 1, &failed));
    json_t *items = json_array();
    for (size_t i = 0; i < n && !failed; i++) {
        const struct feed_out_entry *e = &entries[i];
        json_t *it = json_object();
        set(it, "id", jstr(&s, e->id, &failed));
        set(it, "url", jstr(&s, e->link, &failed));
        set(it, "title", jstr(&s, e->title, &failed));
        /* JSON Feed wants content in every item: the summary, else the title. */
        set(it, "content_text", jstr(&s, e->summary ? e->summary : e->title, &failed));
        set(it, "summary", jstr(&s, e->summary, &failed));
        if (e->published)
            set(it, "date_published", jtime(e->published));
        set(it, "date_modified", jtime(e->updated));
        if (e->n_authors)
            set(it, "authors", jauthors(&s, e->authors, e->n_authors, &failed));
        if (e->source_name) {
            json_t *src = jstr(&s, e->source_name, &failed);
            if (src)
                set(it, "_omnibus", json_pack("{s:o}", "source", src));
        }
        json_array_append_new(items, it);
    }
    set(root, "items", items);
    char *text = failed ? NULL : json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(root);
    buf_clear(&s);
    if (!text)
        return errf(eb, ERR_LIMIT, "JSON Feed: a field over %u bytes", MAX_FIELD);
    err = buf_puts(out, text);
    free(text);
    return err;
}
