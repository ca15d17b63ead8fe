/*
 * Verifying a sealed European Digital Credential, as the Europass
 * verifier does: format, seal, owner, revocation, expiry, accreditation,
 * each passed, failed or skipped with a reason.  The seal is reported in
 * four parts so that a reader sees which one failed: "seal" (the JAdES
 * signature and the seal certificate at signing time), "issuer" (the
 * credential names the seal's subject), "trust" (the certificate chain
 * reaches a configured anchor) and "timestamp" (B-T).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/objects.h>
#include <openssl/x509.h>

#include "microcred/catalogue.h"
#include "microcred/credential.h"
#include "microcred/seal.h"
#include "edc.h"
#include "jades.h"
#include "store.h"
#include "timeutil.h"
#include "trust.h"
#include "util.h"
#include "verify_private.h"

enum {
	E_FORMAT,
	E_SEAL,
	E_ISSUER,
	E_TRUST,
	E_TIMESTAMP,
	E_OWNER,
	E_REVOCATION,
	E_EXPIRY,
	E_ACCREDITATION,
	E_COUNT
};

static const char *const names[E_COUNT] = {
    "format", "seal",	    "issuer", "trust",	      "timestamp",
    "owner",  "revocation", "expiry", "accreditation"};

const struct mc__vmessage mc__vmessages_edc[] = {
    {NULL, MC_VERDICT_VALID, NULL}};

/* First value of a language map (or the string itself), or NULL. */
static const char *lang_first(const json_t *m)
{
	const char *k;
	json_t *v;

	if (json_is_string(m))
		return json_string_value(m);
	json_object_foreach((json_t *)m, k, v)
	{
		if (json_is_string(v))
			return json_string_value(v);
	}
	return NULL;
}

/* The EDC application profile's required shape (the SHACL shapes' minimum
 * counts on the credential itself). */
static int check_format(struct mc__vrun *run, const json_t *vc)
{
	static const char *const required[] = {
	    "credentialProfiles", "displayParameter", "issuer",
	    "credentialSubject",  "issued",	      "validFrom",
	    "credentialSchema"};
	const json_t *ctx = json_object_get(vc, "@context"), *v;
	const json_t *subject = json_object_get(vc, "credentialSubject");
	int edc_ctx = 0;
	size_t i;

	json_array_foreach(ctx, i, v)
	{
		const char *u = json_string_value(v);

		if (u &&
		    strncmp(u, MC__EDC_CONTEXT, strlen(MC__EDC_CONTEXT)) == 0)
			edc_ctx = 1;
	}
	if (!json_is_object(vc)) {
		mc__vset(run, E_FORMAT, MC_CHECK_FAILED,
			 "payload: not a JSON object");
		return -1;
	}
	if (!edc_ctx) {
		mc__vset(run, E_FORMAT, MC_CHECK_FAILED,
			 "@context: does not include %s", MC__EDC_CONTEXT);
		return -1;
	}
	if (!mc__vhas_type(vc, "EuropeanDigitalCredential")) {
		mc__vset(run, E_FORMAT, MC_CHECK_FAILED,
			 "type: must include EuropeanDigitalCredential");
		return -1;
	}
	for (i = 0; i < MC__ARRAY_SIZE(required); i++)
		if (!json_object_get(vc, required[i])) {
			mc__vset(run, E_FORMAT, MC_CHECK_FAILED,
				 "%s: required by the EDC profile",
				 required[i]);
			return -1;
		}
	if (!json_is_object(subject) || !json_object_get(subject, "hasClaim")) {
		mc__vset(
		    run, E_FORMAT, MC_CHECK_FAILED,
		    "credentialSubject.hasClaim: required (the achievement)");
		return -1;
	}
	mc__vset(run, E_FORMAT, MC_CHECK_PASSED,
		 "European Digital Credential (ELM v3), JAdES-sealed");
	return 0;
}

/* The seal certificate's subject attribute `nid`, or "" (buf). */
static const char *cert_attr(X509 *x, int nid, char *buf, size_t len)
{
	buf[0] = '\0';
	if (x && X509_NAME_get_text_by_NID(X509_get_subject_name(x), nid, buf,
					   (int)len) < 0)
		buf[0] = '\0';
	return buf;
}

