/* Fuzz target for the story stage: arbitrary bytes as articles. The input is
 * cut at NUL bytes into up to 16 articles (first line the title and byline,
 * the rest the body; the first byte picks the language), which go through the
 * term adapter, near-duplicate signatures, wire families and the clusterer
 * (joins, copies, merges, splits), then every touched story is described and
 * checked for consistent counts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_assert.h"
#include "base/xalloc.h"
#include "story/cluster.h"

#define MAX_DOCS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {"en", "sv", "de", "fi", NULL, "xx", "nb", "fr"};
    if (!size)
        return 0;
    const char *lang = langs[data[0] % (sizeof langs / sizeof langs[0])];
    struct story_params p;
    story_params_default(&p);
    p.max_live = 4; /* let stories go often */
    p.dup_capacity = 3;
    struct story_clusterer *c;
    story_clusterer_new(&p, 1, &c);
    const uint8_t *end = data + size;
    const uint8_t *at = data + 1;
    for (int64_t key = 1; key <= MAX_DOCS && at <= end; key++) {
        const uint8_t *nul = memchr(at, 0, (size_t)(end - at));
        size_t n = nul ? (size_t)(nul - at) : (size_t)(end - at);
        char *doc = xstrndup((const char *)at, n);
        char *body = strchr(doc, '\n');
        if (body)
            *body++ = '\0';
        const char *entities[] = {"Q1", doc};
        struct story_doc d = {
            .key = key,
            .title = doc,
            .text = body,
            .lang = lang,
            .time = (int64_t)(key % 3) * 86400 * (data[0] & 7),
            .outlet = key % 4,
            .owner = key % 2 ? "Group" : NULL,
            .byline = doc,
            .entities = entities,
            .nentities = key % 3 == 0 ? 2 : 0,
        };
        struct story_result r;
        if (story_add(c, &d, &r, NULL) == ERR_OK) {
            /* A copy's original came before it. */
            FUZZ_ASSERT(r.copy_of >= 0 && r.copy_of < key);
            const int64_t *ids;
            size_t nt = story_touched(c, &ids);
            for (size_t i = 0; i < nt; i++) {
                struct story_summary s;
                if (story_describe(c, ids[i], &s, NULL) != ERR_OK)
                    continue;
                FUZZ_ASSERT(s.articles >= 1);
                FUZZ_ASSERT(s.outlets <= s.articles && s.newsrooms <= s.articles);
                FUZZ_ASSERT(s.first_seen <= s.last_seen);
            }
            story_changes_clear(c);
        }
        free(doc);
        at += n + 1;
    }
    story_clusterer_free(c);
    return 0;
}
