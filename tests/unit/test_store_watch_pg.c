/*
 * Notices of changes (mc_store_listen(), mc_store_wait_changes()): on
 * PostgreSQL a commit on one handle wakes a wait on another within a
 * second, with the topic's bit; no write, a write of another topic or a
 * rolled-back write lets the wait time out; a lost connection ends the
 * listening with MC_ERETRY.  SQLite answers MC_ENOTSUP.
 *
 * One database t_<random> for the run (pg_test_db.h), dropped at the end;
 * notices go to every session of a database, so the cases share one
 * schema and run one after the other.  Exits 77 with the reason printed
 * when PostgreSQL 15 is not installed here.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "microcred/store.h"
#include "pg_test_db.h"

static char *db_url; /* the run's database */

/* Milliseconds on a clock that only goes forward. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

/* Run `sql` on the run's database; 0 or -1 (libpq's reason on stderr). */
static int pg_run(const char *sql)
{
	PGconn *conn = PQconnectdb(db_url);
	PGresult *res = NULL;
	int rc = -1;

	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "%s", PQerrorMessage(conn));
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

static mc_store *open_store(void)
{
	mc_store *s = NULL;
	char *msg = NULL;

	if (mc_store_open(&s, db_url, NULL, &msg) != 0)
		fail_msg("open: %s", msg ? msg : "?");
	return s;
}

/* A writer thread: after `delay` ms, sets the base URL through its own
 * handle and notes when its commit returned. */
struct writer {
	long delay;
	const char *url;
	long long committed; /* now_ms() after the commit */
	int rc;
};

static void *write_later(void *arg)
{
	struct writer *w = arg;
	mc_store *s = open_store();

	sleep_ms(w->delay);
	w->rc = mc_store_set_base_url(s, w->url);
	w->committed = now_ms();
	mc_store_free(s);
	return NULL;
}

/* A commit on another handle wakes the wait within a second, with the
 * bit of the topic written (settings) and no other. */
static void test_commit_wakes_wait(void **state)
{
	struct writer w = {300, "https://a.example", 0, -1};
	mc_store *s = open_store();
	unsigned got = 0;
	pthread_t t;
	long long woke;
	int rc;

	(void)state;
	assert_int_equal(
	    mc_store_listen(s, MC_STORE_SETTINGS | MC_STORE_CATALOGUE), 0);
	assert_int_equal(pthread_create(&t, NULL, write_later, &w), 0);
	rc = mc_store_wait_changes(s, &got, 5000);
	woke = now_ms();
	pthread_join(t, NULL);
	assert_int_equal(w.rc, 0);
	assert_int_equal(rc, 0);
	assert_int_equal(got, MC_STORE_SETTINGS);
	assert_true(woke - w.committed < 1000);
	/* Nothing more is waiting: one notice per transaction and topic. */
	assert_int_equal(mc_store_wait_changes(s, &got, 200), MC_ENOTFOUND);
	assert_int_equal(got, 0);
	mc_store_free(s);
}

/* No write: the wait times out after about its time. */
static void test_no_write_times_out(void **state)
{
	mc_store *s = open_store();
	unsigned got = 7;
	long long start;

	(void)state;
	assert_int_equal(mc_store_listen(s, MC_STORE_ALL), 0);
	start = now_ms();
	assert_int_equal(mc_store_wait_changes(s, &got, 300), MC_ENOTFOUND);
	assert_true(now_ms() - start >= 290);
	assert_int_equal(got, 0);
	assert_int_equal(mc_store_wait_changes(s, &got, 0), MC_ENOTFOUND);
	mc_store_free(s);
}

/* A write of a topic not listened to, and a rolled-back write of one
 * listened to, wake nobody; a commit made while the handle was busy is
 * kept for the next wait. */
static void test_other_topic_and_rollback(void **state)
{
	mc_store *s = open_store(), *b = open_store();
	unsigned got = 0;

	(void)state;
	assert_int_equal(mc_store_listen(s, MC_STORE_CATALOGUE), 0);
	assert_int_equal(mc_store_set_base_url(b, "https://b.example"), 0);
	assert_int_equal(mc_store_wait_changes(s, &got, 300), MC_ENOTFOUND);

	assert_int_equal(mc_store_listen(s, MC_STORE_SETTINGS), 0);
	assert_int_equal(pg_run("BEGIN; UPDATE meta SET value = 'x'"
				" WHERE key = 'base_url'; ROLLBACK"),
			 0);
	assert_int_equal(mc_store_wait_changes(s, &got, 300), MC_ENOTFOUND);

	/* The listening handle runs a statement; the commit's notice
	 * arrives meanwhile and waits in libpq's queue. */
	assert_int_equal(mc_store_set_base_url(b, "https://c.example"), 0);
	sleep_ms(100);
	assert_int_equal(mc_store_set_base_url(s, "https://d.example"), 0);
	assert_int_equal(mc_store_wait_changes(s, &got, 0), 0);
	assert_int_equal(got, MC_STORE_SETTINGS);
	mc_store_free(b);
	mc_store_free(s);
}

