/*
 * JAdES sealing and strict parsing (ETSI TS 119 182-1, as EDC uses it).
 *
 * What we write and what the Commission's EDC sample shows:
 * - the protected header carries alg, b64 false, crit ["b64", "sigT"],
 *   x5c (standard base64 DER, leaf first), x5t#S256 (base64url SHA-256 of
 *   the leaf), kid (standard base64 of the DER IssuerSerial {GeneralNames
 *   {directoryName issuer}, serialNumber}), sigT, cty, typ;
 * - each etsiU entry is the base64url of a JSON object; a sigTst entry is
 *   {"sigTst": {"tstTokens": [{"val": "<standard base64 DER token>"}]}}
 *   whose message imprint is SHA-256 of the ASCII base64url signature
 *   value (checked against the sample: its imprint is SHA-256 of the
 *   "signature" string, not of the raw signature bytes).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto.h"
#include "encoding.h"
#include "jades.h"
#include "microcred/errors.h"
#include "timeutil.h"
#include "util.h"

#define JADES_HEADER_MAX (256u * 1024)

static int alg_known(const char *alg)
{
	return alg && (strcmp(alg, "RS256") == 0 || strcmp(alg, "PS256") == 0 ||
		       strcmp(alg, "ES256") == 0);
}

/* Standard base64 (with padding, no newlines); caller frees. */
static char *b64_std(const unsigned char *in, size_t len)
{
	char *out;

	if (len > MC__ENC_MAX)
		return NULL;
	out = malloc(4 * ((len + 2) / 3) + 1);
	if (out)
		EVP_EncodeBlock((unsigned char *)out, in, (int)len);
	return out;
}

/* Append a DER length to p (at most 5 bytes); returns bytes written. */
static size_t der_len(unsigned char *p, size_t n)
{
	if (n < 0x80) {
		p[0] = (unsigned char)n;
		return 1;
	}
	if (n < 0x100) {
		p[0] = 0x81;
		p[1] = (unsigned char)n;
		return 2;
	}
	if (n < 0x10000) {
		p[0] = 0x82;
		p[1] = (unsigned char)(n >> 8);
		p[2] = (unsigned char)n;
		return 3;
	}
	p[0] = 0x83;
	p[1] = (unsigned char)(n >> 16);
	p[2] = (unsigned char)(n >> 8);
	p[3] = (unsigned char)n;
	return 4;
}

/*
 * kid: standard base64 of IssuerSerial (RFC 5035) DER, as EDC writes it:
 * SEQUENCE { SEQUENCE { [4] Name }, INTEGER serial }.
 */
static char *kid_of(X509 *leaf)
{
	unsigned char *name = NULL, *serial = NULL, *der = NULL, *p;
	int nlen, slen;
	size_t gn_len, seq_len, total, off = 0;
	unsigned char hdr[8];
	char *out = NULL;

	nlen = i2d_X509_NAME(X509_get_issuer_name(leaf), &name);
	slen = i2d_ASN1_INTEGER(X509_get_serialNumber(leaf), &serial);
	if (nlen <= 0 || slen <= 0)
		goto cleanup;
	/* [4] Name, then GeneralNames SEQUENCE, then the outer SEQUENCE. */
	gn_len = 1 + der_len(hdr, (size_t)nlen) + (size_t)nlen;
	seq_len = 1 + der_len(hdr, gn_len) + gn_len + (size_t)slen;
	total = 1 + der_len(hdr, seq_len) + seq_len;
	der = malloc(total);
	if (!der)
		goto cleanup;
	p = der;
	p[off++] = 0x30;
	off += der_len(p + off, seq_len);
	p[off++] = 0x30;
	off += der_len(p + off, 1 + der_len(hdr, (size_t)nlen) + (size_t)nlen);
	p[off++] = 0xa4;
	off += der_len(p + off, (size_t)nlen);
	memcpy(p + off, name, (size_t)nlen);
	off += (size_t)nlen;
	memcpy(p + off, serial, (size_t)slen);
	off += (size_t)slen;
	out = b64_std(der, off);
cleanup:
	OPENSSL_free(name);
	OPENSSL_free(serial);
	free(der);
	return out;
}

