/*
 * Unit tests for the Europass course directory export (europass.c,
 * europass_loq.c) on the demo catalogue: one Qualification and one
 * LearningOpportunity per published MC of the scope, counted against the
 * catalogue read another way (resolving BASE/mc/ID); every language of
 * the record kept; drafts and retired versions left out; links between
 * the nodes resolve inside the dataset; the same catalogue gives the same
 * bytes; unknown organisations and bad country codes refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "microcred/catalogue.h"
#include "microcred/europass.h"

static int setup(void **state)
{
	mc_store *s = NULL;

	assert_int_equal(mc_store_open(&s, ":memory:", NULL, NULL), 0);
	assert_int_equal(mc_catalogue_load_demo(s, NULL, NULL), 0);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	mc_store_free(*state);
	return 0;
}

/* Export and parse; the text must end with one newline. */
static json_t *export(mc_store *s, mc_europass_scope scope, const char *key)
{
	char *text = NULL;
	size_t len = 0;
	json_error_t err;
	json_t *doc;

	assert_int_equal(mc_europass_export(s, &text, &len, scope, key), 0);
	assert_non_null(text);
	assert_int_equal(len, strlen(text));
	assert_true(len > 2 && text[len - 1] == '\n' && text[len - 2] != '\n');
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!doc)
		fail_msg("export is not JSON: %s", err.text);
	free(text);
	assert_string_equal(json_string_value(json_object_get(doc, "@context")),
			    "http://data.europa.eu/snb/model/context/edc-ap");
	assert_true(json_is_array(json_object_get(doc, "@graph")));
	return doc;
}

static const char *type_of(const json_t *n)
{
	return json_string_value(json_object_get(n, "@type"));
}

static size_t count_type(const json_t *doc, const char *type)
{
	const json_t *g = json_object_get(doc, "@graph"), *n;
	size_t i, c = 0;

	json_array_foreach(g, i, n) if (strcmp(type_of(n), type) == 0) c++;
	return c;
}

/* The node of the graph with `id`, or NULL. */
static const json_t *find(const json_t *doc, const char *id)
{
	const json_t *g = json_object_get(doc, "@graph"), *n;
	size_t i;

	json_array_foreach(
	    g, i, n) if (strcmp(json_string_value(json_object_get(n, "@id")),
				id) == 0) return n;
	return NULL;
}

/* Published MCs per provider, or per provider country when `by_country`,
 * read through mc_catalogue_resolve (not the exporter's path). */
static size_t published_of(mc_store *s, const char *key, int by_country)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	mc_strlist seen = MC_STRLIST_INIT;
	size_t i, n = 0;

	o.status = -1;
	o.limit = MC_SEARCH_LIMIT_MAX;
	assert_int_equal(mc_catalogue_search(s, &r, &o), 0);
	for (i = 0; i < r->count; i++) {
		mc_microcred *mc = NULL;
		mc_org *org = NULL;
		char uri[512];

		if (mc_strlist_has(&seen, r->hits[i].id))
			continue; /* one hit per version */
		assert_int_equal(mc_strlist_add(&seen, r->hits[i].id), 0);
		snprintf(uri, sizeof(uri), "%s/mc/%s", mc_store_base_url(s),
			 r->hits[i].id);
		if (mc_catalogue_resolve(s, &mc, uri) != 0)
			continue;
		assert_int_equal(mc_org_get(s, &org, mc->provider), 0);
		if (strcmp(by_country ? org->country : mc->provider, key) == 0)
			n++;
		mc_org_free(org);
		mc_microcred_free(mc);
	}
	mc_search_result_free(r);
	mc_strlist_clear(&seen);
	return n;
}

/* Every link of the graph points at a node of it of the right type. */
static void check_links(const json_t *doc)
{
	const json_t *g = json_object_get(doc, "@graph"), *n, *b;
	size_t i, k;

	json_array_foreach(g, i, n)
	{
		const json_t *t;

		if (strcmp(type_of(n), "LearningOpportunity") == 0) {
			t = find(doc,
				 json_string_value(json_object_get(
				     json_object_get(
					 n, "learningAchievementSpecification"),
				     "@id")));
			assert_non_null(t);
			assert_string_equal(type_of(t), "Qualification");
			t = find(doc,
				 json_string_value(json_object_get(
				     json_object_get(n, "providedBy"), "@id")));
			assert_non_null(t);
			assert_string_equal(type_of(t), "Organisation");
			assert_non_null(json_object_get(n, "homepage"));
			assert_non_null(
			    json_object_get(n, "elm:defaultLanguage"));
		} else if (strcmp(type_of(n), "Qualification") == 0) {
			const json_t *ao =
			    json_object_get(n, "awardingOpportunity");

			assert_non_null(json_object_get(n, "eqfLevel"));
			assert_non_null(json_object_get(n, "nqfLevel"));
			assert_non_null(json_object_get(n, "thematicArea"));
			assert_true(json_array_size(json_object_get(
					n, "learningOutcome")) > 0);
			assert_non_null(ao);
			json_array_foreach(json_object_get(ao, "awardingBody"),
					   k, b)
			{
				t = find(doc, json_string_value(
						  json_object_get(b, "@id")));
				assert_non_null(t);
				assert_string_equal(type_of(t), "Organisation");
			}
		}
	}
}

