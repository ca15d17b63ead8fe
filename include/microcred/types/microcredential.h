/*
 * microcred - the micro-credential model.
 *
 * One mc_microcred is one version of a micro-credential (MC) as designed by
 * a provider: every element of the Council Recommendation of 16 June 2022,
 * Annex I, that describes the MC itself (the learner and the date of issue
 * belong to an awarded credential, not here), the optional elements, and
 * what the programme adds (sector, target groups, languages, OER licence).
 *
 * The JSON form (mc_microcred_from_json / mc_microcred_to_json) is the
 * import/export format documented in docs/FORMATS.md.  Its emitter is
 * deterministic, so exporting what was imported gives the same bytes.
 */
#ifndef MICROCRED_TYPES_MICROCREDENTIAL_H
#define MICROCRED_TYPES_MICROCREDENTIAL_H

#include <stddef.h>
#include "errors.h"
#include "langmap.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest identifier (MC, organisation, cluster slug). */
#define MC_ID_MAX 64
/** Longest single text value, in bytes. */
#define MC_TEXT_MAX 8192
/** Most learning outcomes in one MC. */
#define MC_OUTCOMES_MAX 100
/** Most entries in any other list (languages, skills, target groups ...). */
#define MC_LIST_MAX 64

/** Lifecycle of one version: draft -> in_review -> approved -> published ->
 * retired.  A version is editable only as a draft. */
typedef enum {
	MC_STATUS_DRAFT = 0,
	MC_STATUS_IN_REVIEW,
	MC_STATUS_APPROVED,
	MC_STATUS_PUBLISHED,
	MC_STATUS_RETIRED
} mc_status;

/** EQF learning-outcome categories. */
typedef enum {
	MC_LO_KNOWLEDGE = 0,
	MC_LO_SKILLS,
	MC_LO_RESPONSIBILITY /**< responsibility and autonomy */
} mc_lo_category;

/** Type of assessment (Annex I element 9). */
typedef enum {
	MC_ASSESS_UNSET = 0,
	MC_ASSESS_WRITTEN_EXAM,
	MC_ASSESS_ORAL_EXAM,
	MC_ASSESS_PRACTICAL, /**< practical demonstration / skills test */
	MC_ASSESS_ARTEFACT,  /**< a product or artefact made by the learner */
	MC_ASSESS_PORTFOLIO,
	MC_ASSESS_PROJECT,
	MC_ASSESS_ONLINE_TEST,
	MC_ASSESS_OBSERVATION, /**< observation in the workplace */
	MC_ASSESS_COMBINED     /**< several of the above */
} mc_assessment_type;

/** Form of participation (Annex I element 10). */
typedef enum {
	MC_MODE_UNSET = 0,
	MC_MODE_ONSITE,
	MC_MODE_ONLINE,
	MC_MODE_BLENDED
} mc_mode;

/** Learning setting. */
typedef enum {
	MC_SETTING_UNSET = 0,
	MC_SETTING_FORMAL,
	MC_SETTING_NON_FORMAL
} mc_setting;

/** Type of quality assurance (Annex I element 11). */
typedef enum {
	MC_QA_UNSET = 0,
	MC_QA_INTERNAL,	    /**< the provider's own QA system */
	MC_QA_EXTERNAL,	    /**< reviewed by an external body */
	MC_QA_ACCREDITATION /**< accredited by a national body */
} mc_qa_type;

/** Supervision and identity verification during assessment (optional). */
typedef enum {
	MC_SUPERVISION_UNSET = 0,
	MC_SUPERVISION_NONE_NO_ID, /**< unsupervised, no ID verification */
	MC_SUPERVISION_NO_ID,	   /**< supervised, no ID verification */
	MC_SUPERVISION_ONLINE_ID,  /**< supervised online with ID check */
	MC_SUPERVISION_ONSITE_ID   /**< supervised onsite with ID check */
} mc_supervision;

/** Integration / stackability options (optional). */
typedef enum {
	MC_STACK_UNSET = 0,
	MC_STACK_STANDALONE,
	MC_STACK_STACKABLE /**< part of a larger credential: see part_of */
} mc_stackability;

/** One learning outcome, an observable statement ("The learner can ..."). */
typedef struct {
	mc_lo_category category;
	mc_langmap text;
	mc_strlist esco_skills; /**< http://data.europa.eu/esco/skill/<uuid> */
} mc_outcome;

/**
 * One version of a micro-credential.  All strings are owned UTF-8; free the
 * whole record with mc_microcred_free().  Unset optional values are NULL,
 * empty, 0 or *_UNSET.
 */
