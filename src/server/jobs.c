/*
 * Background jobs (see jobs.h).
 *
 * The registry is a fixed table of the last JOBS_MAX jobs in memory,
 * guarded by one mutex.  Each job runs on its own detached thread with its
 * own store handle (a store is used by one thread at a time), and updates
 * its counters under the mutex after each committed batch.  A finished
 * job's slot may be reused by a new job; a running job's never is.
 *
 * Shutdown: srv_jobs_shutdown() asks running jobs to stop after the batch
 * they are committing (the roster's emit callback refuses to go on) and
 * waits for their threads to finish.  Because the library commits rosters
 * by batch and issuing is idempotent, running the same roster again
 * completes it without issuing anyone twice.
 */
#include "jobs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "microcred/roster.h"

/* Jobs kept in memory. */
#define JOBS_MAX 256
/* Jobs running at once; more are refused (MC_EIO, "busy"). */
#define JOBS_RUNNING_MAX 16
/* Problems kept per job (the first ones). */
#define JOB_PROBLEMS_MAX 1000

struct job {
	srv_job_info info; /* info.problems_json owned here */
	unsigned long long seq;
	/* What the thread works on (owned). */
	char *csv;
	size_t len;
	char *name;
	unsigned version;
	mc_issue_options opts;
	char *alg, *grade, *assessed_on, *valid_until, *now;
	char client[46]; /* the requester's address, for the audit log */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER;
static struct job *jobs[JOBS_MAX];
static unsigned long long next_seq;
static size_t running;
static int stopping;
static char *db_location;
static char *key_file; /* the server's master_key_file, or NULL */

const char *srv_job_state_name(srv_job_state s)
{
	static const char *const names[] = {"queued", "running", "done",
					    "partial", "failed"};

	return (unsigned)s < 5 ? names[s] : "unknown";
}

void srv_jobs_init(const char *location, const char *master_key_file)
{
	pthread_mutex_lock(&lock);
	free(db_location);
	db_location = location ? strdup(location) : NULL;
	free(key_file);
	key_file = master_key_file ? strdup(master_key_file) : NULL;
	stopping = 0;
	pthread_mutex_unlock(&lock);
}

static void job_free(struct job *j)
{
	if (!j)
		return;
	free(j->info.problems_json);
	free(j->csv);
	free(j->name);
	free(j->alg);
	free(j->grade);
	free(j->assessed_on);
	free(j->valid_until);
	free(j->now);
	free(j);
}

void srv_jobs_shutdown(void)
{
	size_t i;

	pthread_mutex_lock(&lock);
	stopping = 1;
	while (running)
		pthread_cond_wait(&idle, &lock);
	for (i = 0; i < JOBS_MAX; i++) {
		job_free(jobs[i]);
		jobs[i] = NULL;
	}
	free(db_location);
	db_location = NULL;
	free(key_file);
	key_file = NULL;
	pthread_mutex_unlock(&lock);
}

static void on_progress(size_t done, size_t total, void *payload)
{
	struct job *j = payload;

	pthread_mutex_lock(&lock);
	j->info.done = done;
	j->info.total = total;
	pthread_mutex_unlock(&lock);
}

/* After each committed batch, per credential: count it; stop when the
 * server is shutting down. */
static int on_emit(const mc_credential *c, size_t line, void *payload)
{
	struct job *j = payload;
	int stop;

	(void)line;
	pthread_mutex_lock(&lock);
	if (c->created)
		j->info.issued++;
	else
		j->info.existing++;
	stop = stopping;
	pthread_mutex_unlock(&lock);
	return stop;
}

/* The roster line a problem's "where" names ("NAME line 12"), or 0. */
static long problem_line(const char *where)
{
	const char *p = where ? strstr(where, "line ") : NULL;

	return p ? strtol(p + 5, NULL, 10) : 0;
}

/* The problems as a JSON array of {line, field, reason}; NULL if none. */
static char *problems_json(const mc_problems *problems)
{
	json_t *a = json_array();
	char *text = NULL;
	size_t i;

	if (!a || !problems->count) {
		json_decref(a);
		return NULL;
	}
	for (i = 0; i < problems->count && i < JOB_PROBLEMS_MAX; i++) {
		const mc_problem *p = &problems->items[i];

		json_array_append_new(
		    a, json_pack("{s:I, s:s, s:s}", "line",
				 (json_int_t)problem_line(p->where), "field",
				 p->field ? p->field : "", "reason",
				 p->reason ? p->reason : ""));
	}
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return text;
}

static void *job_run(void *arg)
{
	struct job *j = arg;
	mc_roster_options ro = MC_ROSTER_OPTIONS_INIT;
	mc_store_options store_opts = MC_STORE_OPTIONS_INIT;
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_roster_report report;
	mc_store *store = NULL;
	char *msg = NULL, *pj = NULL, error_text[256] = "";
	int error, stop;

	memset(&report, 0, sizeof(report));
	pthread_mutex_lock(&lock);
	j->info.state = SRV_JOB_RUNNING;
	stop = stopping;
	store_opts.master_key_file = key_file;
	pthread_mutex_unlock(&lock);

	if (stop) {
		error = MC_EIO;
		snprintf(error_text, sizeof(error_text),
			 "the server shut down before the job started");
	} else if ((error = mc_store_open(&store, db_location, &store_opts,
					  &msg)) < 0) {
		snprintf(error_text, sizeof(error_text), "database: %s",
			 msg ? msg : mc_error_str(error));
	} else {
		ro.issue = j->opts;
		ro.issue.actor = j->info.owner[0] ? j->info.owner : NULL;
		mc_audit_set_client(store, j->client);
		ro.progress = on_progress;
		ro.emit = on_emit;
		ro.payload = j;
		error =
		    mc_roster_issue(store, &report, j->info.mc_id, j->version,
				    j->csv, j->len, j->name, &ro, &problems);
		pthread_mutex_lock(&lock);
		stop = stopping;
		pthread_mutex_unlock(&lock);
		if (error < 0 && error != MC_EINVALID)
			snprintf(error_text, sizeof(error_text), "%s",
				 stop ? "stopped by a server shutdown; "
					"upload the roster again to "
					"finish it"
				      : mc_store_errmsg(store));
	}
	pj = problems_json(&problems);

	pthread_mutex_lock(&lock);
	j->info.issued = report.issued;
	j->info.existing = report.existing;
	j->info.rejected = report.rejected;
	if (report.rows > j->info.total)
		j->info.total = report.rows;
	if (error == 0) {
		j->info.state = SRV_JOB_DONE;
		j->info.done = j->info.total;
	} else if (error == MC_EINVALID &&
		   (report.issued || report.existing || report.rejected)) {
		j->info.state = SRV_JOB_PARTIAL;
		j->info.done = j->info.total;
	} else {
		j->info.state = SRV_JOB_FAILED;
		if (!error_text[0])
			snprintf(error_text, sizeof(error_text), "%s",
				 problems.count && problems.items[0].reason
				     ? problems.items[0].reason
				     : mc_error_str(error));
		snprintf(j->info.error, sizeof(j->info.error), "%s",
			 error_text);
	}
	free(j->info.problems_json);
	j->info.problems_json = pj;
	/* The roster is not needed any more: free it early. */
	free(j->csv);
	j->csv = NULL;
	running--;
	pthread_cond_broadcast(&idle);
	pthread_mutex_unlock(&lock);

	mc_problems_clear(&problems);
	mc_store_free(store);
	free(msg);
	return NULL;
}

/* strdup of an optional string; *ok cleared when out of memory. */
static char *dup_opt(const char *s, int *ok)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		*ok = 0;
	return d;
}

