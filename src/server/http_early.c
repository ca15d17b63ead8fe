/*
 * The first look at a request: its headers, before any of its body is
 * read (see mc__http_early() in http_private.h for the contract).
 *
 * What is refused here is refused on the access handler's first call, so
 * libmicrohttpd sends the answer instead of "100 Continue", reads none of
 * the body and closes the connection after the answer (0.9.75 does so for
 * every response queued that early): a pipelined request behind a refused
 * one is never read, whatever framing the client meant.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "api_account.h"
#include "api_public.h"
#include "auth.h"
#include "http_private.h"
#include "pages.h"
#include "routes.h"
#include "workspace.h"

/* Writes that need no principal (signing in, verifying); every other
 * route with an unsafe method starts with mc_auth_require() or
 * mc_auth_signed_in().  Keep in step with the route tables. */
static const mc_handler anonymous[] = {
    mc_api_session_login,
    mc_ws_login,
    mc_api_credential_verify,
    mc_page_verify,
};

/* Routes that take a body of any type (the VC API's verify parses any
 * body as JSON or a JWT); every other route takes one of body_types. */
static const mc_handler any_type[] = {
    mc_api_credential_verify,
};

/* Every type of body a route takes (json_body.c, form.c, the rosters'
 * text/csv, the VC API's JSON-LD and JWTs). */
static const char *const body_types[] = {
    "application/json",
    "application/ld+json",
    "application/vc+jwt",
    "application/jwt",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/csv",
    NULL,
};

static int listed(const mc_handler *list, size_t n, mc_handler h)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] == h)
			return 1;
	return 0;
}

/* Non-zero if Content-Type `ct` is one of body_types (parameters and
 * case ignored). */
static int known_type(const char *ct)
{
	size_t i, n;

	for (i = 0; ct && body_types[i]; i++) {
		n = strlen(body_types[i]);
		if (strncasecmp(ct, body_types[i], n) == 0 &&
		    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' '))
			return 1;
	}
	return 0;
}

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind,
				    const char *key, const char *value)
{
	unsigned *n = cls;

	(void)kind;
	(void)value;
	if (strcasecmp(key, "Content-Length") == 0)
		n[0]++;
	else if (strcasecmp(key, "Transfer-Encoding") == 0)
		n[1]++;
	return MHD_YES;
}

static int refuse(mc_resp *resp, unsigned status, const char *title,
		  const char *detail)
{
	mc_resp_problem(resp, status, title, detail, NULL);
	return 1;
}

int mc__http_early(struct mc__server *srv, mc_req *req, mc_resp *resp)
{
	struct MHD_Connection *conn = req->conn;
	const char *te = mc_req_header(req, "Transfer-Encoding");
	const char *cl = mc_req_header(req, "Content-Length");
	const char *expect = mc_req_header(req, "Expect");
	const char *params[MC_ROUTE_PARAMS_MAX];
	const mc_route *route = NULL;
	unsigned long long length = 0;
	unsigned framing[2] = {0, 0};
	size_t nparams = 0;
	int found, body;
	char detail[128];

	/* Framing: one way to tell where the body ends, or none.  A proxy
	 * in front may read it the other way (request smuggling). */
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, framing);
	if (framing[0] && framing[1])
		return refuse(resp, 400, "Bad Request",
			      "Content-Length and Transfer-Encoding together: "
			      "the request's framing is ambiguous");
	if (framing[0] > 1 || framing[1] > 1)
		return refuse(resp, 400, "Bad Request",
			      framing[0] > 1 ? "Content-Length given twice"
					     : "Transfer-Encoding given twice");
	if (te && strcasecmp(te, "chunked") != 0)
		return refuse(resp, 501, "Not Implemented",
			      "the only transfer coding taken is chunked");
	if (expect && strcasecmp(expect, "100-continue") != 0)
		return refuse(resp, 417, "Expectation Failed",
			      "the only expectation met is 100-continue");
	/* libmicrohttpd answered a Content-Length that is not a number. */
	if (cl)
		length = strtoull(cl, NULL, 10);
	if (length > srv->cfg.body_max) {
		snprintf(detail, sizeof(detail),
			 "the request body is larger than %zu bytes",
			 srv->cfg.body_max);
		return refuse(resp, 413, "Content Too Large", detail);
	}
	body = length > 0 || te;
	if (!body && !expect)
		return 0; /* no body to spare: judged after, as ever */

	/* Where it goes, which needs no body. */
	if (!mc__http_path_ok(req->path))
		return refuse(resp, 400, "Bad Request",
			      "the path is not valid (UTF-8, no . or .. "
			      "segments)");
	found =
	    mc_route_lookup(req->method, req->path, &route, params, &nparams);
	if (found == MC_ENOTFOUND)
		return refuse(resp, 404, "Not Found",
			      "no resource at this path");
	if (found < 0) {
		mc_route_allowed(resp->allow, sizeof(resp->allow), req->path);
		return refuse(resp, 405, "Method Not Allowed",
			      "this path does not take that method");
	}
	if (!expect)
		return 0;

	/* The client waits to be told to send its body: tell it now when
	 * the answer will be no.  Whether a principal may act (who it is,
	 * CSRF, the policy) needs the store and can need the body, so only
	 * "no credentials at all" is decided here, from the headers: no API
	 * token and no session cookie. */
	if (strcmp(req->method, "GET") != 0 &&
	    strcmp(req->method, "HEAD") != 0 &&
	    !listed(anonymous, sizeof(anonymous) / sizeof(anonymous[0]),
		    route->handler) &&
	    !mc_req_header(req, "Authorization") &&
	    !MHD_lookup_connection_value(conn, MHD_COOKIE_KIND,
					 MC_SESSION_COOKIE)) {
		refuse(resp, 401, "Unauthorized",
		       "sign in (POST /api/v1/session) or send "
		       "\"Authorization: Bearer\" with an API token");
		resp->private_ = 1;
		return 1;
	}
	if (body &&
	    !listed(any_type, sizeof(any_type) / sizeof(any_type[0]),
		    route->handler) &&
	    !known_type(mc_req_header(req, "Content-Type")))
		return refuse(resp, 415, "Unsupported Media Type",
			      "no route takes a body of this type (JSON, a "
			      "form, CSV or a JWT)");
	return 0;
}
