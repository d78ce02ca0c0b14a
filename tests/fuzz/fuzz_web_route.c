/* Fuzzes the request router and the query-string parser with the site's real
 * route table, the language negotiation and the writers the router's output
 * feeds, and the desk's Cookie header reader. Input: METHOD '\n' TARGET '\n'
 * ACCEPT-LANGUAGE '\n' COOKIE. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_assert.h"
#include "web/auth.h"
#include "web/handler.h"
#include "web/html.h"
#include "web/lang.h"
#include "web/route.h"

/* The next line of data (a new string), advancing *p. */
static char *line(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
    const uint8_t *stop = nl ? nl : end;
    char *s = malloc((size_t)(stop - *p) + 1);
    memcpy(s, *p, (size_t)(stop - *p));
    s[stop - *p] = '\0';
    *p = nl ? nl + 1 : end;
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *p = data, *end = data + size;
    char *method = line(&p, end);
    char *target = line(&p, end);
    char *accept = line(&p, end);
    char *cookie = line(&p, end);
    /* A cookie's value fits its buffer, lies inside the header and holds no ';'. */
    char value[44];
    if (auth_cookie_get(cookie, "omnibus_desk", value, sizeof value)) {
        FUZZ_ASSERT(strlen(value) < sizeof value);
        FUZZ_ASSERT(!strchr(value, ';'));
        FUZZ_ASSERT(strstr(cookie, value));
    }
    struct route_result r;
    enum route_status st = route_request(web_routes, web_routes_count, method, target, &r);
    char allow[64];
    http_methods_allow(r.allow, allow, sizeof allow);
    enum site_lang l = site_lang_negotiate(query_get(&r.query, "lang"), accept, SITE_SV);
    FUZZ_ASSERT(st != ROUTE_FOUND || r.index < web_routes_count);
    if (st == ROUTE_FOUND) { /* as the server does: only what the route reads is left */
        size_t before = r.query.len;
        query_keep(&r.query, web_routes[r.index].params);
        FUZZ_ASSERT(r.query.len <= before);
        for (size_t i = 0; i < r.query.len; i++)
            FUZZ_ASSERT(strcmp(r.query.items[i].name, "lang"));
    }
    /* Text written by h_text never carries markup characters from the input. */
    struct buf text, links;
    buf_init(&text, 1 << 20);
    buf_init(&links, 1 << 20);
    struct html t, k;
    html_init(&t, &text);
    html_init(&k, &links);
    h_text(&t, phrase(l, PH_NAV_HOME));
    for (size_t i = 0; i < r.query.len; i++) {
        h_text(&t, r.query.items[i].name);
        h_text(&t, r.query.items[i].value);
        h_url_component(&k, r.query.items[i].value);
        h_link(&k, r.query.items[i].value, r.query.items[i].name);
    }
    if (!html_finish(&t) && text.len)
        FUZZ_ASSERT(!strpbrk(buf_cstr(&text), "<>\"'"));
    (void)html_finish(&k);
    buf_clear(&text);
    buf_clear(&links);
    route_result_clear(&r);
    free(method);
    free(target);
    free(accept);
    free(cookie);
    return 0;
}
