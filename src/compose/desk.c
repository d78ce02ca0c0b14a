/* The desk's side of composing: the site's publishing mode, and publishing a
 * composed draft with the editors' decisions applied. Editors' own words go
 * in the body's "editors" object, never into a source's sentence; what stays
 * a source's is verified as compose_publish verifies it. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/timeutil.h"
#include "base/xalloc.h"
#include "compose/compose_internal.h"
#include "compose/phrase.h"

bool publish_mode_parse(const char *s, enum publish_mode *out)
{
    if (!strcmp(s, "auto"))
        *out = PUBLISH_AUTO;
    else if (!strcmp(s, "desk"))
        *out = PUBLISH_DESK;
    else
        return false;
    return true;
}

enum err publish_mode_get(struct store *st, enum publish_mode *out, struct errbuf *eb)
{
    *out = PUBLISH_AUTO;
    char *value;
    enum err err = store_desk_setting_get(st, "publish", &value, eb);
    if (err == ERR_NOT_FOUND)
        return ERR_OK;
    if (!err && !publish_mode_parse(value, out))
        err = errf(eb, ERR_INVALID, "the stored publishing mode %s is not auto or desk", value);
    free(value);
    return err;
}

enum err publish_mode_set(struct store *st, enum publish_mode mode, struct errbuf *eb)
{
    return store_desk_setting_set(st, "publish", mode == PUBLISH_DESK ? "desk" : "auto", eb);
}

bool desk_story_shaped(const struct desk_story *d)
{
    const char *lists[] = {d->dropped, d->pinned, d->merged, d->split};
    bool any = (d->headline && *d->headline) || (d->intro && *d->intro) || d->label ||
               d->quote >= 0 || d->background > 0;
    for (size_t i = 0; i < sizeof lists / sizeof lists[0] && !any; i++)
        any = lists[i] && strcmp(lists[i], "[]");
    return any;
}

/* Is article id in the JSON array of ids list? */
static bool listed(const json_t *list, int64_t id)
{
    for (size_t i = 0; i < json_array_size(list); i++)
        if (json_integer_value(json_array_get(list, i)) == id)
            return true;
    return false;
}

static void note(struct buf *b, const char *what)
{
    catf(b, "%s%s", b->len ? ", " : "editors: ", what);
}

/* The KB box of entity id for reader lang (else English) as the composer
 * writes one into a body; NULL when the KB has no text of it. */
static enum err background_box(struct store *st, int64_t id, const char *lang, json_t **out,
                               struct errbuf *eb)
{
    *out = NULL;
    struct kb_text t;
    enum err err = store_kb_text_get(st, id, lang, &t, eb);
    if (err == ERR_NOT_FOUND || (!err && !t.extract)) {
        kb_text_clear(&t);
        err = store_kb_text_get(st, id, "en", &t, eb);
    }
    if (err == ERR_NOT_FOUND)
        return ERR_OK;
    if (!err && t.extract) {
        char day[21] = "";
        if (t.dump_date)
            time_format_rfc3339(t.dump_date, day);
        day[10] = '\0';
        char *source = xasprintf("Wikipedia (%s)", t.lang ? t.lang : "en");
        *out = json_pack("{ss ss ss ss ss ss sI}", "title", t.title ? t.title : "", "extract",
                         t.extract, "source", source, "url", t.url ? t.url : "", "licence",
                         t.licence ? t.licence : "", "dump_date", day, "entity_id",
                         (json_int_t)id);
        free(source);
    }
    kb_text_clear(&t);
    return err;
}

/* Applies d to body (a composed roundup in reader language lang), adding
 * what changed to change and the names of the editors' fields to fields;
 * box is the background box of the entity the editors chose, or NULL. */
