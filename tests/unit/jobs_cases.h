/*
 * jobs_cases.h: background jobs (microcred/jobs.h and the store's jobs
 * topic), the same cases on any backend.
 *
 * A test program fills a `struct jobs_backend` (how to make a fresh,
 * empty location, and how to query it on a connection of its own) and
 * calls jobs_cases_run(): test_jobs.c on SQLite files, test_jobs_pg.c on
 * PostgreSQL.  Each case starts from a new store holding two
 * organisations, one published MC (ua-mma-welding v2) and an Ed25519 key
 * of its provider, so roster jobs can issue.
 *
 * Leases are real seconds: a case that lets a lease run out claims with a
 * lease of 1 second and sleeps 2, or, where work runs inside the lease
 * before another node looks (a roster's first batch), 4 and sleeps 5.
 */
#ifndef MC_TEST_JOBS_CASES_H
#define MC_TEST_JOBS_CASES_H

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "microcred/catalogue.h"
#include "microcred/credential.h"
#include "microcred/jobs.h"
#include "microcred/keys.h"
#include "sample_mc.h"
#include "store/store.h"

#define ORG   "ua-dniprorudne-lyceum"
#define ORG2  "ua-nqa"
#define MC_ID "ua-mma-welding"
#define BASE  "https://mc.example.org"
#define MASTER                                                                 \
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

struct jobs_backend {
	const char *name; /* mc_store_backend()'s answer */
	/* Make a new, empty location into buf; 0, or -1 (reason printed). */
	int (*fresh)(char *buf, size_t size);
	/* Remove what fresh() made (may do nothing). */
	void (*remove)(const char *location);
	/* One integer from `sql` on a connection of its own; -1 if none. */
	long long (*query)(const char *location, const char *sql);
};

static const struct jobs_backend *backend_;

struct fixture {
	char location[2048];
	mc_store *s;
};

static const char ORGS[] =
    "{\"id\": \"" ORG "\", \"name\": {\"en\": \"Dniprorudne Lyceum\"},"
    " \"country\": \"UA\", \"type\": \"vet_provider\"},"
    "{\"id\": \"" ORG2 "\", \"name\": {\"en\": \"National Agency\"},"
    " \"country\": \"UA\", \"type\": \"agency\"}";

static mc_store *open_at(const char *location)
{
	mc_store *s = NULL;
	char *err = NULL;

	if (mc_store_open(&s, location, NULL, &err) != 0)
		fail_msg("open %s: %s", location, err ? err : "?");
	return s;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mc_problems p = MC_PROBLEMS_INIT;
	mc_import_report r;
	mc_key_info *k = NULL;
	char *bundle;

	assert_non_null(f);
	assert_int_equal(setenv("MICROCRED_MASTER_KEY", MASTER, 1), 0);
	unsetenv("MICROCRED_MASTER_KEY_FILE");
	assert_int_equal(backend_->fresh(f->location, sizeof(f->location)), 0);
	f->s = open_at(f->location);
	assert_int_equal(mc_store_set_base_url(f->s, BASE), 0);
	bundle = malloc(sizeof(ORGS) + sizeof(SAMPLE_MC_JSON) + 64);
	assert_non_null(bundle);
	sprintf(bundle, "{\"organisations\": [%s], \"microcredentials\": [%s]}",
		ORGS, SAMPLE_MC_JSON);
	if (mc_catalogue_import(f->s, &r, bundle, strlen(bundle), "b.json",
				&p) != 0)
		fail_msg("import: %s", mc_store_errmsg(f->s));
	mc_problems_clear(&p);
	free(bundle);
	if (mc_key_generate(f->s, &k, ORG, MC_KEY_ED25519) != 0)
		fail_msg("key: %s", mc_store_errmsg(f->s));
	mc_key_info_free(k);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mc_store_free(f->s);
	backend_->remove(f->location);
	free(f);
	return 0;
}

static long long query(struct fixture *f, const char *sql)
{
	return backend_->query(f->location, sql);
}

/* A roster of `n` learners, header first (caller frees). */
static char *roster(size_t n)
{
	size_t size = 32 + n * 64, len, i;
	char *csv = malloc(size);

	assert_non_null(csv);
	len = (size_t)snprintf(csv, size, "name,email\n");
	for (i = 1; i <= n; i++)
		len += (size_t)snprintf(csv + len, size - len,
					"Learner %zu,l%zu@example.org\n", i, i);
	return csv;
}

