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

#include "microcred/catalogue.h"
#include "microcred/credential.h"
#include "keys/keys_private.h"
#include "util/fetch.h"
#include "crypto/jades.h"
#include "model/model.h"
#include "proof.h"
#include "status_private.h"
#include "store/store.h"
#include "util/timeutil.h"
#include "util/util.h"
#include "verify_private.h"

enum {
	C_FORMAT,
	C_PROOF,
	C_ISSUER,
	C_VALIDITY,
	C_STATUS,
	C_SCHEMA,
	C_TRUST,
	C_OWNER,
	C_COUNT
};

static const char *const check_names[C_COUNT] = {"format",   "proof",  "issuer",
						 "validity", "status", "schema",
						 "trust",    "owner"};

#define VC2_CONTEXT "https://www.w3.org/ns/credentials/v2"
#define VC1_CONTEXT "https://www.w3.org/2018/credentials/v1"

const struct mc__vmessage mc__vmessages_vc[] = {
    {"check.not_reached", MC_VERDICT_VALID, "not reached"},
    /* format */
    {"format.ok", MC_VERDICT_VALID, "a {how} credential"},
    {"format.not_utf8", MC_VERDICT_INVALID,
     "not UTF-8 text: invalid byte at offset {offset}"},
    {"format.bad_json", MC_VERDICT_INVALID,
     "malformed JSON at line {line} column {column}: {error}"},
    {"format.not_object", MC_VERDICT_INVALID,
     "the JSON is not an object, so not a credential"},
    {"format.unrecognised", MC_VERDICT_INVALID,
     "neither a JSON credential, a compact JWS nor a sealed EDC"},
    {"format.jwt", MC_VERDICT_INVALID, "not a VC-JWT: {error}"},
    {"format.context", MC_VERDICT_INVALID,
     "@context: must be a URL or an array of URLs, the first the W3C "
     "credentials context"},
    {"format.context_first", MC_VERDICT_INVALID,
     "@context: the first context {context} is not the W3C credentials "
     "context"},
    {"format.type", MC_VERDICT_INVALID,
     "type: must include VerifiableCredential"},
    {"format.issuer", MC_VERDICT_INVALID,
     "issuer: missing (a URL, or an object with an id)"},
    {"format.subject", MC_VERDICT_INVALID, "credentialSubject: missing"},
    {"format.issuance_date", MC_VERDICT_INVALID,
     "issuanceDate: missing (required by VC Data Model 1.1)"},
    /* proof */
    {"proof.ok", MC_VERDICT_VALID, "signed by {vm}"},
    {"proof.missing", MC_VERDICT_INVALID,
     "the credential carries no proof, so nothing shows who issued it"},
    {"proof.unsupported", MC_VERDICT_UNKNOWN,
     "the proof is of a kind this verifier does not check ({suite}): ask "
     "for the credential signed with eddsa-rdfc-2022, eddsa-jcs-2022, "
     "ecdsa-rdfc-2019 or ecdsa-jcs-2019, or as a VC-JWT"},
    {"proof.unresolved", MC_VERDICT_UNKNOWN,
     "the signing key cannot be found here: {error}"},
    {"proof.offline", MC_VERDICT_UNKNOWN,
     "the signing key is published on the issuer's site, and this check "
     "may not use the network: {error}"},
    {"proof.bad_signature", MC_VERDICT_FORGED,
     "the signature does not match: the credential was altered or signed "
     "by another key ({vm})"},
    {"proof.malformed", MC_VERDICT_FORGED, "the proof is broken: {error}"},
    {"proof.unknown_context", MC_VERDICT_UNKNOWN,
     "the credential uses a JSON-LD context this verifier does not hold, "
     "and it fetches none: {context}"},
    {"proof.too_complex", MC_VERDICT_UNKNOWN,
     "the credential is too complex to canonicalise within this "
     "verifier's limits: {error}"},
    {"proof.undefined_term", MC_VERDICT_INVALID,
     "{term}: no context of the credential defines it, so the signature "
     "cannot cover it"},
    /* validity */
    {"validity.ok", MC_VERDICT_VALID, "valid from {from}"},
    {"validity.ok_until", MC_VERDICT_VALID, "valid from {from} until {until}"},
    {"validity.open", MC_VERDICT_VALID,
     "the credential states no period of validity"},
    {"validity.bad_from", MC_VERDICT_INVALID,
     "{member}: {value} is not an RFC 3339 date-time"},
    {"validity.bad_until", MC_VERDICT_INVALID,
     "{member}: {value} is not an RFC 3339 date-time"},
    {"validity.not_yet", MC_VERDICT_NOT_YET_VALID, "not valid before {from}"},
    {"validity.expired", MC_VERDICT_EXPIRED, "expired on {until}"},
    {"validity.bad_now", MC_VERDICT_UNKNOWN,
     "the time of the check {value} is not an RFC 3339 date-time"},
    /* schema */
    {"schema.not_ob", MC_VERDICT_VALID, "not an Open Badges credential"},
    {"schema.ok", MC_VERDICT_VALID,
     "the members Open Badges 3.0 requires are present"},
    {"schema.missing", MC_VERDICT_INVALID, "{path}: required"},
    {"schema.wrong_type", MC_VERDICT_INVALID, "{path}: must include {type}"},
    {"schema.identifier", MC_VERDICT_INVALID,
     "credentialSubject.identifier: each must be an IdentityObject with "
     "hashed, identityHash and identityType"},
    /* trust */
    {"trust.no_list", MC_VERDICT_VALID,
     "no list of trusted issuers is configured"},
    {"trust.listed", MC_VERDICT_VALID, "{issuer} is a trusted issuer"},
    {"trust.not_listed", MC_VERDICT_UNKNOWN,
     "the issuer {issuer} is not on your list of trusted issuers"},
    {"trust.not_proven", MC_VERDICT_UNKNOWN,
     "the issuer {issuer} is trusted, but the credential is not proven to "
     "be signed by it"},
    /* owner */
    {"owner.not_asked", MC_VERDICT_VALID,
     "no holder's name was given to compare"},
    {"owner.match", MC_VERDICT_VALID, "issued to {owner}"},
    {"owner.mismatch", MC_VERDICT_UNKNOWN,
     "issued to {learner}, which is not {owner} as written: compare an "
     "identity document (the name may be spelt in another script)"},
    {"owner.unknown", MC_VERDICT_UNKNOWN,
     "the credential does not name its holder in a way that can be "
     "compared with {owner}"},
    {NULL, MC_VERDICT_VALID, NULL}};

