/*
 * Europass export internals: the ELM nodes of the LOQ profile
 * (fixtures/edc/LOQ-constraints.ttl) for one MC version and for an
 * organisation, as JSON-LD under the edc-ap context, and the code tables
 * that turn ISO codes into the EU authority URIs the profile expects.
 * europass.c picks the MCs of a scope and assembles the dataset.
 */
#ifndef MC_EUROPASS_PRIVATE_H
#define MC_EUROPASS_PRIVATE_H

#include <jansson.h>

#include "microcred/microcredential.h"
#include "microcred/organisation.h"
#include "store/store.h"

#define MC__EUROPASS_CONTEXT "http://data.europa.eu/snb/model/context/edc-ap"

/** What the node builders need besides the record. */
struct mc__loq_input {
	mc_store *store;	 /**< ESCO labels; may be NULL */
	const char *base;	 /**< server base URL, no trailing slash */
	const mc_microcred *mc;	 /**< a published version */
	const char *modified;	 /**< RFC 3339 UTC of the version, or NULL */
	const char *org_country; /**< the provider's country (NQF scheme) */
};

/** The Qualification of `in->mc` (id BASE/mc/ID/vN#qualification), or
 * NULL on allocation failure. */
json_t *mc__loq_qualification(const struct mc__loq_input *in);

/** The LearningOpportunity of `in->mc` (BASE/mc/ID/vN#opportunity),
 * specified by its Qualification and provided by its provider; NULL on
 * allocation failure. */
json_t *mc__loq_opportunity(const struct mc__loq_input *in);

/** The Organisation node of `org` (id BASE/org/ID) with legal name,
 * location (country), homepage and registration; NULL on allocation
 * failure. */
json_t *mc__loq_organisation(const char *base, const mc_org *org);

/* mc__iso_alpha3() and the language codes: iso_codes.h. */

#endif
