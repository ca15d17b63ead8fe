/*
 * The catalogue writes: organisations, clusters, MCs and their lifecycle,
 * history and review comments.  Each checks the principal with
 * srv_auth_require() before calling the library.
 */
#ifndef SRV_API_CATALOGUE_WRITE_H
#define SRV_API_CATALOGUE_WRITE_H

#include "http.h"

int srv_api_org_create(srv_req *req, srv_resp *resp);
int srv_api_org_put(srv_req *req, srv_resp *resp);
int srv_api_cluster_create(srv_req *req, srv_resp *resp);
int srv_api_cluster_put(srv_req *req, srv_resp *resp);
int srv_api_mc_create(srv_req *req, srv_resp *resp);
int srv_api_mc_put(srv_req *req, srv_resp *resp);
int srv_api_mc_history(srv_req *req, srv_resp *resp);
int srv_api_mc_comment(srv_req *req, srv_resp *resp);
int srv_api_mc_submit(srv_req *req, srv_resp *resp);
int srv_api_mc_approve(srv_req *req, srv_resp *resp);
int srv_api_mc_return(srv_req *req, srv_resp *resp);
int srv_api_mc_publish(srv_req *req, srv_resp *resp);
int srv_api_mc_retire(srv_req *req, srv_resp *resp);
int srv_api_mc_adapt(srv_req *req, srv_resp *resp);
int srv_api_recognition_list(srv_req *req, srv_resp *resp);
int srv_api_recognition_grant(srv_req *req, srv_resp *resp);
int srv_api_recognition_withdraw(srv_req *req, srv_resp *resp);
int srv_api_consent_list(srv_req *req, srv_resp *resp);
int srv_api_consent_decide(srv_req *req, srv_resp *resp);

#endif
