/*
 * Who is asking: the principal of a request (a session cookie or an API
 * token), the checks every write handler makes before acting (signed in,
 * CSRF, allowed by the library's policy), session cookies, and rate
 * limits.  The policy itself is the library's (mc_authz_check()).
 */
#ifndef SRV_AUTH_H
#define SRV_AUTH_H

#include "http.h"

/** Name of the session cookie. */
#define SRV_SESSION_COOKIE "mc_session"

/**
 * The principal of `req`, resolved once and cached in the request:
 * "Authorization: Bearer mct_..." (an API token) or the session cookie.
 * NULL for an anonymous request or an unknown / expired session or token.
 */
const mc_principal *srv_auth_who(srv_req *req);

/**
 * Name the client (client_addr.h) on the request's store, so that every
 * audit entry written while answering it records the address
 * (mc_audit_set_client).  srv_auth_who() does it on its first call; a
 * handler that writes without a principal (signing in) calls it first.
 * The dispatcher clears it when the request is answered.
 */
void srv_auth_audit_client(srv_req *req);

/** The session token of the request's cookie (an arena copy), or NULL:
 * for ending the session (mc_session_logout()). */
const char *srv_auth_session_token(srv_req *req);

/**
 * Non-zero when the request carries the session's CSRF token: the
 * "X-CSRF-Token" header or the form field "csrf" (see form.h) equals
 * who->csrf (compared in constant time).  Always non-zero for token
 * principals and for GET / HEAD.
 */
int srv_auth_csrf_ok(srv_req *req);

/**
 * The gate of every write: a principal is required (401 problem for JSON
 * clients; a 303 to /login?next=PATH for browsers), CSRF must pass for
 * session principals on unsafe methods (403 "CSRF token missing or
 * wrong"), and mc_authz_check(act, org_id, mc_id) must allow it (403 with
 * the policy's reason; 404 for an unknown MC).  Returns 0 to go on, or -1
 * with `resp` filled.
 */
int srv_auth_require(srv_req *req, srv_resp *resp, mc_action act,
		     const char *org_id, const char *mc_id);

/** As srv_auth_require() without a policy check: any signed-in user. */
int srv_auth_signed_in(srv_req *req, srv_resp *resp);

/** Where signing in sends the browser when nothing safer is asked for. */
#define SRV_AUTH_NEXT_DEFAULT "/workspace"

/**
 * Where a browser may be sent after signing in: `next` itself when it is
 * a path of this site, else SRV_AUTH_NEXT_DEFAULT.  `next` is the value as
 * the form or query gave it (decoded once); it is accepted only when it is
 * 1..2048 bytes of printable ASCII, every '%' starts a %XX escape, and,
 * after decoding those escapes, it starts with a single '/' followed by
 * the end or a character that is neither '/' nor '\', and holds no
 * control character (C0, DEL) and no '\' anywhere.  So "//host",
 * "/\host", "/%2F/host", "/\t/host" (browsers drop the tab and see
 * "//host"), "https://host" and header injection ("/%0d%0a...") all fall
 * back to the default.
 */
const char *srv_auth_next_path(const char *next);

/** Set the session cookie (HttpOnly; SameSite=Lax; Path=/; Secure when the
 * base URL is https; Max-Age MC_SESSION_MAX). */
void srv_auth_set_cookie(srv_req *req, srv_resp *resp, const char *token);
/** Expire the session cookie. */
void srv_auth_clear_cookie(srv_req *req, srv_resp *resp);

typedef enum {
	SRV_RATE_LOGIN,	 /**< sign-in attempts per client address */
	SRV_RATE_VERIFY, /**< verifications per client address */
	SRV_RATE__COUNT
} srv_rate_class;

/** Set the per-minute budget of a class (0: unlimited).  Called once at
 * start from the configuration. */
void srv_rate_configure(srv_rate_class cls, unsigned per_minute);

/**
 * Take one unit of `cls` for the client's address (a token bucket in the
 * store, shared by every node on the database: mc_rate_take; in this
 * process's memory while the store cannot answer).  Returns 0, or -1
 * with a 429 problem and Retry-After in `resp`.
 */
int srv_rate_take(srv_req *req, srv_resp *resp, srv_rate_class cls);

#endif
