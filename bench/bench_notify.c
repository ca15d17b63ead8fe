/*
 * bench_notify: what notices of changes (mc_store_listen(),
 * mc_store_wait_changes(), schema v9) save the server's cache and what
 * they cost, on PostgreSQL, in one run.
 *
 * 1. The freshness check before a cached read: asking the change
 *    counters of the cache's five topics (mc_store_changes(), one round
 *    trip: what every cached read did) against what a read does while
 *    the listener is live (two atomic loads, as src/server/cache.c), and
 *    SQLite's counter query for reference.  Nanoseconds per check, best
 *    of three rounds; ratios to the notified check.
 * 2. The delay from a commit to its notice: a writer handle commits a
 *    settings write (mc_store_set_base_url(), one statement) while a
 *    thread waits on a listening handle; per write, the time from the
 *    writer's call returning (committed) to the listener waking, and
 *    from the call starting.  Median and p99, with their ratios to the
 *    write's own time (median and p99).
 *
 * usage: bench_notify [CHECKS] [WRITES]   (defaults 20000, 500)
 * PostgreSQL: the server of MICROCRED_TEST_PG (a libpq URL, as
 * tests/pg/README.md makes; its user must be allowed CREATE DATABASE);
 * the database bench_notify_<pid> is made there and dropped at the end.
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "microcred/microcred.h"

#define CACHE_TOPICS                                                           \
	(MC_STORE_SETTINGS | MC_STORE_CATALOGUE | MC_STORE_ESCO |              \
	 MC_STORE_KEYS | MC_STORE_POLICY)

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Run `sql` on `url`; 0 or -1 (the reason on stderr). */
static int pg_run(const char *url, const char *sql)
{
	PGconn *conn = PQconnectdb(url);
	PGresult *res = NULL;
	int rc = -1;

	if (PQstatus(conn) != CONNECTION_OK)
		fprintf(stderr, "%s", PQerrorMessage(conn));
	else if (PQresultStatus(res = PQexec(conn, sql)) == PGRES_COMMAND_OK)
		rc = 0;
	else
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
	PQfinish(conn);
	return rc;
}

/* `base` (postgresql://AUTHORITY/NAME[?PARAMS]) with database `db`. */
static int url_with_db(char *out, size_t size, const char *base, const char *db)
{
	const char *p = strstr(base, "://"), *slash, *rest;
	int n;

	if (!p || !(slash = strchr(p + 3, '/')))
		return -1;
	rest = slash + 1 + strcspn(slash + 1, "?");
	n = snprintf(out, size, "%.*s%s%s", (int)(slash + 1 - base), base, db,
		     rest);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

/* ---- 1. the freshness check -------------------------------------------- */

static atomic_int notified = 1;
static atomic_ullong generation = 1;

/* Nanoseconds per check: store NULL is the notified check. */
static double checks(mc_store *store, long n)
{
	volatile unsigned long long sink = 0;
	uint64_t c;
	double t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		if (!store) {
			if (atomic_load(&notified))
				sink += atomic_load(&generation);
		} else if (mc_store_changes(store, CACHE_TOPICS, &c) < 0) {
			fprintf(stderr, "changes: %s\n",
				mc_store_errmsg(store));
			exit(1);
		}
	}
	(void)sink;
	return (now() - t0) / (double)n * 1e9;
}

static double min2(double a, double b)
{
	return a < b ? a : b;
}

/* ---- 2. commit to notice ------------------------------------------------ */

struct listener {
	mc_store *store;
	long n;
	double *woke; /* now() at each wake-up, in order */
	atomic_long seen;
};

