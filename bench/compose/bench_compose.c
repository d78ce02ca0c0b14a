/* Composing a 100-article story: the first 100 ECB+ documents (several
 * stories' worth of text, so the composer sees the spread of a big, loose
 * story) analysed once, then composed ROUNDS times in memory; best of ROUNDS
 * in CPU time (the machine is shared). The peer, measured in the same run, is
 * the text stage's analysis of the same 100 articles, which every article
 * pays once before any roundup. Prints ms per story and stories/s. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compose/compose.h"
#include "text/analyze.h"

enum { ARTICLES = 100 };

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_compose ROUNDS ecbplus_docs.jsonl\n");
        return 2;
    }
    int rounds = atoi(argv[1]);
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    static char *bodies[ARTICLES], *titles[ARTICLES], *outlets[ARTICLES], *urls[ARTICLES];
    static struct text_analysis an[ARTICLES];
    static struct compose_member m[ARTICLES];
    static int64_t ids[ARTICLES];
    size_t n = 0;
    char *line = NULL;
    size_t cap = 0;
    while (n < ARTICLES && getline(&line, &cap, f) > 0) {
        json_t *d = json_loads(line, 0, NULL);
        json_t *s = json_object_get(d, "sentences");
        size_t len = 0;
        for (size_t i = 0; i < json_array_size(s); i++)
            len += strlen(json_string_value(json_array_get(s, i))) + 1;
        bodies[n] = calloc(len + 1, 1);
        for (size_t i = 0; i < json_array_size(s); i++) {
            if (i)
                strcat(bodies[n], " ");
            strcat(bodies[n], json_string_value(json_array_get(s, i)));
        }
        titles[n] = strdup(json_string_value(json_array_get(s, 0)));
        outlets[n] = strdup(json_string_value(json_object_get(d, "id")));
        urls[n] = strdup(outlets[n]);
        json_decref(d);
        n++;
    }
    free(line);
    fclose(f);
    struct text_ctx *ctx;
    struct errbuf eb = {{0}};
    if (text_ctx_new(&ctx, &eb))
        return 1;
    double t0 = now();
    for (size_t i = 0; i < n; i++)
        if (text_analyze(ctx, bodies[i], strlen(bodies[i]), LANG_UNKNOWN, LANG_EN, &an[i], &eb))
            return 1;
    double analysis = now() - t0;
    for (size_t i = 0; i < n; i++) {
        struct text_range *r = calloc(an[i].sentences.len + 1, sizeof *r);
        for (size_t k = 0; k < an[i].sentences.len; k++)
            r[k] = (struct text_range){(int64_t)an[i].sentences.items[k].begin,
                                       (int64_t)an[i].sentences.items[k].end};
        struct stored_quote *q = calloc(an[i].quotes.len + 1, sizeof *q);
        for (size_t k = 0; k < an[i].quotes.len; k++) {
            const struct text_quote *tq = &an[i].quotes.items[k];
            q[k].quote = (struct text_range){(int64_t)tq->quote.begin, (int64_t)tq->quote.end};
            q[k].speaker =
                (struct text_range){(int64_t)tq->speaker.begin, (int64_t)tq->speaker.end};
        }
        ids[i] = (int64_t)i + 1;
        m[i] = (struct compose_member){.article_id = ids[i],
                                       .source_id = (int64_t)i + 1,
                                       .url = urls[i],
                                       .title = titles[i],
                                       .body = bodies[i],
                                       .body_len = strlen(bodies[i]),
                                       .published_at = (int64_t)i,
                                       .lang = an[i].lang.lang,
                                       .outlet = outlets[i],
                                       .sentences = r,
                                       .n_sentences = an[i].sentences.len,
                                       .quotes = q,
                                       .n_quotes = an[i].quotes.len};
    }
    struct compose_input in = {.article_ids = ids, .n = n, .reader = LANG_SV};
    double best = 1e9;
    size_t shown = 0;
    for (int k = 0; k < rounds; k++) {
        struct roundup r;
        double t = now();
        if (compose_build(text_ctx_lang(ctx), m, n, &in, &r, &eb)) {
            fprintf(stderr, "%s\n", err_msg(&eb, ERR_INVALID));
            return 1;
        }
        t = now() - t;
        if (t < best)
            best = t;
        shown = r.n_paragraphs;
        roundup_clear(&r);
    }
    printf("omnibus compose: %zu articles, %.2f ms per story, %.1f stories/s (%zu paragraphs)\n", n,
           best * 1e3, 1.0 / best, shown);
    printf("text analysis of the same %zu articles: %.2f ms\n", n, analysis * 1e3);
    printf("ratio: compose / analysis = %.2f\n", best / analysis);
    for (size_t i = 0; i < n; i++) {
        free((void *)m[i].sentences);
        free((void *)m[i].quotes);
        text_analysis_clear(&an[i]);
        free(bodies[i]);
        free(titles[i]);
        free(outlets[i]);
        free(urls[i]);
    }
    text_ctx_free(ctx);
    return 0;
}
