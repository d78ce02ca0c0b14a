/* The site end to end: a real `omnibus serve` on a free loopback port over a
 * real SQLite database, filled through the store API with the default sources
 * (data/sources.json), real news articles (the ECB+ corpus: one source per
 * outlet host) and hostile ones, and two stories composed and published
 * through the compose API from our own sample text (one with a hostile
 * outlet); spoken to with libcurl, raw sockets and a
 * headless Chromium. Checks status codes, the security headers on every
 * response, escaping, ETag/304 and invalidation by a write from another
 * process, keep-alive, languages, the admin API's tokens, malformed requests,
 * /metrics, story pages, ranking, story feeds (parsed back with feed_parse),
 * the stories API, search and its API, topic pages (KB entities the stories'
 * articles mention) with their feeds and API, and in the browser that no
 * script runs.
 * Screenshots at 390 and 1280 px go to BUILD/test-artifacts/web/. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/url.h"
#include "base/xalloc.h"
#include "compose/compose.h"
#include "feed/feed.h"
#include "sources/sources.h"
#include "store/store.h"
#include "testlib.h"
#include "text/stage.h"
#include "web/auth.h"
#include "web/feed_out.h"

extern char **environ;

#define CSP                                                                                        \
    "default-src 'none'; style-src 'self'; img-src https: data:; form-action 'self'; "             \
    "frame-ancestors 'none'; base-uri 'none'"
#define ECB_ARTICLES 160
#define ECB_INDEXED 8 /* the first ECB+ articles get their text as body, analysed and indexed */
#define STORY_IMAGES "https://img.example/" /* where the stories' credited images are */
/* Appends an element only a running script could create ('x-' + 'pwned' is
 * never written as one word, so the page's escaped text cannot match). */
#define HOSTILE_SCRIPT                                                                             \
    "<script>document.body.appendChild(document.createElement('x-'+'pwned'))</script>"

struct site {
    char *dsn;
    char *tmp;
    char *artifacts;
    char token[AUTH_TOKEN_LEN + 1];
    int64_t hostile_source;
    int64_t failing_source;
    int64_t articles;
    int64_t bridge[5]; /* story 1's articles: TT, Aftonbladet (copy), DN, The Local, HBL */
    int64_t fire[2];   /* story 2's articles, from the hostile outlet */
    int64_t ecb[ECB_INDEXED];
    int64_t bridge_topic, dover_topic; /* KB entities: story 1's and story 2's */
    pid_t pid;
    int port;
    char base[64];
};

/* ---- filling the store ---- */

static void import_default_sources(struct store *st)
{
    char *path = xasprintf("%s/data/sources.json", getenv("OMNIBUS_SOURCE_DIR"));
    size_t len, skipped;
    char *data = read_file(path, &len);
    assert_non_null(data);
    struct source_list l;
    struct errbuf eb = {{0}};
    assert_int_equal(sources_parse(data, len, path, &l, &skipped, &eb), ERR_OK);
    for (size_t i = 0; i < l.len; i++) {
        int64_t id;
        assert_int_equal(store_source_add(st, &l.items[i], &id, &eb), ERR_OK);
    }
    source_list_clear(&l);
    free(data);
    free(path);
}

static int64_t source_for_host(struct store *st, const char *host)
{
    char *feed = xasprintf("https://%s/feed", host);
    struct source s = {0};
    int64_t id = 0;
    if (store_source_find(st, feed, &s, NULL) == ERR_OK) {
        id = s.id;
        source_clear(&s);
    } else {
        struct source n = {
            .name = (char *)host, .feed_url = feed, .lang = "en", .kind = "news", .enabled = true};
        struct errbuf eb = {{0}};
        assert_int_equal(store_source_add(st, &n, &id, &eb), ERR_OK);
    }
    free(feed);
    return id;
}

static int64_t put_article(struct store *st, struct article *a)
{
    int64_t id;
    bool inserted;
    struct errbuf eb = {{0}};
    enum err err = store_article_put(st, a, &id, &inserted, &eb);
    if (err)
        fail_msg("store_article_put %s: %s", a->url, err_msg(&eb, err));
    return id;
}

/* Real news: each ECB+ document with a source URL becomes an article of the
 * outlet at that URL's host, its first sentence the title; the first
 * ECB_INDEXED also get the rest as their body, analysed by the text stage (so
 * search finds them). */
static int64_t import_ecb_articles(struct store *st, struct site *s)
{
    struct text_ctx *ctx = NULL;
    struct errbuf eb = {{0}};
    assert_int_equal(text_ctx_new(&ctx, &eb), ERR_OK);
    char *path = corpus_path("ecbplus-story-clusters/ecbplus_docs.jsonl");
    size_t len;
    char *data = read_file(path, &len);
    if (!data)
        fail_msg("cannot read %s", path);
    int64_t n = 0;
    for (char *line = data, *next; *line && n < ECB_ARTICLES; line = next) {
        next = strchr(line, '\n');
        next = next ? next + 1 : line + strlen(line);
        json_t *doc = json_loadb(line, (size_t)(next - line), JSON_DISABLE_EOF_CHECK, NULL);
        const char *url = json_string_value(json_object_get(doc, "source_url"));
        json_t *sents = json_object_get(doc, "sentences");
        char *host = url ? url_host(url) : NULL;
        if (host && json_array_size(sents) >= 3) {
            struct buf summary;
            buf_init(&summary, 1 << 16);
            assert_int_equal(buf_printf(&summary, "%s %s",
                                        json_string_value(json_array_get(sents, 1)),
                                        json_string_value(json_array_get(sents, 2))),
                             ERR_OK);
            struct buf body;
            buf_init(&body, 1 << 16);
            for (size_t k = 1; n < ECB_INDEXED && k < json_array_size(sents); k++)
                assert_int_equal(buf_printf(&body, "%s%s", k > 1 ? " " : "",
                                            json_string_value(json_array_get(sents, k))),
                                 ERR_OK);
            char *canon = NULL;
            if (url_canonical(url, &canon, NULL) == ERR_OK) {
                struct article a = {
                    .source_id = source_for_host(st, host),
                    .url = canon,
                    .link = (char *)url,
                    .title = (char *)json_string_value(json_array_get(sents, 0)),
                    .summary = (char *)buf_cstr(&summary),
                    .authors = "[\"ECB+\"]",
                    .published_at = 1711180000 + n * 600,
                    .fetched_at = 1711190000,
                    .content_hash = canon,
                };
                if (n < ECB_INDEXED) {
                    a.body = (char *)buf_cstr(&body);
                    a.body_hash = canon;
                }
                int64_t id = put_article(st, &a);
                if (n < ECB_INDEXED) {
                    s->ecb[n] = id;
                    assert_int_equal(text_stage_article(ctx, st, id, &eb), ERR_OK);
                }
                n++;
            }
            free(canon);
            buf_clear(&body);
            buf_clear(&summary);
        }
        free(host);
        json_decref(doc);
    }
    free(data);
    free(path);
    text_ctx_free(ctx);
    return n;
}

/* A source whose every field is an attack, and articles to match. */
static void add_hostile(struct store *st, struct site *s)
{
    struct source src = {
        .name = "</title>" HOSTILE_SCRIPT,
        .feed_url = "https://hostile.example/feed?a=1&b=<2>",
        .site_url = "javascript:alert(1)",
        .kind = "news",
        .owner = "<svg onload=alert(1)>",
        .stance = "\"><img src=x onerror=alert(1)>",
        .lang = "en",
        .enabled = true,
    };
    struct errbuf eb = {{0}};
    assert_int_equal(store_source_add(st, &src, &s->hostile_source, &eb), ERR_OK);
    static const char *const titles[] = {
        "</title>" HOSTILE_SCRIPT,
        "<img src=x onerror=\"document.body.appendChild(document.createElement('x-'+'pwned'))\">",
        "<svg onload=alert(1)><a href=javascript:alert(1)>svg</a></svg>",
        "\"onmouseover=\"alert(1)\" x=\" and a broken byte \xff and a control \x01",
    };
    static const char *const links[] = {
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://hostile.example/a?x=\"><script>alert(1)</script>",
    };
    for (int i = 0; i < 4; i++) {
        char *url = xasprintf("https://hostile.example/%d", i);
        struct article a = {.source_id = s->hostile_source,
                            .url = url,
                            .link = (char *)links[i],
                            .title = (char *)titles[i],
                            .summary = (char *)titles[(i + 1) % 4],
                            .authors = "[\"<b>Eve</b>\"]",
                            .published_at = 1711300000 + i,
                            .fetched_at = 1711300000,
                            .content_hash = url};
        put_article(st, &a);
        free(url);
    }
}

/* A source whose feed keeps failing, for the feed-health box. */
static void add_failing(struct store *st, struct site *s)
{
    struct source src = {.name = "Failing Feed",
                         .feed_url = "https://failing.example/rss",
                         .kind = "analysis",
                         .owner = "Nobody AB",
                         .stance = "oberoende",
                         .lang = "sv",
                         .country = "SE",
                         .enabled = true};
    struct errbuf eb = {{0}};
    assert_int_equal(store_source_add(st, &src, &s->failing_source, &eb), ERR_OK);
    struct fetch_state fs;
    assert_int_equal(store_fetch_state_get(st, s->failing_source, &fs, &eb), ERR_OK);
    fs.last_fetch_at = 1711190000;
    fs.last_success_at = 1711100000;
    fs.last_status = 503;
    fs.last_error = xstrdup("HTTP 503 <Service Unavailable>");
    fs.consecutive_failures = 4;
    fs.items_seen = 12;
    assert_int_equal(store_fetch_state_put(st, &fs, &eb), ERR_OK);
    fetch_state_clear(&fs);
}

/* ---- stories: our own sample text, composed and published as roundups ---- */

static const char BRIDGE_WIRE[] =
    "Ölandsbron stängdes för all trafik på tisdagen sedan drivis börjat pressa mot brons pelare. "
    "Trafikverket bedömer att bron kan vara stängd i minst tre dagar. "
    "”Vi öppnar inte förrän dykarna har undersökt varje pelare”, säger driftchefen Maria "
    "Sandberg. "
    "Extra färjor sätts in mellan Kalmar och Färjestaden från onsdag morgon.";
static const char BRIDGE_ANALYSIS[] =
    "Ölandsbron byggdes på sextiotalet för helt andra isvintrar än dagens. "
    "Ingenjörer har i flera år varnat för att skyddet runt pelarna är för svagt mot drivis. "
    "Ett förstärkningsprogram har skjutits upp två gånger av budgetskäl. "
    "Nu måste regeringen avgöra vem som ska betala för arbetet.";
static const char BRIDGE_ENGLISH[] =
    "Sweden closed the bridge to the island of Öland on Tuesday after drifting ice pressed "
    "against its pillars. "
    "Extra ferries will carry commuters between Kalmar and Färjestaden from Wednesday, the "
    "transport agency said. "
    "The bridge is the only road link between the island and the mainland.";
