/* kb_import: dump files in, one transaction, the readers' entities, redirects
 * and link texts written to the store, skipped items reported, progress shown. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "base/xalloc.h"
#include "kb/kb.h"
#include "kb/norm.h"
#include "kb/parse.h"

/* Link texts are counted in memory and written out when this many distinct
 * (text, target) pairs are held: the memory they take stays bounded. */
#define ANCHOR_FLUSH 196608

/* SQLite page cache for the import: the alias index grows to many GB and is
 * written in key order only within each batch; more cache, fewer rereads. */
#define IMPORT_CACHE_MB 256

struct anchor {
    char *name; /* the link text as written */
    int64_t n;  /* links with it */
};

struct importer {
    struct store *st;
    const struct kb_import_opts *o;
    struct kb_import_report *r;
    const char *file; /* base name of the file being read */
    struct kb_stream *in;
    struct progress prog;
    int64_t file_started_ms;
    uint64_t file_entities;
    struct intern pairs;     /* lang \0 key \0 target of each counted link text */
    struct anchor *anchors;  /* anchors[i]: pair i + 1 */
    struct buf norm;  /* scratch: an alias key */
    struct buf pair;  /* scratch: lang, key and target of a link text */
    struct errbuf eb; /* the error that stops the import */
};

void kb_import_report_clear(struct kb_import_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_skips; i++)
        free(r->skips[i]);
    memset(r, 0, sizeof *r);
}

static void show_progress(struct importer *im, bool force)
{
    if (!im->o->progress || (!force && im->file_entities % 16))
        return;
    double secs = (double)(time_now_ms() - im->file_started_ms) / 1000.0;
    char extra[96];
    snprintf(extra, sizeof extra, "| %llu entities, %.0f entities/s",
             (unsigned long long)im->file_entities,
             secs > 0 ? (double)im->file_entities / secs : 0.0);
    progress_update(&im->prog, kb_stream_in_pos(im->in), extra);
}

static enum err on_entity(void *ctx, struct kb_entity *e)
{
    struct importer *im = ctx;
    int64_t id;
    enum err err = store_kb_entity_put(im->st, e, &id, &im->eb);
    if (err)
        return err;
    im->r->entities++;
    im->file_entities++;
    show_progress(im, false);
    return ERR_OK;
}

static enum err on_redirect(void *ctx, const char *lang, const char *title, const char *target)
{
    struct importer *im = ctx;
    im->r->redirects++;
    if (kb_norm_key(lang, title, strlen(title), &im->norm))
        return ERR_OK; /* a title with no key (only punctuation) names nothing */
    return store_kb_redirect_put(im->st, lang, title, buf_cstr(&im->norm), target, &im->eb);
}

static void drop_anchors(struct importer *im)
{
    for (uint32_t i = 0; i < im->pairs.n; i++)
        free(im->anchors[i].name);
    intern_clear(&im->pairs);
    intern_init(&im->pairs, ANCHOR_FLUSH);
}

static enum err flush_anchors(struct importer *im)
{
    enum err err = ERR_OK;
    for (uint32_t i = 0; i < im->pairs.n && !err; i++) {
        const char *lang = intern_str(&im->pairs, i + 1);
        const char *key = lang + strlen(lang) + 1;
        const char *target = key + strlen(key) + 1;
        err = store_kb_anchor_add(im->st, lang, im->anchors[i].name, key, target, im->anchors[i].n,
                                  &im->eb);
    }
    drop_anchors(im);
    return err;
}

static enum err on_link(void *ctx, const char *lang, const char *target, const char *label,
                        size_t label_len)
{
    struct importer *im = ctx;
    if (kb_norm_key(lang, label, label_len, &im->norm))
        return ERR_OK;
    im->r->links++;
    size_t ll = strlen(lang), nl = im->norm.len, tl = strlen(target);
    /* Lang, key and target: the (text, page) pair counted. */
    buf_reset(&im->pair);
    enum err err = buf_append(&im->pair, lang, ll + 1);
    if (!err)
        err = buf_append(&im->pair, im->norm.data, nl + 1);
    if (!err)
        err = buf_append(&im->pair, target, tl);
    if (err)
        return ERR_OK; /* longer than any title: not a link to count */
    uint32_t had = im->pairs.n, id;
    /* The pairs are written out on reaching the limit, so it is never passed. */
    if ((err = intern_add(&im->pairs, im->pair.data, im->pair.len, &id)))
        return errf(&im->eb, err, "counting link texts: too many at once");
    if (im->pairs.n == had) {
        im->anchors[id - 1].n++;
        return ERR_OK;
    }
    im->anchors[id - 1] = (struct anchor){xstrndup(label, label_len), 1};
    if (im->pairs.n >= ANCHOR_FLUSH)
        return flush_anchors(im);
    return ERR_OK;
}

static void on_skip(void *ctx, uint64_t line, uint64_t offset, const char *why)
{
    struct importer *im = ctx;
    struct kb_import_report *r = im->r;
    r->skipped++;
    if (r->n_skips == KB_REPORT_SKIPS)
        return;
    r->skips[r->n_skips++] =
        line ? xasprintf("%s:%llu (byte %llu): %s", im->file, (unsigned long long)line,
                         (unsigned long long)offset, why)
             : xasprintf("%s (byte %llu): %s", im->file, (unsigned long long)offset, why);
}

