/* omnibus demo: the offline demonstration. Serves the sample in data/demo/site
 * from a loopback fixture server, registers its outlets (their placeholder
 * host turned into the fixture's address), ingests them through the real
 * pipeline, composes the stories' roundups and serves the site until SIGINT or
 * SIGTERM. data/demo/README.md describes the sample. */
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "base/url.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "compose/compose.h"
#include "kb/kb.h"
#include "pipeline/pipeline.h"
#include "sources/sources.h"
#include "web/static_site.h"
#include "web/web.h"

#define PLACEHOLDER "http://demo.invalid" /* the sample's host, see data/demo/README.md */
#define MAX_DATA_FILE (1u << 20)

static void usage(FILE *out)
{
    fprintf(out,
            "usage: omnibus demo [--listen HOST:PORT] [--db DSN] [--data DIR] [--lang sv|en]\n\n"
            "The offline demo: serves the sample outlets of DIR (default data/demo, found\n"
            "from the working directory or beside the source tree of the binary) on a\n"
            "loopback port, ingests them through the real pipeline, composes the roundups\n"
            "of their stories and serves the site on --listen (default 127.0.0.1:8080;\n"
            "port 0 picks a free one). It prints the site's URL; SIGINT or SIGTERM stop it.\n"
            "The database must hold no sources yet (use a fresh file).\n");
}

static bool is_dir(const char *path)
{
    struct stat sb;
    return !stat(path, &sb) && S_ISDIR(sb.st_mode);
}

/* The sample's directory: data/demo under the working directory, else under
 * the source tree two levels above the binary (build/release/omnibus).
 * Writes it to out; false when neither exists. */
