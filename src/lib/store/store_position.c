/*
 * Where a store's database stands in its write-ahead log, for a server
 * that reads from a hot standby (see microcred/store.h).
 */
#include <string.h>

#include "store.h"

int mc_store_position_get(mc_store *store, mc_store_position *out)
{
	memset(out, 0, sizeof(*out));
	mc__store_clear_error(store);
	return store->core->position(store, out);
}
