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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto.h"
#include "util/encoding.h"
#include "jades.h"
#include "microcred/errors.h"
#include "util/timeutil.h"
#include "util/util.h"

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

/* One DER TLV at *p (before end): its tag and class checked, *p moved
 * past its header; returns the content length, or -1 when malformed. */
static long der_tlv(const unsigned char **p, const unsigned char *end,
		    int want_tag, int want_class)
{
	long l;
	int tag, cls, r;

	if (*p >= end)
		return -1;
	r = ASN1_get_object(p, &l, &tag, &cls, (long)(end - *p));
	if ((r & 0x80) || (r & 1) || tag != want_tag || cls != want_class) {
		ERR_clear_error();
		return -1;
	}
	return l;
}

/*
 * The issuer Name and serialNumber of a DER certificate, as the TLVs
 * written in it (no decoding of the rest: d2i_X509 also decodes the
 * public key, which was most of the cost of sealing).  Returns 0, or -1
 * when the TBSCertificate does not start as RFC 5280 says.
 */
static int issuer_serial(const unsigned char *der, size_t len,
			 const unsigned char **name, size_t *nlen,
			 const unsigned char **serial, size_t *slen)
{
	const unsigned char *p = der, *end = der + len, *q;
	long l;

	if (len > MC__JADES_MAX ||
	    der_tlv(&p, end, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL) < 0 ||
	    (l = der_tlv(&p, end, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL)) < 0)
		return -1;
	end = p + l;
	q = p;
	if ((l = der_tlv(&q, end, 0, V_ASN1_CONTEXT_SPECIFIC)) >= 0)
		p = q + l; /* [0] EXPLICIT version */
	*serial = p;
	if ((l = der_tlv(&p, end, V_ASN1_INTEGER, V_ASN1_UNIVERSAL)) < 1)
		return -1;
	p += l;
	*slen = (size_t)(p - *serial);
	if ((l = der_tlv(&p, end, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL)) < 0)
		return -1;
	p += l; /* signature AlgorithmIdentifier */
	*name = p;
	if ((l = der_tlv(&p, end, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL)) < 0)
		return -1;
	*nlen = (size_t)(p + l - *name);
	return 0;
}

/*
 * kid: standard base64 of IssuerSerial (RFC 5035) DER, as EDC writes it:
 * SEQUENCE { SEQUENCE { [4] Name }, INTEGER serial }, from the DER TLVs
 * of the issuer Name and the serial.  NULL: out of memory.
 */
static char *kid_of(const unsigned char *name, size_t nlen,
		    const unsigned char *serial, size_t slen)
{
	unsigned char *der = NULL, *p;
	size_t gn_len, seq_len, total, off = 0;
	unsigned char hdr[8];
	char *out = NULL;

	/* [4] Name, then GeneralNames SEQUENCE, then the outer SEQUENCE. */
	gn_len = 1 + der_len(hdr, nlen) + nlen;
	seq_len = 1 + der_len(hdr, gn_len) + gn_len + slen;
	total = 1 + der_len(hdr, seq_len) + seq_len;
	der = malloc(total);
	if (!der)
		return NULL;
	p = der;
	p[off++] = 0x30;
	off += der_len(p + off, seq_len);
	p[off++] = 0x30;
	off += der_len(p + off, gn_len);
	p[off++] = 0xa4;
	off += der_len(p + off, nlen);
	memcpy(p + off, name, nlen);
	off += nlen;
	memcpy(p + off, serial, slen);
	off += slen;
	out = b64_std(der, off);
	free(der);
	return out;
}

/* The etsiU entry holding a sigTst token: base64url of its JSON (the
 * token's base64 needs no escaping). */
static int sigtst_entry(char **out, const unsigned char *tok, size_t toklen)
{
	char *val = b64_std(tok, toklen), *js = NULL;
	int rc = MC_ENOMEM;

	if (!val ||
	    !(js = mc__asprintf(
		  "{\"sigTst\":{\"tstTokens\":[{\"val\":\"%s\"}]}}", val)))
		goto cleanup;
	rc = mc__b64url_encode(out, (const unsigned char *)js, strlen(js));
cleanup:
	free(val);
	free(js);
	return rc;
}

/*
 * The protected header's JSON, written by hand: every value is ASCII we
 * produced (base64) or checked (alg, sigT), so nothing needs escaping.
 * Members in the order jansson used to write them.  Bounded by
 * JADES_HEADER_MAX (what the parser accepts): MC_ETOOBIG past it.
 */
