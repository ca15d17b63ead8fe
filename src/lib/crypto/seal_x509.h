/*
 * X.509 for seals (seal_x509.c): generating seal keys, making test CA and
 * test seal certificates, reading PKCS#12 and PEM key plus chain with the
 * checks every imported seal passes, describing a chain as mc_seal_info,
 * and the PKCS#8 form a key is sealed in.  OpenSSL 3 only; no store, no
 * master key (seal.c does that).
 *
 * Chains are STACK_OF(X509), leaf first.  Every function that fails
 * writes the reason to `err` and returns a negative MC_E* code.
 */
#ifndef MC_SEAL_X509_H
#define MC_SEAL_X509_H

#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "microcred/seal.h"

/** Non-zero for an alg seals use: "RS256", "PS256", "ES256". */
int mc__seal_alg_valid(const char *alg);

/** Non-zero when `key` can seal with `alg` (RSA: RS256/PS256; P-256:
 * ES256). */
int mc__seal_alg_fits(const EVP_PKEY *key, const char *alg);

/** The alg a key seals with by default: "RS256" (RSA) or "ES256". */
const char *mc__seal_default_alg(const EVP_PKEY *key);

/**
 * A new key for `alg`: RSA 2048 bits for RS256/PS256, P-256 for ES256.
 * Returns 0, MC_EINVALID (alg), MC_EIO.
 */
int mc__seal_key_generate(EVP_PKEY **out, const char *alg, char *err,
			  size_t errlen);

/**
 * Check a seal key: RSA of 2048..8192 bits or EC on P-256, with its
 * private part.  Returns 0 or MC_EINVALID.
 */
int mc__seal_key_check(const EVP_PKEY *key, char *err, size_t errlen);

/** What a new certificate says.  Strings are borrowed; `issuer` NULL
 * makes it self-signed (then `issuer_key` must be `key`). */
struct mc__seal_cert_spec {
	EVP_PKEY *key;	      /**< subject key (public part used) */
	EVP_PKEY *issuer_key; /**< signs the certificate */
	X509 *issuer;	      /**< NULL: self-signed */
	const char *cn, *o, *c, *org_identifier; /**< NULL: left out */
	int is_ca;			 /**< CA:TRUE, keyCertSign + cRLSign */
	int no_key_usage;		 /**< leaf without keyUsage */
	long long not_before, not_after; /**< seconds since the epoch */
};

/**
 * Make and sign a certificate: v3, random 16-byte positive serial,
 * SubjectKeyIdentifier, AuthorityKeyIdentifier, basicConstraints (CA:TRUE
 * critical for a CA, else CA:FALSE), keyUsage critical (CA: keyCertSign,
 * cRLSign; leaf: digitalSignature, nonRepudiation, unless no_key_usage).
 * Signed with SHA-256 (RSA PKCS#1 v1.5 or ECDSA).  Returns 0,
 * MC_EINVALID (a subject field too long or malformed), MC_EIO.
 */
int mc__seal_cert_make(X509 **out, const struct mc__seal_cert_spec *spec,
		       char *err, size_t errlen);

/**
 * Read a PKCS#12 file (at most MC_SEAL_FILE_MAX bytes; `password` NULL
 * tries none and "").  The chain is ordered leaf first by following
 * issuers from the certificate that matches the key.  The result passes
 * mc__seal_chain_check().  Returns 0 or MC_EINVALID (wrong password, no
 * key, no certificate, ...), MC_ENOMEM.
 */
int mc__seal_parse_pkcs12(EVP_PKEY **key, STACK_OF(X509) * *chain,
			  const unsigned char *p12, size_t len,
			  const char *password, char *err, size_t errlen);

/**
 * Read a PEM private key (PKCS#8, traditional or encrypted with
 * `password`) and a PEM chain, leaf first.  The result passes
 * mc__seal_chain_check().  Returns 0, MC_EINVALID, MC_ENOMEM.
 */
int mc__seal_parse_pem(EVP_PKEY **key, STACK_OF(X509) * *chain,
		       const char *key_pem, size_t key_len,
		       const char *chain_pem, size_t chain_len,
		       const char *password, char *err, size_t errlen);

/**
 * The checks every seal passes: 1..MC_SEAL_CHAIN_MAX certificates, the
 * key is a seal key (mc__seal_key_check) and matches the leaf, the leaf
 * has keyUsage digitalSignature or nonRepudiation, and each certificate
 * is signed by the next one.  Returns 0 or MC_EINVALID.
 */
