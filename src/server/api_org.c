/*
 * Organisations and what hangs off them in the catalogue:
 *
 *   GET    /api/v1/organisations[?country=]         (public, cached)
 *   POST   /api/v1/organisations
 *   GET    /api/v1/organisations/:id                (public, cached)
 *   PUT    /api/v1/organisations/:id
 *   GET    /api/v1/organisations/:id/recognitions   (public)
 *   POST   /api/v1/organisations/:id/recognitions
 *   DELETE /api/v1/organisations/:id/recognitions/:kind/:country
 *   GET    /api/v1/organisations/:id/consents
 *   POST   /api/v1/organisations/:id/consents/:mc/:answer
 *
 * (Members are in api_account.c, keys and the DID document in
 * api_key.c.)  Public reads answer through the response cache (cache.h):
 * a static *_fill computes the answer and the handler wraps it in
 * srv_cache_handle().  A write asks who is calling first
 * (srv_auth_require(), before any state is looked at), then reads the
 * body (415, or 400 naming the field), then makes one library call; 422
 * lists every {field, reason} the library's checks found.  The
 * dispatcher audits each successful write; the handlers name its
 * organisation and subject.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "api_util.h"
#include "auth.h"
#include "cache.h"
#include "json_body.h"

/* ---- reads -------------------------------------------------------------- */

static int org_list_fill(srv_req *req, srv_resp *resp)
{
	const char *country = srv_req_query(req, "country");
	mc_org **list = NULL;
	char *text = NULL;
	size_t n = 0;
	int error;

	if (country && !(country = srv_param_country(req, resp, country)))
		return 0;
	if ((error = mc_org_list(req->store, &list, &n, country)) < 0)
		srv_resp_error(resp, req, error);
	else if (mc_org_list_to_json(&text, list, n) < 0)
		srv_resp_text(resp, NULL, NULL, 0);
	else
		srv_resp_text(resp, text, NULL, 1);
	mc_org_list_free(list, n);
	return 0;
}

static int org_get_fill(srv_req *req, srv_resp *resp)
{
	mc_org *org = NULL;
	char *text = NULL;
	int error;

	if ((error = mc_org_get(req->store, &org, req->param[0])) < 0)
		srv_resp_error(resp, req, error);
	else if (mc_org_to_json(&text, org) < 0)
		srv_resp_text(resp, NULL, NULL, 0);
	else
		srv_resp_text(resp, text, NULL, 1);
	mc_org_free(org);
	return 0;
}

int srv_api_org_list(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, org_list_fill);
}

int srv_api_org_get(srv_req *req, srv_resp *resp)
{
	return srv_cache_handle(req, resp, org_get_fill);
}

/* ---- writes ------------------------------------------------------------- */

/*
 * Create (`create`: POST, 201, 409 when the id is taken) or replace (PUT
 * /organisations/:id, 200, 404 when unknown) an organisation from its
 * JSON form.
 */
