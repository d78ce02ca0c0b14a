#include "fetch/guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

/* The ranges come from the IANA IPv4 and IPv6 special-purpose address
 * registries. Where the registry calls a range "globally reachable" but no
 * news site would ever live there (AS112, AMT, ORCHID inside 2001::/23), the
 * whole block is refused: a wrong refusal is a message in the log, a wrong
 * permission is a hole. */

struct v4_rule {
    uint32_t net;
    int bits;
    enum guard_class cls;
};

/* First match wins: the broadcast address sits inside 240/4. */
static const struct v4_rule v4_rules[] = {
    {0x00000000u, 8, GUARD_UNSPECIFIED},    /* 0/8 "this network" */
    {0x0A000000u, 8, GUARD_PRIVATE},        /* 10/8 */
    {0x64400000u, 10, GUARD_SHARED},        /* 100.64/10 */
    {0x7F000000u, 8, GUARD_LOOPBACK},       /* 127/8 */
    {0xA9FE0000u, 16, GUARD_LINK_LOCAL},    /* 169.254/16 */
    {0xAC100000u, 12, GUARD_PRIVATE},       /* 172.16/12 */
    {0xC0000000u, 24, GUARD_RESERVED},      /* 192.0.0/24 IETF protocol assignments */
    {0xC0000200u, 24, GUARD_DOCUMENTATION}, /* 192.0.2/24 TEST-NET-1 */
    {0xC0586300u, 24, GUARD_RESERVED},      /* 192.88.99/24 6to4 relay anycast */
    {0xC0A80000u, 16, GUARD_PRIVATE},       /* 192.168/16 */
    {0xC6120000u, 15, GUARD_RESERVED},      /* 198.18/15 benchmarking */
    {0xC6336400u, 24, GUARD_DOCUMENTATION}, /* 198.51.100/24 TEST-NET-2 */
    {0xCB007100u, 24, GUARD_DOCUMENTATION}, /* 203.0.113/24 TEST-NET-3 */
    {0xE0000000u, 4, GUARD_MULTICAST},      /* 224/4 */
    {0xFFFFFFFFu, 32, GUARD_BROADCAST},     /* limited broadcast */
    {0xF0000000u, 4, GUARD_RESERVED},       /* 240/4 future use */
};

/* How an IPv6 range relates to IPv4. */
enum embed {
    EMBED_NONE,       /* the rule's class applies */
    EMBED_DIRECT,     /* an IPv4 address at .at whose class applies (mapped, NAT64, 6to4) */
    EMBED_DEPRECATED, /* likewise, but a public IPv4 inside is still refused */
};

struct v6_rule {
    uint8_t net[16];
    int bits;
    enum guard_class cls;
    enum embed embed;
    int at; /* byte offset of the embedded IPv4 address */
};

