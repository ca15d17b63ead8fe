/*
 * Background jobs: roster issuing runs on its own thread with its own
 * store handle, so an upload of thousands of learners answers at once
 * (202 and a job URL) and its progress can be watched.  Jobs live in the
 * server's memory; their credentials are in the store as they commit.
 */
#ifndef SRV_JOBS_H
#define SRV_JOBS_H

#include <stddef.h>

#include "http.h"

typedef enum {
	SRV_JOB_QUEUED = 0,
	SRV_JOB_RUNNING,
	SRV_JOB_DONE,	 /**< every row issued or already held */
	SRV_JOB_PARTIAL, /**< finished; some rows rejected */
	SRV_JOB_FAILED	 /**< stopped; see error */
} srv_job_state;

const char *srv_job_state_name(srv_job_state s);

/** A copy of a job's state. */
typedef struct {
	char id[40]; /**< "j-" + hex */
	srv_job_state state;
	char mc_id[96];
	size_t done, total;	 /**< rows */
	size_t issued, existing; /**< so far */
	size_t rejected;
	char *problems_json; /**< JSON array of {line, field, reason}, or
				NULL; caller frees */
	char error[256];     /**< when failed */
	char owner[96];	     /**< actor who started it */
} srv_job_info;

/** Where jobs open their store (the server's database); called once. */
void srv_jobs_init(const char *db_location, const char *master_key_file);

/** Wait for running jobs (shutdown). */
void srv_jobs_shutdown(void);

/**
 * Start issuing MC `mc_id` (version 0: published) to the roster
 * csv[0..len) (copied), as `actor`, for the client at address `client`
 * (NULL: unknown), which the audit entries of the credentials it issues
 * record.  `id` gets the job id.  Returns 0, MC_ETOOBIG past
 * MC_ROSTER_MAX, MC_ENOMEM, MC_EIO (no thread).
 */
int srv_job_start_roster(char *id, size_t idlen, const char *mc_id,
			 unsigned version, const char *csv, size_t len,
			 const char *name, const mc_issue_options *opts,
			 const char *actor, const char *client);

/** Copy job `id`'s state.  MC_ENOTFOUND.  Free out->problems_json. */
int srv_job_get(srv_job_info *out, const char *id);

/** The job as JSON (caller frees). */
int srv_job_to_json(char **out, const srv_job_info *job);

#endif
