#include "kb/stream.h"

#include <bzlib.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "base/xalloc.h"

enum codec { CODEC_PLAIN, CODEC_BZIP2, CODEC_GZIP };

struct kb_stream {
    FILE *f; /* NULL for a memory stream */
    const unsigned char *mem;
    size_t mem_len;
    enum codec codec;
    unsigned char in[1 << 16];
    size_t in_len, in_pos; /* compressed bytes buffered, and consumed of them */
    uint64_t in_total;     /* bytes of the file read into in[] so far */
    uint64_t size;
    bool in_eof;
    enum err pending; /* an error to report on the next read */
    struct errbuf pending_eb;
    bool failed; /* after an error was reported, reads return the end */
    bz_stream bz;
    z_stream gz;
    unsigned char peeked[4096]; /* bytes kb_stream_peek read, served first */
    size_t peeked_len, peeked_pos;
    bool codec_live;   /* bz or gz holds state to end */
    bool stream_ended; /* the current compressed stream ended cleanly */
};

static size_t raw_read(struct kb_stream *s, void *dst, size_t n, struct errbuf *eb, enum err *err)
{
    *err = ERR_OK;
    if (!s->f) {
        size_t left = s->mem_len - (size_t)s->in_total;
        size_t k = n < left ? n : left;
        memcpy(dst, s->mem + s->in_total, k);
        s->in_total += k;
        return k;
    }
    size_t k = fread(dst, 1, n, s->f);
    s->in_total += k;
    if (k < n && ferror(s->f))
        *err = errf(eb, ERR_IO, "read error at byte %llu: %s", (unsigned long long)s->in_total,
                    strerror(errno));
    return k;
}

/* Makes sure the input buffer holds unconsumed bytes, unless the file ended. */
static enum err fill(struct kb_stream *s, struct errbuf *eb)
{
    if (s->in_pos < s->in_len || s->in_eof)
        return ERR_OK;
    enum err err;
    s->in_len = raw_read(s, s->in, sizeof s->in, eb, &err);
    s->in_pos = 0;
    if (s->in_len == 0)
        s->in_eof = true;
    return err;
}

static enum err codec_start(struct kb_stream *s, struct errbuf *eb)
{
    int rc;
    if (s->codec == CODEC_BZIP2) {
        memset(&s->bz, 0, sizeof s->bz);
        rc = BZ2_bzDecompressInit(&s->bz, 0, 0);
        if (rc != BZ_OK)
            return errf(eb, ERR_IO, "cannot start bzip2 decoder (%d)", rc);
    } else if (s->codec == CODEC_GZIP) {
        memset(&s->gz, 0, sizeof s->gz);
        rc = inflateInit2(&s->gz, 15 + 16); /* gzip header */
        if (rc != Z_OK)
            return errf(eb, ERR_IO, "cannot start gzip decoder (%d)", rc);
    }
    s->codec_live = s->codec != CODEC_PLAIN;
    s->stream_ended = false;
    return ERR_OK;
}

static void codec_end(struct kb_stream *s)
{
    if (!s->codec_live)
        return;
    if (s->codec == CODEC_BZIP2)
        BZ2_bzDecompressEnd(&s->bz);
    else if (s->codec == CODEC_GZIP)
        inflateEnd(&s->gz);
    s->codec_live = false;
}

static struct kb_stream *stream_new(void)
{
    struct kb_stream *s = xcalloc(1, sizeof *s);
    return s;
}

/* Looks at the first bytes to choose the codec. */
static enum err detect(struct kb_stream *s, struct errbuf *eb)
{
    enum err err = fill(s, eb);
    if (err)
        return err;
    const unsigned char *p = s->in;
    size_t n = s->in_len;
    if (n >= 3 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h')
        s->codec = CODEC_BZIP2;
    else if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        s->codec = CODEC_GZIP;
    else
        s->codec = CODEC_PLAIN;
    return codec_start(s, eb);
}

enum err kb_stream_open(const char *path, struct kb_stream **out, struct errbuf *eb)
{
    *out = NULL;
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f)
        return errf(eb, ERR_IO, "cannot open %s: %s", path, strerror(errno));
    struct kb_stream *s = stream_new();
    s->f = f;
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode))
        s->size = (uint64_t)sb.st_size;
    enum err err = detect(s, eb);
    if (err) {
        kb_stream_close(s);
        return err;
    }
    *out = s;
    return ERR_OK;
}

struct kb_stream *kb_stream_mem(const void *data, size_t len)
{
    struct kb_stream *s = stream_new();
    s->mem = data;
    s->mem_len = len;
    s->size = len;
    /* Memory cannot fail to read, and starting a codec fails only without memory. */
    if (detect(s, NULL))
        s->failed = true;
    return s;
}

void kb_stream_close(struct kb_stream *s)
{
    if (!s)
        return;
    codec_end(s);
    if (s->f && s->f != stdin)
        fclose(s->f);
    free(s);
}

/* Offset in the file of the next compressed byte, for messages. */
static unsigned long long here(const struct kb_stream *s)
{
    return (unsigned long long)kb_stream_in_pos(s);
}

