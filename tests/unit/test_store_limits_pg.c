/*
 * Rate limits (limits_cases.h) on PostgreSQL: one statement a take, the
 * database's clock, nodes taking from one bucket at once.
 * The run's database and a schema per case: case_pg.h.
 */
#include "limits_cases.h"
#include "case_pg.h"

static const struct limits_backend pg_backend = {"postgresql", case_pg_fresh,
						 case_pg_remove, case_pg_query};

int main(void)
{
	int rc = case_pg_begin();

	if (rc != 0)
		return rc;
	rc = limits_cases_run(&pg_backend, "rate limits on PostgreSQL");
	case_pg_end();
	return rc;
}
