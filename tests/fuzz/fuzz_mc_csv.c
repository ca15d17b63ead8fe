/*
 * Fuzz target: the CSV catalogue reader, and the export of what it
 * accepts.
 */
#include <stdint.h>
#include <stdlib.h>

#include "model/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_microcred **list = NULL;
	size_t count = 0, i;
	char *json;

	if (mc__microcred_from_csv(&list, &count, (const char *)data, size,
				   "fuzz.csv", &problems) == 0) {
		for (i = 0; i < count; i++) {
			if (mc_microcred_to_json(&json, list[i]) == 0)
				free(json);
		}
	}
	mc__microcred_array_free(list, count);
	mc_problems_clear(&problems);
	return 0;
}
