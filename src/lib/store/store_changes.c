/*
 * The store's change counters, for caches above it: one counter per
 * topic, kept by the backend in the database (see store.h).
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
