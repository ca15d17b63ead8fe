/*
 * Issued credentials:
 *
 *   POST /api/v1/microcredentials/:id/credentials   issue one
 *   GET  /api/v1/credentials?org=&mc=&offset=&limit=
 *   GET  /api/v1/learners?org=&offset=&limit=
 *   POST /api/v1/credentials/:uuid/revoke, /suspend, /reinstate
 *   GET  /credentials/:uuid          the bytes as issued (a browser gets
 *                                    the credential's page)
 *   GET  /credentials/:uuid/status   the live state an EDC names
 *
 * Rosters are in api_roster.c, the W3C VC API in api_vc.c and
 * api_verify.c.  As for the catalogue: who is asking first
 * (srv_auth_require()), then the body (415 / 400 naming the field), then
 * one library call; 422 lists every problem the library found.  The
 * library builds and signs every credential: what a client sends is only
 * the learner, the MC and a few options, never claims that we would sign
 * as given.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "api_util.h"
#include "auth.h"
#include "auth_mc.h"
#include "json_body.h"
#include "pages.h"
#include "seal_config.h"

/* Default and largest page of a list. */
#define PAGE_DEFAULT 50
#define PAGE_MAX     1000
/* Credentials read to group learners (one organisation). */
#define LEARNER_SCAN_MAX 100000
/* Longest revocation / suspension reason, bytes. */
#define REASON_MAX 1000

/* ---- issue one ---------------------------------------------------------- */

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
		srv_resp_private_json(resp, status,
				      json_pack("{s:s, s:s, s:s}", "id", c->id,
						"format", "vc-jwt", "jwt",
						c->data));
	else
		srv_resp_owned(resp, status, strdup(c->data),
			       c->format == MC_FORMAT_EDC
				   ? "application/jose+json"
				   : NULL);
	resp->location =
	    srv_req_concat(req, "/credentials/", srv_uuid_of(c->id));
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
	if (srv_body_member(resp, l, "learner", "name", &learner.name, 1) < 0 ||
	    srv_body_member(resp, l, "learner", "email", &learner.email, 0) <
		0 ||
	    srv_body_member(resp, l, "learner", "identifier",
			    &learner.identifier, 0) < 0 ||
	    srv_body_member(resp, l, "learner", "date_of_birth",
			    &learner.date_of_birth, 0) < 0 ||
	    srv_body_member(resp, l, "learner", "lang", &learner.lang, 0) < 0 ||
	    srv_body_issue_options(resp, body, "", &opts) < 0 ||
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

/* ---- lists -------------------------------------------------------------- */

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
	if (srv_query_number(req, resp, "offset", &offset, 0, 0, 1000000000) <
		0 ||
	    srv_query_number(req, resp, "limit", &limit, PAGE_DEFAULT, 1,
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
	return srv_resp_private_json(resp, 200, out);
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
	if (srv_query_number(req, resp, "offset", &offset, 0, 0, 1000000000) <
		0 ||
	    srv_query_number(req, resp, "limit", &limit, PAGE_DEFAULT, 1,
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
	return srv_resp_private_json(resp, 200, entry);
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
	srv_resp_private_json(resp, 200,
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

/* ---- what verifiers fetch ----------------------------------------------- */

int srv_api_credential_get(srv_req *req, srv_resp *resp)
{
	mc_credential *c = NULL;
	int error;

	if (srv_req_wants_html(req))
		return srv_page_credential(req, resp); /* the shareable page */
	if ((error = mc_credential_get(req->store, &c, req->param[0])) < 0) {
		srv_resp_error(resp, req, error);
	} else {
		/* The bytes exactly as issued and signed. */
		resp->content_type =
		    c->format == MC_FORMAT_VC_JWT ? SRV_CT_VC_JWT
		    : c->format == MC_FORMAT_EDC  ? SRV_CT_JOSE_JSON
						  : SRV_CT_VC_LD;
		if (srv_resp_json_text(resp, 200, c->data, c->len) == 0)
			srv_resp_etag(resp);
		else
			srv_resp_text(resp, NULL, NULL, 0);
	}
	mc_credential_free(c);
	return 0;
}

/* GET /credentials/:uuid/status: the live state an EDC's credentialStatus
 * names; never cached (it changes when the issuer revokes). */
int srv_api_credential_status_get(srv_req *req, srv_resp *resp)
{
	char *text = NULL;
	int error;

	if ((error = mc_credential_status_document(req->store, &text,
						   req->param[0])) < 0)
		return srv_resp_error(resp, req, error);
	resp->private_ = 1;
	return srv_resp_text(resp, text, "application/json", 0);
}
