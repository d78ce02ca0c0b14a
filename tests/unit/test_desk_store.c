/* The editor desk's part of the store (migration 0019) on both engines, and
 * its passwords: PBKDF2 hashes that check only the right password and are
 * salted; people, lockout after repeated failures, sessions that expire, the
 * publishing mode, editors' decisions, the audit trail, the queue; and that
 * the public reads (store_roundup_latest, _current, _history) see only
 * published versions of stories no editor hid, while the composer's and the
 * desk's read (store_roundup_composed) sees drafts. */
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"
#include "store/store.h"
#include "testlib.h"
#include "web/auth.h"

static void passwords(void **state)
{
    (void)state;
    char *a, *b;
    struct errbuf eb = {{0}};
    assert_int_equal(auth_password_hash("hunter2 is long", &a, &eb), ERR_OK);
    assert_int_equal(auth_password_hash("hunter2 is long", &b, &eb), ERR_OK);
    assert_string_not_equal(a, b); /* salted */
    assert_memory_equal(a, "pbkdf2-sha256$210000$", 21);
    assert_true(auth_password_check("hunter2 is long", a));
    assert_true(auth_password_check("hunter2 is long", b));
    assert_false(auth_password_check("hunter2 is lonG", a));
    assert_false(auth_password_check("", a));
    /* A malformed or tampered hash never matches. */
    a[strlen(a) - 1] = a[strlen(a) - 1] == '0' ? '1' : '0';
    assert_false(auth_password_check("hunter2 is long", a));
    assert_false(auth_password_check("x", "pbkdf2-sha256$1$00$00"));
    assert_false(auth_password_check("x", "plain"));
    free(b);
    assert_int_equal(auth_password_hash("", &b, &eb), ERR_INVALID);
    free(a);
    char *big = calloc(AUTH_PASSWORD_MAX + 2, 1);
    memset(big, 'p', AUTH_PASSWORD_MAX + 1);
    char *c = NULL;
    assert_int_equal(auth_password_hash(big, &c, &eb), ERR_LIMIT);
    free(big);
}

/* The session cookie among others, as browsers send them. */
static void cookies(void **state)
{
    (void)state;
    char v[8];
    assert_true(auth_cookie_get("a=1; omnibus_desk=tok; b=2", "omnibus_desk", v, sizeof v));
    assert_string_equal(v, "tok");
    assert_true(auth_cookie_get("omnibus_desk=", "omnibus_desk", v, sizeof v));
    assert_string_equal(v, "");
    /* A longer name that starts with ours, a name without '=', none at all. */
    assert_false(auth_cookie_get("omnibus_desk2=x; omnibus_desk", "omnibus_desk", v, sizeof v));
    assert_false(auth_cookie_get(NULL, "omnibus_desk", v, sizeof v));
    /* A value past the buffer is refused, not cut. */
    assert_false(auth_cookie_get("omnibus_desk=12345678", "omnibus_desk", v, sizeof v));
    assert_true(auth_cookie_get("omnibus_desk=1234567", "omnibus_desk", v, sizeof v));
}

