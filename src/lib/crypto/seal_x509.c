/*
 * X.509 for seals: keys, test certificates, PKCS#12 and PEM import, and
 * the facts of a chain (see seal_x509.h).  OpenSSL's error queue is
 * emptied before returning, its reason copied into `err` where it helps.
 */
#include "seal_x509.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "crypto.h"
#include "util/util.h"

/* Copy OpenSSL's last reason (or `fallback`) after `what: ` into err and
 * empty the queue. */
static void ossl_err(char *err, size_t errlen, const char *what)
{
	unsigned long e = ERR_peek_last_error();
	const char *reason = e ? ERR_reason_error_string(e) : NULL;

	if (reason)
		mc__set_err(err, errlen, "%s (%s)", what, reason);
	else
		mc__set_err(err, errlen, "%s", what);
	ERR_clear_error();
}

int mc__seal_alg_valid(const char *alg)
{
	return alg && (strcmp(alg, "RS256") == 0 || strcmp(alg, "PS256") == 0 ||
		       strcmp(alg, "ES256") == 0);
}

int mc__seal_alg_fits(const EVP_PKEY *key, const char *alg)
{
	int id = EVP_PKEY_get_base_id(key);

	if (!mc__seal_alg_valid(alg))
		return 0;
	if (id == EVP_PKEY_RSA)
		return alg[0] == 'R' || alg[0] == 'P';
	return id == EVP_PKEY_EC && alg[0] == 'E';
}

const char *mc__seal_default_alg(const EVP_PKEY *key)
{
	return EVP_PKEY_get_base_id(key) == EVP_PKEY_EC ? "ES256" : "RS256";
}

int mc__seal_key_generate(EVP_PKEY **out, const char *alg, char *err,
			  size_t errlen)
{
	*out = NULL;
	if (!mc__seal_alg_valid(alg)) {
		mc__set_err(err, errlen,
			    "alg: '%s' is not RS256, PS256 or ES256",
			    alg ? alg : "");
		return MC_EINVALID;
	}
	*out = alg[0] == 'E' ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048);
	if (!*out) {
		ossl_err(err, errlen, "key generation failed");
		return MC_EIO;
	}
	return 0;
}

int mc__seal_key_check(const EVP_PKEY *key, char *err, size_t errlen)
{
	int id = EVP_PKEY_get_base_id(key), bits = EVP_PKEY_get_bits(key);
	const char *priv = OSSL_PKEY_PARAM_RSA_D;
	char group[64] = "";
	BIGNUM *bn = NULL;

	if (id == EVP_PKEY_RSA) {
		if (bits < 2048 || bits > 8192) {
			mc__set_err(err, errlen,
				    "key: RSA of %d bits; a seal needs "
				    "2048 to 8192",
				    bits);
			return MC_EINVALID;
		}
	} else if (id == EVP_PKEY_EC) {
		if (!EVP_PKEY_get_utf8_string_param(
			key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
			NULL) ||
		    EC_curve_nist2nid("P-256") != OBJ_sn2nid(group)) {
			ERR_clear_error();
			mc__set_err(err, errlen,
				    "key: EC curve '%s'; a seal needs P-256",
				    group);
			return MC_EINVALID;
		}
		priv = OSSL_PKEY_PARAM_PRIV_KEY;
	} else {
		mc__set_err(err, errlen,
			    "key: %s; a seal needs RSA (2048..8192 bits) or "
			    "P-256",
			    OBJ_nid2sn(id));
		return MC_EINVALID;
	}
	if (!EVP_PKEY_get_bn_param(key, priv, &bn)) {
		ERR_clear_error();
		mc__set_err(err, errlen, "key: no private part");
		return MC_EINVALID;
	}
	BN_clear_free(bn);
	return 0;
}

