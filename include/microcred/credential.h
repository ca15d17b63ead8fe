/*
 * microcred - awarded credentials: issuing Open Badges 3.0 / W3C VC 2.0
 * credentials for a published MC version, their status (revocation and
 * suspension with Bitstring Status List v1.0), and verification.
 *
 * A credential is stored exactly as issued (its bytes), under the stable
 * id BASE/credentials/UUID.  The learner's email never appears in clear:
 * the subject carries a salted SHA-256 identity hash.
 */
#ifndef MICROCRED_CREDENTIAL_H
#define MICROCRED_CREDENTIAL_H

#include <stddef.h>
#include "errors.h"
#include "keys.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest credential accepted for verification, in bytes (a sealed EDC
 * carries its certificate page as an image). */
#define MC_CREDENTIAL_MAX (4u * 1024 * 1024)
/** Entries in every status list (W3C minimum, 16 KiB of bits). */
#define MC_STATUS_LIST_SIZE 131072

typedef enum {
	MC_FORMAT_OB3 =
	    0, /**< JSON with a Data Integrity eddsa-jcs-2022 proof */
	MC_FORMAT_VC_JWT, /**< compact JWS, typ vc+jwt */
	MC_FORMAT_EDC	  /**< European Digital Credential (ELM v3) sealed
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
} mc_issue_options;

#define MC_ISSUE_OPTIONS_VERSION 1
#define MC_ISSUE_OPTIONS_INIT                                                  \
	{                                                                      \
		MC_ISSUE_OPTIONS_VERSION, MC_FORMAT_OB3, NULL, NULL, NULL,     \
		    NULL, NULL, NULL, NULL                                     \
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

/**
 * Issue a credential for published MC `mc_id` version `mc_version` (0:
 * the published one) to `learner`, signed by the MC's first awarding
 * body's active key, and store it.  Idempotent per (MC version, learner
 * email or identifier, format): issuing again returns the stored
 * credential with created = 0.  Problems with the learner or options go to
 * `problems` ("learner.email: not an email address").  Returns 0,
 * MC_EINVALID, MC_ENOTFOUND (MC or key), MC_ESTATE (MC not published),
 * MC_EIO (master key), MC_EDB.
 */
int mc_credential_issue(mc_store *store, mc_credential **out, const char *mc_id,
			unsigned mc_version, const mc_learner *learner,
			const mc_issue_options *opts, mc_problems *problems);

/**
 * The credential's JSON document from its stored bytes: the object itself
 * (OB3), the JWS payload (VC-JWT) or the sealed payload (EDC).  *out
 * (caller frees, NUL-terminated) and *len get it.  Returns 0, MC_EINVALID
 * (bytes not of that format), MC_ENOMEM.
 */
int mc_credential_document(char **out, size_t *len, const char *data,
			   size_t data_len, mc_credential_format format);

/** The learner's name in a credential (OB3 subject name, VC-JWT payload,
 * EDC fullName), or NULL; caller frees. */
char *mc_credential_learner_name(const mc_credential *c);

/** A credential named, with its format. */
typedef struct {
	char *id; /**< BASE/credentials/UUID */
	mc_credential_format format;
} mc_credential_ref;

void mc_credential_refs_free(mc_credential_ref *list, size_t count);

/**
 * The same award in its other formats: the credentials of the same MC
 * version issued to the same learner (an Open Badges credential and an
 * EDC, say), oldest first.  `id` is a URL or UUID.  Free the list with
 * mc_credential_refs_free().  Returns 0 (maybe an empty list), MC_EDB,
 * MC_ENOMEM.
 */
int mc_credential_siblings(mc_store *store, mc_credential_ref **out,
			   size_t *count, const char *id);

/** Look up a stored credential by id (URL or UUID). */
int mc_credential_get(mc_store *store, mc_credential **out, const char *id);

/* ---- status ------------------------------------------------------------- */

typedef enum {
	MC_CRED_ACTIVE = 0,
	MC_CRED_SUSPENDED,
	MC_CRED_REVOKED
} mc_credential_state;

const char *mc_credential_state_name(mc_credential_state s);

/**
 * Revoke, suspend or reinstate (from suspension) a credential, with a
 * reason recorded in the append-only audit log, and regenerate the
 * affected status list credential.  The state belongs to the award: the
 * credential's twins (mc_credential_siblings(): the same award in its
 * other formats) change with it in the same transaction, each with its
 * own audit entry; a twin revoked already stays revoked.  Revocation is
 * final: reinstating or suspending a revoked credential is MC_ESTATE.
 * `actor` may be NULL.
 */
int mc_credential_set_state(mc_store *store, const char *id,
			    mc_credential_state state, const char *reason,
			    const char *actor);

/**
 * What an EDC's credentialStatus id (BASE/credentials/UUID/status)
 * answers: {"id", "type": "CredentialStatus", "credential", "status":
 * "active" | "suspended" | "revoked", "checkedAt"}.  Caller frees.
 * Returns 0, MC_ENOTFOUND, MC_EDB, MC_ENOMEM.
 */
int mc_credential_status_document(mc_store *store, char **out, const char *id);

/** Current state of a credential. */
int mc_credential_state_get(mc_store *store, mc_credential_state *out,
			    const char *id);

/**
 * Revoke every credential of an MC (all versions), or every one in `ids`
 * and its twins (as mc_credential_set_state()); one transaction, one
 * status list regeneration per list.  *count gets the number changed,
 * twins included.
 */
int mc_credential_revoke_many(mc_store *store, size_t *count, const char *mc_id,
			      const char *const *ids, size_t nids,
			      const char *reason, const char *actor);

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

/**
 * Credentials issued by `org_id` and/or of MC `mc_id` (either may be
 * NULL), newest first, skipping `offset`, at most `limit` (1..1000).
 * *total (may be NULL) gets the number matching.
 */
int mc_credential_list(mc_store *store, mc_credential_summary **out,
		       size_t *count, size_t *total, const char *org_id,
		       const char *mc_id, size_t offset, size_t limit);

/** The summaries as a JSON array (caller frees). */
int mc_credential_summaries_to_json(char **out,
				    const mc_credential_summary *list,
				    size_t count);

/**
 * The signed status list credential at `url` (BASE/status/...), as JSON;
 * caller frees.  MC_ENOTFOUND if it is not one of ours.
 */
int mc_status_list_credential(mc_store *store, char **out, const char *url);

/** One status list, for `status-list show`. */
typedef struct {
	char *url;
	char *org_id;
	char *purpose; /**< "revocation" or "suspension" */
	size_t size;
	size_t used; /**< indexes allocated */
	size_t set;  /**< bits set */
} mc_status_list_info;

int mc_status_lists(mc_store *store, mc_status_list_info **out, size_t *count);
void mc_status_lists_free(mc_status_list_info *list, size_t count);

/* ---- verification -------------------------------------------------------- */

typedef enum {
	MC_CHECK_PASSED = 0,
	MC_CHECK_FAILED,
	MC_CHECK_SKIPPED
} mc_check_result;

const char *mc_check_result_name(mc_check_result r);

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

/** "valid", "invalid", "cannot-tell", "revoked", "suspended", "expired",
 * "not-yet-valid", "forged". */
const char *mc_verdict_name(mc_verdict v);

/** The verdict's class: MC_VERDICT_VALID, MC_VERDICT_UNKNOWN, or
 * MC_VERDICT_INVALID for every verdict that says "not valid". */
mc_verdict mc_verdict_class(mc_verdict v);

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

/** "none", "catalogue", "domain", "trusted-list", "eidas", "test". */
const char *mc_binding_name(mc_binding b);

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

/** The English text of reason `code`, with "{name}" placeholders, or
 * NULL for an unknown code. */
const char *mc_verify_message(const char *code);

/** Every reason code, for catalogue checks; *n gets the count. */
const char *const *mc_verify_message_codes(size_t *n);

/** `text` (a translation of check `c`'s code's message) with each
 * "{name}" replaced by the parameter's value; unknown placeholders stay.
 * Plain text: escape the result for HTML.  Caller frees; NULL when out
 * of memory. */
char *mc_verify_render(const char *text, const mc_check *c);

/**
 * Trust anchors for seal certificates (EDC): CA certificates from PEM
 * bundles and from ETSI TS 119 612 trusted lists (the EU's, or a
 * national one), loaded once and shared by any number of verifications.
 */
typedef struct mc__trust mc_trust_anchors;

/**
 * Load anchors from `files` (each a PEM bundle, or a trusted-list XML
 * file when it starts with '<').  A trusted list declaring a DTD or an
 * entity is refused.  Returns 0, MC_EINVALID / MC_ETOOBIG / MC_EIO with
 * the file and reason in `err`, MC_ENOMEM.
 */
int mc_trust_anchors_load(mc_trust_anchors **out, const char *const *files,
			  size_t count, char *err, size_t errlen);
void mc_trust_anchors_free(mc_trust_anchors *t);

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

/**
 * Verify a credential given as bytes (Data Integrity JSON, compact VC-JWT
 * or a JAdES-sealed EDC, detected).  `store` may be NULL; with a store, did:web
 * keys and status lists of ours are resolved locally.  Never fails on bad
 * input: the report says why; returns 0, MC_ENOMEM, or MC_ETOOBIG past
 * MC_CREDENTIAL_MAX.
 */
int mc_credential_verify(mc_store *store, mc_verify_report **out,
			 const char *data, size_t len,
			 const mc_verify_options *opts);

void mc_verify_report_free(mc_verify_report *r);

/**
 * For display: add to report `r`'s about.title the titles, in every
 * language the catalogue has, of the MC a credential of this platform
 * awards (a report whose binding is MC_BINDING_CATALOGUE), so a reader of
 * any language finds one.  Verifying itself reads only the credential's
 * own title, to stay fast.  Returns 0 (also when there is nothing to
 * add) or MC_ENOMEM.
 */
int mc_verify_about_titles(mc_store *store, mc_verify_report *r);

/** The report as JSON {"verified", "verdict" ("valid", "invalid" or
 * "unknown": mc_verdict_class()), "verdictName" (mc_verdict_name()),
 * "format", "id", "issuer", "about": {...}, "checks": [{"check",
 * "result", "code", "reason", "params": {}}]}.  Caller frees. */
int mc_verify_report_to_json(char **out, const mc_verify_report *r);

/**
 * Process-wide: with `on`, documents of other issuers (status lists,
 * did:web documents, JWKS, credentials by URL) are fetched only from
 * public addresses, never from loopback, private, link-local or reserved
 * ones, after every redirect too.  A server that verifies for strangers
 * sets it once at start; the command line does not.  Not thread-safe:
 * call before verifying starts.
 */
void mc_fetch_public_only(int on);

#ifdef __cplusplus
}
#endif

#endif
