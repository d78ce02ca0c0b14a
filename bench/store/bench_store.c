/* The store's speed on each engine it is given, in one run: articles inserted
 * per second (one transaction each, as a fetch of one new item commits, and
 * 100 per transaction, as a whole feed would), then reads per second: one
 * article by id, a source's newest 20 articles, one source by id. The texts
 * are the ECB+ news documents (OMNIBUS_CORPORA), cycled.
 * usage: bench_store [--articles N] [--reads N] LABEL DSN [LABEL DSN ...]
 * Each DSN must name an empty database. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/xalloc.h"
#include "store/store.h"

#define SOURCES 50
#define BATCH 100
#define MAX_ENGINES 8

struct doc {
    char *title;
    char *content;
};

struct docs {
    struct doc *items;
    size_t len;
    size_t bytes;
};

enum { OP_INSERT_ONE, OP_INSERT_BATCH, OP_GET, OP_PAGE, OP_SOURCE, OP_COUNT };
static const char *const op_names[OP_COUNT] = {"insert/s 1 per tx", "insert/s 100 per tx",
                                               "article get/s", "source page/s", "source get/s"};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const struct errbuf *eb, enum err err)
{
    fprintf(stderr, "bench_store: %s: %s\n", what, err_msg(eb, err));
    exit(1);
}

static void load_docs(struct docs *d)
{
    const char *root = getenv("OMNIBUS_CORPORA");
    char *path = xasprintf("%s/ecbplus-story-clusters/ecbplus_docs.jsonl",
                           root ? root : "../shared/corpora");
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "bench_store: cannot read %s (set OMNIBUS_CORPORA)\n", path);
        exit(1);
    }
    size_t cap = 0;
    char *line = NULL;
    size_t line_cap = 0;
    while (getline(&line, &line_cap, f) > 0) {
        json_t *doc = json_loads(line, 0, NULL);
        const json_t *sentences = json_object_get(doc, "sentences");
        if (!doc || !json_array_size(sentences)) {
            json_decref(doc);
            continue;
        }
        size_t len = 0, i;
        const json_t *s;
        json_array_foreach(sentences, i, s) len += strlen(json_string_value(s)) + 1;
        char *text = xmalloc(len + 1);
        text[0] = '\0';
        size_t at = 0;
        json_array_foreach(sentences, i, s)
        {
            at += (size_t)sprintf(text + at, "%s%s", i ? " " : "", json_string_value(s));
        }
        if (d->len == cap) {
            cap = cap ? cap * 2 : 256;
            d->items = xrealloc(d->items, cap * sizeof *d->items);
        }
        d->items[d->len].title = xstrdup(json_string_value(json_array_get(sentences, 0)));
        d->items[d->len++].content = text;
        d->bytes += at;
        json_decref(doc);
    }
    free(line);
    fclose(f);
    free(path);
    if (!d->len) {
        fprintf(stderr, "bench_store: no documents in the corpus\n");
        exit(1);
    }
}

/* A fixed pseudo-random sequence, the same for every engine. */
static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void put(struct store *st, const struct docs *d, size_t i, const int64_t *sources,
                int64_t *ids)
{
    const struct doc *doc = &d->items[i % d->len];
    char url[96], guid[32];
    snprintf(url, sizeof url, "https://bench.example/%zu/article-%zu", i % SOURCES, i);
    snprintf(guid, sizeof guid, "urn:bench:%zu", i);
    struct article a = {.source_id = sources[i % SOURCES],
                        .url = url,
                        .link = url,
                        .guid = guid,
                        .title = doc->title,
                        .content = doc->content,
                        .summary = doc->title,
                        .authors = "[\"Bench Writer\"]",
                        .published_at = 1711180800 + (int64_t)i,
                        .fetched_at = 1711180800 + (int64_t)i,
                        .lang = "en",
                        .content_hash = guid};
    bool inserted;
    struct errbuf eb = {{0}};
    enum err err = store_article_put(st, &a, &ids[i], &inserted, &eb);
    if (err || !inserted)
        die("insert", &eb, err ? err : ERR_EXISTS);
}