static void test_org_counts(void **state)
{
	mc_store *s = *state;
	mc_org **orgs = NULL;
	size_t n = 0, i, total = 0, nonempty = 0;

	assert_int_equal(mc_org_list(s, &orgs, &n, NULL), 0);
	assert_true(n >= 17);
	for (i = 0; i < n; i++) {
		json_t *doc = export(s, MC_EUROPASS_ORG, orgs[i]->id);
		size_t want = published_of(s, orgs[i]->id, 0);

		assert_int_equal(count_type(doc, "Qualification"), want);
		assert_int_equal(count_type(doc, "LearningOpportunity"), want);
		/* the provider is among the organisations when it has MCs */
		if (want) {
			char id[256];

			snprintf(id, sizeof(id), "%s/org/%s",
				 mc_store_base_url(s), orgs[i]->id);
			assert_non_null(find(doc, id));
			nonempty++;
		} else {
			assert_int_equal(
			    json_array_size(json_object_get(doc, "@graph")), 0);
		}
		check_links(doc);
		total += want;
		json_decref(doc);
	}
	assert_int_equal(total, 66); /* the demo publishes 66 MCs */
	assert_true(nonempty >= 6);
	mc_org_list_free(orgs, n);
}

static void test_country_counts(void **state)
{
	static const char *const cc[] = {"UA", "MK", "GE", "AM", "RS", "ME"};
	mc_store *s = *state;
	json_t *doc;
	size_t i;

	for (i = 0; i < 6; i++) {
		size_t want = published_of(s, cc[i], 1);

		doc = export(s, MC_EUROPASS_COUNTRY, cc[i]);
		assert_int_equal(want, 11);
		assert_int_equal(count_type(doc, "Qualification"), want);
		assert_int_equal(count_type(doc, "LearningOpportunity"), want);
		check_links(doc);
		json_decref(doc);
	}
	/* a country without providers: a valid, empty dataset */
	doc = export(s, MC_EUROPASS_COUNTRY, "FR");
	assert_int_equal(json_array_size(json_object_get(doc, "@graph")), 0);
	json_decref(doc);
}

/* Every text of the record is in the dataset in every language. */
static void test_languages(void **state)
{
	mc_store *s = *state;
	mc_microcred *mc = NULL;
	json_t *doc = export(s, MC_EUROPASS_COUNTRY, "GE");
	const json_t *q, *lo, *title;
	char id[512];
	size_t i, k;

	assert_int_equal(mc_catalogue_get(s, &mc, "ge-wine-tourism-qvevri", 0),
			 0);
	snprintf(id, sizeof(id), "%s/mc/%s/v%u#qualification",
		 mc_store_base_url(s), mc->id, mc->version);
	assert_non_null(q = find(doc, id));
	title = json_object_get(q, "title");
	assert_true(mc->title.count >= 2);
	assert_int_equal(json_object_size(title), mc->title.count);
	for (i = 0; i < mc->title.count; i++)
		assert_string_equal(json_string_value(json_object_get(
					title, mc->title.items[i].lang)),
				    mc->title.items[i].text);
	assert_int_equal(json_array_size(json_object_get(q, "learningOutcome")),
			 mc->outcome_count);
	json_array_foreach(json_object_get(q, "learningOutcome"), i, lo)
	{
		const json_t *t = json_object_get(lo, "title");

		assert_int_equal(json_object_size(t),
				 mc->outcomes[i].text.count);
		for (k = 0; k < mc->outcomes[i].text.count; k++)
			assert_string_equal(
			    json_string_value(json_object_get(
				t, mc->outcomes[i].text.items[k].lang)),
			    mc->outcomes[i].text.items[k].text);
		assert_int_equal(
		    json_array_size(json_object_get(lo, "relatedESCOSkill")),
		    mc->outcomes[i].esco_skills.count);
	}
	snprintf(id, sizeof(id), "http://data.europa.eu/snb/eqf/%d",
		 mc->eqf_level);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(q, "eqfLevel"), "@id")),
			    id);
	/* the opportunity's page is the MC's page on this server */
	snprintf(id, sizeof(id), "%s/mc/%s/v%u#opportunity",
		 mc_store_base_url(s), mc->id, mc->version);
	assert_non_null(lo = find(doc, id));
	snprintf(id, sizeof(id), "%s/mc/%s", mc_store_base_url(s), mc->id);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(lo, "homepage"), "contentURL")),
			    id);
	mc_microcred_free(mc);
	json_decref(doc);
}

