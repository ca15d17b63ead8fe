/*
 * pg_test_db.h: a fresh PostgreSQL database for a unit test.
 *
 * Include it in a tests/unit/test_*.c that needs PostgreSQL; libpq comes
 * with the library's objects (PkgConfig::PQ), so nothing else is linked.
 *
 *   char *url = NULL;
 *   int rc = pg_test_db(&url);
 *   if (rc == PG_TEST_DB_SKIP) skip();  // PostgreSQL 15 not installed
 *   assert_int_equal(rc, 0);
 *   ... mc_store_open(url) or PQconnectdb(url) ...
 *   free(url);
 *
 * The database is empty (a copy of template1), named t_<random>, and
 * nobody else uses it, so tests and copies of the suite never collide.
 * It lives on the cluster MICROCRED_TEST_PG names (scripts/test starts
 * one for the whole run).  Without MICROCRED_TEST_PG (ctest by hand) the
 * first call starts a cluster of this process's own with
 * tests/pg/cluster.sh (found through MC_SOURCE_DIR, which ctest sets),
 * sets MICROCRED_TEST_PG to it and stops it at exit; its watchdog stops
 * it too should the test crash.  A database costs a few tenths of a
 * second: take one per test program or per group of cases, not per case.
 */
#ifndef MC_TEST_PG_TEST_DB_H
#define MC_TEST_PG_TEST_DB_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* pg_test_db()'s answer when PostgreSQL 15 is not installed here. */
#define PG_TEST_DB_SKIP 77

/* The cluster this process started (empty when none) and its script. */
struct pg_test_db_own_ {
	char dir[1024];
	char script[1024];
};

static inline struct pg_test_db_own_ *pg_test_db_own_(void)
{
	static struct pg_test_db_own_ own;
	return &own;
}

/* atexit: stop and remove the cluster this process started. */
static inline void pg_test_db_stop_(void)
{
	struct pg_test_db_own_ *own = pg_test_db_own_();
	char cmd[4200];

	if (!own->dir[0])
		return;
	snprintf(cmd, sizeof(cmd), "bash '%s' stop '%s'", own->script,
		 own->dir);
	if (system(cmd) != 0)
		fprintf(stderr,
			"pg_test_db: could not stop the cluster in %s\n",
			own->dir);
	own->dir[0] = '\0';
}

/*
 * Start a cluster of this process's own and set MICROCRED_TEST_PG.
 * Returns 0, PG_TEST_DB_SKIP when PostgreSQL is not installed, -1 on
 * failure; the reason is on stderr.
 */
static inline int pg_test_db_start_(void)
{
	struct pg_test_db_own_ *own = pg_test_db_own_();
	const char *src = getenv("MC_SOURCE_DIR");
	char cmd[1200], line[2048], url[2048] = "";
	FILE *out;
	int n, status;

	if (!src || strchr(src, '\'')) {
		fprintf(stderr,
			"pg_test_db: MICROCRED_TEST_PG is not set, and "
			"MC_SOURCE_DIR does not name the source tree to "
			"start a cluster from\n");
		return -1;
	}
	n = snprintf(own->script, sizeof(own->script), "%s/tests/pg/cluster.sh",
		     src);
	if (n < 0 || (size_t)n >= sizeof(own->script))
		return -1;
	snprintf(cmd, sizeof(cmd), "bash '%s' available", own->script);
	if (system(cmd) != 0)
		return PG_TEST_DB_SKIP; /* cluster.sh said why */

	/* The watchdog stops the cluster once this process is gone. */
	snprintf(cmd, sizeof(cmd), "PG_CLUSTER_OWNER=%ld bash '%s' start",
		 (long)getpid(), own->script);
	out = popen(cmd, "r");
	if (!out) {
		perror("pg_test_db: popen");
		return -1;
	}
	/* Lines "export NAME='VALUE'"; values have no quote (cluster.sh). */
	while (fgets(line, sizeof(line), out)) {
		char *value = strchr(line, '\''), *end;

		if (!value || !(end = strchr(value + 1, '\'')))
			continue;
		*end = '\0';
		if (strncmp(line, "export PG_CLUSTER_DIR=", 22) == 0)
			snprintf(own->dir, sizeof(own->dir), "%s", value + 1);
		else if (strncmp(line, "export MICROCRED_TEST_PG=", 25) == 0)
			snprintf(url, sizeof(url), "%s", value + 1);
	}
	status = pclose(out);
	if (own->dir[0])
		atexit(pg_test_db_stop_);
	if (status != 0 || !own->dir[0] || !url[0]) {
		fprintf(stderr, "pg_test_db: tests/pg/cluster.sh start failed "
				"(above)\n");
		return -1;
	}
	return setenv("MICROCRED_TEST_PG", url, 1) == 0 ? 0 : -1;
}

