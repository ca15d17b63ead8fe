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

static const char *const result_names[] = {"passed", "failed", "skipped"};

const char *mc_check_result_name(mc_check_result r)
{
	return (unsigned)r < MC__ARRAY_SIZE(result_names) ? result_names[r]
							  : "unknown";
}

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

/* Fetch another issuer's status list credential, check that it is
 * authentic (its proof, its issuer is the credential's, its purpose), and
 * read bit `idx`.  Returns 1 when the check was set (failed or unknown),
 * 0 with *checked counted when the bit is clear. */
static int remote_entry(struct run *run, const json_t *e, const char *purpose,
			const char *url, unsigned long long idx,
			size_t *checked)
{
	mc_verify_options o = MC_VERIFY_OPTIONS_INIT;
	mc_verify_report *r = NULL;
	unsigned char *bits = NULL;
	size_t len, nbytes = 0;
	char *body = NULL, err[300] = "";
	json_t *list = NULL, *subject;
	const char *vc_issuer = run->v.r->issuer;
	int error, result = 1;

	(void)e;
	if (!run->network)
		return 0; /* counted as not checked by the caller */
	if ((error = mc__fetch(&body, &len, url, MC__FETCH_MAX, err,
			       sizeof(err))) < 0) {
		mc__vset(&run->v, C_STATUS, MC_CHECK_SKIPPED,
			 "the status list could not be fetched: %s", err);
		run->remote_unknown = 1;
		goto cleanup;
	}
	o.offline = 0;
	if ((error = mc_credential_verify(NULL, &r, body, len, &o)) < 0) {
		run->v.error = error == MC_ENOMEM ? error : 0;
		mc__vset(&run->v, C_STATUS, MC_CHECK_FAILED,
			 "status list %s: %s", url, mc_error_str(error));
		goto cleanup;
	}
	list = json_loadb(body, len, 0, NULL);
	subject = json_object_get(list, "credentialSubject");
	if (r->verdict != MC_VERDICT_VALID || !r->issuer || !vc_issuer ||
	    strcmp(r->issuer, vc_issuer) != 0 ||
	    !mc__vhas_type(list, "BitstringStatusListCredential") ||
	    !mc__streq(mc__vstr(subject, "statusPurpose"), purpose)) {
		mc__vset(&run->v, C_STATUS, MC_CHECK_FAILED,
			 "the status list at %s is not an authentic %s list of "
			 "the issuer",
			 url, purpose);
		goto cleanup;
	}
	if (mc__bitstring_decode(&bits, &nbytes,
				 mc__vstr(subject, "encodedList"),
				 16u * 1024 * 1024, err, sizeof(err)) < 0) {
		mc__vset(&run->v, C_STATUS, MC_CHECK_FAILED,
			 "status list %s: %s", url, err);
		goto cleanup;
	}
	if (idx >= (unsigned long long)nbytes * 8) {
		mc__vset(
		    &run->v, C_STATUS, MC_CHECK_FAILED,
		    "statusListIndex %llu: out of range (the list has %zu)",
		    idx, nbytes * 8);
		goto cleanup;
	}
	if ((bits[idx / 8] >> (7 - idx % 8)) & 1) {
		mc__vset(&run->v, C_STATUS, MC_CHECK_FAILED, "%s by the issuer",
			 strcmp(purpose, "revocation") == 0 ? "revoked"
							    : "suspended");
		goto cleanup;
	}
	(*checked)++;
	result = 0;

cleanup:
	mc_verify_report_free(r);
	json_decref(list);
	free(body);
	free(bits);
	return result;
}

/* One BitstringStatusListEntry; returns 1 when it says the credential is
 * not in good standing (the check is then set), 0 otherwise. */
static int status_entry(struct run *run, mc_store *store, const json_t *e,
			size_t *checked)
{
	const char *purpose = mc__vstr(e, "statusPurpose");
	const char *index = mc__vstr(e, "statusListIndex");
	const char *url = mc__vstr(e, "statusListCredential");
	char *end;
	unsigned long long idx;
	int bit = 0, error;

	if (!mc__streq(mc__vstr(e, "type"), "BitstringStatusListEntry") ||
	    !purpose || !index || !url) {
		mc__vset(
		    &run->v, C_STATUS, MC_CHECK_FAILED,
		    "credentialStatus: a BitstringStatusListEntry needs "
		    "statusPurpose, statusListIndex and statusListCredential");
		return 1;
	}
	idx = strtoull(index, &end, 10);
	if (!*index || *end || index[0] == '-' || idx >= (1ULL << 40)) {
		mc__vset(&run->v, C_STATUS, MC_CHECK_FAILED,
			 "statusListIndex: '%.40s' is not an index", index);
		return 1;
	}
	if (!store || strncmp(url, store->base_url, strlen(store->base_url)))
		return remote_entry(run, e, purpose, url, idx, checked);
	error = mc__status_bit(store, &bit, url, (size_t)idx);
	if (error == MC_ENOTFOUND || error == MC_EINVALID) {
		mc__vset(&run->v, C_STATUS, MC_CHECK_FAILED,
			 error == MC_ENOTFOUND
			     ? "status list %s: not found"
			     : "statusListIndex %s: out of range",
			 error == MC_ENOTFOUND ? url : index);
		return 1;
	}
	if (error < 0) {
		mc__vset(&run->v, C_STATUS, MC_CHECK_SKIPPED,
			 "status list unreadable");
		run->remote_unknown = 1;
		return 1;
	}
	(*checked)++;
	if (bit) {
		mc__vset(&run->v, C_STATUS, MC_CHECK_FAILED, "%s",
			 strcmp(purpose, "revocation") == 0
			     ? "revoked by the issuer"
			     : "suspended by the "
			       "issuer");
		return 1;
	}
	return 0;
}

