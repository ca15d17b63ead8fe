/*
 * Who is asking (see auth.h).  Placeholder: nobody is signed in.
 */
#include "auth.h"

const mc_principal *mc_auth_who(mc_req *req)
{
	(void)req;
	return NULL;
}

int mc_auth_csrf_ok(mc_req *req)
{
	(void)req;
	return 0;
}

int mc_auth_require(mc_req *req, mc_resp *resp, mc_action act,
		    const char *org_id, const char *mc_id)
{
	(void)req;
	(void)act;
	(void)org_id;
	(void)mc_id;
	mc_resp_problem(resp, 401, "Unauthorized", "sign in first", NULL);
	return -1;
}

int mc_auth_signed_in(mc_req *req, mc_resp *resp)
{
	return mc_auth_require(req, resp, MC_ACT_READ_PRIVATE, NULL, NULL);
}

void mc_auth_set_cookie(mc_req *req, mc_resp *resp, const char *token)
{
	(void)req;
	(void)resp;
	(void)token;
}

void mc_auth_clear_cookie(mc_req *req, mc_resp *resp)
{
	(void)req;
	(void)resp;
}

void mc_rate_configure(mc_rate_class cls, unsigned per_minute)
{
	(void)cls;
	(void)per_minute;
}

int mc_rate_take(mc_req *req, mc_resp *resp, mc_rate_class cls)
{
	(void)req;
	(void)resp;
	(void)cls;
	return 0;
}
