/* omnibus run: the daemon. Keeps reading the news (fetch role), processes what
 * arrives (process role) and serves the site (web role), in one process or
 * spread over many that share one database. The roles' loops are the
 * pipeline's (pipeline/daemon.h); here are the options, the threads and the
 * signals. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/heap.h"
#include "base/log.h"
#include "base/url.h"
#include "cli/cli.h"
#include "pipeline/daemon.h"
#include "web/web.h"

/* The largest number of seconds (or milliseconds) an option takes: a year,
 * far below where the loops' naps in tenths of a second would overflow an int. */
#define YEAR_SECONDS 31536000L

enum role { ROLE_FETCH = 1, ROLE_PROCESS = 2, ROLE_WEB = 4, ROLE_ALL = 7 };

static void usage(FILE *out)
{
    fprintf(out,
            "usage: omnibus [--db DSN] run [--role fetch|process|web|all] [--listen HOST:PORT]\n"
            "                              [--poll S] [--interval S] [--allow-private]\n"
            "                              [--lang sv|en] [--once] [--lease S] [--worker NAME]\n"
            "                              [--per-host N] [--host-interval MS] [--base-url URL]\n"
            "                              [--limits K=N,...] [--keep-bodies DAYS]\n"
            "                              [--story-window DAYS] [--publish auto|desk]\n"
            "                              [--notify K=N,...] [--webhook URL] [--db-cache-mb N]\n\n"
            "Runs omnibus until SIGINT or SIGTERM: fetches due feeds, analyses new\n"
            "articles and serves the site. The first signal lets the passes under way\n"
            "finish, a second stops at once (what was committed stays). With PostgreSQL,\n"
            "run any number of processes per role on any machines over one database\n"
            "(docs/scale-out.md).\n"
            "  --role      what this process does (default all; may be repeated)\n"
            "  --listen    the site's address (default 127.0.0.1:8080)\n"
            "  --base-url  the site's public address (https://news.example.org), used in\n"
            "              feeds, entry ids and links (default: the --listen address)\n"
            "  --poll      seconds between looks for due work (default 30)\n"
            "  --interval  seconds between fetches of one feed (default 900)\n"
            "  --allow-private  let every source reach loopback and private addresses\n"
            "  --lang      the site's language when neither ?lang= nor Accept-Language\n"
            "              decides (default $OMNIBUS_LANG, else sv)\n"
            "  --once      one round of each role's work, then exit (no web role)\n"
            "  --lease     seconds a claimed feed stays this worker's before another may\n"
            "              take it over (default 300; longer than the slowest fetch)\n"
            "  --worker    this worker's name in leases (default $OMNIBUS_WORKER, else\n"
            "              HOST:ROLES, as in db1:fetch+process); a worker started under\n"
            "              a name takes back at once what a dead one of that name held\n"
            "              (give each live worker its own: two processes of the same\n"
            "              roles on one host need a --worker each)\n"
            "  --per-host, --host-interval   politeness per host (default 2, 1000 ms)\n"
            "  --limits    the site's connection policy: KEY=N,... of connections,\n"
            "              per-client, request-seconds, rate, burst (docs/web.md)\n"
            "  --keep-bodies  retention: hourly, drop the text (body, feed content, page\n"
            "              text) of articles fetched more than DAYS days ago whose story\n"
            "              has had nothing new for DAYS days; what published roundups\n"
            "              quote is kept, and such stories are not composed again\n"
            "              (default: keep everything; `omnibus prune` does it once)\n"
            "  --story-window  days a story stays in the clusterer's memory after its\n"
            "              last article (default 7); older articles are final members of\n"
            "              their stories (docs/story.md)\n"
            CLI_PUBLISH_HELP CLI_DB_CACHE_HELP
            "  --notify    when a story is flagged on the desk and the webhook:\n"
            "              newsrooms=N (independent newsrooms, default 8), growth=N\n"
            "              (articles joining in the last hour, default 6); 0: never\n"
            "  --webhook   POST each flagged story as JSON to URL, signed with HMAC-SHA256\n"
            "              of $OMNIBUS_WEBHOOK_SECRET (X-Omnibus-Signature), retried with\n"
            "              backoff until it answers 2xx (process role; docs/desk.md)\n");
}

