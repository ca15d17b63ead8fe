/*
 * The gate of an action on one MC (auth_mc.h).  The library decides
 * (mc_authz_check_mc()); an unknown MC and a hidden one reach the same
 * lines here, so their answers cannot differ.
 */
#include "auth_mc.h"

#include "auth.h"

int mc_auth_refuse(mc_req *req, mc_resp *resp, int error, const char *why)
{
	resp->private_ = 1;
	switch (error) {
	case MC_EUSAGE: /* signed in: the caller named nothing to act on */
		mc_resp_problem(resp, 400, "Bad Request",
				why && *why ? why : "no organisation given",
				NULL);
		break;
	case MC_EFORBIDDEN:
		mc_resp_problem(resp, 403, "Forbidden",
				why && *why ? why : "not allowed", NULL);
		break;
	case MC_ENOTFOUND:
		mc_resp_problem(resp, 404, "Not Found",
				why && *why ? why : "no such micro-credential",
				NULL);
		break;
	default:
		mc_resp_error(resp, req, error);
		break;
	}
	resp->private_ = 1;
	return -1;
}

int mc_auth_require_mc(mc_req *req, mc_resp *resp, mc_action act,
		       const char *mc_id)
{
	char why[256] = "";
	int error;

	if (mc_auth_signed_in(req, resp) < 0)
		return -1;
	error = mc_authz_check_mc(req->store, mc_auth_who(req), act, mc_id, why,
				  sizeof(why));
	return error == 0 ? 0 : mc_auth_refuse(req, resp, error, why);
}