/* A new draft is not exported; once published, only it is. */
static void test_unpublished_absent(void **state)
{
	mc_store *s = *state;
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;
	const char *id = "ua-brick-block-wall-repair";
	char v1[512], v2[512];
	json_t *doc;

	assert_int_equal(mc_catalogue_get(s, &mc, id, 0), 0);
	assert_int_equal(mc->version, 1);
	snprintf(v1, sizeof(v1), "%s/mc/%s/v1#qualification",
		 mc_store_base_url(s), id);
	snprintf(v2, sizeof(v2), "%s/mc/%s/v2#qualification",
		 mc_store_base_url(s), id);
	assert_int_equal(mc_langmap_set(&mc->title, "en", "DRAFT TITLE"), 0);
	assert_int_equal(mc_catalogue_save(s, mc, &problems), 0);
	assert_int_equal(mc->version, 2);
	assert_int_equal(mc->status, MC_STATUS_DRAFT);

	doc = export(s, MC_EUROPASS_COUNTRY, "UA");
	assert_non_null(find(doc, v1));
	assert_null(find(doc, v2));
	assert_int_equal(count_type(doc, "Qualification"), 11);
	assert_string_not_equal(
	    json_string_value(
		json_object_get(json_object_get(find(doc, v1), "title"), "en")),
	    "DRAFT TITLE");
	json_decref(doc);

	assert_int_equal(
	    mc_catalogue_transition(s, id, MC_STATUS_IN_REVIEW, NULL, NULL), 0);
	assert_int_equal(
	    mc_catalogue_transition(s, id, MC_STATUS_APPROVED, NULL, NULL), 0);
	doc = export(s, MC_EUROPASS_ORG, mc->provider);
	assert_null(find(doc, v2));
	json_decref(doc);
	assert_int_equal(
	    mc_catalogue_transition(s, id, MC_STATUS_PUBLISHED, NULL, NULL), 0);
	doc = export(s, MC_EUROPASS_ORG, mc->provider);
	assert_null(find(doc, v1)); /* retired */
	assert_non_null(find(doc, v2));
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(find(doc, v2), "title"), "en")),
			    "DRAFT TITLE");
	json_decref(doc);

	/* retiring the only published version empties its slot */
	assert_int_equal(
	    mc_catalogue_transition(s, id, MC_STATUS_RETIRED, NULL, NULL), 0);
	doc = export(s, MC_EUROPASS_COUNTRY, "UA");
	assert_null(find(doc, v2));
	assert_int_equal(count_type(doc, "Qualification"), 10);
	json_decref(doc);
	mc_problems_clear(&problems);
	mc_microcred_free(mc);
}

static void test_deterministic(void **state)
{
	mc_store *s = *state;
	char *a = NULL, *b = NULL, *c = NULL;
	size_t la = 0, lb = 0, lc = 0;

	assert_int_equal(
	    mc_europass_export(s, &a, &la, MC_EUROPASS_COUNTRY, "RS"), 0);
	assert_int_equal(
	    mc_europass_export(s, &b, &lb, MC_EUROPASS_COUNTRY, "RS"), 0);
	assert_int_equal(
	    mc_europass_export(s, &c, &lc, MC_EUROPASS_COUNTRY, "rs"), 0);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	assert_int_equal(la, lc); /* the code is case-blind */
	assert_memory_equal(a, c, la);
	/* UTF-8 is written as is, not escaped */
	assert_null(strstr(a, "\\u04"));
	assert_non_null(strstr(a, "\"sr\": \""));
	free(a);
	free(b);
	free(c);
}

static void test_errors(void **state)
{
	static const char *const bad[] = {"",	"XX", "U", "UKR",
					  "U1", "12", "ü", "ZZ"};
	mc_store *s = *state;
	char *out = (char *)"untouched";
	size_t len = 7, i;

	assert_int_equal(
	    mc_europass_export(s, &out, &len, MC_EUROPASS_ORG, "no-such-org"),
	    MC_ENOTFOUND);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_non_null(strstr(mc_store_errmsg(s), "no-such-org"));
	assert_int_equal(
	    mc_europass_export(s, &out, NULL, MC_EUROPASS_ORG, "../etc/passwd"),
	    MC_ENOTFOUND);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(mc_europass_export(s, &out, &len,
						    MC_EUROPASS_COUNTRY,
						    bad[i]),
				 MC_EINVALID);
		assert_null(out);
		assert_non_null(strstr(mc_store_errmsg(s), "country"));
	}
	assert_int_equal(
	    mc_europass_export(s, &out, &len, MC_EUROPASS_COUNTRY, NULL),
	    MC_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_org_counts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_country_counts, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_languages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unpublished_absent, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_deterministic, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
