/* omnibus text FILE: the text analysis of a file, as JSON or for reading. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "text/analyze.h"
#include "lang/norm.h"
#include "lang/token.h"
#include "lang/utf8.h"
#include "lang/words.h"

static const size_t max_text_file = 64u * 1024 * 1024;

static void usage(FILE *out)
{
    fprintf(out, "usage: omnibus text FILE [--lang L] [--prior L] [--tokens] [--json]\n\n"
                 "Analyses a UTF-8 text file (\"-\" reads standard input): its language, its\n"
                 "sentences, quotes with speakers and name candidates, each with byte offsets\n"
                 "into the file. --lang L skips identification and uses L's rules (sv en da nb\n"
                 "de fi fr es); --prior L is the declared language that helps identification;\n"
                 "--tokens adds every token with its casefolded stem; --json prints JSON.\n");
}

/* s[b..e) as a JSON string; invalid UTF-8 bytes become U+FFFD so that the
 * output is always valid JSON while the offsets still count the input's bytes. */
static json_t *jtext(const char *s, size_t b, size_t e)
{
    struct buf out;
    buf_init(&out, BUF_UNLIMITED);
    size_t n;
    for (size_t i = b; i < e; i += n) {
        int32_t c = utf8_decode(s, e, i, &n);
        /* BUF_UNLIMITED cannot fail. */
        if (c == UTF8_BAD && n == 1)
            (void)!buf_puts(&out, "\xEF\xBF\xBD");
        else
            (void)!buf_append(&out, s + i, n);
    }
    json_t *j = json_stringn(buf_cstr(&out), out.len);
    buf_clear(&out);
    return j;
}

static json_t *jspan(const char *s, struct text_span sp)
{
    return json_pack("{sI sI so}", "begin", (json_int_t)sp.begin, "end", (json_int_t)sp.end, "text",
                     jtext(s, sp.begin, sp.end));
}

static const char *token_kind(enum lang_token_kind k)
{
    return k == LANG_TOKEN_WORD ? "word" : k == LANG_TOKEN_NUMBER ? "number" : "punct";
}

static const char *name_kind(enum text_name_kind k)
{
    return k == TEXT_NAME_PHRASE ? "phrase" : k == TEXT_NAME_ACRONYM ? "acronym" : "quoted";
}

static enum err tokens_json(struct text_ctx *ctx, const char *s, size_t len, enum lang lang,
                            json_t *arr, struct errbuf *eb)
{
    struct lang_token t;
    size_t pos = 0;
    while (lang_token_next(s, len, lang, &pos, &t)) {
        json_t *o = jspan(s, (struct text_span){t.begin, t.end});
        json_object_set_new(o, "kind", json_string(token_kind(t.kind)));
        if (t.kind != LANG_TOKEN_PUNCT) {
            const char *w;
            size_t n;
            enum err err = lang_fold(text_ctx_lang(ctx), s + t.begin, t.end - t.begin, &w, &n);
            if (err) {
                json_decref(o);
                return errf(eb, err, "a token of %zu bytes at byte %zu", t.end - t.begin, t.begin);
            }
            json_object_set_new(o, "stop", json_boolean(lang_is_stopword(lang, w, n)));
            if ((err = lang_stem(text_ctx_lang(ctx), lang, s + t.begin, t.end - t.begin, &w, &n))) {
                json_decref(o);
                return errf(eb, err, "a token of %zu bytes at byte %zu", t.end - t.begin, t.begin);
            }
            json_object_set_new(o, "stem", json_stringn(w, n));
        }
        json_array_append_new(arr, o);
    }
    return ERR_OK;
}

static json_t *analysis_json(const char *s, const struct text_analysis *a)
{
    json_t *root = json_object();
    json_object_set_new(root, "language", json_string(lang_code(a->lang.lang)));
    json_object_set_new(root, "confidence", json_real(a->lang.confidence));
    json_object_set_new(root, "best_guess", json_string(lang_code(a->lang.best)));
    json_object_set_new(root, "rules", json_string(lang_code(a->rules)));
    json_object_set_new(root, "invalid_utf8", json_integer((json_int_t)a->invalid_utf8));
    json_t *arr = json_array();
    for (size_t i = 0; i < a->sentences.len; i++)
        json_array_append_new(arr, jspan(s, a->sentences.items[i]));
    json_object_set_new(root, "sentences", arr);
    arr = json_array();
    for (size_t i = 0; i < a->quotes.len; i++) {
        const struct text_quote *q = &a->quotes.items[i];
        json_t *o = jspan(s, q->quote);
        json_object_set_new(o, "speaker",
                            q->speaker.end > q->speaker.begin ? jspan(s, q->speaker) : json_null());
        json_object_set_new(o, "mention",
                            q->mention.end > q->mention.begin ? jspan(s, q->mention) : json_null());
        json_object_set_new(o, "cue", q->cue.end > q->cue.begin ? jspan(s, q->cue) : json_null());
        json_object_set_new(o, "role",
                            q->role.end > q->role.begin ? jspan(s, q->role) : json_null());
        json_object_set_new(o, "dialogue", json_boolean(q->dialogue));
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "quotes", arr);
    arr = json_array();
    for (size_t i = 0; i < a->names.len; i++) {
        json_t *o = jspan(s, a->names.items[i].span);
        json_object_set_new(o, "kind", json_string(name_kind(a->names.items[i].kind)));
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "names", arr);
    return root;
}

