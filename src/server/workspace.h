/*
 * The signed-in workspace: sign in, design and edit an MC with validation
 * messages beside the fields, submit, review with comments, approve,
 * publish, issue to one learner or upload a roster and watch its progress,
 * list and revoke credentials.  Every form carries the CSRF token.
 */
#ifndef SRV_WORKSPACE_H
#define SRV_WORKSPACE_H

#include "http.h"

int srv_ws_login_form(srv_req *req, srv_resp *resp);
int srv_ws_login(srv_req *req, srv_resp *resp);
int srv_ws_logout(srv_req *req, srv_resp *resp);
int srv_ws_home(srv_req *req, srv_resp *resp);
int srv_ws_mc_new_form(srv_req *req, srv_resp *resp);
int srv_ws_mc_new(srv_req *req, srv_resp *resp);
int srv_ws_mc_edit_form(srv_req *req, srv_resp *resp);
int srv_ws_mc_save(srv_req *req, srv_resp *resp);
int srv_ws_mc_action(srv_req *req, srv_resp *resp);
int srv_ws_issue_form(srv_req *req, srv_resp *resp);
int srv_ws_issue(srv_req *req, srv_resp *resp);
int srv_ws_roster(srv_req *req, srv_resp *resp);
int srv_ws_job(srv_req *req, srv_resp *resp);
int srv_ws_credentials(srv_req *req, srv_resp *resp);
int srv_ws_cred_revoke(srv_req *req, srv_resp *resp);

#endif