/* Enqueue a roster job of `csv` for MC_ID; its id into id[19]. */
static void enqueue(mc_store *s, char id[19], const char *csv)
{
	if (mc_job_enqueue_roster(s, id, 19, MC_ID, 0, csv, strlen(csv),
				  "roster.csv", NULL, "user:u-1",
				  "203.0.113.7") != 0)
		fail_msg("enqueue: %s", mc_store_errmsg(s));
	assert_int_equal(strlen(id), 18);
}

/* Enqueue a job of kind `kind` with an empty payload, through the store. */
static void enqueue_raw(mc_store *s, const char *id, const char *kind)
{
	mc_job j;

	memset(&j, 0, sizeof(j));
	j.id = (char *)id;
	j.kind = (char *)kind;
	j.payload = "{}";
	if (s->jobs->enqueue(s, &j) != 0)
		fail_msg("enqueue %s: %s", id, mc_store_errmsg(s));
}

static mc_job *get(mc_store *s, const char *id)
{
	mc_job *j = NULL;

	if (mc_job_get(s, &j, id) != 0)
		fail_msg("get %s: %s", id, mc_store_errmsg(s));
	return j;
}

/* ---- the queue ---------------------------------------------------------- */

/* Enqueued, claimed with its input, refused to a second claimer while the
 * lease runs, heartbeat, finished, read back. */
static void test_enqueue_claim_finish(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	char id[19], *csv = roster(3);
	mc_job *j = NULL, *again = NULL;

	enqueue(s, id, csv);
	j = get(s, id);
	assert_int_equal(j->state, MC_JOB_QUEUED);
	assert_string_equal(j->kind, MC_JOB_KIND_ROSTER);
	assert_string_equal(j->org_id, ORG);
	assert_string_equal(mc_job_mc(j), MC_ID);
	assert_string_equal(j->created_by, "user:u-1");
	assert_string_equal(j->client, "203.0.113.7");
	assert_null(j->input); /* only a claim reads the input */
	assert_null(j->node);
	assert_int_equal(j->claims, 0);
	mc_job_free(j);

	assert_int_equal(s->jobs->claim(s, &j, "node-a", 60, NULL), 0);
	assert_non_null(j);
	assert_string_equal(j->id, id);
	assert_int_equal(j->state, MC_JOB_RUNNING);
	assert_string_equal(j->node, "node-a");
	assert_non_null(j->lease_until);
	assert_int_equal(j->claims, 1);
	assert_int_equal(j->input_len, strlen(csv));
	assert_memory_equal(j->input, csv, strlen(csv));
	mc_job_free(j);

	/* the lease runs: nobody else gets it */
	assert_int_equal(s->jobs->claim(s, &again, "node-b", 60, NULL),
			 MC_ENOTFOUND);
	assert_null(again);

	assert_int_equal(
	    s->jobs->heartbeat(s, id, "node-a", 60, 2, 3, "{\"issued\": 2}"),
	    0);
	j = get(s, id);
	assert_int_equal(j->done, 2);
	assert_int_equal(j->total, 3);
	assert_string_equal(j->result, "{\"issued\": 2}");
	mc_job_free(j);
	/* another node's heartbeat is refused */
	assert_int_equal(s->jobs->heartbeat(s, id, "node-b", 60, 3, 3, NULL),
			 MC_ESTATE);
	assert_non_null(strstr(mc_store_errmsg(s), "node-a"));

	assert_int_equal(s->jobs->finish(s, id, "node-a", MC_JOB_DONE, 3, 3,
					 "{\"issued\": 3}"),
			 0);
	j = get(s, id);
	assert_int_equal(j->state, MC_JOB_DONE);
	assert_int_equal(j->done, 3);
	assert_non_null(j->finished_at);
	assert_null(j->lease_until);
	mc_job_free(j);
	/* finished: not claimed again, no more heartbeats */
	assert_int_equal(s->jobs->claim(s, &again, "node-b", 60, NULL),
			 MC_ENOTFOUND);
	assert_int_equal(s->jobs->heartbeat(s, id, "node-a", 60, 3, 3, NULL),
			 MC_ESTATE);
	assert_int_equal(
	    s->jobs->finish(s, id, "node-a", MC_JOB_RUNNING, 3, 3, NULL),
	    MC_EUSAGE);
	assert_int_equal(mc_job_get(s, &j, "j-0000000000000000"), MC_ENOTFOUND);
	assert_int_equal(s->jobs->heartbeat(s, "j-0000000000000000", "node-a",
					    60, 0, 0, NULL),
			 MC_ENOTFOUND);
	free(csv);
}

