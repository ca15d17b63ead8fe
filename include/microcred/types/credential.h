/*
 * microcred - types of awarded credentials: formats, the learner and the
 * options of issuing, a stored credential and its listings, its status,
 * status lists, and the verification report and its options.  The
 * functions that act (issuing, changing status, verifying) are in
 * credential.h.
 */
#ifndef MICROCRED_TYPES_CREDENTIAL_H
#define MICROCRED_TYPES_CREDENTIAL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Largest credential accepted for verification, in bytes (a sealed EDC
 * carries its certificate page as an image). */
#define MC_CREDENTIAL_MAX (4u * 1024 * 1024)
/** Entries in every status list (W3C minimum, 16 KiB of bits). */
#define MC_STATUS_LIST_SIZE 131072

/* ---- issuing ------------------------------------------------------------- */

/** The format a credential is issued in. */
typedef enum {
	MC_FORMAT_OB3 = 0, /**< JSON with a Data Integrity proof
			      (mc_issue_options cryptosuite) */
	MC_FORMAT_VC_JWT,  /**< compact JWS, typ vc+jwt */
	MC_FORMAT_EDC	   /**< European Digital Credential (ELM v3) sealed
			      with the organisation's X.509 seal (JAdES) */
} mc_credential_format;

const char *mc_credential_format_name(mc_credential_format f);
int mc_credential_format_parse(mc_credential_format *out, const char *name);

/** Who receives the credential.  Strings are borrowed. */
typedef struct {
	const char *name;	   /**< required */
	const char *email;	   /**< email and/or identifier required */
	const char *identifier;	   /**< national or school id, optional */
	const char *date_of_birth; /**< YYYY-MM-DD, optional */
	const char *lang;	   /**< learner's language, optional */
} mc_learner;

/** How mc_credential_issue() issues.  Strings are borrowed. */
typedef struct {
	unsigned version; /**< MC_ISSUE_OPTIONS_VERSION */
	mc_credential_format format;
	const char *jwt_alg;	 /**< VC-JWT: "RS256" (default), "ES256",
				    "EdDSA" */
	const char *grade;	 /**< result, optional */
	const char *assessed_on; /**< YYYY-MM-DD, optional */
	const char *valid_until; /**< RFC 3339 UTC, optional */
	const char *now;	 /**< issue time override (tests) */
	/** EDC: an RFC 3161 time-stamping authority (HTTP URL); with it the
	 * seal is JAdES B-T, without it B-B. */
	const char *tsa_url;
	/** Who issues, for the audit log ("user:ID", "cli"); NULL: none. */
	const char *actor;
	/** OB 3.0: the Data Integrity cryptosuite, "eddsa-rdfc-2022" (NULL:
	 * the default), "eddsa-jcs-2022", "ecdsa-rdfc-2019" or
	 * "ecdsa-jcs-2019" (the ecdsa suites sign with the organisation's
	 * P-256 key).  An unknown name is MC_EINVALID. */
	const char *cryptosuite;
} mc_issue_options;

#define MC_ISSUE_OPTIONS_VERSION 1
#define MC_ISSUE_OPTIONS_INIT                                                  \
	{                                                                      \
		MC_ISSUE_OPTIONS_VERSION, MC_FORMAT_OB3, NULL, NULL, NULL,     \
		    NULL, NULL, NULL, NULL, NULL                               \
	}

/** A stored credential.  Free with mc_credential_free(). */
typedef struct {
	char *id; /**< BASE/credentials/UUID */
	char *mc_id;
	unsigned mc_version;
	char *org_id; /**< issuing organisation */
	mc_credential_format format;
	char *data; /**< the credential exactly as issued */
	size_t len;
	char *issued_at;
	int created; /**< 1 if this call issued it, 0 if it existed */
} mc_credential;

void mc_credential_free(mc_credential *c);

/** A credential named, with its format. */
typedef struct {
	char *id; /**< BASE/credentials/UUID */
	mc_credential_format format;
} mc_credential_ref;

void mc_credential_refs_free(mc_credential_ref *list, size_t count);

/* ---- status -------------------------------------------------------------- */

typedef enum {
	MC_CRED_ACTIVE = 0,
	MC_CRED_SUSPENDED,
	MC_CRED_REVOKED
} mc_credential_state;

/** One issued credential as listed (no learner data beyond the name). */
typedef struct {
	char *id; /**< BASE/credentials/UUID */
	char *mc_id;
	unsigned mc_version;
	char *org_id; /**< issuing organisation */
	mc_credential_format format;
	char *learner_name; /**< credentialSubject name, or NULL */
	char *issued_at;
	mc_credential_state state;
} mc_credential_summary;

void mc_credential_summaries_free(mc_credential_summary *list, size_t count);

/** One status list, for `status-list show`.  Free a list with
 * mc_status_lists_free() (credential.h). */
typedef struct {
	char *url;
	char *org_id;
	char *purpose; /**< "revocation" or "suspension" */
	size_t size;
	size_t used; /**< indexes allocated */
	size_t set;  /**< bits set */
} mc_status_list_info;

/* ---- verification -------------------------------------------------------- */

typedef enum {
	MC_CHECK_PASSED = 0,
	MC_CHECK_FAILED,
	MC_CHECK_SKIPPED
} mc_check_result;

