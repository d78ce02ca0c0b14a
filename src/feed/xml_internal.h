/* The insides of the XML feed reader, shared by its four files:
 *   xml.c          the SAX2 parser: frames, namespaces, entities, errors
 *   xml_tags.c     which element a (namespace, name) pair is
 *   xml_elements.c what each element of a channel or an item means
 *   xml_capture.c  collecting a value and decoding it into the model
 * Internal to src/feed; the entry point is feed_read_xml (feed/internal.h). */
#ifndef OMNIBUS_FEED_XML_INTERNAL_H
#define OMNIBUS_FEED_XML_INTERNAL_H

#include <libxml/parser.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "feed/internal.h"

#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"

enum ns {
    NS_OTHER,
    NS_CORE, /* no namespace, RSS 0.90, RSS 1.0, Userland RSS 2.0 */
    NS_ATOM, /* Atom 1.0 and 0.3 */
    NS_RDF,
    NS_DC,
    NS_DCTERMS,
    NS_CONTENT,
    NS_MEDIA,
    NS_ITUNES,
    NS_XHTML,
};

enum tag {
    T_OTHER,
    T_AUTHOR,
    T_BODY,
    T_CATEGORY,
    T_CHANNEL,
    T_CONTENT,
    T_CONTENT_ENCODED,
    T_COPYRIGHT,
    T_DC_CREATOR,
    T_DC_DATE,
    T_DC_DESCRIPTION,
    T_DC_IDENTIFIER,
    T_DC_LANGUAGE,
    T_DC_RIGHTS,
    T_DC_SUBJECT,
    T_DC_TITLE,
    T_DCT_ISSUED,
    T_DCT_MODIFIED,
    T_DESCRIPTION,
    T_EMAIL,
    T_ENCLOSURE,
    T_ENTRY,
    T_FEED,
    T_FULLITEM,
    T_GUID,
    T_ICON,
    T_ID,
    T_IMAGE,
    T_IT_AUTHOR,
    T_IT_CATEGORY,
    T_IT_IMAGE,
    T_IT_LINK,
    T_IT_SUBTITLE,
    T_IT_SUMMARY,
    T_ITEM,
    T_LANGUAGE,
    T_LASTBUILDDATE,
    T_LINK,
    T_LOGO,
    T_MANAGINGEDITOR,
    T_MEDIA_CATEGORY,
    T_MEDIA_CONTENT,
    T_MEDIA_CREDIT,
    T_MEDIA_DESCRIPTION,
    T_MEDIA_GROUP,
    T_MEDIA_THUMBNAIL,
    T_MEDIA_TITLE,
    T_MODIFIED,
    T_NAME,
    T_PUBDATE,
    T_PUBLISHED,
    T_RDF,
    T_RIGHTS,
    T_RSS,
    T_SUBTITLE,
    T_SUMMARY,
    T_TAGLINE,
    T_TITLE,
    T_UPDATED,
    T_URL,
};

enum role {
    R_IGNORE,        /* nothing inside matters */
    R_ROOT,          /* <rss>, <rdf:RDF> */
    R_CHANNEL,       /* <channel>, Atom <feed> */
    R_ITEM,          /* <item>, <entry> */
    R_FIELD,         /* a value being collected */
    R_MARKUP,        /* an element inside a value, kept as markup */
    R_MARKUP_HIDDEN, /* the wrapper <div> of Atom XHTML content: its content only */
    R_PERSON,        /* Atom person construct, or an RSS <author> */
    R_IMAGE,         /* RSS channel <image> */
    R_MEDIA_GROUP,
    R_MEDIA_CONTENT,
    R_IT_CATEGORY,
};

/* What a collected value becomes. The first group holds one value each and
 * compete by priority (slot index = the field). */
enum field {
    F_TITLE,
    F_LINK,
    F_ID,
    F_SUMMARY,
    F_CONTENT,
    F_PUBLISHED,
    F_UPDATED,
    F_LANG,
    F_SUBTITLE,
    F_RIGHTS,
    F_IMAGE_URL,
    N_SLOTS,
    F_GUID = N_SLOTS, /* competes in the F_ID slot */
    F_IMAGE_TITLE,
    F_AUTHOR,
    F_ITUNES_AUTHOR,
    F_CATEGORY,
    F_PERSON_NAME,
    F_PERSON_EMAIL,
    F_MEDIA_CAPTION,
    F_MEDIA_TITLE,
    F_MEDIA_CREDIT,
};

struct frame {
    const char *local, *prefix; /* interned by the parser: valid all parse long */
    const char *base, *lang;    /* in effect here; owned by xp.strings or the caller */
    enum role role;
    bool closed; /* ended by a recovered end tag while libxml2 still has it open */
};

/* A value being collected. */
struct capture {
    bool active;
    size_t frame;
    enum field field;
    bool item; /* belongs to the current item, else to the feed */
    unsigned char prio;
    enum text_kind kind;
    bool markup;      /* child elements are serialized and text is escaped */
    bool strip_div;   /* Atom XHTML: the first <div> is a wrapper */
    bool base64;      /* Atom 0.3 mode="base64" */
    bool permalink;   /* guid isPermaLink */
    bool atom_id;     /* atom:id: resolved against xml:base like feedparser does */
    bool overflow;    /* longer than FEED_MAX_FIELD */
    const char *base; /* for the value's relative URLs */
    struct buf buf;
};