/* The etsiU entry holding a sigTst token: base64url of its JSON. */
static int sigtst_entry(char **out, const unsigned char *tok, size_t toklen)
{
	char *val = b64_std(tok, toklen), *js = NULL;
	json_t *o = NULL;
	int rc = MC_ENOMEM;

	if (!val)
		goto cleanup;
	o = json_pack("{s:{s:[{s:s}]}}", "sigTst", "tstTokens", "val", val);
	if (!o || !(js = json_dumps(o, JSON_COMPACT)))
		goto cleanup;
	rc = mc__b64url_encode(out, (const unsigned char *)js, strlen(js));
cleanup:
	free(val);
	free(js);
	json_decref(o);
	return rc;
}

/* Append `s[0..len)` (valid UTF-8) as the body of a JSON string. */
static int json_escape(mc_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;
	int rc;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7] = "\\u00";

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if ((rc = mc__buf_add(b, s + run, i - run)))
			return rc;
		run = i + 1;
		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			rc = mc__buf_add(b, esc, 2);
		} else if (c == '\n' || c == '\t' || c == '\r') {
			esc[1] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
			rc = mc__buf_add(b, esc, 2);
		} else {
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			rc = mc__buf_add(b, esc, 6);
		}
		if (rc)
			return rc;
	}
	return mc__buf_add(b, s + run, len - run);
}