static void people(const char *dsn)
{
    struct store *st = test_store_open(dsn);
    struct errbuf eb = {{0}};
    assert_int_equal(store_desk_user_add(st, "alice", "admin", "h1", &eb), ERR_OK);
    assert_int_equal(store_desk_user_add(st, "bob", "editor", "h2", &eb), ERR_OK);
    assert_int_equal(store_desk_user_add(st, "bob", "admin", "h3", &eb), ERR_EXISTS);
    struct desk_user_list l;
    assert_int_equal(store_desk_user_list(st, &l, &eb), ERR_OK);
    assert_int_equal(l.len, 2);
    assert_string_equal(l.items[0].name, "alice");
    assert_string_equal(l.items[1].role, "editor");
    desk_user_list_clear(&l);

    /* Three failures lock for 60 s at a limit of 3; the count starts again. */
    struct desk_user u;
    assert_int_equal(store_desk_user_get(st, "bob", &u, &eb), ERR_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(store_desk_login_failed(st, u.id, 3, 60, 1000, &eb), ERR_OK);
    int64_t id = u.id;
    desk_user_clear(&u);
    assert_int_equal(store_desk_user_get(st, "bob", &u, &eb), ERR_OK);
    assert_int_equal(u.locked_until, 1060);
    assert_int_equal(u.failures, 0);
    desk_user_clear(&u);

    /* Sessions: found while unexpired, gone after; a new password ends them. */
    assert_int_equal(store_desk_session_add(st, "th", id, "csrf1", 1000, 2000, &eb), ERR_OK);
    struct desk_session s;
    assert_int_equal(store_desk_session_get(st, "th", 1500, &s, &eb), ERR_OK);
    assert_string_equal(s.user_name, "bob");
    assert_string_equal(s.role, "editor");
    assert_string_equal(s.csrf, "csrf1");
    desk_session_clear(&s);
    assert_int_equal(store_desk_session_get(st, "other", 1500, &s, &eb), ERR_NOT_FOUND);
    assert_int_equal(store_desk_session_get(st, "th", 2000, &s, &eb), ERR_NOT_FOUND);
    assert_int_equal(store_desk_session_add(st, "th2", id, "c", 1000, 5000, &eb), ERR_OK);
    assert_int_equal(store_desk_user_set_password(st, "bob", "h4", &eb), ERR_OK);
    assert_int_equal(store_desk_session_get(st, "th2", 1500, &s, &eb), ERR_NOT_FOUND);
    assert_int_equal(store_desk_user_get(st, "bob", &u, &eb), ERR_OK);
    assert_int_equal(u.locked_until, 0);
    assert_string_equal(u.password, "h4");
    desk_user_clear(&u);
    assert_int_equal(store_desk_session_add(st, "th3", id, "c", 1000, 5000, &eb), ERR_OK);
    assert_int_equal(store_desk_user_remove(st, "bob", &eb), ERR_OK);
    assert_int_equal(store_desk_session_get(st, "th3", 1500, &s, &eb), ERR_NOT_FOUND);
    assert_int_equal(store_desk_user_remove(st, "bob", &eb), ERR_NOT_FOUND);
    assert_int_equal(store_desk_user_set_password(st, "bob", "h", &eb), ERR_NOT_FOUND);
    store_close(st);
}

static void put(struct store *st, const char *key, const char *lang, int64_t t, int64_t published,
                const char *editor)
{
    struct roundup_version v = {.story_key = (char *)key,
                                .lang = (char *)lang,
                                .composed_at = t,
                                .headline = (char *)key,
                                .members = "[]",
                                .change = "x",
                                .body = "{\"balance\": {\"newsrooms\": 2}}",
                                .published_at = published,
                                .editor = (char *)editor};
    int version;
    struct errbuf eb = {{0}};
    assert_int_equal(store_roundup_put(st, &v, &version, &eb), ERR_OK);
}

static void drafts(const char *dsn)
{
    struct store *st = test_store_open(dsn);
    struct errbuf eb = {{0}};
    enum publish_mode mode;
    assert_int_equal(publish_mode_get(st, &mode, &eb), ERR_OK);
    assert_int_equal(mode, PUBLISH_AUTO);
    assert_int_equal(publish_mode_set(st, PUBLISH_DESK, &eb), ERR_OK);
    assert_int_equal(publish_mode_get(st, &mode, &eb), ERR_OK);
    assert_int_equal(mode, PUBLISH_DESK);

    put(st, "story:1", "en", 100, 0, NULL);   /* a draft */
    put(st, "story:2", "en", 200, 200, NULL); /* published by the composer */
    put(st, "story:2", "en", 300, 0, NULL);   /* a newer draft of it */
    struct roundup_version v;
    assert_int_equal(store_roundup_latest(st, "story:1", "en", &v, &eb), ERR_NOT_FOUND);
    roundup_version_clear(&v);
    assert_int_equal(store_roundup_latest(st, "story:2", "en", &v, &eb), ERR_OK);
    assert_int_equal(v.version, 1);
    roundup_version_clear(&v);
    assert_int_equal(store_roundup_composed(st, "story:2", "en", &v, &eb), ERR_OK);
    assert_int_equal(v.version, 2);
    assert_int_equal(v.published_at, 0);
    roundup_version_clear(&v);
    struct roundup_version_list l;
    assert_int_equal(store_roundup_current(st, 10, &l, &eb), ERR_OK);
    assert_int_equal(l.len, 1);
    assert_string_equal(l.items[0].story_key, "story:2");
    assert_int_equal(l.items[0].version, 1);
    roundup_version_list_clear(&l);
    /* An editor's version: the public sees it, the composer reads past it. */
    put(st, "story:2", "en", 400, 400, "alice");
    assert_int_equal(store_roundup_latest(st, "story:2", "en", &v, &eb), ERR_OK);
    assert_int_equal(v.version, 3);
    assert_string_equal(v.editor, "alice");
    roundup_version_clear(&v);
    assert_int_equal(store_roundup_composed(st, "story:2", "en", &v, &eb), ERR_OK);
    assert_int_equal(v.version, 2);
    roundup_version_clear(&v);
    assert_int_equal(store_roundup_history(st, "story:2", "en", &l, &eb), ERR_OK);
    assert_int_equal(l.len, 2); /* versions 3 and 1: the draft is not history */
    roundup_version_list_clear(&l);

    /* Decisions: defaults, then stored; hiding takes the story off. */
    struct desk_story d;
    bool found;
    assert_int_equal(store_desk_story_get(st, "story:2", &d, &found, &eb), ERR_OK);
    assert_false(found);
    assert_int_equal(d.quote, -1);
    assert_string_equal(d.dropped, "[]");
    free(d.headline);
    d.headline = strdup("Edited");
    free(d.dropped);
    d.dropped = strdup("[7]");
    d.quote = 1;
    d.hidden = true;
    d.reviewed_at = 350;
    assert_int_equal(store_desk_story_put(st, &d, &eb), ERR_OK);
    desk_story_clear(&d);
    assert_int_equal(store_desk_story_get(st, "story:2", &d, &found, &eb), ERR_OK);
    assert_true(found);
    assert_string_equal(d.headline, "Edited");
    assert_string_equal(d.dropped, "[7]");
    assert_int_equal(d.quote, 1);
    assert_true(d.hidden);
    desk_story_clear(&d);
    assert_int_equal(store_roundup_latest(st, "story:2", "en", &v, &eb), ERR_NOT_FOUND);
    roundup_version_clear(&v);
    assert_int_equal(store_roundup_current(st, 10, &l, &eb), ERR_OK);
    assert_int_equal(l.len, 0);
    roundup_version_list_clear(&l);

    /* The queue: composed since reviewed first (story:2 was reviewed at 350,
     * before its version at 400), then newest; drafts included. */
    struct desk_queue q;
    assert_int_equal(store_desk_queue(st, 10, &q, &eb), ERR_OK);
    assert_int_equal(q.len, 2);
    assert_string_equal(q.items[0].story_key, "story:2");
    assert_int_equal(q.items[0].version, 3);
    assert_true(q.items[0].hidden);
    assert_string_equal(q.items[1].story_key, "story:1");
    assert_int_equal(q.items[1].published_at, 0);
    desk_queue_clear(&q);

    /* The audit trail, newest first, per story or all. */
    assert_int_equal(store_desk_audit_add(st, "story:2", "alice", "hide", "", &eb), ERR_OK);
    assert_int_equal(store_desk_audit_add(st, NULL, "alice", "login", "", &eb), ERR_OK);
    struct desk_audit_list a;
    assert_int_equal(store_desk_audit_list(st, "story:2", 10, &a, &eb), ERR_OK);
    assert_int_equal(a.len, 1);
    assert_string_equal(a.items[0].action, "hide");
    desk_audit_list_clear(&a);
    assert_int_equal(store_desk_audit_list(st, NULL, 10, &a, &eb), ERR_OK);
    assert_int_equal(a.len, 2);
    desk_audit_list_clear(&a);
    store_close(st);
}

static void test_people(void **state)
{
    (void)state;
    test_for_each_store(people, "desk_people");
}

static void test_drafts(void **state)
{
    (void)state;
    test_for_each_store(drafts, "desk_drafts");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(passwords),
        cmocka_unit_test(cookies),
        cmocka_unit_test(test_people),
        cmocka_unit_test(test_drafts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
