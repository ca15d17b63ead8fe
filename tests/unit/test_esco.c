/*
 * Unit tests for ESCO import and look-up (esco.c and the SQLite backend's
 * ESCO operations), on the official CSV exports in $MC_FIXTURES/esco.
 * Skipped (exit code 77) with a printed reason when they are absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "microcred/catalogue.h"
#include "microcred/esco.h"
#include "store/store.h"

static char esco_dir[1024];

static int setup(void **state)
{
	mc_store *s = NULL;
	char *err = NULL;

	assert_int_equal(mc_store_open(&s, ":memory:", NULL, &err), 0);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	mc_store_free(*state);
	return 0;
}

static size_t import(mc_store *s, const char *file)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	char path[1200];
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/%s", esco_dir, file);
	if (mc_esco_import_file(s, &n, path, "en", &problems))
		fail_msg("%s: %s", file, mc_store_errmsg(s));
	assert_int_equal(problems.count, 0);
	return n;
}

static void test_import_every_export(void **state)
{
	mc_store *s = *state;

	assert_int_equal(import(s, "transversalSkillsCollection_en.csv"), 107);
	assert_int_equal(import(s, "ictSkillsCollection_en.csv"), 21);
	assert_int_equal(import(s, "ISCOGroups_en.csv"), 619);
	assert_int_equal(import(s, "occupations_en.sample40.csv"), 40);
}

static void test_get(void **state)
{
	mc_store *s = *state;
	mc_esco_concept *c = NULL;

	import(s, "transversalSkillsCollection_en.csv");
	assert_int_equal(mc_esco_get(s, &c,
				     "http://data.europa.eu/esco/skill/"
				     "045f71e6-0699-4169-8a54-9c6b96f3174d"),
			 0);
	assert_string_equal(c->label, "give advice to others");
	assert_string_equal(c->concept_type, "KnowledgeSkillCompetence");
	assert_string_equal(c->skill_type, "skill/competence");
	assert_string_equal(c->reuse_level, "transversal");
	assert_string_equal(c->lang, "en");
	/* altLabels split on " | " */
	assert_true(c->alt_labels.count > 5);
	assert_string_equal(c->alt_labels.items[0],
			    "make recommendations to others");
	assert_true(mc_strlist_has(&c->alt_labels, "counsel others"));
	assert_non_null(c->description);
	mc_esco_concept_free(c);
	assert_int_equal(
	    mc_esco_get(s, &c, "http://data.europa.eu/esco/skill/none"),
	    MC_ENOTFOUND);
	assert_null(c);
}

static void test_alt_labels_on_lines(void **state)
{
	mc_store *s = *state;
	mc_esco_concept **list = NULL;
	size_t n = 0, i;
	int found = 0;

	import(s, "occupations_en.sample40.csv");
	assert_int_equal(mc_esco_lookup(s, &list, &n, "head of technical", 5),
			 0);
	assert_true(n >= 1);
	assert_string_equal(list[0]->label, "technical director");
	for (i = 0; i < list[0]->alt_labels.count; i++)
		if (strcmp(list[0]->alt_labels.items[i],
			   "technical and operations director") == 0)
			found = 1;
	assert_true(found);
	mc_esco_list_free(list, n);
}

