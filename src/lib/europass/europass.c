/*
 * The Europass course directory export (include/microcred/europass.h):
 * picks the published MC versions of an organisation or a country and
 * assembles their LOQ nodes (europass_loq.c) into one JSON-LD dataset,
 *
 *   {"@context": edc-ap, "@graph": [Organisation..., Qualification,
 *    LearningOpportunity, ...]}
 *
 * with the organisations (providers and awarding bodies) first, by id,
 * then each MC by id.  Everything comes from the store in a fixed order
 * and is written by the project's deterministic JSON emitter, so the same
 * catalogue always gives the same bytes (the QDR pulls the dataset from a
 * stable URL and compares), ending with a newline: the command line writes
 * them and the server sends them as they are.
 */
#include <stdlib.h>
#include <string.h>

#include "europass_private.h"
#include "microcred/catalogue.h"
#include "microcred/europass.h"
#include "model/model.h"
#include "util/util.h"

/* One MC of the scope with what its nodes need. */
struct pick {
	mc_microcred *mc;
	char modified[21];
	const char *country; /* the provider's, borrowed from `orgs` */
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The organisation of `id` among `orgs`, or NULL. */
static mc_org *org_find(mc_org **orgs, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(orgs[i]->id, id) == 0)
			return orgs[i];
	return NULL;
}

/* When version `v` of `id` was last updated (from its version list). */
static void modified_of(mc_store *store, char out[21], const char *id,
			unsigned v)
{
	mc_version_info *vs = NULL;
	size_t n = 0, i;

	out[0] = '\0';
	if (mc_catalogue_versions(store, &vs, &n, id) < 0)
		return;
	for (i = 0; i < n; i++)
		if (vs[i].version == v)
			memcpy(out, vs[i].updated_at, 21);
	free(vs);
}

/*
 * The published versions in scope into *picks (by MC id), every
 * organisation into *orgs.  A country scope takes the MCs whose provider
 * is in that country; an organisation scope those it provides.
 */
static int collect(mc_store *store, struct pick **picks, size_t *npicks,
		   mc_org ***orgs, size_t *norgs, mc_europass_scope scope,
		   const char *key)
{
	mc_strlist ids = MC_STRLIST_INIT;
	size_t i;
	int error;

	*picks = NULL;
	*npicks = 0;
	if ((error = mc_org_list(store, orgs, norgs, NULL)) < 0)
		return error;
	if ((error = store->catalogue->mc_ids(store, &ids)) < 0)
		goto cleanup;
	if (ids.count && !(*picks = calloc(ids.count, sizeof(**picks)))) {
		error = mc__store_error(store, MC_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < ids.count; i++) {
		mc_microcred *mc = NULL;
		mc_org *provider;

		error = store->catalogue->mc_get_published(store, &mc,
							   ids.items[i]);
		if (error == MC_ENOTFOUND) {
			error = 0;
			continue;
		}
		if (error < 0)
			goto cleanup;
		provider =
		    mc->provider ? org_find(*orgs, *norgs, mc->provider) : NULL;
		if (scope == MC_EUROPASS_ORG
			? !mc__streq(mc->provider, key)
			: !provider || !mc__streq(provider->country, key)) {
			mc_microcred_free(mc);
			continue;
		}
		(*picks)[*npicks].mc = mc;
		(*picks)[*npicks].country = provider ? provider->country : NULL;
		modified_of(store, (*picks)[*npicks].modified, mc->id,
			    mc->version);
		(*npicks)++;
	}
	mc__store_clear_error(store);

cleanup:
	mc_strlist_clear(&ids);
	return error;
}

/* The ids of the organisations the picks name, sorted and unique. */
static int org_refs(mc_strlist *out, const struct pick *picks, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		const mc_microcred *mc = picks[i].mc;

		if (mc->provider && !mc_strlist_has(out, mc->provider) &&
		    mc_strlist_add(out, mc->provider) < 0)
			return MC_ENOMEM;
		for (k = 0; k < mc->awarding_bodies.count; k++) {
			const char *b = mc->awarding_bodies.items[k];

			if (!mc_strlist_has(out, b) &&
			    mc_strlist_add(out, b) < 0)
				return MC_ENOMEM;
		}
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(char *), cmp_str);
	return 0;
}

