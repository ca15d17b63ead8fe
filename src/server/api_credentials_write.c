/*
 * Credentials through the API: issue one, upload a roster (a background
 * job), list credentials and learners, revoke / suspend / reinstate, keys,
 * and the W3C VC API issue endpoint.
 *
 * As in api_catalogue_write.c: who is asking first (srv_auth_require()),
 * then the body (415 / 400 naming the field), then one library call; 422
 * lists every problem the library found.  The library builds and signs
 * every credential: what a client sends is only the learner, the MC and a
 * few options, never claims that we would sign as given.
 */
#include "api_credentials_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "auth_mc.h"
#include "client_addr.h"
#include "seal_config.h"
#include "form.h"
#include "jobs.h"
#include "api_util.h"
#include "json_body.h"
#include "microcred/roster.h"
/* mc__vc_parse(): the library's reader for credentials (any JSON number). */
#include "../lib/util/util.h"

/* Default and largest page of a list. */
#define PAGE_DEFAULT 50
#define PAGE_MAX     1000
/* Credentials read to group learners (one organisation). */
#define LEARNER_SCAN_MAX 100000
/* Longest revocation / suspension reason, bytes. */
#define REASON_MAX 1000

/* ---- helpers ------------------------------------------------------------ */

/* Answer `status` with `json` (stolen), private. */
static int send_json(srv_resp *resp, unsigned status, json_t *json)
{
	resp->private_ = 1;
	return srv_resp_json(resp, status, json);
}

/* The UUID at the end of a credential id (BASE/credentials/UUID). */
static const char *uuid_of(const char *id)
{
	const char *slash = strrchr(id, '/');

	return slash ? slash + 1 : id;
}

/*
 * Query argument `name` as a number in min..max (`def` when absent).
 * Returns 0, or -1 after a 400 naming the parameter.
 */
static int query_number(srv_req *req, srv_resp *resp, const char *name,
			size_t *out, size_t def, size_t min, size_t max)
{
	const char *v = srv_req_query(req, name);
	unsigned long long n = 0;
	char why[96];
	size_t i;

	*out = def;
	if (!v)
		return 0;
	for (i = 0; v[i]; i++) {
		if (v[i] < '0' || v[i] > '9' || i == 10)
			break;
		n = n * 10 + (unsigned)(v[i] - '0');
	}
	if (i == 0 || v[i] || n < min || n > max) {
		snprintf(why, sizeof(why), "must be a number %zu..%zu", min,
			 max);
		srv_body_bad(resp, name, why);
		return -1;
	}
	*out = (size_t)n;
	return 0;
}

/* An id-like query argument (organisation or MC id); NULL when absent,
 * "" after a 400. */
static const char *query_id(srv_req *req, srv_resp *resp, const char *name)
{
	const char *v = srv_req_query(req, name);

	if (v && !mc_id_valid(v)) {
		srv_body_bad(resp, name,
			     "must be an id: a-z, 0-9 and -, at most 64");
		return "";
	}
	return v;
}

/*
 * String member `key` of `obj`, named `path` in problems.  Returns 1 when
 * present, 0 when absent or null, -1 after a 400.
 */
static int member_string(srv_resp *resp, json_t *obj, const char *path,
			 const char *key, const char **out, int required)
{
	json_t *v = json_object_get(obj, key);
	char field[128];

	snprintf(field, sizeof(field), "%s%s%s", path, *path ? "." : "", key);
	if (!v || json_is_null(v)) {
		if (required)
			srv_body_bad(resp, field, "required");
		return required ? -1 : 0;
	}
	if (!json_is_string(v)) {
		srv_body_bad(resp, field, "must be a string");
		return -1;
	}
	*out = json_string_value(v);
	return 1;
}

/* ---- issue one --------------------------------------------------------------
 */

/*
 * The options shared by the issue endpoints: "format" (ob3 | vc-jwt | edc),
 * "alg", "grade", "assessed_on", "valid_until" of `obj` (NULL: none).
 * Returns 0 or -1 after a 400.
 */
static int issue_options(srv_resp *resp, json_t *obj, const char *path,
			 mc_issue_options *opts)
{
	const char *format = NULL;
	char field[64];

	if (!obj)
		return 0;
	if (member_string(resp, obj, path, "format", &format, 0) < 0 ||
	    member_string(resp, obj, path, "alg", &opts->jwt_alg, 0) < 0 ||
	    member_string(resp, obj, path, "grade", &opts->grade, 0) < 0 ||
	    member_string(resp, obj, path, "assessed_on", &opts->assessed_on,
			  0) < 0 ||
	    member_string(resp, obj, path, "valid_until", &opts->valid_until,
			  0) < 0)
		return -1;
	if (format && mc_credential_format_parse(&opts->format, format) < 0) {
		snprintf(field, sizeof(field), "%s%sformat", path,
			 *path ? "." : "");
		srv_body_bad(resp, field, "must be ob3, vc-jwt or edc");
		return -1;
	}
	return 0;
}

