/*
 * The W3C VC API's writes:
 *
 *   POST /credentials/issue    {"credential", "options"}: issue one of our
 *                              published MCs to the learner it names
 *   POST /credentials/status   revoke, suspend or reinstate a credential
 *
 * (POST /credentials/verify is in api_verify.c.)  Bodies are read as
 * credentials are read (mc_credential_json_parse(): any JSON number, duplicate
 * names refused).  Nothing a caller claims is signed as given: the library
 * builds the credential from the catalogue.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_util.h"
#include "auth.h"
#include "auth_mc.h"
#include "json_body.h"

/* ---- issue -------------------------------------------------------------- */

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
 * (mc_credential_json_parse(): any JSON number, duplicate names refused).  NULL
 * after a 415 or 400.
 */
static json_t *vc_body(srv_req *req, srv_resp *resp)
{
	json_error_t jerr;
	json_t *body;
	char why[300];

	if (!srv_req_content_type_is(req, "application/json") &&
	    !srv_req_content_type_is(req, "application/ld+json")) {
		srv_resp_problem(resp, 415, "Unsupported Media Type",
				 "the body must be application/json", NULL);
		return NULL;
	}
	if (!(body =
		  mc_credential_json_parse(req->body, req->body_len, &jerr))) {
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
	if (srv_body_member(resp, from, p, "name", &l->name, 0) < 0 ||
	    srv_body_member(resp, from, p, "email", &l->email, 0) < 0 ||
	    srv_body_member(resp, from, p, "birthDate", &l->date_of_birth, 0) <
		0)
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
	    srv_body_member(resp, subject, "credential.credentialSubject", "id",
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
	    srv_body_member(resp, options, "options", "mc", &ref, 0) < 0)
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
	if (srv_body_issue_options(resp, options, "options", &opts) < 0 ||
	    srv_body_member(resp, cred, "credential", "validUntil",
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
	srv_resp_private_json(resp, c->created ? 201 : 200,
			      json_pack("{s:o}", "verifiableCredential", vc));
	resp->location =
	    srv_req_concat(req, "/credentials/", srv_uuid_of(c->id));
cleanup:
	mc_problems_clear(&problems);
	mc_microcred_free(mc);
	mc_credential_free(c);
	json_decref(body);
	return 0;
}

/* ---- status ------------------------------------------------------------- */

/* The wanted state from one status entry; -1 after answering 400. */
static int wanted_state(srv_resp *resp, json_t *body, mc_credential_state *out)
{
	json_t *cs = json_object_get(body, "credentialStatus"), *entry;
	const char *type, *s, *purpose;

	if (json_is_array(cs)) {
		if (json_array_size(cs) != 1)
			return srv_param_reject(
			    resp, "credentialStatus",
			    "exactly one entry is supported");
		entry = json_array_get(cs, 0);
	} else {
		entry = cs;
	}
	if (!json_is_object(entry))
		return srv_param_reject(resp, "credentialStatus",
					entry ? "must be an array of objects"
					      : "required");
	type = json_string_value(json_object_get(entry, "type"));
	if (!type || (strcmp(type, "BitstringStatusListEntry") != 0 &&
		      strcmp(type, "BitstringStatusList") != 0))
		return srv_param_reject(resp, "credentialStatus[0].type",
					"must be BitstringStatusListEntry");
	if ((s = json_string_value(json_object_get(entry, "status")))) {
		if (strcmp(s, "revoked") == 0)
			*out = MC_CRED_REVOKED;
		else if (strcmp(s, "suspended") == 0)
			*out = MC_CRED_SUSPENDED;
		else if (strcmp(s, "active") == 0)
			*out = MC_CRED_ACTIVE;
		else
			return srv_param_reject(resp,
						"credentialStatus[0].status",
						"must be revoked, suspended or "
						"active");
		return 0;
	}
	/* The VCALM form: {"statusPurpose"} in the entry, "status": bool. */
	purpose = json_string_value(json_object_get(entry, "statusPurpose"));
	if (!purpose || !json_is_boolean(json_object_get(body, "status")))
		return srv_param_reject(
		    resp, "credentialStatus[0].status",
		    "required: revoked, suspended or active");
	if (strcmp(purpose, "revocation") != 0 &&
	    strcmp(purpose, "suspension") != 0)
		return srv_param_reject(resp, "credentialStatus.statusPurpose",
					"must be revocation or suspension");
	if (!json_is_true(json_object_get(body, "status")))
		*out = MC_CRED_ACTIVE;
	else if (strcmp(purpose, "revocation") == 0)
		*out = MC_CRED_REVOKED;
	else
		*out = MC_CRED_SUSPENDED;
	return 0;
}

/*
 * POST /credentials/status: revoke, suspend or reinstate a credential, as
 * an issuer or admin of the organisation that issued it.
 */
int srv_api_credential_status(srv_req *req, srv_resp *resp)
{
	mc_credential_state state;
	mc_credential *cred = NULL;
	json_t *body = NULL, *options;
	const char *id, *reason = "via VC API";
	int error;

	if (!srv_auth_who(req))
		return srv_auth_signed_in(req, resp); /* 401 before parsing */
	if (!(body = srv_body_vc_object(req, resp)))
		return 0;
	if (!(id = json_string_value(json_object_get(body, "credentialId"))) ||
	    !*id) {
		srv_param_bad(resp, "credentialId", "required");
		goto cleanup;
	}
	if ((error = mc_credential_get(req->store, &cred, id)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	if (srv_auth_require(req, resp, MC_ACT_CRED_STATUS, cred->org_id,
			     NULL) < 0)
		goto cleanup;
	/* The audit entry is written after this returns: arena copies. */
	req->audit_org = srv_arena_strdup(req->arena, cred->org_id);
	req->audit_subject = srv_arena_strdup(req->arena, id);
	options = json_object_get(body, "options");
	if (options && json_is_string(json_object_get(options, "reason")))
		reason = json_string_value(json_object_get(options, "reason"));
	if (wanted_state(resp, body, &state) < 0)
		goto cleanup;
	req->audit_reason = srv_arena_strdup(req->arena, reason);
	if ((error = mc_credential_set_state(req->store, id, state, reason,
					     srv_auth_who(req)->actor)) < 0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	srv_resp_json(resp, 200,
		      json_pack("{s:s, s:s}", "credentialId", id, "status",
				mc_credential_state_name(state)));
cleanup:
	mc_credential_free(cred);
	json_decref(body);
	return 0;
}
