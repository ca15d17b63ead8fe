/*
 * Rate limits (limits_cases.h) on SQLite: each case on a new database
 * file.  test_store_limits_pg.c runs the same cases on PostgreSQL.
 */
#include <sqlite3.h>

#include "limits_cases.h"

static int sq_fresh(char *buf, size_t size)
{
	int fd;

	snprintf(buf, size, "/tmp/mc-test-limits-XXXXXX");
	if ((fd = mkstemp(buf)) < 0) {
		perror("mkstemp");
		return -1;
	}
	close(fd);
	unlink(buf);
	return 0;
}

static void sq_remove(const char *path)
{
	char side[2100];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static long long sq_query(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static const struct limits_backend sqlite_backend = {"sqlite", sq_fresh,
						     sq_remove, sq_query};

int main(void)
{
	return limits_cases_run(&sqlite_backend, "rate limits on SQLite");
}
