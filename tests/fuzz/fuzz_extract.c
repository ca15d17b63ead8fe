/*
 * Fuzz target: find a credential in arbitrary bytes, as an upload to the
 * verify page is read (a PDF's attached files, a baked PNG or SVG, or the
 * bytes themselves).
 *
 * Checks, beyond "no crash, no leak, nothing read outside the input":
 * - only 0, MC_ENOTFOUND, MC_EINVALID and MC_ETOOBIG come back (or
 *   MC_ENOMEM);
 * - 0 gives a NUL-terminated buffer of the length said, at most
 *   MC_CREDENTIAL_MAX bytes, and a RAW carrier gives the input unchanged;
 * - an error gives no buffer and a reason;
 * - the carrier follows the first bytes (the PNG signature, "%PDF-");
 * - the same bytes give the same answer twice.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/credential.h"
#include "microcred/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_extract: %s\n", why);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	char *out = NULL, *again = NULL, err[512] = "", err2[512];
	size_t len = 0, len2 = 0;
	mc_carrier c = MC_CARRIER_RAW, c2;
	int rc, rc2;

	rc = mc_credential_extract(d, size, &out, &len, &c, err, sizeof(err));
	if (rc == MC_ENOMEM)
		return 0;
	if (rc != 0 && rc != MC_ENOTFOUND && rc != MC_EINVALID &&
	    rc != MC_ETOOBIG)
		fail("unexpected return code");
	if (rc == 0) {
		if (!out || out[len] != '\0' || len > MC_CREDENTIAL_MAX)
			fail("a credential without its promises");
		if (c == MC_CARRIER_RAW &&
		    (len != size || (size && memcmp(out, d, size) != 0)))
			fail("raw bytes changed");
	} else {
		if (out)
			fail("a buffer with an error");
		if (!err[0])
			fail("an error without a reason");
	}
	if (size >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0 &&
	    c != MC_CARRIER_PNG)
		fail("a PNG not read as one");
	if (size >= 5 && memcmp(d, "%PDF-", 5) == 0 && c != MC_CARRIER_PDF)
		fail("a PDF not read as one");
	rc2 = mc_credential_extract(d, size, &again, &len2, &c2, err2,
				    sizeof(err2));
	if (rc2 != MC_ENOMEM && (rc2 != rc || c2 != c || len2 != len ||
				 (rc == 0 && memcmp(out, again, len) != 0)))
		fail("the same bytes, another answer");
	free(again);
	free(out);
	return 0;
}
