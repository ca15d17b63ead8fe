/*
 * PostgreSQL backend: background jobs (table jobs, schema v8).  See
 * store.h for each operation's contract.
 *
 * A claim is one statement, UPDATE ... WHERE seq = (SELECT ... ORDER BY
 * seq LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING: a row another node is
 * claiming at that moment is locked, so it is skipped, never waited for,
 * and never claimed twice.  Should the row a claimer picked be claimed
 * and committed by another node in between, PostgreSQL re-checks the
 * condition on the new row and finds no job: the caller tries again on
 * its next poll.  The other writes change one row only if it is still
 * running under the caller's claim: a node whose job was taken over
 * learns it from its next heartbeat (MC_ESTATE).
 */
#include "store_pg.h"

#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"
#include "util/util.h"

/* The columns of a job, in the order job_row() reads them. */
#define JOB_COLUMNS                                                            \
	"id, kind, state, org_id, subject, payload, created_by, client,"       \
	" created_at, updated_at, node, lease_until, claims, done, total,"     \
	" result, finished_at"

/* now and now + lease seconds, as stored. */
static void lease_times(char now[21], char until[21], unsigned lease)
{
	long long t = mc__now();

	mc__timestamp_format(now, t);
	mc__timestamp_format(until, t + (long long)lease);
}

/* Row `i` of JOB_COLUMNS (and the input after them when `with_input`)
 * into a new job. */
static int job_row(struct mc__pg *h, const PGresult *res, int i, mc_job **out,
		   int with_input)
{
	mc_job *j = calloc(1, sizeof(*j));
	int error = 0;

	*out = NULL;
	if (!j)
		return mc__pg_nomem(h);
	j->id = mc__pg_dup(res, i, 0, &error);
	j->kind = mc__pg_dup(res, i, 1, &error);
	if (mc_job_state_parse(&j->state, PQgetvalue(res, i, 2)) < 0) {
		mc_job_free(j);
		return mc__store_error(&h->base, MC_EDB,
				       "jobs: unknown state '%s'",
				       PQgetvalue(res, i, 2));
	}
	j->org_id = mc__pg_dup(res, i, 3, &error);
	j->subject = mc__pg_dup(res, i, 4, &error);
	j->payload = mc__pg_dup(res, i, 5, &error);
	j->created_by = mc__pg_dup(res, i, 6, &error);
	j->client = mc__pg_dup(res, i, 7, &error);
	j->created_at = mc__pg_dup(res, i, 8, &error);
	j->updated_at = mc__pg_dup(res, i, 9, &error);
	j->node = mc__pg_dup(res, i, 10, &error);
	j->lease_until = mc__pg_dup(res, i, 11, &error);
	j->claims = (unsigned)mc__pg_ll(res, i, 12);
	j->done = (size_t)mc__pg_ll(res, i, 13);
	j->total = (size_t)mc__pg_ll(res, i, 14);
	j->result = mc__pg_dup(res, i, 15, &error);
	j->finished_at = mc__pg_dup(res, i, 16, &error);
	if (with_input && !PQgetisnull(res, i, 17) &&
	    !(j->input = mc__pg_bytea(res, i, 17, &j->input_len)))
		error = MC_ENOMEM;
	if (error) {
		mc_job_free(j);
		return mc__pg_nomem(h);
	}
	*out = j;
	return 0;
}

static const struct mc__pg_sql JOB_INS = {
    "job_ins", "INSERT INTO jobs(id, kind, state, org_id, subject, payload,"
	       " input, created_by, client, created_at, updated_at)"
	       " VALUES($1, $2, 'queued', $3, $4, $5, $6::bytea, $7, $8, $9,"
	       " $9) ON CONFLICT (id) DO NOTHING"};

static int jobs_enqueue(mc_store *s, const mc_job *job)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	char now[21], *hex = NULL;
	int error;

	if (!job->id || !job->kind || !job->payload)
		return mc__store_error(s, MC_EUSAGE,
				       "job enqueue: id, kind and payload "
				       "are required");
	if (job->input && !(hex = mc__pg_hex(job->input, job->input_len)))
		return mc__pg_nomem(h);
	mc__utc_now(now);
	error = MC__PG_EXEC(h, &res, &JOB_INS, "job enqueue", job->id,
			    job->kind, job->org_id, job->subject, job->payload,
			    hex, job->created_by, job->client, now);
	if (!error && mc__pg_changes(res) == 0)
		error = mc__store_error(s, MC_EEXISTS, "job %s exists already",
					job->id);
	PQclear(res);
	free(hex);
	return error;
}

/* $1 node, $2 now, $3 lease_until, $4 kinds ("a,b" or NULL). */
static const struct mc__pg_sql JOB_CLAIM = {
    "job_claim",
    "UPDATE jobs SET state = 'running', node = $1, lease_until = $3,"
    " claims = claims + 1, updated_at = $2"
    " WHERE seq = (SELECT seq FROM jobs"
    "  WHERE (state = 'queued' OR (state = 'running' AND lease_until < $2))"
    "  AND ($4::text IS NULL OR kind = ANY(string_to_array($4, ',')))"
    "  ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)"
    " RETURNING " JOB_COLUMNS ", input"};

static int jobs_claim(mc_store *s, mc_job **out, const char *node,
		      unsigned lease, const char *kinds)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	char now[21], until[21];
	int error;

	*out = NULL;
	if (!node || !*node || !lease)
		return mc__store_error(s, MC_EUSAGE,
				       "job claim: a node and a lease of at "
				       "least one second are required");
	lease_times(now, until, lease);
	if ((error = mc__pg_row(h, &res, &JOB_CLAIM, 4,
				(const char *[]){node, now, until, kinds},
				"job claim", NULL)))
		return error;
	error = job_row(h, res, 0, out, 1);
	PQclear(res);
	return error;
}

