/* JSON dumps: Wikimedia Enterprise records (snapshot NDJSON, structured
 * contents arrays, SDK files in camelCase) and Wikidata entity dumps, read
 * record by record from a stream in bounded memory. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/timeutil.h"
#include "base/xalloc.h"
#include "kb/parse.h"
#include "kb/wikitext.h"

/* ---- reading fields whichever way a record spells them ---- */

static json_t *field(json_t *o, const char *snake, const char *camel)
{
    json_t *v = json_object_get(o, snake);
    return v || !camel ? v : json_object_get(o, camel);
}

static const char *str(json_t *v)
{
    const char *s = json_string_value(v);
    return s && *s ? s : NULL;
}

/* A field that is {"identifier": X} in full records and X in compact ones. */
static json_t *identifier(json_t *o, const char *snake, const char *camel)
{
    json_t *v = field(o, snake, camel);
    return json_is_object(v) ? json_object_get(v, "identifier") : v;
}

static bool is_qid(const char *s)
{
    if (!s || s[0] != 'Q' || !isdigit((unsigned char)s[1]))
        return false;
    for (s++; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static int64_t time_field(json_t *v)
{
    int64_t t;
    const char *s = str(v);
    return s && date_parse(s, &t) ? t : 0;
}

static int64_t int_field(json_t *v)
{
    if (json_is_integer(v))
        return json_integer_value(v);
    const char *s = str(v);
    return s ? strtoll(s, NULL, 10) : 0;
}

/* The language of an Enterprise record: in_language, else its wiki, else the
 * host of its URL. */
static bool record_lang(json_t *rec, char *lang, size_t size)
{
    const char *l = str(identifier(rec, "in_language", "inLanguage"));
    if (!l)
        l = str(json_object_get(rec, "language"));
    if (l && strlen(l) < size) {
        strcpy(lang, l);
        return true;
    }
    const char *wiki = str(identifier(rec, "is_part_of", "isPartOf"));
    if (!wiki)
        wiki = str(json_object_get(rec, "project"));
    if (wiki && kb_wiki_lang(wiki, lang, size))
        return true;
    const char *url = str(json_object_get(rec, "url"));
    const char *host = url ? strstr(url, "://") : NULL;
    const char *dot = host ? strchr(host + 3, '.') : NULL;
    if (dot && strncmp(dot, ".wikipedia.org", 14) == 0 && (size_t)(dot - host - 3) < size &&
        dot > host + 3) {
        memcpy(lang, host + 3, (size_t)(dot - host - 3));
        lang[dot - host - 3] = '\0';
        return true;
    }
    return false;
}

/* True when the record's categories or templates mark a disambiguation page. */
static bool enterprise_disambiguation(json_t *rec, const char *name)
{
    const char *const lists[] = {"categories", "templates"};
    for (size_t l = 0; l < 2; l++) {
        json_t *arr = json_object_get(rec, lists[l]), *item;
        size_t i;
        json_array_foreach(arr, i, item)
        {
            const char *n = str(json_object_get(item, "name"));
            if (n && wikitext_is_disambiguation(n, strlen(n)))
                return true;
        }
    }
    size_t n = strlen(name);
    return n > 17 && !strcmp(name + n - 17, "(disambiguation)");
}

static enum err enterprise_entity(json_t *rec, const struct kb_parse_opts *o, struct kb_entity *e,
                                  struct errbuf *eb)
{
    const char *name = str(json_object_get(rec, "name"));
    if (!name)
        return errf(eb, ERR_INVALID, "record has no name");
    json_t *ns = identifier(rec, "namespace", NULL);
    if (ns && int_field(ns) != 0)
        return ERR_NOT_FOUND;
    char lang[32];
    if (!record_lang(rec, lang, sizeof lang))
        return errf(eb, ERR_INVALID, "record \"%.80s\" has no language", name);
    if (!kb_want_lang(o, lang))
        return ERR_NOT_FOUND;
    const char *qid = str(identifier(rec, "main_entity", "mainEntity"));
    if (is_qid(qid))
        e->qid = xstrdup(qid);
    e->kind = enterprise_disambiguation(rec, name) ? KB_KIND_DISAMBIGUATION : KB_KIND_ARTICLE;

    struct kb_text *t = kb_add_text(e, lang);
    t->title = xstrdup(name);
    t->page = xstrdup(name);
    const char *abstract = str(json_object_get(rec, "abstract"));
    if (abstract)
        t->extract = kb_first_paragraph(abstract, strlen(abstract));
    t->description = xstrdup(str(json_object_get(rec, "description")));
    t->url = xstrdup(str(json_object_get(rec, "url")));
    json_t *version = json_object_get(rec, "version");
    t->revision = int_field(json_is_object(version) ? json_object_get(version, "identifier")
                                                    : json_object_get(rec, "version_id"));
    t->modified_at = time_field(json_object_get(rec, "date_modified"));
    /* Snapshot records carry a licence list; compact ones a list of ids; SDK
     * demo files none, though the text is Wikipedia's all the same. */
    json_t *lic = json_array_get(field(rec, "license", "licenses"), 0);
    const char *lic_id = json_is_object(lic) ? str(json_object_get(lic, "identifier")) : str(lic);
    const char *lic_url = json_is_object(lic) ? str(json_object_get(lic, "url")) : NULL;
    if (!lic_id)
        kb_wikipedia_licence(t->modified_at, &lic_id, &lic_url);
    t->licence = xstrdup(lic_id);
    t->licence_url = xstrdup(lic_url);
    t->dump = xstrdup(o->dump);
    json_t *event = json_object_get(rec, "event");
    t->dump_date = o->dump_date ? o->dump_date : time_field(json_object_get(event, "date_created"));

    kb_add_title_aliases(e, lang, name);
    json_t *redirects = json_object_get(rec, "redirects"), *r;
    size_t i;
    json_array_foreach(redirects, i, r)
    {
        const char *rn = json_is_object(r) ? str(json_object_get(r, "name")) : str(r);
        kb_add_alias(e, lang, rn, KB_ORIGIN_REDIRECT);
    }
    return ERR_OK;
}

/* ---- Wikidata ---- */

/* A value in Wikidata's {"language": l, "value": v} form, or a plain string. */
static const char *wd_value(json_t *v)
{
    return json_is_object(v) ? str(json_object_get(v, "value")) : str(v);
}

static bool wd_disambiguation(json_t *rec)
{
    json_t *p31 = json_object_get(json_object_get(rec, "claims"), "P31"), *c;
    size_t i;
    json_array_foreach(p31, i, c)
    {
        json_t *dv = json_object_get(json_object_get(c, "mainsnak"), "datavalue");
        const char *id = str(json_object_get(json_object_get(dv, "value"), "id"));
        if (id && !strcmp(id, "Q4167410")) /* Wikimedia disambiguation page */
            return true;
    }
    json_array_foreach(json_object_get(rec, "instance_of"), i, c)
    {
        const char *id = str(c);
        if (id && !strcmp(id, "Q4167410"))
            return true;
    }
    return false;
}

/* The sitelink title of the Wikipedia in lang, or NULL. */
static const char *wd_sitelink(json_t *sitelinks, const char *lang)
{
    char site[48];
    snprintf(site, sizeof site, "%swiki", lang);
    for (char *p = site; *p; p++)
        if (*p == '-')
            *p = '_';
    json_t *v = json_object_get(sitelinks, site);
    return json_is_object(v) ? str(json_object_get(v, "title")) : str(v);
}

static char *wiki_url(const char *lang, const char *title)
{
    char *url = xasprintf("https://%s.wikipedia.org/wiki/%s", lang, title);
    for (char *p = url + strlen(url) - strlen(title); *p; p++)
        if (*p == ' ')
            *p = '_';
    return url;
}

/* One language of a Wikidata item: its text (when it has a page or a
 * description) and its names. */
static void wd_language(json_t *rec, const struct kb_parse_opts *o, const char *lang,
                        struct kb_entity *e)
{
    if (!kb_want_lang(o, lang))
        return;
    const char *label = wd_value(json_object_get(json_object_get(rec, "labels"), lang));
    const char *desc = wd_value(json_object_get(json_object_get(rec, "descriptions"), lang));
    const char *page = wd_sitelink(json_object_get(rec, "sitelinks"), lang);
    if (page || (desc && label)) {
        struct kb_text *t = kb_add_text(e, lang);
        t->title = xstrdup(page ? page : label);
        t->page = xstrdup(page);
        t->description = xstrdup(desc);
        t->url = page ? wiki_url(lang, page) : NULL;
        /* Labels and descriptions are CC0; an extract imported later brings its own. */
        t->licence = xstrdup("CC0-1.0");
        t->licence_url = xstrdup("https://creativecommons.org/publicdomain/zero/1.0/");
        t->revision = int_field(json_object_get(rec, "lastrevid"));
        t->modified_at = time_field(json_object_get(rec, "modified"));
        t->dump = xstrdup(o->dump);
        t->dump_date = o->dump_date;
    }
    kb_add_alias(e, lang, label, KB_ORIGIN_LABEL);
    json_t *aliases = json_object_get(json_object_get(rec, "aliases"), lang), *a;
    size_t i;
    json_array_foreach(aliases, i, a) kb_add_alias(e, lang, wd_value(a), KB_ORIGIN_ALIAS);
    if (page)
        kb_add_title_aliases(e, lang, page);
}

static enum err wikidata_entity(json_t *rec, const struct kb_parse_opts *o, struct kb_entity *e,
                                struct errbuf *eb)
{
    const char *type = str(json_object_get(rec, "type"));
    if (type && strcmp(type, "item"))
        return ERR_NOT_FOUND;
    const char *id = str(json_object_get(rec, "id"));
    if (!is_qid(id))
        return errf(eb, ERR_INVALID, "Wikidata record without an item ID (%.40s)",
                    id ? id : "none");
    e->qid = xstrdup(id);
    e->kind = wd_disambiguation(rec) ? KB_KIND_DISAMBIGUATION : KB_KIND_ARTICLE;
    json_t *labels = json_object_get(rec, "labels");
    json_t *sitelinks = json_object_get(rec, "sitelinks");
    const char *key;
    json_t *v;
    json_object_foreach(labels, key, v) wd_language(rec, o, key, e);
    json_object_foreach(sitelinks, key, v)
    {
        char lang[32];
        if (!kb_wiki_lang(key, lang, sizeof lang))
            continue;
        e->popularity++;
        if (!json_object_get(labels, lang))
            wd_language(rec, o, lang, e);
    }
    return ERR_OK;
}

enum err kb_json_entity(json_t *rec, const struct kb_parse_opts *o, struct kb_entity *out,
                        struct errbuf *eb)
{
    kb_entity_clear(out);
    if (!json_is_object(rec))
        return errf(eb, ERR_INVALID, "record is not a JSON object");
    enum err err;
    if (json_object_get(rec, "labels") || json_object_get(rec, "sitelinks") ||
        (json_object_get(rec, "type") && !json_object_get(rec, "name")))
        err = wikidata_entity(rec, o, out, eb);
    else
        err = enterprise_entity(rec, o, out, eb);
    if (!err && !out->n_texts && !out->n_aliases)
        err = ERR_NOT_FOUND; /* nothing in the languages asked for */
    if (err)
        kb_entity_clear(out);
    return err;
}

enum err kb_json_line_entity(const char *line, size_t len, const struct kb_parse_opts *o,
                             struct kb_entity *out, struct errbuf *eb)
{
    json_error_t je;
    json_t *rec = json_loadb(line, len, 0, &je);
    if (!rec) {
        kb_entity_clear(out);
        return errf(eb, ERR_PARSE, "bad JSON at column %d: %s", je.column, je.text);
    }
    enum err err = kb_json_entity(rec, o, out, eb);
    json_decref(rec);
    return err;
}

/* ---- the record stream ---- */

struct jreader {
    struct kb_stream *in;
    const struct kb_sink *sink;
    char *buf;
    size_t len, pos, cap;
    uint64_t base; /* offset in the stream of buf[0] */
    uint64_t line; /* line of buf[pos], from 1 */
    bool eof;
};

/* Reads more of the stream into the window, keeping buf[pos..len). ERR_LIMIT
 * when the window is at KB_MAX_RECORD and full. A corrupt or cut compressed
 * stream is reported as skipped and ends the input. */
static enum err more(struct jreader *r, struct errbuf *eb)
{
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->base += r->pos;
        r->pos = 0;
    }
    if (r->len == r->cap) {
        if (r->cap >= KB_MAX_RECORD)
            return ERR_LIMIT;
        r->cap = r->cap * 2 > KB_MAX_RECORD ? KB_MAX_RECORD : r->cap * 2;
        r->buf = xrealloc(r->buf, r->cap + 1);
    }
    size_t got;
    struct errbuf se = {{0}};
    enum err err = kb_stream_read(r->in, r->buf + r->len, r->cap - r->len, &got, &se);
    if (err == ERR_PARSE) {
        r->sink->skip(r->sink->ctx, r->line, r->base + r->len, se.msg);
        r->eof = true;
        return ERR_OK;
    }
    if (err)
        return errf(eb, err, "%s", se.msg);
    r->len += got;
    r->buf[r->len] = '\0';
    if (!got)
        r->eof = true;
    return ERR_OK;
}

static void advance(struct jreader *r, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (r->buf[r->pos + i] == '\n')
            r->line++;
    r->pos += k;
}

/* The byte at the reading position in *c, reading more when the window is
 * used up; -1 at the end of the input. */
static enum err peek(struct jreader *r, int *c, struct errbuf *eb)
{
    while (r->pos == r->len && !r->eof) {
        enum err err = more(r, eb);
        if (err)
            return err;
    }
    *c = r->pos < r->len ? (unsigned char)r->buf[r->pos] : -1;
    return ERR_OK;
}

/* Skips to the next line whose first non-blank byte opens a record. */
static enum err resync(struct jreader *r, struct errbuf *eb)
{
    bool line_start = false;
    int c;
    enum err err;
    while (!(err = peek(r, &c, eb)) && c >= 0 && !(line_start && c == '{')) {
        if (c == '\n')
            line_start = true;
        else if (c != ' ' && c != '\t' && c != '\r')
            line_start = false;
        advance(r, 1);
    }
    return err;
}

/* Moves past white space and the punctuation between records. */
static enum err between(struct jreader *r, struct errbuf *eb)
{
    int c;
    enum err err;
    while (!(err = peek(r, &c, eb)) && c >= 0 && (isspace(c) || c == ',' || c == '[' || c == ']'))
        advance(r, 1);
    return err;
}

static enum err deliver(struct jreader *r, json_t *rec, const struct kb_parse_opts *o,
                        uint64_t line, uint64_t offset)
{
    struct kb_entity e = {0};
    struct errbuf why = {{0}};
    enum err err = kb_json_entity(rec, o, &e, &why);
    if (err == ERR_NOT_FOUND) {
        r->sink->ignore(r->sink->ctx);
        err = ERR_OK;
    } else if (err) {
        r->sink->skip(r->sink->ctx, line, offset, why.msg);
        err = ERR_OK;
    } else {
        err = r->sink->entity(r->sink->ctx, &e);
    }
    kb_entity_clear(&e);
    return err;
}

enum err kb_read_json(struct kb_stream *in, const struct kb_parse_opts *o,
                      const struct kb_sink *sink, struct errbuf *eb)
{
    struct jreader r = {.in = in, .sink = sink, .cap = 1 << 20, .line = 1};
    r.buf = xmalloc(r.cap + 1);
    enum err err = ERR_OK;
    while (!err) {
        if ((err = between(&r, eb)) || (r.pos == r.len && r.eof))
            break;
        uint64_t line = r.line, offset = r.base + r.pos;
        if (r.buf[r.pos] != '{') {
            sink->skip(sink->ctx, line, offset, "not a JSON record");
            err = resync(&r, eb);
            continue;
        }
        json_error_t je;
        json_t *rec = json_loadb(r.buf + r.pos, r.len - r.pos, JSON_DISABLE_EOF_CHECK, &je);
        if (!rec) {
            /* An error at the end of the window may only mean the record goes on. */
            if (!r.eof && (size_t)je.position + 4 >= r.len - r.pos) {
                err = more(&r, eb);
                if (err == ERR_LIMIT) {
                    char why[96];
                    snprintf(why, sizeof why, "record larger than %u bytes", KB_MAX_RECORD);
                    sink->skip(sink->ctx, line, offset, why);
                    advance(&r, r.len - r.pos); /* let go of the window, then resync */
                    err = resync(&r, eb);
                }
                continue;
            }
            char why[256];
            snprintf(why, sizeof why, "bad JSON (line %d of the record): %s", je.line, je.text);
            sink->skip(sink->ctx, line + (uint64_t)(je.line > 0 ? je.line - 1 : 0), offset, why);
            err = resync(&r, eb);
            continue;
        }
        advance(&r, (size_t)je.position);
        err = deliver(&r, rec, o, line, offset);
        json_decref(rec);
    }
    free(r.buf);
    return err;
}
