/*
 * Background jobs (see jobs.h).
 *
 * `job_workers` threads per node (server.h), each with its own store handle,
 * loop on mc_job_claim_and_run(): a worker that finds no job waits SRV_JOB_POLL
 * seconds, or less when an upload on this node wakes it. Jobs enqueued on
 * another node are found by the poll.  Shutdown asks running jobs to stop (the
 * `stopping` callback puts them back in the queue after their batch) and joins
 * the workers.
 */
#include "jobs.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

/* Seconds an idle worker waits before it looks for jobs again. */
#define SRV_JOB_POLL 1

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_t workers[SRV_JOB_WORKERS_MAX];
static size_t nworkers;
static int stopping;
static unsigned long pending; /* uploads not yet looked for */
static char *db_location;
static char *key_file; /* the server's master_key_file, or NULL */
/* Seconds before another node takes over a job this node stopped
 * heartbeating (a roster heartbeats after every batch). */
static unsigned lease_seconds;

const char *srv_job_state_name(srv_job_state s)
{
	return mc_job_state_name(s);
}

static int is_stopping(void *payload)
{
	int stop;

	(void)payload;
	pthread_mutex_lock(&lock);
	stop = stopping;
	pthread_mutex_unlock(&lock);
	return stop;
}

/* Wait until an upload on this node, shutdown, or SRV_JOB_POLL seconds. */
static void idle(void)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += SRV_JOB_POLL;
	pthread_mutex_lock(&lock);
	while (!stopping && !pending) {
		if (pthread_cond_timedwait(&wake, &lock, &until) == ETIMEDOUT)
			break;
	}
	if (pending)
		pending--;
	pthread_mutex_unlock(&lock);
}

static void *worker(void *arg)
{
	mc_job_run_options ro = MC_JOB_RUN_OPTIONS_INIT;
	mc_store_options so = MC_STORE_OPTIONS_INIT;
	mc_store *store = NULL;
	char *msg = NULL;
	int ran, error;

	(void)arg;
	so.master_key_file = key_file;
	ro.lease = lease_seconds;
	ro.kinds = MC_JOB_KIND_ROSTER;
	ro.stopping = is_stopping;
	while (!is_stopping(NULL)) {
		ran = 0;
		if (!store &&
		    (error = mc_store_open(&store, db_location, &so, &msg))) {
			fprintf(stderr, "microcred serve: jobs: database: %s\n",
				msg ? msg : mc_error_str(error));
			free(msg);
			msg = NULL;
		} else if ((error =
				mc_job_claim_and_run(store, &ran, NULL, &ro))) {
			fprintf(stderr, "microcred serve: jobs: %s\n",
				mc_store_errmsg(store));
			mc_store_free(store); /* reconnect */
			store = NULL;
		}
		if (!ran)
			idle();
	}
	mc_store_free(store);
	return NULL;
}

void srv_jobs_init(const char *location, const char *master_key_file,
		   unsigned workers_wanted, unsigned lease)
{
	pthread_mutex_lock(&lock);
	free(db_location);
	db_location = location ? strdup(location) : NULL;
	free(key_file);
	key_file = master_key_file ? strdup(master_key_file) : NULL;
	lease_seconds = lease;
	stopping = 0;
	pending = 0;
	pthread_mutex_unlock(&lock);
	if (workers_wanted > SRV_JOB_WORKERS_MAX)
		workers_wanted = SRV_JOB_WORKERS_MAX;
	for (nworkers = 0; db_location && nworkers < workers_wanted; nworkers++)
		if (pthread_create(&workers[nworkers], NULL, worker, NULL) !=
		    0) {
			fprintf(stderr, "microcred serve: jobs: no thread\n");
			break;
		}
}

void srv_jobs_shutdown(void)
{
	size_t i;

	pthread_mutex_lock(&lock);
	stopping = 1;
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < nworkers; i++)
		pthread_join(workers[i], NULL);
	nworkers = 0;
	pthread_mutex_lock(&lock);
	free(db_location);
	db_location = NULL;
	free(key_file);
	key_file = NULL;
	pthread_mutex_unlock(&lock);
}

int srv_job_start_roster(mc_store *store, char *id, size_t idlen,
			 const char *mc_id, unsigned version, const char *csv,
			 size_t len, const char *name,
			 const mc_issue_options *opts, const char *actor,
			 const char *client)
{
	int error = mc_job_enqueue_roster(store, id, idlen, mc_id, version, csv,
					  len, name, opts, actor, client);

	if (error == 0) {
		pthread_mutex_lock(&lock);
		pending++;
		pthread_cond_signal(&wake);
		pthread_mutex_unlock(&lock);
	}
	return error;
}

void srv_job_info_clear(srv_job_info *job)
{
	free(job->problems_json);
	free(job->json);
	job->problems_json = job->json = NULL;
}

int srv_job_get(mc_store *store, srv_job_info *out, const char *id)
{
	json_t *doc = NULL, *problems;
	mc_job *job = NULL;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = mc_job_get(store, &job, id)) < 0)
		return error;
	if ((error = mc_job_to_json(&out->json, job)) < 0)
		goto cleanup;
	if (!(doc = json_loads(out->json, 0, NULL))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	snprintf(out->id, sizeof(out->id), "%s", job->id);
	out->state = job->state;
	snprintf(out->mc_id, sizeof(out->mc_id), "%s", mc_job_mc(job));
	out->done = job->done;
	out->total = job->total;
	out->issued =
	    (size_t)json_integer_value(json_object_get(doc, "issued"));
	out->existing =
	    (size_t)json_integer_value(json_object_get(doc, "existing"));
	out->rejected =
	    (size_t)json_integer_value(json_object_get(doc, "rejected"));
	problems = json_object_get(doc, "problems");
	if (json_array_size(problems) &&
	    !(out->problems_json = json_dumps(problems, JSON_COMPACT)))
		error = MC_ENOMEM;
	snprintf(out->error, sizeof(out->error), "%s",
		 json_string_value(json_object_get(doc, "error"))
		     ? json_string_value(json_object_get(doc, "error"))
		     : "");
	snprintf(out->owner, sizeof(out->owner), "%s",
		 job->created_by ? job->created_by : "");

cleanup:
	json_decref(doc);
	mc_job_free(job);
	if (error < 0)
		srv_job_info_clear(out);
	return error;
}
