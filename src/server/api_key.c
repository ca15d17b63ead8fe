/*
 * An organisation's signing keys and where verifiers find them:
 *
 *   GET  /api/v1/organisations/:id/keys   every key's public facts
 *   POST /api/v1/organisations/:id/keys   a new key (rotation)
 *   GET  /org/:id/did.json                the did:web document (public)
 *
 * Private keys never leave the library; these answers hold public facts
 * only.
 */
#include "api.h"

#include <string.h>

#include "api_util.h"
#include "auth.h"
#include "json_body.h"

/* ---- keys --------------------------------------------------------------- */

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
	return srv_resp_private_json(resp, 200, out);
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
	srv_resp_private_json(resp, 201, key_json(k));
	resp->location = srv_req_concat(
	    req, srv_req_concat(req, "/api/v1/organisations/", org), "/keys");
cleanup:
	mc_key_info_free(k);
	json_decref(body);
	return 0;
}

/* ---- the DID document --------------------------------------------------- */

/* 404 when the base URL is not https (no did:web) or the org is unknown. */
int srv_api_did_document(srv_req *req, srv_resp *resp)
{
	char *text = NULL;
	int error;

	if ((error = mc_did_document(req->store, &text, req->param[0])) < 0)
		return srv_resp_error(resp, req, error);
	return srv_resp_text(resp, text, SRV_CT_DID, 1);
}
