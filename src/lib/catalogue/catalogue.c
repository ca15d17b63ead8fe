/*
 * The catalogue on top of the store: organisations and clusters with their
 * references checked, saving MCs as drafts and versions, looking them up
 * by id or URI, and the lifecycle.
 *
 * Invariants kept here (a backend only stores):
 * - every stored MC version passed mc_microcred_validate() and names only
 *   known organisations;
 * - a version that left the draft state never changes again, except for
 *   its status moving forward;
 * - at most one version of an MC is published at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_private.h"
#include "consent_private.h"
#include "model/model.h"
#include "store/store.h"

/* ---- organisations and clusters ---------------------------------------- */

int mc_org_put(mc_store *store, const mc_org *org, mc_problems *problems)
{
	mc_problems local = MC_PROBLEMS_INIT;
	mc_problems *p = problems ? problems : &local;
	json_t *json = NULL;
	mc_org *checked = NULL;
	int error;

	mc__store_clear_error(store);
	/* A round trip through the parser applies every rule once. */
	if (!(json = mc__org_to_jansson(org))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = mc__org_from_jansson(&checked, json, NULL, p)) < 0) {
		error = mc__store_problems_error(store, error, p);
		goto cleanup;
	}
	error = store->catalogue->org_put(store, org);

cleanup:
	json_decref(json);
	mc_org_free(checked);
	mc_problems_clear(&local);
	return error;
}

int mc_org_get(mc_store *store, mc_org **out, const char *id)
{
	mc__store_clear_error(store);
	return store->catalogue->org_get(store, out, id);
}

int mc_org_list(mc_store *store, mc_org ***out, size_t *count,
		const char *country)
{
	mc__store_clear_error(store);
	return store->catalogue->org_list(store, out, count, country);
}

/* Append a problem per member of `c` that is not in the store. */
static int check_cluster_members(mc_store *store, const mc_cluster *c,
				 const char *where, mc_problems *p)
{
	size_t i;
	int error;

	for (i = 0; i < c->organisations.count; i++) {
		mc_org *org = NULL;
		char field[64];

		error = store->catalogue->org_get(store, &org,
						  c->organisations.items[i]);
		mc_org_free(org);
		if (error == MC_ENOTFOUND) {
			snprintf(field, sizeof(field), "organisations[%zu]", i);
			if (mc_problems_add(p, where, field,
					    "unknown organisation '%s'",
					    c->organisations.items[i]) < 0)
				return MC_ENOMEM;
		} else if (error < 0) {
			return error;
		}
	}
	for (i = 0; i < c->mcs.count; i++) {
		mc_microcred *mc = NULL;
		char field[64];

		error =
		    store->catalogue->mc_get(store, &mc, c->mcs.items[i], 0);
		mc_microcred_free(mc);
		if (error == MC_ENOTFOUND) {
			snprintf(field, sizeof(field), "microcredentials[%zu]",
				 i);
			if (mc_problems_add(p, where, field,
					    "unknown micro-credential '%s'",
					    c->mcs.items[i]) < 0)
				return MC_ENOMEM;
		} else if (error < 0) {
			return error;
		}
	}
	return 0;
}

int mc__cluster_put_checked(mc_store *store, const mc_cluster *cluster,
			    const char *where, mc_problems *p)
{
	size_t before = p->found;
	int error;

	if ((error = check_cluster_members(store, cluster, where, p)) < 0)
		return error;
	if (p->found > before)
		return mc__store_problems_error(store, MC_EINVALID, p);
	return store->catalogue->cluster_put(store, cluster);
}

int mc_cluster_put(mc_store *store, const mc_cluster *cluster,
		   mc_problems *problems)
{
	mc_problems local = MC_PROBLEMS_INIT;
	mc_problems *p = problems ? problems : &local;
	json_t *json = NULL;
	mc_cluster *checked = NULL;
	int error;

	mc__store_clear_error(store);
	if (!(json = mc__cluster_to_jansson(cluster))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = mc__cluster_from_jansson(&checked, json, NULL, p)) < 0) {
		error = mc__store_problems_error(store, error, p);
		goto cleanup;
	}
	error = mc__cluster_put_checked(store, cluster, NULL, p);

cleanup:
	json_decref(json);
	mc_cluster_free(checked);
	mc_problems_clear(&local);
	return error;
}

int mc_cluster_get(mc_store *store, mc_cluster **out, const char *id)
{
	mc__store_clear_error(store);
	return store->catalogue->cluster_get(store, out, id);
}

int mc_cluster_list(mc_store *store, mc_cluster ***out, size_t *count)
{
	mc__store_clear_error(store);
	return store->catalogue->cluster_list(store, out, count);
}

