/*
 * Verifying a sealed European Digital Credential, as the Europass
 * verifier does: format, seal, owner, revocation, expiry, accreditation,
 * each passed, failed or skipped with a reason given as a code with
 * parameters.  The seal is reported in four parts so that a reader sees
 * which one failed: "seal" (the JAdES signature, and the seal
 * certificate at the trusted time), "issuer" (the credential names the
 * seal's organisation), "trust" (the certificate chain reaches a
 * configured anchor, and is not revoked) and "timestamp" (B-T).
 *
 * The trusted time is the RFC 3161 timestamp's (B-T), else the time of
 * verification: the signing time a seal claims (sigT) never extends its
 * certificate's life, though a claim in the future, or after the
 * certificate expired, condemns it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/objects.h>
#include <openssl/x509.h>

#include "microcred/credential.h"
#include "microcred/seal.h"
#include "europass/edc.h"
#include "crypto/jades.h"
#include "util/timeutil.h"
#include "crypto/trust.h"
#include "crypto/trust_private.h"
#include "util/util.h"
#include "verify_edc_private.h"

static const char *const names[MC__E_COUNT] = {
    "format", "seal",	    "issuer", "trust",	      "timestamp",
    "owner",  "revocation", "expiry", "accreditation"};

const struct mc__vmessage mc__vmessages_edc[] = {
    /* format */
    {"edc.format_ok", MC_VERDICT_VALID,
     "European Digital Credential (ELM v3), JAdES-sealed"},
    {"edc.sealed_file_bad", MC_VERDICT_INVALID, "sealed file: {detail}"},
    {"edc.payload_not_json", MC_VERDICT_INVALID,
     "payload: not a JSON credential"},
    {"edc.payload_not_object", MC_VERDICT_INVALID,
     "payload: not a JSON object"},
    {"edc.context_missing", MC_VERDICT_INVALID,
     "@context: does not include {context}"},
    {"edc.type_missing", MC_VERDICT_INVALID,
     "type: must include EuropeanDigitalCredential"},
    {"edc.field_missing", MC_VERDICT_INVALID,
     "{field}: required by the EDC profile"},
    {"edc.claim_missing", MC_VERDICT_INVALID,
     "credentialSubject.hasClaim: required (the achievement)"},
    /* seal */
    {"edc.no_seal", MC_VERDICT_INVALID, "no readable seal: {detail}"},
    {"edc.seal_bad", MC_VERDICT_FORGED,
     "the signature does not match the sealed content: it was changed "
     "after sealing, or sealed by another key"},
    {"edc.seal_key_bad", MC_VERDICT_INVALID,
     "the seal certificate's key cannot make this signature: {detail}"},
    {"edc.seal_ok", MC_VERDICT_VALID,
     "{alg} signature verifies with the seal of {org}, a certificate valid "
     "at {time}"},
    {"edc.sigt_future", MC_VERDICT_FORGED,
     "the seal claims to be made at {time}, later than now ({date}) by more "
     "than the {skew} seconds clocks may differ"},
    {"edc.cert_expired_at", MC_VERDICT_FORGED,
     "signature verifies, but the seal certificate expired on {until}, "
     "before the seal's timestamp {time}"},
    {"edc.cert_expired_sigt", MC_VERDICT_FORGED,
     "signature verifies, but the seal certificate expired on {until}, and "
     "the seal itself says it was made at {time}"},
    {"edc.cert_expired_now", MC_VERDICT_UNKNOWN,
     "signature verifies, but the seal certificate expired on {until} and "
     "nothing trusted proves the seal was made before (no timestamp, or one "
     "whose authority is not trusted): a trusted JAdES B-T timestamp would "
     "settle it"},
    {"edc.cert_not_yet_valid", MC_VERDICT_FORGED,
     "signature verifies, but the seal certificate is not valid before "
     "{from}, later than {time}"},
    {"edc.cert_key_usage", MC_VERDICT_INVALID,
     "signature verifies, but the seal certificate has no keyUsage "
     "allowing digitalSignature or nonRepudiation (ETSI EN 319 412-3): it "
     "is not a seal certificate"},
    {"edc.cert_malformed", MC_VERDICT_INVALID,
     "the seal certificate: {detail}"},
    /* timestamp */
    {"edc.timestamp_none", MC_VERDICT_VALID,
     "no signature timestamp (JAdES B-B): the signing time (sigT) is the "
     "sealer's own claim, so the certificate is checked at the time of "
     "verification"},
    {"edc.timestamp_ok", MC_VERDICT_VALID,
     "signature timestamped at {time} (JAdES B-T) by an authority that "
     "reaches {tsa}"},
    {"edc.timestamp_untrusted", MC_VERDICT_VALID,
     "the signature timestamp says {time}, but its authority {tsa} reaches "
     "no configured anchor for timestamps: its time is not used, and the "
     "certificate is checked at the time of verification"},
    {"edc.timestamp_bad", MC_VERDICT_FORGED,
     "the timestamp is not over this signature"},
    {"edc.timestamp_malformed", MC_VERDICT_INVALID,
     "the timestamp cannot be read: {detail}"},
    {"edc.timestamp_future", MC_VERDICT_FORGED,
     "the timestamp says {time}, later than now ({date})"},
    /* trust */
    {"edc.trust_no_anchors", MC_VERDICT_UNKNOWN,
     "no trust anchors for seals configured (a PEM bundle, or an EU "
     "trusted list with a CA/QC service for e-seals): the seal's chain was "
     "not checked"},
    {"edc.chain_no_anchor", MC_VERDICT_UNKNOWN,
     "no path to a trust anchor: the chain's root is {root}, none of the "
     "{count} anchors tried, so nothing ties the seal to a trust service"},
    {"edc.chain_cert_expired", MC_VERDICT_UNKNOWN,
     "certificate {cert} of the chain expired on {until}"},
    {"edc.chain_cert_not_yet_valid", MC_VERDICT_FORGED,
     "certificate {cert} of the chain is not valid before {from}"},
    {"edc.chain_not_ca", MC_VERDICT_FORGED,
     "certificate {cert} is not a CA but issued a certificate of the "
     "chain"},
    {"edc.chain_bad_signature", MC_VERDICT_FORGED,
     "certificate {cert} is not signed by the key of its issuer"},
    {"edc.chain_bad", MC_VERDICT_INVALID, "the certificate chain: {detail}"},
    {"edc.trust_ok", MC_VERDICT_VALID,
     "chain reaches {anchor} at {time}; the seal certificate is not "
     "revoked ({via})"},
    {"edc.trust_ok_offline", MC_VERDICT_VALID,
     "chain reaches {anchor} at {time}; revocation not checked: the "
     "network is not allowed (verify online to ask the certificate's CRL "
     "or OCSP responder)"},
    {"edc.trust_ok_no_source", MC_VERDICT_VALID,
     "chain reaches {anchor} at {time}; revocation not checked: the "
     "certificate names no CRL or OCSP responder and the seal embeds no "
     "revocation values"},
    {"edc.trust_ok_unreachable", MC_VERDICT_VALID,
     "chain reaches {anchor} at {time}; revocation not checked: {url}: "
     "{detail}"},
    {"edc.trust_test_anchor", MC_VERDICT_VALID,
     "chain reaches {anchor} at {time}: a TEST anchor, not an eIDAS trust "
     "service; revocation not checked"},
    {"edc.cert_revoked", MC_VERDICT_FORGED,
     "the seal certificate was revoked on {date} ({reason}, {via}), before "
     "{time}: the seal cannot be relied on"},
    /* issuer */
    {"edc.issuer_ok", MC_VERDICT_VALID, "issued and sealed by {name} ({id})"},
    {"edc.issuer_iota", MC_VERDICT_INVALID,
     "issuer.eIDASIdentifier: spelt with a Greek capital Iota"},
    {"edc.no_org_id", MC_VERDICT_UNKNOWN,
     "the seal certificate of {org} has no organizationIdentifier, so "
     "nothing ties it to the issuer the credential names"},
    {"edc.notation_missing", MC_VERDICT_UNKNOWN,
     "issuer.eIDASIdentifier.notation: missing, so the credential does not "
     "say which organisation issued it (the seal is {org}'s, {id})"},
    {"edc.forged_id", MC_VERDICT_FORGED,
     "the credential carries the id {id} of a credential {org} issued here, "
     "but is not sealed with a seal of {org}"},
    {"edc.issuer_mismatch", MC_VERDICT_FORGED,
     "the credential names issuer {notation} but was sealed by {org} ({id}): "
     "{differ}"},
    /* owner */
    {"edc.owner_not_asked", MC_VERDICT_VALID,
     "no holder given to compare with the subject ({learner})"},
    {"edc.owner_match", MC_VERDICT_VALID, "the subject is {owner}"},
    {"edc.owner_mismatch", MC_VERDICT_INVALID,
     "the subject is not {owner} (the credential names {learner})"},
    /* revocation (the credential's own status) */
    {"edc.status_unbound", MC_VERDICT_VALID,
     "not checked: until the issuer is established, the status would prove "
     "nothing"},
    {"edc.status_none", MC_VERDICT_VALID,
     "the credential has no credentialStatus"},
    {"edc.status_bad", MC_VERDICT_INVALID, "credentialStatus.id: missing"},
    {"edc.status_elsewhere", MC_VERDICT_UNKNOWN,
     "status at {url} is not this platform's: check it there"},
    {"edc.status_not_issued", MC_VERDICT_FORGED, "{id} was never issued here"},
    {"edc.status_unreadable", MC_VERDICT_UNKNOWN,
     "the status could not be read"},
    {"edc.status_active", MC_VERDICT_VALID, "not revoked or suspended"},
    {"edc.status_revoked", MC_VERDICT_REVOKED,
     "the credential is revoked by its issuer"},
    {"edc.status_suspended", MC_VERDICT_SUSPENDED,
     "the credential is suspended by its issuer"},
    {"edc.status_revoked_on", MC_VERDICT_REVOKED,
     "the credential was revoked by its issuer on {date}: {reason}"},
    {"edc.status_suspended_on", MC_VERDICT_SUSPENDED,
     "the credential was suspended by its issuer on {date}: {reason}"},
    /* expiry */
    {"edc.valid_from_bad", MC_VERDICT_INVALID, "validFrom: not a date-time"},
    {"edc.valid_until_bad", MC_VERDICT_INVALID, "validUntil: not a date-time"},
    {"edc.not_yet_valid", MC_VERDICT_NOT_YET_VALID, "not valid before {from}"},
    {"edc.expired", MC_VERDICT_EXPIRED, "expired on {until}"},
    {"edc.valid", MC_VERDICT_VALID, "valid from {from}, no expiry"},
    {"edc.valid_until", MC_VERDICT_VALID, "valid from {from} until {until}"},
    /* accreditation */
    {"edc.accredited_list", MC_VERDICT_VALID,
     "{body} is accredited for {qualification} in {file}"},
    {"edc.not_accredited_list", MC_VERDICT_INVALID,
     "{file}: not listed for this awarding body and qualification"},
    {"edc.accreditation_unreadable", MC_VERDICT_UNKNOWN,
     "{file}: cannot be read"},
    {"edc.accreditation_none", MC_VERDICT_VALID,
     "no accreditation list configured, and the qualification "
     "{qualification} is not in this platform's catalogue"},
    {"edc.accreditation_unpublished", MC_VERDICT_INVALID,
     "{mc} v{version} was never approved and published ({status})"},
    {"edc.accredited_catalogue", MC_VERDICT_VALID,
     "{mc} v{version} is quality-assured and published in this platform's "
     "catalogue"},
    {NULL, MC_VERDICT_VALID, NULL}};

