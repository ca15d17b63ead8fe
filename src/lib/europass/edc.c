/*
 * The unsigned European Digital Credential (edc.h): the Commission's
 * micro-credential sample's structure, filled from the MC record, the
 * awarding body, the seal certificate and the learner.  Node ids are the
 * credential's id with a fragment ("#achievement", "#issuer" ...), and
 * the MC version's URI for what every credential of that version shares
 * (the Qualification and its learning outcomes), so RDF merges only nodes
 * that are truly the same.  The learner's email never appears.
 */
#include "edc.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edc_concepts.h"
#include "microcred/catalogue.h"
#include "microcred/esco.h"
#include "util/util.h"

/* Most languages a document lists (MC languages, title languages). */
#define LANGS_MAX (2 * MC_LIST_MAX + 2)

struct ctx {
	const struct mc__edc_input *in;
	const char *langs[LANGS_MAX]; /* every language of the MC */
	size_t nlangs;
	const char *lang; /* the learner's, else the MC's primary */
};

static int put(json_t *obj, const char *key, json_t *value)
{
	return !value || json_object_set_new(obj, key, value);
}

static int push(json_t *arr, json_t *value)
{
	return !value || json_array_append_new(arr, value);
}

/* "ID#frag" as a JSON string. */
static json_t *node_id(const char *base, const char *frag)
{
	char *s = mc__asprintf("%s#%s", base, frag);
	json_t *j = s ? json_string(s) : NULL;

	free(s);
	return j;
}

