/*
 * Background jobs of the server: roster issuing through the library's
 * durable jobs (microcred/jobs.h).  An upload enqueues a job in the
 * store and answers at once (202 and a job URL); worker threads of every
 * node on the database claim waiting jobs and run them, so a job is
 * finished by another node when the node running it dies, and any node
 * answers its status from the store.
 */
#ifndef SRV_JOBS_H
#define SRV_JOBS_H

#include <stddef.h>

#include "http.h"
#include "microcred/jobs.h"

/* The states are the library's (mc_job_state). */
typedef mc_job_state srv_job_state;
#define SRV_JOB_QUEUED	MC_JOB_QUEUED
#define SRV_JOB_RUNNING MC_JOB_RUNNING
#define SRV_JOB_DONE	MC_JOB_DONE
#define SRV_JOB_PARTIAL MC_JOB_PARTIAL
#define SRV_JOB_FAILED	MC_JOB_FAILED

const char *srv_job_state_name(srv_job_state s);

/** A job as the pages show it (read from the store). */
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
	char *json;	     /**< the API's JSON (mc_job_to_json); caller
				frees */
} srv_job_info;

/** Job worker threads a node may run. */
#define SRV_JOB_WORKERS_MAX 16

/**
 * Start `workers` job worker threads (at most SRV_JOB_WORKERS_MAX; 0:
 * none, this node only enqueues) on the server's database, opening their
 * stores with `master_key_file` (NULL: the environment).  A job they run
 * holds a lease of `lease` seconds (0: MC_JOB_LEASE_DEFAULT), renewed
 * after every batch.  Called once.
 */
void srv_jobs_init(const char *db_location, const char *master_key_file,
		   unsigned workers, unsigned lease);

/** Stop the workers: a running job is put back in the queue after the
 * batch it is committing, for any node to go on with. */
void srv_jobs_shutdown(void);

/**
 * Enqueue issuing MC `mc_id` (version 0: published) to the roster
 * csv[0..len) in `store`, as `actor`, for the client at address `client`
 * (NULL: unknown), which the audit entries of the credentials it issues
 * record, and wake a worker.  `id` gets the job id.  Returns 0,
 * MC_ETOOBIG past MC_ROSTER_MAX, MC_ENOTFOUND, MC_ENOMEM, MC_EDB.
 */
int srv_job_start_roster(mc_store *store, char *id, size_t idlen,
			 const char *mc_id, unsigned version, const char *csv,
			 size_t len, const char *name,
			 const mc_issue_options *opts, const char *actor,
			 const char *client);

/** Job `id` from `store`.  MC_ENOTFOUND.  Free out->problems_json and
 * out->json (srv_job_info_clear). */
int srv_job_get(mc_store *store, srv_job_info *out, const char *id);

void srv_job_info_clear(srv_job_info *job);

#endif
