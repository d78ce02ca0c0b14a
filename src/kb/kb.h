/* The knowledge base: importing Wikipedia and Wikidata dumps into the store (in
 * one transaction, in bounded memory), looking names up in the alias index,
 * linking the entity mentions of a text, and choosing which linked entity
 * deserves a story's background box. docs/kb.md tells the design. */
#ifndef OMNIBUS_KB_KB_H
#define OMNIBUS_KB_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "store/store.h"

/* ---- import ---- */

struct kb_import_opts {
    const char *const *langs; /* import only these languages; NULL: every language */
    size_t n_langs;
    bool no_links; /* do not count wiki link texts (pages-articles) for the prior */
    bool progress; /* draw a progress line when stderr is a terminal */
};

/* Skipped items listed in a report; the rest are only counted. */
#define KB_REPORT_SKIPS 20

struct kb_import_report {
    uint64_t entities;            /* entities written (a page, a record, a Wikidata item) */
    uint64_t redirects;           /* redirect pages read */
    uint64_t links;               /* wiki links counted */
    uint64_t ignored;             /* records that are not articles (other namespaces, properties) */
    uint64_t skipped;             /* bad items skipped */
    char *skips[KB_REPORT_SKIPS]; /* "FILE:line L (byte B): why" for the first ones */
    size_t n_skips;
    struct kb_resolve_counts resolved;
};

void kb_import_report_clear(struct kb_import_report *r); /* NULL-safe */

/* Imports the dump files paths[0..n) into st. Formats are told by content:
 * Wikimedia Enterprise NDJSON (or a JSON array, or one record), MediaWiki
 * pages-articles XML (UTF-8 or UTF-16 with a BOM), Wikidata JSON dumps; each
 * plain, bzip2 or gzip. Everything is one transaction: the KB gains all files
 * or, on an error, nothing. Bad records, cut compressed data and unclosed XML
 * are not errors: what is valid is imported and each bad item is counted and
 * (the first KB_REPORT_SKIPS) described in r with its line and byte offset.
 * Errors: ERR_IO for a file that cannot be read, ERR_STORE. */
MUST_CHECK enum err kb_import(struct store *st, const char *const *paths, size_t n,
                              const struct kb_import_opts *o, struct kb_import_report *r,
                              struct errbuf *eb);

/* ---- lookup ---- */

/* An entity a name may stand for, ranked. */
struct kb_match {
    int64_t entity_id;
    char *qid;  /* NULL when the entity has none */
    int kind;   /* enum kb_kind */
    char *lang; /* language of title/description/extract below */
    char *title;
    char *description;
    char *extract;
    char *url;
    double prior; /* share of the name's weight that goes to this entity, 0..1 */
    int origin;   /* KB_ORIGIN_* bits of the matched alias */
    int64_t links;
    int64_t popularity;
};

struct kb_match_list {
    struct kb_match *items;
    size_t len;
};

void kb_match_list_clear(struct kb_match_list *l); /* NULL-safe */

/* The entities name may stand for in lang (English when lang has none), best
 * prior first, at most limit. An empty list when the name is unknown.
 * ERR_INVALID when name has no key (kb/norm.h). */
MUST_CHECK enum err kb_lookup(struct store *st, const char *name, const char *lang, size_t limit,
                              struct kb_match_list *out, struct errbuf *eb);

/* ---- linking ---- */

/* A span of the text that may name something, as the text module finds name
 * candidates: byte offsets, end exclusive. */
struct kb_span {
    size_t start;
    size_t end;
};

struct kb_link_opts {
    const char *lang;            /* the text's language, e.g. "en" */
    const struct kb_span *spans; /* name candidates from the text module, or NULL */
    size_t n_spans;
    bool spans_only; /* link only the given spans; else also find names by alias match */
};

/* One mention: a span of the text and the entity it stands for, or NIL. */
struct kb_mention {
    size_t start, end; /* byte offsets into the text, end exclusive */
    char *surface;
    int64_t entity_id; /* 0: NIL, nothing in the KB fits */
    char *qid;         /* NULL for NIL or an entity without one */
    char *title;
    double score;     /* the chosen entity's score, 0..1 */
    double prior;     /* its share of the name */
    double context;   /* similarity of the text to its description and extract */
    double coherence; /* relatedness to the other entities linked in the text */
    size_t candidates;
};

struct kb_links {
    struct kb_mention *items;
    size_t len;
};

void kb_links_clear(struct kb_links *l); /* NULL-safe */

/* A linker: per-thread state (stemmer, entity text cache) over a store it
 * borrows. */
struct kb_linker;

MUST_CHECK enum err kb_linker_new(struct store *st, struct kb_linker **out, struct errbuf *eb);
void kb_linker_free(struct kb_linker *lk); /* NULL-safe */

/* Links the mentions of text[0..len) (UTF-8): candidate spans are the
 * caller's name candidates and, unless spans_only, the longest alias matches
 * over the text's capitalised tokens; each is disambiguated by prior, context
 * and coherence, or marked NIL. Mentions come out in text order, not
 * overlapping. Caller frees *out. */
MUST_CHECK enum err kb_link(struct kb_linker *lk, const char *text, size_t len,
                            const struct kb_link_opts *o, struct kb_links *out, struct errbuf *eb);

/* Links a stored article's title, summary and body and stores its mentions
 * (replacing earlier ones), recording that this body has been linked and
 * releasing its "link" work claim, in one transaction. *mentions counts the
 * mentions stored, *linked those that are not NIL. Errors: the store's,
 * ERR_NOT_FOUND for a missing article. */
MUST_CHECK enum err kb_link_article(struct kb_linker *lk, struct store *st, int64_t id,
                                    size_t *mentions, size_t *linked, struct errbuf *eb);

/* Writes the mentions as a JSON array of {start, end, surface, qid, title,
 * score, ...} objects (NIL mentions have "qid": null). */
MUST_CHECK enum err kb_links_json(const struct kb_links *l, struct buf *out);

/* ---- salience: the entity for a story's background box ---- */

/* A linked mention as the story stage knows it. */
struct kb_salience_mention {
    int64_t entity_id; /* 0 (NIL) mentions are ignored */
    int field;         /* enum kb_field */
    size_t start;      /* byte offset in its field */
};

struct kb_salience_article {
    int64_t source_id;
    size_t lead_end; /* content mentions before this offset are in the lead */
    const struct kb_salience_mention *mentions;
    size_t n_mentions;
};

/* What the KB knows of an entity that matters for the box. */
struct kb_entity_facts {
    int64_t entity_id;
    int kind;             /* disambiguation pages never get the box */
    int64_t popularity;   /* Wikipedia editions with a page: the generic have many */
    bool has_reader_lang; /* it has an extract in the reader's language */
    bool has_en;          /* it has an English extract */
};

struct kb_salient {
    int64_t entity_id;
    double score;
    int sources;      /* distinct sources mentioning it */
    int articles;     /* articles mentioning it */
    int in_title;     /* articles naming it in the title */
    int in_lead;      /* articles naming it in the lead or summary */
    const char *show; /* "reader" or "en": which extract the box shows */
};

/* Ranks the entities of a story's articles for the background box: present
 * across many sources, in titles and leads, specific rather than generic, and
 * with an extract the reader can read (their language, else English). Facts
 * for every entity mentioned must be in facts (others are left out). Fills
 * *out with a new array (free() it), best first, without entities that cannot
 * have a box (disambiguation pages, no extract). */
void kb_salience(const struct kb_salience_article *articles, size_t n_articles,
                 const struct kb_entity_facts *facts, size_t n_facts, struct kb_salient **out,
                 size_t *n_out);

#endif
