/*
 * The accounts API: sign in and out, users, memberships, API tokens and the
 * audit log (see routes.c for the URLs).
 */
#ifndef SRV_API_ACCOUNT_H
#define SRV_API_ACCOUNT_H

#include "http.h"

int srv_api_session_get(srv_req *req, srv_resp *resp);
int srv_api_session_login(srv_req *req, srv_resp *resp);
int srv_api_session_logout(srv_req *req, srv_resp *resp);
int srv_api_user_list(srv_req *req, srv_resp *resp);
int srv_api_user_create(srv_req *req, srv_resp *resp);
int srv_api_user_get(srv_req *req, srv_resp *resp);
int srv_api_user_update(srv_req *req, srv_resp *resp);
int srv_api_member_list(srv_req *req, srv_resp *resp);
int srv_api_member_set(srv_req *req, srv_resp *resp);
int srv_api_token_list(srv_req *req, srv_resp *resp);
int srv_api_token_create(srv_req *req, srv_resp *resp);
int srv_api_token_revoke(srv_req *req, srv_resp *resp);
int srv_api_audit_list(srv_req *req, srv_resp *resp);

#endif
