/*
 * European Digital Credentials (ELM v3, the EDC application profile):
 * building the unsigned EuropeanDigitalCredential for one learner of one
 * MC version, following the Commission's micro-credential sample
 * (fixtures/edc/Sample-MC-Annex1-unsigned.jsonld) and conforming to the
 * SHACL shapes edc-generic-no-cv and edc-generic-full, ELM 3.1 and 3.2.
 *
 * Mapping (DOMAIN.md section 3): learner = credentialSubject (Person);
 * title = hasClaim.title and specifiedBy.title; awarding body =
 * hasClaim.awardedBy.awardingBody; outcomes = specifiedBy.learningOutcome
 * with relatedESCOSkill; workload = creditPoint / volumeOfLearning; EQF =
 * specifiedBy.eqfLevel; assessment = provenBy (dcType, grade, mode,
 * idVerification); participation = mode + learningSetting; prerequisites
 * = entryRequirement; stackability = isPartialQualification.  Text values
 * are language maps with every language the MC has.  The issuer comes from
 * the seal certificate (legal name from O, eIDASIdentifier from
 * organizationIdentifier, country from C).
 */
#ifndef MC_EDC_H
#define MC_EDC_H

#include <stddef.h>

#include <jansson.h>

#include "microcred/certificate.h"
#include "microcred/credential.h"
#include "microcred/microcredential.h"
#include "microcred/organisation.h"
#include "microcred/seal.h"
#include "store/store.h"

#define MC__EDC_CONTEXT "http://data.europa.eu/snb/model/context/edc-ap"
#define MC__EDC_SCHEMA	"http://data.europa.eu/snb/model/ap/edc-generic-full"
#define MC__EDC_PROFILE_GENERIC                                                \
	"http://data.europa.eu/snb/credential/e34929035b"

struct mc__edc_input {
	const mc_microcred *mc;
	const char *mc_uri;	  /**< BASE/mc/ID/vN */
	const mc_org *awarding;	  /**< the awarding body */
	const mc_seal_info *seal; /**< the seal that will seal it */
	const mc_learner *learner;
	const mc_issue_options *opts; /**< grade, assessed_on, valid_until */
	const char *id;		      /**< BASE/credentials/UUID */
	const char *issued_at;	      /**< RFC 3339 UTC: issued, validFrom */
	const char *status_url;	      /**< BASE/credentials/UUID/status */
	/** The rendered certificate page (PNG) for displayParameter, in the
	 * learner's language; may be NULL only in unit tests. */
	const unsigned char *png;
	size_t png_len;
	mc_store *store; /**< ESCO labels; may be NULL */
};

/** The issuer Organisation the seal certificate names (legalName from O,
 * eIDASIdentifier from organizationIdentifier, country from C), with
 * node ids under `base` (the credential's id); NULL on allocation
 * failure.  Used for issuing and for sealing others' EDCs. */
json_t *mc__edc_issuer(const mc_seal_info *seal, const char *base);

/** The unsigned credential, or NULL on allocation failure. */
json_t *mc__edc_build(const struct mc__edc_input *in);

/**
 * Render the certificate page for a credential not stored yet (the EDC's
 * displayParameter image): the same page as mc_certificate_render(), from
 * the MC, the learner and the credential's id and date; the fingerprint
 * line is left out (the image is inside the bytes it would print).  In
 * certificate.c.  Returns as mc_certificate_render().
 */
int mc__certificate_render_for(mc_store *store, unsigned char **out,
			       size_t *len, const mc_microcred *mc,
			       const mc_learner *learner, const char *id,
			       const char *issued_at,
			       const mc_certificate_options *opts);

#endif