const char *mc__edc_lang_first(const json_t *m)
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

const char *mc__edc_cert_attr(X509 *x, int nid, char *buf, size_t len)
{
	buf[0] = '\0';
	if (x && X509_NAME_get_text_by_NID(X509_get_subject_name(x), nid, buf,
					   (int)len) < 0)
		buf[0] = '\0';
	return buf;
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

	if (!json_is_object(vc)) {
		mc__vmsg(run, MC__E_FORMAT, MC_CHECK_FAILED,
			 "edc.payload_not_object", NULL);
		return -1;
	}
	if (json_is_string(ctx))
		edc_ctx = strncmp(json_string_value(ctx), MC__EDC_CONTEXT,
				  strlen(MC__EDC_CONTEXT)) == 0;
	json_array_foreach(ctx, i, v)
	{
		const char *u = json_string_value(v);

		if (u &&
		    strncmp(u, MC__EDC_CONTEXT, strlen(MC__EDC_CONTEXT)) == 0)
			edc_ctx = 1;
	}
	if (!edc_ctx) {
		mc__vmsg(run, MC__E_FORMAT, MC_CHECK_FAILED,
			 "edc.context_missing", "context", MC__EDC_CONTEXT,
			 NULL);
		return -1;
	}
	if (!mc__vhas_type(vc, "EuropeanDigitalCredential")) {
		mc__vmsg(run, MC__E_FORMAT, MC_CHECK_FAILED, "edc.type_missing",
			 NULL);
		return -1;
	}
	for (i = 0; i < MC__ARRAY_SIZE(required); i++)
		if (!json_object_get(vc, required[i])) {
			mc__vmsg(run, MC__E_FORMAT, MC_CHECK_FAILED,
				 "edc.field_missing", "field", required[i],
				 NULL);
			return -1;
		}
	if (!json_is_object(subject) || !json_object_get(subject, "hasClaim")) {
		mc__vmsg(run, MC__E_FORMAT, MC_CHECK_FAILED,
			 "edc.claim_missing", NULL);
		return -1;
	}
	mc__vmsg(run, MC__E_FORMAT, MC_CHECK_PASSED, "edc.format_ok", NULL);
	return 0;
}

