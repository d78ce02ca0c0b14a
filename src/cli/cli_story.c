/* omnibus cluster | stories | story ID: grouping stored articles into stories,
 * and listing them. `cluster --eval FILE` scores the clustering on labelled
 * documents instead of the store. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/timeutil.h"
#include "cli/cli.h"
#include "story/cluster.h"
#include "story/eval.h"
#include "story/stage.h"

static void cluster_usage(FILE *out)
{
    fprintf(out, "usage: omnibus [--db DSN] cluster [--story-window DAYS] [--set NAME=VALUE ...]\n"
                 "       omnibus cluster --eval FILE.jsonl [--out FILE] [--by-topic] [--set "
                 "NAME=VALUE ...]\n\n"
                 "Assigns the stored articles that are in no story yet, in publication order,\n"
                 "to stories: near-duplicates join their original's story, other articles the\n"
                 "most similar recent story or a new one; converging stories merge. The\n"
                 "clusterer's memory comes from the newest snapshot in the store and the\n"
                 "articles assigned after it (else from the stories of the window), and is\n"
                 "written back as a snapshot at the end.\n\n"
                 "--story-window DAYS: a story stays in memory this long after its last\n"
                 "article (default 7; the horizon parameter in days); older articles are\n"
                 "final members of their stories.\n\n"
                 "--eval reads labelled documents instead (one JSON object per line: id,\n"
                 "event_cluster, sentences or text, optional title, published, lang (default\n"
                 "en), entities, outlet, byline), clusters them in file order and prints\n"
                 "event-level B-cubed precision, recall and F1 on the last line. --out writes\n"
                 "one {\"id\", \"story\"} line per document (a negative story: too short to\n"
                 "cluster, a story of its own). --by-topic first prints the B-cubed of each\n"
                 "\"topic\" of the documents, one line each.\n\n"
                 "--set changes a clustering parameter: threshold, merge_threshold,\n"
                 "split_threshold, window (seconds), title_weight, lead_weight, lead_words,\n"
                 "name_weight, number_weight, entity_weight, date_conflict, figure_conflict,\n"
                 "who_conflict, who_words, facts_lead, short_terms, split_short_terms,\n"
                 "split_plain, max_live, dup_capacity, max_terms, horizon (seconds).\n"
                 "(docs/story.md)\n");
}

static int cluster_eval(const char *path, const char *out_path, bool by_topic,
                        const struct story_params *p)
{
    FILE *out = NULL;
    if (out_path && !(out = fopen(out_path, "w"))) {
        cli_error("cluster", "cannot write %s", out_path);
        return EXIT_FAIL;
    }
    struct story_eval r;
    struct errbuf eb = {{0}};
    enum err err = story_eval_file(path, p, out, by_topic ? stdout : NULL, stderr, &r, &eb);
    if (out && fclose(out) && !err)
        err = errf(&eb, ERR_IO, "cannot write %s", out_path);
    if (err) {
        cli_error("cluster", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    printf("documents %zu skipped %zu merges %zu splits %zu\n", r.docs, r.skipped, r.merges,
           r.splits);
    printf("B3 P %.3f R %.3f F1 %.3f clusters %zu events %zu\n", r.precision, r.recall, r.f1,
           r.clusters, r.events);
    return EXIT_OK;
}

static int cluster_store(const struct story_params *p)
{
    struct store *st = cli_open_store(cli_default_dsn());
    if (!st)
        return EXIT_FAIL;
    struct story_stage *stage = NULL;
    struct story_stage_stats stats = {0};
    struct errbuf eb = {{0}};
    enum err err = story_stage_open(st, p, &stage, &eb);
    if (!err)
        err = story_stage_run(stage, st, 0, 0, &stats, &eb);
    /* After a failed run the memory is ahead of the store: not kept. */
    enum err cerr = err ? ERR_OK : story_stage_close(stage, st, &eb);
    if (err)
        story_stage_free(stage);
    err = err ? err : cerr;
    if (err)
        cli_error("cluster", "%s", err_msg(&eb, err));
    else
        printf("articles %zu: %zu started a story, %zu joined one (%zu near-duplicates), "
               "%zu not clustered; %zu merges, %zu splits (%zu replayed from the store)\n",
               stats.articles, stats.started, stats.joined, stats.copies, stats.skipped,
               stats.merges, stats.splits, stats.replayed);
    store_close(st);
    return err ? EXIT_FAIL : EXIT_OK;
}