static void check_status(struct run *run, mc_store *store, const json_t *vc,
			 int offline)
{
	const json_t *st = json_object_get(vc, "credentialStatus"), *e;
	const char *id = mc__vstr(vc, "id");
	mc_credential_state state;
	size_t i, n, checked = 0;

	/* Our own credential: both its revocation and its suspension entry
	 * are in the store, whatever the document carries. */
	if (store && id &&
	    strncmp(id, store->base_url, strlen(store->base_url)) == 0 &&
	    mc_credential_state_get(store, &state, id) == 0) {
		if (state == MC_CRED_ACTIVE)
			mc__vset(
			    &run->v, C_STATUS, MC_CHECK_PASSED,
			    "neither revoked nor suspended (checked with the "
			    "issuing platform)");
		else
			mc__vset(&run->v, C_STATUS, MC_CHECK_FAILED,
				 "%s by the issuer",
				 mc_credential_state_name(state));
		return;
	}

	if (!st) {
		mc__vset(&run->v, C_STATUS, MC_CHECK_SKIPPED,
			 "the credential has no status entry");
		return;
	}
	n = json_is_array(st) ? json_array_size(st) : 1;
	for (i = 0; i < n; i++) {
		e = json_is_array(st) ? json_array_get(st, i) : st;
		if (status_entry(run, store, e, &checked))
			return;
	}
	if (checked == n) {
		mc__vset(&run->v, C_STATUS, MC_CHECK_PASSED,
			 "neither revoked nor suspended");
		return;
	}
	mc__vset(&run->v, C_STATUS, MC_CHECK_SKIPPED,
		 "the status list is published elsewhere and %s",
		 offline ? "the network is not to be used" : "was not reached");
	run->remote_unknown = 1;
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

void mc__vset(struct mc__vrun *run, int check, mc_check_result res,
	      const char *fmt, ...)
{
	mc_check *c = &run->r->checks[check];
	va_list ap;

	c->result = res;
	free(c->reason);
	va_start(ap, fmt);
	c->reason = mc__vasprintf(fmt, ap);
	va_end(ap);
	if (!c->reason) {
		run->error = MC_ENOMEM;
		return;
	}
	/* Reasons quote the input (a parser's "near '...'" may cut a
	 * character in two): each byte of a broken sequence becomes '?', so
	 * the report stays UTF-8 and its JSON keeps every check. */
	{
		size_t len = strlen(c->reason), i = 0;

		while ((i += mc__utf8_valid_prefix(c->reason + i, len - i)) <
		       len)
			c->reason[i++] = '?';
	}
}

const char *mc__vstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

int mc__vhas_type(const json_t *o, const char *type)
{
	const json_t *t = json_object_get(o, "type"), *v;
	size_t i;

	if (json_is_string(t))
		return strcmp(json_string_value(t), type) == 0;
	json_array_foreach(t, i, v)
	{
		if (mc__streq(json_string_value(v), type))
			return 1;
	}
	return 0;
}

int mc__report_new(mc_verify_report **out, const char *const *names,
		   size_t count)
{
	mc_verify_report *r = calloc(1, sizeof(*r));
	size_t i;

	if (!r || !(r->checks = calloc(count, sizeof(*r->checks)))) {
		free(r);
		return MC_ENOMEM;
	}
	r->count = count;
	for (i = 0; i < count; i++) {
		r->checks[i].name = names[i];
		r->checks[i].result = MC_CHECK_SKIPPED;
		if (!(r->checks[i].reason = strdup("not reached"))) {
			mc_verify_report_free(r);
			return MC_ENOMEM;
		}
	}
	*out = r;
	return 0;
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
	int error, jwt = 0, i;

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
	check_status(&run, store, vc, opts->offline);
	check_schema(&run, vc, jwt);
	check_trust(&run, vc, opts);

done:
	run.v.r->verdict = MC_VERDICT_VALID;
	for (i = 0; i < C_COUNT; i++)
		if (run.v.r->checks[i].result == MC_CHECK_FAILED)
			run.v.r->verdict = MC_VERDICT_INVALID;
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

void mc_verify_report_free(mc_verify_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; r->checks && i < r->count; i++)
		free(r->checks[i].reason);
	free(r->checks);
	free(r->format);
	free(r->id);
	free(r->issuer);
	free(r);
}

int mc_verify_report_to_json(char **out, const mc_verify_report *r)
{
	static const char *const verdicts[] = {"valid", "invalid", "unknown"};
	json_t *root, *checks = json_array();
	size_t i;

	*out = NULL;
	for (i = 0; checks && i < r->count; i++)
		if (json_array_append_new(
			checks,
			json_pack(
			    "{s:s, s:s, s:s}", "check", r->checks[i].name,
			    "result", mc_check_result_name(r->checks[i].result),
			    "reason",
			    r->checks[i].reason ? r->checks[i].reason : ""))) {
			/* Never a report with checks left out. */
			json_decref(checks);
			return MC_ENOMEM;
		}
	root = json_pack("{s:b, s:s, s:s?, s:s?, s:s?, s:o}", "verified",
			 r->verdict == MC_VERDICT_VALID, "verdict",
			 verdicts[r->verdict], "format", r->format, "id", r->id,
			 "issuer", r->issuer, "checks", checks);
	if (root)
		*out = mc__json_dump(root);
	json_decref(root);
	return *out ? 0 : MC_ENOMEM;
}
