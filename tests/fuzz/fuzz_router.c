/*
 * Fuzz the route table (src/server/routes.c): the first line of the input
 * is the method, the rest the path.  A match must come with its route and
 * at most SRV_ROUTE_PARAMS_MAX parameters, each a non-empty segment
 * without "/" and never "." or ".."; srv_route_allowed() must terminate
 * what it writes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "routes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t mlen = nl ? (size_t)(nl - data) : 0;
	char *method = malloc(mlen + 1), *path = malloc(size + 1);
	const char *params[SRV_ROUTE_PARAMS_MAX];
	const srv_route *route = NULL;
	char allow[64];
	size_t n = 0, i;
	int rc;

	if (!method || !path)
		goto done;
	memcpy(method, data, mlen);
	method[mlen] = '\0';
	if (nl) {
		memcpy(path, nl + 1, size - mlen - 1);
		path[size - mlen - 1] = '\0';
	} else {
		memcpy(path, data, size);
		path[size] = '\0';
		strcpy(method, "");
	}
	rc = srv_route_lookup(*method ? method : "GET", path, &route, params,
			      &n);
	if (rc == 0) {
		if (!route || !route->handler || n > SRV_ROUTE_PARAMS_MAX)
			abort();
		for (i = 0; i < n; i++)
			if (!params[i][0] || strchr(params[i], '/') ||
			    !strcmp(params[i], ".") || !strcmp(params[i], ".."))
				abort();
	} else if (route || n) {
		abort();
	}
	memset(allow, 'x', sizeof(allow));
	srv_route_allowed(allow, sizeof(allow), path);
	if (!memchr(allow, '\0', sizeof(allow)))
		abort();
done:
	free(method);
	free(path);
	return 0;
}