/*
 * Answer for a credential just issued (201) or already held (200): the
 * credential JSON itself (a sealed EDC as application/jose+json), or
 * {"id", "format", "jwt"} for a VC-JWT; the
 * Location is its public URL path.
 */
static int answer_credential(srv_req *req, srv_resp *resp,
			     const mc_credential *c)
{
	unsigned status = c->created ? 201 : 200;

	srv_req_audit(req, c->org_id, c->id);
	if (c->format == MC_FORMAT_VC_JWT)
		send_json(resp, status,
			  json_pack("{s:s, s:s, s:s}", "id", c->id, "format",
				    "vc-jwt", "jwt", c->data));
	else
		srv_resp_owned(resp, status, strdup(c->data),
			       c->format == MC_FORMAT_EDC
				   ? "application/jose+json"
				   : NULL);
	resp->location = srv_req_concat(req, "/credentials/", uuid_of(c->id));
	return 0;
}

/*
 * POST /api/v1/microcredentials/:id/credentials: issue MC `id` (its
 * published version, or "version") to one learner, as an issuer of its
 * awarding body.  Idempotent per learner and format.
 */
int srv_api_cred_issue(srv_req *req, srv_resp *resp)
{
	mc_issue_options opts = MC_ISSUE_OPTIONS_INIT;
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_learner learner = {NULL, NULL, NULL, NULL, NULL};
	const char *id = req->param[0];
	mc_credential *c = NULL;
	json_t *body = NULL, *l;
	unsigned version = 0;
	int error;

	if (srv_auth_require_mc(req, resp, MC_ACT_CRED_ISSUE, id) < 0)
		return 0;
	opts.tsa_url = srv_seal_config_tsa(); /* EDC seals: B-T if set */
	if (!(body = srv_body_object(req, resp)))
		return 0;
	l = json_object_get(body, "learner");
	if (!json_is_object(l)) {
		srv_body_bad(resp, "learner",
			     l ? "must be an object {name, email, ...}"
			       : "required");
		goto cleanup;
	}
	if (member_string(resp, l, "learner", "name", &learner.name, 1) < 0 ||
	    member_string(resp, l, "learner", "email", &learner.email, 0) < 0 ||
	    member_string(resp, l, "learner", "identifier", &learner.identifier,
			  0) < 0 ||
	    member_string(resp, l, "learner", "date_of_birth",
			  &learner.date_of_birth, 0) < 0 ||
	    member_string(resp, l, "learner", "lang", &learner.lang, 0) < 0 ||
	    issue_options(resp, body, "", &opts) < 0 ||
	    srv_body_uint(resp, body, "version", &version, 1, 1000000, 0) < 0)
		goto cleanup;
	opts.actor = srv_auth_who(req) ? srv_auth_who(req)->actor : NULL;
	if ((error = mc_credential_issue(req->store, &c, id, version, &learner,
					 &opts, &problems)) < 0) {
		srv_resp_lib_error(req, resp, error, &problems);
		goto cleanup;
	}
	answer_credential(req, resp, c);
cleanup:
	mc_problems_clear(&problems);
	mc_credential_free(c);
	json_decref(body);
	return 0;
}

/* ---- rosters and jobs -----------------------------------------------------
 */

