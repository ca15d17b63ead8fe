/*
 * Where a database stands in its write-ahead log
 * (mc_store_position_get()), what a server reading from a hot standby
 * compares: on a PostgreSQL primary, not in recovery, the cluster's
 * system identifier and the database's oid as the server itself reports
 * them, and a position that moves past every commit (the position after
 * a commit is never short of the WAL the commit wrote).  SQLite answers
 * MC_ENOTSUP with a message.  The standby's side (in recovery, its replay
 * position) is tested by tests/integration/test_read_db.sh.
 *
 * One database t_<random> for the run (pg_test_db.h), dropped at the end.
 * The PostgreSQL cases are skipped, with the reason printed, when
 * PostgreSQL 15 is not installed here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "microcred/store.h"
#include "pg_test_db.h"

static char *db_url; /* the run's database, NULL without PostgreSQL */

/* The first field of `sql`'s first row as an unsigned number. */
static uint64_t pg_number(const char *sql)
{
	PGconn *conn = PQconnectdb(db_url);
	PGresult *res = NULL;
	uint64_t v = 0;

	if (PQstatus(conn) != CONNECTION_OK)
		fail_msg("%s", PQerrorMessage(conn));
	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		fail_msg("%s: %s", sql, PQerrorMessage(conn));
	v = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	PQfinish(conn);
	return v;
}

static void test_primary(void **state)
{
	mc_store_position a, b;
	mc_store *s = NULL;
	uint64_t wal;
	char *msg = NULL;

	(void)state;
	if (!db_url)
		skip();
	if (mc_store_open(&s, db_url, NULL, &msg) != 0)
		fail_msg("open: %s", msg ? msg : "?");
	assert_int_equal(mc_store_position_get(s, &a), 0);
	assert_int_equal(a.standby, 0);
	assert_true(a.lsn > 0);
	assert_int_equal(a.database,
			 (uint32_t)pg_number("SELECT oid FROM pg_database"
					     " WHERE datname = "
					     "current_database()"));
	assert_true(a.system_id != 0);
	assert_true(a.system_id == pg_number("SELECT system_identifier FROM "
					     "pg_control_system()"));

	/* A commit: the position moves past it, and is never short of
	 * the WAL the server had written once the commit returned.  The
	 * write end is read first: other databases of a shared cluster
	 * write WAL too, so only "at least what was there before" holds
	 * (comparing the other way round failed when a concurrent test
	 * wrote between the two reads). */
	assert_int_equal(mc_store_set_base_url(s, "https://moved.example"), 0);
	wal = pg_number("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn");
	assert_int_equal(mc_store_position_get(s, &b), 0);
	assert_true(b.lsn > a.lsn);
	assert_true(b.lsn >= wal);
	assert_true(b.system_id == a.system_id);
	assert_int_equal(b.database, a.database);
	mc_store_free(s);

	/* A read-only handle (what a server opens on read_db) asks too. */
	{
		mc_store_options opts = MC_STORE_OPTIONS_INIT;

		opts.create = 0;
		opts.readonly = 1;
		assert_int_equal(mc_store_open(&s, db_url, &opts, NULL), 0);
		assert_int_equal(mc_store_position_get(s, &a), 0);
		assert_true(a.lsn >= b.lsn);
		assert_int_equal(a.standby, 0);
		mc_store_free(s);
	}
}

/* SQLite has no write-ahead log to stand in: MC_ENOTSUP with a message,
 * the answer zeroed. */
static void test_sqlite_not_supported(void **state)
{
	char dir[] = "/tmp/mc-position-XXXXXX", path[64], key[80];
	mc_store_position pos;
	mc_store *s = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/db", dir);
	assert_int_equal(mc_store_open(&s, path, NULL, NULL), 0);
	memset(&pos, 0xff, sizeof(pos));
	assert_int_equal(mc_store_position_get(s, &pos), MC_ENOTSUP);
	assert_non_null(strstr(mc_store_errmsg(s), "SQLite"));
	assert_true(pos.lsn == 0 && pos.standby == 0 && pos.system_id == 0 &&
		    pos.database == 0);
	mc_store_free(s);
	snprintf(key, sizeof(key), "%s.key", path);
	unlink(key);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_primary),
	    cmocka_unit_test(test_sqlite_not_supported),
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
	rc = cmocka_run_group_tests_name("the store's WAL position", tests,
					 NULL, NULL);
	pg_test_db_drop(db_url);
	free(db_url);
	return rc;
}