static const char BRIDGE_FINLAND[] =
    "Även finländska turister drabbas när Ölandsbron hålls stängd under påskveckan. "
    "Researrangörer i Helsingfors har börjat boka om sina resenärer till färjorna från Kalmar. "
    "Flera bussresor till ön har redan ställts in helt.";
/* Story 3, added while the site runs: the bridge opens again. */
static const char BRIDGE_REOPEN_A[] =
    "Ölandsbron öppnades för trafik igen på fredagen efter tre dagars avstängning. "
    "Dykarna hittade inga allvarliga skador på någon av brons pelare. "
    "Trafikverket sänker hastigheten till femtio kilometer i timmen under helgen.";
static const char BRIDGE_REOPEN_B[] =
    "Pendlarna mellan Kalmar och Öland kan åter köra över Ölandsbron sedan isen släppt. "
    "De extra färjorna mellan Kalmar och Färjestaden slutar gå på lördag. "
    "Kommunen räknar med att köerna över sundet är borta till måndag morgon.";
/* The composer leaves out the sentence with markup; the hostile outlet's name
 * and byline reach the page in the attribution. */
static const char FIRE_A[] =
    "The harbour fire in Dover burned for six hours before crews could reach the warehouse. "
    "Officials said the <script>alert(1)</script> warehouse held paint and solvents for ships. "
    "Nobody was hurt, according to the harbour authority.";
static const char FIRE_B[] =
    "Crews from three towns fought the harbour fire in Dover through the night. "
    "Residents near the port were told to keep their windows shut until morning. "
    "The cause of the fire is not yet known to the police.";

static int64_t story_source(struct store *st, const char *name, const char *country,
                            const char *lang, const char *kind, const char *owner)
{
    char *feed = xasprintf("https://%s.example/feed", name);
    struct source src = {.name = (char *)name,
                         .feed_url = feed,
                         .country = (char *)country,
                         .lang = (char *)lang,
                         .kind = (char *)kind,
                         .owner = (char *)owner,
                         .enabled = true};
    int64_t id = test_add_source(st, &src);
    free(feed);
    return id;
}

static int64_t story_article(struct store *st, struct text_ctx *ctx, int64_t source,
                             const char *url, const char *title, const char *authors,
                             const char *body, int64_t published, bool image)
{
    struct article a = {.source_id = source,
                        .url = (char *)url,
                        .link = (char *)url,
                        .title = (char *)title,
                        .authors = (char *)authors,
                        .body = (char *)body,
                        .body_hash = (char *)url,
                        .content_hash = (char *)url,
                        .published_at = published,
                        .fetched_at = published};
    if (image && source) {
        a.image_url = STORY_IMAGES "bron.jpg";
        a.image_caption = "Drivis vid Ölandsbrons pelare på tisdagen";
        a.image_credit = "Lina Berg / TT";
    }
    int64_t id;
    bool inserted;
    struct errbuf eb = {{0}};
    assert_int_equal(store_article_put(st, &a, &id, &inserted, &eb), ERR_OK);
    assert_int_equal(text_stage_article(ctx, st, id, &eb), ERR_OK);
    return id;
}

/* A KB entity with its text in each of texts[0..n). */
static int64_t kb_entity(struct store *st, const char *qid, struct kb_text *texts, size_t n)
{
    struct kb_entity e = {.qid = (char *)qid, .popularity = 12, .texts = texts, .n_texts = n};
    int64_t id;
    struct errbuf eb = {{0}};
    assert_int_equal(store_kb_entity_put(st, &e, &id, &eb), ERR_OK);
    return id;
}

/* What the pipeline records of an article of story story_id: its member row
 * and, when its title or body names surface, the linker's mention of entity. */
static void story_member(struct store *st, int64_t article, int64_t story_id, int64_t entity,
                         const char *surface)
{
    struct errbuf eb = {{0}};
    assert_int_equal(store_story_assign(st, article, story_id, 0.9, 0, NULL, NULL, 1711510000, &eb),
                     ERR_OK);
    struct article a;
    assert_int_equal(store_article_get(st, article, &a, &eb), ERR_OK);
    const char *in_title = a.title ? strstr(a.title, surface) : NULL;
    const char *in_body = a.body ? strstr(a.body, surface) : NULL;
    struct kb_mention_row m = {
        .field = in_title ? KB_FIELD_TITLE : KB_FIELD_CONTENT,
        .start = in_title  ? in_title - a.title
                 : in_body ? in_body - a.body
                           : 0,
        .entity_id = entity,
        .surface = (char *)surface,
        .score = 0.8,
    };
    m.end = m.start + (int64_t)strlen(surface);
    if (in_title || in_body)
        assert_int_equal(store_kb_mentions_put(st, article, &m, 1, &eb), ERR_OK);
    article_clear(&a);
}

static void publish(struct store *st, struct text_ctx *ctx, const char *key, const int64_t *ids,
                    size_t n, enum lang reader, const struct compose_background *bg,
                    int want_version)
{
    struct compose_input in = {.article_ids = ids, .n = n, .reader = reader, .background = bg};
    struct roundup r;
    struct errbuf eb = {{0}};
    enum err err = compose_story(text_ctx_lang(ctx), st, &in, &r, &eb);
    if (err)
        fail_msg("compose %s: %s", key, err_msg(&eb, err));
    int version = 0;
    assert_int_equal(compose_publish(st, key, &r, &version, &eb), ERR_OK);
    assert_int_equal(version, want_version);
    roundup_clear(&r);
}

/* Story 1, the Öland bridge: Swedish version 1 from three articles, then two
 * more sources (version 2) and the English version; story 2, a harbour fire
 * from the hostile outlet alone, composed last. */
static void add_stories(struct store *st, struct site *s)
{
    struct text_ctx *ctx = NULL;
    struct errbuf eb = {{0}};
    assert_int_equal(text_ctx_new(&ctx, &eb), ERR_OK);
    int64_t tt = story_source(st, "TT", "SE", "sv", "wire", "TT");
    int64_t ab = story_source(st, "Aftonbladet", "SE", "sv", "news", "Schibsted");
    int64_t dn = story_source(st, "DN", "SE", "sv", "analysis", "Bonnier");
    int64_t local = story_source(st, "The Local", "SE", "en", "news", "The Local Europe");
    int64_t hbl = story_source(st, "HBL", "FI", "sv", "news", "KSF Media");
    s->bridge[0] =
        story_article(st, ctx, tt, "https://tt.example/bron", "Drivis stänger Ölandsbron",
                      "[\"TT\"]", BRIDGE_WIRE, 1711500000, true);
    s->bridge[1] =
        story_article(st, ctx, ab, "https://ab.example/bron", "Drivis stänger Ölandsbron",
                      "[\"TT\"]", BRIDGE_WIRE, 1711500300, false);
    s->bridge[2] =
        story_article(st, ctx, dn, "https://dn.example/bron", "Därför är bron så sårbar för isen",
                      "[\"Per Holm\"]", BRIDGE_ANALYSIS, 1711501000, false);
    s->bridge[3] =
        story_article(st, ctx, local, "https://thelocal.example/bridge", "Ice shuts Öland bridge",
                      "[\"Kim Lee\"]", BRIDGE_ENGLISH, 1711502000, false);
    s->bridge[4] =
        story_article(st, ctx, hbl, "https://hbl.example/oland", "Turister drabbas av stängd bro",
                      "[\"Anna Lind\"]", BRIDGE_FINLAND, 1711503000, false);
    struct kb_text bridge_texts[] = {
        {.lang = "sv",
         .title = "Ölandsbron",
         .page = "Ölandsbron",
         .description = "bro mellan Kalmar och Öland",
         .extract = "Ölandsbron är en bro över Kalmarsund mellan Kalmar och Färjestaden på Öland. "
                    "Den invigdes 1972.",
         .url = "https://sv.wikipedia.org/wiki/%C3%96landsbron",
         .licence = "CC BY-SA 4.0",
         .dump_date = 1709251200},
        {.lang = "en",
         .title = "Öland Bridge",
         .page = "Öland Bridge",
         .description = "road bridge in Sweden",
         .extract = "The Öland Bridge is a road bridge connecting Kalmar on the mainland with "
                    "Färjestaden on the island of Öland.",
         .url = "https://en.wikipedia.org/wiki/%C3%96land_Bridge",
         .licence = "CC BY-SA 4.0"},
    };
    s->bridge_topic = kb_entity(st, "Q1047455", bridge_texts, 2);
    struct kb_text dover_text = {
        .lang = "en",
        .title = "Dover",
        .page = "Dover",
        .description = "town in Kent, England",
        .extract = "Dover is a town and major ferry port in Kent, in South East England.",
        .url = "https://en.wikipedia.org/wiki/Dover"};
    s->dover_topic = kb_entity(st, "Q179224", &dover_text, 1);
    for (int i = 0; i < 5; i++)
        story_member(st, s->bridge[i], 1, s->bridge_topic, "Ölandsbron");
    const struct compose_background bg = {
        .entity_id = s->bridge_topic,
        .title = "Ölandsbron",
        .extract = "Ölandsbron är en bro över Kalmarsund mellan Kalmar och Färjestaden på Öland. "
                   "Den invigdes 1972.",
        .wiki_lang = "sv",
        .url = "https://sv.wikipedia.org/wiki/%C3%96landsbron",
        .licence = "CC BY-SA 4.0",
        .dump_date = "2024-03-01",
    };
    publish(st, ctx, "story:1", s->bridge, 3, LANG_SV, &bg, 1);
    publish(st, ctx, "story:1", s->bridge, 5, LANG_SV, &bg, 2);
    publish(st, ctx, "story:1", s->bridge, 5, LANG_EN, &bg, 1);
    s->fire[0] = story_article(st, ctx, s->hostile_source, "https://hostile.example/fire?a=\"><b>",
                               "</title><script>alert(1)</script> Harbour fire in Dover",
                               "[\"<b>Eve</b>\"]", FIRE_A, 1711504000, false);
    s->fire[1] = story_article(st, ctx, s->hostile_source, "https://hostile.example/fire2",
                               "</title><script>alert(1)</script> Harbour fire in Dover",
                               "[\"<b>Eve</b>\"]", FIRE_B, 1711504100, false);
    for (int i = 0; i < 2; i++)
        story_member(st, s->fire[i], 2, s->dover_topic, "Dover");
    publish(st, ctx, "story:2", s->fire, 2, LANG_EN, NULL, 1);
    text_ctx_free(ctx);
}

/* ---- processes ---- */

/* Runs argv with stdout to out_path (NULL: /dev/null), stderr to /dev/null;
 * returns the exit status, or -1 when it could not start or died by a signal. */
