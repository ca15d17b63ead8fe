/*
 * Building the Open Badges 3.0 credential (W3C VC 2.0) that carries one
 * published MC version to one learner: the unsigned document that a proof
 * (Data Integrity) or a JWS (VC-JWT) then seals.
 */
#ifndef MC_OB3_H
#define MC_OB3_H

#include <jansson.h>

#include "microcred/catalogue.h"
#include "microcred/credential.h"
#include "store/store.h"

#define MC__VC2_CONTEXT "https://www.w3.org/ns/credentials/v2"
#define MC__OB3_CONTEXT                                                        \
	"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#define MC__OB3_SCHEMA                                                         \
	"https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"                 \
	"ob_v3p0_achievementcredential_schema.json"

/** Everything the document needs besides the MC. */
struct mc__ob3_input {
	const mc_microcred *mc;
	const char *mc_uri;    /**< BASE/mc/ID/vN */
	const mc_org *issuer;  /**< the awarding body that signs */
	const char *issuer_id; /**< its DID */
	const mc_learner *learner;
	const mc_issue_options *opts;
	const char *id;	       /**< BASE/credentials/UUID */
	const char *issued_at; /**< validFrom, RFC 3339 UTC */
	const char *salt;      /**< for the identity hashes, hex */
	const struct mc__status_ref *status;
	size_t nstatus;
	mc_store *store;     /**< for ESCO labels; may be NULL */
	json_t *achievement; /**< built already for this language (from
				mc__ob3_achievement), or NULL */
};

/**
 * The `achievement` object for readers of `lang`: the same for every
 * learner of one MC version who reads that language, so an issuer builds
 * it once.  Of `in`, only the MC, its URI, the issuer, the store and
 * whether a grade is given are read.  NULL on allocation failure.
 */
json_t *mc__ob3_achievement(const struct mc__ob3_input *in, const char *lang);

/**
 * The unsigned OpenBadgeCredential, or NULL on allocation failure.  Text
 * is in the learner's language where the MC has it (mc_langmap_pick), the
 * other languages' titles follow in the description; EQF, NQF, ECVET,
 * ISCED-F and ESCO skills are alignments; ECTS is creditsAvailable.
 */
json_t *mc__ob3_build(const struct mc__ob3_input *in);

/** "sha256$" + hex(SHA-256(value || salt)), as OB 3.0 IdentityObjects
 * carry it; NULL on allocation failure. */
char *mc__identity_hash(const char *value, const char *salt);

#endif
