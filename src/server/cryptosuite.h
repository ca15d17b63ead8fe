/*
 * The Data Integrity cryptosuites as the server offers them for OB 3.0
 * credentials: the library's mc_cryptosuites, a request's choice checked
 * against them, and the i18n key of the workspace's line on when to pick
 * each.  The platform's default is the library's, kept in the store
 * (mc_cryptosuite_default(); the `cryptosuite` setting writes it at
 * start).
 */
#ifndef SRV_CRYPTOSUITE_H
#define SRV_CRYPTOSUITE_H

#include <stddef.h>

/**
 * The suite a request names into *out: `name` itself, or NULL when not
 * given (NULL or ""), for the library to use the platform's default.
 * Returns 0, or -1 when `name` is not one of mc_cryptosuites.
 */
int srv_cryptosuite_pick(const char **out, const char *name);

/** "must be one of A, B, C, D": the names allowed, for a problem's
 * detail, into buf (SRV_CRYPTOSUITE_ALLOWED_MAX bytes are enough). */
const char *srv_cryptosuite_allowed(char *buf, size_t len);
#define SRV_CRYPTOSUITE_ALLOWED_MAX 200

/** The i18n key of the line on when to pick `name` (one of
 * mc_cryptosuites): "ws.issue.suite." and the name with '_' for '-',
 * into buf. */
const char *srv_cryptosuite_help(char *buf, size_t len, const char *name);

#endif