/*
 * Create an empty database t_<random> on the cluster of MICROCRED_TEST_PG
 * (starting one first when it is unset) and set *out to its libpq URL,
 * which the caller frees.  Returns 0; PG_TEST_DB_SKIP when PostgreSQL 15
 * is not installed here (skip the test); -1 on any other failure (fail
 * it).  The reason for either is printed on stderr.
 */
static inline int pg_test_db(char **out)
{
	const char *base, *path, *rest;
	char name[40], sql[80];
	unsigned char rnd[8];
	PGconn *conn = NULL;
	PGresult *res = NULL;
	FILE *urandom;
	size_t len, i;
	int rc = -1;

	*out = NULL;
	if (!getenv("MICROCRED_TEST_PG") && (rc = pg_test_db_start_()) != 0)
		return rc;
	rc = -1;
	base = getenv("MICROCRED_TEST_PG");
	/* postgresql://[authority]/DBNAME[?params]: DBNAME is replaced. */
	path = strstr(base, "://");
	if (!path || !(path = strpbrk(path + 3, "/?"))) {
		fprintf(stderr,
			"pg_test_db: MICROCRED_TEST_PG=%s: not a "
			"postgresql:// URL with a database\n",
			base);
		goto cleanup;
	}
	rest = *path == '?' ? path : path + strcspn(path, "?");

	urandom = fopen("/dev/urandom", "rb");
	if (!urandom || fread(rnd, 1, sizeof(rnd), urandom) != sizeof(rnd)) {
		fprintf(stderr, "pg_test_db: /dev/urandom: cannot read\n");
		if (urandom)
			fclose(urandom);
		goto cleanup;
	}
	fclose(urandom);
	memcpy(name, "t_", 3);
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(name + 2 + 2 * i, 3, "%02x", rnd[i]);

	conn = PQconnectdb(base);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "pg_test_db: %s: %s", base,
			PQerrorMessage(conn));
		goto cleanup;
	}
	/* FILE_COPY: half the time of the default WAL_LOG for template1. */
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s STRATEGY = FILE_COPY",
		 name);
	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "pg_test_db: %s: %s", sql,
			PQerrorMessage(conn));
		goto cleanup;
	}

	len = (size_t)(path - base) + 1 + strlen(name) + strlen(rest) + 1;
	*out = malloc(len);
	if (!*out)
		goto cleanup;
	snprintf(*out, len, "%.*s/%s%s", (int)(path - base), base, name, rest);
	rc = 0;

cleanup:
	PQclear(res);
	PQfinish(conn);
	return rc;
}

/**
 * Drop the database pg_test_db() made at `url` (NULL: nothing), from the
 * cluster of MICROCRED_TEST_PG, ending its sessions.  A failure is
 * printed, not fatal: the cluster is throwaway.
 */
static inline void pg_test_db_drop(const char *url)
{
	const char *base = getenv("MICROCRED_TEST_PG");
	const char *name, *end;
	char sql[128];
	PGconn *conn;
	PGresult *res;

	/* postgresql://[authority]/NAME[?params] */
	if (!url || !base || !(name = strstr(url, "://")) ||
	    !(name = strchr(name + 3, '/')))
		return;
	name++;
	end = name + strcspn(name, "?");
	snprintf(sql, sizeof(sql), "DROP DATABASE %.*s WITH (FORCE)",
		 (int)(end - name), name);
	conn = PQconnectdb(base);
	res = PQstatus(conn) == CONNECTION_OK ? PQexec(conn, sql) : NULL;
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fprintf(stderr, "pg_test_db: could not drop %.*s: %s",
			(int)(end - name), name, PQerrorMessage(conn));
	PQclear(res);
	PQfinish(conn);
}

#endif