static int header_json(mc_buf *h, const struct mc__seal_signer *signer,
		       const char *alg, const char *kid, const char *x5t,
		       const char *sigt)
{
	size_t i;
	int rc;

	if ((rc = mc__buf_printf(h,
				 "{\"alg\":\"%s\",\"b64\":false,\"crit\":"
				 "[\"b64\",\"sigT\"],\"x5c\":[",
				 alg)))
		return rc;
	for (i = 0; i < signer->chain_count; i++) {
		char *c;

		if (signer->chain_len[i] > JADES_HEADER_MAX)
			return MC_ETOOBIG;
		if (!(c = b64_std(signer->chain[i], signer->chain_len[i])))
			return MC_ENOMEM;
		rc = mc__buf_printf(h, "%s\"%s\"", i ? "," : "", c);
		free(c);
		if (rc)
			return rc;
	}
	return mc__buf_printf(h,
			      "],\"x5t#S256\":\"%s\",\"kid\":\"%s\",\"sigT\":"
			      "\"%s\",\"cty\":\"application/ld+json\","
			      "\"typ\":\"jose+json\"}",
			      x5t, kid, sigt);
}

/* Escaped length of byte c inside a JSON string, 0 when it needs none:
 * '"', '\\', \n, \t, \r as two bytes, other controls as \u00XX. */
static size_t escape_len(unsigned char c)
{
	if (c == '"' || c == '\\' || c == '\n' || c == '\t' || c == '\r')
		return 2;
	return c < 0x20 ? 6 : 0;
}

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
/* Non-zero when some byte of w is below n (n <= 128; exact). */
#define HAS_LESS(w, n) (((w)-ONES * (n)) & ~(w)&HIGHS)
/* Non-zero when some byte of w equals c (exact). */
#define HAS_BYTE(w, c) HAS_LESS((w) ^ (ONES * (c)), 1)

/* Index of the first byte of s[i..len) that needs escaping, else len;
 * eight bytes at a time. */
static size_t next_escape(const unsigned char *s, size_t i, size_t len)
{
	while (len - i >= 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		if (HAS_LESS(w, 0x20) | HAS_BYTE(w, '"') | HAS_BYTE(w, '\\'))
			break;
		i += 8;
	}
	while (i < len && !escape_len(s[i]))
		i++;
	return i;
}

/* Write the escape of s (a byte escape_len() says needs one); returns
 * the end. */
static char *put_escape(char *out, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	*out++ = '\\';
	switch (c) {
	case '\n':
		*out++ = 'n';
		break;
	case '\t':
		*out++ = 't';
		break;
	case '\r':
		*out++ = 'r';
		break;
	case '"':
	case '\\':
		*out++ = (char)c;
		break;
	default:
		memcpy(out, "u00", 3);
		out[3] = hex[c >> 4];
		out[4] = hex[c & 15];
		out += 5;
	}
	return out;
}

/*
 * With SSE2 (every x86-64 has it) both passes below take sixteen bytes
 * at a time and never leave the block loop for an escape: in a JSON-LD
 * payload one byte in about 36 is a '"', so stopping at each one would
 * cost more than the scan.  Elsewhere, or for the tail, next_escape().
 */
#if defined(__SSE2__) && defined(__GNUC__)
#define ESC_SIMD 1
/* Bits of the 16 bytes at s that are '"' or '\\' (*ctl: controls). */
static unsigned esc_mask(const unsigned char *s, unsigned *ctl)
{
	__m128i x = _mm_loadu_si128((const __m128i *)s);
	__m128i qb = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
				  _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
	__m128i c1f = _mm_set1_epi8(0x1f);

	/* x <= 0x1f, unsigned */
	*ctl = (unsigned)_mm_movemask_epi8(
	    _mm_cmpeq_epi8(_mm_min_epu8(x, c1f), x));
	return (unsigned)_mm_movemask_epi8(qb);
}
#endif

#ifdef ESC_SIMD
/* Bits set in x < 2^16 (no libgcc call without -mpopcnt). */
static size_t pop16(unsigned x)
{
	x = x - ((x >> 1) & 0x5555u);
	x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
	x = (x + (x >> 4)) & 0x0f0fu;
	return (x + (x >> 8)) & 0x1fu;
}
#endif

/* Length of s[0..len) escaped as the body of a JSON string. */
static size_t escaped_size(const unsigned char *s, size_t len)
{
	size_t i = 0, n = len;

#ifdef ESC_SIMD
	for (; len - i >= 16; i += 16) {
		unsigned ctl, qb = esc_mask(s + i, &ctl);

		n += pop16(qb);
		while (ctl) {
			n += escape_len(s[i + (size_t)__builtin_ctz(ctl)]) - 1;
			ctl &= ctl - 1;
		}
	}
#endif
	while ((i = next_escape(s, i, len)) < len)
		n += escape_len(s[i++]) - 1;
	return n;
}

/* Write s[0..len) escaped into out, never past `end`; returns the end of
 * what was written, or NULL when it does not fit (nothing is promised
 * about out then).  Runs that need no escaping are copied whole; the
 * block loop stores 16 bytes at a time, so it runs while 22 bytes (a
 * block and the longest escape) remain. */
