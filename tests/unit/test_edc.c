/*
 * Unit tests for the European Digital Credential builder (edc.c) and the
 * certificate page rendered before a credential exists
 * (mc__certificate_render_for): the document is checked against the MC
 * record it was built from (titles in every language, EQF, ISCED-F,
 * credits, workload, mode, setting, prerequisites, outcomes and ESCO
 * skills, assessment, supervision, quality assurance), the issuer against
 * the seal, the learner's names and the absence of the email, Georgian
 * and Ukrainian text byte for byte, and the PNG image (decodable, A4 at
 * 96 dpi).  tests/interop/test_shacl.sh checks what the CLI issues
 * against the SHACL shapes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "microcred/catalogue.h"
#include "microcred/certificate.h"
#include "microcred/esco.h"

#include "europass/edc.h"
#include "sample_mc.h"
#include "util/util.h"

#define ORG "ua-dniprorudne-lyceum"
#define ID                                                                     \
	"https://mc.example.org/credentials/"                                  \
	"1b4e28ba-2fa1-41d2-883f-0016d3cca427"
#define MC_URI "https://mc.example.org/mc/ua-mma-welding/v2"
#define NOW    "2025-03-01T10:00:00Z"
#define SKILL                                                                  \
	"http://data.europa.eu/esco/skill/"                                    \
	"0b0e6f9a-6e2b-4f3c-9a7e-2d6b1c3f4a5e"
#define EMAIL "olena.koval@example.org"

struct fixture {
	char path[64];
	mc_store *s;
	mc_microcred *mc;
	mc_org *org;
	mc_seal_info seal;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mc_problems p = MC_PROBLEMS_INIT;
	static const char csv[] =
	    "conceptType,conceptUri,skillType,reuseLevel,preferredLabel\n"
	    "KnowledgeSkillCompetence," SKILL
	    ",skill/competence,sector-specific,weld fillet joints\n";
	size_t n = 0;
	char *err = NULL;
	int fd;

	assert_non_null(f);
	snprintf(f->path, sizeof(f->path), "/tmp/mc-test-edc-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(f->path);
	if (mc_store_open(&f->s, f->path, NULL, &err) != 0)
		fail_msg("open: %s", err ? err : "?");
	if (mc_catalogue_load_demo(f->s, NULL, &p) != 0)
		fail_msg("demo: %s", mc_store_errmsg(f->s));
	if (mc_esco_import(f->s, &n, csv, strlen(csv), "skills.csv", "en",
			   &p) != 0)
		fail_msg("esco: %s", mc_store_errmsg(f->s));
	assert_int_equal(sample_parse(&f->mc, sample_mc_object(), &p), 0);
	mc_problems_clear(&p);
	assert_int_equal(mc_org_get(f->s, &f->org, ORG), 0);
	f->seal.organization = "Dniprorudne Professional Lyceum (TEST)";
	f->seal.country = "UA";
	f->seal.org_identifier = "NTRUA-12345678";
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char side[80];

	mc_microcred_free(f->mc);
	mc_org_free(f->org);
	mc_store_free(f->s);
	unlink(f->path);
	snprintf(side, sizeof(side), "%s-wal", f->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", f->path);
	unlink(side);
	free(f);
	return 0;
}

/* Build the document for `learner`, with a real rendered page. */
static json_t *build(struct fixture *f, const mc_learner *l,
		     const mc_issue_options *o, int with_png)
{
	mc_certificate_options copts = MC_CERTIFICATE_OPTIONS_INIT;
	struct mc__edc_input in;
	unsigned char *png = NULL;
	size_t len = 0;
	json_t *doc;

	copts.format = MC_CERT_PNG;
	copts.lang = l->lang;
	if (with_png)
		assert_int_equal(mc__certificate_render_for(f->s, &png, &len,
							    f->mc, l, ID, NOW,
							    &copts),
				 0);
	memset(&in, 0, sizeof(in));
	in.mc = f->mc;
	in.mc_uri = MC_URI;
	in.awarding = f->org;
	in.seal = &f->seal;
	in.learner = l;
	in.opts = o;
	in.id = ID;
	in.issued_at = NOW;
	in.status_url = ID "/status";
	in.png = png;
	in.png_len = len;
	in.store = f->s;
	doc = mc__edc_build(&in);
	free(png);
	assert_non_null(doc);
	return doc;
}

/* The object at a dotted path ("a.b.c"); arrays: their first element. */
static json_t *at(json_t *o, const char *path)
{
	char buf[256], *save_p = NULL, *k;

	snprintf(buf, sizeof(buf), "%s", path);
	for (k = strtok_r(buf, ".", &save_p); o && k;
	     k = strtok_r(NULL, ".", &save_p)) {
		if (json_is_array(o))
			o = json_array_get(o, 0);
		o = json_object_get(o, k);
	}
	return o;
}

