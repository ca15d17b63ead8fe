/*
 * Unit tests for who reads which version (authz.c,
 * mc_authz_can_read_version() and the helpers beside it, and the search
 * made as a reader, search.c): published and retired versions are
 * everyone's; a draft is read only by the platform admin and members of
 * its provider, its awarding bodies and the organisations that review it
 * (its QA body, or without one the agencies of the provider's country), a
 * token only with the read scope; lists, searches and their counts show
 * nobody what they may not read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "microcred/account.h"
#include "microcred/catalogue.h"

#define A	 "ua-mag-welding-steel-structures" /* published v1 */
#define B	 "ua-drywall-partitions-finishing" /* retired v1 */
#define P	 "ua-dniprorudne-lyceum"	   /* provider of both */
#define QA	 "ua-nqa"			   /* A's QA body */
#define AB	 "ua-rokytne-lyceum" /* second awarding body of D */
#define OTHER	 "mk-vet-center"
#define D	 "ua-unit-draft" /* a draft, QA body ua-nqa */
#define N	 "ua-unit-no-qa" /* a draft naming no QA body */
#define PASSWORD "unit test password"

#include "unit_users.h" /* make_user(), with PASSWORD */

struct fixture {
	mc_store *s;
	mc_user *member, *awardee, *qa, *stranger, *admin;
};

/* Save a copy of A as draft `id`; `ab` a second awarding body or NULL;
 * without `qa` it names no QA body (reviewed internally). */
static void save_draft(mc_store *s, const char *id, const char *ab, int qa)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;

	assert_int_equal(mc_catalogue_get(s, &mc, A, 1), 0);
	free(mc->id);
	mc->id = strdup(id);
	if (ab)
		assert_int_equal(mc_strlist_add(&mc->awarding_bodies, ab), 0);
	if (!qa) {
		free(mc->qa_body);
		mc->qa_body = NULL;
		mc->qa_type = MC_QA_INTERNAL;
	}
	if (mc_catalogue_save(s, mc, &p))
		fail_msg("save %s: %s", id, mc_store_errmsg(s));
	assert_int_equal(mc->status, MC_STATUS_DRAFT);
	mc_problems_clear(&p);
	mc_microcred_free(mc);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(mc_store_open(&f->s, ":memory:", NULL, NULL), 0);
	assert_int_equal(mc_catalogue_load_demo(f->s, NULL, NULL), 0);
	save_draft(f->s, D, AB, 1);
	save_draft(f->s, N, NULL, 0);
	save_draft(f->s, A, NULL, 1); /* A v2, a draft */
	assert_int_equal(
	    mc_catalogue_transition(f->s, B, MC_STATUS_RETIRED, NULL, NULL), 0);
	f->member = make_user(f->s, "member@example.org", 0, P, MC_ROLE_VIEWER);
	f->awardee =
	    make_user(f->s, "awardee@example.org", 0, AB, MC_ROLE_DESIGNER);
	f->qa = make_user(f->s, "qa@example.org", 0, QA, MC_ROLE_VIEWER);
	f->stranger =
	    make_user(f->s, "stranger@example.org", 0, OTHER, MC_ROLE_ALL);
	f->admin = make_user(f->s, "admin@example.org", 1, NULL, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mc_user_free(f->member);
	mc_user_free(f->awardee);
	mc_user_free(f->qa);
	mc_user_free(f->stranger);
	mc_user_free(f->admin);
	mc_store_free(f->s);
	free(f);
	return 0;
}

/* mc_authz_can_read_version() of version `version` of `id` for `who`. */
static int can(mc_store *s, const mc_principal *who, const char *id,
	       unsigned version)
{
	mc_microcred *mc = NULL;
	int yes;

	assert_int_equal(mc_catalogue_get(s, &mc, id, version), 0);
	yes = mc_authz_can_read_version(s, who, mc);
	mc_microcred_free(mc);
	assert_true(yes == 0 || yes == 1);
	return yes;
}

static mc_principal as(mc_user *u, unsigned scopes)
{
	mc_principal p;

	memset(&p, 0, sizeof(p));
	p.user = u;
	p.scopes = scopes;
	return p;
}

