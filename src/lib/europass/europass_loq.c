/*
 * The nodes of the Europass LOQ profile for one published MC version and
 * its organisations.  Shapes (fixtures/edc/LOQ-constraints.ttl) are
 * closed, so only the properties they list are written; every mandatory
 * one is: Qualification title, ISCEDFCode (thematicArea), EQFLevel,
 * NQFLevel and learningOutcome; LearningOpportunity title, homepage,
 * providedBy, learningAchievementSpecification and defaultLanguage;
 * Organisation legalName and location/address/countryCode.
 *
 * Ids are stable and live under the server's base URL: BASE/mc/ID/vN#...
 * for the parts of a version, BASE/org/ID (and #location ...) for an
 * organisation.  The edc-ap context gives no "id"/"type" aliases, so the
 * keywords "@id" and "@type" are used; it types dateModified as an IRI and
 * has no term for defaultLanguage, so those two are written as a typed
 * value object and as the compact IRI "elm:defaultLanguage".
 *
 * A value the record does not have is left out, except for mandatory
 * ones with a documented fallback: no sector gives ISCED-F "00" (generic
 * programmes), no national level gives the EQF level as NQF level.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "europass_private.h"
#include "util/iso_codes.h"
#include "microcred/esco.h"
#include "util/util.h"

/* ---- JSON helpers -------------------------------------------------------- */

/* Add `value` (stolen) under `key`; non-zero when it could not be added (a
 * NULL value counts as a failure). */
static int put(json_t *obj, const char *key, json_t *value)
{
	return !value || json_object_set_new(obj, key, value);
}

static int push(json_t *arr, json_t *value)
{
	return !value || json_array_append_new(arr, value);
}

/* A new node {"@id": id, "@type": type}; `id` is taken over (may be NULL
 * after a failed allocation: then NULL). */
static json_t *node(char *id, const char *type)
{
	json_t *o =
	    id ? json_pack("{s:s, s:s}", "@id", id, "@type", type) : NULL;

	free(id);
	return o;
}

static json_t *ref(const char *id)
{
	return json_pack("{s:s}", "@id", id);
}

/* A language map as a JSON object, in the record's order. */
static json_t *langmap(const mc_langmap *m)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; o && i < m->count; i++)
		if (json_object_set_new(o, m->items[i].lang,
					json_string(m->items[i].text))) {
			json_decref(o);
			return NULL;
		}
	return o;
}

/* A Concept of `scheme` with an optional English label. */
static json_t *concept(const char *uri, const char *scheme, const char *label)
{
	json_t *c = json_pack("{s:s, s:s, s:{s:s, s:s}}", "@id", uri, "@type",
			      "Concept", "inScheme", "@id", scheme, "@type",
			      "ConceptScheme");

	if (c && label &&
	    put(c, "prefLabel", json_pack("{s:s}", "en", label))) {
		json_decref(c);
		return NULL;
	}
	return c;
}

static json_t *country_concept(const char *alpha2)
{
	char a3[4], up[3], uri[64];

	if (!mc__iso_alpha3(alpha2, a3))
		return NULL;
	up[0] = (char)(alpha2[0] & ~0x20);
	up[1] = (char)(alpha2[1] & ~0x20);
	up[2] = '\0';
	snprintf(uri, sizeof(uri),
		 "http://publications.europa.eu/resource/authority/country/%s",
		 a3);
	return concept(
	    uri, "http://publications.europa.eu/resource/authority/country",
	    mc_country_name(up));
}

/* The language concept of `tag`, or NULL (also for an unknown tag). */
static json_t *language_concept(const char *tag)
{
	char code[4], uri[64];

	if (!mc__iso_lang_code(tag, code))
		return NULL;
	snprintf(uri, sizeof(uri),
		 "http://publications.europa.eu/resource/authority/language/%s",
		 code);
	return concept(
	    uri, "http://publications.europa.eu/resource/authority/language",
	    NULL);
}

/* A Note with the text of `m`, id `id` (taken over). */
static json_t *note(char *id, const mc_langmap *m)
{
	json_t *n = node(id, "Note");

	if (n && put(n, "noteLiteral", langmap(m))) {
		json_decref(n);
		return NULL;
	}
	return n;
}

/* A WebResource at `url`, id `id` (taken over). */
static json_t *web_resource(char *id, const char *url)
{
	json_t *w = node(id, "WebResource");

	if (w && put(w, "contentURL", json_string(url))) {
		json_decref(w);
		return NULL;
	}
	return w;
}

/* A Location of one country: {Location, address {Address, countryCode}}. */
static json_t *location(const char *id, const char *alpha2)
{
	json_t *c = country_concept(alpha2);

	if (!c)
		return NULL;
	return json_pack("{s:s+, s:s, s:{s:s+, s:s, s:o}}", "@id", id,
			 "#location", "@type", "Location", "address", "@id", id,
			 "#address", "@type", "Address", "countryCode", c);
}

