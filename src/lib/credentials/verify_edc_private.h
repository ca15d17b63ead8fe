/*
 * Inside the sealed-EDC verifier: what verify_edc.c (the flow, the seal,
 * its time and its trust) shares with verify_edc_claims.c (issuer, owner,
 * status, validity, accreditation) and verify_edc_about.c (what the
 * credential says it is).
 */
#ifndef MC_VERIFY_EDC_PRIVATE_H
#define MC_VERIFY_EDC_PRIVATE_H

#include <jansson.h>
#include <openssl/x509.h>

#include "microcred/credential.h"
#include "verify_private.h"

/** The checks of an EDC report, in order. */
enum {
	MC__E_FORMAT,
	MC__E_SEAL,
	MC__E_ISSUER,
	MC__E_TRUST,
	MC__E_TIMESTAMP,
	MC__E_OWNER,
	MC__E_REVOCATION,
	MC__E_EXPIRY,
	MC__E_ACCREDITATION,
	MC__E_COUNT
};

/** Allowed difference between the verifier's clock and a time a seal
 * claims (sigT) or a timestamp states, in seconds. */
#define MC__EDC_CLOCK_SKEW 300

/** First value of a language map (or the string itself), or NULL. */
const char *mc__edc_lang_first(const json_t *m);

/** The seal certificate's subject attribute `nid` into buf ("" when
 * absent); returns buf. */
const char *mc__edc_cert_attr(X509 *x, int nid, char *buf, size_t len);

/** The issuer check: the credential's eIDAS (or legal) identifier names
 * the seal certificate's organisation.  Returns non-zero when it passed. */
int mc__edc_check_issuer(struct mc__vrun *run, const json_t *vc, X509 *leaf);

/** A credential whose id is one this platform issued (`store` may be NULL)
 * must be sealed with a seal, current or retired, of the organisation
 * that issued it: else the issuer check fails (forged).  Returns non-zero
 * when it is not ours or is so sealed. */
int mc__edc_check_ours(struct mc__vrun *run, mc_store *store, const json_t *vc,
		       const unsigned char *leaf, size_t leaf_len);

void mc__edc_check_owner(struct mc__vrun *run, const json_t *vc,
			 const char *owner);

/** The credential's own status (credentialStatus) with this platform's
 * store; another platform's is not checked (cannot tell). */
void mc__edc_check_status(struct mc__vrun *run, mc_store *store,
			  const json_t *vc);

void mc__edc_check_expiry(struct mc__vrun *run, const json_t *vc,
			  long long now);

void mc__edc_check_accreditation(struct mc__vrun *run, mc_store *store,
				 const json_t *vc, const mc_verify_options *o);

/** Fill `a` from the credential (learner, titles, level, credits, issuer
 * name, issue date, our public page).  Returns 0 or MC_ENOMEM. */
int mc__edc_about(mc_verify_about *a, mc_store *store, const json_t *vc);

#endif
