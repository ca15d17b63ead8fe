/*
 * The route table: every URL the server answers, as data (lwan).  A
 * request is matched against the patterns in order; the first whose
 * segments all match and whose method is the request's wins.
 */
#ifndef SRV_ROUTES_H
#define SRV_ROUTES_H

#include <stddef.h>

#include "http.h"

/** Longest path the matcher looks at, in bytes. */
#define SRV_ROUTE_PATH_MAX 2048

/**
 * One route.  `pattern` is an absolute path of "/"-separated segments; a
 * segment ":name" matches one non-empty path segment of [A-Za-z0-9._~@-]
 * (never "." or ".."; "@" so that an email names a user), any other segment
 * matches itself exactly.  There are no prefixes or wildcards: "/a/b" does not
 * match "/a/b/" or "/a/b/c".
 *
 * A write (any method but GET) declares who may call it (exactly one of
 * SRV_ROUTE_ANONYMOUS and SRV_ROUTE_SIGNED_IN in `flags`) and what body it
 * reads (`body`: SRV_BODY_NONE, SRV_BODY_ANY, or the types it takes).  The
 * server judges a request from these before reading its body
 * (http_early.c), so they must say what the handler does; a read may
 * leave both 0 (it takes no body and judges its reader itself).
 * tests/unit/test_routes.c checks every write of every table.
 */
typedef struct {
	const char *method; /**< "GET", "POST" ... */
	const char *pattern;
	srv_handler handler;
	unsigned flags; /**< SRV_ROUTE_* */
	unsigned body;	/**< SRV_BODY_* */
} srv_route;

/** A POST that writes nothing (verification): not audited. */
#define SRV_ROUTE_NO_AUDIT 1u
/** A write anyone may make, with no API token or session (signing in,
 * verifying): the handler does not start with srv_auth_signed_in() or
 * srv_auth_require(). */
#define SRV_ROUTE_ANONYMOUS 2u
/** A write that needs a principal (an API token or a session): the
 * handler refuses a request without one (srv_auth_signed_in(),
 * srv_auth_require()) before it acts. */
#define SRV_ROUTE_SIGNED_IN 4u
/** A public catalogue read that may show the catalogue a moment old: the
 * read_db standby answers it when it is anonymous (read_db.h).  Not for
 * what must be fresh: status lists, credentials, keys, accounts. */
#define SRV_ROUTE_REPLICA 8u
/** Answered from the binary alone (the style sheet, the API
 * description): served with req->store NULL when the database cannot be
 * opened, so that the error pages of an outage keep their style. */
#define SRV_ROUTE_NO_STORE 16u

/*
 * The bodies a route reads (`body`, one bit or several).  A type is
 * matched on the Content-Type's media type, case and parameters ignored.
 */
/** Reads no body; one sent is ignored. */
#define SRV_BODY_NONE 0x01u
/** application/json */
#define SRV_BODY_JSON 0x02u
/** application/ld+json */
#define SRV_BODY_LD_JSON 0x04u
/** application/jwt and application/vc+jwt */
#define SRV_BODY_JWT 0x08u
/** application/x-www-form-urlencoded */
#define SRV_BODY_FORM 0x10u
/** multipart/form-data */
#define SRV_BODY_MULTIPART 0x20u
/** text/csv */
#define SRV_BODY_CSV 0x40u
/** Any type at all, or none (the VC API's verify reads any body). */
#define SRV_BODY_ANY 0x80u
/** An HTML form of either encoding (form.c parses both). */
#define SRV_BODY_FORMS (SRV_BODY_FORM | SRV_BODY_MULTIPART)

/**
 * The SRV_BODY_* bit of Content-Type `content_type` (its media type, case
 * and parameters ignored), or 0 when it is NULL or none of them.
 */
unsigned srv_route_body_type(const char *content_type);

/**
 * Non-zero if `route` takes a body of `content_type`: it declares
 * SRV_BODY_ANY, or the type's bit.  A route that reads no body
 * (SRV_BODY_NONE, or a read that declares nothing) takes any, as it ignores
 * it.
 */
int srv_route_takes(const srv_route *route, const char *content_type);

/**
 * The media types of `body` (SRV_BODY_* bits), for a message:
 * "application/json, application/ld+json", written to `out`
 * (NUL-terminated, cut to `outlen`); "none" for SRV_BODY_NONE or 0, "any"
 * for SRV_BODY_ANY.
 */
void srv_route_body_names(char *out, size_t outlen, unsigned body);

/** The JSON API and the public artefacts (routes.c), each documented in
 * web/openapi.json; ended by an entry whose method is NULL. */
extern const srv_route srv_routes[];
/** The public HTML pages (routes_pages.c). */
extern const srv_route srv_routes_pages[];
/** The signed-in workspace pages (routes_workspace.c). */
extern const srv_route srv_routes_workspace[];

/** Every table, ended by NULL: what the matcher searches. */
extern const srv_route *const srv_route_tables[];

/**
 * Find the handler for `method` and `path` (decoded, without the query).
 * Where patterns overlap, the one with the most literal segments wins
 * ("/credentials/verify" over "/credentials/:uuid"), whatever the method.
 * A HEAD request matches the GET routes.  On success *out is the handler
 * and params[0 .. *nparams - 1] the ":name" segments in order; params must
 * have room for SRV_ROUTE_PARAMS_MAX entries.  The parameter strings live
 * in storage of the calling thread that the next call of srv_route_find()
 * in that thread overwrites: copy them (or finish with them) first.
 *
 * Returns 0, MC_ENOTFOUND when no pattern matches the path (404), or
 * MC_EUSAGE when a pattern matches but not with this method (405; see
 * srv_route_allowed()).  *out is NULL and *nparams 0 on failure.
 */
int srv_route_find(const char *method, const char *path, srv_handler *out,
		   const char **params, size_t *nparams);

/**
 * As srv_route_find(), giving the whole route (NULL on failure) without
 * running it: who may call it and what body it reads, before the body is
 * read.
 */
int srv_route_lookup(const char *method, const char *path,
		     const srv_route **out, const char **params,
		     size_t *nparams);

/**
 * The methods `path` takes, for an Allow header: "GET, HEAD" or "POST",
 * written to `out` (NUL-terminated, cut to `outlen`).  Returns the number
 * of routes matched; 0 leaves `out` empty.
 */
size_t srv_route_allowed(char *out, size_t outlen, const char *path);

#endif