/* One read of kind op: the article id, or the source's page or row. */
static void read_once(struct store *st, int op, int64_t id, int64_t source)
{
    struct errbuf eb = {{0}};
    enum err err;
    if (op == OP_GET) {
        struct article a;
        if (!(err = store_article_get(st, id, &a, &eb)))
            article_clear(&a);
    } else if (op == OP_PAGE) {
        struct article_list l;
        if (!(err = store_article_list(st, source, 20, &l, &eb)) && l.len != 20)
            err = errf(&eb, ERR_NOT_FOUND, "a page of %zu articles", l.len);
        article_list_clear(&l);
    } else {
        struct source s;
        if (!(err = store_source_get(st, source, &s, &eb)))
            source_clear(&s);
    }
    if (err)
        die(op_names[op], &eb, err);
}

/* Runs every operation on one store; rates[op] in operations per second. */
static void run_engine(const char *dsn, const struct docs *d, size_t n, size_t reads,
                       double rates[OP_COUNT])
{
    struct store *st;
    struct errbuf eb = {{0}};
    enum err err = store_open(dsn, &st, &eb);
    if (err)
        die(dsn, &eb, err);
    int64_t sources[SOURCES];
    for (int i = 0; i < SOURCES; i++) {
        char name[32], feed[64];
        snprintf(name, sizeof name, "Bench source %d", i);
        snprintf(feed, sizeof feed, "https://bench.example/%d/feed.xml", i);
        struct source s = {.name = name, .feed_url = feed, .lang = "en", .enabled = true};
        if ((err = store_source_add(st, &s, &sources[i], &eb)))
            die("source", &eb, err);
    }
    int64_t *ids = xcalloc(n, sizeof *ids);
    size_t half = n / 2;
    double t = now_s();
    for (size_t i = 0; i < half; i++)
        put(st, d, i, sources, ids);
    rates[OP_INSERT_ONE] = (double)half / (now_s() - t);
    t = now_s();
    for (size_t i = half; i < n; i += BATCH) {
        if ((err = store_begin(st, &eb)))
            die("begin", &eb, err);
        for (size_t j = i; j < n && j < i + BATCH; j++)
            put(st, d, j, sources, ids);
        if ((err = store_commit(st, &eb)))
            die("commit", &eb, err);
    }
    rates[OP_INSERT_BATCH] = (double)(n - half) / (now_s() - t);

    uint64_t seed = 88172645463325252ULL;
    for (int op = OP_GET; op < OP_COUNT; op++) {
        t = now_s();
        for (size_t i = 0; i < reads; i++)
            read_once(st, op, ids[next_rand(&seed) % n], sources[next_rand(&seed) % SOURCES]);
        rates[op] = (double)reads / (now_s() - t);
    }
    free(ids);
    store_close(st);
}

int main(int argc, char **argv)
{
    size_t n = 20000, reads = 20000;
    int i = 1;
    for (; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
        if (!strcmp(argv[i], "--articles"))
            n = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--reads"))
            reads = strtoul(argv[i + 1], NULL, 10);
        else
            break;
    }
    int engines = (argc - i) / 2;
    if (engines < 1 || engines > MAX_ENGINES || (argc - i) % 2 || n < 2 * BATCH || !reads) {
        fprintf(stderr, "usage: bench_store [--articles N>=200] [--reads N] LABEL DSN ...\n");
        return 2;
    }
    struct docs d = {0};
    load_docs(&d);
    printf("%zu articles (ECB+ texts, %.1f KB on average), %d sources; %zu reads of each kind\n", n,
           (double)d.bytes / (double)d.len / 1024, SOURCES, reads);
    double rates[MAX_ENGINES][OP_COUNT];
    for (int e = 0; e < engines; e++)
        run_engine(argv[i + 2 * e + 1], &d, n, reads, rates[e]);
    printf("%-28s", "engine");
    for (int op = 0; op < OP_COUNT; op++)
        printf(" %20s", op_names[op]);
    printf("\n");
    for (int e = 0; e < engines; e++) {
        printf("%-28s", argv[i + 2 * e]);
        for (int op = 0; op < OP_COUNT; op++)
            printf(" %20.0f", rates[e][op]);
        printf("\n");
    }
    for (int e = 1; e < engines; e++) {
        char label[64];
        snprintf(label, sizeof label, "ratio %s / %s", argv[i + 2 * e], argv[i]);
        printf("%-28s", label);
        for (int op = 0; op < OP_COUNT; op++)
            printf(" %20.2f", rates[e][op] / rates[0][op]);
        printf("\n");
    }
    for (size_t k = 0; k < d.len; k++) {
        free(d.items[k].title);
        free(d.items[k].content);
    }
    free(d.items);
    return 0;
}
