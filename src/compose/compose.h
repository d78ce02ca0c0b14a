/* Roundups: for a story (a set of member articles) and a reader
 * language, one attributed article made only of real sentences of the linked
 * sources: headline, lead, one paragraph per independent newsroom, pull quote,
 * read-more list, background box, credited image and a balance summary. Every
 * shown sentence and quote keeps its article id and byte offsets into the
 * stored article body; compose_verify checks them against the store before a
 * roundup is published. See docs/roundups.md. */
#ifndef OMNIBUS_COMPOSE_COMPOSE_H
#define OMNIBUS_COMPOSE_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"
#include "lang/lang.h"

struct json_t; /* jansson's */

/* Tunables, named so tests and docs can refer to them. Novelty is the share
 * of a sentence's stems that neither the headline nor a shown sentence used. */
#define COMPOSE_REDUNDANCY 0.5     /* max cosine between two shown sentences */
#define COMPOSE_NOVELTY_MIN 0.55   /* a sentence after the lead adds at least this */
#define COMPOSE_NOVELTY_SECOND 0.6 /* a take's second paragraph opens with this much new */
enum {
    COMPOSE_MAX_TAKES = 5,          /* newsrooms shown by default; the rest are in read more */
    COMPOSE_TAKE_SENTENCES = 3,     /* sentences in a paragraph */
    COMPOSE_PARAGRAPH_BYTES = 500,  /* a paragraph grows no longer than this */
    COMPOSE_MAX_MEMBERS = 2000,     /* a bigger story is an error (ERR_LIMIT) */
    COMPOSE_READ_MEMBERS = 200,     /* a story's newest members its roundup reads */
    COMPOSE_SENTENCE_MIN = 40,  /* bytes */
    COMPOSE_SENTENCE_MAX = 400, /* bytes */
};

/* Where the members a roundup reads of a story begin (the since of
 * store_story_members_recent): window seconds before its last article
 * (last_seen), as the clusterer's memory holds them; INT64_MIN (all) when
 * window or last_seen is 0. */
int64_t compose_members_since(int64_t last_seen, int64_t window);

/* The knowledge base's box for the story's salient entity, shown as given. */
struct compose_background {
    int64_t entity_id; /* the KB entity explained (its topic page), 0 when none */
    const char *title;
    const char *extract;
    const char *wiki_lang; /* "sv" or "en": shown as "Wikipedia (sv)" */
    const char *url;
    const char *licence;   /* e.g. "CC BY-SA 4.0" */
    const char *dump_date; /* e.g. "2024-03-01" */
};

/* What to compose. Everything is borrowed. copy_of, when not NULL, is the
 * story stage's decision, parallel to article_ids: the id of the article each
 * one copies, 0 for an original (an id that is not a member counts as 0), so
 * that a roundup and its story agree on which articles are copies. When it is
 * NULL (articles composed without a story: roundup --articles) the composer
 * finds copies itself: an article is a copy of an earlier one (by published
 * time, then id) when at least 60% of its sentences, and at least two, occur
 * verbatim in it. */
struct compose_input {
    const int64_t *article_ids;
    size_t n;
    enum lang reader;                            /* LANG_SV or LANG_EN */
    const struct compose_background *background; /* may be NULL: filled later from the KB */
    const int64_t *copy_of;
    size_t max_takes; /* newsrooms shown; 0: COMPOSE_MAX_TAKES */
    /* The site's home ("SE"): its readers are told when no outlet from there
     * covers the story (phrase_home_gap); NULL: no such line. */
    const char *home_country;
    /* The story's headline (the story stage's): taken when a member has it
     * as its title in the reader's language (or none has one in it); NULL:
     * the title closest to the others. */
    const char *headline;
};

/* One member as the composer reads it (compose_load fills these from the
 * store; tests and benchmarks may build them by hand). Strings borrowed. */
struct compose_member {
    int64_t article_id;
    int64_t source_id;
    const char *url;
    const char *title;
    const char *body;
    size_t body_len;
    int64_t published_at;
    enum lang lang;             /* of the body; UNKNOWN when not identified */
    const char *const *authors; /* byline names, may be 0 */
    size_t n_authors;
    const char *outlet; /* source name; "" for an unnamed outlet */
    const char *country, *outlet_lang, *kind, *owner, *stance; /* may be NULL */
    const char *image_url, *image_caption, *image_credit;      /* may be NULL */
    const struct text_range *sentences;
    size_t n_sentences;
    const struct stored_quote *quotes;
    size_t n_quotes;
};

