/* The current stories, as the front page, the front feeds and /api/stories
 * rank them: the latest roundup of every story key "story:N" in the reader's
 * language (else the other one), by independent newsrooms damped by age.
 * Bodies are the roundup JSON of docs/roundups.md. */
#ifndef OMNIBUS_WEB_STORIES_H
#define OMNIBUS_WEB_STORIES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "web/html.h"
#include "web/lang.h"

struct story_card {
    int64_t id;                      /* N of "story:N" */
    const struct roundup_version *v; /* the version shown; borrowed from the set */
    json_t *body;                    /* its parsed body; owned by the set */
    bool other_lang;                 /* no version in the reader's language yet */
    int64_t newsrooms;               /* independent newsrooms (balance.newsrooms) */
    double score;
};

struct story_set {
    struct roundup_version_list versions;
    struct story_card *cards; /* best first */
    size_t n;
};

/* At most max stories, best first. Roundups under other keys and bodies that
 * are not JSON objects are left out. Caller owns out (story_set_free), also
 * after an error. Errors: the store's. */
MUST_CHECK enum err story_set_load(struct store *st, enum site_lang lang, size_t max,
                                   struct story_set *out, struct errbuf *eb);
/* The same over the stories whose articles mention KB entity entity_id
 * (store_roundup_topic): a topic page's and its feeds'. */
MUST_CHECK enum err story_set_load_topic(struct store *st, enum site_lang lang, int64_t entity_id,
                                         size_t max, struct story_set *out, struct errbuf *eb);
void story_set_free(struct story_set *s); /* NULL-safe */

/* The story's path, "/story/42-isen-stanger-olandsbron" (the slug is ASCII
 * letters, digits and dashes from headline). A new string. */
char *story_path(int64_t id, const char *headline);

/* The string member key of obj, or NULL (also when obj is no object). */
const char *story_str(const json_t *obj, const char *key);

/* "Prenumerera: Atom · JSON Feed", linking to /KIND/ID/feed.atom and
 * /KIND/ID/feed.json (kind "story" or "topic"). */
void feed_links_html(struct html *h, enum site_lang l, const char *kind, int64_t id);

/* A story on the front page: credited image, label and headline linking to
 * the story, lead, newsroom count and a balance bar. */
void story_card_html(struct html *h, enum site_lang l, const struct story_card *c);

#endif