/* Add one subject attribute (UTF-8); a NULL value is left out. */
static int name_add(X509_NAME *name, int nid, const char *value, char *err,
		    size_t errlen)
{
	if (!value)
		return 0;
	if (!X509_NAME_add_entry_by_NID(name, nid, MBSTRING_UTF8,
					(const unsigned char *)value, -1, -1,
					0)) {
		char what[128];

		snprintf(what, sizeof(what), "subject %s: '%.64s' rejected",
			 OBJ_nid2sn(nid), value);
		ossl_err(err, errlen, what);
		return MC_EINVALID;
	}
	return 0;
}

/* Add extension `nid` with the config text `value`. */
static int ext_add(X509 *x, X509V3_CTX *ctx, int nid, const char *value,
		   char *err, size_t errlen)
{
	X509_EXTENSION *ext = X509V3_EXT_nconf_nid(NULL, ctx, nid, value);
	int ok = ext && X509_add_ext(x, ext, -1);

	X509_EXTENSION_free(ext);
	if (!ok) {
		ossl_err(err, errlen, "certificate extension failed");
		return MC_EIO;
	}
	return 0;
}

/* A random positive 16-byte serial. */
static int set_serial(X509 *x)
{
	unsigned char r[16];
	BIGNUM *bn;
	int ok;

	if (RAND_bytes(r, sizeof(r)) != 1)
		return 0;
	r[0] = (unsigned char)((r[0] & 0x7f) | 0x40);
	if (!(bn = BN_bin2bn(r, sizeof(r), NULL)))
		return 0;
	ok = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
	BN_free(bn);
	return ok;
}

int mc__seal_cert_make(X509 **out, const struct mc__seal_cert_spec *spec,
		       char *err, size_t errlen)
{
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();
	X509V3_CTX ctx;
	int error = MC_EIO;

	*out = NULL;
	if (!x || !name) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if (spec->not_after <= spec->not_before) {
		mc__set_err(err, errlen, "not_after: not after not_before");
		error = MC_EINVALID;
		goto cleanup;
	}
	if ((error = name_add(name, NID_countryName, spec->c, err, errlen)) ||
	    (error =
		 name_add(name, NID_organizationName, spec->o, err, errlen)) ||
	    (error = name_add(name, NID_organizationIdentifier,
			      spec->org_identifier, err, errlen)) ||
	    (error = name_add(name, NID_commonName, spec->cn, err, errlen)))
		goto cleanup;
	error = MC_EIO;
	if (!X509_set_version(x, 2) || !set_serial(x) ||
	    !ASN1_TIME_set(X509_getm_notBefore(x), (time_t)spec->not_before) ||
	    !ASN1_TIME_set(X509_getm_notAfter(x), (time_t)spec->not_after) ||
	    !X509_set_subject_name(x, name) ||
	    !X509_set_issuer_name(
		x, spec->issuer ? X509_get_subject_name(spec->issuer) : name) ||
	    !X509_set_pubkey(x, spec->key)) {
		ossl_err(err, errlen, "certificate fields failed");
		goto cleanup;
	}
	X509V3_set_ctx(&ctx, spec->issuer ? spec->issuer : x, x, NULL, NULL, 0);
	if ((error = ext_add(x, &ctx, NID_basic_constraints,
			     spec->is_ca ? "critical,CA:TRUE" : "CA:FALSE", err,
			     errlen)) ||
	    (error = ext_add(x, &ctx, NID_subject_key_identifier, "hash", err,
			     errlen)) ||
	    (error = ext_add(x, &ctx, NID_authority_key_identifier,
			     "keyid:always", err, errlen)))
		goto cleanup;
	if (spec->is_ca)
		error = ext_add(x, &ctx, NID_key_usage,
				"critical,keyCertSign,cRLSign", err, errlen);
	else if (!spec->no_key_usage)
		error = ext_add(x, &ctx, NID_key_usage,
				"critical,digitalSignature,nonRepudiation", err,
				errlen);
	if (error)
		goto cleanup;
	if (!X509_sign(x, spec->issuer_key, EVP_sha256())) {
		ossl_err(err, errlen, "signing the certificate failed");
		error = MC_EIO;
		goto cleanup;
	}
	*out = x;
	x = NULL;
	error = 0;

cleanup:
	X509_free(x);
	X509_NAME_free(name);
	return error;
}

