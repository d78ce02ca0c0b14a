#include "web/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

enum err auth_token_create(struct store *st, const char *name, char token[AUTH_TOKEN_LEN + 1],
                           struct errbuf *eb)
{
    static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char raw[33] = {0}; /* 32 random bytes, one zero pad for the last group */
    if (getrandom(raw, 32, 0) != 32)
        return errf(eb, ERR_IO, "no randomness for a token");
    memcpy(token, "omnibus_", 8);
    char *w = token + 8;
    for (size_t i = 0; i < 33; i += 3) {
        unsigned v = (unsigned)raw[i] << 16 | (unsigned)raw[i + 1] << 8 | raw[i + 2];
        *w++ = b64url[v >> 18 & 63];
        *w++ = b64url[v >> 12 & 63];
        *w++ = b64url[v >> 6 & 63];
        *w++ = b64url[v & 63];
    }
    token[AUTH_TOKEN_LEN] = '\0'; /* 32 bytes are 43 characters; the rest was padding */
    OPENSSL_cleanse(raw, sizeof raw);
    char hash[AUTH_HASH_LEN + 1];
    auth_token_hash(token, hash);
    int64_t id;
    return store_admin_token_add(st, name, hash, &id, eb);
}

void auth_token_hash(const char *token, char hash[AUTH_HASH_LEN + 1])
{
    unsigned char md[32];
    unsigned int len = 0;
    EVP_Digest(token, strlen(token), md, &len, EVP_sha256(), NULL);
    for (unsigned i = 0; i < 32; i++) {
        hash[2 * i] = "0123456789abcdef"[md[i] >> 4];
        hash[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
    }
    hash[AUTH_HASH_LEN] = '\0';
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
