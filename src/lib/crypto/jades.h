/*
 * JAdES (ETSI TS 119 182-1) as European Digital Credentials use it: a JWS
 * in flattened JSON serialization with an unencoded payload (RFC 7797,
 * "b64": false), the seal's certificate chain in "x5c", its digest in
 * "x5t#S256", the claimed signing time in "sigT", and "crit" naming every
 * JAdES member the verifier must understand.
 *
 *   {"payload": "<credential JSON as a string>",
 *    "signatures": [{"protected": "<b64url header>",
 *                    "header": {"etsiU": [...]},
 *                    "signature": "<b64url>"}]}
 *
 * (The general serialization with one signature, as EDC writes it, and
 * the flattened form {"payload","protected","header","signature"} are
 * both read; we write the general form with one signature.)
 *
 * Levels: B-B is the signature; B-T adds an RFC 3161 signature timestamp
 * ("sigTst" in the unprotected "etsiU" array, base64url of a JSON object
 * {"sigTst": {"tstTokens": [{"val": "<base64 DER>"}]}}) over the
 * signature value.  B-LT ("xVals", "rVals") and B-LTA ("arcTst") are
 * further etsiU entries after it: the parsed struct keeps the etsiU array
 * whole so they can be added and read without changing the signature part.
 */
#ifndef MC_JADES_H
#define MC_JADES_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "signer.h"

/** Largest sealed document parsed, in bytes. */
#define MC__JADES_MAX (8u * 1024 * 1024)
/** Most certificates in x5c. */
#define MC__JADES_X5C_MAX MC_SEAL_CHAIN_MAX

typedef enum {
	MC__JADES_B_B = 0,
	MC__JADES_B_T,
	MC__JADES_B_LT, /* not produced yet */
	MC__JADES_B_LTA /* not produced yet */
} mc__jades_level;

struct mc__jades_sign_opts {
	const char *alg;       /**< NULL: the signer's */
	mc__jades_level level; /**< B_B or B_T */
	const char *tsa_url;   /**< RFC 3161 TSA (HTTP POST), for B_T */
	const char *sig_time;  /**< sigT override, "YYYY-MM-DDTHH:MM:SSZ" */
};

/**
 * Seal `payload[0..len)` (any bytes; a credential's JSON) with `signer`.
 * The protected header holds alg, b64 false, crit ["b64", "sigT"], x5c,
 * x5t#S256, kid (base64 DER of the issuer and serial), sigT, cty
 * "application/ld+json", typ "jose+json".  With B_T the TSA's token is
 * fetched and checked against the signature before it is added.  *out
 * (caller frees) gets the sealed JSON, *outlen its length.  Returns 0,
 * MC_EINVALID (alg, options; reason in err), MC_EIO (signer, TSA
 * unreachable or answering badly: reason in err), MC_ENOMEM.
 */
int mc__jades_seal(char **out, size_t *outlen, const char *payload, size_t len,
		   struct mc__seal_signer *signer,
		   const struct mc__jades_sign_opts *opts, char *err,
		   size_t errlen);

/** A parsed sealed document; everything is owned by it. */
struct mc__jades {
	json_t *doc;	     /**< the whole document */
	json_t *header;	     /**< protected header, decoded */
	json_t *etsiu;	     /**< unprotected etsiU array, or NULL */
	const char *alg;     /**< RS256, PS256 or ES256 (in header) */
	const char *payload; /**< the credential bytes (in doc) */
	size_t payload_len;
	char *signing_input; /**< ASCII(protected) "." payload */
	size_t signing_input_len;
	unsigned char *sig;
	size_t sig_len;
	const char *sig_b64; /**< the "signature" member as written */
	/** x5c, DER, leaf first. */
	unsigned char *x5c[MC__JADES_X5C_MAX];
	size_t x5c_len[MC__JADES_X5C_MAX];
	size_t x5c_count;
	time_t sig_time;       /**< sigT; 0 when absent */
	unsigned char *sigtst; /**< first sigTst token, DER, or NULL */
	size_t sigtst_len;
	mc__jades_level level; /**< the highest level present */
};

/**
 * Non-zero when `data` looks like a JAdES JSON document (an object with
 * "payload" and "signatures" or "protected"): how verify picks EDC.
 */
int mc__jades_detect(const char *data, size_t len);

/**
 * Parse strictly: valid JSON within MC__JADES_MAX, one signature, a
 * protected header that is an object with alg RS256/PS256/ES256, b64
 * false, "b64" and "sigT" in crit, every crit member one we understand
 * (b64, sigT, x5t#S256, adoTst, sigD is refused), x5c of 1..X5C_MAX
 * strict base64 DER certificates, x5t#S256 matching the leaf, strict
 * base64url signature.  Returns 0, MC_EINVALID (the field and reason in
 * err), MC_ETOOBIG, MC_ENOMEM.  Free with mc__jades_free().
 */
/** One entry of the unprotected etsiU array as an object: base64url
 * JSON, as EDC writes it, or a plain object.  A new reference, or NULL
 * when it is neither. */
json_t *mc__jades_etsiu_entry(const json_t *v);

int mc__jades_parse(struct mc__jades **out, const char *data, size_t len,
		    char *err, size_t errlen);

/**
 * Check the signature with the leaf certificate's public key.  Returns 0,
 * MC_EBADSIG (does not verify), MC_EINVALID (key does not fit alg;
 * reason in err), MC_ENOMEM.
 */
int mc__jades_verify_signature(const struct mc__jades *j, char *err,
			       size_t errlen);

/**
 * Check the B-T signature timestamp: a well-formed RFC 3161 token whose
 * message imprint is SHA-256 of the signature value as ETSI TS 119 182-1
 * defines it, signed by its TSA certificate (the TSA's trust is the
 * caller's: *tsa_cert (DER, caller frees; may be NULL) is handed back).
 * *gen_time gets the token's time.  Returns 0, MC_ENOTFOUND (no sigTst),
 * MC_EBADSIG (imprint or token signature wrong), MC_EINVALID (malformed;
 * reason in err), MC_ENOMEM.
 */
int mc__jades_verify_timestamp(const struct mc__jades *j, time_t *gen_time,
			       unsigned char **tsa_cert, size_t *tsa_cert_len,
			       char *err, size_t errlen);

void mc__jades_free(struct mc__jades *j);

/**
 * Ask the TSA at `url` for a token over `digest` (SHA-256) with a random
 * nonce, and check the answer (granted, the imprint and nonce ours).
 * *token (DER, caller frees) gets the TimeStampToken.  Returns 0, MC_EIO
 * (network, HTTP status, rejected; reason in err), MC_EINVALID, MC_ENOMEM.
 */
int mc__tsa_timestamp(unsigned char **token, size_t *token_len, const char *url,
		      const unsigned char digest[32], char *err, size_t errlen);

#endif