struct run {
	struct mc__vrun v; /* the report and MC_ENOMEM */
	int network;	   /* other issuers' documents may be fetched */
	int vc1;	   /* VC Data Model 1.1 */
};

static const char *issuer_of(const json_t *vc)
{
	const json_t *iss = json_object_get(vc, "issuer");

	return json_is_string(iss) ? json_string_value(iss)
				   : mc__vstr(iss, "id");
}

/* The first credential subject (one object, or an array of them). */
static const json_t *subject_of(const json_t *vc)
{
	const json_t *s = json_object_get(vc, "credentialSubject");

	return json_is_array(s) ? json_array_get(s, 0) : s;
}

/* The format check: the VC Data Model's required shape.  @context and
 * type may each be one value or an array. */
static int check_format(struct run *run, const json_t *vc, const char *how)
{
	const json_t *ctx = json_object_get(vc, "@context");
	const char *first = json_is_string(ctx)
				? json_string_value(ctx)
				: json_string_value(json_array_get(ctx, 0));
	const json_t *subject = json_object_get(vc, "credentialSubject");

	run->vc1 = mc__streq(first, VC1_CONTEXT);
	if (!first)
		mc__vmsg(&run->v, C_FORMAT, MC_CHECK_FAILED, "format.context",
			 NULL);
	else if (!run->vc1 && strcmp(first, VC2_CONTEXT) != 0)
		mc__vmsg(&run->v, C_FORMAT, MC_CHECK_FAILED,
			 "format.context_first", "context", first, NULL);
	else if (!mc__vhas_type(vc, "VerifiableCredential"))
		mc__vmsg(&run->v, C_FORMAT, MC_CHECK_FAILED, "format.type",
			 NULL);
	else if (!issuer_of(vc))
		mc__vmsg(&run->v, C_FORMAT, MC_CHECK_FAILED, "format.issuer",
			 NULL);
	else if (!json_is_object(subject) &&
		 !(json_is_array(subject) && json_array_size(subject) > 0 &&
		   json_is_object(json_array_get(subject, 0))))
		mc__vmsg(&run->v, C_FORMAT, MC_CHECK_FAILED, "format.subject",
			 NULL);
	else if (run->vc1 && !mc__vstr(vc, "issuanceDate"))
		mc__vmsg(&run->v, C_FORMAT, MC_CHECK_FAILED,
			 "format.issuance_date", NULL);
	else {
		mc__vmsg(&run->v, C_FORMAT, MC_CHECK_PASSED, "format.ok", "how",
			 how, NULL);
		return 0;
	}
	return -1;
}

