/*
 * bench_search_pg: search latency of the PostgreSQL backend against the
 * SQLite backend on the same generated catalogue, in one run.
 *
 * The catalogue is bench_catalogue's (the same generator, seed and
 * documents: Zipf-distributed pseudo-words in six scripts), imported with
 * mc_catalogue_import() into a SQLite file and into a new PostgreSQL
 * database.  The same queries (one or two words, common to rare) then go
 * through mc_catalogue_search() on both with the default options
 * (published, limit 20), and again with facets; a query's time is the
 * best of ROUNDS interleaved rounds of wall-clock time (PostgreSQL's work
 * happens in its server process, so thread CPU time would not see it).
 * Printed: median and p99 on each backend and the PostgreSQL/SQLite
 * ratios; the bench fails when a query's total differs between backends,
 * and counts the queries whose 20 hits come in the same order on both
 * (the rankings differ by design: bm25 against ts_rank_cd).
 *
 * usage: bench_search_pg [N_MCS] [N_QUERIES]   (defaults 100000, 300)
 * PostgreSQL: the server of MICROCRED_TEST_PG (a libpq URL, as
 * tests/pg/README.md makes; its user must be allowed CREATE DATABASE);
 * the database bench_search_<pid> is made there and dropped at the end,
 * as is the SQLite file (both kept, and named, when BENCH_SEARCH_PG_KEEP
 * is set).
 * BENCH_SEARCH_PG_REUSE="SQLITE_FILE POSTGRESQL_URL" searches the stores
 * an earlier run of the same N left (kept, or that run stopped after its
 * import) instead of importing: the queries are the same.
 */
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_catalogue_gen.h"
#include "microcred/microcred.h"

#define LIMIT  20
#define ROUNDS 3

/* ---- the catalogue on both backends ------------------------------------ */

static int orgs(mc_store *store)
{
	char buf[4096];
	size_t len = 0;
	mc_import_report r;
	mc_problems p = MC_PROBLEMS_INIT;
	int l, error;

	len += (size_t)snprintf(buf, sizeof(buf), "{\"organisations\": [");
	for (l = 0; l < NLANG; l++)
		len += (size_t)snprintf(
		    buf + len, sizeof(buf) - len,
		    "%s{\"id\": \"bench-%s\", \"name\": {\"en\": \"Bench "
		    "provider %s\"}, \"country\": \"%s\", \"type\": "
		    "\"vet_provider\"}",
		    l ? ", " : "", langs[l], langs[l], countries[l]);
	snprintf(buf + len, sizeof(buf) - len, "]}");
	error = mc_catalogue_import(store, &r, buf, strlen(buf), "orgs", &p);
	mc_problems_clear(&p);
	return error;
}

/* Run `sql` on `url`; 0 or -1 with libpq's reason printed. */
static int pg_run(const char *url, const char *sql)
{
	PGconn *conn = PQconnectdb(url);
	PGresult *res = NULL;
	int rc = -1;

	if (PQstatus(conn) != CONNECTION_OK)
		fprintf(stderr, "%s", PQerrorMessage(conn));
	else if (PQresultStatus(res = PQexec(conn, sql)) != PGRES_COMMAND_OK)
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
	else
		rc = 0;
	PQclear(res);
	PQfinish(conn);
	return rc;
}

/* `url` with its database (the path after "postgresql://host/") made
 * `db`, into buf.  Returns 0 or -1. */
static int pg_url_db(char *buf, size_t size, const char *url, const char *db)
{
	const char *scheme = strstr(url, "://"), *path, *query;

	if (!scheme)
		return -1;
	path = strchr(scheme + 3, '/');
	if (!path)
		return -1;
	query = strchr(path, '?');
	return snprintf(buf, size, "%.*s/%s%s", (int)(path - url), url, db,
			query ? query : "") < (int)size
		   ? 0
		   : -1;
}

/* ---- search on both ------------------------------------------------------ */

struct hits {
	size_t total, count;
	char id[LIMIT][32];
};

