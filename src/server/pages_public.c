/*
 * The public pages (see pages.h).
 */
#include "pages.h"

#include "html.h"

int mc_page_home(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_page_org(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_page_clusters(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_page_cluster(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_page_coverage(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_page_verify_form(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_page_verify(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_page_static(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_page_mc(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}

int mc_page_credential(mc_req *req, mc_resp *resp)
{
	return mc_page_error(req, resp, 501, "not written yet");
}