/* The cryptosuite of a Data Integrity proof this verifier does not
 * check, or NULL when every proof is one it checks. */
static const char *unsupported_proof(const json_t *vc)
{
	const json_t *proof = json_object_get(vc, "proof"), *p;
	size_t i, n = json_is_array(proof) ? json_array_size(proof) : 1;

	for (i = 0; i < n; i++) {
		const char *type, *suite;

		p = json_is_array(proof) ? json_array_get(proof, i) : proof;
		type = mc__vstr(p, "type");
		suite = mc__vstr(p, "cryptosuite");
		if (type && strcmp(type, "Ed25519Signature2020") == 0)
			continue;
		if (type && strcmp(type, "DataIntegrityProof") != 0)
			return type;
		if (type && suite && !mc_cryptosuite_known(suite))
			return suite;
	}
	return NULL;
}

/* The proof check's result from a verifier's return code. */
static void proof_result(struct run *run, int error, const char *err,
			 const char *vm)
{
	if (error == 0)
		mc__vmsg(&run->v, C_PROOF, MC_CHECK_PASSED, "proof.ok", "vm",
			 vm, NULL);
	else if (error == MC_ENOTFOUND)
		mc__vmsg(&run->v, C_PROOF, MC_CHECK_SKIPPED,
			 run->network ? "proof.unresolved" : "proof.offline",
			 "error", err, NULL);
	else if (error == MC_ENOMEM)
		run->v.error = error;
	else if (error == MC_EBADSIG)
		mc__vmsg(&run->v, C_PROOF, MC_CHECK_FAILED,
			 "proof.bad_signature", "vm", vm, NULL);
	else if (error == MC_ENOTSUP)
		mc__vmsg(&run->v, C_PROOF, MC_CHECK_SKIPPED,
			 "proof.unknown_context", "context",
			 strstr(err, "context URL ")
			     ? strstr(err, "context URL ") + 12
			     : err,
			 NULL);
	else if (error == MC_ETOOBIG)
		mc__vmsg(&run->v, C_PROOF, MC_CHECK_SKIPPED,
			 "proof.too_complex", "error", err, NULL);
	else if (error == MC_EINVALID && strstr(err, "undefined term: "))
		mc__vmsg(&run->v, C_PROOF, MC_CHECK_FAILED,
			 "proof.undefined_term", "term",
			 strstr(err, "undefined term: ") + 16, NULL);
	else
		mc__vmsg(&run->v, C_PROOF, MC_CHECK_FAILED, "proof.malformed",
			 "error", err, NULL);
}

