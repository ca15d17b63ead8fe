/*
 * The route table and its matcher.  The table is data: adding an endpoint
 * is adding a line here and a handler in the api_*.c file of its resource
 * (api.h).  A write's line
 * says who may call it and what body it reads (see srv_route in routes.h).
 */
#include "routes.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api.h"
#include "pages_europass.h"

const srv_route srv_routes[] = {
    {"GET", "/healthz", srv_api_healthz, 0, 0},
    {"GET", "/api/v1/openapi.json", srv_api_openapi, SRV_ROUTE_NO_STORE, 0},

    /* accounts: api_account.c */
    {"GET", "/api/v1/session", srv_api_session_get, 0, 0},
    {"POST", "/api/v1/session", srv_api_session_login, SRV_ROUTE_ANONYMOUS,
     SRV_BODY_JSON},
    {"DELETE", "/api/v1/session", srv_api_session_logout, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_NONE},
    {"GET", "/api/v1/users", srv_api_user_list, 0, 0},
    {"POST", "/api/v1/users", srv_api_user_create, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_JSON},
    {"GET", "/api/v1/users/:id", srv_api_user_get, 0, 0},
    {"PUT", "/api/v1/users/:id", srv_api_user_update, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_JSON},
    {"GET", "/api/v1/organisations/:id/members", srv_api_member_list, 0, 0},
    {"PUT", "/api/v1/organisations/:id/members/:user", srv_api_member_set,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON},
    {"GET", "/api/v1/tokens", srv_api_token_list, 0, 0},
    {"POST", "/api/v1/tokens", srv_api_token_create, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_JSON},
    {"DELETE", "/api/v1/tokens/:id", srv_api_token_revoke, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_NONE},
    {"GET", "/api/v1/audit", srv_api_audit_list, 0, 0},

    /* the catalogue: api_org.c, api_cluster.c, api_mc.c,
     * api_mc_lifecycle.c, api_coverage.c */
    {"GET", "/api/v1/organisations", srv_api_org_list, SRV_ROUTE_REPLICA, 0},
    {"POST", "/api/v1/organisations", srv_api_org_create, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_JSON},
    {"GET", "/api/v1/organisations/:id", srv_api_org_get, SRV_ROUTE_REPLICA, 0},
    {"PUT", "/api/v1/organisations/:id", srv_api_org_put, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_JSON},
    {"GET", "/api/v1/organisations/:id/recognitions", srv_api_recognition_list,
     0, 0},
    {"POST", "/api/v1/organisations/:id/recognitions",
     srv_api_recognition_grant, SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON},
    {"DELETE", "/api/v1/organisations/:id/recognitions/:kind/:country",
     srv_api_recognition_withdraw, SRV_ROUTE_SIGNED_IN, SRV_BODY_NONE},
    {"GET", "/api/v1/organisations/:id/consents", srv_api_consent_list, 0, 0},
    {"POST", "/api/v1/organisations/:id/consents/:mc/:answer",
     srv_api_consent_decide, SRV_ROUTE_SIGNED_IN, SRV_BODY_NONE},
    {"GET", "/api/v1/clusters", srv_api_cluster_list, SRV_ROUTE_REPLICA, 0},
    {"POST", "/api/v1/clusters", srv_api_cluster_create, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_JSON},
    {"GET", "/api/v1/clusters/:id", srv_api_cluster_get, SRV_ROUTE_REPLICA, 0},
    {"PUT", "/api/v1/clusters/:id", srv_api_cluster_put, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_JSON},
    {"GET", "/api/v1/microcredentials", srv_api_mc_search, SRV_ROUTE_REPLICA,
     0},
    {"POST", "/api/v1/microcredentials", srv_api_mc_create, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_JSON},
    {"GET", "/api/v1/microcredentials/:id", srv_api_mc_get, SRV_ROUTE_REPLICA,
     0},
    {"PUT", "/api/v1/microcredentials/:id", srv_api_mc_put, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_JSON},
    {"GET", "/api/v1/microcredentials/:id/versions", srv_api_mc_versions,
     SRV_ROUTE_REPLICA, 0},
    {"GET", "/api/v1/microcredentials/:id/history", srv_api_mc_history, 0, 0},
    {"POST", "/api/v1/microcredentials/:id/comments", srv_api_mc_comment,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON},
    {"POST", "/api/v1/microcredentials/:id/submit", srv_api_mc_submit,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON},
    {"POST", "/api/v1/microcredentials/:id/approve", srv_api_mc_approve,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON},
    {"POST", "/api/v1/microcredentials/:id/return", srv_api_mc_return,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON},
    {"POST", "/api/v1/microcredentials/:id/publish", srv_api_mc_publish,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON},
    {"POST", "/api/v1/microcredentials/:id/retire", srv_api_mc_retire,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON},
    {"POST", "/api/v1/microcredentials/:id/adapt", srv_api_mc_adapt,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON},
    {"GET", "/api/v1/coverage", srv_api_coverage, SRV_ROUTE_REPLICA, 0},

    /* credentials: api_credential.c, api_roster.c, api_key.c */
    {"POST", "/api/v1/microcredentials/:id/credentials", srv_api_cred_issue,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON},
    {"POST", "/api/v1/microcredentials/:id/rosters", srv_api_roster_upload,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_CSV | SRV_BODY_FORMS},
    {"GET", "/api/v1/jobs/:id", srv_api_job_get, 0, 0},
    {"GET", "/api/v1/credentials", srv_api_cred_list, 0, 0},
    {"GET", "/api/v1/learners", srv_api_learner_list, 0, 0},
    {"POST", "/api/v1/credentials/:uuid/revoke", srv_api_cred_revoke,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON},
    {"POST", "/api/v1/credentials/:uuid/suspend", srv_api_cred_suspend,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON},
    {"POST", "/api/v1/credentials/:uuid/reinstate", srv_api_cred_reinstate,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON},
    {"GET", "/api/v1/organisations/:id/keys", srv_api_key_list, 0, 0},
    {"POST", "/api/v1/organisations/:id/keys", srv_api_key_generate,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON},

    /* what verifiers fetch (api_mc.c, api_credential.c,
     * api_status_list.c, api_key.c) and the W3C VC API (api_vc.c,
     * api_verify.c) */
    {"GET", "/mc/:id", srv_api_mc_uri, SRV_ROUTE_REPLICA, 0},
    {"GET", "/mc/:id/:version", srv_api_mc_uri, SRV_ROUTE_REPLICA, 0},
    {"GET", "/credentials/:uuid", srv_api_credential_get, 0, 0},
    {"GET", "/credentials/:uuid/status", srv_api_credential_status_get, 0, 0},
    {"POST", "/credentials/issue", srv_api_vc_issue, SRV_ROUTE_SIGNED_IN,
     SRV_BODY_JSON | SRV_BODY_LD_JSON},
    {"POST", "/credentials/verify", srv_api_credential_verify,
     SRV_ROUTE_ANONYMOUS | SRV_ROUTE_NO_AUDIT, SRV_BODY_ANY},
    {"POST", "/credentials/status", srv_api_credential_status,
     SRV_ROUTE_SIGNED_IN, SRV_BODY_JSON | SRV_BODY_LD_JSON},
    {"GET", "/status/:org/:purpose/:n", srv_api_status_list, 0, 0},
    {"GET", "/org/:id/did.json", srv_api_did_document, 0, 0},

    /* the Europass course directory datasets (QDR pull) */
    {"GET", "/europass/org/:file", srv_page_europass_org, SRV_ROUTE_REPLICA, 0},
    {"GET", "/europass/country/:file", srv_page_europass_country,
     SRV_ROUTE_REPLICA, 0},
    {NULL, NULL, NULL, 0, 0},
};