/* In the daemon, a loop ending (failed or stopped) wakes the main thread,
 * which would otherwise wait for a stop signal with no worker left. */
static void wake_main(void *main)
{
    cli_wake(*(pthread_t *)main);
}

/* Prints why the loop failed; returns the exit status it asks for. */
static int loop_report(const struct pipeline_loop *l)
{
    if (!l->err)
        return EXIT_OK;
    cli_error("run", "%s: %s", l->name, err_msg(&l->eb, l->err));
    return EXIT_FAIL;
}

/* Starts l in a thread of its own, appended to threads and loops at *n;
 * false (said) when no thread can be made. */
static bool start_loop(struct pipeline_loop *l, void *(*fn)(void *), pthread_t *threads,
                       struct pipeline_loop **loops, size_t *n)
{
    int e = pthread_create(&threads[*n], NULL, fn, l);
    if (e) {
        cli_error("run", "cannot start the %s thread: %s", l->name, strerror(e));
        return false;
    }
    loops[(*n)++] = l;
    return true;
}

/* cli_number_option for run's options, which all fit an int. */
static bool number_option(const char *name, const char *arg, long min, long max, int *out)
{
    long v;
    if (!cli_number_option("run", name, arg, min, max, &v))
        return false;
    *out = (int)v;
    return true;
}

/* The default worker name: the same after a restart (so that the restarted
 * daemon takes back its dead predecessor's leases at once), different for
 * each host and set of roles. */
static void default_worker(unsigned roles, char *out, size_t size)
{
    char host[64] = "localhost";
    if (gethostname(host, sizeof host - 1))
        snprintf(host, sizeof host, "localhost");
    const char *names = (roles & ROLE_ALL) == ROLE_ALL ? "all"
                        : (roles & (ROLE_FETCH | ROLE_PROCESS)) == (ROLE_FETCH | ROLE_PROCESS)
                            ? "fetch+process"
                        : roles & ROLE_FETCH   ? "fetch"
                        : roles & ROLE_PROCESS ? "process"
                                               : "web";
    snprintf(out, size, "%s:%s", host, names);
}

static bool parse_role(const char *s, unsigned *roles)
{
    static const struct {
        const char *name;
        enum role role;
    } names[] = {
        {"fetch", ROLE_FETCH}, {"process", ROLE_PROCESS}, {"web", ROLE_WEB}, {"all", ROLE_ALL}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(s, names[i].name)) {
            *roles |= names[i].role;
            return true;
        }
    return false;
}

