/*
 * Securing credentials: Data Integrity proofs (W3C Data Integrity EdDSA
 * Cryptosuites v1.0: eddsa-rdfc-2022, eddsa-jcs-2022, and the legacy
 * Ed25519Signature2020 to verify; ECDSA Cryptosuites v1.0:
 * ecdsa-rdfc-2019, ecdsa-jcs-2019 on P-256), and VC-JWT (a compact JWS whose
 * payload is the credential with the registered claims iss, jti, nbf, exp; typ
 * "vc+jwt").
 */
#ifndef MC_PROOF_H
#define MC_PROOF_H

#include <jansson.h>

#include "crypto/crypto.h"
#include "store/store.h"

struct mc__ld_options;

/* Data Integrity suites.  The first four sign and verify; the legacy
 * Ed25519Signature2020 (a proof type of its own, no cryptosuite) is
 * verified only. */
enum mc__suite {
	MC__SUITE_EDDSA_RDFC_2022 = 0, /* the default */
	MC__SUITE_EDDSA_JCS_2022,
	MC__SUITE_ECDSA_RDFC_2019,
	MC__SUITE_ECDSA_JCS_2019,
	MC__SUITE_ED25519_2020
};

#define MC__SUITE_DEFAULT MC__SUITE_EDDSA_RDFC_2022
/* The signing suites' names, for messages. */
#define MC__SUITES_ALLOWED                                                     \
	"eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019, ecdsa-jcs-2019"

/** The suite a cryptosuite name signs with (the four signing suites
 * only).  Returns 0 or MC_EINVALID. */
int mc__suite_parse(enum mc__suite *out, const char *name);
/** Its cryptosuite name ("Ed25519Signature2020" for the legacy type). */
const char *mc__suite_name(enum mc__suite suite);
/** The key type a suite signs with. */
enum mc__key_type mc__suite_key_type(enum mc__suite suite);

/**
 * hashData of a suite: SHA-256 of the canonical proof configuration, then
 * SHA-256 of the canonical document (RDFC-1.0 N-Quads for the rdfc suites
 * and Ed25519Signature2020, RFC 8785 for the jcs ones).  `config` is the
 * proof configuration as hashed (for rdfc, with the document's
 * @context); `ld` the JSON-LD options (NULL: pinned contexts, safe
 * mode).  Optionally gives the canonical forms (`canon_config`,
 * `canon_doc`, caller frees; may be NULL).  Returns 0, MC_EINVALID
 * (reason in err; "undefined term: ..." in safe mode), MC_ENOTSUP (an
 * unknown context: cannot tell), MC_ETOOBIG (past a limit), MC_ENOMEM.
 */
int mc__di_hash_data(unsigned char out[64], enum mc__suite suite,
		     const json_t *config, const json_t *document,
		     const struct mc__ld_options *ld, char **canon_config,
		     char **canon_doc, char *err, size_t errlen);

/**
 * Add a Data Integrity proof of `suite` to `doc` (in place) signed with
 * `key` (Ed25519 for eddsa, P-256 for ecdsa) as `vm`, created at
 * `created`.  With `as_array` the proof is a one-element array (Open
 * Badges 3.0 requires it).  Returns 0, MC_EINVALID (a document the suite
 * cannot canonicalise, a term no context defines, a key of the wrong
 * type; reason in err), MC_ENOTSUP (a context that is not pinned),
 * MC_ENOMEM.
 */
int mc__di_sign(json_t *doc, const struct mc__key *key, const char *vm,
		const char *created, int as_array, enum mc__suite suite,
		char *err, size_t errlen);

/**
 * Verify the Data Integrity proofs of `doc` (a proof object, or an array
 * of them, a proof set or chain: every one must verify; a proof naming
 * previousProof is verified over the document holding the proofs it
 * names).  Keys are resolved with mc__key_resolve() (with `network`,
 * did:web documents of others are fetched).  *vm gets the verification
 * method the issuer binding looks at (borrowed from `doc`): of a set
 * signed by several keys, the first proof by a key of the DID named as
 * issuer, else the first proof's.  Returns 0 when it
 * verifies; MC_EBADSIG (the signature does not match), MC_EINVALID
 * (malformed or unsupported proof: unknown cryptosuite, wrong purpose,
 * bad proofValue, a term no context defines), MC_ENOTFOUND (the key
 * cannot be resolved), MC_ENOTSUP (a context this build does not pin:
 * cannot tell), MC_ETOOBIG (past a canonicalisation limit), MC_ENOMEM;
 * the reason in `err`.
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
