/*
 * Trust anchors: the set, PEM bundles, files, and the checks a verifier
 * makes on a seal's certificate and chain.  Trusted lists are read by
 * trust_tl.c into the same set.
 *
 * Chains are built by OpenSSL's X509_STORE at the time given (not now),
 * with the anchors as the only trusted certificates: an anchor need not be
 * self-signed (trusted lists name issuing CAs), but a certificate a chain
 * brings along is never trusted because of where it sits.
 */
#include "trust.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "util/encoding.h"
#include "microcred/errors.h"
#include "util/timeutil.h"
#include "trust_private.h"
#include "util/util.h"

/** Most certificates in a chain given to mc__trust_check_chain(). */
#define MC__TRUST_CHAIN_MAX 16
/** Largest DER certificate accepted in a chain, in bytes. */
#define MC__TRUST_CERT_MAX (64 * 1024)

int mc__trust_new(struct mc__trust **out)
{
	struct mc__trust *t;

	*out = NULL;
	if (!(t = calloc(1, sizeof(*t))))
		return MC_ENOMEM;
	if (!(t->anchors = sk_X509_new_null()) ||
	    !(t->tsa = sk_X509_new_null())) {
		sk_X509_free(t->anchors);
		free(t);
		return MC_ENOMEM;
	}
	*out = t;
	return 0;
}

void mc__trust_free(struct mc__trust *t)
{
	if (!t)
		return;
	sk_X509_pop_free(t->anchors, X509_free);
	sk_X509_pop_free(t->tsa, X509_free);
	free(t);
}

size_t mc__trust_count(const struct mc__trust *t)
{
	return t ? (size_t)sk_X509_num(t->anchors) : 0;
}

/* Non-zero when `s` holds a certificate equal to `x`. */
static int held(const STACK_OF(X509) * s, const X509 *x)
{
	int i;

	for (i = 0; i < sk_X509_num(s); i++)
		if (X509_cmp(sk_X509_value(s, i), x) == 0)
			return 1;
	return 0;
}

int mc__trust_take(struct mc__trust *t, STACK_OF(X509) * batch,
		   const char *source, char *err, size_t errlen)
{
	STACK_OF(X509) *fresh = NULL;
	X509 *x;
	int i, error = 0;

	if (!(fresh = sk_X509_new_null()))
		return MC_ENOMEM;
	for (i = 0; i < sk_X509_num(batch); i++) {
		x = sk_X509_value(batch, i);
		if (held(t->anchors, x) || held(fresh, x))
			continue;
		if (!sk_X509_push(fresh, x)) {
			error = MC_ENOMEM;
			goto cleanup;
		}
	}
	if (sk_X509_num(t->anchors) + sk_X509_num(fresh) >
	    MC__TRUST_MAX_ANCHORS) {
		mc__set_err(err, errlen,
			    "%s: more than %d trust anchors in all", source,
			    MC__TRUST_MAX_ANCHORS);
		error = MC_ETOOBIG;
		goto cleanup;
	}
	if (!sk_X509_reserve(t->anchors,
			     sk_X509_num(t->anchors) + sk_X509_num(fresh))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	for (i = 0; i < sk_X509_num(fresh); i++)
		sk_X509_push(t->anchors, sk_X509_value(fresh, i));
	/* The set owns what it took; duplicates go with the batch. */
	while ((x = sk_X509_pop(batch)))
		if (sk_X509_find(fresh, x) < 0)
			X509_free(x);

cleanup:
	sk_X509_free(fresh);
	return error;
}

int mc__trust_take_tsa(struct mc__trust *t, STACK_OF(X509) * batch,
		       const char *source, char *err, size_t errlen)
{
	X509 *x;
	int i;

	for (i = 0; i < sk_X509_num(batch); i++) {
		x = sk_X509_value(batch, i);
		if (held(t->tsa, x))
			continue;
		if (sk_X509_num(t->tsa) >= MC__TRUST_MAX_ANCHORS) {
			mc__set_err(err, errlen,
				    "%s: more than %d time-stamping anchors in "
				    "all",
				    source, MC__TRUST_MAX_ANCHORS);
			return MC_ETOOBIG;
		}
		if (!sk_X509_push(t->tsa, x))
			return MC_ENOMEM;
		X509_up_ref(x);
	}
	return 0;
}

X509 *mc__trust_x509_from_der(const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	X509 *x;

	if (!der || len == 0 || len > MC__TRUST_FILE_MAX)
		return NULL;
	x = d2i_X509(NULL, &p, (long)len);
	if (x && p != der + len) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* The name as RFC 2253 text, UTF-8 kept ("CN=Test CA,O=Example"); the
 * caller frees.  NULL only when out of memory. */
static char *name_text(const X509_NAME *name)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data, *out = NULL;
	long n;

	if (!b)
		return NULL;
	if (X509_NAME_print_ex(b, name, 0,
			       XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0 &&
	    (n = BIO_get_mem_data(b, &data)) >= 0)
		out = mc__strndup(data, (size_t)n);
	BIO_free(b);
	return out;
}

/* An ASN.1 time as seconds since the epoch; 0 or -1 when malformed. */
static int asn1_epoch(const ASN1_TIME *a, long long *out)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!a || !ASN1_TIME_to_tm(a, &tm))
		return -1;
	*out = (long long)timegm(&tm);
	return 0;
}

