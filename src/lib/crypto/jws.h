/*
 * Compact JWS (RFC 7515) for VC-JWT: sign with a protected header given as
 * exact bytes, parse strictly, verify with a key whose type must match the
 * header's "alg".  Only EdDSA, RS256 and ES256 exist here: "none", HMAC
 * algorithms and any "crit" extension are refused, and so is an unpadded
 * base64url spelling that is not canonical.
 */
#ifndef MC_JWS_H
#define MC_JWS_H

#include <stddef.h>

#include <jansson.h>

#include "crypto.h"

/** Longest compact JWS parsed or produced, in bytes. */
#define MC__JWS_MAX (1024 * 1024)

/** A parsed compact JWS; everything is owned by it. */
typedef struct mc__jws {
	json_t *header;		/**< protected header, a JSON object */
	const char *alg;	/**< header "alg", owned by header */
	unsigned char *payload; /**< decoded payload, NUL after it */
	size_t payload_len;
	unsigned char *sig; /**< decoded signature */
	size_t sig_len;
	char *signing_input; /**< "<header b64>.<payload b64>" */
	size_t signing_input_len;
} mc__jws;

/**
 * Sign `payload[0..len)` as a compact JWS.  `protected_header_json` is
 * base64url-encoded byte for byte as given (so the caller controls its
 * serialisation); it must be a JSON object whose "alg" is `alg`, without
 * "crit".  `alg` must be the key's ("EdDSA", "RS256", "ES256") and the key
 * must hold a private key.  The caller frees `*out`.  Returns 0,
 * MC_EINVALID (bad header, alg, or a public key), MC_ETOOBIG (the result
 * would pass MC__JWS_MAX), MC_EIO or MC_ENOMEM.
 */
int mc__jws_sign(char **out, const char *protected_header_json,
		 const char *payload, size_t len, const struct mc__key *key,
		 const char *alg);

/**
 * Split and decode a compact JWS without checking its signature: exactly
 * three dot-separated parts of strict base64url, at most MC__JWS_MAX bytes
 * in all; a protected header that is a JSON object (no duplicate names)
 * with a string "alg" of EdDSA, RS256 or ES256 and no "crit"; a non-empty
 * signature.  The payload may be any bytes.  Free `*out` with
 * mc__jws_free().  Returns 0, MC_EINVALID (reason in err), MC_ETOOBIG or
 * MC_ENOMEM.
 */
int mc__jws_parse(mc__jws **out, const char *compact, size_t len, char *err,
		  size_t errlen);

/**
 * Check the signature of a parsed JWS with `key`, whose type must match
 * the header's alg (EdDSA: Ed25519, RS256: RSA, ES256: P-256).  Returns 0
 * when it verifies, MC_EBADSIG when it does not, MC_EINVALID when the key
 * does not fit the alg (reason in err), or MC_ENOMEM.
 */
int mc__jws_verify(const mc__jws *jws, const struct mc__key *key, char *err,
		   size_t errlen);

/**
 * Parse and verify in one call.  On success only, `*header` (a new
 * reference) and `*payload` (NUL after it; free()) belong to the caller;
 * either out pointer may be NULL when not wanted.  Returns as
 * mc__jws_parse() and mc__jws_verify().
 */
int mc__jws_verify_compact(json_t **header, unsigned char **payload,
			   size_t *payload_len, const char *compact, size_t len,
			   const struct mc__key *key, char *err, size_t errlen);

/** Free a parsed JWS.  NULL-safe. */
void mc__jws_free(mc__jws *jws);

#endif
