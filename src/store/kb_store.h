/* The knowledge base (src/store/kb_store.c): Wikipedia/Wikidata entities with
 * their text per language and their aliases, as a dump import (src/kb/)
 * writes them. What linking reads and writes is in store/link_store.h. */
#ifndef OMNIBUS_STORE_KB_STORE_H
#define OMNIBUS_STORE_KB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

/* What kind of page an entity is; the linker never picks a disambiguation page. */
enum kb_kind { KB_KIND_ARTICLE = 0, KB_KIND_DISAMBIGUATION = 1 };

/* Where an alias came from: a bit set, since one name often comes from several. */
enum {
    KB_ORIGIN_TITLE = 1,    /* the page title */
    KB_ORIGIN_REDIRECT = 2, /* a redirect to the page */
    KB_ORIGIN_LABEL = 4,    /* the Wikidata label */
    KB_ORIGIN_ALIAS = 8,    /* a Wikidata alias */
    KB_ORIGIN_SHORT = 16,   /* the title without its qualifier ("Austin" of "Austin, Texas") */
    KB_ORIGIN_LINK = 32,    /* the text of wiki links to the page */
};

/* An entity's text in one language: what a background box shows, and where it came from. */
struct kb_text {
    char *lang;        /* "en", "sv", ... */
    char *title;       /* page title, else the Wikidata label */
    char *page;        /* Wikipedia page title (unique per language), NULL if none */
    char *description; /* Wikidata short description */
    char *extract;     /* the opening paragraph, plain text */
    char *url;
    char *licence; /* SPDX-like id, e.g. "CC-BY-SA-3.0" */
    char *licence_url;
    int64_t revision;    /* 0 when unknown */
    int64_t modified_at; /* that revision's time, 0 when unknown */
    char *dump;          /* the file it was imported from */
    int64_t dump_date;   /* 0 when unknown */
};

/* A name an entity goes by in one language. norm is the lookup key (kb/norm.h). */
struct kb_alias {
    char *lang;
    char *name;
    char *norm;
    int origin;    /* KB_ORIGIN_* bits */
    int64_t links; /* wiki links with this text to the entity */
};

/* An entity with its text per language and its aliases. */
struct kb_entity {
    int64_t id;
    char *qid;          /* Wikidata ID ("Q42"), NULL when the dump gave none */
    int kind;           /* enum kb_kind */
    int64_t popularity; /* Wikipedia editions with a page about it; 0 when unknown */
    struct kb_text *texts;
    size_t n_texts;
    struct kb_alias *aliases;
    size_t n_aliases;
};

void kb_text_clear(struct kb_text *t);     /* frees the strings; NULL-safe */
void kb_entity_clear(struct kb_entity *e); /* frees texts, aliases and strings; NULL-safe */

/* Adds an entity or merges it into the stored one, and returns its id in *id.
 * The stored entity is the one with e->qid; without a qid, the one that has a
 * text with the same page title in the same language. An entity stored without
 * a qid whose page e names is joined into e (its texts, aliases and mentions
 * move). Texts are upserted per language, keeping stored fields e leaves NULL;
 * aliases are added (origin bits OR-ed). Every alias needs norm set. Call inside
 * store_begin/store_commit when putting many. ERR_INVALID for an entity with
 * neither a qid nor a text, a text without a language or a title, or an alias
 * without a language, a name or a norm. */
MUST_CHECK enum err store_kb_entity_put(struct store *st, const struct kb_entity *e, int64_t *id,
                                        struct errbuf *eb);
/* The entity with id: all its texts, and up to max_aliases of its aliases (by
 * language, then name). ERR_NOT_FOUND if none. Caller owns *out (kb_entity_clear). */
MUST_CHECK enum err store_kb_entity_get(struct store *st, int64_t id, size_t max_aliases,
                                        struct kb_entity *out, struct errbuf *eb);
/* The id of the entity with Wikidata ID qid; ERR_NOT_FOUND if none. */
MUST_CHECK enum err store_kb_entity_find(struct store *st, const char *qid, int64_t *id,
                                         struct errbuf *eb);
/* The entity's text in lang; ERR_NOT_FOUND if it has none. Caller owns *out
 * (kb_text_clear). */
MUST_CHECK enum err store_kb_text_get(struct store *st, int64_t entity_id, const char *lang,
                                      struct kb_text *out, struct errbuf *eb);

/* Records that page title in lang redirects to target (a page title); it becomes
 * an alias of target's entity when store_kb_resolve finds that page. */
MUST_CHECK enum err store_kb_redirect_put(struct store *st, const char *lang, const char *title,
                                          const char *norm, const char *target, struct errbuf *eb);
/* Adds n wiki links with text name (key norm) to page target in lang, for the
 * current import run (see store_kb_anchors_clear and store_kb_resolve). */
MUST_CHECK enum err store_kb_anchor_add(struct store *st, const char *lang, const char *name,
                                        const char *norm, const char *target, int64_t n,
                                        struct errbuf *eb);
/* Forgets the link texts of an earlier run: call when an import run starts. */
MUST_CHECK enum err store_kb_anchors_clear(struct store *st, struct errbuf *eb);

struct kb_resolve_counts {
    int64_t redirects;         /* redirects that became aliases */
    int64_t redirects_pending; /* redirects whose target is not (yet) in the KB */
    int64_t anchors;           /* (text, entity) link counts set */
    int64_t anchors_pending;   /* link texts whose target is not in the KB */
};
/* Turns redirects whose target page is now known into aliases, and sets the
 * link counts of aliases from this run's link texts (following redirects).
 * Redirects whose target is unknown stay for a later import. */
MUST_CHECK enum err store_kb_resolve(struct store *st, struct kb_resolve_counts *out,
                                     struct errbuf *eb);

/* What the knowledge base holds. */
struct kb_stats {
    int64_t entities;
    int64_t texts;
    int64_t aliases;
    int64_t redirects_pending;
};
MUST_CHECK enum err store_kb_stats(struct store *st, struct kb_stats *out, struct errbuf *eb);

/* Lets bulk work on this connection (a KB import) keep up to mb MiB of the
 * database in memory (SQLite's page cache; PostgreSQL manages its own). */
MUST_CHECK enum err store_kb_cache_mb(struct store *st, int mb, struct errbuf *eb);

#endif
