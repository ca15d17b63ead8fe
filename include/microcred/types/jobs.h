/*
 * microcred - types of background jobs: a job's states and the record
 * the store keeps of it.  Enqueuing, claiming and running jobs are in
 * jobs.h.
 */
#ifndef MICROCRED_TYPES_JOBS_H
#define MICROCRED_TYPES_JOBS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Where a job is in its life. */
typedef enum {
	MC_JOB_QUEUED = 0, /**< waiting for a node to claim it */
	MC_JOB_RUNNING,	   /**< claimed by `node` until `lease_until` */
	MC_JOB_DONE,	   /**< finished: every row issued or already held */
	MC_JOB_PARTIAL,	   /**< finished: some rows rejected (`result`) */
	MC_JOB_FAILED	   /**< stopped for good; `result` says why */
} mc_job_state;

/** The state's name ("queued", "running", "done", "partial", "failed"),
 * or "unknown". */
const char *mc_job_state_name(mc_job_state state);
/** The state named `name` into *out.  Returns 0 or MC_EINVALID. */
int mc_job_state_parse(mc_job_state *out, const char *name);

/** The kind of a roster issuing job (mc_job_enqueue_roster()). */
#define MC_JOB_KIND_ROSTER "roster"

/**
 * A job as the store keeps it.  Every string is owned; free with
 * mc_job_free().  Times are RFC 3339 UTC ("2026-12-07T17:00:00Z").
 */
typedef struct {
	char *id;   /**< "j-" and 16 hex digits */
	char *kind; /**< what runs it: MC_JOB_KIND_ROSTER */
	mc_job_state state;
	char *org_id;	      /**< the organisation it works for, or NULL */
	char *subject;	      /**< what it works on (a roster: the MC id) */
	char *payload;	      /**< JSON object: the kind's parameters */
	unsigned char *input; /**< the kind's input (a roster: the CSV),
				 NUL-terminated; NULL except from a claim */
	size_t input_len;
	char *created_by; /**< actor who enqueued it ("user:ID"), or NULL */
	char *client;	  /**< that actor's address, or NULL */
	char *created_at;
	char *updated_at;
	char *node;	   /**< the node that claimed it last, or NULL */
	char *lease_until; /**< while running: when another node may take it
			      over; NULL otherwise */
	unsigned claims;   /**< times claimed (more than 1: taken over) */
	size_t done;	   /**< progress: units done of `total` */
	size_t total;
	char *result;	   /**< JSON object the kind writes as it runs and
			      when it ends, or NULL */
	char *finished_at; /**< NULL until done, partial or failed */
} mc_job;

/** Free a job and everything it owns.  NULL-safe. */
void mc_job_free(mc_job *job);
/** Free a list of jobs (each and the array).  NULL-safe. */
void mc_job_list_free(mc_job **list, size_t count);

#ifdef __cplusplus
}
#endif

#endif