/* ---- reading ----------------------------------------------------------- */

/* PEM password callback: the password given, never a terminal prompt. */
static int pem_password(char *buf, int size, int rwflag, void *u)
{
	size_t n;

	(void)rwflag;
	if (!u)
		return -1;
	n = strlen(u);
	if (n > (size_t)size)
		return -1;
	memcpy(buf, u, n);
	return (int)n;
}

int mc__seal_chain_from_pem(STACK_OF(X509) * *out, const char *pem, size_t len,
			    char *err, size_t errlen)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	BIO *b = NULL;
	X509 *x;
	int error = MC_EINVALID;

	*out = NULL;
	if (!chain)
		return MC_ENOMEM;
	if (len > MC_SEAL_FILE_MAX) {
		mc__set_err(err, errlen, "chain: %zu bytes, more than %u", len,
			    MC_SEAL_FILE_MAX);
		goto cleanup;
	}
	if (!(b = BIO_new_mem_buf(pem, (int)len))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	ERR_clear_error();
	while ((x = PEM_read_bio_X509(b, NULL, pem_password, NULL))) {
		if (sk_X509_num(chain) >= MC_SEAL_CHAIN_MAX) {
			X509_free(x);
			mc__set_err(err, errlen,
				    "chain: more than %d certificates",
				    MC_SEAL_CHAIN_MAX);
			goto cleanup;
		}
		if (!sk_X509_push(chain, x)) {
			X509_free(x);
			error = MC_ENOMEM;
			goto cleanup;
		}
	}
	if (ERR_GET_REASON(ERR_peek_last_error()) != PEM_R_NO_START_LINE) {
		char what[64];

		snprintf(what, sizeof(what),
			 "chain: certificate %d is malformed",
			 sk_X509_num(chain) + 1);
		ossl_err(err, errlen, what);
		goto cleanup;
	}
	ERR_clear_error();
	if (sk_X509_num(chain) == 0) {
		mc__set_err(err, errlen, "chain: no PEM certificate");
		goto cleanup;
	}
	*out = chain;
	chain = NULL;
	error = 0;

cleanup:
	BIO_free(b);
	sk_X509_pop_free(chain, X509_free);
	return error;
}

int mc__seal_chain_check(const EVP_PKEY *key, STACK_OF(X509) * chain, char *err,
			 size_t errlen)
{
	int n = chain ? sk_X509_num(chain) : 0, i, error;
	X509 *leaf;
	uint32_t ku;

	if (n < 1 || n > MC_SEAL_CHAIN_MAX) {
		mc__set_err(err, errlen,
			    "chain: %d certificates; 1 to %d expected", n,
			    MC_SEAL_CHAIN_MAX);
		return MC_EINVALID;
	}
	if ((error = mc__seal_key_check(key, err, errlen)) < 0)
		return error;
	leaf = sk_X509_value(chain, 0);
	if (X509_check_private_key(leaf, key) != 1) {
		ERR_clear_error();
		mc__set_err(err, errlen,
			    "key: does not match the certificate (the "
			    "chain's first)");
		return MC_EINVALID;
	}
	ku = X509_get_key_usage(leaf);
	if (!(X509_get_extension_flags(leaf) & EXFLAG_KUSAGE) ||
	    !(ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION))) {
		mc__set_err(err, errlen,
			    "certificate: keyUsage lacks digitalSignature "
			    "and nonRepudiation; it cannot seal");
		return MC_EINVALID;
	}
	for (i = 0; i + 1 < n; i++) {
		X509 *x = sk_X509_value(chain, i),
		     *up = sk_X509_value(chain, i + 1);

		if (X509_check_issued(up, x) != X509_V_OK ||
		    X509_verify(x, X509_get0_pubkey(up)) != 1) {
			ERR_clear_error();
			mc__set_err(err, errlen,
				    "chain: certificate %d is not issued by "
				    "certificate %d (leaf first, then its "
				    "issuers)",
				    i + 1, i + 2);
			return MC_EINVALID;
		}
	}
	return 0;
}