static enum err read_bzip2(struct kb_stream *s, void *dst, size_t n, size_t *got, struct errbuf *eb)
{
    enum err err = ERR_OK;
    s->bz.next_out = dst;
    s->bz.avail_out = (unsigned)n;
    while (!err && s->bz.avail_out == n) {
        if ((err = fill(s, eb)))
            break;
        if (s->stream_ended) {
            /* Another stream may follow (multistream dumps). */
            if (s->in_pos == s->in_len)
                break;
            codec_end(s);
            if ((err = codec_start(s, eb)))
                break;
            /* Starting wiped the output pointers; nothing was written yet. */
            s->bz.next_out = dst;
            s->bz.avail_out = (unsigned)n;
        }
        if (s->in_pos == s->in_len) {
            err = errf(eb, ERR_PARSE, "bzip2 data cut short at byte %llu", here(s));
            break;
        }
        s->bz.next_in = (char *)s->in + s->in_pos;
        s->bz.avail_in = (unsigned)(s->in_len - s->in_pos);
        int rc = BZ2_bzDecompress(&s->bz);
        s->in_pos = s->in_len - s->bz.avail_in;
        if (rc == BZ_STREAM_END)
            s->stream_ended = true;
        else if (rc != BZ_OK)
            err = errf(eb, ERR_PARSE, "corrupt bzip2 data near byte %llu (bzip2 error %d)", here(s),
                       rc);
    }
    *got = n - s->bz.avail_out;
    return err;
}

static enum err read_gzip(struct kb_stream *s, void *dst, size_t n, size_t *got, struct errbuf *eb)
{
    enum err err = ERR_OK;
    s->gz.next_out = dst;
    s->gz.avail_out = (uInt)n;
    while (!err && s->gz.avail_out == n) {
        if ((err = fill(s, eb)))
            break;
        if (s->stream_ended) {
            if (s->in_pos == s->in_len)
                break;
            if (inflateReset(&s->gz) != Z_OK) {
                err = errf(eb, ERR_IO, "cannot restart gzip decoder");
                break;
            }
            s->stream_ended = false;
        }
        if (s->in_pos == s->in_len) {
            err = errf(eb, ERR_PARSE, "gzip data cut short at byte %llu", here(s));
            break;
        }
        s->gz.next_in = s->in + s->in_pos;
        s->gz.avail_in = (uInt)(s->in_len - s->in_pos);
        int rc = inflate(&s->gz, Z_NO_FLUSH);
        s->in_pos = s->in_len - s->gz.avail_in;
        if (rc == Z_STREAM_END)
            s->stream_ended = true;
        else if (rc != Z_OK && rc != Z_BUF_ERROR)
            err = errf(eb, ERR_PARSE, "corrupt gzip data near byte %llu: %s", here(s),
                       s->gz.msg ? s->gz.msg : "inflate failed");
    }
    *got = n - s->gz.avail_out;
    return err;
}

static enum err stream_read(struct kb_stream *s, void *dst, size_t n, size_t *got,
                            struct errbuf *eb);

enum err kb_stream_peek(struct kb_stream *s, void *dst, size_t n, size_t *got, struct errbuf *eb)
{
    *got = 0;
    if (n > sizeof s->peeked)
        n = sizeof s->peeked;
    /* A short read is not the end: fill what we can. */
    while (s->peeked_len < n) {
        size_t k;
        enum err err = stream_read(s, s->peeked + s->peeked_len, n - s->peeked_len, &k, eb);
        if (err)
            return err;
        if (!k)
            break;
        s->peeked_len += k;
    }
    *got = s->peeked_len < n ? s->peeked_len : n;
    memcpy(dst, s->peeked, *got);
    return ERR_OK;
}

enum err kb_stream_read(struct kb_stream *s, void *dst, size_t n, size_t *got, struct errbuf *eb)
{
    if (s->peeked_pos < s->peeked_len) {
        size_t k = s->peeked_len - s->peeked_pos;
        if (k > n)
            k = n;
        memcpy(dst, s->peeked + s->peeked_pos, k);
        s->peeked_pos += k;
        *got = k;
        return ERR_OK;
    }
    return stream_read(s, dst, n, got, eb);
}

static enum err stream_read(struct kb_stream *s, void *dst, size_t n, size_t *got,
                            struct errbuf *eb)
{
    *got = 0;
    if (s->pending) {
        enum err err = s->pending;
        s->pending = ERR_OK;
        s->failed = true;
        if (eb)
            *eb = s->pending_eb;
        return err;
    }
    if (s->failed || n == 0)
        return ERR_OK;
    struct errbuf local = {{0}};
    enum err err;
    if (s->codec == CODEC_BZIP2) {
        err = read_bzip2(s, dst, n, got, &local);
    } else if (s->codec == CODEC_GZIP) {
        err = read_gzip(s, dst, n, got, &local);
    } else {
        err = fill(s, &local);
        size_t k = s->in_len - s->in_pos;
        if (k > n)
            k = n;
        memcpy(dst, s->in + s->in_pos, k);
        s->in_pos += k;
        *got = k;
    }
    if (!err)
        return ERR_OK;
    /* Bytes decoded before an error go out first; the error comes on the next call. */
    if (*got) {
        s->pending = err;
        s->pending_eb = local;
        return ERR_OK;
    }
    s->failed = true;
    if (eb)
        *eb = local;
    return err;
}

uint64_t kb_stream_in_pos(const struct kb_stream *s)
{
    return s->in_total - (s->in_len - s->in_pos);
}

uint64_t kb_stream_in_size(const struct kb_stream *s)
{
    return s->size;
}

const char *kb_stream_codec(const struct kb_stream *s)
{
    return s->codec == CODEC_BZIP2 ? "bzip2" : s->codec == CODEC_GZIP ? "gzip" : "plain";
}