static void *listen_thread(void *arg)
{
	struct listener *l = arg;
	unsigned got;
	int error;

	while (atomic_load(&l->seen) < l->n) {
		error = mc_store_wait_changes(l->store, &got, 5000);
		if (error == MC_ENOTFOUND)
			break; /* the writer stopped */
		if (error) {
			fprintf(stderr, "wait: %s\n",
				mc_store_errmsg(l->store));
			exit(1);
		}
		l->woke[atomic_load(&l->seen)] = now();
		atomic_fetch_add(&l->seen, 1);
	}
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile of sorted a[0..n). */
static double quantile(const double *a, long n, double q)
{
	long i = (long)(q * (double)(n - 1) + 0.5);

	return a[i < n ? i : n - 1];
}

int main(int argc, char **argv)
{
	long nchecks = argc > 1 ? atol(argv[1]) : 20000;
	long nwrites = argc > 2 ? atol(argv[2]) : 500;
	const char *base = getenv("MICROCRED_TEST_PG");
	char url[2048], db[64], sql[128], sqpath[] = "/tmp/bench_notify_XXXXXX",
					  key[64], value[64];
	mc_store *pg = NULL, *writer = NULL, *sq = NULL;
	struct listener l = {0};
	double poll_ns, note_ns, sq_ns, *start = NULL, *done = NULL,
					*after = NULL, *from = NULL,
					*own = NULL;
	char *msg = NULL;
	pthread_t t;
	int fd, round, rc = 1;
	long i;

	if (nchecks < 1 || nwrites < 2)
		return 2;
	if (!base || !*base) {
		fprintf(stderr, "bench_notify: set MICROCRED_TEST_PG to a "
				"PostgreSQL URL (tests/pg/README.md)\n");
		return 2;
	}
	snprintf(db, sizeof(db), "bench_notify_%ld", (long)getpid());
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", db);
	if (url_with_db(url, sizeof(url), base, db) || pg_run(base, sql))
		return 2;
	if ((fd = mkstemp(sqpath)) < 0)
		goto cleanup;
	close(fd);
	unlink(sqpath);
	if (mc_store_open(&pg, url, NULL, &msg) < 0 ||
	    mc_store_open(&writer, url, NULL, &msg) < 0 ||
	    mc_store_open(&l.store, url, NULL, &msg) < 0 ||
	    mc_store_open(&sq, sqpath, NULL, &msg) < 0) {
		fprintf(stderr, "open: %s\n", msg ? msg : "?");
		goto cleanup;
	}
	printf("bench_notify: PostgreSQL, %ld checks, %ld writes\n", nchecks,
	       nwrites);

	/* 1. Best of three interleaved rounds. */
	poll_ns = note_ns = sq_ns = 1e18;
	for (round = 0; round < 3; round++) {
		poll_ns = min2(poll_ns, checks(pg, nchecks));
		note_ns = min2(note_ns, checks(NULL, nchecks * 100));
		sq_ns = min2(sq_ns, checks(sq, nchecks));
	}
	printf("\nfreshness check before a cached read (ns per read, best of "
	       "3)\n");
	printf("  %-40s %12.1f  1.0x\n", "notified (listener live)", note_ns);
	printf("  %-40s %12.1f  %.0fx\n", "PostgreSQL: ask the counters",
	       poll_ns, poll_ns / note_ns);
	printf("  %-40s %12.1f  %.0fx\n", "SQLite: ask the counters", sq_ns,
	       sq_ns / note_ns);

	/* 2. Commit to notice. */
	start = calloc((size_t)nwrites, sizeof(double));
	done = calloc((size_t)nwrites, sizeof(double));
	after = calloc((size_t)nwrites, sizeof(double));
	from = calloc((size_t)nwrites, sizeof(double));
	own = calloc((size_t)nwrites, sizeof(double));
	l.woke = calloc((size_t)nwrites, sizeof(double));
	l.n = nwrites;
	if (!start || !done || !after || !from || !own || !l.woke ||
	    mc_store_listen(l.store, MC_STORE_SETTINGS) ||
	    pthread_create(&t, NULL, listen_thread, &l))
		goto cleanup;
	for (i = 0; i < nwrites; i++) {
		snprintf(value, sizeof(value), "https://n%ld.example", i);
		start[i] = now();
		if (mc_store_set_base_url(writer, value)) {
			fprintf(stderr, "write: %s\n", mc_store_errmsg(writer));
			goto cleanup;
		}
		done[i] = now();
		/* One notice at a time: wait for it before the next write. */
		while (atomic_load(&l.seen) <= i && now() - done[i] < 5)
			usleep(50);
		if (atomic_load(&l.seen) <= i) {
			fprintf(stderr, "write %ld: no notice within 5 s\n", i);
			goto cleanup;
		}
	}
	pthread_join(t, NULL);
	for (i = 0; i < nwrites; i++) {
		after[i] = (l.woke[i] - done[i]) * 1e6;
		from[i] = (l.woke[i] - start[i]) * 1e6;
		own[i] = (done[i] - start[i]) * 1e6;
	}
	qsort(after, (size_t)nwrites, sizeof(double), cmp);
	qsort(from, (size_t)nwrites, sizeof(double), cmp);
	qsort(own, (size_t)nwrites, sizeof(double), cmp);
	printf("\ncommit to notice (microseconds; ratios to the write's own "
	       "time)\n");
	printf("  %-40s %10s %10s\n", "", "median", "p99");
	printf("  %-40s %10.0f %10.0f  1.0x\n",
	       "the write itself (call to committed)",
	       quantile(own, nwrites, .5), quantile(own, nwrites, .99));
	printf("  %-40s %10.0f %10.0f  %.2fx / %.2fx\n",
	       "committed to listener awake", quantile(after, nwrites, .5),
	       quantile(after, nwrites, .99),
	       quantile(after, nwrites, .5) / quantile(own, nwrites, .5),
	       quantile(after, nwrites, .99) / quantile(own, nwrites, .99));
	printf("  %-40s %10.0f %10.0f  %.2fx / %.2fx\n",
	       "write call to listener awake", quantile(from, nwrites, .5),
	       quantile(from, nwrites, .99),
	       quantile(from, nwrites, .5) / quantile(own, nwrites, .5),
	       quantile(from, nwrites, .99) / quantile(own, nwrites, .99));
	rc = 0;

cleanup:
	mc_store_free(pg);
	mc_store_free(writer);
	mc_store_free(l.store);
	mc_store_free(sq);
	if (sqpath[0]) {
		snprintf(key, sizeof(key), "%s.key", sqpath);
		unlink(key);
		unlink(sqpath);
	}
	snprintf(sql, sizeof(sql), "DROP DATABASE %s WITH (FORCE)", db);
	pg_run(base, sql);
	free(start);
	free(done);
	free(after);
	free(from);
	free(own);
	free(l.woke);
	free(msg);
	return rc;
}
