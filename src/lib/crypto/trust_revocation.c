/*
 * Revocation of a seal certificate: the CRL and OCSP values a B-LT seal
 * embeds, then (when the network is allowed) the OCSP responders of the
 * certificate's authorityInfoAccess and the CRLs of its
 * cRLDistributionPoints, fetched with fetch.c.  A CRL or an OCSP response
 * counts only when it is signed by the certificate's issuer (OCSP: or by
 * a responder the issuer certified for OCSP signing) and is current; one
 * that is not is a source that failed, with the reason.
 *
 * OCSP is asked with GET (RFC 6960 appendix A: the base64 request,
 * URL-encoded, after the responder's URL), which fetch.c does and every
 * responder answers, `openssl ocsp` included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "util/encoding.h"
#include "util/fetch.h"
#include "jades.h"
#include "microcred/errors.h"
#include "util/timeutil.h"
#include "trust.h"
#include "trust_private.h"
#include "util/util.h"

/** Largest CRL or OCSP response fetched, in bytes. */
#define REV_FETCH_MAX (4u * 1024 * 1024)
/** Most sources of each kind a certificate may name that are tried. */
#define REV_SOURCES_MAX 4

/* RFC 5280 CRLReason names, by value. */
static const char *reason_name(long code)
{
	static const char *const names[] = {
	    "unspecified",     "keyCompromise",
	    "cACompromise",    "affiliationChanged",
	    "superseded",      "cessationOfOperation",
	    "certificateHold", "",
	    "removeFromCRL",   "privilegeWithdrawn",
	    "aACompromise"};

	return code >= 0 && code < (long)MC__ARRAY_SIZE(names) ? names[code]
							       : "";
}

/* An ASN.1 time as seconds since the epoch; -1 when absent/malformed. */
static long long epoch(const ASN1_TIME *a)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!a || !ASN1_TIME_to_tm(a, &tm))
		return -1;
	return (long long)timegm(&tm);
}

/*
 * Whether revocation data issued at `this_up` (next update `next_up`, -1
 * when none) can speak for time `at`: never issued in the future; read
 * now (fetched), it must be current now; embedded in a seal, it must
 * cover `at` (issued after it, or still current then).  0, or -1 with
 * the reason in `why`.
 */
static int current(long long this_up, long long next_up, long long at,
		   long long now, int embedded, const char *what, char *why,
		   size_t whylen)
{
	char a[21], b[21];

	if (this_up < 0 || this_up > now + MC__TRUST_SKEW) {
		mc__set_err(why, whylen, "the %s is dated in the future", what);
		return -1;
	}
	if (!embedded && next_up >= 0 && next_up < now - MC__TRUST_SKEW) {
		mc__timestamp_format(a, next_up);
		mc__set_err(why, whylen,
			    "the %s is out of date (nextUpdate %s)", what, a);
		return -1;
	}
	if (embedded && this_up < at - MC__TRUST_SKEW &&
	    (next_up < 0 || next_up < at)) {
		mc__timestamp_format(a, this_up);
		mc__timestamp_format(b, at);
		mc__set_err(why, whylen,
			    "the %s (of %s) does not cover %s, the time the "
			    "seal is checked at",
			    what, a, b);
		return -1;
	}
	return 0;
}

/* What one source said. */
enum { SAYS_NOTHING = 0, SAYS_STATUS = 1 };

static void set_revoked(struct mc__revocation *out, long long when, long reason,
			long long at)
{
	out->status = when >= 0 && when > at ? MC__REV_GOOD : MC__REV_REVOKED;
	out->revoked_at = when;
	snprintf(out->reason, sizeof(out->reason), "%s", reason_name(reason));
}

/*
 * The verdict of `crl` on `leaf` at `at`: SAYS_STATUS (out filled), or
 * SAYS_NOTHING with the reason in `why` (another issuer's CRL, a bad
 * signature, not current: current()).
 */