/* The credential's issuer must be the seal's subject: its eIDAS
 * identifier is the certificate's organizationIdentifier. */
static void check_issuer(struct mc__vrun *run, const json_t *vc, X509 *leaf)
{
	const json_t *issuer = json_object_get(vc, "issuer");
	const json_t *eidas = json_object_get(issuer, "eIDASIdentifier");
	const char *notation = mc__vstr(eidas, "notation");
	char oid[256], org[256];

	cert_attr(leaf, NID_organizationIdentifier, oid, sizeof(oid));
	cert_attr(leaf, NID_organizationName, org, sizeof(org));
	if (!eidas && json_object_get(issuer, "eIDAS\xce\x99"
					      "dentifier"))
		mc__vset(
		    run, E_ISSUER, MC_CHECK_FAILED,
		    "issuer.eIDASIdentifier: spelt with a Greek capital Iota");
	else if (!oid[0])
		mc__vset(
		    run, E_ISSUER, MC_CHECK_SKIPPED,
		    "the seal certificate has no organizationIdentifier to "
		    "compare with the issuer");
	else if (!notation)
		mc__vset(
		    run, E_ISSUER, MC_CHECK_FAILED,
		    "issuer.eIDASIdentifier.notation: missing (the seal is "
		    "%s's, %s)",
		    org, oid);
	else if (strcmp(notation, oid) != 0)
		mc__vset(
		    run, E_ISSUER, MC_CHECK_FAILED,
		    "the credential names issuer %s but was sealed by %s (%s)",
		    notation, org[0] ? org : "?", oid);
	else
		mc__vset(run, E_ISSUER, MC_CHECK_PASSED,
			 "issued and sealed by %s (%s)",
			 lang_first(json_object_get(issuer, "legalName"))
			     ? lang_first(json_object_get(issuer, "legalName"))
			     : org,
			 oid);
}

static void fmt_time(char out[21], long long t)
{
	mc__timestamp_format(out, t);
}

/* The chain against the store's test CAs, then the configured anchors:
 * the first set reached wins; when none is, the most telling reason
 * (a certificate at fault before "no path"). */
static void check_trust(struct mc__vrun *run, mc_store *store,
			const struct mc__jades *j, long long at,
			const mc_verify_options *o)
{
	struct mc__trust *own = NULL;
	const struct mc__trust *sets[2];
	char err[512] = "", why[512] = "", *anchor = NULL, when[21],
	     *pem = NULL;
	int error, worst = 0;
	size_t i, n = 0;

	if (store && mc_seal_store_anchors(store, &pem) == 0 && pem && pem[0] &&
	    mc__trust_new(&own) == 0 &&
	    mc__trust_add_pem(own, pem, strlen(pem), "this platform's test CA",
			      err, sizeof(err)) == 0)
		sets[n++] = own;
	if (o->anchors && mc__trust_count(o->anchors))
		sets[n++] = o->anchors;
	if (!n) {
		mc__vset(run, E_TRUST, MC_CHECK_SKIPPED,
			 "no trust anchors configured (a PEM bundle or an EU "
			 "trusted list): the seal's chain was not checked");
		goto done;
	}
	fmt_time(when, at);
	for (i = 0; i < n; i++) {
		error = mc__trust_check_chain(
		    sets[i], (const unsigned char *const *)j->x5c, j->x5c_len,
		    j->x5c_count, (time_t)at, &anchor, err, sizeof(err));
		if (error == 0)
			break;
		if (error == MC_ENOMEM)
			run->error = error;
		if (!worst || error == MC_EINVALID) {
			worst = error;
			snprintf(why, sizeof(why), "%s", err);
		}
	}
	if (i == n)
		mc__vset(run, E_TRUST, MC_CHECK_FAILED, "%s", why);
	else if (anchor && strstr(anchor, "TEST"))
		mc__vset(run, E_TRUST, MC_CHECK_PASSED,
			 "chain reaches %s at %s: a TEST anchor, not an eIDAS "
			 "trust service",
			 anchor, when);
	else
		mc__vset(run, E_TRUST, MC_CHECK_PASSED,
			 "chain reaches %s at %s",
			 anchor ? anchor : "an anchor", when);

done:
	free(anchor);
	free(pem);
	mc__trust_free(own);
}

