/*
 * The workspace pages (see workspace.h).
 */
#include "workspace.h"

#include "html.h"

int mc_ws_login_form(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_ws_login(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_ws_logout(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_ws_home(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_ws_mc_new_form(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_ws_mc_new(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_ws_mc_edit_form(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_ws_mc_save(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_ws_mc_action(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_ws_issue_form(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_ws_issue(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_ws_roster(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_ws_job(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_ws_credentials(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_ws_cred_revoke(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}