/* Order `pool` into a chain from `leaf` (taken), following issuers; the
 * certificates not on the path are left out. */
static int order_chain(STACK_OF(X509) * *out, X509 *leaf, STACK_OF(X509) * pool)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	X509 *cur = leaf;
	int i, n = pool ? sk_X509_num(pool) : 0;

	*out = NULL;
	if (!chain || !sk_X509_push(chain, leaf)) {
		sk_X509_free(chain);
		X509_free(leaf);
		return MC_ENOMEM;
	}
	while (sk_X509_num(chain) <= MC_SEAL_CHAIN_MAX &&
	       X509_check_issued(cur, cur) != X509_V_OK) {
		X509 *next = NULL;

		for (i = 0; i < n && !next; i++) {
			X509 *c = sk_X509_value(pool, i);

			if (c != cur && X509_check_issued(c, cur) == X509_V_OK)
				next = c;
		}
		if (!next)
			break;
		if (!X509_up_ref(next) || !sk_X509_push(chain, next)) {
			sk_X509_pop_free(chain, X509_free);
			return MC_ENOMEM;
		}
		cur = next;
	}
	ERR_clear_error();
	*out = chain;
	return 0;
}

int mc__seal_parse_pkcs12(EVP_PKEY **key, STACK_OF(X509) * *chain,
			  const unsigned char *p12, size_t len,
			  const char *password, char *err, size_t errlen)
{
	BIO *b = NULL;
	PKCS12 *p = NULL;
	EVP_PKEY *k = NULL;
	X509 *cert = NULL;
	STACK_OF(X509) *ca = NULL;
	const char *pass = password;
	int error = MC_EINVALID, i;

	*key = NULL;
	*chain = NULL;
	ERR_clear_error();
	if (len > MC_SEAL_FILE_MAX) {
		mc__set_err(err, errlen, "PKCS#12: %zu bytes, more than %u",
			    len, MC_SEAL_FILE_MAX);
		return MC_EINVALID;
	}
	if (!(b = BIO_new_mem_buf(p12, (int)len)))
		return MC_ENOMEM;
	if (!(p = d2i_PKCS12_bio(b, NULL))) {
		ossl_err(err, errlen, "PKCS#12: not a PKCS#12 (DER) file");
		goto cleanup;
	}
	if (PKCS12_mac_present(p)) {
		if (!pass && PKCS12_verify_mac(p, NULL, 0))
			pass = NULL;
		else if (!pass && PKCS12_verify_mac(p, "", 0))
			pass = "";
		else if (!pass || !PKCS12_verify_mac(p, pass, -1)) {
			ERR_clear_error();
			mc__set_err(err, errlen,
				    "PKCS#12: %s (the MAC does not verify)",
				    password ? "wrong password"
					     : "needs a password");
			goto cleanup;
		}
	}
	if (!PKCS12_parse(p, pass, &k, &cert, &ca)) {
		ossl_err(err, errlen,
			 "PKCS#12: cannot be decrypted (a legacy algorithm? "
			 "re-export it with AES)");
		goto cleanup;
	}
	if (!k) {
		mc__set_err(err, errlen, "PKCS#12: no private key");
		goto cleanup;
	}
	for (i = 0; !cert && ca && i < sk_X509_num(ca); i++) {
		X509 *c = sk_X509_value(ca, i);

		if (X509_check_private_key(c, k) == 1 && X509_up_ref(c))
			cert = c;
	}
	ERR_clear_error();
	if (!cert) {
		mc__set_err(err, errlen,
			    "PKCS#12: no certificate for the private key");
		goto cleanup;
	}
	error = order_chain(chain, cert, ca);
	cert = NULL;
	if (error < 0)
		goto cleanup;
	if ((error = mc__seal_chain_check(k, *chain, err, errlen)) < 0) {
		sk_X509_pop_free(*chain, X509_free);
		*chain = NULL;
		goto cleanup;
	}
	*key = k;
	k = NULL;

cleanup:
	EVP_PKEY_free(k);
	X509_free(cert);
	sk_X509_pop_free(ca, X509_free);
	PKCS12_free(p);
	BIO_free(b);
	ERR_clear_error();
	return error;
}

