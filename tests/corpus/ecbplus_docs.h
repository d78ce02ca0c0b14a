/* The ECB+ story-clustering documents (../shared/corpora/ecbplus-story-clusters)
 * as real news texts for the story tests: id, event label, and the sentences
 * joined by newlines (the first sentence of the ECB+ half is its headline). */
#ifndef OMNIBUS_TESTS_ECBPLUS_DOCS_H
#define OMNIBUS_TESTS_ECBPLUS_DOCS_H

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "testlib.h"

struct ecb_doc {
    char *id;
    char *event;
    char *text;  /* every sentence, newline-separated */
    char *first; /* the first sentence */
    char *rest;  /* the sentences after the first */
};

struct ecb_docs {
    struct ecb_doc *items;
    size_t len;
};

static void ecb_docs_free(struct ecb_docs *d)
{
    for (size_t i = 0; i < d->len; i++) {
        free(d->items[i].id);
        free(d->items[i].event);
        free(d->items[i].text);
        free(d->items[i].first);
        free(d->items[i].rest);
    }
    free(d->items);
    d->items = NULL;
    d->len = 0;
}

/* Loads every document, failing the test when the corpus is missing. */
static void ecb_docs_load(struct ecb_docs *out)
{
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    char *data = read_file(path, NULL);
    if (!data)
        fail_msg("cannot read %s", path);
    free(path);
    out->items = NULL;
    out->len = 0;
    size_t cap = 0;
    for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
        json_t *o = json_loads(line, 0, NULL);
        assert_non_null(o);
        if (out->len == cap) {
            cap = cap ? cap * 2 : 256;
            out->items = xrealloc(out->items, cap * sizeof *out->items);
        }
        struct ecb_doc *d = &out->items[out->len++];
        memset(d, 0, sizeof *d);
        d->id = xstrdup(json_string_value(json_object_get(o, "id")));
        d->event = xstrdup(json_string_value(json_object_get(o, "event_cluster")));
        struct buf all, rest;
        buf_init(&all, BUF_UNLIMITED);
        buf_init(&rest, BUF_UNLIMITED);
        size_t i;
        json_t *s;
        json_array_foreach(json_object_get(o, "sentences"), i, s)
        {
            if (i)
                assert_int_equal(buf_putc(&all, '\n'), ERR_OK);
            assert_int_equal(buf_puts(&all, json_string_value(s)), ERR_OK);
            if (i == 0) {
                d->first = xstrdup(json_string_value(s));
                continue;
            }
            if (rest.len)
                assert_int_equal(buf_putc(&rest, '\n'), ERR_OK);
            assert_int_equal(buf_puts(&rest, json_string_value(s)), ERR_OK);
        }
        d->text = buf_steal(&all);
        d->rest = buf_steal(&rest);
        json_decref(o);
    }
    free(data);
}

/* The index of the document with id, or fails the test. */
static inline size_t ecb_find(const struct ecb_docs *d, const char *id)
{
    for (size_t i = 0; i < d->len; i++)
        if (!strcmp(d->items[i].id, id))
            return i;
    fail_msg("no ECB+ document %s", id);
    return 0;
}

#endif