int cmd_cluster(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        cluster_usage(stdout);
        return EXIT_OK;
    }
    static const struct option opts[] = {
        {"eval", required_argument, NULL, 'e'},
        {"out", required_argument, NULL, 'o'},
        {"set", required_argument, NULL, 's'},
        {"by-topic", no_argument, NULL, 't'},
        {"story-window", required_argument, NULL, 'w'},
        {NULL, 0, NULL, 0},
    };
    const char *eval = NULL, *out = NULL;
    bool by_topic = false;
    struct story_params p;
    story_params_default(&p);
    struct errbuf eb = {{0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "e:o:s:t", opts, NULL)) != -1) {
        long days;
        if (c == 'w') {
            if (!cli_number_option("cluster", "story-window", optarg, 1, STORY_WINDOW_MAX_DAYS,
                                   &days))
                return EXIT_USAGE;
            p.horizon = days * 86400;
        } else if (c == 'e') {
            eval = optarg;
        } else if (c == 'o') {
            out = optarg;
        } else if (c == 't') {
            by_topic = true;
        } else if (c == 's') {
            enum err err = story_params_set(&p, optarg, &eb);
            if (err) {
                cli_error("cluster", "--set %s", err_msg(&eb, err));
                return EXIT_USAGE;
            }
        } else {
            cli_usage_error("cluster", cluster_usage);
            return EXIT_USAGE;
        }
    }
    if (cli_unexpected_argument("cluster", argc, argv, optind) || ((out || by_topic) && !eval)) {
        cli_usage_error("cluster", cluster_usage);
        return EXIT_USAGE;
    }
    if (eval)
        return cluster_eval(eval, out, by_topic, &p);
    return cluster_store(&p);
}

/* A JSON array column as jansson, an empty array when missing or bad. */
static json_t *json_column(const char *text)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;
    if (!json_is_array(v)) {
        json_decref(v);
        v = json_array();
    }
    return v;
}

static json_t *story_json(const struct story_row *s)
{
    char first[21] = "", last[21] = "";
    if (s->first_seen)
        time_format_rfc3339(s->first_seen, first);
    if (s->last_seen)
        time_format_rfc3339(s->last_seen, last);
    return json_pack("{s:I, s:s?, s:I, s:I, s:I, s:s?, s:s?, s:o, s:o, s:o, s:o}", "id",
                     (json_int_t)s->id, "headline", s->headline, "articles",
                     (json_int_t)s->articles, "outlets", (json_int_t)s->outlets, "newsrooms",
                     (json_int_t)s->newsrooms, "first_seen", *first ? first : NULL, "last_seen",
                     *last ? last : NULL, "languages", json_column(s->languages), "countries",
                     json_column(s->countries), "top_terms", json_column(s->top_terms), "top_names",
                     json_column(s->top_names));
}

static bool print_json(json_t *v)
{
    char *s = json_dumps(v, JSON_INDENT(2));
    json_decref(v);
    bool ok = s && printf("%s\n", s) >= 0;
    free(s);
    return ok;
}

