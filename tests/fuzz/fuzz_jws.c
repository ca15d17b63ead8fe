/*
 * Fuzz target: parse and verify arbitrary compact JWS with fixed keys of
 * all three types (the Ed25519 key is RFC 8032 test 1, so the RFC 8037
 * example in the corpus verifies).  A parsed JWS must satisfy the parser's
 * promises, and verification may only succeed, fail, or refuse the key.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "crypto/jws.h"
#include "microcred/errors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct mc__key *keys[3];

static void init_keys(void)
{
	static const unsigned char seed[32] = {
	    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a,
	    0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32,
	    0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60};

	if (keys[0])
		return;
	if (mc__key_import_private(&keys[0], MC__KEY_ED25519, seed,
				   sizeof(seed), NULL, 0) ||
	    mc__key_generate(&keys[1], MC__KEY_RSA2048) ||
	    mc__key_generate(&keys[2], MC__KEY_P256))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc__jws *jws = NULL;
	json_t *header = NULL;
	unsigned char *payload = NULL;
	size_t payload_len = 0, i;
	char err[256];
	int rc;

	init_keys();
	if (mc__jws_parse(&jws, (const char *)data, size, err, sizeof(err)) ==
	    0) {
		if (!json_is_object(jws->header) ||
		    !mc__alg_supported(jws->alg) || jws->sig_len == 0 ||
		    json_object_get(jws->header, "crit") ||
		    jws->payload[jws->payload_len] != '\0' ||
		    jws->signing_input_len >= size ||
		    memcmp(jws->signing_input, data, jws->signing_input_len))
			abort();
		for (i = 0; i < 3; i++) {
			rc = mc__jws_verify(jws, keys[i], err, sizeof(err));
			if (rc != 0 && rc != MC_EBADSIG && rc != MC_EINVALID)
				abort();
			if (rc == MC_EINVALID &&
			    strcmp(jws->alg, mc__key_alg(keys[i])) == 0)
				abort();
		}
		mc__jws_free(jws);
	}
	rc = mc__jws_verify_compact(&header, &payload, &payload_len,
				    (const char *)data, size, keys[0], err,
				    sizeof(err));
	if ((rc == 0) != (header != NULL))
		abort();
	json_decref(header);
	free(payload);
	return 0;
}