/* `at` formatted like "2024-01-13T16:03:35Z", or "(malformed)". */
static void asn1_text(char out[21], const ASN1_TIME *a)
{
	long long t;

	if (asn1_epoch(a, &t) < 0)
		snprintf(out, 21, "(malformed)");
	else
		mc__timestamp_format(out, t);
}

/* Position of `p` in `s[0..len)` of `needle`, or NULL. */
static const char *find(const char *s, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; (size_t)(end - s) >= n; s++)
		if (memcmp(s, needle, n) == 0)
			return s;
	return NULL;
}

static size_t line_of(const char *start, const char *p)
{
	size_t line = 1;

	for (; start < p; start++)
		if (*start == '\n')
			line++;
	return line;
}

/*
 * Decode every "-----BEGIN CERTIFICATE-----" block of `pem` into `out`.
 * Text between blocks (comments of CA bundles) is skipped; any other block
 * type (a private key above all), a block that does not end, or one that
 * does not hold exactly one DER certificate is refused.
 */
static int parse_pem(STACK_OF(X509) * out, const char *pem, size_t len,
		     const char *source, char *err, size_t errlen)
{
	static const char begin[] = "-----BEGIN ", dashes[] = "-----";
	static const char end_cert[] = "-----END CERTIFICATE-----";
	const char *p = pem, *end = pem + len, *label, *label_end, *body, *stop;
	unsigned char *der = NULL;
	size_t der_len, line, n = 0;
	char why[160];
	X509 *x;
	int error;

	while ((p = find(p, end, begin))) {
		n++;
		line = line_of(pem, p);
		label = p + sizeof(begin) - 1;
		if (!(label_end = find(label, end, dashes)) ||
		    memchr(label, '\n', (size_t)(label_end - label))) {
			mc__set_err(err, errlen,
				    "%s: line %zu: unterminated PEM header",
				    source, line);
			return MC_EINVALID;
		}
		if ((size_t)(label_end - label) != 11 ||
		    memcmp(label, "CERTIFICATE", 11) != 0) {
			mc__set_err(err, errlen,
				    "%s: line %zu: a \"%.*s\" block; a trust "
				    "bundle holds certificates only",
				    source, line,
				    (int)(label_end - label > 40
					      ? 40
					      : label_end - label),
				    label);
			return MC_EINVALID;
		}
		body = label_end + sizeof(dashes) - 1;
		if (!(stop = find(body, end, end_cert))) {
			mc__set_err(err, errlen,
				    "%s: line %zu: certificate without "
				    "\"-----END CERTIFICATE-----\"",
				    source, line);
			return MC_EINVALID;
		}
		error = mc__b64_decode(&der, &der_len, body,
				       (size_t)(stop - body), why, sizeof(why));
		if (error == MC_ENOMEM)
			return error;
		if (error) {
			mc__set_err(err, errlen,
				    "%s: line %zu: certificate: bad base64: "
				    "%s",
				    source, line, why);
			return MC_EINVALID;
		}
		x = mc__trust_x509_from_der(der, der_len);
		free(der);
		der = NULL;
		if (!x) {
			mc__set_err(err, errlen,
				    "%s: line %zu: not a DER X.509 "
				    "certificate",
				    source, line);
			return MC_EINVALID;
		}
		if (sk_X509_num(out) >= MC__TRUST_MAX_ANCHORS) {
			X509_free(x);
			mc__set_err(err, errlen,
				    "%s: more than %d certificates", source,
				    MC__TRUST_MAX_ANCHORS);
			return MC_ETOOBIG;
		}
		if (!sk_X509_push(out, x)) {
			X509_free(x);
			return MC_ENOMEM;
		}
		p = stop + sizeof(end_cert) - 1;
	}
	if (n == 0) {
		mc__set_err(err, errlen,
			    "%s: no certificate (no \"-----BEGIN "
			    "CERTIFICATE-----\" block)",
			    source);
		return MC_EINVALID;
	}
	return 0;
}

