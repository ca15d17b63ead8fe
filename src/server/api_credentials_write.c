/*
 * Credentials through the API: issue one, upload a roster (a background job),
 * list credentials and learners, revoke / suspend / reinstate, keys, and the
 * W3C VC API issue endpoint.
 */
#include "api_credentials_write.h"

/* Not written yet: every handler answers 501 until it is. */
static int todo(mc_resp *resp)
{
	return mc_resp_problem(resp, 501, "Not Implemented",
			       "not implemented yet", NULL);
}

int mc_api_cred_issue(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_roster_upload(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_job_get(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_cred_list(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_learner_list(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_cred_revoke(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_cred_suspend(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_cred_reinstate(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_key_list(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_key_generate(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}

int mc_api_vc_issue(mc_req *req, mc_resp *resp)
{
	(void)req;
	return todo(resp);
}
