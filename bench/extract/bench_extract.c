/* The extraction benchmark's measuring program.
 *   bench_extract speed ROUNDS FILE...         both, interleaved page by page
 *   bench_extract parse|extract ROUNDS FILE... one alone (for its peak RSS)
 * "parse" is libxml2's htmlReadMemory alone, with the extractor's options: the
 * ceiling for any extractor built on it. "extract" is extract_article. Pages
 * are read from disk as they are used, as ingestion would. Speed is processor
 * time; "speed" times the two modes on the same page one right after the
 * other, so that whatever else the machine is doing weighs on both alike. */
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/xalloc.h"
#include "extract/extract.h"

#define PAGE_URL "http://fakehost/test/page.html"

/* The file's bytes in a buffer of exactly its size: the page as ingestion
 * holds it, and no more (a doubling buffer would count against the peak RSS
 * of both modes). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) || st.st_size < 0) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(1);
    }
    char *page = xmalloc((size_t)st.st_size + 1);
    *len = fread(page, 1, (size_t)st.st_size, f);
    page[*len] = '\0';
    fclose(f);
    return page;
}

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One page in one mode; true when it failed. */
static bool run(bool parse, const char *page, size_t len)
{
    if (parse) {
        xmlDoc *doc = htmlReadMemory(page, (int)len, PAGE_URL, NULL,
                                     HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                         HTML_PARSE_NOWARNING | XML_PARSE_HUGE |
                                         HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
        xmlFreeDoc(doc);
        return doc == NULL;
    }
    struct extract_result res;
    struct errbuf eb;
    bool failed = extract_article(page, len, PAGE_URL, NULL, NULL, &res, &eb) != ERR_OK;
    extract_result_clear(&res);
    return failed;
}

static void report(const char *mode, size_t pages, int rounds, double secs, size_t bytes,
                   size_t failures)
{
    printf("%s: %zu pages x %d rounds in %.2f s of CPU: %.1f pages/s, %.1f MB/s, %zu failures\n",
           mode, pages, rounds, secs, (double)pages * rounds / secs,
           (double)bytes * rounds / secs / 1e6, failures / (size_t)rounds);
}

int main(int argc, char **argv)
{
    if (argc < 4 ||
        (strcmp(argv[1], "speed") && strcmp(argv[1], "parse") && strcmp(argv[1], "extract"))) {
        fprintf(stderr, "usage: bench_extract speed|parse|extract ROUNDS FILE...\n");
        return 2;
    }
    xmlInitParser();
    bool both = !strcmp(argv[1], "speed"), parse = !strcmp(argv[1], "parse");
    int rounds = atoi(argv[2]);
    size_t n = (size_t)argc - 3, bytes = 0, failures[2] = {0, 0};
    double secs[2] = {0, 0}; /* parse, extract */
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            size_t len;
            char *page = slurp(argv[i + 3], &len);
            if (r == 0)
                bytes += len;
            for (int m = 0; m < 2; m++) {
                if (!both && m != (parse ? 0 : 1))
                    continue;
                double t0 = cpu_now();
                failures[m] += run(m == 0, page, len);
                secs[m] += cpu_now() - t0;
            }
            free(page);
        }
    }
    if (both || parse)
        report("parse", n, rounds, secs[0], bytes, failures[0]);
    if (both || !parse)
        report("extract", n, rounds, secs[1], bytes, failures[1]);
    if (both)
        printf("extraction at %.0f%% of the bare parse rate\n", 100 * secs[0] / secs[1]);
    return 0;
}