int mc_cluster_add(mc_store *store, const char *cluster_id, const char *org_id,
		   const char *mc_id)
{
	mc_cluster *c = NULL;
	mc_org *org = NULL;
	mc_microcred *mc = NULL;
	int error;

	mc__store_clear_error(store);
	if ((error = store->catalogue->cluster_get(store, &c, cluster_id)) <
	    0) {
		if (error == MC_ENOTFOUND)
			mc__store_error(store, error, "no cluster '%s'",
					cluster_id);
		goto cleanup;
	}
	if (org_id &&
	    (error = store->catalogue->org_get(store, &org, org_id)) < 0) {
		if (error == MC_ENOTFOUND)
			mc__store_error(store, error, "no organisation '%s'",
					org_id);
		goto cleanup;
	}
	if (mc_id &&
	    (error = store->catalogue->mc_get(store, &mc, mc_id, 0)) < 0) {
		if (error == MC_ENOTFOUND)
			mc__store_error(store, error,
					"no micro-credential '%s'", mc_id);
		goto cleanup;
	}
	error = store->catalogue->cluster_add(store, cluster_id, org_id, mc_id);

cleanup:
	mc_cluster_free(c);
	mc_org_free(org);
	mc_microcred_free(mc);
	return error;
}

/* ---- micro-credentials -------------------------------------------------- */

/* Append a problem for an organisation id that is not in the store. */
static int check_org(mc_store *store, const char *id, const char *where,
		     const char *field, mc_problems *p)
{
	mc_org *org = NULL;
	int error;

	if (!id)
		return 0;
	error = store->catalogue->org_get(store, &org, id);
	mc_org_free(org);
	if (error == MC_ENOTFOUND)
		return mc_problems_add(p, where, field,
				       "unknown organisation '%s'", id);
	return error;
}

/* Append a problem when `mc` names a QA body not recognised for its
 * provider's country (mc_qa_body_check(): the designer does not choose
 * who reviews).  Unknown organisations are check_org()'s to report. */
static int check_qa_body(mc_store *store, const mc_microcred *mc,
			 const char *where, mc_problems *p)
{
	char why[400];
	int error;

	if (!mc->qa_body || !mc->provider)
		return 0;
	error = mc_qa_body_check(store, mc->provider, mc->qa_body, why,
				 sizeof(why));
	if (error == MC_EFORBIDDEN)
		return mc_problems_add(p, where, "quality_assurance.body", "%s",
				       why);
	return error == MC_ENOTFOUND ? 0 : error;
}

/* The organisations `mc` names exist; with `qa`, its QA body is one
 * recognised for its provider's country. */
static int check_references(mc_store *store, const mc_microcred *mc,
			    const char *where, mc_problems *p, int qa)
{
	size_t i;
	int error;

	if ((error = check_org(store, mc->provider, where, "provider", p)) < 0)
		return error;
	for (i = 0; i < mc->awarding_bodies.count; i++) {
		char field[48];

		snprintf(field, sizeof(field), "awarding_bodies[%zu]", i);
		if ((error = check_org(store, mc->awarding_bodies.items[i],
				       where, field, p)) < 0)
			return error;
	}
	if ((error = check_org(store, mc->qa_body, where,
			       "quality_assurance.body", p)) < 0)
		return error;
	return qa ? check_qa_body(store, mc, where, p) : 0;
}

int mc__check_references(mc_store *store, const mc_microcred *mc,
			 const char *where, mc_problems *p)
{
	/* A version imported as reviewed (the export form, not a draft)
	 * was reviewed where it came from: its QA body is not chosen now,
	 * and reviewing it again is mc_authz_check()'s to refuse. */
	return check_references(store, mc, where, p,
				!mc->version || mc->status == MC_STATUS_DRAFT);
}

int mc__json_same(json_t *a, json_t *b)
{
	int same = a && b && json_equal(a, b);

	json_decref(a);
	json_decref(b);
	return same;
}

int mc__mc_equal(const mc_microcred *a, const mc_microcred *b)
{
	return mc__json_same(mc__microcred_to_jansson(a),
			     mc__microcred_to_jansson(b));
}

