/*
 * Verification inside the library: the report every verifier fills, the
 * sealed-EDC verifier (verify_edc.c) and the accreditation list.
 */
#ifndef MC_VERIFY_PRIVATE_H
#define MC_VERIFY_PRIVATE_H

#include <stddef.h>

#include "microcred/credential.h"

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