/* First match wins: :: and ::1 sit inside ::/96, 2001:db8::/32 inside 2001::/23. */
static const struct v6_rule v6_rules[] = {
    {{0}, 128, GUARD_UNSPECIFIED, EMBED_NONE, 0},
    {{[15] = 1}, 128, GUARD_LOOPBACK, EMBED_NONE, 0},
    {{[10] = 0xff, [11] = 0xff}, 96, GUARD_PUBLIC, EMBED_DIRECT, 12}, /* ::ffff:0:0/96 mapped */
    {{0}, 96, GUARD_RESERVED, EMBED_DEPRECATED, 12},                  /* ::/96 compatible */
    {{0x00, 0x64, 0xff, 0x9b}, 96, GUARD_PUBLIC, EMBED_DIRECT, 12},   /* 64:ff9b::/96 NAT64 */
    {{0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48, GUARD_PRIVATE, EMBED_NONE, 0}, /* local NAT64 */
    {{0x01, 0x00}, 64, GUARD_RESERVED, EMBED_NONE, 0},                        /* 100::/64 discard */
    {{0x20, 0x01, 0x0d, 0xb8}, 32, GUARD_DOCUMENTATION, EMBED_NONE, 0},       /* 2001:db8::/32 */
    {{0x20, 0x01}, 23, GUARD_RESERVED, EMBED_NONE, 0},      /* 2001::/23 incl. Teredo */
    {{0x20, 0x02}, 16, GUARD_PUBLIC, EMBED_DIRECT, 2},      /* 2002::/16 6to4 */
    {{0x3f, 0xff}, 20, GUARD_DOCUMENTATION, EMBED_NONE, 0}, /* 3fff::/20 */
    {{0x20}, 3, GUARD_PUBLIC, EMBED_NONE, 0},               /* 2000::/3 global unicast */
    {{0xfc}, 7, GUARD_PRIVATE, EMBED_NONE, 0},              /* fc00::/7 ULA */
    {{0xfe, 0x80}, 10, GUARD_LINK_LOCAL, EMBED_NONE, 0},    /* fe80::/10 */
    {{0xfe, 0xc0}, 10, GUARD_PRIVATE, EMBED_NONE, 0},       /* fec0::/10 site-local */
    {{0xff}, 8, GUARD_MULTICAST, EMBED_NONE, 0},            /* ff00::/8 */
};

static enum guard_class classify_v4(uint32_t a)
{
    for (size_t i = 0; i < sizeof v4_rules / sizeof v4_rules[0]; i++) {
        uint32_t mask = v4_rules[i].bits ? ~0u << (32 - v4_rules[i].bits) : 0;
        if ((a & mask) == v4_rules[i].net)
            return v4_rules[i].cls;
    }
    return GUARD_PUBLIC;
}

static bool v6_match(const uint8_t *a, const struct v6_rule *r)
{
    int full = r->bits / 8, rest = r->bits % 8;
    if (memcmp(a, r->net, (size_t)full))
        return false;
    if (!rest)
        return true;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return (a[full] & mask) == r->net[full];
}

static uint32_t v4_at(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static enum guard_class classify_v6(const uint8_t a[16])
{
    for (size_t i = 0; i < sizeof v6_rules / sizeof v6_rules[0]; i++) {
        const struct v6_rule *r = &v6_rules[i];
        if (!v6_match(a, r))
            continue;
        if (r->embed == EMBED_NONE)
            return r->cls;
        enum guard_class inner = classify_v4(v4_at(a + r->at));
        if (inner == GUARD_PUBLIC && r->embed == EMBED_DEPRECATED)
            return GUARD_RESERVED;
        return inner;
    }
    /* Outside 2000::/3 and the ranges above nothing is allocated for hosts. */
    return GUARD_RESERVED;
}

enum guard_class guard_classify(const struct sockaddr *sa, socklen_t len)
{
    if (sa && sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        return classify_v4(ntohl(in->sin_addr.s_addr));
    }
    if (sa && sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        return classify_v6(in6->sin6_addr.s6_addr);
    }
    return GUARD_RESERVED;
}

bool guard_classify_text(const char *text, enum guard_class *out)
{
    struct in_addr a4;
    struct in6_addr a6;
    if (inet_pton(AF_INET, text, &a4) == 1) {
        *out = classify_v4(ntohl(a4.s_addr));
        return true;
    }
    if (inet_pton(AF_INET6, text, &a6) == 1) {
        *out = classify_v6(a6.s6_addr);
        return true;
    }
    return false;
}

bool guard_allows(enum guard_class c, bool allow_private)
{
    return c == GUARD_PUBLIC || allow_private;
}

const char *guard_class_phrase(enum guard_class c)
{
    switch (c) {
    case GUARD_PUBLIC:
        return "a public address";
    case GUARD_UNSPECIFIED:
        return "an unspecified (this-host) address";
    case GUARD_LOOPBACK:
        return "a loopback address";
    case GUARD_PRIVATE:
        return "a private address";
    case GUARD_LINK_LOCAL:
        return "a link-local address";
    case GUARD_SHARED:
        return "a carrier-grade NAT (shared) address";
    case GUARD_MULTICAST:
        return "a multicast address";
    case GUARD_BROADCAST:
        return "the broadcast address";
    case GUARD_DOCUMENTATION:
        return "a documentation address";
    case GUARD_RESERVED:
        return "a reserved address";
    }
    return "an unknown kind of address";
}

void guard_format(const struct sockaddr *sa, socklen_t len, char out[static GUARD_ADDRSTRLEN])
{
    const void *addr = NULL;
    if (sa && sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in))
        addr = &((const struct sockaddr_in *)sa)->sin_addr;
    else if (sa && sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6))
        addr = &((const struct sockaddr_in6 *)sa)->sin6_addr;
    if (!addr || !inet_ntop(sa->sa_family, addr, out, GUARD_ADDRSTRLEN))
        strcpy(out, "?");
}
