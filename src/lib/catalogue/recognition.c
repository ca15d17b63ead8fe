/*
 * Who reviews (account.h): the organisations the platform admin registered
 * as QA bodies for a country or as self-accrediting providers, and the
 * rule that derives from them which organisations may be the QA body of a
 * provider's MCs.  A designer names the QA body; this decides whether the
 * name is acceptable, so nobody chooses their own reviewers.
 *
 * Recognised for country C: the agencies and accreditation bodies of C
 * (their type and country are the platform admin's to set, see
 * mc_authz_org_update()) and the organisations registered as QA body for
 * C.  The provider itself never, unless registered self-accrediting.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/account.h"
#include "microcred/organisation.h"

#include "util/iso_codes.h"
#include "json/json_list.h"
#include "store/store.h"
#include "util/timeutil.h"
#include "util/util.h"

static const char *const kind_names[] = {"qa_body", "self_accrediting"};

const char *mc_recognition_kind_name(mc_recognition_kind kind)
{
	if (kind < 0 || (size_t)kind >= MC__ARRAY_SIZE(kind_names))
		return NULL;
	return kind_names[kind];
}

int mc_recognition_kind_parse(mc_recognition_kind *out, const char *name)
{
	size_t i;

	for (i = 0; name && i < MC__ARRAY_SIZE(kind_names); i++)
		if (strcmp(kind_names[i], name) == 0) {
			*out = (mc_recognition_kind)i;
			return 0;
		}
	return MC_EINVALID;
}

/* Non-zero for an upper-case ISO 3166-1 alpha-2 code we know. */
static int country_valid(const char *c)
{
	char a3[4];

	return c && strlen(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' &&
	       c[1] >= 'A' && c[1] <= 'Z' && mc__iso_alpha3(c, a3);
}

/* Check the arguments of a grant or withdrawal; *org gets the
 * organisation. */
static int check_args(mc_store *store, mc_org **org, const char *org_id,
		      const char *country, mc_recognition_kind kind)
{
	int error;

	*org = NULL;
	if (!mc_recognition_kind_name(kind))
		return mc__store_error(store, MC_EINVALID, "kind: unknown");
	if (!country_valid(country))
		return mc__store_error(store, MC_EINVALID,
				       "country: '%.20s' is not an ISO "
				       "3166-1 alpha-2 code in upper case",
				       country ? country : "");
	if (!org_id || (error = store->catalogue->org_get(
			    store, org, org_id)) == MC_ENOTFOUND)
		return mc__store_error(store, MC_ENOTFOUND,
				       "no organisation '%.200s'",
				       org_id ? org_id : "");
	return error;
}

int mc_recognition_grant(mc_store *store, const char *actor, const char *org_id,
			 const char *country, mc_recognition_kind kind)
{
	mc_recognition r = {0};
	mc_org *org = NULL;
	char at[21];
	char *reason = NULL;
	int error;

	mc__store_clear_error(store);
	if ((error = check_args(store, &org, org_id, country, kind)) < 0)
		goto cleanup;
	if (kind == MC_RECOGNITION_SELF_ACCREDITING &&
	    !mc__streq(org->country, country)) {
		error = mc__store_error(store, MC_EINVALID,
					"country: %s is in %s; a provider is "
					"self-accrediting for its own country "
					"only",
					org_id, org->country);
		goto cleanup;
	}
	mc__timestamp_format(at, mc__now());
	r.org_id = (char *)org_id;
	r.country = (char *)country;
	r.kind = kind;
	r.granted_by = (char *)actor;
	r.granted_at = at;
	if (!(reason = mc__asprintf("%s for %s", kind_names[kind], country))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = store->core->begin(store)) < 0)
		goto cleanup;
	error = store->policy->recognition_put(store, &r);
	if (!error)
		error = store->audit->add(store, actor, "org.recognise", org_id,
					  org_id, reason);
	if (error < 0)
		store->core->rollback(store);
	else
		error = store->core->commit(store);

cleanup:
	free(reason);
	mc_org_free(org);
	return error;
}

int mc_recognition_withdraw(mc_store *store, const char *actor,
			    const char *org_id, const char *country,
			    mc_recognition_kind kind)
{
	mc_org *org = NULL;
	char *reason = NULL;
	int error;

	mc__store_clear_error(store);
	if ((error = check_args(store, &org, org_id, country, kind)) < 0)
		goto cleanup;
	if (!(reason = mc__asprintf("%s for %s", kind_names[kind], country))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = store->core->begin(store)) < 0)
		goto cleanup;
	error = store->policy->recognition_delete(store, org_id, country, kind);
	if (!error)
		error = store->audit->add(store, actor, "org.unrecognise",
					  org_id, org_id, reason);
	if (error < 0)
		store->core->rollback(store);
	else
		error = store->core->commit(store);

cleanup:
	free(reason);
	mc_org_free(org);
	return error;
}

