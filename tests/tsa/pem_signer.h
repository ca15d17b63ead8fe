/*
 * A software struct mc__seal_signer around an OpenSSL EVP_PKEY and a chain
 * of X509, for tests, the bench and the interop sealing tool (the
 * library's own mc__seal_signer_from_pem() lives in seal_signer.c).  Also
 * makes throwaway keys and self-signed certificates.
 */
#ifndef MC_TEST_PEM_SIGNER_H
#define MC_TEST_PEM_SIGNER_H

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "microcred/errors.h"
#include "keys/seal_private.h"

static int test_sign(struct mc__seal_signer *self, const char *alg,
		     const unsigned char digest[32], unsigned char **sig,
		     size_t *siglen, char *err, size_t errlen)
{
	EVP_PKEY *pk = self->impl;
	EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(pk, NULL);
	unsigned char *der = NULL;
	size_t dlen = 0;
	int rc = MC_EIO, is_ec = EVP_PKEY_get_base_id(pk) == EVP_PKEY_EC;

	(void)err;
	(void)errlen;
	*sig = NULL;
	if (is_ec != (alg[0] == 'E')) {
		EVP_PKEY_CTX_free(pctx);
		return MC_EINVALID;
	}
	if (!pctx || EVP_PKEY_sign_init(pctx) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(pctx, EVP_sha256()) != 1)
		goto cleanup;
	if (alg[0] == 'P' &&
	    (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	     EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) !=
		 1))
		goto cleanup;
	if (EVP_PKEY_sign(pctx, NULL, &dlen, digest, 32) != 1 ||
	    !(der = malloc(dlen)) ||
	    EVP_PKEY_sign(pctx, der, &dlen, digest, 32) != 1)
		goto cleanup;
	if (is_ec) {
		const unsigned char *p = der;
		ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)dlen);
		const BIGNUM *r, *s;
		if (!es)
			goto cleanup;
		ECDSA_SIG_get0(es, &r, &s);
		*sig = malloc(64);
		if (*sig) {
			BN_bn2binpad(r, *sig, 32);
			BN_bn2binpad(s, *sig + 32, 32);
			*siglen = 64;
		}
		ECDSA_SIG_free(es);
		rc = *sig ? 0 : MC_ENOMEM;
	} else {
		*sig = der;
		*siglen = dlen;
		der = NULL;
		rc = 0;
	}
cleanup:
	free(der);
	EVP_PKEY_CTX_free(pctx);
	return rc;
}

static void test_destroy(struct mc__seal_signer *self)
{
	size_t i;

	EVP_PKEY_free(self->impl);
	for (i = 0; i < self->chain_count; i++)
		free(self->chain[i]);
	free(self);
}

/* A signer over `pk` (taken) and the certificates (DER copied). */
static struct mc__seal_signer *test_signer(EVP_PKEY *pk, X509 **certs, size_t n,
					   const char *alg)
{
	struct mc__seal_signer *s = calloc(1, sizeof(*s));
	size_t i;

	if (!s)
		return NULL;
	strncpy(s->alg, alg, sizeof(s->alg) - 1);
	for (i = 0; i < n; i++) {
		unsigned char *d = NULL;
		int l = i2d_X509(certs[i], &d);
		s->chain[i] = malloc((size_t)l);
		memcpy(s->chain[i], d, (size_t)l);
		s->chain_len[i] = (size_t)l;
		OPENSSL_free(d);
	}
	s->chain_count = n;
	s->sign = test_sign;
	s->destroy = test_destroy;
	s->impl = pk;
	return s;
}

/* A fresh key: "RSA" (bits) or "EC" (P-256). */
static EVP_PKEY *test_key(const char *type, unsigned bits)
{
	return strcmp(type, "EC") == 0
		   ? EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")
		   : EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
}

/* A certificate for `pk` signed by `ikey` as `issuer` (NULL: self-signed);
 * `eku` names an extendedKeyUsage made critical ("timeStamping"), or NULL. */
static X509 *test_cert(EVP_PKEY *pk, const char *cn, EVP_PKEY *ikey,
		       X509 *issuer, const char *eku)
{
	X509 *c = X509_new();
	X509_NAME *n;
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	static long serial = 1000;

	X509_set_version(c, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(c), serial++);
	X509_gmtime_adj(X509_getm_notBefore(c), -3600);
	X509_gmtime_adj(X509_getm_notAfter(c), 3600L * 24 * 365);
	X509_set_pubkey(c, pk);
	n = X509_get_subject_name(c);
	X509_NAME_add_entry_by_txt(n, "C", MBSTRING_ASC,
				   (const unsigned char *)"UA", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8,
				   (const unsigned char *)"Тест TEST", -1, -1,
				   0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
				   (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : n);
	X509V3_set_ctx(&v3, issuer ? issuer : c, c, NULL, NULL, 0);
	if (eku) {
		char v[64];
		snprintf(v, sizeof(v), "critical,%s", eku);
		ext = X509V3_EXT_conf_nid(NULL, &v3, NID_ext_key_usage, v);
		X509_add_ext(c, ext, -1);
		X509_EXTENSION_free(ext);
	} else {
		ext = X509V3_EXT_conf_nid(NULL, &v3, NID_key_usage,
					  "critical,digitalSignature,"
					  "nonRepudiation");
		X509_add_ext(c, ext, -1);
		X509_EXTENSION_free(ext);
	}
	X509_sign(c, ikey ? ikey : pk, EVP_sha256());
	return c;
}

#endif