/* What the seal check and the trust check share about time. */
struct seal_time {
	long long now;	/* time of verification */
	long long at;	/* the trusted time the certificate is checked at */
	int stamped;	/* `at` is a valid B-T timestamp's */
	long long sigt; /* the claimed signing time, 0 when absent */
};

/* The B-T timestamp: sets t->at and t->stamped when it holds and its
 * authority reaches a configured anchor for timestamps (else anyone could
 * stamp an old time on a seal made with an expired key). */
static void check_timestamp(struct mc__vrun *run, const struct mc__jades *j,
			    const mc_verify_options *o, struct seal_time *t)
{
	struct mc__trust_path path;
	unsigned char *tsa = NULL;
	size_t tsa_len = 0;
	char err[512] = "", when[21], now[21], name[256] = "";
	time_t ts = 0;
	X509 *x = NULL;
	int error;

	memset(&path, 0, sizeof(path));
	error = mc__jades_verify_timestamp(j, &ts, &tsa, &tsa_len, err,
					   sizeof(err));
	if (error == MC_ENOTFOUND) {
		mc__vmsg(run, MC__E_TIMESTAMP, MC_CHECK_SKIPPED,
			 "edc.timestamp_none", NULL);
		goto done;
	}
	if (error == MC_ENOMEM)
		run->error = error;
	if (error == MC_EBADSIG) {
		mc__vmsg(run, MC__E_TIMESTAMP, MC_CHECK_FAILED,
			 "edc.timestamp_bad", NULL);
		goto done;
	}
	if (error < 0) {
		mc__vmsg(run, MC__E_TIMESTAMP, MC_CHECK_FAILED,
			 "edc.timestamp_malformed", "detail", err, NULL);
		goto done;
	}
	mc__timestamp_format(when, (long long)ts);
	if ((long long)ts > t->now + MC__EDC_CLOCK_SKEW) {
		mc__timestamp_format(now, t->now);
		mc__vmsg(run, MC__E_TIMESTAMP, MC_CHECK_FAILED,
			 "edc.timestamp_future", "time", when, "date", now,
			 NULL);
		goto done;
	}
	error = mc__trust_check_tsa(o->anchors, tsa, tsa_len, ts, &path, err,
				    sizeof(err));
	if (error == MC_ENOMEM)
		run->error = error;
	if (error < 0) {
		x = mc__trust_x509_from_der(tsa, tsa_len);
		mc__edc_cert_attr(x, NID_commonName, name, sizeof(name));
		mc__vmsg(run, MC__E_TIMESTAMP, MC_CHECK_SKIPPED,
			 "edc.timestamp_untrusted", "tsa", name[0] ? name : "?",
			 "time", when, NULL);
		goto done;
	}
	t->at = (long long)ts;
	t->stamped = 1;
	mc__vmsg(run, MC__E_TIMESTAMP, MC_CHECK_PASSED, "edc.timestamp_ok",
		 "time", when, "tsa", path.anchor ? path.anchor : "?", NULL);

done:
	X509_free(x);
	free(tsa);
	mc__trust_path_clear(&path);
}