/** One named check: "format", "proof", "issuer", "validity", "status",
 * "schema", "trust"; for a sealed EDC: "format", "seal", "issuer",
 * "trust", "timestamp", "owner", "revocation", "expiry", "accreditation"
 * (the Europass verifier's checks; its OK / ERROR / SKIPPED are passed /
 * failed / skipped).
 *
 * `code` names the reason ("proof.bad_signature"): a message identifier
 * whose English text, with "{name}" placeholders, is
 * mc_verify_message(code), and whose translations are the UI catalogues'
 * "reason.CODE".  `reason` is that English text with `params` (name and
 * value pairs: params[2i], params[2i + 1]) put in. */
typedef struct {
	const char *name;
	mc_check_result result;
	char *reason;
	const char *code;
	char **params;
	size_t nparams; /**< pairs */
} mc_check;

/** The verdict.  The first three keep their values; the classes for
 * callers that need only three are mc_verdict_class(). */
typedef enum {
	MC_VERDICT_VALID = 0,	  /**< every needed check passed */
	MC_VERDICT_INVALID,	  /**< malformed: not a credential of the format
				     it claims (format or schema failed) */
	MC_VERDICT_UNKNOWN,	  /**< cannot tell: the signature may be right,
				     but a needed fact is missing (the key's tie
				     to the issuer, an unreachable status list,
				     an unsupported status type) */
	MC_VERDICT_REVOKED,	  /**< revoked by its issuer */
	MC_VERDICT_SUSPENDED,	  /**< suspended by its issuer */
	MC_VERDICT_EXPIRED,	  /**< past validUntil */
	MC_VERDICT_NOT_YET_VALID, /**< before validFrom */
	MC_VERDICT_FORGED	  /**< forged or altered: the signature or
				     seal fails, or the key is not the
				     named issuer's */
} mc_verdict;

/** How the issuer's name is tied to the key that signed. */
typedef enum {
	MC_BINDING_NONE = 0,	 /**< unbound: the name is the issuer's own
				    claim */
	MC_BINDING_CATALOGUE,	 /**< a key registered in this catalogue */
	MC_BINDING_DOMAIN,	 /**< the key is published by the issuer's
				    domain (binding_detail): its did:web
				    document or JWKS */
	MC_BINDING_TRUSTED_LIST, /**< the issuer is on a configured list of
				    trusted issuers */
	MC_BINDING_EIDAS,	 /**< an eIDAS seal chaining to a trust
				    anchor (binding_detail) */
	MC_BINDING_TEST_ANCHOR	 /**< a seal chaining to a TEST anchor: not
				    for real credentials */
} mc_binding;

/** A text in a language ("" when the credential does not say). */
typedef struct {
	char *lang;
	char *text;
} mc_verify_text;

/** What the credential says it is, for the reader: read from the
 * credential (whatever the verdict: the verdict says whether to believe
 * it).  Any member may be NULL / empty. */
typedef struct {
	char *learner;	       /**< the learner's name */
	mc_verify_text *title; /**< the achievement's title, per language */
	size_t ntitle;
	char *level;	      /**< "EQF 4" */
	char *credits;	      /**< "5 ECTS" */
	char *issuer_name;    /**< the issuer's name as the credential
				 states it */
	mc_binding binding;   /**< how that name is tied to the key */
	char *binding_detail; /**< did:web domain, trust anchor, list */
	char *issued;	      /**< issue date-time as in the credential */
	char *page;	      /**< its public page on this platform, when
				 it is ours */
} mc_verify_about;

/** What mc_credential_verify() found.  Free with mc_verify_report_free()
 * (credential.h). */
typedef struct {
	mc_verdict verdict;
	char *format; /**< "ob3+di", "vc-jwt", "edc+jades", or NULL if
			 unrecognised */
	char *id;     /**< credential id, if any */
	char *issuer; /**< issuer id, if any */
	mc_check *checks;
	size_t count;
	mc_verify_about about;
} mc_verify_report;

/**
 * Trust anchors for seal certificates (EDC): CA certificates from PEM
 * bundles and from ETSI TS 119 612 trusted lists (the EU's, or a
 * national one), loaded once and shared by any number of verifications:
 * mc_trust_anchors_load() and mc_trust_anchors_free() (credential.h).
 */
typedef struct mc__trust mc_trust_anchors;

/** How mc_credential_verify() verifies.  Strings are borrowed. */
typedef struct {
	unsigned version;		    /**< MC_VERIFY_OPTIONS_VERSION */
	int offline;			    /**< never use the network */
	const char *const *trusted_issuers; /**< issuer ids; NULL: trust any
					       whose proof verifies */
	size_t trusted_count;
	const char *now; /**< time of the check (tests), RFC 3339 */
	/* EDC (sealed European Digital Credentials) */
	const mc_trust_anchors *anchors; /**< seal trust anchors; with a
					    store its test CAs are added */
	/** A JSON file listing accredited awarding bodies and
	 * qualifications (docs/CREDENTIALS.md); NULL: with a store, its
	 * published catalogue is the accreditation list. */
	const char *accreditation_file;
	/** The holder's name or identifier, for the owner check; NULL: the
	 * check is skipped. */
	const char *owner;
} mc_verify_options;

#define MC_VERIFY_OPTIONS_VERSION 1
#define MC_VERIFY_OPTIONS_INIT                                                 \
	{                                                                      \
		MC_VERIFY_OPTIONS_VERSION, 1, NULL, 0, NULL, NULL, NULL, NULL  \
	}

#ifdef __cplusplus
}
#endif

#endif
