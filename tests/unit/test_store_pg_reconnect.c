/*
 * The PostgreSQL backend after its connection breaks (store_pg.c): the
 * server ends the store's session with pg_terminate_backend(), as a
 * restart or a failover would, and the store
 *   - outside a transaction reconnects and runs the statement again
 *     (reads, writes, statements prepared on the old connection, a
 *     search built per call, a transaction begun next), with its
 *     session settings re-applied;
 *   - inside a transaction answers MC_ERETRY ("the database connection
 *     was lost; retry") for that statement and every later one of the
 *     transaction, never running them on a new connection outside it;
 *     its rollback succeeds and its commit answers MC_ERETRY; the next
 *     statement reconnects.
 *
 * One database t_<random> (pg_test_db.h), dropped at the end; each case
 * names its store's session (application_name) to end exactly that one.
 * Exits 77 with the reason printed when PostgreSQL 15 is not installed.
 */
#include "pg_test_db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "microcred/catalogue.h"
#include "microcred/store.h"
#include "store/store.h"

static char *db_url; /* the run's database */
static unsigned nstores;

/* One integer from `sql` on a connection of its own; -1 if none. */
static long long query(const char *sql)
{
	PGconn *conn = PQconnectdb(db_url);
	PGresult *res = NULL;
	long long v = -1;

	if (PQstatus(conn) == CONNECTION_OK) {
		res = PQexec(conn, sql);
		if (PQresultStatus(res) == PGRES_TUPLES_OK &&
		    PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
			v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		else
			fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
	}
	PQclear(res);
	PQfinish(conn);
	return v;
}

/* A store on the run's database whose session is called `name` (filled
 * in, 32 bytes), read-only when `readonly`. */
static mc_store *open_named(char name[32], int readonly)
{
	mc_store_options opts = MC_STORE_OPTIONS_INIT;
	char url[2048], *err = NULL;
	mc_store *s = NULL;

	snprintf(name, 32, "mc_reconnect_%u", ++nstores);
	snprintf(url, sizeof(url), "%s%capplication_name=%s", db_url,
		 strchr(db_url, '?') ? '&' : '?', name);
	opts.readonly = readonly;
	if (mc_store_open(&s, url, &opts, &err) != 0)
		fail_msg("open %s: %s", url, err ? err : "?");
	return s;
}

/* End the session `name` from the server's side, as a restart does, and
 * wait until it is gone.  The store does not know yet. */
static void cut(const char *name)
{
	char sql[256];

	/* OFFSET 0 keeps the filter below the call: no other session of
	 * the cluster is asked to end. */
	snprintf(
	    sql, sizeof(sql),
	    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000))"
	    " FROM (SELECT pid FROM pg_stat_activity"
	    " WHERE application_name = '%s' OFFSET 0) a",
	    name);
	assert_int_equal(query(sql), 1);
}

/* The value of meta key `key` through `s`, or NULL (caller frees). */
static char *meta(mc_store *s, const char *key)
{
	char *v = NULL;

	return s->core->meta_get(s, &v, key) == 0 ? v : NULL;
}

static void assert_lost(mc_store *s, int error)
{
	assert_int_equal(error, MC_ERETRY);
	assert_non_null(strstr(mc_store_errmsg(s),
			       "the database connection was lost; retry"));
}

/* Reads and writes outside a transaction, with statements prepared on
 * the old connection, carry on after the cut. */
static void test_statement_after_cut(void **state)
{
	char name[32], *v;
	mc_store *s = open_named(name, 0);

	(void)state;
	assert_int_equal(s->core->meta_set(s, "k1", "one"), 0);
	assert_non_null(v = meta(s, "k1")); /* meta_get prepared */
	free(v);
	cut(name);
	assert_non_null(v = meta(s, "k1"));
	assert_string_equal(v, "one");
	free(v);
	cut(name);
	assert_int_equal(s->core->meta_set(s, "k1", "two"), 0);
	assert_int_equal(query("SELECT count(*) FROM meta WHERE key = 'k1'"
			       " AND value = 'two'"),
			 1);
	mc_store_free(s);
}

/* A transaction begun after the cut runs on a new connection. */
static void test_begin_after_cut(void **state)
{
	char name[32], *v;
	mc_store *s = open_named(name, 0);

	(void)state;
	assert_int_equal(s->core->meta_set(s, "k2", "one"), 0);
	cut(name);
	assert_int_equal(s->core->begin(s), 0);
	assert_int_equal(s->core->meta_set(s, "k2", "two"), 0);
	assert_int_equal(s->core->commit(s), 0);
	assert_non_null(v = meta(s, "k2"));
	assert_string_equal(v, "two");
	free(v);
	mc_store_free(s);
}

/* A transaction the cut ends: every later statement of it answers
 * MC_ERETRY (none runs outside it on a new connection), its rollback
 * succeeds, the next statement reconnects, and nothing of it stays. */
