/*
 * The public API handlers: the catalogue (read only), the stable URIs
 * that credentials point at, credentials, status lists, DID documents and
 * the W3C VC API verify and status endpoints.  Each is a thin client of
 * the library's public headers; see routes.c for the URLs.
 */
#ifndef MC_SERVER_API_PUBLIC_H
#define MC_SERVER_API_PUBLIC_H

#include "http.h"

int mc_api_healthz(mc_req *req, mc_resp *resp);
int mc_api_org_list(mc_req *req, mc_resp *resp);
int mc_api_org_get(mc_req *req, mc_resp *resp);
int mc_api_cluster_list(mc_req *req, mc_resp *resp);
int mc_api_cluster_get(mc_req *req, mc_resp *resp);
int mc_api_mc_search(mc_req *req, mc_resp *resp);
int mc_api_mc_get(mc_req *req, mc_resp *resp);
int mc_api_mc_versions(mc_req *req, mc_resp *resp);
int mc_api_coverage(mc_req *req, mc_resp *resp);
int mc_api_openapi(mc_req *req, mc_resp *resp);
int mc_api_mc_uri(mc_req *req, mc_resp *resp);
int mc_api_credential_get(mc_req *req, mc_resp *resp);
int mc_api_credential_status_get(mc_req *req, mc_resp *resp);
int mc_api_status_list(mc_req *req, mc_resp *resp);
int mc_api_did_document(mc_req *req, mc_resp *resp);
int mc_api_credential_verify(mc_req *req, mc_resp *resp);
int mc_api_credential_status(mc_req *req, mc_resp *resp);

#endif