static void on_ignore(void *ctx)
{
    struct importer *im = ctx;
    im->r->ignored++;
}

/* The date in a dump's file name ("enwiki-20240301-pages-articles.xml.bz2"), or 0. */
static int64_t name_date(const char *name)
{
    for (const char *p = name; *p; p++) {
        if (p[0] != '2' || p[1] != '0')
            continue;
        int k = 0;
        while (k < 8 && isdigit((unsigned char)p[k]))
            k++;
        if (k != 8 || isdigit((unsigned char)p[8]) || (p > name && isdigit((unsigned char)p[-1])))
            continue;
        char iso[11];
        snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", p, p + 4, p + 6);
        int64_t t;
        if (date_parse(iso, &t))
            return t;
    }
    return 0;
}

enum format { FMT_JSON, FMT_XML };

/* Tells the format from the first bytes: XML starts with '<' (after a BOM),
 * UTF-16 is XML here, JSON starts with '{' or '['. */
static enum err detect(struct kb_stream *in, const char *path, enum format *fmt, struct errbuf *eb)
{
    unsigned char head[256];
    size_t n;
    enum err err = kb_stream_peek(in, head, sizeof head, &n, eb);
    if (err)
        return err;
    if (n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))) {
        *fmt = FMT_XML;
        return ERR_OK;
    }
    size_t i = n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
    while (i < n && isspace(head[i]))
        i++;
    if (i < n && head[i] == '<') {
        *fmt = FMT_XML;
        return ERR_OK;
    }
    if (i < n && (head[i] == '{' || head[i] == '[')) {
        *fmt = FMT_JSON;
        return ERR_OK;
    }
    return errf(eb, ERR_UNSUPPORTED,
                "%s: not a dump omnibus reads (Wikimedia Enterprise JSON, MediaWiki XML, "
                "Wikidata JSON; plain, bzip2 or gzip)",
                path);
}

static enum err import_file(struct importer *im, const char *path)
{
    enum err err = kb_stream_open(path, &im->in, &im->eb);
    if (err)
        return err;
    const char *slash = strrchr(path, '/');
    im->file = slash ? slash + 1 : path;
    enum format fmt = FMT_JSON;
    if ((err = detect(im->in, path, &fmt, &im->eb)))
        goto out;
    struct kb_parse_opts po = {.langs = im->o->langs,
                               .n_langs = im->o->n_langs,
                               .dump = im->file,
                               .dump_date = name_date(im->file)};
    struct kb_sink sink = {.ctx = im,
                           .entity = on_entity,
                           .redirect = on_redirect,
                           .link = im->o->no_links ? NULL : on_link,
                           .skip = on_skip,
                           .ignore = on_ignore};
    im->file_entities = 0;
    im->file_started_ms = time_now_ms();
    /* "dump.xml.bz2 bytes: 1200/5000 (24%) 300/s ETA 13s | 800 entities, 200 entities/s" */
    char label[300];
    snprintf(label, sizeof label, "%s bytes", im->file);
    progress_start(&im->prog, label, kb_stream_in_size(im->in));
    err = fmt == FMT_XML ? kb_read_xml(im->in, &po, &sink, &im->eb)
                         : kb_read_json(im->in, &po, &sink, &im->eb);
    show_progress(im, true);
    progress_end(&im->prog);
    double secs = (double)(time_now_ms() - im->file_started_ms) / 1000.0;
    log_info("kb import: %s (%s, %s): %llu entities in %.1f s", im->file,
             fmt == FMT_XML ? "MediaWiki XML" : "JSON", kb_stream_codec(im->in),
             (unsigned long long)im->file_entities, secs);
out:
    kb_stream_close(im->in);
    im->in = NULL;
    im->file = NULL;
    return err;
}

enum err kb_import(struct store *st, const char *const *paths, size_t n,
                   const struct kb_import_opts *o, struct kb_import_report *r, struct errbuf *eb)
{
    memset(r, 0, sizeof *r);
    struct importer im = {.st = st, .o = o, .r = r};
    intern_init(&im.pairs, ANCHOR_FLUSH);
    im.anchors = xcalloc(ANCHOR_FLUSH, sizeof *im.anchors);
    buf_init(&im.norm, 64 * 1024);
    buf_init(&im.pair, 64 * 1024);
    enum err err = store_kb_cache_mb(st, IMPORT_CACHE_MB, &im.eb);
    if (!err)
        err = store_begin(st, &im.eb);
    if (err)
        goto out;
    if (!o->no_links)
        err = store_kb_anchors_clear(st, &im.eb);
    for (size_t i = 0; i < n && !err; i++)
        err = import_file(&im, paths[i]);
    if (!err)
        err = flush_anchors(&im);
    if (!err)
        err = store_kb_resolve(st, &r->resolved, &im.eb);
    if (!err) /* topic pages show the new texts */
        err = store_site_changed(st, &im.eb);
    if (!err)
        err = store_commit(st, &im.eb);
    else
        store_rollback(st);
out:
    drop_anchors(&im);
    intern_clear(&im.pairs);
    free(im.anchors);
    buf_clear(&im.norm);
    buf_clear(&im.pair);
    if (err)
        errf(eb, err, "%s", im.eb.msg);
    return err;
}
