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
 */
typedef struct {
	const char *method; /**< "GET", "POST" ... */
	const char *pattern;
	mc_handler handler;
	unsigned flags; /**< MC_ROUTE_* */
} mc_route;

/** A POST that writes nothing (verification): not audited. */
#define MC_ROUTE_NO_AUDIT 1u

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

/** As mc_route_find(), giving the whole route (NULL on failure). */
int mc_route_lookup(const char *method, const char *path, const mc_route **out,
		    const char **params, size_t *nparams);

/**
 * The methods `path` takes, for an Allow header: "GET, HEAD" or "POST",
 * written to `out` (NUL-terminated, cut to `outlen`).  Returns the number
 * of routes matched; 0 leaves `out` empty.
 */
size_t mc_route_allowed(char *out, size_t outlen, const char *path);

#endif
