/*
 * Fuzz target: micro-credential JSON import, then export and re-import of
 * whatever was accepted (the export must parse again).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/microcredential.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL, *again = NULL;
	char *json = NULL;

	if (mc_microcred_from_json(&mc, (const char *)data, size, "fuzz",
				   &problems) == 0 &&
	    mc_microcred_to_json(&json, mc) == 0) {
		mc_problems_clear(&problems);
		if (mc_microcred_from_json(&again, json, strlen(json), "fuzz",
					   &problems) != 0)
			abort(); /* an accepted record must export validly */
	}
	free(json);
	mc_microcred_free(mc);
	mc_microcred_free(again);
	mc_problems_clear(&problems);
	return 0;
}