static int from_crl(struct mc__revocation *out, X509_CRL *crl, X509 *leaf,
		    X509 *issuer, long long at, long long now, int embedded,
		    const char *via, char *why, size_t whylen)
{
	X509_REVOKED *rev = NULL;
	ASN1_ENUMERATED *code;
	long long this_up, next_up;
	long reason = -1;

	if (X509_NAME_cmp(X509_CRL_get_issuer(crl),
			  X509_get_subject_name(issuer)) != 0) {
		mc__set_err(why, whylen,
			    "a CRL of another issuer than the certificate's");
		return SAYS_NOTHING;
	}
	if (X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1) {
		mc__set_err(why, whylen,
			    "the CRL's signature does not verify with the "
			    "issuer's key");
		return SAYS_NOTHING;
	}
	this_up = epoch(X509_CRL_get0_lastUpdate(crl));
	next_up = X509_CRL_get0_nextUpdate(crl)
		      ? epoch(X509_CRL_get0_nextUpdate(crl))
		      : -1;
	if (current(this_up, next_up, at, now, embedded, "CRL", why, whylen))
		return SAYS_NOTHING;
	out->via = via;
	if (X509_CRL_get0_by_cert(crl, &rev, leaf) == 1 && rev) {
		if ((code = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, NULL,
						     NULL))) {
			reason = ASN1_ENUMERATED_get(code);
			ASN1_ENUMERATED_free(code);
		}
		set_revoked(out, epoch(X509_REVOKED_get0_revocationDate(rev)),
			    reason, at);
		return SAYS_STATUS;
	}
	out->status = MC__REV_GOOD;
	return SAYS_STATUS;
}

/* The verdict of OCSP response `resp` on `leaf`, as from_crl(). */
static int from_ocsp(struct mc__revocation *out, OCSP_RESPONSE *resp,
		     X509 *leaf, X509 *issuer, long long at, long long now,
		     int embedded, const char *via, char *why, size_t whylen)
{
	OCSP_BASICRESP *bs = NULL;
	OCSP_CERTID *id = NULL;
	X509_STORE *store = NULL;
	STACK_OF(X509) *certs = NULL;
	ASN1_GENERALIZEDTIME *rev_t = NULL, *this_t = NULL, *next_t = NULL;
	int status = -1, reason = -1, rc = SAYS_NOTHING, st;
	long long this_up, next_up;

	st = OCSP_response_status(resp);
	if (st != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
		mc__set_err(why, whylen, "the OCSP responder answered %s",
			    OCSP_response_status_str(st));
		return SAYS_NOTHING;
	}
	if (!(bs = OCSP_response_get1_basic(resp))) {
		mc__set_err(why, whylen, "not a basic OCSP response");
		goto cleanup;
	}
	if (!(id = OCSP_cert_to_id(EVP_sha1(), leaf, issuer)))
		goto cleanup;
	if (OCSP_resp_find_status(bs, id, &status, &reason, &rev_t, &this_t,
				  &next_t) != 1) {
		mc__set_err(why, whylen,
			    "the OCSP response does not speak of this "
			    "certificate");
		goto cleanup;
	}
	this_up = epoch(this_t);
	next_up = next_t ? epoch(next_t) : -1;
	if (current(this_up, next_up, at, now, embedded, "OCSP response", why,
		    whylen))
		goto cleanup;
	/* The signer must be the issuer, or certified by it for OCSP
	 * signing; the issuer is the only trusted certificate, valid when
	 * the response was made. */
	if (!(store = X509_STORE_new()) || !(certs = sk_X509_new_null()) ||
	    !X509_STORE_add_cert(store, issuer) || !sk_X509_push(certs, issuer))
		goto cleanup;
	X509_VERIFY_PARAM_set_flags(X509_STORE_get0_param(store),
				    X509_V_FLAG_PARTIAL_CHAIN |
					X509_V_FLAG_USE_CHECK_TIME);
	X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store),
				   (time_t)this_up);
	if (OCSP_basic_verify(bs, certs, store, 0) != 1) {
		mc__set_err(why, whylen,
			    "the OCSP response is not signed by the issuer or "
			    "a responder it certified");
		goto cleanup;
	}
	if (status == V_OCSP_CERTSTATUS_UNKNOWN) {
		mc__set_err(why, whylen,
			    "the OCSP responder does not know the certificate");
		goto cleanup;
	}
	out->via = via;
	if (status == V_OCSP_CERTSTATUS_REVOKED)
		set_revoked(out, epoch(rev_t), reason, at);
	else
		out->status = MC__REV_GOOD;
	rc = SAYS_STATUS;

