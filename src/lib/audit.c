/*
 * The audit log (see account.h): append-only, written by every write.
 */
#include "microcred/account.h"

#include "store.h"

int mc_audit_add(mc_store *store, const char *actor, const char *action,
		 const char *subject, const char *org_id, const char *reason)
{
	(void)org_id; /* FIXME(issue 4): schema v3 adds audit.org_id */
	if (!store || !action)
		return MC_EUSAGE;
	return store->ops->audit_add(store, actor, action, subject, reason);
}