static const char *str(json_t *o, const char *path)
{
	json_t *v = at(o, path);

	return json_string_value(json_is_array(v) ? json_array_get(v, 0) : v);
}

/* A string that must be there and equal `want`. */
#define eq(got, want) eq_at(got, want, __LINE__)
static void eq_at(const char *got, const char *want, int line)
{
	if (!got)
		fail_msg("line %d: missing, want \"%s\"", line, want);
	if (strcmp(got, want) != 0)
		fail_msg("line %d: \"%s\" != \"%s\"", line, got, want);
}

/* A language map equal to `m`: every language, same text. */
static void assert_langmap(json_t *j, const mc_langmap *m)
{
	size_t i;

	assert_true(json_is_object(j));
	assert_int_equal(json_object_size(j), m->count);
	for (i = 0; i < m->count; i++)
		eq(json_string_value(json_object_get(j, m->items[i].lang)),
		   m->items[i].text);
}

/* Non-zero if the array (or single object) `j` holds a node with id. */
static int has_id(json_t *j, const char *id)
{
	size_t i;
	json_t *v;

	if (json_is_object(j))
		return mc__streq(str(j, "id"), id);
	json_array_foreach(j, i, v) if (mc__streq(str(v, "id"), id)) return 1;
	return 0;
}

static void test_structure(void **state)
{
	struct fixture *f = *state;
	const mc_microcred *mc = f->mc;
	mc_learner l = {"Олена Коваль", EMAIL, "UA-AB-123456", "2001-04-05",
			"uk"};
	mc_issue_options o = MC_ISSUE_OPTIONS_INIT;
	json_t *doc, *q, *lo, *claim, *a;
	char *text;

	o.grade = "Зараховано";
	o.valid_until = "2030-01-01T00:00:00Z";
	doc = build(f, &l, &o, 0);
	eq(str(doc, "@context"), "https://www.w3.org/2018/credentials/v1");
	eq(json_string_value(json_array_get(at(doc, "@context"), 1)),
	   MC__EDC_CONTEXT);
	eq(json_string_value(json_array_get(at(doc, "type"), 1)),
	   "EuropeanDigitalCredential");
	eq(str(doc, "id"), ID);
	eq(str(doc, "credentialProfiles.id"), MC__EDC_PROFILE_GENERIC);
	eq(str(doc, "credentialSchema.id"), MC__EDC_SCHEMA);
	eq(str(doc, "credentialSchema.type"), "ShaclValidator2017");
	eq(str(doc, "issued"), NOW);
	eq(str(doc, "validFrom"), NOW);
	eq(str(doc, "validUntil"), o.valid_until);
	eq(str(doc, "credentialStatus.id"), ID "/status");
	eq(str(doc, "credentialStatus.type"), "CredentialStatus");

	/* issuer from the seal; awarding body from the organisation */
	eq(str(doc, "issuer.type"), "Organisation");
	eq(str(doc, "issuer.eIDASIdentifier.notation"), f->seal.org_identifier);
	eq(str(doc, "issuer.eIDASIdentifier.spatial.id"),
	   "http://publications.europa.eu/resource/authority/country/UKR");
	eq(str(doc, "issuer.location.address.countryCode.id"),
	   "http://publications.europa.eu/resource/authority/country/UKR");
	eq(str(doc, "issuer.legalName.en"), f->seal.organization);
	claim = at(doc, "credentialSubject.hasClaim");
	eq(str(claim, "type"), "LearningAchievement");
	assert_langmap(at(claim, "title"), &mc->title);
	a = at(claim, "awardedBy.awardingBody");
	assert_langmap(at(a, "legalName"), &f->org->name);
	assert_string_not_equal(str(a, "id"), str(doc, "issuer.id"));
	eq(str(claim, "awardedBy.type"), "AwardingProcess");

	/* learner: names, birth date, identifier; email nowhere */
	eq(str(doc, "credentialSubject.type"), "Person");
	eq(str(doc, "credentialSubject.fullName.uk"), l.name);
	eq(str(doc, "credentialSubject.givenName.uk"), "Олена");
	eq(str(doc, "credentialSubject.familyName.uk"), "Коваль");
	eq(str(doc, "credentialSubject.dateOfBirth"), "2001-04-05T00:00:00Z");
	eq(str(doc, "credentialSubject.identifier.notation"), l.identifier);
	text = json_dumps(doc, 0);
	assert_non_null(text);
	assert_null(strstr(text, EMAIL));
	assert_null(strstr(text, "example.org\""));
	free(text);

	/* assessment */
	eq(str(claim, "provenBy.type"), "LearningAssessment");
	eq(str(claim, "provenBy.grade.noteLiteral.uk"), o.grade);
	eq(str(claim, "provenBy.specifiedBy.dcType.id"),
	   MC_URI "#assessment-type-practical_demonstration");
	eq(str(claim, "provenBy.specifiedBy.mode.id"),
	   "http://data.europa.eu/snb/learning-assessment/e92d221e4d");
	assert_langmap(at(claim, "provenBy.specifiedBy.description"),
		       &mc->assessment_description);
	eq(str(claim, "provenBy.idVerification.id"),
	   "http://data.europa.eu/snb/supervision-verification/70be69aaf9");
	eq(str(claim, "influencedBy.type"), "LearningActivity");

	/* qualification */
	q = at(claim, "specifiedBy");
	eq(str(q, "type"), "Qualification");
	eq(str(q, "id"), MC_URI);
	assert_langmap(at(q, "title"), &mc->title);
	assert_langmap(at(q, "description"), &mc->description);
	eq(str(q, "eqfLevel.id"), "http://data.europa.eu/snb/eqf/3");
	eq(str(q, "eqfLevel.inScheme.id"),
	   "http://data.europa.eu/snb/eqf/25831c2");
	eq(str(q, "thematicArea.id"), "http://data.europa.eu/snb/isced-f/0715");
	eq(str(q, "creditPoint.framework.id"),
	   "http://data.europa.eu/snb/education-credit/"
	   "6fcec5c5af");
	eq(str(q, "creditPoint.point"), "3");
	eq(str(json_array_get(at(q, "creditPoint"), 1), "point"), "2.5");
	eq(str(q, "volumeOfLearning"), "PT80H");
	eq(str(q, "learningSetting.id"),
	   "http://data.europa.eu/snb/learning-setting/e207a81fc7");
	assert_langmap(at(q, "entryRequirement.noteLiteral"),
		       &mc->prerequisites);
	assert_true(json_is_true(at(q, "isPartialQualification")));
	assert_non_null(str(q, "additionalNote.noteLiteral.en"));
	assert_non_null(strstr(str(q, "additionalNote.noteLiteral.en"),
			       "Type of quality assurance: accreditation"));
	assert_int_equal(json_array_size(at(q, "learningOutcome")),
			 mc->outcome_count);
	lo = json_array_get(at(q, "learningOutcome"), 1);
	assert_langmap(at(lo, "title"), &mc->outcomes[1].text);
	assert_true(has_id(at(lo, "relatedESCOSkill"), SKILL));
	eq(str(lo, "relatedESCOSkill.prefLabel.en"), "weld fillet joints");
	eq(str(lo, "reusabilityLevel.id"),
	   "http://data.europa.eu/snb/skill-reuse-level/sector-specific");
	assert_null(at(json_array_get(at(q, "learningOutcome"), 0),
		       "relatedESCOSkill"));
	json_decref(doc);
}

