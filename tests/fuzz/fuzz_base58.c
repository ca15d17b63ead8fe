/*
 * Fuzz target: base58btc decoding.  Whatever decodes must encode back to
 * exactly the input (one spelling per byte string); the multikey, did:key
 * and multibase decoders must not crash on the same text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "util/encoding.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *dec = NULL, pk[32];
	size_t declen = 0;
	char *enc = NULL, *text, err[256];

	if (mc__base58_decode(&dec, &declen, (const char *)data, size, err,
			      sizeof(err)) == 0) {
		if (declen > size || dec[declen] != '\0')
			abort();
		if (mc__base58_encode(&enc, dec, declen) != 0 ||
		    strlen(enc) != size || memcmp(enc, data, size) != 0)
			abort();
		free(enc);
		free(dec);
	}
	if (!(text = malloc(size + 1)))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	(void)mc__multikey_decode(pk, text, err, sizeof(err));
	(void)mc__didkey_resolve(pk, text, err, sizeof(err));
	if (mc__multibase_decode(&dec, &declen, NULL, text, size, err,
				 sizeof(err)) == 0)
		free(dec);
	free(text);
	return 0;
}
