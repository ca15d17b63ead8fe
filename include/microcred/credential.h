/*
 * microcred - awarded credentials: issuing Open Badges 3.0 / W3C VC 2.0
 * credentials for a published MC version, their status (revocation and
 * suspension with Bitstring Status List v1.0), and verification.
 *
 * A credential is stored exactly as issued (its bytes), under the stable
 * id BASE/credentials/UUID.  The learner's email never appears in clear:
 * the subject carries a salted SHA-256 identity hash.
 *
 * The records, options and enums (mc_credential, mc_issue_options,
 * mc_verify_report, mc_verdict ...) are in types/credential.h.
 */
#ifndef MICROCRED_CREDENTIAL_H
#define MICROCRED_CREDENTIAL_H

#include <stddef.h>

#include "store.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Data Integrity cryptosuites ---------------------------------------- */

/** The cryptosuites OB 3.0 credentials can be signed with, in the order a
 * form offers them: "eddsa-rdfc-2022" (the default), "eddsa-jcs-2022",
 * "ecdsa-rdfc-2019", "ecdsa-jcs-2019"; NULL-terminated. */
extern const char *const mc_cryptosuites[];

/** 1 if `name` is one of mc_cryptosuites, else 0. */
int mc_cryptosuite_known(const char *name);

/**
 * The platform's default cryptosuite: what an OB 3.0 credential whose
 * options name none is signed with, and what status list credentials are
 * signed with.  Kept in the store, so every server node agrees.  Returns
 * 0, MC_EINVALID (not a known name; the store's message says which are),
 * MC_EDB.
 */
int mc_cryptosuite_set_default(mc_store *store, const char *name);

/** The platform's default into *out (static storage; "eddsa-rdfc-2022"
 * when never set).  Returns 0 or MC_EDB. */
int mc_cryptosuite_default(mc_store *store, const char **out);

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

/* jansson's types (<jansson.h>), for callers that parse a credential. */
struct json_t;
struct json_error_t;

/**
 * Parse a credential's JSON text data[0..len) as the verifier reads it:
 * as json_loadb() with JSON_REJECT_DUPLICATES (one value, duplicate
 * member names and trailing data refused), except that an integer beyond
 * 64 bits is read as a double, as JavaScript and JCS (RFC 8785) read it.
 * A front door that hands a received credential to the library parses it
 * with this, so that what it accepts is what the library would.  Returns
 * a new reference, or NULL with `err` filled as json_loadb() fills it.
 */
struct json_t *mc_credential_json_parse(const char *data, size_t len,
					struct json_error_t *err);

/* ---- status ------------------------------------------------------------- */

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

/** Every status list, for `status-list show`. */
int mc_status_lists(mc_store *store, mc_status_list_info **out, size_t *count);
void mc_status_lists_free(mc_status_list_info *list, size_t count);

/* ---- verification -------------------------------------------------------- */

const char *mc_check_result_name(mc_check_result r);

/** "valid", "invalid", "cannot-tell", "revoked", "suspended", "expired",
 * "not-yet-valid", "forged". */
const char *mc_verdict_name(mc_verdict v);

/** The verdict's class: MC_VERDICT_VALID, MC_VERDICT_UNKNOWN, or
 * MC_VERDICT_INVALID for every verdict that says "not valid". */
mc_verdict mc_verdict_class(mc_verdict v);

/** "none", "catalogue", "domain", "trusted-list", "eidas", "test". */
const char *mc_binding_name(mc_binding b);

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
 * Load trust anchors for seal certificates (mc_trust_anchors) from
 * `files` (each a PEM bundle, or a trusted-list XML file when it starts
 * with '<').  A trusted list declaring a DTD or an entity is refused.
 * Returns 0, MC_EINVALID / MC_ETOOBIG / MC_EIO with the file and reason
 * in `err`, MC_ENOMEM.
 */
int mc_trust_anchors_load(mc_trust_anchors **out, const char *const *files,
			  size_t count, char *err, size_t errlen);
void mc_trust_anchors_free(mc_trust_anchors *t);

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
