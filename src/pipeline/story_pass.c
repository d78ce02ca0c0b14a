/* Clustering new articles into stories, and composing the roundups of the
 * stories that changed. One worker at a time holds the clustering role: the
 * clusterer keeps its state in memory, rebuilt from the store when a worker
 * takes the role over. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/timeutil.h"
#include "base/xalloc.h"
#include "compose/compose.h"
#include "kb/kb.h"
#include "pipeline/pipeline.h"
#include "story/stage.h"

/* The role's lease outlasts many passes (a worker renews it every pass); a
 * dead holder's role passes on when it ends. Stories of one article get no
 * roundup: a roundup is of several outlets' takes. */
enum { CLUSTER_LEASE_SECONDS = 120, COMPOSE_BATCH = 32, COMPOSE_MIN_ARTICLES = 2 };
/* Stories whose newest member is this much older than the newest story's are
 * not looked at for composing: the clusterer let them go long before (its
 * horizon is 9 days), so they do not change, and a pass reads only the
 * recent stories instead of every story stored. */
enum { COMPOSE_HORIZON_SECONDS = 30 * 86400 };
/* The clusterer takes the articles in time order as far as the earlier
 * stages are done with them (store_story_unassigned); one those stages have
 * not finished this long after its fetch (well past their leases) is taken as
 * it is, so that an article they keep failing on holds up no others. */
enum { CLUSTER_WAIT_SECONDS = 1800 };

/* The background box of a story: the KB entity its members' linked mentions
 * make most salient (kb_salience), explained in the reader's language when
 * the KB has it, else in English. *found is the entity's id, 0 when none
 * qualifies. */
static enum err choose_background(struct pipeline_worker *w, const int64_t *ids, size_t n,
                                  const char *reader, struct kb_text *text, int64_t *found,
                                  struct errbuf *eb)
{
    *found = 0;
    memset(text, 0, sizeof *text);
    struct kb_salience_article *arts = xcalloc(n + 1, sizeof *arts);
    struct kb_mention_list *lists = xcalloc(n + 1, sizeof *lists);
    struct kb_salience_mention **ms = xcalloc(n + 1, sizeof *ms);
    struct kb_entity_facts *facts = NULL;
    size_t n_facts = 0, cap = 0;
    enum err err = ERR_OK;
    for (size_t i = 0; i < n && !err; i++) {
        struct article a;
        if ((err = store_article_get(w->st, ids[i], &a, eb)))
            break;
        arts[i].source_id = a.source_id;
        /* The lead: roughly the first paragraph of the body. */
        arts[i].lead_end = a.body ? strcspn(a.body, "\n") : 0;
        article_clear(&a);
        if ((err = store_kb_mentions_get(w->st, ids[i], &lists[i], eb)))
            break;
        ms[i] = xcalloc(lists[i].len + 1, sizeof *ms[i]);
        for (size_t k = 0; k < lists[i].len && !err; k++) {
            const struct kb_mention_row *r = &lists[i].items[k];
            ms[i][k] = (struct kb_salience_mention){r->entity_id, r->field, (size_t)r->start};
            bool known = !r->entity_id;
            for (size_t f = 0; f < n_facts && !known; f++)
                known = facts[f].entity_id == r->entity_id;
            if (known)
                continue;
            struct kb_entity e;
            if ((err = store_kb_entity_get(w->st, r->entity_id, 0, &e, eb)))
                break;
            facts = xgrow(facts, n_facts, &cap, sizeof *facts, 16);
            struct kb_entity_facts *fa = &facts[n_facts++];
            *fa = (struct kb_entity_facts){
                .entity_id = e.id, .kind = e.kind, .popularity = e.popularity};
            for (size_t t = 0; t < e.n_texts; t++) {
                if (!e.texts[t].extract || !e.texts[t].lang)
                    continue;
                fa->has_reader_lang |= !strcmp(e.texts[t].lang, reader);
                fa->has_en |= !strcmp(e.texts[t].lang, "en");
            }
            kb_entity_clear(&e);
        }
        arts[i].mentions = ms[i];
        arts[i].n_mentions = lists[i].len;
    }
    struct kb_salient *best = NULL;
    size_t n_best = 0;
    if (!err)
        kb_salience(arts, n, facts, n_facts, &best, &n_best);
    if (!err && n_best) {
        const char *lang = !strcmp(best[0].show, "reader") ? reader : "en";
        err = store_kb_text_get(w->st, best[0].entity_id, lang, text, eb);
        *found = !err && text->extract ? best[0].entity_id : 0;
        if (err == ERR_NOT_FOUND)
            err = ERR_OK;
    }
    free(best);
    for (size_t i = 0; i < n; i++) {
        kb_mention_list_clear(&lists[i]);
        free(ms[i]);
    }
    free(ms);
    free(lists);
    free(arts);
    free(facts);
    return err;
}

