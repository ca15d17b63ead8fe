/*
 * GET /status/:org/:purpose/:n: a Bitstring Status List credential, as
 * verifiers fetch it from the credentialStatus of what we issued (public,
 * signed by the organisation's key).
 */
#include "api.h"

#include <string.h>

#include "api_util.h"

/* base URL + path, in the arena; NULL when out of memory. */
static char *our_url(srv_req *req)
{
	const char *base = mc_store_base_url(req->store);
	size_t nb = strlen(base), np = strlen(req->path);
	char *url = srv_arena_alloc(req->arena, nb + np + 1);

	if (url) {
		memcpy(url, base, nb);
		memcpy(url + nb, req->path, np + 1);
	}
	return url;
}

int srv_api_status_list(srv_req *req, srv_resp *resp)
{
	char *url, *text = NULL;
	int error;

	if (!(url = our_url(req)))
		return srv_resp_text(resp, NULL, NULL, 0);
	if ((error = mc_status_list_credential(req->store, &text, url)) < 0)
		return srv_resp_error(resp, req, error);
	return srv_resp_text(resp, text, SRV_CT_VC_LD, 1);
}
