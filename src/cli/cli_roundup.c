/* omnibus roundup STORY_ID | --articles ID,ID,... : compose, verify and print
 * the roundup of a story (with the story stage's copies) or of a set of
 * articles (compose finds copies itself); stored only with --save. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "cli/cli.h"
#include "compose/compose.h"
#include "story/cluster.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: omnibus roundup STORY_ID [--lang sv|en] [--json] [--takes N] [--save[=KEY]]\n"
            "       omnibus roundup --articles ID,ID,... [--lang sv|en] [--json] [--takes N]\n"
            "                       [--save KEY]\n\n"
            "Composes and shows the roundup of a story, or of the given articles, for a\n"
            "reader of --lang (default sv): headline, lead, the takes of at most --takes\n"
            "newsrooms (default 5), pull quote, read more, image and balance; every\n"
            "sentence is a verified substring of a stored article. --json prints JSON\n"
            "(each sentence and quote with its text and url). Nothing is stored unless\n"
            "--save: then it is the next version of KEY (a story's default: story:ID),\n"
            "and a roundup without a lead (an empty one) is refused.\n"
            "The coverage line follows omnibus --home-country (default SE).\n");
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

/* The members a roundup reads of the story (those of the window before its
 * last one, at most COMPOSE_READ_MEMBERS), with the story stage's copies and
 * headline, into in (caller frees in->article_ids, in->copy_of and
 * in->headline). Returns an exit status. */
static int story_input(int64_t story, struct compose_input *in)
{
    struct story_member_list members;
    struct story_row row = {0};
    struct story_params window; /* the pipeline's default window */
    story_params_default(&window);
    struct errbuf eb = {{0}};
    struct store *st = cli_open_store(cli_default_dsn());
    enum err err = st ? store_story_get(st, story, &row, &eb) : ERR_STORE;
    if (!err)
        err = store_story_members_recent(st, story,
                                         compose_members_since(row.last_seen, window.horizon),
                                         COMPOSE_READ_MEMBERS, &members, &eb);
    store_close(st);
    in->headline = row.headline ? xstrdup(row.headline) : NULL;
    story_row_clear(&row);
    if (err || !members.len) {
        if (st)
            cli_error("roundup", "story %lld: %s", (long long)story,
                      err ? err_msg(&eb, err) : "no such story, or it has no articles");
        if (!err)
            story_member_list_clear(&members);
        return EXIT_FAIL;
    }
    int64_t *ids = xcalloc(members.len, sizeof *ids);
    int64_t *copy_of = xcalloc(members.len, sizeof *copy_of);
    for (size_t i = 0; i < members.len; i++) {
        ids[i] = members.items[i].article_id;
        copy_of[i] = members.items[i].copy_of;
    }
    in->article_ids = ids;
    in->copy_of = copy_of;
    in->n = members.len;
    story_member_list_clear(&members);
    return EXIT_OK;
}

static int roundup_main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"articles", required_argument, NULL, 'a'},
        {"lang", required_argument, NULL, 'l'},
        {"json", no_argument, NULL, 'j'},
        {"save", optional_argument, NULL, 's'},
        {"takes", required_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    const char *articles = NULL, *save = NULL;
    enum lang reader = LANG_SV;
    bool json = false, saving = false;
    long takes = COMPOSE_MAX_TAKES;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "a:l:j", opts, NULL)) != -1) {
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
            saving = true;
            save = optarg;
        } else if (c == 't') {
            if (!cli_number_option("roundup", "takes", optarg, 1, 50, &takes))
                return EXIT_USAGE;
        } else {
            cli_usage_error("roundup", usage);
            return EXIT_USAGE;
        }
    }
    /* Either a story's id or --articles. */
    if (cli_unexpected_argument("roundup", argc, argv, articles ? optind : optind + 1)) {
        cli_usage_error("roundup", usage);
        return EXIT_USAGE;
    }
    const char *home = getenv("OMNIBUS_HOME_COUNTRY");
    struct compose_input in = {
        .reader = reader, .max_takes = (size_t)takes, .home_country = home && *home ? home : "SE"};
    int64_t *ids = NULL;
    size_t n = 0;
    int status;
    if (!articles && optind + 1 == argc && parse_ids(argv[optind], &ids, &n) && n == 1) {
        /* omnibus roundup STORY_ID: the story's members and copies, stored
         * (with --save) as "story:ID". */
        int64_t story = ids[0];
        free(ids);
        char key[32];
        snprintf(key, sizeof key, "story:%lld", (long long)story);
        status = story_input(story, &in);
        if (status == EXIT_OK)
            status = roundup_print(&in, json, saving ? (save ? save : key) : NULL);
        free((void *)in.article_ids);
        free((void *)in.copy_of);
        free((void *)in.headline);
        return status;
    }
    if (!articles || optind < argc || !parse_ids(articles, &ids, &n) || (saving && !save)) {
        free(ids);
        cli_usage_error("roundup", usage);
        return EXIT_USAGE;
    }
    in.article_ids = ids;
    in.n = n;
    status = roundup_print(&in, json, save);
    free(ids);
    return status;
}

int cmd_roundup(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return EXIT_OK;
    }
    /* "--save KEY" as well as "--save=KEY": a key names its kind ("story:42"),
     * which tells it from a story's id. */
    char **args = xcalloc((size_t)argc + 1, sizeof *args);
    int n_args = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--save") && i + 1 < argc && strchr(argv[i + 1], ':'))
            args[n_args++] = xasprintf("--save=%s", argv[++i]);
        else
            args[n_args++] = xstrdup(argv[i]);
    }
    int status = roundup_main(n_args, args);
    for (int i = 0; i < n_args; i++)
        free(args[i]);
    free(args);
    return status;
}
