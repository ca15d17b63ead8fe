/*
 * Rosters: many credentials at once, in the background.
 *
 *   POST /api/v1/microcredentials/:id/rosters   a CSV roster (text/csv, or
 *                                               a form's "roster" field)
 *   GET  /api/v1/jobs/:id                       the job's progress
 *
 * The job itself runs in jobs.c; jobs live in memory until the server
 * stops, and are watched only by the user who started them (or a platform
 * admin).
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "api_util.h"
#include "auth.h"
#include "auth_mc.h"
#include "client_addr.h"
#include "cryptosuite.h"
#include "form.h"
#include "jobs.h"
#include "json_body.h"
#include "microcred/roster.h"
#include "seal_config.h"

/* ---- upload ------------------------------------------------------------- */

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
	if (srv_req_content_type_is(req, "text/csv")) {
		*data = req->body;
		*len = req->body_len;
		return 0;
	}
	error = srv_form_parse(req, err, sizeof(err));
	if (error == MC_EUSAGE ||
	    (error == 0 &&
	     !srv_req_content_type_is(req, "multipart/form-data") &&
	     !srv_req_content_type_is(req,
				      "application/x-www-form-urlencoded"))) {
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
 * "cryptosuite" (OB 3.0 only; none: the platform's), "alg" and "version"
 * as query or form fields.  202 with the job and its URL (also in
 * Location); 409 when the MC has no published version.  The job waits in
 * the store for a worker of any node (jobs.h).
 */
int srv_api_roster_upload(srv_req *req, srv_resp *resp)
{
	mc_issue_options opts = MC_ISSUE_OPTIONS_INIT;
	const char *id = req->param[0], *data, *name, *v;
	mc_microcred *mc = NULL;
	char jid[40], *uri = NULL, allowed[SRV_CRYPTOSUITE_ALLOWED_MAX];
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
	v = option(req, "cryptosuite");
	if (srv_cryptosuite_pick(&opts.cryptosuite, v) < 0)
		return srv_body_bad(
		    resp, "cryptosuite",
		    srv_cryptosuite_allowed(allowed, sizeof(allowed)));
	if (opts.cryptosuite && opts.format != MC_FORMAT_OB3)
		return srv_body_bad(resp, "cryptosuite", "only for format ob3");
	opts.jwt_alg = option(req, "alg");
	if (srv_query_number(req, resp, "version", &version, 0, 1, 1000000) < 0)
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
	error = srv_job_start_roster(req->store, jid, sizeof(jid), id,
				     (unsigned)version, data, len,
				     name ? name : "roster.csv", &opts,
				     srv_req_actor(req), srv_client_addr(req));
	if (error < 0)
		return srv_resp_error(resp, req, error);
	srv_req_audit(req, NULL, id);
	req->audit_reason = srv_req_concat(req, "roster job ", jid);
	resp->location = srv_req_concat(req, "/api/v1/jobs/", jid);
	return srv_resp_private_json(resp, 202,
				     json_pack("{s:s, s:s, s:s}", "job", jid,
					       "status", "queued", "status_url",
					       resp->location));
}

/* ---- jobs --------------------------------------------------------------- */

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
	if ((error = srv_job_get(req->store, &job, req->param[0])) ==
	    MC_ENOTFOUND)
		return srv_resp_problem(resp, 404, "Not Found", "no such job",
					NULL);
	if (error < 0)
		return srv_resp_error(resp, req, error);
	if (!owns(who, job.owner) && !who->user->platform_admin) {
		srv_job_info_clear(&job);
		return srv_resp_problem(resp, 403, "Forbidden",
					"only the user who started a job may "
					"watch it",
					NULL);
	}
	text = job.json;
	job.json = NULL;
	srv_job_info_clear(&job);
	return srv_resp_owned(resp, 200, text, NULL);
}
