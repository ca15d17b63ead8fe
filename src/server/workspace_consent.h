/*
 * The workspace's page of requests to award other providers'
 * micro-credentials (workspace_consent.c).
 */
#ifndef SRV_WORKSPACE_CONSENT_H
#define SRV_WORKSPACE_CONSENT_H

#include "http.h"

/** GET /workspace/consents: the requests to my organisations. */
int srv_ws_consents(srv_req *req, srv_resp *resp);
/** POST /workspace/consents/:org/:mc/:answer (accept, decline). */
int srv_ws_consent_answer(srv_req *req, srv_resp *resp);

#endif