cleanup:
	ERR_clear_error();
	OCSP_CERTID_free(id);
	sk_X509_free(certs);
	X509_STORE_free(store);
	OCSP_BASICRESP_free(bs);
	return rc;
}

/* The GET URL of an OCSP request for `leaf` at responder `url`. */
static char *ocsp_get_url(const char *url, X509 *leaf, X509 *issuer)
{
	OCSP_REQUEST *req = OCSP_REQUEST_new();
	OCSP_CERTID *id = OCSP_cert_to_id(EVP_sha1(), leaf, issuer);
	unsigned char *der = NULL;
	char *b64 = NULL, *out = NULL;
	mc_buf b = MC_BUF_INIT(16 * 1024);
	int n;
	size_t i, len;

	if (!req || !id || !OCSP_request_add0_id(req, id))
		goto cleanup;
	id = NULL; /* the request owns it */
	if ((n = i2d_OCSP_REQUEST(req, &der)) <= 0 ||
	    !(b64 = malloc(((size_t)n + 2) / 3 * 4 + 1)))
		goto cleanup;
	EVP_EncodeBlock((unsigned char *)b64, der, n);
	len = strlen(url);
	if (mc__buf_puts(&b, url) < 0 ||
	    (len && url[len - 1] != '/' && mc__buf_puts(&b, "/") < 0))
		goto cleanup;
	for (i = 0; b64[i]; i++) {
		const char *e = b64[i] == '+'	? "%2B"
				: b64[i] == '/' ? "%2F"
				: b64[i] == '=' ? "%3D"
						: NULL;

		if (e ? mc__buf_puts(&b, e) < 0
		      : mc__buf_add(&b, b64 + i, 1) < 0)
			goto cleanup;
	}
	out = mc__buf_detach(&b);

cleanup:
	mc__buf_free(&b);
	OCSP_CERTID_free(id);
	OCSP_REQUEST_free(req);
	OPENSSL_free(der);
	free(b64);
	return out;
}

/* The URIs of the certificate's CRL distribution points (at most max). */
static size_t crl_urls(X509 *leaf, char **urls, size_t max)
{
	STACK_OF(DIST_POINT) *dps =
	    X509_get_ext_d2i(leaf, NID_crl_distribution_points, NULL, NULL);
	size_t n = 0;
	int i, k;

	for (i = 0; dps && i < sk_DIST_POINT_num(dps); i++) {
		DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
		GENERAL_NAMES *names;

		if (!dp->distpoint || dp->distpoint->type != 0)
			continue;
		names = dp->distpoint->name.fullname;
		for (k = 0; k < sk_GENERAL_NAME_num(names) && n < max; k++) {
			GENERAL_NAME *g = sk_GENERAL_NAME_value(names, k);
			int type;
			ASN1_STRING *u = GENERAL_NAME_get0_value(g, &type);

			if (type == GEN_URI && u &&
			    (urls[n] = mc__strndup(
				 (const char *)ASN1_STRING_get0_data(u),
				 (size_t)ASN1_STRING_length(u))))
				n++;
		}
	}
	sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
	return n;
}

/* The first failure is the one reported. */
static void failed(struct mc__revocation *out, int *any_failed, const char *url,
		   const char *why)
{
	if (*any_failed)
		return;
	*any_failed = 1;
	snprintf(out->url, sizeof(out->url), "%s", url);
	snprintf(out->detail, sizeof(out->detail), "%s", why);
}

