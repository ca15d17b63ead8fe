/*
 * Organisations and clusters: JSON parse / emit and checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include "microcred/organisation.h"

static const char ORG_JSON[] = "{\n"
			       "  \"id\": \"ge-tbilisi-vet\",\n"
			       "  \"name\": {\n"
			       "    \"ka\": \"თბილისის პროფესიული კოლეჯი\",\n"
			       "    \"en\": \"Tbilisi VET College\"\n"
			       "  },\n"
			       "  \"short_name\": \"TVC\",\n"
			       "  \"country\": \"GE\",\n"
			       "  \"region\": \"Tbilisi\",\n"
			       "  \"type\": \"vet_provider\",\n"
			       "  \"legal_identifier\": \"GE-204567\",\n"
			       "  \"website\": \"https://example.ge\"\n"
			       "}";

static const char CLUSTER_JSON[] = "{\n"
				   "  \"id\": \"am-welding\",\n"
				   "  \"kind\": \"thematic\",\n"
				   "  \"name\": {\n"
				   "    \"hy\": \"Եռակցման կլաստեր\",\n"
				   "    \"en\": \"Welding cluster\"\n"
				   "  },\n"
				   "  \"organisations\": [\n"
				   "    \"am-yerevan-college\",\n"
				   "    \"ge-tbilisi-vet\"\n"
				   "  ],\n"
				   "  \"microcredentials\": [\n"
				   "    \"ua-mma-welding\"\n"
				   "  ]\n"
				   "}";

static int has_problem(const mc_problems *p, const char *field,
		       const char *reason)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		if (!strcmp(p->items[i].field, field) &&
		    !strcmp(p->items[i].reason, reason))
			return 1;
	return 0;
}

static void dump(const mc_problems *p)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		print_message("  %s: %s\n", p->items[i].field,
			      p->items[i].reason);
}

static void test_org_round_trip(void **state)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_org *org = NULL, *copy = NULL;
	char *out, *out2;

	(void)state;
	assert_int_equal(
	    mc_org_from_json(&org, ORG_JSON, strlen(ORG_JSON), "o", &p), 0);
	assert_int_equal(p.count, 0);
	assert_string_equal(org->id, "ge-tbilisi-vet");
	assert_string_equal(mc_langmap_get(&org->name, "ka"),
			    "თბილისის პროფესიული კოლეჯი");
	assert_int_equal(org->type, MC_ORG_VET_PROVIDER);
	assert_int_equal(mc_org_to_json(&out, org), 0);
	assert_string_equal(out, ORG_JSON);
	assert_int_equal(mc_org_dup(&copy, org), 0);
	assert_int_equal(mc_org_to_json(&out2, copy), 0);
	assert_string_equal(out, out2);
	free(out);
	free(out2);
	mc_org_free(org);
	mc_org_free(copy);
	mc_org_free(NULL);
}

static void test_org_problems(void **state)
{
	static const char bad[] =
	    "{\"id\": \"GE tbilisi\", \"name\": {\"en\": \" x\"}, "
	    "\"country\": \"GEO\", \"type\": \"school\", "
	    "\"website\": \"www.example.ge\", \"fax\": \"1\"}";
	mc_problems p = MC_PROBLEMS_INIT;
	mc_org *org = (mc_org *)1;

	(void)state;
	assert_int_equal(mc_org_from_json(&org, bad, strlen(bad), "o", &p),
			 MC_EINVALID);
	assert_null(org);
	dump(&p);
	assert_int_equal(p.count, 6);
	assert_true(has_problem(&p, "id",
				"must be 1-64 characters of a-z, 0-9 and "
				"'-', starting with a letter or digit, got "
				"'GE tbilisi'"));
	assert_true(has_problem(&p, "name.en",
				"must not start or end with white space"));
	assert_true(has_problem(&p, "country",
				"unknown ISO 3166-1 alpha-2 country code "
				"'GEO'"));
	assert_true(has_problem(&p, "type",
				"unknown value 'school'; expected one of: "
				"vet_provider, agency, accreditation_body, "
				"company, association, other"));
	assert_true(has_problem(&p, "website",
				"must be an http(s) URI, got "
				"'www.example.ge'"));
	assert_true(has_problem(&p, "fax", "unknown key"));
	assert_string_equal(p.items[0].where, "o");
	mc_problems_clear(&p);

	assert_int_equal(mc_org_from_json(&org, "{}", 2, "o", &p), MC_EINVALID);
	assert_int_equal(p.count, 4);
	assert_true(has_problem(&p, "id", "required"));
	assert_true(has_problem(&p, "name", "required"));
	assert_true(has_problem(&p, "country", "required"));
	assert_true(has_problem(&p, "type", "required"));
	mc_problems_clear(&p);

	assert_int_equal(mc_org_from_json(&org, "{\"id\":", 6, "o", &p),
			 MC_EINVALID);
	assert_int_equal(p.count, 1);
	mc_problems_clear(&p);
}

static void test_cluster_round_trip(void **state)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_cluster *c = NULL, *copy = NULL;
	char *out, *out2;

	(void)state;
	assert_int_equal(mc_cluster_from_json(&c, CLUSTER_JSON,
					      strlen(CLUSTER_JSON), "c", &p),
			 0);
	assert_int_equal(c->kind, MC_CLUSTER_THEMATIC);
	assert_int_equal(c->mcs.count, 1);
	assert_string_equal(c->mcs.items[0], "ua-mma-welding");
	assert_string_equal(mc_langmap_get(&c->name, "hy"), "Եռակցման կլաստեր");
	assert_int_equal(mc_cluster_to_json(&out, c), 0);
	assert_string_equal(out, CLUSTER_JSON);
	assert_int_equal(mc_cluster_dup(&copy, c), 0);
	assert_int_equal(mc_cluster_to_json(&out2, copy), 0);
	assert_string_equal(out, out2);
	free(out);
	free(out2);
	mc_cluster_free(c);
	mc_cluster_free(copy);
	mc_cluster_free(NULL);
}

static void test_cluster_problems(void **state)
{
	static const char bad[] =
	    "{\"id\": \"am\", \"name\": {\"en\": \"A\"}, "
	    "\"organisations\": [\"a\", \"a\", 3], "
	    "\"microcredentials\": \"ua-weld\", \"mcs\": []}";
	mc_problems p = MC_PROBLEMS_INIT;
	mc_cluster *c = NULL;
	mc_cluster_kind k;

	(void)state;
	assert_int_equal(mc_cluster_from_json(&c, bad, strlen(bad), "c", &p),
			 MC_EINVALID);
	assert_null(c);
	dump(&p);
	assert_int_equal(p.count, 5);
	assert_true(has_problem(&p, "kind", "required"));
	assert_true(
	    has_problem(&p, "organisations[2]", "must be a string, got 3"));
	assert_true(has_problem(&p, "organisations[1]", "duplicate 'a'"));
	assert_true(has_problem(&p, "microcredentials",
				"must be an array of strings, got "
				"'ua-weld'"));
	assert_true(has_problem(&p, "mcs", "unknown key"));
	mc_problems_clear(&p);
	assert_int_equal(mc_cluster_kind_parse(&k, "regional"), 0);
	assert_int_equal(k, MC_CLUSTER_REGIONAL);
	assert_int_equal(mc_cluster_kind_parse(&k, "local"), MC_EINVALID);
}

/*
 * mc_org_from_jansson() and mc_cluster_from_jansson(): a parsed object
 * gives the record its text gives and is left as it was; a wrong field is
 * named, with the caller's `where`.
 */