static void test_who_reads(void **state)
{
	struct fixture *f = *state;
	mc_principal member = as(f->member, MC_SCOPE_ALL),
		     awardee = as(f->awardee, MC_SCOPE_ALL),
		     qa = as(f->qa, MC_SCOPE_ALL),
		     stranger = as(f->stranger, MC_SCOPE_ALL),
		     admin = as(f->admin, MC_SCOPE_ALL),
		     reader_token = as(f->member, MC_SCOPE_READ),
		     issue_token = as(f->member, MC_SCOPE_ISSUE);

	/* Published and retired: everyone. */
	assert_int_equal(can(f->s, NULL, A, 1), 1);
	assert_int_equal(can(f->s, NULL, B, 1), 1);
	assert_int_equal(can(f->s, &stranger, B, 1), 1);

	/* A draft: nobody outside. */
	assert_int_equal(can(f->s, NULL, D, 1), 0);
	assert_int_equal(can(f->s, &stranger, D, 1), 0);
	assert_int_equal(can(f->s, &issue_token, D, 1), 0);
	assert_int_equal(can(f->s, NULL, A, 2), 0);
	assert_int_equal(can(f->s, &stranger, A, 2), 0);

	/* Those who work on it: provider, awarding bodies, QA body. */
	assert_int_equal(can(f->s, &member, D, 1), 1);
	assert_int_equal(can(f->s, &reader_token, D, 1), 1);
	assert_int_equal(can(f->s, &awardee, D, 1), 1);
	assert_int_equal(can(f->s, &qa, D, 1), 1);
	assert_int_equal(can(f->s, &admin, D, 1), 1);
	assert_int_equal(can(f->s, &member, A, 2), 1);
	assert_int_equal(can(f->s, &qa, A, 2), 1);
	/* ... of that version only: AB awards D, not A. */
	assert_int_equal(can(f->s, &awardee, A, 2), 0);
	assert_int_equal(can(f->s, &awardee, N, 1), 0);
	/* No QA body named: the agency of the provider's country reviews. */
	assert_int_equal(can(f->s, &qa, N, 1), 1);
	assert_int_equal(can(f->s, &member, N, 1), 1);

	/* A disabled user reads what an anonymous reader reads. */
	f->member->disabled = 1;
	assert_int_equal(can(f->s, &member, D, 1), 0);
	assert_int_equal(can(f->s, &member, A, 1), 1);
	f->member->disabled = 0;
	assert_int_equal(mc_authz_reads_unpublished(NULL), 0);
	assert_int_equal(mc_authz_reads_unpublished(&issue_token), 0);
	assert_int_equal(mc_authz_reads_unpublished(&reader_token), 1);
}

static void test_versions(void **state)
{
	struct fixture *f = *state;
	mc_principal member = as(f->member, MC_SCOPE_ALL),
		     stranger = as(f->stranger, MC_SCOPE_ALL);
	mc_version_info *v = NULL;
	size_t n = 0;
	unsigned version;

	/* Hidden answers as absent. */
	assert_int_equal(mc_authz_readable_versions(f->s, NULL, &v, &n, D),
			 MC_ENOTFOUND);
	assert_null(v);
	assert_string_equal(mc_store_errmsg(f->s),
			    "no micro-credential '" D "'");
	assert_int_equal(
	    mc_authz_readable_versions(f->s, NULL, &v, &n, "ua-no-such-mc"),
	    MC_ENOTFOUND);
	assert_string_equal(mc_store_errmsg(f->s),
			    "no micro-credential 'ua-no-such-mc'");

	assert_int_equal(mc_authz_readable_versions(f->s, &member, &v, &n, D),
			 0);
	assert_int_equal(n, 1);
	free(v);
	assert_int_equal(mc_authz_readable_versions(f->s, &stranger, &v, &n, A),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].version, 1);
	free(v);
	assert_int_equal(mc_authz_readable_versions(f->s, &member, &v, &n, A),
			 0);
	assert_int_equal(n, 2);
	free(v);

	/* The latest version a reader may read. */
	assert_int_equal(mc_authz_read_version(f->s, NULL, &version, A, 0), 0);
	assert_int_equal(version, 1);
	assert_int_equal(mc_authz_read_version(f->s, &member, &version, A, 0),
			 0);
	assert_int_equal(version, 2);
	assert_int_equal(mc_authz_read_version(f->s, NULL, &version, A, 2),
			 MC_ENOTFOUND);
	assert_string_equal(mc_store_errmsg(f->s),
			    "no version 2 of micro-credential '" A "'");
	assert_int_equal(mc_authz_read_version(f->s, NULL, &version, A, 7),
			 MC_ENOTFOUND);
	assert_string_equal(mc_store_errmsg(f->s),
			    "no version 7 of micro-credential '" A "'");
}