int cmd_stories(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage: omnibus [--db DSN] stories [--since DATE] [--limit N] [--json]\n\n"
               "Lists the stories last seen at DATE or later (RFC 3339 or RFC 822; default:\n"
               "all), newest first: id, articles, independent newsrooms, headline. --json\n"
               "prints an array of objects (id, headline, articles, outlets, newsrooms,\n"
               "first_seen, last_seen, languages, countries, top_terms, top_names).\n");
        return EXIT_OK;
    }
    static const struct option opts[] = {
        {"since", required_argument, NULL, 's'},
        {"limit", required_argument, NULL, 'l'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    int64_t since = 0;
    long limit = 100;
    bool json = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:l:j", opts, NULL)) != -1) {
        char *end;
        if (c == 's' && date_parse(optarg, &since)) {
            continue;
        } else if (c == 'l' && (limit = strtol(optarg, &end, 10)) > 0 && !*end) {
            continue;
        } else if (c == 'j') {
            json = true;
            continue;
        }
        if (c == 's')
            cli_error("stories",
                      "--since takes a date and time, as RFC 3339 (2026-12-06T08:00:00Z, "
                      "2026-12-06) or RFC 822 (Sun, 06 Dec 2026 08:00:00 GMT), not \"%s\"",
                      optarg);
        else if (c == 'l')
            cli_error("stories", "--limit takes a whole number from 1, not \"%s\"", optarg);
        return EXIT_USAGE;
    }
    if (cli_unexpected_argument("stories", argc, argv, optind))
        return EXIT_USAGE;
    struct store *st = cli_open_store(cli_default_dsn());
    if (!st)
        return EXIT_FAIL;
    struct story_row_list l;
    struct errbuf eb = {{0}};
    enum err err = store_story_list(st, since, (size_t)limit, &l, &eb);
    store_close(st);
    if (err) {
        cli_error("stories", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    bool ok = true;
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < l.len; i++)
            json_array_append_new(arr, story_json(&l.items[i]));
        ok = print_json(arr);
    } else {
        for (size_t i = 0; i < l.len; i++)
            printf("%6lld  %3lld articles  %3lld newsrooms  %s\n", (long long)l.items[i].id,
                   (long long)l.items[i].articles, (long long)l.items[i].newsrooms,
                   l.items[i].headline ? l.items[i].headline : "(no headline)");
    }
    story_row_list_clear(&l);
    return ok ? EXIT_OK : EXIT_FAIL;
}

int cmd_story(int argc, char **argv)
{
    bool json = argc >= 3 && !strcmp(argv[2], "--json");
    bool help = cli_wants_help(argc, argv);
    if (help || argc < 2 || cli_unexpected_argument("story", argc, argv, json ? 3 : 2)) {
        fprintf(help ? stdout : stderr,
                "usage: omnibus [--db DSN] story ID [--json]\n\n"
                "Shows a story (or the one it was merged into) and its member articles,\n"
                "oldest first, with each one's outlet, newsroom and whether it is a copy.\n");
        return help ? EXIT_OK : EXIT_USAGE;
    }
    char *end;
    long long id = strtoll(argv[1], &end, 10);
    if (id <= 0 || *end) {
        cli_error("story", "not a story id: %s", argv[1]);
        return EXIT_USAGE;
    }
    struct store *st = cli_open_store(cli_default_dsn());
    if (!st)
        return EXIT_FAIL;
    struct story_row s;
    struct story_member_list m = {0};
    struct errbuf eb = {{0}};
    enum err err = store_story_get(st, id, &s, &eb);
    if (!err)
        err = store_story_members(st, s.id, &m, &eb);
    store_close(st);
    if (err) {
        cli_error("story", "%s", err_msg(&eb, err));
        return err == ERR_NOT_FOUND ? EXIT_USAGE : EXIT_FAIL;
    }
    bool ok = true;
    if (json) {
        json_t *o = story_json(&s);
        json_t *arr = json_array();
        for (size_t i = 0; i < m.len; i++) {
            const struct story_member_row *r = &m.items[i];
            json_array_append_new(
                arr, json_pack("{s:I, s:s?, s:s?, s:s?, s:f, s:o, s:s?}", "article",
                               (json_int_t)r->article_id, "title", r->title, "url", r->url,
                               "outlet", r->source_name, "similarity", r->similarity, "copy_of",
                               r->copy_of ? json_integer(r->copy_of) : json_null(), "newsroom",
                               r->newsroom));
        }
        json_object_set_new(o, "members", arr);
        ok = print_json(o);
    } else {
        if (s.id != id)
            printf("story %lld was merged into story %lld\n", id, (long long)s.id);
        printf("story %lld: %s\n%lld articles, %lld outlets, %lld independent newsrooms\n",
               (long long)s.id, s.headline ? s.headline : "(no headline)", (long long)s.articles,
               (long long)s.outlets, (long long)s.newsrooms);
        for (size_t i = 0; i < m.len; i++) {
            const struct story_member_row *r = &m.items[i];
            char when[21] = "";
            if (r->published_at)
                time_format_rfc3339(r->published_at, when);
            printf("  %-20s %-24s %s", when, r->source_name ? r->source_name : "",
                   r->title ? r->title : "(no title)");
            if (r->copy_of)
                printf("  [copy of %lld]", (long long)r->copy_of);
            printf("\n");
        }
    }
    story_row_clear(&s);
    story_member_list_clear(&m);
    return ok ? EXIT_OK : EXIT_FAIL;
}
