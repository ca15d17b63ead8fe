/*
 * The accounts API: sign in and out, users, memberships, API tokens and the
 * audit log (see routes.c for the URLs).
 */
#ifndef MC_SERVER_API_ACCOUNT_H
#define MC_SERVER_API_ACCOUNT_H

#include "http.h"

int mc_api_session_get(mc_req *req, mc_resp *resp);
int mc_api_session_login(mc_req *req, mc_resp *resp);
int mc_api_session_logout(mc_req *req, mc_resp *resp);
int mc_api_user_list(mc_req *req, mc_resp *resp);
int mc_api_user_create(mc_req *req, mc_resp *resp);
int mc_api_user_get(mc_req *req, mc_resp *resp);
int mc_api_user_update(mc_req *req, mc_resp *resp);
int mc_api_member_list(mc_req *req, mc_resp *resp);
int mc_api_member_set(mc_req *req, mc_resp *resp);
int mc_api_token_list(mc_req *req, mc_resp *resp);
int mc_api_token_create(mc_req *req, mc_resp *resp);
int mc_api_token_revoke(mc_req *req, mc_resp *resp);
int mc_api_audit_list(mc_req *req, mc_resp *resp);

#endif
