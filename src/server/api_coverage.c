/*
 * GET /api/v1/coverage: the catalogue's published MCs counted by country,
 * and within each by ISCED-F broad field, target group and EQF level,
 * against the coverage target (public, cached).
 */
#include "api.h"

#include "api_util.h"
#include "cache.h"

static int coverage_fill(srv_req *req, srv_resp *resp)
{
	mc_coverage *cov = NULL;
	char *text = NULL;
	int error;

	if ((error = mc_catalogue_coverage(req->store, &cov)) < 0)
		srv_resp_error(resp, req, error);
	else if (mc_coverage_to_json(&text, cov) < 0)
		srv_resp_text(resp, NULL, NULL, 0);
	else
		srv_resp_text(resp, text, NULL, 1);
	mc_coverage_free(cov);
	return 0;
}

int srv_api_coverage(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, coverage_fill);
}