static void test_lookup(void **state)
{
	mc_store *s = *state;
	mc_esco_concept **list = NULL;
	size_t n = 0;

	import(s, "transversalSkillsCollection_en.csv");
	import(s, "ictSkillsCollection_en.csv");
	/* the preferred label ranks first */
	assert_int_equal(mc_esco_lookup(s, &list, &n, "advice", 10), 0);
	assert_true(n >= 1);
	assert_string_equal(list[0]->label, "give advice to others");
	mc_esco_list_free(list, n);
	/* prefix on the last word: a label as it is being typed */
	assert_int_equal(mc_esco_lookup(s, &list, &n, "give adv", 10), 0);
	assert_true(n >= 1);
	assert_string_equal(list[0]->label, "give advice to others");
	mc_esco_list_free(list, n);
	/* alternative labels are searched, case and accents ignored */
	assert_int_equal(mc_esco_lookup(s, &list, &n, "COUNSEL Others", 10), 0);
	assert_true(n >= 1);
	assert_string_equal(list[0]->label, "give advice to others");
	mc_esco_list_free(list, n);
	/* limit */
	assert_int_equal(mc_esco_lookup(s, &list, &n, "use OR others", 3), 0);
	assert_int_equal(n, 3);
	mc_esco_list_free(list, n);
	/* nothing */
	assert_int_equal(mc_esco_lookup(s, &list, &n, "zzzzqx", 10), 0);
	assert_int_equal(n, 0);
	mc_esco_list_free(list, n);
	/* a malformed query names the position */
	assert_int_equal(mc_esco_lookup(s, &list, &n, "give \"adv", 10),
			 MC_EINVALID);
	assert_string_equal(mc_store_errmsg(s),
			    "query: position 6: quote not closed");
}

