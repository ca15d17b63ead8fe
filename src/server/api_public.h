/*
 * The public API handlers: the catalogue (read only), the stable URIs
 * that credentials point at, credentials, status lists, DID documents and
 * the W3C VC API verify and status endpoints.  Each is a thin client of
 * the library's public headers; see routes.c for the URLs.
 */
#ifndef SRV_API_PUBLIC_H
#define SRV_API_PUBLIC_H

#include "http.h"

int srv_api_healthz(srv_req *req, srv_resp *resp);
int srv_api_org_list(srv_req *req, srv_resp *resp);
int srv_api_org_get(srv_req *req, srv_resp *resp);
int srv_api_cluster_list(srv_req *req, srv_resp *resp);
int srv_api_cluster_get(srv_req *req, srv_resp *resp);
int srv_api_mc_search(srv_req *req, srv_resp *resp);
int srv_api_mc_get(srv_req *req, srv_resp *resp);
int srv_api_mc_versions(srv_req *req, srv_resp *resp);
int srv_api_coverage(srv_req *req, srv_resp *resp);
int srv_api_openapi(srv_req *req, srv_resp *resp);
int srv_api_mc_uri(srv_req *req, srv_resp *resp);
int srv_api_credential_get(srv_req *req, srv_resp *resp);
int srv_api_credential_status_get(srv_req *req, srv_resp *resp);
int srv_api_status_list(srv_req *req, srv_resp *resp);
int srv_api_did_document(srv_req *req, srv_resp *resp);
int srv_api_credential_verify(srv_req *req, srv_resp *resp);
int srv_api_credential_status(srv_req *req, srv_resp *resp);

#endif