int mc__trust_add_pem(struct mc__trust *t, const char *pem, size_t len,
		      const char *source, char *err, size_t errlen)
{
	STACK_OF(X509) *batch = NULL;
	int error;

	if (!source)
		source = "PEM bundle";
	if (len > MC__TRUST_FILE_MAX) {
		mc__set_err(err, errlen, "%s: %zu bytes, more than %u", source,
			    len, MC__TRUST_FILE_MAX);
		return MC_ETOOBIG;
	}
	if (!(batch = sk_X509_new_null()))
		return MC_ENOMEM;
	/* Certificates picked by hand anchor seals and timestamps alike. */
	if ((error = parse_pem(batch, pem, len, source, err, errlen)) == 0 &&
	    (error = mc__trust_take_tsa(t, batch, source, err, errlen)) == 0)
		error = mc__trust_take(t, batch, source, err, errlen);
	sk_X509_pop_free(batch, X509_free);
	return error;
}

int mc__trust_add_file(struct mc__trust *t, const char *path, char *err,
		       size_t errlen)
{
	char *data = NULL;
	size_t len = 0, i = 0;
	int error;

	error =
	    mc__read_file(&data, &len, path, MC__TRUST_FILE_MAX, err, errlen);
	if (error)
		return error;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' ||
			   data[i] == '\r' || data[i] == '\n'))
		i++;
	if (i < len && data[i] == '<')
		error = mc__trust_add_tl(t, data, len, path, err, errlen);
	else
		error = mc__trust_add_pem(t, data, len, path, err, errlen);
	free(data);
	return error;
}

/* "seal certificate 'CN=..'" or "issuer certificate 'CN=..'" into out. */
static void describe(char *out, size_t outlen, X509 *x, int depth)
{
	char *name = x ? name_text(X509_get_subject_name(x)) : NULL;

	snprintf(out, outlen, "%s certificate '%s'",
		 depth == 0 ? "seal" : "issuer", name ? name : "?");
	free(name);
}

/* Fill `f` (may be NULL). */
static void fault(struct mc__trust_fault *f, mc__trust_fault_kind kind, X509 *x,
		  long long when)
{
	char *name;

	if (!f)
		return;
	f->kind = kind;
	f->when = when;
	f->subject[0] = '\0';
	if (x && (name = name_text(X509_get_subject_name(x)))) {
		snprintf(f->subject, sizeof(f->subject), "%s", name);
		free(name);
	}
}

int mc__trust_check_leaf(const unsigned char *der, size_t len, time_t at,
			 char *err, size_t errlen)
{
	return mc__trust_leaf_fault(der, len, at, NULL, err, errlen);
}

