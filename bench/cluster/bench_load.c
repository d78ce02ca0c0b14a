/* Loads the first N articles of a bench/cluster stream (gen_stream.py's JSON
 * Lines) into a store through the store API, as the fetcher would store them,
 * for bench/takeover/run: each article's text is its body,
 * its language and publication time the stream's, its outlet one of 50 sources
 * in turn. Nothing is clustered here.
 * usage: bench_load DSN STREAM.jsonl N
 * DSN must name an empty database. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/store.h"

#define SOURCES 50
#define BATCH 500

static void die(const char *what, const struct errbuf *eb, enum err err)
{
    fprintf(stderr, "bench_load: %s: %s\n", what, err_msg(eb, err));
    exit(1);
}

/* Stores the stream line i (one parsed JSON object). */
static void put(struct store *st, const json_t *doc, size_t i, const int64_t *sources)
{
    char url[96], guid[32];
    snprintf(url, sizeof url, "https://bench.example/%zu/article-%zu", i % SOURCES, i);
    snprintf(guid, sizeof guid, "urn:bench:%zu", i);
    const char *text = json_string_value(json_object_get(doc, "text"));
    int64_t published = json_integer_value(json_object_get(doc, "published"));
    struct article a = {.source_id = sources[i % SOURCES],
                        .url = url,
                        .link = url,
                        .guid = guid,
                        .content = (char *)text,
                        .body = (char *)text,
                        .published_at = published,
                        .fetched_at = published,
                        .lang = (char *)json_string_value(json_object_get(doc, "lang")),
                        .content_hash = guid,
                        .body_hash = guid};
    int64_t id;
    bool inserted;
    struct errbuf eb = {{0}};
    enum err err = text ? store_article_put(st, &a, &id, &inserted, &eb)
                        : errf(&eb, ERR_PARSE, "line %zu has no text", i + 1);
    if (err || !inserted)
        die("article", &eb, err ? err : ERR_EXISTS);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_load DSN STREAM.jsonl N\n");
        return 2;
    }
    size_t n = strtoul(argv[3], NULL, 10);
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        fprintf(stderr, "bench_load: cannot read %s\n", argv[2]);
        return 1;
    }
    struct store *st;
    struct errbuf eb = {{0}};
    enum err err = store_open(argv[1], &st, &eb);
    if (err)
        die(argv[1], &eb, err);
    int64_t sources[SOURCES];
    for (int i = 0; i < SOURCES; i++) {
        char name[32], feed[64];
        snprintf(name, sizeof name, "Bench source %d", i);
        snprintf(feed, sizeof feed, "https://bench.example/%d/feed.xml", i);
        struct source s = {.name = name, .feed_url = feed, .lang = "en", .enabled = true};
        if ((err = store_source_add(st, &s, &sources[i], &eb)))
            die("source", &eb, err);
    }
    char *line = NULL;
    size_t cap = 0, i = 0;
    for (; i < n && getline(&line, &cap, f) > 0; i++) {
        if (i % BATCH == 0 && (err = store_begin(st, &eb)))
            die("begin", &eb, err);
        json_t *doc = json_loads(line, 0, NULL);
        if (!json_is_object(doc))
            die("stream", &eb, errf(&eb, ERR_PARSE, "line %zu is not a JSON object", i + 1));
        put(st, doc, i, sources);
        json_decref(doc);
        if ((i + 1) % BATCH == 0 && (err = store_commit(st, &eb)))
            die("commit", &eb, err);
    }
    if (i % BATCH && (err = store_commit(st, &eb)))
        die("commit", &eb, err);
    free(line);
    fclose(f);
    store_close(st);
    if (i < n) {
        fprintf(stderr, "bench_load: the stream has %zu articles, not %zu\n", i, n);
        return 1;
    }
    return 0;
}