/* The seal certificate at the trusted time, and the claimed signing time
 * (after the signature itself verified). */
static void check_seal_cert(struct mc__vrun *run, const struct mc__jades *j,
			    X509 *leaf, const struct seal_time *t)
{
	struct mc__trust_fault f;
	char err[512] = "", when[21], at[21], org[256], skew[16];

	mc__timestamp_format(at, t->at);
	if (t->sigt && t->sigt > t->now + MC__EDC_CLOCK_SKEW) {
		mc__timestamp_format(when, t->sigt);
		mc__timestamp_format(at, t->now);
		snprintf(skew, sizeof(skew), "%d", MC__EDC_CLOCK_SKEW);
		mc__vmsg(run, MC__E_SEAL, MC_CHECK_FAILED, "edc.sigt_future",
			 "time", when, "date", at, "skew", skew, NULL);
		return;
	}
	if (mc__trust_leaf_fault(j->x5c[0], j->x5c_len[0], (time_t)t->at, &f,
				 err, sizeof(err)) == 0) {
		mc__edc_cert_attr(leaf, NID_organizationName, org, sizeof(org));
		mc__vmsg(run, MC__E_SEAL, MC_CHECK_PASSED, "edc.seal_ok", "alg",
			 j->alg, "org", org[0] ? org : "?", "time", at, NULL);
		return;
	}
	mc__timestamp_format(when, f.when);
	switch (f.kind) {
	case MC__TRUST_FAULT_EXPIRED:
		if (t->stamped)
			mc__vmsg(run, MC__E_SEAL, MC_CHECK_FAILED,
				 "edc.cert_expired_at", "until", when, "time",
				 at, NULL);
		else if (t->sigt && t->sigt > f.when) {
			mc__timestamp_format(at, t->sigt);
			mc__vmsg(run, MC__E_SEAL, MC_CHECK_FAILED,
				 "edc.cert_expired_sigt", "until", when, "time",
				 at, NULL);
		} else
			mc__vmsg(run, MC__E_SEAL, MC_CHECK_FAILED,
				 "edc.cert_expired_now", "until", when, NULL);
		break;
	case MC__TRUST_FAULT_NOT_YET_VALID:
		mc__vmsg(run, MC__E_SEAL, MC_CHECK_FAILED,
			 "edc.cert_not_yet_valid", "from", when, "time", at,
			 NULL);
		break;
	case MC__TRUST_FAULT_KEY_USAGE:
		mc__vmsg(run, MC__E_SEAL, MC_CHECK_FAILED, "edc.cert_key_usage",
			 NULL);
		break;
	default:
		mc__vmsg(run, MC__E_SEAL, MC_CHECK_FAILED, "edc.cert_malformed",
			 "detail", err, NULL);
	}
}