/* Non-zero if the request's Content-Type is `type` (parameters ignored). */
static int content_type_is(srv_req *req, const char *type)
{
	const char *ct = srv_req_header(req, "Content-Type");
	size_t n = strlen(type);

	return ct && strncasecmp(ct, type, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/*
 * The roster of an upload: a text/csv body, or the "roster" field of a
 * form (a file or a text field).  Returns 0, or -1 with `resp` filled
 * (415 for another type, 400 for a bad form or a missing field).
 */
static int roster_of(srv_req *req, srv_resp *resp, const char **data,
		     size_t *len, const char **name)
{
	char err[256];
	int error;

	*name = NULL;
	if (content_type_is(req, "text/csv")) {
		*data = req->body;
		*len = req->body_len;
		return 0;
	}
	error = srv_form_parse(req, err, sizeof(err));
	if (error == MC_EUSAGE ||
	    (error == 0 && !content_type_is(req, "multipart/form-data") &&
	     !content_type_is(req, "application/x-www-form-urlencoded"))) {
		srv_resp_problem(resp, 415, "Unsupported Media Type",
				 "send the roster as text/csv, or as the field "
				 "\"roster\" of multipart/form-data",
				 NULL);
		return -1;
	}
	if (error < 0) {
		srv_body_bad(resp, "body", err);
		return -1;
	}
	if (srv_form_file(req, "roster", data, len, name) == 0)
		return 0;
	if ((*data = srv_form_get(req, "roster"))) {
		*len = strlen(*data);
		return 0;
	}
	srv_body_bad(resp, "roster", "required: a CSV file");
	return -1;
}

/* A query or form option (the query wins). */
static const char *option(srv_req *req, const char *name)
{
	const char *v = srv_req_query(req, name);

	return v ? v : (req->form_ ? srv_form_get(req, name) : NULL);
}

/*
 * POST /api/v1/microcredentials/:id/rosters: issue MC `id` to every row of
 * a CSV roster (see roster.h) in the background.  Options "format",
 * "alg" and "version" as query or form fields.  202 with the job and its
 * URL (also in Location); 409 when the MC has no published version; 503
 * when too many jobs run.
 */
int srv_api_roster_upload(srv_req *req, srv_resp *resp)
{
	mc_issue_options opts = MC_ISSUE_OPTIONS_INIT;
	const char *id = req->param[0], *data, *name, *v;
	mc_microcred *mc = NULL;
	char jid[40], *uri = NULL;
	size_t len, version = 0;
	int error;

	if (srv_auth_require_mc(req, resp, MC_ACT_CRED_ISSUE, id) < 0)
		return 0;
	opts.tsa_url = srv_seal_config_tsa(); /* EDC seals: B-T if set */
	if (roster_of(req, resp, &data, &len, &name) < 0)
		return 0;
	if (len == 0) {
		srv_body_bad(resp, "roster", "empty");
		return 0;
	}
	if ((v = option(req, "format")) &&
	    mc_credential_format_parse(&opts.format, v) < 0)
		return srv_body_bad(resp, "format",
				    "must be ob3, vc-jwt or edc");
	opts.jwt_alg = option(req, "alg");
	if (query_number(req, resp, "version", &version, 0, 1, 1000000) < 0)
		return 0;
	/* Refuse at once what the job would refuse for every row. */
	if (version)
		error =
		    mc_catalogue_get(req->store, &mc, id, (unsigned)version);
	else if ((error = mc_catalogue_uri(req->store, &uri, id, 0)) == 0)
		error = mc_catalogue_resolve(req->store, &mc, uri);
	free(uri);
	if (error == 0 && mc->status != MC_STATUS_PUBLISHED)
		error = MC_ESTATE;
	mc_microcred_free(mc);
	if (error == MC_ENOTFOUND || error == MC_ESTATE)
		return srv_resp_problem(resp, 409, "Conflict",
					"credentials are issued only for a "
					"published version of the MC",
					NULL);
	if (error < 0)
		return srv_resp_error(resp, req, error);
	error =
	    srv_job_start_roster(jid, sizeof(jid), id, (unsigned)version, data,
				 len, name ? name : "roster.csv", &opts,
				 srv_req_actor(req), srv_client_addr(req));
	if (error == MC_EIO) {
		resp->retry_after = "30";
		return srv_resp_problem(resp, 503, "Service Unavailable",
					"too many roster jobs are running; try "
					"again later",
					NULL);
	}
	if (error < 0)
		return srv_resp_error(resp, req, error);
	srv_req_audit(req, NULL, id);
	req->audit_reason = srv_req_concat(req, "roster job ", jid);
	resp->location = srv_req_concat(req, "/api/v1/jobs/", jid);
	return send_json(resp, 202,
			 json_pack("{s:s, s:s, s:s}", "job", jid, "status",
				   "queued", "status_url", resp->location));
}

/* Non-zero if `who` started a job owned by `owner` (an actor string,
 * "user:ID" or "user:ID token:TID": any session or token of the user). */
static int owns(const mc_principal *who, const char *owner)
{
	size_t n = strlen(who->user->id);

	return strncmp(owner, "user:", 5) == 0 &&
	       strncmp(owner + 5, who->user->id, n) == 0 &&
	       (owner[5 + n] == '\0' || owner[5 + n] == ' ');
}

/* GET /api/v1/jobs/:id: a job's progress, for the user who started it or
 * a platform admin. */
int srv_api_job_get(srv_req *req, srv_resp *resp)
{
	const mc_principal *who;
	srv_job_info job;
	char *text = NULL;
	int error;

	if (srv_auth_signed_in(req, resp) < 0)
		return 0;
	who = srv_auth_who(req);
	if ((error = srv_job_get(&job, req->param[0])) < 0)
		return srv_resp_problem(
		    resp, error == MC_ENOTFOUND ? 404 : 500,
		    error == MC_ENOTFOUND ? "Not Found"
					  : "Internal Server Error",
		    error == MC_ENOTFOUND ? "no such job (jobs are kept in "
					    "memory until the server stops)"
					  : "out of memory",
		    NULL);
	if (!owns(who, job.owner) && !who->user->platform_admin) {
		free(job.problems_json);
		return srv_resp_problem(resp, 403, "Forbidden",
					"only the user who started a job may "
					"watch it",
					NULL);
	}
	error = srv_job_to_json(&text, &job);
	free(job.problems_json);
	return srv_resp_owned(resp, 200, error < 0 ? NULL : text, NULL);
}

/* ---- lists ----------------------------------------------------------------
 */

/*
 * GET /api/v1/credentials?org=&mc=&offset=&limit=: credentials issued by
 * `org` (any role there) and/or of MC `mc` (any role in its provider);
 * without either, every credential, for a platform admin.
 */
int srv_api_cred_list(srv_req *req, srv_resp *resp)
{
	mc_credential_summary *list = NULL;
	const char *org, *mc;
	size_t offset, limit, n = 0, total = 0;
	char *text = NULL;
	json_t *out;
	int error;

	if (srv_auth_signed_in(req, resp) < 0)
		return 0;
	if ((org = query_id(req, resp, "org")) && !*org)
		return 0;
	if ((mc = query_id(req, resp, "mc")) && !*mc)
		return 0;
	if (query_number(req, resp, "offset", &offset, 0, 0, 1000000000) < 0 ||
	    query_number(req, resp, "limit", &limit, PAGE_DEFAULT, 1,
			 PAGE_MAX) < 0)
		return 0;
	if (!org && !mc && !srv_auth_who(req)->user->platform_admin)
		return srv_body_bad(resp, "org", "required (or mc)");
	if (org &&
	    srv_auth_require(req, resp, MC_ACT_READ_PRIVATE, org, NULL) < 0)
		return 0;
	if (!org && mc &&
	    srv_auth_require_mc(req, resp, MC_ACT_READ_PRIVATE, mc) < 0)
		return 0;
	if ((error = mc_credential_list(req->store, &list, &n, &total, org, mc,
					offset, limit)) < 0)
		return srv_resp_error(resp, req, error);
	error = mc_credential_summaries_to_json(&text, list, n);
	mc_credential_summaries_free(list, n);
	if (error < 0)
		return srv_resp_error(resp, req, error);
	out =
	    json_pack("{s:I, s:I, s:I, s:o}", "total", (json_int_t)total,
		      "offset", (json_int_t)offset, "limit", (json_int_t)limit,
		      "credentials", json_loads(text, 0, NULL));
	free(text);
	return send_json(resp, 200, out);
}

/* One credential of a learner, as listed under the learner. */
static json_t *summary_json(const mc_credential_summary *s)
{
	return json_pack("{s:s, s:s, s:i, s:s, s:s?, s:s}", "id", s->id,
			 "mc_id", s->mc_id, "mc_version", (int)s->mc_version,
			 "format", mc_credential_format_name(s->format),
			 "issued_at", s->issued_at, "state",
			 mc_credential_state_name(s->state));
}

/*
 * GET /api/v1/learners?org=&offset=&limit=: the learners `org` issued
 * credentials to, by the name on the credential, each with its
 * credentials; newest first.  The learner's email is never stored in
 * clear, so the name is what groups them.
 */
int srv_api_learner_list(srv_req *req, srv_resp *resp)
{
	mc_credential_summary *list = NULL;
	json_t *by_name = NULL, *order = NULL, *page, *entry;
	size_t offset, limit, n, total = 0, seen = 0, i;
	const char *org;
	int error = 0, truncated = 0;

	if (srv_auth_signed_in(req, resp) < 0)
		return 0;
	if ((org = query_id(req, resp, "org")) && !*org)
		return 0;
	if (!org)
		return srv_body_bad(resp, "org", "required");
	if (query_number(req, resp, "offset", &offset, 0, 0, 1000000000) < 0 ||
	    query_number(req, resp, "limit", &limit, PAGE_DEFAULT, 1,
			 PAGE_MAX) < 0)
		return 0;
	if (srv_auth_require(req, resp, MC_ACT_READ_PRIVATE, org, NULL) < 0)
		return 0;
	by_name = json_object();
	order = json_array();
	do {
		n = 0;
		if ((error = mc_credential_list(req->store, &list, &n, &total,
						org, NULL, seen, PAGE_MAX)) < 0)
			break;
		for (i = 0; i < n && by_name && order; i++) {
			const char *name =
			    list[i].learner_name ? list[i].learner_name : "";
			json_t *creds = json_object_get(by_name, name);

			if (!creds) {
				creds = json_array();
				json_object_set_new(by_name, name, creds);
				json_array_append_new(order, json_string(name));
			}
			json_array_append_new(creds, summary_json(&list[i]));
		}
		mc_credential_summaries_free(list, n);
		seen += n;
	} while (n == PAGE_MAX && seen < total &&
		 !(truncated = seen >= LEARNER_SCAN_MAX));
	if (error < 0 || !by_name || !order) {
		json_decref(by_name);
		json_decref(order);
		return error < 0 ? srv_resp_error(resp, req, error)
				 : srv_resp_error(resp, req, MC_ENOMEM);
	}
	page = json_array();
	for (i = offset; i < json_array_size(order) && i < offset + limit;
	     i++) {
		const char *name = json_string_value(json_array_get(order, i));

		entry = json_pack("{s:s, s:O}", "name", name, "credentials",
				  json_object_get(by_name, name));
		json_array_append_new(page, entry);
	}
	entry = json_pack("{s:s, s:I, s:I, s:I, s:b, s:o}", "org", org, "total",
			  (json_int_t)json_array_size(order), "offset",
			  (json_int_t)offset, "limit", (json_int_t)limit,
			  "truncated", truncated, "learners", page);
	json_decref(by_name);
	json_decref(order);
	return send_json(resp, 200, entry);
}

/* ---- status ------------------------------------------------------------- */

/*
 * Revoke, suspend or reinstate credential :uuid with {"reason"} (required
 * to revoke; a default one otherwise), as an issuer or admin of the
 * organisation that issued it. 200 {"id", "status"}; 409 when the state does
 * not allow it (a revoked credential stays revoked).
 */
static int set_state(srv_req *req, srv_resp *resp, mc_credential_state state)
{
	const char *reason = NULL;
	mc_credential *c = NULL;
	json_t *body = NULL;
	size_t i;
	int error;

	if (!srv_auth_who(req) && srv_auth_signed_in(req, resp) < 0)
		return 0; /* 401 before looking anything up */
	if ((error = mc_credential_get(req->store, &c, req->param[0])) < 0)
		return srv_resp_error(resp, req, error);
	if (srv_auth_require(req, resp, MC_ACT_CRED_STATUS, c->org_id, NULL) <
	    0)
		goto cleanup;
	for (i = 0; i < req->body_len && strchr(" \t\r\n", req->body[i]); i++)
		;
	if (i < req->body_len && !(body = srv_body_object(req, resp)))
		goto cleanup;
	if (state == MC_CRED_REVOKED && !body) {
		srv_body_bad(resp, "reason", "required to revoke");
		goto cleanup;
	}
	if (body && srv_body_string(resp, body, "reason", &reason,
				    state == MC_CRED_REVOKED) < 0)
		goto cleanup;
	if (reason && (strlen(reason) > REASON_MAX ||
		       (state == MC_CRED_REVOKED && !*reason))) {
		srv_body_bad(resp, "reason",
			     *reason ? "longer than 1000 bytes" : "empty");
		goto cleanup;
	}
	if (!reason || !*reason) /* the library records one always */
		reason = state == MC_CRED_SUSPENDED
			     ? "suspended, no reason given"
			     : "reinstated, no reason given";
	if ((error = mc_credential_set_state(req->store, c->id, state, reason,
					     srv_req_actor(req))) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	srv_req_audit(req, c->org_id, c->id);
	req->audit_reason = srv_arena_strdup(req->arena, reason);
	send_json(resp, 200,
		  json_pack("{s:s, s:s}", "id", c->id, "status",
			    mc_credential_state_name(state)));
cleanup:
	mc_credential_free(c);
	json_decref(body);
	return 0;
}

int srv_api_cred_revoke(srv_req *req, srv_resp *resp)
{
	return set_state(req, resp, MC_CRED_REVOKED);
}

int srv_api_cred_suspend(srv_req *req, srv_resp *resp)
{
	return set_state(req, resp, MC_CRED_SUSPENDED);
}

int srv_api_cred_reinstate(srv_req *req, srv_resp *resp)
{
	return set_state(req, resp, MC_CRED_ACTIVE);
}

/* ---- keys -------------------------------------------------------------------
 */

/* One key's public facts as JSON. */
static json_t *key_json(const mc_key_info *k)
{
	json_t *jwk = k->public_jwk ? json_loads(k->public_jwk, 0, NULL) : NULL;

	return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:o*, s:s?, s:s?}", "id",
			 k->id, "org", k->org_id, "type",
			 mc_key_type_name(k->type), "created_at", k->created_at,
			 "retired_at", k->retired_at, "public_jwk", jwk,
			 "public_multibase", k->public_multibase,
			 "verification_method", k->verification_method);
}

/* GET /api/v1/organisations/:id/keys: every key, oldest first (public
 * facts only), for an admin of the organisation. */
int srv_api_key_list(srv_req *req, srv_resp *resp)
{
	const char *org = req->param[0];
	mc_key_info **list = NULL;
	mc_org *o = NULL;
	json_t *out;
	size_t i, n = 0;
	int error;

	if (srv_auth_require(req, resp, MC_ACT_KEYS, org, NULL) < 0)
		return 0;
	if ((error = mc_org_get(req->store, &o, org)) < 0 ||
	    (error = mc_key_list(req->store, &list, &n, org)) < 0) {
		mc_org_free(o);
		return srv_resp_error(resp, req, error);
	}
	mc_org_free(o);
	out = json_array();
	for (i = 0; out && i < n; i++)
		json_array_append_new(out, key_json(list[i]));
	mc_key_list_free(list, n);
	return send_json(resp, 200, out);
}

/*
 * POST /api/v1/organisations/:id/keys {"type": "ed25519" | "rsa2048" |
 * "p256"} (default ed25519): a new signing key; the previous one of that
 * type is retired (rotation) but stays published.  201 with the key.
 */
int srv_api_key_generate(srv_req *req, srv_resp *resp)
{
	const char *org = req->param[0], *type = "ed25519";
	mc_key_type kt;
	mc_key_info *k = NULL;
	json_t *body = NULL;
	size_t i;
	int error;

	if (srv_auth_require(req, resp, MC_ACT_KEYS, org, NULL) < 0)
		return 0;
	for (i = 0; i < req->body_len && strchr(" \t\r\n", req->body[i]); i++)
		;
	if (i < req->body_len) {
		if (!(body = srv_body_object(req, resp)))
			return 0;
		if (srv_body_string(resp, body, "type", &type, 0) < 0)
			goto cleanup;
	}
	if (mc_key_type_parse(&kt, type) < 0) {
		srv_body_bad(resp, "type", "must be ed25519, rsa2048 or p256");
		goto cleanup;
	}
	if ((error = mc_key_generate(req->store, &k, org, kt)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	srv_req_audit(req, org, k->id);
	send_json(resp, 201, key_json(k));
	resp->location = srv_req_concat(
	    req, srv_req_concat(req, "/api/v1/organisations/", org), "/keys");
cleanup:
	mc_key_info_free(k);
	json_decref(body);
	return 0;
}

/* ---- W3C VC API -------------------------------------------------------------
 */

/*
 * A 422 problem naming `field` and why we will not issue what the request
 * claims (as srv_body_bad() answers 400 for a malformed request).
 */
static int refuse_claim(srv_resp *resp, const char *field, const char *reason)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	char detail[512];
	int error;

	snprintf(detail, sizeof(detail), "%s: %s", field, reason);
	mc_problems_add(&problems, NULL, field, "%s", reason);
	error = srv_resp_problem(resp, 422, "Unprocessable Content", detail,
				 &problems);
	mc_problems_clear(&problems);
	return error;
}

/*
 * The body of a VC API issue request: application/json or
 * application/ld+json, one JSON object, read as credentials are read
 * (mc__vc_parse(): any JSON number, duplicate names refused).  NULL after
 * a 415 or 400.
 */
static json_t *vc_body(srv_req *req, srv_resp *resp)
{
	json_error_t jerr;
	json_t *body;
	char why[300];

	if (!content_type_is(req, "application/json") &&
	    !content_type_is(req, "application/ld+json")) {
		srv_resp_problem(resp, 415, "Unsupported Media Type",
				 "the body must be application/json", NULL);
		return NULL;
	}
	if (!(body = mc__vc_parse(req->body, req->body_len, &jerr))) {
		snprintf(why, sizeof(why),
			 "malformed JSON at line %d column %d: %s", jerr.line,
			 jerr.column, jerr.text);
		srv_body_bad(resp, "body", why);
		return NULL;
	}
	if (!json_is_object(body)) {
		json_decref(body);
		srv_body_bad(resp, "body", "must be a JSON object");
		return NULL;
	}
	return body;
}

/*
 * The learner of a VC API request: options.learner ({name, email,
 * identifier, birthDate}) when given, else credentialSubject (an object,
 * or an array of one) with "name" and "email" and/or "identifier" (a
 * string, or OB3 IdentityObjects: an unhashed "emailAddress" gives the
 * email, any other unhashed one the identifier); without either, the
 * subject's "id" (a DID or URI) is the identifier.  Returns 0, or -1
 * after a 400 (a field of the wrong type) or a 422 (no learner's name).
 */
static int vc_learner(srv_resp *resp, json_t *subject, json_t *options,
		      mc_learner *l)
{
	json_t *from = json_object_get(options, "learner"), *ids, *item;
	const char *p = "options.learner";
	char field[96];
	size_t i;

	if (from && !json_is_object(from)) {
		srv_body_bad(resp, p, "must be an object {name, email, ...}");
		return -1;
	}
	if (!from) {
		from = subject;
		p = "credential.credentialSubject";
	}
	if (member_string(resp, from, p, "name", &l->name, 0) < 0 ||
	    member_string(resp, from, p, "email", &l->email, 0) < 0 ||
	    member_string(resp, from, p, "birthDate", &l->date_of_birth, 0) < 0)
		return -1;
	if (!l->name || !*l->name) {
		snprintf(field, sizeof(field), "%s.name", p);
		refuse_claim(resp, field,
			     "required: the learner's name (in "
			     "credentialSubject or options.learner)");
		return -1;
	}
	snprintf(field, sizeof(field), "%s.identifier", p);
	ids = json_object_get(from, "identifier");
	if (json_is_string(ids)) {
		l->identifier = json_string_value(ids);
	} else if (json_is_array(ids)) {
		json_array_foreach(ids, i, item)
		{
			const char *type = json_string_value(
			    json_object_get(item, "identityType"));
			const char *value = json_string_value(
			    json_object_get(item, "identityHash"));

			if (!type || !value ||
			    json_is_true(json_object_get(item, "hashed"))) {
				srv_body_bad(
				    resp, field,
				    "each entry needs identityType and "
				    "an unhashed identityHash");
				return -1;
			}
			if (strcmp(type, "emailAddress") == 0 && !l->email)
				l->email = value;
			else if (strcmp(type, "emailAddress") != 0 &&
				 !l->identifier)
				l->identifier = value;
		}
	} else if (ids && !json_is_null(ids)) {
		srv_body_bad(resp, field,
			     "must be a string or an array of IdentityObjects");
		return -1;
	}
	if (!l->email && !l->identifier &&
	    member_string(resp, subject, "credential.credentialSubject", "id",
			  &l->identifier, 0) < 0)
		return -1;
	return 0;
}

/*
 * The MC a VC API request names: options.mc (an MC URI or id), else
 * credentialSubject.achievement.id (an MC URI).  NULL after a 400 (a
 * field of the wrong type) or a 422 (no MC named, or not a published MC
 * of this platform: we award our MCs, never a caller's claims).
 */
static mc_microcred *vc_mc(srv_req *req, srv_resp *resp, json_t *subject,
			   json_t *options)
{
	const char *field = "options.mc", *ref = NULL;
	mc_microcred *mc = NULL;
	char *uri = NULL;
	int error;

	if (options &&
	    member_string(resp, options, "options", "mc", &ref, 0) < 0)
		return NULL;
	if (!ref) {
		json_t *ach = json_object_get(subject, "achievement");

		field = "credential.credentialSubject.achievement.id";
		ref = json_string_value(json_object_get(ach, "id"));
		if (!ref) {
			refuse_claim(
			    resp, field,
			    "required: this platform issues only its published "
			    "micro-credentials; name one by its URI here or in "
			    "options.mc");
			return NULL;
		}
	}
	if (!strstr(ref, "://")) {
		if (!mc_id_valid(ref) ||
		    mc_catalogue_uri(req->store, &uri, ref, 0) < 0) {
			refuse_claim(resp, field, "not an MC id or URI");
			return NULL;
		}
		ref = uri;
	}
	error = mc_catalogue_resolve(req->store, &mc, ref);
	free(uri);
	if (error == 0 && mc->status != MC_STATUS_PUBLISHED)
		error = MC_ESTATE;
	if (error < 0) {
		mc_microcred_free(mc);
		if (error == MC_ENOMEM)
			srv_resp_problem(resp, 500, "Internal Server Error",
					 "out of memory", NULL);
		else
			refuse_claim(resp, field,
				     "not a published MC of this platform: it "
				     "issues only its own published "
				     "micro-credentials");
		return NULL;
	}
	return mc;
}

/* 0 when credential.issuer is absent or names the DID that will sign (the
 * MC's first awarding body); -1 after a 400 (not a DID or object) or a
 * 422 (another issuer: we sign only as the MC's awarding body). */
static int vc_issuer_ok(srv_req *req, srv_resp *resp, json_t *credential,
			const mc_microcred *mc)
{
	json_t *issuer = json_object_get(credential, "issuer");
	const char *want = NULL;
	char *did = NULL, why[300];
	int ok;

	if (!issuer)
		return 0;
	want = json_is_string(issuer)
		   ? json_string_value(issuer)
		   : json_string_value(json_object_get(issuer, "id"));
	if (!want) {
		srv_body_bad(resp, "credential.issuer",
			     "must be a DID string or an object with an id");
		return -1;
	}
	if (!mc->awarding_bodies.count ||
	    mc_org_did(req->store, &did, mc->awarding_bodies.items[0]) < 0) {
		refuse_claim(resp, "credential.issuer",
			     "the MC's awarding body has no signing key");
		return -1;
	}
	ok = strcmp(did, want) == 0;
	if (!ok) {
		snprintf(why, sizeof(why),
			 "must be %.250s (the MC's awarding "
			 "body), or left out",
			 did);
		refuse_claim(resp, "credential.issuer", why);
	}
	free(did);
	return ok ? 0 : -1;
}

/*
 * POST /credentials/issue (W3C VC API): {"credential", "options"}.  The
 * request names what to issue: the learner (credentialSubject, or
 * options.learner) and one of our published MCs (options.mc, or
 * credentialSubject.achievement.id); an "issuer", if given, must be the
 * DID that will sign.  Everything else in the credential is ignored: the
 * library builds the credential from the catalogue and signs that, so no
 * caller-supplied claim is ever signed verbatim.  options: "mc",
 * "learner", "format" (ob3 | vc-jwt | edc), "alg", "grade",
 * "assessed_on".  201 {"verifiableCredential"} (an
 * EnvelopedVerifiableCredential for VC-JWT) for a new credential; 200
 * when the learner already held it; 400 for a malformed request; 422 for
 * a request we will not issue (no MC of ours named, another issuer, no
 * learner's name), saying why.
 */
int srv_api_vc_issue(srv_req *req, srv_resp *resp)
{
	mc_issue_options opts = MC_ISSUE_OPTIONS_INIT;
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_learner learner = {NULL, NULL, NULL, NULL, NULL};
	json_t *body = NULL, *cred, *subject, *options, *vc;
	mc_microcred *mc = NULL;
	mc_credential *c = NULL;
	char *env;
	int error;

	if (!srv_auth_who(req) && srv_auth_signed_in(req, resp) < 0)
		return 0; /* 401 before reading the body */
	if (!(body = vc_body(req, resp)))
		return 0;
	cred = json_object_get(body, "credential");
	options = json_object_get(body, "options");
	if (!json_is_object(cred)) {
		srv_body_bad(resp, "credential",
			     cred ? "must be an object" : "required");
		goto cleanup;
	}
	if (json_is_null(options))
		options = NULL;
	if (options && !json_is_object(options)) {
		srv_body_bad(resp, "options", "must be an object");
		goto cleanup;
	}
	subject = json_object_get(cred, "credentialSubject");
	if (json_is_array(subject) && json_array_size(subject) == 1)
		subject = json_array_get(subject, 0);
	if (!json_is_object(subject)) {
		srv_body_bad(resp, "credential.credentialSubject",
			     subject ? "must be one object" : "required");
		goto cleanup;
	}
	if (issue_options(resp, options, "options", &opts) < 0 ||
	    member_string(resp, cred, "credential", "validUntil",
			  &opts.valid_until, 0) < 0 ||
	    !(mc = vc_mc(req, resp, subject, options)) ||
	    vc_learner(resp, subject, options, &learner) < 0)
		goto cleanup;
	if (srv_auth_require_mc(req, resp, MC_ACT_CRED_ISSUE, mc->id) < 0 ||
	    vc_issuer_ok(req, resp, cred, mc) < 0)
		goto cleanup;
	opts.actor = srv_auth_who(req)->actor;
	if ((error = mc_credential_issue(req->store, &c, mc->id, mc->version,
					 &learner, &opts, &problems)) < 0) {
		srv_resp_lib_error(req, resp, error, &problems);
		goto cleanup;
	}
	if (c->format == MC_FORMAT_VC_JWT) {
		env = malloc(strlen(c->data) + 32);
		if (env)
			sprintf(env, "data:application/vc+jwt,%s", c->data);
		vc = json_pack("{s:s, s:s, s:s}", "@context",
			       "https://www.w3.org/ns/credentials/v2", "id",
			       env ? env : "", "type",
			       "EnvelopedVerifiableCredential");
		free(env);
	} else {
		vc = json_loads(c->data, 0, NULL);
	}
	srv_req_audit(req, c->org_id, c->id);
	send_json(resp, c->created ? 201 : 200,
		  json_pack("{s:o}", "verifiableCredential", vc));
	resp->location = srv_req_concat(req, "/credentials/", uuid_of(c->id));
cleanup:
	mc_problems_clear(&problems);
	mc_microcred_free(mc);
	mc_credential_free(c);
	json_decref(body);
	return 0;
}