static void test_transaction_cut(void **state)
{
	char name[32], *v = NULL;
	mc_store *s = open_named(name, 0);

	(void)state;
	assert_int_equal(s->core->meta_set(s, "k3", "before"), 0);
	assert_int_equal(s->core->begin(s), 0);
	assert_int_equal(s->core->meta_set(s, "k3", "inside"), 0);
	cut(name);
	assert_lost(s, s->core->meta_set(s, "k3", "after the cut"));
	assert_lost(s, s->core->meta_set(s, "k3b", "later"));
	assert_lost(s, s->core->meta_get(s, &v, "k3"));
	assert_null(v);
	assert_int_equal(s->core->rollback(s), 0);
	assert_non_null(v = meta(s, "k3"));
	assert_string_equal(v, "before");
	free(v);
	assert_int_equal(query("SELECT count(*) FROM meta WHERE key = 'k3b'"),
			 0);
	mc_store_free(s);
}

/* Nested: the savepoint's rollback and the outer one both succeed. */
static void test_nested_transaction_cut(void **state)
{
	char name[32], *v;
	mc_store *s = open_named(name, 0);

	(void)state;
	assert_int_equal(s->core->begin(s), 0);
	assert_int_equal(s->core->begin(s), 0);
	cut(name);
	assert_lost(s, s->core->meta_set(s, "k4", "x"));
	assert_lost(s, s->core->begin(s));
	assert_int_equal(s->core->rollback(s), 0);
	assert_int_equal(s->core->rollback(s), 0);
	assert_int_equal(s->core->rollback(s), MC_EUSAGE); /* none open */
	assert_int_equal(s->core->meta_set(s, "k4", "y"), 0);
	assert_non_null(v = meta(s, "k4"));
	assert_string_equal(v, "y");
	free(v);
	mc_store_free(s);
}

/* A commit after the cut answers MC_ERETRY; nothing was committed and
 * the handle works on. */
static void test_commit_after_cut(void **state)
{
	char name[32], *v;
	mc_store *s = open_named(name, 0);

	(void)state;
	assert_int_equal(s->core->begin(s), 0);
	assert_int_equal(s->core->meta_set(s, "k5", "x"), 0);
	cut(name);
	assert_lost(s, s->core->commit(s));
	assert_int_equal(query("SELECT count(*) FROM meta WHERE key = 'k5'"),
			 0);
	assert_int_equal(s->core->meta_set(s, "k5", "y"), 0);
	assert_non_null(v = meta(s, "k5"));
	assert_string_equal(v, "y");
	free(v);
	mc_store_free(s);
}

/* The new connection gets the session settings of the first: a
 * read-only store still refuses writes after a reconnection. */
static void test_settings_after_cut(void **state)
{
	char name[32], rw[32], *v;
	mc_store *w = open_named(rw, 0), *s;

	(void)state;
	assert_int_equal(w->core->meta_set(w, "k6", "x"), 0);
	mc_store_free(w);
	s = open_named(name, 1);
	cut(name);
	assert_non_null(v = meta(s, "k6"));
	assert_string_equal(v, "x");
	free(v);
	assert_int_equal(s->core->meta_set(s, "k6", "y"), MC_EDB);
	assert_non_null(strstr(mc_store_errmsg(s), "read-only"));
	mc_store_free(s);
}

/* A search (its statement built per call, run unprepared) after the cut:
 * once the connection has run one, its first statement is the search
 * itself, which must reconnect as a prepared one does. */
static void test_search_after_cut(void **state)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	char name[32];
	mc_store *s = open_named(name, 0);

	(void)state;
	o.query = "welding";
	assert_int_equal(mc_catalogue_search(s, &r, &o), 0);
	mc_search_result_free(r);
	r = NULL;
	cut(name);
	if (mc_catalogue_search(s, &r, &o) != 0)
		fail_msg("search after the cut: %s", mc_store_errmsg(s));
	assert_int_equal(r->total, 0);
	mc_search_result_free(r);
	mc_store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_statement_after_cut),
	    cmocka_unit_test(test_begin_after_cut),
	    cmocka_unit_test(test_transaction_cut),
	    cmocka_unit_test(test_nested_transaction_cut),
	    cmocka_unit_test(test_commit_after_cut),
	    cmocka_unit_test(test_settings_after_cut),
	    cmocka_unit_test(test_search_after_cut),
	};
	int rc = pg_test_db(&db_url);

	if (rc == PG_TEST_DB_SKIP) {
		fprintf(stderr, "skipped: PostgreSQL 15 is not installed\n");
		return 77;
	}
	if (rc != 0) {
		fprintf(stderr, "no PostgreSQL database for the test\n");
		return 1;
	}
	rc = cmocka_run_group_tests_name("store_pg reconnect", tests, NULL,
					 NULL);
	pg_test_db_drop(db_url);
	free(db_url);
	return rc;
}
