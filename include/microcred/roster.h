/*
 * microcred - bulk issuing from a CSV roster.
 *
 * One row per learner, header first (UTF-8, with or without BOM):
 *   name (required), email, identifier (one of the two required),
 *   date_of_birth, lang, grade, assessed_on, valid_until.
 * Unknown columns refuse the file before anything is issued.  A bad row
 * is reported (file, line, field, reason) and skipped; the good rows are
 * issued.  Rows are committed in batches (one transaction, one fsync per
 * batch), and a learner who already holds the credential gets the stored
 * one back, so running a roster again, or after a crash or kill at any
 * point, issues every learner exactly once and never leaves a half-written
 * credential.
 *
 * The options and the report (mc_roster_options, mc_roster_report) are in
 * types/roster.h.
 */
#ifndef MICROCRED_ROSTER_H
#define MICROCRED_ROSTER_H

#include <stddef.h>

#include "store.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Issue MC `mc_id` (version `mc_version`, 0: the published one) to every
 * learner of the roster `csv[0..len)`.  Returns 0 when every row was
 * issued or already held; MC_EINVALID when some rows were rejected (the
 * others were issued; see the report and `problems`) or the file itself is
 * unusable (nothing issued); MC_ENOTFOUND / MC_ESTATE / MC_EIO as
 * mc_credential_issue().
 */
int mc_roster_issue(mc_store *store, mc_roster_report *report,
		    const char *mc_id, unsigned mc_version, const char *csv,
		    size_t len, const char *name, const mc_roster_options *opts,
		    mc_problems *problems);

#ifdef __cplusplus
}
#endif

#endif
