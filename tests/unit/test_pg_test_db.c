/*
 * Unit tests for tests/unit/pg_test_db.h, the way a unit test gets a
 * PostgreSQL database: each call gives an empty database of its own on
 * the suite's cluster, and a process without MICROCRED_TEST_PG starts a
 * cluster of its own that is gone once the process exits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "pg_test_db.h"

/* get_db: pg_test_db(), skipping the test when PostgreSQL is absent. */
static char *get_db(void)
{
	char *url = NULL;
	int rc = pg_test_db(&url);

	if (rc == PG_TEST_DB_SKIP)
		skip();
	assert_int_equal(rc, 0);
	assert_non_null(url);
	return url;
}

/* query: the first value of SQL's first row on URL ("" when none). */
static char *query(const char *url, const char *sql)
{
	PGconn *conn = PQconnectdb(url);
	PGresult *res;
	char *value;

	if (PQstatus(conn) != CONNECTION_OK)
		fail_msg("%s: %s", url, PQerrorMessage(conn));
	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK &&
	    PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(conn));
	value = strdup(PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "");
	PQclear(res);
	PQfinish(conn);
	return value;
}

static void test_databases_are_fresh_and_apart(void **state)
{
	char *a = get_db(), *b = get_db(), *name, *count;

	(void)state;
	assert_string_not_equal(a, b);
	/* The URL names the database it created, t_<16 hex digits>. */
	name = query(a, "SELECT current_database()");
	assert_int_equal(strlen(name), 18);
	assert_memory_equal(name, "t_", 2);
	assert_non_null(strstr(a, name));
	free(query(a, "CREATE TABLE t (x int)"));
	count =
	    query(a, "SELECT count(*) FROM pg_tables WHERE tablename = 't'");
	assert_string_equal(count, "1");
	free(count);
	count =
	    query(b, "SELECT count(*) FROM pg_tables WHERE tablename = 't'");
	assert_string_equal(count, "0");
	free(count);
	free(name);
	free(a);
	free(b);
}

/* In a child without MICROCRED_TEST_PG, pg_test_db() starts a cluster of
 * the child's own; once the child exits, its folder is gone. */
static void test_own_cluster_is_gone_after_exit(void **state)
{
	char dir[1024] = "";
	int fds[2], status;
	ssize_t n;
	pid_t pid;
	struct stat st;

	(void)state;
	if (system("bash \"$MC_SOURCE_DIR/tests/pg/cluster.sh\" available") !=
	    0)
		skip();
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* No cmocka here: a failure is an exit code for the parent. */
		char *url = NULL;
		const char *own = pg_test_db_own_()->dir;
		PGconn *conn;
		int up;

		close(fds[0]);
		/* Not the parent's cluster, should it have one: the child's. */
		pg_test_db_own_()->dir[0] = '\0';
		unsetenv("MICROCRED_TEST_PG");
		if (pg_test_db(&url) != 0)
			exit(2);
		conn = PQconnectdb(url);
		up = PQstatus(conn) == CONNECTION_OK;
		PQfinish(conn);
		if (!up)
			exit(3);
		if (!getenv("MICROCRED_TEST_PG") ||
		    !strstr(getenv("MICROCRED_TEST_PG"), own))
			exit(4);
		if (write(fds[1], own, strlen(own)) != (ssize_t)strlen(own))
			exit(5);
		free(url);
		exit(0); /* atexit stops the cluster */
	}
	close(fds[1]);
	n = read(fds[0], dir, sizeof(dir) - 1);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(n > 0);
	dir[n] = '\0';
	assert_int_not_equal(stat(dir, &st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_databases_are_fresh_and_apart),
	    cmocka_unit_test(test_own_cluster_is_gone_after_exit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