/* A shown sentence or quote: exactly body[begin, end) of article_id. */
struct roundup_excerpt {
    int64_t article_id;
    size_t begin, end;
    char *text;
    char *url;
    enum lang lang;
    bool foreign; /* its language differs from the reader's: marked */
};

/* Who a paragraph credits: the stored byline and outlet as they are. */
struct roundup_credit {
    int64_t article_id;
    char **authors;
    size_t n_authors;
    char *outlet; /* "" for an unnamed outlet */
};

struct roundup_paragraph {
    struct roundup_excerpt sentences[COMPOSE_TAKE_SENTENCES];
    size_t n;
    struct roundup_credit credit;
    char *attribution;  /* "writes Alex Rossi for Sky News" (no punctuation) */
    char **also_run_by; /* outlets that ran a copy */
    size_t n_also;
    char *display; /* the paragraph as a reader sees it */
};

/* A pull quote: the quotation, its speaker (within the same article) and how
 * the reader sees it. */
struct roundup_quote {
    struct roundup_excerpt quote, speaker;
    char *display;
};

enum { COMPOSE_QUOTE_CANDIDATES = 5 }; /* pull quotes an editor may choose among */

struct roundup_more {
    int64_t article_id;
    char *outlet, *title, *url;
    int64_t published_at;
    int64_t copy_of; /* 0, or the original this article copies */
};

struct roundup_count {
    char *key;
    size_t n;
};

struct roundup_counts {
    struct roundup_count *items;
    size_t len;
};

struct roundup_balance {
    size_t articles, outlets, newsrooms;
    struct roundup_counts by_country, by_lang, by_kind, by_stance, by_owner;
    char *gap_note; /* NULL when no gap note holds */
};

struct roundup {
    enum lang reader;
    char *label;    /* "Analysis:" etc., NULL when none */
    char *headline; /* a member's title, as stored */
    int64_t headline_article;
    struct roundup_paragraph *paragraphs; /* [0], when any, opens with the lead */
    size_t n_paragraphs;
    bool has_quote;
    struct roundup_excerpt quote;
    struct roundup_excerpt speaker; /* within the quote's article */
    char *quote_display;
    /* The pull quotes the composer found, best first (the chosen one is the
     * first): an editor may choose another (docs/desk.md). */
    struct roundup_quote quote_candidates[COMPOSE_QUOTE_CANDIDATES];
    size_t n_quote_candidates;
    struct roundup_more *more;
    size_t n_more;
    bool has_background;
    struct {
        int64_t entity_id; /* 0 when the box names no KB entity */
        char *title, *extract, *source, *url, *licence, *dump_date;
    } background;
    bool has_image;
    struct {
        int64_t article_id;
        char *url, *caption, *credit, *display;
    } image;
    struct roundup_balance balance;
    double max_similarity; /* the highest cosine between two shown sentences */
    int64_t *members;      /* sorted article ids */
    size_t n_members;
};

void roundup_clear(struct roundup *r); /* NULL-safe; zeroes r */

/* Composes from members already read. ctx is the caller's text context
 * (terms are stemmed with it). Caller owns *out (roundup_clear), also after
 * an error. Errors: ERR_INVALID (no members, reader not sv/en), ERR_LIMIT
 * (more than COMPOSE_MAX_MEMBERS), the text module's. */
MUST_CHECK enum err compose_build(struct lang_ctx *ctx, const struct compose_member *members,
                                  size_t n, const struct compose_input *in, struct roundup *out,
                                  struct errbuf *eb);

/* Members read from the store: articles, sources, stored text analysis and
 * extraction (for byline and image). Owns what the members point to. */
struct compose_set;
MUST_CHECK enum err compose_load(struct store *st, const int64_t *ids, size_t n,
                                 struct compose_set **out, struct errbuf *eb);
const struct compose_member *compose_set_members(const struct compose_set *s, size_t *n);
void compose_set_free(struct compose_set *s); /* NULL-safe */