static void test_from_jansson(void **state)
{
	mc_problems p = MC_PROBLEMS_INIT;
	json_t *org = json_loads(ORG_JSON, 0, NULL);
	json_t *cl = json_loads(CLUSTER_JSON, 0, NULL);
	mc_org *o = NULL;
	mc_cluster *c = NULL;
	char *before, *after, *out = NULL;

	(void)state;
	assert_non_null(org);
	assert_non_null(cl);
	before = json_dumps(org, JSON_COMPACT);
	assert_int_equal(mc_org_from_jansson(&o, org, "body", &p), 0);
	assert_int_equal(mc_org_to_json(&out, o), 0);
	assert_string_equal(out, ORG_JSON);
	after = json_dumps(org, JSON_COMPACT);
	assert_string_equal(after, before);
	free(out);
	free(before);
	free(after);
	mc_org_free(o);
	json_object_set_new(org, "country", json_integer(7));
	assert_int_equal(mc_org_from_jansson(&o, org, "body", &p), MC_EINVALID);
	assert_null(o);
	dump(&p);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].field, "country");
	assert_string_equal(p.items[0].where, "body");
	mc_problems_clear(&p);

	assert_int_equal(mc_cluster_from_jansson(&c, cl, "body", &p), 0);
	assert_int_equal(mc_cluster_to_json(&out, c), 0);
	assert_string_equal(out, CLUSTER_JSON);
	free(out);
	mc_cluster_free(c);
	json_object_set_new(cl, "kind", json_string("local"));
	assert_int_equal(mc_cluster_from_jansson(&c, cl, "body", &p),
			 MC_EINVALID);
	assert_null(c);
	dump(&p);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.items[0].field, "kind");
	assert_string_equal(p.items[0].where, "body");
	mc_problems_clear(&p);
	json_decref(org);
	json_decref(cl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_org_round_trip),
	    cmocka_unit_test(test_org_problems),
	    cmocka_unit_test(test_cluster_round_trip),
	    cmocka_unit_test(test_cluster_problems),
	    cmocka_unit_test(test_from_jansson),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
