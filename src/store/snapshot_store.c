/* Snapshots of the clusterer's memory (migration 0018): its bytes are
 * compressed with zlib (most of them are small numbers and repeated term
 * ids) and kept as base64 text, which both engines, `omnibus migrate` and
 * Citus take as they take any text column. */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/xalloc.h"
#include "store/store_internal.h"

/* Past this the text would not fit the engines' limits (SQLite: 1e9 bytes). */
#define SNAPSHOT_TEXT_MAX ((size_t)900 * 1024 * 1024)
/* What a stored snapshot may claim to expand to. */
#define SNAPSHOT_RAW_MAX ((size_t)8 * 1024 * 1024 * 1024)

void story_snapshot_clear(struct story_snapshot *s)
{
    if (!s)
        return;
    free(s->data);
    free(s->text);
    memset(s, 0, sizeof *s);
}

/* Sets s->text to s->data compressed and in base64; with drop_raw, frees
 * s->data as soon as it is compressed, so that the raw bytes and the text
 * are never in memory together (tens of megabytes each at 1M articles a
 * year). */
static enum err encode(struct story_snapshot *s, bool drop_raw, struct errbuf *eb)
{
    free(s->text);
    s->text = NULL;
    size_t len = s->len;
    char **out = &s->text;
    uLongf zlen = compressBound((uLong)len);
    unsigned char *z = xmalloc(zlen);
    /* Level 1: the higher levels cost several times the time for a few
     * percent. */
    if (compress2(z, &zlen, s->data, (uLong)len, 1) != Z_OK) {
        free(z);
        return errf(eb, ERR_LIMIT, "the clusterer's memory (%zu bytes) could not be compressed",
                    len);
    }
    if (drop_raw) {
        free(s->data);
        s->data = NULL;
    }
    size_t tlen = (zlen + 2) / 3 * 4;
    if (tlen > SNAPSHOT_TEXT_MAX || zlen > INT32_MAX) {
        free(z);
        return errf(eb, ERR_LIMIT, "the clusterer's memory compresses to %lu bytes, over %zu",
                    (unsigned long)zlen, SNAPSHOT_TEXT_MAX / 4 * 3);
    }
    *out = xmalloc(tlen + 1);
    EVP_EncodeBlock((unsigned char *)*out, z, (int)zlen);
    free(z);
    return ERR_OK;
}

enum err store_story_snapshot_encode(struct story_snapshot *s, struct errbuf *eb)
{
    return encode(s, true, eb);
}

static enum err decode(const char *text, size_t size, struct story_snapshot *out,
                       struct errbuf *eb)
{
    size_t tlen = strlen(text);
    if (tlen % 4 || tlen > SNAPSHOT_TEXT_MAX || size > SNAPSHOT_RAW_MAX)
        return errf(eb, ERR_PARSE, "snapshot %lld: not a stored snapshot", (long long)out->id);
    unsigned char *z = xmalloc(tlen / 4 * 3 + 1);
    int got = EVP_DecodeBlock(z, (const unsigned char *)text, (int)tlen);
    /* EVP_DecodeBlock counts the padding as bytes. */
    size_t pad = tlen ? (text[tlen - 1] == '=') + (text[tlen - 2] == '=') : 0;
    uLongf len = (uLongf)size;
    out->data = xmalloc(size ? size : 1);
    int zerr = got < 0 ? Z_DATA_ERROR : uncompress(out->data, &len, z, (uLong)got - pad);
    free(z);
    if (zerr != Z_OK || len != size) {
        free(out->data);
        out->data = NULL;
        return errf(eb, ERR_PARSE, "snapshot %lld: its data does not decompress",
                    (long long)out->id);
    }
    out->len = size;
    return ERR_OK;
}

enum err store_story_snapshot_put(struct store *st, const struct story_snapshot *s,
                                  struct errbuf *eb)
{
    /* Encoded here unless the caller did it beforehand (in another thread). */
    struct story_snapshot mine = {.data = s->data, .len = s->len, .text = s->text};
    enum err err = mine.text ? ERR_OK : encode(&mine, false, eb);
    if (err)
        return err;
    const char *text = mine.text;
    struct db_stmt *q;
    if (!(err = store_begin(st, eb)) &&
        !(err = store_prepare(st,
                              "INSERT INTO story_snapshot (assigned_through, assigned, taken_at, "
                              "stories, articles, size, data) VALUES (?, ?, ?, ?, ?, ?, ?) "
                              "RETURNING id",
                              &q, eb))) {
        db_bind_int(q, 1, s->assigned_through);
        db_bind_int(q, 2, s->assigned);
        db_bind_int(q, 3, s->taken_at);
        db_bind_int(q, 4, s->stories);
        db_bind_int(q, 5, s->articles);
        db_bind_int(q, 6, (int64_t)s->len);
        db_bind_text(q, 7, text);
        bool row;
        err = db_step(q, &row, eb);
        int64_t id = !err && row ? db_col_int(q, 0) : 0;
        db_reset(q);
        if (!err && !(err = store_prepare(st,
                                          "DELETE FROM story_snapshot WHERE id <> ? "
                                          "AND assigned_through <= ?",
                                          &q, eb))) {
            db_bind_int(q, 1, id);
            db_bind_int(q, 2, s->assigned_through);
            err = db_run(q, eb);
            db_reset(q);
        }
    }
    if (mine.text != s->text)
        free(mine.text);
    if (err) {
        store_rollback(st);
        return err;
    }
    return store_commit(st, eb);
}

enum err store_story_snapshot_get(struct store *st, struct story_snapshot *out, struct errbuf *eb)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *q;
    enum err err = store_prepare(st,
                                 "SELECT id, assigned_through, assigned, taken_at, stories, "
                                 "articles, size, data FROM story_snapshot "
                                 "ORDER BY assigned_through DESC, id DESC LIMIT 1",
                                 &q, eb);
    if (err)
        return err;
    bool row;
    if ((err = db_step(q, &row, eb)) || !row) {
        db_reset(q);
        return err ? err : errf(eb, ERR_NOT_FOUND, "no snapshot of the clusterer's memory");
    }
    out->id = db_col_int(q, 0);
    out->assigned_through = db_col_int(q, 1);
    out->assigned = db_col_int(q, 2);
    out->taken_at = db_col_int(q, 3);
    out->stories = db_col_int(q, 4);
    out->articles = db_col_int(q, 5);
    int64_t size = db_col_int(q, 6);
    const char *text = db_col_text(q, 7);
    err = size < 0 || !text
              ? errf(eb, ERR_PARSE, "snapshot %lld: not a stored snapshot", (long long)out->id)
              : decode(text, (size_t)size, out, eb);
    db_reset(q);
    return err;
}
