/*
 * OER adaptation: another organisation takes a published MC as the start
 * of its own, as the licence allows, keeping the attribution chain
 * (title, author, source, licence) and a link to the exact source version.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_private.h"
#include "store/store.h"

/* Non-zero for licences that allow adaptations (no "ND" term). */
static int licence_allows_derivatives(const char *licence)
{
	return !licence || !strstr(licence, "-ND");
}

/* Replace *field with a copy of `value`; 0 or MC_ENOMEM. */
static int replace(char **field, const char *value)
{
	char *copy = NULL;

	if (value && !(copy = strdup(value)))
		return MC_ENOMEM;
	free(*field);
	*field = copy;
	return 0;
}

/* The id of the adaptation: "<org>-<id>", cut to MC_ID_MAX without a
 * trailing '-'. */
static void default_id(char out[MC_ID_MAX + 1], const char *org_id,
		       const char *id)
{
	size_t n;

	snprintf(out, MC_ID_MAX + 1, "%s-%s", org_id, id);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '-')
		out[--n] = '\0';
}

/* Turn `mc` (a copy of the source) into the adaptation's draft. */
static int rewrite_for(mc_microcred *mc, const mc_org *org,
		       const mc_org *source_org, const char *new_id,
		       const char *source_uri)
{
	const char *title =
	    mc_langmap_pick(&mc->title, "en", mc->primary_language);
	const char *author =
	    mc->attribution ? mc->attribution
			    : mc_langmap_pick(&source_org->name, "en", NULL);
	const char *by = mc_langmap_pick(&org->name, "en", NULL);
	char *attribution;
	int error = 0;

	attribution = mc__asprintf(
	    "\"%s\" by %s (%s), %s; adapted by %s", title, author, source_uri,
	    mc->licence ? mc->licence : "CC-BY-SA-4.0", by);
	if (!attribution)
		return MC_ENOMEM;
	free(mc->attribution);
	mc->attribution = attribution;

	mc->version = 0;
	mc->status = MC_STATUS_DRAFT;
	mc_strlist_clear(&mc->awarding_bodies);
	mc_strlist_clear(&mc->countries);
	mc_strlist_clear(&mc->regions);
	if ((error = replace(&mc->id, new_id)) < 0 ||
	    (error = replace(&mc->provider, org->id)) < 0 ||
	    (error = replace(&mc->derived_from, source_uri)) < 0 ||
	    (error = replace(&mc->qa_body, NULL)) < 0 ||
	    (error = mc_strlist_add(&mc->awarding_bodies, org->id)) < 0 ||
	    (error = mc_strlist_add(&mc->countries, org->country)) < 0)
		return error;
	if (org->region)
		error = mc_strlist_add(&mc->regions, org->region);
	return error;
}

int mc_catalogue_adapt(mc_store *store, mc_microcred **out, const char *id,
		       unsigned version, const char *org_id, const char *new_id)
{
	return mc_catalogue_adapt_as(store, out, id, version, org_id, new_id,
				     NULL);
}

int mc_catalogue_adapt_as(mc_store *store, mc_microcred **out, const char *id,
			  unsigned version, const char *org_id,
			  const char *new_id, const char *actor)
{
	mc_microcred *src = NULL, *existing = NULL;
	mc_org *org = NULL, *source_org = NULL;
	mc_problems problems = MC_PROBLEMS_INIT;
	char id_buf[MC_ID_MAX + 1];
	char *source_uri = NULL;
	int error;

	if (out)
		*out = NULL;
	mc__store_clear_error(store);
	if (version)
		error = mc_catalogue_get(store, &src, id, version);
	else if ((error = store->catalogue->mc_get_published(
		      store, &src, id)) == MC_ENOTFOUND)
		error = mc__store_error(store, error,
					"no published version of '%s'", id);
	if (error < 0)
		goto cleanup;
	if (src->status != MC_STATUS_PUBLISHED &&
	    src->status != MC_STATUS_RETIRED) {
		error = mc__store_error(store, MC_ESTATE,
					"%s v%u is %s: only published "
					"micro-credentials can be adapted",
					id, src->version,
					mc_status_name(src->status));
		goto cleanup;
	}
	if ((error = store->catalogue->org_get(store, &org, org_id)) < 0) {
		if (error == MC_ENOTFOUND)
			mc__store_error(store, error, "no organisation '%s'",
					org_id);
		goto cleanup;
	}
	if (strcmp(src->provider, org_id) == 0) {
		error = mc__store_error(store, MC_EINVALID,
					"%s is already %s's own: edit it "
					"instead of adapting it",
					id, org_id);
		goto cleanup;
	}
	if (!licence_allows_derivatives(src->licence)) {
		error = mc__store_error(store, MC_EINVALID,
					"%s is licensed %s, which does not "
					"allow adaptations",
					id, src->licence);
		goto cleanup;
	}
	if ((error = store->catalogue->org_get(store, &source_org,
					       src->provider)) < 0)
		goto cleanup;
	if (!new_id) {
		default_id(id_buf, org_id, id);
		new_id = id_buf;
	}
	if (!mc_id_valid(new_id)) {
		error = mc__store_error(store, MC_EINVALID,
					"id: '%s' is not a valid identifier",
					new_id);
		goto cleanup;
	}
	if (store->catalogue->mc_get(store, &existing, new_id, 0) == 0) {
		error = mc__store_error(store, MC_EEXISTS,
					"id: '%s' already exists", new_id);
		goto cleanup;
	}
	if ((error = mc_catalogue_uri(store, &source_uri, id, src->version)) <
	    0)
		goto cleanup;
	if ((error = rewrite_for(src, org, source_org, new_id, source_uri)) < 0)
		goto cleanup;
	if ((error = mc_catalogue_save_as(store, src, actor, &problems)) < 0)
		goto cleanup;
	if (out) {
		*out = src;
		src = NULL;
	}

cleanup:
	mc_microcred_free(src);
	mc_microcred_free(existing);
	mc_org_free(org);
	mc_org_free(source_org);
	mc_problems_clear(&problems);
	free(source_uri);
	return error;
}