/* A running job whose lease ran out is taken over by another node; the
 * first node's heartbeat and finish are refused from then on. */
static void test_lease_takeover(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s, *b = open_at(f->location);
	mc_job *j = NULL;

	enqueue_raw(s, "j-1", "test");
	/* 3 s: the second claim below comes well inside it even on a
	 * loaded machine */
	assert_int_equal(s->jobs->claim(s, &j, "node-a", 3, NULL), 0);
	mc_job_free(j);
	j = NULL;
	assert_int_equal(b->jobs->claim(b, &j, "node-b", 60, NULL),
			 MC_ENOTFOUND);
	sleep(4);
	assert_int_equal(b->jobs->claim(b, &j, "node-b", 60, NULL), 0);
	assert_string_equal(j->id, "j-1");
	assert_string_equal(j->node, "node-b");
	assert_int_equal(j->claims, 2);
	mc_job_free(j);
	j = NULL;

	assert_int_equal(s->jobs->heartbeat(s, "j-1", "node-a", 1, 1, 2, NULL),
			 MC_ESTATE);
	assert_non_null(strstr(mc_store_errmsg(s), "node-b"));
	assert_int_equal(
	    s->jobs->finish(s, "j-1", "node-a", MC_JOB_DONE, 2, 2, NULL),
	    MC_ESTATE);
	assert_int_equal(s->jobs->release(s, "j-1", "node-a"), MC_ESTATE);
	/* node-b's lease holds: node-a cannot take it back */
	assert_int_equal(s->jobs->claim(s, &j, "node-a", 1, NULL),
			 MC_ENOTFOUND);
	assert_int_equal(b->jobs->heartbeat(b, "j-1", "node-b", 60, 1, 2, NULL),
			 0);
	assert_int_equal(
	    b->jobs->finish(b, "j-1", "node-b", MC_JOB_FAILED, 1, 2, NULL), 0);
	j = get(s, "j-1");
	assert_int_equal(j->state, MC_JOB_FAILED);
	assert_string_equal(j->node, "node-b");
	mc_job_free(j);
	mc_store_free(b);
}

/* Oldest first; only the kinds asked for; a released job is claimed
 * again at once. */
static void test_order_kinds_release(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_job *j = NULL, **list = NULL;
	size_t n = 0;

	enqueue_raw(s, "j-1", "roster");
	enqueue_raw(s, "j-2", "mail");
	enqueue_raw(s, "j-3", "roster");
	{
		mc_job dup;

		memset(&dup, 0, sizeof(dup));
		dup.id = "j-1";
		dup.kind = "roster";
		dup.payload = "{}";
		assert_int_equal(s->jobs->enqueue(s, &dup), MC_EEXISTS);
	}
	assert_int_equal(s->jobs->claim(s, &j, "n", 60, "mail"), 0);
	assert_string_equal(j->id, "j-2");
	mc_job_free(j);
	assert_int_equal(s->jobs->claim(s, &j, "n", 60, "mail"), MC_ENOTFOUND);
	assert_int_equal(s->jobs->claim(s, &j, "n", 60, "backup,roster"), 0);
	assert_string_equal(j->id, "j-1");
	mc_job_free(j);
	assert_int_equal(s->jobs->release(s, "j-1", "n"), 0);
	assert_int_equal(s->jobs->claim(s, &j, "m", 60, NULL), 0);
	assert_string_equal(j->id, "j-1");
	assert_int_equal(j->claims, 2);
	mc_job_free(j);
	assert_int_equal(s->jobs->claim(s, &j, "m", 60, NULL), 0);
	assert_string_equal(j->id, "j-3");
	mc_job_free(j);
	assert_int_equal(s->jobs->claim(s, &j, "m", 60, NULL), MC_ENOTFOUND);

	assert_int_equal(mc_job_list(s, &list, &n, NULL, 2), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0]->id, "j-3"); /* newest first */
	assert_string_equal(list[1]->id, "j-2");
	mc_job_list_free(list, n);
	assert_int_equal(mc_job_list(s, &list, &n, ORG, 0), 0);
	assert_int_equal(n, 0);
	mc_job_list_free(list, n);
}

/* ---- concurrency -------------------------------------------------------- */

#define RACE_JOBS 50

