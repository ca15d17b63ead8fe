/*
 * Creating catalogue records: an organisation, a cluster or an MC whose id
 * must be new.  Each runs its existence check and its insert in one write
 * transaction (the store's begin takes the write lock, SQLite's BEGIN
 * IMMEDIATE), so two callers creating the same id cannot both succeed: the
 * second gets MC_EEXISTS and the stored record is left as it was.  Callers
 * (the server's POST handlers, the CLI) pass MC_EEXISTS on as it is; the
 * errors table makes it HTTP 409 and exit status 1.
 */
#include <stdio.h>

#include "microcred/catalogue.h"
#include "store/store.h"

/* Finish the transaction `create_*` opened: commit on success, otherwise
 * roll back and return `error` with the message it set (kept). */
static int finish(mc_store *store, int error)
{
	if (error < 0) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s", mc_store_errmsg(store));
		store->core->rollback(store);
		return mc__store_error(store, error, "%s", msg);
	}
	return store->core->commit(store);
}

int mc_org_create(mc_store *store, const mc_org *org, mc_problems *problems)
{
	mc_org *old = NULL;
	int error;

	mc__store_clear_error(store);
	if ((error = store->core->begin(store)) < 0)
		return error;
	error = store->catalogue->org_get(store, &old, org->id);
	mc_org_free(old);
	if (error == 0)
		error = mc__store_error(store, MC_EEXISTS,
					"id: an organisation with the id '%s' "
					"exists",
					org->id);
	else if (error == MC_ENOTFOUND)
		error = mc_org_put(store, org, problems);
	return finish(store, error);
}

int mc_cluster_create(mc_store *store, const mc_cluster *cluster,
		      mc_problems *problems)
{
	mc_cluster *old = NULL;
	int error;

	mc__store_clear_error(store);
	if ((error = store->core->begin(store)) < 0)
		return error;
	error = store->catalogue->cluster_get(store, &old, cluster->id);
	mc_cluster_free(old);
	if (error == 0)
		error = mc__store_error(store, MC_EEXISTS,
					"id: a cluster with the id '%s' exists",
					cluster->id);
	else if (error == MC_ENOTFOUND)
		error = mc_cluster_put(store, cluster, problems);
	return finish(store, error);
}

int mc_catalogue_create_as(mc_store *store, mc_microcred *mc, const char *actor,
			   mc_problems *problems)
{
	mc_microcred *old = NULL;
	int error;

	mc__store_clear_error(store);
	if ((error = store->core->begin(store)) < 0)
		return error;
	error = store->catalogue->mc_get(store, &old, mc->id, 0);
	mc_microcred_free(old);
	if (error == 0)
		error = mc__store_error(store, MC_EEXISTS,
					"id: an MC with the id '%s' exists",
					mc->id);
	else if (error == MC_ENOTFOUND)
		error = mc_catalogue_save_as(store, mc, actor, problems);
	return finish(store, error);
}
