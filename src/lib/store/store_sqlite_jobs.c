/*
 * SQLite backend, schema v8: background jobs (table jobs).  See store.h
 * for each operation's contract.
 *
 * A claim is one UPDATE ... WHERE seq = (SELECT ... LIMIT 1) RETURNING
 * inside BEGIN IMMEDIATE, so of two handles claiming at once the second
 * waits for the first's write lock (busy timeout) and then sees its
 * claim.  The other writes change one row only if it is still running
 * under the caller's claim: a node whose job was taken over learns it
 * from its next heartbeat (MC_ESTATE).
 */
#include "store_sqlite.h"

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

/* One row of JOB_COLUMNS (and the input after them when `with_input`)
 * into a new job. */
static int job_row(struct mc__sqlite *h, sqlite3_stmt *st, mc_job **out,
		   int with_input)
{
	mc_job *j = calloc(1, sizeof(*j));
	int error = 0;

	*out = NULL;
	if (!j)
		return mc__sq_nomem(h);
	j->id = mc__sq_col_dup(st, 0, &error);
	j->kind = mc__sq_col_dup(st, 1, &error);
	if (mc_job_state_parse(&j->state,
			       (const char *)sqlite3_column_text(st, 2)) < 0) {
		mc_job_free(j);
		return mc__store_error(&h->base, MC_EDB,
				       "jobs: unknown state '%s'",
				       sqlite3_column_text(st, 2));
	}
	j->org_id = mc__sq_col_dup(st, 3, &error);
	j->subject = mc__sq_col_dup(st, 4, &error);
	j->payload = mc__sq_col_dup(st, 5, &error);
	j->created_by = mc__sq_col_dup(st, 6, &error);
	j->client = mc__sq_col_dup(st, 7, &error);
	j->created_at = mc__sq_col_dup(st, 8, &error);
	j->updated_at = mc__sq_col_dup(st, 9, &error);
	j->node = mc__sq_col_dup(st, 10, &error);
	j->lease_until = mc__sq_col_dup(st, 11, &error);
	j->claims = (unsigned)sqlite3_column_int64(st, 12);
	j->done = (size_t)sqlite3_column_int64(st, 13);
	j->total = (size_t)sqlite3_column_int64(st, 14);
	j->result = mc__sq_col_dup(st, 15, &error);
	j->finished_at = mc__sq_col_dup(st, 16, &error);
	if (with_input && sqlite3_column_type(st, 17) != SQLITE_NULL &&
	    !(j->input = mc__sq_blob_dup(st, 17, &j->input_len)))
		error = MC_ENOMEM;
	if (error) {
		mc_job_free(j);
		return mc__sq_nomem(h);
	}
	*out = j;
	return 0;
}

static const char sql_enqueue[] =
    "INSERT INTO jobs(id, kind, state, org_id, subject, payload, input,"
    " created_by, client, created_at, updated_at)"
    " VALUES(?1, ?2, 'queued', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)";

static int jobs_enqueue(mc_store *s, const mc_job *job)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	char now[21];
	int error;

	if (!job->id || !job->kind || !job->payload)
		return mc__store_error(s, MC_EUSAGE,
				       "job enqueue: id, kind and payload "
				       "are required");
	if (!(st = mc__sq_stmt(h, sql_enqueue)))
		return MC_EDB;
	mc__utc_now(now);
	mc__sq_bind_text(st, 1, job->id);
	mc__sq_bind_text(st, 2, job->kind);
	mc__sq_bind_text(st, 3, job->org_id);
	mc__sq_bind_text(st, 4, job->subject);
	mc__sq_bind_text(st, 5, job->payload);
	if (job->input)
		sqlite3_bind_blob64(st, 6, job->input, job->input_len,
				    SQLITE_STATIC);
	mc__sq_bind_text(st, 7, job->created_by);
	mc__sq_bind_text(st, 8, job->client);
	mc__sq_bind_text(st, 9, now);
	error = mc__sq_insert(h, st, "job enqueue");
	if (error == MC_EEXISTS)
		return mc__store_error(s, MC_EEXISTS, "job %s exists already",
				       job->id);
	return error;
}