/* A chain that reached no anchor, or a faulty one, as a reason. */
static void chain_failed(struct mc__vrun *run, const struct mc__trust_path *p,
			 const char *err)
{
	const struct mc__trust_fault *f = &p->fault;
	char when[21], count[24];

	mc__timestamp_format(when, f->when);
	switch (f->kind) {
	case MC__TRUST_FAULT_NO_PATH:
		snprintf(count, sizeof(count), "%zu", f->tried);
		mc__vmsg(run, MC__E_TRUST, MC_CHECK_FAILED,
			 "edc.chain_no_anchor", "root", f->subject, "count",
			 count, NULL);
		break;
	case MC__TRUST_FAULT_EXPIRED:
		mc__vmsg(run, MC__E_TRUST, MC_CHECK_FAILED,
			 "edc.chain_cert_expired", "cert", f->subject, "until",
			 when, NULL);
		break;
	case MC__TRUST_FAULT_NOT_YET_VALID:
		mc__vmsg(run, MC__E_TRUST, MC_CHECK_FAILED,
			 "edc.chain_cert_not_yet_valid", "cert", f->subject,
			 "from", when, NULL);
		break;
	case MC__TRUST_FAULT_NOT_CA:
		mc__vmsg(run, MC__E_TRUST, MC_CHECK_FAILED, "edc.chain_not_ca",
			 "cert", f->subject, NULL);
		break;
	case MC__TRUST_FAULT_BAD_SIGNATURE:
		mc__vmsg(run, MC__E_TRUST, MC_CHECK_FAILED,
			 "edc.chain_bad_signature", "cert", f->subject, NULL);
		break;
	default:
		mc__vmsg(run, MC__E_TRUST, MC_CHECK_FAILED, "edc.chain_bad",
			 "detail", err, NULL);
	}
}