int mc__trust_leaf_fault(const unsigned char *der, size_t len, time_t at,
			 struct mc__trust_fault *f, char *err, size_t errlen)
{
	X509 *x = mc__trust_x509_from_der(der, len);
	long long nb, na;
	uint32_t flags, ku;
	char when[21];
	int error = MC_EINVALID;

	fault(f, MC__TRUST_FAULT_NONE, x, 0);
	if (!x) {
		fault(f, MC__TRUST_FAULT_MALFORMED, NULL, 0);
		mc__set_err(err, errlen,
			    "seal certificate: not a DER X.509 certificate");
		return MC_EINVALID;
	}
	if (asn1_epoch(X509_get0_notBefore(x), &nb) < 0 ||
	    asn1_epoch(X509_get0_notAfter(x), &na) < 0) {
		fault(f, MC__TRUST_FAULT_MALFORMED, x, 0);
		mc__set_err(err, errlen,
			    "seal certificate: malformed validity dates");
		goto cleanup;
	}
	if ((long long)at < nb) {
		fault(f, MC__TRUST_FAULT_NOT_YET_VALID, x, nb);
		mc__timestamp_format(when, nb);
		mc__set_err(err, errlen, "seal certificate not valid before %s",
			    when);
		goto cleanup;
	}
	if ((long long)at > na) {
		fault(f, MC__TRUST_FAULT_EXPIRED, x, na);
		mc__timestamp_format(when, na);
		mc__set_err(err, errlen, "seal certificate expired on %s",
			    when);
		goto cleanup;
	}
	flags = X509_get_extension_flags(x);
	if (flags & EXFLAG_INVALID) {
		fault(f, MC__TRUST_FAULT_MALFORMED, x, 0);
		mc__set_err(err, errlen,
			    "seal certificate: malformed or repeated "
			    "extensions");
		goto cleanup;
	}
	ku = X509_get_key_usage(x);
	if (!(flags & EXFLAG_KUSAGE)) {
		fault(f, MC__TRUST_FAULT_KEY_USAGE, x, 0);
		mc__set_err(err, errlen,
			    "seal certificate: no keyUsage (a seal must state "
			    "digitalSignature or nonRepudiation, ETSI EN 319 "
			    "412-3)");
		goto cleanup;
	}
	if (!(ku & (X509v3_KU_DIGITAL_SIGNATURE | X509v3_KU_NON_REPUDIATION))) {
		fault(f, MC__TRUST_FAULT_KEY_USAGE, x, 0);
		mc__set_err(err, errlen,
			    "seal certificate: keyUsage has neither "
			    "digitalSignature nor nonRepudiation");
		goto cleanup;
	}
	error = 0;

cleanup:
	X509_free(x);
	return error;
}

/* The reason for a chain with no path to an anchor. */
static void explain_no_path(const struct mc__trust *t, X509_STORE_CTX *ctx,
			    X509 *leaf, struct mc__trust_fault *f, char *err,
			    size_t errlen)
{
	STACK_OF(X509) *built = X509_STORE_CTX_get0_chain(ctx);
	X509 *top = built && sk_X509_num(built) > 0
			? sk_X509_value(built, sk_X509_num(built) - 1)
			: leaf;
	char *subject = name_text(X509_get_subject_name(top));
	char *issuer = name_text(X509_get_issuer_name(top));
	int self = X509_check_issued(top, top) == X509_V_OK;
	size_t n = mc__trust_count(t);

	fault(f, MC__TRUST_FAULT_NO_PATH, top, 0);
	if (f)
		f->tried = n;
	if (n == 0)
		mc__set_err(err, errlen,
			    "no trust anchors are configured (0 anchors "
			    "tried): the chain's root is '%s'%s%s%s; give a "
			    "PEM bundle or an EU trusted list",
			    subject ? subject : "?",
			    self ? " (self-signed)" : ", issued by '",
			    self ? "" : (issuer ? issuer : "?"),
			    self ? "" : "'");
	else
		mc__set_err(err, errlen,
			    "no path to a trust anchor: the chain's root is "
			    "'%s'%s%s%s, which is none of the %zu anchors "
			    "tried",
			    subject ? subject : "?",
			    self ? " (self-signed)" : ", issued by '",
			    self ? "" : (issuer ? issuer : "?"),
			    self ? "" : "'", n);
	free(subject);
	free(issuer);
}

