/*
 * The catalogue writes: organisations, clusters, MCs and their lifecycle,
 * history and review comments.
 *
 * Every handler follows the same order: who is asking (srv_auth_require(),
 * before any state is looked at, so an anonymous client learns nothing;
 * for an action on one MC srv_auth_require_mc(), so an MC the caller may
 * read no version of answers 404 as one that does not exist),
 * then the body (415 for a type other than JSON, 400 for malformed JSON or
 * a field of the wrong type, 422 with every {field, reason} the library's
 * checks found), then one library call with the principal's actor, which
 * the MC's history records.  A failed call stores nothing: the library's
 * writes are atomic.  The dispatcher audits each successful write; the
 * handlers name its organisation and subject.
 */
#include "api_catalogue_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "auth_mc.h"
#include "api_util.h"
#include "json_body.h"

/* Longest lifecycle note or review comment, bytes (as the library's). */
#define NOTE_MAX 4000

/* ---- helpers ------------------------------------------------------------ */

/*
 * A body that may be empty: *out is NULL for an empty body, otherwise the
 * JSON object (caller decrefs).  Returns 0, or -1 with `resp` filled.
 */
static int optional_body(srv_req *req, srv_resp *resp, json_t **out)
{
	size_t i;

	*out = NULL;
	for (i = 0; i < req->body_len; i++)
		if (!strchr(" \t\r\n", req->body[i]))
			break;
	if (i == req->body_len)
		return 0;
	return (*out = srv_body_object(req, resp)) ? 0 : -1;
}

/*
 * Make the body's "id" agree with the path: set it when absent; 400 when
 * it names another record.  Returns 0 or -1 with `resp` filled.
 */
static int id_matches_path(srv_resp *resp, json_t *body, const char *id)
{
	const char *got = NULL;
	char why[256];
	int has = srv_body_string(resp, body, "id", &got, 0);

	if (has < 0)
		return -1;
	if (!has) {
		if (json_object_set_new(body, "id", json_string(id)) == 0)
			return 0;
		srv_resp_problem(resp, 500, "Internal Server Error",
				 "out of memory", NULL);
		return -1;
	}
	if (strcmp(got, id) != 0) {
		snprintf(why, sizeof(why), "must match the path ('%.100s')",
			 id);
		srv_body_bad(resp, "id", why);
		return -1;
	}
	return 0;
}

/* The body as compact JSON text for the library's parsers; NULL after a
 * 500. */
static char *dump(srv_resp *resp, json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);

	if (!text)
		srv_resp_problem(resp, 500, "Internal Server Error",
				 "out of memory", NULL);
	return text;
}