struct racer {
	const char *location;
	pthread_barrier_t *start; /* both handles open before either claims */
	const char *node;
	char *claimed[RACE_JOBS];
	size_t n;
	int error;
};

/* Claim and finish until no job is waiting. */
static void *race(void *arg)
{
	struct racer *r = arg;
	mc_store *s = NULL;
	char *err = NULL;
	int misses = 0;

	if (mc_store_open(&s, r->location, NULL, &err) != 0) {
		r->error = -1;
		free(err);
	}
	pthread_barrier_wait(r->start);
	if (!s)
		return NULL;
	while (misses < 3) {
		mc_job *j = NULL;
		int error = s->jobs->claim(s, &j, r->node, 60, NULL);

		if (error == MC_ENOTFOUND) {
			/* PostgreSQL may answer "none" when the row it
			 * picked was claimed meanwhile: look again. */
			misses++;
			continue;
		}
		if (error || r->n == RACE_JOBS) {
			r->error = error ? error : -2;
			mc_job_free(j);
			break;
		}
		misses = 0;
		r->claimed[r->n++] = strdup(j->id);
		r->error =
		    s->jobs->finish(s, j->id, r->node, MC_JOB_DONE, 1, 1, NULL);
		mc_job_free(j);
		if (r->error)
			break;
	}
	mc_store_free(s);
	return NULL;
}

/* Two nodes with a handle each claiming from 50 queued jobs at once:
 * every job claimed exactly once. */
static void test_two_nodes_claim_each_once(void **state)
{
	struct fixture *f = *state;
	pthread_barrier_t start;
	struct racer a = {f->location, &start, "node-a", {NULL}, 0, 0};
	struct racer b = {f->location, &start, "node-b", {NULL}, 0, 0};
	pthread_t ta, tb;
	char id[16];
	size_t i, k;

	for (i = 0; i < RACE_JOBS; i++) {
		snprintf(id, sizeof(id), "j-%02zu", i);
		enqueue_raw(f->s, id, "test");
	}
	assert_int_equal(pthread_barrier_init(&start, NULL, 2), 0);
	assert_int_equal(pthread_create(&ta, NULL, race, &a), 0);
	assert_int_equal(pthread_create(&tb, NULL, race, &b), 0);
	assert_int_equal(pthread_join(ta, NULL), 0);
	assert_int_equal(pthread_join(tb, NULL), 0);
	pthread_barrier_destroy(&start);
	assert_int_equal(a.error, 0);
	assert_int_equal(b.error, 0);
	print_message("node-a claimed %zu, node-b %zu\n", a.n, b.n);
	assert_int_equal(a.n + b.n, RACE_JOBS);
	for (i = 0; i < a.n; i++)
		for (k = 0; k < b.n; k++)
			assert_string_not_equal(a.claimed[i], b.claimed[k]);
	assert_int_equal(query(f, "SELECT count(*) FROM jobs WHERE claims = 1"
				  " AND state = 'done'"),
			 RACE_JOBS);
	for (i = 0; i < a.n; i++)
		free(a.claimed[i]);
	for (i = 0; i < b.n; i++)
		free(b.claimed[i]);
}

/* ---- running ------------------------------------------------------------ */

/* A roster job run to its end: partial with its rejected row, counts
 * and problems in the JSON the API shows. */
static void test_run_roster(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_job_run_options o = MC_JOB_RUN_OPTIONS_INIT;
	const char csv[] = "name,email\nAda,ada@example.org\n"
			   ",nobody@example.org\nBob,bob@example.org\n";
	char id[19], *ran_id = NULL, *text = NULL;
	json_t *doc;
	mc_job *j;
	int ran = 0;

	enqueue(s, id, csv);
	o.node = "node-a";
	assert_int_equal(mc_job_claim_and_run(s, &ran, &ran_id, &o), 0);
	assert_int_equal(ran, 1);
	assert_string_equal(ran_id, id);
	free(ran_id);
	j = get(s, id);
	assert_int_equal(j->state, MC_JOB_PARTIAL);
	assert_int_equal(j->done, 3);
	assert_int_equal(j->total, 3);
	assert_int_equal(mc_job_to_json(&text, j), 0);
	doc = json_loads(text, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "status")),
			    "partial");
	assert_string_equal(json_string_value(json_object_get(doc, "mc")),
			    MC_ID);
	assert_int_equal(json_integer_value(json_object_get(doc, "issued")), 2);
	assert_int_equal(json_integer_value(json_object_get(doc, "rejected")),
			 1);
	assert_int_equal(
	    json_integer_value(json_object_get(
		json_array_get(json_object_get(doc, "problems"), 0), "line")),
	    3);
	assert_null(json_object_get(doc, "error"));
	/* the keys in the order the API has always shown them */
	assert_true(strstr(text, "\"id\"") < strstr(text, "\"status\""));
	assert_true(strstr(text, "\"rejected\"") <
		    strstr(text, "\"problems\""));
	json_decref(doc);
	free(text);
	mc_job_free(j);
	assert_int_equal(query(f, "SELECT count(*) FROM credentials"), 2);
	/* the audit entries record the requester's address */
	assert_int_equal(query(f, "SELECT count(*) FROM audit WHERE action ="
				  " 'credential.issue' AND client ="
				  " '203.0.113.7'"),
			 2);

	/* nothing waiting */
	assert_int_equal(mc_job_claim_and_run(s, &ran, NULL, &o), 0);
	assert_int_equal(ran, 0);
}