/* The embedded values: SAYS_STATUS when one of them applies. */
static int embedded_values(struct mc__revocation *out,
			   const struct mc__rev_values *ev, X509 *leaf,
			   X509 *issuer, long long at, long long now,
			   int *any_failed)
{
	char why[256];
	size_t i;

	for (i = 0; ev && i < ev->nocsp; i++) {
		const unsigned char *p = ev->ocsp[i];
		OCSP_RESPONSE *r =
		    d2i_OCSP_RESPONSE(NULL, &p, (long)ev->ocsp_len[i]);
		int rc = SAYS_NOTHING;

		if (!r)
			mc__set_err(why, sizeof(why),
				    "not a DER OCSP response");
		else
			rc = from_ocsp(out, r, leaf, issuer, at, now, 1,
				       "rVals OCSP", why, sizeof(why));
		OCSP_RESPONSE_free(r);
		if (rc == SAYS_STATUS)
			return rc;
		failed(out, any_failed, "rVals.ocspVals", why);
	}
	for (i = 0; ev && i < ev->ncrl; i++) {
		const unsigned char *p = ev->crl[i];
		X509_CRL *c = d2i_X509_CRL(NULL, &p, (long)ev->crl_len[i]);
		int rc = SAYS_NOTHING;

		if (!c)
			mc__set_err(why, sizeof(why), "not a DER CRL");
		else
			rc = from_crl(out, c, leaf, issuer, at, now, 1,
				      "rVals CRL", why, sizeof(why));
		X509_CRL_free(c);
		if (rc == SAYS_STATUS)
			return rc;
		failed(out, any_failed, "rVals.crVals", why);
	}
	return SAYS_NOTHING;
}

/* Fetch `url` and read it as an OCSP response (ocsp) or a DER CRL. */
static int fetched(struct mc__revocation *out, const char *url, int ocsp,
		   X509 *leaf, X509 *issuer, long long at, long long now,
		   int *any_failed, int *oom)
{
	char *body = NULL, why[256] = "", *get = NULL;
	const unsigned char *p;
	size_t len = 0;
	int rc = SAYS_NOTHING, error;

	if (ocsp && !(get = ocsp_get_url(url, leaf, issuer))) {
		*oom = 1;
		return SAYS_NOTHING;
	}
	error = mc__fetch_signed(&body, &len, ocsp ? get : url, REV_FETCH_MAX,
				 why, sizeof(why));
	if (error == MC_ENOMEM)
		*oom = 1;
	if (error == 0) {
		p = (const unsigned char *)body;
		if (ocsp) {
			OCSP_RESPONSE *r =
			    d2i_OCSP_RESPONSE(NULL, &p, (long)len);

			if (!r)
				mc__set_err(why, sizeof(why),
					    "not a DER OCSP response");
			else
				rc = from_ocsp(out, r, leaf, issuer, at, now, 0,
					       "OCSP", why, sizeof(why));
			OCSP_RESPONSE_free(r);
		} else {
			X509_CRL *c = d2i_X509_CRL(NULL, &p, (long)len);

			if (!c)
				mc__set_err(why, sizeof(why), "not a DER CRL");
			else
				rc = from_crl(out, c, leaf, issuer, at, now, 0,
					      "CRL", why, sizeof(why));
			X509_CRL_free(c);
		}
	}
	if (rc != SAYS_STATUS)
		failed(out, any_failed, url, why);
	free(body);
	free(get);
	return rc;
}

