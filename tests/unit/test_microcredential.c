/*
 * Micro-credential model: vocabularies, JSON parse / emit, validation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "microcred/esco.h"
#include "microcred/microcredential.h"
#include "microcred/organisation.h"
#include "sample_mc.h"

static mc_microcred *parse_ok(const char *json)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;
	size_t i;

	if (mc_microcred_from_json(&mc, json, strlen(json), "t", &p) != 0)
		for (i = 0; i < p.count; i++)
			print_message("%s: %s\n", p.items[i].field,
				      p.items[i].reason);
	assert_int_equal(p.count, 0);
	assert_non_null(mc);
	mc_problems_clear(&p);
	return mc;
}

/* Print the problems, to see why a count is off. */
static void dump(const mc_problems *p)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		print_message("  [%s] %s: %s\n", p->items[i].where,
			      p->items[i].field, p->items[i].reason);
}

static void test_sample_parses(void **state)
{
	mc_microcred *mc = parse_ok(SAMPLE_MC_JSON);

	(void)state;
	assert_string_equal(mc->id, "ua-mma-welding");
	assert_int_equal(mc->version, 2);
	assert_int_equal(mc->status, MC_STATUS_PUBLISHED);
	assert_string_equal(mc->primary_language, "uk");
	assert_int_equal(mc->languages.count, 2);
	assert_int_equal(mc->title.count, 4);
	assert_int_equal(mc->outcome_count, 3);
	assert_int_equal(mc->outcomes[1].category, MC_LO_SKILLS);
	assert_int_equal(mc->outcomes[2].category, MC_LO_RESPONSIBILITY);
	assert_int_equal(mc->outcomes[1].esco_skills.count, 1);
	assert_true(mc->ects == 3);
	assert_true(mc->ecvet == 2.5);
	assert_true(mc->hours == 80);
	assert_int_equal(mc->eqf_level, 3);
	assert_string_equal(mc->nqf_level, "3");
	assert_int_equal(mc->assessment, MC_ASSESS_PRACTICAL);
	assert_int_equal(mc->mode, MC_MODE_BLENDED);
	assert_int_equal(mc->setting, MC_SETTING_NON_FORMAL);
	assert_true(mc->work_based);
	assert_false(mc->volunteering);
	assert_int_equal(mc->qa_type, MC_QA_ACCREDITATION);
	assert_string_equal(mc->qa_body, "ua-nqa");
	assert_int_equal(mc->supervision, MC_SUPERVISION_ONSITE_ID);
	assert_int_equal(mc->stackability, MC_STACK_STACKABLE);
	assert_string_equal(mc->part_of, "Welder (qualification)");
	assert_string_equal(mc->sector, "0715");
	mc_microcred_free(mc);
}

static void test_unicode_byte_exact(void **state)
{
	mc_microcred *mc = parse_ok(SAMPLE_MC_JSON);

	(void)state;
	assert_string_equal(mc_langmap_get(&mc->title, "uk"),
			    "\xD0\x9E\xD1\x81\xD0\xBD\xD0\xBE\xD0\xB2\xD0\xB8 "
			    "ручного дугового зварювання");
	assert_string_equal(mc_langmap_get(&mc->title, "ka"),
			    "ხელით რკალური შედუღების საფუძვლები");
	assert_string_equal(mc_langmap_get(&mc->title, "hy"),
			    "Ձեռքով աղեղային եռակցման հիմունքներ");
	mc_microcred_free(mc);
}

static void test_round_trip_identical(void **state)
{
	mc_microcred *mc = parse_ok(SAMPLE_MC_JSON), *again;
	char *first, *second;

	(void)state;
	assert_int_equal(mc_microcred_to_json(&first, mc), 0);
	/* The sample is in export form: the export is the same bytes. */
	assert_string_equal(first, SAMPLE_MC_JSON);
	again = parse_ok(first);
	assert_int_equal(mc_microcred_to_json(&second, again), 0);
	assert_string_equal(first, second);
	/* No escaped non-ASCII, no trailing newline. */
	assert_null(strstr(first, "\\u"));
	assert_true(first[strlen(first) - 1] == '}');
	free(first);
	free(second);
	mc_microcred_free(mc);
	mc_microcred_free(again);
}

