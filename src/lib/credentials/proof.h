/*
 * Securing credentials: Data Integrity proofs with the eddsa-jcs-2022
 * cryptosuite (W3C Data Integrity EdDSA Cryptosuites v1.0, section 3.3),
 * and VC-JWT (a compact JWS whose payload is the credential with the
 * registered claims iss, jti, nbf, exp; typ "vc+jwt").
 */
#ifndef MC_PROOF_H
#define MC_PROOF_H

#include <jansson.h>

#include "crypto/crypto.h"
#include "store/store.h"

#define MC__CRYPTOSUITE "eddsa-jcs-2022"

/**
 * Add a DataIntegrityProof to `doc` (in place) signed with the Ed25519
 * `key` as `vm`, created at `created`.  With `as_array` the proof is a
 * one-element array (Open Badges 3.0 requires it).  Returns 0, MC_EINVALID
 * (a document JCS cannot canonicalise; reason in err), MC_ENOMEM.
 */
int mc__di_sign(json_t *doc, const struct mc__key *key, const char *vm,
		const char *created, int as_array, char *err, size_t errlen);

/**
 * Verify the Data Integrity proof of `doc` (a proof object, or an array of
 * them: every one must verify).  Keys are resolved with mc__key_resolve()
 * (with `network`, did:web documents of others are fetched).
 * *vm gets the verification method of the first proof (borrowed from
 * `doc`).  Returns 0 when it verifies; MC_EBADSIG (the signature does not
 * match), MC_EINVALID (malformed or unsupported proof: unknown cryptosuite,
 * wrong purpose, bad proofValue), MC_ENOTFOUND (the key cannot be
 * resolved), MC_ENOMEM; the reason in `err`.
 */
int mc__di_verify(const json_t *doc, mc_store *store, int network,
		  const char **vm, char *err, size_t errlen);

/**
 * Sign `credential` as a VC-JWT with `key` and JOSE `alg`, header
 * {"alg", "kid": vm, "typ": "vc+jwt"}.  The payload is the credential plus
 * iss (the issuer id), jti (its id), nbf (validFrom) and exp (validUntil)
 * and, when the subject has an id, sub.  Caller frees *out.
 */
int mc__jwt_sign(char **out, const json_t *credential,
		 const struct mc__key *key, const char *alg, const char *vm,
		 char *err, size_t errlen);

/**
 * Verify a compact VC-JWT: the JWS (alg EdDSA/RS256/ES256 only, key from
 * "kid", else from a did:key "iss"), typ, and that the registered claims
 * agree with the credential.  *credential gets the payload object (the
 * caller's reference) whenever the JWS could be decoded, even when the
 * signature fails, so the other checks can still run.  Returns as
 * mc__di_verify().
 */
int mc__jwt_verify(json_t **credential, const char *jwt, size_t len,
		   mc_store *store, int network, char **vm, char *err,
		   size_t errlen);

#endif