static int run(char *const argv[], const char *out_path)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null",
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc)
        return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void start_server(struct site *s)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    const char *bin = getenv("OMNIBUS_BIN");
    assert_non_null(bin);
    /* No rate limit: this suite asks the API far faster than a reader;
     * e2e/test_web_probes checks the limit. */
    char *argv[] = {(char *)bin, "--db", s->dsn,     "serve",  "--listen", "127.0.0.1:0",
                    "--threads", "2",    "--limits", "rate=0", NULL};
    assert_int_equal(posix_spawn(&s->pid, bin, &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    FILE *out = fdopen(fds[0], "r");
    char line[512];
    if (!fgets(line, sizeof line, out))
        fail_msg("omnibus serve printed nothing (did it start?)");
    fclose(out);
    const char *p = strstr(line, "http://127.0.0.1:");
    if (!p)
        fail_msg("unexpected first line from serve: %s", line);
    s->port = atoi(p + strlen("http://127.0.0.1:"));
    assert_true(s->port > 0);
    snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
}

static int setup(void **state)
{
    struct site *s = xcalloc(1, sizeof *s);
    unsetenv("OMNIBUS_LANG");
    s->tmp = test_tmpdir();
    s->dsn = test_sqlite_dsn("web");
    const char *tmp_root = getenv("OMNIBUS_TEST_TMP");
    s->artifacts = xasprintf("%s/../test-artifacts/web", tmp_root ? tmp_root : "/tmp");
    char *mk = xasprintf("%s/../test-artifacts", tmp_root ? tmp_root : "/tmp");
    mkdir(mk, 0755);
    mkdir(s->artifacts, 0755);
    free(mk);
    struct store *st = test_store_open(s->dsn);
    import_default_sources(st);
    assert_true(import_ecb_articles(st, s) >= 100);
    add_hostile(st, s);
    add_failing(st, s);
    add_stories(st, s);
    struct errbuf ceb = {{0}};
    assert_int_equal(store_article_count(st, 0, &s->articles, &ceb), ERR_OK);
    struct errbuf eb = {{0}};
    assert_int_equal(auth_token_create(st, "e2e", s->token, &eb), ERR_OK);
    store_close(st);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    start_server(s);
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    struct site *s = *state;
    if (!s) /* the setup failed and said why */
        return -1;
    int status = 0;
    kill(s->pid, SIGTERM);
    waitpid(s->pid, &status, 0);
    curl_global_cleanup();
    bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    free(s->dsn);
    free(s->tmp);
    free(s->artifacts);
    free(s);
    /* A graceful stop exits 0: no crash, and under ASan no leak. */
    if (!clean)
        fprintf(stderr, "omnibus serve did not stop cleanly (status %d)\n", status);
    return clean ? 0 : -1;
}

/* ---- HTTP ---- */

struct reply {
    long status;
    struct buf head;
    struct buf body;
    long connects;
    long local_port;
};

static size_t gather(char *p, size_t size, size_t n, void *userdata)
{
    return buf_append(userdata, p, size * n) ? 0 : size * n;
}

static void reply_clear(struct reply *r)
{
    buf_clear(&r->head);
    buf_clear(&r->body);
}

/* One request on handle c (reused: keep-alive). extra is a NULL-terminated
 * list of header lines; body may be NULL. */
static void request_on(CURL *c, const struct site *s, const char *method, const char *path,
                       const char *const *extra, const char *body, struct reply *r)
{
    memset(r, 0, sizeof *r);
    buf_init(&r->head, 1 << 20);
    buf_init(&r->body, 64u << 20);
    char *url = xasprintf("%s%s", s->base, path);
    struct curl_slist *hl = NULL;
    for (size_t i = 0; extra && extra[i]; i++)
        hl = curl_slist_append(hl, extra[i]);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_NOBODY, (long)!strcmp(method, "HEAD"));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    if (!body)
        curl_easy_setopt(c, CURLOPT_HTTPGET, (long)!strcmp(method, "GET"));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, gather);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, gather);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r->head);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    CURLcode rc = curl_easy_perform(c);
    if (rc)
        fail_msg("%s %s: %s", method, path, curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &r->connects);
    curl_easy_getinfo(c, CURLINFO_LOCAL_PORT, &r->local_port);
    curl_slist_free_all(hl);
    free(url);
}

static void request(const struct site *s, const char *method, const char *path,
                    const char *const *extra, const char *body, struct reply *r)
{
    CURL *c = curl_easy_init();
    request_on(c, s, method, path, extra, body, r);
    curl_easy_cleanup(c);
}

/* A GET of path with extra (an If-None-Match) after another process wrote to
 * the store: the server trusts the site generation it read for 10 ms, so this
 * asks again while the answer is 304, for at most a second. */
static void request_after_write(const struct site *s, const char *path, const char *const *extra,
                                struct reply *r)
{
    for (int tries = 0;; tries++) {
        request(s, "GET", path, extra, NULL, r);
        if (r->status != 304 || tries == 200)
            return;
        reply_clear(r);
        usleep(5000);
    }
}

/* The value of header name in r (a new string), or NULL. */
static char *header(const struct reply *r, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = buf_cstr(&r->head); p && *p;) {
        const char *eol = strstr(p, "\r\n");
        if (!eol)
            break;
        if (!strncasecmp(p, name, n) && p[n] == ':') {
            const char *v = p + n + 1;
            while (*v == ' ')
                v++;
            return xstrndup(v, (size_t)(eol - v));
        }
        p = eol + 2;
    }
    return NULL;
}

static void expect_header(const struct reply *r, const char *name, const char *want,
                          const char *what)
{
    char *v = header(r, name);
    if (!v || strcmp(v, want))
        fail_msg("%s: header %s is \"%s\", expected \"%s\"", what, name, v ? v : "(none)", want);
    free(v);
}

static void expect_security_headers(const struct reply *r, const char *what)
{
    expect_header(r, "Content-Security-Policy", CSP, what);
    expect_header(r, "X-Content-Type-Options", "nosniff", what);
    expect_header(r, "X-Frame-Options", "DENY", what);
    expect_header(r, "Referrer-Policy", "strict-origin-when-cross-origin", what);
}

static void expect_status(const struct site *s, const char *method, const char *path, long want,
                          const char *type_prefix)
{
    struct reply r;
    request(s, method, path, NULL, NULL, &r);
    if (r.status != want)
        fail_msg("%s %s: status %ld, expected %ld", method, path, r.status, want);
    expect_security_headers(&r, path);
    char *type = header(&r, "Content-Type");
    if (type_prefix && (!type || strncmp(type, type_prefix, strlen(type_prefix))))
        fail_msg("%s %s: Content-Type %s, expected %s...", method, path, type ? type : "(none)",
                 type_prefix);
    free(type);
    reply_clear(&r);
}

/* ---- tests ---- */

static void statuses_and_headers(void **state)
{
    struct site *s = *state;
    char path[64];
    expect_status(s, "GET", "/", 200, "text/html; charset=utf-8");
    expect_status(s, "HEAD", "/", 200, "text/html");
    expect_status(s, "GET", "/about", 200, "text/html");
    snprintf(path, sizeof path, "/source/%lld", (long long)s->failing_source);
    expect_status(s, "GET", path, 200, "text/html");
    expect_status(s, "GET", "/feed.atom", 200, "application/atom+xml");
    expect_status(s, "GET", "/feed.json", 200, "application/feed+json");
    expect_status(s, "GET", "/static/site.css", 200, "text/css");
    expect_status(s, "GET", "/healthz", 200, "text/plain");
    expect_status(s, "GET", "/metrics", 200, "text/plain; version=0.0.4");
    expect_status(s, "GET", "/api/sources", 200, "application/json");
    expect_status(s, "GET", "/nowhere", 404, "text/html");
    expect_status(s, "GET", "/source/999999", 404, "text/html");
    expect_status(s, "GET", "/source/abc", 404, "text/html");
    expect_status(s, "GET", "/about/", 404, "text/html");
    expect_status(s, "GET", "/api/nowhere", 404, "application/json");
    expect_status(s, "POST", "/", 405, "text/html");
    expect_status(s, "DELETE", "/about", 405, "text/html");
    expect_status(s, "GET", "/source/%zz", 400, "text/html");

    struct reply r;
    request(s, "PUT", "/api/sources", NULL, NULL, &r);
    assert_int_equal(r.status, 405);
    expect_header(&r, "Allow", "GET, HEAD, POST", "405 Allow");
    reply_clear(&r);

    /* The source page shows the outlet's metadata and its feed health. */
    snprintf(path, sizeof path, "/source/%lld?lang=en", (long long)s->failing_source);
    request(s, "GET", path, NULL, NULL, &r);
    const char *body = buf_cstr(&r.body);
    assert_non_null(strstr(body, "<h1>Failing Feed</h1>"));
    assert_non_null(strstr(body, "Nobody AB"));
    assert_non_null(strstr(body, "oberoende"));
    /* Its state in words; the fetcher's message (which may name addresses
     * and ports) is only for the CLI and the admin API. */
    assert_non_null(strstr(body, "<p class=\"status failing\">Not reachable since <time"));
    assert_null(strstr(body, "Service Unavailable"));
    assert_non_null(strstr(body, "<dt>Failures in a row</dt><dd>4</dd>"));
    assert_non_null(strstr(body, "2024-03-22 09:33 UTC")); /* last success 1711100000 */
    reply_clear(&r);

    /* The about page lists every source with its declared stance. */
    request(s, "GET", "/about", NULL, NULL, &r);
    body = buf_cstr(&r.body);
    assert_non_null(strstr(body, "SVT Nyheter"));
    assert_non_null(strstr(body, "opartisk public service"));
    assert_non_null(strstr(body, "Källorna"));
    reply_clear(&r);
}

static void front_page_lists_articles_by_source(void **state)
{
    struct site *s = *state;
    struct reply r;
    request(s, "GET", "/", NULL, NULL, &r);
    const char *body = buf_cstr(&r.body);
    assert_non_null(strstr(body, "<h2 class=\"section\">Senaste nytt</h2>"));
    /* The newest articles lead: the hostile source was written last. */
    const char *hostile = strstr(body, "&lt;/title&gt;&lt;script&gt;");
    assert_non_null(hostile);
    /* A section per source, linking to the source page. */
    size_t sections = 0;
    for (const char *p = body; (p = strstr(p, "<section class=\"group\">")); p++)
        sections++;
    assert_true(sections >= 10);
    reply_clear(&r);
}

/* Parses html as a browser would (libxml2's HTML parser) and fails when any
 * element is a script, an image or SVG, any attribute is an event handler, or
 * any link is javascript: or data:. */
