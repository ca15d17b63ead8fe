/*
 * What both backends' rate-limit take shares (store.h,
 * struct mc__store_limits_ops): checking its arguments and rounding the
 * wait.
 */
#include <string.h>

#include "store.h"

int mc__limits_check(mc_store *s, const char *cls, size_t keylen,
		     unsigned capacity, unsigned per_minute)
{
	if (!cls || !*cls || strlen(cls) > 16)
		return mc__store_error(s, MC_EUSAGE,
				       "rate take: class: 1 to 16 bytes");
	if (!keylen || keylen > 16)
		return mc__store_error(s, MC_EUSAGE,
				       "rate take: key: %zu bytes, not 1 to 16",
				       keylen);
	if (!capacity || !per_minute)
		return mc__store_error(s, MC_EUSAGE,
				       "rate take: capacity %u, per_minute %u: "
				       "both must be above 0",
				       capacity, per_minute);
	return 0;
}

unsigned mc__limits_wait(double late)
{
	unsigned w;

	if (!(late >= 1.0)) /* NaN too */
		return 1;
	if (late >= 4e9)
		return 4000000000u;
	w = (unsigned)late;
	return w < late ? w + 1 : w;
}
