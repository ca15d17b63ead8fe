/*
 * The checks of a sealed EDC that read the credential: the issuer it
 * names against the seal certificate (ETSI EN 319 412-1 semantics
 * identifiers), the owner, its own status on this platform, its validity
 * period and the accreditation of its awarding body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/objects.h>
#include <openssl/x509.h>

#include <strings.h>

#include "microcred/catalogue.h"
#include "microcred/credential.h"
#include "microcred/seal.h"
#include "crypto/crypto.h"
#include "util/encoding.h"
#include "crypto/seal_x509.h"
#include "store/store.h"
#include "util/timeutil.h"
#include "util/util.h"
#include "verify_edc_private.h"

/* The issuer's identifiers to compare: eIDASIdentifier, else each
 * legalIdentifier (an object or an array). */
static size_t identifiers(const json_t *issuer, const json_t **out, size_t max)
{
	const json_t *e = json_object_get(issuer, "eIDASIdentifier");
	const json_t *l = json_object_get(issuer, "legalIdentifier"), *v;
	size_t n = 0, i;

	if (json_is_object(e))
		out[n++] = e;
	if (json_is_object(l) && n < max)
		out[n++] = l;
	json_array_foreach(l, i, v)
	{
		if (json_is_object(v) && n < max)
			out[n++] = v;
	}
	return n;
}

/* "a ≠ b" into buf, or "" when `differs` is 0. */
static const char *differ_text(char *buf, size_t len, int differs,
			       const char *a, const char *b)
{
	if (!differs)
		buf[0] = '\0';
	else
		snprintf(buf, len, "%s \xe2\x89\xa0 %s", a[0] ? a : "-",
			 b[0] ? b : "-");
	return buf;
}

/* The mismatch reason: which of scheme, country, identifier differ, as
 * "credential's ≠ certificate's". */
static void mismatch(struct mc__vrun *run, const char *notation,
		     const char *spatial, const char *org, const char *oid,
		     const char *cert_c, unsigned diff)
{
	struct mc__orgid c, e;
	char scheme[40], country[40], ident[600], all[720], ec[3] = "",
							    cc[3] = "";

	mc__orgid_parse(&c, oid);
	mc__orgid_parse(&e, notation);
	if (!mc__orgid_country(e.country[0] ? e.country : spatial, ec))
		ec[0] = '\0';
	if (!mc__orgid_country(c.country[0] ? c.country : cert_c, cc))
		cc[0] = '\0';
	differ_text(scheme, sizeof(scheme), diff & MC__ORGID_SCHEME, e.scheme,
		    c.scheme);
	differ_text(country, sizeof(country), diff & MC__ORGID_COUNTRY, ec, cc);
	differ_text(ident, sizeof(ident), diff & MC__ORGID_ID, e.id, c.id);
	snprintf(all, sizeof(all), "%s%s%s%s%s", scheme,
		 scheme[0] && (country[0] || ident[0]) ? "; " : "", country,
		 country[0] && ident[0] ? "; " : "", ident);
	mc__vmsg(run, MC__E_ISSUER, MC_CHECK_FAILED, "edc.issuer_mismatch",
		 "notation", notation, "org", org[0] ? org : "?", "id", oid,
		 "differ", all, "scheme", scheme, "country", country,
		 "identifier", ident, NULL);
}