static void expect_no_active_content(const char *html, const char *what)
{
    htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), "page.html", "utf-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING);
    assert_non_null(doc);
    size_t elements = 0;
    for (xmlNodePtr n = xmlDocGetRootElement(doc); n;) {
        if (n->type == XML_ELEMENT_NODE) {
            elements++;
            const char *name = (const char *)n->name;
            /* A story's credited image (stored by this test) is the one image. */
            xmlChar *src = xmlGetProp(n, (const xmlChar *)"src");
            bool story_img = !strcasecmp(name, "img") && src &&
                             !strncmp((const char *)src, STORY_IMAGES, strlen(STORY_IMAGES));
            xmlFree(src);
            if (!strcasecmp(name, "script") || (!strcasecmp(name, "img") && !story_img) ||
                !strcasecmp(name, "svg") || !strcasecmp(name, "iframe") ||
                !strcasecmp(name, "object"))
                fail_msg("%s: a <%s> element", what, name);
            for (xmlAttrPtr a = n->properties; a; a = a->next) {
                xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
                const char *an = (const char *)a->name;
                if (!strncasecmp(an, "on", 2))
                    fail_msg("%s: an event handler %s on <%s>", what, an, name);
                if ((!strcasecmp(an, "href") || !strcasecmp(an, "src")) && v &&
                    (strncasecmp((const char *)v, "http", 4) && v[0] != '/' && v[0] != '#'))
                    fail_msg("%s: a link to %s", what, (const char *)v);
                xmlFree(v);
            }
        }
        /* Iterative pre-order walk. */
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next)
            n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
        if (n)
            n = n->next;
    }
    assert_true(elements > 20);
    xmlFreeDoc(doc);
}

/* ---- stories ---- */

static void expect_in(const char *body, const char *want, const char *what)
{
    if (!strstr(body, want))
        fail_msg("%s: missing %s", what, want);
}