/* A roster job that cannot be issued (no such MC version any more) and
 * one of an unknown kind end failed, with their reason. */
static void test_run_failed(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	char id[19], *text = NULL, *csv = roster(2);
	mc_job *j;
	int ran = 0;

	assert_int_equal(mc_job_enqueue_roster(s, id, sizeof(id), "no-such-mc",
					       0, csv, strlen(csv), NULL, NULL,
					       NULL, NULL),
			 MC_ENOTFOUND);
	assert_int_equal(mc_job_enqueue_roster(s, id, sizeof(id), MC_ID, 9, csv,
					       strlen(csv), NULL, NULL, NULL,
					       NULL),
			 MC_ENOTFOUND);
	enqueue_raw(s, "j-odd", "teleport");
	assert_int_equal(mc_job_claim_and_run(s, &ran, NULL, NULL), 0);
	assert_int_equal(ran, 1);
	j = get(s, "j-odd");
	assert_int_equal(j->state, MC_JOB_FAILED);
	assert_int_equal(mc_job_to_json(&text, j), 0);
	assert_non_null(strstr(text, "\"error\": \"kind: 'teleport'"));
	free(text);
	mc_job_free(j);

	/* a roster of version 2 that was retired after it was enqueued */
	enqueue(s, id, csv);
	assert_int_equal(
	    s->catalogue->mc_set_status(s, MC_ID, 2, MC_STATUS_RETIRED), 0);
	assert_int_equal(mc_job_claim_and_run(s, &ran, NULL, NULL), 0);
	j = get(s, id);
	assert_int_equal(j->state, MC_JOB_FAILED);
	assert_int_equal(mc_job_to_json(&text, j), 0);
	assert_non_null(strstr(text, "\"error\""));
	free(text);
	mc_job_free(j);
	assert_int_equal(query(f, "SELECT count(*) FROM credentials"), 0);
	free(csv);
}

#define TAKEOVER_LEARNERS 200
#define TAKEOVER_BATCH	  50

/* Node A's progress: stop after its first batch, as if it died. */
static int die_after_first_batch(const char *job_id, size_t done, size_t total,
				 void *payload)
{
	size_t *batches = payload;

	(void)job_id;
	(void)done;
	(void)total;
	++*batches;
	return 1;
}

/* Node A claims a roster job of 200 learners and dies after its first
 * batch (no more heartbeats, its handle dropped, the job not finished);
 * node B takes it over when the lease runs out and completes it: every
 * learner issued exactly once, the job done. */
