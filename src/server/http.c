/*
 * The glue to libmicrohttpd: per-request state (arena, bounded body),
 * path checks, routing, responses with security headers and ETags,
 * problem details, and the access log.  A request's headers are judged
 * on the first call, before its body (http_early.c); the call also meets
 * the connection's header deadline (http_guard.c).
 */
#include "http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assets.h"
#include "cache.h"
#include "client_addr.h"
#include "html.h"
#include "http_private.h"
#include "i18n.h"
#include "read_db.h"
#include "routes.h"

/* ---- arena ------------------------------------------------------------ */

struct block {
	struct block *next;
	size_t used, size;
	unsigned char data[];
};

struct deferred {
	struct deferred *next;
	void (*fn)(void *);
	void *ptr;
};

struct srv_arena {
	struct block *head;
	struct deferred *deferred; /* run in reverse order of deferral */
};

void *srv_arena_alloc(srv_arena *a, size_t n)
{
	struct block *b = a->head;

	n = (n + 15) & ~(size_t)15;
	if (!b || b->size - b->used < n) {
		size_t size = n > 8192 ? n : 8192;

		if (!(b = malloc(sizeof(*b) + size)))
			return NULL;
		b->size = size;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

char *srv_arena_strdup(srv_arena *a, const char *s)
{
	size_t n;
	char *p;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	if ((p = srv_arena_alloc(a, n)))
		memcpy(p, s, n);
	return p;
}

int srv_arena_defer(srv_arena *a, void (*fn)(void *), void *ptr)
{
	struct deferred *d = srv_arena_alloc(a, sizeof(*d));

	if (!d) {
		fn(ptr);
		return MC_ENOMEM;
	}
	d->fn = fn;
	d->ptr = ptr;
	d->next = a->deferred;
	a->deferred = d;
	return 0;
}

/* Release what `a` holds, leaving it empty (a request's arena lives in its
 * struct pending; srv_arena_new's on the heap). */
static void arena_free(srv_arena *a)
{
	struct block *b = a->head, *next;
	struct deferred *d;

	for (d = a->deferred; d; d = d->next)
		d->fn(d->ptr);
	a->deferred = NULL;
	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

srv_arena *srv_arena_new(void)
{
	return calloc(1, sizeof(srv_arena));
}

void srv_arena_free(srv_arena *a)
{
	if (!a)
		return;
	arena_free(a);
	free(a);
}

/* ---- requests --------------------------------------------------------- */

const char *srv_req_query(const srv_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}

const char *srv_req_header(const srv_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

int srv_req_loopback(const srv_req *req)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	ci = MHD_get_connection_info((struct MHD_Connection *)req->conn,
				     MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !(sa = ci->client_addr))
		return 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
		    (const struct sockaddr_in6 *)sa;
		const unsigned char *a = in6->sin6_addr.s6_addr;

		if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
			return 1;
		return IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && a[12] == 127;
	}
	return 0;
}

int srv_req_client_addr(const srv_req *r, unsigned char out[16])
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	memset(out, 0, 16);
	ci = MHD_get_connection_info((struct MHD_Connection *)r->conn,
				     MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !(sa = ci->client_addr))
		return 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		out[10] = out[11] = 0xff;
		memcpy(out + 12, &in->sin_addr.s_addr, 4);
		return 4;
	}
	if (sa->sa_family == AF_INET6) {
		memcpy(out,
		       ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr,
		       16);
		return 6;
	}
	return 0;
}

int srv_req_wants_html(const srv_req *r)
{
	const char *accept = srv_req_header(r, "Accept");
	const char *html, *json;

	if (!accept || !(html = strstr(accept, "text/html")))
		return 0;
	json = strstr(accept, "json");
	return !json || html < json;
}

/* ---- responses -------------------------------------------------------- */

int srv_resp_json_text(srv_resp *resp, unsigned status, const char *text,
		       size_t len)
{
	char *copy = malloc(len + 1);

	if (!copy)
		return MC_ENOMEM;
	memcpy(copy, text, len);
	copy[len] = '\0';
	free(resp->body);
	resp->body = copy;
	resp->body_len = len;
	resp->status = status;
	if (!resp->content_type)
		resp->content_type = "application/json";
	return 0;
}

