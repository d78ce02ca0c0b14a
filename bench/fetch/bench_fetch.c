/* The driver of bench/fetch/run: fetches every URL listed in a file (one per
 * line) with fetch_all at the given parallelism, all to one host, and prints
 * "fetches seconds failures". Private addresses are allowed: the benchmark
 * runs against a loopback server. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "base/xalloc.h"
#include "fetch/fetch.h"

static void count(const struct fetch_request *req, struct fetch_result *res, void *ctx)
{
    (void)req;
    if (res->err || res->status != 200) {
        fprintf(stderr, "bench_fetch: %s\n", res->errmsg);
        (*(size_t *)ctx)++;
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_fetch URL_FILE PARALLEL\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    size_t n = 0, cap = 64;
    struct fetch_request *reqs = xcalloc(cap, sizeof *reqs);
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0])
            continue;
        if (n == cap) {
            cap *= 2;
            reqs = xrealloc(reqs, cap * sizeof *reqs);
        }
        reqs[n++] = (struct fetch_request){.url = xstrdup(line)};
    }
    fclose(f);

    struct fetch_config cfg;
    fetch_config_default(&cfg);
    cfg.allow_private = true;
    cfg.min_host_interval_ms = 0;
    cfg.max_parallel = cfg.max_per_host = atoi(argv[2]);
    size_t failures = 0;
    struct errbuf eb = {{0}};
    int64_t t0 = time_mono_ms();
    enum err err = fetch_all(&cfg, reqs, n, count, &failures, &eb);
    int64_t t1 = time_mono_ms();
    for (size_t i = 0; i < n; i++)
        free((char *)reqs[i].url);
    free(reqs);
    if (err) {
        fprintf(stderr, "bench_fetch: %s\n", err_msg(&eb, err));
        return 1;
    }
    printf("%zu %.3f %zu\n", n, (double)(t1 - t0) / 1000.0, failures);
    return failures ? 1 : 0;
}