/* Is id in the JSON array of ids list? */
static bool id_listed(const json_t *list, int64_t id)
{
    for (size_t i = 0; i < json_array_size(list); i++)
        if (json_integer_value(json_array_get(list, i)) == id)
            return true;
    return false;
}

/* Story id's members as the editors shaped it (store_desk_story_get): with
 * the members of the stories they merged into it, without the articles they
 * split out. Of a story that has run for longer than the window, only the
 * members of the window before its last one (since), and of any story at
 * most COMPOSE_READ_MEMBERS, the newest: a roundup costs what the story's
 * recent articles need, not how long it has run. Caller owns out
 * (story_member_list_clear), also after an error. */
static enum err desk_members(struct store *st, int64_t id, int64_t since, const char *key,
                             struct story_member_list *out, struct errbuf *eb)
{
    struct desk_story d;
    bool found;
    enum err err = store_story_members_recent(st, id, since, COMPOSE_READ_MEMBERS, out, eb);
    if (!err)
        err = store_desk_story_get(st, key, &d, &found, eb);
    if (err || !found) {
        desk_story_clear(&d);
        return err;
    }
    json_t *merged = json_loads(d.merged, 0, NULL), *split = json_loads(d.split, 0, NULL);
    size_t cap = out->len;
    for (size_t k = 0; k < json_array_size(merged) && !err; k++) {
        struct story_member_list more;
        err = store_story_members_recent(st, json_integer_value(json_array_get(merged, k)),
                                         INT64_MIN, COMPOSE_READ_MEMBERS, &more, eb);
        for (size_t i = 0; !err && i < more.len; i++) {
            out->items = xgrow(out->items, out->len, &cap, sizeof *out->items, 8);
            out->items[out->len++] = more.items[i];
            memset(&more.items[i], 0, sizeof more.items[i]); /* moved */
        }
        story_member_list_clear(&more);
    }
    size_t kept = 0;
    for (size_t i = 0; i < out->len; i++) {
        if (id_listed(split, out->items[i].article_id))
            story_member_row_clear(&out->items[i]);
        else
            out->items[kept++] = out->items[i];
    }
    out->len = kept;
    json_decref(merged);
    json_decref(split);
    desk_story_clear(&d);
    return err;
}

/* Composes and publishes both languages' roundups of story id. A roundup that
 * cannot be composed or fails verification is logged, not fatal: the story
 * is tried again when it changes. Only the store's errors are returned. */
