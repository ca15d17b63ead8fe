/*
 * The workspace's page of requests to award other providers'
 * micro-credentials (workspace_consent.c).
 */
#ifndef MC_SERVER_WORKSPACE_CONSENT_H
#define MC_SERVER_WORKSPACE_CONSENT_H

#include "http.h"

/** GET /workspace/consents: the requests to my organisations. */
int mc_ws_consents(mc_req *req, mc_resp *resp);
/** POST /workspace/consents/:org/:mc/:answer (accept, decline). */
int mc_ws_consent_answer(mc_req *req, mc_resp *resp);

#endif