static void test_visible_mcs(void **state)
{
	struct fixture *f = *state;
	mc_principal awardee = as(f->awardee, MC_SCOPE_ALL);
	mc_strlist ids = MC_STRLIST_INIT;

	assert_int_equal(mc_strlist_add(&ids, D), 0);
	assert_int_equal(mc_strlist_add(&ids, A), 0);
	assert_int_equal(mc_strlist_add(&ids, N), 0);
	assert_int_equal(mc_authz_visible_mcs(f->s, NULL, &ids), 0);
	assert_int_equal(ids.count, 1);
	assert_string_equal(ids.items[0], A);
	mc_strlist_clear(&ids);

	assert_int_equal(mc_strlist_add(&ids, N), 0);
	assert_int_equal(mc_strlist_add(&ids, D), 0);
	assert_int_equal(mc_strlist_add(&ids, A), 0);
	assert_int_equal(mc_authz_visible_mcs(f->s, &awardee, &ids), 0);
	assert_int_equal(ids.count, 2);
	assert_string_equal(ids.items[0], D);
	assert_string_equal(ids.items[1], A);
	mc_strlist_clear(&ids);
}

/* The count of `value` in facet `name` of `r` (0 when absent). */
static size_t facet(const mc_search_result *r, const char *name,
		    const char *value)
{
	size_t i, j;

	for (i = 0; i < r->facet_count; i++)
		for (j = 0; strcmp(r->facets[i].name, name) == 0 &&
			    j < r->facets[i].count;
		     j++)
			if (strcmp(r->facets[i].values[j].value, value) == 0)
				return r->facets[i].values[j].count;
	return 0;
}

/* Total of a search of P's MCs in `status` (-1: any) as `who`, with
 * `query`; the facets' counts of drafts in *drafts. */
static size_t search(mc_store *s, int as_reader, const mc_principal *who,
		     int status, const char *query, size_t *drafts)
{
	mc_search_options o = MC_SEARCH_OPTIONS_INIT;
	mc_search_result *r = NULL;
	size_t total;

	o.organisation = P;
	o.status = status;
	o.query = query;
	o.facets = 1;
	o.as_reader = as_reader;
	o.reader = who;
	assert_int_equal(mc_catalogue_search(s, &r, &o), 0);
	total = r->total;
	if (drafts)
		*drafts = facet(r, "status", "draft");
	mc_search_result_free(r);
	return total;
}

static void test_search(void **state)
{
	struct fixture *f = *state;
	mc_principal member = as(f->member, MC_SCOPE_ALL),
		     awardee = as(f->awardee, MC_SCOPE_ALL),
		     issue_token = as(f->member, MC_SCOPE_ISSUE);
	size_t all, drafts, published;

	/* Not as a reader: every version (the command line). */
	all = search(f->s, 0, NULL, -1, NULL, &drafts);
	assert_int_equal(drafts, 3);
	published = search(f->s, 0, NULL, MC_STATUS_PUBLISHED, NULL, NULL);
	assert_int_equal(search(f->s, 1, NULL, MC_STATUS_PUBLISHED, NULL, NULL),
			 published);

	/* Anonymous: published and retired only, in hits, total, facets. */
	assert_int_equal(search(f->s, 1, NULL, -1, NULL, &drafts), all - 3);
	assert_int_equal(drafts, 0);
	assert_int_equal(search(f->s, 1, NULL, MC_STATUS_DRAFT, NULL, NULL), 0);
	assert_int_equal(
	    search(f->s, 1, &issue_token, MC_STATUS_DRAFT, NULL, NULL), 0);
	assert_int_equal(search(f->s, 1, NULL, -1, "MAG", NULL), 1);

	/* Members: what they may read. */
	assert_int_equal(search(f->s, 1, &member, -1, NULL, &drafts), all);
	assert_int_equal(drafts, 3);
	assert_int_equal(search(f->s, 1, &member, -1, "MAG", NULL), 4);
	assert_int_equal(
	    search(f->s, 1, &awardee, MC_STATUS_DRAFT, NULL, &drafts), 1);
	assert_int_equal(drafts, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_who_reads),
	    cmocka_unit_test(test_versions),
	    cmocka_unit_test(test_visible_mcs),
	    cmocka_unit_test(test_search),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