int mc__seal_chain_check(const EVP_PKEY *key, STACK_OF(X509) * chain, char *err,
			 size_t errlen);

/** Certificates from PEM text (at most MC_SEAL_CHAIN_MAX).  Returns 0
 * or MC_EINVALID (none, garbage, too many), MC_ENOMEM. */
int mc__seal_chain_from_pem(STACK_OF(X509) * *out, const char *pem, size_t len,
			    char *err, size_t errlen);

/** The chain as PEM text, leaf first; caller frees.  0 or MC_ENOMEM. */
int mc__seal_chain_to_pem(char **out, STACK_OF(X509) * chain);

/**
 * Fill the certificate facts of `info` from the chain's leaf: subject,
 * issuer (RFC 2253), serial (hex), validity (RFC 3339), O, C,
 * organizationIdentifier, SHA-256 fingerprint and chain_pem.  Fields it
 * fills must be NULL.  Returns 0, MC_EINVALID (dates out of range),
 * MC_ENOMEM.
 */
int mc__seal_describe(mc_seal_info *info, STACK_OF(X509) * chain, char *err,
		      size_t errlen);

/** The private key as PKCS#8 DER; free with mc__secret_free(*out, *len).
 * Returns 0, MC_EIO, MC_ENOMEM. */
int mc__seal_key_to_pkcs8(unsigned char **out, size_t *len,
			  const EVP_PKEY *key);

/** A private key from PKCS#8 DER (the input is not wiped), checked with
 * mc__seal_key_check().  Returns 0 or MC_EINVALID. */
int mc__seal_key_from_pkcs8(EVP_PKEY **out, const unsigned char *der,
			    size_t len, char *err, size_t errlen);

/**
 * A software signer that takes ownership of `key`, `chain` and `info`
 * (freed on failure too), sealing with `alg` (one the key fits).
 * Returns 0, MC_EINVALID, MC_ENOMEM.  (seal_signer.c)
 */
struct mc__seal_signer;
int mc__seal_signer_soft(struct mc__seal_signer **out, EVP_PKEY *key,
			 STACK_OF(X509) * chain, mc_seal_info *info,
			 const char *alg, char *err, size_t errlen);

/**
 * An ETSI EN 319 412-1 semantics identifier, as a seal certificate's
 * organizationIdentifier writes it (seal_orgid.c): "NTREE-17207834" is
 * scheme NTR, country EE, identifier 17207834; a national scheme writes
 * two characters of its own and a colon ("XY:1234"), country then from
 * the certificate.  A bare identifier ("17207834", as an EDC's notation
 * may hold it) has neither scheme nor country.
 */
struct mc__orgid {
	char scheme[4];	 /**< "VAT", "NTR", "PSD", "LEI", a national
			    scheme's two characters, or "" */
	char country[3]; /**< alpha-2 as written ("EL" for Greece), or "" */
	char id[256];	 /**< the identifier (cut at 255 bytes) */
};

/** Split `s` (NULL: all empty). */
void mc__orgid_parse(struct mc__orgid *out, const char *s);

/** The alpha-2 code of a country written as alpha-2, alpha-3 or an EU
 * authority URI (".../country/EST"), with the EU's "EL" read as "GR" and
 * "UK" as "GB", into `out`; `out`, or NULL when unknown. */
const char *mc__orgid_country(const char *code, char out[3]);

/** Parts of two identifiers that differ (mc__orgid_compare()). */
#define MC__ORGID_SCHEME  1u
#define MC__ORGID_COUNTRY 2u
#define MC__ORGID_ID	  4u

/**
 * Compare a certificate's organizationIdentifier `cert` (country
 * `cert_c`, its C attribute, used when the identifier has none) with an
 * EDC issuer's identifier `notation`, with or without its scheme prefix,
 * and the country of its `spatial` (alpha-3 URI, or NULL).  A part is
 * compared only when both sides state it; identifiers compare ignoring
 * ASCII case, spaces and dots.  Returns 0 when they name the same
 * organisation, else the MC__ORGID_* parts that differ.
 */
unsigned mc__orgid_compare(const char *cert, const char *cert_c,
			   const char *notation, const char *spatial);

#endif