int srv_resp_json(srv_resp *resp, unsigned status, json_t *json)
{
	char *text;
	int error;

	if (!json)
		return srv_resp_problem(resp, 500, "Internal Server Error",
					"out of memory", NULL);
	text = json_dumps(json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(json);
	if (!text)
		return srv_resp_problem(resp, 500, "Internal Server Error",
					"out of memory", NULL);
	error = srv_resp_json_text(resp, status, text, strlen(text));
	free(text);
	return error;
}

int srv_resp_problem(srv_resp *resp, unsigned status, const char *title,
		     const char *detail, const mc_problems *problems)
{
	json_t *p = json_pack("{s:s, s:s, s:I, s:s}", "type", "about:blank",
			      "title", title, "status", (json_int_t)status,
			      "detail", detail ? detail : title);
	size_t i;

	if (p && problems && problems->count) {
		json_t *errors = json_array();

		for (i = 0; errors && i < problems->count; i++)
			json_array_append_new(
			    errors,
			    json_pack("{s:s, s:s, s:s}", "field",
				      problems->items[i].field, "reason",
				      problems->items[i].reason, "where",
				      problems->items[i].where));
		json_object_set_new(p, "errors", errors);
	}
	resp->content_type = "application/problem+json";
	free(resp->etag);
	resp->etag = NULL;
	return srv_resp_json(resp, status, p);
}

static const char *status_title(unsigned status)
{
	switch (status) {
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 410:
		return "Gone";
	case 413:
		return "Content Too Large";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 429:
		return "Too Many Requests";
	case 501:
		return "Not Implemented";
	case 503:
		return "Service Unavailable";
	default:
		return status < 500 ? "Bad Request" : "Internal Server Error";
	}
}

int srv_resp_redirect(srv_resp *resp, srv_req *req, const char *location)
{
	free(resp->body);
	resp->body = NULL;
	resp->body_len = 0;
	resp->status = 303;
	resp->content_type = NULL;
	resp->location = srv_arena_strdup(req->arena, location);
	return resp->location ? 0 : MC_ENOMEM;
}

int srv_resp_error(srv_resp *resp, srv_req *req, int code)
{
	unsigned status = (unsigned)mc_error_http_status(code);
	const char *msg = req->store ? mc_store_errmsg(req->store) : "";

	return srv_resp_problem(resp, status, status_title(status),
				*msg ? msg : mc_error_str(code), NULL);
}

/* ---- the access log ----------------------------------------------------- */

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void srv__http_log(FILE *log, const char *method, const char *path,
		   unsigned status, size_t bytes, double ms, const char *client)
{
	char when[32];
	time_t t = time(NULL);
	struct tm tm;
	json_t *line;
	char *text;

	if (!log)
		return;
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	line = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:f}", "time", when,
			 "client", client ? client : "", "method", method,
			 "path", path, "status", (json_int_t)status, "bytes",
			 (json_int_t)bytes, "ms", ms);
	if (!line ||
	    !(text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
		json_decref(line);
		return;
	}
	pthread_mutex_lock(&log_lock);
	fprintf(log, "%s\n", text);
	fflush(log);
	pthread_mutex_unlock(&log_lock);
	free(text);
	json_decref(line);
}

/* ---- one request, from first call to response --------------------------- */

struct pending {
	srv_arena arena;
	char *body;
	size_t len, cap;
	int too_big;
	int answered; /* refused on the first call (srv__http_early) */
	struct timespec start;
	struct srv__guard_conn *guard; /* the connection's header deadline */
};