static void test_numbers_emitted(void **state)
{
	json_t *obj = sample_mc_object(), *w = json_object();
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL, *again = NULL;
	char *a, *b;

	(void)state;
	json_object_set_new(w, "ects", json_real(3.0));
	json_object_set_new(w, "ecvet", json_real(0.1 + 0.2));
	json_object_set_new(w, "hours", json_real(80.5));
	json_object_set_new(obj, "workload", w);
	assert_int_equal(sample_parse(&mc, obj, &p), 0);
	assert_int_equal(mc_microcred_to_json(&a, mc), 0);
	assert_non_null(strstr(a, "\"workload\": {\n    \"ects\": 3,\n"
				  "    \"ecvet\": 0.3,\n"
				  "    \"hours\": 80.5\n  }"));
	assert_int_equal(mc_microcred_from_json(&again, a, strlen(a), "t", &p),
			 0);
	assert_int_equal(mc_microcred_to_json(&b, again), 0);
	assert_string_equal(a, b);
	free(a);
	free(b);
	mc_microcred_free(mc);
	mc_microcred_free(again);
	mc_problems_clear(&p);
}

static void test_omits_unset_and_version(void **state)
{
	mc_microcred *mc = parse_ok(SAMPLE_MC_JSON);
	char *s;

	(void)state;
	mc->version = 0;
	mc_langmap_clear(&mc->description);
	free(mc->attribution);
	mc->attribution = NULL;
	mc->supervision = MC_SUPERVISION_UNSET;
	assert_int_equal(mc_microcred_to_json(&s, mc), 0);
	assert_null(strstr(s, "\"version\""));
	assert_null(strstr(s, "\"status\""));
	assert_null(strstr(s, "\"description\": {\n    \"en\": \"Fillet"));
	assert_null(strstr(s, "\"attribution\""));
	assert_null(strstr(s, "\"supervision\""));
	assert_true(strncmp(s,
			    "{\n  \"id\": \"ua-mma-welding\",\n"
			    "  \"primary_language\"",
			    44) == 0);
	free(s);
	mc_microcred_free(mc);
}

/* A record with four independent faults gives exactly four problems. */
static void test_four_faults_four_problems(void **state)
{
	json_t *obj = sample_mc_object();
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = (mc_microcred *)1;
	char *big = malloc(9001);

	(void)state;
	memset(big, 'a', 9000);
	big[9000] = '\0';
	json_object_set_new(obj, "eqf_level", json_integer(9));
	json_object_set_new(json_object_get(obj, "participation"), "mode",
			    json_string("foo"));
	json_object_set_new(obj, "colour", json_string("red"));
	json_object_set_new(
	    json_object_get(
		json_array_get(json_object_get(obj, "learning_outcomes"), 2),
		"text"),
	    "uk", json_string(big));
	free(big);
	assert_int_equal(sample_parse(&mc, obj, &p), MC_EINVALID);
	assert_null(mc);
	dump(&p);
	assert_int_equal(p.count, 4);
	assert_true(has_problem(&p, "eqf_level", "must be 1..8, got 9"));
	assert_true(has_problem(&p, "participation.mode",
				"unknown value 'foo'; expected one of: "
				"onsite, online, blended"));
	assert_true(has_problem(&p, "colour", "unknown key"));
	assert_true(has_problem(&p, "learning_outcomes[2].text.uk",
				"too long (9000 bytes, at most 8192)"));
	assert_string_equal(p.items[0].where, "test");
	mc_problems_clear(&p);
}

