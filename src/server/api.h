/*
 * The API's handlers, one file per resource; routes.c maps the URLs to
 * them.  Each handler answers in `resp` and returns 0 (see http.h).
 */
#ifndef SRV_API_H
#define SRV_API_H

#include "http.h"

/* api_meta.c: the API about itself */
int srv_api_healthz(srv_req *req, srv_resp *resp);
int srv_api_openapi(srv_req *req, srv_resp *resp);

/* api_account.c: sessions, users, memberships, API tokens, the audit log */
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

/* api_org.c: organisations, their recognitions and consents */
int srv_api_org_list(srv_req *req, srv_resp *resp);
int srv_api_org_get(srv_req *req, srv_resp *resp);
int srv_api_org_create(srv_req *req, srv_resp *resp);
int srv_api_org_put(srv_req *req, srv_resp *resp);
int srv_api_recognition_list(srv_req *req, srv_resp *resp);
int srv_api_recognition_grant(srv_req *req, srv_resp *resp);
int srv_api_recognition_withdraw(srv_req *req, srv_resp *resp);
int srv_api_consent_list(srv_req *req, srv_resp *resp);
int srv_api_consent_decide(srv_req *req, srv_resp *resp);

/* api_cluster.c: clusters */
int srv_api_cluster_list(srv_req *req, srv_resp *resp);
int srv_api_cluster_get(srv_req *req, srv_resp *resp);
int srv_api_cluster_create(srv_req *req, srv_resp *resp);
int srv_api_cluster_put(srv_req *req, srv_resp *resp);

/* api_mc.c: micro-credentials, their versions and stable URIs */
int srv_api_mc_search(srv_req *req, srv_resp *resp);
int srv_api_mc_get(srv_req *req, srv_resp *resp);
int srv_api_mc_versions(srv_req *req, srv_resp *resp);
int srv_api_mc_uri(srv_req *req, srv_resp *resp);
int srv_api_mc_create(srv_req *req, srv_resp *resp);
int srv_api_mc_put(srv_req *req, srv_resp *resp);

/* api_mc_lifecycle.c: review and publication, history, comments */
int srv_api_mc_submit(srv_req *req, srv_resp *resp);
int srv_api_mc_approve(srv_req *req, srv_resp *resp);
int srv_api_mc_return(srv_req *req, srv_resp *resp);
int srv_api_mc_publish(srv_req *req, srv_resp *resp);
int srv_api_mc_retire(srv_req *req, srv_resp *resp);
int srv_api_mc_adapt(srv_req *req, srv_resp *resp);
int srv_api_mc_history(srv_req *req, srv_resp *resp);
int srv_api_mc_comment(srv_req *req, srv_resp *resp);

/* api_coverage.c: the catalogue's coverage */
int srv_api_coverage(srv_req *req, srv_resp *resp);

/* api_credential.c: issued credentials */
int srv_api_cred_issue(srv_req *req, srv_resp *resp);
int srv_api_cred_list(srv_req *req, srv_resp *resp);
int srv_api_learner_list(srv_req *req, srv_resp *resp);
int srv_api_cred_revoke(srv_req *req, srv_resp *resp);
int srv_api_cred_suspend(srv_req *req, srv_resp *resp);
int srv_api_cred_reinstate(srv_req *req, srv_resp *resp);
int srv_api_credential_get(srv_req *req, srv_resp *resp);
int srv_api_credential_status_get(srv_req *req, srv_resp *resp);

/* api_roster.c: rosters and their jobs */
int srv_api_roster_upload(srv_req *req, srv_resp *resp);
int srv_api_job_get(srv_req *req, srv_resp *resp);

/* api_vc.c: the W3C VC API's issue and status */
int srv_api_vc_issue(srv_req *req, srv_resp *resp);
int srv_api_credential_status(srv_req *req, srv_resp *resp);

/* api_verify.c: the W3C VC API's verify */
int srv_api_credential_verify(srv_req *req, srv_resp *resp);

/* api_status_list.c: status list credentials */
int srv_api_status_list(srv_req *req, srv_resp *resp);

/* api_key.c: signing keys and the DID document */
int srv_api_key_list(srv_req *req, srv_resp *resp);
int srv_api_key_generate(srv_req *req, srv_resp *resp);
int srv_api_did_document(srv_req *req, srv_resp *resp);

#endif
