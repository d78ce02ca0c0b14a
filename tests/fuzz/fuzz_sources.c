/* libFuzzer target: the sources files (OPML and our JSON, sources_parse) and
 * feed discovery on a page (sources_discover_links). Besides crashes, it
 * stops when a parsed source breaks source_validate's promise (an http(s)
 * feed URL and a name), or a discovered feed URL is not http(s). */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_assert.h"
#include "base/url.h"
#include "sources/discover.h"
#include "sources/sources.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct source_list list = {0};
    size_t skipped = 0;
    struct errbuf eb = {{0}};
    if (sources_parse(text, size, "fuzz", &list, &skipped, &eb) == ERR_OK) {
        for (size_t i = 0; i < list.len; i++) {
            FUZZ_ASSERT(url_is_http(list.items[i].feed_url));
            FUZZ_ASSERT(list.items[i].name && *list.items[i].name);
        }
    }
    source_list_clear(&list);

    struct feed_link_list links;
    sources_discover_links(text, size, "https://example.org/a/page.html", &links);
    for (size_t i = 0; i < links.len; i++) {
        FUZZ_ASSERT(url_is_http(links.items[i].url));
        FUZZ_ASSERT(links.items[i].type != NULL);
    }
    feed_link_list_clear(&links);
    return 0;
}
