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
 */
#ifndef MICROCRED_ROSTER_H
#define MICROCRED_ROSTER_H

#include <stddef.h>
#include "credential.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest roster accepted, in bytes. */
#define MC_ROSTER_MAX (256u * 1024 * 1024)
/** Most rows in one roster. */
#define MC_ROSTER_ROWS_MAX 2000000

typedef struct {
	unsigned version;	/**< MC_ROSTER_OPTIONS_VERSION */
	mc_issue_options issue; /**< format, alg, time override */
	size_t batch;		/**< rows per transaction, default 1000 */
	/** After each batch: rows done so far of `total`. */
	void (*progress)(size_t done, size_t total, void *payload);
	/** After each batch is committed, once per credential of the batch
	 * (new or already held), with the roster line.  A non-zero return
	 * stops the run (MC_EIO). */
	int (*emit)(const mc_credential *c, size_t line, void *payload);
	void *payload;
} mc_roster_options;

#define MC_ROSTER_OPTIONS_VERSION 1
#define MC_ROSTER_OPTIONS_INIT                                                 \
	{                                                                      \
		MC_ROSTER_OPTIONS_VERSION, MC_ISSUE_OPTIONS_INIT, 0, NULL,     \
		    NULL, NULL                                                 \
	}

typedef struct {
	size_t rows;	 /**< learner rows read */
	size_t issued;	 /**< credentials issued now */
	size_t existing; /**< learners who already held it */
	size_t rejected; /**< rows reported in problems */
} mc_roster_report;

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