int mc__seal_parse_pem(EVP_PKEY **key, STACK_OF(X509) * *chain,
		       const char *key_pem, size_t key_len,
		       const char *chain_pem, size_t chain_len,
		       const char *password, char *err, size_t errlen)
{
	BIO *b = NULL;
	EVP_PKEY *k = NULL;
	STACK_OF(X509) *c = NULL;
	int error = MC_EINVALID;

	*key = NULL;
	*chain = NULL;
	ERR_clear_error();
	if (key_len > MC_SEAL_FILE_MAX) {
		mc__set_err(err, errlen, "key: %zu bytes, more than %u",
			    key_len, MC_SEAL_FILE_MAX);
		return MC_EINVALID;
	}
	if (!key_pem || !(b = BIO_new_mem_buf(key_pem, (int)key_len)))
		return key_pem ? MC_ENOMEM : MC_EINVALID;
	if (!(k = PEM_read_bio_PrivateKey(b, NULL, pem_password,
					  (void *)password))) {
		ossl_err(err, errlen,
			 password ? "key: not a PEM private key, or the "
				    "password is wrong"
				  : "key: not a PEM private key, or it is "
				    "encrypted and needs a password");
		goto cleanup;
	}
	if ((error = mc__seal_chain_from_pem(&c, chain_pem, chain_len, err,
					     errlen)) < 0 ||
	    (error = mc__seal_chain_check(k, c, err, errlen)) < 0)
		goto cleanup;
	*key = k;
	*chain = c;
	k = NULL;
	c = NULL;

cleanup:
	EVP_PKEY_free(k);
	sk_X509_pop_free(c, X509_free);
	BIO_free(b);
	ERR_clear_error();
	return error;
}

/* ---- describing -------------------------------------------------------- */

static char *hex(const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char *s = malloc(2 * n + 1);
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; i < n; i++) {
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 15];
	}
	s[2 * n] = '\0';
	return s;
}

/* Everything written to a memory BIO, as a string. */
static char *bio_string(BIO *b)
{
	char *data = NULL;
	long n = BIO_get_mem_data(b, &data);

	return n >= 0 ? mc__strndup(data ? data : "", (size_t)n) : NULL;
}

/* RFC 2253 form of a name, UTF-8 kept. */
static char *name_line(const X509_NAME *name)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *s = NULL;

	if (b && X509_NAME_print_ex(
		     b, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0)
		s = bio_string(b);
	BIO_free(b);
	return s;
}

