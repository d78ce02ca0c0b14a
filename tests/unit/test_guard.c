/* The address guard: every special-purpose range of the IANA registries, its
 * edges, and the IPv6 forms that embed an IPv4 address. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "fetch/guard.h"
#include "testlib.h"

struct row {
    const char *addr;
    enum guard_class cls;
};

static const struct row rows[] = {
    /* IPv4: public, including the neighbours of every refused range */
    {"8.8.8.8", GUARD_PUBLIC},
    {"1.1.1.1", GUARD_PUBLIC},
    {"93.184.216.34", GUARD_PUBLIC},
    {"1.0.0.0", GUARD_PUBLIC},
    {"9.255.255.255", GUARD_PUBLIC},
    {"11.0.0.0", GUARD_PUBLIC},
    {"100.63.255.255", GUARD_PUBLIC},
    {"100.128.0.0", GUARD_PUBLIC},
    {"126.255.255.255", GUARD_PUBLIC},
    {"128.0.0.0", GUARD_PUBLIC},
    {"169.253.255.255", GUARD_PUBLIC},
    {"169.255.0.0", GUARD_PUBLIC},
    {"172.15.255.255", GUARD_PUBLIC},
    {"172.32.0.0", GUARD_PUBLIC},
    {"191.255.255.255", GUARD_PUBLIC},
    {"192.0.1.0", GUARD_PUBLIC},
    {"192.0.3.0", GUARD_PUBLIC},
    {"192.88.98.255", GUARD_PUBLIC},
    {"192.88.100.0", GUARD_PUBLIC},
    {"192.167.255.255", GUARD_PUBLIC},
    {"192.169.0.0", GUARD_PUBLIC},
    {"198.17.255.255", GUARD_PUBLIC},
    {"198.20.0.0", GUARD_PUBLIC},
    {"198.51.99.255", GUARD_PUBLIC},
    {"198.51.101.0", GUARD_PUBLIC},
    {"203.0.112.255", GUARD_PUBLIC},
    {"203.0.114.0", GUARD_PUBLIC},
    {"223.255.255.255", GUARD_PUBLIC},
    /* IPv4: refused */
    {"0.0.0.0", GUARD_UNSPECIFIED},
    {"0.1.2.3", GUARD_UNSPECIFIED},
    {"0.255.255.255", GUARD_UNSPECIFIED},
    {"10.0.0.0", GUARD_PRIVATE},
    {"10.1.2.3", GUARD_PRIVATE},
    {"10.255.255.255", GUARD_PRIVATE},
    {"100.64.0.0", GUARD_SHARED},
    {"100.100.100.100", GUARD_SHARED},
    {"100.127.255.255", GUARD_SHARED},
    {"127.0.0.1", GUARD_LOOPBACK},
    {"127.0.0.0", GUARD_LOOPBACK},
    {"127.1.2.3", GUARD_LOOPBACK},
    {"127.255.255.255", GUARD_LOOPBACK},
    {"169.254.0.0", GUARD_LINK_LOCAL},
    {"169.254.169.254", GUARD_LINK_LOCAL}, /* the cloud metadata service */
    {"169.254.255.255", GUARD_LINK_LOCAL},
    {"172.16.0.0", GUARD_PRIVATE},
    {"172.20.1.1", GUARD_PRIVATE},
    {"172.31.255.255", GUARD_PRIVATE},
    {"192.0.0.0", GUARD_RESERVED},
    {"192.0.0.8", GUARD_RESERVED},
    {"192.0.0.255", GUARD_RESERVED},
    {"192.0.2.0", GUARD_DOCUMENTATION},
    {"192.0.2.1", GUARD_DOCUMENTATION},
    {"192.0.2.255", GUARD_DOCUMENTATION},
    {"192.88.99.1", GUARD_RESERVED},
    {"192.168.0.0", GUARD_PRIVATE},
    {"192.168.1.1", GUARD_PRIVATE},
    {"192.168.255.255", GUARD_PRIVATE},
    {"198.18.0.0", GUARD_RESERVED},
    {"198.19.255.255", GUARD_RESERVED},
    {"198.51.100.7", GUARD_DOCUMENTATION},
    {"203.0.113.0", GUARD_DOCUMENTATION},
    {"203.0.113.255", GUARD_DOCUMENTATION},
    {"224.0.0.0", GUARD_MULTICAST},
    {"224.0.0.251", GUARD_MULTICAST},
    {"239.255.255.250", GUARD_MULTICAST},
    {"239.255.255.255", GUARD_MULTICAST},
    {"240.0.0.0", GUARD_RESERVED},
    {"250.1.2.3", GUARD_RESERVED},
    {"255.255.255.254", GUARD_RESERVED},
    {"255.255.255.255", GUARD_BROADCAST},
    /* IPv6: public */
    {"2001:4860:4860::8888", GUARD_PUBLIC},
    {"2606:4700:4700::1111", GUARD_PUBLIC},
    {"2a00:1450:400f:80c::200e", GUARD_PUBLIC},
    {"2000::", GUARD_PUBLIC},
    {"2001:200::1", GUARD_PUBLIC}, /* just past 2001::/23 */
    {"2001:db7:ffff::1", GUARD_PUBLIC},
    {"2001:db9::1", GUARD_PUBLIC},
    {"3ffe:ffff::1", GUARD_PUBLIC},
    {"3fff:1000::1", GUARD_PUBLIC}, /* just past 3fff::/20 */
    /* IPv6: refused */
    {"::", GUARD_UNSPECIFIED},
    {"::1", GUARD_LOOPBACK},
    {"0:0:0:0:0:0:0:1", GUARD_LOOPBACK},
    {"::2", GUARD_UNSPECIFIED}, /* IPv4-compatible 0.0.0.2 */
    {"fc00::", GUARD_PRIVATE},
    {"fd12:3456:789a::1", GUARD_PRIVATE},
    {"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", GUARD_PRIVATE},
    {"fe80::", GUARD_LINK_LOCAL},
    {"febf:ffff::1", GUARD_LINK_LOCAL},
    {"fec0::1", GUARD_PRIVATE},
    {"feff::1", GUARD_PRIVATE},
    {"ff00::", GUARD_MULTICAST},
    {"ff02::1", GUARD_MULTICAST},
    {"ff05::1:3", GUARD_MULTICAST},
    {"2001:db8::", GUARD_DOCUMENTATION},
    {"2001:db8:ffff:ffff::1", GUARD_DOCUMENTATION},
    {"3fff::1", GUARD_DOCUMENTATION},
    {"3fff:fff::1", GUARD_DOCUMENTATION},
    {"2001::1", GUARD_RESERVED}, /* Teredo */
    {"2001:0:4136:e378::1", GUARD_RESERVED},
    {"2001:1ff::1", GUARD_RESERVED}, /* end of 2001::/23 */
    {"100::1", GUARD_RESERVED},      /* discard-only */
    {"100::ffff:ffff:ffff:ffff", GUARD_RESERVED},
    {"64:ff9b:1::1", GUARD_PRIVATE}, /* local-use NAT64 */
    {"1::1", GUARD_RESERVED},        /* unallocated, outside 2000::/3 */
    {"4000::1", GUARD_RESERVED},
    {"5f00::1", GUARD_RESERVED},
    {"e000::1", GUARD_RESERVED},
    /* IPv4-mapped: the IPv4 address decides */
    {"::ffff:127.0.0.1", GUARD_LOOPBACK},
    {"::ffff:7f00:1", GUARD_LOOPBACK},
    {"::ffff:10.0.0.1", GUARD_PRIVATE},
    {"::ffff:169.254.169.254", GUARD_LINK_LOCAL},
    {"::ffff:0.0.0.0", GUARD_UNSPECIFIED},
    {"::ffff:255.255.255.255", GUARD_BROADCAST},
    {"::ffff:8.8.8.8", GUARD_PUBLIC},
    {"0:0:0:0:0:ffff:c0a8:101", GUARD_PRIVATE},
    /* IPv4-compatible (deprecated): a public address inside is refused too */
    {"::127.0.0.1", GUARD_LOOPBACK},
    {"::10.1.1.1", GUARD_PRIVATE},
    {"::8.8.8.8", GUARD_RESERVED},
    /* SIIT ::ffff:0:a.b.c.d is not mapped: outside 2000::/3 */
    {"::ffff:0:8.8.8.8", GUARD_RESERVED},
    /* NAT64 well-known prefix */
    {"64:ff9b::8.8.8.8", GUARD_PUBLIC},
    {"64:ff9b::127.0.0.1", GUARD_LOOPBACK},
    {"64:ff9b::a9fe:a9fe", GUARD_LINK_LOCAL},
    {"64:ff9b::192.168.0.1", GUARD_PRIVATE},
    /* 6to4 */
    {"2002:808:808::1", GUARD_PUBLIC},
    {"2002:7f00:1::1", GUARD_LOOPBACK},
    {"2002:c0a8:101::", GUARD_PRIVATE},
    {"2002:a00:1::1", GUARD_PRIVATE},
    {"2002:e000:1::", GUARD_MULTICAST},
    {"2002::", GUARD_UNSPECIFIED},
};