/* Loads, composes and verifies: the one call for a CLI or the pipeline.
 * Errors: compose_load's, compose_build's, compose_verify's. */
MUST_CHECK enum err compose_story(struct lang_ctx *ctx, struct store *st,
                                  const struct compose_input *in, struct roundup *out,
                                  struct errbuf *eb);

/* Checks, against the store, that every shown sentence, quote and speaker is
 * exactly body[begin, end) of its article (and its text equals it), and that
 * every paragraph's credit equals the article's stored byline and its
 * source's name, and its attribution is the one the phrase table makes of
 * them. ERR_INVALID naming the first failure. */
MUST_CHECK enum err compose_verify(struct store *st, const struct roundup *r, struct errbuf *eb);

/* Verifies r and stores it as the next version of key ("story:42") in r's
 * language, with what changed since the latest version ("first version",
 * "+2 sources", "new headline"). A roundup equal to the latest is not stored
 * again (*version is then the latest's). A failing verification is logged and
 * returned; nothing is stored. ERR_INVALID, nothing stored, for a roundup
 * without a lead (an empty one: no sentence passed the filters). */
MUST_CHECK enum err compose_publish(struct store *st, const char *key, const struct roundup *r,
                                    int *version, struct errbuf *eb);

/* ---- the editor desk (desk.c, docs/desk.md) ---- */

/* Whether a new roundup goes out as the composer made it (auto) or waits as
 * a draft until an editor publishes it (desk). A site setting in the store,
 * so every process of a site agrees. */
enum publish_mode { PUBLISH_AUTO, PUBLISH_DESK };

/* "auto" or "desk" into *out; false for anything else. */
bool publish_mode_parse(const char *s, enum publish_mode *out);
/* The site's mode (auto when never set). */
MUST_CHECK enum err publish_mode_get(struct store *st, enum publish_mode *out, struct errbuf *eb);
MUST_CHECK enum err publish_mode_set(struct store *st, enum publish_mode mode, struct errbuf *eb);

/* Whether the editors decided anything about the content of the story d
 * describes (a flag or hiding alone is not content). */
bool desk_story_shaped(const struct desk_story *d);
/* Publishes the latest composed version of (key, lang) with the editors'
 * decisions (store_desk_story_get) applied: their headline and intro line kept
 * apart from every source's text (body "editors"), dropped takes left out,
 * pinned ones first after the lead, the chosen pull quote and label. Every
 * source excerpt of the result is verified against the store
 * (compose_verify_body) and the body records which fields are the editors'
 * ("provenance"). Stored as a new version, published now by editor, with a
 * change note naming the editorial changes. ERR_NOT_FOUND when nothing was
 * composed for (key, lang). */
MUST_CHECK enum err compose_release(struct store *st, const char *key, const char *lang,
                                    const char *editor, int *version, struct errbuf *eb);
/* Checks every source excerpt a stored roundup body shows (the lead's and
 * the paragraphs' sentences, the pull quote and its speaker) as
 * compose_verify does; *n is how many it checked. The quote candidates are
 * not shown (retention keeps only what is): the one an editor chooses is
 * checked as the pull quote. ERR_INVALID naming the
 * first failure, ERR_PARSE for a body that is not a roundup. */
MUST_CHECK enum err compose_verify_body(struct store *st, const struct json_t *body, size_t *n,
                                        struct errbuf *eb);

/* The roundup as JSON: every shown sentence and quote with its text, url,
 * article_id, begin, end and lang. Caller owns the returned string. */
char *compose_to_json(const struct roundup *r);
/* Calls fn(ctx, article_id, begin, end) for every shown sentence, the quote
 * and its speaker of a roundup stored as compose_to_json wrote it; stops at
 * fn's first error and returns it (fn says why through its ctx). ERR_PARSE
 * (in eb) when json is not such a roundup. */
typedef enum err (*compose_excerpt_fn)(void *ctx, int64_t article_id, size_t begin, size_t end);
MUST_CHECK enum err compose_json_excerpts(const char *json, compose_excerpt_fn fn, void *ctx,
                                          struct errbuf *eb);
/* The roundup as text for a terminal. Caller owns the returned string. */
char *compose_to_text(const struct roundup *r);

#endif
