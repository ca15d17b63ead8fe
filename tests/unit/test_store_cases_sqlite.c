/*
 * The store's backend-independent cases (store_cases.h) on SQLite: each
 * case on a new database file.
 */
#include "case_sqlite.h"
#include "store_cases.h"
#include "store/store_sqlite.h"

static const struct store_backend sqlite_backend = {
    "sqlite",
    case_sq_fresh,
    case_sq_remove,
    case_sq_query,
    case_sq_exec,
    mc__sq_set_status_list_size,
    0,
};

int main(void)
{
	return store_cases_run(&sqlite_backend, "store cases on SQLite");
}