/* Check `key` and put the canonical form (a country upper-cased) in out. */
static int check_scope(mc_store *store, char *out, size_t outlen,
		       mc_europass_scope scope, const char *key)
{
	mc_org *org = NULL;
	int error;

	if (!key)
		return mc__store_error(store, MC_EINVALID, "key: missing");
	if (scope == MC_EUROPASS_COUNTRY) {
		if (strlen(key) != 2 ||
		    !((key[0] | 0x20) >= 'a' && (key[0] | 0x20) <= 'z' &&
		      (key[1] | 0x20) >= 'a' && (key[1] | 0x20) <= 'z'))
			return mc__store_error(
			    store, MC_EINVALID,
			    "country: '%.40s' is not an ISO 3166-1 alpha-2 "
			    "code",
			    key);
		out[0] = (char)(key[0] & ~0x20);
		out[1] = (char)(key[1] & ~0x20);
		out[2] = '\0';
		if (!mc_country_name(out))
			return mc__store_error(
			    store, MC_EINVALID,
			    "country: '%s' is not an ISO 3166-1 alpha-2 code",
			    out);
		return 0;
	}
	if (scope != MC_EUROPASS_ORG)
		return mc__store_error(store, MC_EINVALID,
				       "scope: must be org or country");
	if (!mc_id_valid(key))
		return mc__store_error(store, MC_ENOTFOUND,
				       "no organisation '%.80s'", key);
	if ((error = mc_org_get(store, &org, key)) < 0) {
		if (error == MC_ENOTFOUND)
			mc__store_error(store, error, "no organisation '%s'",
					key);
		return error;
	}
	mc_org_free(org);
	snprintf(out, outlen, "%s", key);
	return 0;
}

int mc_europass_export(mc_store *store, char **out, size_t *len,
		       mc_europass_scope scope, const char *key)
{
	struct pick *picks = NULL;
	mc_org **orgs = NULL;
	mc_strlist refs = MC_STRLIST_INIT;
	size_t npicks = 0, norgs = 0, i;
	char canon[MC_ID_MAX + 1];
	json_t *root = NULL, *graph;
	char *text = NULL;
	int error, bad;

	*out = NULL;
	if (len)
		*len = 0;
	mc__store_clear_error(store);
	if ((error = check_scope(store, canon, sizeof(canon), scope, key)) < 0)
		return error;
	if ((error = collect(store, &picks, &npicks, &orgs, &norgs, scope,
			     canon)) < 0)
		goto cleanup;
	if ((error = org_refs(&refs, picks, npicks)) < 0) {
		mc__store_error(store, error, "out of memory");
		goto cleanup;
	}
	graph = json_array();
	root = json_pack("{s:s, s:o}", "@context", MC__EUROPASS_CONTEXT,
			 "@graph", graph);
	bad = !root;
	for (i = 0; !bad && i < refs.count; i++) {
		mc_org *org = org_find(orgs, norgs, refs.items[i]);

		if (org) /* an MC names only known organisations */
			bad = json_array_append_new(
			    graph, mc__loq_organisation(
				       mc_store_base_url(store), org));
	}
	for (i = 0; !bad && i < npicks; i++) {
		struct mc__loq_input in = {store, mc_store_base_url(store),
					   picks[i].mc, NULL, picks[i].country};

		if (picks[i].modified[0])
			in.modified = picks[i].modified;
		bad =
		    json_array_append_new(graph, mc__loq_qualification(&in)) ||
		    json_array_append_new(graph, mc__loq_opportunity(&in));
	}
	if (bad || !(text = mc__json_dump(root)) ||
	    !(*out = mc__asprintf("%s\n", text))) {
		error = mc__store_error(store, MC_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (len)
		*len = strlen(*out);

cleanup:
	free(text);
	json_decref(root);
	mc_strlist_clear(&refs);
	for (i = 0; i < npicks; i++)
		mc_microcred_free(picks[i].mc);
	free(picks);
	mc_org_list_free(orgs, norgs);
	return error;
}
