/*
 * The cost of a shared rate-limit take (mc_rate_take, the store's
 * rate_buckets) against the bucket in one process's memory that the
 * server used before (and still uses while the store cannot answer): the
 * same token bucket, a fixed table under a mutex.  Per backend, two
 * loads: 1,000 addresses taken from in turn (buckets that exist: one
 * upsert) and a spray of new addresses (a new row and a prune each).
 * Best of three interleaved rounds of wall time; each figure is printed
 * with its ratio to the memory bucket measured in the same run.
 *
 * Usage: bench_rate_limit [TAKES [POSTGRESQL-URL]]
 *   TAKES  takes per figure and round (default 2000; memory: x 100)
 *   URL    a PostgreSQL database (default $MICROCRED_TEST_PG); the bench
 *          works in a schema of its own there, dropped at the end.
 *          Without either, the PostgreSQL figures are skipped, saying so.
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "microcred/account.h"
#include "microcred/store.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- the memory bucket (as src/server/auth.c keeps it) ----------------- */

#define SLOTS 4096
#define PROBE 8

struct bucket {
	unsigned char addr[16];
	int used;
	double tokens, at;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct bucket table[SLOTS];

static unsigned memory_take(const unsigned char addr[16], unsigned budget)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	struct bucket *b, *pick = NULL;
	double t = now(), rate = budget / 60.0;
	unsigned wait = 0;
	size_t i;

	for (i = 0; i < 16; i++)
		h = (h ^ addr[i]) * 0x100000001b3ULL;
	pthread_mutex_lock(&lock);
	for (i = 0; i < PROBE; i++) {
		b = &table[(h + i) % SLOTS];
		if (b->used && memcmp(b->addr, addr, 16) == 0) {
			pick = b;
			break;
		}
		if (!pick || (pick->used && (!b->used || b->at < pick->at)))
			pick = b;
	}
	if (!pick->used || memcmp(pick->addr, addr, 16) != 0) {
		memcpy(pick->addr, addr, 16);
		pick->used = 1;
		pick->tokens = budget;
		pick->at = t;
	}
	pick->tokens += (t - pick->at) * rate;
	if (pick->tokens > budget)
		pick->tokens = budget;
	pick->at = t;
	if (pick->tokens >= 1.0)
		pick->tokens -= 1.0;
	else
		wait = (unsigned)((1.0 - pick->tokens) / rate) + 1;
	pthread_mutex_unlock(&lock);
	return wait;
}

/* ---- the loads -------------------------------------------------------- */

/* Address number i as ::ffff:10.x.y.z. */
static void address(unsigned char addr[16], uint32_t i)
{
	memset(addr, 0, 10);
	addr[10] = addr[11] = 0xff;
	addr[12] = 10;
	addr[13] = (unsigned char)(i >> 16);
	addr[14] = (unsigned char)(i >> 8);
	addr[15] = (unsigned char)i;
}

static uint32_t spray_next = 1000; /* new addresses from here on */

/* Microseconds a take: `n` takes on `s` (NULL: the memory bucket), of
 * 1,000 addresses in turn or (spray) each a new one. */
static double takes(mc_store *s, int n, int spray)
{
	unsigned char addr[16];
	unsigned wait;
	double t0 = now();
	int i;

	for (i = 0; i < n; i++) {
		address(addr, spray ? spray_next++ : (uint32_t)(i % 1000));
		if (!s) {
			wait = memory_take(addr, 1000000);
		} else if (mc_rate_take(s, &wait, MC_RATE_VERIFY, addr,
					1000000) != 0) {
			fprintf(stderr, "take: %s\n", mc_store_errmsg(s));
			exit(1);
		}
		if (wait) {
			fprintf(stderr, "take: refused, the budget is too "
					"small for the bench\n");
			exit(1);
		}
	}
	return (now() - t0) / n * 1e6;
}

/* ---- PostgreSQL: a schema of the bench's own -------------------------- */

/* libpq's notices ("drop cascades to ...") are not the bench's output. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int pg_run(const char *url, const char *sql)
{
	PGconn *conn = PQconnectdb(url);
	PGresult *res = NULL;
	int rc = -1;

	PQsetNoticeProcessor(conn, quiet, NULL);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "%s", PQerrorMessage(conn));
	} else {
		res = PQexec(conn, sql);
		if (PQresultStatus(res) == PGRES_COMMAND_OK)
			rc = 0;
		else
			fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
	}
	PQclear(res);
	PQfinish(conn);
	return rc;
}

static mc_store *open_or_die(const char *where)
{
	mc_store *s = NULL;
	char *err = NULL;

	if (mc_store_open(&s, where, NULL, &err) != 0) {
		fprintf(stderr, "%s: %s\n", where, err ? err : "?");
		exit(1);
	}
	return s;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2000;
	const char *base = argc > 2 ? argv[2] : getenv("MICROCRED_TEST_PG");
	char path[] = "/tmp/mc-bench-rate-XXXXXX", schema[40], url[4096],
	     sql[96], side[64];
	mc_store *sq, *pg = NULL;
	double mem = 1e9, sq_turn = 1e9, sq_spray = 1e9, pg_turn = 1e9,
	       pg_spray = 1e9, v;
	int fd, round;

	if (n < 10) {
		fprintf(stderr, "usage: bench_rate_limit [TAKES [URL]]\n");
		return 2;
	}
	if ((fd = mkstemp(path)) < 0) {
		perror("mkstemp");
		return 1;
	}
	close(fd);
	unlink(path);
	sq = open_or_die(path);
	if (base && *base) {
		snprintf(schema, sizeof(schema), "bench_rate_%ld",
			 (long)getpid());
		snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", schema);
		if (pg_run(base, sql) != 0)
			return 1;
		snprintf(url, sizeof(url), "%s%coptions=-csearch_path%%3D%s",
			 base, strchr(base, '?') ? '&' : '?', schema);
		pg = open_or_die(url);
	}

	for (round = 0; round < 3; round++) {
		if ((v = takes(NULL, 100 * n, 0)) < mem)
			mem = v;
		if ((v = takes(sq, n, 0)) < sq_turn)
			sq_turn = v;
		if ((v = takes(sq, n, 1)) < sq_spray)
			sq_spray = v;
		if (pg && (v = takes(pg, n, 0)) < pg_turn)
			pg_turn = v;
		if (pg && (v = takes(pg, n, 1)) < pg_spray)
			pg_spray = v;
	}

	printf("rate-limit take, best of 3 rounds (%d takes each; memory "
	       "%d)\n",
	       n, 100 * n);
	printf("  memory bucket (baseline)        %9.3f us\n", mem);
	printf("  SQLite, 1,000 addresses         %9.1f us  x%.0f\n", sq_turn,
	       sq_turn / mem);
	printf("  SQLite, a new address each      %9.1f us  x%.0f\n", sq_spray,
	       sq_spray / mem);
	if (pg) {
		printf("  PostgreSQL, 1,000 addresses     %9.1f us  x%.0f\n",
		       pg_turn, pg_turn / mem);
		printf("  PostgreSQL, a new address each  %9.1f us  x%.0f\n",
		       pg_spray, pg_spray / mem);
	} else {
		printf("  PostgreSQL: skipped (no URL given and "
		       "MICROCRED_TEST_PG unset)\n");
	}

	mc_store_free(sq);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	if (pg) {
		mc_store_free(pg);
		snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", schema);
		pg_run(base, sql);
	}
	return 0;
}