/* The validity period: VC 2.0 validFrom/validUntil (both optional), VC
 * 1.1 issuanceDate/expirationDate. */
static void check_validity(struct run *run, const json_t *vc,
			   const char *now_text)
{
	const char *fm = run->vc1 ? "issuanceDate" : "validFrom",
		   *um = run->vc1 ? "expirationDate" : "validUntil";
	const char *from = mc__vstr(vc, fm), *until = mc__vstr(vc, um);
	long long now, t;
	char buf[21];

	if (!from && json_object_get(vc, fm))
		from = "(not a string)";
	if (!until && json_object_get(vc, um))
		until = "(not a string)";
	if (!now_text) {
		mc__utc_now(buf);
		now_text = buf;
	}
	if (mc__timestamp_parse(now_text, &now) < 0)
		mc__vmsg(&run->v, C_VALIDITY, MC_CHECK_SKIPPED,
			 "validity.bad_now", "value", now_text, NULL);
	else if (from && mc__timestamp_parse(from, &t) < 0)
		mc__vmsg(&run->v, C_VALIDITY, MC_CHECK_FAILED,
			 "validity.bad_from", "member", fm, "value", from,
			 NULL);
	else if (from && t > now)
		mc__vmsg(&run->v, C_VALIDITY, MC_CHECK_FAILED,
			 "validity.not_yet", "from", from, NULL);
	else if (until && mc__timestamp_parse(until, &t) < 0)
		mc__vmsg(&run->v, C_VALIDITY, MC_CHECK_FAILED,
			 "validity.bad_until", "member", um, "value", until,
			 NULL);
	else if (until && t < now)
		mc__vmsg(&run->v, C_VALIDITY, MC_CHECK_FAILED,
			 "validity.expired", "until", until, NULL);
	else if (from && until)
		mc__vmsg(&run->v, C_VALIDITY, MC_CHECK_PASSED,
			 "validity.ok_until", "from", from, "until", until,
			 NULL);
	else if (from)
		mc__vmsg(&run->v, C_VALIDITY, MC_CHECK_PASSED, "validity.ok",
			 "from", from, NULL);
	else
		mc__vmsg(&run->v, C_VALIDITY, MC_CHECK_PASSED, "validity.open",
			 NULL);
}

/* The Open Badges 3.0 JSON Schema's required members, with paths.  The
 * schema's array-only members (type, @context, proof, credentialSchema)
 * may be single values: the data model allows it, and the schema is read
 * after normalising them to one-element arrays. */
static void check_schema(struct run *run, const json_t *vc)
{
	const json_t *subject = subject_of(vc);
	const json_t *ach = json_object_get(subject, "achievement");
	const json_t *ids = json_object_get(subject, "identifier"), *v;
	static const char *const need[] = {"id", "type", "criteria",
					   "description", "name"};
	char path[64];
	size_t i;

	if (!mc__vhas_type(vc, "OpenBadgeCredential") &&
	    !mc__vhas_type(vc, "AchievementCredential")) {
		mc__vmsg(&run->v, C_SCHEMA, MC_CHECK_SKIPPED, "schema.not_ob",
			 NULL);
		return;
	}
	if (!json_is_string(json_object_get(vc, "id"))) {
		mc__vmsg(&run->v, C_SCHEMA, MC_CHECK_FAILED, "schema.missing",
			 "path", "id", NULL);
		return;
	}
	if (!json_is_object(subject) ||
	    !mc__vhas_type(subject, "AchievementSubject")) {
		mc__vmsg(&run->v, C_SCHEMA, MC_CHECK_FAILED,
			 "schema.wrong_type", "path", "credentialSubject.type",
			 "type", "AchievementSubject", NULL);
		return;
	}
	if (!json_is_object(ach)) {
		mc__vmsg(&run->v, C_SCHEMA, MC_CHECK_FAILED, "schema.missing",
			 "path", "credentialSubject.achievement", NULL);
		return;
	}
	for (i = 0; i < MC__ARRAY_SIZE(need); i++)
		if (!json_object_get(ach, need[i])) {
			snprintf(path, sizeof(path),
				 "credentialSubject.achievement.%s", need[i]);
			mc__vmsg(&run->v, C_SCHEMA, MC_CHECK_FAILED,
				 "schema.missing", "path", path, NULL);
			return;
		}
	if (!mc__vhas_type(ach, "Achievement")) {
		mc__vmsg(&run->v, C_SCHEMA, MC_CHECK_FAILED,
			 "schema.wrong_type", "path",
			 "credentialSubject.achievement.type", "type",
			 "Achievement", NULL);
		return;
	}
	if (json_is_object(ids))
		ids = NULL; /* one IdentityObject: checked below as such */
	json_array_foreach(ids, i, v)
	{
		if (!mc__streq(mc__vstr(v, "type"), "IdentityObject") ||
		    !json_is_boolean(json_object_get(v, "hashed")) ||
		    !mc__vstr(v, "identityHash") ||
		    !mc__vstr(v, "identityType")) {
			mc__vmsg(&run->v, C_SCHEMA, MC_CHECK_FAILED,
				 "schema.identifier", NULL);
			return;
		}
	}
	mc__vmsg(&run->v, C_SCHEMA, MC_CHECK_PASSED, "schema.ok", NULL);
}

