/*
 * Unit tests for acting on an MC one may not see (authz.c,
 * mc_authz_check_mc() and mc_authz_read_history()): a caller who may read
 * no version of an MC gets, for every action, exactly what an MC that
 * does not exist gets (the same code and reason, the id read for the
 * other), never a refusal naming its provider; a caller who reads it but
 * may not act is told why; the history is read by those who work on a
 * version (provider, awarding bodies, reviewing organisations), of those
 * versions only.
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
#define P	 "ua-dniprorudne-lyceum"	   /* its provider */
#define QA	 "ua-nqa"			   /* its QA body */
#define AB	 "ua-rokytne-lyceum" /* second awarding body of D */
#define OTHER	 "mk-vet-center"
#define D	 "ua-unit-draft" /* a draft, awarded by P and AB too */
#define ABSENT	 "ua-unit-absent"
#define PASSWORD "unit test password"

#include "unit_users.h" /* make_user(), with PASSWORD */

struct fixture {
	mc_store *s;
	mc_user *member, *awardee, *qa, *stranger, *admin;
};

/* Save a copy of A's v1 as `id` (a draft), with `ab` as second awarding
 * body when given. */
static void save_draft(mc_store *s, const char *id, const char *ab)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;

	assert_int_equal(mc_catalogue_get(s, &mc, A, 1), 0);
	free(mc->id);
	mc->id = strdup(id);
	if (ab)
		assert_int_equal(mc_strlist_add(&mc->awarding_bodies, ab), 0);
	if (mc_catalogue_save_as(s, mc, "user:u-designer", &p))
		fail_msg("save %s: %s", id, mc_store_errmsg(s));
	mc_problems_clear(&p);
	mc_microcred_free(mc);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(mc_store_open(&f->s, ":memory:", NULL, NULL), 0);
	assert_int_equal(mc_catalogue_load_demo(f->s, NULL, NULL), 0);
	save_draft(f->s, D, AB);
	save_draft(f->s, A, NULL); /* A v2, a draft */
	assert_int_equal(
	    mc_catalogue_comment(f->s, A, "user:u-reviewer", "v2 comment"), 0);
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

static mc_principal as(mc_user *u, unsigned scopes)
{
	mc_principal p;

	memset(&p, 0, sizeof(p));
	p.user = u;
	p.scopes = scopes;
	return p;
}

/* `why` with every ABSENT read as D. */
static void as_hidden(char *out, size_t len, const char *why)
{
	const char *at = strstr(why, ABSENT);

	if (!at) {
		snprintf(out, len, "%s", why);
		return;
	}
	snprintf(out, len, "%.*s%s%s", (int)(at - why), why, D,
		 at + strlen(ABSENT));
}

static const mc_action mc_actions[] = {
    MC_ACT_READ_PRIVATE, MC_ACT_MC_EDIT,   MC_ACT_MC_SUBMIT,  MC_ACT_MC_REVIEW,
    MC_ACT_MC_PUBLISH,	 MC_ACT_MC_RETIRE, MC_ACT_MC_COMMENT,
};

/* For every action on MCs: D answers `who` as an MC that does not exist. */
static void hidden_is_absent(mc_store *s, const mc_principal *who)
{
	char hidden[256], absent[256], expected[256];
	size_t i;
	int eh, ea;

	for (i = 0; i < sizeof(mc_actions) / sizeof(mc_actions[0]); i++) {
		eh = mc_authz_check_mc(s, who, mc_actions[i], D, hidden,
				       sizeof(hidden));
		ea = mc_authz_check_mc(s, who, mc_actions[i], ABSENT, absent,
				       sizeof(absent));
		as_hidden(expected, sizeof(expected), absent);
		if (eh != ea || strcmp(hidden, expected) != 0)
			fail_msg("action %d, scopes %#x: %d '%s' for the "
				 "hidden MC, %d '%s' for an absent one",
				 (int)mc_actions[i], who->scopes, eh, hidden,
				 ea, absent);
		assert_null(strstr(hidden, P));
	}
}

