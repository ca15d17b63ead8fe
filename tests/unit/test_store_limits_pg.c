/*
 * Rate limits (limits_cases.h) on PostgreSQL: one statement a take, the
 * database's clock, nodes taking from one bucket at once.
 *
 * One database t_<random> for the run (pg_test_db.h: on the cluster of
 * MICROCRED_TEST_PG, or on a throwaway cluster of this process's own when
 * that is unset), dropped at the end; each case gets a schema of its own
 * in it (search_path in the connection URL).  Exits 77 with the reason
 * printed when PostgreSQL 15 is not installed here.
 */
#include "limits_cases.h"
#include "pg_test_db.h"

static char *db_url;	/* the run's database */
static unsigned ncases; /* schemas made so far */

/* Run `sql` on `url`; 0 or -1 (libpq's reason on stderr). */
static int pg_run(const char *url, const char *sql)
{
	PGconn *conn = PQconnectdb(url);
	PGresult *res = NULL;
	int rc = -1;

	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "%s: %s", url, PQerrorMessage(conn));
	} else {
		res = PQexec(conn, sql);
		if (PQresultStatus(res) == PGRES_COMMAND_OK ||
		    PQresultStatus(res) == PGRES_TUPLES_OK)
			rc = 0;
		else
			fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
	}
	PQclear(res);
	PQfinish(conn);
	return rc;
}

static int pg_fresh(char *buf, size_t size)
{
	char sql[64];
	int n;

	n = snprintf(sql, sizeof(sql), "CREATE SCHEMA c%u", ++ncases);
	if (n < 0 || pg_run(db_url, sql) != 0)
		return -1;
	n = snprintf(buf, size, "%s%coptions=-csearch_path%%3Dc%u", db_url,
		     strchr(db_url, '?') ? '&' : '?', ncases);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

static void pg_remove(const char *location)
{
	(void)location; /* the database goes at the end */
}

static long long pg_query(const char *location, const char *sql)
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

/* Drop the run's database, from the cluster's URL. */
static void drop_db(void)
{
	const char *base = getenv("MICROCRED_TEST_PG");
	const char *name, *end;
	char sql[128];

	/* postgresql://[authority]/NAME[?params] */
	if (!db_url || !base || !(name = strstr(db_url, "://")) ||
	    !(name = strchr(name + 3, '/')))
		return;
	name++;
	end = name + strcspn(name, "?");
	snprintf(sql, sizeof(sql), "DROP DATABASE %.*s WITH (FORCE)",
		 (int)(end - name), name);
	if (pg_run(base, sql) != 0)
		fprintf(stderr, "could not drop the test database\n");
}

static const struct limits_backend pg_backend = {"postgresql", pg_fresh,
						 pg_remove, pg_query};

int main(void)
{
	int rc = pg_test_db(&db_url);

	if (rc == PG_TEST_DB_SKIP) {
		fprintf(stderr, "skipped: PostgreSQL 15 is not installed\n");
		return 77;
	}
	if (rc != 0) {
		fprintf(stderr, "no PostgreSQL database for the test\n");
		return 1;
	}
	rc = limits_cases_run(&pg_backend, "rate limits on PostgreSQL");
	drop_db();
	free(db_url);
	return rc;
}