/* The owner check: the holder named in the options is the subject. */
static void check_owner(struct mc__vrun *run, const json_t *vc,
			const char *owner)
{
	const json_t *s = json_object_get(vc, "credentialSubject");
	const json_t *names_[] = {json_object_get(s, "fullName"),
				  json_object_get(s, "givenName")};
	const char *k;
	json_t *v;
	size_t i;

	if (!owner) {
		mc__vset(run, E_OWNER, MC_CHECK_SKIPPED,
			 "no holder given to compare with the subject (%s)",
			 lang_first(names_[0]) ? lang_first(names_[0])
					       : "unnamed");
		return;
	}
	for (i = 0; i < MC__ARRAY_SIZE(names_); i++)
		json_object_foreach((json_t *)names_[i], k, v)
		{
			if (mc__streq(json_string_value(v), owner)) {
				mc__vset(run, E_OWNER, MC_CHECK_PASSED,
					 "the subject is %s", owner);
				return;
			}
		}
	if (mc__streq(mc__vstr(s, "id"), owner)) {
		mc__vset(run, E_OWNER, MC_CHECK_PASSED, "the subject is %s",
			 owner);
		return;
	}
	mc__vset(run, E_OWNER, MC_CHECK_FAILED,
		 "the subject is not %s (the credential names %s)", owner,
		 lang_first(names_[0]) ? lang_first(names_[0]) : "nobody");
}

static void check_revocation(struct mc__vrun *run, mc_store *store,
			     const json_t *vc)
{
	const json_t *st = json_object_get(vc, "credentialStatus");
	const char *url = mc__vstr(st, "id"), *id = mc__vstr(vc, "id");
	mc_credential_state state;
	int error;

	if (!st) {
		mc__vset(run, E_REVOCATION, MC_CHECK_SKIPPED,
			 "the credential has no credentialStatus");
		return;
	}
	if (!url || !id) {
		mc__vset(run, E_REVOCATION, MC_CHECK_FAILED,
			 "credentialStatus.id: missing");
		return;
	}
	if (!store ||
	    strncmp(url, store->base_url, strlen(store->base_url)) != 0) {
		mc__vset(run, E_REVOCATION, MC_CHECK_SKIPPED,
			 "status at %s is not this platform's: check it there",
			 url);
		return;
	}
	error = mc_credential_state_get(store, &state, id);
	if (error == MC_ENOTFOUND)
		mc__vset(run, E_REVOCATION, MC_CHECK_FAILED,
			 "%s was never issued here", id);
	else if (error < 0)
		mc__vset(run, E_REVOCATION, MC_CHECK_SKIPPED,
			 "status could not be read");
	else if (state == MC_CRED_ACTIVE)
		mc__vset(run, E_REVOCATION, MC_CHECK_PASSED,
			 "not revoked or suspended");
	else
		mc__vset(run, E_REVOCATION, MC_CHECK_FAILED,
			 "the credential is %s",
			 mc_credential_state_name(state));
}

static void check_expiry(struct mc__vrun *run, const json_t *vc, long long now)
{
	const char *from = mc__vstr(vc, "validFrom");
	const char *until = mc__vstr(vc, "validUntil");
	long long t;

	if (!until)
		until = mc__vstr(vc, "expirationDate");
	if (!from || mc__timestamp_parse(from, &t) < 0)
		mc__vset(run, E_EXPIRY, MC_CHECK_FAILED,
			 "validFrom: not a date-time");
	else if (t > now)
		mc__vset(run, E_EXPIRY, MC_CHECK_FAILED, "not valid before %s",
			 from);
	else if (until && mc__timestamp_parse(until, &t) < 0)
		mc__vset(run, E_EXPIRY, MC_CHECK_FAILED,
			 "validUntil: not a date-time");
	else if (until && t < now)
		mc__vset(run, E_EXPIRY, MC_CHECK_FAILED, "expired on %s",
			 until);
	else
		mc__vset(run, E_EXPIRY, MC_CHECK_PASSED, "valid from %s%s%s",
			 from, until ? " until " : ", no expiry",
			 until ? until : "");
}

