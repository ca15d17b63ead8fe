/*
 * The gate of an action on one MC (auth_mc.h).  The library decides
 * (mc_authz_check_mc()); an unknown MC and a hidden one reach the same
 * lines here, so their answers cannot differ.
 */
#include "auth_mc.h"

#include "auth.h"

int srv_auth_refuse(srv_req *req, srv_resp *resp, int error, const char *why)
{
	resp->private_ = 1;
	switch (error) {
	case MC_EUSAGE: /* signed in: the caller named nothing to act on */
		srv_resp_problem(resp, 400, "Bad Request",
				 why && *why ? why : "no organisation given",
				 NULL);
		break;
	case MC_EFORBIDDEN:
		srv_resp_problem(resp, 403, "Forbidden",
				 why && *why ? why : "not allowed", NULL);
		break;
	case MC_ENOTFOUND:
		srv_resp_problem(resp, 404, "Not Found",
				 why && *why ? why : "no such micro-credential",
				 NULL);
		break;
	default:
		srv_resp_error(resp, req, error);
		break;
	}
	resp->private_ = 1;
	return -1;
}

int srv_auth_require_mc(srv_req *req, srv_resp *resp, mc_action act,
			const char *mc_id)
{
	char why[256] = "";
	int error;

	if (srv_auth_signed_in(req, resp) < 0)
		return -1;
	error = mc_authz_check_mc(req->store, srv_auth_who(req), act, mc_id,
				  why, sizeof(why));
	return error == 0 ? 0 : srv_auth_refuse(req, resp, error, why);
}
