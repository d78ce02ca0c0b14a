/* The site's routes. */
#include "web/handler.h"

const struct route web_routes[] = {
    {"/", HTTP_GET, ROUTE_PAGE, page_home},
    {"/about", HTTP_GET, ROUTE_PAGE, page_about},
    {"/source/{id}", HTTP_GET, ROUTE_PAGE, page_source},
    {"/story/{id-slug}", HTTP_GET, ROUTE_PAGE, page_story},
    {"/story/{id}/feed.atom", HTTP_GET, ROUTE_PAGE, story_feed_atom},
    {"/story/{id}/feed.json", HTTP_GET, ROUTE_PAGE, story_feed_json},
    {"/topic/{id}", HTTP_GET, ROUTE_PAGE, page_topic},
    {"/topic/{id}/feed.atom", HTTP_GET, ROUTE_PAGE, topic_feed_atom},
    {"/topic/{id}/feed.json", HTTP_GET, ROUTE_PAGE, topic_feed_json},
    {"/search", HTTP_GET, ROUTE_PAGE, page_search},
    {"/api/search", HTTP_GET, ROUTE_PAGE, api_search},
    {"/api/stories", HTTP_GET, ROUTE_PAGE, api_stories},
    {"/api/stories/{id}", HTTP_GET, ROUTE_PAGE, api_story},
    {"/api/topics/{id}", HTTP_GET, ROUTE_PAGE, api_topic},
    {"/feed.atom", HTTP_GET, ROUTE_PAGE, feed_atom},
    {"/feed.json", HTTP_GET, ROUTE_PAGE, feed_json},
    {"/static/site.css", HTTP_GET, ROUTE_PAGE, web_static_css},
    {"/api/sources", HTTP_GET | HTTP_POST, ROUTE_ADMIN, api_sources},
    {"/api/sources/{id}", HTTP_DELETE, ROUTE_ADMIN, api_source_delete},
    {"/healthz", HTTP_GET, 0, web_healthz},
    {"/metrics", HTTP_GET, 0, web_metrics},
};

const size_t web_routes_count = sizeof web_routes / sizeof web_routes[0];