static void story_page(void **state)
{
    struct site *s = *state;
    struct reply r;
    request(s, "GET", "/story/1-drivis-stanger-olandsbron", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    expect_security_headers(&r, "story");
    const char *b = buf_cstr(&r.body);
    expect_no_active_content(b, "story");
    expect_in(b, "<a href=\"/\">Hem</a></nav>", "breadcrumb");
    expect_in(b, "<h1>Drivis stänger Ölandsbron</h1>", "headline");
    expect_in(b, "<img src=\"" STORY_IMAGES "bron.jpg\"", "image");
    expect_in(b,
              "<figcaption>Drivis vid Ölandsbrons pelare på tisdagen. (Lina Berg / TT)"
              "</figcaption>",
              "caption and credit");
    /* Attributed paragraphs: sentences link to their articles, the wire
     * text is credited to TT with the copy noted; the English one is marked. */
    expect_in(b, "<p class=\"lead\">", "lead");
    expect_in(b, "<a href=\"https://tt.example/bron\">", "link to TT");
    expect_in(b, "<a href=\"https://dn.example/bron\">", "link to DN");
    expect_in(b, "skriver Per Holm för DN.", "attribution");
    expect_in(b, "(även publicerad av Aftonbladet)", "copy note");
    expect_in(b, "<a href=\"https://thelocal.example/bridge\" lang=\"en\" hreflang=\"en\">",
              "foreign sentence");
    expect_in(b, "(på engelska)", "language mark");
    expect_in(b, "<blockquote class=\"pull\" cite=\"https://tt.example/bron\">", "pull quote");
    expect_in(b, "säger Maria Sandberg (TT).", "quote speaker");
    /* Read more: every member, the copy under its original. */
    expect_in(b, "<h2>Läs mer</h2>", "read more");
    const char *orig = strstr(b, "<span class=\"outlet\">TT</span>");
    const char *copies = strstr(b, "<ul class=\"copies\">\n<li><span class=\"outlet\">Aftonbladet");
    assert_non_null(orig);
    assert_non_null(copies);
    assert_true(copies > orig);
    expect_in(b, "<span class=\"outlet\">HBL</span>", "read more HBL");
    /* Background box with label, link, licence and dump date. */
    expect_in(b, "<p class=\"kicker\">Bakgrund</p>\n<h2>Ölandsbron</h2>", "background");
    expect_in(b, "Wikipedia (sv)", "wikipedia label");
    expect_in(b, "href=\"https://sv.wikipedia.org/wiki/%C3%96landsbron\"", "wikipedia link");
    expect_in(b, "Licens: CC BY-SA 4.0 · Wikipedia-dump från 2024-03-01", "licence");
    /* Balance: 5 articles, 5 outlets, 4 newsrooms (Aftonbladet ran TT). */
    expect_in(b, "5 artiklar · 5 medier · <strong>4 oberoende redaktioner</strong>", "balance");
    expect_in(b, "<dt>Land</dt><dd>", "by country");
    expect_in(b, "FI 1", "Finland counted");
    expect_in(b, "<dt>Uppgiven hållning</dt><dd>uppgift saknas 5</dd>", "no stances declared");
    expect_in(b, "Nyhetsbyrå 1", "kind in Swedish");
    /* History: version 2 added two sources, version 1 first. */
    const char *v2 = strstr(b, "<li>Uppdaterad <time");
    const char *v1 = strstr(b, "<li>Publicerad <time");
    assert_non_null(v2);
    assert_non_null(v1);
    assert_true(v2 < v1);
    expect_in(v2, ": 2 källor till</li>", "change note");
    expect_in(b, "omnibus är politiskt obundet och oberoende", "independence");
    expect_in(b, "Varje mening ovan är en mening ur en källartikel", "method");
    reply_clear(&r);

    /* English reader: the English version; Swedish sentences marked. */
    const char *en[] = {"Accept-Language: en-GB,en;q=0.9", NULL};
    request(s, "GET", "/story/1", en, NULL, &r);
    b = buf_cstr(&r.body);
    expect_in(b, "<a href=\"/\">Home</a>", "en crumb");
    expect_in(b, "<h1>Ice shuts Öland bridge</h1>", "en headline");
    expect_in(b, "(in Swedish)", "en language mark");
    expect_in(b, "<h2>Read more</h2>", "en read more");
    expect_in(b, "independent newsrooms", "en balance");
    assert_null(strstr(b, "Updated"));
    reply_clear(&r);
    /* Story 2 exists only in English: a Swedish reader gets it with a note. */
    request(s, "GET", "/story/2?lang=sv", NULL, NULL, &r);
    b = buf_cstr(&r.body);
    assert_int_equal(r.status, 200);
    expect_in(b, "Sammanställningen finns inte på svenska än", "fallback note");
    expect_in(b, "<article class=\"story\" lang=\"en\">", "fallback lang");
    reply_clear(&r);
    expect_status(s, "GET", "/story/99", 404, "text/html");
    expect_status(s, "GET", "/story/99/feed.atom", 404, "text/html");
    expect_status(s, "GET", "/story/99-any-slug", 404, "text/html");

    /* Any other slug is sent to the story's one address, keeping ?lang=; the
     * slug is the headline's in the reader's language. */
    struct {
        const char *path, *const *extra, *location;
    } moved[] = {
        {"/story/1-any-slug", NULL, "/story/1-drivis-stanger-olandsbron"},
        {"/story/1-drivis-stanger-olandsbron-x?utm=1", NULL, "/story/1-drivis-stanger-olandsbron"},
        {"/story/1-x?lang=sv", NULL, "/story/1-drivis-stanger-olandsbron?lang=sv"},
        {"/story/1-drivis-stanger-olandsbron?lang=en", NULL,
         "/story/1-ice-shuts-oland-bridge?lang=en"},
        {"/story/1-x", en, "/story/1-ice-shuts-oland-bridge"},
    };
    for (size_t i = 0; i < sizeof moved / sizeof moved[0]; i++) {
        request(s, "GET", moved[i].path, moved[i].extra, NULL, &r);
        if (r.status != 301)
            fail_msg("%s: %ld, expected 301", moved[i].path, r.status);
        expect_header(&r, "Location", moved[i].location, moved[i].path);
        expect_security_headers(&r, moved[i].path);
        reply_clear(&r);
    }
    request(s, "GET", "/story/1-ice-shuts-oland-bridge?lang=en", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    reply_clear(&r);
}

static void hostile_story_is_escaped(void **state)
{
    struct site *s = *state;
    const char *pages[] = {"/story/2", "/story/2?lang=sv", "/?lang=en"};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        struct reply r;
        request(s, "GET", pages[i], NULL, NULL, &r);
        const char *b = buf_cstr(&r.body);
        expect_no_active_content(b, pages[i]);
        assert_null(strcasestr(b, "<script"));
        expect_in(b, "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; Harbour fire", pages[i]);
        reply_clear(&r);
    }
    struct reply r;
    request(s, "GET", "/story/2", NULL, NULL, &r);
    const char *b = buf_cstr(&r.body);
    /* "<b>Eve</b>" is no person's name: compose credits the (hostile) outlet. */
    assert_true(strstr(b, "writes &lt;/title&gt;&lt;script&gt;") ||
                strstr(b, "&lt;/script&gt; reports"));
    assert_null(strstr(b, "Eve&lt;/b&gt;"));
    expect_in(b, "href=\"https://hostile.example/fire?a=&quot;&gt;&lt;b&gt;\"", "hostile url");
    reply_clear(&r);
}

static void home_ranks_stories(void **state)
{
    struct site *s = *state;
    struct reply r;
    request(s, "GET", "/", NULL, NULL, &r);
    const char *b = buf_cstr(&r.body);
    expect_in(b, "<h1>Aktuella nyheter</h1>", "stories heading");
    /* Four newsrooms outrank one, though the fire was composed later. */
    const char *bridge = strstr(b, "<a href=\"/story/1-drivis-stanger-olandsbron\">");
    const char *fire =
        strstr(b, "<a href=\"/story/2-title-script-alert-1-script-harbour-fire-in-dover\">");
    assert_non_null(bridge);
    assert_non_null(fire);
    assert_true(bridge < fire);
    expect_in(bridge, "<strong>4 oberoende redaktioner</strong>", "newsroom count");
    expect_in(b, "<figcaption class=\"credit\">Lina Berg / TT</figcaption>", "card credit");
    expect_in(b, "<span class=\"k-wire\"></span>", "balance bar");
    /* The articles by source stay below the stories. */
    const char *articles = strstr(b, "<h2 class=\"section\">Senaste nytt</h2>");
    assert_non_null(articles);
    assert_true(articles > fire);
    assert_non_null(strstr(articles, "<section class=\"group\">"));
    reply_clear(&r);
}

/* Parses a feed with our own parser and libxml2/jansson, returning it. */
static void parse_feed(const struct site *s, const char *path, const char *type, struct feed *f)
{
    struct reply r;
    request(s, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    if (!strcmp(type, "atom")) {
        xmlDocPtr doc =
            xmlReadMemory(r.body.data, (int)r.body.len, "feed.atom", NULL, XML_PARSE_NONET);
        assert_non_null(doc);
        xmlFreeDoc(doc);
    } else {
        json_t *j = json_loadb(r.body.data, r.body.len, 0, NULL);
        assert_non_null(j);
        json_decref(j);
    }
    char *self = xasprintf("%s%s", s->base, path);
    struct errbuf eb = {{0}};
    enum err err = feed_parse(r.body.data, r.body.len, self, NULL, f, &eb);
    if (err)
        fail_msg("feed_parse %s: %s", path, err_msg(&eb, err));
    assert_false(f->ill_formed);
    free(self);
    reply_clear(&r);
}

static void story_feeds_and_api(void **state)
{
    struct site *s = *state;
    const char *kinds[] = {"atom", "json"};
    for (int k = 0; k < 2; k++) {
        struct feed f;
        char *path = xasprintf("/story/1/feed.%s", kinds[k]);
        parse_feed(s, path, kinds[k], &f);
        assert_int_equal(f.format, k ? FEED_JSON11 : FEED_ATOM10);
        assert_string_equal(f.title, "Drivis stänger Ölandsbron – omnibus");
        assert_int_equal(f.n_items, 2); /* the two Swedish versions */
        char *link = xasprintf("%s/story/1-drivis-stanger-olandsbron", s->base);
        assert_string_equal(f.items[0].link, link);
        assert_string_equal(f.items[0].title, "Drivis stänger Ölandsbron");
        assert_non_null(strstr(f.items[0].summary, "2 källor till"));
        assert_true(f.items[0].updated > 0);
        free(link);
        feed_clear(&f);
        free(path);

        /* The front feeds list the stories, best first. */
        path = xasprintf("/feed.%s?lang=en", kinds[k]);
        parse_feed(s, path, kinds[k], &f);
        assert_int_equal(f.n_items, 2);
        assert_string_equal(f.items[0].title, "Ice shuts Öland bridge");
        assert_string_equal(f.items[1].title,
                            "</title><script>alert(1)</script> Harbour fire in Dover");
        link = xasprintf("%s/story/1", s->base);
        assert_string_equal(f.items[0].id, link);
        free(link);
        feed_clear(&f);
        free(path);
    }

    struct reply r;
    request(s, "GET", "/api/stories", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    json_t *j = json_loadb(r.body.data, r.body.len, 0, NULL);
    json_t *list = json_object_get(j, "stories");
    assert_int_equal(json_array_size(list), 2);
    json_t *first = json_array_get(list, 0);
    assert_int_equal(json_integer_value(json_object_get(first, "id")), 1);
    assert_int_equal(json_integer_value(json_object_get(first, "newsrooms")), 4);
    assert_int_equal(json_integer_value(json_object_get(first, "version")), 2);
    assert_string_equal(json_string_value(json_object_get(first, "lang")), "sv");
    json_decref(j);
    reply_clear(&r);

    request(s, "GET", "/api/stories/1?lang=sv", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    j = json_loadb(r.body.data, r.body.len, 0, NULL);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 1);
    assert_string_equal(json_string_value(json_object_get(j, "headline")),
                        "Drivis stänger Ölandsbron");
    json_t *versions = json_object_get(j, "versions");
    assert_int_equal(json_array_size(versions), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(versions, 0), "change")),
                        "+2 sources");
    json_t *lead = json_object_get(j, "lead");
    assert_int_equal(json_integer_value(json_object_get(lead, "article_id")), s->bridge[0]);
    assert_non_null(json_object_get(j, "background"));
    json_decref(j);
    reply_clear(&r);
    expect_status(s, "GET", "/api/stories/99", 404, "application/json");
}

static void search_page(void **state)
{
    struct site *s = *state;
    struct reply r;
    /* Stemmed: "pelare" finds the articles saying "pelarna" and "pelare". */
    request(s, "GET", "/search?q=pelare", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    const char *b = buf_cstr(&r.body);
    expect_in(b, "<a href=\"https://tt.example/bron\">Drivis stänger Ölandsbron</a>", "hit");
    expect_in(b, "<a href=\"https://dn.example/bron\">", "stemmed hit");
    expect_in(b, "<mark>", "marked match");
    /* A hit names its outlet and leads to its story's roundup. */
    const char *tt_hit = strstr(b, "<a href=\"https://tt.example/bron\">");
    const char *end = tt_hit ? strstr(tt_hit, "</li>") : NULL;
    assert_non_null(end);
    char *item = xstrndup(tt_hit, (size_t)(end - tt_hit));
    expect_in(item, "<p class=\"meta\">TT · ", "outlet of the hit");
    expect_in(item, "<a href=\"/story/1\">Alla perspektiv på nyheten</a>", "story of the hit");
    free(item);
    reply_clear(&r);
    /* Hostile query and hostile hits stay text. */
    request(s, "GET", "/search?q=%3C%2Fq%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E+harbour", NULL, NULL,
            &r);
    b = buf_cstr(&r.body);
    expect_no_active_content(b, "search");
    assert_null(strcasestr(b, "<script"));
    expect_in(b, "value=\"&lt;/q&gt;&lt;script&gt;alert(1)&lt;/script&gt; harbour\"", "query");
    reply_clear(&r);
    request(s, "GET", "/search?q=%2B%2B%2B", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    expect_in(buf_cstr(&r.body), "Skriv ett eller flera ord", "no words");
    reply_clear(&r);
    request(s, "GET", "/search?q=zzzqqqxxx&lang=en", NULL, NULL, &r);
    expect_in(buf_cstr(&r.body), "No matches.", "no matches");
    reply_clear(&r);
}

/* The page cache's misses so far (from /metrics). */
static long long cache_misses(const struct site *s)
{
    struct reply r;
    request(s, "GET", "/metrics", NULL, NULL, &r);
    const char *m = strstr(buf_cstr(&r.body), "\nomnibus_page_cache_misses_total ");
    assert_non_null(m);
    long long n = strtoll(m + strlen("\nomnibus_page_cache_misses_total "), NULL, 10);
    reply_clear(&r);
    return n;
}

/* Query parameters a page does not read neither change it nor make a cache
 * entry of their own; the ones it reads are keyed whatever their order. */
static void query_cache_keys(void **state)
{
    struct site *s = *state;
    struct reply r;
    request(s, "GET", "/", NULL, NULL, &r);
    reply_clear(&r);
    request(s, "GET", "/search?q=pelare&lang=en", NULL, NULL, &r);
    reply_clear(&r);
    long long misses = cache_misses(s);
    const char *same[] = {"/?a=1", "/?a=2&b=3", "/?utm_source=x", "/search?utm=1&q=pelare&lang=en",
                          "/search?lang=en&q=pelare&q=other"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        request(s, "GET", same[i], NULL, NULL, &r);
        assert_int_equal(r.status, 200);
        if (i < 3) /* the language switch does not carry what the page ignores */
            expect_in(buf_cstr(&r.body), "href=\"/?lang=en\"", same[i]);
        reply_clear(&r);
    }
    if (cache_misses(s) != misses)
        fail_msg("ignored parameters rendered the page again: %lld misses, expected %lld",
                 cache_misses(s), misses);
    /* What the route reads is still its own page. */
    request(s, "GET", "/search?q=zzzqqqxxx&lang=en", NULL, NULL, &r);
    expect_in(buf_cstr(&r.body), "No matches.", "another query");
    reply_clear(&r);
}

/* ---- topics ---- */

static char *topic_path(int64_t id, const char *rest)
{
    return xasprintf("/topic/%lld%s", (long long)id, rest);
}

/* The topic of story 1's background: its Wikipedia text in the reader's
 * language, the stories whose articles mention it (not story 2), a link from
 * the story's box, its feeds and its API; unknown ids are 404s. */
static void topic_page(void **state)
{
    struct site *s = *state;
    char *path = topic_path(s->bridge_topic, "");
    struct reply r;
    request(s, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    expect_security_headers(&r, "topic");
    expect_header(&r, "Content-Type", "text/html; charset=utf-8", "topic");
    const char *b = buf_cstr(&r.body);
    expect_no_active_content(b, "topic");
    expect_in(b, "<title>Ölandsbron · omnibus</title>", "topic title");
    expect_in(b, "<p class=\"kicker\">Ämne</p>\n<h1>Ölandsbron</h1>", "topic heading");
    expect_in(b, "<p class=\"meta\">bro mellan Kalmar och Öland</p>", "description");
    expect_in(b, "<p>Ölandsbron är en bro över Kalmarsund", "extract");
    expect_in(b,
              "— <a href=\"https://sv.wikipedia.org/wiki/%C3%96landsbron\">Wikipedia (sv)</a> · "
              "Licens: CC BY-SA 4.0 · Wikipedia-dump från 2024-03-01",
              "source line");
    expect_in(b, "<h2 class=\"section\">Nyheter som nämner ämnet</h2>", "stories heading");
    expect_in(b, "<a href=\"/story/1-drivis-stanger-olandsbron\">", "story 1 card");
    expect_in(b, "<strong>4 oberoende redaktioner</strong>", "card balance");
    assert_null(strstr(b, "/story/2"));
    char *feeds = xasprintf("<a href=\"%s/feed.atom\">Atom</a>", path);
    expect_in(b, feeds, "feed link");
    free(feeds);
    reply_clear(&r);

    /* English: the English text, the English roundup. */
    const char *en[] = {"Accept-Language: en", NULL};
    request(s, "GET", path, en, NULL, &r);
    b = buf_cstr(&r.body);
    expect_in(b, "<p class=\"kicker\">Topic</p>\n<h1>Öland Bridge</h1>", "en heading");
    expect_in(b, "road bridge in Sweden", "en description");
    expect_in(b, ">Wikipedia (en)</a>", "en source");
    expect_in(b, "<h2 class=\"section\">Stories that mention it</h2>", "en stories heading");
    expect_in(b, "Ice shuts Öland bridge", "en card");
    reply_clear(&r);

    /* The hostile story's topic: only it, escaped; a Swedish reader gets the
     * English text, marked as such. */
    char *dover = topic_path(s->dover_topic, "");
    request(s, "GET", dover, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    b = buf_cstr(&r.body);
    expect_no_active_content(b, "dover topic");
    assert_null(strcasestr(b, "<script"));
    expect_in(b, "<header class=\"background\" lang=\"en\">", "text language");
    expect_in(b, "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; Harbour fire", "card");
    assert_null(strstr(b, "/story/1"));
    reply_clear(&r);
    free(dover);

    /* The story's background box links to the topic. */
    request(s, "GET", "/story/1", NULL, NULL, &r);
    char *link = xasprintf("<a href=\"%s\">Alla nyheter om ämnet</a>", path);
    expect_in(buf_cstr(&r.body), link, "background box link");
    free(link);
    reply_clear(&r);

    const char *kinds[] = {"atom", "json"};
    for (int k = 0; k < 2; k++) {
        char *rest = xasprintf("/feed.%s", kinds[k]);
        char *fpath = topic_path(s->bridge_topic, rest);
        expect_status(s, "GET", fpath, 200, k ? FEED_JSON_TYPE : FEED_ATOM_TYPE);
        struct feed f;
        parse_feed(s, fpath, kinds[k], &f);
        assert_int_equal(f.format, k ? FEED_JSON11 : FEED_ATOM10);
        assert_string_equal(f.title, "Ölandsbron – omnibus");
        char *home = xasprintf("%s%s", s->base, path);
        assert_string_equal(f.link, home);
        free(home);
        assert_int_equal(f.n_items, 1);
        assert_string_equal(f.items[0].title, "Drivis stänger Ölandsbron");
        char *want = xasprintf("%s/story/1-drivis-stanger-olandsbron", s->base);
        assert_string_equal(f.items[0].link, want);
        free(want);
        want = xasprintf("%s/story/1", s->base);
        assert_string_equal(f.items[0].id, want);
        free(want);
        expect_in(f.items[0].summary, "Ölandsbron stängdes för all trafik", "entry summary");
        assert_true(f.items[0].updated > 0);
        feed_clear(&f);
        free(fpath);
        free(rest);
    }

    char *api = xasprintf("/api/topics/%lld?lang=en", (long long)s->bridge_topic);
    request(s, "GET", api, NULL, NULL, &r);
    free(api);
    assert_int_equal(r.status, 200);
    json_t *j = json_loadb(r.body.data, r.body.len, 0, NULL);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "id")), s->bridge_topic);
    assert_string_equal(json_string_value(json_object_get(j, "qid")), "Q1047455");
    assert_string_equal(json_string_value(json_object_get(j, "title")), "Öland Bridge");
    assert_string_equal(json_string_value(json_object_get(j, "lang")), "en");
    json_t *stories = json_object_get(j, "stories");
    assert_int_equal(json_array_size(stories), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(stories, 0), "id")), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(stories, 0), "headline")),
                        "Ice shuts Öland bridge");
    json_decref(j);
    reply_clear(&r);

    expect_status(s, "GET", "/topic/999999", 404, "text/html");
    expect_status(s, "GET", "/topic/999999/feed.atom", 404, "text/html");
    expect_status(s, "GET", "/topic/999999/feed.json", 404, "text/html");
    expect_status(s, "GET", "/api/topics/999999", 404, "application/json");
    expect_status(s, "GET", "/topic/abc", 404, "text/html");
    free(path);
}

