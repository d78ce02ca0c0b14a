/* The address guard: classifies an IPv4 or IPv6 address as public or as one of
 * the ranges a fetch must not reach unless allowed (loopback, private, link-local,
 * multicast, reserved...), so that a feed URL cannot be used to probe the
 * machine or its network (SSRF). The fetcher applies it to the address actually
 * connected to, after DNS and after every redirect. */
#ifndef OMNIBUS_FETCH_GUARD_H
#define OMNIBUS_FETCH_GUARD_H

#include <stdbool.h>
#include <sys/socket.h>

enum guard_class {
    GUARD_PUBLIC = 0,
    GUARD_UNSPECIFIED,   /* 0.0.0.0/8, :: (Linux connects 0.0.0.0 to this host) */
    GUARD_LOOPBACK,      /* 127/8, ::1 */
    GUARD_PRIVATE,       /* RFC 1918, fc00::/7 (ULA), fec0::/10, 64:ff9b:1::/48 */
    GUARD_LINK_LOCAL,    /* 169.254/16, fe80::/10 */
    GUARD_SHARED,        /* 100.64/10, carrier-grade NAT */
    GUARD_MULTICAST,     /* 224/4, ff00::/8 */
    GUARD_BROADCAST,     /* 255.255.255.255 */
    GUARD_DOCUMENTATION, /* TEST-NET-1/2/3, 2001:db8::/32, 3fff::/20 */
    GUARD_RESERVED,      /* everything else that is not global unicast */
};

/* Longest text guard_format writes, NUL included (INET6_ADDRSTRLEN). */
#define GUARD_ADDRSTRLEN 46

/* The class of the address in sa (AF_INET or AF_INET6; len is its size).
 * IPv6 addresses that embed an IPv4 one (IPv4-mapped ::ffff:a.b.c.d,
 * IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) take the class
 * of the embedded address; a public one embedded in a deprecated form
 * (IPv4-compatible) is GUARD_RESERVED. Any other family is GUARD_RESERVED. */
enum guard_class guard_classify(const struct sockaddr *sa, socklen_t len);

/* The class of a numeric address written as text ("10.0.0.1", "::ffff:7f00:1").
 * Returns false (and leaves *out alone) when text is not a numeric address. */
bool guard_classify_text(const char *text, enum guard_class *out);

/* Whether a connection to an address of class c may go ahead: public always,
 * everything when allow_private. */
bool guard_allows(enum guard_class c, bool allow_private);

/* The class as the end of a sentence: "a loopback address". Never NULL. */
const char *guard_class_phrase(enum guard_class c);

/* The numeric text of the address in sa into out ("?" when it has none). */
void guard_format(const struct sockaddr *sa, socklen_t len, char out[static GUARD_ADDRSTRLEN]);

#endif