int mc__jades_seal(char **out, size_t *outlen, const char *payload, size_t len,
		   struct mc__seal_signer *signer,
		   const struct mc__jades_sign_opts *opts, char *err,
		   size_t errlen)
{
	const char *alg = opts && opts->alg ? opts->alg : signer->alg;
	mc__jades_level level = opts ? opts->level : MC__JADES_B_B;
	char sigt[21], *kid = NULL, *hjs = NULL, *prot = NULL, *sig_b64 = NULL;
	char *x5t = NULL, *entry = NULL, *doc_js = NULL;
	unsigned char dig[MC__SHA256_LEN], *sig = NULL, *tok = NULL;
	size_t siglen = 0, toklen = 0, i, plen;
	json_t *hdr = NULL, *x5c = NULL, *sigobj = NULL;
	mc_buf in = MC_BUF_INIT(MC__JADES_MAX + JADES_HEADER_MAX);
	const unsigned char *p;
	X509 *leaf = NULL;
	int rc = MC_EINVALID;

	*out = NULL;
	*outlen = 0;
	if (!alg_known(alg)) {
		mc__set_err(err, errlen,
			    "alg: \"%s\" is not RS256, PS256 or ES256",
			    alg ? alg : "");
		goto cleanup;
	}
	if (level != MC__JADES_B_B && level != MC__JADES_B_T) {
		mc__set_err(err, errlen,
			    "level: only B-B and B-T are produced");
		goto cleanup;
	}
	if (level == MC__JADES_B_T && (!opts->tsa_url || !*opts->tsa_url)) {
		mc__set_err(err, errlen,
			    "tsa_url: B-T needs a timestamp authority");
		goto cleanup;
	}
	if (len > MC__JADES_MAX) {
		mc__set_err(err, errlen, "payload: %zu bytes, at most %u", len,
			    MC__JADES_MAX);
		rc = MC_ETOOBIG;
		goto cleanup;
	}
	if (!mc__utf8_valid(payload, len) || memchr(payload, 0, len)) {
		mc__set_err(err, errlen, "payload: not UTF-8 text");
		goto cleanup;
	}
	if (signer->chain_count < 1 ||
	    signer->chain_count > MC__JADES_X5C_MAX) {
		mc__set_err(err, errlen,
			    "signer: %zu certificates in the chain",
			    signer->chain_count);
		goto cleanup;
	}
	if (opts && opts->sig_time) {
		if (!mc__timestamp_valid(opts->sig_time)) {
			mc__set_err(
			    err, errlen,
			    "sig_time: \"%s\" is not YYYY-MM-DDTHH:MM:SSZ",
			    opts->sig_time);
			goto cleanup;
		}
		memcpy(sigt, opts->sig_time, sizeof(sigt));
	} else {
		mc__timestamp_format(sigt, mc__now());
	}
	p = signer->chain[0];
	leaf = d2i_X509(NULL, &p, (long)signer->chain_len[0]);
	if (!leaf) {
		mc__set_err(err, errlen,
			    "signer: the leaf certificate is not DER");
		goto cleanup;
	}
	rc = MC_ENOMEM;
	if (!(kid = kid_of(leaf)) || !(x5c = json_array()))
		goto cleanup;
	for (i = 0; i < signer->chain_count; i++) {
		char *c = b64_std(signer->chain[i], signer->chain_len[i]);
		if (!c || json_array_append_new(x5c, json_string(c))) {
			free(c);
			goto cleanup;
		}
		free(c);
	}
	mc__sha256(dig, signer->chain[0], signer->chain_len[0]);
	if (mc__b64url_encode(&x5t, dig, sizeof(dig)))
		goto cleanup;
	hdr = json_pack("{s:s,s:b,s:[s,s],s:O,s:s,s:s,s:s,s:s,s:s}", "alg", alg,
			"b64", 0, "crit", "b64", "sigT", "x5c", x5c, "x5t#S256",
			x5t, "kid", kid, "sigT", sigt, "cty",
			"application/ld+json", "typ", "jose+json");
	if (!hdr || !(hjs = json_dumps(hdr, JSON_COMPACT)))
		goto cleanup;
	if (mc__b64url_encode(&prot, (const unsigned char *)hjs, strlen(hjs)))
		goto cleanup;
	plen = strlen(prot);
	if ((rc = mc__buf_add(&in, prot, plen)) ||
	    (rc = mc__buf_add(&in, ".", 1)) ||
	    (rc = mc__buf_add(&in, payload, len)))
		goto cleanup;
	rc = signer->sign(signer, alg, (const unsigned char *)in.ptr, in.len,
			  &sig, &siglen, err, errlen);
	if (rc)
		goto cleanup;
	if ((rc = mc__b64url_encode(&sig_b64, sig, siglen)))
		goto cleanup;
	rc = MC_ENOMEM;
	sigobj =
	    json_pack("{s:s,s:s}", "protected", prot, "signature", sig_b64);
	if (!sigobj)
		goto cleanup;
	if (level == MC__JADES_B_T) {
		mc__sha256(dig, sig_b64, strlen(sig_b64));
		rc = mc__tsa_timestamp(&tok, &toklen, opts->tsa_url, dig, err,
				       errlen);
		if (rc)
			goto cleanup;
		rc = MC_ENOMEM;
		if (sigtst_entry(&entry, tok, toklen) ||
		    json_object_set_new(sigobj, "header",
					json_pack("{s:[s]}", "etsiU", entry)))
			goto cleanup;
	}
	/* The payload is escaped here rather than by jansson: it is most of
	 * the document, and this is most of the cost of sealing. */
	if (!(doc_js = json_dumps(sigobj, JSON_COMPACT)))
		goto cleanup;
	in.len = 0;
	in.max = 6 * len + strlen(doc_js) + 64;
	if ((rc = mc__buf_puts(&in, "{\"payload\":\"")) ||
	    (rc = json_escape(&in, payload, len)) ||
	    (rc = mc__buf_puts(&in, "\",\"signatures\":[")) ||
	    (rc = mc__buf_puts(&in, doc_js)) || (rc = mc__buf_puts(&in, "]}")))
		goto cleanup;
	*outlen = in.len;
	*out = mc__buf_detach(&in);
	rc = *out ? 0 : MC_ENOMEM;
cleanup:
	X509_free(leaf);
	free(kid);
	free(hjs);
	free(prot);
	free(sig_b64);
	free(x5t);
	free(entry);
	free(doc_js);
	free(sig);
	free(tok);
	json_decref(hdr);
	json_decref(x5c);
	json_decref(sigobj);
	mc__buf_free(&in);
	return rc;
}

/* ---- parsing ----------------------------------------------------------- */

int mc__jades_detect(const char *data, size_t len)
{
	json_t *doc;
	int yes;

	if (!data || len == 0 || len > MC__JADES_MAX)
		return 0;
	doc = json_loadb(data, len, 0, NULL);
	yes = json_is_object(doc) && json_object_get(doc, "payload") &&
	      (json_object_get(doc, "signatures") ||
	       json_object_get(doc, "protected"));
	json_decref(doc);
	return yes;
}

void mc__jades_free(struct mc__jades *j)
{
	size_t i;

	if (!j)
		return;
	json_decref(j->doc);
	json_decref(j->header);
	json_decref(j->etsiu);
	free(j->signing_input);
	free(j->sig);
	for (i = 0; i < j->x5c_count; i++)
		free(j->x5c[i]);
	free(j->sigtst);
	free(j);
}

