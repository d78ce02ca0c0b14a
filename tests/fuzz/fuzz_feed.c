/* libFuzzer target: feed_parse and feed_to_json on any bytes. The first byte
 * picks the Content-Type the bytes are served with. Besides crashes and
 * sanitizer reports, it stops on broken promises: output that is not UTF-8,
 * and markup the sanitizer must never let through. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz_assert.h"
#include "feed/decode.h"
#include "feed/feed.h"

/* Our sanitizer writes tags one way: <name attr="value" ...> with values
 * escaped, and text with '<' escaped. So every '<' opens a tag it wrote; the
 * tag's name and attributes must be ones it may let through. */
static void check_html(const char *html)
{
    static const char *never[] = {"script", "style", "iframe", "object", "embed", "svg",
                                  "form",   "input", "meta",   "link",   "base",  "frame"};
    if (!html)
        return;
    FUZZ_ASSERT(feed_utf8_valid(html, strlen(html)));
    for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
        const char *q = p + 1 + (p[1] == '/');
        size_t n = strspn(q, "abcdefghijklmnopqrstuvwxyz0123456789");
        for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
            FUZZ_ASSERT(strlen(never[i]) != n || strncmp(q, never[i], n));
        q += n;
        while (*q == ' ' && strncmp(q, " />", 3)) {
            q++;
            size_t an = strspn(q, "abcdefghijklmnopqrstuvwxyz-");
            FUZZ_ASSERT(strncmp(q, "on", 2) && !(an == 5 && !strncmp(q, "style", 5)));
            FUZZ_ASSERT(!strncmp(q + an, "=\"", 2));
            const char *v = q + an + 2;
            bool url = (an == 4 && (!strncmp(q, "href", 4) || !strncmp(q, "cite", 4))) ||
                       (an == 3 && !strncmp(q, "src", 3)) || (an == 6 && !strncmp(q, "poster", 6));
            if (url)
                FUZZ_ASSERT(strncasecmp(v, "javascript:", 11) && strncasecmp(v, "data:", 5) &&
                            strncasecmp(v, "vbscript:", 9));
            q = strchr(v, '"');
            FUZZ_ASSERT(q);
            q++;
        }
        FUZZ_ASSERT(*q == '>' || !strncmp(q, " />", 3));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *types[] = {NULL,
                                  "application/rss+xml",
                                  "text/xml",
                                  "application/atom+xml; charset=iso-8859-1",
                                  "text/xml; charset=utf-16",
                                  "application/feed+json",
                                  "text/html; charset=windows-1252",
                                  "application/xml; charset=shift_jis"};
    const char *ctype = NULL;
    if (size) {
        ctype = types[data[0] % (sizeof types / sizeof types[0])];
        data++;
        size--;
    }
    struct feed f;
    struct errbuf eb = {{0}};
    enum err err = feed_parse((const char *)data, size, "http://example.com/feed/", ctype, &f, &eb);
    if (!err) {
        for (size_t i = 0; i < f.n_items; i++) {
            check_html(f.items[i].summary);
            check_html(f.items[i].content);
        }
        struct buf out;
        buf_init(&out, BUF_UNLIMITED);
        FUZZ_ASSERT(feed_to_json(&f, &out) == ERR_OK);
        FUZZ_ASSERT(feed_utf8_valid(out.data, out.len));
        buf_clear(&out);
    }
    feed_clear(&f);
    return 0;
}
