/*
 * SQLite databases for the backend-independent cases (store_cases.h,
 * jobs_cases.h, limits_cases.h): each case on a new database file under
 * /tmp, removed with its WAL and shared-memory files, and read or written
 * through a connection of its own.  The PostgreSQL counterpart is
 * case_pg.h.
 */
#ifndef MC_TEST_CASE_SQLITE_H
#define MC_TEST_CASE_SQLITE_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* A new, unused database path into buf; 0, or -1 (reason printed). */
static inline int case_sq_fresh(char *buf, size_t size)
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

/* Remove the database at `path` and its side files. */
static inline void case_sq_remove(const char *path)
{
	char side[2100];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

/* The first column of the first row of `sql`, or -1 if none. */
static inline long long case_sq_query(const char *path, const char *sql)
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

/* 0 when `sql` succeeds (waiting up to 5 s for a writer), else non-zero. */
static inline int case_sq_exec(const char *path, const char *sql)
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

#endif