static void test_roster_takeover(void **state)
{
	struct fixture *f = *state;
	mc_store *a = open_at(f->location), *b = open_at(f->location);
	mc_job_run_options oa = MC_JOB_RUN_OPTIONS_INIT;
	mc_job_run_options ob = MC_JOB_RUN_OPTIONS_INIT;
	char id[19], *csv = roster(TAKEOVER_LEARNERS), *text = NULL;
	size_t batches = 0;
	long long issued_by_a;
	json_t *doc;
	mc_job *j;
	int ran = 0;

	enqueue(f->s, id, csv);
	oa.node = "node-a";
	/* Long enough that closing A and reading the job back, on a loaded
	 * machine, stay inside it: B must find nothing until it runs out. */
	oa.lease = 4;
	oa.batch = TAKEOVER_BATCH;
	oa.progress = die_after_first_batch;
	oa.payload = &batches;
	assert_int_equal(mc_job_claim_and_run(a, &ran, NULL, &oa), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(batches, 1);
	mc_store_free(a); /* node A is gone */

	j = get(f->s, id);
	assert_int_equal(j->state, MC_JOB_RUNNING);
	assert_string_equal(j->node, "node-a");
	assert_int_equal(j->done, TAKEOVER_BATCH);
	assert_int_equal(j->total, TAKEOVER_LEARNERS);
	mc_job_free(j);
	issued_by_a = query(f, "SELECT count(*) FROM credentials");
	assert_true(issued_by_a >= TAKEOVER_BATCH);
	assert_true(issued_by_a < TAKEOVER_LEARNERS);

	/* B finds nothing while A's lease runs, then takes the job over */
	ob.node = "node-b";
	ob.batch = TAKEOVER_BATCH;
	assert_int_equal(mc_job_claim_and_run(b, &ran, NULL, &ob), 0);
	assert_int_equal(ran, 0);
	sleep(5);
	assert_int_equal(mc_job_claim_and_run(b, &ran, NULL, &ob), 0);
	assert_int_equal(ran, 1);

	j = get(f->s, id);
	assert_int_equal(j->state, MC_JOB_DONE);
	assert_string_equal(j->node, "node-b");
	assert_int_equal(j->claims, 2);
	assert_int_equal(j->done, TAKEOVER_LEARNERS);
	assert_int_equal(mc_job_to_json(&text, j), 0);
	doc = json_loads(text, 0, NULL);
	assert_int_equal(
	    json_integer_value(json_object_get(doc, "issued")) +
		json_integer_value(json_object_get(doc, "existing")),
	    TAKEOVER_LEARNERS);
	assert_int_equal(json_integer_value(json_object_get(doc, "existing")),
			 issued_by_a);
	json_decref(doc);
	free(text);
	mc_job_free(j);

	/* every learner exactly once */
	assert_int_equal(query(f, "SELECT count(*) FROM credentials"),
			 TAKEOVER_LEARNERS);
	assert_int_equal(
	    query(f, "SELECT count(DISTINCT learner_key) FROM credentials"),
	    TAKEOVER_LEARNERS);
	assert_int_equal(query(f, "SELECT count(*) FROM audit WHERE action ="
				  " 'credential.issue'"),
			 TAKEOVER_LEARNERS);
	mc_store_free(b);
	free(csv);
}

/* A node shutting down: `stopping` puts the job back in the queue, and
 * another node claims it at once and completes it. */
static int shutting_down(void *payload)
{
	(void)payload;
	return 1;
}

static void test_roster_release(void **state)
{
	struct fixture *f = *state;
	mc_job_run_options oa = MC_JOB_RUN_OPTIONS_INIT;
	mc_job_run_options ob = MC_JOB_RUN_OPTIONS_INIT;
	char id[19], *csv = roster(TAKEOVER_LEARNERS);
	mc_job *j;
	int ran = 0;

	enqueue(f->s, id, csv);
	oa.node = "node-a";
	oa.batch = TAKEOVER_BATCH;
	oa.stopping = shutting_down;
	assert_int_equal(mc_job_claim_and_run(f->s, &ran, NULL, &oa), 0);
	assert_int_equal(ran, 1);
	j = get(f->s, id);
	assert_int_equal(j->state, MC_JOB_QUEUED);
	assert_null(j->lease_until);
	assert_true(j->done >= TAKEOVER_BATCH);
	mc_job_free(j);
	assert_true(query(f, "SELECT count(*) FROM credentials") <
		    TAKEOVER_LEARNERS);

	ob.node = "node-b";
	assert_int_equal(mc_job_claim_and_run(f->s, &ran, NULL, &ob), 0);
	assert_int_equal(ran, 1);
	j = get(f->s, id);
	assert_int_equal(j->state, MC_JOB_DONE);
	assert_int_equal(j->claims, 2);
	mc_job_free(j);
	assert_int_equal(query(f, "SELECT count(*) FROM credentials"),
			 TAKEOVER_LEARNERS);
	free(csv);
}

/* Node A hangs after its first batch past its lease, then wakes and goes
 * on issuing while node B, which took the job over, issues the same
 * roster: A stops at its next heartbeat without touching the job, B
 * completes it (running the roster again if it lost a learner to A), and
 * every learner is issued once. */
struct sleeper {
	const char *location;
	pthread_mutex_t lock;
	pthread_cond_t hung_cond;
	int hung;  /* A is past its first batch, asleep */
	int error; /* of A's mc_job_claim_and_run */
	int ran;
};

static int hang_once(const char *job_id, size_t done, size_t total,
		     void *payload)
{
	struct sleeper *z = payload;
	int first;

	(void)job_id;
	(void)done;
	(void)total;
	pthread_mutex_lock(&z->lock);
	first = !z->hung;
	z->hung = 1;
	pthread_cond_signal(&z->hung_cond);
	pthread_mutex_unlock(&z->lock);
	if (first)
		sleep(3); /* past the lease of 1 second */
	return 0;
}

static void *node_a(void *arg)
{
	struct sleeper *z = arg;
	mc_job_run_options o = MC_JOB_RUN_OPTIONS_INIT;
	mc_store *a = open_at(z->location);

	o.node = "node-a";
	o.lease = 1;
	o.batch = TAKEOVER_BATCH;
	o.progress = hang_once;
	o.payload = z;
	z->error = mc_job_claim_and_run(a, &z->ran, NULL, &o);
	mc_store_free(a);
	return NULL;
}

static void test_roster_zombie(void **state)
{
	struct fixture *f = *state;
	struct sleeper z;
	mc_job_run_options ob = MC_JOB_RUN_OPTIONS_INIT;
	mc_store *b = open_at(f->location);
	char id[19], *csv = roster(TAKEOVER_LEARNERS), *text = NULL;
	pthread_t ta;
	json_t *doc;
	mc_job *j;
	int ran = 0;

	memset(&z, 0, sizeof(z));
	z.location = f->location;
	pthread_mutex_init(&z.lock, NULL);
	pthread_cond_init(&z.hung_cond, NULL);
	enqueue(f->s, id, csv);
	assert_int_equal(pthread_create(&ta, NULL, node_a, &z), 0);
	pthread_mutex_lock(&z.lock);
	while (!z.hung)
		pthread_cond_wait(&z.hung_cond, &z.lock);
	pthread_mutex_unlock(&z.lock);
	sleep(2); /* A's lease runs out */

	ob.node = "node-b";
	ob.batch = TAKEOVER_BATCH;
	assert_int_equal(mc_job_claim_and_run(b, &ran, NULL, &ob), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(pthread_join(ta, NULL), 0);
	assert_int_equal(z.error, 0);
	assert_int_equal(z.ran, 1);

	j = get(f->s, id);
	assert_int_equal(j->state, MC_JOB_DONE);
	assert_string_equal(j->node, "node-b");
	assert_int_equal(mc_job_to_json(&text, j), 0);
	doc = json_loads(text, 0, NULL);
	assert_int_equal(
	    json_integer_value(json_object_get(doc, "issued")) +
		json_integer_value(json_object_get(doc, "existing")),
	    TAKEOVER_LEARNERS);
	json_decref(doc);
	free(text);
	mc_job_free(j);
	assert_int_equal(query(f, "SELECT count(*) FROM credentials"),
			 TAKEOVER_LEARNERS);
	assert_int_equal(query(f, "SELECT count(*) FROM audit WHERE action ="
				  " 'credential.issue'"),
			 TAKEOVER_LEARNERS);
	pthread_cond_destroy(&z.hung_cond);
	pthread_mutex_destroy(&z.lock);
	mc_store_free(b);
	free(csv);
}

/* A node that lost the race for a learner to another writer (a node still
 * issuing after its lease ran out) runs the roster again instead of
 * failing the job.  Another handle issues learner 1 in a transaction it
 * holds open while node B starts the job: on PostgreSQL, B looks for
 * learner 1, finds nothing committed, waits for the other's lock, and its
 * insert then meets the other's row (MC_EEXISTS); SQLite's one writer
 * makes B wait before it looks. */
struct runner {
	const char *location;
	int error, ran;
};

static void *node_b(void *arg)
{
	struct runner *n = arg;
	mc_job_run_options o = MC_JOB_RUN_OPTIONS_INIT;
	mc_store *b = open_at(n->location);

	o.node = "node-b";
	o.batch = TAKEOVER_BATCH;
	n->error = mc_job_claim_and_run(b, &n->ran, NULL, &o);
	mc_store_free(b);
	return NULL;
}

static void test_roster_lost_race(void **state)
{
	struct fixture *f = *state;
	struct runner n = {f->location, 0, 0};
	mc_learner l = {"Learner 1", "l1@example.org", NULL, NULL, NULL};
	mc_store *z = open_at(f->location);
	mc_credential *c = NULL;
	char id[19], *csv = roster(TAKEOVER_LEARNERS), *text = NULL;
	pthread_t tb;
	json_t *doc;
	mc_job *j;
	int i;

	enqueue(f->s, id, csv);
	assert_int_equal(z->core->begin(z), 0);
	assert_int_equal(mc_credential_issue(z, &c, MC_ID, 0, &l, NULL, NULL),
			 0);
	assert_int_equal(c->created, 1);
	mc_credential_free(c);
	assert_int_equal(pthread_create(&tb, NULL, node_b, &n), 0);
	if (strcmp(backend_->name, "postgresql") == 0) {
		/* until B waits for the other's lock */
		for (i = 0; i < 200; i++) {
			if (query(f, "SELECT count(*) FROM pg_stat_activity"
				     " WHERE wait_event_type = 'Lock'"
				     " AND datname = current_database()") > 0)
				break;
			usleep(50 * 1000);
		}
		assert_true(i < 200);
	} else {
		sleep(1);
	}
	assert_int_equal(z->core->commit(z), 0);
	assert_int_equal(pthread_join(tb, NULL), 0);
	assert_int_equal(n.error, 0);
	assert_int_equal(n.ran, 1);

	j = get(f->s, id);
	assert_int_equal(j->state, MC_JOB_DONE);
	assert_int_equal(mc_job_to_json(&text, j), 0);
	doc = json_loads(text, 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(doc, "issued")),
			 TAKEOVER_LEARNERS - 1);
	assert_int_equal(json_integer_value(json_object_get(doc, "existing")),
			 1);
	json_decref(doc);
	free(text);
	mc_job_free(j);
	assert_int_equal(query(f, "SELECT count(*) FROM credentials"),
			 TAKEOVER_LEARNERS);
	mc_store_free(z);
	free(csv);
}

/* A job claimed MC_JOB_CLAIMS_MAX times without finishing is given up at
 * its next claim: failed with the reason, its roster not run again. */
static void test_claims_max(void **state)
{
	struct fixture *f = *state;
	mc_store *s = f->s;
	mc_job_run_options o = MC_JOB_RUN_OPTIONS_INIT;
	char id[19], *text = NULL, *csv = roster(2);
	json_t *doc;
	mc_job *j;
	unsigned i;
	int ran = 0;

	enqueue(s, id, csv);
	for (i = 0; i < MC_JOB_CLAIMS_MAX; i++) {
		assert_int_equal(s->jobs->claim(s, &j, "node-x", 60, NULL), 0);
		assert_int_equal(j->claims, i + 1);
		mc_job_free(j);
		assert_int_equal(s->jobs->release(s, id, "node-x"), 0);
	}
	o.node = "node-a";
	assert_int_equal(mc_job_claim_and_run(s, &ran, NULL, &o), 0);
	assert_int_equal(ran, 1);
	j = get(s, id);
	assert_int_equal(j->state, MC_JOB_FAILED);
	assert_int_equal(mc_job_to_json(&text, j), 0);
	doc = json_loads(text, 0, NULL);
	assert_non_null(strstr(json_string_value(json_object_get(doc, "error")),
			       "given up after"));
	json_decref(doc);
	free(text);
	mc_job_free(j);
	assert_int_equal(query(f, "SELECT count(*) FROM credentials"), 0);
	free(csv);
}

#define JOBS_CASE(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

/* Run every case on `backend`; cmocka's exit status. */
static int jobs_cases_run(const struct jobs_backend *backend, const char *group)
{
	const struct CMUnitTest tests[] = {
	    JOBS_CASE(test_enqueue_claim_finish),
	    JOBS_CASE(test_lease_takeover),
	    JOBS_CASE(test_order_kinds_release),
	    JOBS_CASE(test_two_nodes_claim_each_once),
	    JOBS_CASE(test_run_roster),
	    JOBS_CASE(test_run_failed),
	    JOBS_CASE(test_roster_takeover),
	    JOBS_CASE(test_roster_release),
	    JOBS_CASE(test_roster_zombie),
	    JOBS_CASE(test_roster_lost_race),
	    JOBS_CASE(test_claims_max),
	};

	backend_ = backend;
	return _cmocka_run_group_tests(
	    group, tests, sizeof(tests) / sizeof(tests[0]), NULL, NULL);
}

#endif
