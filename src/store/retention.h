/* Retention (src/store/retention.c, `omnibus prune --keep-bodies DAYS`): the
 * bodies and page text of old articles are dropped, the exact bytes that
 * stored roundups show of them kept (article_excerpt), so that published
 * roundups still verify against their sources. Old stories are frozen: their
 * roundups are not composed again (store_stories_to_compose's active_since). */
#ifndef OMNIBUS_STORE_RETENTION_H
#define OMNIBUS_STORE_RETENTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

/* Keeps body[begin, end) of article id (article_excerpt) while it has its
 * body; *kept tells whether it is kept now (false: no body any more, or the
 * range is not in it). */
MUST_CHECK enum err store_excerpt_keep(struct store *st, int64_t id, size_t begin, size_t end,
                                       bool *kept, struct errbuf *eb);
/* The kept bytes [begin, end) of article id's dropped body, in a new string
 * *text (free() it); ERR_NOT_FOUND when none are kept. */
MUST_CHECK enum err store_excerpt_get(struct store *st, int64_t id, size_t begin, size_t end,
                                      char **text, struct errbuf *eb);
/* Drops the body, feed content and extracted page text and HTML of every
 * article fetched before `before` whose story is frozen (its newest member
 * older than before, story.last_seen): titles, summaries, analyses (sentence
 * offsets), the search index and kept excerpts stay. Articles not yet
 * clustered keep theirs. *dropped counts the articles. One transaction. */
MUST_CHECK enum err store_bodies_drop(struct store *st, int64_t before, int64_t *dropped,
                                      struct errbuf *eb);

#endif
