/*
 * Background jobs (see microcred/jobs.h): enqueuing, claiming, running
 * with heartbeats, and the JSON a job's status is shown as.
 *
 * Each kind of job is one entry of `kinds` (its name and the function
 * that runs it); the store keeps the queue (store.h, the jobs topic).  A
 * run heartbeats after every batch; when the heartbeat says the job is no
 * longer this node's (taken over after its lease ran out), the run stops
 * after the batch it is committing and leaves the job alone.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "microcred/account.h"
#include "microcred/jobs.h"
#include "microcred/roster.h"
#include "store/store.h"
#include "util/util.h"

/* Problems kept per job (the first ones). */
#define JOB_PROBLEMS_MAX 1000
/* Jobs mc_job_list() answers when the caller gives no limit. */
#define JOB_LIST_DEFAULT 100
/* Longest node id. */
#define NODE_MAX 127

/* ---- the node id -------------------------------------------------------- */

static pthread_once_t node_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t node_lock = PTHREAD_MUTEX_INITIALIZER;
static char node_default[NODE_MAX + 1];
static char node_set[NODE_MAX + 1];

/* host:16 hex digits, drawn once per process. */
static void node_init(void)
{
	unsigned char rnd[8];
	char host[64] = "";
	size_t i, n;

	if (gethostname(host, sizeof(host) - 1) != 0 || !host[0])
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	if (sodium_init() < 0)
		memset(rnd, 0, sizeof(rnd));
	else
		randombytes_buf(rnd, sizeof(rnd));
	n = (size_t)snprintf(node_default, sizeof(node_default), "%s:", host);
	for (i = 0; i < sizeof(rnd) && n + 2 < sizeof(node_default); i++)
		n += (size_t)snprintf(node_default + n,
				      sizeof(node_default) - n, "%02x", rnd[i]);
}

const char *mc_job_node(void)
{
	const char *node;

	pthread_once(&node_once, node_init);
	pthread_mutex_lock(&node_lock);
	node = node_set[0] ? node_set : node_default;
	pthread_mutex_unlock(&node_lock);
	return node;
}

int mc_job_set_node(const char *node)
{
	size_t i;

	if (node && strlen(node) > NODE_MAX)
		return MC_EINVALID;
	for (i = 0; node && node[i]; i++)
		if (node[i] < 0x21 || node[i] > 0x7e)
			return MC_EINVALID;
	pthread_mutex_lock(&node_lock);
	snprintf(node_set, sizeof(node_set), "%s", node ? node : "");
	pthread_mutex_unlock(&node_lock);
	return 0;
}

/* ---- enqueuing ---------------------------------------------------------- */

/* A new job id, "j-" and 16 hex digits. */
static void new_id(char out[19])
{
	unsigned char rnd[8];
	size_t i;

	randombytes_buf(rnd, sizeof(rnd));
	memcpy(out, "j-", 2);
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(out + 2 + 2 * i, 3, "%02x", rnd[i]);
}

/* Set `key` to the string `value` when it is not NULL. */
static int set_opt(json_t *o, const char *key, const char *value)
{
	return value ? json_object_set_new(o, key, json_string(value)) : 0;
}