/* The hits of /api/search at path (status 200), as article ids. */
static size_t api_hits(const struct site *s, const char *path, int64_t *ids, size_t max)
{
    struct reply r;
    request(s, "GET", path, NULL, NULL, &r);
    if (r.status != 200)
        fail_msg("%s: status %ld", path, r.status);
    expect_header(&r, "Content-Type", "application/json; charset=utf-8", path);
    json_t *j = json_loadb(r.body.data, r.body.len, 0, NULL);
    assert_non_null(j);
    json_t *hits = json_object_get(j, "hits"), *h;
    size_t i, n = 0;
    json_array_foreach(hits, i, h)
    {
        assert_non_null(json_string_value(json_object_get(h, "url")));
        if (n < max)
            ids[n++] = json_integer_value(json_object_get(h, "article_id"));
    }
    json_decref(j);
    reply_clear(&r);
    return n;
}

/* /api/search: the stemmed search of /search over real news text (ECB+), a
 * page at a time, with its parameters bounded. */
static void search_api(void **state)
{
    struct site *s = *state;
    /* "rehired lawyers" finds the article that "rehires longtime lawyer". */
    struct reply r;
    request(s, "GET", "/api/search?q=rehired+lawyers", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    json_t *j = json_loadb(r.body.data, r.body.len, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "query")), "rehired lawyers");
    assert_int_equal(json_integer_value(json_object_get(j, "limit")), 20);
    json_t *hits = json_object_get(j, "hits");
    assert_int_equal(json_array_size(hits), 1);
    json_t *hit = json_array_get(hits, 0);
    assert_int_equal(json_integer_value(json_object_get(hit, "article_id")), s->ecb[1]);
    expect_in(json_string_value(json_object_get(hit, "title")), "rehires longtime lawyer",
              "hit title");
    expect_in(json_string_value(json_object_get(hit, "url")), "nydailynews.com", "hit url");
    assert_true(json_is_true(json_object_get(hit, "title_match")));
    assert_non_null(json_string_value(json_object_get(hit, "source")));
    assert_null(json_object_get(hit, "story_id")); /* in no story */
    json_decref(j);
    reply_clear(&r);

    /* Swedish stemming as on /search: "pelare" finds "pelarna" too. */
    int64_t ids[64], page[64];
    size_t n = api_hits(s, "/api/search?q=pelare", ids, 64);
    bool tt = false, dn = false;
    for (size_t i = 0; i < n; i++) {
        tt |= ids[i] == s->bridge[0];
        dn |= ids[i] == s->bridge[2];
    }
    assert_true(tt && dn);

    /* Pages: limit and offset walk the same ranking. */
    n = api_hits(s, "/api/search?q=lawyer", ids, 64);
    assert_true(n >= 3);
    for (size_t o = 0; o < n; o++) {
        char *p = xasprintf("/api/search?q=lawyer&limit=1&offset=%zu", o);
        assert_int_equal(api_hits(s, p, page, 64), 1);
        assert_int_equal(page[0], ids[o]);
        free(p);
    }
    char *past = xasprintf("/api/search?q=lawyer&offset=%zu", n);
    assert_int_equal(api_hits(s, past, page, 64), 0);
    free(past);
    assert_int_equal(api_hits(s, "/api/search?q=zzzqqqxxx", page, 64), 0);

    const char *bad[] = {"/api/search",
                         "/api/search?q=",
                         "/api/search?q=%2B%2B%2B",
                         "/api/search?q=x&limit=0",
                         "/api/search?q=x&limit=101",
                         "/api/search?q=x&limit=-1",
                         "/api/search?q=x&limit=1e3",
                         "/api/search?q=x&offset=1001",
                         "/api/search?q=x&offset=99999999999999999999",
                         "/api/search?q=%FF"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        request(s, "GET", bad[i], NULL, NULL, &r);
        if (r.status != 400)
            fail_msg("%s: status %ld, expected 400", bad[i], r.status);
        j = json_loadb(r.body.data, r.body.len, 0, NULL);
        assert_non_null(json_string_value(json_object_get(j, "error")));
        json_decref(j);
        reply_clear(&r);
    }
}

