/* Admin tokens: random bearer tokens for the write side of the JSON API. Only
 * a token's SHA-256 is stored (store_admin_token_*); a request's token is
 * hashed and compared with every stored hash in constant time. Also the desk's
 * passwords and the reading of its cookies. */
#ifndef OMNIBUS_WEB_AUTH_H
#define OMNIBUS_WEB_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "store/store.h"

#define AUTH_TOKEN_LEN 51 /* "omnibus_" and 43 base64url characters (32 random bytes) */
#define AUTH_HASH_LEN 64  /* hex SHA-256 */

/* Creates a token, stores its hash under name and writes the token (shown to
 * the person once, never stored) into token. ERR_IO when the system has no
 * randomness to give. */
MUST_CHECK enum err auth_token_create(struct store *st, const char *name,
                                      char token[AUTH_TOKEN_LEN + 1], struct errbuf *eb);

/* The lower-case hex SHA-256 of token. */
void auth_token_hash(const char *token, char hash[AUTH_HASH_LEN + 1]);

enum auth_result {
    AUTH_OK,
    AUTH_MISSING, /* no "Authorization: Bearer ..." header: 401 */
    AUTH_WRONG,   /* a bearer token that is not ours: 403 */
};

/* Checks an Authorization header value (may be NULL) against the stored tokens.
 * An error return means the store failed. */
MUST_CHECK enum err auth_check(struct store *st, const char *authorization, enum auth_result *out,
                               struct errbuf *eb);

/* A random URL-safe token: 32 bytes from getrandom as 43 base64url
 * characters. ERR_IO when the system has no randomness to give. */
#define AUTH_RANDOM_LEN 43
MUST_CHECK enum err auth_random(char out[AUTH_RANDOM_LEN + 1], struct errbuf *eb);

/* Passwords for the desk: PBKDF2-HMAC-SHA256 (libcrypto) with a random
 * 16-byte salt and AUTH_PBKDF2_ITERATIONS, stored as
 * "pbkdf2-sha256$ITERATIONS$SALT$HASH" (hex), so the count can grow later. */
#define AUTH_PBKDF2_ITERATIONS 210000
#define AUTH_PASSWORD_MAX 1024 /* longer passwords are refused (ERR_LIMIT) */
/* A new string in *out (free() it). ERR_INVALID for an empty password. */
MUST_CHECK enum err auth_password_hash(const char *password, char **out, struct errbuf *eb);
/* Does password match stored (as auth_password_hash made it)? The final
 * comparison is constant-time; a malformed stored value never matches. */
bool auth_password_check(const char *password, const char *stored);

/* The value of cookie name in a Cookie header (may be NULL), copied into out;
 * false when it is missing or longer than size - 1. */
bool auth_cookie_get(const char *header, const char *name, char *out, size_t size);

#endif
