/* libFuzzer target for the extractor: any bytes, with a content type taken
 * from the first byte, must give a result or an error — no crash, no hang,
 * no leak — and a result's strings must be valid UTF-8 and its HTML free of
 * scripts, event handlers and javascript: URLs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "fuzz_assert.h"
#include "extract/extract.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    xmlInitParser();
    return 0;
}

/* Whether attribute name[0, n) takes a URL that a browser follows or loads.
 * Other attributes (alt, title) may say "javascript:" as text. */
static bool url_attribute(const char *name, size_t n)
{
    static const char *const urls[] = {"href",   "src",  "cite",     "poster",     "action",
                                       "srcset", "data", "longdesc", "background", "formaction"};
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++)
        if (strlen(urls[i]) == n && !strncasecmp(name, urls[i], n))
            return true;
    return false;
}

/* Whether a tag of the fragment carries a script, an event handler or a
 * javascript: URL. Text is escaped, so every '<' opens a tag, and every value
 * is in double quotes. */
static bool unsafe(const char *html)
{
    for (const char *p = html; (p = strchr(p, '<')) != NULL;) {
        p++;
        if (!strncmp(p, "script", 6))
            return true;
        while (*p && *p != ' ' && *p != '>')
            p++;
        while (*p == ' ') {
            p++;
            if ((p[0] == 'o' || p[0] == 'O') && (p[1] == 'n' || p[1] == 'N'))
                return true;
            const char *name = p;
            while (*p && *p != '=' && *p != ' ' && *p != '>')
                p++;
            if (*p == '=' && p[1] == '"') {
                const char *end = strchr(p + 2, '"');
                if (!end || (url_attribute(name, (size_t)(p - name)) &&
                             !strncasecmp(p + 2, "javascript:", 11)))
                    return true;
                p = end + 1;
            }
        }
        if (*p != '>')
            return true;
    }
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const types[] = {
        NULL, "text/html; charset=utf-8", "text/html; charset=iso-8859-1",
        "text/html; charset=shift_jis", "text/html; charset=utf-16"};
    const char *ctype = size ? types[data[0] % (sizeof types / sizeof types[0])] : NULL;
    struct extract_result r;
    struct errbuf eb;
    enum err err =
        extract_article((const char *)data, size, "https://www.omni.se/a/b", ctype, NULL, &r, &eb);
    if (!err) {
        json_t *j = extract_result_to_json(&r);
        FUZZ_ASSERT(j);
        FUZZ_ASSERT(!r.html || !unsafe(r.html));
        json_decref(j);
    }
    extract_result_clear(&r);
    return 0;
}
