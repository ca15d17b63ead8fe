/*
 * microcred - types of bulk issuing: the limits of a roster, the options
 * of a run and its report.  Issuing a roster is mc_roster_issue()
 * (roster.h).
 */
#ifndef MICROCRED_TYPES_ROSTER_H
#define MICROCRED_TYPES_ROSTER_H

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
	/** A batch is also committed once it has been open this many
	 * milliseconds, however few rows it holds (0: no time limit), so
	 * that `progress` comes at least that often while rows keep being
	 * issued: the heartbeat of a job's lease (jobs.h).  One credential
	 * that takes longer (a slow time-stamping authority) still ends its
	 * batch late. */
	unsigned batch_ms;
} mc_roster_options;

#define MC_ROSTER_OPTIONS_VERSION 1
#define MC_ROSTER_OPTIONS_INIT                                                 \
	{                                                                      \
		MC_ROSTER_OPTIONS_VERSION, MC_ISSUE_OPTIONS_INIT, 0, NULL,     \
		    NULL, NULL, 0                                              \
	}

typedef struct {
	size_t rows;	 /**< learner rows read */
	size_t issued;	 /**< credentials issued now */
	size_t existing; /**< learners who already held it */
	size_t rejected; /**< rows reported in problems */
} mc_roster_report;

#ifdef __cplusplus
}
#endif

#endif