/* A slot for a new job (the empty or oldest finished one), under lock;
 * -1 when every slot holds a running job. */
static int free_slot(void)
{
	int i, best = -1;

	for (i = 0; i < JOBS_MAX; i++) {
		if (!jobs[i])
			return i;
		if (jobs[i]->info.state >= SRV_JOB_DONE &&
		    (best < 0 || jobs[i]->seq < jobs[best]->seq))
			best = i;
	}
	return best;
}

int srv_job_start_roster(char *id, size_t idlen, const char *mc_id,
			 unsigned version, const char *csv, size_t len,
			 const char *name, const mc_issue_options *opts,
			 const char *actor, const char *client)
{
	unsigned char rnd[8];
	pthread_attr_t attr;
	pthread_t thread;
	struct job *j;
	int ok = 1, slot, error = 0;
	size_t i;

	if (len > MC_ROSTER_MAX)
		return MC_ETOOBIG;
	if (!(j = calloc(1, sizeof(*j))))
		return MC_ENOMEM;
	randombytes_buf(rnd, sizeof(rnd));
	memcpy(j->info.id, "j-", 2);
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(j->info.id + 2 + 2 * i, 3, "%02x", rnd[i]);
	snprintf(j->info.mc_id, sizeof(j->info.mc_id), "%s", mc_id);
	snprintf(j->info.owner, sizeof(j->info.owner), "%s",
		 actor ? actor : "");
	snprintf(j->client, sizeof(j->client), "%s", client ? client : "");
	j->info.state = SRV_JOB_QUEUED;
	j->version = version;
	j->len = len;
	if ((j->csv = malloc(len + 1))) {
		memcpy(j->csv, csv, len);
		j->csv[len] = '\0';
	} else {
		ok = 0;
	}
	j->name = dup_opt(name ? name : "roster.csv", &ok);
	if (opts)
		j->opts = *opts;
	else
		j->opts = (mc_issue_options)MC_ISSUE_OPTIONS_INIT;
	j->opts.jwt_alg = j->alg = dup_opt(j->opts.jwt_alg, &ok);
	j->opts.grade = j->grade = dup_opt(j->opts.grade, &ok);
	j->opts.assessed_on = j->assessed_on =
	    dup_opt(j->opts.assessed_on, &ok);
	j->opts.valid_until = j->valid_until =
	    dup_opt(j->opts.valid_until, &ok);
	j->opts.now = j->now = dup_opt(j->opts.now, &ok);
	if (!ok) {
		job_free(j);
		return MC_ENOMEM;
	}

	pthread_mutex_lock(&lock);
	if (!db_location || stopping || running >= JOBS_RUNNING_MAX ||
	    (slot = free_slot()) < 0) {
		error = MC_EIO;
		goto unlock;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&thread, &attr, job_run, j) != 0) {
		pthread_attr_destroy(&attr);
		error = MC_EIO;
		goto unlock;
	}
	pthread_attr_destroy(&attr);
	running++;
	j->seq = ++next_seq;
	job_free(jobs[slot]);
	jobs[slot] = j;
	snprintf(id, idlen, "%s", j->info.id);
