/*
 * Who awards (account.h): an awarding body other than the MC's provider
 * must agree to award it.  A draft may name any organisation (saving it
 * asks: a pending request, see mc__consent_request()); the lifecycle
 * refuses to move the MC towards publication (submit, approve, publish)
 * until every such body's admin has accepted, and the policy refuses
 * issuing in a body's name until it has (mc_authz_check()).  A body may
 * decline, or withdraw an acceptance by declining later.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/account.h"
#include "microcred/catalogue.h"

#include "consent_private.h"
#include "json/json_list.h"
#include "store/store.h"
#include "util/timeutil.h"
#include "util/util.h"

static const char *const state_names[] = {"pending", "accepted", "declined"};

const char *mc_consent_state_name(mc_consent_state state)
{
	if (state < 0 || (size_t)state >= MC__ARRAY_SIZE(state_names))
		return NULL;
	return state_names[state];
}

int mc_consent_list(mc_store *store, mc_consent **out, size_t *count,
		    const char *org_id, const char *mc_id)
{
	mc__store_clear_error(store);
	return store->policy->consent_list(store, out, count, org_id, mc_id);
}

static int consent_fill(json_t *o, const void *item)
{
	const mc_consent *c = item;

	return mc__json_set(o, "mc", mc__json_str_or_null(c->mc_id)) ||
	       mc__json_set(o, "org", mc__json_str_or_null(c->org_id)) ||
	       mc__json_set(
		   o, "state",
		   mc__json_str_or_null(mc_consent_state_name(c->state))) ||
	       mc__json_set(o, "requested_by",
			    mc__json_str_or_null(c->requested_by)) ||
	       mc__json_set(o, "requested_at",
			    mc__json_str_or_null(c->requested_at)) ||
	       mc__json_set(o, "decided_by",
			    mc__json_str_or_null(c->decided_by)) ||
	       mc__json_set(o, "decided_at",
			    mc__json_str_or_null(c->decided_at));
}

int mc_consent_list_to_json(char **out, const mc_consent *list, size_t count)
{
	return mc__json_dump_list(out, list, count, sizeof(*list),
				  consent_fill);
}

/* Non-zero if `mc` names `org_id` as an awarding body and it is not the
 * provider (the provider needs nobody's consent). */
static int asks(const mc_microcred *mc, const char *org_id)
{
	return mc && !mc__streq(mc->provider, org_id) &&
	       mc_strlist_has(&mc->awarding_bodies, org_id);
}

int mc__consent_request(mc_store *store, const mc_microcred *mc,
			const char *actor)
{
	char at[21];
	size_t i;
	int error = 0;

	mc__timestamp_format(at, mc__now());
	for (i = 0; !error && i < mc->awarding_bodies.count; i++)
		if (asks(mc, mc->awarding_bodies.items[i]))
			error = store->policy->consent_request(
			    store, mc->id, mc->awarding_bodies.items[i], actor,
			    at);
	return error;
}

int mc_consent_decide(mc_store *store, const char *actor, const char *mc_id,
		      const char *org_id, int accept)
{
	mc_microcred *latest = NULL, *published = NULL;
	char at[21];
	int error;

	mc__store_clear_error(store);
	error = store->catalogue->mc_get(store, &latest, mc_id, 0);
	if (error == MC_ENOTFOUND) {
		error = mc__store_error(store, error,
					"no micro-credential '%.200s'", mc_id);
		goto cleanup;
	}
	if (error < 0)
		goto cleanup;
	if (store->catalogue->mc_get_published(store, &published, mc_id) < 0)
		published = NULL;
	if (!org_id || (!asks(latest, org_id) && !asks(published, org_id))) {
		error = mc__store_error(store, MC_ENOTFOUND,
					"%.200s does not name %.200s as an "
					"awarding body (other than its "
					"provider)",
					mc_id, org_id ? org_id : "(none)");
		goto cleanup;
	}
	mc__timestamp_format(at, mc__now());
	if ((error = store->core->begin(store)) < 0)
		goto cleanup;
	error = store->policy->consent_decide(
	    store, mc_id, org_id,
	    accept ? MC_CONSENT_ACCEPTED : MC_CONSENT_DECLINED, actor, at);
	if (!error)
		error = store->audit->add(
		    store, actor, accept ? "consent.accept" : "consent.decline",
		    mc_id, org_id, NULL);
	if (error < 0)
		store->core->rollback(store);
	else
		error = store->core->commit(store);

cleanup:
	mc_microcred_free(latest);
	mc_microcred_free(published);
	return error;
}

/* Call `each` for every awarding body of `mc` (index `i`) other than its
 * provider that has not accepted, with its state ("pending", "declined",
 * "not asked"), until it returns non-zero, which is returned. */
static int each_missing(mc_store *store, const mc_microcred *mc,
			int (*each)(void *ctx, size_t i, const char *org,
				    const char *state),
			void *ctx)
{
	mc_consent *list = NULL;
	size_t n = 0, i, j;
	int error;

	if ((error = store->policy->consent_list(store, &list, &n, NULL,
						 mc->id)) < 0)
		return error;
	for (i = 0; !error && i < mc->awarding_bodies.count; i++) {
		const char *org = mc->awarding_bodies.items[i];

		if (!asks(mc, org))
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(list[j].org_id, org) == 0)
				break;
		if (j < n && list[j].state == MC_CONSENT_ACCEPTED)
			continue;
		error = each(ctx, i, org,
			     j < n ? mc_consent_state_name(list[j].state)
				   : "not asked");
	}
	mc_consent_list_free(list, n);
	return error;
}

struct why {
	const mc_microcred *mc;
	char *buf;
	size_t len;
};

static int refuse(void *ctx, size_t i, const char *org, const char *state)
{
	struct why *w = ctx;

	mc__set_err(w->buf, w->len,
		    "awarding_bodies[%zu]: %s has not accepted to award %s "
		    "(%s); an admin of %s accepts the request",
		    i, org, w->mc->id, state, org);
	return MC_ESTATE;
}

int mc_consent_check(mc_store *store, const mc_microcred *mc, char *why,
		     size_t whylen)
{
	struct why w = {mc, why, whylen};

	if (why && whylen)
		why[0] = '\0';
	return each_missing(store, mc, refuse, &w);
}

static int collect(void *ctx, size_t i, const char *org, const char *state)
{
	(void)i;
	(void)state;
	return mc_strlist_add(ctx, org);
}

int mc_consent_missing(mc_store *store, const mc_microcred *mc, mc_strlist *out)
{
	int error = each_missing(store, mc, collect, out);

	if (error < 0)
		mc_strlist_clear(out);
	return error;
}
