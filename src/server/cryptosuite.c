/*
 * The cryptosuites offered and the platform's default (cryptosuite.h).
 */
#include "cryptosuite.h"

#include <string.h>

const srv_cryptosuite srv_cryptosuites[] = {
    {"eddsa-rdfc-2022", "ws.issue.suite.eddsa_rdfc_2022"},
    {"eddsa-jcs-2022", "ws.issue.suite.eddsa_jcs_2022"},
    {"ecdsa-rdfc-2019", "ws.issue.suite.ecdsa_rdfc_2019"},
    {"ecdsa-jcs-2019", "ws.issue.suite.ecdsa_jcs_2019"},
};
const size_t srv_cryptosuites_count =
    sizeof(srv_cryptosuites) / sizeof(srv_cryptosuites[0]);

/* Set once at start (srv_server_run), read by every worker after. */
static const char *platform_default;

const char *srv_cryptosuite_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < srv_cryptosuites_count; i++)
		if (strcmp(name, srv_cryptosuites[i].name) == 0)
			return srv_cryptosuites[i].name;
	return NULL;
}

int srv_cryptosuite_set_default(const char *name)
{
	const char *s = NULL;

	if (name && *name && !(s = srv_cryptosuite_find(name)))
		return -1;
	platform_default = s;
	return 0;
}

const char *srv_cryptosuite_default(void)
{
	return platform_default;
}

int srv_cryptosuite_pick(const char **out, const char *name)
{
	if (!name || !*name) {
		*out = platform_default;
		return 0;
	}
	*out = srv_cryptosuite_find(name);
	return *out ? 0 : -1;
}