/* Nothing from outside becomes markup, in any page or feed. */
static void hostile_text_is_escaped(void **state)
{
    struct site *s = *state;
    char path[64];
    snprintf(path, sizeof path, "/source/%lld", (long long)s->hostile_source);
    const char *pages[] = {"/", "/about", path, "/?lang=en"};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        struct reply r;
        request(s, "GET", pages[i], NULL, NULL, &r);
        assert_int_equal(r.status, 200);
        const char *body = buf_cstr(&r.body);
        expect_no_active_content(body, pages[i]);
        assert_null(strcasestr(body, "<script"));
        assert_non_null(strstr(body, "&lt;/title&gt;&lt;script&gt;"));
        reply_clear(&r);
    }
    /* The source page of the hostile outlet: its javascript: site is no link. */
    struct reply r;
    request(s, "GET", path, NULL, NULL, &r);
    assert_non_null(strstr(buf_cstr(&r.body), "<dd class=\"url\">javascript:alert(1)</dd>"));
    assert_non_null(strstr(buf_cstr(&r.body), "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    reply_clear(&r);

    /* The feeds stay well-formed and carry the text as text. */
    request(s, "GET", "/feed.atom", NULL, NULL, &r);
    xmlDocPtr doc = xmlReadMemory(r.body.data, (int)r.body.len, "feed.atom", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlFreeDoc(doc);
    assert_non_null(strstr(buf_cstr(&r.body), "&lt;/title&gt;&lt;script&gt;"));
    reply_clear(&r);
    request(s, "GET", "/feed.json", NULL, NULL, &r);
    json_t *feed = json_loadb(r.body.data, r.body.len, 0, NULL);
    assert_non_null(feed);
    json_t *items = json_object_get(feed, "items"), *it;
    assert_int_equal(json_array_size(items), 2); /* the stories */
    size_t i, found = 0;
    json_array_foreach(items, i, it)
    {
        if (strstr(json_string_value(json_object_get(it, "title")), "</title><script>"))
            found++;
    }
    assert_int_equal(found, 1);
    json_decref(feed);
    reply_clear(&r);
}

static void etag_and_invalidation(void **state)
{
    struct site *s = *state;
    struct reply r;
    request(s, "GET", "/", NULL, NULL, &r);
    char *etag = header(&r, "ETag");
    assert_non_null(etag);
    expect_header(&r, "Cache-Control", "no-cache", "/");
    expect_header(&r, "Vary", "Accept-Language", "/");
    reply_clear(&r);

    char inm[128];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    const char *h[] = {inm, NULL};
    request(s, "GET", "/", h, NULL, &r);
    assert_int_equal(r.status, 304);
    assert_int_equal(r.body.len, 0);
    expect_header(&r, "ETag", etag, "304");
    expect_security_headers(&r, "304");
    reply_clear(&r);
    /* A list with a weak form matches too; another language has another tag. */
    char list[160];
    snprintf(list, sizeof list, "If-None-Match: \"nope\", W/%s", etag);
    const char *hl[] = {list, NULL};
    request(s, "GET", "/", hl, NULL, &r);
    assert_int_equal(r.status, 304);
    reply_clear(&r);
    request(s, "GET", "/?lang=en", h, NULL, &r);
    assert_int_equal(r.status, 200);
    reply_clear(&r);

    /* Another process writes an article: the cached page is invalid as soon as
     * the server next reads the site generation. */
    struct store *st = test_store_open(s->dsn);
    struct article a = {.source_id = s->failing_source,
                        .url = "https://failing.example/new",
                        .title = "Invalidation works",
                        .published_at = 1711400000,
                        .fetched_at = 1711400000,
                        .content_hash = "x"};
    put_article(st, &a);
    store_close(st);
    s->articles++;
    request_after_write(s, "/", h, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(buf_cstr(&r.body), "Invalidation works"));
    char *fresh = header(&r, "ETag");
    assert_string_not_equal(fresh, etag);
    free(fresh);
    reply_clear(&r);
    free(etag);

    /* Feeds and the stylesheet have validators too. */
    request(s, "GET", "/feed.atom", NULL, NULL, &r);
    etag = header(&r, "ETag");
    reply_clear(&r);
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    request(s, "GET", "/feed.atom", h, NULL, &r);
    assert_int_equal(r.status, 304);
    reply_clear(&r);
    free(etag);
}

static void keep_alive(void **state)
{
    struct site *s = *state;
    CURL *c = curl_easy_init();
    struct reply a, b, d;
    request_on(c, s, "GET", "/", NULL, NULL, &a);
    request_on(c, s, "GET", "/about", NULL, NULL, &b);
    request_on(c, s, "GET", "/nowhere", NULL, NULL, &d);
    assert_int_equal(a.status, 200);
    assert_int_equal(b.status, 200);
    assert_int_equal(d.status, 404);
    assert_int_equal(a.connects, 1);
    /* The second and third requests went over the first connection. */
    assert_int_equal(b.connects, 0);
    assert_int_equal(d.connects, 0);
    assert_int_equal(a.local_port, b.local_port);
    assert_int_equal(a.local_port, d.local_port);
    reply_clear(&a);
    reply_clear(&b);
    reply_clear(&d);
    curl_easy_cleanup(c);
}

static void languages(void **state)
{
    struct site *s = *state;
    struct reply r;
    request(s, "GET", "/?lang=en", NULL, NULL, &r);
    assert_non_null(strstr(buf_cstr(&r.body), "<h1>Current stories</h1>"));
    assert_non_null(strstr(buf_cstr(&r.body), "<html lang=\"en\">"));
    expect_header(&r, "Content-Language", "en", "?lang=en");
    /* The switch links back to the same page in Swedish. */
    assert_non_null(strstr(buf_cstr(&r.body), "href=\"/?lang=sv\">Svenska</a>"));
    reply_clear(&r);
    const char *en[] = {"Accept-Language: de-DE, en-GB;q=0.8, sv;q=0.5", NULL};
    request(s, "GET", "/about", en, NULL, &r);
    assert_non_null(strstr(buf_cstr(&r.body), "About omnibus"));
    reply_clear(&r);
    /* ?lang= wins over Accept-Language; the default is Swedish. */
    request(s, "GET", "/about?lang=sv", en, NULL, &r);
    assert_non_null(strstr(buf_cstr(&r.body), "Om omnibus"));
    reply_clear(&r);
    request(s, "GET", "/about", NULL, NULL, &r);
    assert_non_null(strstr(buf_cstr(&r.body), "Så görs sammanställningarna"));
    expect_header(&r, "Content-Language", "sv", "default");
    reply_clear(&r);
    /* The parameters the page reads survive in the switch link, re-encoded;
     * the others are dropped (they would make the page differ by them). */
    request(s, "GET", "/search?x=1&q=%22%3E&lang=en", NULL, NULL, &r);
    assert_non_null(strstr(buf_cstr(&r.body), "href=\"/search?q=%22%3E&amp;lang=sv\""));
    reply_clear(&r);
    request(s, "GET", "/about?x=%22%3E&lang=en", NULL, NULL, &r);
    assert_non_null(strstr(buf_cstr(&r.body), "href=\"/about?lang=sv\""));
    reply_clear(&r);
}

static int raw(const struct site *s, const char *bytes, size_t len);

static void admin_api(void **state)
{
    struct site *s = *state;
    const char *body = "{\"name\": \"Ny Källa\", \"feed_url\": \"https://ny.example/rss\", "
                       "\"lang\": \"sv\", \"kind\": \"opinion\", \"stance\": \"liberal\"}";
    char auth[128], wrong[128];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", s->token);
    snprintf(wrong, sizeof wrong, "Authorization: Bearer %.*sX", AUTH_TOKEN_LEN - 1, s->token);
    const char *json[] = {"Content-Type: application/json", NULL};
    const char *ok[] = {"Content-Type: application/json", auth, NULL};
    const char *bad[] = {"Content-Type: application/json", wrong, NULL};
    const char *basic[] = {"Authorization: Basic YWRtaW46YWRtaW4=", NULL};

    struct reply r;
    request(s, "POST", "/api/sources", json, body, &r);
    assert_int_equal(r.status, 401);
    expect_header(&r, "WWW-Authenticate", "Bearer realm=\"omnibus\"", "401");
    expect_security_headers(&r, "401");
    reply_clear(&r);
    request(s, "POST", "/api/sources", basic, body, &r);
    assert_int_equal(r.status, 401);
    reply_clear(&r);
    request(s, "POST", "/api/sources", bad, body, &r);
    assert_int_equal(r.status, 403);
    reply_clear(&r);

    request(s, "POST", "/api/sources", ok, body, &r);
    assert_int_equal(r.status, 201);
    json_t *reply = json_loadb(r.body.data, r.body.len, 0, NULL);
    json_int_t id = json_integer_value(json_array_get(json_object_get(reply, "added"), 0));
    assert_true(id > 0);
    json_decref(reply);
    reply_clear(&r);
    /* The same again: nothing added, the existing id named. */
    request(s, "POST", "/api/sources", ok, body, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(buf_cstr(&r.body), "\"existing\""));
    reply_clear(&r);
    request(s, "GET", "/api/sources", NULL, NULL, &r);
    assert_non_null(strstr(buf_cstr(&r.body), "Ny Källa"));
    reply_clear(&r);
    /* The new source has its page at once (the cache is invalid). */
    char path[64];
    snprintf(path, sizeof path, "/source/%lld", (long long)id);
    request(s, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    reply_clear(&r);

    /* Bad input: a clear 400. */
    request(s, "POST", "/api/sources", ok, "{not json", &r);
    assert_int_equal(r.status, 400);
    reply_clear(&r);
    request(s, "POST", "/api/sources", ok,
            "{\"name\": \"x\", \"feed_url\": \"https://x.example/\", \"kind\": \"blog\"}", &r);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(buf_cstr(&r.body), "blog"));
    reply_clear(&r);
    request(s, "POST", "/api/sources", ok, "{\"name\": \"x\", \"feed_url\": \"javascript:x\"}", &r);
    assert_int_equal(r.status, 400);
    reply_clear(&r);
    /* A source that may reach private addresses is the CLI's to add: the
     * whole request is refused, nothing added. */
    request(s, "POST", "/api/sources", ok,
            "[{\"name\": \"fine\", \"feed_url\": \"https://fine.example/rss\"},"
            "{\"name\": \"scan\", \"feed_url\": \"http://127.0.0.1:1/\", \"allow_private\": true}]",
            &r);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(buf_cstr(&r.body), "command line"));
    reply_clear(&r);
    request(s, "GET", "/api/sources", NULL, NULL, &r);
    assert_null(strstr(buf_cstr(&r.body), "fine.example"));
    reply_clear(&r);
    /* The fetcher's own words are behind the token. */
    char health[64];
    snprintf(health, sizeof health, "/api/sources/%lld/health", (long long)s->failing_source);
    request(s, "GET", health, NULL, NULL, &r);
    assert_int_equal(r.status, 401);
    reply_clear(&r);
    request(s, "GET", health, bad, NULL, &r);
    assert_int_equal(r.status, 403);
    reply_clear(&r);
    request(s, "GET", health, ok, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(buf_cstr(&r.body), "HTTP 503 <Service Unavailable>"));
    assert_non_null(strstr(buf_cstr(&r.body), "\"consecutive_failures\": 4"));
    reply_clear(&r);
    /* No token: refused from the headers, before the body is read (a body
     * over the cap is a 401, not a 413; one never sent is not waited for). */
    char *huge = xmalloc(2u << 20);
    memset(huge, ' ', (2u << 20) - 1);
    huge[(2u << 20) - 1] = '\0';
    request(s, "POST", "/api/sources", json, huge, &r);
    assert_int_equal(r.status, 401);
    reply_clear(&r);
    const char *unsent = "POST /api/sources HTTP/1.1\r\nHost: x\r\nContent-Length: 500000\r\n\r\n";
    assert_int_equal(raw(s, unsent, strlen(unsent)), 401);
    /* Too large a body: 413. */
    request(s, "POST", "/api/sources", ok, huge, &r);
    assert_int_equal(r.status, 413);
    reply_clear(&r);
    free(huge);

    snprintf(path, sizeof path, "/api/sources/%lld", (long long)id);
    request(s, "DELETE", path, NULL, NULL, &r);
    assert_int_equal(r.status, 401);
    reply_clear(&r);
    request(s, "DELETE", path, bad, NULL, &r);
    assert_int_equal(r.status, 403);
    reply_clear(&r);
    request(s, "DELETE", path, ok, NULL, &r);
    assert_int_equal(r.status, 200);
    reply_clear(&r);
    request(s, "DELETE", path, ok, NULL, &r);
    assert_int_equal(r.status, 404);
    reply_clear(&r);
    snprintf(path, sizeof path, "/source/%lld", (long long)id);
    request(s, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 404);
    reply_clear(&r);
}

/* Sends raw bytes on a fresh connection; returns the status line's code, or 0
 * when the server closed without answering. */
static int raw(const struct site *s, const char *bytes, size_t len)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    struct timeval tv = {.tv_sec = 10};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    for (size_t sent = 0; sent < len;) {
        ssize_t n = send(fd, bytes + sent, len - sent, MSG_NOSIGNAL);
        if (n <= 0)
            break; /* the server may refuse early and close */
        sent += (size_t)n;
    }
    char buf[64] = {0};
    size_t got = 0;
    ssize_t n;
    while (got < sizeof buf - 1 && (n = recv(fd, buf + got, sizeof buf - 1 - got, 0)) > 0)
        got += (size_t)n;
    close(fd);
    int code = 0;
    sscanf(buf, "HTTP/1.%*d %d", &code);
    return code;
}

static void expect_4xx(const struct site *s, const char *what, const char *bytes, size_t len)
{
    int code = raw(s, bytes, len);
    if (code < 400 || code > 499)
        fail_msg("%s: answered %d, expected 4xx", what, code);
}

