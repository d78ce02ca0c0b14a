/* The site's routes. */
#include "web/handler.h"

/* The query parameters each handler reads (search.c). */
static const char *const search_params[] = {"q", NULL};
static const char *const api_search_params[] = {"q", "limit", "offset", NULL};

const struct route web_routes[] = {
    {"/", HTTP_GET, ROUTE_PAGE, page_home, NULL, NULL},
    {"/about", HTTP_GET, ROUTE_PAGE, page_about, NULL, NULL},
    {"/source/{id}", HTTP_GET, ROUTE_PAGE, page_source, NULL, NULL},
    {"/story/{id-slug}", HTTP_GET, ROUTE_PAGE, page_story, NULL, NULL},
    {"/story/{id}/feed.atom", HTTP_GET, ROUTE_PAGE, story_feed_atom, NULL, NULL},
    {"/story/{id}/feed.json", HTTP_GET, ROUTE_PAGE, story_feed_json, NULL, NULL},
    {"/topic/{id}", HTTP_GET, ROUTE_PAGE, page_topic, NULL, NULL},
    {"/topic/{id}/feed.atom", HTTP_GET, ROUTE_PAGE, topic_feed_atom, NULL, NULL},
    {"/topic/{id}/feed.json", HTTP_GET, ROUTE_PAGE, topic_feed_json, NULL, NULL},
    {"/search", HTTP_GET, ROUTE_PAGE | ROUTE_METERED, page_search, search_params, search_normalise},
    {"/api/search", HTTP_GET, ROUTE_PAGE | ROUTE_METERED, api_search, api_search_params,
     search_normalise},
    {"/api/stories", HTTP_GET, ROUTE_PAGE | ROUTE_METERED, api_stories, NULL, NULL},
    {"/api/stories/{id}", HTTP_GET, ROUTE_PAGE | ROUTE_METERED, api_story, NULL, NULL},
    {"/api/topics/{id}", HTTP_GET, ROUTE_PAGE | ROUTE_METERED, api_topic, NULL, NULL},
    {"/feed.atom", HTTP_GET, ROUTE_PAGE, feed_atom, NULL, NULL},
    {"/feed.json", HTTP_GET, ROUTE_PAGE, feed_json, NULL, NULL},
    {"/static/site.css", HTTP_GET, ROUTE_PAGE, web_static_css, NULL, NULL},
    {"/api/sources", HTTP_GET | HTTP_POST, ROUTE_ADMIN | ROUTE_METERED, api_sources, NULL, NULL},
    {"/api/sources/{id}", HTTP_DELETE, ROUTE_ADMIN | ROUTE_METERED, api_source_delete, NULL, NULL},
    {"/api/sources/{id}/health", HTTP_GET, ROUTE_ADMIN | ROUTE_ADMIN_READ | ROUTE_METERED,
     api_source_health, NULL, NULL},
    {"/desk", HTTP_GET, 0, desk_queue_page, NULL, NULL},
    {"/desk/login", HTTP_GET | HTTP_POST, 0, desk_login, NULL, NULL},
    {"/desk/logout", HTTP_POST, 0, desk_logout, NULL, NULL},
    {"/desk/users", HTTP_GET | HTTP_POST, 0, desk_users_page, NULL, NULL},
    {"/desk/story/{id}", HTTP_GET | HTTP_POST, 0, desk_story_page, NULL, NULL},
    {"/healthz", HTTP_GET, 0, web_healthz, NULL, NULL},
    {"/metrics", HTTP_GET, 0, web_metrics, NULL, NULL},
};

const size_t web_routes_count = sizeof web_routes / sizeof web_routes[0];
