/*
 * The Data Integrity cryptosuites the server offers for OB 3.0
 * credentials, one row each (the name mc_issue_options.cryptosuite takes
 * and the i18n key of the workspace's line on when to pick it), and the
 * platform's default suite (the `cryptosuite` setting), set once at start
 * before any worker runs.
 */
#ifndef SRV_CRYPTOSUITE_H
#define SRV_CRYPTOSUITE_H

#include <stddef.h>

/** One suite as offered. */
typedef struct {
	const char *name; /**< "eddsa-rdfc-2022" ... */
	const char *help; /**< i18n key: when to pick it (one line) */
} srv_cryptosuite;

/** Every suite, the library's default (eddsa-rdfc-2022) first. */
extern const srv_cryptosuite srv_cryptosuites[];
extern const size_t srv_cryptosuites_count;

/** The names allowed, as an error message lists them. */
#define SRV_CRYPTOSUITES_ALLOWED                                               \
	"eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019 or ecdsa-jcs-2019"

/** The table's copy of `name` (static storage), or NULL when it is not
 * one of srv_cryptosuites. */
const char *srv_cryptosuite_find(const char *name);

/** Make `name` the platform's default (NULL or "": the library's own).
 * Returns 0, or -1 for a name that is not a suite.  Call before any
 * worker runs. */
int srv_cryptosuite_set_default(const char *name);

/** The platform's default suite, or NULL: the library's (eddsa-rdfc-2022).
 */
const char *srv_cryptosuite_default(void);

/**
 * The suite a request asks for: `name` when given (NULL or "": not given),
 * else the platform's default, into *out (static storage; NULL: the
 * library's default).  Returns 0, or -1 when `name` is not a suite.
 */
int srv_cryptosuite_pick(const char **out, const char *name);

#endif