static void test_empty_object_required(void **state)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc;

	(void)state;
	assert_int_equal(mc_microcred_from_json(&mc, "{}", 2, "e", &p),
			 MC_EINVALID);
	dump(&p);
	assert_int_equal(p.count, 15);
	assert_true(has_problem(&p, "id", "required"));
	assert_true(has_problem(&p, "primary_language", "required"));
	assert_true(has_problem(&p, "languages", "at least one required"));
	assert_true(has_problem(&p, "title", "required"));
	assert_true(has_problem(&p, "provider", "required"));
	assert_true(
	    has_problem(&p, "awarding_bodies", "at least one required"));
	assert_true(has_problem(&p, "countries", "at least one required"));
	assert_true(has_problem(&p, "sector", "required"));
	assert_true(has_problem(&p, "target_groups", "at least one required"));
	assert_true(
	    has_problem(&p, "learning_outcomes", "at least one required"));
	assert_true(has_problem(&p, "workload",
				"at least one of ects, ecvet, hours "
				"required"));
	assert_true(has_problem(&p, "eqf_level", "required"));
	assert_true(has_problem(&p, "assessment.type", "required"));
	assert_true(has_problem(&p, "participation.mode", "required"));
	assert_true(has_problem(&p, "quality_assurance.type", "required"));
	mc_problems_clear(&p);
}

/*
 * mc_microcred_from_jansson(): the parsed sample gives the record its text
 * gives, and is left as it was; a wrong field is named, with the caller's
 * `where`; a value that is not an object is one problem.
 */
static void test_from_jansson(void **state)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;
	json_t *obj = sample_mc_object(), *array;
	char *before, *after, *out = NULL;

	(void)state;
	assert_non_null(obj);
	before = json_dumps(obj, JSON_COMPACT);
	assert_int_equal(mc_microcred_from_jansson(&mc, obj, "body", &p), 0);
	assert_int_equal(p.count, 0);
	assert_string_equal(mc->id, "ua-mma-welding");
	assert_int_equal(mc_microcred_to_json(&out, mc), 0);
	assert_string_equal(out, SAMPLE_MC_JSON);
	after = json_dumps(obj, JSON_COMPACT);
	assert_string_equal(after, before);
	free(out);
	free(before);
	free(after);
	mc_microcred_free(mc);

	json_object_set_new(obj, "eqf_level", json_string("three"));
	assert_int_equal(mc_microcred_from_jansson(&mc, obj, "body", &p),
			 MC_EINVALID);
	assert_null(mc);
	dump(&p);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].field, "eqf_level");
	assert_string_equal(p.items[0].where, "body");
	mc_problems_clear(&p);

	array = json_array();
	assert_int_equal(mc_microcred_from_jansson(&mc, array, "body", &p),
			 MC_EINVALID);
	assert_null(mc);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].where, "body");
	mc_problems_clear(&p);
	json_decref(array);
	json_decref(obj);
}

/* One set of changes to the sample, the problems it must give. */
static void expect(json_t *obj, size_t count, const char *field,
		   const char *reason)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;

	assert_int_equal(sample_parse(&mc, obj, &p), MC_EINVALID);
	assert_null(mc);
	if (p.count != count || !has_problem(&p, field, reason)) {
		print_message("expected %s: %s\n", field, reason);
		dump(&p);
	}
	assert_int_equal(p.count, count);
	assert_true(has_problem(&p, field, reason));
	mc_problems_clear(&p);
}

static void set(json_t *obj, const char *key, json_t *v)
{
	json_object_set_new(obj, key, v);
}

