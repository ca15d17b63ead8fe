/*
 * The catalogue writes: organisations, clusters, MCs and their lifecycle,
 * history and review comments.  Each checks the principal with
 * mc_auth_require() before calling the library.
 */
#ifndef MC_SERVER_API_CATALOGUE_WRITE_H
#define MC_SERVER_API_CATALOGUE_WRITE_H

#include "http.h"

int mc_api_org_create(mc_req *req, mc_resp *resp);
int mc_api_org_put(mc_req *req, mc_resp *resp);
int mc_api_cluster_create(mc_req *req, mc_resp *resp);
int mc_api_cluster_put(mc_req *req, mc_resp *resp);
int mc_api_mc_create(mc_req *req, mc_resp *resp);
int mc_api_mc_put(mc_req *req, mc_resp *resp);
int mc_api_mc_history(mc_req *req, mc_resp *resp);
int mc_api_mc_comment(mc_req *req, mc_resp *resp);
int mc_api_mc_submit(mc_req *req, mc_resp *resp);
int mc_api_mc_approve(mc_req *req, mc_resp *resp);
int mc_api_mc_return(mc_req *req, mc_resp *resp);
int mc_api_mc_publish(mc_req *req, mc_resp *resp);
int mc_api_mc_retire(mc_req *req, mc_resp *resp);
int mc_api_mc_adapt(mc_req *req, mc_resp *resp);
int mc_api_recognition_list(mc_req *req, mc_resp *resp);
int mc_api_recognition_grant(mc_req *req, mc_resp *resp);
int mc_api_recognition_withdraw(mc_req *req, mc_resp *resp);
int mc_api_consent_list(mc_req *req, mc_resp *resp);
int mc_api_consent_decide(mc_req *req, mc_resp *resp);

#endif
