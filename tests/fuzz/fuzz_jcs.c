/*
 * Fuzz target: RFC 8785 canonicalisation of arbitrary text.  Whatever is
 * accepted must come out as valid UTF-8 without raw control characters,
 * and canonicalising that output again must give the same bytes.
 * Whatever is refused must be refused with a code, a message and no
 * output.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json/jcs.h"
#include "microcred/errors.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256], *once = NULL, *twice = NULL;
	size_t once_len = 0, twice_len = 0, i;
	int rc;

	rc = mc__jcs_text(&once, &once_len, (const char *)data, size, err,
			  sizeof(err));
	if (rc != 0) {
		if ((rc != MC_EINVALID && rc != MC_ETOOBIG &&
		     rc != MC_ENOMEM) ||
		    once || once_len || !err[0])
			abort();
		return 0;
	}
	if (!once || strlen(once) != once_len ||
	    !mc__utf8_valid(once, once_len))
		abort();
	for (i = 0; i < once_len; i++)
		if ((unsigned char)once[i] < 0x20)
			abort(); /* whitespace or an unescaped control */
	if (mc__jcs_text(&twice, &twice_len, once, once_len, err,
			 sizeof(err)) != 0 ||
	    twice_len != once_len || memcmp(once, twice, once_len) != 0)
		abort(); /* not idempotent */
	free(once);
	free(twice);
	return 0;
}
