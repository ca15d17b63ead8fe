/*
 * Fuzz target: the raw RFC 4180 reader.  Every row must be UTF-8 fields
 * within the documented limits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_csv csv;
	size_t i;

	mc__csv_init(&csv, (const char *)data, size);
	while (mc__csv_next(&csv) > 0) {
		if (csv.count == 0 || csv.count > MC_CSV_FIELDS_MAX)
			abort();
		for (i = 0; i < csv.count; i++)
			if (strlen(csv.fields[i]) > MC_CSV_FIELD_MAX)
				abort();
		(void)mc__csv_find(&csv, "id");
	}
	mc__csv_free(&csv);
	return 0;
}
