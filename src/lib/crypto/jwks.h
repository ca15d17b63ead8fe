/*
 * Keys of VC-JWT issuers published on the network (jwks.c): a JWKS at the
 * issuer's https URL, in its issuer profile, or at the domain's
 * /.well-known/jwks.json, and the keys of a did:web document.  Only called
 * when the network may be used.
 */
#ifndef MC_JWKS_H
#define MC_JWKS_H

#include <stddef.h>

#include "jws.h"

/** Most keys of one JWKS or DID document tried against a JWS without a
 * kid. */
#define MC__JWKS_TRY_MAX 16

/**
 * Verify `jws` with a key the issuer `iss` (https://..., or http:// on a
 * loopback host) publishes.  Looked up in order: the document at `iss`
 * (a JWKS {"keys": [...]}, or an issuer profile with "jwks" holding one
 * or "jwks_uri" naming one), then https://HOST/.well-known/jwks.json of
 * iss's host (same scheme and port).  With `kid` only the key of that
 * kid is tried; without, each key fitting the JWS's alg (at most
 * MC__JWKS_TRY_MAX).  *vm gets "JWKS_URL#KID" ("#N", the key's position,
 * for a key without a kid), so its host is the publishing domain; caller
 * frees.  Returns 0, MC_EBADSIG (a key was found and the signature does
 * not match), MC_ENOTFOUND (no JWKS published, or no key of that kid),
 * MC_EINVALID (a malformed JWKS or key), MC_ENOMEM; the reason in err.
 */
int mc__jwks_verify(const mc__jws *jws, const char *iss, const char *kid,
		    char **vm, char *err, size_t errlen);

/**
 * Verify `jws` with a key of the did:web DID `did` (no fragment): its
 * document is fetched, and each method of its assertionMethod (or, when
 * it has none, of verificationMethod) fitting the alg is tried, at most
 * MC__JWKS_TRY_MAX.  *vm gets the absolute id of the method that
 * verified (or of the last tried).  Returns as mc__jwks_verify().
 */
int mc__did_web_verify(const mc__jws *jws, const char *did, char **vm,
		       char *err, size_t errlen);

#endif