const srv_route *const srv_route_tables[] = {
    srv_routes,
    srv_routes_pages,
    srv_routes_workspace,
    NULL,
};

/* The media type of each SRV_BODY_* bit (two for SRV_BODY_JWT). */
static const struct {
	unsigned bit;
	const char *type;
} body_types[] = {
    {SRV_BODY_JSON, "application/json"},
    {SRV_BODY_LD_JSON, "application/ld+json"},
    {SRV_BODY_JWT, "application/jwt"},
    {SRV_BODY_JWT, "application/vc+jwt"},
    {SRV_BODY_FORM, "application/x-www-form-urlencoded"},
    {SRV_BODY_MULTIPART, "multipart/form-data"},
    {SRV_BODY_CSV, "text/csv"},
};

unsigned srv_route_body_type(const char *ct)
{
	size_t i, n;

	for (i = 0; ct && i < sizeof(body_types) / sizeof(body_types[0]); i++) {
		n = strlen(body_types[i].type);
		if (strncasecmp(ct, body_types[i].type, n) == 0 &&
		    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' '))
			return body_types[i].bit;
	}
	return 0;
}

int srv_route_takes(const srv_route *route, const char *content_type)
{
	unsigned body = route->body;

	if (!body || (body & (SRV_BODY_NONE | SRV_BODY_ANY)))
		return 1;
	return (body & srv_route_body_type(content_type)) != 0;
}

void srv_route_body_names(char *out, size_t outlen, unsigned body)
{
	size_t i, len = 0;
	int w;

	if (!outlen)
		return;
	out[0] = '\0';
	if (body & SRV_BODY_ANY) {
		snprintf(out, outlen, "any");
		return;
	}
	for (i = 0; i < sizeof(body_types) / sizeof(body_types[0]); i++) {
		if (!(body & body_types[i].bit) || len + 1 >= outlen)
			continue;
		w = snprintf(out + len, outlen - len, "%s%s", len ? ", " : "",
			     body_types[i].type);
		if (w < 0)
			break;
		len += (size_t)w < outlen - len ? (size_t)w : outlen - len - 1;
	}
	if (!len)
		snprintf(out, outlen, "none");
}

