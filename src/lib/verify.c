/*
 * Verifying a credential: a report of named checks, each passed, failed or
 * skipped with a reason, in the spirit of the Europass verifier (format,
 * seal, owner, revocation, expiry, accreditation).  Bad input never makes
 * this fail: it makes a check fail.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/credential.h"
#include "keys_private.h"
#include "fetch.h"
#include "jades.h"
#include "model.h"
#include "proof.h"
#include "status_private.h"
#include "store.h"
#include "timeutil.h"
#include "util.h"
#include "verify_private.h"

enum {
	C_FORMAT,
	C_PROOF,
	C_ISSUER,
	C_VALIDITY,
	C_STATUS,
	C_SCHEMA,
	C_TRUST,
	C_COUNT
};

static const char *const check_names[C_COUNT] = {
    "format", "proof", "issuer", "validity", "status", "schema", "trust"};

const struct mc__vmessage mc__vmessages_vc[] = {
    {"check.not_reached", MC_VERDICT_VALID, "not reached"},
    {NULL, MC_VERDICT_VALID, NULL}};

struct run {
	struct mc__vrun v;  /* the report and MC_ENOMEM */
	int network;	    /* other issuers' documents may be fetched */
	int remote_unknown; /* a needed check could not be done here */
};

static const char *issuer_of(const json_t *vc)
{
	const json_t *iss = json_object_get(vc, "issuer");

	return json_is_string(iss) ? json_string_value(iss)
				   : mc__vstr(iss, "id");
}

/* The format check: the VC Data Model's required shape. */
static int check_format(struct run *run, const json_t *vc, const char *how)
{
	const json_t *ctx = json_object_get(vc, "@context");
	const char *first = json_string_value(json_array_get(ctx, 0));
	const json_t *subject = json_object_get(vc, "credentialSubject");
	const char *why = NULL;

	if (!json_is_array(ctx) || !first)
		why = "@context: must be an array of URLs";
	else if (strcmp(first, "https://www.w3.org/ns/credentials/v2") != 0 &&
		 strcmp(first, "https://www.w3.org/2018/credentials/v1") != 0)
		why = "@context[0]: not a W3C credentials context";
	else if (!mc__vhas_type(vc, "VerifiableCredential"))
		why = "type: must include VerifiableCredential";
	else if (!issuer_of(vc))
		why = "issuer: missing (a URL, or an object with an id)";
	else if (!json_is_object(subject) && !json_is_array(subject))
		why = "credentialSubject: missing";
	else if (!mc__vstr(vc, "validFrom") && !mc__vstr(vc, "issuanceDate"))
		why = "validFrom: missing";
	if (why) {
		mc__vset(&run->v, C_FORMAT, MC_CHECK_FAILED, "%s", why);
		return -1;
	}
	mc__vset(&run->v, C_FORMAT, MC_CHECK_PASSED, "%s credential", how);
	return 0;
}

/* The proof check's result from a verifier's return code. */
static void proof_result(struct run *run, int error, const char *err,
			 const char *vm)
{
	if (error == 0)
		mc__vset(&run->v, C_PROOF, MC_CHECK_PASSED, "signed by %s", vm);
	else if (error == MC_ENOTFOUND) {
		mc__vset(&run->v, C_PROOF, MC_CHECK_SKIPPED,
			 "the signing key cannot be resolved here: %s", err);
		run->remote_unknown = 1;
	} else if (error == MC_ENOMEM)
		run->v.error = error;
	else
		mc__vset(&run->v, C_PROOF, MC_CHECK_FAILED, "%s", err);
}

/* Is the key `vm` the issuer's own? */
static void check_issuer(struct run *run, mc_store *store, const json_t *vc,
			 const char *vm)
{
	const char *iss = issuer_of(vc);
	size_t n = strlen(iss);

	if (run->v.r->checks[C_PROOF].result != MC_CHECK_PASSED) {
		mc__vset(&run->v, C_ISSUER, MC_CHECK_SKIPPED,
			 "no verified proof");
		return;
	}
	if ((strncmp(vm, iss, n) == 0 && (vm[n] == '#' || vm[n] == '\0')) ||
	    mc__key_of_issuer(store, vm, iss))
		mc__vset(&run->v, C_ISSUER, MC_CHECK_PASSED,
			 "the key belongs to the issuer %s", iss);
	else if (strncmp(iss, "did:", 4) == 0)
		mc__vset(&run->v, C_ISSUER, MC_CHECK_FAILED,
			 "signed by %s, which is not a key of the issuer %s",
			 vm, iss);
	else
		mc__vset(
		    &run->v, C_ISSUER, MC_CHECK_SKIPPED,
		    "the issuer %s is not a DID: that it controls %s cannot "
		    "be confirmed offline",
		    iss, vm);
}

