/*
 * An MC's history (see catalogue.h): every save, transition and review
 * comment, as recorded in the append-only mc_events table.  A comment is
 * an event whose from and to are both the version's current status.
 */
#include <stdlib.h>
#include <string.h>

#include "microcred/catalogue.h"

#include "store/store.h"
#include "util/util.h"

/* Longest review comment, in bytes. */
#define COMMENT_MAX 4000

int mc_catalogue_history(mc_store *store, mc_history_event **out, size_t *count,
			 const char *id, unsigned version)
{
	mc_microcred *mc = NULL;
	int error;

	*out = NULL;
	*count = 0;
	if (!store || !id)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	if ((error = store->catalogue->mc_get(store, &mc, id, version))) {
		if (error == MC_ENOTFOUND && version)
			return mc__store_error(store, error,
					       "no version %u of "
					       "micro-credential '%s'",
					       version, id);
		if (error == MC_ENOTFOUND)
			return mc__store_error(store, error,
					       "no micro-credential '%s'", id);
		return error;
	}
	mc_microcred_free(mc);
	return store->catalogue->mc_history(store, out, count, id, version);
}

int mc_catalogue_comment(mc_store *store, const char *id, const char *actor,
			 const char *note)
{
	mc_microcred *mc = NULL;
	size_t len = note ? strlen(note) : 0;
	int error;

	if (!store || !id)
		return MC_EUSAGE;
	mc__store_clear_error(store);
	if (len == 0)
		return mc__store_error(store, MC_EINVALID, "comment: empty");
	if (len > COMMENT_MAX)
		return mc__store_error(store, MC_EINVALID,
				       "comment: longer than %d bytes",
				       COMMENT_MAX);
	if (!mc__utf8_valid(note, len))
		return mc__store_error(store, MC_EINVALID,
				       "comment: not valid UTF-8");
	if ((error = store->core->begin(store)))
		return error;
	error = store->catalogue->mc_get(store, &mc, id, 0);
	if (error == MC_ENOTFOUND)
		mc__store_error(store, error, "no micro-credential '%s'", id);
	if (!error)
		error = store->catalogue->mc_event_add(store, id, mc->version,
						       mc->status, mc->status,
						       actor, note);
	if (error)
		store->core->rollback(store);
	else
		error = store->core->commit(store);
	mc_microcred_free(mc);
	return error;
}
