/* The site's routes. */
#include "web/handler.h"

/* The query parameters each handler reads (search.c). */
static const char *const search_params[] = {"q", NULL};
static const char *const api_search_params[] = {"q", "limit", "offset", NULL};

const struct route web_routes[] = {
    {"/", HTTP_GET, ROUTE_PAGE, page_home, NULL},
    {"/about", HTTP_GET, ROUTE_PAGE, page_about, NULL},
    {"/source/{id}", HTTP_GET, ROUTE_PAGE, page_source, NULL},
    {"/story/{id-slug}", HTTP_GET, ROUTE_PAGE, page_story, NULL},
    {"/story/{id}/feed.atom", HTTP_GET, ROUTE_PAGE, story_feed_atom, NULL},
    {"/story/{id}/feed.json", HTTP_GET, ROUTE_PAGE, story_feed_json, NULL},
    {"/topic/{id}", HTTP_GET, ROUTE_PAGE, page_topic, NULL},
    {"/topic/{id}/feed.atom", HTTP_GET, ROUTE_PAGE, topic_feed_atom, NULL},
    {"/topic/{id}/feed.json", HTTP_GET, ROUTE_PAGE, topic_feed_json, NULL},
    {"/search", HTTP_GET, ROUTE_PAGE, page_search, search_params},
    {"/api/search", HTTP_GET, ROUTE_PAGE, api_search, api_search_params},
    {"/api/stories", HTTP_GET, ROUTE_PAGE, api_stories, NULL},
    {"/api/stories/{id}", HTTP_GET, ROUTE_PAGE, api_story, NULL},
    {"/api/topics/{id}", HTTP_GET, ROUTE_PAGE, api_topic, NULL},
    {"/feed.atom", HTTP_GET, ROUTE_PAGE, feed_atom, NULL},
    {"/feed.json", HTTP_GET, ROUTE_PAGE, feed_json, NULL},
    {"/static/site.css", HTTP_GET, ROUTE_PAGE, web_static_css, NULL},
    {"/api/sources", HTTP_GET | HTTP_POST, ROUTE_ADMIN, api_sources, NULL},
    {"/api/sources/{id}", HTTP_DELETE, ROUTE_ADMIN, api_source_delete, NULL},
    {"/healthz", HTTP_GET, 0, web_healthz, NULL},
    {"/metrics", HTTP_GET, 0, web_metrics, NULL},
};

const size_t web_routes_count = sizeof web_routes / sizeof web_routes[0];