static int org_write(srv_req *req, srv_resp *resp, int create)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_org *org = NULL, *old = NULL;
	json_t *body = NULL;
	char *out = NULL;
	const char *path_id = create ? NULL : req->param[0];
	int error;

	if (srv_auth_require(req, resp,
			     create ? MC_ACT_ORG_CREATE : MC_ACT_ORG_EDIT,
			     path_id, NULL) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (path_id && srv_body_id_matches_path(resp, body, path_id) < 0)
		goto cleanup;
	if ((error = mc_org_from_jansson(&org, body, "body", &problems)) < 0) {
		srv_resp_lib_error(req, resp, error, &problems);
		goto cleanup;
	}
	if (!create && (error = mc_org_get(req->store, &old, org->id)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	if (!create) {
		char why[200];

		if (mc_authz_org_update(srv_auth_who(req), old, org, why,
					sizeof(why)) < 0) {
			srv_resp_problem(resp, 403, "Forbidden", why, NULL);
			goto cleanup;
		}
	}
	error = create ? mc_org_create(req->store, org, &problems)
		       : mc_org_put(req->store, org, &problems);
	if (error < 0) {
		srv_resp_lib_error(req, resp, error, &problems);
		goto cleanup;
	}
	srv_req_audit(req, org->id, org->id);
	if (mc_org_to_json(&out, org) < 0)
		out = NULL;
	srv_resp_owned(resp, create ? 201 : 200, out, NULL);
	if (create)
		resp->location =
		    srv_req_concat(req, "/api/v1/organisations/", org->id);
cleanup:
	mc_problems_clear(&problems);
	mc_org_free(org);
	mc_org_free(old);
	json_decref(body);
	return 0;
}

int srv_api_org_create(srv_req *req, srv_resp *resp)
{
	return org_write(req, resp, 1);
}

int srv_api_org_put(srv_req *req, srv_resp *resp)
{
	return org_write(req, resp, 0);
}

/* ---- who reviews -------------------------------------------------------- */

/* 200 (or `status`) with `org_id`'s recognitions; the library's error
 * otherwise. */
static int send_recognitions(srv_req *req, srv_resp *resp, unsigned status,
			     const char *org_id)
{
	mc_recognition *list = NULL;
	char *out = NULL;
	size_t n = 0;
	int error;

	if ((error = mc_recognition_list(req->store, &list, &n, org_id, NULL)) <
	    0)
		return srv_resp_error(resp, req, error);
	if (mc_recognition_list_to_json(&out, list, n) < 0)
		out = NULL;
	mc_recognition_list_free(list, n);
	return srv_resp_owned(resp, status, out, NULL);
}

/*
 * GET /api/v1/organisations/:id/recognitions: for which countries the
 * organisation is a recognised QA body or self-accrediting (public: it
 * says who may review whose MCs).
 */
int srv_api_recognition_list(srv_req *req, srv_resp *resp)
{
	mc_org *org = NULL;
	int error;

	if ((error = mc_org_get(req->store, &org, req->param[0])) < 0)
		return srv_resp_error(resp, req, error);
	mc_org_free(org);
	return send_recognitions(req, resp, 200, req->param[0]);
}

/*
 * POST /api/v1/organisations/:id/recognitions {country, kind}: the
 * platform admin recognises the organisation (kind "qa_body", the
 * default, or "self_accrediting").  201 with its recognitions; 409 when
 * registered already, 404 for an unknown organisation, 422 for a bad
 * country.
 */
int srv_api_recognition_grant(srv_req *req, srv_resp *resp)
{
	const char *org_id = req->param[0], *country = NULL, *kind = NULL;
	mc_recognition_kind k = MC_RECOGNITION_QA_BODY;
	json_t *body = NULL;
	int error;

	if (srv_auth_require(req, resp, MC_ACT_RECOGNISE, org_id, NULL) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (srv_body_string(resp, body, "country", &country, 1) < 0 ||
	    srv_body_string(resp, body, "kind", &kind, 0) < 0)
		goto cleanup;
	if (kind && mc_recognition_kind_parse(&k, kind) < 0) {
		srv_body_bad(resp, "kind",
			     "must be \"qa_body\" or \"self_accrediting\"");
		goto cleanup;
	}
	if ((error = mc_recognition_grant(req->store, srv_req_actor(req),
					  org_id, country, k)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	srv_req_audit(req, org_id, org_id);
	req->audit_reason = srv_req_concat(req,
					   k == MC_RECOGNITION_QA_BODY
					       ? "qa_body for "
					       : "self_accrediting for ",
					   country);
	send_recognitions(req, resp, 201, org_id);
cleanup:
	json_decref(body);
	return 0;
}

/*
 * DELETE /api/v1/organisations/:id/recognitions/:kind/:country: the
 * platform admin withdraws a recognition.  204; 404 when there is none.
 */
int srv_api_recognition_withdraw(srv_req *req, srv_resp *resp)
{
	const char *org_id = req->param[0];
	mc_recognition_kind k;
	int error;

	if (srv_auth_require(req, resp, MC_ACT_RECOGNISE, org_id, NULL) < 0)
		return 0;
	if (mc_recognition_kind_parse(&k, req->param[1]) < 0)
		return srv_resp_problem(resp, 404, "Not Found",
					"kind: must be qa_body or "
					"self_accrediting",
					NULL);
	if ((error = mc_recognition_withdraw(req->store, srv_req_actor(req),
					     org_id, req->param[2], k)) < 0)
		return srv_resp_error(resp, req, error);
	srv_req_audit(req, org_id, org_id);
	req->audit_reason = srv_req_concat(req, req->param[1], req->param[2]);
	free(resp->body);
	resp->body = NULL;
	resp->body_len = 0;
	resp->content_type = NULL;
	resp->status = 204;
	resp->private_ = 1;
	return 0;
}

/* ---- who awards --------------------------------------------------------- */

/* 200 with the consents of `org_id` (about `mc_id` when given). */
static int send_consents(srv_req *req, srv_resp *resp, const char *org_id,
			 const char *mc_id)
{
	mc_consent *list = NULL;
	char *out = NULL;
	size_t n = 0;
	int error;

	if ((error = mc_consent_list(req->store, &list, &n, org_id, mc_id)) < 0)
		return srv_resp_error(resp, req, error);
	if (mc_consent_list_to_json(&out, list, n) < 0)
		out = NULL;
	mc_consent_list_free(list, n);
	resp->private_ = 1;
	return srv_resp_owned(resp, 200, out, NULL);
}

/*
 * GET /api/v1/organisations/:id/consents: the MCs of other providers that
 * name the organisation as awarding body, pending first (any role in the
 * organisation).
 */
int srv_api_consent_list(srv_req *req, srv_resp *resp)
{
	if (srv_auth_require(req, resp, MC_ACT_READ_PRIVATE, req->param[0],
			     NULL) < 0)
		return 0;
	return send_consents(req, resp, req->param[0], NULL);
}

/*
 * POST /api/v1/organisations/:id/consents/:mc/:answer ("accept" or
 * "decline"): an admin of the organisation answers (not the platform
 * admin unless one).  200 with the organisation's consent about the MC;
 * 404 when the MC does not name the organisation as awarding body.
 */
int srv_api_consent_decide(srv_req *req, srv_resp *resp)
{
	const char *org_id = req->param[0], *mc_id = req->param[1];
	int accept = strcmp(req->param[2], "accept") == 0, error;

	if (srv_auth_require(req, resp, MC_ACT_CONSENT, org_id, NULL) < 0)
		return 0;
	if (!accept && strcmp(req->param[2], "decline") != 0)
		return srv_resp_problem(resp, 404, "Not Found",
					"answer: must be accept or decline",
					NULL);
	if ((error = mc_consent_decide(req->store, srv_req_actor(req), mc_id,
				       org_id, accept)) < 0)
		return srv_resp_error(resp, req, error);
	srv_req_audit(req, org_id, mc_id);
	req->audit_reason = accept ? "accepted" : "declined";
	return send_consents(req, resp, org_id, mc_id);
}
