/*
 * The route table: every URL the server answers, as data (lwan).  A
 * request is matched against the patterns in order; the first whose
 * segments all match and whose method is the request's wins.
 */
#ifndef MC_SERVER_ROUTES_H
#define MC_SERVER_ROUTES_H

#include <stddef.h>

#include "http.h"

/** Longest path the matcher looks at, in bytes. */
#define MC_ROUTE_PATH_MAX 2048

/**
 * One route.  `pattern` is an absolute path of "/"-separated segments; a
 * segment ":name" matches one non-empty path segment of [A-Za-z0-9._~@-]
 * (never "." or ".."; "@" so that an email names a user), any other segment
 * matches itself exactly.  There are no prefixes or wildcards: "/a/b" does not
 * match "/a/b/" or "/a/b/c".
 *
 * A write (any method but GET) declares who may call it (exactly one of
 * MC_ROUTE_ANONYMOUS and MC_ROUTE_SIGNED_IN in `flags`) and what body it
 * reads (`body`: MC_BODY_NONE, MC_BODY_ANY, or the types it takes).  The
 * server judges a request from these before reading its body
 * (http_early.c), so they must say what the handler does; a read may
 * leave both 0 (it takes no body and judges its reader itself).
 * tests/unit/test_routes.c checks every write of every table.
 */
typedef struct {
	const char *method; /**< "GET", "POST" ... */
	const char *pattern;
	mc_handler handler;
	unsigned flags; /**< MC_ROUTE_* */
	unsigned body;	/**< MC_BODY_* */
} mc_route;

/** A POST that writes nothing (verification): not audited. */
#define MC_ROUTE_NO_AUDIT 1u
/** A write anyone may make, with no API token or session (signing in,
 * verifying): the handler does not start with mc_auth_signed_in() or
 * mc_auth_require(). */
#define MC_ROUTE_ANONYMOUS 2u
/** A write that needs a principal (an API token or a session): the
 * handler refuses a request without one (mc_auth_signed_in(),
 * mc_auth_require()) before it acts. */
#define MC_ROUTE_SIGNED_IN 4u

/*
 * The bodies a route reads (`body`, one bit or several).  A type is
 * matched on the Content-Type's media type, case and parameters ignored.
 */
/** Reads no body; one sent is ignored. */
#define MC_BODY_NONE 0x01u
/** application/json */
#define MC_BODY_JSON 0x02u
/** application/ld+json */
#define MC_BODY_LD_JSON 0x04u
/** application/jwt and application/vc+jwt */
#define MC_BODY_JWT 0x08u
/** application/x-www-form-urlencoded */
#define MC_BODY_FORM 0x10u
/** multipart/form-data */
#define MC_BODY_MULTIPART 0x20u
/** text/csv */
#define MC_BODY_CSV 0x40u
/** Any type at all, or none (the VC API's verify reads any body). */
#define MC_BODY_ANY 0x80u
/** An HTML form of either encoding (form.c parses both). */
#define MC_BODY_FORMS (MC_BODY_FORM | MC_BODY_MULTIPART)

/**
 * The MC_BODY_* bit of Content-Type `content_type` (its media type, case
 * and parameters ignored), or 0 when it is NULL or none of them.
 */
unsigned mc_route_body_type(const char *content_type);

/**
 * Non-zero if `route` takes a body of `content_type`: it declares
 * MC_BODY_ANY, or the type's bit.  A route that reads no body
 * (MC_BODY_NONE, or a read that declares nothing) takes any, as it ignores
 * it.
 */
int mc_route_takes(const mc_route *route, const char *content_type);

/**
 * The media types of `body` (MC_BODY_* bits), for a message:
 * "application/json, application/ld+json", written to `out`
 * (NUL-terminated, cut to `outlen`); "none" for MC_BODY_NONE or 0, "any"
 * for MC_BODY_ANY.
 */
void mc_route_body_names(char *out, size_t outlen, unsigned body);

/** The JSON API and the public artefacts (routes.c), each documented in
 * web/openapi.json; ended by an entry whose method is NULL. */
extern const mc_route mc_routes[];
/** The public HTML pages (routes_pages.c). */
extern const mc_route mc_routes_pages[];
/** The signed-in workspace pages (routes_workspace.c). */
extern const mc_route mc_routes_workspace[];

/** Every table, ended by NULL: what the matcher searches. */
extern const mc_route *const mc_route_tables[];

/**
 * Find the handler for `method` and `path` (decoded, without the query).
 * Where patterns overlap, the one with the most literal segments wins
 * ("/credentials/verify" over "/credentials/:uuid"), whatever the method.
 * A HEAD request matches the GET routes.  On success *out is the handler
 * and params[0 .. *nparams - 1] the ":name" segments in order; params must
 * have room for MC_ROUTE_PARAMS_MAX entries.  The parameter strings live
 * in storage of the calling thread that the next call of mc_route_find()
 * in that thread overwrites: copy them (or finish with them) first.
 *
 * Returns 0, MC_ENOTFOUND when no pattern matches the path (404), or
 * MC_EUSAGE when a pattern matches but not with this method (405; see
 * mc_route_allowed()).  *out is NULL and *nparams 0 on failure.
 */
int mc_route_find(const char *method, const char *path, mc_handler *out,
		  const char **params, size_t *nparams);

/**
 * As mc_route_find(), giving the whole route (NULL on failure) without
 * running it: who may call it and what body it reads, before the body is
 * read.
 */
int mc_route_lookup(const char *method, const char *path, const mc_route **out,
		    const char **params, size_t *nparams);

/**
 * The methods `path` takes, for an Allow header: "GET, HEAD" or "POST",
 * written to `out` (NUL-terminated, cut to `outlen`).  Returns the number
 * of routes matched; 0 leaves `out` empty.
 */
size_t mc_route_allowed(char *out, size_t outlen, const char *path);

#endif
