/*
 * Per-address budgets (see account.h, mc_rate_take): which bucket a
 * client address falls in, then one take from the store's buckets
 * (store.h, struct mc__store_limits_ops), shared by every node on the
 * database.  The bucket's key is the address in a fixed form, no more
 * bytes than the rule needs: 4 for IPv4, the 8 of the /64 for IPv6.
 */
#include <string.h>

#include "microcred/account.h"

#include "store/store.h"

/* The stored name of each class, as rate_buckets.class. */
static const char *const class_names[MC_RATE__COUNT] = {
    [MC_RATE_SIGN_IN] = "sign_in",
    [MC_RATE_VERIFY] = "verify",
};

/* The bucket key of `addr` into key; its length. */
static size_t bucket_key(unsigned char key[8], const unsigned char addr[16])
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0,	   0,
						 0, 0, 0, 0, 0xff, 0xff};

	if (memcmp(addr, mapped, sizeof(mapped)) == 0) {
		memcpy(key, addr + 12, 4); /* IPv4 */
		return 4;
	}
	memcpy(key, addr, 8); /* IPv6: the /64 */
	return 8;
}

int mc_rate_take(mc_store *store, unsigned *out, mc_rate_class cls,
		 const unsigned char addr[16], unsigned per_minute)
{
	unsigned char key[8];
	size_t len;

	*out = 0;
	if ((unsigned)cls >= MC_RATE__COUNT)
		return mc__store_error(
		    store, MC_EUSAGE, "rate take: class %d: unknown", (int)cls);
	if (!per_minute)
		return 0;
	len = bucket_key(key, addr);
	mc__store_clear_error(store);
	return store->limits->take(store, out, class_names[cls], key, len,
				   per_minute, per_minute);
}