/* The seal certificate's revocation, into the trust check's reason. */
static void trust_revocation(struct mc__vrun *run, const struct mc__jades *j,
			     const struct mc__rev_values *ev,
			     const struct mc__trust_path *p,
			     const struct seal_time *t, const char *at,
			     int network)
{
	struct mc__revocation rev;
	char date[21];
	int error;

	error = mc__trust_revocation(&rev, j->x5c[0], j->x5c_len[0], p->issuer,
				     p->issuer_len, ev, t->at, t->now, network);
	if (error == MC_ENOMEM) {
		run->error = error;
		return;
	}
	if (error < 0)
		rev.status = MC__REV_NO_SOURCE;
	switch (rev.status) {
	case MC__REV_GOOD:
		mc__vmsg(run, MC__E_TRUST, MC_CHECK_PASSED, "edc.trust_ok",
			 "anchor", p->anchor, "time", at, "via", rev.via, NULL);
		break;
	case MC__REV_REVOKED:
		mc__timestamp_format(date, rev.revoked_at);
		mc__vmsg(run, MC__E_TRUST, MC_CHECK_FAILED, "edc.cert_revoked",
			 "date", date, "reason",
			 rev.reason[0] ? rev.reason : "unspecified", "via",
			 rev.via, "time", at, NULL);
		break;
	case MC__REV_OFFLINE:
		mc__vmsg(run, MC__E_TRUST, MC_CHECK_PASSED,
			 "edc.trust_ok_offline", "anchor", p->anchor, "time",
			 at, NULL);
		break;
	case MC__REV_UNREACHABLE:
		mc__vmsg(run, MC__E_TRUST, MC_CHECK_PASSED,
			 "edc.trust_ok_unreachable", "anchor", p->anchor,
			 "time", at, "url", rev.url, "detail", rev.detail,
			 NULL);
		break;
	default:
		mc__vmsg(run, MC__E_TRUST, MC_CHECK_PASSED,
			 "edc.trust_ok_no_source", "anchor", p->anchor, "time",
			 at, NULL);
	}
}

/*
 * The chain against the store's test CAs, then the configured anchors:
 * the first set reached wins; when none is, the most telling reason (a
 * certificate at fault before "no path").  Then the seal certificate's
 * revocation.  *binding and *anchor_out (caller frees) say what was
 * reached.
 */
