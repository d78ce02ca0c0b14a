/* Placeholder until the feed parser lands (issue 2, feed parsing). */
#include "feed/feed.h"

#include <string.h>

enum err feed_parse(const char *data, size_t len, const char *base_url, const char *content_type,
                    struct feed *out, struct errbuf *eb)
{
    (void)data, (void)len, (void)base_url, (void)content_type;
    memset(out, 0, sizeof *out);
    return errf(eb, ERR_UNSUPPORTED, "feed parser not built yet");
}

void feed_free(struct feed *f)
{
    (void)f;
}

enum err feed_to_json(const struct feed *f, struct buf *out)
{
    (void)f;
    return buf_puts(out, "{}");
}

const char *feed_format_name(enum feed_format fmt)
{
    (void)fmt;
    return "unknown";
}