/* crit: the members we understand (sigD would change what is signed). */
static int crit_check(struct mc__jades *j, char *err, size_t errlen)
{
	static const char *const known[] = {"b64", "sigT", "x5t#S256",
					    "adoTst"};
	json_t *crit = json_object_get(j->header, "crit"), *v;
	int has_b64 = 0, has_sigt = 0;
	size_t i, k, n;

	if (!json_is_array(crit) || json_array_size(crit) == 0) {
		mc__set_err(err, errlen,
			    "protected.crit: missing or not a non-empty array");
		return MC_EINVALID;
	}
	n = json_array_size(crit);
	json_array_foreach(crit, i, v)
	{
		const char *m = json_string_value(v);
		int ok = 0;

		if (!m) {
			mc__set_err(err, errlen,
				    "protected.crit[%zu]: not a string", i);
			return MC_EINVALID;
		}
		for (k = 0; k < MC__ARRAY_SIZE(known); k++)
			ok |= strcmp(m, known[k]) == 0;
		if (!ok) {
			mc__set_err(err, errlen,
				    "protected.crit[%zu]: \"%.40s\" is not "
				    "understood (b64, sigT, x5t#S256, adoTst)",
				    i, m);
			return MC_EINVALID;
		}
		for (k = i + 1; k < n; k++)
			if (mc__streq(m, json_string_value(
					     json_array_get(crit, k)))) {
				mc__set_err(err, errlen,
					    "protected.crit: \"%s\" twice", m);
				return MC_EINVALID;
			}
		if (!json_object_get(j->header, m)) {
			mc__set_err(err, errlen,
				    "protected.crit: \"%s\" named but absent",
				    m);
			return MC_EINVALID;
		}
		has_b64 |= strcmp(m, "b64") == 0;
		has_sigt |= strcmp(m, "sigT") == 0;
	}
	if (!has_b64 || !has_sigt) {
		mc__set_err(err, errlen, "protected.crit: must name \"%s\"",
			    has_b64 ? "sigT" : "b64");
		return MC_EINVALID;
	}
	return 0;
}

static int x5c_load(struct mc__jades *j, char *err, size_t errlen)
{
	json_t *x5c = json_object_get(j->header, "x5c"), *v;
	const char *t;
	unsigned char dig[MC__SHA256_LEN], want[MC__SHA256_LEN];
	size_t i;
	int rc;

	if (!json_is_array(x5c) || json_array_size(x5c) == 0) {
		mc__set_err(err, errlen,
			    "protected.x5c: missing or not a non-empty array");
		return MC_EINVALID;
	}
	if (json_array_size(x5c) > MC__JADES_X5C_MAX) {
		mc__set_err(err, errlen,
			    "protected.x5c: %zu certificates, at most %d",
			    json_array_size(x5c), MC__JADES_X5C_MAX);
		return MC_EINVALID;
	}
	json_array_foreach(x5c, i, v)
	{
		const unsigned char *p;
		X509 *c;
		char e[128];

		if (!json_is_string(v)) {
			mc__set_err(err, errlen,
				    "protected.x5c[%zu]: not a string", i);
			return MC_EINVALID;
		}
		rc = mc__b64_decode(&j->x5c[i], &j->x5c_len[i],
				    json_string_value(v), json_string_length(v),
				    e, sizeof(e));
		if (rc == MC_ENOMEM)
			return rc;
		if (rc) {
			mc__set_err(err, errlen, "protected.x5c[%zu]: %s", i,
				    e);
			return MC_EINVALID;
		}
		j->x5c_count = i + 1;
		p = j->x5c[i];
		c = d2i_X509(NULL, &p, (long)j->x5c_len[i]);
		X509_free(c);
		if (!c || p != j->x5c[i] + j->x5c_len[i]) {
			mc__set_err(err, errlen,
				    "protected.x5c[%zu]: not a DER certificate",
				    i);
			return MC_EINVALID;
		}
	}
	v = json_object_get(j->header, "x5t#S256");
	if (v) {
		t = json_string_value(v);
		if (!t || mc__b64url_decode_fixed(want, sizeof(want), t,
						  strlen(t), NULL, 0)) {
			mc__set_err(err, errlen,
				    "protected.x5t#S256: not the "
				    "base64url of 32 bytes");
			return MC_EINVALID;
		}
		mc__sha256(dig, j->x5c[0], j->x5c_len[0]);
		if (memcmp(dig, want, sizeof(dig)) != 0) {
			mc__set_err(err, errlen,
				    "protected.x5t#S256: does not "
				    "match the x5c leaf");
			return MC_EINVALID;
		}
	}
	return 0;
}