/* Every language the MC has is listed, and every language map of the
 * MC's texts carries all its languages; Georgian intact. */
static void test_languages(void **state)
{
	struct fixture *f = *state;
	mc_learner l = {"ნინო ბერიძე", NULL, "GE-1", NULL, "ka"};
	mc_issue_options o = MC_ISSUE_OPTIONS_INIT;
	static const char *const want[] = {"UKR", "ENG", "KAT", "HYE"};
	json_t *doc, *langs;
	size_t i, k;
	char uri[96];

	doc = build(f, &l, &o, 0);
	langs = at(doc, "displayParameter.language");
	for (i = 0; i < 4; i++) {
		int found = 0;

		snprintf(uri, sizeof(uri),
			 "http://publications.europa.eu/resource/authority/"
			 "language/%s",
			 want[i]);
		for (k = 0; k < json_array_size(langs); k++)
			found |=
			    mc__streq(str(json_array_get(langs, k), "id"), uri);
		assert_true(found);
	}
	eq(str(doc, "displayParameter.primaryLanguage.id"),
	   "http://publications.europa.eu/resource/authority/language/KAT");
	assert_langmap(at(doc, "displayParameter.title"), &f->mc->title);
	eq(str(doc, "displayParameter.title.ka"),
	   "ხელით რკალური შედუღების საფუძვლები");
	eq(str(doc, "credentialSubject.fullName.ka"), l.name);
	eq(str(doc, "credentialSubject.familyName.ka"), "ბერიძე");
	/* individual displays: the learner's language and English */
	assert_int_equal(json_array_size(at(doc, "displayParameter."
						 "individualDisplay")),
			 2);
	assert_null(at(doc, "validUntil"));
	assert_null(at(doc, "credentialSubject.dateOfBirth"));
	eq(str(doc, "credentialSubject.hasClaim.provenBy.grade.noteLiteral.en"),
	   "passed");
	eq(str(doc, "credentialSubject.hasClaim.provenBy.awardedBy.id"),
	   ID "#awarding");
	json_decref(doc);
}