static void test_type_errors(void **state)
{
	json_t *o;

	(void)state;
	o = sample_mc_object();
	set(o, "eqf_level", json_string("abc"));
	expect(o, 1, "eqf_level", "must be an integer 1..8, got 'abc'");

	o = sample_mc_object();
	set(o, "eqf_level", json_real(4.5));
	expect(o, 1, "eqf_level", "must be an integer 1..8, got 4.5");

	o = sample_mc_object();
	set(o, "title", json_string("x"));
	expect(o, 1, "title",
	       "must be an object of language tag to text, got 'x'");

	o = sample_mc_object();
	set(o, "languages", json_pack("[s,i]", "uk", 5));
	expect(o, 1, "languages[1]", "must be a string, got 5");

	o = sample_mc_object();
	set(o, "workload", json_pack("{s:s}", "ects", "3"));
	expect(o, 1, "workload.ects", "must be a number, got '3'");

	o = sample_mc_object();
	set(json_object_get(o, "participation"), "work_based",
	    json_string("yes"));
	expect(o, 1, "participation.work_based",
	       "must be true or false, got 'yes'");

	o = sample_mc_object();
	set(o, "version", json_integer(0));
	expect(o, 1, "version", "must be an integer >= 1, got 0");

	o = sample_mc_object();
	set(o, "status", json_string("live"));
	expect(o, 1, "status",
	       "unknown value 'live'; expected one of: draft, in_review, "
	       "approved, published, retired");

	o = sample_mc_object();
	set(o, "learning_outcomes", json_pack("[s]", "text"));
	expect(o, 1, "learning_outcomes[0]", "must be an object, got 'text'");

	o = sample_mc_object();
	set(json_array_get(json_object_get(o, "learning_outcomes"), 0),
	    "category", json_string("attitudes"));
	expect(o, 1, "learning_outcomes[0].category",
	       "unknown value 'attitudes'; expected one of: knowledge, "
	       "skills, responsibility_autonomy");

	o = sample_mc_object();
	json_object_del(
	    json_array_get(json_object_get(o, "learning_outcomes"), 0),
	    "category");
	expect(o, 1, "learning_outcomes[0].category", "required");

	o = sample_mc_object();
	set(json_object_get(o, "title"), "en_GB", json_string("x"));
	expect(o, 1, "title", "invalid language tag 'en_GB'");

	o = sample_mc_object();
	set(json_object_get(o, "assessment"), "weight", json_integer(1));
	expect(o, 1, "assessment.weight", "unknown key");

	o = sample_mc_object();
	set(o, "stackability", json_pack("{s:s}", "part_of", "x"));
	expect(o, 1, "stackability.type", "required");
}

