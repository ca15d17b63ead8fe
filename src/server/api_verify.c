/*
 * POST /credentials/verify (the W3C VC API): verify a credential given as
 * JSON, a VC-JWT or an EnvelopedVerifiableCredential, and answer the
 * whole report.  Anyone may call it (rate-limited per address); it is
 * never audited, and never fetches URLs a caller chose.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_util.h"
#include "auth.h"
#include "seal_config.h"

/* ---- which checks ------------------------------------------------------- */

/*
 * The checks a caller may name in options.checks: our check names, and
 * the VC API's usual names for two of them.  `check` is the report's name.
 */
static const struct {
	const char *name;
	const char *check;
} check_names[] = {{"format", "format"},
		   {"proof", "proof"},
		   {"issuer", "issuer"},
		   {"validity", "validity"},
		   {"expiration", "validity"},
		   {"status", "status"},
		   {"credentialStatus", "status"},
		   {"schema", "schema"},
		   {"trust", "trust"},
		   {"owner", "owner"}};

/* The report's check name for a caller's `name`, or NULL if unknown. */
static const char *check_of(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(check_names) / sizeof(check_names[0]); i++)
		if (strcmp(check_names[i].name, name) == 0)
			return check_names[i].check;
	return NULL;
}

/*
 * options.checks: NULL (absent) or an array of known check names.
 * Returns 0, or -1 after a 400 naming every unknown one.
 */
static int checks_option(srv_resp *resp, json_t *options, json_t **out)
{
	json_t *checks = json_object_get(options, "checks"), *v;
	char unknown[300] = "", why[512];
	size_t i, n = 0;

	*out = NULL;
	if (!checks || json_is_null(checks))
		return 0;
	if (!json_is_array(checks))
		return srv_param_reject(resp, "options.checks",
					"must be an array of check names");
	json_array_foreach(checks, i, v)
	{
		const char *name = json_string_value(v);

		if (!name)
			return srv_param_reject(
			    resp, "options.checks",
			    "must be an array of check names");
		if (check_of(name))
			continue;
		n += (size_t)snprintf(
		    unknown + n, n < sizeof(unknown) ? sizeof(unknown) - n : 0,
		    "%s'%.60s'", n ? ", " : "", name);
		if (n >= sizeof(unknown))
			n = sizeof(unknown) - 1;
	}
	if (*unknown) {
		snprintf(
		    why, sizeof(why),
		    "unknown check %s; supported: proof, status, "
		    "expiration (validity), issuer, format, schema, trust, "
		    "owner",
		    unknown);
		return srv_param_reject(resp, "options.checks", why);
	}
	*out = checks;
	return 0;
}

/* Non-zero if report check `check` is named by `wanted` (NULL: all). */
static int wanted_check(const json_t *wanted, const char *check)
{
	const json_t *v;
	size_t i;

	if (!wanted)
		return 1;
	json_array_foreach((json_t *)wanted, i, v)
	{
		if (strcmp(check_of(json_string_value(v)), check) == 0)
			return 1;
	}
	return 0;
}

/* ---- the answer --------------------------------------------------------- */

/*
 * The verify answer: {"verified", "verdictName" (mc_verdict_name()),
 * "checks" (names of the checks passed, among those `wanted` names when
 * given), "warnings" and "errors" ("check: reason" of those skipped and
 * failed), "problemDetails" (VCALM), "report" (the whole
 * mc_verify_report)}.
 */
static json_t *verify_result(const mc_verify_report *r, const json_t *wanted)
{
	json_t *out, *checks, *warnings, *errors, *problems, *report = NULL;
	char *text = NULL, line[512];
	size_t i;

	if (mc_verify_report_to_json(&text, r) == 0)
		report = json_loads(text, 0, NULL);
	free(text);
	out = json_pack("{s:b, s:s, s:[], s:[], s:[], s:[], s:o*}", "verified",
			r->verdict == MC_VERDICT_VALID, "verdictName",
			mc_verdict_name(r->verdict), "checks", "warnings",
			"errors", "problemDetails", "report", report);
	if (!out)
		return NULL;
	checks = json_object_get(out, "checks");
	warnings = json_object_get(out, "warnings");
	errors = json_object_get(out, "errors");
	problems = json_object_get(out, "problemDetails");
	for (i = 0; i < r->count; i++) {
		const mc_check *c = &r->checks[i];

		snprintf(line, sizeof(line), "%s: %s", c->name,
			 c->reason ? c->reason
				   : mc_check_result_name(c->result));
		if (c->result == MC_CHECK_PASSED) {
			if (wanted_check(wanted, c->name))
				json_array_append_new(checks,
						      json_string(c->name));
		} else if (c->result == MC_CHECK_SKIPPED) {
			json_array_append_new(warnings, json_string(line));
		} else {
			json_array_append_new(errors, json_string(line));
			json_array_append_new(
			    problems,
			    json_pack("{s:s, s:s, s:s}", "type",
				      "https://www.w3.org/TR/vc-data-model-2.0/"
				      "#VERIFICATION_ERROR",
				      "title", c->name, "detail", line));
		}
	}
	return out;
}

