/* The 'omnibus' FTS5 tokenizer. Each tokenizer instance (one per FTS table and
 * connection) owns a struct lang_ctx, so stemmers are never shared between
 * threads: a connection is used by one thread at a time. */
#include "store/fts_sqlite.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "lang/norm.h"
#include "lang/token.h"

/* "\x01sv\x01" at offset 0 of a value: the language of what follows. A control
 * character cannot start real indexed text (the store writes the marker first). */
#define MARK '\x01'

struct fts_tok {
    struct lang_ctx *ctx;
};

static int tok_create(void *unused, const char **args, int nargs, Fts5Tokenizer **out)
{
    (void)unused;
    (void)args;
    (void)nargs;
    struct fts_tok *t = xcalloc(1, sizeof *t);
    t->ctx = lang_ctx_new();
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *tok)
{
    struct fts_tok *t = (struct fts_tok *)tok;
    lang_ctx_free(t->ctx);
    free(t);
}

/* Reads a marker at the start of text; returns the offset after it. */
static size_t read_marker(const char *text, size_t len, enum lang *lang)
{
    *lang = LANG_UNKNOWN;
    if (len < 2 || text[0] != MARK)
        return 0;
    char code[8];
    size_t i = 1;
    while (i < len && text[i] != MARK && i - 1 < sizeof code - 1) {
        code[i - 1] = text[i];
        i++;
    }
    if (i >= len || text[i] != MARK)
        return 0;
    code[i - 1] = '\0';
    *lang = lang_parse(code);
    return i + 1;
}

static int tok_tokenize(Fts5Tokenizer *tok, void *cb_ctx, int flags, const char *text, int n,
                        int (*emit)(void *, int, const char *, int, int, int))
{
    struct fts_tok *t = (struct fts_tok *)tok;
    size_t len = n > 0 ? (size_t)n : 0;
    enum lang lang;
    size_t pos = read_marker(text, len, &lang);
    bool every_language = (flags & FTS5_TOKENIZE_QUERY) && lang == LANG_UNKNOWN;
    struct lang_token tk;
    int rc = SQLITE_OK;
    while (rc == SQLITE_OK && lang_token_next(text, len, lang, &pos, &tk)) {
        if (tk.kind == LANG_TOKEN_PUNCT)
            continue;
        const char *w = text + tk.begin;
        size_t wn = tk.end - tk.begin;
        /* A period kept by an abbreviation is not part of the indexed word. */
        if (wn > 1 && w[wn - 1] == '.')
            wn--;
        if (!every_language) {
            const char *stem;
            size_t sn;
            /* Only a word over 64 KiB fails to fold: such junk is not indexed. */
            if (lang_stem(t->ctx, lang, w, wn, &stem, &sn))
                continue;
            rc = emit(cb_ctx, 0, stem, (int)sn, (int)tk.begin, (int)tk.end);
            continue;
        }
        /* Each language's stem as an alternative at one position; the stems
         * are few, so a linear check for repeats is enough. */
        char seen[LANG_COUNT][64];
        int nseen = 0;
        for (int l = 0; l < LANG_COUNT && rc == SQLITE_OK; l++) {
            const char *stem;
            size_t sn;
            if (lang_stem(t->ctx, (enum lang)l, w, wn, &stem, &sn))
                break;
            bool dup = false;
            for (int k = 0; k < nseen && !dup; k++)
                dup = strlen(seen[k]) == sn && !memcmp(seen[k], stem, sn);
            if (dup)
                continue;
            if (sn < sizeof seen[0]) {
                memcpy(seen[nseen], stem, sn);
                seen[nseen++][sn] = '\0';
            }
            rc = emit(cb_ctx, nseen > 1 ? FTS5_TOKEN_COLOCATED : 0, stem, (int)sn, (int)tk.begin,
                      (int)tk.end);
        }
    }
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static fts5_api *fts5_of(sqlite3 *conn)
{
    fts5_api *api = NULL;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(conn, "SELECT fts5(?1)", -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(q, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(q);
    }
    sqlite3_finalize(q);
    return api;
}

enum err fts_sqlite_register(sqlite3 *conn)
{
    static fts5_tokenizer methods = {tok_create, tok_delete, tok_tokenize};
    fts5_api *api = fts5_of(conn);
    if (!api || api->iVersion < 2)
        return ERR_STORE;
    return api->xCreateTokenizer(api, "omnibus", NULL, &methods, NULL) == SQLITE_OK ? ERR_OK
                                                                                    : ERR_STORE;
}

enum err fts_lang_marker(struct buf *out, const char *lang)
{
    enum lang l = lang_parse(lang);
    if (l == LANG_UNKNOWN)
        return ERR_OK;
    enum err err = buf_putc(out, MARK);
    if (!err)
        err = buf_puts(out, lang_code(l));
    if (!err)
        err = buf_putc(out, MARK);
    return err;
}
