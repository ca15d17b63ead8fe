/*
 * Background jobs (jobs_cases.h) on SQLite: each case on a new database
 * file.  test_jobs_pg.c runs the same cases on PostgreSQL.
 */
#include "case_sqlite.h"
#include "jobs_cases.h"

static const struct jobs_backend sqlite_backend = {
    "sqlite", case_sq_fresh, case_sq_remove, case_sq_query};

int main(void)
{
	return jobs_cases_run(&sqlite_backend, "jobs on SQLite");
}
