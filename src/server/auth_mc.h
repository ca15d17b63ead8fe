/*
 * The gate of an action on one MC: srv_auth_require() with the MC hidden
 * from those who may read no version of it (mc_authz_check_mc()).
 */
#ifndef SRV_AUTH_MC_H
#define SRV_AUTH_MC_H

#include "http.h"

/**
 * As srv_auth_require(req, resp, act, NULL, mc_id): signed in (401, or a
 * 303 to sign in for browsers), CSRF (403), then the policy; but an MC of
 * which the caller may read no version answers exactly as an MC that does
 * not exist (404 "no micro-credential 'ID'"), never 403 naming its
 * provider.  Returns 0 to go on, or -1 with `resp` filled.
 */
int srv_auth_require_mc(srv_req *req, srv_resp *resp, mc_action act,
			const char *mc_id);

/**
 * Answer for the library's refusal `error` with reason `why` as the gate
 * does: 400 (MC_EUSAGE), 403, 404, else the error's status; the answer is
 * private.  Returns -1.
 */
int srv_auth_refuse(srv_req *req, srv_resp *resp, int error, const char *why);

#endif
