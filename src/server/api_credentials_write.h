/*
 * Credentials through the API: issue one, upload a roster (a background job),
 * list credentials and learners, revoke / suspend / reinstate, keys, and the
 * W3C VC API issue endpoint.
 */
#ifndef SRV_API_CREDENTIALS_WRITE_H
#define SRV_API_CREDENTIALS_WRITE_H

#include "http.h"

int srv_api_cred_issue(srv_req *req, srv_resp *resp);
int srv_api_roster_upload(srv_req *req, srv_resp *resp);
int srv_api_job_get(srv_req *req, srv_resp *resp);
int srv_api_cred_list(srv_req *req, srv_resp *resp);
int srv_api_learner_list(srv_req *req, srv_resp *resp);
int srv_api_cred_revoke(srv_req *req, srv_resp *resp);
int srv_api_cred_suspend(srv_req *req, srv_resp *resp);
int srv_api_cred_reinstate(srv_req *req, srv_resp *resp);
int srv_api_key_list(srv_req *req, srv_resp *resp);
int srv_api_key_generate(srv_req *req, srv_resp *resp);
int srv_api_vc_issue(srv_req *req, srv_resp *resp);

#endif