int mc_job_enqueue_roster(mc_store *store, char *id, size_t idlen,
			  const char *mc_id, unsigned mc_version,
			  const char *csv, size_t len, const char *name,
			  const mc_issue_options *opts, const char *actor,
			  const char *client)
{
	mc_issue_options defaults = MC_ISSUE_OPTIONS_INIT;
	mc_microcred *mc = NULL;
	json_t *p = NULL;
	mc_job job;
	char jid[19];
	int error;

	if (id && idlen)
		id[0] = '\0';
	if (!id || idlen < sizeof(jid) || !mc_id || (!csv && len))
		return mc__store_error(store, MC_EUSAGE,
				       "job: an id buffer of %zu bytes, an MC "
				       "and a roster are required",
				       sizeof(jid));
	if (len > MC_ROSTER_MAX)
		return mc__store_error(store, MC_ETOOBIG,
				       "roster: larger than %u bytes",
				       MC_ROSTER_MAX);
	if (!opts)
		opts = &defaults;
	/* The organisation the job works for: the MC's provider. */
	if ((error = store->catalogue->mc_get(store, &mc, mc_id, mc_version)))
		return error;
	new_id(jid);
	p = json_pack("{s:s, s:I, s:s, s:s}", "mc", mc_id, "version",
		      (json_int_t)mc_version, "name",
		      name ? name : "roster.csv", "format",
		      mc_credential_format_name(opts->format));
	if (!p || set_opt(p, "alg", opts->jwt_alg) ||
	    set_opt(p, "grade", opts->grade) ||
	    set_opt(p, "assessed_on", opts->assessed_on) ||
	    set_opt(p, "valid_until", opts->valid_until) ||
	    set_opt(p, "now", opts->now) ||
	    set_opt(p, "tsa_url", opts->tsa_url) ||
	    set_opt(p, "cryptosuite", opts->cryptosuite)) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	memset(&job, 0, sizeof(job));
	job.id = jid;
	job.kind = MC_JOB_KIND_ROSTER;
	job.org_id = mc->provider;
	job.subject = (char *)mc_id;
	job.input = (unsigned char *)csv;
	job.input_len = len;
	job.created_by = (char *)actor;
	job.client = client && *client ? (char *)client : NULL;
	if (!(job.payload = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	error = store->jobs->enqueue(store, &job);
	free(job.payload);
	if (!error)
		snprintf(id, idlen, "%s", jid);

cleanup:
	json_decref(p);
	mc_microcred_free(mc);
	return error;
}

/* ---- running ------------------------------------------------------------ */

/* One claimed job being run. */
struct run {
	mc_store *store;
	const mc_job_run_options *opts;
	const char *node;
	unsigned lease;
	mc_job *job;
	size_t issued, existing; /* so far, of committed batches */
	size_t done, total;	 /* the last progress recorded */
	int stop;		 /* the roster's next emit stops the run */
	int lost;		 /* the job is no longer ours */
	int abandon;		 /* opts->progress stopped the run */
	int release;		 /* opts->stopping: back in the queue */
};

/* The JSON result {"issued", "existing", "rejected", "problems",
 * "error"} (the last three when given); NULL when out of memory. */
static char *result_json(size_t issued, size_t existing, size_t rejected,
			 const mc_problems *problems, const char *error);

/* After each committed batch: renew the lease and record the progress;
 * learn whether the job was taken over or the caller wants to stop. */
static void on_progress(size_t done, size_t total, void *payload)
{
	struct run *r = payload;
	char *result = result_json(r->issued, r->existing, 0, NULL, NULL);
	int error = r->store->jobs->heartbeat(r->store, r->job->id, r->node,
					      r->lease, done, total, result);

	free(result);
	if (error == 0) {
		r->done = done;
		r->total = total;
	}
	if (error == MC_ESTATE || error == MC_ENOTFOUND)
		r->lost = r->stop = 1;
	if (r->stop)
		return;
	if (r->opts->progress &&
	    r->opts->progress(r->job->id, done, total, r->opts->payload))
		r->abandon = r->stop = 1;
	else if (r->opts->stopping && r->opts->stopping(r->opts->payload))
		r->release = r->stop = 1;
}

/* Per credential of a committed batch: count it; stop when asked. */
static int on_emit(const mc_credential *c, size_t line, void *payload)
{
	struct run *r = payload;

	(void)line;
	if (r->stop)
		return 1;
	if (c->created)
		r->issued++;
	else
		r->existing++;
	return 0;
}

/* The roster line a problem's "where" names ("NAME line 12"), or 0. */
static long problem_line(const char *where)
{
	const char *p = where ? strstr(where, "line ") : NULL;

	return p ? strtol(p + 5, NULL, 10) : 0;
}

static char *result_json(size_t issued, size_t existing, size_t rejected,
			 const mc_problems *problems, const char *error)
{
	json_t *o = json_pack("{s:I, s:I, s:I}", "issued", (json_int_t)issued,
			      "existing", (json_int_t)existing, "rejected",
			      (json_int_t)rejected);
	json_t *a = NULL;
	char *text = NULL;
	size_t i;

	if (!o)
		return NULL;
	if (problems && problems->count) {
		if (!(a = json_array()) ||
		    json_object_set_new(o, "problems", a))
			goto cleanup;
		for (i = 0; i < problems->count && i < JOB_PROBLEMS_MAX; i++) {
			const mc_problem *p = &problems->items[i];

			if (json_array_append_new(
				a, json_pack("{s:I, s:s, s:s}", "line",
					     (json_int_t)problem_line(p->where),
					     "field", p->field ? p->field : "",
					     "reason",
					     p->reason ? p->reason : "")))
				goto cleanup;
		}
	}
	if (error && set_opt(o, "error", error))
		goto cleanup;
	text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
cleanup:
	json_decref(o);
	return text;
}

/* The string member `key` of `o`, or NULL. */
static const char *str_of(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/*
 * Issue the roster of r->job.  A batch refused with MC_EEXISTS lost a race
 * for a learner to another node still issuing the same roster (one whose
 * lease ran out while it hung, and which has not heartbeaten since): the
 * roster runs again, up to RACE_RETRIES times, finding that node's
 * credentials stored.  The report counts as issued what every run issued.
 */
#define RACE_RETRIES 3

static int issue_roster(struct run *r, mc_roster_report *report,
			const mc_roster_options *ro, const char *mc_id,
			unsigned version, const char *name,
			mc_problems *problems)
{
	size_t issued = 0, attempt;
	int error = 0, hb;

	for (attempt = 0; attempt <= RACE_RETRIES; attempt++) {
		mc_problems_clear(problems);
		r->issued = r->existing = 0;
		error = mc_roster_issue(
		    r->store, report, mc_id, version,
		    r->job->input ? (const char *)r->job->input : "",
		    r->job->input_len, name, ro, problems);
		issued += report->issued;
		if (error != MC_EEXISTS || r->stop)
			break;
		/* Only while the job is still ours. */
		hb = r->store->jobs->heartbeat(r->store, r->job->id, r->node,
					       r->lease, r->done, r->total,
					       NULL);
		if (hb == MC_ESTATE || hb == MC_ENOTFOUND) {
			r->lost = r->stop = 1;
			break;
		}
	}
	/* A learner issued by an earlier run counts once, as issued. */
	report->existing -= issued - report->issued;
	report->issued = issued;
	return error;
}

/* Run a roster job: issue, then record how it ended unless it is no
 * longer ours or the caller stopped it. */
static int run_roster(struct run *r)
{
	mc_store *s = r->store;
	mc_job *job = r->job;
	mc_roster_options ro = MC_ROSTER_OPTIONS_INIT;
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_roster_report report;
	json_t *p = job->payload ? json_loads(job->payload, 0, NULL) : NULL;
	json_int_t version = json_integer_value(json_object_get(p, "version"));
	const char *fmt = str_of(p, "format");
	char client[sizeof(s->audit_client)], *result = NULL;
	char reason[512] = "";
	mc_job_state state;
	size_t done, total;
	int error;

	memset(&report, 0, sizeof(report));
	memcpy(client, s->audit_client, sizeof(client));
	if (!str_of(p, "mc") || version < 0 || version > 0xffffffffLL ||
	    (fmt && mc_credential_format_parse(&ro.issue.format, fmt) < 0)) {
		error = MC_EINVALID;
		snprintf(reason, sizeof(reason),
			 "job %s: payload: not a roster job's parameters",
			 job->id);
	} else {
		ro.issue.jwt_alg = str_of(p, "alg");
		ro.issue.grade = str_of(p, "grade");
		ro.issue.assessed_on = str_of(p, "assessed_on");
		ro.issue.valid_until = str_of(p, "valid_until");
		ro.issue.now = str_of(p, "now");
		ro.issue.tsa_url = str_of(p, "tsa_url");
		ro.issue.cryptosuite = str_of(p, "cryptosuite");
		ro.issue.actor = job->created_by;
		ro.batch = r->opts->batch;
		ro.batch_ms = r->lease * 1000u / 3;
		ro.progress = on_progress;
		ro.emit = on_emit;
		ro.payload = r;
		mc_audit_set_client(s, job->client ? job->client : "");
		error = issue_roster(r, &report, &ro, str_of(p, "mc"),
				     (unsigned)version, str_of(p, "name"),
				     &problems);
		mc_audit_set_client(s, client);
		if (error < 0 && error != MC_EINVALID)
			snprintf(reason, sizeof(reason), "%s",
				 mc_store_errmsg(s));
	}
	/* A batch cut by a lost database connection (a restart, a
	 * failover) or a conflicting writer, MC_ERETRY, rolled back whole:
	 * the job goes back to the queue, and the next claim carries on
	 * (issuing is idempotent per learner), instead of failing. */
	if (error == MC_ERETRY)
		r->release = 1;
	if (r->lost || r->abandon) {
		error = 0;
		goto cleanup;
	}
	if (r->release) {
		error = s->jobs->release(s, job->id, r->node);
		error = error == MC_ESTATE || error == MC_ENOTFOUND ? 0 : error;
		goto cleanup;
	}

	total = report.rows > job->total ? report.rows : job->total;
	done = total;
	if (error == 0) {
		state = MC_JOB_DONE;
	} else if (error == MC_EINVALID &&
		   (report.issued || report.existing || report.rejected)) {
		state = MC_JOB_PARTIAL;
	} else {
		state = MC_JOB_FAILED;
		done = r->done;
		if (!reason[0])
			snprintf(reason, sizeof(reason), "%s",
				 problems.count && problems.items[0].reason
				     ? problems.items[0].reason
				     : mc_error_str(error));
	}
	/* A taken-over run counts what it issued itself; the learners its
	 * predecessor issued come back as existing. */
	if (!(result = result_json(report.issued, report.existing,
				   report.rejected, &problems,
				   state == MC_JOB_FAILED ? reason : NULL))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	error =
	    s->jobs->finish(s, job->id, r->node, state, done, total, result);
	if (error == MC_ESTATE || error == MC_ENOTFOUND)
		error = 0; /* taken over meanwhile: the new node ends it */

cleanup:
	free(result);
	mc_problems_clear(&problems);
	json_decref(p);
	return error;
}

/* A kind of job: its name and what runs it. */
struct job_kind {
	const char *name;
	int (*run)(struct run *r);
};

static const struct job_kind kinds[] = {
    {MC_JOB_KIND_ROSTER, run_roster},
};

int mc_job_claim_and_run(mc_store *store, int *ran, char **job_id,
			 const mc_job_run_options *opts)
{
	mc_job_run_options defaults = MC_JOB_RUN_OPTIONS_INIT;
	struct run r;
	size_t i;
	int error;

	if (ran)
		*ran = 0;
	if (job_id)
		*job_id = NULL;
	memset(&r, 0, sizeof(r));
	r.store = store;
	r.opts = opts ? opts : &defaults;
	r.node = r.opts->node && *r.opts->node ? r.opts->node : mc_job_node();
	r.lease = r.opts->lease ? r.opts->lease : MC_JOB_LEASE_DEFAULT;
	error =
	    store->jobs->claim(store, &r.job, r.node, r.lease, r.opts->kinds);
	if (error == MC_ENOTFOUND)
		return 0;
	if (error)
		return error;
	if (ran)
		*ran = 1;
	r.done = r.job->done;
	r.total = r.job->total;
	if (job_id && !(*job_id = strdup(r.job->id))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	for (i = 0; i < MC__ARRAY_SIZE(kinds); i++)
		if (strcmp(kinds[i].name, r.job->kind) == 0)
			break;
	if (i < MC__ARRAY_SIZE(kinds) && r.job->claims <= MC_JOB_CLAIMS_MAX) {
		error = kinds[i].run(&r);
	} else {
		char reason[200], *result;

		if (i < MC__ARRAY_SIZE(kinds))
			snprintf(reason, sizeof(reason),
				 "given up after %u claims: every run ended "
				 "before the job did (its node stopped or "
				 "lost the database), at row %zu of %zu",
				 r.job->claims - 1, r.job->done, r.job->total);
		else
			snprintf(reason, sizeof(reason),
				 "kind: '%.64s' is not a kind this node runs",
				 r.job->kind);
		if (!(result = result_json(0, 0, 0, NULL, reason)))
			error = MC_ENOMEM;
		else
			error = store->jobs->finish(store, r.job->id, r.node,
						    MC_JOB_FAILED, r.job->done,
						    r.job->total, result);
		free(result);
	}

cleanup:
	mc_job_free(r.job);
	return error;
}

/* ---- reading ------------------------------------------------------------ */

int mc_job_get(mc_store *store, mc_job **out, const char *id)
{
	*out = NULL;
	if (!id || !*id)
		return mc__store_error(store, MC_EUSAGE, "job: no id given");
	return store->jobs->get(store, out, id);
}

int mc_job_list(mc_store *store, mc_job ***out, size_t *count,
		const char *org_id, size_t limit)
{
	return store->jobs->list(store, out, count, org_id,
				 limit ? limit : JOB_LIST_DEFAULT);
}

const char *mc_job_mc(const mc_job *job)
{
	return job && job->subject &&
		       strcmp(job->kind ? job->kind : "", MC_JOB_KIND_ROSTER) ==
			   0
		   ? job->subject
		   : "";
}

/* A count of the result, or 0. */
static json_int_t count_of(const json_t *result, const char *key)
{
	return json_integer_value(json_object_get(result, key));
}

int mc_job_to_json(char **out, const mc_job *job)
{
	json_t *result = job->result ? json_loads(job->result, 0, NULL) : NULL;
	json_t *problems = json_object_get(result, "problems");
	const char *error = str_of(result, "error");
	json_t *j;

	problems =
	    json_is_array(problems) ? json_incref(problems) : json_array();

	*out = NULL;
	j = json_pack(
	    "{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:s?}", "id",
	    job->id, "status", mc_job_state_name(job->state), "mc",
	    mc_job_mc(job), "done", (json_int_t)job->done, "total",
	    (json_int_t)job->total, "issued", count_of(result, "issued"),
	    "existing", count_of(result, "existing"), "rejected",
	    count_of(result, "rejected"), "problems", problems, "error",
	    job->state == MC_JOB_FAILED ? (error ? error : "failed") : NULL);
	json_decref(result);
	if (!j)
		return MC_ENOMEM;
	if (json_is_null(json_object_get(j, "error")))
		json_object_del(j, "error");
	*out = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	return *out ? 0 : MC_ENOMEM;
}