static void test_semantic_rules(void **state)
{
	json_t *o;

	(void)state;
	o = sample_mc_object();
	set(o, "id", json_string("UA_weld"));
	expect(o, 1, "id",
	       "must be 1-64 characters of a-z, 0-9 and '-', starting with "
	       "a letter or digit, got 'UA_weld'");

	o = sample_mc_object();
	set(o, "sector", json_string("0718"));
	expect(o, 1, "sector", "unknown ISCED-F 2013 field code '0718'");

	o = sample_mc_object();
	set(o, "nqf_level", json_string("6.12"));
	expect(o, 1, "nqf_level",
	       "must be a level such as '4' or '6.1', got '6.12'");

	o = sample_mc_object();
	set(o, "countries", json_pack("[s,s,s]", "UA", "XX", "UA"));
	expect(o, 2, "countries[1]",
	       "unknown ISO 3166-1 alpha-2 country code 'XX'");

	o = sample_mc_object();
	set(o, "countries", json_pack("[s,s]", "UA", "UA"));
	expect(o, 1, "countries[1]", "duplicate 'UA'");

	o = sample_mc_object();
	set(o, "target_groups", json_pack("[s]", "pensioners"));
	expect(o, 1, "target_groups[0]",
	       "unknown target group 'pensioners'; expected one of: adults, "
	       "unemployed, structurally_weak_regions, returnees, idps, "
	       "youth, women, veterans, people_with_disabilities, employees, "
	       "other:<name>");

	o = sample_mc_object();
	set(o, "workload", json_pack("{s:i,s:i}", "ects", 3, "hours", 200));
	expect(o, 1, "workload",
	       "hours per ECTS credit must be 20..35, got 200 h for 3 ECTS "
	       "(66.7 h per credit)");

	o = sample_mc_object();
	set(o, "workload", json_pack("{s:i}", "ects", 61));
	expect(o, 1, "workload.ects", "must be at most 60, got 61");

	o = sample_mc_object();
	set(o, "workload", json_pack("{s:i}", "hours", -5));
	expect(o, 1, "workload.hours", "must be > 0, got -5");

	o = sample_mc_object();
	set(o, "workload", json_pack("{s:i}", "ecvet", 0));
	expect(o, 1, "workload.ecvet", "must be > 0, got 0");

	o = sample_mc_object();
	set(o, "stackability", json_pack("{s:s}", "type", "stackable"));
	expect(o, 1, "stackability.part_of", "required when type is stackable");

	o = sample_mc_object();
	set(o, "licence", json_string("CC BY"));
	expect(o, 1, "licence",
	       "must be an SPDX licence identifier such as 'CC-BY-SA-4.0', "
	       "got 'CC BY'");

	o = sample_mc_object();
	set(o, "derived_from", json_string("ftp://example.org/x"));
	expect(o, 1, "derived_from",
	       "must be an http(s) URI, got 'ftp://example.org/x'");

	o = sample_mc_object();
	set(json_object_get(o, "title"), "en", json_string("Welding "));
	expect(o, 1, "title.en", "must not start or end with white space");

	o = sample_mc_object();
	set(json_object_get(o, "description"), "en", json_string(""));
	expect(o, 1, "description.en", "must not be empty");

	o = sample_mc_object();
	set(o, "learning_outcomes", json_array());
	expect(o, 1, "learning_outcomes", "at least one required");

	o = sample_mc_object();
	set(json_array_get(json_object_get(o, "learning_outcomes"), 1),
	    "esco_skills",
	    json_pack("[s]", "http://data.europa.eu/esco/skill/"
			     "0B0E6F9A-6E2B-4F3C-9A7E-2D6B1C3F4A5E"));
	expect(o, 1, "learning_outcomes[1].esco_skills[0]",
	       "not an ESCO skill URI "
	       "(http://data.europa.eu/esco/skill/<uuid>): "
	       "'http://data.europa.eu/esco/skill/"
	       "0B0E6F9A-6E2B-4F3C-9A7E-2D6B1C3F4A5E'");

	/* No title nor outcome text in the primary language: 4 problems. */
	o = sample_mc_object();
	set(o, "primary_language", json_string("de"));
	expect(o, 4, "title", "no text in the primary language 'de'");
	o = sample_mc_object();
	set(o, "primary_language", json_string("de"));
	expect(o, 4, "learning_outcomes[2].text",
	       "no text in the primary language 'de'");
}

static void test_syntax_errors(void **state)
{
	static const char *const bad[] = {
	    "{\"id\": \"a\"",		      /* truncated */
	    "{\"id\": \"a\", \"id\": \"b\"}", /* duplicate key */
	    "{\"id\": \"a\\u0000b\"}",	      /* NUL */
	    "{\"id\": \"\xC3\x28\"}",	      /* invalid UTF-8 */
	    "",
	};
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(mc_microcred_from_json(
				     &mc, bad[i], strlen(bad[i]), "f", &p),
				 MC_EINVALID);
		assert_null(mc);
		assert_int_equal(p.count, 1);
		assert_string_equal(p.items[0].field, "");
		assert_memory_equal(p.items[0].reason, "invalid JSON", 12);
		mc_problems_clear(&p);
	}
	assert_int_equal(mc_microcred_from_json(&mc, "[{}]", 4, "f", &p),
			 MC_EINVALID);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].reason,
			    "must be a JSON object, got an array");
	mc_problems_clear(&p);
}