int mc__trust_revocation(struct mc__revocation *out, const unsigned char *leaf,
			 size_t leaf_len, const unsigned char *issuer,
			 size_t issuer_len,
			 const struct mc__rev_values *embedded, long long at,
			 long long now, int network)
{
	X509 *lx = mc__trust_x509_from_der(leaf, leaf_len);
	X509 *ix = mc__trust_x509_from_der(issuer, issuer_len);
	STACK_OF(OPENSSL_STRING) *ocsp = NULL;
	char *crls[REV_SOURCES_MAX];
	size_t ncrl = 0, i;
	int any_failed = 0, oom = 0, nocsp = 0, error = 0, k;

	memset(out, 0, sizeof(*out));
	out->via = "";
	out->revoked_at = -1;
	if (!lx || !ix) {
		error = MC_EINVALID;
		goto cleanup;
	}
	if (embedded_values(out, embedded, lx, ix, at, now, &any_failed) ==
	    SAYS_STATUS)
		goto cleanup;
	ocsp = X509_get1_ocsp(lx);
	nocsp = ocsp ? sk_OPENSSL_STRING_num(ocsp) : 0;
	if (nocsp > REV_SOURCES_MAX)
		nocsp = REV_SOURCES_MAX;
	ncrl = crl_urls(lx, crls, REV_SOURCES_MAX);
	for (k = 0; network && k < nocsp && !oom; k++)
		if (fetched(out, sk_OPENSSL_STRING_value(ocsp, k), 1, lx, ix,
			    at, now, &any_failed, &oom) == SAYS_STATUS)
			goto cleanup;
	for (i = 0; network && i < ncrl && !oom; i++)
		if (fetched(out, crls[i], 0, lx, ix, at, now, &any_failed,
			    &oom) == SAYS_STATUS)
			goto cleanup;
	if (oom)
		error = MC_ENOMEM;
	else if (any_failed)
		out->status = MC__REV_UNREACHABLE;
	else if (nocsp || ncrl)
		out->status = MC__REV_OFFLINE;
	else
		out->status = MC__REV_NO_SOURCE;

cleanup:
	for (i = 0; i < ncrl; i++)
		free(crls[i]);
	X509_email_free(ocsp);
	X509_free(lx);
	X509_free(ix);
	ERR_clear_error();
	return error;
}

/* Append base64 `val` (standard, or base64url) decoded to the list. */
static int add_value(unsigned char ***list, size_t **lens, size_t *n,
		     const char *val)
{
	unsigned char *der = NULL, **l;
	size_t len = 0, *ls;
	int rc;

	if (*n >= REV_SOURCES_MAX * 4)
		return 0;
	rc = mc__b64_decode(&der, &len, val, strlen(val), NULL, 0);
	if (rc == MC_EINVALID)
		rc = mc__b64url_decode(&der, &len, val, strlen(val), NULL, 0);
	if (rc)
		return rc == MC_ENOMEM ? rc : 0; /* not base64: ignored */
	if (!(l = realloc(*list, (*n + 1) * sizeof(*l)))) {
		free(der);
		return MC_ENOMEM;
	}
	*list = l;
	if (!(ls = realloc(*lens, (*n + 1) * sizeof(*ls)))) {
		free(der);
		return MC_ENOMEM;
	}
	*lens = ls;
	l[*n] = der;
	ls[*n] = len;
	(*n)++;
	return 0;
}

int mc__rev_values_from_etsiu(struct mc__rev_values *out, const json_t *etsiu)
{
	const json_t *v, *r, *x;
	json_t *e;
	size_t i, k;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	json_array_foreach(etsiu, i, v)
	{
		if (!(e = mc__jades_etsiu_entry(v)))
			continue;
		r = json_object_get(e, "rVals");
		json_array_foreach(json_object_get(r, "crVals"), k, x)
		{
			const char *val =
			    json_string_value(json_object_get(x, "val"));

			if (val && !rc)
				rc = add_value(&out->crl, &out->crl_len,
					       &out->ncrl, val);
		}
		json_array_foreach(json_object_get(r, "ocspVals"), k, x)
		{
			const char *val =
			    json_string_value(json_object_get(x, "val"));

			if (val && !rc)
				rc = add_value(&out->ocsp, &out->ocsp_len,
					       &out->nocsp, val);
		}
		json_array_foreach(json_object_get(e, "xVals"), k, x)
		{
			const char *val =
			    json_string_value(json_object_get(x, "x509Cert"));

			if (val && !rc)
				rc = add_value(&out->cert, &out->cert_len,
					       &out->ncert, val);
		}
		json_decref(e);
	}
	if (rc)
		mc__rev_values_free(out);
	return rc;
}

void mc__rev_values_free(struct mc__rev_values *v)
{
	size_t i;

	for (i = 0; i < v->ncrl; i++)
		free(v->crl[i]);
	for (i = 0; i < v->nocsp; i++)
		free(v->ocsp[i]);
	for (i = 0; i < v->ncert; i++)
		free(v->cert[i]);
	free(v->cert);
	free(v->cert_len);
	free(v->crl);
	free(v->crl_len);
	free(v->ocsp);
	free(v->ocsp_len);
	memset(v, 0, sizeof(*v));
}
