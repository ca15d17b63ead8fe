/*
 * Fuzz target: ESCO CSV import into an in-memory store.  Any input is
 * either imported or refused with MC_EINVALID / MC_ETOOBIG; a refused
 * import must leave the store as it was.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/esco.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mc_store *store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_esco_concept **list = NULL;
	size_t n = 0, found = 0;
	int rc;

	if (!store && mc_store_open(&store, ":memory:", NULL, NULL))
		abort();
	rc = mc_esco_import(store, &n, (const char *)data, size, "fuzz.csv",
			    "en", &problems);
	if (rc == MC_EINVALID) {
		if (n != 0 || problems.count == 0)
			abort();
	} else if (rc != 0 && rc != MC_ENOMEM && rc != MC_ETOOBIG) {
		abort();
	}
	mc_problems_clear(&problems);
	if (mc_esco_lookup(store, &list, &found, "a OR e OR o", 5) == 0)
		mc_esco_list_free(list, found);
	return 0;
}