static void check_trust(struct run *run, const json_t *vc,
			const mc_verify_options *o)
{
	const char *iss = issuer_of(vc);
	size_t i;

	if (!o->trusted_issuers) {
		mc__vmsg(&run->v, C_TRUST, MC_CHECK_SKIPPED, "trust.no_list",
			 NULL);
		return;
	}
	for (i = 0; i < o->trusted_count; i++)
		if (mc__streq(o->trusted_issuers[i], iss))
			break;
	if (i == o->trusted_count)
		mc__vmsg(&run->v, C_TRUST, MC_CHECK_FAILED, "trust.not_listed",
			 "issuer", iss, NULL);
	else if (run->v.r->checks[C_ISSUER].result != MC_CHECK_PASSED)
		mc__vmsg(&run->v, C_TRUST, MC_CHECK_FAILED, "trust.not_proven",
			 "issuer", iss, NULL);
	else
		mc__vmsg(&run->v, C_TRUST, MC_CHECK_PASSED, "trust.listed",
			 "issuer", iss, NULL);
}

/* The learner's name as the credential states it: the subject's "name",
 * or an unhashed IdentityObject of type "name" (Open Badges 3.0). */
static const char *learner_of(const json_t *vc)
{
	const json_t *subject = subject_of(vc), *ids, *v;
	const char *name = mc__vname(subject);
	size_t i;

	if (name)
		return name;
	ids = json_object_get(subject, "identifier");
	json_array_foreach(ids, i, v)
	{
		if (mc__streq(mc__vstr(v, "identityType"), "name") &&
		    json_is_false(json_object_get(v, "hashed")))
			return mc__vstr(v, "identityHash");
	}
	return NULL;
}

static void check_owner(struct run *run, const json_t *vc, const char *owner)
{
	const char *learner = learner_of(vc);

	if (!owner || !*owner)
		mc__vmsg(&run->v, C_OWNER, MC_CHECK_SKIPPED, "owner.not_asked",
			 NULL);
	else if (!learner)
		mc__vmsg(&run->v, C_OWNER, MC_CHECK_SKIPPED, "owner.unknown",
			 "owner", owner, NULL);
	else if (mc__vsame_name(learner, owner))
		mc__vmsg(&run->v, C_OWNER, MC_CHECK_PASSED, "owner.match",
			 "owner", learner, NULL);
	else
		mc__vmsg(&run->v, C_OWNER, MC_CHECK_FAILED, "owner.mismatch",
			 "learner", learner, "owner", owner, NULL);
}

/* ---- what the credential says it is --------------------------------- */

