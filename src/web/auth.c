#include "web/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/random.h>

#include "base/xalloc.h"

enum err auth_random(char out[AUTH_RANDOM_LEN + 1], struct errbuf *eb)
{
    static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char raw[33] = {0}; /* 32 random bytes, one zero pad for the last group */
    if (getrandom(raw, 32, 0) != 32)
        return errf(eb, ERR_IO, "no randomness for a token");
    char group[45];
    char *w = group;
    for (size_t i = 0; i < 33; i += 3) {
        unsigned v = (unsigned)raw[i] << 16 | (unsigned)raw[i + 1] << 8 | raw[i + 2];
        *w++ = b64url[v >> 18 & 63];
        *w++ = b64url[v >> 12 & 63];
        *w++ = b64url[v >> 6 & 63];
        *w++ = b64url[v & 63];
    }
    /* 32 bytes are 43 characters; the rest was padding. */
    memcpy(out, group, AUTH_RANDOM_LEN);
    out[AUTH_RANDOM_LEN] = '\0';
    OPENSSL_cleanse(raw, sizeof raw);
    OPENSSL_cleanse(group, sizeof group);
    return ERR_OK;
}

enum err auth_token_create(struct store *st, const char *name, char token[AUTH_TOKEN_LEN + 1],
                           struct errbuf *eb)
{
    char random[AUTH_RANDOM_LEN + 1];
    enum err err = auth_random(random, eb);
    if (err)
        return err;
    memcpy(token, "omnibus_", 8);
    memcpy(token + 8, random, AUTH_RANDOM_LEN + 1);
    OPENSSL_cleanse(random, sizeof random);
    char hash[AUTH_HASH_LEN + 1];
    auth_token_hash(token, hash);
    int64_t id;
    return store_admin_token_add(st, name, hash, &id, eb);
}

static void to_hex(const unsigned char *raw, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = "0123456789abcdef"[raw[i] >> 4];
        out[2 * i + 1] = "0123456789abcdef"[raw[i] & 15];
    }
    out[2 * n] = '\0';
}

void auth_token_hash(const char *token, char hash[AUTH_HASH_LEN + 1])
{
    unsigned char md[32];
    unsigned int len = 0;
    EVP_Digest(token, strlen(token), md, &len, EVP_sha256(), NULL);
    to_hex(md, sizeof md, hash);
}

enum err auth_check(struct store *st, const char *authorization, enum auth_result *out,
                    struct errbuf *eb)
{
    *out = AUTH_MISSING;
    if (!authorization || strncasecmp(authorization, "Bearer ", 7))
        return ERR_OK;
    const char *token = authorization + 7;
    while (*token == ' ')
        token++;
    if (!*token)
        return ERR_OK;
    *out = AUTH_WRONG;
    char hash[AUTH_HASH_LEN + 1];
    auth_token_hash(token, hash);
    struct admin_token_list l;
    enum err err = store_admin_token_list(st, &l, eb);
    if (err)
        return err;
    /* Compare with every stored hash, without stopping early. */
    int matched = 0;
    for (size_t i = 0; i < l.len; i++)
        if (l.items[i].hash && strlen(l.items[i].hash) == AUTH_HASH_LEN)
            matched |= !CRYPTO_memcmp(hash, l.items[i].hash, AUTH_HASH_LEN);
    if (matched)
        *out = AUTH_OK;
    admin_token_list_clear(&l);
    return ERR_OK;
}

/* n bytes from 2n hex digits; false for anything else. */
static bool from_hex(const char *s, size_t len, unsigned char *out, size_t n)
{
    if (len != 2 * n)
        return false;
    for (size_t i = 0; i < 2 * n; i++) {
        char c = s[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (v < 0)
            return false;
        out[i / 2] = (unsigned char)(i % 2 ? out[i / 2] | v : v << 4);
    }
    return true;
}

enum { SALT_BYTES = 16, KEY_BYTES = 32 };

static bool pbkdf2(const char *password, const unsigned char *salt, unsigned long iterations,
                   unsigned char key[KEY_BYTES])
{
    return PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, SALT_BYTES, (int)iterations,
                             EVP_sha256(), KEY_BYTES, key) == 1;
}

enum err auth_password_hash(const char *password, char **out, struct errbuf *eb)
{
    *out = NULL;
    if (!password || !*password)
        return errf(eb, ERR_INVALID, "an empty password");
    if (strlen(password) > AUTH_PASSWORD_MAX)
        return errf(eb, ERR_LIMIT, "a password over %d bytes", AUTH_PASSWORD_MAX);
    unsigned char salt[SALT_BYTES], key[KEY_BYTES];
    if (getrandom(salt, sizeof salt, 0) != (ssize_t)sizeof salt)
        return errf(eb, ERR_IO, "no randomness for a salt");
    if (!pbkdf2(password, salt, AUTH_PBKDF2_ITERATIONS, key))
        return errf(eb, ERR_IO, "PBKDF2 failed");
    char salt_hex[2 * SALT_BYTES + 1], key_hex[2 * KEY_BYTES + 1];
    to_hex(salt, sizeof salt, salt_hex);
    to_hex(key, sizeof key, key_hex);
    OPENSSL_cleanse(key, sizeof key);
    *out = xasprintf("pbkdf2-sha256$%d$%s$%s", AUTH_PBKDF2_ITERATIONS, salt_hex, key_hex);
    return ERR_OK;
}

bool auth_password_check(const char *password, const char *stored)
{
    if (!password || !stored || strlen(password) > AUTH_PASSWORD_MAX ||
        strncmp(stored, "pbkdf2-sha256$", 14))
        return false;
    const char *p = stored + 14;
    char *end;
    unsigned long iterations = strtoul(p, &end, 10);
    if (end == p || *end != '$' || iterations < 1000 || iterations > 10000000)
        return false;
    const char *salt_hex = end + 1, *dollar = strchr(salt_hex, '$');
    unsigned char salt[SALT_BYTES], want[KEY_BYTES], got[KEY_BYTES];
    if (!dollar || !from_hex(salt_hex, (size_t)(dollar - salt_hex), salt, SALT_BYTES) ||
        !from_hex(dollar + 1, strlen(dollar + 1), want, KEY_BYTES) ||
        !pbkdf2(password, salt, iterations, got))
        return false;
    bool same = !CRYPTO_memcmp(want, got, KEY_BYTES);
    OPENSSL_cleanse(got, sizeof got);
    return same;
}

bool auth_cookie_get(const char *header, const char *name, char *out, size_t size)
{
    size_t nlen = strlen(name);
    for (const char *p = header; p && *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > nlen && !strncmp(p, name, nlen) && p[nlen] == '=') {
            size_t vlen = len - nlen - 1;
            if (vlen >= size)
                return false;
            memcpy(out, p + nlen + 1, vlen);
            out[vlen] = '\0';
            return true;
        }
        p = end;
    }
    return false;
}