/* Parameter strings of the last match, per thread (see routes.h). */
static _Thread_local char param_buf[SRV_ROUTE_PATH_MAX + 1];

/* RFC 3986 unreserved characters and "@" (a pchar: users are named by
 * email in /api/v1/organisations/:id/members/:user). */
static int param_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '~' ||
	       c == '-' || c == '@';
}

/*
 * Match `path` against `pattern` segment by segment.  On a match returns
 * 1 + the number of literal segments (so a literal beats a parameter in
 * the same place), with the parameters copied into `buf` (at least
 * strlen(path) + 1 bytes) and pointed at by params; otherwise 0.
 */
static int match(const char *pattern, const char *path, const char **params,
		 size_t *nparams, char *buf)
{
	const char *p = pattern, *s = path;
	size_t n = 0, plen, slen, i;
	int literal = 0;

	for (;;) {
		if (*p != '/' || *s != '/')
			return 0;
		p++;
		s++;
		plen = strcspn(p, "/");
		slen = strcspn(s, "/");
		if (*p == ':') {
			if (slen == 0 || n == SRV_ROUTE_PARAMS_MAX ||
			    (slen == 1 && s[0] == '.') ||
			    (slen == 2 && s[0] == '.' && s[1] == '.'))
				return 0;
			for (i = 0; i < slen; i++) {
				if (!param_char((unsigned char)s[i]))
					return 0;
			}
			memcpy(buf, s, slen);
			buf[slen] = '\0';
			params[n++] = buf;
			buf += slen + 1;
		} else if (plen != slen || memcmp(p, s, plen) != 0) {
			return 0;
		} else {
			literal++;
		}
		p += plen;
		s += slen;
		if (!*p || !*s)
			break;
	}
	if (*p || *s)
		return 0;
	*nparams = n;
	return 1 + literal;
}

static int method_is(const srv_route *r, const char *method)
{
	return strcmp(r->method, method) == 0 ||
	       (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0);
}

/*
 * The best score of a route matching `path` (see match()), or 0.  With
 * `method`, *hit is the first route of that method and that score, if any.
 */
static int best_match(const char *path, const char *method,
		      const srv_route **hit, char *buf)
{
	const char *params[SRV_ROUTE_PARAMS_MAX];
	const srv_route *const *t;
	const srv_route *r;
	int score, best = 0, best_hit = 0;
	size_t n;

	if (hit)
		*hit = NULL;
	for (t = srv_route_tables; *t; t++)
		for (r = *t; r->method; r++) {
			if (!(score = match(r->pattern, path, params, &n, buf)))
				continue;
			if (score > best)
				best = score;
			if (hit && score > best_hit && method_is(r, method)) {
				best_hit = score;
				*hit = r;
			}
		}
	if (hit && *hit && best_hit < best)
		*hit = NULL; /* a more literal route takes other methods */
	return best;
}

int srv_route_find(const char *method, const char *path, srv_handler *out,
		   const char **params, size_t *nparams)
{
	const srv_route *r;
	int error = srv_route_lookup(method, path, &r, params, nparams);

	*out = error < 0 ? NULL : r->handler;
	return error;
}

int srv_route_lookup(const char *method, const char *path,
		     const srv_route **out, const char **params,
		     size_t *nparams)
{
	const srv_route *hit;
	size_t n = 0;
	int best;

	*out = NULL;
	*nparams = 0;
	if (!method || !path || strlen(path) > SRV_ROUTE_PATH_MAX)
		return MC_ENOTFOUND;
	if (!(best = best_match(path, method, &hit, param_buf)))
		return MC_ENOTFOUND;
	if (!hit)
		return MC_EUSAGE;
	match(hit->pattern, path, params, &n, param_buf);
	*out = hit;
	*nparams = n;
	return 0;
}

size_t srv_route_allowed(char *out, size_t outlen, const char *path)
{
	const char *params[SRV_ROUTE_PARAMS_MAX];
	char buf[SRV_ROUTE_PATH_MAX + 1];
	const srv_route *const *t;
	const srv_route *r;
	size_t n, found = 0, len = 0;
	int best;

	if (!outlen)
		return 0;
	out[0] = '\0';
	if (!path || strlen(path) > SRV_ROUTE_PATH_MAX ||
	    !(best = best_match(path, NULL, NULL, buf)))
		return 0;
	for (t = srv_route_tables; *t; t++)
		for (r = *t; r->method; r++) {
			const char *m[2] = {r->method, NULL};
			size_t i;

			if (match(r->pattern, path, params, &n, buf) != best)
				continue;
			found++;
			if (strcmp(r->method, "GET") == 0)
				m[1] = "HEAD";
			for (i = 0; i < 2 && m[i]; i++) {
				int w;

				if (strstr(out, m[i]) || len + 1 >= outlen)
					continue;
				w = snprintf(out + len, outlen - len, "%s%s",
					     len ? ", " : "", m[i]);
				if (w < 0)
					break;
				len += (size_t)w < outlen - len
					   ? (size_t)w
					   : outlen - len - 1;
			}
		}
	return found;
}
