/*
 * Concept tables of the EDC application profile (edc_concepts.h).  URIs
 * are those of the Commission's sample credentials and DOMAIN.md section
 * 3; a value without a published concept gets a local one, never a
 * guessed Europass URI.
 */
#include "edc_concepts.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

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

static const struct {
	const char *tag, *code, *name;
} languages[] = {
    {"en", "ENG", "English"},	    {"uk", "UKR", "Ukrainian"},
    {"ka", "KAT", "Georgian"},	    {"hy", "HYE", "Armenian"},
    {"mk", "MKD", "Macedonian"},    {"sr", "SRP", "Serbian"},
    {"cnr", "CNR", "Montenegrin"},  {"sq", "SQI", "Albanian"},
    {"bs", "BOS", "Bosnian"},	    {"ro", "RON", "Romanian"},
    {"ru", "RUS", "Russian"},	    {"az", "AZE", "Azerbaijani"},
    {"de", "DEU", "German"},	    {"fr", "FRA", "French"},
    {"es", "SPA", "Spanish"},	    {"it", "ITA", "Italian"},
    {"pl", "POL", "Polish"},	    {"pt", "POR", "Portuguese"},
    {"nl", "NLD", "Dutch"},	    {"el", "ELL", "Greek"},
    {"bg", "BUL", "Bulgarian"},	    {"hr", "HRV", "Croatian"},
    {"sl", "SLV", "Slovenian"},	    {"sk", "SLK", "Slovak"},
    {"cs", "CES", "Czech"},	    {"hu", "HUN", "Hungarian"},
    {"sv", "SWE", "Swedish"},	    {"fi", "FIN", "Finnish"},
    {"da", "DAN", "Danish"},	    {"et", "EST", "Estonian"},
    {"lv", "LAV", "Latvian"},	    {"lt", "LIT", "Lithuanian"},
    {"ga", "GLE", "Irish"},	    {"mt", "MLT", "Maltese"},
    {"tr", "TUR", "Turkish"},	    {"be", "BEL", "Belarusian"},
    {"no", "NOR", "Norwegian"},	    {"is", "ISL", "Icelandic"},
    {"lb", "LTZ", "Luxembourgish"}, {"ca", "CAT", "Catalan"},
};

/* The primary subtag of `tag`, lower case, into `out` (at most 3). */
static int primary_subtag(char out[4], const char *tag)
{
	size_t n = 0;

	if (!tag)
		return -1;
	while (tag[n] && tag[n] != '-' && n < 4)
		n++;
	if (n < 2 || n > 3)
		return -1;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)tag[i]);
	out[n] = '\0';
	return 0;
}

int mc__edc_lang_code(char out[4], const char *tag)
{
	char sub[4];
	size_t i;

	if (primary_subtag(sub, tag) < 0)
		return -1;
	for (i = 0; i < sizeof(languages) / sizeof(languages[0]); i++)
		if (strcmp(languages[i].tag, sub) == 0) {
			memcpy(out, languages[i].code, 4);
			return 0;
		}
	return -1;
}

int mc__edc_lang_tag(char out[4], const char *uri)
{
	const size_t n = strlen(MC__EDC_LANG_AUTH "/");
	size_t i;

	if (!uri || strncmp(uri, MC__EDC_LANG_AUTH "/", n) != 0 ||
	    strlen(uri + n) != 3)
		return -1;
	for (i = 0; i < sizeof(languages) / sizeof(languages[0]); i++)
		if (strcmp(languages[i].code, uri + n) == 0) {
			memcpy(out, languages[i].tag,
			       strlen(languages[i].tag) + 1);
			return 0;
		}
	return -1;
}

json_t *mc__edc_language(const char *tag)
{
	char sub[4], id[96];
	size_t i;

	if (primary_subtag(sub, tag) < 0)
		return NULL;
	for (i = 0; i < sizeof(languages) / sizeof(languages[0]); i++)
		if (strcmp(languages[i].tag, sub) == 0) {
			snprintf(id, sizeof(id), "%s/%s", MC__EDC_LANG_AUTH,
				 languages[i].code);
			return mc__edc_concept(id, MC__EDC_LANG_AUTH,
					       languages[i].name, "language");
		}
	return NULL;
}

/* ISO 3166-1 alpha-2 -> alpha-3 (the EU country authority's codes) for
 * Europe, the partner countries and their neighbours. */
static const char *const countries[][2] = {
    {"AT", "AUT"}, {"BE", "BEL"}, {"BG", "BGR"}, {"HR", "HRV"}, {"CY", "CYP"},
    {"CZ", "CZE"}, {"DK", "DNK"}, {"EE", "EST"}, {"FI", "FIN"}, {"FR", "FRA"},
    {"DE", "DEU"}, {"GR", "GRC"}, {"HU", "HUN"}, {"IE", "IRL"}, {"IT", "ITA"},
    {"LV", "LVA"}, {"LT", "LTU"}, {"LU", "LUX"}, {"MT", "MLT"}, {"NL", "NLD"},
    {"PL", "POL"}, {"PT", "PRT"}, {"RO", "ROU"}, {"SK", "SVK"}, {"SI", "SVN"},
    {"ES", "ESP"}, {"SE", "SWE"}, {"UA", "UKR"}, {"MK", "MKD"}, {"GE", "GEO"},
    {"AM", "ARM"}, {"RS", "SRB"}, {"ME", "MNE"}, {"MD", "MDA"}, {"AZ", "AZE"},
    {"AL", "ALB"}, {"BA", "BIH"}, {"TR", "TUR"}, {"NO", "NOR"}, {"IS", "ISL"},
    {"CH", "CHE"}, {"LI", "LIE"}, {"GB", "GBR"}, {"BY", "BLR"}, {"RU", "RUS"},
    {"US", "USA"}, {"CA", "CAN"},
};

json_t *mc__edc_country(const char *alpha2)
{
	char id[96];
	size_t i;

	if (!alpha2)
		return NULL;
	for (i = 0; i < sizeof(countries) / sizeof(countries[0]); i++)
		if (strcmp(countries[i][0], alpha2) == 0) {
			const char *name = mc_country_name(alpha2);

			snprintf(id, sizeof(id), "%s/%s", MC__EDC_COUNTRY_AUTH,
				 countries[i][1]);
			return mc__edc_concept(id, MC__EDC_COUNTRY_AUTH,
					       name ? name : alpha2, "country");
		}
	return NULL;
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
