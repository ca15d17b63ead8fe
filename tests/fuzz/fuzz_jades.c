/*
 * Fuzz target: parse arbitrary bytes as a JAdES document, and check what
 * parses against the parser's promises; then verify the signature and
 * the timestamp, which may only succeed or fail with a documented code.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/jades.h"
#include "microcred/errors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc__jades *j = NULL;
	char err[256];
	size_t i;
	int rc;

	(void)mc__jades_detect((const char *)data, size);
	rc = mc__jades_parse(&j, (const char *)data, size, err, sizeof(err));
	if (rc != 0) {
		if (j ||
		    (rc != MC_EINVALID && rc != MC_ETOOBIG && rc != MC_ENOMEM))
			abort();
		return 0;
	}
	if (!json_is_object(j->header) || !j->alg || j->sig_len == 0 ||
	    j->x5c_count < 1 || j->x5c_count > MC__JADES_X5C_MAX ||
	    j->signing_input_len < j->payload_len + 2 ||
	    j->signing_input[j->signing_input_len - j->payload_len - 1] !=
		'.' ||
	    memcmp(j->signing_input + j->signing_input_len - j->payload_len,
		   j->payload, j->payload_len) != 0 ||
	    j->signing_input[j->signing_input_len] != '\0')
		abort();
	for (i = 0; i < j->x5c_count; i++)
		if (!j->x5c[i] || j->x5c_len[i] == 0)
			abort();
	rc = mc__jades_verify_signature(j, err, sizeof(err));
	if (rc != 0 && rc != MC_EBADSIG && rc != MC_EINVALID && rc != MC_ENOMEM)
		abort();
	rc = mc__jades_verify_timestamp(j, NULL, NULL, NULL, err, sizeof(err));
	if (rc != 0 && rc != MC_EBADSIG && rc != MC_EINVALID &&
	    rc != MC_ENOTFOUND && rc != MC_ENOMEM)
		abort();
	if ((rc == MC_ENOTFOUND) != (j->sigtst == NULL))
		abort();
	mc__jades_free(j);
	return 0;
}