int mc__edc_check_issuer(struct mc__vrun *run, const json_t *vc, X509 *leaf)
{
	const json_t *issuer = json_object_get(vc, "issuer");
	const json_t *ids[8];
	const char *notation = NULL, *spatial = NULL, *name;
	char oid[256], org[256], cert_c[8];
	unsigned diff = 0, d;
	size_t n, i;

	mc__edc_cert_attr(leaf, NID_organizationIdentifier, oid, sizeof(oid));
	mc__edc_cert_attr(leaf, NID_organizationName, org, sizeof(org));
	mc__edc_cert_attr(leaf, NID_countryName, cert_c, sizeof(cert_c));
	n = identifiers(issuer, ids, MC__ARRAY_SIZE(ids));
	if (!json_object_get(issuer, "eIDASIdentifier") &&
	    json_object_get(issuer, "eIDAS\xce\x99"
				    "dentifier")) {
		mc__vmsg(run, MC__E_ISSUER, MC_CHECK_FAILED, "edc.issuer_iota",
			 NULL);
		return 0;
	}
	if (!oid[0]) {
		mc__vmsg(run, MC__E_ISSUER, MC_CHECK_FAILED, "edc.no_org_id",
			 "org", org[0] ? org : "?", NULL);
		return 0;
	}
	for (i = 0; i < n; i++) {
		const char *s = mc__vstr(ids[i], "notation");
		const char *sp =
		    mc__vstr(json_object_get(ids[i], "spatial"), "id");

		if (!s)
			continue;
		d = mc__orgid_compare(oid, cert_c, s, sp);
		if (!d) {
			name = mc__edc_lang_first(
			    json_object_get(issuer, "legalName"));
			mc__vmsg(run, MC__E_ISSUER, MC_CHECK_PASSED,
				 "edc.issuer_ok", "name", name ? name : org,
				 "id", oid, NULL);
			return 1;
		}
		if (!notation) { /* the first identifier is reported */
			notation = s;
			spatial = sp;
			diff = d;
		}
	}
	if (!notation)
		mc__vmsg(run, MC__E_ISSUER, MC_CHECK_FAILED,
			 "edc.notation_missing", "org", org[0] ? org : "?",
			 "id", oid, NULL);
	else
		mismatch(run, notation, spatial, org, oid, cert_c, diff);
	return 0;
}

int mc__edc_check_ours(struct mc__vrun *run, mc_store *store, const json_t *vc,
		       const unsigned char *leaf, size_t leaf_len)
{
	const char *id = mc__vstr(vc, "id");
	mc_credential *stored = NULL;
	mc_seal_info **seals = NULL;
	unsigned char md[MC__SHA256_LEN];
	char *fp = NULL;
	size_t n = 0, i;
	int ok = 1;

	if (!store || !id || mc_credential_get(store, &stored, id) < 0)
		return 1;
	mc__sha256(md, leaf, leaf_len);
	if (mc__hex_encode(&fp, md, sizeof(md)) < 0 ||
	    mc_seal_list(store, &seals, &n, stored->org_id) < 0) {
		run->error = MC_ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++)
		if (seals[i]->fingerprint &&
		    strcasecmp(seals[i]->fingerprint, fp) == 0)
			goto done;
	ok = 0;
	mc__vmsg(run, MC__E_ISSUER, MC_CHECK_FAILED, "edc.forged_id", "id", id,
		 "org", stored->org_id, NULL);

done:
	mc_seal_list_free(seals, n);
	mc_credential_free(stored);
	free(fp);
	return ok;
}

/* The owner check: the holder named in the options is the subject. */
void mc__edc_check_owner(struct mc__vrun *run, const json_t *vc,
			 const char *owner)
{
	const json_t *s = json_object_get(vc, "credentialSubject");
	const json_t *names_[] = {json_object_get(s, "fullName"),
				  json_object_get(s, "givenName")};
	const char *learner = mc__edc_lang_first(names_[0]), *k;
	json_t *v;
	size_t i;

	if (!owner || !*owner) {
		mc__vmsg(run, MC__E_OWNER, MC_CHECK_SKIPPED,
			 "edc.owner_not_asked", "learner",
			 learner ? learner : "?", NULL);
		return;
	}
	for (i = 0; i < MC__ARRAY_SIZE(names_); i++)
		json_object_foreach((json_t *)names_[i], k, v)
		{
			if (mc__vsame_name(json_string_value(v), owner)) {
				mc__vmsg(run, MC__E_OWNER, MC_CHECK_PASSED,
					 "edc.owner_match", "owner", owner,
					 NULL);
				return;
			}
		}
	if (mc__streq(mc__vstr(s, "id"), owner)) {
		mc__vmsg(run, MC__E_OWNER, MC_CHECK_PASSED, "edc.owner_match",
			 "owner", owner, NULL);
		return;
	}
	mc__vmsg(run, MC__E_OWNER, MC_CHECK_FAILED, "edc.owner_mismatch",
		 "owner", owner, "learner", learner ? learner : "?", NULL);
}

