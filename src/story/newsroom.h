/* Independent newsrooms: who actually reported an article. A wire text run by
 * an outlet is the wire's work ("TT", "AP", "Reuters", "NTB"...), a copy is its
 * original's, outlets of one owner group share a newsroom, and otherwise the
 * outlet is its own. A story's newsroom count is how many distinct ones it has. */
#ifndef OMNIBUS_STORY_NEWSROOM_H
#define OMNIBUS_STORY_NEWSROOM_H

#include <stddef.h>
#include <stdint.h>

/* The wire service an article comes from, by its byline (a name, a list, or a
 * JSON array of names: "TT", "By Jane Doe, Associated Press") or a dateline or
 * sign-off in its text ("STOCKHOLM (TT)", "(AP) —", "/NTB"). Returns the
 * service's short name ("TT", "AP", "Reuters", "NTB", "AFP", "DPA", "Ritzau",
 * "STT", "ANP", "EFE", "ANSA", "Bloomberg"), a static string, or NULL. Either
 * argument may be NULL. */
const char *story_wire_family(const char *byline, const char *text);

/* Writes the newsroom key of an article into out (size bytes): "wire:AP",
 * "owner:Bonnier" (owner case-folded for ASCII), "outlet:12", else
 * "article:KEY". outlet is the source id (0: unknown); owner may be NULL. */
void story_newsroom_key(const char *wire, const char *owner, int64_t outlet, int64_t key, char *out,
                        size_t size);

#endif
