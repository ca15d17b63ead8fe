/*
 * The accounts API: sign in and out, users, memberships, API tokens and the
 * audit log (see routes.c for the URLs).
 */
#include "api_account.h"

/* Not written yet: every handler answers 501 until it is. */
static int todo(mc_resp *resp)
{
	return mc_resp_problem(resp, 501, "Not Implemented",
			       "not implemented yet", NULL);
}

int mc_api_session_get(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_session_login(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_session_logout(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_user_list(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_user_create(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_user_get(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_user_update(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_member_list(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_member_set(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_token_list(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_token_create(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_token_revoke(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_audit_list(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}