/* The first value of attribute `nid`, UTF-8; *s stays NULL if absent. */
static int name_field(char **s, const X509_NAME *name, int nid)
{
	int i = X509_NAME_get_index_by_NID(name, nid, -1);
	unsigned char *utf8 = NULL;
	int n;

	if (i < 0)
		return 0;
	n = ASN1_STRING_to_UTF8(
	    &utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
	if (n < 0)
		return MC_ENOMEM;
	*s = mc__strndup((const char *)utf8, (size_t)n);
	OPENSSL_free(utf8);
	return *s ? 0 : MC_ENOMEM;
}

static int time_field(char **s, const ASN1_TIME *t)
{
	struct tm tm;
	char buf[32];

	if (!ASN1_TIME_to_tm(t, &tm) ||
	    !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return MC_EINVALID;
	*s = mc__strdup(buf);
	return *s ? 0 : MC_ENOMEM;
}

int mc__seal_chain_to_pem(char **out, STACK_OF(X509) * chain)
{
	BIO *b = BIO_new(BIO_s_mem());
	int i, ok = b != NULL;

	*out = NULL;
	for (i = 0; ok && i < sk_X509_num(chain); i++)
		ok = PEM_write_bio_X509(b, sk_X509_value(chain, i));
	if (ok)
		*out = bio_string(b);
	BIO_free(b);
	ERR_clear_error();
	return *out ? 0 : MC_ENOMEM;
}

int mc__seal_describe(mc_seal_info *info, STACK_OF(X509) * chain, char *err,
		      size_t errlen)
{
	X509 *leaf = sk_X509_value(chain, 0);
	const X509_NAME *subj;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	BIGNUM *bn = NULL;
	char *serial = NULL;
	int error = 0;

	if (!leaf) {
		mc__set_err(err, errlen, "chain: empty");
		return MC_EINVALID;
	}
	subj = X509_get_subject_name(leaf);
	if ((error = time_field(&info->not_before, X509_get0_notBefore(leaf))) <
		0 ||
	    (error = time_field(&info->not_after, X509_get0_notAfter(leaf))) <
		0) {
		mc__set_err(err, errlen,
			    "certificate: validity dates out of "
			    "range");
		return error;
	}
	if ((error = name_field(&info->organization, subj,
				NID_organizationName)) < 0 ||
	    (error = name_field(&info->country, subj, NID_countryName)) < 0 ||
	    (error = name_field(&info->org_identifier, subj,
				NID_organizationIdentifier)) < 0)
		return error;
	if (!(info->subject = name_line(subj)) ||
	    !(info->issuer = name_line(X509_get_issuer_name(leaf))))
		return MC_ENOMEM;
	if (!(bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(leaf), NULL)) ||
	    !(serial = BN_bn2hex(bn))) {
		BN_free(bn);
		return MC_ENOMEM;
	}
	BN_free(bn);
	info->serial = mc__strdup(serial);
	OPENSSL_free(serial);
	if (info->serial) {
		char *p;

		for (p = info->serial; *p; p++)
			if (*p >= 'A' && *p <= 'F')
				*p = (char)(*p - 'A' + 'a');
	}
	if (!X509_digest(leaf, EVP_sha256(), md, &mdlen))
		return MC_ENOMEM;
	info->fingerprint = hex(md, mdlen);
	if (!info->serial || !info->fingerprint)
		return MC_ENOMEM;
	return mc__seal_chain_to_pem(&info->chain_pem, chain);
}

/* ---- PKCS#8 ------------------------------------------------------------ */

int mc__seal_key_to_pkcs8(unsigned char **out, size_t *len, const EVP_PKEY *key)
{
	PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(key);
	unsigned char *der = NULL;
	int n;

	*out = NULL;
	*len = 0;
	if (!p8) {
		ERR_clear_error();
		return MC_EIO;
	}
	n = i2d_PKCS8_PRIV_KEY_INFO(p8, &der);
	PKCS8_PRIV_KEY_INFO_free(p8);
	if (n <= 0) {
		ERR_clear_error();
		return MC_EIO;
	}
	if ((*out = malloc((size_t)n))) {
		memcpy(*out, der, (size_t)n);
		*len = (size_t)n;
	}
	OPENSSL_clear_free(der, (size_t)n);
	return *out ? 0 : MC_ENOMEM;
}

int mc__seal_key_from_pkcs8(EVP_PKEY **out, const unsigned char *der,
			    size_t len, char *err, size_t errlen)
{
	const unsigned char *p = der;
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	int error;

	*out = NULL;
	if (len > MC__SECRET_MAX ||
	    !(p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, (long)len)) ||
	    p != der + len || !(*out = EVP_PKCS82PKEY(p8))) {
		PKCS8_PRIV_KEY_INFO_free(p8);
		ossl_err(err, errlen, "key: not PKCS#8");
		return MC_EINVALID;
	}
	PKCS8_PRIV_KEY_INFO_free(p8);
	if ((error = mc__seal_key_check(*out, err, errlen)) < 0) {
		EVP_PKEY_free(*out);
		*out = NULL;
	}
	return error;
}