/* ?1 node, ?2 now, ?3 lease_until, ?4 kinds (",a,b," or NULL). */
static const char sql_claim[] =
    "UPDATE jobs SET state = 'running', node = ?1, lease_until = ?3,"
    " claims = claims + 1, updated_at = ?2"
    " WHERE seq = (SELECT seq FROM jobs"
    "  WHERE (state = 'queued' OR (state = 'running' AND lease_until < ?2))"
    "  AND (?4 IS NULL OR instr(?4, ',' || kind || ',') > 0)"
    "  ORDER BY seq LIMIT 1)"
    " RETURNING " JOB_COLUMNS ", input";

static int jobs_claim(mc_store *s, mc_job **out, const char *node,
		      unsigned lease, const char *kinds)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	char now[21], until[21], *list = NULL;
	int error;

	*out = NULL;
	if (!node || !*node || !lease)
		return mc__store_error(s, MC_EUSAGE,
				       "job claim: a node and a lease of at "
				       "least one second are required");
	if (kinds && !(list = mc__asprintf(",%s,", kinds)))
		return mc__sq_nomem(h);
	if ((error = mc__sq_begin(s))) {
		free(list);
		return error;
	}
	if (!(st = mc__sq_stmt(h, sql_claim))) {
		error = MC_EDB;
		goto cleanup;
	}
	lease_times(now, until, lease);
	mc__sq_bind_text(st, 1, node);
	mc__sq_bind_text(st, 2, now);
	mc__sq_bind_text(st, 3, until);
	mc__sq_bind_text(st, 4, list);
	if ((error = mc__sq_row(h, st, "job claim", NULL)) == 0) {
		error = job_row(h, st, out, 1);
		/* RETURNING's update is complete once stepped to the end. */
		if (sqlite3_step(st) != SQLITE_DONE && !error)
			error = mc__sq_error(h, "job claim");
		sqlite3_reset(st);
	}

cleanup:
	free(list);
	error = mc__sq_finish(s, error);
	if (error) {
		mc_job_free(*out);
		*out = NULL;
	}
	return error;
}

/* After a write that changed no row: MC_ENOTFOUND for an unknown job,
 * else MC_ESTATE naming who holds it now. */
static int not_ours(struct mc__sqlite *h, const char *op, const char *id,
		    const char *node)
{
	mc_job *j = NULL;
	int error = h->base.jobs->get(&h->base, &j, id);

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

static const char sql_heartbeat[] =
    "UPDATE jobs SET lease_until = ?3, updated_at = ?4, done = ?5,"
    " total = ?6, result = coalesce(?7, result)"
    " WHERE id = ?1 AND node = ?2 AND state = 'running'";

static int jobs_heartbeat(mc_store *s, const char *id, const char *node,
			  unsigned lease, size_t done, size_t total,
			  const char *result)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	char now[21], until[21];
	int error;

	if (!(st = mc__sq_stmt(h, sql_heartbeat)))
		return MC_EDB;
	lease_times(now, until, lease ? lease : 1);
	mc__sq_bind_text(st, 1, id);
	mc__sq_bind_text(st, 2, node);
	mc__sq_bind_text(st, 3, until);
	mc__sq_bind_text(st, 4, now);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)done);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)total);
	mc__sq_bind_text(st, 7, result);
	if ((error = mc__sq_step_done(h, st, "job heartbeat")))
		return error;
	return sqlite3_changes(h->db) ? 0 : not_ours(h, "heartbeat", id, node);
}

static const char sql_finish[] =
    "UPDATE jobs SET state = ?3, lease_until = NULL, updated_at = ?4,"
    " finished_at = ?4, done = ?5, total = ?6, result = coalesce(?7, result)"
    " WHERE id = ?1 AND node = ?2 AND state = 'running'";