/*
 * The HTTP status of a verification: 200 when the credential verifies;
 * 400 when the input is not a credential of any format we read (no
 * format recognised); 422 for every other verdict (forged, revoked,
 * expired, cannot tell ...).  The body is the same report either way.
 */
static unsigned verify_status(const mc_verify_report *r)
{
	if (r->verdict == MC_VERDICT_VALID)
		return 200;
	return r->format ? 422 : 400;
}

/*
 * POST /credentials/verify: {"verifiableCredential": <object, JWT string
 * or EnvelopedVerifiableCredential>, "options": {"checks": [...]}}, or a
 * raw VC-JWT with Content-Type application/vc+jwt.  200 when it verifies,
 * 422 when it does not, 400 when the input is not a credential at all or
 * the request is malformed; the result (verify_result()) is the body
 * whatever the verdict.  options.checks names the checks the answer's
 * "checks" reports on; every check always runs and counts, so no option
 * makes a forged, revoked or expired credential verify.  Verification is
 * offline: the server never fetches URLs a caller chose (our own did:web
 * keys and status lists come from the store).
 */
int srv_api_credential_verify(srv_req *req, srv_resp *resp)
{
	mc_verify_options opts = MC_VERIFY_OPTIONS_INIT;
	mc_verify_report *r = NULL;
	json_t *body = NULL, *vc, *options, *wanted = NULL;
	const char *data;
	char *text = NULL;
	size_t len;
	int error;

	srv_seal_config_verify(&opts); /* EDC: anchors, accreditation */
	if (srv_rate_take(req, resp, SRV_RATE_VERIFY) < 0)
		return 0;
	if (srv_req_content_type_is(req, SRV_CT_VC_JWT) ||
	    srv_req_content_type_is(req, "application/jwt")) {
		data = req->body;
		len = req->body_len;
		while (len && strchr(" \t\r\n", data[len - 1]))
			len--;
	} else {
		if (!(body = srv_body_vc_object(req, resp)))
			return 0;
		options = json_object_get(body, "options");
		if (options && !json_is_null(options) &&
		    !json_is_object(options)) {
			srv_param_bad(resp, "options", "must be an object");
			goto cleanup;
		}
		if (checks_option(resp, options, &wanted) < 0)
			goto cleanup;
		vc = json_object_get(body, "verifiableCredential");
		if (json_is_object(vc) &&
		    json_is_string(json_object_get(vc, "id")) &&
		    strncmp(json_string_value(json_object_get(vc, "id")),
			    "data:application/vc+jwt,", 24) == 0)
			vc = json_object_get(vc, "id"); /* enveloped */
		if (json_is_string(vc)) {
			data = json_string_value(vc);
			if (strncmp(data, "data:application/vc+jwt,", 24) == 0)
				data += 24;
			len = strlen(data);
		} else if (json_is_object(vc)) {
			text =
			    json_dumps(vc, JSON_COMPACT | JSON_PRESERVE_ORDER);
			if (!text) {
				srv_resp_text(resp, NULL, NULL, 0);
				goto cleanup;
			}
			data = text;
			len = strlen(text);
		} else {
			srv_param_bad(
			    resp, "verifiableCredential",
			    vc ? "must be an object or a VC-JWT string"
			       : "required");
			goto cleanup;
		}
	}
	if (len == 0) {
		srv_param_bad(resp, "verifiableCredential", "empty");
		goto cleanup;
	}
	if ((error = mc_credential_verify(req->store, &r, data, len, &opts)) <
	    0) {
		srv_resp_error(resp, req, error);
		goto cleanup;
	}
	srv_resp_json(resp, verify_status(r), verify_result(r, wanted));
cleanup:
	mc_verify_report_free(r);
	free(text);
	json_decref(body);
	return 0;
}
