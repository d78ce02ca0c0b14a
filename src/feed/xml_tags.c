/* The elements the XML reader knows, by namespace and name. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "feed/xml_internal.h"

struct tag_entry {
    const char *name;
    enum ns ns;
    enum tag tag;
};

/* Sorted by name ignoring case, then namespace. Names match ignoring case
 * (<pubdate>, <TiTlE> are out there). Atom elements are looked up as NS_CORE:
 * the names RSS and Atom share mean the same thing, and Atom 0.3 feeds without
 * a namespace exist. */
static const struct tag_entry tags[] = {
    {"author", NS_CORE, T_AUTHOR},
    {"author", NS_DC, T_DC_CREATOR},
    {"author", NS_ITUNES, T_IT_AUTHOR},
    {"body", NS_CORE, T_BODY},
    {"body", NS_XHTML, T_BODY},
    {"category", NS_CORE, T_CATEGORY},
    {"category", NS_MEDIA, T_MEDIA_CATEGORY},
    {"category", NS_ITUNES, T_IT_CATEGORY},
    {"channel", NS_CORE, T_CHANNEL},
    {"content", NS_CORE, T_CONTENT},
    {"content", NS_MEDIA, T_MEDIA_CONTENT},
    {"copyright", NS_CORE, T_COPYRIGHT},
    {"creator", NS_DC, T_DC_CREATOR},
    {"credit", NS_MEDIA, T_MEDIA_CREDIT},
    {"date", NS_DC, T_DC_DATE},
    {"description", NS_CORE, T_DESCRIPTION},
    {"description", NS_DC, T_DC_DESCRIPTION},
    {"description", NS_MEDIA, T_MEDIA_DESCRIPTION},
    {"email", NS_CORE, T_EMAIL},
    {"enclosure", NS_CORE, T_ENCLOSURE},
    {"encoded", NS_CONTENT, T_CONTENT_ENCODED},
    {"entry", NS_CORE, T_ENTRY},
    {"feed", NS_CORE, T_FEED},
    {"fullitem", NS_CORE, T_FULLITEM},
    {"group", NS_MEDIA, T_MEDIA_GROUP},
    {"guid", NS_CORE, T_GUID},
    {"icon", NS_CORE, T_ICON},
    {"id", NS_CORE, T_ID},
    {"identifier", NS_DC, T_DC_IDENTIFIER},
    {"image", NS_CORE, T_IMAGE},
    {"image", NS_ITUNES, T_IT_IMAGE},
    {"issued", NS_CORE, T_PUBLISHED},
    {"issued", NS_DCTERMS, T_DCT_ISSUED},
    {"item", NS_CORE, T_ITEM},
    {"language", NS_CORE, T_LANGUAGE},
    {"language", NS_DC, T_DC_LANGUAGE},
    {"lastBuildDate", NS_CORE, T_LASTBUILDDATE},
    {"link", NS_CORE, T_LINK},
    {"link", NS_ITUNES, T_IT_LINK},
    {"logo", NS_CORE, T_LOGO},
    {"managingEditor", NS_CORE, T_MANAGINGEDITOR},
    {"modified", NS_CORE, T_MODIFIED},
    {"modified", NS_DCTERMS, T_DCT_MODIFIED},
    {"name", NS_CORE, T_NAME},
    {"pubDate", NS_CORE, T_PUBDATE},
    {"published", NS_CORE, T_PUBLISHED},
    {"RDF", NS_RDF, T_RDF},
    {"rights", NS_CORE, T_RIGHTS},
    {"rights", NS_DC, T_DC_RIGHTS},
    {"rss", NS_CORE, T_RSS},
    {"subject", NS_DC, T_DC_SUBJECT},
    {"subtitle", NS_CORE, T_SUBTITLE},
    {"subtitle", NS_ITUNES, T_IT_SUBTITLE},
    {"summary", NS_CORE, T_SUMMARY},
    {"summary", NS_ITUNES, T_IT_SUMMARY},
    {"tagline", NS_CORE, T_TAGLINE},
    {"thumbnail", NS_MEDIA, T_MEDIA_THUMBNAIL},
    {"title", NS_CORE, T_TITLE},
    {"title", NS_DC, T_DC_TITLE},
    {"title", NS_MEDIA, T_MEDIA_TITLE},
    {"updated", NS_CORE, T_UPDATED},
    {"url", NS_CORE, T_URL},
};

static int tag_cmp(const void *key, const void *elem)
{
    const struct tag_entry *k = key, *e = elem;
    int c = strcasecmp(k->name, e->name);
    return c ? c : (int)k->ns - (int)e->ns;
}

enum tag xp_tag_of(enum ns ns, const char *local)
{
    if (ns == NS_OTHER)
        return T_OTHER;
    struct tag_entry key = {local, ns == NS_ATOM ? NS_CORE : ns, T_OTHER};
    const struct tag_entry *hit =
        bsearch(&key, tags, sizeof tags / sizeof tags[0], sizeof tags[0], tag_cmp);
    return hit ? hit->tag : T_OTHER;
}

enum ns xp_ns_by_uri(const char *uri)
{
    static const struct {
        const char *uri;
        enum ns ns;
    } known[] = {
        {"http://www.w3.org/2005/Atom", NS_ATOM},
        {"http://purl.org/atom/ns#", NS_ATOM},
        {"http://purl.org/rss/1.0/", NS_CORE},
        {NS_RSS090, NS_CORE},
        {"http://backend.userland.com/rss2", NS_CORE},
        {"http://backend.userland.com/rss", NS_CORE},
        {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF},
        {"http://purl.org/dc/elements/1.1/", NS_DC},
        {"http://purl.org/dc/elements/1.0/", NS_DC},
        {"http://purl.org/dc/terms/", NS_DCTERMS},
        {"http://purl.org/rss/1.0/modules/content/", NS_CONTENT},
        {"http://search.yahoo.com/mrss/", NS_MEDIA},
        {"http://search.yahoo.com/mrss", NS_MEDIA},
        {"http://video.search.yahoo.com/mrss", NS_MEDIA},
        {"http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES},
        {"https://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES},
        {"http://www.w3.org/1999/xhtml", NS_XHTML},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcasecmp(uri, known[i].uri))
            return known[i].ns;
    return NS_OTHER;
}

/* An undeclared prefix (a common slip) read by its usual meaning. */
enum ns xp_ns_by_prefix(const char *prefix)
{
    static const struct {
        const char *prefix;
        enum ns ns;
    } known[] = {
        {"atom", NS_ATOM},       {"dc", NS_DC},       {"dcterms", NS_DCTERMS},
        {"content", NS_CONTENT}, {"media", NS_MEDIA}, {"itunes", NS_ITUNES},
        {"xhtml", NS_XHTML},     {"rdf", NS_RDF},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(prefix, known[i].prefix))
            return known[i].ns;
    return NS_OTHER;
}
