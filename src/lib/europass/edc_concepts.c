/*
 * Concept tables of the EDC application profile (edc_concepts.h).  URIs
 * are those of the Commission's sample credentials and DOMAIN.md section
 * 3; a value without a published concept gets a local one, never a
 * guessed Europass URI.
 */
#include "edc_concepts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/iso_codes.h"
#include "util/util.h"

#define SNB    "http://data.europa.eu/snb/"
#define SCHEME "/25831c2"

json_t *mc__edc_concept(const char *id, const char *scheme,
			const char *label_en, const char *notation)
{
	json_t *c =
	    json_pack("{s:s, s:s, s:{s:s, s:s}}", "id", id, "type", "Concept",
		      "inScheme", "id", scheme, "type", "ConceptScheme");

	if (c && notation &&
	    json_object_set_new(c, "notation", json_string(notation))) {
		json_decref(c);
		return NULL;
	}
	if (c && label_en &&
	    json_object_set_new(c, "prefLabel",
				json_pack("{s:s}", "en", label_en))) {
		json_decref(c);
		return NULL;
	}
	return c;
}

int mc__edc_lang_code(char out[4], const char *tag)
{
	return mc__iso_lang_code(tag, out) ? 0 : -1;
}

int mc__edc_lang_tag(char out[4], const char *uri)
{
	const size_t n = strlen(MC__EDC_LANG_AUTH "/");

	if (!uri || strncmp(uri, MC__EDC_LANG_AUTH "/", n) != 0)
		return -1;
	return mc__iso_lang_tag(uri + n, out) ? 0 : -1;
}

json_t *mc__edc_language(const char *tag)
{
	const char *name = mc__iso_lang_name(tag);
	char code[4], id[96];

	if (!mc__iso_lang_code(tag, code))
		return NULL;
	snprintf(id, sizeof(id), "%s/%s", MC__EDC_LANG_AUTH, code);
	return mc__edc_concept(id, MC__EDC_LANG_AUTH, name ? name : code,
			       "language");
}

json_t *mc__edc_country(const char *alpha2)
{
	const char *name;
	char a3[4], id[96];

	if (!alpha2 || !mc__iso_alpha3(alpha2, a3))
		return NULL;
	name = mc_country_name(alpha2);
	snprintf(id, sizeof(id), "%s/%s", MC__EDC_COUNTRY_AUTH, a3);
	return mc__edc_concept(id, MC__EDC_COUNTRY_AUTH, name ? name : alpha2,
			       "country");
}

json_t *mc__edc_eqf(int level)
{
	char id[64], label[16];

	if (level < 1 || level > 8)
		return NULL;
	snprintf(id, sizeof(id), SNB "eqf/%d", level);
	snprintf(label, sizeof(label), "Level %d", level);
	return mc__edc_concept(id, SNB "eqf" SCHEME, label, NULL);
}

json_t *mc__edc_isced(const char *code)
{
	const char *label = mc_isced_label(code);
	char id[64];

	if (!label || strlen(code) > 8)
		return NULL;
	snprintf(id, sizeof(id), SNB "isced-f/%s", code);
	return mc__edc_concept(id, SNB "isced-f" SCHEME, label, NULL);
}

json_t *mc__edc_mode(mc_mode m)
{
	static const char *const id[] = {NULL, "9191af2ed9", "920fbb3cbe",
					 "e92d221e4d"};
	static const char *const label[] = {NULL, "Presential", "Online",
					    "Blended"};
	char uri[80];

	if (m <= MC_MODE_UNSET || m > MC_MODE_BLENDED)
		return NULL;
	snprintf(uri, sizeof(uri), SNB "learning-assessment/%s", id[m]);
	return mc__edc_concept(uri, SNB "learning-assessment" SCHEME, label[m],
			       NULL);
}

json_t *mc__edc_setting(mc_setting s)
{
	if (s == MC_SETTING_FORMAL)
		return mc__edc_concept(SNB "learning-setting/6fd4685715",
				       SNB "learning-setting" SCHEME,
				       "formal learning", NULL);
	if (s == MC_SETTING_NON_FORMAL)
		return mc__edc_concept(SNB "learning-setting/e207a81fc7",
				       SNB "learning-setting" SCHEME,
				       "non-formal learning", NULL);
	return NULL;
}

