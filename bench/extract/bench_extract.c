/* The extraction benchmark's measuring program: reads every page given, then
 * runs one mode over all of them ROUNDS times and prints pages/s and MB/s.
 *   bench_extract parse|extract ROUNDS FILE...
 * "parse" is libxml2's htmlReadMemory alone (with the extractor's options): the
 * ceiling for any extractor built on it. "extract" is extract_article. Each
 * mode runs in its own process so that its peak RSS is its own. */
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "extract/extract.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    char chunk[65536];
    size_t n;
    enum err err = ERR_OK;
    while (!err && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        err = buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return buf_steal(&b);
}

int main(int argc, char **argv)
{
    if (argc < 4 || (strcmp(argv[1], "parse") && strcmp(argv[1], "extract"))) {
        fprintf(stderr, "usage: bench_extract parse|extract ROUNDS FILE...\n");
        return 2;
    }
    xmlInitParser();
    bool parse = !strcmp(argv[1], "parse");
    int rounds = atoi(argv[2]);
    size_t n = (size_t)argc - 3, bytes = 0;
    char **pages = calloc(n, sizeof *pages);
    size_t *lens = calloc(n, sizeof *lens);
    for (size_t i = 0; i < n; i++) {
        pages[i] = slurp(argv[i + 3], &lens[i]);
        if (!pages[i]) {
            fprintf(stderr, "cannot read %s\n", argv[i + 3]);
            return 1;
        }
        bytes += lens[i];
    }
    size_t failures = 0;
    /* Processor time, not wall time: the machine running the benchmark may be
     * busy with other work. */
    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            if (parse) {
                /* The same options the extractor parses with. */
                xmlDoc *doc = htmlReadMemory(
                    pages[i], (int)lens[i], "http://fakehost/test/page.html", "UTF-8",
                    HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                        HTML_PARSE_NOWARNING | XML_PARSE_HUGE | HTML_PARSE_IGNORE_ENC |
                        HTML_PARSE_COMPACT);
                failures += doc == NULL;
                xmlFreeDoc(doc);
            } else {
                struct extract_result res;
                struct errbuf eb;
                failures += extract_article(pages[i], lens[i], "http://fakehost/test/page.html",
                                            NULL, NULL, &res, &eb) != ERR_OK;
                extract_result_free(&res);
            }
        }
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    double total = (double)n * rounds;
    printf("%s: %zu pages x %d rounds in %.2f s of CPU: %.1f pages/s, %.1f MB/s, %zu failures\n",
           argv[1], n, rounds, secs, total / secs, (double)bytes * rounds / secs / 1e6,
           failures / (size_t)rounds);
    for (size_t i = 0; i < n; i++)
        free(pages[i]);
    free(pages);
    free(lens);
    return 0;
}
