/*
 * Background jobs: roster issuing runs on its own thread with its own
 * store handle, so an upload of thousands of learners answers at once
 * (202 and a job URL) and its progress can be watched.  Jobs live in the
 * server's memory; their credentials are in the store as they commit.
 */
#ifndef MC_SERVER_JOBS_H
#define MC_SERVER_JOBS_H

#include <stddef.h>

#include "http.h"

typedef enum {
	MC_JOB_QUEUED = 0,
	MC_JOB_RUNNING,
	MC_JOB_DONE,	/**< every row issued or already held */
	MC_JOB_PARTIAL, /**< finished; some rows rejected */
	MC_JOB_FAILED	/**< stopped; see error */
} mc_job_state;

const char *mc_job_state_name(mc_job_state s);

/** A copy of a job's state. */
typedef struct {
	char id[40]; /**< "j-" + hex */
	mc_job_state state;
	char mc_id[96];
	size_t done, total;	 /**< rows */
	size_t issued, existing; /**< so far */
	size_t rejected;
	char *problems_json; /**< JSON array of {line, field, reason}, or
				NULL; caller frees */
	char error[256];     /**< when failed */
	char owner[96];	     /**< actor who started it */
} mc_job_info;

/** Where jobs open their store (the server's database); called once. */
void mc_jobs_init(const char *db_location);

/** Wait for running jobs (shutdown). */
void mc_jobs_shutdown(void);

/**
 * Start issuing MC `mc_id` (version 0: published) to the roster
 * csv[0..len) (copied), as `actor`, for the client at address `client`
 * (NULL: unknown), which the audit entries of the credentials it issues
 * record.  `id` gets the job id.  Returns 0, MC_ETOOBIG past
 * MC_ROSTER_MAX, MC_ENOMEM, MC_EIO (no thread).
 */
int mc_job_start_roster(char *id, size_t idlen, const char *mc_id,
			unsigned version, const char *csv, size_t len,
			const char *name, const mc_issue_options *opts,
			const char *actor, const char *client);

/** Copy job `id`'s state.  MC_ENOTFOUND.  Free out->problems_json. */
int mc_job_get(mc_job_info *out, const char *id);

/** The job as JSON (caller frees). */
int mc_job_to_json(char **out, const mc_job_info *job);

#endif
