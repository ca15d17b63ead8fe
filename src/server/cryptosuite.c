/*
 * The cryptosuites as the server offers them (cryptosuite.h).
 */
#include "cryptosuite.h"

#include <stdio.h>
#include <string.h>

#include "microcred/credential.h"

int srv_cryptosuite_pick(const char **out, const char *name)
{
	*out = NULL;
	if (!name || !*name)
		return 0;
	if (!mc_cryptosuite_known(name))
		return -1;
	*out = name;
	return 0;
}

const char *srv_cryptosuite_allowed(char *buf, size_t len)
{
	size_t i, n;

	n = (size_t)snprintf(buf, len, "must be one of");
	for (i = 0; mc_cryptosuites[i] && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s %s", i ? "," : "",
				      mc_cryptosuites[i]);
	return buf;
}

const char *srv_cryptosuite_help(char *buf, size_t len, const char *name)
{
	char *p;

	snprintf(buf, len, "ws.issue.suite.%s", name);
	for (p = buf; *p; p++)
		if (*p == '-')
			*p = '_';
	return buf;
}
