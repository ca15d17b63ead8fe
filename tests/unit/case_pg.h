/*
 * PostgreSQL databases for the backend-independent cases (store_cases.h,
 * jobs_cases.h, limits_cases.h): one database t_<random> for the run
 * (pg_test_db.h: on the cluster of MICROCRED_TEST_PG, or on a throwaway
 * cluster of this process's own when that is unset), dropped at the end;
 * each case gets a schema of its own in it (search_path in the connection
 * URL), which costs far less than a database per case.  The SQLite
 * counterpart is case_sqlite.h.
 *
 * A test program calls case_pg_begin() first (77: skip, PostgreSQL 15 is
 * not installed; 1: no database; the reason printed) and case_pg_end()
 * last.
 */
#ifndef MC_TEST_CASE_PG_H
#define MC_TEST_CASE_PG_H

#include "pg_test_db.h"

static char *case_pg_db;	/* the run's database */
static unsigned case_pg_ncases; /* schemas made so far */

/* Run `sql` on `url`; 0 or -1 (libpq's reason on stderr when `loud`). */
static inline int case_pg_run(const char *url, const char *sql, int loud)
{
	PGconn *conn = PQconnectdb(url);
	PGresult *res = NULL;
	int rc = -1;

	if (PQstatus(conn) != CONNECTION_OK) {
		if (loud)
			fprintf(stderr, "%s: %s", url, PQerrorMessage(conn));
	} else {
		res = PQexec(conn, sql);
		if (PQresultStatus(res) == PGRES_COMMAND_OK ||
		    PQresultStatus(res) == PGRES_TUPLES_OK)
			rc = 0;
		else if (loud)
			fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
	}
	PQclear(res);
	PQfinish(conn);
	return rc;
}

/* A new schema's URL into buf; 0, or -1 (reason printed). */
static inline int case_pg_fresh(char *buf, size_t size)
{
	char sql[64];
	int n;

	n = snprintf(sql, sizeof(sql), "CREATE SCHEMA c%u", ++case_pg_ncases);
	if (n < 0 || case_pg_run(case_pg_db, sql, 1) != 0)
		return -1;
	n = snprintf(buf, size, "%s%coptions=-csearch_path%%3Dc%u", case_pg_db,
		     strchr(case_pg_db, '?') ? '&' : '?', case_pg_ncases);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

static inline void case_pg_remove(const char *location)
{
	(void)location; /* the database goes at the end */
}

/* The first column of the first row of `sql`, or -1 if none. */
static inline long long case_pg_query(const char *location, const char *sql)
{
	PGconn *conn = PQconnectdb(location);
	PGresult *res = NULL;
	long long v = -1;

	if (PQstatus(conn) == CONNECTION_OK) {
		res = PQexec(conn, sql);
		if (PQresultStatus(res) == PGRES_TUPLES_OK &&
		    PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
			v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	}
	PQclear(res);
	PQfinish(conn);
	return v;
}

/* 0 when `sql` succeeds, else non-zero (quietly). */
static inline int case_pg_exec(const char *location, const char *sql)
{
	return case_pg_run(location, sql, 0);
}

/* Make the run's database: 0, 77 (skip) or 1, the reason printed. */
static inline int case_pg_begin(void)
{
	int rc = pg_test_db(&case_pg_db);

	if (rc == PG_TEST_DB_SKIP) {
		fprintf(stderr, "skipped: PostgreSQL 15 is not installed\n");
		return 77;
	}
	if (rc != 0) {
		fprintf(stderr, "no PostgreSQL database for the test\n");
		return 1;
	}
	return 0;
}

/* Drop the run's database. */
static inline void case_pg_end(void)
{
	pg_test_db_drop(case_pg_db);
	free(case_pg_db);
	case_pg_db = NULL;
}

#endif