static enum err compose_one(struct pipeline_worker *w, const struct pipeline_config *cfg,
                            int64_t id, struct process_stats *stats, struct errbuf *eb)
{
    struct story_member_list members;
    struct story_row story;
    enum err err = store_story_get(w->st, id, &story, eb);
    if (err)
        return err;
    char key[32];
    snprintf(key, sizeof key, "story:%lld", (long long)id);
    if ((err = desk_members(w->st, id, compose_members_since(story.last_seen, cfg->story.horizon),
                            key, &members, eb))) {
        story_row_clear(&story);
        return err;
    }
    int64_t *ids = xcalloc(members.len + 1, sizeof *ids);
    int64_t *copy_of = xcalloc(members.len + 1, sizeof *copy_of);
    for (size_t i = 0; i < members.len; i++) {
        ids[i] = members.items[i].article_id;
        copy_of[i] = members.items[i].copy_of;
    }
    /* Read once for both readers' roundups (each member's article, analysis
     * and extraction: on PostgreSQL each a round trip), and composed
     * without compose_story's verification: compose_publish verifies what
     * it stores, and a second pass over the store per roundup bought
     * nothing. */
    struct compose_set *set = NULL;
    struct errbuf load_why = {{0}};
    enum err lerr = compose_load(w->st, ids, members.len, &set, &load_why);
    if (lerr == ERR_STORE)
        err = errf(eb, lerr, "%s: %s", key, err_msg(&load_why, lerr));
    else if (lerr)
        log_warn("roundup of %s not composed: %s", key, err_msg(&load_why, lerr));
    const enum lang readers[] = {LANG_SV, LANG_EN};
    const char *codes[] = {"sv", "en"};
    for (size_t k = 0; k < 2 && set && !err; k++) {
        struct kb_text text;
        int64_t found;
        if ((err = choose_background(w, ids, members.len, codes[k], &text, &found, eb)))
            break;
        char dump_date[21] = "";
        if (text.dump_date)
            time_format_rfc3339(text.dump_date, dump_date);
        dump_date[10] = '\0'; /* the day */
        struct compose_background box = {.entity_id = found,
                                         .title = text.title,
                                         .extract = text.extract,
                                         .wiki_lang = text.lang,
                                         .url = text.url,
                                         .licence = text.licence,
                                         .dump_date = dump_date[0] ? dump_date : NULL};
        struct compose_input in = {.article_ids = ids,
                                   .n = members.len,
                                   .reader = readers[k],
                                   .background = found ? &box : NULL,
                                   .copy_of = copy_of,
                                   .home_country = w->home_country,
                                   .headline = story.headline};
        struct roundup r = {0};
        struct errbuf why = {{0}};
        int version;
        size_t n_loaded;
        const struct compose_member *loaded = compose_set_members(set, &n_loaded);
        enum err cerr = compose_build(text_ctx_lang(w->text), loaded, n_loaded, &in, &r, &why);
        if (!cerr)
            cerr = compose_publish(w->st, key, &r, &version, &why);
        if (cerr == ERR_STORE) {
            err = errf(eb, cerr, "%s: %s", key, err_msg(&why, cerr));
        } else if (cerr) {
            log_warn("roundup of %s not published: %s", key, err_msg(&why, cerr));
        } else {
            stats->roundups++;
        }
        roundup_clear(&r);
        kb_text_clear(&text);
        if (err)
            break;
    }
    compose_set_free(set);
    bool flagged = false;
    if (!err)
        err = pipeline_notify_flag(w->st, &cfg->notify, &story, key, &flagged, eb);
    stats->flagged += flagged;
    free(ids);
    free(copy_of);
    story_member_list_clear(&members);
    story_row_clear(&story);
    return err ? err : store_story_composed(w->st, id, eb);
}

enum err pipeline_worker_finish(struct pipeline_worker *w, struct errbuf *eb)
{
    if (!w->story)
        return ERR_OK;
    bool held;
    enum err err =
        store_role_hold(w->st, "cluster", w->name, time_now(), CLUSTER_LEASE_SECONDS, &held, eb);
    if (!err && held) {
        err = story_stage_close(w->story, w->st, eb);
        /* A lease that ends now: the next holder need not wait for it. */
        if (!err)
            err = store_role_hold(w->st, "cluster", w->name, time_now() - 1, 0, &held, eb);
    } else {
        story_stage_free(w->story); /* another worker clusters now: this memory is stale */
    }
    w->story = NULL;
    return err;
}

enum err pipeline_story_pass(struct pipeline_worker *w, const struct pipeline_config *cfg,
                             struct process_stats *stats, struct errbuf *eb)
{
    bool held;
    enum err err =
        store_role_hold(w->st, "cluster", w->name, time_now(), CLUSTER_LEASE_SECONDS, &held, eb);
    if (err || !held) {
        /* Another worker clusters: this one's memory would go stale. */
        story_stage_free(w->story);
        w->story = NULL;
        return err;
    }
    if (!w->story && (err = story_stage_open(w->st, &cfg->story, &w->story, eb)))
        return err;
    struct story_stage_stats ss = {0};
    if ((err = story_stage_run(w->story, w->st, 0, time_now() - CLUSTER_WAIT_SECONDS, &ss, eb))) {
        story_stage_free(w->story); /* its memory is ahead of the store */
        w->story = NULL;
        return err;
    }
    stats->clustered += ss.articles;
    for (;;) {
        int64_t *ids;
        size_t n;
        if ((err = store_stories_to_compose(w->st, COMPOSE_MIN_ARTICLES, w->active_since,
                                            COMPOSE_HORIZON_SECONDS, COMPOSE_BATCH, &ids, &n, eb)))
            return err;
        for (size_t i = 0; i < n && !err; i++)
            err = compose_one(w, cfg, ids[i], stats, eb);
        free(ids);
        if (err || n < COMPOSE_BATCH)
            return err;
    }
}