/* A concept of our own: BASE#what-NAME in scheme BASE#what. */
static json_t *local_concept(const char *base, const char *what,
			     const char *name, const char *label)
{
	char *id = mc__asprintf("%s#%s-%s", base, what, name);
	char *scheme = mc__asprintf("%s#%s", base, what);
	json_t *c =
	    id && scheme ? mc__edc_concept(id, scheme, label, NULL) : NULL;

	free(id);
	free(scheme);
	return c;
}

json_t *mc__edc_assessment_type(mc_assessment_type t, const char *local_base)
{
	static const char *const label[] = {NULL,
					    "written exam",
					    "oral exam",
					    "practical demonstration",
					    "artefact assessment",
					    "portfolio",
					    "project",
					    "online test",
					    "observation",
					    "combined assessment"};

	switch (t) {
	case MC_ASSESS_UNSET:
		return NULL;
	case MC_ASSESS_WRITTEN_EXAM:
		return mc__edc_concept(SNB "assessment/6e6cb2cc78",
				       SNB "assessment" SCHEME, label[t], NULL);
	case MC_ASSESS_ORAL_EXAM:
		return mc__edc_concept(SNB "assessment/d30284d7df",
				       SNB "assessment" SCHEME, label[t], NULL);
	case MC_ASSESS_ARTEFACT:
		return mc__edc_concept(SNB "assessment/de4d165a6c",
				       SNB "assessment" SCHEME, label[t], NULL);
	default:
		if (t > MC_ASSESS_COMBINED)
			return NULL;
		return local_concept(local_base, "assessment-type",
				     mc_assessment_name(t), label[t]);
	}
}

json_t *mc__edc_supervision(mc_supervision s, const char *local_base)
{
	const char *scheme = SNB "supervision-verification" SCHEME;

	switch (s) {
	case MC_SUPERVISION_NONE_NO_ID:
		return mc__edc_concept(
		    SNB "supervision-verification/c598449d64", scheme,
		    "Unsupervised without ID Verification", NULL);
	case MC_SUPERVISION_ONLINE_ID:
	case MC_SUPERVISION_ONSITE_ID:
		return mc__edc_concept(
		    SNB "supervision-verification/70be69aaf9", scheme,
		    "Supervised with ID Verification", NULL);
	case MC_SUPERVISION_NO_ID:
		return local_concept(local_base, "supervision",
				     mc_supervision_name(s),
				     "Supervised without ID Verification");
	default:
		return NULL;
	}
}

json_t *mc__edc_credit_framework(int ecvet)
{
	return ecvet ? mc__edc_concept(SNB "education-credit/60b314e826",
				       SNB "education-credit" SCHEME,
				       "European Credit system for Vocational "
				       "Education and Training",
				       NULL)
		     : mc__edc_concept(SNB "education-credit/6fcec5c5af",
				       SNB "education-credit" SCHEME,
				       "European Credit Transfer System", NULL);
}

json_t *mc__edc_reuse_level(const char *level)
{
	static const char *const names[][2] = {
	    {"transversal", "transversal skills and competences"},
	    {"cross-sector", "cross-sector skills and competences"},
	    {"sector-specific", "sector-specific skills and competences"},
	    {"occupation-specific",
	     "occupation-specific skills and competences"}};
	char id[96];
	size_t i;

	for (i = 0; level && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(level, names[i][0]) == 0) {
			snprintf(id, sizeof(id), SNB "skill-reuse-level/%s",
				 level);
			return mc__edc_concept(id,
					       SNB "skill-reuse-level" SCHEME,
					       names[i][1], NULL);
		}
	return NULL;
}

json_t *mc__edc_profile_generic(void)
{
	return mc__edc_concept(SNB "credential/e34929035b",
			       SNB "credential" SCHEME, "Generic", NULL);
}

json_t *mc__edc_base64(void)
{
	return mc__edc_concept(SNB "encoding/6146cde7dd", SNB "encoding" SCHEME,
			       "base64", NULL);
}

json_t *mc__edc_png(void)
{
	return mc__edc_concept(
	    "http://publications.europa.eu/resource/authority/file-type/PNG",
	    "http://publications.europa.eu/resource/authority/file-type", "PNG",
	    "file-type");
}
