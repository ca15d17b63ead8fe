/*
 * The platform's choice of Data Integrity cryptosuite, kept in the
 * store's settings under "cryptosuite".
 */
#include "microcred/credential.h"

#include <stdlib.h>
#include <string.h>

#include "proof.h"

const char *const mc_cryptosuites[] = {"eddsa-rdfc-2022", "eddsa-jcs-2022",
				       "ecdsa-rdfc-2019", "ecdsa-jcs-2019",
				       NULL};

int mc_cryptosuite_known(const char *name)
{
	enum mc__suite suite;

	return mc__suite_parse(&suite, name) == 0;
}

int mc_cryptosuite_set_default(mc_store *store, const char *name)
{
	if (!mc_cryptosuite_known(name))
		return mc__store_error(
		    store, MC_EINVALID,
		    "cryptosuite: '%s' is not one of " MC__SUITES_ALLOWED,
		    name ? name : "");
	return store->core->meta_set(store, "cryptosuite", name);
}

int mc_cryptosuite_default(mc_store *store, const char **out)
{
	enum mc__suite suite = MC__SUITE_DEFAULT;
	char *value = NULL;
	int error = store->core->meta_get(store, &value, "cryptosuite");

	if (error == MC_ENOTFOUND)
		error = 0;
	/* A value this build does not know (written by a newer one) falls
	 * back to the default rather than failing every issue. */
	if (!error && value)
		(void)mc__suite_parse(&suite, value);
	free(value);
	*out = mc__suite_name(suite);
	return error;
}