static void test_reimport_replaces(void **state)
{
	mc_store *s = *state;
	mc_esco_concept **list = NULL;
	size_t n = 0;
	const char *v2 = "conceptType,conceptUri,preferredLabel,altLabels\n"
			 "KnowledgeSkillCompetence,http://data.europa.eu/esco/"
			 "skill/045f71e6-0699-4169-8a54-9c6b96f3174d,"
			 "advise people,tell others what to do\n";

	import(s, "transversalSkillsCollection_en.csv");
	assert_int_equal(
	    mc_esco_import(s, &n, v2, strlen(v2), "v2.csv", NULL, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(mc_esco_lookup(s, &list, &n, "give advice", 10), 0);
	assert_int_equal(n, 0);
	mc_esco_list_free(list, n);
	assert_int_equal(mc_esco_lookup(s, &list, &n, "advise people", 10), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0]->alt_labels.count, 1);
	mc_esco_list_free(list, n);
}

static void test_all_or_nothing(void **state)
{
	mc_store *s = *state;
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_esco_concept **list = NULL;
	size_t n = 99;
	char *msg;
	const char *bad =
	    "conceptType,conceptUri,preferredLabel\n"
	    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/"
	    "aaaa,weld pipes\n"
	    "KnowledgeSkillCompetence,https://example.org/skill/1,solder\n"
	    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/"
	    "bbbb,\n";

	assert_int_equal(
	    mc_esco_import(s, &n, bad, strlen(bad), "bad.csv", "en", &problems),
	    MC_EINVALID);
	assert_int_equal(n, 0);
	assert_int_equal(problems.count, 2);
	msg = mc_problem_format(&problems.items[0]);
	assert_string_equal(msg, "bad.csv line 3: conceptUri: not an ESCO URI");
	free(msg);
	msg = mc_problem_format(&problems.items[1]);
	assert_string_equal(msg, "bad.csv line 4: preferredLabel: empty");
	free(msg);
	assert_non_null(strstr(mc_store_errmsg(s), "bad.csv line 3"));
	mc_problems_clear(&problems);
	/* the good first row was not kept */
	assert_int_equal(mc_esco_lookup(s, &list, &n, "weld", 10), 0);
	assert_int_equal(n, 0);
	mc_esco_list_free(list, n);
}

static void test_bad_files(void **state)
{
	mc_store *s = *state;
	mc_problems problems = MC_PROBLEMS_INIT;
	size_t n;
	char *msg;
	const char *nouri = "conceptType,preferredLabel\nX,y\n";
	const char *quote = "conceptType,conceptUri,preferredLabel\n"
			    "X,\"http://data.europa.eu/esco/skill/a,y\n";

	assert_int_equal(mc_esco_import(s, &n, nouri, strlen(nouri), "a.csv",
					"en", &problems),
			 MC_EINVALID);
	msg = mc_problem_format(&problems.items[0]);
	assert_string_equal(msg, "a.csv line 1: conceptUri: column missing");
	free(msg);
	mc_problems_clear(&problems);
	assert_int_equal(mc_esco_import(s, &n, quote, strlen(quote), "q.csv",
					"en", &problems),
			 MC_EINVALID);
	assert_int_equal(problems.count, 1);
	mc_problems_clear(&problems);
	assert_int_equal(mc_esco_import(s, &n, "", 0, "e.csv", "en", NULL),
			 MC_EINVALID);
	assert_int_equal(mc_esco_import(s, &n, "abc", MC_ESCO_FILE_MAX + 1u,
					"big.csv", "en", NULL),
			 MC_ETOOBIG);
	assert_int_equal(mc_esco_import(s, &n, nouri, strlen(nouri), "a.csv",
					"not a tag", NULL),
			 MC_EINVALID);
	assert_int_equal(
	    mc_esco_import_file(s, &n, "/nonexistent/x.csv", "en", NULL),
	    MC_EIO);
}

/* An MC's outcomes name ESCO skills: their labels make it findable. */
static void test_mc_found_by_esco_label(void **state)
{
	mc_store *s = *state;
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	mc_microcred *mc = NULL;
	mc_org *org = NULL;
	const char *json =
	    "{\"id\": \"ua-care\", \"primary_language\": \"en\","
	    " \"languages\": [\"en\"], \"title\": {\"en\": \"Home care\"},"
	    " \"provider\": \"ua-x\", \"awarding_bodies\": [\"ua-x\"],"
	    " \"countries\": [\"UA\"], \"sector\": \"0923\","
	    " \"target_groups\": [\"adults\"],"
	    " \"learning_outcomes\": [{\"category\": \"skills\","
	    "  \"text\": {\"en\": \"The learner helps people.\"},"
	    "  \"esco_skills\": [\"http://data.europa.eu/esco/skill/"
	    "045f71e6-0699-4169-8a54-9c6b96f3174d\"]}],"
	    " \"workload\": {\"ects\": 2, \"hours\": 50}, \"eqf_level\": 3,"
	    " \"assessment\": {\"type\": \"portfolio\"},"
	    " \"participation\": {\"mode\": \"onsite\"},"
	    " \"quality_assurance\": {\"type\": \"internal\"}}";

	import(s, "transversalSkillsCollection_en.csv");
	assert_int_equal(mc_org_new(&org), 0);
	free(org->id);
	org->id = strdup("ua-x");
	org->country = strdup("UA");
	mc_langmap_set(&org->name, "en", "X");
	assert_int_equal(s->catalogue->org_put(s, org), 0);
	mc_org_free(org);
	if (mc_microcred_from_json(&mc, json, strlen(json), "t", &problems))
		fail_msg("%s", problems.items[0].reason);
	mc->version = 1;
	mc->status = MC_STATUS_PUBLISHED;
	assert_int_equal(s->catalogue->mc_put(s, mc), 0);
	mc_microcred_free(mc);
	o.query = "give advice";
	assert_int_equal(mc_catalogue_search(s, &r, &o), 0);
	assert_int_equal(r->total, 1);
	assert_string_equal(r->hits[0].id, "ua-care");
	mc_search_result_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_import_every_export, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_get, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_alt_labels_on_lines, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_lookup, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reimport_replaces, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_all_or_nothing, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_bad_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mc_found_by_esco_label, setup,
					    teardown),
	};
	const char *fixtures = getenv("MC_FIXTURES");
	struct stat st;

	if (!fixtures) {
		printf("skipped: MC_FIXTURES is not set (run under ctest)\n");
		return 77;
	}
	snprintf(esco_dir, sizeof(esco_dir), "%s/esco", fixtures);
	if (stat(esco_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		printf("skipped: %s is absent (../shared not checked out)\n",
		       esco_dir);
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