/* Map the verifier's first error to a return code and a reason. */
static int explain(const struct mc__trust *t, X509_STORE_CTX *ctx, X509 *leaf,
		   struct mc__trust_fault *f, char *err, size_t errlen)
{
	int code = X509_STORE_CTX_get_error(ctx);
	int depth = X509_STORE_CTX_get_error_depth(ctx);
	X509 *cur = X509_STORE_CTX_get_current_cert(ctx);
	char who[400], when[21];
	long long t_at;

	describe(who, sizeof(who), cur ? cur : leaf, cur ? depth : 0);
	switch (code) {
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_CERT_UNTRUSTED:
		explain_no_path(t, ctx, leaf, f, err, errlen);
		return MC_ENOTFOUND;
	case X509_V_ERR_CERT_HAS_EXPIRED:
		if (cur && asn1_epoch(X509_get0_notAfter(cur), &t_at) == 0)
			fault(f, MC__TRUST_FAULT_EXPIRED, cur, t_at);
		else
			fault(f, MC__TRUST_FAULT_OTHER, cur, 0);
		asn1_text(when, cur ? X509_get0_notAfter(cur) : NULL);
		mc__set_err(err, errlen, "%s expired on %s", who, when);
		return MC_EINVALID;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		if (cur && asn1_epoch(X509_get0_notBefore(cur), &t_at) == 0)
			fault(f, MC__TRUST_FAULT_NOT_YET_VALID, cur, t_at);
		else
			fault(f, MC__TRUST_FAULT_OTHER, cur, 0);
		asn1_text(when, cur ? X509_get0_notBefore(cur) : NULL);
		mc__set_err(err, errlen, "%s is not valid before %s", who,
			    when);
		return MC_EINVALID;
	case X509_V_ERR_INVALID_CA:
	case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
		fault(f, MC__TRUST_FAULT_NOT_CA, cur, 0);
		mc__set_err(err, errlen,
			    "%s is not a CA (basicConstraints cA or keyUsage "
			    "keyCertSign missing) but issued a certificate "
			    "of the chain",
			    who);
		return MC_EINVALID;
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
	case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
	case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
		fault(f, MC__TRUST_FAULT_BAD_SIGNATURE, cur, 0);
		mc__set_err(err, errlen,
			    "%s: bad signature (not signed by the key of its "
			    "issuer)",
			    who);
		return MC_EINVALID;
	case X509_V_ERR_OUT_OF_MEM:
		return MC_ENOMEM;
	default:
		fault(f, MC__TRUST_FAULT_OTHER, cur ? cur : leaf, 0);
		mc__set_err(err, errlen, "%s: %s", who,
			    X509_verify_cert_error_string(code));
		return MC_EINVALID;
	}
}

int mc__trust_check_tsa(const struct mc__trust *t, const unsigned char *der,
			size_t len, time_t at, struct mc__trust_path *out,
			char *err, size_t errlen)
{
	struct mc__trust view;
	const unsigned char *chain[1] = {der};
	size_t lens[1] = {len};

	view.anchors = t ? t->tsa : NULL;
	view.tsa = NULL;
	if (!view.anchors) {
		if (out)
			memset(out, 0, sizeof(*out));
		mc__set_err(err, errlen, "no time-stamping anchors");
		return MC_ENOTFOUND;
	}
	return mc__trust_check_chain(&view, chain, lens, 1, at, out, err,
				     errlen);
}

void mc__trust_path_clear(struct mc__trust_path *p)
{
	if (!p)
		return;
	free(p->anchor);
	free(p->issuer);
	memset(p, 0, sizeof(*p));
}

