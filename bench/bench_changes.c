/*
 * The change counters' cost (schema v7, mc_store_changes()): a read of one
 * topic's counter and of the server cache's five topics against PRAGMA
 * data_version (what the server's cache read before), and an audit entry
 * written with the counting triggers against one written without them.  Best of
 * three interleaved rounds; prints each figure with its ratio to the baseline.
 *
 * Usage: bench_changes [READS]   (default 200000; writes are READS / 20)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "microcred/store.h"
#include "store/store.h"
#include "store/store_sqlite.h"

#define CACHE_TOPICS                                                           \
	(MC_STORE_SETTINGS | MC_STORE_CATALOGUE | MC_STORE_ESCO |              \
	 MC_STORE_KEYS | MC_STORE_POLICY)

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* PRAGMA data_version on the store's own connection, prepared once. */
static sqlite3_stmt *st;

/* One read of the baseline. */
static int data_version(mc_store *s)
{
	int rc;

	if (!st && sqlite3_prepare_v2(mc__sq(s)->db, "PRAGMA data_version", -1,
				      &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Nanoseconds per read: 0 data_version, else mc_store_changes(topics). */
static double reads(mc_store *s, unsigned topics, int n)
{
	uint64_t c;
	double t0 = now();
	int i;

	for (i = 0; i < n; i++)
		if ((topics ? mc_store_changes(s, topics, &c)
			    : data_version(s)) < 0) {
			fprintf(stderr, "read: %s\n", mc_store_errmsg(s));
			exit(1);
		}
	return (now() - t0) / n * 1e9;
}

/* Microseconds per audit entry, each in its own transaction. */
static double writes(mc_store *s, int n)
{
	double t0 = now();
	int i;

	for (i = 0; i < n; i++)
		if (s->audit->add(s, "bench", "bench.write", "x", NULL, NULL)) {
			fprintf(stderr, "write: %s\n", mc_store_errmsg(s));
			exit(1);
		}
	return (now() - t0) / n * 1e6;
}

static double best(double a, double b)
{
	return a < b ? a : b;
}

/* Drop or restore the audit table's counting triggers. */
static void audit_triggers(mc_store *s, int on)
{
	const char *sql =
	    on ? "CREATE TRIGGER changes_audit_ins AFTER INSERT ON audit"
		 " BEGIN UPDATE changes SET counter = counter + 1"
		 " WHERE topic = 'audit'; END"
	       : "DROP TRIGGER changes_audit_ins";

	if (sqlite3_exec(mc__sq(s)->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "triggers: %s\n",
			sqlite3_errmsg(mc__sq(s)->db));
		exit(1);
	}
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 200000, round;
	double dv = 1e30, one = 1e30, five = 1e30, w_on = 1e30, w_off = 1e30;
	char path[64], side[80];
	mc_store *s = NULL;
	int fd;

	if (n < 20)
		n = 20;
	snprintf(path, sizeof(path), "/tmp/mc-bench-changes-XXXXXX");
	if ((fd = mkstemp(path)) < 0)
		return 1;
	close(fd);
	unlink(path);
	if (mc_store_open(&s, path, NULL, NULL) < 0)
		return 1;
	writes(s, n / 20); /* a log of some size, the statements prepared */
	for (round = 0; round < 3; round++) {
		dv = best(dv, reads(s, 0, n));
		one = best(one, reads(s, MC_STORE_CATALOGUE, n));
		five = best(five, reads(s, CACHE_TOPICS, n));
		w_on = best(w_on, writes(s, n / 20));
		audit_triggers(s, 0);
		w_off = best(w_off, writes(s, n / 20));
		audit_triggers(s, 1);
	}
	printf("read  PRAGMA data_version      %8.0f ns   1.00\n", dv);
	printf("read  changes, one topic       %8.0f ns   %.2f\n", one,
	       one / dv);
	printf("read  changes, cache's topics  %8.0f ns   %.2f\n", five,
	       five / dv);
	printf("write audit entry, no counter  %8.1f us   1.00\n", w_off);
	printf("write audit entry, counted     %8.1f us   %.2f\n", w_on,
	       w_on / w_off);
	sqlite3_finalize(st);
	mc_store_free(s);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	return 0;
}