static void test_new_dup_validate(void **state)
{
	mc_microcred *mc = parse_ok(SAMPLE_MC_JSON), *copy, *fresh;
	mc_problems p = MC_PROBLEMS_INIT;
	char *a, *b;

	(void)state;
	assert_int_equal(mc_microcred_dup(&copy, mc), 0);
	assert_ptr_not_equal(copy->outcomes, mc->outcomes);
	assert_int_equal(mc_microcred_to_json(&a, mc), 0);
	assert_int_equal(mc_microcred_to_json(&b, copy), 0);
	assert_string_equal(a, b);
	assert_int_equal(mc_microcred_validate(copy, "v", &p), 0);
	assert_int_equal(p.count, 0);
	copy->eqf_level = 0;
	copy->mode = MC_MODE_UNSET;
	assert_int_equal(mc_microcred_validate(copy, "v", &p), MC_EINVALID);
	assert_int_equal(p.count, 2);
	assert_true(has_problem(&p, "eqf_level", "required"));
	assert_true(has_problem(&p, "participation.mode", "required"));
	assert_int_equal(mc_microcred_new(&fresh), 0);
	assert_string_equal(fresh->licence, "CC-BY-SA-4.0");
	assert_int_equal(fresh->outcome_count, 0);
	free(a);
	free(b);
	mc_problems_clear(&p);
	mc_microcred_free(mc);
	mc_microcred_free(copy);
	mc_microcred_free(fresh);
	mc_microcred_free(NULL);
}

static void test_vocab_names(void **state)
{
	mc_assessment_type a;
	mc_lo_category c;
	mc_supervision s;
	mc_qa_type q;
	mc_org_type t;
	mc_mode m;
	mc_status st;

	(void)state;
	assert_string_equal(mc_assessment_name(MC_ASSESS_PRACTICAL),
			    "practical_demonstration");
	assert_int_equal(mc_assessment_parse(&a, "combined"), 0);
	assert_int_equal(a, MC_ASSESS_COMBINED);
	assert_int_equal(mc_assessment_parse(&a, "unset"), MC_EINVALID);
	assert_string_equal(mc_lo_category_name(MC_LO_RESPONSIBILITY),
			    "responsibility_autonomy");
	assert_int_equal(mc_lo_category_parse(&c, "knowledge"), 0);
	assert_int_equal(c, MC_LO_KNOWLEDGE);
	assert_string_equal(mc_supervision_name(MC_SUPERVISION_NONE_NO_ID),
			    "unsupervised_no_id");
	assert_int_equal(mc_supervision_parse(&s, "supervised_online_id"), 0);
	assert_int_equal(s, MC_SUPERVISION_ONLINE_ID);
	assert_string_equal(mc_qa_name(MC_QA_ACCREDITATION), "accreditation");
	assert_int_equal(mc_qa_parse(&q, "external"), 0);
	assert_int_equal(q, MC_QA_EXTERNAL);
	assert_string_equal(mc_org_type_name(MC_ORG_VET_PROVIDER),
			    "vet_provider");
	assert_int_equal(mc_org_type_parse(&t, "accreditation_body"), 0);
	assert_int_equal(t, MC_ORG_ACCREDITATION_BODY);
	assert_int_equal(mc_mode_parse(&m, "Online"), MC_EINVALID);
	assert_int_equal(mc_status_parse(&st, "in_review"), 0);
	assert_int_equal(st, MC_STATUS_IN_REVIEW);
	assert_string_equal(mc_setting_name(MC_SETTING_NON_FORMAL),
			    "non_formal");
	assert_string_equal(mc_stackability_name(MC_STACK_STANDALONE),
			    "standalone");
	assert_string_equal(mc_cluster_kind_name(MC_CLUSTER_THEMATIC),
			    "thematic");
	assert_string_equal(mc_mode_name(MC_MODE_UNSET), "unset");
	assert_string_equal(mc_mode_name((mc_mode)42), "unknown");
}

