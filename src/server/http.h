/*
 * Requests and responses as the handlers see them.
 */
#ifndef SRV_HTTP_H
#define SRV_HTTP_H

#include <stddef.h>

#include <jansson.h>

#include "microcred/microcred.h"

#define SRV_ROUTE_PARAMS_MAX 4

/** A bump allocator released with the request (lwan). */
typedef struct srv_arena srv_arena;

/** Allocate `n` bytes from the request's arena (never freed one by one);
 * NULL when out of memory. */
void *srv_arena_alloc(srv_arena *a, size_t n);
/** Copy of `s` (NULL-safe) in the arena. */
char *srv_arena_strdup(srv_arena *a, const char *s);
/** A new, empty arena of one's own (the server makes each request's
 * itself); NULL when out of memory.  Free with srv_arena_free(). */
srv_arena *srv_arena_new(void);
/** Run the arena's deferred functions (newest first), release everything
 * allocated from it, and the arena itself.  NULL-safe. */
void srv_arena_free(srv_arena *a);

typedef struct srv_req {
	const char *method; /**< "GET", "POST", ... */
	const char *path;   /**< decoded path, valid UTF-8, no ".." */
	const char *param[SRV_ROUTE_PARAMS_MAX]; /**< ":name" parts in order */
	size_t nparam;
	const char *body; /**< NUL-terminated; "" when none */
	size_t body_len;
	mc_store *store; /**< this worker thread's store */
	int replica;	 /**< req->store is the read_db replica */
	srv_arena *arena;
	void *conn; /**< libmicrohttpd connection (http.c only) */

	/* Filled on demand by the modules that own them. */
	const mc_principal *who_; /**< auth.c: see srv_auth_who() */
	int who_done_;		  /**< auth.c: resolved already */
	void *form_;		  /**< form.c: parsed form fields */
	const char *lang_;	  /**< i18n.c: see srv_req_lang() */
	const char *client_;	  /**< client_addr.c: see srv_client_addr() */

	/* Set by a write handler for the audit entry the dispatcher adds
	 * after every successful write (see http.c). */
	const char *audit_org;	   /**< organisation concerned, or NULL */
	const char *audit_subject; /**< id acted on (default: the path) */
	const char *audit_reason;
} srv_req;

/**
 * Run `fn(ptr)` when the request's arena is released (after the response
 * is sent): for library objects a handler keeps for the whole request.
 * Returns 0 or MC_ENOMEM (then fn(ptr) has been called already).
 */
int srv_arena_defer(srv_arena *a, void (*fn)(void *), void *ptr);

/** Query string argument or request header; NULL if absent. */
const char *srv_req_query(const srv_req *r, const char *name);
const char *srv_req_header(const srv_req *r, const char *name);

/** Non-zero if the client connected from a loopback address. */
int srv_req_loopback(const srv_req *r);

/** The client's address as 16 bytes (IPv4 as ::ffff:a.b.c.d) in `out`.
 * Returns 4 or 6 (the family), or 0 when unknown (out zeroed). */
int srv_req_client_addr(const srv_req *r, unsigned char out[16]);

/** Non-zero if the client prefers HTML (Accept: text/html first) */
int srv_req_wants_html(const srv_req *r);

typedef struct srv_resp {
	unsigned status;
	const char *content_type; /**< static string */
	char *body;		  /**< malloc'd; freed after sending */
	size_t body_len;
	char *etag;		   /**< malloc'd or NULL */
	const char *location;	   /**< arena string or NULL */
	char allow[64];		   /**< Allow header of a 405, or "" */
	const char *set_cookie[2]; /**< Set-Cookie values (arena), or NULL */
	const char *retry_after;   /**< Retry-After of a 429, or NULL (a 503
				      gets 1 unless set) */
	int private_;		   /**< Cache-Control: private, no-store */
	const char *cache_control; /**< static string overriding the default
				      "no-cache" (ignored when private_) */
	const char *disposition;   /**< Content-Disposition value (static or
				      arena string), or NULL */
	int close_;		   /**< end the connection after this answer
				      ("Connection: close"; http.c) */
} srv_resp;

/** A handler: fill `resp` (status, body).  Return 0; errors are
 * responses too (see srv_resp_problem). */
typedef int (*srv_handler)(srv_req *req, srv_resp *resp);

/** Send `json` (a new reference, stolen) with `status`. */
int srv_resp_json(srv_resp *resp, unsigned status, json_t *json);
/** Send text already serialised as JSON (copied). */
int srv_resp_json_text(srv_resp *resp, unsigned status, const char *text,
		       size_t len);
/**
 * An RFC 9457 problem details response (application/problem+json):
 * {"type", "title", "status", "detail"} and, when `problems` is given, an
 * "errors" array of {"field", "reason", "where"}.
 */
int srv_resp_problem(srv_resp *resp, unsigned status, const char *title,
		     const char *detail, const mc_problems *problems);
/** A 303 See Other to `location` (copied into the arena). */
int srv_resp_redirect(srv_resp *resp, srv_req *req, const char *location);

/** Problem details for a library error code and the store's message. */
int srv_resp_error(srv_resp *resp, srv_req *req, int code);

#endif