/* The listening connection ends: MC_ERETRY, the listening is over, and
 * a new handle listens again. */
static void test_connection_lost(void **state)
{
	mc_store *s = open_store();
	unsigned got = 0;

	(void)state;
	assert_int_equal(mc_store_listen(s, MC_STORE_ALL), 0);
	assert_int_equal(pg_run("SELECT pg_terminate_backend(pid)"
				" FROM pg_stat_activity WHERE pid <>"
				" pg_backend_pid() AND query LIKE 'LISTEN %'"
				" AND datname = current_database()"),
			 0);
	assert_int_equal(mc_store_wait_changes(s, &got, 3000), MC_ERETRY);
	assert_non_null(strstr(mc_store_errmsg(s), "listen again"));
	assert_int_equal(mc_store_wait_changes(s, &got, 0), MC_EUSAGE);
	mc_store_free(s);

	s = open_store();
	assert_int_equal(mc_store_listen(s, MC_STORE_ALL), 0);
	assert_int_equal(pg_run("UPDATE meta SET value = value"
				" WHERE key = 'base_url'"),
			 0);
	assert_int_equal(mc_store_wait_changes(s, &got, 2000), 0);
	assert_int_equal(got, MC_STORE_SETTINGS);
	mc_store_free(s);
}

/* Misuse: waiting without listening, an unknown topic bit. */
static void test_usage(void **state)
{
	mc_store *s = open_store();
	unsigned got = 0;

	(void)state;
	assert_int_equal(mc_store_wait_changes(s, &got, 0), MC_EUSAGE);
	assert_int_equal(mc_store_listen(s, MC_STORE_ALL + 1u), MC_EUSAGE);
	assert_int_equal(mc_store_listen(s, MC_STORE_ALL), 0);
	assert_int_equal(mc_store_listen(s, 0), 0);
	assert_int_equal(mc_store_wait_changes(s, &got, 0), MC_EUSAGE);
	mc_store_free(s);
}

/* SQLite cannot notify: both calls answer MC_ENOTSUP with a message. */
static void test_sqlite_not_supported(void **state)
{
	char dir[] = "/tmp/mc-watch-XXXXXX", path[64], key[80];
	mc_store *s = NULL;
	unsigned got = 1;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/db", dir);
	assert_int_equal(mc_store_open(&s, path, NULL, NULL), 0);
	assert_int_equal(mc_store_listen(s, MC_STORE_CATALOGUE), MC_ENOTSUP);
	assert_non_null(strstr(mc_store_errmsg(s), "sqlite"));
	assert_int_equal(mc_store_wait_changes(s, &got, 0), MC_ENOTSUP);
	assert_int_equal(got, 0);
	mc_store_free(s);
	snprintf(key, sizeof(key), "%s.key", path);
	unlink(key);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_commit_wakes_wait),
	    cmocka_unit_test(test_no_write_times_out),
	    cmocka_unit_test(test_other_topic_and_rollback),
	    cmocka_unit_test(test_connection_lost),
	    cmocka_unit_test(test_usage),
	    cmocka_unit_test(test_sqlite_not_supported),
	};
	mc_store *s;
	int rc = pg_test_db(&db_url);

	if (rc == PG_TEST_DB_SKIP) {
		fprintf(stderr, "skipped: PostgreSQL 15 is not installed\n");
		return 77;
	}
	if (rc != 0) {
		fprintf(stderr, "no PostgreSQL database for the test\n");
		return 1;
	}
	/* The schema, made once, and a base URL to update. */
	if (mc_store_open(&s, db_url, NULL, NULL) != 0 ||
	    mc_store_set_base_url(s, "https://start.example") != 0) {
		fprintf(stderr, "could not make the schema\n");
		return 1;
	}
	mc_store_free(s);
	rc = cmocka_run_group_tests_name("notices of changes on PostgreSQL",
					 tests, NULL, NULL);
	pg_test_db_drop(db_url);
	free(db_url);
	return rc;
}