int mc__trust_check_chain(const struct mc__trust *t,
			  const unsigned char *const *chain,
			  const size_t *chain_len, size_t count, time_t at,
			  struct mc__trust_path *out, char *err, size_t errlen)
{
	STACK_OF(X509) *untrusted = NULL, *built;
	X509_STORE *store = NULL;
	X509_STORE_CTX *ctx = NULL;
	X509_VERIFY_PARAM *param;
	X509 *leaf = NULL, *x;
	unsigned char *der = NULL;
	size_t i;
	int error = MC_ENOMEM, n;

	if (out)
		memset(out, 0, sizeof(*out));
	if (!t || !chain || !chain_len || count == 0) {
		mc__set_err(err, errlen, "certificate chain: empty");
		return MC_EINVALID;
	}
	if (count > MC__TRUST_CHAIN_MAX) {
		mc__set_err(err, errlen,
			    "certificate chain: %zu certificates, more than %d",
			    count, MC__TRUST_CHAIN_MAX);
		return MC_EINVALID;
	}
	if (!(untrusted = sk_X509_new_null()))
		goto cleanup;
	for (i = 0; i < count; i++) {
		x = chain_len[i] <= MC__TRUST_CERT_MAX
			? mc__trust_x509_from_der(chain[i], chain_len[i])
			: NULL;
		if (!x) {
			mc__set_err(err, errlen,
				    "certificate chain[%zu]: not a DER X.509 "
				    "certificate of at most %d bytes",
				    i, MC__TRUST_CERT_MAX);
			error = MC_EINVALID;
			goto cleanup;
		}
		if (i == 0)
			leaf = x;
		else if (!sk_X509_push(untrusted, x)) {
			X509_free(x);
			goto cleanup;
		}
	}
	if (!(store = X509_STORE_new()) || !(ctx = X509_STORE_CTX_new()))
		goto cleanup;
	for (i = 0; i < mc__trust_count(t); i++)
		if (!X509_STORE_add_cert(store,
					 sk_X509_value(t->anchors, (int)i)))
			goto cleanup;
	if (!X509_STORE_CTX_init(ctx, store, leaf, untrusted))
		goto cleanup;
	param = X509_STORE_CTX_get0_param(ctx);
	/* Validity at `at`; an anchor ends a path whether self-signed or
	 * not, and only certificates of the set are anchors. */
	X509_VERIFY_PARAM_set_time(param, at);
	X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_USE_CHECK_TIME |
					       X509_V_FLAG_PARTIAL_CHAIN);
	X509_VERIFY_PARAM_set_depth(param, MC__TRUST_CHAIN_MAX);
	if (X509_verify_cert(ctx) != 1) {
		error = explain(t, ctx, leaf, out ? &out->fault : NULL, err,
				errlen);
		goto cleanup;
	}
	built = X509_STORE_CTX_get0_chain(ctx);
	if (out && built && sk_X509_num(built) > 0) {
		x = sk_X509_value(built, sk_X509_num(built) > 1 ? 1 : 0);
		if (!(out->anchor = name_text(X509_get_subject_name(
			  sk_X509_value(built, sk_X509_num(built) - 1)))) ||
		    (n = i2d_X509(x, &der)) <= 0 ||
		    !(out->issuer = malloc((size_t)n)))
			goto cleanup;
		memcpy(out->issuer, der, (size_t)n);
		out->issuer_len = (size_t)n;
	}
	error = 0;

cleanup:
	if (error == MC_ENOMEM)
		mc__set_err(err, errlen, "certificate chain: out of memory");
	if (error == MC_EINVALID && out && !out->fault.kind)
		out->fault.kind = MC__TRUST_FAULT_MALFORMED;
	if (error && out) {
		free(out->anchor);
		free(out->issuer);
		out->anchor = NULL;
		out->issuer = NULL;
		out->issuer_len = 0;
	}
	OPENSSL_free(der);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	X509_free(leaf);
	sk_X509_pop_free(untrusted, X509_free);
	return error;
}