static void check_validity(struct run *run, const json_t *vc,
			   const char *now_text)
{
	const char *from = mc__vstr(vc, "validFrom"),
		   *until = mc__vstr(vc, "validUntil");
	long long now, t;
	char buf[21];

	if (!from)
		from = mc__vstr(vc, "issuanceDate");
	if (!now_text) {
		mc__utc_now(buf);
		now_text = buf;
	}
	if (mc__timestamp_parse(now_text, &now) < 0) {
		mc__vset(&run->v, C_VALIDITY, MC_CHECK_SKIPPED,
			 "bad time of check");
		return;
	}
	if (!from || mc__timestamp_parse(from, &t) < 0)
		mc__vset(&run->v, C_VALIDITY, MC_CHECK_FAILED,
			 "validFrom: not an RFC 3339 date-time");
	else if (t > now)
		mc__vset(&run->v, C_VALIDITY, MC_CHECK_FAILED,
			 "not valid before %s", from);
	else if (until && mc__timestamp_parse(until, &t) < 0)
		mc__vset(&run->v, C_VALIDITY, MC_CHECK_FAILED,
			 "validUntil: not an RFC 3339 date-time");
	else if (until && t < now)
		mc__vset(&run->v, C_VALIDITY, MC_CHECK_FAILED, "expired on %s",
			 until);
	else
		mc__vset(&run->v, C_VALIDITY, MC_CHECK_PASSED,
			 "valid from %s%s%s", from, until ? " until " : "",
			 until ? until : "");
}

/* The Open Badges 3.0 JSON Schema's required members, with paths. */
static void check_schema(struct run *run, const json_t *vc, int jwt)
{
	const json_t *subject = json_object_get(vc, "credentialSubject");
	const json_t *ach = json_object_get(subject, "achievement");
	const json_t *ids = json_object_get(subject, "identifier"), *v;
	const char *why = NULL;
	static const char *const need[] = {"id", "type", "criteria",
					   "description", "name"};
	size_t i;

	if (!mc__vhas_type(vc, "OpenBadgeCredential") &&
	    !mc__vhas_type(vc, "AchievementCredential")) {
		mc__vset(&run->v, C_SCHEMA, MC_CHECK_SKIPPED,
			 "not an Open Badges credential");
		return;
	}
	if (!json_is_string(json_object_get(vc, "id")))
		why = "id: required";
	else if (json_object_get(vc, "credentialSchema") &&
		 !json_is_array(json_object_get(vc, "credentialSchema")))
		why = "credentialSchema: must be an array";
	else if (!jwt && json_object_get(vc, "proof") &&
		 !json_is_array(json_object_get(vc, "proof")))
		why = "proof: must be an array";
	else if (!json_is_object(subject) ||
		 !mc__vhas_type(subject, "AchievementSubject"))
		why = "credentialSubject.type: must include AchievementSubject";
	else if (!json_is_object(ach))
		why = "credentialSubject.achievement: required";
	else if (!mc__vhas_type(ach, "Achievement"))
		why = "credentialSubject.achievement.type: must include "
		      "Achievement";
	for (i = 0; !why && i < MC__ARRAY_SIZE(need); i++)
		if (!json_object_get(ach, need[i]))
			why = need[i];
	if (why && !strchr(why, ':') && !strchr(why, ' ')) {
		mc__vset(&run->v, C_SCHEMA, MC_CHECK_FAILED,
			 "credentialSubject.achievement.%s: required", why);
		return;
	}
	json_array_foreach(ids, i, v)
	{
		if (!why &&
		    (!mc__streq(mc__vstr(v, "type"), "IdentityObject") ||
		     !json_is_boolean(json_object_get(v, "hashed")) ||
		     !mc__vstr(v, "identityHash") ||
		     !mc__vstr(v, "identityType")))
			why = "credentialSubject.identifier: each must be an "
			      "IdentityObject with hashed, identityHash and "
			      "identityType";
	}
	if (why)
		mc__vset(&run->v, C_SCHEMA, MC_CHECK_FAILED, "%s", why);
	else
		mc__vset(&run->v, C_SCHEMA, MC_CHECK_PASSED,
			 "the members Open Badges 3.0 requires are present");
}

