/*
 * The signed-in workspace: sign in, design and edit an MC with validation
 * messages beside the fields, submit, review with comments, approve,
 * publish, issue to one learner or upload a roster and watch its progress,
 * list and revoke credentials.  Every form carries the CSRF token.
 */
#ifndef MC_SERVER_WORKSPACE_H
#define MC_SERVER_WORKSPACE_H

#include "http.h"

int mc_ws_login_form(mc_req *req, mc_resp *resp);
int mc_ws_login(mc_req *req, mc_resp *resp);
int mc_ws_logout(mc_req *req, mc_resp *resp);
int mc_ws_home(mc_req *req, mc_resp *resp);
int mc_ws_mc_new_form(mc_req *req, mc_resp *resp);
int mc_ws_mc_new(mc_req *req, mc_resp *resp);
int mc_ws_mc_edit_form(mc_req *req, mc_resp *resp);
int mc_ws_mc_save(mc_req *req, mc_resp *resp);
int mc_ws_mc_action(mc_req *req, mc_resp *resp);
int mc_ws_issue_form(mc_req *req, mc_resp *resp);
int mc_ws_issue(mc_req *req, mc_resp *resp);
int mc_ws_roster(mc_req *req, mc_resp *resp);
int mc_ws_job(mc_req *req, mc_resp *resp);
int mc_ws_credentials(mc_req *req, mc_resp *resp);
int mc_ws_cred_revoke(mc_req *req, mc_resp *resp);

#endif
