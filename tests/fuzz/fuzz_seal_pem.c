/*
 * Fuzz target: a seal's PEM private key and certificate chain, as
 * `seal --key K --chain C` and `cert import --key --chain` read them.
 * The input is the key, a NUL byte, then the chain; anything may fail
 * with MC_EINVALID, nothing may crash or leak, and a signer that opens
 * must hold a chain within its bound.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/errors.h"
#include "keys/seal_private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc__seal_signer *s = NULL;
	const char *text = (const char *)data;
	const char *nul = memchr(data, '\0', size);
	size_t key_len = nul ? (size_t)(nul - text) : size;
	const char *chain = nul ? nul + 1 : "";
	size_t chain_len = nul ? size - key_len - 1 : 0;
	char err[256];
	int rc;

	rc = mc__seal_signer_from_pem(&s, text, key_len, chain, chain_len, NULL,
				      err, sizeof(err));
	if (rc != 0) {
		if (s ||
		    (rc != MC_EINVALID && rc != MC_ENOMEM && rc != MC_ETOOBIG))
			abort();
		return 0;
	}
	if (!s || s->chain_count < 1 || s->chain_count > MC_SEAL_CHAIN_MAX)
		abort();
	mc__seal_signer_free(s);
	return 0;
}