/* The EQF level of an achievement's alignments ("EQF 4"), or NULL. */
static char *eqf_of(const json_t *ach)
{
	const json_t *al = json_object_get(ach, "alignment"), *v;
	static const char eqf[] = "http://data.europa.eu/snb/eqf/";
	size_t i;

	json_array_foreach(al, i, v)
	{
		const char *url = mc__vstr(v, "targetUrl");

		if (url && strncmp(url, eqf, sizeof(eqf) - 1) == 0 &&
		    url[sizeof(eqf) - 1] >= '1' && url[sizeof(eqf) - 1] <= '8')
			return mc__asprintf("EQF %c", url[sizeof(eqf) - 1]);
	}
	return NULL;
}

/* Fill the report's `about` from the credential and the binding. */
static int fill_about(mc_verify_about *a, const json_t *vc, struct mc__bound *b)
{
	const json_t *ach = json_object_get(subject_of(vc), "achievement");
	const json_t *credits = json_object_get(ach, "creditsAvailable");
	const json_t *name = json_object_get(ach, "name");
	const char *issued = mc__vstr(vc, "validFrom");
	const mc_microcred *mc;
	const char *k;
	json_t *v;
	size_t i;
	int error = 0;

	if (!issued)
		issued = mc__vstr(vc, "issuanceDate");
	if (!issued)
		issued = mc__vstr(vc, "awardedDate");
	a->learner = mc__strdup(learner_of(vc));
	a->issuer_name = mc__strdup(mc__vname(json_object_get(vc, "issuer")));
	a->issued = mc__strdup(issued);
	a->level = eqf_of(ach);
	if (json_is_number(credits) && json_number_value(credits) > 0)
		a->credits =
		    mc__asprintf("%g ECTS", json_number_value(credits));
	a->binding = b->binding;
	a->binding_detail = b->detail;
	a->page = b->page;
	b->detail = b->page = NULL;
	/* The title: one string (in the achievement's inLanguage), a
	 * language map, or language value objects. */
	if (json_is_string(name))
		error = mc__vabout_title(a, mc__vstr(ach, "inLanguage"),
					 json_string_value(name));
	else if (json_is_object(name) && !json_object_get(name, "@value"))
		json_object_foreach((json_t *)name, k, v) if (!error) error =
		    mc__vabout_title(a, k, json_string_value(v));
	json_array_foreach(name, i, v) if (!error) error = mc__vabout_title(
	    a, mc__vstr(v, "@language"), mc__vstr(v, "@value"));
	/* An MC of this catalogue: its titles in every language it has. */
	if (!error && b->binding == MC_BINDING_CATALOGUE && (mc = b->mc)) {
		for (i = 0; !error && i < mc->title.count; i++)
			error = mc__vabout_title(a, mc->title.items[i].lang,
						 mc->title.items[i].text);
		if (!error && !a->level && mc->eqf_level > 0)
			a->level = mc__asprintf("EQF %d", mc->eqf_level);
	}
	return error;
}