/* The qualification's id, and the awarding body's legal name. */
static const json_t *claim_of(const json_t *vc)
{
	const json_t *c = json_object_get(
	    json_object_get(vc, "credentialSubject"), "hasClaim");

	return json_is_array(c) ? json_array_get(c, 0) : c;
}

static void check_accreditation(struct mc__vrun *run, mc_store *store,
				const json_t *vc, const mc_verify_options *o)
{
	const json_t *claim = claim_of(vc);
	const json_t *q = json_object_get(claim, "specifiedBy");
	const json_t *body = json_object_get(
	    json_object_get(claim, "awardedBy"), "awardingBody");
	const char *qid = mc__vstr(q, "id");
	char *uri = NULL;
	mc_microcred *mc = NULL;
	int error;

	if (json_is_array(body))
		body = json_array_get(body, 0);
	if (o->accreditation_file) {
		error = mc__accreditation_match(o->accreditation_file,
						mc__vstr(body, "id"), qid);
		if (error == 0)
			mc__vset(run, E_ACCREDITATION, MC_CHECK_PASSED,
				 "%s is accredited for %s in %s",
				 mc__vstr(body, "id"), qid,
				 o->accreditation_file);
		else if (error == MC_ENOTFOUND)
			mc__vset(run, E_ACCREDITATION, MC_CHECK_FAILED,
				 "%s: not listed for this awarding body and "
				 "qualification",
				 o->accreditation_file);
		else
			mc__vset(run, E_ACCREDITATION, MC_CHECK_SKIPPED,
				 "%s: cannot be read", o->accreditation_file);
		return;
	}
	/* The qualification is an MC version of this platform's catalogue
	 * (BASE/mc/ID/vN, maybe with a fragment): approved by its quality
	 * assurance body and published is what accredited means here. */
	if (qid && (uri = mc__strdup(qid)) && strchr(uri, '#'))
		*strchr(uri, '#') = '\0';
	if (!store || !uri || mc_catalogue_resolve(store, &mc, uri) < 0) {
		mc__vset(
		    run, E_ACCREDITATION, MC_CHECK_SKIPPED,
		    "no accreditation list configured, and the qualification "
		    "%s is not in this platform's catalogue",
		    qid ? qid : "(no id)");
		goto done;
	}
	if (mc->status != MC_STATUS_PUBLISHED &&
	    mc->status != MC_STATUS_RETIRED)
		mc__vset(run, E_ACCREDITATION, MC_CHECK_FAILED,
			 "%s v%u was never approved and published (%s)", mc->id,
			 mc->version, mc_status_name(mc->status));
	else
		mc__vset(run, E_ACCREDITATION, MC_CHECK_PASSED,
			 "%s v%u is quality-assured and published in this "
			 "platform's catalogue",
			 mc->id, mc->version);

done:
	mc_microcred_free(mc);
	free(uri);
}

