/*
 * Verification inside the library: the report every verifier fills, the
 * sealed-EDC verifier (verify_edc.c) and the accreditation list.
 */
#ifndef MC_VERIFY_PRIVATE_H
#define MC_VERIFY_PRIVATE_H

#include <stddef.h>

#include <jansson.h>

#include "microcred/credential.h"
#include "util.h"

/** A verification in progress: its report, and MC_ENOMEM once an
 * allocation failed (the report is then dropped). */
struct mc__vrun {
	mc_verify_report *r;
	int error;
};

/** Set check `check` of the report to `res` with a formatted reason. */
void mc__vset(struct mc__vrun *run, int check, mc_check_result res,
	      const char *fmt, ...) MC__PRINTF(4, 5);

/** The string member `key` of `o`, or NULL. */
const char *mc__vstr(const json_t *o, const char *key);

/** Non-zero if `o`'s "type" (a string or an array) includes `type`. */
int mc__vhas_type(const json_t *o, const char *type);

/** A report with `count` checks named `names` (static strings), each
 * skipped "not reached".  Returns 0 or MC_ENOMEM. */
int mc__report_new(mc_verify_report **out, const char *const *names,
		   size_t count);

/** Verify a JAdES-sealed EDC (mc__jades_detect() said so).  Same
 * contract as mc_credential_verify(). */
int mc__verify_edc(mc_store *store, mc_verify_report **out, const char *data,
		   size_t len, const mc_verify_options *o);

/**
 * Look up (awarding body, qualification) in an accreditation list file:
 * JSON {"accreditations": [{"awardingBody": ID, "qualification": ID}]},
 * where "*" as the qualification accredits the body for every one, and a
 * qualification id matches with or without its "#fragment".  Returns 0
 * (listed), MC_ENOTFOUND, MC_EINVALID (unreadable list).
 */
int mc__accreditation_match(const char *path, const char *awarding_body,
			    const char *qualification);

#endif
