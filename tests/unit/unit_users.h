/*
 * The users the account and policy tests make.  Include after cmocka.h
 * and microcred/account.h, with PASSWORD defined: every user made here
 * signs in with it.
 */
#ifndef MC_UNIT_USERS_H
#define MC_UNIT_USERS_H

/* A user named "Test User" with `email` and PASSWORD, the platform admin
 * when `admin`, with `roles` in `org` (NULL: no membership); fails the
 * test when the store refuses.  Free with mc_user_free(). */
static mc_user *make_user(mc_store *s, const char *email, int admin,
			  const char *org, unsigned roles)
{
	mc_problems p = MC_PROBLEMS_INIT;
	mc_user *u = NULL;

	if (mc_user_create(s, &u, email, "Test User", PASSWORD, admin, &p))
		fail_msg("create %s: %s", email, mc_store_errmsg(s));
	mc_problems_clear(&p);
	if (org) {
		assert_int_equal(mc_member_set(s, u->id, org, roles), 0);
		mc_user_free(u);
		assert_int_equal(mc_user_get(s, &u, email), 0);
	}
	return u;
}

#endif
