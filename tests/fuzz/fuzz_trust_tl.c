/*
 * Fuzz target: arbitrary bytes as an ETSI TS 119 612 trusted list and as a
 * PEM bundle.  Either call may only succeed with anchors added or fail with
 * a documented code and a reason, leaving the set as it was.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/errors.h"
#include "crypto/trust.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one(int tl, const uint8_t *data, size_t size)
{
	struct mc__trust *t = NULL;
	char err[256] = "";
	int rc;

	if (mc__trust_new(&t))
		abort();
	rc = tl ? mc__trust_add_tl(t, (const char *)data, size, "fuzz", err,
				   sizeof(err))
		: mc__trust_add_pem(t, (const char *)data, size, "fuzz", err,
				    sizeof(err));
	if (rc != 0 && rc != MC_EINVALID && rc != MC_ETOOBIG && rc != MC_ENOMEM)
		abort();
	if ((rc == 0) != (mc__trust_count(t) > 0))
		abort();
	if (rc == MC_EINVALID && strncmp(err, "fuzz", 4) != 0)
		abort();
	mc__trust_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(1, data, size);
	one(0, data, size);
	return 0;
}
