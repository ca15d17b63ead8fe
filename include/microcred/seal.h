/*
 * microcred - electronic seals: an organisation's X.509 seal certificate
 * and private key (eIDAS advanced or qualified seal), used to seal
 * European Digital Credentials with JAdES.
 *
 * A seal is imported from PKCS#12 or from a PEM key plus chain, or, for
 * demos and tests, made by a local test CA held in the same store.  The
 * private key is kept like the other issuer keys: sealed under the master
 * key (keys.h), wiped after each use, never returned.  Test CAs and test
 * seals say so in their subject ("TEST" in CN and O) and in mc_seal_info.
 *
 * The subject of a seal certificate names the organisation as eIDAS
 * requires: organizationName (O), countryName (C), organizationIdentifier
 * (2.5.4.97, e.g. "VATUA-12345678" or "NTRGE-404123456"), commonName.
 *
 * The records and options (mc_seal_info, mc_seal_options,
 * mc_seal_document_options) are in types/seal.h.
 */
#ifndef MICROCRED_SEAL_H
#define MICROCRED_SEAL_H

#include <stddef.h>

#include "store.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Create a local test CA in the store ("microcred TEST CA", never an
 * eIDAS trust service) with a new key.  Returns 0, MC_EIO (master key),
 * MC_EINVALID (options), MC_EDB.
 */
int mc_seal_create_test_ca(mc_store *store, mc_seal_info **out,
			   const mc_seal_options *opts);

/**
 * Create a test seal for organisation `org_id`, signed by the store's
 * newest test CA, subject O = the organisation's name, C = its country,
 * organizationIdentifier = opts->org_identifier or one derived from the
 * organisation's identifiers ("VATUA-..."; "NTR" + country + "-" + its id
 * otherwise).  It becomes the organisation's active seal (an older one is
 * retired).  Returns 0, MC_ENOTFOUND (organisation, or no test CA: the
 * message says to run `cert create-test-ca`), MC_EIO, MC_EINVALID, MC_EDB.
 */
int mc_seal_create_test(mc_store *store, mc_seal_info **out, const char *org_id,
			const mc_seal_options *opts);

/**
 * Import a seal for `org_id` from PKCS#12 bytes (`password` may be NULL)
 * or, when `key_pem` is given, from a PEM private key and a PEM chain
 * (leaf first; the leaf must match the key).  The leaf must carry
 * digitalSignature or nonRepudiation and an RSA (2048..8192 bits) or
 * P-256 key.  It becomes the active seal.  Returns 0, MC_EINVALID (reason
 * in the store's message: bad password, key does not match, too big...),
 * MC_ENOTFOUND (organisation), MC_EIO, MC_EDB.
 */
int mc_seal_import_pkcs12(mc_store *store, mc_seal_info **out,
			  const char *org_id, const unsigned char *p12,
			  size_t len, const char *password);
int mc_seal_import_pem(mc_store *store, mc_seal_info **out, const char *org_id,
		       const char *key_pem, size_t key_len,
		       const char *chain_pem, size_t chain_len,
		       const char *password);

/** Every seal and CA (org_id NULL: all), oldest first. */
int mc_seal_list(mc_store *store, mc_seal_info ***out, size_t *count,
		 const char *org_id);

/** The active seal of an organisation, or MC_ENOTFOUND. */
int mc_seal_active(mc_store *store, mc_seal_info **out, const char *org_id);

/** The PEM certificates of every CA held in the store (the test CAs), or
 * an empty string; caller frees.  These are the anchors a verifier with a
 * store trusts besides the configured ones. */
int mc_seal_store_anchors(mc_store *store, char **pem);

/**
 * Seal any European Digital Credential (JSON-LD, an object whose type
 * includes EuropeanDigitalCredential) with JAdES, as EDC's sealing does:
 * unless opts->keep, it gets a new "id" (urn:uuid), "issued" = the
 * signing time, and its "issuer" rewritten from the seal certificate
 * (legal name from O, eIDASIdentifier from organizationIdentifier,
 * country from C), and any credentialStatus is dropped (it named another
 * credential); the awarding body inside the claim is untouched.
 * `store` may be NULL with a PEM key.  *out (caller frees) gets the sealed
 * JSON.  Returns 0, MC_EINVALID (not an EDC, bad key; reason in the
 * store's message or `err`), MC_ENOTFOUND (no seal), MC_EIO (TSA),
 * MC_ENOMEM.
 */
int mc_seal_document(mc_store *store, char **out, size_t *len, const char *doc,
		     size_t doclen, const mc_seal_document_options *opts,
		     char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
