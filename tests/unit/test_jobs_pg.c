/*
 * Background jobs (jobs_cases.h) on PostgreSQL: claims with FOR UPDATE
 * SKIP LOCKED, takeover after a lease, two nodes claiming at once.
 * The run's database and a schema per case: case_pg.h.
 */
#include "jobs_cases.h"
#include "case_pg.h"

static const struct jobs_backend pg_backend = {"postgresql", case_pg_fresh,
					       case_pg_remove, case_pg_query};

int main(void)
{
	int rc = case_pg_begin();

	if (rc != 0)
		return rc;
	rc = jobs_cases_run(&pg_backend, "jobs on PostgreSQL");
	case_pg_end();
	return rc;
}
