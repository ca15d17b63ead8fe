/*
 * The first look at a request: its headers, before any of its body is
 * read (see srv__http_early() in http_private.h for the contract).
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

#include "auth.h"
#include "http_private.h"
#include "routes.h"

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

static int refuse(srv_resp *resp, unsigned status, const char *title,
		  const char *detail)
{
	srv_resp_problem(resp, status, title, detail, NULL);
	return 1;
}

int srv__http_early(struct srv__server *srv, srv_req *req, srv_resp *resp)
{
	struct MHD_Connection *conn = req->conn;
	const char *te = srv_req_header(req, "Transfer-Encoding");
	const char *cl = srv_req_header(req, "Content-Length");
	const char *expect = srv_req_header(req, "Expect");
	const char *params[SRV_ROUTE_PARAMS_MAX];
	const srv_route *route = NULL;
	unsigned long long length = 0;
	unsigned framing[2] = {0, 0};
	size_t nparams = 0;
	int found, body;
	char detail[320];

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
	if (!srv__http_path_ok(req->path))
		return refuse(resp, 400, "Bad Request",
			      "the path is not valid (UTF-8, no . or .. "
			      "segments)");
	found =
	    srv_route_lookup(req->method, req->path, &route, params, &nparams);
	if (found == MC_ENOTFOUND)
		return refuse(resp, 404, "Not Found",
			      "no resource at this path");
	if (found < 0) {
		srv_route_allowed(resp->allow, sizeof(resp->allow), req->path);
		return refuse(resp, 405, "Method Not Allowed",
			      "this path does not take that method");
	}
	if (!expect)
		return 0;

	/* The client waits to be told to send its body: tell it now when
	 * the answer will be no, from what the route declares (routes.h).
	 * Whether a principal may act (who it is, CSRF, the policy) needs
	 * the store and can need the body, so only "no credentials at all"
	 * is decided here, from the headers: no API token and no session
	 * cookie.  The refusal is the handler's own (srv_auth_signed_in()
	 * without a store finds no principal): 401, or to a browser the
	 * sign-in page. */
	if ((route->flags & SRV_ROUTE_SIGNED_IN) &&
	    !srv_req_header(req, "Authorization") &&
	    !MHD_lookup_connection_value(conn, MHD_COOKIE_KIND,
					 SRV_SESSION_COOKIE)) {
		srv_auth_signed_in(req, resp);
		return 1;
	}
	if (body &&
	    !srv_route_takes(route, srv_req_header(req, "Content-Type"))) {
		char types[160];

		srv_route_body_names(types, sizeof(types), route->body);
		snprintf(detail, sizeof(detail), "%s %s takes only %s",
			 route->method, route->pattern, types);
		return refuse(resp, 415, "Unsupported Media Type", detail);
	}
	return 0;
}