/* An image candidate for an item (or the feed). Better = higher priority, then wider. */
struct image_pick {
    char *url, *caption, *credit;
    int prio;
    long width;
};

struct xp {
    xmlParserCtxtPtr ctxt;
    struct feed *feed;
    const char *doc_base;
    bool root_seen, is_feed;
    char root_name[64];

    struct frame *stack;
    size_t depth, cap_frames;
    char **strings;
    size_t n_strings, cap_strings;
    xmlHashTablePtr entities;
    char pending[128];    /* end tag named by a mismatch libxml2 recovered from */
    const char *core_uri; /* the unknown namespace of a feed's root: read as RSS/Atom */
    struct {
        const char *local; /* interned by the parser: the pointer names the string */
        enum ns ns;
        enum tag tag;
    } tag_cache[64];
    const char *ns_uri_cache[8];
    enum ns ns_cache[8];
    size_t ns_cache_next;

    struct capture cap;
    unsigned char feed_prio[N_SLOTS], item_prio[N_SLOTS];
    struct feed_item *item; /* the open item, NULL outside one */
    struct {
        bool active;
        size_t frame;
        bool item;
        struct buf text;
        char *name, *email;
    } person;
    struct {
        bool active, image;
        char *url;
        long width;
        char *caption, *credit;
    } media;
    struct image_pick pick;                           /* the item's best image so far */
    char *loose_caption, *loose_title, *loose_credit; /* media:* outside media:content */
    char *itunes_author, *guid_link;
    char *feed_itunes_author;
};

/* SAX2 attributes: five pointers each (local, prefix, URI, value, end). */
struct attrs {
    const xmlChar **a;
    int n;
};

/* xml_tags.c */

/* The element named local in namespace ns (T_OTHER when we do not know it). */
enum tag xp_tag_of(enum ns ns, const char *local);
/* The namespace a URI names, NS_OTHER when we do not know it. */
enum ns xp_ns_by_uri(const char *uri);
/* The namespace a prefix names when the document declared none for it. */
enum ns xp_ns_by_prefix(const char *prefix);

/* xml_capture.c */

/* A new copy of attribute name's value (any namespace but xml:), NULL if absent. */
char *xp_attr_dup(const struct attrs *at, const char *name);
/* Whether attribute name is value, ignoring case and surrounding space. */
bool xp_attr_is(const struct attrs *at, const char *name, const char *value);
/* Attribute name as a positive number, else 0. */
long xp_attr_long(const struct attrs *at, const char *name);
/* The priority of the value the feed (item false) or the item holds for field. */
unsigned char *xp_prio_of(struct xp *p, bool item, enum field field);
/* Starts collecting the value of frame f. Returns false (f ignored) when a
 * value of the slot with a higher priority is already there; of equal ones the
 * last wins, as in feedparser (a feed that repeats <updated> corrects itself). */
bool xp_capture_begin(struct xp *p, struct frame *f, enum field field, bool item,
                      unsigned char prio, enum text_kind kind);
/* Text of the value being collected (escaped when it is markup). */
void xp_capture_append(struct xp *p, const char *s, size_t n);
/* The value collected, decoded into the model. */
void xp_capture_end(struct xp *p);
/* An element inside a value: serialized so the HTML sanitizer sees it. */
void xp_markup_start(struct xp *p, struct frame *f, const xmlChar *uri, const struct attrs *at);
void xp_markup_end(struct xp *p, struct frame *f);
/* Frees *dst and takes v in its place. */
void xp_set_string(char **dst, char *v);
/* Offers an image (takes url, caption and credit): kept when better than pick's. */
void xp_offer_image(struct image_pick *pick, char *url, int prio, long width, char *caption,
                    char *credit);
/* Adds an author (taken) to the item (item true) or the feed. */
void xp_add_author(struct xp *p, bool item, char *name);
/* Adds a category (taken) to the open item; outside one it is dropped. */
void xp_add_category(struct xp *p, char *term);

/* xml_elements.c */

/* A child of the channel (item false) or of an item: sets f's role and starts
 * what it needs. */
void xp_container_child(struct xp *p, struct frame *f, enum tag t, enum ns ns,
                        const struct attrs *at, bool item);
/* media:* children of an item, a media:group or a media:content; false when t
 * is none of them. */
bool xp_media_child(struct xp *p, struct frame *f, enum tag t, const struct attrs *at,
                    bool in_item);
void xp_media_end(struct xp *p);
void xp_person_end(struct xp *p);
void xp_item_begin(struct xp *p, struct frame *f, const struct attrs *at);
void xp_item_end(struct xp *p);
/* itunes:category text="..." (they nest: Technology > Gadgets). */
void xp_itunes_category(struct xp *p, struct frame *f, const struct attrs *at);

#endif
