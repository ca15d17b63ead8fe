/*
 * The Open Badges 3.0 document for one learner and one MC version.  Only
 * terms the OB 3.0.3 and VC 2.0 contexts define are used, so JSON-LD
 * verifiers in safe mode accept it; Annex I elements without an OB term
 * become alignments ("ext:" target types) or text.
 */
#include "ob3.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/esco.h"
#include "util/util.h"

char *mc__identity_hash(const char *value, const char *salt)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	char hex[2 * crypto_hash_sha256_BYTES + 1];

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)value,
				  strlen(value));
	crypto_hash_sha256_update(&st, (const unsigned char *)salt,
				  strlen(salt));
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	return mc__asprintf("sha256$%s", hex);
}

/* Add `value` to `obj` under `key`; non-zero when it could not be added
 * (a NULL value counts as a failure). */
static int put(json_t *obj, const char *key, json_t *value)
{
	return !value || json_object_set_new(obj, key, value);
}

static int push(json_t *arr, json_t *value)
{
	return !value || json_array_append_new(arr, value);
}

/* An IdentityObject: the plain value when `salt` is NULL, else hashed. */
static json_t *identity(const char *type, const char *value, const char *salt)
{
	json_t *o;
	char *hash;

	if (!salt)
		return json_pack("{s:s, s:b, s:s, s:s}", "type",
				 "IdentityObject", "hashed", 0, "identityHash",
				 value, "identityType", type);
	if (!(hash = mc__identity_hash(value, salt)))
		return NULL;
	o = json_pack("{s:s, s:b, s:s, s:s, s:s}", "type", "IdentityObject",
		      "hashed", 1, "identityHash", hash, "identityType", type,
		      "salt", salt);
	free(hash);
	return o;
}