/* A revoked or suspended credential of ours: when and why, as the
 * issuer recorded it. */
static void status_withdrawn(struct mc__vrun *run, mc_store *store,
			     const char *id, mc_credential_state state)
{
	const char *action = state == MC_CRED_SUSPENDED ? "credential.suspend"
							: "credential.revoke";
	char *at = NULL, *reason = NULL;
	int error;

	error = store->audit->last(store, &at, &reason, id, action);
	if (error == MC_ENOMEM)
		run->error = error;
	if (error == 0 && at)
		mc__vmsg(run, MC__E_REVOCATION, MC_CHECK_FAILED,
			 state == MC_CRED_SUSPENDED ? "edc.status_suspended_on"
						    : "edc.status_revoked_on",
			 "date", at, "reason", reason ? reason : "", NULL);
	else
		mc__vmsg(run, MC__E_REVOCATION, MC_CHECK_FAILED,
			 state == MC_CRED_SUSPENDED ? "edc.status_suspended"
						    : "edc.status_revoked",
			 NULL);
	free(at);
	free(reason);
}

void mc__edc_check_status(struct mc__vrun *run, mc_store *store,
			  const json_t *vc)
{
	const json_t *st = json_object_get(vc, "credentialStatus");
	const char *url = mc__vstr(st, "id"), *id = mc__vstr(vc, "id");
	mc_credential_state state;
	int error;

	if (json_is_array(st)) {
		st = json_array_get(st, 0);
		url = mc__vstr(st, "id");
	}
	if (!st) {
		mc__vmsg(run, MC__E_REVOCATION, MC_CHECK_SKIPPED,
			 "edc.status_none", NULL);
		return;
	}
	if (!url || !id) {
		mc__vmsg(run, MC__E_REVOCATION, MC_CHECK_FAILED,
			 "edc.status_bad", NULL);
		return;
	}
	if (!store ||
	    strncmp(url, store->base_url, strlen(store->base_url)) != 0) {
		mc__vmsg(run, MC__E_REVOCATION, MC_CHECK_SKIPPED,
			 "edc.status_elsewhere", "url", url, NULL);
		return;
	}
	error = mc_credential_state_get(store, &state, id);
	if (error == MC_ENOTFOUND)
		mc__vmsg(run, MC__E_REVOCATION, MC_CHECK_FAILED,
			 "edc.status_not_issued", "id", id, NULL);
	else if (error < 0)
		mc__vmsg(run, MC__E_REVOCATION, MC_CHECK_SKIPPED,
			 "edc.status_unreadable", NULL);
	else if (state == MC_CRED_ACTIVE)
		mc__vmsg(run, MC__E_REVOCATION, MC_CHECK_PASSED,
			 "edc.status_active", NULL);
	else
		status_withdrawn(run, store, id, state);
}

