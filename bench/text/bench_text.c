/* Throughput of the text stage's hot path over the UD running texts: sentence
 * segmentation, tokenization and the Snowball stem of every word (casefolded
 * first), quotes with their speakers on their own, and clustering's term
 * extraction (story_terms: words, folds, stems, the topic and calendar lists)
 * on its own, single-threaded, best of ROUNDS, in CPU time (the machine is
 * shared: wall time would measure the neighbours). Prints MB/s. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "story/terms.h"
#include "text/quote.h"
#include "text/sentence.h"
#include "lang/norm.h"
#include "lang/token.h"
#include "lang/words.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_text ROUNDS FILE.LANG.txt...\n");
        return 2;
    }
    int rounds = atoi(argv[1]), nfiles = argc - 2;
    char **texts = calloc((size_t)nfiles, sizeof *texts);
    size_t *lens = calloc((size_t)nfiles, sizeof *lens), total = 0;
    enum lang *langs = calloc((size_t)nfiles, sizeof *langs);
    for (int i = 0; i < nfiles; i++) {
        FILE *f = fopen(argv[i + 2], "rb");
        if (!f || fseek(f, 0, SEEK_END)) {
            fprintf(stderr, "cannot read %s\n", argv[i + 2]);
            return 1;
        }
        lens[i] = (size_t)ftell(f);
        rewind(f);
        texts[i] = malloc(lens[i] + 1);
        if (fread(texts[i], 1, lens[i], f) != lens[i])
            return 1;
        fclose(f);
        total += lens[i];
        /* NAME.LANG.txt */
        char *dot = strrchr(argv[i + 2], '.');
        char code[8] = "";
        for (char *p = dot - 1; p > argv[i + 2] && *p != '.'; p--)
            if (p[-1] == '.')
                snprintf(code, sizeof code, "%.*s", (int)(dot - p), p);
        langs[i] = lang_parse(code);
    }
    struct text_ctx *ctx;
    if (text_ctx_new(&ctx, NULL))
        return 1;
    struct story_termer *termer;
    story_termer_new(&termer);
    struct story_terms_out terms;
    story_terms_init(&terms);
    const struct story_terms_opts body = {1.0f, 0, 1.0f, true};
    double best_all = 1e9, best_sent = 1e9, best_quotes = 1e9, best_terms = 1e9;
    size_t sentences = 0, tokens = 0, stem_bytes = 0, quotes = 0, nterms = 0;
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        struct text_span_list l = {0};
        for (int i = 0; i < nfiles; i++)
            text_sentences(texts[i], lens[i], langs[i], &l);
        double t1 = now();
        sentences = l.len;
        text_span_list_clear(&l);
        tokens = stem_bytes = 0;
        double t2 = now();
        for (int i = 0; i < nfiles; i++) {
            struct text_span_list sl = {0};
            text_sentences(texts[i], lens[i], langs[i], &sl);
            text_span_list_clear(&sl);
            struct lang_token t;
            size_t pos = 0;
            while (lang_token_next(texts[i], lens[i], langs[i], &pos, &t)) {
                tokens++;
                if (t.kind == LANG_TOKEN_PUNCT)
                    continue;
                const char *w;
                size_t n;
                if (lang_stem(text_ctx_lang(ctx), langs[i], texts[i] + t.begin, t.end - t.begin, &w,
                              &n))
                    return 1;
                stem_bytes += n;
            }
        }
        double t3 = now();
        quotes = 0;
        for (int i = 0; i < nfiles; i++) {
            struct text_quote_list ql = {0};
            text_quotes(texts[i], lens[i], langs[i], &ql);
            quotes += ql.len;
            text_quote_list_clear(&ql);
        }
        double t4 = now();
        nterms = 0;
        for (int i = 0; i < nfiles; i++) {
            struct errbuf eb = {0};
            story_terms_reset(&terms);
            if (story_terms(termer, texts[i], lens[i], lang_code(langs[i]), &body, &terms, &eb))
                return 1;
            nterms += terms.len;
        }
        double t5 = now();
        if (t5 - t4 < best_terms)
            best_terms = t5 - t4;
        if (t4 - t3 < best_quotes)
            best_quotes = t4 - t3;
        if (t1 - t0 < best_sent)
            best_sent = t1 - t0;
        if (t3 - t2 < best_all)
            best_all = t3 - t2;
    }
    printf("omnibus sentences: %.1f MB/s (%zu sentences, %zu bytes)\n", total / best_sent / 1e6,
           sentences, total);
    printf("omnibus sentences+tokens+stems: %.1f MB/s (%zu tokens)\n", total / best_all / 1e6,
           tokens);
    printf("omnibus quotes and speakers: %.1f MB/s (%zu quotes)\n", total / best_quotes / 1e6,
           quotes);
    printf("omnibus terms: %.1f MB/s (%zu terms)\n", total / best_terms / 1e6, nterms);
    story_terms_clear(&terms);
    story_termer_free(termer);
    text_ctx_free(ctx);
    for (int i = 0; i < nfiles; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    free(langs);
    return stem_bytes ? 0 : 1;
}
