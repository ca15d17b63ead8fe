/*
 * An MC's way from draft to retirement, and its record:
 *
 *   POST /api/v1/microcredentials/:id/submit    designer: to review
 *   POST /api/v1/microcredentials/:id/approve   reviewer
 *   POST /api/v1/microcredentials/:id/return    reviewer: back to draft
 *   POST /api/v1/microcredentials/:id/publish
 *   POST /api/v1/microcredentials/:id/retire
 *   POST /api/v1/microcredentials/:id/adapt     a copy for another provider
 *   GET  /api/v1/microcredentials/:id/history   saves, steps and comments
 *   POST /api/v1/microcredentials/:id/comments  a review comment
 *
 * Each step is checked for the MC first (srv_auth_require_mc(): an MC the
 * caller may read no version of answers 404 as one that does not exist),
 * then the optional {"note"}, then one library call with the principal's
 * actor, which the MC's history records.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "api_util.h"
#include "auth.h"
#include "auth_mc.h"
#include "json_body.h"

/* Longest lifecycle note or review comment, bytes (as the library's). */
#define NOTE_MAX 4000

/* ---- lifecycle ---------------------------------------------------------- */

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

/* ---- history and comments ----------------------------------------------- */

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
