/*
 * The store's backend-independent cases (store_cases.h) on PostgreSQL.
 *
 * One database t_<random> for the run (pg_test_db.h: on the cluster of
 * MICROCRED_TEST_PG, or on a throwaway cluster of this process's own when
 * that is unset), dropped at the end; each case gets a schema of its own
 * in it (search_path in the connection URL), which costs far less than a
 * database per case.  Exits 77 with the reason printed when PostgreSQL 15
 * is not installed here.
 */
#include "pg_test_db.h"
#include "store_cases.h"
#include "store/store_pg.h"

static char *db_url;	/* the run's database */
static unsigned ncases; /* schemas made so far */

/* Run `sql` on `url`; 0 or -1 (libpq's reason on stderr when `loud`). */
static int pg_run(const char *url, const char *sql, int loud)
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

static int pg_fresh(char *buf, size_t size)
{
	char sql[64];
	int n;

	n = snprintf(sql, sizeof(sql), "CREATE SCHEMA c%u", ++ncases);
	if (n < 0 || pg_run(db_url, sql, 1) != 0)
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

static int pg_exec(const char *location, const char *sql)
{
	return pg_run(location, sql, 0);
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
	if (pg_run(base, sql, 1) != 0)
		fprintf(stderr, "could not drop the test database\n");
}

/* The URL of database `name` on the run's cluster (caller frees). */
static char *url_of(const char *name)
{
	const char *base = getenv("MICROCRED_TEST_PG"), *path, *rest;
	char *url;
	size_t len;

	path = strchr(strstr(base, "://") + 3, '/');
	rest = path + strcspn(path, "?");
	len = (size_t)(path - base) + strlen(name) + strlen(rest) + 2;
	assert_non_null(url = malloc(len));
	snprintf(url, len, "%.*s/%s%s", (int)(path - base), base, name, rest);
	return url;
}

/* On a database whose locale sorts "a" before "B" (ICU en-US), lists
 * still come back in byte order, as on SQLite. */
static void test_byte_order_whatever_the_locale(void **state)
{
	const char *base = getenv("MICROCRED_TEST_PG");
	char name[40], sql[200], *url;
	mc_org *a = org_named("a-org"), *b = org_named("B-org"), **list = NULL;
	mc_store *s;
	size_t n = 0;

	(void)state;
	snprintf(name, sizeof(name), "t_icu_%ld", (long)getpid());
	snprintf(sql, sizeof(sql),
		 "CREATE DATABASE %s LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
		 " LOCALE 'C.UTF-8' TEMPLATE template0",
		 name);
	assert_int_equal(pg_run(base, sql, 1), 0);
	url = url_of(name);
	assert_int_equal(
	    pg_query(url, "SELECT count(*) FROM (VALUES ('B'), ('a')) v(x)"
			  " WHERE x = (SELECT min(x) FROM (VALUES ('B'), ('a'))"
			  " w(x)) AND x = 'a'"),
	    1);
	s = open_at(url);
	assert_int_equal(s->catalogue->org_put(s, a), 0);
	assert_int_equal(s->catalogue->org_put(s, b), 0);
	assert_int_equal(s->catalogue->org_list(s, &list, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0]->id, "B-org");
	assert_string_equal(list[1]->id, "a-org");
	mc_org_list_free(list, n);
	mc_store_free(s);
	mc_org_free(a);
	mc_org_free(b);
	free(url);
	snprintf(sql, sizeof(sql), "DROP DATABASE %s WITH (FORCE)", name);
	assert_int_equal(pg_run(base, sql, 1), 0);
}

static const struct store_backend pg_backend = {
    "postgresql", pg_fresh, pg_remove,
    pg_query,	  pg_exec,  mc__pg_set_status_list_size,
};

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
	rc = store_cases_run(&pg_backend, "store cases on PostgreSQL");
	{
		const struct CMUnitTest own[] = {
		    cmocka_unit_test(test_byte_order_whatever_the_locale),
		};

		rc |= cmocka_run_group_tests_name("PostgreSQL only", own, NULL,
						  NULL);
	}
	drop_db();
	free(db_url);
	return rc;
}