static char *escape_into(char *out, const char *end, const unsigned char *s,
			 size_t len)
{
	size_t i = 0, run;

#ifdef ESC_SIMD
	while (len - i >= 16 && end - out >= 22) {
		unsigned ctl, bits = esc_mask(s + i, &ctl);

		bits |= ctl;
		memcpy(out, s + i, 16);
		if (!bits) {
			out += 16;
			i += 16;
			continue;
		}
		run = (size_t)__builtin_ctz(bits);
		out = put_escape(out + run, s[i + run]);
		i += run + 1;
	}
#endif
	for (;;) {
		run = i;
		i = next_escape(s, i, len);
		if ((size_t)(end - out) <
		    i - run + (i < len ? escape_len(s[i]) : 0))
			return NULL;
		memcpy(out, s + run, i - run);
		out += i - run;
		if (i == len)
			return out;
		out = put_escape(out, s[i++]);
	}
}

/*
 * The sealed document:
 * {"payload":"<escaped>","signatures":[{"protected":"..",
 *  "signature":".."[,"header":{"etsiU":[".."]}]}]}
 * Every part but the payload is base64url and needs no escaping.
 */
static const char doc_head[] = "{\"payload\":\"",
		  doc_mid[] = "\",\"signatures\":[{\"protected\":\"",
		  doc_sig[] = "\",\"signature\":\"",
		  doc_etsiu[] = "\",\"header\":{\"etsiU\":[\"",
		  doc_etsiu_end[] = "\"]}}]}", doc_tail[] = "\"}]}";

/* The document's length: `esc` the escaped payload's, `pl` the protected
 * header's, `sl` the signature's, `el` the etsiU entry's (0: none). */
static size_t doc_size(size_t esc, size_t pl, size_t sl, size_t el)
{
	return sizeof(doc_head) - 1 + esc + sizeof(doc_mid) - 1 + pl +
	       sizeof(doc_sig) - 1 + sl +
	       (el ? sizeof(doc_etsiu) - 1 + el + sizeof(doc_etsiu_end) - 1
		   : sizeof(doc_tail) - 1);
}

/* Write the document into d (doc_size() + 1 bytes, with `room` for the
 * escaped payload); returns its length, or 0 when the escaped payload
 * needs more than `room`. */
static size_t doc_write(char *d, size_t room, const char *payload, size_t len,
			const char *prot, const char *sig_b64,
			const char *entry)
{
	char *p = d;

#define PUT(s, l) (memcpy(p, (s), (l)), p += (l))
	PUT(doc_head, sizeof(doc_head) - 1);
	if (!(p = escape_into(p, p + room, (const unsigned char *)payload,
			      len)))
		return 0;
	PUT(doc_mid, sizeof(doc_mid) - 1);
	PUT(prot, strlen(prot));
	PUT(doc_sig, sizeof(doc_sig) - 1);
	PUT(sig_b64, strlen(sig_b64));
	if (entry) {
		PUT(doc_etsiu, sizeof(doc_etsiu) - 1);
		PUT(entry, strlen(entry));
		PUT(doc_etsiu_end, sizeof(doc_etsiu_end) - 1);
	} else {
		PUT(doc_tail, sizeof(doc_tail) - 1);
	}
#undef PUT
	*p = '\0';
	return (size_t)(p - d);
}

/* SHA-256 of ASCII(protected) "." payload, without building it.
 * Returns 0 or -1. */
static int signing_digest(unsigned char out[MC__SHA256_LEN], const char *prot,
			  size_t plen, const char *payload, size_t len)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
		 EVP_DigestUpdate(md, prot, plen) == 1 &&
		 EVP_DigestUpdate(md, ".", 1) == 1 &&
		 EVP_DigestUpdate(md, payload, len) == 1 &&
		 EVP_DigestFinal_ex(md, out, NULL) == 1;

	EVP_MD_CTX_free(md);
	return ok ? 0 : -1;
}

