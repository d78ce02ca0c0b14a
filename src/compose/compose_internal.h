/* What the compose module's files share: appending to unlimited buffers,
 * term vectors for similarity, and the byline rule. Not for other modules. */
#ifndef OMNIBUS_COMPOSE_INTERNAL_H
#define OMNIBUS_COMPOSE_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/hash.h"
#include "compose/compose.h"

/* Appending to a buffer made with BUF_UNLIMITED cannot fail (allocation
 * aborts), so these drop the result on purpose. */
static inline void cat(struct buf *b, const char *s)
{
    enum err e = buf_puts(b, s);
    (void)e;
}
static inline void cat_n(struct buf *b, const char *s, size_t n)
{
    enum err e = buf_append(b, s, n);
    (void)e;
}
__attribute__((format(printf, 2, 3))) static inline void catf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum err e = buf_vprintf(b, fmt, ap);
    va_end(ap);
    (void)e;
}

/* The distinct stems of a story's words, numbered from 0 (a zeroed struct is
 * empty). */
struct vocab {
    struct intern words; /* word i is interned as i + 1 */
    size_t n, cap;       /* n: words so far, the length of df */
    uint32_t *df;        /* how many texts hold each word */
};

/* A sparse term vector sorted by id; weights are normalised once idf is applied. */
struct tvec {
    uint32_t *ids;
    float *w;
    size_t n;
};

void vocab_clear(struct vocab *v);
/* Appends to *out (caller frees with tvec_clear) the stems of the non-stopword
 * words of s[0..len) in lang (folded only when lang is unknown), counted, and
 * counts each distinct word once in v->df. Errors: the text module's. */
MUST_CHECK enum err tvec_of(struct lang_ctx *ctx, struct vocab *v, const char *s, size_t len,
                            enum lang lang, struct tvec *out, struct errbuf *eb);
/* Weights t by log(1 + texts / df) and normalises it to length 1. */
void tvec_weigh(struct tvec *t, const struct vocab *v, size_t texts);
double tvec_dot(const struct tvec *a, const struct tvec *b);
/* The dot product with a dense vector of vocabulary size. */
double tvec_dot_dense(const struct tvec *a, const double *dense);
void tvec_clear(struct tvec *t);

/* The credits of an article: those of its authors JSON array (the feed's),
 * else of extraction's byline JSON array (compose_credits on each). Caller
 * frees each name and the array. */
char **compose_authors(const char *authors_json, const char *byline_json, const char *outlet,
                       size_t *n);

/* The credits a roundup may give for raw byline strings: people's names
 * ("By TOM KRISHER, AP Auto Writer" -> "Tom Krisher"; "By A and B" -> two)
 * and news agencies; never a date, a time, a placeholder (Staff Reporter,
 * Web Desk, admin), a job title or the outlet's own name. At most 8, each
 * once. Caller frees each name and the array (never NULL). */
char **compose_credits(const char *const *raw, size_t n_raw, const char *outlet, size_t *n);

/* Whether paragraph i of ps credits people already named by an earlier
 * paragraph (the same authors and outlet): then by surname only. */
bool compose_credit_again(const struct roundup_paragraph *ps, size_t i);

#endif