int mc_verify_about_titles(mc_store *store, mc_verify_report *r)
{
	mc_credential *c = NULL;
	char *doc = NULL;
	size_t len = 0;
	unsigned version = 0;
	mc_status status;
	json_t *j = NULL, *v;
	const char *k;
	int error = 0;

	if (!store || !r->about.page ||
	    r->about.binding != MC_BINDING_CATALOGUE ||
	    mc_credential_get(store, &c, r->about.page) < 0)
		return 0;
	if (store->catalogue->mc_doc_get(store, &doc, &len, &version, &status,
					 c->mc_id, c->mc_version, 0) == 0 &&
	    (j = json_loadb(doc, len, 0, NULL)))
		json_object_foreach(json_object_get(j, "title"), k,
				    v) if (!error) error =
		    mc__vabout_title(&r->about, k, json_string_value(v));
	json_decref(j);
	free(doc);
	mc_credential_free(c);
	return error;
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
	struct mc__bound bound = {MC_BINDING_NONE, NULL, NULL, NULL, NULL};
	json_t *vc = NULL;
	char err[512] = "", *vm_owned = NULL;
	const char *vm = NULL, *how, *suite;
	int error, proof_set = 0;

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
		char a[24], b[24], offset[24];

		how = "Data Integrity";
		/* jansson checks the UTF-8 while it parses; the scan for the
		 * offending byte is only for the message. */
		if (!(vc = mc__vc_parse(data, len, &jerr)) &&
		    !mc__utf8_valid(data, len)) {
			snprintf(offset, sizeof(offset), "%zu",
				 mc__utf8_valid_prefix(data, len));
			mc__vmsg(&run.v, C_FORMAT, MC_CHECK_FAILED,
				 "format.not_utf8", "offset", offset, NULL);
			goto done;
		}
		if (!vc) {
			snprintf(a, sizeof(a), "%d", jerr.line);
			snprintf(b, sizeof(b), "%d", jerr.column);
			mc__vmsg(&run.v, C_FORMAT, MC_CHECK_FAILED,
				 "format.bad_json", "line", a, "column", b,
				 "error", jerr.text, NULL);
			goto done;
		}
		if (!json_is_object(vc)) {
			mc__vmsg(&run.v, C_FORMAT, MC_CHECK_FAILED,
				 "format.not_object", NULL);
			goto done;
		}
		run.v.r->format = strdup("ob3+di");
		if (check_format(&run, vc, how) < 0)
			goto done;
		if (!json_object_get(vc, "proof")) {
			proof_set = 1;
			mc__vmsg(&run.v, C_PROOF, MC_CHECK_FAILED,
				 "proof.missing", NULL);
		} else if ((suite = unsupported_proof(vc))) {
			proof_set = 1;
			mc__vmsg(&run.v, C_PROOF, MC_CHECK_SKIPPED,
				 "proof.unsupported", "suite", suite, NULL);
		} else
			error = mc__di_verify(vc, store, run.network, &vm, err,
					      sizeof(err));
	} else if (looks_like_jws(data, len)) {
		how = "VC-JWT";
		run.v.r->format = strdup("vc-jwt");
		error = mc__jwt_verify(&vc, data, len, store, run.network,
				       &vm_owned, err, sizeof(err));
		vm = vm_owned;
		if (!vc) {
			mc__vmsg(&run.v, C_FORMAT, MC_CHECK_FAILED,
				 "format.jwt", "error", err, NULL);
			goto done;
		}
		if (check_format(&run, vc, how) < 0)
			goto done;
	} else {
		mc__vmsg(&run.v, C_FORMAT, MC_CHECK_FAILED,
			 "format.unrecognised", NULL);
		goto done;
	}
	run.v.r->id = mc__strdup(mc__vstr(vc, "id"));
	run.v.r->issuer = mc__strdup(issuer_of(vc));
	if (!proof_set)
		proof_result(&run, error, err, vm ? vm : "?");
	mc__check_issuer(&run.v, C_ISSUER, store, vc, data, len, vm, opts,
			 run.v.r->checks[C_PROOF].result == MC_CHECK_PASSED,
			 &bound);
	check_validity(&run, vc, opts->now);
	mc__check_status(&run.v, C_STATUS, store, vc, bound.org,
			 bound.binding != MC_BINDING_NONE ? run.v.r->issuer
							  : NULL,
			 run.network);
	check_schema(&run, vc);
	check_trust(&run, vc, opts);
	check_owner(&run, vc, opts->owner);
	if (!run.v.error)
		run.v.error = fill_about(&run.v.r->about, vc, &bound);

done:
	run.v.r->verdict = mc__verdict_of(run.v.r);
	json_decref(vc);
	free(vm_owned);
	mc__bound_free(&bound);
	if (run.v.error) {
		mc_verify_report_free(run.v.r);
		return run.v.error;
	}
	*out = run.v.r;
	return 0;
}