static void test_vocab_tables(void **state)
{
	const char *const *pc = mc_partner_countries();
	const char *const *tg = mc_target_groups();
	char broad[3];
	size_t n;

	(void)state;
	assert_string_equal(mc_isced_label("0715"),
			    "Mechanics and metal trades");
	assert_string_equal(mc_isced_label("07"),
			    "Engineering, manufacturing and construction");
	assert_string_equal(mc_isced_label("071"),
			    "Engineering and engineering trades");
	assert_string_equal(mc_isced_label("0011"),
			    "Basic programmes and qualifications");
	assert_string_equal(mc_isced_label("0031"),
			    "Personal skills and development");
	assert_string_equal(mc_isced_label("0788"),
			    "Inter-disciplinary programmes and qualifications "
			    "involving engineering, manufacturing and "
			    "construction");
	assert_string_equal(
	    mc_isced_label("0719"),
	    "Engineering and engineering trades not elsewhere classified");
	assert_string_equal(mc_isced_label("1041"), "Transport services");
	assert_string_equal(mc_isced_label("0613"),
			    "Software and applications development and "
			    "analysis");
	assert_null(mc_isced_label("0718"));
	assert_null(mc_isced_label("7"));
	assert_null(mc_isced_label(NULL));
	mc_isced_broad(broad, "0715");
	assert_string_equal(broad, "07");
	mc_isced_broad(broad, "x");
	assert_string_equal(broad, "");

	assert_string_equal(mc_country_name("UA"), "Ukraine");
	assert_string_equal(mc_country_name("XK"), "Kosovo");
	assert_string_equal(mc_country_name("MK"), "North Macedonia");
	assert_string_equal(mc_country_name("GE"), "Georgia");
	assert_non_null(mc_country_name("ZW"));
	assert_null(mc_country_name("ua"));
	assert_null(mc_country_name("ZZ"));
	assert_null(mc_country_name("UKR"));
	for (n = 0; pc[n]; n++)
		assert_non_null(mc_country_name(pc[n]));
	assert_int_equal(n, 6);
	assert_string_equal(pc[0], "UA");
	assert_string_equal(pc[5], "ME");

	for (n = 0; tg[n]; n++)
		assert_true(mc_target_group_valid(tg[n]));
	assert_int_equal(n, 10);
	assert_true(mc_target_group_valid("other:miners"));
	assert_false(mc_target_group_valid("other:"));
	assert_false(mc_target_group_valid("other: x"));
	assert_false(mc_target_group_valid("Youth"));

	assert_true(mc_id_valid("ua-weld-1"));
	assert_true(mc_id_valid("7"));
	assert_false(mc_id_valid("-ua"));
	assert_false(mc_id_valid("Ua"));
	assert_false(mc_id_valid(""));
	assert_false(mc_id_valid("a_b"));
	assert_true(
	    mc_id_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			"aaaaaaaaaaaaaaaa")); /* 64 */
	assert_false(
	    mc_id_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			"aaaaaaaaaaaaaaaaaa")); /* 65 */

	assert_true(
	    mc_esco_skill_uri_valid("http://data.europa.eu/esco/skill/"
				    "0b0e6f9a-6e2b-4f3c-9a7e-2d6b1c3f4a5e"));
	assert_true(
	    mc_esco_skill_uri_valid("http://data.europa.eu/esco/skill/S1.2.3"));
	assert_false(
	    mc_esco_skill_uri_valid("https://data.europa.eu/esco/skill/"
				    "0b0e6f9a-6e2b-4f3c-9a7e-2d6b1c3f4a5e"));
	assert_false(
	    mc_esco_skill_uri_valid("http://data.europa.eu/esco/skill/"
				    "0b0e6f9a-6e2b-4f3c-9a7e-2d6b1c3f4a5"));
	assert_false(
	    mc_esco_skill_uri_valid("http://data.europa.eu/esco/skill/S1."));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sample_parses),
	    cmocka_unit_test(test_unicode_byte_exact),
	    cmocka_unit_test(test_round_trip_identical),
	    cmocka_unit_test(test_numbers_emitted),
	    cmocka_unit_test(test_omits_unset_and_version),
	    cmocka_unit_test(test_four_faults_four_problems),
	    cmocka_unit_test(test_empty_object_required),
	    cmocka_unit_test(test_type_errors),
	    cmocka_unit_test(test_semantic_rules),
	    cmocka_unit_test(test_syntax_errors),
	    cmocka_unit_test(test_from_jansson),
	    cmocka_unit_test(test_new_dup_validate),
	    cmocka_unit_test(test_vocab_names),
	    cmocka_unit_test(test_vocab_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