void mc__edc_check_expiry(struct mc__vrun *run, const json_t *vc, long long now)
{
	const char *from = mc__vstr(vc, "validFrom");
	const char *until = mc__vstr(vc, "validUntil");
	long long t;

	if (!until)
		until = mc__vstr(vc, "expirationDate");
	if (!from || mc__timestamp_parse(from, &t) < 0)
		mc__vmsg(run, MC__E_EXPIRY, MC_CHECK_FAILED,
			 "edc.valid_from_bad", NULL);
	else if (t > now)
		mc__vmsg(run, MC__E_EXPIRY, MC_CHECK_FAILED,
			 "edc.not_yet_valid", "from", from, NULL);
	else if (until && mc__timestamp_parse(until, &t) < 0)
		mc__vmsg(run, MC__E_EXPIRY, MC_CHECK_FAILED,
			 "edc.valid_until_bad", NULL);
	else if (until && t < now)
		mc__vmsg(run, MC__E_EXPIRY, MC_CHECK_FAILED, "edc.expired",
			 "until", until, NULL);
	else if (until)
		mc__vmsg(run, MC__E_EXPIRY, MC_CHECK_PASSED, "edc.valid_until",
			 "from", from, "until", until, NULL);
	else
		mc__vmsg(run, MC__E_EXPIRY, MC_CHECK_PASSED, "edc.valid",
			 "from", from, NULL);
}

/* The first claim (the achievement). */
static const json_t *claim_of(const json_t *vc)
{
	const json_t *c = json_object_get(
	    json_object_get(vc, "credentialSubject"), "hasClaim");

	return json_is_array(c) ? json_array_get(c, 0) : c;
}

void mc__edc_check_accreditation(struct mc__vrun *run, mc_store *store,
				 const json_t *vc, const mc_verify_options *o)
{
	const json_t *claim = claim_of(vc);
	const json_t *q = json_object_get(claim, "specifiedBy");
	const json_t *body = json_object_get(
	    json_object_get(claim, "awardedBy"), "awardingBody");
	const char *qid = mc__vstr(q, "id");
	char *uri = NULL, version[16];
	mc_microcred *mc = NULL;
	int error;

	if (json_is_array(body))
		body = json_array_get(body, 0);
	if (o->accreditation_file) {
		error = mc__accreditation_match(o->accreditation_file,
						mc__vstr(body, "id"), qid);
		if (error == 0)
			mc__vmsg(run, MC__E_ACCREDITATION, MC_CHECK_PASSED,
				 "edc.accredited_list", "body",
				 mc__vstr(body, "id"), "qualification", qid,
				 "file", o->accreditation_file, NULL);
		else if (error == MC_ENOTFOUND)
			mc__vmsg(run, MC__E_ACCREDITATION, MC_CHECK_FAILED,
				 "edc.not_accredited_list", "file",
				 o->accreditation_file, NULL);
		else
			mc__vmsg(run, MC__E_ACCREDITATION, MC_CHECK_SKIPPED,
				 "edc.accreditation_unreadable", "file",
				 o->accreditation_file, NULL);
		return;
	}
	/* The qualification is an MC version of this platform's catalogue
	 * (BASE/mc/ID/vN, maybe with a fragment): approved by its quality
	 * assurance body and published is what accredited means here. */
	if (qid && (uri = mc__strdup(qid)) && strchr(uri, '#'))
		*strchr(uri, '#') = '\0';
	if (!store || !uri || mc_catalogue_resolve(store, &mc, uri) < 0) {
		mc__vmsg(run, MC__E_ACCREDITATION, MC_CHECK_SKIPPED,
			 "edc.accreditation_none", "qualification",
			 qid ? qid : "?", NULL);
		goto done;
	}
	snprintf(version, sizeof(version), "%u", mc->version);
	if (mc->status != MC_STATUS_PUBLISHED &&
	    mc->status != MC_STATUS_RETIRED)
		mc__vmsg(run, MC__E_ACCREDITATION, MC_CHECK_FAILED,
			 "edc.accreditation_unpublished", "mc", mc->id,
			 "version", version, "status",
			 mc_status_name(mc->status), NULL);
	else
		mc__vmsg(run, MC__E_ACCREDITATION, MC_CHECK_PASSED,
			 "edc.accredited_catalogue", "mc", mc->id, "version",
			 version, NULL);

done:
	mc_microcred_free(mc);
	free(uri);
}