static void classify_table(void **state)
{
    (void)state;
    int wrong = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        enum guard_class got = GUARD_RESERVED;
        bool parsed = guard_classify_text(rows[i].addr, &got);
        if (!parsed || got != rows[i].cls) {
            print_error("%s: expected %s, got %s%s\n", rows[i].addr,
                        guard_class_phrase(rows[i].cls), guard_class_phrase(got),
                        parsed ? "" : " (not parsed)");
            wrong++;
        }
    }
    assert_int_equal(wrong, 0);
}

static void text_that_is_no_address(void **state)
{
    (void)state;
    const char *bad[] = {"",    "localhost", "127.0.0.1.5", "256.0.0.1",  "1.2.3",
                         "::g", "fe80::1%1", "127.1",       "0x7f.0.0.1", "2130706433"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        enum guard_class c = GUARD_PUBLIC;
        assert_false(guard_classify_text(bad[i], &c));
        assert_int_equal(c, GUARD_PUBLIC); /* untouched */
    }
}

static void sockaddr_forms(void **state)
{
    (void)state;
    struct sockaddr_in in = {.sin_family = AF_INET};
    assert_int_equal(inet_pton(AF_INET, "127.0.0.1", &in.sin_addr), 1);
    assert_int_equal(guard_classify((struct sockaddr *)&in, sizeof in), GUARD_LOOPBACK);
    char text[GUARD_ADDRSTRLEN];
    guard_format((struct sockaddr *)&in, sizeof in, text);
    assert_string_equal(text, "127.0.0.1");
    /* A truncated length is not trusted. */
    assert_int_equal(guard_classify((struct sockaddr *)&in, 4), GUARD_RESERVED);

    struct sockaddr_in6 in6 = {.sin6_family = AF_INET6};
    assert_int_equal(inet_pton(AF_INET6, "::ffff:192.168.1.1", &in6.sin6_addr), 1);
    assert_int_equal(guard_classify((struct sockaddr *)&in6, sizeof in6), GUARD_PRIVATE);
    guard_format((struct sockaddr *)&in6, sizeof in6, text);
    assert_string_equal(text, "::ffff:192.168.1.1");

    struct sockaddr unix_like = {.sa_family = AF_UNIX};
    assert_int_equal(guard_classify(&unix_like, sizeof unix_like), GUARD_RESERVED);
    guard_format(&unix_like, sizeof unix_like, text);
    assert_string_equal(text, "?");
    assert_int_equal(guard_classify(NULL, 0), GUARD_RESERVED);
}

static void policy(void **state)
{
    (void)state;
    assert_true(guard_allows(GUARD_PUBLIC, false));
    for (int c = GUARD_UNSPECIFIED; c <= GUARD_RESERVED; c++) {
        assert_false(guard_allows((enum guard_class)c, false));
        assert_true(guard_allows((enum guard_class)c, true));
    }
    assert_string_equal(guard_class_phrase(GUARD_LOOPBACK), "a loopback address");
    assert_string_equal(guard_class_phrase(GUARD_SHARED), "a carrier-grade NAT (shared) address");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(classify_table),
        cmocka_unit_test(text_that_is_no_address),
        cmocka_unit_test(sockaddr_forms),
        cmocka_unit_test(policy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