/* ---- organisations --------------------------------------------------------
 */

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
	char *text = NULL, *out = NULL;
	const char *path_id = create ? NULL : req->param[0];
	int error;

	if (srv_auth_require(req, resp,
			     create ? MC_ACT_ORG_CREATE : MC_ACT_ORG_EDIT,
			     path_id, NULL) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (path_id && id_matches_path(resp, body, path_id) < 0)
		goto cleanup;
	if (!(text = dump(resp, body)))
		goto cleanup;
	if ((error = mc_org_from_json(&org, text, strlen(text), "body",
				      &problems)) < 0) {
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
	free(text);
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

/* ---- clusters -------------------------------------------------------------
 */

/* As org_write(), for clusters (a platform admin's task). */
static int cluster_write(srv_req *req, srv_resp *resp, int create)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_cluster *cl = NULL, *old = NULL;
	json_t *body = NULL;
	char *text = NULL, *out = NULL;
	const char *path_id = create ? NULL : req->param[0];
	int error;

	if (srv_auth_require(req, resp, MC_ACT_CLUSTER_EDIT, NULL, NULL) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (path_id && id_matches_path(resp, body, path_id) < 0)
		goto cleanup;
	if (!(text = dump(resp, body)))
		goto cleanup;
	if ((error = mc_cluster_from_json(&cl, text, strlen(text), "body",
					  &problems)) < 0) {
		srv_resp_lib_error(req, resp, error, &problems);
		goto cleanup;
	}
	if (!create && (error = mc_cluster_get(req->store, &old, cl->id)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	error = create ? mc_cluster_create(req->store, cl, &problems)
		       : mc_cluster_put(req->store, cl, &problems);
	if (error < 0) {
		srv_resp_lib_error(req, resp, error, &problems);
		goto cleanup;
	}
	srv_req_audit(req, NULL, cl->id);
	if (mc_cluster_to_json(&out, cl) < 0)
		out = NULL;
	srv_resp_owned(resp, create ? 201 : 200, out, NULL);
	if (create)
		resp->location =
		    srv_req_concat(req, "/api/v1/clusters/", cl->id);
cleanup:
	mc_problems_clear(&problems);
	mc_cluster_free(cl);
	mc_cluster_free(old);
	free(text);
	json_decref(body);
	return 0;
}

int srv_api_cluster_create(srv_req *req, srv_resp *resp)
{
	return cluster_write(req, resp, 1);
}

int srv_api_cluster_put(srv_req *req, srv_resp *resp)
{
	return cluster_write(req, resp, 0);
}

/* ---- micro-credentials: drafts --------------------------------------------
 */

/*
 * Parse the body as an MC: "version" and "status" are the store's to set
 * and are dropped.  Returns the record, or NULL with `resp` filled (422
 * with every problem of the record).
 */
static mc_microcred *microcred_from_body(srv_req *req, srv_resp *resp,
					 json_t *body)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	mc_microcred *mc = NULL;
	char *text;
	int error;

	json_object_del(body, "version");
	json_object_del(body, "status");
	if (!(text = dump(resp, body)))
		return NULL;
	if ((error = mc_microcred_from_json(&mc, text, strlen(text), "body",
					    &problems)) < 0)
		srv_resp_lib_error(req, resp, error, &problems);
	mc_problems_clear(&problems);
	free(text);
	return mc;
}

/* The provider the body names, or NULL after a 422 naming the field. */
static const char *body_provider(srv_req *req, srv_resp *resp, json_t *body)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	const char *p = json_string_value(json_object_get(body, "provider"));

	if (p && *p)
		return p;
	mc_problems_add(&problems, "body", "provider",
			"required: the id of the organisation that designs "
			"the MC");
	srv_resp_lib_error(req, resp, MC_EINVALID, &problems);
	mc_problems_clear(&problems);
	return NULL;
}

/* Save `mc` as the principal (status 201: create it, the library refusing
 * an existing id); answer `status` with the stored record. */
static int save_and_answer(srv_req *req, srv_resp *resp, mc_microcred *mc,
			   unsigned status)
{
	mc_problems problems = MC_PROBLEMS_INIT;
	const char *actor = srv_req_actor(req);
	char *out = NULL;
	int error;

	error = status == 201
		    ? mc_catalogue_create_as(req->store, mc, actor, &problems)
		    : mc_catalogue_save_as(req->store, mc, actor, &problems);
	if (error < 0) {
		srv_resp_lib_error(req, resp, error, &problems);
		mc_problems_clear(&problems);
		return -1;
	}
	srv_req_audit(req, mc->provider, mc->id);
	if (mc_microcred_to_json(&out, mc) < 0)
		out = NULL;
	srv_resp_owned(resp, status, out, NULL);
	return 0;
}

/*
 * POST /api/v1/microcredentials: a new MC as a draft (version 1), by a
 * designer or admin of the provider the body names.  201 with the stored
 * record and its Location; 409 when the id exists (PUT edits it).
 */
int srv_api_mc_create(srv_req *req, srv_resp *resp)
{
	mc_microcred *mc = NULL;
	json_t *body = NULL;
	const char *provider;

	if (srv_auth_signed_in(req, resp) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (!(provider = body_provider(req, resp, body)))
		goto cleanup;
	if (srv_auth_require(req, resp, MC_ACT_MC_EDIT, provider, NULL) < 0)
		goto cleanup;
	if (!(mc = microcred_from_body(req, resp, body)))
		goto cleanup;
	if (save_and_answer(req, resp, mc, 201) == 0)
		resp->location =
		    srv_req_concat(req, "/api/v1/microcredentials/", mc->id);
cleanup:
	mc_microcred_free(mc);
	json_decref(body);
	return 0;
}

/*
 * PUT /api/v1/microcredentials/:id: save a draft (replacing the latest
 * draft, or a new version after a published one).  Moving the MC to
 * another provider needs the same right there.  409 while in review or
 * approved.
 */
int srv_api_mc_put(srv_req *req, srv_resp *resp)
{
	const char *id = req->param[0];
	mc_microcred *mc = NULL, *old = NULL;
	json_t *body = NULL;
	const char *provider;
	int error;

	if (srv_auth_require_mc(req, resp, MC_ACT_MC_EDIT, id) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (id_matches_path(resp, body, id) < 0 ||
	    !(provider = body_provider(req, resp, body)))
		goto cleanup;
	if ((error = mc_catalogue_get(req->store, &old, id, 0)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	if (strcmp(provider, old->provider) != 0 &&
	    srv_auth_require(req, resp, MC_ACT_MC_EDIT, provider, NULL) < 0)
		goto cleanup;
	if (!(mc = microcred_from_body(req, resp, body)))
		goto cleanup;
	save_and_answer(req, resp, mc, 200);
cleanup:
	mc_microcred_free(mc);
	mc_microcred_free(old);
	json_decref(body);
	return 0;
}

/* ---- lifecycle ------------------------------------------------------------
 */

/* The optional {"note"} of a lifecycle action; 0, or -1 after a 4xx. */
static int note_of(srv_resp *resp, json_t *body, const char **note,
		   int required)
{
	*note = NULL;
	if (!body) {
		if (required)
			srv_body_bad(resp, "note", "required");
		return required ? -1 : 0;
	}
	if (srv_body_string(resp, body, "note", note, required) < 0)
		return -1;
	if (*note && strlen(*note) > NOTE_MAX) {
		srv_body_bad(resp, "note", "longer than 4000 bytes");
		return -1;
	}
	if (required && !**note) {
		srv_body_bad(resp, "note", "empty");
		return -1;
	}
	return 0;
}

/*
 * One lifecycle step: `act` checked for the MC, then the transition to
 * `to` with the principal and the body's note recorded in the history.
 * 200 with the latest version afterwards; 409 (the message names the
 * state) when the MC is not in a state that allows it.
 */
static int transition(srv_req *req, srv_resp *resp, mc_action act, mc_status to)
{
	const char *id = req->param[0], *note = NULL;
	mc_microcred *mc = NULL;
	json_t *body = NULL;
	char *out = NULL;
	int error;

	if (srv_auth_require_mc(req, resp, act, id) < 0)
		return 0;
	if (optional_body(req, resp, &body) < 0 ||
	    note_of(resp, body, &note, 0) < 0)
		goto cleanup;
	if ((error = mc_catalogue_transition(req->store, id, to,
					     srv_req_actor(req), note)) < 0 ||
	    (error = mc_catalogue_get(req->store, &mc, id, 0)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	srv_req_audit(req, mc->provider, id);
	req->audit_reason = srv_arena_strdup(req->arena, note);
	if (mc_microcred_to_json(&out, mc) < 0)
		out = NULL;
	srv_resp_owned(resp, 200, out, NULL);
cleanup:
	mc_microcred_free(mc);
	json_decref(body);
	return 0;
}

int srv_api_mc_submit(srv_req *req, srv_resp *resp)
{
	return transition(req, resp, MC_ACT_MC_SUBMIT, MC_STATUS_IN_REVIEW);
}

int srv_api_mc_approve(srv_req *req, srv_resp *resp)
{
	return transition(req, resp, MC_ACT_MC_REVIEW, MC_STATUS_APPROVED);
}

int srv_api_mc_return(srv_req *req, srv_resp *resp)
{
	return transition(req, resp, MC_ACT_MC_REVIEW, MC_STATUS_DRAFT);
}

int srv_api_mc_publish(srv_req *req, srv_resp *resp)
{
	return transition(req, resp, MC_ACT_MC_PUBLISH, MC_STATUS_PUBLISHED);
}

int srv_api_mc_retire(srv_req *req, srv_resp *resp)
{
	return transition(req, resp, MC_ACT_MC_RETIRE, MC_STATUS_RETIRED);
}

/*
 * POST /api/v1/microcredentials/:id/adapt {"org", "new_id"?, "version"?}:
 * copy a published MC of another organisation into a new draft of `org`,
 * as a designer or admin there.  201 with the new draft and its Location.
 */
int srv_api_mc_adapt(srv_req *req, srv_resp *resp)
{
	const char *id = req->param[0], *org = NULL, *new_id = NULL;
	mc_microcred *mc = NULL;
	json_t *body = NULL;
	unsigned version = 0;
	char *out = NULL;
	int error;

	if (srv_auth_signed_in(req, resp) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (srv_body_string(resp, body, "org", &org, 1) < 0 ||
	    srv_body_string(resp, body, "new_id", &new_id, 0) < 0 ||
	    srv_body_uint(resp, body, "version", &version, 1, 1000000, 0) < 0)
		goto cleanup;
	if (new_id && !mc_id_valid(new_id)) {
		srv_body_bad(resp, "new_id",
			     "must be 1..64 of a-z, 0-9 and -, starting with "
			     "a letter or digit");
		goto cleanup;
	}
	if (srv_auth_require(req, resp, MC_ACT_MC_EDIT, org, NULL) < 0)
		goto cleanup;
	if ((error = mc_catalogue_adapt_as(req->store, &mc, id, version, org,
					   new_id, srv_auth_who(req)->actor)) <
	    0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	srv_req_audit(req, org, mc->id);
	if (mc_microcred_to_json(&out, mc) < 0)
		out = NULL;
	srv_resp_owned(resp, 201, out, NULL);
	resp->location =
	    srv_req_concat(req, "/api/v1/microcredentials/", mc->id);
cleanup:
	mc_microcred_free(mc);
	json_decref(body);
	return 0;
}

/* ---- history and comments ---------------------------------------------------
 */

/* One history event as JSON. */
static json_t *event_json(const mc_history_event *e)
{
	return json_pack("{s:I, s:i, s:s, s:s, s:s?, s:s?, s:s?}", "n",
			 (json_int_t)e->n, "version", (int)e->version, "from",
			 mc_status_name(e->from), "to", mc_status_name(e->to),
			 "actor", e->actor, "note", e->note, "at", e->at);
}

/*
 * GET /api/v1/microcredentials/:id/history[?version=N]: saves,
 * transitions and comments, oldest first, of the versions the reader
 * works on (mc_authz_read_history(): it names the reviewers).  An MC of
 * which the reader may read no version is 404, as one that does not
 * exist; one they read but do not work on is 403.
 */
int srv_api_mc_history(srv_req *req, srv_resp *resp)
{
	const char *id = req->param[0], *v = srv_req_query(req, "version");
	mc_history_event *list = NULL;
	unsigned long version = 0;
	json_t *out, *events;
	size_t i, n = 0;
	char *end = NULL, why[256] = "";
	int error;

	if (srv_auth_signed_in(req, resp) < 0)
		return 0;
	if (v) {
		version = strtoul(v, &end, 10);
		if (!*v || *end || v[0] == '-' || version < 1 ||
		    version > 1000000)
			return srv_body_bad(resp, "version",
					    "must be a version number 1..");
	}
	if ((error = mc_authz_read_history(req->store, srv_auth_who(req), &list,
					   &n, id, (unsigned)version, why,
					   sizeof(why))) < 0)
		return srv_auth_refuse(req, resp, error, why);
	out = json_pack("{s:s, s:[]}", "id", id, "history");
	events = json_object_get(out, "history");
	for (i = 0; events && i < n; i++)
		json_array_append_new(events, event_json(&list[i]));
	mc_history_free(list, n);
	resp->private_ = 1;
	return srv_resp_json(resp, 200, out);
}

/*
 * POST /api/v1/microcredentials/:id/comments {"note"}: a review comment
 * on the latest version, by a reviewer allowed to review it or by a
 * designer or admin of the provider.  201 with the recorded event.
 */
int srv_api_mc_comment(srv_req *req, srv_resp *resp)
{
	const char *id = req->param[0], *note;
	mc_history_event *list = NULL;
	mc_microcred *mc = NULL;
	json_t *body = NULL;
	size_t n = 0;
	int error;

	if (srv_auth_require_mc(req, resp, MC_ACT_MC_COMMENT, id) < 0)
		return 0;
	if (!(body = srv_body_object(req, resp)))
		return 0;
	if (note_of(resp, body, &note, 1) < 0)
		goto cleanup;
	if ((error = mc_catalogue_comment(req->store, id, srv_req_actor(req),
					  note)) < 0 ||
	    (error = mc_catalogue_get(req->store, &mc, id, 0)) < 0 ||
	    (error = mc_catalogue_history(req->store, &list, &n, id,
					  mc->version)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	srv_req_audit(req, mc->provider, id);
	resp->private_ = 1;
	srv_resp_json(resp, 201, n ? event_json(&list[n - 1]) : json_object());
cleanup:
	mc_history_free(list, n);
	mc_microcred_free(mc);
	json_decref(body);
	return 0;
}

/* ---- who reviews, who awards ---------------------------------------------
 */

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
