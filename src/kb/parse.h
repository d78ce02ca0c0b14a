/* The dump readers under kb_import: each turns one format into entities,
 * redirects and link texts handed to a sink, and reports bad items with where
 * they were. Separate from the store so that tests and fuzz targets can run a
 * reader alone. Entities handed to the sink own their strings; the sink may
 * keep or clear them (the reader clears them after the call). */
#ifndef OMNIBUS_KB_PARSE_H
#define OMNIBUS_KB_PARSE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "kb/stream.h"
#include "store/store.h"

/* The largest record read whole: a JSON record or an XML page's wikitext.
 * Wikidata's biggest items and Wikipedia's longest pages are a few MB. */
#define KB_MAX_RECORD (64u * 1024 * 1024)

struct kb_sink {
    void *ctx;
    /* An entity read; it is cleared by the reader afterwards. */
    enum err (*entity)(void *ctx, struct kb_entity *e);
    /* A redirect page: title in lang redirects to target (both page titles). */
    enum err (*redirect)(void *ctx, const char *lang, const char *title, const char *target);
    /* A wiki link with text label to page target in lang; NULL to skip links. */
    enum err (*link)(void *ctx, const char *lang, const char *target, const char *label,
                     size_t label_len);
    /* A bad item skipped: line (1-based; 0 when unknown) and byte offset (in
     * the decompressed text) where it starts, and why. */
    void (*skip)(void *ctx, uint64_t line, uint64_t offset, const char *why);
    /* A record that is not an article (another namespace, a property). */
    void (*ignore)(void *ctx);
};

struct kb_parse_opts {
    const char *const *langs; /* NULL: all */
    size_t n_langs;
    const char *dump;  /* the file's base name, stored as provenance */
    int64_t dump_date; /* from the file name, 0 when it has none */
};

/* True when o lets lang in. */
bool kb_want_lang(const struct kb_parse_opts *o, const char *lang);

/* Builders for an entity being read; strings are copied. add_text returns
 * the new text with lang set; add_alias computes the key and drops names that
 * have none. kb_add_title_aliases adds the title and, for "Austin, Texas" or
 * "Mercury (planet)", the name without its qualifier. */
struct kb_text *kb_add_text(struct kb_entity *e, const char *lang);
void kb_add_alias(struct kb_entity *e, const char *lang, const char *name, int origin);
void kb_add_title_aliases(struct kb_entity *e, const char *lang, const char *title);

/* The opening paragraph of an abstract as a dump gives it: up to its first
 * line break, or to the first place where paragraphs were run together
 * ("...region.ISIS-K has"); trimmed. A new string, NULL when empty. */
char *kb_first_paragraph(const char *text, size_t len);

/* The language of a wiki database name: "enwiki" -> "en", "zh_min_nanwiki" ->
 * "zh-min-nan"; NULL (nothing written) for wikis that are not a language
 * edition of Wikipedia (commonswiki, wikidatawiki, enwikiquote, ...). */
bool kb_wiki_lang(const char *dbname, char *lang, size_t size);

/* The Creative Commons licence Wikipedia text of a revision at time t is under
 * (CC BY-SA 3.0, or 4.0 from 2023-06-29), as an id and a URL. */
void kb_wikipedia_licence(int64_t t, const char **id, const char **url);

/* Maps a JSON record (Wikimedia Enterprise, snake_case or camelCase, or a
 * Wikidata entity) to an entity in *out (cleared first). ERR_NOT_FOUND for a
 * record that is no article (another namespace, a property); ERR_INVALID for
 * one that cannot be used, with the reason in eb. */
MUST_CHECK enum err kb_json_entity(json_t *rec, const struct kb_parse_opts *o,
                                   struct kb_entity *out, struct errbuf *eb);

/* Parses one line of NDJSON and maps it as kb_json_entity does. */
MUST_CHECK enum err kb_json_line_entity(const char *line, size_t len, const struct kb_parse_opts *o,
                                        struct kb_entity *out, struct errbuf *eb);

/* Reads a stream of JSON records: NDJSON, whitespace-separated records, or a
 * JSON array of records (Wikidata dumps: one per line with trailing commas).
 * Broken records are skipped (the reader picks up at the next line starting
 * a record). Errors: those of the stream that are not about its data, and
 * the sink's. */
MUST_CHECK enum err kb_read_json(struct kb_stream *in, const struct kb_parse_opts *o,
                                 const struct kb_sink *sink, struct errbuf *eb);

/* Reads a MediaWiki XML export: pages of namespace 0 become entities (title,
 * opening paragraph, URL, revision) or redirects; wiki links go to the sink's
 * link. An unclosed page is skipped; pages after it are read. */
MUST_CHECK enum err kb_read_xml(struct kb_stream *in, const struct kb_parse_opts *o,
                                const struct kb_sink *sink, struct errbuf *eb);

#endif