static void check_trust(struct mc__vrun *run, mc_store *store,
			const struct mc__jades *j, const struct seal_time *t,
			const mc_verify_options *o, mc_binding *binding,
			char **anchor_out)
{
	struct mc__trust *own = NULL;
	const struct mc__trust *sets[2];
	struct mc__trust_path path, worst;
	struct mc__rev_values ev;
	const unsigned char *chain[MC__JADES_X5C_MAX + 8];
	size_t lens[MC__JADES_X5C_MAX + 8], count = 0;
	char err[512] = "", why[512] = "", at[21], *pem = NULL;
	int error, worst_error = 0, test = 0;
	size_t i, n = 0;

	memset(&worst, 0, sizeof(worst));
	memset(&path, 0, sizeof(path));
	*binding = MC_BINDING_NONE;
	/* The chain: x5c, then the certificates a B-LT seal carries in
	 * xVals (intermediates x5c may leave out; never anchors). */
	if (mc__rev_values_from_etsiu(&ev, j->etsiu) < 0) {
		run->error = MC_ENOMEM;
		return;
	}
	for (i = 0; i < j->x5c_count; i++, count++) {
		chain[count] = j->x5c[i];
		lens[count] = j->x5c_len[i];
	}
	for (i = 0; i < ev.ncert && count < MC__ARRAY_SIZE(chain); i++) {
		chain[count] = ev.cert[i];
		lens[count++] = ev.cert_len[i];
	}
	if (store && mc_seal_store_anchors(store, &pem) == 0 && pem && pem[0] &&
	    mc__trust_new(&own) == 0 &&
	    mc__trust_add_pem(own, pem, strlen(pem), "this platform's test CA",
			      err, sizeof(err)) == 0)
		sets[n++] = own;
	if (o->anchors && mc__trust_count(o->anchors))
		sets[n++] = o->anchors;
	if (!n) {
		mc__vmsg(run, MC__E_TRUST, MC_CHECK_SKIPPED,
			 "edc.trust_no_anchors", NULL);
		goto done;
	}
	mc__timestamp_format(at, t->at);
	for (i = 0; i < n; i++) {
		error = mc__trust_check_chain(sets[i], chain, lens, count,
					      (time_t)t->at, &path, err,
					      sizeof(err));
		if (error == 0)
			break;
		if (error == MC_ENOMEM)
			run->error = error;
		if (!worst_error || error == MC_EINVALID) {
			worst_error = error;
			worst = path;
			snprintf(why, sizeof(why), "%s", err);
		}
		memset(&path, 0, sizeof(path));
	}
	if (i == n) {
		chain_failed(run, &worst, why);
		goto done;
	}
	/* The platform's own CAs are test CAs; so is a configured anchor
	 * that says so in its name (an exported test CA). */
	test = (own && sets[i] == own) ||
	       (path.anchor && strstr(path.anchor, "TEST"));
	if (test) {
		mc__vmsg(run, MC__E_TRUST, MC_CHECK_PASSED,
			 "edc.trust_test_anchor", "anchor", path.anchor, "time",
			 at, NULL);
		*binding = MC_BINDING_TEST_ANCHOR;
	} else {
		trust_revocation(run, j, &ev, &path, t, at, !o->offline);
		if (run->r->checks[MC__E_TRUST].result == MC_CHECK_PASSED)
			*binding = MC_BINDING_EIDAS;
	}
	if (path.anchor && !(*anchor_out = mc__strdup(path.anchor)))
		run->error = MC_ENOMEM;

done:
	mc__trust_path_clear(&path);
	mc__trust_path_clear(&worst);
	mc__rev_values_free(&ev);
	free(pem);
	mc__trust_free(own);
}

