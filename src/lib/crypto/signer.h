/*
 * The signing interface JAdES seals through.
 *
 * A signer holds the seal's certificate chain and a private key it never
 * shows.  Today the key is software (OpenSSL EVP_PKEY opened from the
 * store under the master key, keys/seal_signer.c); a PKCS#11 token fits
 * behind the same struct by providing its own `sign` and `destroy`.
 */
#ifndef MC_CRYPTO_SIGNER_H
#define MC_CRYPTO_SIGNER_H

#include <stddef.h>

#include "microcred/seal.h"

struct mc__seal_signer {
	/** JOSE alg this key seals with: "RS256", "PS256" or "ES256". */
	char alg[8];
	/** Certificates, DER, leaf first; owned by the signer. */
	unsigned char *chain[MC_SEAL_CHAIN_MAX];
	size_t chain_len[MC_SEAL_CHAIN_MAX];
	size_t chain_count;
	/** Public facts (subject fields for the EDC issuer). */
	mc_seal_info *info;
	/**
	 * Sign the SHA-256 `digest` of the signing input with `alg` (one the
	 * key supports: an RSA key does RS256 and PS256, a P-256 key ES256),
	 * producing the JOSE signature (ES256: r || s, 64 bytes).  The input
	 * is hashed by the caller, as a PKCS#11 token or a remote signing
	 * service signs: only 32 bytes cross to the key.  *sig is malloc'd,
	 * the caller frees it.  Returns 0, MC_EINVALID (alg not the key's;
	 * reason in err), MC_EIO, MC_ENOMEM.  Safe to call from one thread
	 * at a time.
	 */
	int (*sign)(struct mc__seal_signer *self, const char *alg,
		    const unsigned char digest[32], unsigned char **sig,
		    size_t *siglen, char *err, size_t errlen);
	/** Wipe and free everything (the key included). */
	void (*destroy)(struct mc__seal_signer *self);
	void *impl; /**< the backend's state */
};

#endif