/* Lower-cased copy of an email address (the hashed form is case-blind). */
static char *normalise_email(const char *email)
{
	char *s = mc__strdup(email), *p;

	for (p = s; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

static json_t *subject_identifiers(const mc_learner *l, const char *salt)
{
	json_t *ids = json_array();
	int bad = !ids;

	if (!bad)
		bad = push(ids, identity("name", l->name, NULL));
	if (!bad && l->email && *l->email) {
		char *email = normalise_email(l->email);

		bad =
		    !email || push(ids, identity("emailAddress", email, salt));
		free(email);
	}
	if (!bad && l->identifier && *l->identifier)
		bad = push(ids, identity("identifier", l->identifier, salt));
	if (!bad && l->date_of_birth && *l->date_of_birth)
		bad = push(ids,
			   identity("ext:dateOfBirth", l->date_of_birth, salt));
	if (bad) {
		json_decref(ids);
		return NULL;
	}
	return ids;
}

static json_t *alignment(const char *type, const char *name, const char *url,
			 const char *code, const char *framework)
{
	json_t *a =
	    json_pack("{s:[s], s:s, s:s, s:s}", "type", "Alignment",
		      "targetType", type, "targetName", name, "targetUrl", url);

	if (a && code && put(a, "targetCode", json_string(code))) {
		json_decref(a);
		return NULL;
	}
	if (a && framework &&
	    put(a, "targetFramework", json_string(framework))) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* EQF, NQF, ECVET, ISCED-F and ESCO alignments of an MC. */
static json_t *alignments(const struct mc__ob3_input *in, const char *lang)
{
	const mc_microcred *mc = in->mc;
	json_t *arr = json_array();
	char name[64], url[128], code[32];
	size_t i, k;
	int bad = !arr;

	snprintf(name, sizeof(name), "EQF level %d", mc->eqf_level);
	snprintf(url, sizeof(url), "http://data.europa.eu/snb/eqf/%d",
		 mc->eqf_level);
	snprintf(code, sizeof(code), "%d", mc->eqf_level);
	if (!bad)
		bad = push(arr, alignment("ext:EQF", name, url, code,
					  "European Qualifications Framework"));
	if (!bad && mc->nqf_level) {
		snprintf(name, sizeof(name), "NQF level %s (%s)", mc->nqf_level,
			 mc->countries.items[0]);
		bad = push(arr,
			   alignment("ext:NQF", name, in->mc_uri, mc->nqf_level,
				     "National Qualifications Framework"));
	}
	if (!bad && mc->ecvet > 0) {
		snprintf(name, sizeof(name), "%g ECVET points", mc->ecvet);
		snprintf(code, sizeof(code), "%g", mc->ecvet);
		bad = push(arr, alignment("ext:ECVET", name,
					  "http://data.europa.eu/snb/"
					  "education-credit/60b314e826",
					  code, "ECVET"));
	}
	if (!bad && mc->sector) {
		const char *label = mc_isced_label(mc->sector);

		snprintf(url, sizeof(url),
			 "http://data.europa.eu/snb/isced-f/%s", mc->sector);
		bad = push(arr,
			   alignment("ext:ISCED-F", label ? label : mc->sector,
				     url, mc->sector, "ISCED-F 2013"));
	}
	for (i = 0; !bad && i < mc->outcome_count; i++) {
		const mc_outcome *o = &mc->outcomes[i];

		for (k = 0; !bad && k < o->esco_skills.count; k++) {
			const char *uri = o->esco_skills.items[k];
			mc_esco_concept *c = NULL;

			if (in->store)
				mc_esco_get(in->store, &c, uri);
			bad = push(arr, alignment("ext:ESCOSkill",
						  c ? c->label
						    : mc_langmap_pick(
							  &o->text, lang,
							  mc->primary_language),
						  uri, NULL, "ESCO"));
			mc_esco_concept_free(c);
		}
	}
	if (bad) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* Markdown: the learning outcomes by EQF category, in `lang`. */
static char *criteria(const mc_microcred *mc, const char *lang)
{
	static const char *const heading[] = {"Knowledge", "Skills",
					      "Responsibility and autonomy"};
	mc_buf b = MC_BUF_INIT(1024 * 1024);
	size_t i;
	int cat, error = 0;

	error = mc__buf_puts(&b, "Learning outcomes assessed:\n");
	for (cat = MC_LO_KNOWLEDGE; !error && cat <= MC_LO_RESPONSIBILITY;
	     cat++) {
		int first = 1;

		for (i = 0; !error && i < mc->outcome_count; i++) {
			if ((int)mc->outcomes[i].category != cat)
				continue;
			if (first)
				error =
				    mc__buf_printf(&b, "\n%s:\n", heading[cat]);
			first = 0;
			if (!error)
				error = mc__buf_printf(
				    &b, "- %s\n",
				    mc_langmap_pick(&mc->outcomes[i].text, lang,
						    mc->primary_language));
		}
	}
	if (error) {
		mc__buf_free(&b);
		return NULL;
	}
	return mc__buf_detach(&b);
}

/* The description: the MC's summary in `lang`, the Annex I facts that
 * have no OB term, and the title in the MC's other languages. */
static char *description(const struct mc__ob3_input *in, const char *lang,
			 const char *title_lang)
{
	const mc_microcred *mc = in->mc;
	const char *p = mc->primary_language;
	const char *summary = mc_langmap_pick(&mc->description, lang, p);
	mc_buf b = MC_BUF_INIT(1024 * 1024);
	size_t i;
	int error = 0;

	if (summary)
		error = mc__buf_printf(&b, "%s\n\n", summary);
	if (!error)
		error = mc__buf_printf(
		    &b,
		    "Micro-credential (Council Recommendation 2022/C "
		    "243/02). Assessment: %s. Participation: %s%s%s. "
		    "Quality assurance: %s.",
		    mc_assessment_name(mc->assessment), mc_mode_name(mc->mode),
		    mc->work_based ? ", work-based" : "",
		    mc->volunteering ? ", volunteering" : "",
		    mc_qa_name(mc->qa_type));
	if (!error && mc->supervision)
		error = mc__buf_printf(&b, " Supervision: %s.",
				       mc_supervision_name(mc->supervision));
	if (!error && mc->stackability)
		error = mc__buf_printf(&b, " Stackability: %s%s%s.",
				       mc_stackability_name(mc->stackability),
				       mc->part_of ? ", part of " : "",
				       mc->part_of ? mc->part_of : "");
	if (!error && mc->hours > 0)
		error = mc__buf_printf(&b, " Notional workload: %g hours.",
				       mc->hours);
	if (!error)
		error =
		    mc__buf_printf(&b,
				   " Licence: %s (open educational "
				   "resource).",
				   mc->licence ? mc->licence : "CC-BY-SA-4.0");
	for (i = 0; !error && i < mc->title.count; i++) {
		if (strcmp(mc->title.items[i].lang, title_lang) == 0)
			continue;
		error =
		    mc__buf_printf(&b, "\n\n[%s] %s", mc->title.items[i].lang,
				   mc->title.items[i].text);
	}
	if (error) {
		mc__buf_free(&b);
		return NULL;
	}
	return mc__buf_detach(&b);
}

/* The language whose title mc_langmap_pick() chose for `lang`. */
static const char *picked_lang(const mc_langmap *m, const char *text)
{
	size_t i;

	for (i = 0; i < m->count; i++)
		if (m->items[i].text == text)
			return m->items[i].lang;
	return "en";
}

/* The platform's base URL: in->mc_uri without its "/mc/ID/vN"; NULL if
 * the URI has another form (then no link to the platform is made). */
static char *base_url(const struct mc__ob3_input *in)
{
	char *tail = mc__asprintf("/mc/%s/v%u", in->mc->id, in->mc->version);
	size_t n = strlen(in->mc_uri), t = tail ? strlen(tail) : 0;
	char *base = NULL;

	if (tail && n > t && strcmp(in->mc_uri + n - t, tail) == 0)
		base = mc__strndup(in->mc_uri, n - t);
	free(tail);
	return base;
}

/* An OB 3.0 Image whose id is `url` (taken and freed); NULL if `url` is
 * NULL or on allocation failure. */
static json_t *image(char *url, const char *caption)
{
	json_t *i = url ? json_pack("{s:s, s:s, s:s}", "id", url, "type",
				    "Image", "caption", caption)
			: NULL;

	free(url);
	return i;
}

/* The issuer's Profile: its website as `url` (else its page on the
 * platform, BASE/org/ID) and as `image` the PNG the platform generates for
 * it (BASE/org/ID/image.png, badge.h): the platform stores no logos. */
static json_t *profile(const struct mc__ob3_input *in)
{
	const mc_org *org = in->issuer;
	const char *name = mc_langmap_pick(&org->name, "en", NULL);
	char *base = base_url(in), *page = NULL;
	json_t *p =
	    json_pack("{s:s, s:[s], s:s, s:{s:[s], s:s}}", "id", in->issuer_id,
		      "type", "Profile", "name", name, "address", "type",
		      "Address", "addressCountryCode", org->country);
	int bad = !p;

	if (!org->website && base)
		page = mc__asprintf("%s/org/%s", base, org->id);
	if (!bad && (org->website || page))
		bad = put(p, "url",
			  json_string(org->website ? org->website : page));
	if (!bad && base)
		bad = put(
		    p, "image",
		    image(mc__asprintf("%s/org/%s/image.png", base, org->id),
			  name));
	free(page);
	free(base);
	if (bad) {
		json_decref(p);
		return NULL;
	}
	return p;
}

json_t *mc__ob3_achievement(const struct mc__ob3_input *in, const char *lang)
{
	const mc_microcred *mc = in->mc;
	const char *title =
	    mc_langmap_pick(&mc->title, lang, mc->primary_language);
	const char *tlang = picked_lang(&mc->title, title);
	char *desc = description(in, lang, tlang);
	char *crit = criteria(mc, lang);
	char version[16];
	json_t *a;
	int bad;

	snprintf(version, sizeof(version), "v%u", mc->version);
	a = json_pack("{s:s, s:[s], s:s, s:s, s:s?, s:{s:s?}, s:s, s:s, s:s}",
		      "id", in->mc_uri, "type", "Achievement",
		      "achievementType", "MicroCredential", "name", title,
		      "description", desc, "criteria", "narrative", crit,
		      "inLanguage", tlang, "humanCode", mc->id, "version",
		      version);
	free(desc);
	free(crit);
	if (!a)
		return NULL;
	bad = put(a, "alignment", alignments(in, lang));
	if (!bad && mc->ects > 0)
		bad = put(a, "creditsAvailable", json_real(mc->ects));
	if (!bad && mc->sector && mc_isced_label(mc->sector))
		bad = put(a, "fieldOfStudy",
			  json_string(mc_isced_label(mc->sector)));
	if (!bad)
		bad = put(a, "creator", profile(in));
	if (!bad)
		bad =
		    put(a, "image",
			image(mc__asprintf("%s/badge.png", in->mc_uri), title));
	if (!bad && in->opts->grade)
		bad = put(a, "resultDescription",
			  json_pack("[{s:s, s:[s], s:s, s:s}]", "id",
				    "urn:microcred:result:grade", "type",
				    "ResultDescription", "name", "Grade",
				    "resultType", "Result"));
	if (bad) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* The revocation entry: Open Badges 3.0 allows one credentialStatus
 * object, and revocation is what every verifier checks.  Suspension lives
 * in the platform's own list (see mc_credential_set_state). */
static json_t *status_entry(const struct mc__ob3_input *in)
{
	size_t i;

	for (i = 0; i < in->nstatus; i++) {
		const struct mc__status_ref *r = &in->status[i];
		char id[600], idx[24];

		if (strcmp(r->purpose, "revocation") != 0)
			continue;
		snprintf(id, sizeof(id), "%s#%zu", r->list_url, r->index);
		snprintf(idx, sizeof(idx), "%zu", r->index);
		return json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id, "type",
				 "BitstringStatusListEntry", "statusPurpose",
				 r->purpose, "statusListIndex", idx,
				 "statusListCredential", r->list_url);
	}
	return NULL;
}

json_t *mc__ob3_build(const struct mc__ob3_input *in)
{
	const mc_microcred *mc = in->mc;
	const char *lang = in->learner->lang;
	json_t *vc, *subject;
	int bad;

	subject = json_pack("{s:[s]}", "type", "AchievementSubject");
	bad = !subject ||
	      put(subject, "identifier",
		  subject_identifiers(in->learner, in->salt)) ||
	      put(subject, "achievement",
		  in->achievement ? json_incref(in->achievement)
				  : mc__ob3_achievement(in, lang));
	if (!bad && in->opts->grade)
		bad = put(subject, "result",
			  json_pack("[{s:[s], s:s, s:s}]", "type", "Result",
				    "resultDescription",
				    "urn:microcred:result:grade", "value",
				    in->opts->grade));
	if (!bad && in->opts->assessed_on) {
		char *at = mc__asprintf("%sT00:00:00Z", in->opts->assessed_on);

		bad = !at || put(subject, "activityEndDate", json_string(at));
		free(at);
	}
	if (bad) {
		json_decref(subject);
		return NULL;
	}
	vc = json_pack("{s:[s, s], s:s, s:[s, s], s:s, s:o}", "@context",
		       MC__VC2_CONTEXT, MC__OB3_CONTEXT, "id", in->id, "type",
		       "VerifiableCredential", "OpenBadgeCredential", "name",
		       mc_langmap_pick(&mc->title, lang, mc->primary_language),
		       "credentialSubject", subject);
	if (!vc)
		return NULL;
	bad = put(vc, "issuer", profile(in)) ||
	      put(vc, "validFrom", json_string(in->issued_at));
	if (!bad && in->opts->valid_until)
		bad = put(vc, "validUntil", json_string(in->opts->valid_until));
	if (!bad && in->nstatus)
		bad = put(vc, "credentialStatus", status_entry(in));
	if (!bad)
		bad = put(vc, "credentialSchema",
			  json_pack("[{s:s, s:s}]", "id", MC__OB3_SCHEMA,
				    "type", "JsonSchema"));
	if (bad) {
		json_decref(vc);
		return NULL;
	}
	return vc;
}