int mc__jades_seal(char **out, size_t *outlen, const char *payload, size_t len,
		   struct mc__seal_signer *signer,
		   const struct mc__jades_sign_opts *opts, char *err,
		   size_t errlen)
{
	const char *alg = opts && opts->alg ? opts->alg : signer->alg;
	mc__jades_level level = opts ? opts->level : MC__JADES_B_B;
	char sigt[21], *kid = NULL, *prot = NULL, *sig_b64 = NULL;
	char *x5t = NULL, *entry = NULL, *buf = NULL;
	unsigned char dig[MC__SHA256_LEN], *sig = NULL, *tok = NULL;
	size_t siglen = 0, toklen = 0, plen, esc, n, i;
	mc_buf hjs = MC_BUF_INIT(JADES_HEADER_MAX);
	const unsigned char *name, *serial;
	size_t nlen, slen;
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
	/* (mc__utf8_valid refuses NUL bytes too.) */
	if (!mc__utf8_valid(payload, len)) {
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
	if (issuer_serial(signer->chain[0], signer->chain_len[0], &name, &nlen,
			  &serial, &slen)) {
		mc__set_err(err, errlen,
			    "signer: the leaf certificate is not DER");
		goto cleanup;
	}
	rc = MC_ENOMEM;
	if (!(kid = kid_of(name, nlen, serial, slen)))
		goto cleanup;
	mc__sha256(dig, signer->chain[0], signer->chain_len[0]);
	if (mc__b64url_encode(&x5t, dig, sizeof(dig)))
		goto cleanup;
	if ((rc = header_json(&hjs, signer, alg, kid, x5t, sigt))) {
		if (rc == MC_ETOOBIG)
			mc__set_err(err, errlen,
				    "signer: the certificate chain makes a "
				    "protected header over %u bytes",
				    JADES_HEADER_MAX);
		goto cleanup;
	}
	if ((rc = mc__b64url_encode(&prot, (const unsigned char *)hjs.ptr,
				    hjs.len)))
		goto cleanup;
	/* The signing input ASCII(protected) "." payload is hashed in
	 * place, never copied; the signer signs its digest. */
	plen = strlen(prot);
	rc = MC_ENOMEM;
	if (signing_digest(dig, prot, plen, payload, len) < 0)
		goto cleanup;
	rc = signer->sign(signer, alg, dig, &sig, &siglen, err, errlen);
	if (rc)
		goto cleanup;
	if ((rc = mc__b64url_encode(&sig_b64, sig, siglen)))
		goto cleanup;
	if (level == MC__JADES_B_T) {
		mc__sha256(dig, sig_b64, strlen(sig_b64));
		rc = mc__tsa_timestamp(&tok, &toklen, opts->tsa_url, dig, err,
				       errlen);
		if (rc)
			goto cleanup;
		if ((rc = sigtst_entry(&entry, tok, toklen)))
			goto cleanup;
	}
	/* JSON-LD escapes about one byte in 36: room for one in 8 makes the
	 * exact count (a pass of its own) needed only for unusual text. */
	esc = len + len / 8 + 32;
	for (i = 0; i < 2; i++) {
		n = doc_size(esc, plen, strlen(sig_b64),
			     entry ? strlen(entry) : 0);
		rc = MC_ENOMEM;
		if (!(buf = malloc(n + 1)))
			goto cleanup;
		if ((*outlen = doc_write(buf, esc, payload, len, prot, sig_b64,
					 entry)))
			break;
		free(buf);
		buf = NULL;
		esc = escaped_size((const unsigned char *)payload, len);
	}
	if (!buf) { /* the exact size always fits: not reached */
		rc = MC_EIO;
		mc__set_err(err, errlen, "payload: escaping overran");
		goto cleanup;
	}
	*out = buf;
	buf = NULL;
	rc = 0;
cleanup:
	free(kid);
	free(prot);
	free(sig_b64);
	free(x5t);
	free(entry);
	free(buf);
	free(sig);
	free(tok);
	mc__buf_free(&hjs);
	return rc;
}

/* ---- parsing ----------------------------------------------------------- */

/* Non-zero if `key` ("\"payload\"") occurs in data[0..len) as a member
 * name: followed, after optional white space, by ':'. */
static int has_member(const char *data, size_t len, const char *key)
{
	size_t klen = strlen(key);
	const char *p = data, *end = data + len;

	while ((p = memchr(p, '"', (size_t)(end - p)))) {
		if ((size_t)(end - p) < klen || memcmp(p, key, klen) != 0) {
			p++;
			continue;
		}
		p += klen;
		while (p < end &&
		       (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
			p++;
		if (p < end && *p == ':')
			return 1;
	}
	return 0;
}

/* A scan, not a parse: detection runs before the one strict parse, and a
 * sealed EDC carries a page image, so parsing it twice doubled the cost
 * of verifying.  A false positive only means mc__jades_parse() says why
 * the file is not a sealed document. */
int mc__jades_detect(const char *data, size_t len)
{
	while (len && (*data == ' ' || *data == '\t' || *data == '\r' ||
		       *data == '\n')) {
		data++;
		len--;
	}
	if (!data || len < 2 || len > MC__JADES_MAX || *data != '{')
		return 0;
	return has_member(data, len, "\"payload\"") &&
	       (has_member(data, len, "\"signatures\"") ||
		has_member(data, len, "\"protected\""));
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

json_t *mc__jades_etsiu_entry(const json_t *v)
{
	unsigned char *raw = NULL;
	size_t rawlen = 0;
	json_t *o;

	if (json_is_object(v))
		return json_incref((json_t *)v);
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

		if (!(e = mc__jades_etsiu_entry(v))) {
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
