/*
 * Requests and responses as the handlers see them.
 */
#ifndef MC_SERVER_HTTP_H
#define MC_SERVER_HTTP_H

#include <stddef.h>

#include <jansson.h>

#include "microcred/microcred.h"

#define MC_ROUTE_PARAMS_MAX 4

/** A bump allocator released with the request (lwan). */
typedef struct mc_arena mc_arena;

/** Allocate `n` bytes from the request's arena (never freed one by one);
 * NULL when out of memory. */
void *mc_arena_alloc(mc_arena *a, size_t n);
/** Copy of `s` (NULL-safe) in the arena. */
char *mc_arena_strdup(mc_arena *a, const char *s);
/** A new, empty arena of one's own (the server makes each request's
 * itself); NULL when out of memory.  Free with mc_arena_free(). */
mc_arena *mc_arena_new(void);
/** Run the arena's deferred functions (newest first), release everything
 * allocated from it, and the arena itself.  NULL-safe. */
void mc_arena_free(mc_arena *a);

typedef struct mc_req {
	const char *method; /**< "GET", "POST", ... */
	const char *path;   /**< decoded path, valid UTF-8, no ".." */
	const char *param[MC_ROUTE_PARAMS_MAX]; /**< ":name" parts in order */
	size_t nparam;
	const char *body; /**< NUL-terminated; "" when none */
	size_t body_len;
	mc_store *store; /**< this worker thread's store */
	mc_arena *arena;
	void *conn; /**< libmicrohttpd connection (http.c only) */

	/* Filled on demand by the modules that own them. */
	const mc_principal *who_; /**< auth.c: see mc_auth_who() */
	int who_done_;		  /**< auth.c: resolved already */
	void *form_;		  /**< form.c: parsed form fields */
	const char *lang_;	  /**< i18n.c: see mc_req_lang() */
	const char *client_;	  /**< client_addr.c: see mc_client_addr() */

	/* Set by a write handler for the audit entry the dispatcher adds
	 * after every successful write (see http.c). */
	const char *audit_org;	   /**< organisation concerned, or NULL */
	const char *audit_subject; /**< id acted on (default: the path) */
	const char *audit_reason;
} mc_req;

/**
 * Run `fn(ptr)` when the request's arena is released (after the response
 * is sent): for library objects a handler keeps for the whole request.
 * Returns 0 or MC_ENOMEM (then fn(ptr) has been called already).
 */
int mc_arena_defer(mc_arena *a, void (*fn)(void *), void *ptr);

/** Query string argument or request header; NULL if absent. */
const char *mc_req_query(const mc_req *r, const char *name);
const char *mc_req_header(const mc_req *r, const char *name);

/** Non-zero if the client connected from a loopback address. */
int mc_req_loopback(const mc_req *r);

/** The client's address as 16 bytes (IPv4 as ::ffff:a.b.c.d) in `out`.
 * Returns 4 or 6 (the family), or 0 when unknown (out zeroed). */
int mc_req_client_addr(const mc_req *r, unsigned char out[16]);

/** Non-zero if the client prefers HTML (Accept: text/html first) */
int mc_req_wants_html(const mc_req *r);

typedef struct mc_resp {
	unsigned status;
	const char *content_type; /**< static string */
	char *body;		  /**< malloc'd; freed after sending */
	size_t body_len;
	char *etag;		   /**< malloc'd or NULL */
	const char *location;	   /**< arena string or NULL */
	char allow[64];		   /**< Allow header of a 405, or "" */
	const char *set_cookie[2]; /**< Set-Cookie values (arena), or NULL */
	const char *retry_after;   /**< Retry-After of a 429/503, or NULL */
	int private_;		   /**< Cache-Control: private, no-store */
	const char *cache_control; /**< static string overriding the default
				      "no-cache" (ignored when private_) */
	const char *disposition;   /**< Content-Disposition value (static or
				      arena string), or NULL */
	int close_;		   /**< end the connection after this answer
				      ("Connection: close"; http.c) */
} mc_resp;

/** A handler: fill `resp` (status, body).  Return 0; errors are
 * responses too (see mc_resp_problem). */
typedef int (*mc_handler)(mc_req *req, mc_resp *resp);

/** Send `json` (a new reference, stolen) with `status`. */
int mc_resp_json(mc_resp *resp, unsigned status, json_t *json);
/** Send text already serialised as JSON (copied). */
int mc_resp_json_text(mc_resp *resp, unsigned status, const char *text,
		      size_t len);
/**
 * An RFC 9457 problem details response (application/problem+json):
 * {"type", "title", "status", "detail"} and, when `problems` is given, an
 * "errors" array of {"field", "reason", "where"}.
 */
int mc_resp_problem(mc_resp *resp, unsigned status, const char *title,
		    const char *detail, const mc_problems *problems);
/** A 303 See Other to `location` (copied into the arena). */
int mc_resp_redirect(mc_resp *resp, mc_req *req, const char *location);

/** Problem details for a library error code and the store's message. */
int mc_resp_error(mc_resp *resp, mc_req *req, int code);

#endif
