/*
 * Rate limits (limits_cases.h) on SQLite: each case on a new database
 * file.  test_store_limits_pg.c runs the same cases on PostgreSQL.
 */
#include "case_sqlite.h"
#include "limits_cases.h"

static const struct limits_backend sqlite_backend = {
    "sqlite", case_sq_fresh, case_sq_remove, case_sq_query};

int main(void)
{
	return limits_cases_run(&sqlite_backend, "rate limits on SQLite");
}