static int run(struct hits *h, mc_store *store, const char *query,
	       const char *lang, int facets)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	size_t i;

	o.query = query;
	o.lang = lang;
	o.limit = LIMIT;
	o.facets = facets;
	if (mc_catalogue_search(store, &r, &o) < 0) {
		fprintf(stderr, "%s: search '%s': %s\n",
			mc_store_backend(store), query, mc_store_errmsg(store));
		return -1;
	}
	h->total = r->total;
	h->count = r->count;
	for (i = 0; i < r->count && i < LIMIT; i++)
		snprintf(h->id[i], sizeof(h->id[i]), "%s", r->hits[i].id);
	mc_search_result_free(r);
	return 0;
}

/*
 * Each query on both stores, ROUNDS interleaved rounds after one untimed
 * warm-up round that also compares the answers.  lat[b * nq + k] gets
 * the best wall-clock time of query k on store b.  Returns 0 or -1.
 */
static int measure(mc_store *stores[2], char **queries, int nq, int facets,
		   double *lat, int *same_order)
{
	int round, k, b;

	*same_order = 0;
	for (round = -1; round < ROUNDS; round++)
		for (k = 0; k < nq; k++) {
			struct hits h[2];

			for (b = 0; b < 2; b++) {
				int which = (b + k + round + 2) % 2;
				double t0 = now(), t;

				if (run(&h[which], stores[which], queries[k],
					langs[k % NLANG], facets) < 0)
					return -1;
				t = now() - t0;
				if (round == 0 ||
				    (round > 0 && t < lat[which * nq + k]))
					lat[which * nq + k] = t;
			}
			if (round != -1)
				continue;
			if (h[0].total != h[1].total) {
				fprintf(stderr,
					"search '%s': SQLite finds %zu, "
					"PostgreSQL %zu\n",
					queries[k], h[0].total, h[1].total);
				return -1;
			}
			if (h[0].count == h[1].count) {
				size_t i;

				for (i = 0; i < h[0].count; i++)
					if (strcmp(h[0].id[i], h[1].id[i]))
						break;
				*same_order += i == h[0].count;
			}
		}
	return 0;
}

