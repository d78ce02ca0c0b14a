/* Notify: a story that passes a threshold (independent newsrooms, articles
 * joining in the last hour) is flagged once on the desk and announced on an
 * outgoing webhook, a JSON POST signed with HMAC-SHA256 and retried with
 * backoff until the receiver answers 2xx (docs/desk.md). The flag and the
 * queued delivery are written in one transaction, so a crash loses neither
 * half; any worker with a webhook URL delivers. */
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/timeutil.h"
#include "base/xalloc.h"
#include "fetch/fetch.h"
#include "pipeline/pipeline.h"

/* Deliveries tried in one pass, so a receiver that hangs holds up little. */
enum { NOTIFY_BATCH = 16, BACKOFF_FIRST = 2, BACKOFF_MAX = 3600, GROWTH_WINDOW = 3600 };

enum err pipeline_notify_flag(struct store *st, const struct notify_config *n,
                              const struct story_row *story, const char *key, bool *flagged,
                              struct errbuf *eb)
{
    *flagged = false;
    int64_t now = time_now(), growth = 0;
    enum err err = store_story_growth(st, story->id, now - GROWTH_WINDOW, &growth, eb);
    if (err)
        return err;
    char reason[96] = "";
    if (n->newsrooms > 0 && story->newsrooms >= n->newsrooms)
        snprintf(reason, sizeof reason, "%lld independent newsrooms",
                 (long long)story->newsrooms);
    else if (n->growth_per_hour > 0 && growth >= n->growth_per_hour)
        snprintf(reason, sizeof reason, "%lld articles in the last hour", (long long)growth);
    if (!*reason)
        return ERR_OK;
    struct desk_story d;
    bool found;
    if ((err = store_desk_story_get(st, key, &d, &found, eb)) || d.flagged_at) {
        desk_story_clear(&d);
        return err;
    }
    d.flagged_at = now;
    free(d.flag_reason);
    d.flag_reason = xstrdup(reason);
    json_t *o = json_pack("{ss ss sI ss sI sI sI ss sI}", "event", "story.flagged", "story_key",
                          key, "story_id", (json_int_t)story->id, "headline",
                          story->headline ? story->headline : "", "newsrooms",
                          (json_int_t)story->newsrooms, "articles", (json_int_t)story->articles,
                          "articles_last_hour", (json_int_t)growth, "reason", reason,
                          "flagged_at", (json_int_t)now);
    char *payload = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!payload)
        abort(); /* jansson fails only when allocation does */
    if (!(err = store_begin(st, eb))) {
        err = store_desk_story_put(st, &d, eb);
        if (!err)
            err = store_desk_webhook_add(st, key, payload, now, eb);
        if (!err)
            err = store_commit(st, eb);
        else
            store_rollback(st);
    }
    if (!err) {
        *flagged = true;
        log_info("notify: %s flagged: %s", key, reason);
    }
    free(payload);
    desk_story_clear(&d);
    return err;
}

/* "sha256=" and the hex HMAC-SHA256 of "timestamp.body" under secret. */
static void signature(const char *secret, const char *timestamp, const char *body, char out[80])
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    char *signed_text = xasprintf("%s.%s", timestamp, body);
    HMAC(EVP_sha256(), secret, (int)strlen(secret), (const unsigned char *)signed_text,
         strlen(signed_text), mac, &len);
    free(signed_text);
    memcpy(out, "sha256=", 7);
    for (unsigned i = 0; i < len && i < 32; i++) {
        out[7 + 2 * i] = "0123456789abcdef"[mac[i] >> 4];
        out[8 + 2 * i] = "0123456789abcdef"[mac[i] & 15];
    }
    out[7 + 2 * (len < 32 ? len : 32)] = '\0';
}

/* Seconds before the next try after attempts failures: 2, 4, 8 ... an hour. */
static int64_t backoff(int64_t attempts)
{
    int64_t s = BACKOFF_FIRST;
    for (int64_t i = 1; i < attempts && s < BACKOFF_MAX; i++)
        s *= 2;
    return s < BACKOFF_MAX ? s : BACKOFF_MAX;
}

enum err pipeline_notify_pass(struct store *st, const struct pipeline_config *cfg,
                              size_t *delivered, struct errbuf *eb)
{
    const struct notify_config *n = &cfg->notify;
    if (!n->webhook_url)
        return ERR_OK;
    enum err err = ERR_OK;
    for (size_t tried = 0; tried < NOTIFY_BATCH && !err; tried++) {
        int64_t now = time_now();
        struct desk_webhook w;
        err = store_desk_webhook_due(st, now, &w, eb);
        if (err) {
            desk_webhook_clear(&w);
            return err == ERR_NOT_FOUND ? ERR_OK : err;
        }
        char timestamp[24], sig[80];
        snprintf(timestamp, sizeof timestamp, "%lld", (long long)now);
        signature(n->webhook_secret ? n->webhook_secret : "", timestamp, w.payload, sig);
        char *ts_header = xasprintf("X-Omnibus-Timestamp: %s", timestamp);
        char *sig_header = xasprintf("X-Omnibus-Signature: %s", sig);
        const char *headers[] = {"Content-Type: application/json",
                                 "X-Omnibus-Event: story.flagged", ts_header, sig_header, NULL};
        /* The operator named this address: a receiver on loopback or a
         * private network (a newsroom's chat bridge) is what is meant. */
        struct fetch_request req = {.url = n->webhook_url,
                                    .allow_private = true,
                                    .post_body = w.payload,
                                    .post_len = strlen(w.payload),
                                    .headers = headers};
        struct fetch_result res;
        fetch_one(&cfg->fetch, &req, &res);
        bool ok = !res.err && res.status >= 200 && res.status < 300;
        char why[300];
        snprintf(why, sizeof why, "%s",
                 res.err || res.status >= 400 ? res.errmsg : "an answer that is not 2xx");
        err = store_desk_webhook_tried(st, w.id, ok, why, now, now + backoff(w.attempts + 1), eb);
        if (ok) {
            ++*delivered;
            log_info("notify: %s delivered to the webhook", w.story_key);
        } else {
            log_warn("notify: %s not delivered (try %lld): %s", w.story_key,
                     (long long)w.attempts + 1, why);
        }
        fetch_result_clear(&res);
        free(ts_header);
        free(sig_header);
        desk_webhook_clear(&w);
    }
    return err;
}
