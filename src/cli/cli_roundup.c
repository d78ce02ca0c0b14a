/* omnibus roundup --articles ID,ID,... : compose, verify and print the
 * roundup of a set of articles (a story once stories exist: the story-id form
 * only turns the story into its member ids and calls roundup_print). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "cli/cli.h"
#include "compose/compose.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: omnibus roundup STORY_ID [--lang sv|en] [--json]\n"
            "       omnibus roundup --articles ID,ID,... [--lang sv|en] [--json] [--save KEY]\n\n"
            "Composes the roundup of the given articles for a reader of --lang (default sv):\n"
            "headline, lead, one attributed paragraph per newsroom, pull quote, read more,\n"
            "image and balance; every sentence is a verified substring of a stored article.\n"
            "--json prints JSON (each sentence and quote with its text and url); --save KEY\n"
            "stores it as the next version of KEY (e.g. story:42). With STORY_ID the\n"
            "articles are the story's members and the roundup is stored as story:ID.\n");
}

/* "1,2,3" -> ids; false on anything else or more than COMPOSE_MAX_MEMBERS. */
static bool parse_ids(const char *s, int64_t **ids, size_t *n)
{
    *n = 0;
    *ids = xcalloc(COMPOSE_MAX_MEMBERS, sizeof **ids);
    while (*s) {
        char *end;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (errno || end == s || v <= 0 || (*end && *end != ',') || *n == COMPOSE_MAX_MEMBERS)
            return false;
        (*ids)[(*n)++] = v;
        s = *end ? end + 1 : end;
    }
    return *n > 0;
}

/* Composes in for a reader, prints it and, when save is not NULL, stores it
 * as the next version of save. Returns an exit status. */
static int roundup_print(const struct compose_input *in, bool json, const char *save)
{
    struct store *st = cli_open_store(cli_default_dsn());
    if (!st)
        return EXIT_FAIL;
    struct lang_ctx *ctx = lang_ctx_new();
    struct roundup r = {0};
    struct errbuf eb = {{0}};
    int version = 0;
    enum err err = compose_story(ctx, st, in, &r, &eb);
    if (!err && save)
        err = compose_publish(st, save, &r, &version, &eb);
    int status = EXIT_OK;
    if (err) {
        cli_error("roundup", "%s", err_msg(&eb, err));
        status = err == ERR_NOT_FOUND || err == ERR_INVALID ? EXIT_USAGE : EXIT_FAIL;
    } else {
        char *out = json ? compose_to_json(&r) : compose_to_text(&r);
        if (fputs(out, stdout) == EOF || (json && fputc('\n', stdout) == EOF))
            status = EXIT_FAIL;
        free(out);
        if (save)
            fprintf(stderr, "stored as %s version %d\n", save, version);
    }
    roundup_clear(&r);
    lang_ctx_free(ctx);
    store_close(st);
    return status;
}

int cmd_roundup(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return EXIT_OK;
    }
    static const struct option opts[] = {
        {"articles", required_argument, NULL, 'a'},
        {"lang", required_argument, NULL, 'l'},
        {"json", no_argument, NULL, 'j'},
        {"save", required_argument, NULL, 's'},
        {NULL, 0, NULL, 0},
    };
    const char *articles = NULL, *save = NULL;
    enum lang reader = LANG_SV;
    bool json = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "a:l:js:", opts, NULL)) != -1) {
        if (c == 'a') {
            articles = optarg;
        } else if (c == 'l') {
            reader = lang_parse(optarg);
            if (reader != LANG_SV && reader != LANG_EN) {
                cli_error("roundup", "--lang is sv or en");
                return EXIT_USAGE;
            }
        } else if (c == 'j') {
            json = true;
        } else if (c == 's') {
            save = optarg;
        } else {
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    /* Either a story's id or --articles. */
    if (cli_unexpected_argument("roundup", argc, argv, articles ? optind : optind + 1)) {
        usage(stderr);
        return EXIT_USAGE;
    }
    int64_t *ids = NULL;
    size_t n = 0;
    if (!articles && optind + 1 == argc && parse_ids(argv[optind], &ids, &n) && n == 1) {
        /* omnibus roundup STORY_ID: the story's members, stored as "story:ID". */
        int64_t story = ids[0];
        free(ids);
        ids = NULL;
        n = 0;
        struct story_member_list members;
        struct errbuf eb = {{0}};
        struct store *st = cli_open_store(cli_default_dsn());
        enum err err = st ? store_story_members(st, story, &members, &eb) : ERR_STORE;
        store_close(st);
        if (err || !members.len) {
            if (st)
                cli_error("roundup", "story %lld: %s", (long long)story,
                          err ? err_msg(&eb, err) : "no such story, or it has no articles");
            if (!err)
                story_member_list_clear(&members);
            return EXIT_FAIL;
        }
        ids = xcalloc(members.len, sizeof *ids);
        for (n = 0; n < members.len; n++)
            ids[n] = members.items[n].article_id;
        story_member_list_clear(&members);
        char key[32];
        snprintf(key, sizeof key, "story:%lld", (long long)story);
        struct compose_input in = {.article_ids = ids, .n = n, .reader = reader};
        int status = roundup_print(&in, json, save ? save : key);
        free(ids);
        return status;
    }
    if (!articles || optind < argc || !parse_ids(articles, &ids, &n)) {
        free(ids);
        usage(stderr);
        return EXIT_USAGE;
    }
    struct compose_input in = {.article_ids = ids, .n = n, .reader = reader};
    int status = roundup_print(&in, json, save);
    free(ids);
    return status;
}