/* {"id": BASE#frag, "type": type}, or NULL. */
static json_t *node(const char *base, const char *frag, const char *type)
{
	json_t *o = json_object();

	if (o && (put(o, "id", node_id(base, frag)) ||
		  put(o, "type", json_string(type)))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* A language map with every entry of `m`; NULL when `m` is empty. */
static json_t *langmap(const mc_langmap *m)
{
	json_t *o;
	size_t i;

	if (!m->count || !(o = json_object()))
		return NULL;
	for (i = 0; i < m->count; i++)
		if (put(o, m->items[i].lang, json_string(m->items[i].text))) {
			json_decref(o);
			return NULL;
		}
	return o;
}

/* {lang: text} */
static json_t *langtext(const char *lang, const char *text)
{
	return json_pack("{s:s}", lang, text);
}

/* A Note node whose noteLiteral is `literal` (taken over). */
static json_t *note(const char *base, const char *frag, json_t *literal)
{
	json_t *n = node(base, frag, "Note");

	if (!n || put(n, "noteLiteral", literal)) {
		if (!n)
			json_decref(literal);
		json_decref(n);
		return NULL;
	}
	return n;
}

static void add_lang(struct ctx *c, const char *lang)
{
	size_t i;

	if (!lang || !*lang || c->nlangs == LANGS_MAX)
		return;
	for (i = 0; i < c->nlangs; i++)
		if (strcmp(c->langs[i], lang) == 0)
			return;
	c->langs[c->nlangs++] = lang;
}

/* Language concepts of every MC language with an EU authority code. */
static json_t *languages(const struct ctx *c)
{
	json_t *arr = json_array(), *l;
	size_t i;

	for (i = 0; arr && i < c->nlangs; i++)
		if ((l = mc__edc_language(c->langs[i])) && push(arr, l)) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

/* Location with an Address in `country`: {"id", "type", "address"}. */
static json_t *location(const char *base, const char *who, const char *country)
{
	char frag[64];
	json_t *loc, *addr;

	snprintf(frag, sizeof(frag), "%s-location", who);
	loc = node(base, frag, "Location");
	snprintf(frag, sizeof(frag), "%s-address", who);
	addr = node(base, frag, "Address");
	if (!loc || !addr ||
	    put(addr, "countryCode", mc__edc_country(country)) ||
	    put(loc, "address", addr)) {
		json_decref(loc);
		json_decref(addr);
		return NULL;
	}
	return loc;
}

/* A LegalIdentifier with `notation`, spatial = country. */
static json_t *legal_identifier(const char *base, const char *frag,
				const char *notation, const char *country)
{
	json_t *li = node(base, frag, "LegalIdentifier");

	if (li && (put(li, "notation", json_string(notation)) ||
		   put(li, "spatial", mc__edc_country(country)))) {
		json_decref(li);
		return NULL;
	}
	return li;
}

/* The awarding body: every name, its country, register id and site. */
static json_t *awarding_body(const struct ctx *c)
{
	const mc_org *org = c->in->awarding;
	const char *base = c->in->id;
	json_t *o = node(base, "awarding-body", "Organisation");
	char *page = NULL;
	int bad = !o;

	/* The organisation's stable page on this platform names it, so an
	 * accreditation list can name the body, not one credential's node;
	 * the issuer node (from the seal) has an id of its own. */
	if (!bad && c->in->store &&
	    (!(page = mc__asprintf("%s/org/%s", c->in->store->base_url,
				   org->id)) ||
	     put(o, "id", json_string(page))))
		bad = 1;
	free(page);

	if (!bad)
		bad = put(o, "legalName", langmap(&org->name)) ||
		      put(o, "location",
			  location(base, "awarding-body", org->country));
	if (!bad && org->short_name)
		bad = put(o, "altLabel", langtext("en", org->short_name));
	if (!bad && org->legal_identifier)
		bad =
		    put(o, "registration",
			legal_identifier(base, "awarding-body-registration",
					 org->legal_identifier, org->country));
	if (!bad && org->website) {
		json_t *w = node(base, "awarding-body-homepage", "WebResource");

		bad = !w || put(w, "contentURL", json_string(org->website)) ||
		      put(o, "homepage", w);
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The awarding process (the same node, in full, wherever ELM requires
 * one: achievement, assessment, activity, as the sample does). */
static json_t *awarding(const struct ctx *c)
{
	json_t *aw = node(c->in->id, "awarding", "AwardingProcess");

	if (aw && (put(aw, "awardingBody", awarding_body(c)) ||
		   put(aw, "awardingDate", json_string(c->in->issued_at)))) {
		json_decref(aw);
		return NULL;
	}
	return aw;
}

/* An issuer Organisation under `base`: legalName `name` (a language map,
 * taken over), eIDASIdentifier `ident` when given, location `country`. */
static json_t *org_node(const char *base, json_t *name, const char *ident,
			const char *country)
{
	json_t *o = node(base, "issuer", "Organisation");
	int bad = !o || put(o, "legalName", name);

	if (!o)
		json_decref(name);
	if (!bad && ident)
		bad =
		    put(o, "eIDASIdentifier",
			legal_identifier(base, "issuer-eidas", ident, country));
	if (!bad)
		bad = put(o, "location", location(base, "issuer", country));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *mc__edc_issuer(const mc_seal_info *seal, const char *base)
{
	if (!seal || !base || !seal->organization || !seal->country)
		return NULL;
	return org_node(base, langtext("en", seal->organization),
			seal->org_identifier, seal->country);
}

/* The issuer, from the seal certificate (its O under the language of the
 * awarding body's name it equals, else "en"); without a seal (unit
 * tests), from the awarding body. */
static json_t *issuer(const struct ctx *c)
{
	const mc_seal_info *seal = c->in->seal;
	const mc_org *org = c->in->awarding;
	const char *name_lang = "en";
	size_t i;

	if (!seal || !seal->organization || !seal->country)
		return org_node(c->in->id, langmap(&org->name),
				org->legal_identifier, org->country);
	for (i = 0; i < org->name.count; i++)
		if (strcmp(org->name.items[i].text, seal->organization) == 0)
			name_lang = org->name.items[i].lang;
	return org_node(c->in->id, langtext(name_lang, seal->organization),
			seal->org_identifier, seal->country);
}

/* The learner: names, date of birth, identifier; never the email. */
static json_t *person(const struct ctx *c, json_t *claim)
{
	const mc_learner *l = c->in->learner;
	const char *sp = strrchr(l->name, ' ');
	json_t *p = node(c->in->id, "learner", "Person");
	int bad = !p;

	if (!bad)
		bad = put(p, "fullName", langtext(c->lang, l->name));
	if (!bad && sp && sp > l->name && sp[1]) {
		char *given = mc__strndup(l->name, (size_t)(sp - l->name));

		bad = !given || put(p, "givenName", langtext(c->lang, given)) ||
		      put(p, "familyName", langtext(c->lang, sp + 1));
		free(given);
	} else if (!bad) {
		bad = put(p, "givenName", langtext(c->lang, l->name));
	}
	if (!bad && l->date_of_birth && *l->date_of_birth) {
		char *dob = mc__asprintf("%.10sT00:00:00Z", l->date_of_birth);

		bad = !dob || put(p, "dateOfBirth", json_string(dob));
		free(dob);
	}
	if (!bad && l->identifier && *l->identifier) {
		json_t *id =
		    node(c->in->id, "learner-identifier", "Identifier");

		bad =
		    !id || put(id, "notation", json_string(l->identifier)) ||
		    put(id, "schemeName",
			json_string("National or institutional identifier")) ||
		    put(p, "identifier", id);
	}
	if (!bad)
		bad = put(p, "hasClaim", json_incref(claim));
	if (bad) {
		json_decref(p);
		return NULL;
	}
	return p;
}

/* ISO 8601 duration of `hours` ("PT80H", "PT2H30M"). */
static json_t *duration(double hours)
{
	long long s = llround(hours * 3600.0);
	char buf[64];
	int n;

	n = snprintf(buf, sizeof(buf), "PT%lldH", s / 3600);
	if (s % 3600 / 60)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%lldM",
			      s % 3600 / 60);
	if (s % 60)
		snprintf(buf + n, sizeof(buf) - (size_t)n, "%lldS", s % 60);
	return json_string(buf);
}

static json_t *credit(const char *base, const char *frag, int ecvet,
		      double points)
{
	json_t *cp = node(base, frag, "CreditPoint");
	char num[32];

	snprintf(num, sizeof(num), "%g", points);
	if (cp && (put(cp, "framework", mc__edc_credit_framework(ecvet)) ||
		   put(cp, "point", json_string(num)))) {
		json_decref(cp);
		return NULL;
	}
	return cp;
}

/* One ESCO skill concept, labelled from the store when imported. */
static json_t *esco_skill(const struct ctx *c, const char *uri,
			  const char **reuse)
{
	mc_esco_concept *e = NULL;
	json_t *k;

	if (c->in->store)
		mc_esco_get(c->in->store, &e, uri);
	k = mc__edc_concept(uri,
			    "http://data.europa.eu/esco/concept-scheme/"
			    "skills",
			    NULL, "Skill");
	if (k && e && e->label && e->lang &&
	    put(k, "prefLabel", langtext(e->lang, e->label))) {
		json_decref(k);
		k = NULL;
	}
	if (e && e->reuse_level && !*reuse) {
		static const char *const levels[] = {
		    "transversal", "cross-sector", "sector-specific",
		    "occupation-specific"};
		size_t i;

		for (i = 0; i < 4; i++)
			if (strcmp(e->reuse_level, levels[i]) == 0)
				*reuse = levels[i];
	}
	mc_esco_concept_free(e);
	return k;
}

static json_t *outcomes(const struct ctx *c)
{
	const mc_microcred *mc = c->in->mc;
	json_t *arr = json_array();
	size_t i, k;
	int bad = !arr;

	for (i = 0; !bad && i < mc->outcome_count; i++) {
		const mc_outcome *o = &mc->outcomes[i];
		const char *reuse = NULL;
		char frag[48];
		json_t *lo, *skills = json_array();

		snprintf(frag, sizeof(frag), "learning-outcome-%zu", i + 1);
		lo = node(c->in->mc_uri, frag, "LearningOutcome");
		bad = !lo || !skills || put(lo, "title", langmap(&o->text));
		for (k = 0; !bad && k < o->esco_skills.count; k++)
			bad =
			    push(skills, esco_skill(c, o->esco_skills.items[k],
						    &reuse));
		if (!bad && json_array_size(skills))
			bad = put(lo, "relatedESCOSkill", json_incref(skills));
		if (!bad && reuse)
			bad = put(lo, "reusabilityLevel",
				  mc__edc_reuse_level(reuse));
		json_decref(skills);
		if (bad)
			json_decref(lo);
		else
			bad = push(arr, lo); /* takes lo */
	}
	if (bad) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* The name of the quality assurance body (its id without a store). */
static char *qa_body_name(const struct ctx *c)
{
	const char *id = c->in->mc->qa_body;
	mc_org *org = NULL;
	char *name;

	if (!id)
		return NULL;
	if (!c->in->store || mc_org_get(c->in->store, &org, id) != 0)
		return mc__strdup(id);
	name = mc__strdup(mc_langmap_pick(&org->name, "en", NULL));
	mc_org_free(org);
	return name;
}

/* Notes with no ELM field: type of quality assurance, national level. */
static json_t *notes(const struct ctx *c)
{
	const mc_microcred *mc = c->in->mc;
	const char *base = c->in->mc_uri;
	json_t *arr = json_array(), *lit = json_object();
	size_t i;
	int bad = !arr || !lit;
	char *en = NULL;

	if (!bad) {
		const char *d = mc_langmap_get(&mc->qa_description, "en");
		char *body = qa_body_name(c);

		en = mc__asprintf("Type of quality assurance: %s%s%s.%s%s",
				  mc_qa_name(mc->qa_type), body ? " by " : "",
				  body ? body : "", d ? " " : "", d ? d : "");
		free(body);
		bad = !en || put(lit, "en", json_string(en));
	}
	for (i = 0; !bad && i < mc->qa_description.count; i++)
		if (strcmp(mc->qa_description.items[i].lang, "en") != 0)
			bad =
			    put(lit, mc->qa_description.items[i].lang,
				json_string(mc->qa_description.items[i].text));
	free(en);
	if (!bad) {
		bad = push(arr, note(base, "quality-assurance", lit));
		lit = NULL;
	}
	if (!bad && mc->nqf_level) {
		char *t = mc__asprintf(
		    "National qualifications framework level: %s (%s)",
		    mc->nqf_level,
		    mc->countries.count ? mc->countries.items[0] : "-");

		bad =
		    !t || push(arr, note(base, "nqf-level", langtext("en", t)));
		free(t);
	}
	json_decref(lit);
	if (bad) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* specifiedBy: the Qualification the MC version describes. */
static json_t *qualification(const struct ctx *c)
{
	const mc_microcred *mc = c->in->mc;
	const char *base = c->in->mc_uri;
	json_t *q =
	    json_pack("{s:s, s:s}", "id", base, "type", "Qualification");
	json_t *cp, *isced = mc->sector ? mc__edc_isced(mc->sector) : NULL;
	int bad = !q;

	if (!bad)
		bad = put(q, "title", langmap(&mc->title)) ||
		      put(q, "eqfLevel", mc__edc_eqf(mc->eqf_level)) ||
		      put(q, "language", languages(c)) ||
		      put(q, "learningOutcome", outcomes(c)) ||
		      put(q, "additionalNote", notes(c));
	if (!bad && mc->description.count)
		bad = put(q, "description", langmap(&mc->description));
	if (!bad && isced) {
		bad = put(q, "thematicArea", isced);
		isced = NULL;
	}
	if (!bad && (mc->ects > 0 || mc->ecvet > 0)) {
		bad = !(cp = json_array());
		if (!bad && mc->ects > 0)
			bad =
			    push(cp, credit(base, "credit-ects", 0, mc->ects));
		if (!bad && mc->ecvet > 0)
			bad = push(cp,
				   credit(base, "credit-ecvet", 1, mc->ecvet));
		if (put(q, "creditPoint", cp))
			bad = 1;
	}
	if (!bad && mc->hours > 0)
		bad = put(q, "volumeOfLearning", duration(mc->hours));
	if (!bad && mc->mode)
		bad = put(q, "mode", mc__edc_mode(mc->mode));
	if (!bad && mc->setting)
		bad = put(q, "learningSetting", mc__edc_setting(mc->setting));
	if (!bad && mc->prerequisites.count)
		bad = put(q, "entryRequirement",
			  note(base, "entry-requirement",
			       langmap(&mc->prerequisites)));
	if (!bad && mc->stackability)
		bad = put(q, "isPartialQualification",
			  json_boolean(mc->stackability == MC_STACK_STACKABLE));
	json_decref(isced);
	if (bad) {
		json_decref(q);
		return NULL;
	}
	return q;
}

/* provenBy: the assessment, its type, mode, grade and supervision. */
static json_t *assessment(const struct ctx *c)
{
	const mc_microcred *mc = c->in->mc;
	const char *base = c->in->id;
	json_t *a = node(base, "assessment", "LearningAssessment");
	json_t *s = node(c->in->mc_uri, "assessment",
			 "LearningAssessmentSpecification");
	int bad = !a || !s;

	if (!bad)
		bad = put(a, "title", langmap(&mc->title)) ||
		      put(s, "title", langmap(&mc->title)) ||
		      put(s, "language", languages(c));
	if (!bad && mc->assessment)
		bad =
		    put(s, "dcType",
			mc__edc_assessment_type(mc->assessment, c->in->mc_uri));
	if (!bad && mc->assessment_description.count)
		bad =
		    put(s, "description", langmap(&mc->assessment_description));
	if (!bad && mc->mode)
		bad = put(s, "mode", mc__edc_mode(mc->mode));
	/* A grade is mandatory in ELM; without one the credential states
	 * what awarding it means: the assessment was passed. */
	if (!bad)
		bad = put(a, "grade",
			  note(base, "grade",
			       c->in->opts && c->in->opts->grade
				   ? langtext(c->lang, c->in->opts->grade)
				   : langtext("en", "passed")));
	if (!bad)
		bad = put(a, "awardedBy", awarding(c));
	if (!bad && mc->supervision)
		bad = put(a, "idVerification",
			  mc__edc_supervision(mc->supervision, c->in->mc_uri));
	if (!bad) {
		bad = put(a, "specifiedBy", s);
		s = NULL;
	}
	json_decref(s);
	if (bad) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* influencedBy: the learning activity (the course), as in the sample. */
static json_t *activity(const struct ctx *c)
{
	const mc_microcred *mc = c->in->mc;
	json_t *a = node(c->in->id, "activity", "LearningActivity");
	json_t *s =
	    node(c->in->mc_uri, "activity", "LearningActivitySpecification");
	int bad = !a || !s;

	if (!bad)
		bad = put(a, "title", langmap(&mc->title)) ||
		      put(a, "awardedBy", awarding(c)) ||
		      put(s, "title", langmap(&mc->title)) ||
		      put(s, "language", languages(c));
	if (!bad && mc->mode)
		bad = put(s, "mode", mc__edc_mode(mc->mode));
	if (!bad && mc->hours > 0)
		bad = put(s, "volumeOfLearning", duration(mc->hours));
	if (!bad) {
		bad = put(a, "specifiedBy", s);
		s = NULL;
	}
	json_decref(s);
	if (bad) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static json_t *achievement(const struct ctx *c)
{
	json_t *a = node(c->in->id, "achievement", "LearningAchievement");
	int bad = !a;

	if (!bad)
		bad = put(a, "title", langmap(&c->in->mc->title)) ||
		      put(a, "awardedBy", awarding(c)) ||
		      put(a, "provenBy", assessment(c)) ||
		      put(a, "influencedBy", activity(c)) ||
		      put(a, "specifiedBy", qualification(c));
	if (bad) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* One IndividualDisplay in `lang` with the rendered page. */
static json_t *display(const struct ctx *c, const char *lang, json_t *content)
{
	const char *base = c->in->id;
	char frag[64];
	json_t *d, *det, *img;
	int bad;

	snprintf(frag, sizeof(frag), "display-%s", lang);
	d = node(base, frag, "IndividualDisplay");
	snprintf(frag, sizeof(frag), "display-%s-page-1", lang);
	det = node(base, frag, "DisplayDetail");
	snprintf(frag, sizeof(frag), "display-%s-image", lang);
	img = node(base, frag, "MediaObject");
	bad = !d || !det || !img || put(d, "language", mc__edc_language(lang));
	if (!bad && content)
		bad = put(img, "content", json_incref(content)) ||
		      put(img, "contentEncoding", mc__edc_base64()) ||
		      put(img, "contentType", mc__edc_png()) ||
		      put(det, "page", json_integer(1));
	if (!bad && content) {
		bad = put(det, "image", img);
		img = NULL;
	}
	if (!bad) {
		bad = put(d, "displayDetail", det);
		det = NULL;
	}
	json_decref(img);
	json_decref(det);
	if (bad) {
		json_decref(d);
		return NULL;
	}
	return d;
}

static json_t *display_parameter(const struct ctx *c)
{
	const char *base = c->in->id;
	json_t *dp = node(base, "display", "DisplayParameter");
	json_t *list = json_array(), *content = NULL;
	char code[4];
	int bad = !dp || !list;

	if (!bad && c->in->png && c->in->png_len) {
		size_t n = sodium_base64_ENCODED_LEN(
		    c->in->png_len, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = malloc(n);

		if (b64)
			sodium_bin2base64(b64, n, c->in->png, c->in->png_len,
					  sodium_base64_VARIANT_ORIGINAL);
		bad = !b64 || !(content = json_string(b64));
		free(b64);
	}
	if (!bad)
		bad = put(dp, "title", langmap(&c->in->mc->title)) ||
		      put(dp, "language", languages(c)) ||
		      put(dp, "primaryLanguage", mc__edc_language(c->lang));
	if (!bad && mc__edc_lang_code(code, c->lang) == 0)
		bad = push(list, display(c, c->lang, content));
	if (!bad && strncmp(c->lang, "en", 2) != 0)
		bad = push(list, display(c, "en", content));
	json_decref(content);
	if (!bad) {
		bad = put(dp, "individualDisplay", list);
		list = NULL;
	}
	json_decref(list);
	if (bad) {
		json_decref(dp);
		return NULL;
	}
	return dp;
}

json_t *mc__edc_build(const struct mc__edc_input *in)
{
	struct ctx c;
	json_t *vc, *claim;
	size_t i;
	char code[4];
	int bad;

	if (!in || !in->mc || !in->mc_uri || !in->awarding || !in->learner ||
	    !in->learner->name || !in->id || !in->issued_at)
		return NULL;
	memset(&c, 0, sizeof(c));
	c.in = in;
	add_lang(&c, in->mc->primary_language);
	for (i = 0; i < in->mc->languages.count; i++)
		add_lang(&c, in->mc->languages.items[i]);
	for (i = 0; i < in->mc->title.count; i++)
		add_lang(&c, in->mc->title.items[i].lang);
	c.lang = in->learner->lang && mc_lang_tag_valid(in->learner->lang) &&
			 mc__edc_lang_code(code, in->learner->lang) == 0
		     ? in->learner->lang
		     : in->mc->primary_language;

	if (!(claim = achievement(&c)))
		return NULL;
	vc = json_pack("{s:[s, s], s:s, s:[s, s]}", "@context",
		       "https://www.w3.org/2018/credentials/v1",
		       MC__EDC_CONTEXT, "id", in->id, "type",
		       "VerifiableCredential", "EuropeanDigitalCredential");
	bad = !vc || put(vc, "credentialProfiles", mc__edc_profile_generic()) ||
	      put(vc, "credentialSchema",
		  json_pack("{s:s, s:s}", "id", MC__EDC_SCHEMA, "type",
			    "ShaclValidator2017")) ||
	      put(vc, "issuer", issuer(&c)) ||
	      put(vc, "issued", json_string(in->issued_at)) ||
	      put(vc, "validFrom", json_string(in->issued_at));
	if (!bad && in->opts && in->opts->valid_until)
		bad = put(vc, "validUntil", json_string(in->opts->valid_until));
	if (!bad && in->status_url)
		bad = put(vc, "credentialStatus",
			  json_pack("{s:s, s:s}", "id", in->status_url, "type",
				    "CredentialStatus"));
	if (!bad)
		bad = put(vc, "displayParameter", display_parameter(&c)) ||
		      put(vc, "credentialSubject", person(&c, claim));
	json_decref(claim);
	if (bad) {
		json_decref(vc);
		return NULL;
	}
	return vc;
}