int mc__verify_edc(mc_store *store, mc_verify_report **out, const char *data,
		   size_t len, const mc_verify_options *o)
{
	struct mc__vrun run = {NULL, 0};
	struct mc__jades *j = NULL;
	json_t *vc = NULL;
	X509 *leaf = NULL;
	const unsigned char *p;
	char err[512] = "", when[21];
	long long now, at;
	time_t ts = 0;
	int error, i;

	*out = NULL;
	if ((error = mc__report_new(&run.r, names, E_COUNT)) < 0)
		return error;
	if (!(run.r->format = strdup("edc+jades")))
		run.error = MC_ENOMEM;
	if (!o->now || mc__timestamp_parse(o->now, &now) < 0)
		now = mc__now();
	if ((error = mc__jades_parse(&j, data, len, err, sizeof(err))) < 0) {
		if (error == MC_ENOMEM)
			run.error = error;
		mc__vset(&run, E_FORMAT, MC_CHECK_FAILED, "sealed file: %s",
			 err);
		mc__vset(&run, E_SEAL, MC_CHECK_FAILED, "no readable seal: %s",
			 err);
		goto done;
	}
	if (!(vc = json_loadb(j->payload, j->payload_len,
			      JSON_REJECT_DUPLICATES, NULL))) {
		mc__vset(&run, E_FORMAT, MC_CHECK_FAILED,
			 "payload: not a JSON credential");
	} else if (check_format(&run, vc) == 0) {
		run.r->id = mc__strdup(mc__vstr(vc, "id"));
		run.r->issuer = mc__strdup(lang_first(json_object_get(
		    json_object_get(vc, "issuer"), "legalName")));
	}

	/* The seal: the signature over the exact payload bytes. */
	p = j->x5c[0];
	leaf = d2i_X509(NULL, &p, (long)j->x5c_len[0]);
	error = mc__jades_verify_signature(j, err, sizeof(err));
	if (error == MC_ENOMEM)
		run.error = error;
	if (error < 0) {
		mc__vset(&run, E_SEAL, MC_CHECK_FAILED, "%s",
			 error == MC_EBADSIG
			     ? "the signature does not match the "
			       "sealed content: it was changed "
			       "after sealing, or sealed by "
			       "another key"
			     : err);
		goto done;
	}

	/* The time the certificate must have been valid: the timestamp's
	 * (B-T), else the claimed signing time. */
	at = j->sig_time ? (long long)j->sig_time : now;
	error =
	    mc__jades_verify_timestamp(j, &ts, NULL, NULL, err, sizeof(err));
	if (error == MC_ENOTFOUND) {
		mc__vset(&run, E_TIMESTAMP, MC_CHECK_SKIPPED,
			 "no signature timestamp (JAdES B-B): the signing time "
			 "(sigT) is the sealer's own claim");
	} else if (error < 0) {
		if (error == MC_ENOMEM)
			run.error = error;
		mc__vset(&run, E_TIMESTAMP, MC_CHECK_FAILED, "%s",
			 error == MC_EBADSIG ? "the timestamp is not over this "
					       "signature"
					     : err);
	} else {
		at = (long long)ts;
		fmt_time(when, at);
		mc__vset(&run, E_TIMESTAMP, MC_CHECK_PASSED,
			 "signature timestamped at %s (JAdES B-T)", when);
	}
	fmt_time(when, at);
	if ((error = mc__trust_check_leaf(j->x5c[0], j->x5c_len[0], (time_t)at,
					  err, sizeof(err))) < 0) {
		mc__vset(&run, E_SEAL, MC_CHECK_FAILED,
			 "signature verifies, but the seal certificate: %s",
			 err);
	} else {
		char org[256];

		mc__vset(
		    &run, E_SEAL, MC_CHECK_PASSED,
		    "%s signature verifies with the seal of %s, a certificate "
		    "valid at %s",
		    j->alg,
		    cert_attr(leaf, NID_organizationName, org, sizeof(org))[0]
			? org
			: "(no organizationName)",
		    when);
	}
	check_trust(&run, store, j, at, o);
	if (!vc || run.r->checks[E_FORMAT].result != MC_CHECK_PASSED)
		goto done;
	check_issuer(&run, vc, leaf);
	check_owner(&run, vc, o->owner);
	check_revocation(&run, store, vc);
	check_expiry(&run, vc, now);
	check_accreditation(&run, store, vc, o);

done:
	run.r->verdict = MC_VERDICT_VALID;
	for (i = 0; i < E_COUNT; i++)
		if (run.r->checks[i].result == MC_CHECK_FAILED)
			run.r->verdict = MC_VERDICT_INVALID;
	if (run.r->verdict == MC_VERDICT_VALID &&
	    (run.r->checks[E_SEAL].result != MC_CHECK_PASSED ||
	     run.r->checks[E_TRUST].result != MC_CHECK_PASSED))
		run.r->verdict = MC_VERDICT_UNKNOWN;
	X509_free(leaf);
	json_decref(vc);
	mc__jades_free(j);
	if (run.error) {
		mc_verify_report_free(run.r);
		return run.error;
	}
	*out = run.r;
	return 0;
}