static int jobs_finish(mc_store *s, const char *id, const char *node,
		       mc_job_state state, size_t done, size_t total,
		       const char *result)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	char now[21];
	int error;

	if (state != MC_JOB_DONE && state != MC_JOB_PARTIAL &&
	    state != MC_JOB_FAILED)
		return mc__store_error(s, MC_EUSAGE,
				       "job finish: state %s is not an end",
				       mc_job_state_name(state));
	if (!(st = mc__sq_stmt(h, sql_finish)))
		return MC_EDB;
	mc__utc_now(now);
	mc__sq_bind_text(st, 1, id);
	mc__sq_bind_text(st, 2, node);
	mc__sq_bind_text(st, 3, mc_job_state_name(state));
	mc__sq_bind_text(st, 4, now);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)done);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)total);
	mc__sq_bind_text(st, 7, result);
	if ((error = mc__sq_step_done(h, st, "job finish")))
		return error;
	return sqlite3_changes(h->db) ? 0 : not_ours(h, "finish", id, node);
}

static const char sql_release[] =
    "UPDATE jobs SET state = 'queued', lease_until = NULL, updated_at = ?3"
    " WHERE id = ?1 AND node = ?2 AND state = 'running'";

static int jobs_release(mc_store *s, const char *id, const char *node)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	char now[21];
	int error;

	if (!(st = mc__sq_stmt(h, sql_release)))
		return MC_EDB;
	mc__utc_now(now);
	mc__sq_bind_text(st, 1, id);
	mc__sq_bind_text(st, 2, node);
	mc__sq_bind_text(st, 3, now);
	if ((error = mc__sq_step_done(h, st, "job release")))
		return error;
	return sqlite3_changes(h->db) ? 0 : not_ours(h, "release", id, node);
}

static const char sql_get[] = "SELECT " JOB_COLUMNS " FROM jobs WHERE id = ?1";

static int jobs_get(mc_store *s, mc_job **out, const char *id)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st;
	int error;

	*out = NULL;
	if (!(st = mc__sq_stmt(h, sql_get)))
		return MC_EDB;
	mc__sq_bind_text(st, 1, id);
	if ((error = mc__sq_row(h, st, "job", "no job '%s'", id)))
		return error;
	error = job_row(h, st, out, 0);
	sqlite3_reset(st);
	return error;
}

/* mc__sq_each() callback: append a job to the list `payload`. */
struct job_list {
	mc_job **items;
	size_t count, alloc;
};

static int list_row(struct mc__sqlite *h, sqlite3_stmt *st, void *payload)
{
	struct job_list *l = payload;
	int error;

	if (mc__sq_grow((void **)&l->items, &l->alloc, l->count,
			sizeof(*l->items)) < 0)
		return mc__sq_nomem(h);
	if ((error = job_row(h, st, &l->items[l->count], 0)))
		return error;
	l->count++;
	return 0;
}

static const char sql_list[] = "SELECT " JOB_COLUMNS " FROM jobs"
			       " WHERE (?1 IS NULL OR org_id = ?1)"
			       " ORDER BY seq DESC LIMIT ?2";

static int jobs_list(mc_store *s, mc_job ***out, size_t *count,
		     const char *org_id, size_t limit)
{
	struct mc__sqlite *h = mc__sq(s);
	struct job_list l = {NULL, 0, 0};
	sqlite3_stmt *st;
	int error;

	*out = NULL;
	*count = 0;
	if (!(st = mc__sq_stmt(h, sql_list)))
		return MC_EDB;
	mc__sq_bind_text(st, 1, org_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	if ((error = mc__sq_each(h, st, list_row, &l, "jobs"))) {
		mc_job_list_free(l.items, l.count);
		return error;
	}
	*out = l.items;
	*count = l.count;
	return 0;
}

const struct mc__store_jobs_ops mc__sq_jobs = {
    .enqueue = jobs_enqueue,
    .claim = jobs_claim,
    .heartbeat = jobs_heartbeat,
    .finish = jobs_finish,
    .release = jobs_release,
    .get = jobs_get,
    .list = jobs_list,
};
