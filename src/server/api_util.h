/*
 * What the write handlers share: private JSON answers, library failures
 * as problem details, naming the audit entry, arena strings for Location
 * headers, and the acting principal.
 */
#ifndef SRV_API_UTIL_H
#define SRV_API_UTIL_H

#include "http.h"

/** Answer `status` with malloc'd `text` (taken over; NULL: a 500), of
 * `type` (NULL: application/json), never cached by intermediaries. */
int srv_resp_owned(srv_resp *resp, unsigned status, char *text,
		   const char *type);

/** A library failure: 422 listing every problem when `error` is
 * MC_EINVALID and there are problems (the first is the detail), otherwise
 * the code's status with the store's message. */
int srv_resp_lib_error(srv_req *req, srv_resp *resp, int error,
		       const mc_problems *problems);

/** Name the organisation and subject of the audit entry the dispatcher
 * writes after a successful write (copied: it runs after the handler). */
void srv_req_audit(srv_req *req, const char *org, const char *subject);

/** a + b in the request's arena (for Location headers); NULL when out
 * of memory. */
const char *srv_req_concat(srv_req *req, const char *a, const char *b);

/** The actor string of the signed-in principal, or NULL. */
const char *srv_req_actor(srv_req *req);

#endif
