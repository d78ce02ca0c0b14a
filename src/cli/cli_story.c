/* omnibus cluster | stories | story ID: grouping stored articles into stories,
 * and listing them. `cluster --eval FILE` scores the clustering on labelled
 * documents instead of the store. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "story/cluster.h"
#include "story/eval.h"

static void cluster_usage(FILE *out)
{
    fprintf(out,
            "usage: omnibus [--db DSN] cluster [--set NAME=VALUE ...]\n"
            "       omnibus cluster --eval FILE.jsonl [--out FILE] [--set NAME=VALUE ...]\n\n"
            "Assigns the stored articles that are in no story yet, in publication order,\n"
            "to stories: near-duplicates join their original's story, other articles the\n"
            "most similar recent story or a new one; converging stories merge.\n\n"
            "--eval reads labelled documents instead (one JSON object per line: id,\n"
            "event_cluster, sentences or text, optional title, published, lang (default\n"
            "en), entities, outlet, byline), clusters them in file order and prints\n"
            "event-level B-cubed precision, recall and F1 on the last line. --out writes\n"
            "one {\"id\", \"story\"} line per document (a negative story: too short to\n"
            "cluster, a story of its own).\n\n"
            "--set changes a clustering parameter: threshold, merge_threshold,\n"
            "split_threshold, window (seconds), title_weight, lead_weight, lead_words,\n"
            "name_weight, number_weight, entity_weight, max_live, dup_capacity.\n");
}

static int cluster_eval(const char *path, const char *out_path, const struct story_params *p)
{
    FILE *out = NULL;
    if (out_path && !(out = fopen(out_path, "w"))) {
        cli_error("cluster", "cannot write %s", out_path);
        return EXIT_FAIL;
    }
    struct story_eval r;
    struct errbuf eb = {{0}};
    enum err err = story_eval_file(path, p, out, stderr, &r, &eb);
    if (out && fclose(out) && !err)
        err = errf(&eb, ERR_IO, "cannot write %s", out_path);
    if (err) {
        cli_error("cluster", "%s", err_msg(&eb, err));
        return EXIT_FAIL;
    }
    printf("documents %zu skipped %zu\n", r.docs, r.skipped);
    printf("B3 P %.3f R %.3f F1 %.3f clusters %zu events %zu\n", r.precision, r.recall, r.f1,
           r.clusters, r.events);
    return EXIT_OK;
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
        {NULL, 0, NULL, 0},
    };
    const char *eval = NULL, *out = NULL;
    struct story_params p;
    story_params_default(&p);
    struct errbuf eb = {{0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "e:o:s:", opts, NULL)) != -1) {
        if (c == 'e') {
            eval = optarg;
        } else if (c == 'o') {
            out = optarg;
        } else if (c == 's') {
            enum err err = story_params_set(&p, optarg, &eb);
            if (err) {
                cli_error("cluster", "--set %s", err_msg(&eb, err));
                return EXIT_USAGE;
            }
        } else {
            cluster_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind != argc || (out && !eval)) {
        cluster_usage(stderr);
        return EXIT_USAGE;
    }
    if (eval)
        return cluster_eval(eval, out, &p);
    cli_error("cluster", "store clustering: next commit");
    return EXIT_FAIL;
}