static void check_trust(struct run *run, const json_t *vc,
			const mc_verify_options *o)
{
	const char *iss = issuer_of(vc);
	size_t i;

	if (!o->trusted_issuers) {
		mc__vset(&run->v, C_TRUST, MC_CHECK_SKIPPED,
			 "no list of trusted issuers is configured");
		return;
	}
	for (i = 0; i < o->trusted_count; i++)
		if (mc__streq(o->trusted_issuers[i], iss))
			break;
	if (i == o->trusted_count)
		mc__vset(&run->v, C_TRUST, MC_CHECK_FAILED,
			 "the issuer %s is not on the list of trusted issuers",
			 iss);
	else if (run->v.r->checks[C_ISSUER].result != MC_CHECK_PASSED)
		mc__vset(&run->v, C_TRUST, MC_CHECK_FAILED,
			 "the issuer %s is trusted, but the credential is not "
			 "proven to be signed by it",
			 iss);
	else
		mc__vset(&run->v, C_TRUST, MC_CHECK_PASSED,
			 "%s is a trusted issuer", iss);
}

/* A compact JWS: base64url characters and exactly two dots. */
static int looks_like_jws(const char *s, size_t len)
{
	size_t i, dots = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '.')
			dots++;
		else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			   (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return dots == 2;
}

int mc_credential_verify(mc_store *store, mc_verify_report **out,
			 const char *data, size_t len,
			 const mc_verify_options *opts)
{
	mc_verify_options defaults = MC_VERIFY_OPTIONS_INIT;
	struct run run = {{NULL, 0}, 0, 0};
	json_t *vc = NULL;
	char err[512] = "", *vm_owned = NULL;
	const char *vm = NULL, *how;
	int error, jwt = 0;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (len > MC_CREDENTIAL_MAX)
		return MC_ETOOBIG;
	while (len && data[len - 1] && strchr(" \t\r\n", data[len - 1]))
		len--;
	while (len && *data && strchr(" \t\r\n", *data)) {
		data++;
		len--;
	}
	if (mc__jades_detect(data, len))
		return mc__verify_edc(store, out, data, len, opts);
	if ((error = mc__report_new(&run.v.r, check_names, C_COUNT)) < 0)
		return error;
	run.network = !opts->offline;
	if (len && data[0] == '{') {
		json_error_t jerr;

		how = "Data Integrity";
		/* jansson checks the UTF-8 while it parses; the scan for the
		 * offending byte is only for the message. */
		if (!(vc = json_loadb(data, len, JSON_REJECT_DUPLICATES,
				      &jerr)) &&
		    !mc__utf8_valid(data, len)) {
			mc__vset(&run.v, C_FORMAT, MC_CHECK_FAILED,
				 "not UTF-8 text: invalid byte at offset %zu",
				 mc__utf8_valid_prefix(data, len));
			goto done;
		}
		if (!vc || !json_is_object(vc)) {
			mc__vset(&run.v, C_FORMAT, MC_CHECK_FAILED,
				 "malformed JSON at line %d column %d: %s",
				 jerr.line, jerr.column,
				 vc ? "not an object" : jerr.text);
			goto done;
		}
		run.v.r->format = strdup("ob3+di");
		if (check_format(&run, vc, how) < 0)
			goto done;
		error = mc__di_verify(vc, store, run.network, &vm, err,
				      sizeof(err));
	} else if (looks_like_jws(data, len)) {
		how = "VC-JWT";
		jwt = 1;
		run.v.r->format = strdup("vc-jwt");
		error = mc__jwt_verify(&vc, data, len, store, run.network,
				       &vm_owned, err, sizeof(err));
		vm = vm_owned;
		if (!vc) {
			mc__vset(&run.v, C_FORMAT, MC_CHECK_FAILED, "%s", err);
			goto done;
		}
		if (check_format(&run, vc, how) < 0)
			goto done;
	} else {
		mc__vset(&run.v, C_FORMAT, MC_CHECK_FAILED,
			 "neither a JSON credential nor a compact JWS");
		goto done;
	}
	run.v.r->id = mc__strdup(mc__vstr(vc, "id"));
	run.v.r->issuer = mc__strdup(issuer_of(vc));
	proof_result(&run, error, err, vm ? vm : "?");
	check_issuer(&run, store, vc, vm ? vm : "");
	check_validity(&run, vc, opts->now);
	mc__check_status(&run.v, C_STATUS, store, vc, NULL,
			 run.v.r->checks[C_ISSUER].result == MC_CHECK_PASSED
			     ? run.v.r->issuer
			     : NULL,
			 run.network);
	check_schema(&run, vc, jwt);
	check_trust(&run, vc, opts);

done:
	run.v.r->verdict = mc__verdict_of(run.v.r);
	if (run.v.r->verdict == MC_VERDICT_VALID &&
	    (run.remote_unknown ||
	     run.v.r->checks[C_PROOF].result != MC_CHECK_PASSED))
		run.v.r->verdict = MC_VERDICT_UNKNOWN;
	json_decref(vc);
	free(vm_owned);
	if (run.v.error) {
		mc_verify_report_free(run.v.r);
		return run.v.error;
	}
	*out = run.v.r;
	return 0;
}