/* The page image: base64 of a PNG, A4 at 96 dpi, in every display. */
static void test_image(void **state)
{
	struct fixture *f = *state;
	mc_learner l = {"Олена Коваль", EMAIL, NULL, NULL, "uk"};
	mc_issue_options o = MC_ISSUE_OPTIONS_INIT;
	json_t *doc, *disp, *d;
	unsigned char *png;
	const char *b64;
	size_t i, len, cap;

	doc = build(f, &l, &o, 1);
	disp = at(doc, "displayParameter.individualDisplay");
	assert_int_equal(json_array_size(disp), 2);
	json_array_foreach(disp, i, d)
	{
		assert_int_equal(
		    json_integer_value(at(d, "displayDetail.page")), 1);
		eq(str(d, "displayDetail.image.contentType.id"),
		   "http://publications.europa.eu/resource/authority/"
		   "file-type/PNG");
		eq(str(d, "displayDetail.image.contentEncoding.id"),
		   "http://data.europa.eu/snb/encoding/6146cde7dd");
		b64 = str(d, "displayDetail.image.content");
		assert_non_null(b64);
		cap = strlen(b64);
		png = malloc(cap);
		assert_non_null(png);
		assert_int_equal(
		    sodium_base642bin(png, cap, b64, strlen(b64), NULL, &len,
				      NULL, sodium_base64_VARIANT_ORIGINAL),
		    0);
		assert_true(len > 1000);
		assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
		/* IHDR: width 794, height 1123 (A4 at 96 dpi) */
		assert_int_equal(
		    (png[16] << 24 | png[17] << 16 | png[18] << 8 | png[19]),
		    794);
		assert_int_equal(
		    (png[20] << 24 | png[21] << 16 | png[22] << 8 | png[23]),
		    1123);
		free(png);
	}
	eq(str(json_array_get(disp, 0), "language.id"),
	   "http://publications.europa.eu/resource/authority/language/UKR");
	eq(str(json_array_get(disp, 1), "language.id"),
	   "http://publications.europa.eu/resource/authority/language/ENG");
	json_decref(doc);

	l.name = "ნინო ბერიძე";
	l.lang = "ka";
	doc = build(f, &l, &o, 1);
	json_decref(doc);
}

/* The page for a credential not stored yet renders in PDF too, and bad
 * arguments are refused, not crashed on. */
static void test_render_for(void **state)
{
	struct fixture *f = *state;
	mc_certificate_options copts = MC_CERTIFICATE_OPTIONS_INIT;
	mc_learner l = {"Олена Коваль", EMAIL, NULL, NULL, "uk"};
	unsigned char *out = NULL;
	size_t len = 0;

	assert_int_equal(mc__certificate_render_for(f->s, &out, &len, f->mc, &l,
						    ID, NOW, &copts),
			 0);
	assert_true(len > 1000);
	assert_memory_equal(out, "%PDF-", 5);
	free(out);
	out = NULL;
	assert_int_equal(mc__certificate_render_for(f->s, &out, &len, f->mc, &l,
						    NULL, NOW, &copts),
			 MC_EUSAGE);
	assert_null(out);
	copts.png_dpi = 5000;
	assert_int_equal(mc__certificate_render_for(f->s, &out, &len, f->mc, &l,
						    ID, NOW, &copts),
			 MC_EINVALID);
	assert_null(mc__edc_build(NULL));
}

/* The issuer from a seal alone (sealing others' documents). */
static void test_issuer(void **state)
{
	struct fixture *f = *state;
	json_t *o = mc__edc_issuer(&f->seal, "urn:uuid:x");

	assert_non_null(o);
	eq(str(o, "id"), "urn:uuid:x#issuer");
	eq(str(o, "legalName.en"), f->seal.organization);
	eq(str(o, "eIDASIdentifier.notation"), f->seal.org_identifier);
	eq(str(o, "location.address.countryCode.id"),
	   "http://publications.europa.eu/resource/authority/country/UKR");
	json_decref(o);
	assert_null(mc__edc_issuer(NULL, "urn:uuid:x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_structure, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_languages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_image, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_render_for, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_issuer, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
