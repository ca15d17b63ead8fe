/*
 * Pieces of the accounts layer shared between its files (account_user.c,
 * account_session.c, authz.c): secrets, ids and password hashing.
 */
#ifndef MC_ACCOUNT_PRIVATE_H
#define MC_ACCOUNT_PRIVATE_H

#include <sodium.h>

#include "microcred/account.h"

/** Hex SHA-256 of the string `s` into `out` (64 characters and NUL). */
void mc__hex_sha256(char out[65], const char *s);

/** 32 random bytes as 43 base64url characters, after `prefix` ("" or
 * "mct_"); caller frees.  Returns 0, MC_ENOMEM or MC_EIO. */
int mc__random_secret(char **out, const char *prefix);

/** `prefix` ("u-", "t-") and 16 random lowercase hex digits. */
void mc__random_id(char out[19], const char *prefix);

/** Problems with a password (length MC_PASSWORD_MIN..MC_PASSWORD_MAX
 * bytes, valid UTF-8) added to `p` under field "password". */
int mc__password_check(const char *password, mc_problems *p);

/**
 * argon2id hash of `password` in libsodium's string form, with OWASP's
 * minimum parameters for argon2id (t = 2 passes, m = 19 MiB, p = 1).
 * Returns 0, MC_EIO (libsodium failed: out of memory for 19 MiB).
 */
int mc__password_hash(char out[crypto_pwhash_STRBYTES], const char *password);

/** Non-zero when `hash` was made with other parameters than
 * mc__password_hash() uses now (and should be upgraded on login). */
int mc__password_needs_rehash(const char *hash);

/** Lowercased copy of `email` in `out` when it has the shape of an
 * address (<= 254 bytes); 0 or MC_EINVALID with the reason in `why`. */
int mc__email_normalise(char out[255], const char *email, const char **why);

#endif