/* One etsiU entry as an object: base64url JSON (as EDC writes) or plain. */
static json_t *etsiu_entry(json_t *v)
{
	unsigned char *raw = NULL;
	size_t rawlen = 0;
	json_t *o;

	if (json_is_object(v))
		return json_incref(v);
	if (!json_is_string(v) ||
	    mc__b64url_decode(&raw, &rawlen, json_string_value(v),
			      json_string_length(v), NULL, 0))
		return NULL;
	o = json_loadb((const char *)raw, rawlen, JSON_REJECT_DUPLICATES, NULL);
	free(raw);
	if (!json_is_object(o)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int etsiu_load(struct mc__jades *j, char *err, size_t errlen)
{
	json_t *v, *e;
	size_t i;

	if (!json_is_array(j->etsiu)) {
		mc__set_err(err, errlen, "header.etsiU: not an array");
		return MC_EINVALID;
	}
	json_array_foreach(j->etsiu, i, v)
	{
		const char *key;
		json_t *val;

		if (!(e = etsiu_entry(v))) {
			mc__set_err(err, errlen,
				    "header.etsiU[%zu]: not an object or the "
				    "base64url of one",
				    i);
			return MC_EINVALID;
		}
		json_object_foreach(e, key, val)
		{
			if (strcmp(key, "sigTst") == 0) {
				if (j->level < MC__JADES_B_T)
					j->level = MC__JADES_B_T;
				if (!j->sigtst) {
					const char *t =
					    json_string_value(json_object_get(
						json_array_get(
						    json_object_get(
							val, "tstTokens"),
						    0),
						"val"));
					int rc =
					    t ? mc__b64_decode(
						    &j->sigtst, &j->sigtst_len,
						    t, strlen(t), NULL, 0)
					      : MC_EINVALID;
					if (rc) {
						json_decref(e);
						mc__set_err(
						    err, errlen,
						    "header.etsiU[%zu].sigTst: "
						    "no tstTokens[0].val in "
						    "base64",
						    i);
						return rc == MC_ENOMEM
							   ? rc
							   : MC_EINVALID;
					}
				}
			} else if ((strcmp(key, "xVals") == 0 ||
				    strcmp(key, "rVals") == 0) &&
				   j->level < MC__JADES_B_LT) {
				j->level = MC__JADES_B_LT;
			} else if (strcmp(key, "arcTst") == 0) {
				j->level = MC__JADES_B_LTA;
			}
		}
		json_decref(e);
	}
	return 0;
}

/* The signature object: the only one of "signatures", or the flattened
 * document itself. */
static json_t *signature_object(json_t *doc, char *err, size_t errlen)
{
	json_t *sigs = json_object_get(doc, "signatures"), *s;

	if (sigs && json_object_get(doc, "protected")) {
		mc__set_err(err, errlen,
			    "document: both \"signatures\" and "
			    "\"protected\" (general and "
			    "flattened at once)");
		return NULL;
	}
	if (!sigs)
		return doc;
	if (!json_is_array(sigs) || json_array_size(sigs) != 1) {
		mc__set_err(err, errlen,
			    "signatures: must be an array of one signature");
		return NULL;
	}
	s = json_array_get(sigs, 0);
	if (!json_is_object(s)) {
		mc__set_err(err, errlen, "signatures[0]: not an object");
		return NULL;
	}
	return s;
}

int mc__jades_parse(struct mc__jades **out, const char *data, size_t len,
		    char *err, size_t errlen)
{
	struct mc__jades *j = NULL;
	json_t *s, *prot, *v, *uh;
	unsigned char *hraw = NULL;
	size_t hlen = 0, plen;
	const char *pt, *key, *st;
	json_error_t jerr;
	long long t;
	int rc = MC_EINVALID;

	*out = NULL;
	if (len > MC__JADES_MAX) {
		mc__set_err(err, errlen, "document: %zu bytes, at most %u", len,
			    MC__JADES_MAX);
		return MC_ETOOBIG;
	}
	if (!(j = calloc(1, sizeof(*j))))
		return MC_ENOMEM;
	j->doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(j->doc)) {
		mc__set_err(err, errlen, "document: %s",
			    j->doc ? "not a JSON object" : jerr.text);
		goto cleanup;
	}
	if (!json_is_string(v = json_object_get(j->doc, "payload"))) {
		mc__set_err(err, errlen, "payload: missing or not a string");
		goto cleanup;
	}
	j->payload = json_string_value(v);
	j->payload_len = json_string_length(v);
	if (!(s = signature_object(j->doc, err, errlen)))
		goto cleanup;
	prot = json_object_get(s, "protected");
	if (!json_is_string(prot) || json_string_length(prot) == 0 ||
	    json_string_length(prot) > JADES_HEADER_MAX) {
		mc__set_err(err, errlen,
			    "protected: missing, empty or not a "
			    "string of at most 256 KiB");
		goto cleanup;
	}
	pt = json_string_value(prot);
	plen = json_string_length(prot);
	rc = mc__b64url_decode(&hraw, &hlen, pt, plen, NULL, 0);
	if (rc == MC_ENOMEM)
		goto cleanup;
	rc = MC_EINVALID;
	if (!hraw) {
		mc__set_err(err, errlen, "protected: not base64url");
		goto cleanup;
	}
	j->header =
	    json_loadb((const char *)hraw, hlen, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(j->header)) {
		mc__set_err(err, errlen, "protected: not a JSON object");
		goto cleanup;
	}
	j->alg = json_string_value(json_object_get(j->header, "alg"));
	if (!alg_known(j->alg)) {
		mc__set_err(err, errlen,
			    "protected.alg: \"%.20s\" refused (RS256, PS256 or "
			    "ES256)",
			    j->alg ? j->alg : "");
		goto cleanup;
	}
	v = json_object_get(j->header, "b64");
	if (!json_is_false(v)) {
		mc__set_err(err, errlen, "protected.b64: %s",
			    v ? "must be false (unencoded payload)"
			      : "missing (JAdES seals an unencoded payload)");
		goto cleanup;
	}
	if ((rc = crit_check(j, err, errlen)))
		goto cleanup;
	rc = MC_EINVALID;
	st = json_string_value(json_object_get(j->header, "sigT"));
	if (!st || mc__timestamp_parse(st, &t) != 0) {
		mc__set_err(err, errlen,
			    "protected.sigT: not an RFC 3339 time");
		goto cleanup;
	}
	j->sig_time = (time_t)t;
	if ((rc = x5c_load(j, err, errlen)))
		goto cleanup;
	rc = MC_EINVALID;
	uh = json_object_get(s, "header");
	if (uh) {
		if (!json_is_object(uh)) {
			mc__set_err(err, errlen, "header: not an object");
			goto cleanup;
		}
		json_object_foreach(uh, key, v)
		{
			if (json_object_get(j->header, key)) {
				mc__set_err(err, errlen,
					    "header.%.40s: also in the "
					    "protected header",
					    key);
				goto cleanup;
			}
		}
		if ((v = json_object_get(uh, "etsiU"))) {
			j->etsiu = json_incref(v);
			if ((rc = etsiu_load(j, err, errlen)))
				goto cleanup;
			rc = MC_EINVALID;
		}
	}
	v = json_object_get(s, "signature");
	if (!json_is_string(v) || json_string_length(v) == 0) {
		mc__set_err(err, errlen, "signature: missing or empty");
		goto cleanup;
	}
	j->sig_b64 = json_string_value(v);
	rc = mc__b64url_decode(&j->sig, &j->sig_len, j->sig_b64,
			       json_string_length(v), NULL, 0);
	if (rc) {
		if (rc != MC_ENOMEM) {
			rc = MC_EINVALID;
			mc__set_err(err, errlen, "signature: not base64url");
		}
		goto cleanup;
	}
	rc = MC_ENOMEM;
	j->signing_input_len = plen + 1 + j->payload_len;
	if (!(j->signing_input = malloc(j->signing_input_len + 1)))
		goto cleanup;
	memcpy(j->signing_input, pt, plen);
	j->signing_input[plen] = '.';
	memcpy(j->signing_input + plen + 1, j->payload, j->payload_len);
	j->signing_input[j->signing_input_len] = '\0';
	*out = j;
	j = NULL;
	rc = 0;
cleanup:
	free(hraw);
	mc__jades_free(j);
	return rc;
}