static const struct mc__pg_sql JOB_GET = {
    "job_get", "SELECT " JOB_COLUMNS " FROM jobs WHERE id = $1"};

static int jobs_get(mc_store *s, mc_job **out, const char *id)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	int error;

	*out = NULL;
	if ((error = mc__pg_row(h, &res, &JOB_GET, 1, (const char *[]){id},
				"job", "no job '%s'", id)))
		return error;
	error = job_row(h, res, 0, out, 0);
	PQclear(res);
	return error;
}

/* After a write that changed no row: MC_ENOTFOUND for an unknown job,
 * else MC_ESTATE naming who holds it now. */
static int not_ours(struct mc__pg *h, const char *op, const char *id,
		    const char *node)
{
	mc_job *j = NULL;
	int error = jobs_get(&h->base, &j, id);

	if (error == 0)
		error = mc__store_error(
		    &h->base, MC_ESTATE,
		    "job %s: %s by %s refused: the job is %s%s%s", id, op, node,
		    mc_job_state_name(j->state),
		    j->state == MC_JOB_RUNNING ? " under " : "",
		    j->state == MC_JOB_RUNNING && j->node ? j->node : "");
	mc_job_free(j);
	return error;
}

static const struct mc__pg_sql JOB_HEARTBEAT = {
    "job_heartbeat",
    "UPDATE jobs SET lease_until = $3, updated_at = $4, done = $5,"
    " total = $6, result = coalesce($7, result)"
    " WHERE id = $1 AND node = $2 AND state = 'running'"};

static int jobs_heartbeat(mc_store *s, const char *id, const char *node,
			  unsigned lease, size_t done, size_t total,
			  const char *result)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	char now[21], until[21], d[24], t[24];
	long long changed;
	int error;

	lease_times(now, until, lease ? lease : 1);
	if ((error =
		 MC__PG_EXEC(h, &res, &JOB_HEARTBEAT, "job heartbeat", id, node,
			     until, now, mc__pg_int(d, (long long)done),
			     mc__pg_int(t, (long long)total), result)))
		return error;
	changed = mc__pg_changes(res);
	PQclear(res);
	return changed ? 0 : not_ours(h, "heartbeat", id, node);
}

static const struct mc__pg_sql JOB_FINISH = {
    "job_finish",
    "UPDATE jobs SET state = $3, lease_until = NULL, updated_at = $4,"
    " finished_at = $4, done = $5, total = $6, result = coalesce($7, result)"
    " WHERE id = $1 AND node = $2 AND state = 'running'"};

static int jobs_finish(mc_store *s, const char *id, const char *node,
		       mc_job_state state, size_t done, size_t total,
		       const char *result)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	char now[21], d[24], t[24];
	long long changed;
	int error;

	if (state != MC_JOB_DONE && state != MC_JOB_PARTIAL &&
	    state != MC_JOB_FAILED)
		return mc__store_error(s, MC_EUSAGE,
				       "job finish: state %s is not an end",
				       mc_job_state_name(state));
	mc__utc_now(now);
	if ((error = MC__PG_EXEC(h, &res, &JOB_FINISH, "job finish", id, node,
				 mc_job_state_name(state), now,
				 mc__pg_int(d, (long long)done),
				 mc__pg_int(t, (long long)total), result)))
		return error;
	changed = mc__pg_changes(res);
	PQclear(res);
	return changed ? 0 : not_ours(h, "finish", id, node);
}

static const struct mc__pg_sql JOB_RELEASE = {
    "job_release",
    "UPDATE jobs SET state = 'queued', lease_until = NULL, updated_at = $3"
    " WHERE id = $1 AND node = $2 AND state = 'running'"};

static int jobs_release(mc_store *s, const char *id, const char *node)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	char now[21];
	long long changed;
	int error;

	mc__utc_now(now);
	if ((error = MC__PG_EXEC(h, &res, &JOB_RELEASE, "job release", id, node,
				 now)))
		return error;
	changed = mc__pg_changes(res);
	PQclear(res);
	return changed ? 0 : not_ours(h, "release", id, node);
}

static const struct mc__pg_sql JOB_LIST = {
    "job_list", "SELECT " JOB_COLUMNS " FROM jobs"
		" WHERE ($1::text IS NULL OR org_id = $1)"
		" ORDER BY seq DESC LIMIT $2"};

static int jobs_list(mc_store *s, mc_job ***out, size_t *count,
		     const char *org_id, size_t limit)
{
	struct mc__pg *h = mc__pg(s);
	PGresult *res = NULL;
	mc_job **list = NULL;
	char l[24];
	size_t n = 0, rows;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = MC__PG_EXEC(h, &res, &JOB_LIST, "jobs", org_id,
				 mc__pg_int(l, (long long)limit))))
		return error;
	rows = (size_t)PQntuples(res);
	if (rows && !(list = calloc(rows, sizeof(*list))))
		error = mc__pg_nomem(h);
	for (; !error && n < rows; n++)
		error = job_row(h, res, (int)n, &list[n], 0);
	PQclear(res);
	if (error) {
		mc_job_list_free(list, n);
		return error;
	}
	*out = list;
	*count = n;
	return 0;
}

const struct mc__store_jobs_ops mc__pg_jobs = {
    .enqueue = jobs_enqueue,
    .claim = jobs_claim,
    .heartbeat = jobs_heartbeat,
    .finish = jobs_finish,
    .release = jobs_release,
    .get = jobs_get,
    .list = jobs_list,
};
