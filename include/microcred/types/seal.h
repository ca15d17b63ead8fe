/*
 * microcred - types of electronic seals: what is known of a seal or test
 * CA, and the options of making test seals and of sealing a document.
 * The functions that act (creating, importing, sealing) are in seal.h.
 */
#ifndef MICROCRED_TYPES_SEAL_H
#define MICROCRED_TYPES_SEAL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Largest PKCS#12 or PEM file accepted for import, in bytes. */
#define MC_SEAL_FILE_MAX (256u * 1024)
/** Most certificates in a chain (leaf included). */
#define MC_SEAL_CHAIN_MAX 8

/** Public facts about one seal or test CA.  Free with
 * mc_seal_info_free(). */
typedef struct {
	char *id;	  /**< "ORG-seal-1", or "test-ca-1" for a CA */
	char *org_id;	  /**< NULL for a CA */
	int is_ca;	  /**< a (test) CA held to sign test seals */
	int is_test;	  /**< made by create-test-ca/create-test-seal */
	char *alg;	  /**< JOSE alg it seals with: "RS256", "PS256",
			     "ES256" (CA: its key's default) */
	char *subject;	  /**< RFC 2253 one-line subject */
	char *issuer;	  /**< RFC 2253 issuer */
	char *serial;	  /**< hex */
	char *not_before; /**< RFC 3339 UTC */
	char *not_after;
	char *organization;   /**< O, or NULL */
	char *country;	      /**< C (ISO 3166 alpha-2), or NULL */
	char *org_identifier; /**< 2.5.4.97, or NULL */
	char *fingerprint;    /**< hex SHA-256 of the leaf DER */
	char *chain_pem;      /**< leaf first, then the chain */
	char *created_at;
	char *retired_at; /**< NULL while it seals */
} mc_seal_info;

void mc_seal_info_free(mc_seal_info *s);
void mc_seal_list_free(mc_seal_info **list, size_t count);

/** Options for a test CA or test seal.  Strings are borrowed. */
typedef struct {
	unsigned version;	    /**< MC_SEAL_OPTIONS_VERSION */
	const char *alg;	    /**< "RS256" (default), "PS256", "ES256" */
	const char *org_identifier; /**< test seal: overrides the one derived
				       from the organisation */
	const char *not_before;	    /**< RFC 3339 (tests); default now */
	const char *not_after;	    /**< default: CA 10 years, seal 3 years */
	int no_key_usage;	    /**< tests: leave out digitalSignature and
				       nonRepudiation (a wrong-usage seal) */
} mc_seal_options;

#define MC_SEAL_OPTIONS_VERSION 1
#define MC_SEAL_OPTIONS_INIT                                                   \
	{                                                                      \
		MC_SEAL_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0             \
	}

/** How mc_seal_document() seals.  Strings are borrowed. */
typedef struct {
	unsigned version;    /**< MC_SEAL_DOCUMENT_OPTIONS_VERSION */
	const char *org_id;  /**< seal with this organisation's active seal */
	const char *key_pem; /**< or with this PEM key (and chain_pem) */
	size_t key_len;
	const char *chain_pem; /**< leaf first */
	size_t chain_len;
	const char *password; /**< of an encrypted PEM key, or NULL */
	const char *tsa_url;  /**< RFC 3161 TSA: JAdES B-T; NULL: B-B */
	const char *now;      /**< signing time override (tests) */
	int keep;	      /**< seal as is: do not set id, issued, issuer */
} mc_seal_document_options;

#define MC_SEAL_DOCUMENT_OPTIONS_VERSION 1
#define MC_SEAL_DOCUMENT_OPTIONS_INIT                                          \
	{                                                                      \
		MC_SEAL_DOCUMENT_OPTIONS_VERSION, NULL, NULL, 0, NULL, 0,      \
		    NULL, NULL, NULL, 0                                        \
	}

#ifdef __cplusplus
}
#endif

#endif