int srv__http_path_ok(const char *p)
{
	const char *s;

	if (p[0] != '/' || strlen(p) > 2048 || strchr(p, '\\') ||
	    !srv__http_utf8(p))
		return 0;
	for (s = p; (s = strchr(s, '/')); s++) {
		if (!strncmp(s, "/./", 3) || !strcmp(s, "/.") ||
		    !strncmp(s, "/../", 4) || !strcmp(s, "/.."))
			return 0;
	}
	return 1;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/*
 * Every successful write is audited here, whatever its handler: who
 * (the principal's actor, or "anonymous"), the route ("POST
 * /api/v1/microcredentials/:id/submit"), and what the handler named as
 * subject and organisation (the path by default).  A failure to audit is
 * logged, not hidden from the operator, but the write has happened.
 */
static void audit(srv_req *req, const srv_route *route)
{
	const char *actor = req->who_ ? req->who_->actor : "anonymous";
	char action[160];
	int error;

	snprintf(action, sizeof(action), "%s %s", route->method,
		 route->pattern);
	error =
	    mc_audit_add(req->store, actor, action,
			 req->audit_subject ? req->audit_subject : req->path,
			 req->audit_org, req->audit_reason);
	if (error < 0)
		fprintf(stderr, "microcred: audit of %s %s failed: %s\n",
			req->method, req->path, mc_store_errmsg(req->store));
}

static enum MHD_Result respond(struct MHD_Connection *conn, srv_resp *resp,
			       const char *if_none_match)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	int not_modified = resp->etag && if_none_match && resp->status == 200 &&
			   strcmp(resp->etag, if_none_match) == 0;

	if (not_modified) {
		free(resp->body);
		resp->body = NULL;
		resp->body_len = 0;
		resp->status = 304;
	}
	r = MHD_create_response_from_buffer(
	    resp->body_len, resp->body ? resp->body : "",
	    resp->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(resp->body);
		resp->body = NULL;
		return MHD_NO;
	}
	resp->body = NULL; /* MHD owns it now */
	if (resp->content_type && !not_modified)
		MHD_add_response_header(r, "Content-Type", resp->content_type);
	if (resp->etag)
		MHD_add_response_header(r, "ETag", resp->etag);
	if (resp->location)
		MHD_add_response_header(r, "Location", resp->location);
	if (resp->allow[0])
		MHD_add_response_header(r, "Allow", resp->allow);
	if (resp->set_cookie[0])
		MHD_add_response_header(r, "Set-Cookie", resp->set_cookie[0]);
	if (resp->set_cookie[1])
		MHD_add_response_header(r, "Set-Cookie", resp->set_cookie[1]);
	/* Every 503 (a lost or busy database, MC_ERETRY) may succeed in a
	 * moment: Retry-After 1 unless the handler said otherwise. */
	if (resp->retry_after || resp->status == 503)
		MHD_add_response_header(r, "Retry-After",
					resp->retry_after ? resp->retry_after
							  : "1");
	if (resp->close_)
		MHD_add_response_header(r, "Connection", "close");
	if (resp->disposition && !not_modified)
		MHD_add_response_header(r, "Content-Disposition",
					resp->disposition);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	/* Pages load their style sheet and images from here, post forms
	 * here, and run no script at all; nothing may frame them. */
	MHD_add_response_header(
	    r, "Content-Security-Policy",
	    resp->content_type && !strncmp(resp->content_type, "text/html", 9)
		? "default-src 'none'; style-src 'self'; img-src 'self' data:;"
		  " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
		: "default-src 'none'; frame-ancestors 'none'");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cache-Control",
				resp->private_	      ? "private, no-store"
				: resp->cache_control ? resp->cache_control
						      : "no-cache");
	ret = MHD_queue_response(conn, resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

enum MHD_Result srv__http_dispatch(struct srv__server *srv,
				   struct MHD_Connection *conn, const char *url,
				   const char *method, const char *upload,
				   size_t *upload_size, void **state)
{
	struct pending *p = *state;
	srv_resp resp;
	srv_req req;
	const srv_route *route = NULL;
	const char *params[SRV_ROUTE_PARAMS_MAX];
	size_t nparams = 0;
	enum MHD_Result ret;
	int found, first = !p;

	if (first) {
		if (!(p = calloc(1, sizeof(*p))))
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &p->start);
		*state = p;
		/* The headers are complete: their deadline is met. */
		p->guard = srv__guard_headers_done(conn);
	} else if (p->answered) {
		return MHD_YES; /* libmicrohttpd reads nothing more */
	} else if (*upload_size) {
		/* Accumulate the body, never past the cap. */
		if (!p->too_big && p->len + *upload_size > srv->cfg.body_max) {
			p->too_big = 1;
		} else if (!p->too_big) {
			if (p->len + *upload_size + 1 > p->cap) {
				size_t cap = p->cap ? p->cap : 4096;
				char *b;

				while (cap < p->len + *upload_size + 1)
					cap *= 2;
				if (!(b = realloc(p->body, cap)))
					return MHD_NO;
				p->body = b;
				p->cap = cap;
			}
			memcpy(p->body + p->len, upload, *upload_size);
			p->len += *upload_size;
			p->body[p->len] = '\0';
		}
		*upload_size = 0;
		return MHD_YES;
	}

	memset(&resp, 0, sizeof(resp));
	memset(&req, 0, sizeof(req));
	req.method = method;
	req.path = url;
	req.body = p->body ? p->body : "";
	req.body_len = p->len;
	req.arena = &p->arena;
	req.conn = conn;
	resp.status = 200;
	if (first) {
		/* Judge what the headers alone decide, before any body. */
		if (!srv__http_early(srv, &req, &resp))
			return MHD_YES;
		p->answered = resp.close_ = 1;
	} else if (p->too_big) {
		char detail[96];

		snprintf(detail, sizeof(detail),
			 "the request body is larger than %zu bytes",
			 srv->cfg.body_max);
		srv_resp_problem(&resp, 413, "Content Too Large", detail, NULL);
	} else if (!srv__http_path_ok(url)) {
		srv_resp_problem(&resp, 400, "Bad Request",
				 "the path is not valid (UTF-8, no . or .. "
				 "segments)",
				 NULL);
	} else if ((found = srv_route_lookup(method, url, &route, params,
					     &nparams)) == MC_ENOTFOUND) {
		srv_resp_problem(&resp, 404, "Not Found",
				 "no resource at this path", NULL);
	} else if (found < 0) {
		srv_route_allowed(resp.allow, sizeof(resp.allow), url);
		srv_resp_problem(&resp, 405, "Method Not Allowed",
				 "this path does not take that method", NULL);
	} else if (!(req.store = srv__server_store(srv)) &&
		   !(route->flags & SRV_ROUTE_NO_STORE)) {
		/* The database is away (this thread opens its store at its
		 * first request): try again shortly, in the reader's terms. */
		if (srv_req_wants_html(&req))
			srv_page_error(&req, &resp, 503,
				       srv_t(&req, "error.retry"));
		else
			srv_resp_problem(&resp, 503, "Service Unavailable",
					 "the database cannot be opened; retry",
					 NULL);
	} else {
		mc_store *primary = req.store;

		memcpy(req.param, params, nparams * sizeof(*params));
		req.nparam = nparams;
		/* An anonymous catalogue read may go to the read_db standby
		 * (read_db.h); if that fails, it is answered from db. */
		srv_read_db_route(&req, route, &resp);
		route->handler(&req, &resp);
		if (srv_read_db_retry(&req, &resp, primary))
			route->handler(&req, &resp);
		if (resp.status < 400 && strcmp(method, "GET") != 0 &&
		    strcmp(method, "HEAD") != 0 &&
		    !(route->flags & SRV_ROUTE_NO_AUDIT)) {
			audit(&req, route);
			srv_cache_bump(); /* cached reads are stale now */
			srv_read_db_after_write(&req, &resp);
		}
	}
	ret = respond(conn, &resp,
		      MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						  "If-None-Match"));
	srv__http_log(srv->log, method, url, resp.status, resp.body_len,
		      ms_since(&p->start), srv_client_addr(&req));
	if (req.store) /* the audit client was this request's only */
		mc_audit_set_client(req.store, NULL);
	free(resp.body);
	free(resp.etag);
	return ret;
}

void srv__http_done(void *state)
{
	struct pending *p = state;

	if (!p)
		return;
	srv__guard_request_done(p->guard);
	arena_free(&p->arena);
	free(p->body);
	free(p);
}

const struct srv_asset *srv_asset_find(const char *name)
{
	const struct srv_asset *a;

	for (a = srv_assets; a->name; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}