int mc_recognition_list(mc_store *store, mc_recognition **out, size_t *count,
			const char *org_id, const char *country)
{
	mc__store_clear_error(store);
	return store->policy->recognition_list(store, out, count, org_id,
					       country);
}

static int recognition_fill(json_t *o, const void *item)
{
	const mc_recognition *r = item;

	return mc__json_set(o, "org", mc__json_str_or_null(r->org_id)) ||
	       mc__json_set(o, "country", mc__json_str_or_null(r->country)) ||
	       mc__json_set(
		   o, "kind",
		   mc__json_str_or_null(mc_recognition_kind_name(r->kind))) ||
	       mc__json_set(o, "granted_by",
			    mc__json_str_or_null(r->granted_by)) ||
	       mc__json_set(o, "granted_at",
			    mc__json_str_or_null(r->granted_at));
}

int mc_recognition_list_to_json(char **out, const mc_recognition *list,
				size_t count)
{
	return mc__json_dump_list(out, list, count, sizeof(*list),
				  recognition_fill);
}

/* Non-zero (in *out) if `org_id` is registered as `kind` for `country`. */
static int registered(mc_store *store, int *out, const char *org_id,
		      const char *country, mc_recognition_kind kind)
{
	mc_recognition *list = NULL;
	size_t n = 0, i;
	int error;

	*out = 0;
	error =
	    store->policy->recognition_list(store, &list, &n, org_id, country);
	for (i = 0; !error && i < n; i++)
		if (list[i].kind == kind)
			*out = 1;
	mc_recognition_list_free(list, n);
	return error;
}

int mc_qa_bodies(mc_store *store, mc_strlist *out, char **country,
		 const char *provider_id)
{
	mc_org *provider = NULL, **orgs = NULL;
	mc_recognition *rec = NULL;
	size_t n = 0, nrec = 0, i;
	int error, self = 0;

	if (country)
		*country = NULL;
	if ((error = store->catalogue->org_get(store, &provider, provider_id)) <
	    0)
		goto cleanup;
	if ((error = registered(store, &self, provider->id, provider->country,
				MC_RECOGNITION_SELF_ACCREDITING)) < 0)
		goto cleanup;
	if (self && (error = mc_strlist_add(out, provider->id)) < 0)
		goto cleanup;
	error = store->catalogue->org_list(store, &orgs, &n, provider->country);
	if (error == MC_ENOTFOUND)
		error = 0;
	for (i = 0; !error && i < n; i++)
		if ((orgs[i]->type == MC_ORG_ACCREDITATION_BODY ||
		     orgs[i]->type == MC_ORG_AGENCY) &&
		    strcmp(orgs[i]->id, provider->id) != 0)
			error = mc_strlist_add(out, orgs[i]->id);
	if (!error)
		error = store->policy->recognition_list(
		    store, &rec, &nrec, NULL, provider->country);
	for (i = 0; !error && i < nrec; i++)
		if (rec[i].kind == MC_RECOGNITION_QA_BODY &&
		    strcmp(rec[i].org_id, provider->id) != 0 &&
		    !mc_strlist_has(out, rec[i].org_id))
			error = mc_strlist_add(out, rec[i].org_id);
	if (!error && country && !(*country = mc__strdup(provider->country)))
		error = MC_ENOMEM;

cleanup:
	mc_recognition_list_free(rec, nrec);
	mc_org_list_free(orgs, n);
	mc_org_free(provider);
	return error;
}

int mc_qa_body_check(mc_store *store, const char *provider_id,
		     const char *qa_body, char *why, size_t whylen)
{
	mc_strlist ok = {0};
	mc_org *body = NULL;
	char *country = NULL;
	int error;

	if (why && whylen)
		why[0] = '\0';
	if ((error = store->catalogue->org_get(store, &body, qa_body)) < 0) {
		if (error == MC_ENOTFOUND)
			mc__set_err(why, whylen, "unknown organisation '%s'",
				    qa_body);
		goto cleanup;
	}
	if ((error = mc_qa_bodies(store, &ok, &country, provider_id)) < 0) {
		if (error == MC_ENOTFOUND)
			mc__set_err(why, whylen, "unknown provider '%s'",
				    provider_id);
		goto cleanup;
	}
	if (mc_strlist_has(&ok, qa_body))
		goto cleanup;
	error = MC_EFORBIDDEN;
	if (strcmp(qa_body, provider_id) == 0)
		mc__set_err(why, whylen,
			    "%s is the provider: a provider is its own QA "
			    "body only when the platform admin has registered "
			    "it as self-accrediting",
			    qa_body);
	else
		mc__set_err(why, whylen,
			    "%s is not recognised as a QA body for %s (the "
			    "provider's country): name an agency or "
			    "accreditation body of %s, or one the platform "
			    "admin has registered for %s",
			    qa_body, country, country, country);

cleanup:
	free(country);
	mc_strlist_clear(&ok);
	mc_org_free(body);
	return error;
}