static void bad_requests(void **state)
{
    struct site *s = *state;
    /* A target over our limit, and one over the server library's memory. */
    for (size_t size = 5000; size <= 200000; size *= 40) {
        struct buf b;
        buf_init(&b, BUF_UNLIMITED);
        assert_int_equal(buf_puts(&b, "GET /"), ERR_OK);
        for (size_t i = 0; i < size; i++)
            assert_int_equal(buf_putc(&b, 'a'), ERR_OK);
        assert_int_equal(buf_puts(&b, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), ERR_OK);
        expect_4xx(s, "huge URL", b.data, b.len);
        buf_clear(&b);
    }
    const char *cases[][2] = {
        {"bad method", "BREW / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
        {"bad percent", "GET /source/%G1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
        {"encoded NUL", "GET /%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
        {"bad query", "GET /?lang=%e HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
        {"asterisk", "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
        {"absolute form", "GET http://x/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
        {"no host", "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"},
        {"garbage", "\x01\x02 hello there\r\n\r\n"},
        {"bad version", "GET / HTTX/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
        {"bad content length", "POST /api/sources HTTP/1.1\r\nHost: x\r\nContent-Length: "
                               "-5\r\nConnection: close\r\n\r\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_4xx(s, cases[i][0], cases[i][1], strlen(cases[i][1]));
    const char *v9 = "GET / HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n";
    assert_int_equal(raw(s, v9, strlen(v9)), 505);
    /* Headers over the library's memory limit. */
    struct buf b;
    buf_init(&b, BUF_UNLIMITED);
    assert_int_equal(buf_puts(&b, "GET / HTTP/1.1\r\nHost: x\r\n"), ERR_OK);
    for (int i = 0; i < 2000; i++)
        assert_int_equal(buf_printf(&b, "X-Filler-%d: %050d\r\n", i, i), ERR_OK);
    assert_int_equal(buf_puts(&b, "\r\n"), ERR_OK);
    expect_4xx(s, "huge headers", b.data, b.len);
    buf_clear(&b);
    /* Still serving. */
    expect_status(s, "GET", "/healthz", 200, "text/plain");
}

static void metrics(void **state)
{
    struct site *s = *state;
    struct reply r;
    request(s, "GET", "/metrics", NULL, NULL, &r);
    const char *body = buf_cstr(&r.body);
    assert_non_null(strstr(body, "omnibus_http_requests_total{route=\"/\",code=\"2xx\"}"));
    assert_non_null(strstr(body, "omnibus_http_requests_total{route=\"unrouted\",code=\"4xx\"}"));
    assert_non_null(
        strstr(body, "omnibus_http_request_duration_seconds_bucket{route=\"/\",le=\"+Inf\"}"));
    assert_non_null(strstr(body, "omnibus_page_cache_hits_total"));
    char want[64];
    snprintf(want, sizeof want, "\nomnibus_articles %lld\n", (long long)s->articles);
    assert_non_null(strstr(body, want));
    assert_non_null(strstr(body, "\nomnibus_sources_failing 1\n"));
    assert_non_null(strstr(body, "\nomnibus_feed_items_seen 12\n"));
    /* The site runs on SQLite, whose caches hold the pages just served. */
    const char *heap = strstr(body, "\nomnibus_db_heap_bytes ");
    assert_non_null(heap);
    long long db_heap = strtoll(heap + strlen("\nomnibus_db_heap_bytes "), NULL, 10);
    assert_true(db_heap > 0);
    /* SQLite allocates through malloc: the process holds at least that. The
     * sanitizer's allocator, which this build may use, keeps no such count. */
    const char *in_use = strstr(body, "\nomnibus_heap_in_use_bytes ");
#ifdef __SANITIZE_ADDRESS__
    assert_null(in_use);
#else
    assert_non_null(in_use);
    assert_true(strtoll(in_use + strlen("\nomnibus_heap_in_use_bytes "), NULL, 10) > db_heap);
    assert_non_null(strstr(body, "\nomnibus_heap_free_held_bytes "));
#endif
    reply_clear(&r);
}

/* ---- the browser ---- */

static char *chromium_profile(const struct site *s)
{
    return xasprintf("--user-data-dir=%s/chromium", s->tmp);
}

/* The DOM Chromium builds for url after running whatever it may run. */
static char *dump_dom(const struct site *s, const char *url)
{
    char *profile = chromium_profile(s);
    char *out = xasprintf("%s/dom.html", s->tmp);
    char *argv[] = {"timeout",
                    "120",
                    "chromium",
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    profile,
                    "--dump-dom",
                    (char *)url,
                    NULL};
    int rc = run(argv, out);
    if (rc != 0)
        fail_msg("chromium --dump-dom %s exited %d (is Debian's chromium installed? "
                 "scripts/deps)",
                 url, rc);
    char *dom = read_file(out, NULL);
    assert_non_null(dom);
    free(out);
    free(profile);
    return dom;
}

/* A screenshot of the top height pixels of path at width. */
static void screenshot(const struct site *s, const char *path, const char *name, int width,
                       int height)
{
    char *profile = chromium_profile(s);
    char *file = xasprintf("%s/%s-%d.png", s->artifacts, name, width);
    char *shot = xasprintf("--screenshot=%s", file);
    char *size = xasprintf("--window-size=%d,%d", width, height);
    char *url = xasprintf("%s%s", s->base, path);
    unlink(file);
    char *argv[] = {"timeout",
                    "120",
                    "chromium",
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--hide-scrollbars",
                    profile,
                    shot,
                    size,
                    url,
                    NULL};
    assert_int_equal(run(argv, NULL), 0);
    /* A PNG of the asked width: the IHDR chunk's width is bytes 16..19. */
    size_t len;
    unsigned char *png = (unsigned char *)read_file(file, &len);
    if (!png || len < 5000 || memcmp(png, "\x89PNG", 4))
        fail_msg("no screenshot in %s", file);
    unsigned w =
        (unsigned)png[16] << 24 | (unsigned)png[17] << 16 | (unsigned)png[18] << 8 | png[19];
    assert_int_equal(w, (unsigned)width);
    print_message("screenshot %s\n", file);
    free(png);
    free(url);
    free(size);
    free(shot);
    free(file);
    free(profile);
}

/* An <img> that is not a story's credited image. */
static bool foreign_img(const char *dom)
{
    for (const char *p = dom; (p = strcasestr(p, "<img")); p++)
        if (strncmp(p, "<img src=\"" STORY_IMAGES, strlen("<img src=\"" STORY_IMAGES)))
            return true;
    return false;
}

static void browser_runs_no_script(void **state)
{
    struct site *s = *state;
    /* The detector works: the same script in a page without our headers runs. */
    char *control = xasprintf("%s/control.html", s->tmp);
    FILE *f = fopen(control, "w");
    assert_non_null(f);
    fputs("<!DOCTYPE html><html><body><p>control</p>" HOSTILE_SCRIPT "</body></html>", f);
    fclose(f);
    char *url = xasprintf("file://%s", control);
    char *dom = dump_dom(s, url);
    assert_non_null(strstr(dom, "<x-pwned>"));
    free(dom);
    free(url);
    free(control);

    char path[64];
    snprintf(path, sizeof path, "/source/%lld", (long long)s->hostile_source);
    char *dover = topic_path(s->dover_topic, "");
    const char *pages[] = {"/", path, "/about", "/story/2", dover};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        url = xasprintf("%s%s", s->base, pages[i]);
        dom = dump_dom(s, url);
        if (strstr(dom, "x-pwned>") || strcasestr(dom, "<script") || foreign_img(dom) ||
            strcasestr(dom, "<svg") || strcasestr(dom, "href=\"javascript:"))
            fail_msg("%s: hostile markup or a script in the DOM", pages[i]);
        /* The page rendered, with the hostile title as plain text. */
        assert_non_null(strstr(dom, "<main id=\"main\">"));
        assert_non_null(strstr(dom, "&lt;/title&gt;&lt;script&gt;"));
        free(dom);
        free(url);
    }
    free(dover);
}

static void screenshots(void **state)
{
    struct site *s = *state;
    char path[64];
    snprintf(path, sizeof path, "/source/%lld", (long long)s->failing_source);
    const int widths[] = {390, 1280};
    for (int i = 0; i < 2; i++) {
        screenshot(s, "/?lang=sv", "home-sv", widths[i], 1400);
        screenshot(s, path, "source", widths[i], 900);
        screenshot(s, "/about?lang=en", "about-en", widths[i], 900);
        /* The whole story (phone: about four screens). */
        screenshot(s, "/story/1-drivis-stanger-olandsbron?lang=sv", "story-sv", widths[i], 3200);
        screenshot(s, "/story/1?lang=en", "story-en", widths[i], 3200);
        char *topic = topic_path(s->bridge_topic, "?lang=sv");
        screenshot(s, topic, "topic-sv", widths[i], 1400);
        free(topic);
    }
}

/* Another process publishes a new story whose articles mention the bridge:
 * the cached topic page and its feed are rendered again and list it first
 * (newest, and as many newsrooms as the bridge story's age allows). Runs
 * last: the site has three stories after it. */
static void topic_follows_new_stories(void **state)
{
    struct site *s = *state;
    char *path = topic_path(s->bridge_topic, "");
    char *feed = topic_path(s->bridge_topic, "/feed.json");
    struct reply r;
    request(s, "GET", path, NULL, NULL, &r);
    char *etag = header(&r, "ETag");
    assert_non_null(etag);
    reply_clear(&r);
    char inm[128];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    const char *h[] = {inm, NULL};
    request(s, "GET", path, h, NULL, &r);
    assert_int_equal(r.status, 304);
    reply_clear(&r);

    struct store *st = test_store_open(s->dsn);
    struct text_ctx *ctx = NULL;
    struct errbuf eb = {{0}};
    assert_int_equal(text_ctx_new(&ctx, &eb), ERR_OK);
    int64_t bar = story_source(st, "Barometern", "SE", "sv", "news", "Gota Media");
    int64_t ob = story_source(st, "Ölandsbladet", "SE", "sv", "news", "Ölandsbladet AB");
    int64_t ids[2];
    ids[0] =
        story_article(st, ctx, bar, "https://barometern.example/bron", "Ölandsbron öppnar igen",
                      "[\"Eva Ek\"]", BRIDGE_REOPEN_A, 1711600000, false);
    ids[1] = story_article(st, ctx, ob, "https://olandsbladet.example/bron",
                           "Trafiken rullar över Ölandsbron", "[\"Olle Sten\"]", BRIDGE_REOPEN_B,
                           1711600300, false);
    for (int i = 0; i < 2; i++)
        story_member(st, ids[i], 3, s->bridge_topic, "Ölandsbron");
    publish(st, ctx, "story:3", ids, 2, LANG_SV, NULL, 1);
    text_ctx_free(ctx);
    store_close(st);

    request_after_write(s, path, h, &r);
    assert_int_equal(r.status, 200);
    const char *b = buf_cstr(&r.body);
    const char *fresh = strstr(b, "<a href=\"/story/3-");
    const char *old = strstr(b, "<a href=\"/story/1-drivis-stanger-olandsbron\">");
    assert_non_null(fresh);
    assert_non_null(old);
    char *tag = header(&r, "ETag");
    assert_string_not_equal(tag, etag);
    free(tag);
    reply_clear(&r);
    struct feed f;
    parse_feed(s, feed, "json", &f);
    assert_int_equal(f.n_items, 2);
    char *id3 = xasprintf("%s/story/3", s->base);
    bool listed = !strcmp(f.items[0].id, id3) || !strcmp(f.items[1].id, id3);
    assert_true(listed);
    free(id3);
    feed_clear(&f);
    free(etag);
    free(feed);
    free(path);
}

int main(void)
{
    xmlInitParser();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(statuses_and_headers),
        cmocka_unit_test(front_page_lists_articles_by_source),
        cmocka_unit_test(story_page),
        cmocka_unit_test(hostile_story_is_escaped),
        cmocka_unit_test(home_ranks_stories),
        cmocka_unit_test(story_feeds_and_api),
        cmocka_unit_test(search_page),
        cmocka_unit_test(query_cache_keys),
        cmocka_unit_test(topic_page),
        cmocka_unit_test(search_api),
        cmocka_unit_test(hostile_text_is_escaped),
        cmocka_unit_test(etag_and_invalidation),
        cmocka_unit_test(keep_alive),
        cmocka_unit_test(languages),
        cmocka_unit_test(admin_api),
        cmocka_unit_test(bad_requests),
        cmocka_unit_test(metrics),
        cmocka_unit_test(browser_runs_no_script),
        cmocka_unit_test(screenshots),
        cmocka_unit_test(topic_follows_new_stories),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