static void apply(json_t *body, const struct desk_story *d, enum lang lang, json_t *box,
                  struct buf *change, json_t *fields)
{
    json_t *editors = json_object();
    const char *by = lang == LANG_SV ? "Redaktionen" : "The editors";
    json_object_set_new(editors, "by", json_string(by));
    if (d->headline && *d->headline) {
        /* The source's title stays in the body for provenance; the
         * headline shown is the editors', and marked so. */
        json_object_set(body, "source_headline", json_object_get(body, "headline"));
        json_object_set_new(body, "headline", json_string(d->headline));
        json_object_set_new(editors, "headline", json_string(d->headline));
        json_array_append_new(fields, json_string("headline"));
        note(change, "new headline");
    }
    if (d->intro && *d->intro) {
        json_object_set_new(editors, "intro", json_string(d->intro));
        json_array_append_new(fields, json_string("intro"));
        note(change, "intro");
    }
    if (d->label) {
        const struct phrase_table *t = phrase_table_for(lang);
        const char *label = !strcmp(d->label, "analysis") ? t->label_analysis
                            : !strcmp(d->label, "opinion") ? t->label_opinion
                                                           : NULL;
        json_object_set_new(body, "label", label ? json_string(label) : json_null());
        json_array_append_new(fields, json_string("label"));
        note(change, "label");
    }
    json_t *cands = json_object_get(body, "quote_candidates");
    if (d->quote >= 0 && (size_t)d->quote < json_array_size(cands)) {
        json_object_set(body, "quote", json_array_get(cands, (size_t)d->quote));
        json_array_append_new(fields, json_string("quote"));
        note(change, "quote chosen");
    }
    if (box) {
        json_object_set(body, "background", box);
        json_array_append_new(fields, json_string("background"));
        note(change, "background");
    }
    json_t *dropped = json_loads(d->dropped ? d->dropped : "[]", 0, NULL);
    json_t *pinned = json_loads(d->pinned ? d->pinned : "[]", 0, NULL);
    json_t *paras = json_object_get(body, "paragraphs");
    json_t *kept = json_array(), *rest = json_array();
    size_t n_dropped = 0;
    for (size_t i = 0; i < json_array_size(paras); i++) {
        json_t *p = json_array_get(paras, i);
        int64_t article = json_integer_value(json_object_get(p, "article_id"));
        if (listed(dropped, article))
            n_dropped++;
        else
            json_array_append(listed(pinned, article) ? kept : rest, p);
    }
    bool reordered = json_array_size(kept) > 0;
    json_array_extend(kept, rest);
    json_object_set_new(body, "paragraphs", kept);
    json_decref(rest);
    json_decref(dropped);
    json_decref(pinned);
    if (n_dropped) {
        json_array_append_new(fields, json_string("takes dropped"));
        note(change, n_dropped == 1 ? "take dropped" : "takes dropped");
    }
    if (reordered) {
        json_array_append_new(fields, json_string("takes pinned"));
        note(change, "take pinned");
    }
    json_object_set_new(body, "editors", editors);
}

enum err compose_release(struct store *st, const char *key, const char *lang, const char *editor,
                         int *version, struct errbuf *eb)
{
    struct roundup_version draft;
    struct desk_story d;
    bool found;
    json_t *body = NULL;
    char *text = NULL;
    struct buf change;
    buf_init(&change, BUF_UNLIMITED);
    enum err err = store_roundup_composed(st, key, lang, &draft, eb);
    if (err) {
        roundup_version_clear(&draft);
        return err;
    }
    if ((err = store_desk_story_get(st, key, &d, &found, eb)))
        goto out;
    enum lang reader = lang_parse(lang);
    if (!(body = json_loads(draft.body, 0, NULL)) || !json_is_object(body)) {
        err = errf(eb, ERR_PARSE, "the stored roundup of %s (%s) is not a JSON object", key, lang);
        goto out;
    }
    json_t *box = NULL;
    if (d.background > 0 && (err = background_box(st, d.background, lang, &box, eb)))
        goto out;
    json_t *fields = json_array();
    apply(body, &d, reader, box, &change, fields);
    json_decref(box);
    size_t checked;
    if ((err = compose_verify_body(st, body, &checked, eb))) {
        json_decref(fields);
        goto out;
    }
    json_object_set_new(body, "provenance",
                        json_pack("{sI so}", "source_excerpts_verified", (json_int_t)checked,
                                  "editors_fields", fields));
    char *dumped = json_dumps(body, JSON_COMPACT);
    if (!dumped)
        abort(); /* jansson fails only when allocation does */
    text = xstrdup(dumped);
    free(dumped);
    if (!change.len)
        cat(&change, "editors: published");
    struct roundup_version v = {
        .story_key = (char *)key,
        .lang = (char *)lang,
        .composed_at = time_now(),
        .headline = (char *)json_string_value(json_object_get(body, "headline")),
        .members = draft.members,
        .change = (char *)buf_cstr(&change),
        .body = text,
        .published_at = time_now(),
        .editor = (char *)editor,
    };
    if (!v.headline)
        v.headline = "";
    err = store_roundup_put(st, &v, version, eb);
    if (!err)
        log_info("roundup %s (%s) version %d published by %s: %s", key, lang, *version, editor,
                 v.change);
out:
    free(text);
    json_decref(body);
    buf_clear(&change);
    desk_story_clear(&d);
    roundup_version_clear(&draft);
    return err;
}
