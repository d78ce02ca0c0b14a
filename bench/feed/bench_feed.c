/* The feed parser's speed, in process: reads the files named on stdin (one
 * path a line) into memory, then parses every one of them (feed_parse, which
 * decodes, parses and sanitizes, and feed_clear) round after round until
 * MIN_SECONDS of CPU time have passed. CPU time, not wall time, and the best
 * round beside the mean: the machines this runs on are shared, and a busy
 * neighbour should not count as ours.
 * Prints "files bytes rounds cpu-seconds mean-files/s best-files/s".
 * Usage: bench_feed MIN_SECONDS < list */
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "feed/feed.h"

struct doc {
    char *data;
    size_t len;
};

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct buf b;
    buf_init(&b, FEED_MAX_BYTES);
    char chunk[65536];
    size_t n;
    enum err err = ERR_OK;
    while (!err && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        err = buf_append(&b, chunk, n);
    fclose(f);
    if (err) {
        buf_clear(&b);
        return NULL;
    }
    *len = b.len;
    return buf_steal(&b);
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    double min_seconds = argc > 1 ? atof(argv[1]) : 3.0;
    xmlInitParser();
    struct doc *docs = NULL;
    size_t n_docs = 0, bytes = 0;
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0])
            continue;
        size_t len;
        char *data = slurp(line, &len);
        if (!data) {
            fprintf(stderr, "bench_feed: cannot read %s\n", line);
            return 1;
        }
        docs = xrealloc(docs, (n_docs + 1) * sizeof *docs);
        docs[n_docs++] = (struct doc){data, len};
        bytes += len;
    }
    if (!n_docs) {
        fprintf(stderr, "bench_feed: no files\n");
        return 1;
    }
    double start = cpu_seconds(), now = start, best = 0;
    size_t rounds = 0, parsed = 0;
    do {
        double round_start = now;
        for (size_t i = 0; i < n_docs; i++) {
            struct feed f;
            struct errbuf eb;
            enum err err =
                feed_parse(docs[i].data, docs[i].len, "http://example.com/feed/", NULL, &f, &eb);
            parsed += err == ERR_OK;
            feed_clear(&f);
        }
        rounds++;
        now = cpu_seconds();
        if (now > round_start && (double)n_docs / (now - round_start) > best)
            best = (double)n_docs / (now - round_start);
    } while (now - start < min_seconds);
    double secs = now - start;
    printf("%zu %zu %zu %.3f %.1f %.1f\n", n_docs, bytes, rounds, secs,
           (double)(n_docs * rounds) / secs, best);
    fprintf(stderr, "bench_feed: %zu of %zu files parse as feeds\n", parsed / rounds, n_docs);
    for (size_t i = 0; i < n_docs; i++)
        free(docs[i].data);
    free(docs);
    return 0;
}