static void print_plain(const char *s, const struct text_analysis *a)
{
    printf("language: %s (confidence %.2f)\n", lang_code(a->lang.lang), a->lang.confidence);
    if (a->invalid_utf8)
        printf("invalid UTF-8 sequences: %zu\n", a->invalid_utf8);
    for (size_t i = 0; i < a->sentences.len; i++) {
        const struct text_span *sp = &a->sentences.items[i];
        printf("[%zu-%zu] %.*s\n", sp->begin, sp->end, (int)(sp->end - sp->begin), s + sp->begin);
    }
    for (size_t i = 0; i < a->quotes.len; i++) {
        const struct text_quote *q = &a->quotes.items[i];
        printf("quote [%zu-%zu] %.*s", q->quote.begin, q->quote.end,
               (int)(q->quote.end - q->quote.begin), s + q->quote.begin);
        if (q->speaker.end > q->speaker.begin)
            printf("  -- %.*s (%.*s)", (int)(q->speaker.end - q->speaker.begin),
                   s + q->speaker.begin, (int)(q->cue.end - q->cue.begin), s + q->cue.begin);
        putchar('\n');
    }
    for (size_t i = 0; i < a->names.len; i++) {
        const struct text_span *sp = &a->names.items[i].span;
        printf("name [%zu-%zu] %.*s\n", sp->begin, sp->end, (int)(sp->end - sp->begin),
               s + sp->begin);
    }
}

static bool parse_lang(const char *arg, enum lang *out)
{
    *out = lang_parse(arg);
    if (*out != LANG_UNKNOWN)
        return true;
    cli_error("text", "unknown language '%s' (use sv en da nb de fi fr es)", arg);
    return false;
}

int cmd_text(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return EXIT_OK;
    }
    static const struct option opts[] = {
        {"lang", required_argument, NULL, 'l'},
        {"prior", required_argument, NULL, 'p'},
        {"tokens", no_argument, NULL, 't'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    enum lang force = LANG_UNKNOWN, prior = LANG_UNKNOWN;
    bool tokens = false, json = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "l:p:tj", opts, NULL)) != -1) {
        if (c == 'l' && !parse_lang(optarg, &force))
            return EXIT_USAGE;
        if (c == 'p' && !parse_lang(optarg, &prior))
            return EXIT_USAGE;
        if (c == 't')
            tokens = true;
        else if (c == 'j')
            json = true;
        else if (c == '?') {
            cli_usage_error("text", usage);
            return EXIT_USAGE;
        }
    }
    if (optind == argc || cli_unexpected_argument("text", argc, argv, optind + 1)) {
        cli_usage_error("text", usage);
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    struct errbuf eb = {{0}};
    char *data = NULL;
    size_t len;
    struct text_ctx *ctx = NULL;
    struct text_analysis a = {0};
    int status = EXIT_FAIL;
    enum err err = cli_read_file(path, max_text_file, &data, &len, &eb);
    if (!err)
        err = text_ctx_new(&ctx, &eb);
    if (!err)
        err = text_analyze(ctx, data, len, force, prior, &a, &eb);
    if (err) {
        cli_error("text", "%s: %s", path, err_msg(&eb, err));
        goto out;
    }
    if (a.invalid_utf8)
        fprintf(stderr, "omnibus text: %s: %zu invalid UTF-8 sequences (read as punctuation)\n",
                path, a.invalid_utf8);
    if (!json) {
        print_plain(data, &a);
        status = EXIT_OK;
        goto out;
    }
    json_t *root = analysis_json(data, &a);
    if (tokens) {
        json_t *arr = json_array();
        json_object_set_new(root, "tokens", arr);
        if ((err = tokens_json(ctx, data, len, a.rules, arr, &eb))) {
            cli_error("text", "%s: %s", path, err_msg(&eb, err));
            json_decref(root);
            goto out;
        }
    }
    status = json_dumpf(root, stdout, JSON_COMPACT) == 0 && fputc('\n', stdout) != EOF ? EXIT_OK
                                                                                       : EXIT_FAIL;
    json_decref(root);
out:
    text_analysis_clear(&a);
    text_ctx_free(ctx);
    free(data);
    return status;
}
