/*
 * The store's backend-independent cases (store_cases.h) on SQLite: each
 * case on a new database file.
 */
#include <sqlite3.h>

#include "store_cases.h"
#include "store/store_sqlite.h"

static int sq_fresh(char *buf, size_t size)
{
	int fd;

	snprintf(buf, size, "/tmp/mc-test-cases-XXXXXX");
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

static int sq_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 5000);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static const struct store_backend sqlite_backend = {
    "sqlite", sq_fresh, sq_remove,
    sq_query, sq_exec,	mc__sq_set_status_list_size,
    0,
};

int main(void)
{
	return store_cases_run(&sqlite_backend, "store cases on SQLite");
}
