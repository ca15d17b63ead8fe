/*
 * Controlled vocabularies of the EDC application profile (ELM v3) as
 * SKOS concepts, for edc.c: EU authority tables (countries, languages,
 * file types) and the Europass vocabularies (EQF, ISCED-F, learning
 * assessment modes, settings, assessment types, supervision, credit
 * frameworks, skill reuse levels).  Every concept is
 * {"id", "type": "Concept", "inScheme": {"id", "type": "ConceptScheme"},
 * "prefLabel": {"en": ...}} with "notation" where the sample has one.
 */
#ifndef MC_EDC_CONCEPTS_H
#define MC_EDC_CONCEPTS_H

#include <jansson.h>

#include "microcred/microcredential.h"

#define MC__EDC_LANG_AUTH                                                      \
	"http://publications.europa.eu/resource/authority/language"
#define MC__EDC_COUNTRY_AUTH                                                   \
	"http://publications.europa.eu/resource/authority/country"

/** A concept; `notation` may be NULL.  NULL on allocation failure. */
json_t *mc__edc_concept(const char *id, const char *scheme,
			const char *label_en, const char *notation);

/** The EU authority code of a BCP 47 tag ("uk" -> "UKR", "ka" -> "KAT",
 * "cnr" -> "CNR"; mc__iso_lang_code() in iso_codes.h), written into
 * `out`; 0, or -1 for an unknown two-letter language or a bad tag. */
int mc__edc_lang_code(char out[4], const char *tag);
/** The BCP 47 primary language subtag of an EU language authority
 * concept URI (MC__EDC_LANG_AUTH "/UKR" -> "uk", ".../CNR" -> "cnr"),
 * written into `out`; 0, or -1 for another URI or an unknown code. */
int mc__edc_lang_tag(char out[4], const char *uri);
/** The language concept of a BCP 47 tag, or NULL (unknown, no memory). */
json_t *mc__edc_language(const char *tag);
/** The country concept of an ISO 3166-1 alpha-2 code (mc__iso_alpha3()),
 * or NULL. */
json_t *mc__edc_country(const char *alpha2);

json_t *mc__edc_eqf(int level);
/** ISCED-F 2013 field ("0715"), or NULL for an unknown code. */
json_t *mc__edc_isced(const char *code);
/** Learning-assessment mode (also used for participation), or NULL. */
json_t *mc__edc_mode(mc_mode m);
json_t *mc__edc_setting(mc_setting s);
/** Type of assessment; types without a Europass concept get one under
 * `local_base` + "#assessment-type" in a local scheme, as the
 * Commission's sample does. */
json_t *mc__edc_assessment_type(mc_assessment_type t, const char *local_base);
/** Supervision and ID verification; same local fallback. */
json_t *mc__edc_supervision(mc_supervision s, const char *local_base);
/** "ects" or "ecvet" credit framework. */
json_t *mc__edc_credit_framework(int ecvet);
/** ESCO reuse level ("cross-sector"...), or NULL for another value. */
json_t *mc__edc_reuse_level(const char *level);
json_t *mc__edc_profile_generic(void);
json_t *mc__edc_base64(void);
json_t *mc__edc_png(void);

#endif