/* mc__save_draft(), recording `actor` (may be NULL) in the history. */
static int save_draft_as(mc_store *store, mc_microcred *mc, const char *where,
			 mc_problems *p, int *created, const char *actor)
{
	mc_microcred *latest = NULL;
	int error;

	*created = 0;
	error = store->catalogue->mc_get(store, &latest, mc->id, 0);
	if (error == MC_ENOTFOUND) {
		mc->version = 1;
		*created = 1;
	} else if (error < 0) {
		goto cleanup;
	} else {
		switch (latest->status) {
		case MC_STATUS_DRAFT:
			mc->version = latest->version;
			break;
		case MC_STATUS_PUBLISHED:
		case MC_STATUS_RETIRED:
			mc->version = latest->version + 1;
			*created = 1;
			break;
		default:
			error = mc__store_error(
			    store, MC_ESTATE,
			    "%s%s%s: version %u is %s; return it to draft "
			    "before editing",
			    where ? where : "", where ? ": " : "", mc->id,
			    latest->version, mc_status_name(latest->status));
			if (mc_problems_add(p, where, "id",
					    "version %u is %s; return it to "
					    "draft before editing",
					    latest->version,
					    mc_status_name(latest->status)) < 0)
				error = MC_ENOMEM;
			goto cleanup;
		}
	}
	mc->status = MC_STATUS_DRAFT;
	if ((error = store->catalogue->mc_put(store, mc)) < 0)
		goto cleanup;
	/* Naming another awarding body asks it (consent.c). */
	if ((error = mc__consent_request(store, mc, actor)) < 0)
		goto cleanup;
	error = store->catalogue->mc_event_add(
	    store, mc->id, mc->version, MC_STATUS_DRAFT, MC_STATUS_DRAFT, actor,
	    *created ? "created" : "edited");

cleanup:
	mc_microcred_free(latest);
	return error;
}

int mc__save_draft(mc_store *store, mc_microcred *mc, const char *where,
		   mc_problems *p, int *created)
{
	return save_draft_as(store, mc, where, p, created, NULL);
}

int mc_catalogue_save(mc_store *store, mc_microcred *mc, mc_problems *problems)
{
	return mc_catalogue_save_as(store, mc, NULL, problems);
}

int mc_catalogue_save_as(mc_store *store, mc_microcred *mc, const char *actor,
			 mc_problems *problems)
{
	mc_problems local = MC_PROBLEMS_INIT;
	mc_problems *p = problems ? problems : &local;
	size_t before = p->found;
	int error, created;

	mc__store_clear_error(store);
	if ((error = mc_microcred_validate(mc, NULL, p)) < 0 &&
	    error != MC_EINVALID)
		goto cleanup;
	/* Whatever version and status the record carries, it is saved as
	 * a draft: its QA body is checked. */
	if ((error = check_references(store, mc, NULL, p, 1)) < 0)
		goto cleanup;
	if (p->found > before) {
		error = mc__store_problems_error(store, MC_EINVALID, p);
		goto cleanup;
	}
	if ((error = store->core->begin(store)) < 0)
		goto cleanup;
	if ((error = save_draft_as(store, mc, NULL, p, &created, actor)) < 0) {
		store->core->rollback(store);
		goto cleanup;
	}
	error = store->core->commit(store);

cleanup:
	mc_problems_clear(&local);
	return error;
}

int mc_catalogue_get(mc_store *store, mc_microcred **out, const char *id,
		     unsigned version)
{
	int error;

	mc__store_clear_error(store);
	error = store->catalogue->mc_get(store, out, id, version);
	if (error == MC_ENOTFOUND) {
		if (version)
			mc__store_error(store, error,
					"no version %u of micro-credential "
					"'%s'",
					version, id);
		else
			mc__store_error(store, error,
					"no micro-credential '%s'", id);
	}
	return error;
}

int mc_catalogue_uri(mc_store *store, char **out, const char *id,
		     unsigned version)
{
	if (version)
		*out =
		    mc__asprintf("%s/mc/%s/v%u", store->base_url, id, version);
	else
		*out = mc__asprintf("%s/mc/%s", store->base_url, id);
	return *out ? 0 : MC_ENOMEM;
}

int mc_catalogue_resolve(mc_store *store, mc_microcred **out, const char *uri)
{
	size_t base = strlen(store->base_url);
	char id[MC_ID_MAX + 1];
	const char *rest, *slash;
	unsigned long version = 0;
	size_t n;

	*out = NULL;
	mc__store_clear_error(store);
	if (strncmp(uri, store->base_url, base) != 0 ||
	    strncmp(uri + base, "/mc/", 4) != 0)
		return mc__store_error(store, MC_EINVALID,
				       "%s: not a micro-credential URI under "
				       "%s/mc/",
				       uri, store->base_url);
	rest = uri + base + 4;
	slash = strchr(rest, '/');
	n = slash ? (size_t)(slash - rest) : strlen(rest);
	if (n == 0 || n > MC_ID_MAX)
		return mc__store_error(store, MC_EINVALID, "%s: bad id", uri);
	memcpy(id, rest, n);
	id[n] = '\0';
	if (!mc_id_valid(id))
		return mc__store_error(store, MC_EINVALID, "%s: bad id", uri);
	if (slash) {
		char *end;

		if (slash[1] != 'v' || slash[2] < '1' || slash[2] > '9')
			return mc__store_error(store, MC_EINVALID,
					       "%s: version must be vN", uri);
		version = strtoul(slash + 2, &end, 10);
		if (*end || version > 1000000)
			return mc__store_error(store, MC_EINVALID,
					       "%s: version must be vN", uri);
		return mc_catalogue_get(store, out, id, (unsigned)version);
	}
	if (store->catalogue->mc_get_published(store, out, id) == MC_ENOTFOUND)
		return mc__store_error(store, MC_ENOTFOUND,
				       "%s: no published version", uri);
	return *out ? 0 : MC_EDB;
}