static void test_hidden_is_absent(void **state)
{
	struct fixture *f = *state;
	static const unsigned scopes[] = {
	    MC_SCOPE_ALL,
	    MC_SCOPE_READ,
	    MC_SCOPE_CATALOGUE,
	    MC_SCOPE_REVIEW,
	    MC_SCOPE_ISSUE,
	    MC_SCOPE_READ | MC_SCOPE_REVIEW,
	    MC_SCOPE_CATALOGUE | MC_SCOPE_REVIEW,
	};
	mc_principal who;
	char why[256];
	size_t i;

	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		who = as(f->stranger, scopes[i]);
		hidden_is_absent(f->s, &who);
		/* A member's token without the read scope reads no draft. */
		who = as(f->member, scopes[i] & ~MC_SCOPE_READ);
		hidden_is_absent(f->s, &who);
	}
	f->stranger->disabled = 1;
	who = as(f->stranger, MC_SCOPE_ALL);
	hidden_is_absent(f->s, &who);
	f->stranger->disabled = 0;
	/* Refusals that do not depend on the MC keep their reason. */
	who = as(f->stranger, MC_SCOPE_ISSUE);
	assert_int_equal(
	    mc_authz_check_mc(f->s, &who, MC_ACT_MC_EDIT, D, why, sizeof(why)),
	    MC_EFORBIDDEN);
	assert_string_equal(why, "the token lacks the catalogue scope");
	who = as(f->stranger, MC_SCOPE_CATALOGUE);
	assert_int_equal(mc_authz_check_mc(f->s, &who, MC_ACT_MC_COMMENT, D,
					   why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_string_equal(why, "the token lacks the review scope");
	who = as(f->stranger, MC_SCOPE_ALL);
	/* Before the rule this was 403 "needs the designer role in P". */
	assert_int_equal(
	    mc_authz_check_mc(f->s, &who, MC_ACT_MC_SUBMIT, D, NULL, 0),
	    MC_ENOTFOUND);
}

static void test_readers_are_told_why(void **state)
{
	struct fixture *f = *state;
	mc_principal awardee = as(f->awardee, MC_SCOPE_ALL),
		     qa = as(f->qa, MC_SCOPE_ALL),
		     stranger = as(f->stranger, MC_SCOPE_ALL),
		     member = as(f->member, MC_SCOPE_ALL),
		     admin = as(f->admin, MC_SCOPE_ALL);
	char why[256];

	assert_int_equal(mc_authz_check_mc(f->s, &awardee, MC_ACT_MC_SUBMIT, D,
					   why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_non_null(strstr(why, "designer role in " P));
	assert_int_equal(mc_authz_check_mc(f->s, &qa, MC_ACT_MC_COMMENT, D, why,
					   sizeof(why)),
			 MC_EFORBIDDEN);
	assert_non_null(strstr(why, "reviewer role"));
	/* A's v1 is public: its existence is no secret. */
	assert_int_equal(mc_authz_check_mc(f->s, &stranger, MC_ACT_MC_EDIT, A,
					   why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_non_null(strstr(why, P));
	assert_int_equal(mc_authz_check_mc(f->s, &member, MC_ACT_MC_EDIT, D,
					   why, sizeof(why)),
			 MC_EFORBIDDEN);
	assert_int_equal(mc_authz_check_mc(f->s, &admin, MC_ACT_MC_EDIT, D, why,
					   sizeof(why)),
			 0);
	assert_int_equal(
	    mc_authz_check_mc(f->s, NULL, MC_ACT_MC_EDIT, D, why, sizeof(why)),
	    MC_EUSAGE);
}

/* The history of `id` (`version`) for `who`: its result, and in `vs` the
 * versions its events concern ("1 2"). */
static int history(mc_store *s, const mc_principal *who, const char *id,
		   unsigned version, char *why, char *vs)
{
	mc_history_event *h = NULL;
	size_t n = 0, i, len = 0;
	unsigned last = 0;
	int error;

	vs[0] = '\0';
	error = mc_authz_read_history(s, who, &h, &n, id, version, why, 256);
	for (i = 0; i < n; i++)
		if (h[i].version != last) {
			last = h[i].version;
			len += (size_t)snprintf(vs + len, 64 - len, "%s%u",
						len ? " " : "", last);
		}
	mc_history_free(h, n);
	return error;
}

static void test_history(void **state)
{
	struct fixture *f = *state;
	mc_principal awardee = as(f->awardee, MC_SCOPE_ALL),
		     qa = as(f->qa, MC_SCOPE_ALL),
		     stranger = as(f->stranger, MC_SCOPE_ALL),
		     member = as(f->member, MC_SCOPE_ALL),
		     issue_token = as(f->member, MC_SCOPE_ISSUE),
		     reader_token = as(f->member, MC_SCOPE_READ);
	char why[256], absent[256], expected[256], vs[64];

	/* Those who work on it: every version they work on. */
	assert_int_equal(history(f->s, &member, A, 0, why, vs), 0);
	assert_string_equal(vs, "1 2");
	assert_int_equal(history(f->s, &reader_token, A, 0, why, vs), 0);
	assert_string_equal(vs, "1 2");
	assert_int_equal(history(f->s, &qa, A, 0, why, vs), 0);
	assert_string_equal(vs, "1 2");
	assert_int_equal(history(f->s, &qa, A, 2, why, vs), 0);
	assert_string_equal(vs, "2");
	assert_int_equal(history(f->s, &awardee, D, 0, why, vs), 0);
	assert_string_equal(vs, "1");
	/* AB awards D, not A: the awardee works on no version of A. */
	assert_int_equal(history(f->s, &awardee, A, 0, why, vs), MC_EFORBIDDEN);
	assert_non_null(strstr(why, "needs a role in " P));

	/* Hidden: as absent, whole or by version. */
	assert_int_equal(history(f->s, &stranger, D, 0, why, vs), MC_ENOTFOUND);
	assert_int_equal(history(f->s, &stranger, ABSENT, 0, absent, vs),
			 MC_ENOTFOUND);
	as_hidden(expected, sizeof(expected), absent);
	assert_string_equal(why, expected);
	assert_int_equal(history(f->s, &stranger, A, 2, why, vs), MC_ENOTFOUND);
	assert_string_equal(why, "no version 2 of micro-credential '" A "'");
	assert_int_equal(history(f->s, &stranger, A, 9, why, vs), MC_ENOTFOUND);
	assert_string_equal(why, "no version 9 of micro-credential '" A "'");
	/* The published v1 is public, its history is not. */
	assert_int_equal(history(f->s, &stranger, A, 0, why, vs),
			 MC_EFORBIDDEN);
	assert_string_equal(vs, "");
	/* Before the MC is looked at: the same for every MC. */
	assert_int_equal(history(f->s, &issue_token, D, 0, why, vs),
			 MC_EFORBIDDEN);
	assert_string_equal(why, "the token lacks the read scope");
	assert_int_equal(history(f->s, &issue_token, ABSENT, 0, why, vs),
			 MC_EFORBIDDEN);
	assert_string_equal(why, "the token lacks the read scope");
	assert_int_equal(history(f->s, NULL, A, 0, why, vs), MC_EUSAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hidden_is_absent),
	    cmocka_unit_test(test_readers_are_told_why),
	    cmocka_unit_test(test_history),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
