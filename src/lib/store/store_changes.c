/*
 * The store's change counters, for caches above it: one counter per
 * topic, kept by the backend in the database (see store.h), and the
 * notices of commits a backend may send instead of being asked
 * (mc_store_listen(), mc_store_wait_changes()).
 */
#include "store.h"

int mc_store_changes(mc_store *store, unsigned topics, uint64_t *out)
{
	*out = 0;
	if (!topics || (topics & ~(unsigned)MC_STORE_ALL))
		return mc__store_error(store, MC_EUSAGE,
				       "topics: %#x: not a set of MC_STORE_* "
				       "topics",
				       topics);
	mc__store_clear_error(store);
	return store->core->changes(store, topics, out);
}

/* A backend that cannot be told of other connections' commits leaves
 * listen and wait_changes NULL. */
static int cannot_notify(mc_store *store)
{
	return mc__store_error(store, MC_ENOTSUP,
			       "notices of changes: the %s backend has none "
			       "(poll the change counters instead)",
			       store->core->name);
}

int mc_store_listen(mc_store *store, unsigned topics)
{
	if (topics & ~(unsigned)MC_STORE_ALL)
		return mc__store_error(store, MC_EUSAGE,
				       "topics: %#x: not a set of MC_STORE_* "
				       "topics",
				       topics);
	if (!store->core->listen)
		return cannot_notify(store);
	mc__store_clear_error(store);
	return store->core->listen(store, topics);
}

int mc_store_wait_changes(mc_store *store, unsigned *out, int timeout_ms)
{
	*out = 0;
	if (!store->core->wait_changes)
		return cannot_notify(store);
	mc__store_clear_error(store);
	return store->core->wait_changes(store, out, timeout_ms);
}