static bool find_data(char *out, size_t size)
{
    if (is_dir("data/demo/site")) {
        snprintf(out, size, "data/demo");
        return true;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    /* Beside the source tree (build/release/omnibus), or where `make install`
     * put it (PREFIX/bin/omnibus and PREFIX/share/omnibus/demo). */
    static const char *const beside[] = {"../../data/demo", "../share/omnibus/demo"};
    for (size_t i = 0; i < sizeof beside / sizeof beside[0]; i++) {
        char site[PATH_MAX];
        if (snprintf(site, sizeof site, "%s/%s/site", exe, beside[i]) < (int)sizeof site &&
            is_dir(site))
            return snprintf(out, size, "%s/%s", exe, beside[i]) < (int)size;
    }
    return false;
}

/* s with a leading PLACEHOLDER replaced by base (a new string), or a copy. */
static char *rebase(const char *s, const char *base)
{
    size_t pl = strlen(PLACEHOLDER);
    if (s && !strncmp(s, PLACEHOLDER, pl))
        return xasprintf("%s%s", base, s + pl);
    return xstrdup(s);
}

/* ERR_EXISTS when the store holds sources: the demo's would join them. */
static enum err require_fresh(struct store *st, struct errbuf *eb)
{
    struct source_list have = {0};
    enum err err = store_source_list(st, &have, eb);
    if (!err && have.len)
        err = errf(eb, ERR_EXISTS,
                   "the database already has %zu sources; the demo needs a "
                   "fresh one (--db sqlite:PATH of a new file)",
                   have.len);
    source_list_clear(&have);
    return err;
}

/* Registers the sample's sources with their feeds on the fixture server. */
static enum err add_sources(struct store *st, const char *dir, const char *base, struct errbuf *eb)
{
    struct source_list list = {0};
    char *path = xasprintf("%s/sources.json", dir), *data = NULL;
    size_t len = 0, skipped = 0;
    enum err err = cli_read_file(path, MAX_DATA_FILE, &data, &len, eb);
    if (!err)
        err = sources_parse(data, len, path, &list, &skipped, eb);
    if (!err && skipped)
        err = errf(eb, ERR_PARSE, "%s: %zu sources are invalid", path, skipped);
    for (size_t i = 0; !err && i < list.len; i++) {
        struct source *s = &list.items[i];
        char *feed = rebase(s->feed_url, base), *site = rebase(s->site_url, base);
        free(s->feed_url);
        free(s->site_url);
        s->feed_url = feed;
        s->site_url = site;
        int64_t id;
        err = store_source_add(st, s, &id, eb);
    }
    source_list_clear(&list);
    free(data);
    free(path);
    return err;
}

/* Fetches every feed and page and analyses the articles, as `omnibus fetch`
 * does, without the politeness delay that only the fixture would suffer. */
static enum err ingest(struct pipeline_worker *w, struct errbuf *eb)
{
    struct pipeline_config cfg;
    pipeline_config_default(&cfg);
    cfg.fetch.min_host_interval_ms = 0;
    cfg.fetch.max_per_host = 8;
    struct fetch_pass_stats fs;
    struct process_stats ps = {0};
    struct progress progress;
    progress_start(&progress, "fetching", 0);
    enum err err = pipeline_fetch_pass(w->st, &cfg, &fs, &progress, eb);
    progress_end(&progress);
    if (!err && fs.failed)
        err = errf(eb, ERR_IO, "%zu of the sample's feeds failed (omnibus sources list tells why)",
                   fs.failed);
    progress_start(&progress, "analysing", 0);
    if (!err)
        err = pipeline_process_pass(w, &cfg, &ps, &progress, eb);
    progress_end(&progress);
    if (!err)
        fprintf(stderr, "demo: %zu feeds, %zu articles, %zu pages extracted, %zu analysed\n",
                fs.fetched, fs.new_articles, ps.extracted, ps.analysed);
    return err;
}

/* The demo's knowledge base: a few entities of its stories, in the Wikimedia
 * Enterprise format that `omnibus kb import` reads. */
static enum err import_kb(struct store *st, const char *dir, struct errbuf *eb)
{
    char *path = xasprintf("%s/kb.ndjson", dir);
    const char *paths[] = {path};
    struct kb_import_opts opts = {0};
    struct kb_import_report report = {0};
    enum err err = kb_import(st, paths, 1, &opts, &report, eb);
    if (!err)
        log_info("demo: %llu knowledge-base entities imported",
                 (unsigned long long)report.entities);
    kb_import_report_clear(&report);
    free(path);
    return err;
}

/* The loading of the sample, in a thread of its own so that the main thread
 * hears a stop signal meanwhile: a fetch or an analysis cannot be stopped
 * halfway, the process can. */
struct load {
    struct store *st;
    const char *dir, *base; /* the sample's directory, the fixture's URL */
    pthread_t main;         /* woken when the load ends */
    atomic_bool done;
    enum err err;
    struct errbuf eb;
};

/* Ingests the sample into l->st from the fixture at l->base. */
static void *load_demo(void *arg)
{
    struct load *l = arg;
    struct pipeline_worker w = {0};
    l->err = add_sources(l->st, l->dir, l->base, &l->eb);
    /* The KB first, so that ingestion links the articles' entity mentions. */
    if (!l->err)
        l->err = import_kb(l->st, l->dir, &l->eb);
    if (!l->err)
        l->err = pipeline_worker_init(&w, l->st, NULL, &l->eb);
    if (!l->err)
        l->err = ingest(&w, &l->eb);
    if (!l->err)
        l->err = pipeline_worker_finish(&w, &l->eb);
    if (w.st)
        pipeline_worker_clear(&w);
    atomic_store(&l->done, true);
    cli_wake(l->main);
    return NULL;
}

/* Loads the sample into st in a thread while waiting for the signals of wait:
 * a stop signal meanwhile ends the process at once (what the load committed
 * stays; the database is no longer fresh, the demo needs a new one). */
static enum err load_or_stop(struct store *st, const char *dir, const char *base,
                             const sigset_t *wait, struct errbuf *eb)
{
    struct load l = {.st = st, .dir = dir, .base = base, .main = pthread_self()};
    pthread_t thread;
    int e = pthread_create(&thread, NULL, load_demo, &l);
    if (e)
        return errf(eb, ERR_IO, "cannot start the loading thread: %s", strerror(e));
    while (!atomic_load(&l.done)) {
        int sig = 0;
        sigwait(wait, &sig);
        if (sig != CLI_WAKE_SIGNAL) {
            fprintf(stderr, "omnibus: %s received while loading the sample, stopping at once\n",
                    sig == SIGINT ? "SIGINT" : "SIGTERM");
            cli_stop_at_once(sig);
        }
    }
    pthread_join(thread, NULL);
    if (l.err)
        *eb = l.eb;
    return l.err;
}

int cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'}, {"data", required_argument, NULL, 'D'},
        {"lang", required_argument, NULL, 'L'},   {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct web_config cfg;
    web_config_default(&cfg);
    cfg.dsn = cli_default_dsn();
    const char *data = NULL, *lang = getenv("OMNIBUS_LANG");
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'l') {
            cfg.listen = optarg;
        } else if (c == 'D') {
            data = optarg;
        } else if (c == 'L') {
            lang = optarg;
        } else if (c == 'h') {
            usage(stdout);
            return EXIT_OK;
        } else {
            cli_usage_error("demo", usage);
            return EXIT_USAGE;
        }
    }
    if (cli_unexpected_argument("demo", argc, argv, optind)) {
        cli_usage_error("demo", usage);
        return EXIT_USAGE;
    }
    if (lang && *lang && !site_lang_from_code(lang, &cfg.default_lang)) {
        cli_error("demo", "unknown language \"%s\" (sv or en)", lang);
        return EXIT_USAGE;
    }
    char found[PATH_MAX];
    if (!data && !find_data(found, sizeof found)) {
        cli_error("demo", "cannot find data/demo; run from the source tree or give --data DIR");
        return EXIT_USAGE;
    }
    if (!data)
        data = found;
    sigset_t wait;
    cli_block_stop_and_wake_signals(&wait);

    struct static_site *fixture = NULL;
    struct web_server *srv = NULL;
    struct errbuf eb = {{0}};
    char *site = xasprintf("%s/site", data);
    struct store *st = NULL;
    enum err err = store_open(cfg.dsn, &st, &eb);
    if (!err)
        err = require_fresh(st, &eb);
    if (!err)
        err = static_site_start(site, PLACEHOLDER, &fixture, &eb);
    if (!err) {
        fprintf(stderr, "demo: the sample outlets are at %s/\n", static_site_base(fixture));
        err = load_or_stop(st, data, static_site_base(fixture), &wait, &eb);
    }
    store_close(st);
    if (!err) {
        /* The sample's photos are on the fixture, over plain HTTP. */
        cfg.image_origin = static_site_base(fixture);
        err = web_server_start(&cfg, &srv, &eb);
    }
    free(site);
    if (err) {
        cli_error("demo", "%s", err_msg(&eb, err));
        static_site_stop(fixture);
        return EXIT_FAIL;
    }
    cli_print_serving(cfg.listen, web_server_port(srv), cfg.dsn);
    int sig = 0;
    do
        sigwait(&wait, &sig);
    while (sig == CLI_WAKE_SIGNAL);
    fprintf(stderr, "omnibus: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    web_server_stop(srv);
    static_site_stop(fixture);
    return EXIT_OK;
}