static int report(mc_store *stores[2], char **queries, int nq, int facets)
{
	double *lat = calloc((size_t)nq * 2, sizeof(*lat));
	double med[2], p99[2];
	int same_order, b;

	if (!lat || measure(stores, queries, nq, facets, lat, &same_order)) {
		free(lat);
		return -1;
	}
	for (b = 0; b < 2; b++)
		stats(lat + b * nq, nq, &med[b], &p99[b]);
	printf("search%s: SQLite median %.3f ms p99 %.3f ms; PostgreSQL "
	       "median %.3f ms p99 %.3f ms; PostgreSQL/SQLite median %.2fx "
	       "p99 %.2fx; same totals for all %d queries, same 20 hits in "
	       "the same order for %d\n",
	       facets ? " with facets" : "", med[0] * 1e3, p99[0] * 1e3,
	       med[1] * 1e3, p99[1] * 1e3, med[1] / med[0], p99[1] / p99[0], nq,
	       same_order);
	free(lat);
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	int nq = argc > 2 ? atoi(argv[2]) : 300;
	const char *base = getenv("MICROCRED_TEST_PG");
	const char *reuse = getenv("BENCH_SEARCH_PG_REUSE");
	const char *sqpath;
	char dbpath[] = "/tmp/bench_search_pg_XXXXXX", pgurl[2048], db[64],
	     sql[128];
	size_t cap = 64 * 1024 * CHUNK;
	char *chunk = malloc(cap), *one = malloc(65536), *msg = NULL;
	char **queries = NULL;
	mc_store *stores[2] = {NULL, NULL};
	double t_import[2] = {0, 0};
	int fd, b, k, rc = 1, made = 0;
	long i;

	if (n < 1 || nq < 1 || !chunk || !one)
		return 2;
	if (reuse && *reuse) {
		size_t len = strcspn(reuse, " ");

		if (len >= sizeof(dbpath) || !reuse[len])
			return 2;
		memcpy(dbpath, reuse, len);
		dbpath[len] = '\0';
		snprintf(pgurl, sizeof(pgurl), "%s", reuse + len + 1);
		sqpath = dbpath;
		make_vocab();
		for (i = 0; i < n; i++)
			make_mc(one, 65536, NULL, 0,
				i); /* the generator's state */
		if (mc_store_open(&stores[0], sqpath, NULL, &msg) < 0 ||
		    mc_store_open(&stores[1], pgurl, NULL, &msg) < 0) {
			fprintf(stderr, "open: %s\n", msg ? msg : "?");
			return 2;
		}
		printf("bench_search_pg: the %ld MCs of %s and %s, %d "
		       "queries\n",
		       n, sqpath, pgurl, nq);
		goto search;
	}
	if (!base || !*base) {
		fprintf(stderr, "bench_search_pg: set MICROCRED_TEST_PG to a "
				"PostgreSQL URL (tests/pg/README.md)\n");
		return 2;
	}
	if ((fd = mkstemp(dbpath)) < 0)
		return 2;
	close(fd);
	unlink(dbpath);
	snprintf(db, sizeof(db), "bench_search_%ld", (long)getpid());
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", db);
	if (pg_url_db(pgurl, sizeof(pgurl), base, db) || pg_run(base, sql))
		return 2;
	made = 1;
	make_vocab();
	if (mc_store_open(&stores[0], dbpath, NULL, &msg) < 0 ||
	    mc_store_open(&stores[1], pgurl, NULL, &msg) < 0) {
		fprintf(stderr, "open: %s\n", msg ? msg : "?");
		goto cleanup;
	}
	for (b = 0; b < 2; b++)
		if (mc_store_set_base_url(stores[b], "http://bench.test") < 0 ||
		    orgs(stores[b]) < 0) {
			fprintf(stderr, "setup: %s\n",
				mc_store_errmsg(stores[b]));
			goto cleanup;
		}
	printf("bench_search_pg: %ld MCs in %d languages, %d queries\n", n,
	       NLANG, nq);
	for (i = 0; i < n; i += CHUNK) {
		size_t len = 1;
		long j, end = i + CHUNK < n ? i + CHUNK : n;

		chunk[0] = '[';
		for (j = i; j < end; j++) {
			make_mc(one, 65536, NULL, 0, j);
			len += (size_t)snprintf(chunk + len, cap - len, "%s%s",
						j > i ? ",\n" : "", one);
		}
		snprintf(chunk + len, cap - len, "]");
		for (b = 0; b < 2; b++) {
			mc_import_report r;
			mc_problems p = MC_PROBLEMS_INIT;
			double t0 = now();
			int error = mc_catalogue_import(stores[b], &r, chunk,
							len + 1, "bench", &p);

			t_import[b] += now() - t0;
			mc_problems_clear(&p);
			if (error < 0) {
				fprintf(stderr, "import: %s\n",
					mc_store_errmsg(stores[b]));
				goto cleanup;
			}
		}
		if (isatty(2))
			fprintf(stderr, "\rimported %ld", end);
	}
	if (isatty(2))
		fprintf(stderr, "\n");
	printf("import: SQLite %.0f MCs/s, PostgreSQL %.0f MCs/s\n",
	       n / t_import[0], n / t_import[1]);

search:
	/* bench_catalogue's queries: one or two words of one language. */
	queries = calloc((size_t)nq, sizeof(*queries));
	for (k = 0; k < nq; k++) {
		char two[256];
		int l = k % NLANG;

		if (k % 3 == 2)
			snprintf(two, sizeof(two), "%s", word(l));
		else
			snprintf(two, sizeof(two), "%s %s", word(l), word(l));
		queries[k] = strdup(two);
	}
	if (report(stores, queries, nq, 0) == 0 &&
	    report(stores, queries, nq, 1) == 0)
		rc = 0;

cleanup:
	for (b = 0; b < 2; b++)
		mc_store_free(stores[b]);
	if (reuse && *reuse)
		goto freed;
	if (getenv("BENCH_SEARCH_PG_KEEP")) {
		printf("kept: BENCH_SEARCH_PG_REUSE=\"%s %s\"\n", dbpath,
		       pgurl);
		goto freed;
	}
	if (made) {
		snprintf(sql, sizeof(sql), "DROP DATABASE %s", db);
		pg_run(base, sql);
	}
	unlink(dbpath);
	for (k = 0; k < 2; k++) {
		char f[sizeof(dbpath) + 8];

		snprintf(f, sizeof(f), "%s%s", dbpath, k ? "-shm" : "-wal");
		unlink(f);
	}
freed:
	for (k = 0; queries && k < nq; k++)
		free(queries[k]);
	free(queries);
	free(chunk);
	free(one);
	free(msg);
	return rc;
}