int mc_catalogue_versions(mc_store *store, mc_version_info **out, size_t *count,
			  const char *id)
{
	int error;

	mc__store_clear_error(store);
	error = store->catalogue->mc_versions(store, out, count, id);
	if (error == 0 && *count == 0) {
		free(*out);
		*out = NULL;
		error = mc__store_error(store, MC_ENOTFOUND,
					"no micro-credential '%s'", id);
	}
	return error;
}

/* Non-zero if the lifecycle allows `from` -> `to`. */
static int transition_allowed(mc_status from, mc_status to)
{
	switch (to) {
	case MC_STATUS_IN_REVIEW:
		return from == MC_STATUS_DRAFT;
	case MC_STATUS_APPROVED:
		return from == MC_STATUS_IN_REVIEW;
	case MC_STATUS_DRAFT:
		return from == MC_STATUS_IN_REVIEW ||
		       from == MC_STATUS_APPROVED;
	case MC_STATUS_PUBLISHED:
		return from == MC_STATUS_APPROVED;
	case MC_STATUS_RETIRED:
		return from == MC_STATUS_PUBLISHED;
	}
	return 0;
}

int mc__retire_others(mc_store *store, const char *id, unsigned keep,
		      const char *actor)
{
	mc_version_info *v = NULL;
	size_t n = 0, i;
	int error;

	if ((error = store->catalogue->mc_versions(store, &v, &n, id)) < 0)
		return error;
	for (i = 0; i < n && !error; i++) {
		if (v[i].status != MC_STATUS_PUBLISHED || v[i].version == keep)
			continue;
		error = store->catalogue->mc_set_status(store, id, v[i].version,
							MC_STATUS_RETIRED);
		if (!error)
			error = store->catalogue->mc_event_add(
			    store, id, v[i].version, MC_STATUS_PUBLISHED,
			    MC_STATUS_RETIRED, actor,
			    "superseded by a newer version");
	}
	free(v);
	return error;
}

int mc_catalogue_transition(mc_store *store, const char *id, mc_status to,
			    const char *actor, const char *note)
{
	mc_microcred *mc = NULL;
	int error;

	mc__store_clear_error(store);
	/* Retiring applies to the published version even when a newer
	 * draft exists; every other step to the latest version. */
	error = store->catalogue->mc_get(store, &mc, id, 0);
	if (!error && to == MC_STATUS_RETIRED &&
	    mc->status != MC_STATUS_PUBLISHED) {
		mc_microcred *published = NULL;

		if (store->catalogue->mc_get_published(store, &published, id) ==
		    0) {
			mc_microcred_free(mc);
			mc = published;
		}
	}
	if (error == MC_ENOTFOUND) {
		error = mc__store_error(store, error,
					"no micro-credential '%s'", id);
		goto cleanup;
	} else if (error < 0) {
		goto cleanup;
	}
	if (!transition_allowed(mc->status, to)) {
		error = mc__store_error(store, MC_ESTATE,
					"%s v%u is %s: it cannot become %s", id,
					mc->version, mc_status_name(mc->status),
					mc_status_name(to));
		goto cleanup;
	}
	/* Towards publication only with every other awarding body's
	 * consent: checked from the submission on, and again at each step
	 * (a body may decline in between). */
	if (to == MC_STATUS_IN_REVIEW || to == MC_STATUS_APPROVED ||
	    to == MC_STATUS_PUBLISHED) {
		char why[400];

		error = mc_consent_check(store, mc, why, sizeof(why));
		if (error == MC_ESTATE)
			mc__store_error(store, error,
					"%s v%u cannot become %s: %s", id,
					mc->version, mc_status_name(to), why);
		if (error < 0)
			goto cleanup;
	}
	if ((error = store->core->begin(store)) < 0)
		goto cleanup;
	error = store->catalogue->mc_set_status(store, id, mc->version, to);
	if (!error && to == MC_STATUS_PUBLISHED)
		error = mc__retire_others(store, id, mc->version, actor);
	if (!error)
		error = store->catalogue->mc_event_add(
		    store, id, mc->version, mc->status, to, actor, note);
	if (error < 0)
		store->core->rollback(store);
	else
		error = store->core->commit(store);

cleanup:
	mc_microcred_free(mc);
	return error;
}