/* An xsd:dateTime value object (dateModified is typed @id in edc-ap). */
static json_t *date_time(const char *rfc3339)
{
	return json_pack("{s:s, s:s}", "@value", rfc3339, "@type",
			 "http://www.w3.org/2001/XMLSchema#dateTime");
}

/* ---- Qualification ------------------------------------------------------- */

static const char *const MODE_URI[] = {
    NULL, "http://data.europa.eu/snb/learning-assessment/9191af2ed9",
    "http://data.europa.eu/snb/learning-assessment/920fbb3cbe",
    "http://data.europa.eu/snb/learning-assessment/e92d221e4d"};
static const char *const MODE_LABEL[] = {NULL, "Presential", "Online",
					 "Blended"};
#define MODE_SCHEME "http://data.europa.eu/snb/learning-assessment/25831c2"

/* The mode concepts: the form of participation, and work-based learning
 * when the record says so; an empty array when neither is set. */
static json_t *modes(const mc_microcred *mc)
{
	json_t *a = json_array();
	int bad = !a;

	if (!bad && mc->mode > MC_MODE_UNSET && mc->mode <= MC_MODE_BLENDED)
		bad = push(a, concept(MODE_URI[mc->mode], MODE_SCHEME,
				      MODE_LABEL[mc->mode]));
	if (!bad && mc->work_based)
		bad = push(
		    a, concept("http://data.europa.eu/snb/learning-assessment/"
			       "729f3bed4b",
			       MODE_SCHEME, "Work-based"));
	if (bad) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* "PT25H", "PT12H30M": hours of learning as an xsd:duration. */
static json_t *duration_hours(double hours)
{
	long minutes = lround(hours * 60.0);
	char buf[48];

	if (minutes % 60)
		snprintf(buf, sizeof(buf), "PT%ldH%ldM", minutes / 60,
			 minutes % 60);
	else
		snprintf(buf, sizeof(buf), "PT%ldH", minutes / 60);
	return json_string(buf);
}

/* A CreditPoint of framework `fw` (ECTS or ECVET). */
static json_t *credit(const char *qid, const char *name, const char *fw,
		      const char *label, double points)
{
	char pts[32];

	snprintf(pts, sizeof(pts), "%g", points);
	return json_pack(
	    "{s:s+, s:s, s:o, s:s}", "@id", qid, name, "@type", "CreditPoint",
	    "framework",
	    concept(fw, "http://data.europa.eu/snb/education-credit/25831c2",
		    label),
	    "point", pts);
}

/* The ESCO skill concept of `uri`, labelled in the language it was
 * imported in when the store has it. */
static json_t *esco_skill(mc_store *store, const char *uri)
{
	mc_esco_concept *e = NULL;
	json_t *c =
	    json_pack("{s:s, s:s, s:{s:s, s:s}}", "@id", uri, "@type",
		      "Concept", "inScheme", "@id",
		      "http://data.europa.eu/esco/concept-scheme/skills",
		      "@type", "ConceptScheme");

	if (c && store && mc_esco_get(store, &e, uri) == 0 && e->label &&
	    e->lang &&
	    put(c, "prefLabel", json_pack("{s:s}", e->lang, e->label))) {
		json_decref(c);
		c = NULL;
	}
	mc_esco_concept_free(e);
	return c;
}

static json_t *outcomes(const struct mc__loq_input *in, const char *qid)
{
	const mc_microcred *mc = in->mc;
	json_t *a = json_array();
	size_t i, k;
	int bad = !a;

	for (i = 0; !bad && i < mc->outcome_count; i++) {
		const mc_outcome *o = &mc->outcomes[i];
		json_t *lo = node(mc__asprintf("%s-outcome-%zu", qid, i + 1),
				  "LearningOutcome");
		json_t *skills = json_array();

		bad = !lo || !skills || put(lo, "title", langmap(&o->text));
		for (k = 0; !bad && k < o->esco_skills.count; k++)
			bad = push(skills, esco_skill(in->store,
						      o->esco_skills.items[k]));
		if (!bad && json_array_size(skills)) {
			bad = put(lo, "relatedESCOSkill", skills);
			skills = NULL;
		}
		json_decref(skills);
		if (bad)
			json_decref(lo);
		else
			bad = push(a, lo); /* takes lo, also on failure */
	}
	if (bad) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* The NQF level as a concept.  National frameworks have QDR concepts that
 * are not known here: ours are minted under BASE/europass/nqf/CC/LEVEL, in
 * the scheme BASE/europass/nqf/CC. */
static json_t *nqf_level(const struct mc__loq_input *in)
{
	const char *cc = in->org_country ? in->org_country : "EU";
	char level[16], uri[1100], scheme[1024], label[96];

	if (in->mc->nqf_level)
		snprintf(level, sizeof(level), "%.15s", in->mc->nqf_level);
	else
		snprintf(level, sizeof(level), "%d", in->mc->eqf_level);
	snprintf(scheme, sizeof(scheme), "%s/europass/nqf/%s", in->base, cc);
	snprintf(uri, sizeof(uri), "%s/%s", scheme, level);
	snprintf(label, sizeof(label), "NQF %s level %s", cc, level);
	return concept(uri, scheme, label);
}

json_t *mc__loq_qualification(const struct mc__loq_input *in)
{
	const mc_microcred *mc = in->mc;
	char *qid = mc__asprintf("%s/mc/%s/v%u", in->base, mc->id, mc->version);
	char eqf[64], label[16], isced[64];
	const char *sector = mc->sector ? mc->sector : "00";
	json_t *q = NULL, *a, *credits;
	size_t i;
	int bad;

	if (!qid)
		return NULL;
	q = node(mc__asprintf("%s#qualification", qid), "Qualification");
	bad = !q || put(q, "title", langmap(&mc->title));
	if (!bad && mc->description.count)
		bad = put(q, "description", langmap(&mc->description));
	if (!bad)
		bad = put(q, "identifier",
			  json_pack("{s:s+, s:s, s:s, s:s+}", "@id", qid,
				    "#identifier", "@type", "Identifier",
				    "notation", mc->id, "schemeName", in->base,
				    "/mc"));
	if (!bad)
		bad = put(q, "homepage",
			  web_resource(mc__asprintf("%s#homepage", qid), qid));
	if (!bad && in->modified)
		bad = put(q, "dateModified", date_time(in->modified));
	snprintf(isced, sizeof(isced), "http://data.europa.eu/snb/isced-f/%s",
		 sector);
	if (!bad)
		bad = put(q, "thematicArea",
			  concept(isced,
				  "http://data.europa.eu/snb/isced-f/25831c2",
				  mc_isced_label(sector)));
	snprintf(eqf, sizeof(eqf), "http://data.europa.eu/snb/eqf/%d",
		 mc->eqf_level);
	snprintf(label, sizeof(label), "Level %d", mc->eqf_level);
	if (!bad)
		bad = put(q, "eqfLevel",
			  concept(eqf, "http://data.europa.eu/snb/eqf/25831c2",
				  label));
	if (!bad)
		bad = put(q, "nqfLevel", nqf_level(in));
	credits = json_array();
	bad = bad || !credits;
	if (!bad && mc->ects > 0)
		bad = push(credits,
			   credit(qid, "#credit-ects",
				  "http://data.europa.eu/snb/education-credit/"
				  "6fcec5c5af",
				  "European Credit Transfer System", mc->ects));
	if (!bad && mc->ecvet > 0)
		bad = push(credits,
			   credit(qid, "#credit-ecvet",
				  "http://data.europa.eu/snb/education-credit/"
				  "60b314e826",
				  "ECVET", mc->ecvet));
	if (!bad && json_array_size(credits)) {
		bad = put(q, "creditPoint", credits);
		credits = NULL;
	}
	json_decref(credits);
	if (!bad && mc->hours > 0)
		bad = put(q, "volumeOfLearning", duration_hours(mc->hours));
	a = json_array();
	bad = bad || !a;
	for (i = 0; !bad && i < mc->languages.count; i++) {
		json_t *l = language_concept(mc->languages.items[i]);

		if (l)
			bad = push(a, l);
	}
	if (!bad && json_array_size(a)) {
		bad = put(q, "language", a);
		a = NULL;
	}
	json_decref(a);
	if (!bad) {
		a = modes(mc);
		bad = !a;
		if (!bad && json_array_size(a))
			bad = put(q, "mode", a);
		else
			json_decref(a);
	}
	if (!bad && mc->setting != MC_SETTING_UNSET)
		bad = put(
		    q, "learningSetting",
		    mc->setting == MC_SETTING_FORMAL
			? concept("http://data.europa.eu/snb/learning-setting/"
				  "6fd4685715",
				  "http://data.europa.eu/snb/learning-setting/"
				  "25831c2",
				  "formal learning")
			: concept("http://data.europa.eu/snb/learning-setting/"
				  "e207a81fc7",
				  "http://data.europa.eu/snb/learning-setting/"
				  "25831c2",
				  "non-formal learning"));
	if (!bad && mc->prerequisites.count)
		bad = put(q, "entryRequirement",
			  note(mc__asprintf("%s#entry-requirement", qid),
			       &mc->prerequisites));
	if (!bad)
		bad = put(q, "learningOutcome", outcomes(in, qid));
	if (!bad && mc->stackability != MC_STACK_UNSET)
		bad = put(q, "isPartialQualification",
			  json_boolean(mc->stackability == MC_STACK_STACKABLE));
	if (!bad) {
		json_t *bodies = json_array();

		bad = !bodies;
		for (i = 0; !bad && i < mc->awarding_bodies.count; i++) {
			char *oid = mc__asprintf("%s/org/%s", in->base,
						 mc->awarding_bodies.items[i]);

			bad = !oid || push(bodies, ref(oid));
			free(oid);
		}
		if (!bad && !json_array_size(bodies) && mc->provider) {
			char *oid =
			    mc__asprintf("%s/org/%s", in->base, mc->provider);

			bad = !oid || push(bodies, ref(oid));
			free(oid);
		}
		if (!bad && json_array_size(bodies)) {
			bad = put(q, "awardingOpportunity",
				  json_pack("{s:s+, s:s, s:O, s:{s:s+}}", "@id",
					    qid, "#awarding", "@type",
					    "AwardingOpportunity",
					    "awardingBody", bodies,
					    "learningAchievementSpecification",
					    "@id", qid, "#qualification"));
		}
		json_decref(bodies);
	}
	free(qid);
	if (bad) {
		json_decref(q);
		return NULL;
	}
	return q;
}

/* ---- LearningOpportunity ------------------------------------------------- */

json_t *mc__loq_opportunity(const struct mc__loq_input *in)
{
	const mc_microcred *mc = in->mc;
	char *vid = mc__asprintf("%s/mc/%s/v%u", in->base, mc->id, mc->version);
	char *page = mc__asprintf("%s/mc/%s", in->base, mc->id);
	json_t *o = NULL, *a, *lang;
	size_t i;
	int bad = !vid || !page;

	if (!bad) {
		o = node(mc__asprintf("%s#opportunity", vid),
			 "LearningOpportunity");
		bad = !o || put(o, "title", langmap(&mc->title));
	}
	if (!bad && mc->description.count)
		bad = put(o, "description", langmap(&mc->description));
	if (!bad)
		bad = put(o, "homepage",
			  web_resource(mc__asprintf("%s#page", vid), page));
	if (!bad && in->modified)
		bad = put(o, "dateModified", date_time(in->modified));
	if (!bad) {
		char *qid = mc__asprintf("%s#qualification", vid);

		bad = !qid ||
		      put(o, "learningAchievementSpecification", ref(qid));
		free(qid);
	}
	if (!bad && mc->provider) {
		char *oid = mc__asprintf("%s/org/%s", in->base, mc->provider);

		bad = !oid || put(o, "providedBy", ref(oid));
		free(oid);
	}
	if (!bad) {
		a = modes(mc);
		bad = !a;
		if (!bad && json_array_size(a))
			bad = put(o, "mode", a);
		else
			json_decref(a);
	}
	/* Where it is offered: the countries of Annex I element 3. */
	a = json_array();
	bad = bad || !a;
	for (i = 0; !bad && i < mc->countries.count; i++) {
		char *lid = mc__asprintf("%s-%s", vid, mc->countries.items[i]);
		json_t *l;

		if (!lid) {
			bad = 1;
			break;
		}
		l = location(lid, mc->countries.items[i]);
		free(lid);
		if (l) /* an unknown code has no location */
			bad = push(a, l);
	}
	if (!bad && json_array_size(a)) {
		bad = put(o, "location", a);
		a = NULL;
	}
	json_decref(a);
	lang = language_concept(mc->primary_language ? mc->primary_language
						     : "en");
	if (!bad)
		bad = put(o, "elm:defaultLanguage",
			  lang ? lang : language_concept("en"));
	else
		json_decref(lang);
	free(vid);
	free(page);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* ---- Organisation -------------------------------------------------------- */

json_t *mc__loq_organisation(const char *base, const mc_org *org)
{
	char *oid = mc__asprintf("%s/org/%s", base, org->id);
	json_t *o = NULL;
	int bad = !oid;

	if (!bad) {
		o = node(mc__strdup(oid), "Organisation");
		bad = !o || put(o, "legalName", langmap(&org->name));
	}
	if (!bad && org->legal_identifier && org->country)
		bad = put(o, "registration",
			  json_pack("{s:s+, s:s, s:s, s:o}", "@id", oid,
				    "#registration", "@type", "LegalIdentifier",
				    "notation", org->legal_identifier,
				    "spatial", country_concept(org->country)));
	if (!bad && org->website)
		bad = put(o, "homepage",
			  web_resource(mc__asprintf("%s#homepage", oid),
				       org->website));
	if (!bad)
		bad = put(o, "location",
			  location(oid, org->country ? org->country : ""));
	free(oid);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}
