/*
 * What the API handlers (api_*.c) share: answers (private JSON, text with
 * a weak ETag), library failures as problem details, naming the audit
 * entry, arena strings for Location headers, the acting principal and the
 * reader, query parameters and the parts of JSON bodies that more than one
 * resource reads.
 */
#ifndef SRV_API_UTIL_H
#define SRV_API_UTIL_H

#include <jansson.h>

#include "http.h"

/* Media types of what verifiers fetch. */
#define SRV_CT_VC_LD  "application/vc+ld+json"
#define SRV_CT_VC_JWT "application/vc+jwt"
/* A sealed EDC: a JWS in JSON serialization (RFC 7515). */
#define SRV_CT_JOSE_JSON "application/jose+json"
#define SRV_CT_DID	 "application/did+json"

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

/* ---- answers ------------------------------------------------------------ */

/** Set a weak ETag, W/"<FNV-1a 64 of the body>", on a 200 answer. */
void srv_resp_etag(srv_resp *resp);

/**
 * Answer 200 with `text` (malloc'd JSON or credential bytes, taken over:
 * freed here on every path), of content type `type` (NULL: JSON), with an
 * ETag when `etag` is set.
 */
int srv_resp_text(srv_resp *resp, char *text, const char *type, int etag);

/** Answer `status` with `json` (stolen), private. */
int srv_resp_private_json(srv_resp *resp, unsigned status, json_t *json);

/* ---- query and path parameters ------------------------------------------ */

/** A 400 problem naming the query or body field and the reason (the
 * reason cut to fit, the field name never). */
int srv_param_bad(srv_resp *resp, const char *field, const char *reason);

/** srv_param_bad(), then -1: for parsers that stop at the first bad
 * value.  (Inline, so that the compiler sees that it fails.) */
static inline int srv_param_reject(srv_resp *resp, const char *field,
				   const char *reason)
{
	srv_param_bad(resp, field, reason);
	return -1;
}

/** Non-zero if `s` is 1..max characters, each a letter, a digit or one of
 * `extra`. */
int srv_param_token_ok(const char *s, size_t max, const char *extra);

/** An ISO 3166-1 alpha-2 code, upper-cased into the arena; NULL (with a
 * 400 answer in resp) when malformed. */
const char *srv_param_country(srv_req *req, srv_resp *resp, const char *v);

/**
 * Query argument `name` as a number in min..max (`def` when absent).
 * Returns 0, or -1 after a 400 naming the parameter.
 */
int srv_query_number(srv_req *req, srv_resp *resp, const char *name,
		     size_t *out, size_t def, size_t min, size_t max);

/** The UUID at the end of a credential id (BASE/credentials/UUID). */
const char *srv_uuid_of(const char *id);

/* ---- the request -------------------------------------------------------- */

/** The reader of `req` (NULL: anonymous).  When signed in, the answer may
 * hold what only they may read: it is marked private. */
const mc_principal *srv_req_reader(srv_req *req, srv_resp *resp);

/** Non-zero if the request's Content-Type is `type` (parameters
 * ignored). */
int srv_req_content_type_is(const srv_req *req, const char *type);

/* ---- bodies ------------------------------------------------------------- */

/** Parse the request body as a JSON object (duplicate member names and
 * trailing data refused, any JSON number accepted: mc__vc_parse()); NULL
 * after answering 400. */
json_t *srv_body_vc_object(srv_req *req, srv_resp *resp);

/**
 * Make the body's "id" agree with the path: set it when absent; 400 when
 * it names another record.  Returns 0 or -1 with `resp` filled.
 */
int srv_body_id_matches_path(srv_resp *resp, json_t *body, const char *id);

/**
 * String member `key` of `obj`, named `path` in problems.  Returns 1 when
 * present, 0 when absent or null, -1 after a 400.
 */
int srv_body_member(srv_resp *resp, json_t *obj, const char *path,
		    const char *key, const char **out, int required);

/**
 * The options shared by the issue endpoints: "format" (ob3 | vc-jwt | edc),
 * "alg", "grade", "assessed_on", "valid_until" and "cryptosuite" (OB 3.0
 * only; one of mc_cryptosuites; none: the platform's default) of `obj`
 * (NULL: none).  Returns 0 or -1 after a 400 naming the field.
 */
int srv_body_issue_options(srv_resp *resp, json_t *obj, const char *path,
			   mc_issue_options *opts);

#endif