typedef struct {
	char *id;	  /**< stable slug, [a-z0-9-], same for all versions */
	unsigned version; /**< 1, 2, ...; 0 before the store assigns one */
	mc_status status;

	char *primary_language; /**< BCP 47 tag; must have a title */
	mc_strlist languages;	/**< languages of instruction */
	mc_langmap title;	/**< Annex I 2 */
	mc_langmap description;

	char *provider;		    /**< organisation id that designs the MC */
	mc_strlist awarding_bodies; /**< Annex I 4: organisation ids */
	mc_strlist countries;	    /**< Annex I 3: ISO 3166-1 alpha-2 */
	mc_strlist regions;	    /**< Annex I 3: region names, optional */

	char *sector;		  /**< ISCED-F 2013 code: "07", "071", "0715" */
	mc_strlist target_groups; /**< see mc_target_group_valid() */

	mc_outcome *outcomes; /**< Annex I 6 */
	size_t outcome_count;

	/* Annex I 7: at least one of these; 0 means unset. */
	double ects;
	double ecvet;
	double hours;

	int eqf_level;	 /**< Annex I 8: 1..8 */
	char *nqf_level; /**< national level: "4", "6.1"; optional */

	mc_assessment_type assessment; /**< Annex I 9 */
	mc_langmap assessment_description;

	mc_mode mode;	    /**< Annex I 10 */
	mc_setting setting; /**< optional */
	int work_based;	    /**< boolean */
	int volunteering;   /**< boolean */

	mc_qa_type qa_type; /**< Annex I 11 */
	mc_langmap qa_description;
	char *qa_body; /**< organisation id, optional */

	mc_langmap prerequisites; /**< optional */
	mc_supervision supervision;
	mc_stackability stackability;
	char *part_of; /**< URI or name of the larger credential */
	mc_langmap further_information;

	char *licence;	    /**< SPDX identifier, default "CC-BY-SA-4.0" */
	char *attribution;  /**< who made it, kept through adaptations */
	char *derived_from; /**< URI of the MC version this was adapted from */
} mc_microcred;

/** Allocate an empty record (licence preset).  Returns 0 or MC_ENOMEM. */
int mc_microcred_new(mc_microcred **out);

/** Free a record and everything it owns.  NULL-safe. */
void mc_microcred_free(mc_microcred *mc);

/** Deep copy.  Returns 0 or MC_ENOMEM. */
int mc_microcred_dup(mc_microcred **out, const mc_microcred *src);

/**
 * Parse one MC from its JSON text (an object).  Type errors, unknown enum
 * values, unknown fields and oversized values are appended to `problems`
 * with `where` as their source; then mc_microcred_validate() runs, so the
 * list holds every problem of the record at once.
 *
 * Returns 0 and a record in *out when no problem was found; MC_EINVALID
 * with *out NULL otherwise; MC_ENOMEM.
 */
int mc_microcred_from_json(mc_microcred **out, const char *json, size_t len,
			   const char *where, mc_problems *problems);

/* jansson's JSON value (<jansson.h>), for callers holding a parsed one. */
struct json_t;

/**
 * As mc_microcred_from_json(), from a JSON value already parsed (an
 * object; it is read, never changed): for a caller that read the record as
 * part of a larger document, so that it is parsed once.  Every problem
 * names its field, with `where` as its source; a value that is not an
 * object is one problem.
 *
 * Returns 0 and a record in *out when no problem was found; MC_EINVALID
 * with *out NULL otherwise; MC_ENOMEM.
 */
int mc_microcred_from_jansson(mc_microcred **out, const struct json_t *obj,
			      const char *where, mc_problems *problems);

/**
 * Check a record against Annex I and the programme's rules.  Appends one
 * problem per fault to `problems` (field path + reason) and returns 0 if
 * there were none, MC_EINVALID otherwise.
 */
int mc_microcred_validate(const mc_microcred *mc, const char *where,
			  mc_problems *problems);

/**
 * Serialise to the JSON import/export form: fixed key order, two-space
 * indent, no trailing newline, unset optional fields left out.  The string
 * is the caller's, freed with free().  Returns 0 or MC_ENOMEM.
 */
int mc_microcred_to_json(char **out, const mc_microcred *mc);

/* Controlled vocabularies: names as they appear in JSON and on the CLI. */

const char *mc_status_name(mc_status s);
/** Returns 0 and the value, or MC_EINVALID for an unknown name. */
int mc_status_parse(mc_status *out, const char *name);

const char *mc_lo_category_name(mc_lo_category c);
int mc_lo_category_parse(mc_lo_category *out, const char *name);
const char *mc_assessment_name(mc_assessment_type t);
int mc_assessment_parse(mc_assessment_type *out, const char *name);
const char *mc_mode_name(mc_mode m);
int mc_mode_parse(mc_mode *out, const char *name);
const char *mc_setting_name(mc_setting s);
int mc_setting_parse(mc_setting *out, const char *name);
const char *mc_qa_name(mc_qa_type q);
int mc_qa_parse(mc_qa_type *out, const char *name);
const char *mc_supervision_name(mc_supervision s);
int mc_supervision_parse(mc_supervision *out, const char *name);
const char *mc_stackability_name(mc_stackability s);
int mc_stackability_parse(mc_stackability *out, const char *name);

/**
 * Non-zero if `name` is a target group: one of "adults", "unemployed",
 * "structurally_weak_regions", "returnees", "idps" (internally displaced
 * persons), "youth", "women", "veterans", "people_with_disabilities",
 * "employees" (upskilling), or "other:<name>" for any other named group.
 */
int mc_target_group_valid(const char *name);

/** NULL-terminated list of the named target groups (without "other:"). */
const char *const *mc_target_groups(void);

/**
 * English label of an ISCED-F 2013 field code ("0715" -> "Mechanics and
 * metal trades"), or NULL when the code is not in the classification.
 */
const char *mc_isced_label(const char *code);

/** The broad field ("07") of any ISCED-F code, into a 3-byte buffer. */
void mc_isced_broad(char out[3], const char *code);

/** English name of a country by ISO 3166-1 alpha-2 code, or NULL. */
const char *mc_country_name(const char *alpha2);

/** The six partner countries outside the EU: UA MK GE AM RS ME, NULL-ended. */
const char *const *mc_partner_countries(void);

#ifdef __cplusplus
}
#endif

#endif