int mc__verify_edc(mc_store *store, mc_verify_report **out, const char *data,
		   size_t len, const mc_verify_options *o)
{
	struct mc__vrun run = {NULL, 0};
	struct mc__jades *j = NULL;
	struct seal_time t = {0, 0, 0, 0};
	json_t *vc = NULL;
	X509 *leaf = NULL;
	const unsigned char *p;
	char err[512] = "", *anchor = NULL;
	mc_binding binding = MC_BINDING_NONE;
	int error, issuer_ok = 0, format_ok = 0;

	*out = NULL;
	if ((error = mc__report_new(&run.r, names, MC__E_COUNT)) < 0)
		return error;
	if (!(run.r->format = strdup("edc+jades")))
		run.error = MC_ENOMEM;
	if (!o->now || mc__timestamp_parse(o->now, &t.now) < 0)
		t.now = mc__now();
	t.at = t.now;
	if ((error = mc__jades_parse(&j, data, len, err, sizeof(err))) < 0) {
		if (error == MC_ENOMEM)
			run.error = error;
		mc__vmsg(&run, MC__E_FORMAT, MC_CHECK_FAILED,
			 "edc.sealed_file_bad", "detail", err, NULL);
		mc__vmsg(&run, MC__E_SEAL, MC_CHECK_FAILED, "edc.no_seal",
			 "detail", err, NULL);
		goto done;
	}
	t.sigt = (long long)j->sig_time;
	if (!(vc = json_loadb(j->payload, j->payload_len,
			      JSON_REJECT_DUPLICATES, NULL))) {
		mc__vmsg(&run, MC__E_FORMAT, MC_CHECK_FAILED,
			 "edc.payload_not_json", NULL);
	} else if (check_format(&run, vc) == 0) {
		format_ok = 1;
		run.r->id = mc__strdup(mc__vstr(vc, "id"));
		run.r->issuer = mc__strdup(mc__edc_lang_first(json_object_get(
		    json_object_get(vc, "issuer"), "legalName")));
		if (mc__edc_about(&run.r->about, store, vc) < 0)
			run.error = MC_ENOMEM;
	}

	/* The seal: the signature over the exact payload bytes. */
	p = j->x5c[0];
	leaf = d2i_X509(NULL, &p, (long)j->x5c_len[0]);
	error = mc__jades_verify_signature(j, err, sizeof(err));
	if (error == MC_ENOMEM)
		run.error = error;
	if (error == MC_EBADSIG) {
		mc__vmsg(&run, MC__E_SEAL, MC_CHECK_FAILED, "edc.seal_bad",
			 NULL);
		goto done;
	}
	if (error < 0) {
		mc__vmsg(&run, MC__E_SEAL, MC_CHECK_FAILED, "edc.seal_key_bad",
			 "detail", err, NULL);
		goto done;
	}
	check_timestamp(&run, j, o, &t);
	check_seal_cert(&run, j, leaf, &t);
	check_trust(&run, store, j, &t, o, &binding, &anchor);
	if (!format_ok)
		goto done;
	issuer_ok =
	    mc__edc_check_issuer(&run, vc, leaf) &&
	    mc__edc_check_ours(&run, store, vc, j->x5c[0], j->x5c_len[0]);
	mc__edc_check_owner(&run, vc, o->owner);
	/* The credential's status speaks for it only once its issuer is
	 * established: a copy would borrow the genuine one's. */
	if (issuer_ok)
		mc__edc_check_status(&run, store, vc);
	else
		mc__vmsg(&run, MC__E_REVOCATION, MC_CHECK_SKIPPED,
			 "edc.status_unbound", NULL);
	mc__edc_check_expiry(&run, vc, t.now);
	mc__edc_check_accreditation(&run, store, vc, o);

done:
	/* The name is bound only by a sound seal that names it; our page is
	 * linked only for a credential so sealed (not for a copy of ours
	 * resealed by someone else). */
	if (issuer_ok && run.r->checks[MC__E_SEAL].result == MC_CHECK_PASSED &&
	    binding != MC_BINDING_NONE) {
		run.r->about.binding = binding;
		run.r->about.binding_detail = anchor;
		anchor = NULL;
	}
	if (!issuer_ok || run.r->checks[MC__E_SEAL].result != MC_CHECK_PASSED) {
		free(run.r->about.page);
		run.r->about.page = NULL;
	}
	run.r->verdict = mc__verdict_of(run.r);
	free(anchor);
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