unlock:
	pthread_mutex_unlock(&lock);
	if (error < 0)
		job_free(j);
	return error;
}

int srv_job_get(srv_job_info *out, const char *id)
{
	int i, error = MC_ENOTFOUND;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&lock);
	for (i = 0; i < JOBS_MAX; i++) {
		if (!jobs[i] || strcmp(jobs[i]->info.id, id) != 0)
			continue;
		*out = jobs[i]->info;
		out->problems_json = NULL;
		error = 0;
		if (jobs[i]->info.problems_json &&
		    !(out->problems_json = strdup(jobs[i]->info.problems_json)))
			error = MC_ENOMEM;
		break;
	}
	pthread_mutex_unlock(&lock);
	return error;
}

int srv_job_to_json(char **out, const srv_job_info *job)
{
	json_t *j, *problems = NULL;

	*out = NULL;
	if (job->problems_json)
		problems = json_loads(job->problems_json, 0, NULL);
	j = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:s?}",
		      "id", job->id, "status", srv_job_state_name(job->state),
		      "mc", job->mc_id, "done", (json_int_t)job->done, "total",
		      (json_int_t)job->total, "issued", (json_int_t)job->issued,
		      "existing", (json_int_t)job->existing, "rejected",
		      (json_int_t)job->rejected, "problems",
		      problems ? problems : json_array(), "error",
		      job->state == SRV_JOB_FAILED ? job->error : NULL);
	if (!j)
		return MC_ENOMEM;
	if (json_is_null(json_object_get(j, "error")))
		json_object_del(j, "error");
	*out = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	return *out ? 0 : MC_ENOMEM;
}