int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"role", required_argument, NULL, 'r'},
        {"listen", required_argument, NULL, 'l'},
        {"poll", required_argument, NULL, 'p'},
        {"interval", required_argument, NULL, 'i'},
        {"allow-private", no_argument, NULL, 'a'},
        {"lang", required_argument, NULL, 'L'},
        {"once", no_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"lease", required_argument, NULL, 'e'},
        {"worker", required_argument, NULL, 'w'},
        {"per-host", required_argument, NULL, 'H'},
        {"host-interval", required_argument, NULL, 'I'},
        {"base-url", required_argument, NULL, 'b'},
        {"limits", required_argument, NULL, 'm'},
        {"story-window", required_argument, NULL, 'W'},
        {"keep-bodies", required_argument, NULL, 'k'},
        {"publish", required_argument, NULL, 'P'},
        {"notify", required_argument, NULL, 'N'},
        {"webhook", required_argument, NULL, 'X'},
        {"db-cache-mb", required_argument, NULL, 'd'},
        {NULL, 0, NULL, 0},
    };
    struct pipeline_config cfg;
    pipeline_config_default(&cfg);
    struct web_config web;
    web_config_default(&web);
    const char *lang = getenv("OMNIBUS_LANG");
    unsigned roles = 0;
    int poll = 30;
    bool once = false;
    enum publish_mode publish;
    bool publish_given = false;
    long db_cache_mb = CLI_DB_CACHE_MB_DEFAULT;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (!parse_role(optarg, &roles)) {
                cli_error("run", "unknown role \"%s\" (fetch, process, web, all)", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'l':
            web.listen = optarg;
            break;
        case 'b':
            if (!url_is_http(optarg)) {
                cli_error("run", "--base-url takes an http(s) URL, not \"%s\"", optarg);
                return EXIT_USAGE;
            }
            web.base_url = optarg;
            break;
        case 'p':
            if (!number_option("poll", optarg, 1, YEAR_SECONDS, &poll))
                return EXIT_USAGE;
            break;
        case 'i':
            if (!number_option("interval", optarg, 1, YEAR_SECONDS, &cfg.interval_seconds))
                return EXIT_USAGE;
            break;
        case 'a':
            cfg.fetch.allow_private = true;
            break;
        case 'L':
            lang = optarg;
            break;
        case 'o':
            once = true;
            break;
        case 'e':
            if (!number_option("lease", optarg, 1, YEAR_SECONDS, &cfg.lease_seconds))
                return EXIT_USAGE;
            break;
        case 'w':
            cfg.worker = optarg;
            break;
        case 'H':
            if (!number_option("per-host", optarg, 1, 1000, &cfg.fetch.max_per_host))
                return EXIT_USAGE;
            break;
        case 'I':
            if (!number_option("host-interval", optarg, 0, YEAR_SECONDS,
                               &cfg.fetch.min_host_interval_ms))
                return EXIT_USAGE;
            break;
        case 'm':
            if (!cli_limits_option("run", optarg, &web.policy))
                return EXIT_USAGE;
            break;
        case 'W': {
            long days;
            if (!cli_number_option("run", "story-window", optarg, 1, STORY_WINDOW_MAX_DAYS, &days))
                return EXIT_USAGE;
            cfg.story.horizon = days * 86400;
            break;
        }
        case 'k':
            if (!number_option("keep-bodies", optarg, 1, 100000, &cfg.keep_bodies_days))
                return EXIT_USAGE;
            break;
        case 'P':
            if (!cli_publish_option("run", optarg, &publish))
                return EXIT_USAGE;
            publish_given = true;
            break;
        case 'N':
            if (!cli_notify_option("run", optarg, &cfg.notify))
                return EXIT_USAGE;
            break;
        case 'X':
            if (!url_is_http(optarg)) {
                cli_error("run", "--webhook takes an http(s) URL, not \"%s\"", optarg);
                return EXIT_USAGE;
            }
            cfg.notify.webhook_url = optarg;
            break;
        case 'd':
            if (!cli_number_option("run", "db-cache-mb", optarg, 0, CLI_DB_CACHE_MB_MAX,
                                   &db_cache_mb))
                return EXIT_USAGE;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            cli_usage_error("run", usage);
            return EXIT_USAGE;
        }
    }
    if (cli_unexpected_argument("run", argc, argv, optind)) {
        cli_usage_error("run", usage);
        return EXIT_USAGE;
    }
    if (!roles)
        roles = ROLE_ALL;
    if (once)
        roles &= ~(unsigned)ROLE_WEB;
    if (!roles) {
        cli_error("run", "--once runs a round of fetch or process work; the web role has "
                         "no round (drop --once to serve)");
        return EXIT_USAGE;
    }
    if (cfg.notify.webhook_url) {
        /* From the environment, not argv, which every user of the host can read. */
        cfg.notify.webhook_secret = getenv("OMNIBUS_WEBHOOK_SECRET");
        if (!cfg.notify.webhook_secret || !*cfg.notify.webhook_secret) {
            cli_error("run", "--webhook needs the signing key in OMNIBUS_WEBHOOK_SECRET");
            return EXIT_USAGE;
        }
    }
    if (lang && *lang && !site_lang_from_code(lang, &web.default_lang)) {
        cli_error("run", "unknown language \"%s\" (sv or en)", lang);
        return EXIT_USAGE;
    }
    web.dsn = cli_default_dsn();
    char worker[128];
    if (!cfg.worker && (cfg.worker = getenv("OMNIBUS_WORKER")) && !*cfg.worker)
        cfg.worker = NULL;
    if (!cfg.worker) {
        default_worker(roles, worker, sizeof worker);
        cfg.worker = worker;
    }
    /* Migrate once before the threads start, so a bad database fails here. A
     * worker restarted under its name (after kill -9 or a crash) takes back
     * what its predecessor held rather than wait for the leases to run out. */
    heap_tune_for_daemon();
    store_bound_sqlite_memory((int64_t)db_cache_mb << 20);
    struct store *st = cli_open_store(web.dsn);
    if (!st)
        return EXIT_FAIL;
    struct errbuf reb = {{0}};
    enum err rerr = store_worker_release(st, cfg.worker, &reb);
    if (!rerr && publish_given && !cli_set_publish("run", st, publish)) {
        store_close(st);
        return EXIT_FAIL;
    }
    store_close(st);
    if (rerr) {
        cli_error("run", "%s", err_msg(&reb, rerr));
        return EXIT_FAIL;
    }

    /* The daemon waits for a stop signal and finishes its passes (a second
     * signal ends it at once); a loop that ends before (it failed) wakes it,
     * so that it stops rather than wait on with a role missing. --once does
     * its round in this thread and never waits for one: blocked, SIGINT and
     * SIGTERM would go unheard until the round ends, so they keep their
     * default and end it at once (what the round committed stays, its leases
     * expire). */
    sigset_t wait_signals;
    sigemptyset(&wait_signals);
    if (once)
        signal(SIGPIPE, SIG_IGN);
    else
        cli_block_stop_and_wake_signals(&wait_signals);

    atomic_bool stop = false;
    pthread_t main_thread = pthread_self();
    struct pipeline_loop fetch = {.name = "fetch",
                                  .dsn = web.dsn,
                                  .cfg = &cfg,
                                  .poll_seconds = once ? -1 : poll,
                                  .stop = &stop,
                                  .ended = once ? NULL : wake_main,
                                  .ended_arg = &main_thread};
    struct pipeline_loop process = fetch;
    process.name = "process";
    struct web_server *srv = NULL;
    struct errbuf eb = {{0}};
    if (roles & ROLE_WEB) {
        enum err err = web_server_start(&web, &srv, &eb);
        if (err) {
            cli_error("run", "%s", err_msg(&eb, err));
            return EXIT_FAIL;
        }
        cli_print_serving(web.listen, web_server_port(srv), web.dsn);
    }
    int rc = EXIT_OK;
    if (once) {
        /* Fetch, then process what arrived: in order, in this thread. */
        if (roles & ROLE_FETCH) {
            pipeline_fetch_loop(&fetch);
            rc |= loop_report(&fetch);
        }
        if (roles & ROLE_PROCESS) {
            pipeline_process_loop(&process);
            rc |= loop_report(&process);
        }
    } else {
        struct pipeline_loop *loops[2];
        pthread_t threads[2];
        size_t n = 0;
        bool stopping = false;
        if (roles & ROLE_FETCH)
            stopping = !start_loop(&fetch, pipeline_fetch_loop, threads, loops, &n);
        if ((roles & ROLE_PROCESS) && !stopping)
            stopping = !start_loop(&process, pipeline_process_loop, threads, loops, &n);
        if (stopping) {
            rc = EXIT_FAIL;
            atomic_store(&stop, true);
        }
        size_t running = n;
        while (running || !stopping) {
            int sig = 0;
            sigwait(&wait_signals, &sig);
            if (sig != CLI_WAKE_SIGNAL) {
                const char *name = sig == SIGINT ? "SIGINT" : "SIGTERM";
                /* A pass may run for minutes (slow feeds); a second signal is
                 * the way to not wait for it. The store's transactions keep
                 * what was committed; claimed work waits for its lease. */
                if (stopping) {
                    cli_error("run", "%s received again, stopping at once", name);
                    cli_stop_at_once(sig);
                }
                log_info("%s received, stopping after the current passes (again to stop at once)",
                         name);
                stopping = true;
                atomic_store(&stop, true);
                continue;
            }
            for (size_t i = 0; i < n; i++) {
                if (!loops[i] || !atomic_load(&loops[i]->done))
                    continue;
                pthread_join(threads[i], NULL);
                running--;
                /* Said at once: the other loops may take a pass to finish. */
                if (loop_report(loops[i]) != EXIT_OK) {
                    rc = EXIT_FAIL;
                    if (!stopping)
                        log_error("the %s loop failed, stopping", loops[i]->name);
                    stopping = true;
                    atomic_store(&stop, true);
                }
                loops[i] = NULL;
            }
        }
    }
    web_server_stop(srv);
    return rc;
}
