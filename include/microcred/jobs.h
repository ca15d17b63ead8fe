/*
 * microcred - background jobs, durable in the store.
 *
 * A job is enqueued by the node that accepts the work (a roster upload)
 * and run by whichever node claims it first: several `microcred serve`
 * processes on one database share one queue.  A running job holds a lease
 * that its node renews after each batch (a heartbeat); a job whose lease
 * ran out, because its node died or hung, is claimed again by another
 * node, which takes it over.  Roster issuing is idempotent, so a job
 * taken over in the middle completes the roster without issuing anyone
 * twice.  A node whose job was taken over learns it from its next
 * heartbeat and stops.
 *
 * Any node answers a job's status from the store (mc_job_get()).  The
 * record (mc_job) and the states are in types/jobs.h.
 */
#ifndef MICROCRED_JOBS_H
#define MICROCRED_JOBS_H

#include <stddef.h>

#include "store.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Lease of a running job when the caller gives none, in seconds. */
#define MC_JOB_LEASE_DEFAULT 60
/** Claims after which a job that never finished is given up (failed)
 * instead of run again: a job whose every run kills its node, or loses
 * its database, would otherwise go round the nodes for ever. */
#define MC_JOB_CLAIMS_MAX 10

/**
 * This process's node id, as jobs record who runs them: the host's name
 * and a random part drawn once per process ("web-1:5f0c9a3e1b2d4c6f"),
 * unless mc_job_set_node() set one.  The string stays valid until the
 * next mc_job_set_node().
 */
const char *mc_job_node(void);

/**
 * Set this process's node id (at most 127 bytes of printable ASCII; NULL
 * or "": back to the default).  Call before any job runs.  Returns 0 or
 * MC_EINVALID.
 */
int mc_job_set_node(const char *node);

/**
 * Enqueue a job issuing MC `mc_id` (version `mc_version`, 0: the
 * published one at the time the job runs) to every learner of the roster
 * csv[0..len), which the store keeps until the job runs.  `name` names
 * the file in problems ("roster.csv" when NULL); `opts` (NULL: defaults)
 * gives the format, algorithm and time-stamping authority, copied;
 * opts->actor is ignored: `actor` ("user:ID") issues, and `client` (the
 * requester's address, NULL: unknown) is what the audit entries of the
 * credentials record.  The job is for the MC's organisation (org_id,
 * found in the store: mc_job_list() by organisation).
 *
 * `id` gets the job id ("j-" and 16 hex digits, NUL-terminated; idlen at
 * least 19).  Returns 0, MC_ETOOBIG past MC_ROSTER_MAX, MC_ENOTFOUND
 * for an unknown MC, MC_EUSAGE, MC_ENOMEM, MC_EDB; the message is on the
 * store.
 */
int mc_job_enqueue_roster(mc_store *store, char *id, size_t idlen,
			  const char *mc_id, unsigned mc_version,
			  const char *csv, size_t len, const char *name,
			  const mc_issue_options *opts, const char *actor,
			  const char *client);

/** How mc_job_claim_and_run() runs a job. */
typedef struct {
	unsigned version; /**< MC_JOB_RUN_OPTIONS_VERSION */
	/** This node's id; NULL: mc_job_node(). */
	const char *node;
	/** Seconds another node waits after the last heartbeat before it
	 * takes the job over; 0: MC_JOB_LEASE_DEFAULT.  A roster job
	 * heartbeats after every batch, and ends a batch after a third of
	 * the lease at most (mc_roster_options.batch_ms), so a node busy
	 * on a slow database keeps its job. */
	unsigned lease;
	/** Kinds this node runs, comma-separated; NULL: every kind. */
	const char *kinds;
	/** Roster rows per transaction; 0: the roster's default (1000). */
	size_t batch;
	/**
	 * After each batch's heartbeat, with the job's progress: a non-zero
	 * return stops the run, leaving the job running under this node's
	 * lease as if the node had died, for another node to take over when
	 * the lease runs out (tests).  A roster stops once the batch it is
	 * issuing then is committed (the roster has no hook before a
	 * commit).  NULL: none.
	 */
	int (*progress)(const char *job_id, size_t done, size_t total,
			void *payload);
	/** Asked after each batch's heartbeat: non-zero stops the run as
	 * `progress` does and puts the job back in the queue, for any
	 * node to claim at once (a node shutting down).  NULL: none. */
	int (*stopping)(void *payload);
	void *payload;
} mc_job_run_options;

#define MC_JOB_RUN_OPTIONS_VERSION 1
#define MC_JOB_RUN_OPTIONS_INIT                                                \
	{                                                                      \
		MC_JOB_RUN_OPTIONS_VERSION, NULL, 0, NULL, 0, NULL, NULL, NULL \
	}

/**
 * Claim one waiting job (the oldest queued one, or one whose node's lease
 * ran out) and run it to its end on `store`, heartbeating after every
 * batch.  *ran (may be NULL) gets 1 when a job was claimed, 0 when none
 * was waiting; *job_id (may be NULL) a copy of its id, which the caller
 * frees.
 *
 * The job ends done, partial (some rows rejected) or failed (the MC
 * cannot be issued, the roster is unusable, the store failed), with its
 * counts and problems in the store (mc_job_to_json()).  It does not end
 * when it was taken over by another node meanwhile (it stops after the
 * batch it was committing), when `progress` stopped it, or when
 * `stopping` put it back in the queue.
 *
 * Returns 0 whatever became of the job itself (see mc_job_get()), or an
 * error of the store while claiming or recording it (MC_EDB, MC_ENOMEM;
 * the message is on the store): the caller polls again later.
 */
int mc_job_claim_and_run(mc_store *store, int *ran, char **job_id,
			 const mc_job_run_options *opts);

/** Job `id` as stored, without its input.  Free with mc_job_free().
 * MC_ENOTFOUND. */
int mc_job_get(mc_store *store, mc_job **out, const char *id);

/** Jobs of organisation `org_id` (NULL: all), newest first, at most
 * `limit` (0: 100), without their input.  Free with mc_job_list_free(). */
int mc_job_list(mc_store *store, mc_job ***out, size_t *count,
		const char *org_id, size_t limit);

/** The MC a roster job issues (its subject), or "" (borrowed). */
const char *mc_job_mc(const mc_job *job);

/**
 * A job as the HTTP API shows it (GET /api/v1/jobs/:id), pretty-printed:
 * {"id", "status" (the state's name), "mc", "done", "total", "issued",
 * "existing", "rejected", "problems": [{"line", "field", "reason"}], and
 * "error" when failed}.  The caller frees *out.  Returns 0 or MC_ENOMEM.
 */
int mc_job_to_json(char **out, const mc_job *job);

#ifdef __cplusplus
}
#endif

#endif
